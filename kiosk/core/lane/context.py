"""The state the lane's parts share, and the few primitives every part uses.

:class:`LaneContext` holds what one kiosk's session is made of: the injected
collaborators (settings, catalog, journal, devices, clock, scheduler, statistics), the
observers' signals, the session machine, and the session's data (cart, help calls,
payment attempt, receipt, out-of-service reason, logged-in staff member ...). The parts
(:mod:`~kiosk.core.lane.shopping`, :mod:`~kiosk.core.lane.checkout`,
:mod:`~kiosk.core.lane.help_desk`, :mod:`~kiosk.core.lane.staff_actions`,
:mod:`~kiosk.core.lane.idle`, :mod:`~kiosk.core.lane.resume`,
:mod:`~kiosk.core.lane.device_events`) each get the one context and work on it; the
:class:`~kiosk.core.lane.controller.LaneController` façade builds them.

The primitives kept here are those every part needs alike: move the machine (``go``),
tell the shopper (``say``, ``not_now``), note activity, recompute the lamp's situation,
end a session, and stop selling when the journal cannot write (``journal_failed``,
which the :func:`guarded` decorator calls for any operation that hit a
:class:`~kiosk.core.journal.JournalWriteError`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from drivers.device import DeviceState, DeviceStatus, Statistics
from drivers.lane_light.pattern import LaneSituation, pattern_for
from kiosk.core.barcodes import ParsedBarcode
from kiosk.core.cart import Cart, CartLine
from kiosk.core.catalog.records import ProductInfo
from kiosk.core.journal import Journal, JournalWriteError
from kiosk.core.lane.clock import Clock
from kiosk.core.lane.help import APPROVAL_REASONS, HelpCall, HelpReason, HelpStatus
from kiosk.core.lane.messages import Message, MessageKey
from kiosk.core.lane.payment_flow import PaymentAttempt
from kiosk.core.lane.scheduler import JobResult, Scheduler
from kiosk.core.lane.settings import (
    DeviceRole,
    LaneCatalog,
    LaneDevices,
    LaneSettings,
    OutOfServiceReason,
    ReceiptChoice,
)
from kiosk.core.lane.signal import Signal
from kiosk.core.pricing import CartTotals
from kiosk.core.session import SessionMachine, SessionState, Trigger

__all__ = [
    "SHOPPER_HELP_STATES",
    "CommandOrigin",
    "LaneContext",
    "OutOfService",
    "PendingChange",
    "ReceiptState",
    "guarded",
    "ignore_result",
    "journal_time",
    "line_dict",
    "member_dict",
    "priced_line_dict",
    "product_params",
    "staff_ref",
]

_log = logging.getLogger("kiosk.lane")

S = SessionState
T = Trigger

# statistics counters
SCANS = "scans"
ITEMS_ADDED = "items_added"
UNKNOWN_ITEMS = "unknown_items"
INVALID_CHECK_DIGITS = "invalid_check_digits"
UNREADABLE_SCANS = "unreadable_scans"
PAYMENTS_STARTED = "payments_started"
PAYMENTS_APPROVED = "payments_approved"
PAYMENTS_DECLINED = "payments_declined"
PAYMENTS_UNKNOWN = "payments_unknown"
HELP_CALLS = "help_calls"
HELP_ESCALATIONS = "help_escalations"
JOURNAL_FAILURES = "journal_failures"
RECEIPTS_FAILED = "receipts_failed"

SHOPPER_HELP_STATES = (
    S.ATTRACT,
    S.SHOPPING,
    S.AWAITING_ATTENDANT,
    S.PAYING,
    S.DECLINED,
    S.PAYMENT_UNKNOWN,
    S.RECEIPT,
    S.FEEDBACK,
    S.IDLE_PROMPT,
    S.SUSPENDED,
)
"""The states a shopper can be in (where help can be called and the scanner matters)."""


@dataclass(slots=True)
class PendingChange:
    """A void or quantity decrease waiting for a staff member's approval."""

    line_id: str
    quantity: int | None  # None: void the line


@dataclass(slots=True)
class ReceiptState:
    """The receipt of a paid sale while the shopper chooses how to get it."""

    lines: list[str]
    url: str
    printer_failed: bool = False
    printing: bool = False
    choice: ReceiptChoice | None = None
    entered_at: float = 0.0
    transaction_id: str | None = None


@dataclass(slots=True)
class CommandOrigin:
    """The console command the lane is carrying out now (see ``LaneController.on_command``):
    its staff actions are recorded as caused by it, and what the lane says meanwhile is
    collected in ``said`` for the console's answer."""

    command_id: str
    call_id: str | None = None
    said: list[Message] = field(default_factory=list)


WITHHELD_FROM_SHOPPER = frozenset({MessageKey.NOT_NOW, MessageKey.NOT_PERMITTED})
"""Refusals of a console's command: told to the console, not shown on the lane's screen."""


@dataclass(slots=True)
class OutOfService:
    reason: OutOfServiceReason
    detail: str = ""
    by: str | None = None


class LaneContext:
    """One kiosk's shared session state and the primitives every part uses."""

    def __init__(
        self,
        settings: LaneSettings,
        catalog: LaneCatalog,
        journal: Journal,
        devices: LaneDevices,
        *,
        clock: Clock,
        scheduler: Scheduler,
        statistics: Statistics,
    ) -> None:
        self.settings = settings
        self.catalog = catalog
        self.journal = journal
        self.devices = devices
        self.clock = clock
        self.scheduler = scheduler
        self.statistics = statistics

        self.state_changed = Signal("state_changed")  # (old, new, trigger)
        self.cart_changed = Signal("cart_changed")  # (CartTotals)
        self.message = Signal("message")  # (Message)
        self.help_changed = Signal("help_changed")  # (HelpCall)
        self.last_item_changed = Signal("last_item_changed")  # (dict | None)
        self.situation_changed = Signal("situation_changed")  # (LaneSituation)
        self.device_changed = Signal("device_changed")  # (DeviceRole, DeviceStatus)

        self.machine = SessionMachine(S.ATTRACT)
        self.machine.add_listener(self._on_transition)
        # the session's data (reset_session() clears it for the next shopper)
        self.cart: Cart | None = None
        self.calls: dict[str, HelpCall] = {}
        self.approved_age = 0
        self.pending_changes: dict[str, PendingChange] = {}
        self.payment: PaymentAttempt | None = None
        self.weighing: ParsedBarcode | None = None
        self.last_item: dict[str, Any] | None = None
        self.last_unknown: dict[str, Any] | None = None
        self.last_decline: dict[str, Any] | None = None
        self.declines = 0
        self.receipt: ReceiptState | None = None
        # the lane's data
        self.out_of_service: OutOfService | None = None
        self.staff: Any = None
        self.device_status: dict[DeviceRole, DeviceStatus] = {}
        self.link_up = True
        self.last_message: Message | None = None
        self.origin: CommandOrigin | None = None
        now = self.clock.monotonic()
        self.last_activity = now
        self.idle_prompt_at = now
        self.state_entered_at = now
        self.state_entered_utc = self.clock.utc_now()
        self.situation: LaneSituation | None = None
        self.update_situation()

    # ------------------------------------------------------------------ reading

    @property
    def state(self) -> SessionState:
        return self.machine.state

    @property
    def transaction_id(self) -> str | None:
        return None if self.cart is None else self.cart.transaction_id

    @property
    def open_help_calls(self) -> tuple[HelpCall, ...]:
        return tuple(call for call in self.calls.values() if call.is_open)

    def device_ok(self, role: DeviceRole) -> bool:
        """Whether the device of ``role`` is online (a port without status counts as ok)."""
        status = self.device_status.get(role)
        if status is None:
            status = getattr(self.devices.port(role), "status", None)
        return status is None or status.state is DeviceState.ONLINE

    def can_print(self) -> bool:
        return self.devices.printer is not None and self.device_ok(DeviceRole.PRINTER)

    def pay_blocks(self) -> list[HelpReason]:
        """The approvals paying waits for (an age check, a void)."""
        blocks: list[HelpReason] = []
        if self.cart is not None and self.cart.needs_age_check > self.approved_age:
            blocks.append(HelpReason.AGE_CHECK)
        if any(self.calls[call_id].is_open for call_id in self.pending_changes):
            blocks.append(HelpReason.VOID_APPROVAL)
        return blocks

    def cart_summary(self) -> dict[str, Any] | None:
        cart = self.cart
        if cart is None:
            return None
        totals = cart.totals
        return {
            "transaction_id": cart.transaction_id,
            "items": totals.item_count,
            "lines": len(cart.active_lines),
            "total_cents": totals.total_cents,
        }

    # ------------------------------------------------------------------ acting

    def go(self, target: SessionState, trigger: Trigger) -> None:
        """Transition; while staff or a fault hold the lane, a flow's result that would
        move the shopper's screen is kept for later (the home state on logout/unlock)."""
        if self.state is target:
            return
        if self.state in (S.STAFF, S.OUT_OF_SERVICE, S.DIAGNOSTICS) and not self.machine.can(
            target, trigger
        ):
            _log.info("%s -> %s (%s) deferred while %s", self.state, target, trigger, self.state)
            return
        self.machine.transition(target, trigger)

    def _on_transition(self, old: SessionState, new: SessionState, trigger: Trigger) -> None:
        self.state_entered_at = self.clock.monotonic()
        self.state_entered_utc = self.clock.utc_now()
        self.state_changed.emit(old, new, trigger)
        self.update_situation()

    def say(self, key: MessageKey, **params: Any) -> None:
        message = Message(key, **params)
        origin = self.origin
        if origin is not None:
            origin.said.append(message)
            if key in WITHHELD_FROM_SHOPPER:
                return
        self.last_message = message
        self.message.emit(message)

    def not_now(self, operation: str) -> bool:
        self.say(MessageKey.NOT_NOW, operation=operation, state=self.state)
        return False

    def activity(self) -> None:
        self.last_activity = self.clock.monotonic()

    def reset_session(self) -> None:
        """Forget the finished session's data (open help calls stay)."""
        self.cart = None
        self.approved_age = 0
        self.pending_changes.clear()
        self.payment = None
        self.weighing = None
        self.last_item = None
        self.last_unknown = None
        self.last_decline = None
        self.declines = 0
        self.receipt = None
        self.calls = {cid: call for cid, call in self.calls.items() if call.is_open}

    def end_session(self, trigger: Trigger) -> None:
        """Back to attract for the next shopper."""
        self.go(S.ATTRACT, trigger)
        self.reset_session()
        self.cart_changed.emit(CartTotals.empty())
        self.last_item_changed.emit(None)

    def journal_failed(self, error: JournalWriteError) -> None:
        """Stop selling safely: what was saved stays saved, nothing half-applied."""
        _log.error("journal write failed: %s; the lane stops selling", error)
        self.statistics.increment(JOURNAL_FAILURES)
        self.out_of_service = OutOfService(
            OutOfServiceReason.JOURNAL_WRITE_FAILED, error.reason.value
        )
        if self.state is not S.OUT_OF_SERVICE and self.machine.can(S.OUT_OF_SERVICE, T.FAULT):
            self.go(S.OUT_OF_SERVICE, T.FAULT)
        self.say(
            MessageKey.OUT_OF_SERVICE,
            reason=OutOfServiceReason.JOURNAL_WRITE_FAILED,
            detail=error.reason.value,
        )
        self.update_situation()

    # ------------------------------------------------------------------ the lamp

    def compute_situation(self) -> LaneSituation:
        state = self.state
        if self.out_of_service is not None and (
            self.out_of_service.reason is OutOfServiceReason.JOURNAL_WRITE_FAILED
        ):
            return LaneSituation.HELP_UNREACHABLE  # no journal, no help call: the lamp calls
        if state in (S.OUT_OF_SERVICE, S.DIAGNOSTICS):
            return LaneSituation.OUT_OF_SERVICE
        calls = self.open_help_calls
        if calls:
            if not self.link_up or any(
                call.escalated and call.status is HelpStatus.RAISED for call in calls
            ):
                # the consoles cannot be reached, or brought nobody in time: the lamp calls
                return LaneSituation.HELP_UNREACHABLE
            if any(call.reason not in APPROVAL_REASONS for call in calls):
                return LaneSituation.HELP_REQUESTED
            return LaneSituation.APPROVAL_NEEDED
        if state is S.ATTRACT:
            return LaneSituation.READY
        if state in (S.PAYING, S.DECLINED, S.PAYMENT_UNKNOWN):
            return LaneSituation.PAYING
        return LaneSituation.SHOPPING

    def update_situation(self) -> None:
        situation = self.compute_situation()
        if situation is self.situation:
            return
        self.situation = situation
        self.situation_changed.emit(situation)
        light = self.devices.light
        if light is not None:
            pattern = pattern_for(situation)
            self.scheduler.run(lambda: light.show(pattern), ignore_result, channel="light")


class _HasContext(Protocol):
    ctx: LaneContext


Result = TypeVar("Result")


def guarded(method: Callable[..., Result]) -> Callable[..., Result | bool]:
    """A journal write failure anywhere in the operation stops selling, never crashes."""

    @functools.wraps(method)
    def wrapper(self: _HasContext, *args: Any, **kwargs: Any) -> Result | bool:
        try:
            return method(self, *args, **kwargs)
        except JournalWriteError as error:
            self.ctx.journal_failed(error)
            return False

    return wrapper


def ignore_result(result: JobResult[Any]) -> None:
    if not result.ok:
        _log.warning("device call failed: %s", result.error)


def product_params(product: ProductInfo) -> dict[str, Any]:
    return {"product_id": product.id, "name_nl": product.name_nl, "name_en": product.name_en}


def member_dict(member: Any) -> dict[str, Any]:
    role = getattr(member, "role", None)
    return {
        "id": getattr(member, "id", None),
        "name": getattr(member, "name", None),
        "role": getattr(role, "value", role),
    }


def journal_time(text: object) -> datetime | None:
    """A journal time (``2026-11-23T09:00:00.000000Z``) as an aware datetime (None if not)."""
    if not isinstance(text, str):
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def staff_ref(member: Any) -> dict[str, Any]:
    """Who acts, as the store network names them: id, name and the console they act from
    (None: at the lane)."""
    staff_id = getattr(member, "id", None)
    return {
        "staff_id": None if staff_id is None else str(staff_id),
        "name": getattr(member, "name", None),
        "console": getattr(member, "console", None),
    }


def line_dict(line: CartLine) -> dict[str, Any]:
    return {
        "line_id": line.line_id,
        "product_id": line.product.id,
        "quantity": line.quantity,
        "grams": line.grams,
        "voided": line.voided,
    }


def priced_line_dict(line: Any) -> dict[str, Any]:
    return {
        "line_id": line.line_id,
        "parent_line_id": line.parent_line_id,
        "product_id": line.product.id,
        "name_nl": line.product.name_nl,
        "name_en": line.product.name_en,
        "quantity": line.quantity,
        "grams": line.grams,
        "unit_price_cents": line.unit_price_cents,
        "gross_cents": line.gross_cents,
        "saving_cents": line.saving_cents,
        "net_cents": line.net_cents,
        "promotion_codes": list(line.promotion_codes),
        "min_age": line.min_age,
        "is_deposit": line.is_deposit,
    }
