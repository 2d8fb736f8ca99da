"""A crash after a paid sale closed but before its receipt was dealt with: the restarted
lane offers that receipt again ("your payment went through; here is your receipt"),
never charges again, and offers it only once. The crash is simulated: the first
controller is dropped where it stands and a new one opens the same journal file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from drivers.device import DeviceState, DeviceStatus, FaultReason
from kiosk.core.journal import Journal
from kiosk.core.lane import ManualClock, MessageKey
from kiosk.core.lane.controller import ReceiptChoice
from kiosk.core.session import SessionState
from tests.core.test_lane_fakes import (
    MILK,
    FakePrinter,
    Lane,
    build_lane,
    lanes,  # noqa: F401  (fixture)
)

S = SessionState
K = MessageKey
SOLD_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
RESTARTED_AT = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)


@pytest.fixture
def make_lane(tmp_path: Path, lanes: list[Lane]):  # noqa: F811
    def make(**kwargs) -> Lane:
        made = build_lane(tmp_path, **kwargs)
        lanes.append(made)
        return made

    return make


def sell_and_pay(make_lane) -> tuple[Lane, str]:
    """A sale paid and closed; the lane stops on the receipt screen."""
    first = make_lane(clock=ManualClock(SOLD_AT))
    first.controller.scan(MILK)
    assert first.controller.pay()
    first.run()
    assert first.controller.state is S.RECEIPT
    transaction = first.controller.transaction_id
    assert transaction is not None
    assert first.journal.transaction_status(transaction) == "paid"
    return first, transaction


def restart(make_lane, tmp_path: Path, first: Lane, **devices) -> Lane:
    """kill -9: a new controller, later, on the same journal file and terminal."""
    clock = ManualClock(RESTARTED_AT)
    journal = Journal(tmp_path / "journal.db", kiosk_id="kiosk-1", clock=clock.utc_now)
    return make_lane(journal=journal, clock=clock, devices={"terminal": first.terminal, **devices})


def kinds(lane: Lane, transaction: str) -> list[str]:
    return [item.kind for item in lane.journal.outbox_items(transaction_id=transaction)]


def test_the_receipt_of_a_sale_paid_before_the_crash_is_printed_after_it(
    make_lane, tmp_path: Path
) -> None:
    first, transaction = sell_and_pay(make_lane)
    reference = first.journal.payments(transaction)[0].reference
    cart = first.controller.snapshot()["cart"]
    second = restart(make_lane, tmp_path, first)
    c = second.controller
    assert c.resume()
    assert c.state is S.RECEIPT
    message = second.last()
    assert message.key is K.RECEIPT_AFTER_RESTART
    assert (message["amount_cents"], message["reference"]) == (119, reference)
    assert c.transaction_id == transaction and c.snapshot()["cart"] == cart
    assert c.snapshot()["receipt"]["can_print"] is True
    # nothing charged again, nothing asked of the terminal
    assert len(first.terminal.started) == 1 and first.terminal.status_asked == []
    assert c.choose_receipt(ReceiptChoice.PRINT)
    second.run()
    (printed,) = second.printer.printed
    assert transaction in printed
    assert SOLD_AT.strftime("%Y-%m-%d %H:%M UTC") in printed  # the sale's time, not now
    assert any("1,19" in row for row in printed)
    assert printed[-2:] == ["KAARTBETALING", "GOEDGEKEURD"]  # the terminal's own slip
    assert c.state is S.FEEDBACK
    assert "receipt_printed" in kinds(second, transaction)
    assert [p.status for p in second.journal.payments(transaction)] == ["approved"]
    # offered once: the next restart finds nothing
    third = restart(make_lane, tmp_path, first)
    assert not third.controller.resume()
    assert third.controller.state is S.ATTRACT


def test_a_crash_while_the_receipt_was_printing_offers_it_again(make_lane, tmp_path: Path) -> None:
    first, transaction = sell_and_pay(make_lane)
    assert first.controller.choose_receipt(ReceiptChoice.PRINT)
    assert first.jobs() == ["printer"]  # the crash comes before the printer did it
    second = restart(make_lane, tmp_path, first)
    assert second.controller.resume()
    assert second.controller.state is S.RECEIPT
    assert second.controller.transaction_id == transaction
    assert second.last().key is K.RECEIPT_AFTER_RESTART
    assert second.controller.choose_receipt(ReceiptChoice.PRINT)
    second.run()
    assert len(second.printer.printed) == 1 and first.printer.printed == []


@pytest.mark.parametrize("choice", [ReceiptChoice.DIGITAL, ReceiptChoice.NONE])
def test_a_digital_or_no_receipt_after_the_restart_settles_it(
    make_lane, tmp_path: Path, choice: ReceiptChoice
) -> None:
    first, transaction = sell_and_pay(make_lane)
    second = restart(make_lane, tmp_path, first)
    assert second.controller.resume()
    assert second.controller.choose_receipt(choice)
    assert second.controller.state is S.FEEDBACK
    if choice is ReceiptChoice.DIGITAL:
        (digital,) = [item.payload for item in second.journal.outbox_items("digital_receipt")]
        assert digital["transaction_id"] == transaction
        assert digital["url"].endswith(transaction) and transaction in digital["lines"]
    else:
        (chosen,) = [item.payload for item in second.journal.outbox_items("receipt_chosen")]
        assert chosen["transaction_id"] == transaction and chosen["choice"] == "none"
    assert second.controller.rate(5)
    assert second.controller.state is S.ATTRACT
    third = restart(make_lane, tmp_path, first)
    assert not third.controller.resume()


def test_a_printer_out_at_the_restart_offers_the_digital_receipt(make_lane, tmp_path: Path) -> None:
    first, _ = sell_and_pay(make_lane)
    printer = FakePrinter()
    printer.status = DeviceStatus(DeviceState.ERROR, FaultReason.PAPER_OUT)
    second = restart(make_lane, tmp_path, first, printer=printer)
    assert second.controller.resume()
    assert second.message_keys()[-2:] == [
        K.RECEIPT_AFTER_RESTART.value,
        K.PRINTER_FAILED_DIGITAL.value,
    ]
    assert not second.controller.choose_receipt(ReceiptChoice.PRINT)
    assert second.controller.choose_receipt(ReceiptChoice.DIGITAL)


def test_a_receipt_dealt_with_before_the_crash_is_not_offered(make_lane, tmp_path: Path) -> None:
    first, transaction = sell_and_pay(make_lane)
    assert first.controller.choose_receipt(ReceiptChoice.PRINT)
    first.run()
    assert first.controller.state is S.FEEDBACK  # printed; the crash comes on the rating
    assert kinds(first, transaction)[-1] == "receipt_printed"
    second = restart(make_lane, tmp_path, first)
    assert not second.controller.resume()
    assert second.controller.state is S.ATTRACT


def test_a_failed_print_is_not_a_receipt(make_lane, tmp_path: Path) -> None:
    first, transaction = sell_and_pay(make_lane)
    first.printer.fail_with = FaultReason.COVER_OPEN
    assert first.controller.choose_receipt(ReceiptChoice.PRINT)
    first.run()
    assert first.last().key is K.PRINTER_FAILED_DIGITAL
    assert "receipt_printed" not in kinds(first, transaction)
    second = restart(make_lane, tmp_path, first)
    assert second.controller.resume()
    assert second.last().key is K.RECEIPT_AFTER_RESTART


def test_the_receipt_screen_timing_out_counts_as_no_receipt(make_lane, tmp_path: Path) -> None:
    first, transaction = sell_and_pay(make_lane)
    first.clock.advance(first.controller.settings.attract_after_receipt_s)
    first.controller.tick()
    assert first.controller.state is S.FEEDBACK
    assert "receipt_chosen" in kinds(first, transaction)
    second = restart(make_lane, tmp_path, first)
    assert not second.controller.resume()


def test_a_cancelled_transaction_after_the_sale_means_the_shopper_is_gone(
    make_lane, tmp_path: Path
) -> None:
    first, _ = sell_and_pay(make_lane)
    # the receipt is lost with the first crash; a new shopper starts and leaves
    second = restart(make_lane, tmp_path, first)
    assert second.controller.resume()
    journal = second.journal
    second.controller.choose_receipt(ReceiptChoice.NONE)
    later = journal.open_transaction()
    journal.close_transaction(later, "cancelled", 0)
    third = restart(make_lane, tmp_path, first)
    assert not third.controller.resume()
