"""Fakes of the lane's devices and a lane builder, shared by the lane tests (and tested
here: a fake that lies would make every lane test worthless)."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from drivers.device import DataEvent, DeviceState, DeviceStatus, FaultReason, Listener
from drivers.lane_light.pattern import LightPattern
from drivers.payment.interface import (
    DeclineReason,
    OutcomeUnknown,
    PaymentOutcome,
    PaymentResult,
    TerminalUnavailable,
)
from drivers.scale.protocol import ScaleReading, ScaleState
from drivers.scanner.framing import Scan
from kiosk.core.barcodes import gtin_check_digit
from kiosk.core.catalog.repository import Catalog
from kiosk.core.journal import Journal
from kiosk.core.journal.journal import PAYMENT
from kiosk.core.lane import (
    LaneController,
    LaneDevices,
    LaneSettings,
    ManualClock,
    ManualScheduler,
    Message,
)

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "catalog.db"
TODAY = date(2026, 11, 23)

# Products of the sample catalog (catalog.db at the repository root).
MILK = "8780588066811"  # 1,19
COLA = "8711158843402"  # 1,99 + deposit 0,25
BEER = "8715864680771"  # lager can, 18+, 0,99 + deposit 0,15
WINE = "3384438939161"  # 18+, no deposit
OLD_MILK = "8780588978961"  # inactive
DEPOSIT = "2000101000006"  # a deposit product on its own
BAG = "8778545750811"  # plastic carrier bag 0,25
BANANAS = "4011"  # per kg, 1,99/kg
LEMON = "4053"  # per piece, 0,45
UNKNOWN = "871234567890" + str(gtin_check_digit("871234567890"))
BAD_CHECK_DIGIT = MILK[:-1] + str((int(MILK[-1]) + 1) % 10)


# -- devices -----------------------------------------------------------------------------


ONLINE = DeviceStatus(DeviceState.ONLINE)


class FakeTerminal:
    """A payment terminal with scripted outcomes that checks it is never asked twice.

    Script items for ``start_payment``: ``"approve"``, ``"decline:<reason>"``,
    ``"cancel"``, ``"unknown:<truth>"`` (the outcome is unknown now; ``truth`` is
    ``approve``, ``cancel`` or ``unknown`` for what ``transaction_status`` will tell),
    ``"error"`` (a ConnectionError: nobody knows), ``"unavailable"``
    (TerminalUnavailable: nothing sent). Without a script: approve.
    """

    def __init__(self, journal: Journal | None = None) -> None:
        self.script: deque[str] = deque()
        self.journal = journal
        self.started: list[tuple[int, str]] = []
        self.status_asked: list[str | None] = []
        self.cancels = 0
        self.reversed: list[str] = []
        self.manual: list[PaymentOutcome] = []
        self.violations: list[str] = []
        self.unresolved: str | None = None
        self.truth: dict[str, str] = {}
        self.status = ONLINE
        self.journal_had_it: list[bool] = []
        self.cancel_outcome: str | None = None

    def start_payment(self, amount_cents: int, currency: str = "EUR", *, reference: str):
        if self.journal is not None:  # written to the journal before we were asked?
            self.journal_had_it.append(self._journal_status(reference) == "pending")
        if self.unresolved is not None:
            self.violations.append(f"start_payment {reference} while {self.unresolved} unknown")
            raise OutcomeUnknown("unresolved", self.unresolved)
        if any(ref == reference for _, ref in self.started):
            self.violations.append(f"{reference} started twice")
        self.started.append((amount_cents, reference))
        step = self.script.popleft() if self.script else "approve"
        if self.cancel_outcome is not None:
            step, self.cancel_outcome = self.cancel_outcome, None
        if step == "error":
            self.unresolved = reference
            self.truth[reference] = "unknown"
            raise ConnectionError("the connection broke")
        if step == "unavailable":
            raise TerminalUnavailable("terminal offline")
        if step.startswith("unknown"):
            self.unresolved = reference
            self.truth[reference] = step.partition(":")[2] or "unknown"
            return self._result(PaymentOutcome.UNKNOWN, amount_cents, reference,
                                DeclineReason.CONNECTION_LOST)  # fmt: skip
        self.truth[reference] = step  # the terminal's own journal remembers every payment
        return self._outcome(step, amount_cents, reference)

    def _journal_status(self, reference: str) -> str | None:
        assert self.journal is not None
        with self.journal.engine.connect() as conn:
            return conn.execute(
                select(PAYMENT.c.status).where(PAYMENT.c.reference == reference)
            ).scalar_one_or_none()

    def _outcome(self, step: str, amount: int, reference: str) -> PaymentResult:
        if step == "approve":
            return self._result(PaymentOutcome.APPROVED, amount, reference,
                                receipt=("KAARTBETALING", "GOEDGEKEURD"))  # fmt: skip
        if step == "cancel":
            return self._result(PaymentOutcome.CANCELLED, amount, reference,
                                DeclineReason.CANCELLED_BY_SHOPPER)  # fmt: skip
        if step.startswith("decline"):
            reason = DeclineReason(step.partition(":")[2] or "refused")
            return self._result(PaymentOutcome.DECLINED, amount, reference, reason)
        if step == "unknown":
            return self._result(PaymentOutcome.UNKNOWN, amount, reference, DeclineReason.TIMEOUT)
        raise AssertionError(f"bad script step {step!r}")

    @staticmethod
    def _result(
        outcome: PaymentOutcome,
        amount: int,
        reference: str,
        reason: DeclineReason | None = None,
        receipt: tuple[str, ...] = (),
    ) -> PaymentResult:
        return PaymentResult(outcome, amount, "EUR", reference, reason, customer_receipt=receipt)

    def cancel(self) -> bool:
        self.cancels += 1
        return True

    def transaction_status(self, reference: str | None = None) -> PaymentResult:
        self.status_asked.append(reference)
        assert reference is not None
        amount = next((a for a, r in self.started if r == reference), 1)
        truth = self.truth.get(reference)
        if truth is None:
            return self._result(PaymentOutcome.CANCELLED, amount, reference,
                                DeclineReason.NOT_PROCESSED)  # fmt: skip
        if truth == "unknown":
            return self._result(PaymentOutcome.UNKNOWN, amount, reference, DeclineReason.OTHER)
        self.unresolved = None
        return self._outcome(truth, amount, reference)

    def reverse(self, reference: str, *, terminal_reference: str | None = None) -> PaymentResult:
        self.reversed.append(reference)
        return self._result(PaymentOutcome.APPROVED, 1, reference)

    def resolve_manually(self, outcome: PaymentOutcome, *, note: str) -> PaymentResult:
        self.manual.append(outcome)
        self.unresolved = None
        return self._result(outcome, 1, "manual")


@dataclass
class PrintOutcome:
    ok: bool
    reason: FaultReason | None = None
    detail: str = ""


class FakePrinter:
    def __init__(self) -> None:
        self.printed: list[list[str]] = []
        self.fail_with: FaultReason | None = None
        self.status = ONLINE

    def print_receipt(self, receipt: Any) -> PrintOutcome:
        if self.fail_with is not None:
            return PrintOutcome(False, self.fail_with, f"printer: {self.fail_with}")
        self.printed.append(list(receipt))
        return PrintOutcome(True)


class ScaleFailure(Exception):
    def __init__(self, reason: FaultReason) -> None:
        super().__init__(reason.value)
        self.reason = reason


class FakeScale:
    def __init__(self) -> None:
        self.readings: deque[ScaleReading | Exception] = deque()
        self.asked = 0
        self.status = ONLINE

    def put(self, grams: int) -> None:
        self.readings.append(ScaleReading(ScaleState.STABLE, grams, b""))

    def wait_stable(self, timeout: float, min_grams: int = 1, *, interval: float | None = None):
        self.asked += 1
        item = self.readings.popleft() if self.readings else ScaleFailure(FaultReason.TIMEOUT)
        if isinstance(item, Exception):
            raise item
        return item


class FakeLight:
    def __init__(self) -> None:
        self.shown: list[LightPattern] = []

    def show(self, pattern: LightPattern) -> bool:
        self.shown.append(pattern)
        return True


class FakeScanner:
    """An event source like a driver: listeners called on another thread."""

    def __init__(self) -> None:
        self.listeners: list[Listener] = []
        self.status = ONLINE

    def add_listener(self, listener: Listener) -> None:
        self.listeners.append(listener)

    def emit(self, event: Any) -> None:
        thread = threading.Thread(target=lambda: [f(event) for f in self.listeners])
        thread.start()
        thread.join(5)

    def scan(self, data: str, aim_id: str | None = None) -> None:
        self.emit(DataEvent(Scan(data, aim_id)))


# -- staff -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    role: str


ATTENDANT = Member("s-1", "Sam", "attendant")
SUPERVISOR = Member("s-2", "Ilse", "supervisor")
TECHNICIAN = Member("s-3", "Tom", "technician")

ROLE_ACTIONS = {
    "attendant": {
        "login", "approve_age", "approve_void", "key_in_item", "answer_help",
        "cancel_transaction",
    },
    "supervisor": {
        "login", "approve_age", "approve_void", "key_in_item", "answer_help",
        "cancel_transaction", "lock_lane", "unlock_lane", "resolve_payment", "reverse_payment",
    },
    "technician": {"login", "diagnostics", "lock_lane", "unlock_lane"},
}  # fmt: skip


def can(member: Member, action: str) -> bool:
    return action in ROLE_ACTIONS.get(member.role, set())


# -- the lane ----------------------------------------------------------------------------


@dataclass
class Lane:
    controller: LaneController
    journal: Journal
    scheduler: ManualScheduler
    clock: ManualClock
    terminal: FakeTerminal
    printer: FakePrinter
    scale: FakeScale
    light: FakeLight
    scanner: FakeScanner
    catalog: Catalog
    messages: list[Message] = field(default_factory=list)
    audits: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def state(self) -> str:
        return self.controller.state.value

    def message_keys(self) -> list[str]:
        return [m.key.value for m in self.messages]

    def last(self) -> Message:
        return self.messages[-1]

    def jobs(self) -> list[str]:
        """The device jobs waiting (the lane light's left out)."""
        return [channel for channel in self.scheduler.pending() if channel != "light"]

    def run(self) -> int:
        return self.scheduler.run_all()

    def replay_matches(self) -> bool:
        cart = self.controller.cart
        if cart is None:
            return True
        return list(self.journal.cart_events(cart.transaction_id)) == list(cart.events)


def build_lane(
    tmp_path: Path,
    *,
    journal: Journal | None = None,
    clock: ManualClock | None = None,
    devices: dict[str, Any] | None = None,
    permissions: Any = None,
    **settings: Any,
) -> Lane:
    """A lane on the sample catalog with fake devices; ``permissions``: the lane's
    ``can(member, action)`` (default: this module's :func:`can`)."""
    clock = clock or ManualClock()
    if journal is None:
        journal = Journal(tmp_path / "journal.db", kiosk_id="kiosk-1", clock=clock.utc_now)
    catalog = Catalog(CATALOG, today=lambda: TODAY)
    scheduler = ManualScheduler()
    parts = {
        "terminal": FakeTerminal(journal),
        "printer": FakePrinter(),
        "scale": FakeScale(),
        "light": FakeLight(),
        "scanner": FakeScanner(),
        **(devices or {}),
    }
    audits: list[tuple[Any, ...]] = []
    controller = LaneController(
        LaneSettings(
            kiosk_id="kiosk-1",
            store_id="store-1",
            store_name="Super",
            kiosk_name="Kassa 1",
            **settings,
        ),
        catalog,
        journal,
        LaneDevices(
            scanner=parts["scanner"],
            scale=parts["scale"],
            printer=parts["printer"],
            payment=parts["terminal"],
            light=parts["light"],
        ),
        clock=clock,
        scheduler=scheduler,
        can=permissions or can,
        audit=lambda *args: audits.append(args),
    )
    lane = Lane(
        controller, journal, scheduler, clock, parts["terminal"], parts["printer"],
        parts["scale"], parts["light"], parts["scanner"], catalog, audits=audits,
    )  # fmt: skip
    controller.message.connect(lane.messages.append)
    return lane


@pytest.fixture
def lanes():
    made: list[Lane] = []
    yield made
    for lane in made:
        lane.catalog.close()
        lane.journal.close()


# -- the fakes themselves ------------------------------------------------------------------


def test_the_fake_terminal_refuses_a_payment_while_one_is_unknown() -> None:
    terminal = FakeTerminal()
    terminal.script.extend(["unknown:approve", "approve"])
    assert terminal.start_payment(100, reference="a").outcome is PaymentOutcome.UNKNOWN
    with pytest.raises(OutcomeUnknown):
        terminal.start_payment(100, reference="b")
    assert terminal.violations == ["start_payment b while a unknown"]
    assert terminal.transaction_status("a").outcome is PaymentOutcome.APPROVED
    assert terminal.start_payment(100, reference="c").approved


def test_the_fake_terminal_reports_a_payment_it_never_saw_as_not_processed() -> None:
    result = FakeTerminal().transaction_status("never")
    assert result.outcome is PaymentOutcome.CANCELLED
    assert result.reason is DeclineReason.NOT_PROCESSED


def test_the_fake_scale_times_out_without_a_weight() -> None:
    scale = FakeScale()
    with pytest.raises(ScaleFailure) as caught:
        scale.wait_stable(1)
    assert caught.value.reason is FaultReason.TIMEOUT
    scale.put(1234)
    assert scale.wait_stable(1).grams == 1234
