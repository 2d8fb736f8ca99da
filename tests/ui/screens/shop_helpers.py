"""Shared pieces of the shopping screens' tests: a real lane over the sample catalog and a
journal on tmp_path (fake devices from tests.core.test_lane_fakes), the UI services, and
the screenshot helper (writes docs/screenshots only with SELFSCAN_SCREENSHOTS=1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.messages import MessageBridge
from kiosk.ui.services import UiServices
from kiosk.ui.sound import SoundBridge

ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = ROOT / "docs" / "screenshots"


def services(theme, translator) -> UiServices:
    return UiServices(theme, translator, MessageBridge(), SoundBridge(audible=False))


def save_screenshot(qtbot, theme, translator, make, name: str) -> None:
    """Save ``make()`` at 1920x1080 in nl and en as docs/screenshots/<name>-<lang>.png,
    only when SELFSCAN_SCREENSHOTS=1 (normal runs leave committed files alone)."""
    if os.environ.get("SELFSCAN_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    theme.apply(screen_size=(1920, 1080), large_text=False)
    for language in ("nl", "en"):
        translator.set_language(language)
        screen: QWidget = make()
        qtbot.addWidget(screen)
        screen.resize(1920, 1080)
        screen.show()
        qtbot.waitExposed(screen)
        assert screen.grab().save(str(SCREENSHOTS / f"{name}-{language}.png"))
        screen.close()


@pytest.fixture(autouse=True)
def delete_earlier_widgets(qapp: QApplication) -> None:
    """Delete the widgets earlier tests closed (pytest-qt calls ``deleteLater``, and no
    event loop runs to do it), so they stop receiving every language change and theme."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
