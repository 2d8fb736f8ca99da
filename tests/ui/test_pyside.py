"""A PySide6 bug that kills a kiosk on Python 3.11 must not come back.

PySide6-Essentials 6.12.0 dropped a reference to None on every call of a C++ method that
returns void (QLabel.setText, QWidget.update...). From Python 3.12 None is immortal; on
3.11 the process died with "Fatal Python error: none_dealloc" after a few thousand calls.
pyproject.toml excludes that release; this test fails on any release that has the bug.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_calling_a_void_qt_method_keeps_none_alive(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
    after = sys.getrefcount(None)
    assert after >= before - 10, f"None lost {before - after} references in 1000 calls"
