"""Import python-escpos without its side effects.

On import python-escpos (3.1) calls ``logging.basicConfig()``, which would give the
kiosk's root logger a handler it did not choose, and caches its printer database as a
pickle in a folder it names by ``ESCPOS_CAPABILITIES_PICKLE_DIR`` or else a *new*
temporary folder per process, left behind at exit (and it makes that temporary folder
even when the variable is set). Here the cache goes to one private folder
(``$XDG_CACHE_HOME/selfscan/escpos``, mode 0700, so nobody else can plant a pickle in
it) unless the variable is set, the stray temporary folder is made inside a scratch
folder that is removed straight after, and a root handler added by the import is taken
away again. Import escpos through this module.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base) / "selfscan" / "escpos"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


def _import_quietly() -> None:
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
        with contextlib.suppress(OSError):  # else python-escpos uses its temporary folder
            os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(_cache_dir())
    root = logging.getLogger()
    before = list(root.handlers)
    scratch = tempfile.mkdtemp(prefix="selfscan-escpos-")
    saved, tempfile.tempdir = tempfile.tempdir, scratch
    try:
        import escpos.capabilities  # noqa: F401  (the import with the side effects)
    finally:
        tempfile.tempdir = saved
        shutil.rmtree(scratch, ignore_errors=True)
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)


if "escpos.capabilities" not in sys.modules:
    _import_quietly()

from escpos.capabilities import CAPABILITIES, NotSupported, get_profile  # noqa: E402
from escpos.codepages import CodePages  # noqa: E402
from escpos.magicencode import Encoder  # noqa: E402
from escpos.printer import Dummy  # noqa: E402

__all__ = ["CAPABILITIES", "CodePages", "Dummy", "Encoder", "NotSupported", "get_profile"]
