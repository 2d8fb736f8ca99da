"""The checkout screens (paying, declined, payment unknown, receipt, feedback) over a real
lane controller: real catalog, a journal on tmp_path, the lane's fake devices."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.core.lane import MessageKey
from kiosk.core.session import SessionState
from kiosk.ui.messages import MessageBridge
from kiosk.ui.services import UiServices
from kiosk.ui.sound import SoundBridge
from tests.core.test_lane_fakes import COLA, MILK, Lane, build_lane
from tests.ui.screen_contract import assert_screen_contract
from tests.ui.screens.shop_helpers import save_screenshot as save_screenshots

S = SessionState


@pytest.fixture
def lane(tmp_path: Path) -> Iterator[Lane]:
    made = build_lane(tmp_path)
    yield made
    made.catalog.close()
    made.journal.close()


@pytest.fixture
def ui(theme, translator) -> UiServices:
    return UiServices(theme, translator, MessageBridge(), SoundBridge(audible=False))


def find(screen: QWidget, name: str) -> QWidget:
    """The widget called ``name`` (the visible one when hidden pages share the name)."""
    widgets = screen.findChildren(QWidget, name)
    assert widgets, f"no widget {name!r}"
    visible = [w for w in widgets if w.isVisibleTo(screen)]
    return (visible or widgets)[0]


def tap(qtbot, screen: QWidget, name: str) -> None:
    button = find(screen, name)
    assert isinstance(button, QAbstractButton)
    assert button.isVisible() and button.isEnabled(), f"{name} cannot be tapped"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def text_of(screen: QWidget) -> str:
    return "\n".join(
        w.text() for w in screen.findChildren(QLabel) if w.isVisibleTo(screen) and w.text()
    )


def shop(lane: Lane, *codes: str) -> None:
    assert lane.controller.start()
    for code in codes:
        assert lane.controller.key_in(code)
    lane.run()
    assert lane.state == "shopping"


# -- paying ------------------------------------------------------------------------------


def paying(lane: Lane) -> None:
    shop(lane, MILK, COLA)
    assert lane.controller.pay()
    assert lane.state == "paying"


def test_paying_shows_the_amount_and_the_terminal_prompt(qtbot, lane, ui) -> None:
    from drivers.device import DataEvent
    from drivers.payment.interface import PaymentProgress, ProgressStep
    from kiosk.ui.screens.paying import PayingScreen

    paying(lane)
    screen = PayingScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    assert find(screen, "totalPanel").total_cents == lane.controller.payment.amount_cents
    assert "Follow the instructions" in text_of(screen)
    lane.controller.device_event(
        "payment_terminal", DataEvent(PaymentProgress(ProgressStep.ENTER_PIN, "PIN"))
    )
    assert screen.step is ProgressStep.ENTER_PIN
    assert "Type your PIN" in find(screen, "paying_prompt").text()


def test_paying_cancel_asks_the_terminal_once(qtbot, lane, ui) -> None:
    from kiosk.ui.screens.paying import PayingScreen

    paying(lane)
    screen = PayingScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    tap(qtbot, screen, "paying_cancel_button")
    assert not find(screen, "paying_cancel_button").isEnabled()
    assert "Stopping" in find(screen, "paying_cancel_button").text()
    assert "payment_cancel" in lane.scheduler.pending()


def test_paying_help_asks_the_shell_for_the_help_panel(qtbot, lane, ui) -> None:
    from kiosk.ui.screens.paying import PayingScreen

    paying(lane)
    screen = PayingScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.help_requested, timeout=1000):
        tap(qtbot, screen, "help_button")


def test_paying_screen_contract(qtbot, theme, translator, lane, ui) -> None:
    from kiosk.ui.screens.paying import PayingScreen

    paying(lane)
    make = lambda: PayingScreen(lane.controller, ui)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "paying")


# -- declined ----------------------------------------------------------------------------


def declined(lane: Lane, reason: str = "refused") -> None:
    lane.terminal.script.append(f"decline:{reason}")
    paying(lane)
    lane.run()
    assert lane.state == "declined"


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("refused", "Try another card"),
        ("insert_card", "instead of tapping"),
        ("pin_wrong", "Try again"),
        ("terminal_error", "service desk"),
    ],
)
def test_declined_says_why_and_what_to_do(qtbot, lane, ui, reason, words) -> None:
    from kiosk.ui.screens.declined import DeclinedScreen

    declined(lane, reason)
    screen = DeclinedScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    assert words in text_of(screen)
    assert "Nothing was paid" in text_of(screen)


def test_declined_try_again_pays_again(qtbot, lane, ui) -> None:
    from kiosk.ui.screens.declined import DeclinedScreen

    declined(lane)
    screen = DeclinedScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    tap(qtbot, screen, "declined_retry_button")
    assert lane.state == "paying"
    assert not find(screen, "declined_retry_button").isEnabled()
    lane.run()
    assert lane.state == "receipt"
    assert len(lane.terminal.started) == 2


def test_declined_pay_at_the_desk_calls_staff_with_the_decline(qtbot, lane, ui) -> None:
    from kiosk.core.lane import HelpReason
    from kiosk.ui.screens.declined import DeclinedScreen

    declined(lane, "card_expired")
    screen = DeclinedScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignals([screen.other_way_chosen, screen.help_requested], timeout=1000):
        tap(qtbot, screen, "declined_other_way_button")
    (call,) = lane.controller.open_help_calls
    assert call.reason is HelpReason.PAYMENT_DECLINED
    assert call.context["decline"]["reason"] == "card_expired"


def test_declined_screen_contract(qtbot, theme, translator, lane, ui) -> None:
    from kiosk.ui.screens.declined import DeclinedScreen

    declined(lane, "insert_card")
    make = lambda: DeclinedScreen(lane.controller, ui)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "declined")


# -- payment unknown ---------------------------------------------------------------------


def unknown(lane: Lane) -> None:
    lane.terminal.script.append("unknown:unknown")
    paying(lane)
    lane.run()
    assert lane.state == "payment_unknown"


def test_payment_unknown_promises_no_double_charge_then_names_the_staff(qtbot, lane, ui):
    from kiosk.ui.screens.payment_unknown import PaymentUnknownScreen

    unknown(lane)
    screen = PaymentUnknownScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    assert "not be charged twice" in text_of(screen)
    assert find(screen, "totalPanel").total_cents == lane.controller.payment.amount_cents
    call = screen.call
    assert call is not None, "the terminal did not know either: staff are called"
    assert "staff member has been called" in find(screen, "payment_unknown_staff").text()
    lane.controller.acknowledge_help(call.id, "Sam")
    assert find(screen, "payment_unknown_staff").text() == "Sam is on the way to help you."
    buttons = [
        b.objectName() for b in screen.findChildren(QAbstractButton) if b.isVisibleTo(screen)
    ]
    assert buttons == ["help_button"], "nothing on this screen may start a second payment"


def test_payment_unknown_screen_contract(qtbot, theme, translator, lane, ui) -> None:
    from kiosk.ui.screens.payment_unknown import PaymentUnknownScreen

    unknown(lane)
    make = lambda: PaymentUnknownScreen(lane.controller, ui)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "payment-unknown")


# -- receipt -----------------------------------------------------------------------------


def paid(lane: Lane) -> None:
    paying(lane)
    lane.run()
    assert lane.state == "receipt"


def test_receipt_prints_then_goes_on_to_feedback(qtbot, lane, ui) -> None:
    from kiosk.ui.screens.receipt import ReceiptScreen

    paid(lane)
    screen = ReceiptScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    assert not screen.showing_qr
    tap(qtbot, screen, "receipt_print_button")
    assert "printing" in find(screen, "receipt_status").text()
    assert not find(screen, "receipt_none_button").isEnabled()
    lane.run()
    assert lane.state == "feedback"
    assert len(lane.printer.printed) == 1


def test_receipt_shows_a_qr_when_the_printer_fails(qtbot, lane, ui) -> None:
    from drivers.device import FaultReason
    from kiosk.ui.screens.receipt import ReceiptScreen, qr_matrix

    paid(lane)
    lane.printer.fail_with = FaultReason.PAPER_OUT
    screen = ReceiptScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    tap(qtbot, screen, "receipt_print_button")
    lane.run()
    assert lane.state == "receipt"
    assert screen.showing_qr
    assert not find(screen, "receipt_print_button").isVisible()
    assert "printer does not work" in find(screen, "receipt_status").text()
    image = find(screen, "receipt_qr").pixmap().toImage()
    matrix = qr_matrix(screen.receipt["url"])
    scale = image.width() // (len(matrix) + 8)
    # the finder pattern's corner module is dark, the quiet zone white
    assert image.pixelColor(4 * scale + scale // 2, 4 * scale + scale // 2).black() == 255
    assert image.pixelColor(scale // 2, scale // 2).black() == 0
    tap(qtbot, screen, "receipt_digital_button")
    assert lane.state == "feedback"


def test_receipt_none_and_digital(qtbot, lane, ui) -> None:
    from kiosk.ui.screens.receipt import ReceiptScreen

    paid(lane)
    screen = ReceiptScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    tap(qtbot, screen, "receipt_none_button")
    assert lane.state == "feedback"
    assert lane.printer.printed == []


def test_receipt_screen_contract(qtbot, theme, translator, lane, ui) -> None:
    from kiosk.ui.screens.receipt import ReceiptScreen

    paid(lane)
    make = lambda: ReceiptScreen(lane.controller, ui)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "receipt")


def test_receipt_printer_failed_screen_contract(qtbot, theme, translator, lane, ui) -> None:
    from drivers.device import FaultReason
    from kiosk.core.lane.controller import ReceiptChoice
    from kiosk.ui.screens.receipt import ReceiptScreen

    paid(lane)
    lane.printer.fail_with = FaultReason.COVER_OPEN
    lane.controller.choose_receipt(ReceiptChoice.PRINT)
    lane.run()
    make = lambda: ReceiptScreen(lane.controller, ui)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "receipt-printer-failed")


# -- feedback ----------------------------------------------------------------------------


def feedback(lane: Lane, choice: str = "none") -> None:
    paid(lane)
    assert lane.controller.choose_receipt(choice)
    assert lane.state == "feedback"


def test_feedback_one_tap_rates_and_ends_the_visit(qtbot, lane, ui) -> None:
    from kiosk.ui.screens.feedback import FeedbackScreen

    feedback(lane)
    screen = FeedbackScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    assert not find(screen, "feedback_qr").isVisible()
    tap(qtbot, screen, "feedback_rating_4_button")
    assert screen.rated == 4
    assert lane.state == "attract"
    assert MessageKey.THANK_YOU in [m.key for m in lane.messages]
    assert not find(screen, "feedback_rating_5_button").isEnabled()


def test_feedback_keeps_the_digital_receipt_on_screen(qtbot, lane, ui) -> None:
    from kiosk.ui.screens.feedback import FeedbackScreen

    feedback(lane, "digital")
    screen = FeedbackScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    screen.show()
    assert find(screen, "feedback_qr").isVisible()


def test_feedback_faces_differ(qtbot) -> None:
    from PySide6.QtGui import QColor

    from kiosk.ui.screens.feedback import face_pixmap

    images = [face_pixmap(score, 64, QColor("black")).toImage() for score in range(1, 6)]
    assert len({bytes(image.constBits()) for image in images}) == 5
    with pytest.raises(ValueError, match="1-5"):
        face_pixmap(0, 64, QColor("black"))


def test_feedback_screen_contract(qtbot, theme, translator, lane, ui) -> None:
    from kiosk.ui.screens.feedback import FeedbackScreen

    feedback(lane, "digital")
    make = lambda: FeedbackScreen(lane.controller, ui)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "feedback")
