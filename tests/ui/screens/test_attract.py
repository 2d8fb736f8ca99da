"""The attract screen: start by tapping or scanning, the language switch, Help."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.sound import SoundKind
from tests.core.test_lane_fakes import BAD_CHECK_DIGIT, MILK, build_lane, lanes  # noqa: F401
from tests.ui.screen_contract import assert_screen_contract
from tests.ui.screens.shop_helpers import (  # noqa: F401
    delete_earlier_widgets,
    save_screenshot,
    services,
)


@pytest.fixture
def lane(tmp_path, lanes):  # noqa: F811
    lane = build_lane(tmp_path)
    lanes.append(lane)
    return lane


def _tap(qtbot, screen: QWidget, name: str) -> None:
    widget = screen.findChild(QWidget, name)
    assert widget is not None and widget.isVisible() and widget.isEnabled(), name
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _screen(qtbot, lane, theme, translator) -> AttractScreen:
    translator.set_language("en")
    screen = AttractScreen(lane.controller, services(theme, translator))
    qtbot.addWidget(screen)
    screen.resize(1920, 1080)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def test_tapping_start_opens_a_transaction(qtbot, lane, theme, translator) -> None:
    screen = _screen(qtbot, lane, theme, translator)
    _tap(qtbot, screen, "attract_start_button")
    assert lane.state == "shopping"
    assert lane.controller.transaction_id is not None


def test_a_scan_starts_without_a_tap(qtbot, lane, theme, translator) -> None:
    _screen(qtbot, lane, theme, translator)
    assert lane.controller.scan(MILK)
    assert lane.state == "shopping"


def test_a_bad_scan_plays_the_soft_tone_and_says_so(qtbot, lane, theme, translator) -> None:
    screen = _screen(qtbot, lane, theme, translator)
    assert not lane.controller.scan(BAD_CHECK_DIGIT)
    assert screen.ui.sound.history == [SoundKind.SOFT]
    assert screen.banner.isVisible()
    assert screen.banner.title.text() == "That code is not right"


def test_language_switch_and_help(qtbot, lane, theme, translator) -> None:
    screen = _screen(qtbot, lane, theme, translator)
    assert screen.language.text() == "Nederlands"
    _tap(qtbot, screen, "language_button")
    assert translator.language == "nl"
    qtbot.waitUntil(lambda: screen.language.text() == "English")
    qtbot.waitUntil(lambda: screen.start_button.text() == "Tik om te beginnen")
    with qtbot.waitSignal(screen.help_requested):
        _tap(qtbot, screen, "help_button")


def test_attract_screen_contract(qtbot, lane, theme, translator, tmp_path) -> None:
    ui = services(theme, translator)
    assert_screen_contract(
        qtbot, theme, translator, lambda: AttractScreen(lane.controller, ui),
        screenshots=tmp_path,
    )  # fmt: skip
    save_screenshot(qtbot, theme, translator, lambda: AttractScreen(lane.controller, ui), "attract")
