"""drivers.payment.interface and drivers.payment.state: the protocol-neutral parts."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from drivers.payment.interface import (
    DeclineReason,
    PaymentOutcome,
    PaymentResult,
    PaymentTerminal,
    TerminalReferences,
    check_amount,
    check_reference,
    currency_code,
    currency_name,
    luhn_valid,
    mask_pan,
    scrub_card_numbers,
)
from drivers.payment.state import RECENT, PaymentState, PendingPayment
from drivers.payment.zvt import ZvtTerminal

LOG = logging.getLogger("test.payment")


def pending(reference: str = "p-1") -> PendingPayment:
    return PendingPayment(reference, 1234, "EUR", "payment", "2024-05-01T12:00:00+02:00", "000041")


def test_outcomes_are_the_journal_statuses() -> None:
    assert {o.value for o in PaymentOutcome} == {"approved", "declined", "cancelled", "unknown"}


def test_a_result_serialises_for_the_journal() -> None:
    result = PaymentResult(
        PaymentOutcome.DECLINED,
        500,
        "EUR",
        "tx-01",
        DeclineReason.INSUFFICIENT_FUNDS,
        TerminalReferences(trace_number="000042", terminal_id="52500001"),
        customer_receipt=("DECLINED",),
        result_code="51",
    )
    data = json.loads(json.dumps(result.to_dict()))
    assert data["outcome"] == "declined" and data["reason"] == "insufficient_funds"
    assert data["terminal"] == {"trace_number": "000042", "terminal_id": "52500001"}
    assert data["customer_receipt"] == ["DECLINED"] and data["merchant_receipt"] == []
    assert not result.approved


def test_the_zvt_driver_is_a_payment_terminal() -> None:
    assert issubclass(ZvtTerminal, PaymentTerminal)
    assert not getattr(ZvtTerminal, "__abstractmethods__", None)


def test_currencies() -> None:
    assert currency_code("EUR") == 978 and currency_code("eur") == 978
    assert currency_code("978") == 978
    assert currency_name(978) == "EUR" and currency_name(36) == "036"
    with pytest.raises(ValueError, match="unknown currency"):
        currency_code("EURO")


@pytest.mark.parametrize("amount", [0, -5, 1.5, True, "100", None])
def test_amounts_are_positive_whole_cents(amount: object) -> None:
    with pytest.raises(ValueError, match="cents"):
        check_amount(amount)


def test_references() -> None:
    assert check_reference("0123456789ab-01") == "0123456789ab-01"
    for bad in ("", "a b", "x" * 65, None, "tab\there"):
        with pytest.raises(ValueError, match="reference"):
            check_reference(bad)


def test_card_numbers_are_masked_in_text() -> None:
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert mask_pan("4111 1111 1111 1111") == "************1111"
    text = "Card 4111 1111 1111 1111 ok; Amex 378282246310005; trace 000123; EAN 8710398526434"
    scrubbed = scrub_card_numbers(text)
    assert "4111 1111" not in scrubbed and "************1111" in scrubbed
    assert "***********0005" in scrubbed
    assert "000123" in scrubbed
    assert "8710398526434" in scrubbed  # 13 digits but not Luhn-valid: left alone


# -- the state file --------------------------------------------------------------------------


def test_state_survives_a_new_instance(tmp_path: Path) -> None:
    path = tmp_path / "terminal.payment.json"
    state = PaymentState(path, logger=LOG)
    state.begin(pending())
    state.mark_unknown("connection lost")
    again = PaymentState(path, logger=LOG)
    assert again.pending == PendingPayment(
        "p-1", 1234, "EUR", "payment", "2024-05-01T12:00:00+02:00", "000041", True,
        "connection lost",
    )  # fmt: skip
    again.finish({"reference": "p-1", "operation": "payment", "trace_number": "000042"}, "000042")
    third = PaymentState(path, logger=LOG)
    assert third.pending is None and third.last_trace == "000042"
    assert third.find("p-1") == {
        "reference": "p-1",
        "operation": "payment",
        "trace_number": "000042",
    }
    assert third.find("p-1", "reversal") is None
    assert third.find_trace("000042") is not None
    assert not list(tmp_path.glob(".*.tmp"))


def test_recent_results_are_bounded(tmp_path: Path) -> None:
    state = PaymentState(tmp_path / "s.json", logger=LOG)
    for index in range(RECENT + 5):
        state.finish({"reference": f"r-{index}", "operation": "payment"}, None)
    assert len(state.recent) == RECENT
    assert state.find("r-0") is None and state.find(f"r-{RECENT + 4}") is not None


def test_a_corrupt_state_file_is_kept_aside_and_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "terminal.payment.json"
    path.write_text('{"pending": {"reference": ')
    state = PaymentState(path, logger=LOG)
    assert state.pending is None and state.load_error is not None
    assert (tmp_path / "terminal.payment.json.corrupt").exists()
    assert "unreadable" in caplog.text
    state.begin(pending())
    assert json.loads(path.read_text())["pending"]["reference"] == "p-1"


def test_in_memory_state_writes_nothing(tmp_path: Path) -> None:
    state = PaymentState(None, logger=LOG)
    state.begin(pending())
    state.finish(None, "000001")
    assert state.last_trace == "000001"
    assert list(tmp_path.iterdir()) == []
