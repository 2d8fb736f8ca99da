"""The test configuration itself is strict: a Qt warning, a Python warning or an unknown
marker fails a test. Checked by running pytest on small test files with our pyproject."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CASES = {
    "qt_warning": (
        "from PySide6.QtCore import QMessageLogger\n"
        "def test_it(qtbot):\n"
        "    QMessageLogger().warning('something is off')\n",
        "Failure: Qt messages with level WARNING or above emitted",
    ),
    "python_warning": (
        "import warnings\n"
        "def test_it():\n"
        "    warnings.warn('deprecated thing', DeprecationWarning)\n",
        "DeprecationWarning: deprecated thing",
    ),
    "unknown_marker": (
        "import pytest\n@pytest.mark.slwo\ndef test_it():\n    pass\n",
        "'slwo' not found in `markers` configuration option",
    ),
}


def run_pytest(tmp_path: Path, name: str, source: str) -> subprocess.CompletedProcess[str]:
    test_file = tmp_path / f"test_{name}.py"
    test_file.write_text(source, encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml")]
    command += ["--rootdir", str(tmp_path), "-p", "no:cacheprovider", str(test_file)]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_configuration_turns_it_into_a_failure(tmp_path: Path, case: str) -> None:
    source, expected = CASES[case]
    result = run_pytest(tmp_path, case, source)
    assert result.returncode != 0, result.stdout
    assert expected in result.stdout + result.stderr


def test_a_clean_test_passes_under_the_same_harness(tmp_path: Path) -> None:
    """The control: the harness above fails for the reason named, not for any reason."""
    source = (
        "from PySide6.QtWidgets import QLabel\n"
        "def test_it(qtbot):\n"
        "    label = QLabel('ok')\n"
        "    qtbot.addWidget(label)\n"
        "    label.show()\n"
    )
    result = run_pytest(tmp_path, "clean", source)
    assert result.returncode == 0, result.stdout + result.stderr
