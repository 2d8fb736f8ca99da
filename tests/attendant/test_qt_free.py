"""The console's core loads without Qt (the import-linter contract checks the same
statically): the store model, event log, figures and commands run in tests, tools and
exports where no Qt binding is installed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ("attendant.store", "attendant.eventlog", "attendant.figures", "attendant.commands")

BLOCK_QT = textwrap.dedent(
    """
    import importlib, sys

    class NoQt:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                raise ImportError(f"Qt import attempted: {name}")
            return None

    sys.meta_path.insert(0, NoQt())
    for name in sys.argv[1:]:
        importlib.import_module(name)
    assert not [m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))]
    print("imported", *sys.argv[1:])
    """
)


def run(*modules: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_QT, *modules],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_console_core_imports_without_qt() -> None:
    result = run(*CORE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["imported", *CORE]


def test_the_blocker_catches_a_qt_import(tmp_path: Path) -> None:
    (tmp_path / "offender.py").write_text("import PySide6.QtCore\n")
    result = run("offender", cwd=tmp_path)
    assert result.returncode != 0
    assert "Qt import attempted: PySide6" in result.stderr
