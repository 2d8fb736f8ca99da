"""drivers.payment.zvt.ZvtTerminal against the ZVT terminal simulator over real local sockets.

The simulator (drivers.sim.zvt) plays the terminal with its own encoding of the protocol;
every test waits on events or results, never on the clock. Scripted outcomes make the
terminal approve, decline, stall, fall silent, drop the line or reboot; the tests check
what the driver makes of it, including the unknown outcomes that a status enquiry (repeat
receipt) resolves.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from drivers.config import DeviceConfig
from drivers.device import (
    DataEvent,
    DeviceError,
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    ErrorEvent,
    FaultReason,
    HealthLevel,
    Statistics,
)
from drivers.payment.interface import (
    DeclineReason,
    OutcomeUnknown,
    PaymentOutcome,
    PaymentProgress,
    PaymentResult,
    ProgressStep,
    TerminalBusy,
    TerminalUnavailable,
    UnknownReference,
)
from drivers.payment.zvt import ZvtTerminal
from drivers.sim.zvt import DECLINES, ZvtTerminalSimulator

WAIT = 15.0  # seconds; only ever reached when a test fails

A = PaymentOutcome.APPROVED
R = DeclineReason


class Events:
    """A listener sorting the driver's events into queues to wait on."""

    def __init__(self) -> None:
        self.progress: queue.Queue[PaymentProgress] = queue.Queue()
        self.results: queue.Queue[PaymentResult] = queue.Queue()
        self.errors: queue.Queue[ErrorEvent] = queue.Queue()
        self.statuses: queue.Queue[DeviceStatus] = queue.Queue()

    def __call__(self, event: DeviceEvent) -> None:
        if isinstance(event, DataEvent):
            if isinstance(event.payload, PaymentResult):
                self.results.put(event.payload)
            else:
                self.progress.put(event.payload)
        elif isinstance(event, ErrorEvent):
            self.errors.put(event)
        else:
            self.statuses.put(event.new)

    def status(self, state: DeviceState, reason: FaultReason | None = None) -> DeviceStatus:
        """Wait for a status change to ``state`` (and ``reason``)."""
        while True:
            status = self.statuses.get(timeout=WAIT)
            if status.state is state and (reason is None or status.reason is reason):
                return status

    def step(self, step: ProgressStep) -> PaymentProgress:
        while True:
            progress = self.progress.get(timeout=WAIT)
            if progress.step is step:
                return progress

    def drain_steps(self) -> list[ProgressStep]:
        steps: list[ProgressStep] = []
        while not self.progress.empty():
            step = self.progress.get_nowait().step
            if not steps or steps[-1] is not step:
                steps.append(step)
        return steps


class Background:
    """Runs one call on a thread; ``result()`` waits for its return (or raises its error)."""

    def __init__(self, call: Callable[[], Any]) -> None:
        self._box: queue.Queue[tuple[bool, Any]] = queue.Queue()

        def run() -> None:
            try:
                self._box.put((True, call()))
            except BaseException as error:
                self._box.put((False, error))

        threading.Thread(target=run, daemon=True).start()

    def result(self) -> Any:
        ok, value = self._box.get(timeout=WAIT)
        if not ok:
            raise value
        return value


@pytest.fixture
def sim() -> Iterator[ZvtTerminalSimulator]:
    simulator = ZvtTerminalSimulator(
        card_delay=0.01,
        pin_delay=0.01,
        auth_delay=0.01,
        status_interval=0.5,
        status_timeout=2,
        reboot_seconds=0.05,
    )
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def terminals() -> Iterator[list[ZvtTerminal]]:
    made: list[ZvtTerminal] = []
    yield made
    for terminal in made:
        terminal.close()


@pytest.fixture
def connect(sim: ZvtTerminalSimulator, terminals: list[ZvtTerminal], tmp_path: Path):
    """Open a driver on the simulator; waits until it is online (or ``until``)."""

    def make(
        *,
        simulator: ZvtTerminalSimulator | None = None,
        statistics: Statistics | None = None,
        until: tuple[DeviceState, FaultReason | None] | None = (DeviceState.ONLINE, None),
        **options: Any,
    ) -> tuple[ZvtTerminal, Events]:
        base = (simulator or sim).driver_config()
        merged = {"probe_interval": 60, **base.options, **options}
        if statistics is None or statistics.path is None:
            merged.setdefault("state_file", str(tmp_path / "terminal.payment.json"))
        config = DeviceConfig(kind="payment_terminal", driver="zvt", url=base.url, options=merged)
        terminal = ZvtTerminal(config, statistics=statistics, reconnect_interval=0.05)
        terminals.append(terminal)
        events = Events()
        terminal.add_listener(events)
        terminal.open()
        terminal.enable()
        if until is not None:
            events.status(*until)
        return terminal, events

    return make


def pay(terminal: ZvtTerminal, amount: int, reference: str) -> PaymentResult:
    return terminal.start_payment(amount, "EUR", reference=reference)


# -- registration, identity, health ----------------------------------------------------


def test_registration_gives_identity_and_a_healthy_terminal(sim, connect) -> None:
    terminal, _ = connect()
    state = sim.state()
    assert state["registered"] and state["registrations"] == 1
    assert state["config_byte"] == 0x3E
    assert terminal.identity.serial_number == "52500001"
    assert terminal.identity.firmware == "SELFSCAN-SIM 1.0"
    report = terminal.check_health(HealthLevel.EXTERNAL)
    assert report.ok, report
    facts = dict(report.facts)
    assert facts["terminal_id"] == "52500001"
    assert facts["software"] == "SELFSCAN-SIM 1.0"
    assert facts["terminal_status"] == "00"
    assert sim.state()["commands"]["0501"] >= 2  # handshake and health each asked


def test_registration_with_the_command_list_is_accepted(sim, connect) -> None:
    terminal, _ = connect(command_list=True, service_byte=-1, config_byte=0xBE)
    assert sim.state()["config_byte"] == 0xBE
    assert pay(terminal, 100, "cl-1").approved


def test_a_wrong_password_is_refused_registration(connect) -> None:
    terminal, events = connect(password="123456", until=None)
    status = events.status(DeviceState.ERROR, FaultReason.NOT_REGISTERED)
    assert "password" in status.detail
    with pytest.raises(TerminalUnavailable):
        pay(terminal, 100, "pw-1")


# -- payments -------------------------------------------------------------------------


def test_an_approved_payment_with_prompts_references_and_receipts(sim, connect) -> None:
    terminal, events = connect()
    result = pay(terminal, 1234, "tx-0001")
    assert result.outcome is A and result.reason is None
    assert (result.amount_cents, result.currency, result.reference) == (1234, "EUR", "tx-0001")
    assert result.result_code == "00"
    [txn] = sim.transactions()
    refs = result.terminal
    assert refs.trace_number == f"{txn['trace']:06d}"
    assert refs.receipt_number == f"{txn['receipt']:04d}"
    assert refs.auth_code == txn["auth_code"]
    assert refs.terminal_id == "52500001"
    assert refs.card_brand == "Visa"
    assert refs.masked_pan == "************0010"
    assert result.customer_receipt[0] == "CUSTOMER COPY"
    assert result.merchant_receipt[0] == "MERCHANT COPY"
    assert "PAYMENT  EUR 12,34" in result.customer_receipt
    assert events.drain_steps() == [
        ProgressStep.INSERT_CARD,
        ProgressStep.ENTER_PIN,
        ProgressStep.AUTHORISING,
    ]
    assert events.results.get(timeout=WAIT) == result
    assert terminal.statistics.snapshot() == {"registrations": 1, "payments": 1, "approved": 1}
    assert json.loads(json.dumps(result.to_dict()))["terminal"]["trace_number"] == refs.trace_number


def test_text_block_receipts_are_sorted_by_their_type(sim, connect) -> None:
    sim.configure(print_mode="blocks")
    terminal, _ = connect()
    result = pay(terminal, 250, "tb-1")
    assert result.approved
    assert result.customer_receipt[0] == "CUSTOMER COPY"
    assert result.merchant_receipt[0] == "MERCHANT COPY"


EXPECTED = {
    "refused": (PaymentOutcome.DECLINED, R.REFUSED),
    "insufficient_funds": (PaymentOutcome.DECLINED, R.INSUFFICIENT_FUNDS),
    "card_not_supported": (PaymentOutcome.DECLINED, R.CARD_NOT_SUPPORTED),
    "pin_wrong": (PaymentOutcome.DECLINED, R.PIN_WRONG),
    "insert_card": (PaymentOutcome.DECLINED, R.INSERT_CARD),
    "card_expired": (PaymentOutcome.DECLINED, R.CARD_EXPIRED),
    "card_unreadable": (PaymentOutcome.DECLINED, R.CARD_UNREADABLE),
    "cancelled_by_shopper": (PaymentOutcome.CANCELLED, R.CANCELLED_BY_SHOPPER),
    "terminal_busy": (PaymentOutcome.DECLINED, R.TERMINAL_BUSY),
    "timeout": (PaymentOutcome.DECLINED, R.TIMEOUT),
    "terminal_error": (PaymentOutcome.DECLINED, R.TERMINAL_ERROR),
}


def test_every_decline_of_the_simulator_is_expected() -> None:
    assert set(EXPECTED) == set(DECLINES)


@pytest.mark.parametrize("reason", sorted(EXPECTED))
def test_each_decline_reason_is_mapped_and_the_next_payment_goes_on(
    sim, connect, reason: str
) -> None:
    terminal, _ = connect()
    sim.script([f"decline:{reason}", "approve"])
    result = pay(terminal, 500, "dc-1")
    assert (result.outcome, result.reason) == EXPECTED[reason]
    assert result.result_code == f"{DECLINES[reason]:02X}"
    if reason in ("terminal_busy", "cancelled_by_shopper"):
        assert result.terminal.trace_number is None  # the terminal booked nothing
        assert sim.transactions() == []
    else:
        [txn] = sim.transactions()
        assert result.terminal.trace_number == f"{txn['trace']:06d}"
        assert result.customer_receipt and "DECLINED" in result.customer_receipt
        assert result.merchant_receipt == ()
    assert terminal.status.state is DeviceState.ONLINE
    assert terminal.unresolved is None
    assert pay(terminal, 500, "dc-2").approved
    stats = terminal.statistics.snapshot()
    if result.outcome is PaymentOutcome.DECLINED:
        assert stats["declined"] == 1 and stats[f"declined_{result.reason}"] == 1
    else:
        assert stats["cancelled"] == 1


def test_pin_wrong_shows_the_terminal_saying_so(sim, connect) -> None:
    terminal, events = connect()
    sim.script(["decline:pin_wrong"])
    pay(terminal, 500, "pin-1")
    assert ProgressStep.PIN_WRONG in events.drain_steps()


def test_a_duplicate_status_information_is_handled_once(sim, connect) -> None:
    terminal, events = connect()
    sim.script(["duplicate"])
    result = pay(terminal, 700, "dup-1")
    assert result.approved
    assert len(sim.transactions()) == 1
    assert events.results.get(timeout=WAIT) == result
    assert events.results.empty()
    stats = terminal.statistics.snapshot()
    assert stats["approved"] == 1 and stats["duplicate_messages"] == 1


# -- cancel -----------------------------------------------------------------------------


def test_cancel_before_the_card_aborts_the_payment(sim, connect) -> None:
    terminal, events = connect()
    assert terminal.cancel() is False  # nothing runs
    sim.script(["no_card"])
    running = Background(lambda: pay(terminal, 900, "cn-1"))
    events.step(ProgressStep.INSERT_CARD)
    with pytest.raises(TerminalBusy):
        pay(terminal, 100, "cn-2")
    assert terminal.cancel() is True
    result = running.result()
    assert (result.outcome, result.reason) == (PaymentOutcome.CANCELLED, R.CANCELLED_BY_KIOSK)
    assert result.result_code == "6C"
    assert sim.transactions() == []
    assert sim.state()["aborts"] == 1
    assert terminal.unresolved is None
    assert pay(terminal, 100, "cn-3").approved


def test_a_cancel_too_late_leaves_the_approval_and_the_status_agrees(sim, connect) -> None:
    terminal, events = connect()
    sim.script(["slow:1.5"])
    running = Background(lambda: pay(terminal, 4200, "late-1"))
    events.step(ProgressStep.AUTHORISING)
    assert terminal.cancel() is True
    result = running.result()
    assert result.approved  # the host had the card: the approval won the race
    assert sim.state()["aborts_ignored"] == 1
    recorded = terminal.transaction_status("late-1")
    assert recorded.approved
    assert recorded.terminal.receipt_number == result.terminal.receipt_number
    last = terminal.transaction_status()  # the terminal's own word (repeat receipt)
    assert last.approved and last.reference == "late-1"
    assert last.terminal.trace_number == result.terminal.trace_number
    assert last.amount_cents == 4200
    assert last.customer_receipt[0] == "DUPLICATE CUSTOMER COPY"


def test_cancel_racing_an_approval_then_silence_is_unknown_until_resolved(sim, connect) -> None:
    terminal, events = connect()
    sim.configure(status_timeout=1)  # silence is seen 1 + 0.5 s after the last heartbeat
    sim.script(["timeout:approve"])
    running = Background(lambda: pay(terminal, 1999, "race-1"))
    events.step(ProgressStep.AUTHORISING)
    terminal.cancel()
    result = running.result()
    assert (result.outcome, result.reason) == (PaymentOutcome.UNKNOWN, R.CONNECTION_LOST)
    events.status(DeviceState.ERROR, FaultReason.OUTCOME_UNKNOWN)
    assert terminal.unresolved == "race-1"
    with pytest.raises(OutcomeUnknown) as refused:
        pay(terminal, 100, "race-2")
    assert refused.value.reference == "race-1"
    resolved = terminal.transaction_status()
    assert resolved.outcome is A and resolved.reference == "race-1"
    [txn] = sim.transactions()
    assert resolved.terminal.trace_number == f"{txn['trace']:06d}"
    assert resolved.amount_cents == 1999
    assert terminal.status.state is DeviceState.ONLINE
    assert pay(terminal, 100, "race-2").approved
    stats = terminal.statistics.snapshot()
    assert stats["unknown_outcomes"] == 1 and stats["unknown_resolved"] == 1


def test_a_payment_that_outlasts_payment_timeout_is_aborted(sim, connect) -> None:
    terminal, _ = connect(payment_timeout=0.3)
    sim.script(["no_card"])
    result = pay(terminal, 100, "slow-1")
    assert (result.outcome, result.reason) == (PaymentOutcome.CANCELLED, R.TIMEOUT)
    assert sim.transactions() == []


# -- unknown outcomes and their resolution ---------------------------------------------------


@pytest.mark.parametrize(
    ("script", "first", "outcome", "reason"),
    [
        ("disconnect:approve", True, A, None),  # the first ever: matched by amount and time
        ("disconnect:approve", False, A, None),  # matched by a new trace and the amount
        ("disconnect:decline", False, PaymentOutcome.DECLINED, R.REFUSED),
        ("disconnect:none", True, PaymentOutcome.CANCELLED, R.NOT_PROCESSED),
        ("disconnect:none", False, PaymentOutcome.CANCELLED, R.NOT_PROCESSED),
        ("timeout:none", False, PaymentOutcome.CANCELLED, R.NOT_PROCESSED),
    ],
)
def test_a_lost_payment_is_unknown_then_the_terminal_tells_the_truth(
    sim, connect, script: str, first: bool, outcome: PaymentOutcome, reason: R | None
) -> None:
    terminal, events = connect()
    if not first:
        assert pay(terminal, 300, "before").approved
    sim.configure(status_timeout=1)  # silence is seen 1 + 0.5 s after the last heartbeat
    sim.script([script])
    lost = pay(terminal, 1500, "lost-1")
    assert lost.outcome is PaymentOutcome.UNKNOWN
    events.status(DeviceState.ERROR, FaultReason.OUTCOME_UNKNOWN)
    with pytest.raises(OutcomeUnknown):
        pay(terminal, 100, "next")
    resolved = terminal.transaction_status("lost-1")
    assert (resolved.outcome, resolved.reason) == (outcome, reason)
    assert resolved.reference == "lost-1" and resolved.amount_cents == 1500
    assert terminal.unresolved is None
    assert terminal.status.state is DeviceState.ONLINE
    assert pay(terminal, 100, "next").approved


def test_the_unknown_payment_survives_a_restart_of_the_driver(sim, connect, terminals) -> None:
    first, _ = connect()
    sim.script(["disconnect:approve"])
    assert pay(first, 2500, "restart-1").outcome is PaymentOutcome.UNKNOWN
    first.close()
    terminals.remove(first)
    second, _ = connect(until=(DeviceState.ERROR, FaultReason.OUTCOME_UNKNOWN))
    assert second.unresolved == "restart-1"
    with pytest.raises(OutcomeUnknown):
        pay(second, 100, "restart-2")
    with pytest.raises(OutcomeUnknown):
        second.end_of_day()
    resolved = second.transaction_status("restart-1")
    assert resolved.approved and resolved.amount_cents == 2500
    assert pay(second, 100, "restart-2").approved


def test_a_last_transaction_that_is_not_ours_stays_unknown_until_settled_by_hand(
    sim, connect, terminals, tmp_path: Path
) -> None:
    kiosk, _ = connect()
    assert pay(kiosk, 300, "own-1").approved
    sim.script(["disconnect:none"])
    assert pay(kiosk, 1500, "own-2").outcome is PaymentOutcome.UNKNOWN
    kiosk.close()
    terminals.remove(kiosk)
    # meanwhile someone else takes a payment on the terminal
    other, _ = connect(state_file=str(tmp_path / "other.json"))
    assert pay(other, 999, "elsewhere").approved
    other.close()
    terminals.remove(other)
    kiosk, _ = connect(until=(DeviceState.ERROR, FaultReason.OUTCOME_UNKNOWN))
    still = kiosk.transaction_status()
    assert still.outcome is PaymentOutcome.UNKNOWN
    assert "not this one" in still.detail
    assert kiosk.unresolved == "own-2"
    settled = kiosk.resolve_manually(PaymentOutcome.CANCELLED, note="terminal journal: none")
    assert settled.outcome is PaymentOutcome.CANCELLED and settled.reference == "own-2"
    assert kiosk.unresolved is None
    assert pay(kiosk, 100, "own-3").approved


def test_the_terminal_rebooting_mid_payment_then_registration_again(sim, connect) -> None:
    terminal, events = connect()
    sim.script(["reboot"])
    result = pay(terminal, 800, "rb-1")
    assert (result.outcome, result.reason) == (PaymentOutcome.UNKNOWN, R.CONNECTION_LOST)
    events.status(DeviceState.ERROR, FaultReason.OUTCOME_UNKNOWN)
    assert sim.state()["registrations"] == 2
    resolved = terminal.transaction_status()
    assert (resolved.outcome, resolved.reason) == (PaymentOutcome.CANCELLED, R.NOT_PROCESSED)
    assert pay(terminal, 800, "rb-2").approved


def test_an_idle_reboot_is_seen_and_the_driver_registers_again(sim, connect) -> None:
    terminal, events = connect()
    sim.reboot()
    lost = events.status(DeviceState.OFFLINE, FaultReason.CONNECTION_LOST)
    assert lost.detail
    events.status(DeviceState.ONLINE)
    assert sim.state()["registrations"] == 2
    assert pay(terminal, 100, "after-reboot").approved
    stats = terminal.statistics.snapshot()
    assert stats["connection_losses"] == 1 and stats["reconnects"] == 1


# -- bad bytes --------------------------------------------------------------------------------


@pytest.mark.parametrize("script", ["garbage", "bad_length"])
def test_malformed_answers_mid_payment_are_a_protocol_error_not_a_crash(
    sim, connect, script: str
) -> None:
    terminal, events = connect()
    sim.script([script])
    result = pay(terminal, 600, "bad-1")
    assert (result.outcome, result.reason) == (PaymentOutcome.UNKNOWN, R.PROTOCOL_ERROR)
    assert events.errors.get(timeout=WAIT).reason is FaultReason.PROTOCOL_ERROR
    events.status(DeviceState.ERROR, FaultReason.OUTCOME_UNKNOWN)
    assert terminal.transaction_status().approved  # the terminal had approved it
    assert terminal.statistics["protocol_errors"] == 1


def test_garbage_while_idle_is_reported_and_the_driver_reconnects(sim, connect) -> None:
    terminal, events = connect()
    sim.inject("13370000")
    error = events.errors.get(timeout=WAIT)
    assert error.reason is FaultReason.PROTOCOL_ERROR
    assert "13" in error.detail
    events.status(DeviceState.ERROR, FaultReason.PROTOCOL_ERROR)
    events.status(DeviceState.ONLINE)
    assert pay(terminal, 100, "after-garbage").approved


def test_an_unknown_terminal_message_mid_payment_is_refused_and_the_payment_goes_on(
    sim, connect
) -> None:
    terminal, events = connect()
    sim.script(["no_card"])
    running = Background(lambda: pay(terminal, 100, "odd-1"))
    events.step(ProgressStep.INSERT_CARD)
    sim.inject("06E000")
    events.step(ProgressStep.INSERT_CARD)  # the next heartbeat: still going
    terminal.cancel()
    assert running.result().outcome is PaymentOutcome.CANCELLED
    assert sim.state()["commands"]["8483"] == 1  # our NAK "not supported"


# -- faults --------------------------------------------------------------------------------


def test_faults_are_listed(sim) -> None:
    assert sim.faults() == ["offline", "not_registered", "busy"]
    with pytest.raises(ValueError, match="unknown fault"):
        sim.set_fault("melted")
    assert sim.set_fault(None)["fault"] is None


def test_a_busy_terminal_declines_with_busy(sim, connect) -> None:
    terminal, _ = connect()
    sim.set_fault("busy")
    result = pay(terminal, 100, "busy-1")
    assert (result.outcome, result.reason) == (PaymentOutcome.DECLINED, R.TERMINAL_BUSY)
    assert terminal.unresolved is None
    sim.set_fault(None)
    assert pay(terminal, 100, "busy-2").approved


def test_an_offline_terminal_is_offline_until_it_returns(sim, connect) -> None:
    terminal, events = connect()
    sim.set_fault("offline")
    events.status(DeviceState.OFFLINE, FaultReason.CONNECTION_LOST)
    with pytest.raises(TerminalUnavailable):
        pay(terminal, 100, "off-1")
    sim.set_fault(None)
    events.status(DeviceState.ONLINE)
    assert pay(terminal, 100, "off-2").approved


def test_a_terminal_that_is_not_registered_refuses_payments(sim, connect) -> None:
    terminal, events = connect()
    sim.set_fault("not_registered")
    with pytest.raises(TerminalUnavailable):
        pay(terminal, 100, "nr-1")
    assert events.status(DeviceState.ERROR, FaultReason.NOT_REGISTERED).detail
    assert terminal.unresolved is None  # the terminal did not take it
    sim.set_fault(None)
    events.status(DeviceState.ONLINE)
    assert pay(terminal, 100, "nr-2").approved


def test_a_terminal_that_is_not_there_is_not_found(connect) -> None:
    sim = ZvtTerminalSimulator()
    sim.start()
    sim.stop()  # its port is free again: nobody answers
    terminal, _ = connect(simulator=sim, until=(DeviceState.OFFLINE, FaultReason.NOT_FOUND))
    with pytest.raises(TerminalUnavailable):
        pay(terminal, 100, "nf-1")


# -- reversal and administration ---------------------------------------------------------


def test_reversal_of_an_approved_payment(sim, connect) -> None:
    terminal, _ = connect()
    paid = pay(terminal, 3300, "rev-1")
    reversed_ = terminal.reverse("rev-1")
    assert reversed_.approved and reversed_.operation == "reversal"
    assert reversed_.reference == "rev-1" and reversed_.amount_cents == 3300
    payment, reversal = sim.transactions()
    assert payment["reversed"] and reversal["original_receipt"] == int(paid.terminal.receipt_number)
    again = terminal.reverse("rev-1", terminal_reference=paid.terminal.receipt_number)
    assert (again.outcome, again.result_code) == (PaymentOutcome.DECLINED, "B4")
    with pytest.raises(UnknownReference):
        terminal.reverse("never-paid")
    stats = terminal.statistics.snapshot()
    assert stats["reversals"] == 1 and stats["reversals_failed"] == 1


def test_end_of_day_and_diagnosis(sim, connect) -> None:
    terminal, _ = connect()
    pay(terminal, 1000, "eod-1")
    pay(terminal, 250, "eod-2")
    closing = terminal.end_of_day()
    assert closing.ok and closing.total_cents == 1250
    assert "Total EUR 12,50" in closing.receipt
    check = terminal.diagnosis()
    assert check.ok and "HOST OK" in check.receipt
    assert terminal.end_of_day().total_cents == 0  # a new batch
    stats = terminal.statistics.snapshot()
    assert stats["end_of_day"] == 2 and stats["diagnoses"] == 1


# -- use and misuse --------------------------------------------------------------------------


def test_operations_need_an_open_enabled_terminal(sim, connect, terminals) -> None:
    config = sim.driver_config()
    closed = ZvtTerminal(config)
    with pytest.raises(DeviceError, match="closed"):
        closed.start_payment(100, reference="x-1")
    terminal, _ = connect()
    terminal.disable()
    with pytest.raises(DeviceError, match="disabled"):
        pay(terminal, 100, "x-2")


@pytest.mark.parametrize(
    ("amount", "currency", "reference", "message"),
    [
        (0, "EUR", "r-1", "positive"),
        (12.5, "EUR", "r-1", "whole number"),
        (True, "EUR", "r-1", "whole number"),
        (10**12, "EUR", "r-1", "up to"),
        (100, "XXX", "r-1", "unknown currency"),
        (100, "EUR", "", "reference"),
        (100, "EUR", "has space", "reference"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_sent(
    sim, connect, amount: object, currency: str, reference: str, message: str
) -> None:
    terminal, _ = connect()
    with pytest.raises(ValueError, match=message):
        terminal.start_payment(amount, currency, reference=reference)  # type: ignore[arg-type]
    assert "0601" not in sim.state()["commands"]


@pytest.mark.parametrize(
    ("options", "url", "message"),
    [
        ({"password": "12345"}, "tcp://127.0.0.1:20007", "password"),
        ({"probe_interval": -1}, "tcp://127.0.0.1:20007", "probe_interval"),
        ({"colour": "red"}, "tcp://127.0.0.1:20007", "unknown"),
        ({"encoding": "klingon"}, "tcp://127.0.0.1:20007", "klingon"),
        ({}, "/dev/ttyUSB0", "tcp://"),
    ],
)
def test_bad_configuration_is_refused(options: dict, url: str, message: str) -> None:
    config = DeviceConfig(kind="payment_terminal", driver="zvt", url=url, options=options)
    with pytest.raises(ValueError, match=message):
        ZvtTerminal(config)


# -- card numbers never reach us ---------------------------------------------------------------

PANS = ["4111111111111111", "5555555555554444", "378282246310005"]


def test_seeded_card_numbers_appear_nowhere_on_our_side(
    sim, connect, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sim.seed_cards(PANS)
    stats_path = tmp_path / "terminal.stats.json"
    terminal, events = connect(statistics=Statistics(stats_path))
    sim.script(["approve", "decline:pin_wrong", "disconnect:approve", "approve"])
    results = [pay(terminal, 1000 + i, f"pan-{i}") for i in range(3)]
    results.append(terminal.transaction_status())
    results.append(pay(terminal, 50, "pan-4"))
    results.append(terminal.reverse("pan-0"))
    results.append(terminal.transaction_status())
    assert [r.outcome for r in results] == [
        A,
        PaymentOutcome.DECLINED,
        PaymentOutcome.UNKNOWN,
        A,
        A,
        A,
        A,
    ]
    assert results[0].terminal.masked_pan == "************1111"
    assert results[1].terminal.masked_pan == "************4444"
    assert results[3].terminal.masked_pan == "***********0005"
    terminal.close()
    seen = [json.dumps(r.to_dict()) for r in results]
    while not events.progress.empty():
        seen.append(repr(events.progress.get_nowait()))
    seen.append(caplog.text)
    seen += [repr(record.args) for record in caplog.records]
    seen.append(stats_path.read_text())
    state_file = tmp_path / "terminal.payment.json"
    assert state_file.exists()
    seen.append(state_file.read_text())
    seen.append(json.dumps(sim.state()))
    seen.append(json.dumps(sim.transactions()))
    everything = "\n".join(seen)
    assert "1111" in everything  # the check can see what it looks for
    for pan in PANS:
        assert pan not in everything
        assert pan[-10:] not in everything


def test_a_terminal_that_leaks_card_numbers_is_masked_by_the_driver(
    connect, caplog: pytest.LogCaptureFixture
) -> None:
    leaky = ZvtTerminalSimulator(leak_pan=True, card_delay=0, pin_delay=0, auth_delay=0)
    leaky.start()
    try:
        leaky.seed_cards([PANS[0]])
        terminal, _ = connect(simulator=leaky)
        result = pay(terminal, 100, "leak-1")
        assert result.approved
        assert result.terminal.masked_pan is None  # sent unmasked: dropped
        assert "Card ************1111" in result.customer_receipt
        text = json.dumps(result.to_dict()) + caplog.text
        assert PANS[0] not in text and PANS[0][-10:] not in text
        assert "unmasked card number" in caplog.text
    finally:
        leaky.stop()


# -- the interactive health check: a 1-cent test payment ------------------------------------


def test_interactive_check_pays_one_cent_and_reverses_it(sim, connect) -> None:
    terminal, _ = connect()
    report = terminal.check_health(HealthLevel.INTERACTIVE, timeout=10)
    assert report.ok, report
    facts = dict(report.facts)
    assert facts["test payment"] == "approved" and facts["reversed"] == "yes"
    payment, reversal = sim.transactions()
    assert payment["amount_cents"] == 1 and payment["reversed"]
    assert reversal["kind"] == "reversal"


def test_interactive_check_passes_on_a_decline(sim, connect) -> None:
    terminal, _ = connect()
    sim.script(["decline:refused"])
    report = terminal.check_health(HealthLevel.INTERACTIVE, timeout=10)
    assert report.ok, report
    assert dict(report.facts)["reason"] == "refused"


def test_interactive_check_fails_when_nobody_presents_a_card(sim, connect) -> None:
    terminal, _ = connect()
    sim.script(["no_card"])
    report = terminal.check_health(HealthLevel.INTERACTIVE, timeout=0.3)
    assert not report.ok
    assert report.reason is FaultReason.INTERACTIVE_TIMEOUT
    assert sim.transactions() == []
    assert terminal.unresolved is None


def test_after_log_off_the_driver_registers_again(sim, connect) -> None:
    terminal, _ = connect()
    terminal.log_off()
    assert sim.state()["commands"]["0602"] == 1
    assert not sim.state()["registered"] or sim.state()["registrations"] == 2
    assert pay(terminal, 100, "lo-1").approved  # registered anew (by the thread, or here)
    assert sim.state()["registrations"] == 2
