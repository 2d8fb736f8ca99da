"""The lane controller: every shopper flow and failure of one kiosk, Qt-free.

Widgets call its operations (``scan``, ``pay``, ``call_help`` ...) and observe its
signals (``state_changed``, ``cart_changed``, ``message``, ``help_changed``,
``last_item_changed``, ``situation_changed``); :meth:`LaneController.snapshot` is
everything the UI or the store network needs, JSON-able. The controller is used from
one thread (the GUI thread in the kiosk, the test's thread in tests): blocking device
work goes through the injected :class:`~kiosk.core.lane.scheduler.Scheduler`, whose
results come back on that thread; time comes from the injected
:class:`~kiosk.core.lane.clock.Clock` and moves on :meth:`LaneController.tick`.

Rules kept everywhere:

* **Journal first.** A cart change is written to the journal, then applied to the cart,
  then announced. A payment is written (``begin_payment``) before the terminal is
  asked. A failed write (:class:`~kiosk.core.journal.JournalWriteError`) stops the sale
  safely: ``OUT_OF_SERVICE`` (reason ``journal_write_failed``), nothing half-applied,
  the light calls staff (red flashing; the journal that carries help calls is down).
* **Never twice.** One payment at a time; an unknown outcome is asked of the terminal
  before anything else (``docs/session.md``).
* **Help is orthogonal.** Calls (age check, void approval, unknown item, decline,
  unknown payment, device fault, shopper's request, idle) live beside the state; the
  shopper keeps scanning while they are open; only paying waits for approvals.
* **Operations never raise for a shopper's mistake or the wrong moment.** They return
  False and emit a :class:`~kiosk.core.lane.messages.Message` saying why (``NOT_NOW``
  with the operation and state, ``NOT_PERMITTED`` for a staff role, or the flow's own).

Staff actions take the acting member (any object with ``id``, ``name``, ``role``), are
checked with the injected ``can(member, action)`` and recorded with the injected
``audit(actor, action, kiosk_id, transaction_id, before, after)``.
"""

from __future__ import annotations

import enum
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlalchemy import and_, select

from drivers.device import (
    DataEvent,
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    ErrorEvent,
    FaultReason,
    Statistics,
    StatusEvent,
)
from drivers.lane_light.pattern import LaneSituation, pattern_for
from drivers.payment.interface import (
    OutcomeUnknown,
    PaymentOutcome,
    PaymentProgress,
    PaymentResult,
    TerminalBusy,
    TerminalUnavailable,
)
from drivers.scale.protocol import ScaleState
from drivers.scanner.framing import Scan
from kiosk.core.barcodes import (
    DEFAULT_PREFIXES,
    InvalidBarcode,
    InvalidReason,
    ParsedBarcode,
    PrefixTable,
    parse_barcode,
)
from kiosk.core.calendar import DEFAULT_TIMEZONE, business_day
from kiosk.core.cart import Cart, CartError, CartEvent, CartLine
from kiosk.core.catalog.records import ProductInfo
from kiosk.core.journal import Journal, JournalError, JournalWriteError, PaymentInFlight
from kiosk.core.journal.journal import HELP_CALL
from kiosk.core.lane.clock import Clock, SystemClock
from kiosk.core.lane.help import (
    APPROVAL_REASONS,
    HelpCall,
    HelpReason,
    HelpStatus,
    HelpTopic,
)
from kiosk.core.lane.messages import Message, MessageKey
from kiosk.core.lane.payment_flow import (
    PaymentAttempt,
    PaymentPhase,
    decline_calls_staff,
    decline_message,
)
from kiosk.core.lane.ports import (
    EventSource,
    LightPort,
    PaymentPort,
    PrinterPort,
    ScalePort,
    ScannerPort,
)
from kiosk.core.lane.scheduler import JobResult, Scheduler
from kiosk.core.lane.signal import Signal
from kiosk.core.pricing import CartTotals
from kiosk.core.receipt import ReceiptHeader, receipt_lines
from kiosk.core.scan import ProductSource, ScanKind, resolve_scan
from kiosk.core.session import SessionMachine, SessionState, Transition, Trigger

if TYPE_CHECKING:
    from kiosk.config import KioskConfig

__all__ = [
    "Audit",
    "Can",
    "DeviceRole",
    "LaneCatalog",
    "LaneController",
    "LaneDevices",
    "LaneSettings",
    "Member",
    "OutOfServiceReason",
    "ReceiptChoice",
    "StaffAction",
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
JOURNAL_FAILURES = "journal_failures"
RECEIPTS_FAILED = "receipts_failed"

PAYMENT_CANCEL_GRACE_S = 30.0
"""After ``payment_s`` the lane asks the terminal to stop; this much later without an
answer the outcome counts as unknown (the terminal is then asked, then staff)."""


class Member(Protocol):
    """A staff member as the lane sees one (the staff module's record fits)."""

    @property
    def id(self) -> Any: ...

    @property
    def name(self) -> str: ...

    @property
    def role(self) -> Any: ...


Can = Callable[[Any, str], bool]
Audit = Callable[..., object]


class StaffAction(enum.StrEnum):
    """What ``can(member, action)`` is asked (the values are the action names)."""

    LOGIN = "login"
    APPROVE_AGE = "approve_age"
    APPROVE_VOID = "approve_void"
    KEY_IN_ITEM = "key_in_item"
    CANCEL_TRANSACTION = "cancel_transaction"
    LOCK_LANE = "lock_lane"
    UNLOCK_LANE = "unlock_lane"
    DIAGNOSTICS = "diagnostics"
    ANSWER_HELP = "answer_help"
    RESOLVE_PAYMENT = "resolve_payment"
    REVERSE_PAYMENT = "reverse_payment"


class OutOfServiceReason(enum.StrEnum):
    JOURNAL_WRITE_FAILED = "journal_write_failed"
    LOCKED_BY_STAFF = "locked_by_staff"


class ReceiptChoice(enum.StrEnum):
    PRINT = "print"
    DIGITAL = "digital"
    NONE = "none"


class DeviceRole(enum.StrEnum):
    SCANNER = "scanner"
    SCALE = "scale"
    PRINTER = "printer"
    PAYMENT = "payment_terminal"
    LIGHT = "lane_light"


class LaneCatalog(ProductSource, Protocol):
    """What the lane needs from the catalog (:class:`~kiosk.core.catalog.Catalog` fits)."""


@dataclass(frozen=True, slots=True)
class LaneSettings:
    """The lane's settings (``from_config`` takes them from a kiosk's configuration)."""

    kiosk_id: str
    store_id: str = "store"
    store_name: str = ""
    kiosk_name: str = ""
    timezone: str = DEFAULT_TIMEZONE
    language: str = "nl"
    currency: str = "EUR"
    voids_need_approval: bool = False
    digital_receipt: bool = True
    idle_prompt_s: float = 60.0
    idle_suspend_s: float = 30.0
    payment_s: float = 130.0
    attract_after_receipt_s: float = 15.0
    reconcile_retry_s: float = 30.0
    weigh_timeout_s: float = 10.0
    prefixes: PrefixTable = DEFAULT_PREFIXES
    receipt_url: str = "https://receipts.invalid/{store}/{kiosk}/{transaction}"
    """The digital receipt's address (QR code); ``{store}``, ``{kiosk}``, ``{transaction}``."""

    @classmethod
    def from_config(cls, config: KioskConfig, **overrides: Any) -> LaneSettings:
        values: dict[str, Any] = {
            "kiosk_id": config.kiosk.id,
            "store_id": config.store.id,
            "store_name": config.store.name,
            "kiosk_name": config.kiosk.name,
            "timezone": config.store.timezone,
            "language": config.language.value,
            "voids_need_approval": config.policies.voids_need_approval,
            "digital_receipt": config.policies.digital_receipt,
            "idle_prompt_s": float(config.timeouts.idle_prompt_s),
            "idle_suspend_s": float(config.timeouts.idle_suspend_s),
            "payment_s": float(config.timeouts.payment_s),
            "attract_after_receipt_s": float(config.timeouts.attract_after_receipt_s),
            "prefixes": config.barcodes.prefix_table,
        }
        values.update(overrides)
        return cls(**values)


@dataclass(frozen=True, slots=True)
class LaneDevices:
    """The lane's devices; any may be missing (the lane then says so when it is needed)."""

    scanner: ScannerPort | None = None
    scale: ScalePort | None = None
    printer: PrinterPort | None = None
    payment: PaymentPort | None = None
    light: LightPort | None = None

    def items(self) -> list[tuple[DeviceRole, object]]:
        pairs: list[tuple[DeviceRole, object | None]] = [
            (DeviceRole.SCANNER, self.scanner),
            (DeviceRole.SCALE, self.scale),
            (DeviceRole.PRINTER, self.printer),
            (DeviceRole.PAYMENT, self.payment),
            (DeviceRole.LIGHT, self.light),
        ]
        return [(role, port) for role, port in pairs if port is not None]


@dataclass(slots=True)
class _PendingChange:
    """A void or quantity decrease waiting for a staff member's approval."""

    line_id: str
    quantity: int | None  # None: void the line


@dataclass(slots=True)
class _ReceiptState:
    lines: list[str]
    url: str
    printer_failed: bool = False
    printing: bool = False
    choice: ReceiptChoice | None = None
    entered_at: float = 0.0


@dataclass(slots=True)
class _OutOfService:
    reason: OutOfServiceReason
    detail: str = ""
    by: str | None = None


Result = TypeVar("Result")


def _guarded(method: Callable[..., Result]) -> Callable[..., Result | bool]:
    """A journal write failure anywhere in the operation stops selling, never crashes."""

    @functools.wraps(method)
    def wrapper(self: LaneController, *args: Any, **kwargs: Any) -> Result | bool:
        try:
            return method(self, *args, **kwargs)
        except JournalWriteError as error:
            self._journal_failed(error)
            return False

    return wrapper


def _deny_all(_member: Any, _action: str) -> bool:
    return False


def _log_audit(actor: Any, action: str, kiosk_id: str, transaction_id: Any, before: Any,
               after: Any) -> None:  # fmt: skip
    _log.info("audit: %s %s on %s (%s)", getattr(actor, "id", actor), action, kiosk_id,
              transaction_id)  # fmt: skip


class LaneController:
    """One kiosk's session: see the module docstring."""

    def __init__(
        self,
        settings: LaneSettings,
        catalog: LaneCatalog,
        journal: Journal,
        devices: LaneDevices | None = None,
        *,
        clock: Clock | None = None,
        scheduler: Scheduler,
        can: Can = _deny_all,
        audit: Audit = _log_audit,
        statistics: Statistics | None = None,
    ) -> None:
        self.settings = settings
        self.catalog = catalog
        self.journal = journal
        self.devices = devices or LaneDevices()
        self.clock: Clock = clock or SystemClock()
        self.scheduler = scheduler
        self._can = can
        self._audit = audit
        self.statistics = statistics or Statistics(logger="kiosk.lane")

        self.state_changed = Signal("state_changed")  # (old, new, trigger)
        self.cart_changed = Signal("cart_changed")  # (CartTotals)
        self.message = Signal("message")  # (Message)
        self.help_changed = Signal("help_changed")  # (HelpCall)
        self.last_item_changed = Signal("last_item_changed")  # (dict | None)
        self.situation_changed = Signal("situation_changed")  # (LaneSituation)

        self._machine = SessionMachine(S.ATTRACT)
        self._machine.add_listener(self._on_transition)
        self._cart: Cart | None = None
        self._calls: dict[str, HelpCall] = {}
        self._approved_age = 0
        self._pending_changes: dict[str, _PendingChange] = {}
        self._payment: PaymentAttempt | None = None
        self._weighing: ParsedBarcode | None = None
        self._last_item: dict[str, Any] | None = None
        self._last_unknown: dict[str, Any] | None = None
        self._last_decline: dict[str, Any] | None = None
        self._declines = 0
        self._receipt: _ReceiptState | None = None
        self._out_of_service: _OutOfService | None = None
        self._staff: Any = None
        self._device_status: dict[DeviceRole, DeviceStatus] = {}
        self._link_up = True
        self._last_message: Message | None = None
        now = self.clock.monotonic()
        self._last_activity = now
        self._idle_prompt_at = now
        self._state_entered_at = now
        self._situation: LaneSituation | None = None
        self._update_situation()

    # ------------------------------------------------------------------ read side

    @property
    def state(self) -> SessionState:
        return self._machine.state

    @property
    def history(self) -> tuple[Transition, ...]:
        return self._machine.history

    @property
    def cart(self) -> Cart | None:
        return self._cart

    @property
    def transaction_id(self) -> str | None:
        return None if self._cart is None else self._cart.transaction_id

    @property
    def payment(self) -> PaymentAttempt | None:
        return self._payment

    @property
    def help_calls(self) -> tuple[HelpCall, ...]:
        """Every call the lane knows of in this session, oldest first."""
        return tuple(self._calls.values())

    @property
    def open_help_calls(self) -> tuple[HelpCall, ...]:
        return tuple(call for call in self._calls.values() if call.is_open)

    @property
    def situation(self) -> LaneSituation:
        assert self._situation is not None
        return self._situation

    @property
    def last_message(self) -> Message | None:
        return self._last_message

    @property
    def link_up(self) -> bool:
        return self._link_up

    def snapshot(self) -> dict[str, Any]:
        """Everything the UI and the store network (``state`` topic) need, JSON-able."""
        cart = self._cart
        totals = cart.totals if cart is not None else CartTotals.empty()
        receipt = self._receipt
        oos = self._out_of_service
        return {
            "kiosk_id": self.settings.kiosk_id,
            "store_id": self.settings.store_id,
            "state": self.state.value,
            "situation": self.situation.value,
            "transaction_id": self.transaction_id,
            "cart": {
                "lines": [_priced_line_dict(line) for line in totals.lines],
                "total_cents": totals.total_cents,
                "item_count": totals.item_count,
                "saving_cents": totals.saving_cents,
                "deposit_cents": totals.deposit_cents,
                "min_age": totals.min_age,
            },
            "last_item": self._last_item,
            "approved_age": self._approved_age,
            "pay_blocked_by": [reason.value for reason in self._pay_blocks()],
            "weighing": self._weighing is not None,
            "payment": None if self._payment is None else self._payment.to_dict(),
            "last_decline": self._last_decline,
            "receipt": None
            if receipt is None
            else {
                "url": receipt.url,
                "printer_failed": receipt.printer_failed,
                "printing": receipt.printing,
                "choice": None if receipt.choice is None else receipt.choice.value,
                "can_print": self._can_print(),
            },
            "help_calls": [call.to_dict() for call in self._calls.values()],
            "out_of_service": None
            if oos is None
            else {"reason": oos.reason.value, "detail": oos.detail, "by": oos.by},
            "staff": None if self._staff is None else _member_dict(self._staff),
            "devices": {
                role.value: {
                    "state": status.state.value,
                    "reason": None if status.reason is None else status.reason.value,
                }
                for role, status in self._device_status.items()
            },
            "link_up": self._link_up,
            "message": None if self._last_message is None else self._last_message.to_dict(),
        }

    # ------------------------------------------------------------------ wiring

    def attach(self) -> None:
        """Listen to the devices that report events; each event is handed to the
        controller's thread through ``scheduler.post``."""
        for role, port in self.devices.items():
            if isinstance(port, EventSource):
                self._device_status[role] = port.status

                def listener(event: DeviceEvent, role: DeviceRole = role) -> None:
                    self.scheduler.post(lambda: self.device_event(role, event))

                port.add_listener(listener)
        self._update_situation()

    def set_link_up(self, up: bool) -> None:
        """The store network's state (the light turns red + buzzer for help when down)."""
        self._link_up = bool(up)
        self._update_situation()

    # ------------------------------------------------------------------ starting

    @_guarded
    def start(self) -> bool:
        """The shopper tapped "start" (a scan starts by itself)."""
        self._activity()
        if self.state is not S.ATTRACT:
            return self._not_now("start")
        return self._open_transaction()

    def _open_transaction(self) -> bool:
        if self._out_of_service is not None:
            return self._not_now("start")
        day = business_day(self.settings.timezone, self.clock.utc_now())
        try:
            transaction_id = self.journal.open_transaction(self.settings.language, day)
        except JournalError:
            # one is open already (another controller on this journal?): take it up
            _log.warning("a transaction was already open: resuming it")
            return bool(self.resume())
        self._reset_session()
        self._cart = Cart(transaction_id, day)
        self._go(S.SHOPPING, T.START)
        self.cart_changed.emit(self._cart.totals)
        return True

    @_guarded
    def resume(self) -> bool:
        """After a restart: the open transaction's cart, or its payment's reconciliation.

        Nothing lost (the cart is the journal's replay), nothing added, nothing charged
        twice (a payment in flight is asked of the terminal before anything else).
        Returns whether there was something to resume.
        """
        if self.state is not S.ATTRACT:
            return self._not_now("resume")
        return self._resume(T.RESUME)

    def _resume(self, trigger: Trigger) -> bool:
        restored = self.journal.restore()
        self._reset_session()
        self._restore_calls()
        if restored is None:
            if self.state is S.OUT_OF_SERVICE and self._out_of_service is None:
                self._go(S.ATTRACT, trigger)
            self._update_situation()
            return False
        self._cart = Cart.replay(restored.id, restored.business_date, restored.events)
        self._approved_age = self._approved_age_from_journal(restored.id)
        for call in self._calls.values():
            if call.reason is HelpReason.VOID_APPROVAL and call.is_open:
                change = call.context.get("change", {})
                self._pending_changes[call.id] = _PendingChange(
                    str(change.get("line_id")), change.get("quantity")
                )
        self.cart_changed.emit(self._cart.totals)
        approved = restored.approved_payment
        in_flight = restored.payment_in_flight
        if approved is not None:
            self._finish_paid(approved.reference, approved.amount_cents, trigger, settled=True)
        elif in_flight is not None:
            self._payment = PaymentAttempt(
                in_flight.reference,
                in_flight.amount_cents,
                PaymentPhase.UNKNOWN,
                started_at=self.clock.monotonic(),
            )
            self.statistics.increment(PAYMENTS_UNKNOWN)
            self._go(S.PAYMENT_UNKNOWN, trigger)
            self._say(MessageKey.PAYMENT_CHECKING, amount_cents=in_flight.amount_cents)
            self._reconcile()
        else:
            self._go(S.SHOPPING, trigger)
            totals = self._cart.totals
            self._say(
                MessageKey.CART_RESTORED,
                item_count=totals.item_count,
                total_cents=totals.total_cents,
            )
        return True

    def _restore_calls(self) -> None:
        for row in self.journal.open_help_calls():
            try:
                reason = HelpReason(row["reason"])
            except ValueError:
                _log.warning("open help call %s has an unknown reason %r", row["id"], row["reason"])
                continue
            context = row["context"] if isinstance(row["context"], dict) else {}
            topic = context.get("topic")
            call = HelpCall(
                id=row["id"],
                reason=reason,
                context=context,
                status=HelpStatus(row["status"]),
                topic=HelpTopic(topic) if topic in set(HelpTopic) else None,
                staff_name=row["staff"],
                transaction_id=row["transaction_id"],
                subject=context.get("subject"),
            )
            self._calls[call.id] = call
            self.help_changed.emit(call)

    def _approved_age_from_journal(self, transaction_id: str) -> int:
        """The age staff approved in this transaction, from its resolved age-check calls.

        (Read straight from the journal's help-call table: the journal has no method for
        a transaction's closed calls yet.)"""
        with self.journal.engine.connect() as conn:
            outcomes = conn.execute(
                select(HELP_CALL.c.outcome).where(
                    and_(
                        HELP_CALL.c.transaction_id == transaction_id,
                        HELP_CALL.c.reason == HelpReason.AGE_CHECK.value,
                        HELP_CALL.c.status == HelpStatus.RESOLVED.value,
                    )
                )
            ).scalars()
            ages = [
                int(text.split(":", 1)[1])
                for text in outcomes
                if text and text.startswith("approved:") and text.split(":", 1)[1].isdigit()
            ]
        return max(ages, default=0)

    # ------------------------------------------------------------------ scanning

    @_guarded
    def scan(self, raw: str | Scan) -> bool:
        """A scan from the scanner (a :class:`~drivers.scanner.Scan` or its text)."""
        if isinstance(raw, Scan):
            text = (raw.aim_id or "") + raw.data
        elif isinstance(raw, str):
            text = raw
        else:
            raise TypeError(f"scan() takes a Scan or text, not {type(raw).__name__}")
        return self._code(text, keyed=False)

    @_guarded
    def key_in(self, code: str) -> bool:
        """A code the shopper typed: a barcode's digits or a produce code (PLU)."""
        return self._code(str(code), keyed=True)

    @_guarded
    def add_produce(self, plu: str) -> bool:
        """Loose produce picked from the picture grid; weighed if sold per kilogram."""
        plu = str(plu).strip()
        if not (plu.isascii() and plu.isdigit() and len(plu) in (4, 5)):
            self._activity()
            self._say(MessageKey.UNKNOWN_BARCODE, code=plu)
            return False
        return self._code(plu, keyed=True)

    def _code(self, text: str, *, keyed: bool) -> bool:
        self._activity()
        self.statistics.increment(SCANS)
        parsed = parse_barcode(text, prefixes=self.settings.prefixes)
        if isinstance(parsed, InvalidBarcode):
            return self._invalid(parsed, keyed=keyed)
        if not self._ready_to_sell("scan"):
            return False
        return self._sell(parsed)

    def _invalid(self, parsed: InvalidBarcode, *, keyed: bool) -> bool:
        if parsed.reason in (InvalidReason.BAD_CHECK_DIGIT, InvalidReason.BAD_VERIFIER_DIGIT):
            self.statistics.increment(INVALID_CHECK_DIGITS)
            self._say(MessageKey.INVALID_CHECK_DIGIT, keyed=keyed)
        else:
            self.statistics.increment(UNREADABLE_SCANS)
            self._say(MessageKey.UNREADABLE_BARCODE, reason=parsed.reason, keyed=keyed)
        return False

    def _ready_to_sell(self, operation: str) -> bool:
        """Bring the session to SHOPPING for a sale, if the state allows one."""
        state = self.state
        if state is S.SHOPPING:
            return True
        if state is S.ATTRACT:
            return self._open_transaction()
        if state in (S.IDLE_PROMPT, S.SUSPENDED):
            self._welcome_back()
            return True
        if state in (S.AWAITING_ATTENDANT, S.DECLINED):
            self._go(S.SHOPPING, T.BACK)
            return True
        if state is S.FEEDBACK:
            self._end_session(T.FEEDBACK_DONE)
            return self._open_transaction()
        return self._not_now(operation)

    def _sell(self, parsed: ParsedBarcode, *, grams: int | None = None) -> bool:
        cart = self._cart
        assert cart is not None
        outcome = resolve_scan(cart, self.catalog, parsed, grams=grams)
        product = outcome.product
        kind = outcome.kind
        if kind is ScanKind.ADD:
            assert outcome.event is not None and product is not None
            self._record(outcome.event)
            self.statistics.increment(ITEMS_ADDED)
            self._set_last_item(outcome.event.line_id, product)
            self._say(MessageKey.ITEM_ADDED, **_product_params(product))
            self._check_age(product)
            return True
        if kind is ScanKind.UNKNOWN_PRODUCT:
            self.statistics.increment(UNKNOWN_ITEMS)
            unknown = {
                "code": outcome.code,
                "barcode": parsed.raw,
                "symbology": parsed.symbology.value,
                "transaction_id": cart.transaction_id,
            }
            # recorded for staff to price later
            self.journal.enqueue("unknown_item", unknown)
            self._last_unknown = unknown
            self._say(MessageKey.UNKNOWN_BARCODE, code=outcome.code, help_offered=True)
            return False
        assert product is not None
        if kind is ScanKind.NEEDS_WEIGHT:
            return self._weigh(parsed, product)
        if kind is ScanKind.NOT_FOR_SALE:
            self._say(MessageKey.NOT_FOR_SALE, **_product_params(product))
        elif kind is ScanKind.DEPOSIT_ALONE:
            self._say(MessageKey.DEPOSIT_ALONE, **_product_params(product))
        else:
            self._say(
                MessageKey.ITEM_REFUSED,
                problem=type(outcome.error).__name__,
                **_product_params(product),
            )
        return False

    def _record(self, event: CartEvent) -> None:
        """Journal first, then the cart, then everyone who listens."""
        cart = self._cart
        assert cart is not None
        self.journal.record_cart_event(cart.transaction_id, event)
        cart.apply(event)
        self.cart_changed.emit(cart.totals)

    def _set_last_item(self, line_id: str, product: ProductInfo) -> None:
        assert self._cart is not None
        line = self._cart.line(line_id)
        priced = next((p for p in self._cart.totals.lines if p.line_id == line_id), None)
        self._last_item = {
            "line_id": line_id,
            **_product_params(product),
            "image": product.image,
            "quantity": line.quantity,
            "grams": line.grams,
            "net_cents": None if priced is None else priced.net_cents,
            "unit_price_cents": None if priced is None else priced.unit_price_cents,
        }
        self.last_item_changed.emit(self._last_item)

    # --- weighing

    def _weigh(self, parsed: ParsedBarcode, product: ProductInfo) -> bool:
        scale = self.devices.scale
        if scale is None or not self._device_ok(DeviceRole.SCALE):
            self._say(MessageKey.SCALE_UNAVAILABLE, help_offered=True, **_product_params(product))
            return False
        if self._weighing is not None:
            self._say(MessageKey.STILL_WEIGHING)
            return False
        self._weighing = parsed
        self._say(MessageKey.PUT_ON_SCALE, **_product_params(product))
        timeout = self.settings.weigh_timeout_s
        self.scheduler.run(
            lambda: scale.wait_stable(timeout),
            lambda result: self._weighed(parsed, product, result),
            channel="scale",
        )
        return True

    @_guarded
    def _weighed(self, parsed: ParsedBarcode, product: ProductInfo, result: JobResult[Any]) -> None:
        self._weighing = None
        if self.state is not S.SHOPPING or self._cart is None:
            _log.info("a weighing finished after the shopper moved on: dropped")
            return
        if not result.ok:
            reason = getattr(result.error, "reason", None)
            key = {
                FaultReason.OVERLOAD: MessageKey.SCALE_OVERLOAD,
                FaultReason.UNDER_ZERO: MessageKey.SCALE_UNDER_ZERO,
                FaultReason.TIMEOUT: MessageKey.SCALE_UNSTABLE,
            }.get(reason, MessageKey.SCALE_UNAVAILABLE)
            self._say(key, **_product_params(product))
            return
        reading = result.value
        state = getattr(reading, "state", None)
        grams = getattr(reading, "grams", None)
        if state is ScaleState.OVERLOAD:
            self._say(MessageKey.SCALE_OVERLOAD, **_product_params(product))
        elif state is ScaleState.UNDER_ZERO:
            self._say(MessageKey.SCALE_UNDER_ZERO, **_product_params(product))
        elif state is not ScaleState.STABLE or not isinstance(grams, int) or grams <= 0:
            self._say(MessageKey.SCALE_UNSTABLE, **_product_params(product))
        else:
            self._sell(parsed, grams=grams)

    # --- bags, quantities, removals

    @_guarded
    def add_bag(self, code: str, quantity: int = 1) -> bool:
        """Add carrier bags by the bag's barcode (``Catalog.bags()`` lists them)."""
        self._activity()
        parsed = parse_barcode(str(code), prefixes=self.settings.prefixes)
        product = None
        if isinstance(parsed, ParsedBarcode) and parsed.lookup_gtin is not None:
            product = self.catalog.by_gtin(parsed.lookup_gtin)
        if product is None or not product.is_bag:
            self._say(MessageKey.NOT_A_BAG, code=str(code))
            return False
        if not self._ready_to_sell("add_bag"):
            return False
        assert self._cart is not None
        try:
            event = self._cart.add_product(product, quantity=quantity, barcode=None)
        except CartError as error:
            self._say(MessageKey.ITEM_REFUSED, problem=type(error).__name__,
                      **_product_params(product))  # fmt: skip
            return False
        self._record(event)
        self._set_last_item(event.line_id, product)
        self._say(MessageKey.ITEM_ADDED, **_product_params(product))
        return True

    def _editable(self, operation: str) -> bool:
        if self._cart is None or self.state in (S.ATTRACT, S.FEEDBACK):
            return self._not_now(operation)
        return self._ready_to_sell(operation)

    @_guarded
    def set_quantity(self, line_id: str, quantity: int) -> bool:
        """Change a piece line's quantity; less than before is a void (per policy)."""
        self._activity()
        if not self._editable("set_quantity"):
            return False
        assert self._cart is not None
        try:
            line = self._cart.line(line_id)
            if quantity == 0:
                return bool(self.remove_line(line_id))
            event = self._cart.set_quantity(line_id, quantity)
        except CartError as error:
            self._say(MessageKey.QUANTITY_REFUSED, problem=type(error).__name__, line_id=line_id)
            return False
        if quantity < line.quantity and self.settings.voids_need_approval:
            return self._ask_void_approval(line, quantity)
        self._record(event)
        self._say(MessageKey.QUANTITY_CHANGED, line_id=line_id, quantity=quantity)
        self._recheck_blocks()
        return True

    @_guarded
    def remove_line(self, line_id: str) -> bool:
        """Remove a line: at once, or after a staff member's approval (policy)."""
        self._activity()
        if not self._editable("remove_line"):
            return False
        assert self._cart is not None
        try:
            line = self._cart.line(line_id)
            event = self._cart.void_line(line_id, "removed by the shopper")
        except CartError as error:
            self._say(MessageKey.QUANTITY_REFUSED, problem=type(error).__name__, line_id=line_id)
            return False
        if self.settings.voids_need_approval:
            return self._ask_void_approval(line, None)
        self._record(event)
        self._say(MessageKey.LINE_REMOVED, line_id=line_id, **_product_params(line.product))
        self._recheck_blocks()
        return True

    def _ask_void_approval(self, line: CartLine, quantity: int | None) -> bool:
        for call_id, pending in self._pending_changes.items():
            if pending.line_id == line.line_id and self._calls[call_id].is_open:
                pending.quantity = quantity  # the latest wish counts
                self._say(MessageKey.VOID_NEEDS_APPROVAL, line_id=line.line_id,
                          **_product_params(line.product))  # fmt: skip
                return True
        change = {"line_id": line.line_id, "quantity": quantity, "was": line.quantity}
        call = self._raise_call(
            HelpReason.VOID_APPROVAL,
            {"change": change, "product": _product_params(line.product)},
            subject=line.line_id,
        )
        self._pending_changes[call.id] = _PendingChange(line.line_id, quantity)
        self._say(MessageKey.VOID_NEEDS_APPROVAL, line_id=line.line_id, call_id=call.id,
                  **_product_params(line.product))  # fmt: skip
        return True

    # --- age

    def _check_age(self, product: ProductInfo) -> None:
        if product.min_age <= self._approved_age:
            return
        existing = self._open_call(HelpReason.AGE_CHECK)
        if existing is None:
            existing = self._raise_call(
                HelpReason.AGE_CHECK,
                {"min_age": product.min_age, "product": _product_params(product)},
            )
        self._say(MessageKey.AGE_CHECK_NEEDED, age=product.min_age, call_id=existing.id)

    def _pay_blocks(self) -> list[HelpReason]:
        blocks: list[HelpReason] = []
        if self._cart is not None and self._cart.needs_age_check > self._approved_age:
            blocks.append(HelpReason.AGE_CHECK)
        if any(self._calls[call_id].is_open for call_id in self._pending_changes):
            blocks.append(HelpReason.VOID_APPROVAL)
        return blocks

    def _recheck_blocks(self) -> None:
        """After a change: an age check no longer needed goes away; a waiting shopper
        whose blocks are gone may go on."""
        call = self._open_call(HelpReason.AGE_CHECK)
        if call is not None and (
            self._cart is None or self._cart.needs_age_check <= self._approved_age
        ):
            self._update_call(call, HelpStatus.CANCELLED, outcome="no longer needed")
        if self.state is S.AWAITING_ATTENDANT and not self._pay_blocks():
            self._go(S.SHOPPING, T.APPROVED_BY_STAFF)

    # ------------------------------------------------------------------ paying

    @_guarded
    def pay(self) -> bool:
        """Pay the cart's total: journal first, then the terminal (never twice)."""
        self._activity()
        state = self.state
        if self._payment is not None:
            self._say(MessageKey.PAYMENT_ALREADY_RUNNING)
            return False
        if state not in (S.SHOPPING, S.DECLINED):
            return self._not_now("pay")
        cart = self._cart
        assert cart is not None
        total = cart.totals.total_cents
        if self._weighing is not None:
            self._say(MessageKey.STILL_WEIGHING)
            return False
        if total <= 0:
            self._say(MessageKey.NOTHING_TO_PAY)
            return False
        blocks = self._pay_blocks()
        if blocks:
            if state is S.DECLINED:
                self._go(S.SHOPPING, T.BACK)
            self._go(S.AWAITING_ATTENDANT, T.PAY_BLOCKED)
            for reason in blocks:
                key = (
                    MessageKey.PAY_BLOCKED_AGE
                    if reason is HelpReason.AGE_CHECK
                    else MessageKey.PAY_BLOCKED_VOID
                )
                self._say(key)
            return False
        terminal = self.devices.payment
        if terminal is None or not self._device_ok(DeviceRole.PAYMENT):
            self._payment_unavailable("terminal offline")
            return False
        try:
            record = self.journal.begin_payment(cart.transaction_id, total)
        except PaymentInFlight:
            # the journal knows a payment we do not: reconcile it, never start another
            _log.error("the journal has a payment in flight the lane did not know of")
            in_flight = self.journal.payment_in_flight(cart.transaction_id)
            assert in_flight is not None
            self._payment = PaymentAttempt(
                in_flight.reference, in_flight.amount_cents, PaymentPhase.UNKNOWN,
                started_at=self.clock.monotonic(),
            )  # fmt: skip
            self._go(S.PAYING, T.PAY if state is S.SHOPPING else T.RETRY)
            self._go(S.PAYMENT_UNKNOWN, T.PAYMENT_UNKNOWN)
            self._reconcile()
            return False
        self.statistics.increment(PAYMENTS_STARTED)
        attempt = PaymentAttempt(
            record.reference,
            total,
            PaymentPhase.IN_FLIGHT,
            started_at=self.clock.monotonic(),
            job_running=True,
        )
        self._payment = attempt
        self._go(S.PAYING, T.PAY if state is S.SHOPPING else T.RETRY)
        self._say(MessageKey.FOLLOW_TERMINAL, amount_cents=total)
        currency = self.settings.currency
        reference = record.reference
        self.scheduler.run(
            lambda: terminal.start_payment(total, currency, reference=reference),
            lambda result: self._payment_done(reference, result),
            channel="payment",
        )
        return True

    def _payment_unavailable(self, detail: str) -> None:
        self._say(MessageKey.PAYMENT_UNAVAILABLE, help_offered=True)
        self._raise_call(
            HelpReason.DEVICE_FAULT,
            {"device": DeviceRole.PAYMENT.value, "detail": detail},
            subject=DeviceRole.PAYMENT.value,
        )

    @_guarded
    def cancel_payment(self) -> bool:
        """The shopper pressed cancel: ask the terminal to stop. Its answer decides (a
        card already authorised stays approved)."""
        self._activity()
        attempt = self._payment
        if self.state is not S.PAYING or attempt is None or not attempt.job_running:
            return self._not_now("cancel_payment")
        self._send_cancel(attempt)
        return True

    def _send_cancel(self, attempt: PaymentAttempt) -> None:
        terminal = self.devices.payment
        if attempt.cancel_sent or terminal is None:
            return
        attempt.cancel_sent = True
        self._say(MessageKey.PAYMENT_CANCELLING)
        self.scheduler.run(terminal.cancel, _ignore_result, channel="payment_cancel")

    @_guarded
    def _payment_done(self, reference: str, result: JobResult[PaymentResult]) -> None:
        attempt = self._payment
        if attempt is None or attempt.reference != reference:
            self._late_result(reference, result)
            return
        attempt.job_running = False
        if result.ok:
            self._apply_payment(attempt, result.get())
            return
        error = result.error
        if isinstance(error, TerminalUnavailable | TerminalBusy | OutcomeUnknown):
            # the interface's promise: nothing was sent to the terminal
            self.journal.settle_payment(
                reference,
                "failed",
                {"error": type(error).__name__, "detail": str(error)},
            )
            self._payment = None
            self._go(S.SHOPPING, T.PAYMENT_NOT_DONE)
            if isinstance(error, OutcomeUnknown):
                self._say(MessageKey.PAYMENT_STAFF_CHECKING)
                self._raise_call(
                    HelpReason.PAYMENT_UNKNOWN,
                    {"terminal_unresolved": error.reference, "detail": str(error)},
                    subject=error.reference,
                )
            else:
                self._payment_unavailable(str(error))
            return
        # anything else: we cannot tell whether the terminal took it
        _log.warning("payment %s: %s; asking the terminal", reference, error)
        self._unknown(attempt, {"error": type(error).__name__, "detail": str(error)})

    def _late_result(self, reference: str, result: JobResult[PaymentResult]) -> None:
        """A terminal answer for a payment already settled otherwise (by staff): kept in
        the outbox for a supervisor, never acted on by itself."""
        payload: dict[str, Any] = {"reference": reference}
        if result.ok:
            payload["result"] = result.get().to_dict()
        else:
            payload["error"] = f"{type(result.error).__name__}: {result.error}"
        _log.warning("late payment result for %s: %s", reference, payload)
        self.journal.enqueue("late_payment_result", payload)

    def _apply_payment(self, attempt: PaymentAttempt, result: PaymentResult) -> None:
        outcome = result.outcome
        if outcome is PaymentOutcome.UNKNOWN or result.reference != attempt.reference:
            self._unknown(attempt, result.to_dict())
            return
        if outcome is PaymentOutcome.APPROVED:
            self.journal.settle_payment(attempt.reference, "approved", result.to_dict())
            self.statistics.increment(PAYMENTS_APPROVED)
            self._finish_paid(
                attempt.reference,
                attempt.amount_cents,
                T.PAYMENT_APPROVED,
                settled=True,
                customer_receipt=list(result.customer_receipt),
            )
            return
        was_unknown = attempt.phase is PaymentPhase.UNKNOWN
        status = "declined" if outcome is PaymentOutcome.DECLINED else "cancelled"
        self.journal.settle_payment(attempt.reference, status, result.to_dict())
        self._payment = None
        self._close_call(attempt.help_call_id, HelpStatus.RESOLVED, f"payment {status}")
        if outcome is PaymentOutcome.DECLINED:
            self.statistics.increment(PAYMENTS_DECLINED)
            self._declines += 1
            key = decline_message(result.reason)
            self._last_decline = {
                "reason": None if result.reason is None else result.reason.value,
                "result_code": result.result_code,
                "amount_cents": result.amount_cents,
                "reference": attempt.reference,
            }
            self._go(S.DECLINED, T.PAYMENT_DECLINED)
            self._say(key, reason=result.reason)
            if decline_calls_staff(key, self._declines):
                self._raise_call(HelpReason.PAYMENT_DECLINED, {"decline": self._last_decline})
        elif was_unknown:
            self._go(S.SHOPPING, T.PAYMENT_NOT_DONE)
            self._say(MessageKey.PAYMENT_NOT_TAKEN)
        else:
            self._go(S.SHOPPING, T.PAYMENT_CANCELLED)
            self._say(MessageKey.PAYMENT_CANCELLED)

    def _unknown(self, attempt: PaymentAttempt, detail: dict[str, Any]) -> None:
        if attempt.phase is PaymentPhase.IN_FLIGHT:
            attempt.phase = PaymentPhase.UNKNOWN
            self.statistics.increment(PAYMENTS_UNKNOWN)
            self.journal.settle_payment(attempt.reference, "unknown", detail)
            self._go(S.PAYMENT_UNKNOWN, T.PAYMENT_UNKNOWN)
            self._say(MessageKey.PAYMENT_CHECKING, amount_cents=attempt.amount_cents)
            self._reconcile()
        else:
            self._escalate_unknown(attempt, detail)

    def _reconcile(self) -> None:
        """Ask the terminal what became of the unknown payment (nothing else first)."""
        attempt = self._payment
        terminal = self.devices.payment
        if attempt is None or attempt.job_running:
            return
        if terminal is None:
            self._escalate_unknown(attempt, {"detail": "no payment terminal"})
            return
        attempt.job_running = True
        attempt.reconciliations += 1
        attempt.next_reconcile_at = None
        reference = attempt.reference
        self.scheduler.run(
            lambda: terminal.transaction_status(reference),
            lambda result: self._reconciled(reference, result),
            channel="payment",
        )

    @_guarded
    def _reconciled(self, reference: str, result: JobResult[PaymentResult]) -> None:
        attempt = self._payment
        if attempt is None or attempt.reference != reference:
            self._late_result(reference, result)
            return
        attempt.job_running = False
        if not result.ok:
            self._escalate_unknown(attempt, {"error": f"{type(result.error).__name__}"})
            return
        self._apply_payment(attempt, result.get())

    def _escalate_unknown(self, attempt: PaymentAttempt, detail: dict[str, Any]) -> None:
        """Still unknown: staff must look (the lane keeps asking the terminal)."""
        attempt.next_reconcile_at = self.clock.monotonic() + self.settings.reconcile_retry_s
        call = self._calls.get(attempt.help_call_id or "")
        if call is None or not call.is_open:
            call = self._raise_call(
                HelpReason.PAYMENT_UNKNOWN,
                {
                    "reference": attempt.reference,
                    "amount_cents": attempt.amount_cents,
                    "detail": detail,
                },
                subject=attempt.reference,
            )
            attempt.help_call_id = call.id
            self._say(MessageKey.PAYMENT_STAFF_CHECKING, amount_cents=attempt.amount_cents)

    def _finish_paid(
        self,
        reference: str,
        amount_cents: int,
        trigger: Trigger,
        *,
        settled: bool,
        customer_receipt: list[str] | None = None,
    ) -> None:
        cart = self._cart
        assert cart is not None and settled
        self.journal.close_transaction(cart.transaction_id, "paid", cart.totals.total_cents)
        attempt = self._payment
        self._payment = None
        if attempt is not None:
            self._close_call(attempt.help_call_id, HelpStatus.RESOLVED, "payment approved")
        for call in self.open_help_calls:
            if call.transaction_id == cart.transaction_id and call.reason is not HelpReason.IDLE:
                self._update_call(call, HelpStatus.RESOLVED, outcome="transaction paid")
        url = self.settings.receipt_url.format(
            store=self.settings.store_id,
            kiosk=self.settings.kiosk_id,
            transaction=cart.transaction_id,
        )
        header = ReceiptHeader(
            store_name=self.settings.store_name,
            kiosk_name=self.settings.kiosk_name,
            transaction_id=cart.transaction_id,
            when=self.clock.utc_now().strftime("%Y-%m-%d %H:%M UTC"),
        )
        lines = receipt_lines(cart.totals, self.settings.language, header)
        if customer_receipt:
            lines += ["", *customer_receipt]
        self._receipt = _ReceiptState(lines, url, printer_failed=not self._can_print())
        self._receipt.entered_at = self.clock.monotonic()
        self._go(S.RECEIPT, trigger)
        self._say(MessageKey.PAYMENT_APPROVED, amount_cents=amount_cents, reference=reference)
        if self._receipt.printer_failed:
            self._say(MessageKey.PRINTER_FAILED_DIGITAL, url=url)

    # ------------------------------------------------------------------ receipt, feedback

    def _can_print(self) -> bool:
        return self.devices.printer is not None and self._device_ok(DeviceRole.PRINTER)

    @_guarded
    def choose_receipt(self, choice: ReceiptChoice | str) -> bool:
        """Print, digital (QR) or no receipt."""
        self._activity()
        choice = ReceiptChoice(choice)
        receipt = self._receipt
        if self.state is not S.RECEIPT or receipt is None or receipt.printing:
            return self._not_now("choose_receipt")
        printer = self.devices.printer
        if choice is ReceiptChoice.PRINT:
            if receipt.printer_failed or printer is None:
                self._say(MessageKey.PRINTER_FAILED_DIGITAL, url=receipt.url)
                return False
            receipt.printing = True
            receipt.choice = choice
            self._say(MessageKey.RECEIPT_PRINTING)
            lines = list(receipt.lines)
            self.scheduler.run(
                lambda: printer.print_receipt(lines), self._printed, channel="printer"
            )
            return True
        receipt.choice = choice
        if choice is ReceiptChoice.DIGITAL:
            if not (self.settings.digital_receipt or receipt.printer_failed):
                return self._not_now("digital_receipt")
            self.journal.enqueue(
                "digital_receipt",
                {"transaction_id": self.transaction_id, "url": receipt.url,
                 "lines": receipt.lines},
            )  # fmt: skip
            self._say(MessageKey.DIGITAL_RECEIPT, url=receipt.url)
        else:
            self._say(MessageKey.NO_RECEIPT)
        self._go(S.FEEDBACK, T.RECEIPT_DONE)
        return True

    @_guarded
    def _printed(self, result: JobResult[Any]) -> None:
        receipt = self._receipt
        if receipt is None or self.state is not S.RECEIPT:
            return
        receipt.printing = False
        outcome = result.value if result.ok else None
        if outcome is not None and getattr(outcome, "ok", False):
            self._say(MessageKey.RECEIPT_PRINTED)
            self._go(S.FEEDBACK, T.RECEIPT_DONE)
            return
        self.statistics.increment(RECEIPTS_FAILED)
        reason = getattr(outcome, "reason", None) if outcome is not None else None
        detail = getattr(outcome, "detail", "") if outcome is not None else str(result.error)
        receipt.printer_failed = True
        receipt.choice = None
        # staff told through the outbox; the lane keeps selling with digital receipts
        self.journal.enqueue(
            "device_fault",
            {
                "device": DeviceRole.PRINTER.value,
                "reason": None if reason is None else str(reason),
                "detail": detail,
                "transaction_id": self.transaction_id,
            },
        )
        self._say(
            MessageKey.PRINTER_FAILED_DIGITAL,
            url=receipt.url,
            reason=None if reason is None else str(reason),
        )

    @_guarded
    def rate(self, score: int) -> bool:
        """The shopper's one-tap rating (1-5) of the visit; then back to attract."""
        self._activity()
        if self.state is not S.FEEDBACK:
            return self._not_now("rate")
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ValueError(f"a rating is 1-5, not {score!r}")
        self.journal.enqueue(
            "rating", {"transaction_id": self.transaction_id, "score": score, "of": "session"}
        )
        self._say(MessageKey.THANK_YOU)
        self._end_session(T.FEEDBACK_DONE)
        return True

    def _end_session(self, trigger: Trigger) -> None:
        self._go(S.ATTRACT, trigger)
        self._reset_session()
        self.cart_changed.emit(CartTotals.empty())
        self.last_item_changed.emit(None)

    def _reset_session(self) -> None:
        self._cart = None
        self._approved_age = 0
        self._pending_changes.clear()
        self._payment = None
        self._weighing = None
        self._last_item = None
        self._last_unknown = None
        self._last_decline = None
        self._declines = 0
        self._receipt = None
        self._calls = {cid: call for cid, call in self._calls.items() if call.is_open}

    # ------------------------------------------------------------------ idle and time

    def touch(self) -> bool:
        """Any touch on the screen: counts as activity, answers "are you still there?"."""
        self._activity()
        if self.state in (S.IDLE_PROMPT, S.SUSPENDED):
            return bool(self._guarded_welcome_back())
        return True

    @_guarded
    def _guarded_welcome_back(self) -> bool:
        self._welcome_back()
        return True

    def _welcome_back(self) -> None:
        was_suspended = self.state is S.SUSPENDED
        self._go(S.SHOPPING, T.TOUCH)
        if was_suspended:
            call = self._open_call(HelpReason.IDLE)
            if call is not None:
                self._update_call(call, HelpStatus.RESOLVED, outcome="shopper returned")
        self._say(MessageKey.WELCOME_BACK)

    @_guarded
    def tick(self) -> None:
        """Let time act: idle prompt and suspend, payment timeout, reconciliation retry,
        receipt and feedback screens timing out. Call it about once a second."""
        now = self.clock.monotonic()
        state = self.state
        settings = self.settings
        if state is S.SHOPPING:
            if (
                self._weighing is None
                and not self.open_help_calls
                and now - self._last_activity >= settings.idle_prompt_s
            ):
                self._idle_prompt_at = now
                self._go(S.IDLE_PROMPT, T.IDLE)
                self._say(MessageKey.ARE_YOU_STILL_THERE)
        elif state is S.IDLE_PROMPT:
            if now - self._idle_prompt_at >= settings.idle_suspend_s:
                self._suspend()
        elif state is S.PAYING:
            attempt = self._payment
            if attempt is not None and attempt.job_running:
                waited = now - attempt.started_at
                if waited >= settings.payment_s:
                    self._send_cancel(attempt)
                if waited >= settings.payment_s + PAYMENT_CANCEL_GRACE_S:
                    # the terminal call is stuck: unknown; staff asked right away
                    self._unknown(attempt, {"detail": "no answer from the terminal in time"})
                    if attempt.job_running:
                        self._escalate_unknown(attempt, {"detail": "terminal not answering"})
        elif state is S.PAYMENT_UNKNOWN:
            attempt = self._payment
            if (
                attempt is not None
                and not attempt.job_running
                and attempt.next_reconcile_at is not None
                and now >= attempt.next_reconcile_at
            ):
                self._reconcile()
        elif state is S.RECEIPT:
            receipt = self._receipt
            if (
                receipt is not None
                and not receipt.printing
                and now - self._state_entered_at >= settings.attract_after_receipt_s
            ):
                self.choose_receipt(ReceiptChoice.NONE)
        elif (
            state is S.FEEDBACK and now - self._state_entered_at >= settings.attract_after_receipt_s
        ):
            self._end_session(T.FEEDBACK_DONE)

    def _suspend(self) -> None:
        cart = self._cart
        assert cart is not None
        if not cart.active_lines:
            self.journal.close_transaction(cart.transaction_id, "cancelled", 0)
            self._go(S.ATTRACT, T.IDLE_TIMEOUT)
            self._reset_session()
            self.cart_changed.emit(CartTotals.empty())
            self.last_item_changed.emit(None)
            return
        self._go(S.SUSPENDED, T.IDLE_TIMEOUT)
        self._raise_call(HelpReason.IDLE, {"idle_s": int(self.settings.idle_prompt_s)})
        self._say(MessageKey.SESSION_SUSPENDED)

    def _activity(self) -> None:
        self._last_activity = self.clock.monotonic()

    # ------------------------------------------------------------------ help

    @_guarded
    def call_help(
        self,
        reason: HelpReason | str = HelpReason.SHOPPER_REQUEST,
        topic: HelpTopic | str | None = None,
    ) -> str | None:
        """The shopper asks for help (from every shopper screen); returns the call's id.

        ``reason`` is ``shopper_request`` (with the ``topic`` picked), or one the lane
        offered: ``unknown_item``, ``payment_declined``, ``device_fault``.
        """
        self._activity()
        reason = HelpReason(reason)
        topic = None if topic is None else HelpTopic(topic)
        if reason not in (
            HelpReason.SHOPPER_REQUEST,
            HelpReason.UNKNOWN_ITEM,
            HelpReason.PAYMENT_DECLINED,
            HelpReason.DEVICE_FAULT,
        ):
            raise ValueError(f"the lane raises {reason} calls itself")
        if self.state not in (*_SHOPPER_HELP_STATES, S.OUT_OF_SERVICE):
            self._not_now("call_help")
            return None
        if self.state in (S.IDLE_PROMPT, S.SUSPENDED):
            self._welcome_back()
        context: dict[str, Any] = {}
        if reason is HelpReason.UNKNOWN_ITEM and self._last_unknown is not None:
            context["unknown"] = self._last_unknown
        if reason is HelpReason.PAYMENT_DECLINED and self._last_decline is not None:
            context["decline"] = self._last_decline
        if reason is HelpReason.DEVICE_FAULT:
            context["devices"] = {
                role.value: str(status)
                for role, status in self._device_status.items()
                if status.state is not DeviceState.ONLINE
            }
        call = self._raise_call(reason, context, topic=topic)
        self._say(MessageKey.HELP_CALLED, reason=reason, call_id=call.id)
        return call.id

    @_guarded
    def cancel_help(self, call_id: str) -> bool:
        """The shopper no longer needs the call (not for age checks or unknown payments)."""
        self._activity()
        call = self._calls.get(call_id)
        if call is None or not call.is_open:
            return self._not_now("cancel_help")
        if not call.shopper_cancellable:
            self._say(MessageKey.HELP_NOT_CANCELLABLE, reason=call.reason, call_id=call_id)
            return False
        self._update_call(call, HelpStatus.CANCELLED, outcome="cancelled by the shopper")
        self._pending_changes.pop(call_id, None)
        self._say(MessageKey.HELP_CANCELLED, reason=call.reason, call_id=call_id)
        self._recheck_blocks()
        return True

    @_guarded
    def acknowledge_help(self, call_id: str, staff_name: str) -> bool:
        """A staff member took the call ("Sam is on the way")."""
        call = self._calls.get(call_id)
        if call is None or call.status is not HelpStatus.RAISED:
            return self._not_now("acknowledge_help")
        self._update_call(call, HelpStatus.ACKNOWLEDGED, staff=staff_name)
        self._say(MessageKey.HELP_ON_THE_WAY, name=staff_name, reason=call.reason, call_id=call_id)
        return True

    @_guarded
    def resolve_help(self, call_id: str, staff_name: str, outcome: str = "helped") -> bool:
        """A staff member dealt with the call. Approvals and unknown payments are settled
        by their own actions (approve_age, approve_void, resolve_payment)."""
        call = self._calls.get(call_id)
        if call is None or not call.is_open:
            return self._not_now("resolve_help")
        if call.reason in APPROVAL_REASONS or call.reason is HelpReason.PAYMENT_UNKNOWN:
            return self._not_now("resolve_help")
        self._update_call(call, HelpStatus.RESOLVED, staff=staff_name, outcome=outcome)
        self._say(MessageKey.HELP_RESOLVED, reason=call.reason, call_id=call_id)
        return True

    @_guarded
    def rate_help(self, call_id: str, score: int) -> bool:
        """The shopper's rating (1-5) of a finished call."""
        call = self._calls.get(call_id)
        if call is None or call.is_open or call.rating is not None:
            return self._not_now("rate_help")
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ValueError(f"a rating is 1-5, not {score!r}")
        self.journal.enqueue("rating", {"help_call_id": call_id, "score": score, "of": "help"})
        call.rating = score
        self.help_changed.emit(call)
        return True

    def _open_call(self, reason: HelpReason, subject: str | None = None) -> HelpCall | None:
        for call in self._calls.values():
            if call.is_open and call.reason is reason and call.subject == subject:
                return call
        return None

    def _raise_call(
        self,
        reason: HelpReason,
        context: dict[str, Any],
        *,
        topic: HelpTopic | None = None,
        subject: str | None = None,
    ) -> HelpCall:
        existing = self._open_call(reason, subject)
        if existing is not None and (topic is None or existing.topic is topic):
            return existing
        full = {
            **context,
            "kiosk_id": self.settings.kiosk_id,
            "state": self.state.value,
            "cart": self._cart_summary(),
            "topic": None if topic is None else topic.value,
            "subject": subject,
        }
        transaction_id = self.transaction_id
        call_id = self.journal.raise_help_call(reason.value, full, transaction_id)
        self.statistics.increment(HELP_CALLS)
        call = HelpCall(
            id=call_id,
            reason=reason,
            context=full,
            topic=topic,
            transaction_id=transaction_id,
            subject=subject,
        )
        self._calls[call_id] = call
        self.help_changed.emit(call)
        self._update_situation()
        return call

    def _update_call(
        self,
        call: HelpCall,
        status: HelpStatus,
        *,
        staff: str | None = None,
        outcome: str | None = None,
    ) -> None:
        self.journal.update_help_call(
            call.id, status.value, staff=staff or call.staff_name, outcome=outcome
        )
        call.status = status
        if staff is not None:
            call.staff_name = staff
        call.outcome = outcome
        self.help_changed.emit(call)
        self._update_situation()

    def _close_call(self, call_id: str | None, status: HelpStatus, outcome: str) -> None:
        call = self._calls.get(call_id or "")
        if call is not None and call.is_open:
            self._update_call(call, status, outcome=outcome)

    def _cart_summary(self) -> dict[str, Any] | None:
        cart = self._cart
        if cart is None:
            return None
        totals = cart.totals
        return {
            "transaction_id": cart.transaction_id,
            "items": totals.item_count,
            "lines": len(cart.active_lines),
            "total_cents": totals.total_cents,
        }

    # ------------------------------------------------------------------ staff

    def _permitted(self, member: Any, action: StaffAction) -> bool:
        if self._can(member, action.value):
            return True
        _log.warning("%s may not %s", getattr(member, "id", member), action.value)
        self._say(MessageKey.NOT_PERMITTED, action=action.value)
        return False

    def _record_audit(self, member: Any, action: StaffAction, before: Any, after: Any) -> None:
        self._audit(
            member, action.value, self.settings.kiosk_id, self.transaction_id, before, after
        )

    def staff_login(self, member: Any) -> bool:
        """A staff member identified at the lane (PIN or badge, checked by the staff module)."""
        if not self._permitted(member, StaffAction.LOGIN):
            return False
        if not self._machine.can(S.STAFF, T.STAFF_LOGIN):
            return self._not_now("staff_login")
        self._staff = member
        self._go(S.STAFF, T.STAFF_LOGIN)
        self._record_audit(member, StaffAction.LOGIN, None, _member_dict(member))
        return True

    def staff_logout(self) -> bool:
        if self.state is not S.STAFF:
            return self._not_now("staff_logout")
        member = self._staff
        self._staff = None
        self._go(self._home_state(), T.STAFF_LOGOUT)
        if member is not None:
            self._record_audit(member, StaffAction.LOGIN, _member_dict(member), None)
        return True

    def _home_state(self) -> SessionState:
        """Where the lane belongs when staff leave it."""
        if self._out_of_service is not None:
            return S.OUT_OF_SERVICE
        if self._payment is not None:
            return S.PAYMENT_UNKNOWN
        if self._receipt is not None:
            return S.RECEIPT
        if self._cart is not None:
            return S.SHOPPING
        return S.ATTRACT

    @_guarded
    def approve_age(self, member: Any) -> bool:
        """A staff member checked the shopper's age: the cart's age-restricted items may
        be paid (also those scanned later up to that age)."""
        if not self._permitted(member, StaffAction.APPROVE_AGE):
            return False
        cart = self._cart
        if cart is None or cart.needs_age_check <= self._approved_age:
            return self._not_now("approve_age")
        before = self._approved_age
        self._approved_age = cart.needs_age_check
        for call in self.open_help_calls:
            if call.reason is HelpReason.AGE_CHECK:
                self._update_call(
                    call,
                    HelpStatus.RESOLVED,
                    staff=member.name,
                    outcome=f"approved:{self._approved_age}",
                )
        self._record_audit(
            member,
            StaffAction.APPROVE_AGE,
            {"approved_age": before},
            {"approved_age": self._approved_age},
        )
        self._say(MessageKey.AGE_APPROVED, age=self._approved_age, name=member.name)
        self._recheck_blocks()
        return True

    @_guarded
    def approve_void(self, member: Any, call_id: str, approve: bool = True) -> bool:
        """Approve (or refuse) a removal or quantity decrease the shopper asked for."""
        if not self._permitted(member, StaffAction.APPROVE_VOID):
            return False
        call = self._calls.get(call_id)
        pending = self._pending_changes.get(call_id)
        if call is None or pending is None or not call.is_open or self._cart is None:
            return self._not_now("approve_void")
        if self._payment is not None:
            return self._not_now("approve_void")
        cart = self._cart
        before = _line_dict(cart.line(pending.line_id))
        outcome = "refused"
        if approve:
            try:
                event: CartEvent = (
                    cart.void_line(pending.line_id, f"void approved by {member.name}")
                    if pending.quantity is None
                    else cart.set_quantity(pending.line_id, pending.quantity)
                )
            except CartError as error:
                outcome = f"not applicable: {type(error).__name__}"
            else:
                self._record(event)
                outcome = "approved"
        del self._pending_changes[call_id]
        self._update_call(call, HelpStatus.RESOLVED, staff=member.name, outcome=outcome)
        after = _line_dict(cart.line(pending.line_id))
        self._record_audit(member, StaffAction.APPROVE_VOID, before, after)
        key = MessageKey.VOID_APPROVED if outcome == "approved" else MessageKey.VOID_REJECTED
        self._say(key, line_id=pending.line_id, name=member.name)
        self._recheck_blocks()
        return True

    @_guarded
    def key_in_item(self, member: Any, code: str, price_cents: int | None = None) -> bool:
        """A staff member keys in an item (optionally at a price: a price-label item)."""
        if not self._permitted(member, StaffAction.KEY_IN_ITEM):
            return False
        if self._cart is None or self._payment is not None:
            return self._not_now("key_in_item")
        if self.state not in (
            S.SHOPPING,
            S.STAFF,
            S.AWAITING_ATTENDANT,
            S.DECLINED,
            S.IDLE_PROMPT,
            S.SUSPENDED,
        ):
            return self._not_now("key_in_item")
        parsed = parse_barcode(str(code), prefixes=self.settings.prefixes)
        if isinstance(parsed, InvalidBarcode):
            return self._invalid(parsed, keyed=True)
        cart = self._cart
        before = cart.totals.total_cents
        if price_cents is None:
            if self.state is not S.STAFF and not self._ready_to_sell("key_in_item"):
                return False
            done = self._sell(parsed)
        else:
            product = (
                self.catalog.by_plu(parsed.plu)
                if parsed.plu is not None
                else self.catalog.by_gtin(parsed.lookup_gtin or "")
            )
            if product is None:
                self._say(MessageKey.UNKNOWN_BARCODE, code=str(code))
                return False
            try:
                event = cart.add_priced(
                    product,
                    price_cents,
                    barcode=parsed.raw,
                    promotions=self.catalog.promotions_for(product.id, cart.today),
                )
            except CartError as error:
                self._say(MessageKey.ITEM_REFUSED, problem=type(error).__name__,
                          **_product_params(product))  # fmt: skip
                return False
            self._record(event)
            self._set_last_item(event.line_id, product)
            self._check_age(product)
            done = True
        if done:
            self._record_audit(
                member,
                StaffAction.KEY_IN_ITEM,
                {"total_cents": before},
                {"code": str(code), "price_cents": price_cents,
                 "total_cents": cart.totals.total_cents},
            )  # fmt: skip
        return done

    @_guarded
    def cancel_transaction(self, member: Any) -> bool:
        """A staff member cancels the shopper's transaction (never with a payment in flight)."""
        if not self._permitted(member, StaffAction.CANCEL_TRANSACTION):
            return False
        cart = self._cart
        if cart is None or self._payment is not None:
            return self._not_now("cancel_transaction")
        if self.state is S.IDLE_PROMPT:
            self._go(S.SHOPPING, T.TOUCH)
        if not self._machine.can(S.ATTRACT, T.CANCEL_TRANSACTION):
            return self._not_now("cancel_transaction")
        before = self._cart_summary()
        self.journal.close_transaction(cart.transaction_id, "cancelled", cart.totals.total_cents)
        for call in self.open_help_calls:
            if call.transaction_id == cart.transaction_id:
                self._update_call(
                    call, HelpStatus.CANCELLED, staff=member.name, outcome="transaction cancelled"
                )
        self._record_audit(member, StaffAction.CANCEL_TRANSACTION, before, None)
        self._staff = None
        self._end_session(T.CANCEL_TRANSACTION)
        self._say(MessageKey.TRANSACTION_CANCELLED, name=member.name)
        return True

    def lock_lane(self, member: Any, reason: str = "") -> bool:
        """Take the lane out of service (only without an open transaction)."""
        if not self._permitted(member, StaffAction.LOCK_LANE):
            return False
        if self._cart is not None or not self._machine.can(S.OUT_OF_SERVICE, T.LOCK):
            return self._not_now("lock_lane")
        self._out_of_service = _OutOfService(
            OutOfServiceReason.LOCKED_BY_STAFF, str(reason), getattr(member, "name", None)
        )
        self._staff = None
        self._go(S.OUT_OF_SERVICE, T.LOCK)
        self._record_audit(member, StaffAction.LOCK_LANE, None, {"reason": str(reason)})
        self._say(MessageKey.OUT_OF_SERVICE, reason=OutOfServiceReason.LOCKED_BY_STAFF)
        return True

    @_guarded
    def unlock_lane(self, member: Any) -> bool:
        """Back in service: after a lock, or after a journal failure once the journal
        writes again (checked with a real write); the open transaction is taken up again."""
        if not self._permitted(member, StaffAction.UNLOCK_LANE):
            return False
        oos = self._out_of_service
        if oos is None or self.state not in (S.OUT_OF_SERVICE, S.STAFF):
            return self._not_now("unlock_lane")
        if oos.reason is OutOfServiceReason.JOURNAL_WRITE_FAILED:
            self.journal.enqueue("lane_unlocked", {"by": getattr(member, "id", None)})
        self._out_of_service = None
        # from OUT_OF_SERVICE straight to where the journal says; from STAFF on logout
        self._resume(T.UNLOCK)
        self._record_audit(member, StaffAction.UNLOCK_LANE, {"reason": oos.reason.value}, None)
        self._say(MessageKey.BACK_IN_SERVICE)
        return True

    def enter_diagnostics(self, member: Any) -> bool:
        """A technician opens diagnostics (only without an open transaction)."""
        if not self._permitted(member, StaffAction.DIAGNOSTICS):
            return False
        if self._cart is not None or not self._machine.can(S.DIAGNOSTICS, T.ENTER_DIAGNOSTICS):
            return self._not_now("enter_diagnostics")
        self._go(S.DIAGNOSTICS, T.ENTER_DIAGNOSTICS)
        self._record_audit(member, StaffAction.DIAGNOSTICS, None, {"diagnostics": True})
        return True

    def leave_diagnostics(self) -> bool:
        if self.state is not S.DIAGNOSTICS:
            return self._not_now("leave_diagnostics")
        target = S.STAFF if self._staff is not None else self._home_state()
        self._go(target, T.LEAVE_DIAGNOSTICS)
        return True

    @_guarded
    def resolve_payment(self, member: Any, approved: bool, note: str = "") -> bool:
        """A supervisor settles an unknown payment after looking at the terminal's own
        journal: approved (finish, receipt) or not taken (back to shopping)."""
        if not self._permitted(member, StaffAction.RESOLVE_PAYMENT):
            return False
        attempt = self._payment
        if attempt is None or attempt.phase is not PaymentPhase.UNKNOWN or attempt.job_running:
            return self._not_now("resolve_payment")
        outcome = PaymentOutcome.APPROVED if approved else PaymentOutcome.CANCELLED
        record = {
            "resolved_by": getattr(member, "id", None),
            "outcome": outcome.value,
            "note": note,
        }
        terminal = self.devices.payment
        if terminal is not None:  # lift the driver's own block on payments
            self.scheduler.run(
                lambda: terminal.resolve_manually(outcome, note=note or "resolved by staff"),
                _ignore_result,
                channel="payment",
            )
        self._record_audit(member, StaffAction.RESOLVE_PAYMENT, attempt.to_dict(), {**record})
        if approved:
            self.journal.settle_payment(attempt.reference, "approved", record)
            self.statistics.increment(PAYMENTS_APPROVED)
            self._finish_paid(
                attempt.reference, attempt.amount_cents, T.PAYMENT_APPROVED, settled=True
            )
        else:
            self.journal.settle_payment(attempt.reference, "cancelled", record)
            self._payment = None
            self._close_call(attempt.help_call_id, HelpStatus.RESOLVED, "not taken")
            self._go(S.SHOPPING, T.PAYMENT_NOT_DONE)
            self._say(MessageKey.PAYMENT_NOT_TAKEN)
        return True

    @_guarded
    def reverse_payment(
        self, member: Any, reference: str, terminal_reference: str | None = None
    ) -> bool:
        """A supervisor reverses a mistaken charge (an approved payment of this lane)."""
        if not self._permitted(member, StaffAction.REVERSE_PAYMENT):
            return False
        terminal = self.devices.payment
        if terminal is None or self._payment is not None:
            return self._not_now("reverse_payment")

        def done(result: JobResult[PaymentResult]) -> None:
            self._reversed(member, reference, result)

        self.scheduler.run(
            lambda: terminal.reverse(reference, terminal_reference=terminal_reference),
            done,
            channel="payment",
        )
        return True

    @_guarded
    def _reversed(self, member: Any, reference: str, result: JobResult[PaymentResult]) -> None:
        if result.ok and result.get().approved:
            self.journal.mark_reversed(reference, result.get().to_dict())
            self._record_audit(
                member, StaffAction.REVERSE_PAYMENT, {"reference": reference, "status": "approved"},
                {"reference": reference, "status": "reversed"},
            )  # fmt: skip
            self._say(MessageKey.PAYMENT_REVERSED, reference=reference)
        else:
            detail = result.get().to_dict() if result.ok else str(result.error)
            _log.warning("reversal of %s failed: %s", reference, detail)
            self._say(MessageKey.PAYMENT_REVERSAL_FAILED, reference=reference)

    # ------------------------------------------------------------------ devices

    def _device_ok(self, role: DeviceRole) -> bool:
        status = self._device_status.get(role)
        if status is None:
            port = {
                DeviceRole.SCANNER: self.devices.scanner,
                DeviceRole.SCALE: self.devices.scale,
                DeviceRole.PRINTER: self.devices.printer,
                DeviceRole.PAYMENT: self.devices.payment,
                DeviceRole.LIGHT: self.devices.light,
            }[role]
            status = getattr(port, "status", None)
        return status is None or status.state is DeviceState.ONLINE

    @_guarded
    def device_event(self, role: DeviceRole | str, event: DeviceEvent) -> None:
        """An event of one of the lane's devices, on the controller's thread."""
        role = DeviceRole(role)
        if isinstance(event, DataEvent):
            payload = event.payload
            if role is DeviceRole.SCANNER and isinstance(payload, Scan):
                self.scan(payload)
            elif isinstance(payload, PaymentProgress) and self.state is S.PAYING:
                self._say(MessageKey.PAYMENT_PROGRESS, step=payload.step)
        elif isinstance(event, ErrorEvent):
            if role is DeviceRole.SCANNER:
                self.statistics.increment(UNREADABLE_SCANS)
                self._say(MessageKey.UNREADABLE_BARCODE, reason=event.reason)
        elif isinstance(event, StatusEvent):
            self._device_status_changed(role, event.old, event.new)

    def _device_status_changed(
        self, role: DeviceRole, old: DeviceStatus, new: DeviceStatus
    ) -> None:
        self._device_status[role] = new
        was_ok = old.state is DeviceState.ONLINE
        is_ok = new.state is DeviceState.ONLINE
        if was_ok == is_ok or new.state is DeviceState.CLOSED:
            return
        self.journal.enqueue(
            "device_fault" if not is_ok else "device_recovered",
            {
                "device": role.value,
                "state": new.state.value,
                "reason": None if new.reason is None else new.reason.value,
                "detail": new.detail,
                "transaction_id": self.transaction_id,
            },
        )
        if role is DeviceRole.SCANNER and self.state in _SHOPPER_HELP_STATES:
            key = MessageKey.SCANNER_BACK if is_ok else MessageKey.SCANNER_OFFLINE
            self._say(key, reason=None if new.reason is None else new.reason.value)
        elif (
            role is DeviceRole.PRINTER
            and not is_ok
            and self.state is S.RECEIPT
            and self._receipt is not None
            and not self._receipt.printing
        ):
            self._receipt.printer_failed = True
            self._say(MessageKey.PRINTER_FAILED_DIGITAL, url=self._receipt.url)
        self._update_situation()

    # ------------------------------------------------------------------ faults

    def _journal_failed(self, error: JournalWriteError) -> None:
        """Stop selling safely: what was saved stays saved, nothing half-applied."""
        _log.error("journal write failed: %s; the lane stops selling", error)
        self.statistics.increment(JOURNAL_FAILURES)
        self._out_of_service = _OutOfService(
            OutOfServiceReason.JOURNAL_WRITE_FAILED, error.reason.value
        )
        if self.state is not S.OUT_OF_SERVICE and self._machine.can(S.OUT_OF_SERVICE, T.FAULT):
            self._go(S.OUT_OF_SERVICE, T.FAULT)
        self._say(
            MessageKey.OUT_OF_SERVICE,
            reason=OutOfServiceReason.JOURNAL_WRITE_FAILED,
            detail=error.reason.value,
        )
        self._update_situation()

    # ------------------------------------------------------------------ plumbing

    def _go(self, target: SessionState, trigger: Trigger) -> None:
        """Transition; while staff or a fault hold the lane, a flow's result that would
        move the shopper's screen is kept for later (the home state on logout/unlock)."""
        if self.state is target:
            return
        if self.state in (S.STAFF, S.OUT_OF_SERVICE, S.DIAGNOSTICS) and not self._machine.can(
            target, trigger
        ):
            _log.info("%s -> %s (%s) deferred while %s", self.state, target, trigger, self.state)
            return
        self._machine.transition(target, trigger)

    def _on_transition(self, old: SessionState, new: SessionState, trigger: Trigger) -> None:
        self._state_entered_at = self.clock.monotonic()
        self.state_changed.emit(old, new, trigger)
        self._update_situation()

    def _say(self, key: MessageKey, **params: Any) -> None:
        message = Message(key, **params)
        self._last_message = message
        self.message.emit(message)

    def _not_now(self, operation: str) -> bool:
        self._say(MessageKey.NOT_NOW, operation=operation, state=self.state)
        return False

    def _compute_situation(self) -> LaneSituation:
        state = self.state
        if self._out_of_service is not None and (
            self._out_of_service.reason is OutOfServiceReason.JOURNAL_WRITE_FAILED
        ):
            return LaneSituation.HELP_UNREACHABLE  # no journal, no help call: the lamp calls
        if state in (S.OUT_OF_SERVICE, S.DIAGNOSTICS):
            return LaneSituation.OUT_OF_SERVICE
        calls = self.open_help_calls
        if calls:
            if not self._link_up:
                return LaneSituation.HELP_UNREACHABLE
            if any(call.reason not in APPROVAL_REASONS for call in calls):
                return LaneSituation.HELP_REQUESTED
            return LaneSituation.APPROVAL_NEEDED
        if state is S.ATTRACT:
            return LaneSituation.READY
        if state in (S.PAYING, S.DECLINED, S.PAYMENT_UNKNOWN):
            return LaneSituation.PAYING
        return LaneSituation.SHOPPING

    def _update_situation(self) -> None:
        situation = self._compute_situation()
        if situation is self._situation:
            return
        self._situation = situation
        self.situation_changed.emit(situation)
        light = self.devices.light
        if light is not None:
            pattern = pattern_for(situation)
            self.scheduler.run(lambda: light.show(pattern), _ignore_result, channel="light")


_SHOPPER_HELP_STATES = (
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


def _ignore_result(result: JobResult[Any]) -> None:
    if not result.ok:
        _log.warning("device call failed: %s", result.error)


def _product_params(product: ProductInfo) -> dict[str, Any]:
    return {"product_id": product.id, "name_nl": product.name_nl, "name_en": product.name_en}


def _member_dict(member: Any) -> dict[str, Any]:
    role = getattr(member, "role", None)
    return {
        "id": getattr(member, "id", None),
        "name": getattr(member, "name", None),
        "role": getattr(role, "value", role),
    }


def _line_dict(line: CartLine) -> dict[str, Any]:
    return {
        "line_id": line.line_id,
        "product_id": line.product.id,
        "quantity": line.quantity,
        "grams": line.grams,
        "voided": line.voided,
    }


def _priced_line_dict(line: Any) -> dict[str, Any]:
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
