"""The help panel over a real lane: topics, the call's status, self-help, cancel, rating."""

from __future__ import annotations

from kiosk.core.lane import HelpReason, HelpStatus, HelpTopic
from tests.core.test_lane_fakes import MILK, UNKNOWN
from tests.ui.screen_contract import assert_screen_contract
from tests.ui.screens import test_checkout_screens as checkout
from tests.ui.screens.test_checkout_screens import find, save_screenshots, shop, tap, text_of

lane = checkout.lane  # the fixture
ui = checkout.ui  # the fixture


def panel(qtbot, lane, ui):
    from kiosk.ui.screens.help_panel import HelpPanel

    screen = HelpPanel(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def test_help_topic_raises_a_call_and_shows_its_status(qtbot, lane, ui) -> None:
    shop(lane, MILK)
    screen = panel(qtbot, lane, ui)
    assert screen.page == screen.TOPICS
    tap(qtbot, screen, "help_topic_price_question_button")
    (call,) = lane.controller.open_help_calls
    assert call.reason is HelpReason.SHOPPER_REQUEST and call.topic is HelpTopic.PRICE_QUESTION
    assert call.context["cart"]["items"] == 1
    assert screen.page == screen.STATUS
    assert find(screen, "help_status_title").text() == "Help is called"
    assert "label on the shelf" in find(screen, "help_self_help").text()
    lane.controller.acknowledge_help(call.id, "Sam")
    assert find(screen, "help_status_title").text() == "Sam is on the way"


def test_help_resolved_then_rated(qtbot, lane, ui) -> None:
    shop(lane, MILK)
    screen = panel(qtbot, lane, ui)
    tap(qtbot, screen, "help_topic_bags_button")
    call = screen.call
    lane.controller.acknowledge_help(call.id, "Sam")
    lane.controller.resolve_help(call.id, "Sam")
    assert screen.page == screen.RATING
    with qtbot.waitSignal(screen.closed, timeout=1000):
        tap(qtbot, screen, "help_rating_5_button")
    assert call.rating == 5


def test_help_cancel_closes_the_panel_and_the_call(qtbot, lane, ui) -> None:
    shop(lane, MILK)
    screen = panel(qtbot, lane, ui)
    tap(qtbot, screen, "help_topic_other_button")
    call = screen.call
    with qtbot.waitSignal(screen.closed, timeout=1000):
        tap(qtbot, screen, "help_cancel_button")
    assert call.status is HelpStatus.CANCELLED
    assert lane.controller.open_help_calls == ()


def test_help_opens_on_a_call_the_lane_raised_with_its_answers(qtbot, lane, ui) -> None:
    shop(lane, MILK)
    lane.controller.key_in(UNKNOWN)
    lane.controller.call_help(HelpReason.UNKNOWN_ITEM)
    screen = panel(qtbot, lane, ui)
    assert screen.page == screen.STATUS
    assert "do not know an item" in text_of(screen)
    assert "move it slowly" in find(screen, "help_self_help").text()
    with qtbot.waitSignal(screen.closed, timeout=1000):
        tap(qtbot, screen, "help_back_button")
    assert len(lane.controller.open_help_calls) == 1, "back keeps the call open"


def test_an_age_check_cannot_be_cancelled_by_the_shopper(qtbot, lane, ui) -> None:
    from tests.core.test_lane_fakes import BEER

    shop(lane, BEER)
    (call,) = lane.controller.open_help_calls
    assert call.reason is HelpReason.AGE_CHECK
    screen = panel(qtbot, lane, ui)
    assert not find(screen, "help_cancel_button").isVisible()
    assert "ID ready" in find(screen, "help_self_help").text()


def test_a_staff_button_on_an_open_calls_status_for_the_staff_member(qtbot, lane, ui) -> None:
    from tests.core.test_lane_fakes import BEER

    shop(lane, BEER)
    screen = panel(qtbot, lane, ui)
    staff = find(screen, "help_staff_button")
    assert screen.page == screen.STATUS and staff.isVisible() and staff.text() == "Staff"
    with qtbot.waitSignal(screen.staff_requested, timeout=1000):
        tap(qtbot, screen, "help_staff_button")


def test_no_staff_button_for_a_closed_call_or_while_paying(qtbot, lane, ui) -> None:
    shop(lane, MILK)
    screen = panel(qtbot, lane, ui)
    tap(qtbot, screen, "help_topic_other_button")
    staff = find(screen, "help_staff_button")
    assert staff.isVisible()
    assert lane.controller.cancel_help(screen.call.id)
    assert screen.page == screen.STATUS and not staff.isVisible(), "a cancelled call"
    tap(qtbot, screen, "help_back_button")
    screen.open(lane.controller.call_help(HelpReason.SHOPPER_REQUEST, HelpTopic.OTHER))
    assert staff.isVisible()
    assert lane.controller.pay() and lane.state == "paying"  # staff cannot log in now
    assert not staff.isVisible()


def test_help_panel_contract_topics(qtbot, theme, translator, lane, ui) -> None:
    from kiosk.ui.screens.help_panel import HelpPanel

    shop(lane, MILK)
    make = lambda: HelpPanel(lane.controller, ui)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "help-topics")


def test_help_panel_contract_status(qtbot, theme, translator, lane, ui) -> None:
    from kiosk.ui.screens.help_panel import HelpPanel

    shop(lane, MILK)
    lane.terminal.script.append("decline:refused")
    lane.controller.pay()
    lane.run()
    call_id = lane.controller.call_help(HelpReason.PAYMENT_DECLINED)
    lane.controller.acknowledge_help(call_id, "Sam")
    make = lambda: HelpPanel(lane.controller, ui)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "help-status")


def test_help_panel_contract_rating(qtbot, theme, translator, lane, ui) -> None:
    from kiosk.ui.screens.help_panel import HelpPanel

    shop(lane, MILK)
    call_id = lane.controller.call_help(HelpReason.SHOPPER_REQUEST, HelpTopic.OTHER)
    lane.controller.resolve_help(call_id, "Sam")
    make = lambda: HelpPanel(lane.controller, ui)  # noqa: E731

    def make_rating():
        screen = make()
        screen.open(call_id)
        return screen

    assert_screen_contract(qtbot, theme, translator, make_rating)
    save_screenshots(qtbot, theme, translator, make_rating, "help-rating")


def test_help_panel_shown_again_picks_the_newest_open_call(qtbot, lane, ui) -> None:
    shop(lane, MILK)
    screen = panel(qtbot, lane, ui)
    tap(qtbot, screen, "help_topic_other_button")
    first = screen.call
    tap(qtbot, screen, "help_cancel_button")
    screen.hide()
    screen.show()
    assert screen.page == screen.TOPICS, "a cancelled call is not shown again"
    screen.hide()
    lane.controller.key_in(UNKNOWN)
    call_id = lane.controller.call_help(HelpReason.UNKNOWN_ITEM)
    screen.show()
    assert screen.call is not None and screen.call.id == call_id != first.id


def test_help_while_the_store_network_is_down_asks_to_wave(qtbot, lane, ui) -> None:
    """No console to call: the shopper reads that nobody could be reached and what to do;
    when the link returns the normal status comes back."""
    shop(lane, MILK)
    screen = panel(qtbot, lane, ui)
    tap(qtbot, screen, "help_topic_other_button")
    lane.controller.set_link_up(False)
    assert find(screen, "help_status_title").text() == "We could not reach a staff member"
    answers = find(screen, "help_self_help").text().splitlines()
    assert answers[0] == "\u2022 Please wave to a staff member."
    lane.controller.set_link_up(True)
    assert find(screen, "help_status_title").text() == "Help is called"
    assert "wave" not in find(screen, "help_self_help").text()


def test_no_thank_you_to_the_rating_is_not_asked_again(qtbot, lane, ui) -> None:
    """Declining to rate a call, then pressing Help later: the topics, not the old call's
    rating page."""
    shop(lane, MILK)
    screen = panel(qtbot, lane, ui)
    tap(qtbot, screen, "help_topic_bags_button")
    call = screen.call
    lane.controller.acknowledge_help(call.id, "Sam")
    lane.controller.resolve_help(call.id, "Sam")
    assert screen.page == screen.RATING
    with qtbot.waitSignal(screen.closed, timeout=1000):
        tap(qtbot, screen, "help_rating_skip_button")
    screen.hide()
    screen.show()
    assert screen.page == screen.TOPICS
