"""What the kiosk's start does not load (issue #4: start -> attract screen <= 2 s).

Each of these libraries cost about 0.1-0.15 s of the start and is needed only later or
rarely: Alembic (only when a database needs a migration), biip (only for GS1 element
strings and Digital Links), python-escpos (only for the printer, loaded when the printer
is built). A fresh interpreter is checked, since a test process has them all loaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

IMPORT_APP = textwrap.dedent(
    """
    import sys
    import kiosk.app, kiosk.ui.devices  # noqa: F401
    loaded = sorted({m.split(".")[0] for m in sys.modules} & {"alembic", "biip", "escpos"})
    print(" ".join(loaded))
    assert "kiosk.app" in sys.modules
    """
)


def test_importing_the_kiosk_loads_no_alembic_biip_or_escpos() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_APP],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []
