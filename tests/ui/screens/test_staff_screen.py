"""The staff screen over a real lane: PIN and badge login on a worker thread, plain
refusals, and the menu's actions enabled per role and per what the lane needs."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import ClassVar

import pytest

from kiosk.core.lane import HelpReason
from kiosk.core.staff import AuthFailed, AuthFailure
from tests.core.test_lane_fakes import ATTENDANT, BEER, MILK, SUPERVISOR, TECHNICIAN, Member
from tests.ui.screen_contract import assert_screen_contract
from tests.ui.screens import test_checkout_screens as checkout
from tests.ui.screens.test_checkout_screens import find, save_screenshots, shop, tap

LOCKED_UNTIL = datetime(2026, 11, 23, 14, 35, tzinfo=UTC)

lane = checkout.lane  # the fixture
ui = checkout.ui  # the fixture


class FakeAuth:
    """The shell's staff_auth: logins 1 (Sam), 2 (Ilse), 3 (Tom), PIN 1234; 9 is locked.
    Records the thread each check ran on."""

    members: ClassVar[dict[str, Member]] = {"1": ATTENDANT, "2": SUPERVISOR, "3": TECHNICIAN}

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []

    def authenticate(self, login: str, pin: str):
        self.threads.append(threading.current_thread())
        if login == "9":
            raise AuthFailed(AuthFailure.LOCKED, locked_until=LOCKED_UNTIL)
        if login in self.members and pin == "1234":
            return self.members[login]
        raise AuthFailed(AuthFailure.WRONG)

    def authenticate_badge(self, code: str):
        self.threads.append(threading.current_thread())
        if code == "BADGE-ILSE":
            return SUPERVISOR
        raise AuthFailed(AuthFailure.UNKNOWN)


@pytest.fixture
def auth() -> FakeAuth:
    return FakeAuth()


def staff_screen(qtbot, lane, ui, auth):
    from kiosk.ui.screens.staff import StaffScreen

    screen = StaffScreen(lane.controller, ui, staff_auth=auth)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def type_digits(qtbot, screen, digits: str) -> None:
    for digit in digits:
        tap(qtbot, screen, f"keypad_key_{digit}")
    tap(qtbot, screen, "keypad_ok_button")


def log_in(qtbot, screen, login: str, pin: str = "1234") -> None:
    type_digits(qtbot, screen, login)
    type_digits(qtbot, screen, pin)
    qtbot.waitUntil(lambda: screen.step.value != "checking", timeout=5000)


def test_pin_login_on_a_worker_thread_opens_the_menu(qtbot, lane, ui, auth) -> None:
    shop(lane, MILK)
    screen = staff_screen(qtbot, lane, ui, auth)
    assert screen.page == screen.LOGIN
    type_digits(qtbot, screen, "2")
    assert "staff number 2" in find(screen, "staff_login_step").text()
    for digit in "1234":
        tap(qtbot, screen, f"keypad_key_{digit}")
    assert find(screen, "staff_login_entry").text() == "\u2022" * 4, "a PIN is never shown"
    tap(qtbot, screen, "keypad_ok_button")
    qtbot.waitUntil(lambda: screen.page == screen.MENU, timeout=5000)
    assert auth.threads and auth.threads[0] is not threading.main_thread()
    assert lane.state == "staff"
    assert screen.member is SUPERVISOR
    assert "Ilse" in find(screen, "staff_menu_title").text()


def test_wrong_pin_is_said_plainly(qtbot, lane, ui, auth) -> None:
    screen = staff_screen(qtbot, lane, ui, auth)
    log_in(qtbot, screen, "1", "9999")
    assert screen.page == screen.LOGIN
    assert "not accepted" in find(screen, "staff_login_error").text()
    assert lane.state == "attract"


def test_a_locked_login_says_until_when(qtbot, lane, ui, auth) -> None:
    screen = staff_screen(qtbot, lane, ui, auth)
    log_in(qtbot, screen, "9")
    time = LOCKED_UNTIL.astimezone().strftime("%H:%M")
    assert (
        find(screen, "staff_login_error").text() == f"Too many tries. Login is locked until {time}."
    )


def test_without_a_roster_login_is_unavailable(qtbot, lane, ui) -> None:
    screen = staff_screen(qtbot, lane, ui, None)
    log_in(qtbot, screen, "1")
    assert "not available" in find(screen, "staff_login_error").text()


def test_badge_login(qtbot, lane, ui, auth) -> None:
    screen = staff_screen(qtbot, lane, ui, auth)
    assert screen.badge_scanned("BADGE-ILSE")
    qtbot.waitUntil(lambda: screen.page == screen.MENU, timeout=5000)
    assert lane.state == "staff"


def test_back_out_of_the_login(qtbot, lane, ui, auth) -> None:
    screen = staff_screen(qtbot, lane, ui, auth)
    with qtbot.waitSignal(screen.closed, timeout=1000):
        tap(qtbot, screen, "staff_login_back_button")


def enabled(screen) -> set[str]:
    return {name for name, button in screen.buttons.items() if button.isEnabled()}


def test_an_attendant_approves_the_age_check(qtbot, lane, ui, auth) -> None:
    shop(lane, BEER)
    screen = staff_screen(qtbot, lane, ui, auth)
    log_in(qtbot, screen, "1")
    assert enabled(screen) == {"approve_age", "key_in", "cancel_transaction", "logout"}
    tap(qtbot, screen, "staff_approve_age_button")
    assert lane.controller.snapshot()["approved_age"] == 18
    assert not find(screen, "staff_approve_age_button").isEnabled()
    assert not [c for c in lane.controller.open_help_calls if c.reason is HelpReason.AGE_CHECK]
    tap(qtbot, screen, "staff_logout_button")
    assert lane.state == "shopping"
    assert screen.page == screen.LOGIN


def test_an_attendant_approves_a_removal(qtbot, tmp_path, ui, auth) -> None:
    from tests.core.test_lane_fakes import build_lane

    lane = build_lane(tmp_path, voids_need_approval=True)
    try:
        shop(lane, MILK, BEER)
        line = lane.controller.cart.active_lines[0]
        lane.controller.remove_line(line.line_id)
        screen = staff_screen(qtbot, lane, ui, auth)
        log_in(qtbot, screen, "1")
        assert "remove" in find(screen, "staff_menu_status").text()
        tap(qtbot, screen, "staff_approve_void_button")
        assert [ln.line_id for ln in lane.controller.cart.active_lines] != [line.line_id]
        assert len(lane.controller.cart.active_lines) == 1
        assert not find(screen, "staff_approve_void_button").isEnabled()
    finally:
        lane.catalog.close()
        lane.journal.close()


def test_an_attendant_keys_in_an_item_with_a_price(qtbot, lane, ui, auth) -> None:
    shop(lane, BEER)
    screen = staff_screen(qtbot, lane, ui, auth)
    log_in(qtbot, screen, "1")
    before = lane.controller.cart.totals.item_count
    tap(qtbot, screen, "staff_key_in_button")
    assert screen.page == screen.KEY_IN
    type_digits(qtbot, screen, MILK)
    for digit in "99":
        tap(qtbot, screen, f"keypad_key_{digit}")
    assert find(screen, "staff_keyin_entry").text() == "€ 0,99"
    tap(qtbot, screen, "keypad_ok_button")
    assert screen.page == screen.MENU
    totals = lane.controller.cart.totals
    assert totals.item_count == before + 1
    assert totals.lines[-1].unit_price_cents == 99


def test_an_attendant_cancels_the_transaction(qtbot, lane, ui, auth) -> None:
    shop(lane, MILK)
    screen = staff_screen(qtbot, lane, ui, auth)
    log_in(qtbot, screen, "1")
    tap(qtbot, screen, "staff_cancel_transaction_button")
    assert lane.state == "attract"
    assert lane.controller.cart is None
    assert screen.member is None and screen.page == screen.LOGIN


def test_a_technician_closes_the_lane_and_opens_diagnostics(qtbot, lane, ui, auth) -> None:
    screen = staff_screen(qtbot, lane, ui, auth)
    log_in(qtbot, screen, "3")
    assert enabled(screen) == {"lock", "diagnostics", "logout"}
    tap(qtbot, screen, "staff_diagnostics_button")
    assert lane.state == "diagnostics"
    assert screen.member is TECHNICIAN, "still logged in while in diagnostics"
    lane.controller.leave_diagnostics()
    assert lane.state == "staff"
    tap(qtbot, screen, "staff_lock_button")
    assert lane.state == "out_of_service"
    log_in(qtbot, screen, "2")
    assert "unlock" in enabled(screen)
    tap(qtbot, screen, "staff_unlock_button")
    assert lane.controller.snapshot()["out_of_service"] is None
    assert not find(screen, "staff_unlock_button").isEnabled()
    tap(qtbot, screen, "staff_logout_button")
    assert lane.state == "attract"


def test_staff_login_screen_contract(qtbot, theme, translator, lane, ui, auth) -> None:
    from kiosk.ui.screens.staff import StaffScreen

    make = lambda: StaffScreen(lane.controller, ui, staff_auth=auth)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "staff-login")


def test_staff_menu_screen_contract(qtbot, theme, translator, lane, ui, auth) -> None:
    from kiosk.ui.screens.staff import StaffScreen

    shop(lane, BEER, MILK)
    screen = staff_screen(qtbot, lane, ui, auth)
    log_in(qtbot, screen, "2")
    assert screen.page == screen.MENU
    make = lambda: StaffScreen(lane.controller, ui, staff_auth=auth)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "staff-menu")
