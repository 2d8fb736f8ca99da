"""Help is one tap away, always in the same place: the bottom-left corner of every shopper
screen (design.md: "Help always in the same corner on every screen").

The screen contract (``tests/ui/screen_contract.py``) checks the corner on every screen it
is run on; this file checks that the check can fail, and that every shopper screen has a
visible Help button in the first place.
"""

from __future__ import annotations

import importlib

import pytest
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.session import SessionState
from kiosk.ui.router import SCREEN_PACKAGE, SCREENS
from kiosk.ui.widgets import HelpButton
from tests.core.test_lane_fakes import BEER, MILK, SUPERVISOR
from tests.ui.screen_contract import help_corner_problems
from tests.ui.screens import test_checkout_screens as checkout
from tests.ui.screens import test_help_waiting_screens as waiting

lane = checkout.lane  # the fixture
ui = checkout.ui  # the fixture

S = SessionState


def _screen_with_help(qtbot, theme, *, left: bool) -> QWidget:
    metrics = theme.apply(screen_size=(1280, 800))
    screen = QWidget()
    qtbot.addWidget(screen)
    row = QHBoxLayout()
    if not left:
        row.addStretch(1)
    row.addWidget(HelpButton(screen))
    if left:
        row.addStretch(1)
    layout = QVBoxLayout(screen)
    pad = metrics.padding_px
    layout.setContentsMargins(pad, pad, pad, pad)
    layout.addStretch(1)
    layout.addLayout(row)
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def test_the_corner_check_catches_help_on_the_right(qtbot, theme) -> None:
    metrics = theme.apply(screen_size=(1280, 800))
    wrong = _screen_with_help(qtbot, theme, left=False)
    problems = help_corner_problems(wrong, metrics)
    assert len(problems) == 1 and "bottom-left corner" in problems[0]
    right = _screen_with_help(qtbot, theme, left=True)
    assert help_corner_problems(right, metrics) == []


def _attract(lane) -> None:
    assert lane.state == "attract"


def _shopping(lane) -> None:
    checkout.shop(lane, MILK)


def _awaiting(lane) -> None:
    checkout.shop(lane, BEER)
    assert not lane.controller.pay()
    assert lane.state == "awaiting_attendant"


def _out_of_service(lane) -> None:
    assert lane.controller.staff_login(SUPERVISOR)
    assert lane.controller.lock_lane(SUPERVISOR, "cleaning")
    assert lane.state == "out_of_service"


SHOPPER_STATES = {
    S.ATTRACT: _attract,
    S.SHOPPING: _shopping,
    S.PAYING: checkout.paying,
    S.DECLINED: checkout.declined,
    S.PAYMENT_UNKNOWN: checkout.unknown,
    S.RECEIPT: checkout.paid,
    S.FEEDBACK: checkout.feedback,
    S.IDLE_PROMPT: waiting.idle,
    S.SUSPENDED: waiting.suspended,
    S.AWAITING_ATTENDANT: _awaiting,
    S.OUT_OF_SERVICE: _out_of_service,
}
"""Every state a shopper can see, and how to get the lane there."""


def test_every_state_but_staff_work_is_a_shopper_state() -> None:
    staff_only = {S.STAFF, S.DIAGNOSTICS}
    assert set(SHOPPER_STATES) | staff_only == set(SessionState)


@pytest.mark.parametrize("state", list(SHOPPER_STATES), ids=lambda s: s.value)
def test_every_shopper_screen_has_help_in_the_bottom_left_corner(
    qtbot, theme, lane, ui, state
) -> None:
    metrics = theme.apply(screen_size=(1920, 1080))
    SHOPPER_STATES[state](lane)
    assert lane.state == state.value
    module_name, class_name = SCREENS[state].split(":")
    module_name = f"{SCREEN_PACKAGE}.{module_name}"
    screen = getattr(importlib.import_module(module_name), class_name)(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.resize(metrics.width, metrics.height)
    screen.show()
    qtbot.waitExposed(screen)
    helps = [b for b in screen.findChildren(QWidget, "help_button") if b.isVisibleTo(screen)]
    assert len(helps) == 1, f"{class_name} shows {len(helps)} Help buttons"
    assert help_corner_problems(screen, metrics) == []
