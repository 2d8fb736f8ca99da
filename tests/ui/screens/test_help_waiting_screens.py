"""The screens that wait for a person or the shopper: idle prompt, suspended, out of
service, awaiting attendant."""

from __future__ import annotations

from kiosk.core.lane import HelpReason
from tests.core.test_lane_fakes import BEER, MILK, SUPERVISOR, TECHNICIAN
from tests.ui.screen_contract import assert_screen_contract
from tests.ui.screens import test_checkout_screens as checkout
from tests.ui.screens.test_checkout_screens import find, save_screenshots, shop, tap, text_of

lane = checkout.lane  # the fixture
ui = checkout.ui  # the fixture


def idle(lane) -> None:
    shop(lane, MILK)
    lane.clock.advance(lane.controller.settings.idle_prompt_s + 1)
    lane.controller.tick()
    assert lane.state == "idle_prompt"


def suspended(lane) -> None:
    idle(lane)
    lane.clock.advance(lane.controller.settings.idle_suspend_s + 1)
    lane.controller.tick()
    assert lane.state == "suspended"


def test_idle_yes_continue_goes_on_shopping(qtbot, lane, ui) -> None:
    from kiosk.ui.screens.idle import IdlePromptScreen

    idle(lane)
    screen = IdlePromptScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    assert "Are you still there?" in text_of(screen)
    tap(qtbot, screen, "idle_prompt_continue_button")
    assert lane.state == "shopping"
    assert lane.controller.cart.totals.item_count == 1


def test_suspended_continue_resumes_the_same_cart(qtbot, lane, ui) -> None:
    from kiosk.ui.screens.suspended import SuspendedScreen

    suspended(lane)
    assert [c.reason for c in lane.controller.open_help_calls] == [HelpReason.IDLE]
    screen = SuspendedScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    assert "saved" in text_of(screen)
    tap(qtbot, screen, "suspended_continue_button")
    assert lane.state == "shopping"
    assert lane.controller.open_help_calls == ()
    assert lane.controller.cart.totals.item_count == 1


def test_out_of_service_says_use_another_lane_and_lets_staff_in(qtbot, lane, ui) -> None:
    from kiosk.ui.screens.out_of_service import OutOfServiceScreen

    assert lane.controller.staff_login(SUPERVISOR)
    assert lane.controller.lock_lane(SUPERVISOR, "cleaning")
    screen = OutOfServiceScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    assert "use another lane" in text_of(screen)
    with qtbot.waitSignal(screen.staff_requested, timeout=1000):
        tap(qtbot, screen, "out_of_service_staff_button")


def test_awaiting_attendant_names_the_reason_and_the_staff_member(qtbot, lane, ui) -> None:
    from kiosk.ui.screens.awaiting_attendant import AwaitingAttendantScreen

    shop(lane, BEER)
    assert not lane.controller.pay()
    assert lane.state == "awaiting_attendant"
    screen = AwaitingAttendantScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    assert "checks your age" in text_of(screen)
    assert find(screen, "awaiting_attendant_staff").text() == "Help is called"
    (call,) = screen.calls
    lane.controller.acknowledge_help(call.id, "Sam")
    assert find(screen, "awaiting_attendant_staff").text() == "Sam is on the way"


def test_awaiting_attendant_has_a_staff_button_for_the_staff_member(qtbot, lane, ui) -> None:
    from kiosk.ui.screens.awaiting_attendant import AwaitingAttendantScreen

    shop(lane, BEER)
    assert not lane.controller.pay()
    screen = AwaitingAttendantScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    assert find(screen, "awaiting_attendant_staff_button").text() == "Staff"
    with qtbot.waitSignal(screen.staff_requested, timeout=1000):
        tap(qtbot, screen, "awaiting_attendant_staff_button")
    assert lane.state == "awaiting_attendant"  # the shell shows the login; the lane waits


def test_idle_screen_contract(qtbot, theme, translator, lane, ui) -> None:
    from kiosk.ui.screens.idle import IdlePromptScreen

    idle(lane)
    make = lambda: IdlePromptScreen(lane.controller, ui)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "idle-prompt")


def test_suspended_screen_contract(qtbot, theme, translator, lane, ui) -> None:
    from kiosk.ui.screens.suspended import SuspendedScreen

    suspended(lane)
    make = lambda: SuspendedScreen(lane.controller, ui)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "suspended")


def test_out_of_service_screen_contract(qtbot, theme, translator, lane, ui) -> None:
    from kiosk.ui.screens.out_of_service import OutOfServiceScreen

    assert lane.controller.staff_login(TECHNICIAN)
    assert lane.controller.lock_lane(TECHNICIAN)
    make = lambda: OutOfServiceScreen(lane.controller, ui)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "out-of-service")


def test_awaiting_attendant_screen_contract(qtbot, theme, translator, lane, ui) -> None:
    from kiosk.ui.screens.awaiting_attendant import AwaitingAttendantScreen

    shop(lane, BEER)
    lane.controller.pay()
    make = lambda: AwaitingAttendantScreen(lane.controller, ui)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "awaiting-attendant")
