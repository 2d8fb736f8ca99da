"""The store network's message contract: every payload a kiosk or a console publishes.

Both sides, the broker tools and the tests use these pydantic models; ``docs/protocol.md``
describes them field by field (a test keeps the two in step). The module is Qt-free and
imports nothing of the lane: the wire contract is versioned on its own, so its enums
copy the lane's values (a test fails when the two drift apart) instead of importing them,
and the attendant console can load it without the lane's database code.

Every payload is a JSON object with the same envelope (:class:`Envelope`): ``schema``
(``"MAJOR.MINOR"``), ``type``, ``id``, ``correlation_id``, ``sent_at`` and ``sender``.
Commands add ``expires_at`` and the ``actor``. A reader takes any minor version of its
major and ignores fields it does not know; it refuses an unknown major.

:func:`decode` turns a topic and the payload's bytes into a :class:`Decoded` message or
a :class:`Rejected` (why, in a word and in a sentence); it never raises for anything a
publisher sent. :func:`encode` gives the compact UTF-8 JSON to publish.
"""

from __future__ import annotations

import enum
import json
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from kiosk.link.topics import ConsoleTopic, KioskTopic, StoreTopics, TopicError, TopicKind

__all__ = [
    "MAX_COMMAND_LIFETIME",
    "MAX_PAYLOAD_BYTES",
    "SCHEMA_MAJOR",
    "SCHEMA_MINOR",
    "SCHEMA_VERSION",
    "Ack",
    "AcknowledgeCall",
    "Actor",
    "AddItem",
    "AnyCommand",
    "AnyEvent",
    "ApproveAge",
    "ApproveVoid",
    "CancelTransaction",
    "CartBrief",
    "CartLine",
    "CartSummary",
    "ClaimCall",
    "Command",
    "CommandKind",
    "CommandResult",
    "DeclineReason",
    "Decoded",
    "DeviceFault",
    "DeviceInfo",
    "DeviceKind",
    "DeviceRecovered",
    "DeviceState",
    "Envelope",
    "Event",
    "EventKind",
    "FaultReason",
    "HelpCallInfo",
    "HelpContext",
    "HelpRaised",
    "HelpRated",
    "HelpReason",
    "HelpResolved",
    "HelpStatus",
    "HelpTopic",
    "HelpUpdated",
    "Intervention",
    "KioskState",
    "LaneStatus",
    "LightColour",
    "LightInfo",
    "LightMode",
    "LockLane",
    "Message",
    "MessageType",
    "OutOfServiceReason",
    "PaidAtDesk",
    "PaymentMethod",
    "PaymentStatus",
    "PendingPayment",
    "Presence",
    "PresenceStatus",
    "Refusal",
    "RefusalReason",
    "RefuseAge",
    "RefuseVoid",
    "RejectReason",
    "Rejected",
    "RemoveItem",
    "ReprintReceipt",
    "ResolveHelp",
    "ReverseCharge",
    "Role",
    "RunDiagnostics",
    "SaleOutcome",
    "SaleSummary",
    "SessionState",
    "StaffRef",
    "UnlockLane",
    "decode",
    "encode",
    "new_id",
    "utc_now",
]

log = logging.getLogger("kiosk.link.protocol")

SCHEMA_MAJOR = 1
SCHEMA_MINOR = 0
SCHEMA_VERSION = f"{SCHEMA_MAJOR}.{SCHEMA_MINOR}"
MAX_PAYLOAD_BYTES = 256 * 1024
"""A payload larger than this is refused unread (a full cart of 500 lines is ~100 KiB)."""
MAX_COMMAND_LIFETIME = timedelta(minutes=10)
"""A command may not be valid for longer than this after it was sent (replays stay short)."""

_SCHEMA = re.compile(r"\A([0-9]{1,4})\.([0-9]{1,4})\Z")


def new_id() -> str:
    """A fresh message id: a uuid4 as 32 lower-case hex digits."""
    return uuid.uuid4().hex


def utc_now() -> datetime:
    return datetime.now(UTC)


# --- field types ---------------------------------------------------------------------------


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("a time must carry its time zone (UTC, written with 'Z')")
    try:
        return value.astimezone(UTC)
    except OverflowError:  # year 1 with a positive offset, year 9999 with a negative one
        raise ValueError("the time is out of range in UTC") from None


def _iso_z(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


UtcTime = Annotated[datetime, AfterValidator(_aware_utc), PlainSerializer(_iso_z, return_type=str)]
"""An absolute time: ISO 8601 in UTC with ``Z`` on the wire, a timezone-aware datetime here."""
MessageId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
"""A uuid4 as 32 lower-case hex digits (message, event, command ids)."""
NodeId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9\-]{0,31}$")]
"""A kiosk's or a console's id (the ids of the topic layout)."""
Ref = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_:.\-]{0,63}$")]
"""A record's id on the lane: transaction, help call, cart line, staff member."""
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=500)]
Code = Annotated[str, StringConstraints(pattern=r"^[\x21-\x7e]{1,64}$")]
"""A barcode or a typed product code: printable ASCII, no spaces."""
Cents = Annotated[int, Field(ge=-(10**9), le=10**9)]
"""An amount in euro cents (signed: a return or a reversal is negative)."""
Count = Annotated[int, Field(ge=0, le=1_000_000)]
Grams = Annotated[int, Field(ge=1, le=1_000_000)]
Version = Annotated[int, Field(ge=0, le=2**53)]
Rating = Annotated[int, Field(ge=1, le=5)]
Flat = dict[
    Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")],
    Annotated[str, StringConstraints(max_length=200)] | Cents | bool | None,
]
"""A small flat object (names -> text, cents, flag or null): an intervention's before/after."""


# --- vocabularies (the wire copies of the lane's enums; tests keep them equal) ------------


class SessionState(enum.StrEnum):
    """``kiosk.core.session.SessionState``."""

    ATTRACT = "attract"
    SHOPPING = "shopping"
    AWAITING_ATTENDANT = "awaiting_attendant"
    PAYING = "paying"
    DECLINED = "declined"
    PAYMENT_UNKNOWN = "payment_unknown"
    RECEIPT = "receipt"
    FEEDBACK = "feedback"
    IDLE_PROMPT = "idle_prompt"
    SUSPENDED = "suspended"
    OUT_OF_SERVICE = "out_of_service"
    STAFF = "staff"
    DIAGNOSTICS = "diagnostics"


class OutOfServiceReason(enum.StrEnum):
    """``kiosk.core.lane.settings.OutOfServiceReason``."""

    JOURNAL_WRITE_FAILED = "journal_write_failed"
    LOCKED_BY_STAFF = "locked_by_staff"


class HelpReason(enum.StrEnum):
    """``kiosk.core.lane.help.HelpReason``."""

    UNKNOWN_ITEM = "unknown_item"
    AGE_CHECK = "age_check"
    VOID_APPROVAL = "void_approval"
    PAYMENT_DECLINED = "payment_declined"
    PAYMENT_UNKNOWN = "payment_unknown"
    DEVICE_FAULT = "device_fault"
    SHOPPER_REQUEST = "shopper_request"
    IDLE = "idle"


class HelpTopic(enum.StrEnum):
    """``kiosk.core.lane.help.HelpTopic``: what the shopper picked."""

    ITEM_WONT_SCAN = "item_wont_scan"
    PRICE_QUESTION = "price_question"
    BAGS = "bags"
    OTHER = "other"


class HelpStatus(enum.StrEnum):
    """``kiosk.core.lane.help.HelpStatus``."""

    RAISED = "raised"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    CANCELLED = "cancelled"


class DeviceKind(enum.StrEnum):
    """``kiosk.core.lane.settings.DeviceRole``."""

    SCANNER = "scanner"
    SCALE = "scale"
    PRINTER = "printer"
    PAYMENT = "payment_terminal"
    LIGHT = "lane_light"


class DeviceState(enum.StrEnum):
    """``drivers.device.DeviceState``."""

    CLOSED = "closed"
    ONLINE = "online"
    OFFLINE = "offline"
    ERROR = "error"


class FaultReason(enum.StrEnum):
    """``drivers.device.FaultReason``."""

    UNPLUGGED = "unplugged"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    TIMEOUT = "timeout"
    PROTOCOL_ERROR = "protocol_error"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    CUTTER_ERROR = "cutter_error"
    MECHANICAL_ERROR = "mechanical_error"
    UNRECOVERABLE_ERROR = "unrecoverable_error"
    DEVICE_OFFLINE = "device_offline"
    CONNECTION_LOST = "connection_lost"
    BUSY = "busy"
    NOT_REGISTERED = "not_registered"
    OUTCOME_UNKNOWN = "outcome_unknown"
    OVERLOAD = "overload"
    UNDER_ZERO = "under_zero"
    INTERACTIVE_TIMEOUT = "interactive_timeout"
    OTHER = "other"


class DeclineReason(enum.StrEnum):
    """``drivers.payment.interface.DeclineReason``."""

    REFUSED = "refused"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    CARD_NOT_SUPPORTED = "card_not_supported"
    PIN_WRONG = "pin_wrong"
    INSERT_CARD = "insert_card"
    CARD_EXPIRED = "card_expired"
    CARD_UNREADABLE = "card_unreadable"
    CANCELLED_BY_SHOPPER = "cancelled_by_shopper"
    CANCELLED_BY_KIOSK = "cancelled_by_kiosk"
    NOT_PROCESSED = "not_processed"
    TERMINAL_BUSY = "terminal_busy"
    TIMEOUT = "timeout"
    CONNECTION_LOST = "connection_lost"
    PROTOCOL_ERROR = "protocol_error"
    TERMINAL_ERROR = "terminal_error"
    OTHER = "other"


class LightColour(enum.StrEnum):
    """``drivers.lane_light.pattern.LightColour``."""

    OFF = "off"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class LightMode(enum.StrEnum):
    """``drivers.lane_light.pattern.LightMode``."""

    STEADY = "steady"
    FLASHING = "flashing"


class Role(enum.StrEnum):
    """``kiosk.core.staff.permissions.Role``."""

    ATTENDANT = "attendant"
    SUPERVISOR = "supervisor"
    TECHNICIAN = "technician"


class PaymentStatus(enum.StrEnum):
    """A payment that is not settled yet (the journal's payment statuses that are open)."""

    PENDING = "pending"
    """At the terminal: the shopper is presenting a card."""
    UNKNOWN = "unknown"
    """The terminal may or may not have taken the money; the lane is finding out."""
    DECLINED = "declined"
    """The last attempt was declined; the shopper may try again."""


class PaymentMethod(enum.StrEnum):
    CARD = "card"
    SERVICE_DESK = "service_desk"
    NONE = "none"
    """Nothing was paid (a cancelled or suspended transaction)."""


class SaleOutcome(enum.StrEnum):
    """The journal's closed transaction statuses."""

    PAID = "paid"
    CANCELLED = "cancelled"
    SUSPENDED = "suspended"
    PAID_ELSEWHERE = "paid_elsewhere"


class PresenceStatus(enum.StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"


class MessageType(enum.StrEnum):
    STATE = "state"
    EVENT = "event"
    PRESENCE = "presence"
    COMMAND = "command"
    COMMAND_RESULT = "command_result"
    ACK = "ack"


class EventKind(enum.StrEnum):
    HELP_RAISED = "help_raised"
    HELP_UPDATED = "help_updated"
    HELP_RESOLVED = "help_resolved"
    HELP_RATED = "help_rated"
    INTERVENTION = "intervention"
    SALE = "sale"
    DEVICE_FAULT = "device_fault"
    DEVICE_RECOVERED = "device_recovered"


class CommandKind(enum.StrEnum):
    ACKNOWLEDGE = "acknowledge"
    CLAIM = "claim"
    APPROVE_AGE = "approve_age"
    REFUSE_AGE = "refuse_age"
    APPROVE_VOID = "approve_void"
    REFUSE_VOID = "refuse_void"
    ADD_ITEM = "add_item"
    REMOVE_ITEM = "remove_item"
    CANCEL_TRANSACTION = "cancel_transaction"
    REVERSE_CHARGE = "reverse_charge"
    LOCK_LANE = "lock_lane"
    UNLOCK_LANE = "unlock_lane"
    PAID_AT_DESK = "paid_at_desk"
    REPRINT_RECEIPT = "reprint_receipt"
    RUN_DIAGNOSTICS = "run_diagnostics"
    RESOLVE_HELP = "resolve_help"


class RefusalReason(enum.StrEnum):
    EXPIRED = "expired"
    """The command arrived after its ``expires_at``."""
    NOT_CURRENT_TRANSACTION = "not_current_transaction"
    """Its ``transaction_id`` is not the lane's open transaction any more."""
    NOT_PERMITTED = "not_permitted"
    """The actor's role may not do this."""
    ALREADY_CLAIMED = "already_claimed"
    """Another staff member claimed the call first (``claimed_by`` says who)."""
    UNKNOWN_CALL = "unknown_call"
    CALL_CLOSED = "call_closed"
    """The call was resolved or cancelled already."""
    UNKNOWN_LINE = "unknown_line"
    UNKNOWN_PRODUCT = "unknown_product"
    WRONG_STATE = "wrong_state"
    """The lane is not in a state where this can be done (e.g. unlock an unlocked lane)."""
    INVALID = "invalid"
    """The command is well-formed but makes no sense (details in ``detail``)."""
    UNSUPPORTED = "unsupported"
    """The kiosk does not know this command (a newer minor version)."""
    DEVICE_ERROR = "device_error"
    """A device the command needs failed (printer, terminal)."""


# --- building blocks -----------------------------------------------------------------------


class _Model(BaseModel):
    """Frozen; fields a reader does not know (a newer minor version) are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, validate_by_name=True)


class StaffRef(_Model):
    """A staff member taking part: who, and from which console (none: at the lane)."""

    staff_id: Ref
    name: Name
    console: NodeId | None = None


class Actor(_Model):
    """The staff member a console acts for, as the console authenticated them."""

    staff_id: Ref
    name: Name
    role: Role


class CartBrief(_Model):
    items: Count
    total_cents: Cents


class CartLine(_Model):
    line_id: Ref
    name_nl: Name
    name_en: Name
    quantity: Annotated[int, Field(ge=1, le=10_000)]
    grams: Grams | None = None
    net_cents: Cents
    is_deposit: bool = False
    min_age: Annotated[int, Field(ge=0, le=99)] = 0


class CartSummary(_Model):
    items: Count
    total_cents: Cents
    lines: Annotated[list[CartLine], Field(max_length=1000)] = []


class HelpContext(_Model):
    """What the lane knew when the call was raised, so nobody asks the shopper twice."""

    barcode: Code | None = None
    product_nl: Name | None = None
    product_en: Name | None = None
    line_id: Ref | None = None
    amount_cents: Cents | None = None
    decline_reason: DeclineReason | None = None
    device: DeviceKind | None = None
    fault: FaultReason | None = None
    cart: CartBrief | None = None


class HelpCallInfo(_Model):
    id: Ref
    reason: HelpReason
    topic: HelpTopic | None = None
    status: HelpStatus
    escalated: bool = False
    owner: StaffRef | None = None
    raised_at: UtcTime
    outcome: Text | None = None
    rating: Rating | None = None
    context: HelpContext = HelpContext()


class DeviceInfo(_Model):
    name: Name
    kind: DeviceKind
    state: DeviceState
    reason: FaultReason | None = None
    detail: Text = ""


class LightInfo(_Model):
    colour: LightColour = LightColour.OFF
    mode: LightMode = LightMode.STEADY
    buzzer: bool = False


class PendingPayment(_Model):
    amount_cents: Cents
    status: PaymentStatus
    decline_reason: DeclineReason | None = None


class LaneStatus(_Model):
    session: SessionState
    since: UtcTime
    locked: bool = False
    out_of_service: OutOfServiceReason | None = None
    staff_at_lane: StaffRef | None = None


class Refusal(_Model):
    reason: RefusalReason
    detail: Text = ""
    claimed_by: StaffRef | None = None


# --- the envelope and the messages ---------------------------------------------------------


class Envelope(_Model):
    """The fields of every payload."""

    schema_version: str = Field(
        default=SCHEMA_VERSION, alias="schema", pattern=r"^[0-9]{1,4}\.[0-9]{1,4}$"
    )
    type: MessageType
    id: MessageId = Field(default_factory=new_id)
    correlation_id: MessageId | None = None
    sent_at: UtcTime = Field(default_factory=utc_now)
    sender: NodeId


class KioskState(Envelope):
    """A kiosk's complete state (retained): all a console needs for its grid and detail."""

    type: Literal["state"] = "state"
    kiosk_name: Name
    run_id: MessageId
    version: Version
    status: LaneStatus
    transaction_id: Ref | None = None
    cart: CartSummary = CartSummary(items=0, total_cents=0)
    help_calls: Annotated[list[HelpCallInfo], Field(max_length=100)] = []
    devices: Annotated[list[DeviceInfo], Field(max_length=32)] = []
    lane_light: LightInfo = LightInfo()
    payment: PendingPayment | None = None


class Event(Envelope):
    """Something that happened on the lane (outbox; ``id`` is the outbox id, stable)."""

    type: Literal["event"] = "event"
    event: EventKind
    occurred_at: UtcTime
    transaction_id: Ref | None = None


class HelpRaised(Event):
    event: Literal["help_raised"] = "help_raised"
    call: HelpCallInfo


class HelpUpdated(Event):
    event: Literal["help_updated"] = "help_updated"
    call: HelpCallInfo


class HelpResolved(Event):
    event: Literal["help_resolved"] = "help_resolved"
    call: HelpCallInfo


class HelpRated(Event):
    event: Literal["help_rated"] = "help_rated"
    call_id: Ref
    rating: Rating


class Intervention(Event):
    event: Literal["intervention"] = "intervention"
    staff: StaffRef
    role: Role
    action: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")]
    call_id: Ref | None = None
    command_id: MessageId | None = None
    before: Annotated[Flat, Field(max_length=20)] = {}
    after: Annotated[Flat, Field(max_length=20)] = {}


class SaleSummary(Event):
    event: Literal["sale"] = "sale"
    transaction_id: Ref
    outcome: SaleOutcome
    payment_method: PaymentMethod
    total_cents: Cents
    items: Count
    interventions: Count = 0


class DeviceFault(Event):
    event: Literal["device_fault"] = "device_fault"
    device: DeviceInfo


class DeviceRecovered(Event):
    event: Literal["device_recovered"] = "device_recovered"
    device: DeviceInfo


class Command(Envelope):
    """A console asks a kiosk to act, for a staff member, until ``expires_at``."""

    type: Literal["command"] = "command"
    command: CommandKind
    expires_at: UtcTime
    actor: Actor

    @model_validator(mode="after")
    def _lifetime(self) -> Command:
        if self.expires_at <= self.sent_at:
            raise ValueError("expires_at must be after sent_at")
        if self.expires_at - self.sent_at > MAX_COMMAND_LIFETIME:
            raise ValueError(f"expires_at more than {MAX_COMMAND_LIFETIME} after sent_at")
        return self


class AcknowledgeCall(Command):
    """ "On my way": the kiosk shows the staff member's name to the shopper."""

    command: Literal["acknowledge"] = "acknowledge"
    call_id: Ref


class ClaimCall(Command):
    """Take the call; the kiosk decides races (the first claim wins)."""

    command: Literal["claim"] = "claim"
    call_id: Ref


class ApproveAge(Command):
    command: Literal["approve_age"] = "approve_age"
    transaction_id: Ref
    call_id: Ref


class RefuseAge(Command):
    command: Literal["refuse_age"] = "refuse_age"
    transaction_id: Ref
    call_id: Ref


class ApproveVoid(Command):
    command: Literal["approve_void"] = "approve_void"
    transaction_id: Ref
    call_id: Ref


class RefuseVoid(Command):
    command: Literal["refuse_void"] = "refuse_void"
    transaction_id: Ref
    call_id: Ref


class AddItem(Command):
    command: Literal["add_item"] = "add_item"
    transaction_id: Ref
    code: Code
    quantity: Annotated[int, Field(ge=1, le=99)] = 1
    call_id: Ref | None = None


class RemoveItem(Command):
    command: Literal["remove_item"] = "remove_item"
    transaction_id: Ref
    line_id: Ref
    call_id: Ref | None = None


class CancelTransaction(Command):
    command: Literal["cancel_transaction"] = "cancel_transaction"
    transaction_id: Ref
    call_id: Ref | None = None


class ReverseCharge(Command):
    """Undo a mistaken card charge of the transaction (supervisor)."""

    command: Literal["reverse_charge"] = "reverse_charge"
    transaction_id: Ref
    call_id: Ref | None = None


class LockLane(Command):
    command: Literal["lock_lane"] = "lock_lane"
    reason: Text = ""


class UnlockLane(Command):
    command: Literal["unlock_lane"] = "unlock_lane"


class PaidAtDesk(Command):
    command: Literal["paid_at_desk"] = "paid_at_desk"
    transaction_id: Ref
    call_id: Ref | None = None


class ReprintReceipt(Command):
    command: Literal["reprint_receipt"] = "reprint_receipt"
    transaction_id: Ref


class RunDiagnostics(Command):
    """Check the lane's devices (all, or the kinds named) and report in the result."""

    command: Literal["run_diagnostics"] = "run_diagnostics"
    devices: Annotated[list[DeviceKind], Field(max_length=8)] = []


class ResolveHelp(Command):
    command: Literal["resolve_help"] = "resolve_help"
    call_id: Ref
    outcome: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class CommandResult(Envelope):
    """A kiosk's answer to one command, for every console (``correlation_id``: the command)."""

    type: Literal["command_result"] = "command_result"
    correlation_id: MessageId
    command: CommandKind | None = None
    ok: bool
    refusal: Refusal | None = None
    run_id: MessageId
    state_version: Version
    devices: Annotated[list[DeviceInfo], Field(max_length=32)] = []

    @model_validator(mode="after")
    def _ok_or_refused(self) -> CommandResult:
        if self.ok == (self.refusal is not None):
            raise ValueError("a result is either ok (no refusal) or refused (with a refusal)")
        return self


class Ack(Envelope):
    """A console has stored these events: the kiosk stops re-sending them."""

    type: Literal["ack"] = "ack"
    event_ids: Annotated[list[MessageId], Field(min_length=1, max_length=500)]


class Presence(Envelope):
    """A kiosk or a console is online (heartbeat) or offline (goodbye or Last Will)."""

    type: Literal["presence"] = "presence"
    status: PresenceStatus
    since: UtcTime
    sequence: Annotated[int, Field(ge=0, le=2**53)]
    interval_s: Annotated[float, Field(gt=0, le=5, allow_inf_nan=False)]


AnyEvent = Annotated[
    HelpRaised
    | HelpUpdated
    | HelpResolved
    | HelpRated
    | Intervention
    | SaleSummary
    | DeviceFault
    | DeviceRecovered,
    Field(discriminator="event"),
]
AnyCommand = Annotated[
    AcknowledgeCall
    | ClaimCall
    | ApproveAge
    | RefuseAge
    | ApproveVoid
    | RefuseVoid
    | AddItem
    | RemoveItem
    | CancelTransaction
    | ReverseCharge
    | LockLane
    | UnlockLane
    | PaidAtDesk
    | ReprintReceipt
    | RunDiagnostics
    | ResolveHelp,
    Field(discriminator="command"),
]
Message = KioskState | Event | Command | CommandResult | Ack | Presence


# --- decoding and encoding -----------------------------------------------------------------


class RejectReason(enum.StrEnum):
    EMPTY = "empty"
    """No payload: a retained message was cleared (a kiosk taken out of the store)."""
    TOO_LARGE = "too_large"
    UNKNOWN_TOPIC = "unknown_topic"
    MALFORMED_JSON = "malformed_json"
    NOT_AN_OBJECT = "not_an_object"
    UNKNOWN_MAJOR = "unknown_major"
    TOPIC_MISMATCH = "topic_mismatch"
    SCHEMA_ERROR = "schema_error"
    EXPIRED = "expired"
    INTERNAL_ERROR = "internal_error"
    """A bug of ours, never the sender's fault (logged with its traceback)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A message that passed every check, with the topic it came on."""

    topic: KioskTopic | ConsoleTopic
    message: Message


@dataclass(frozen=True, slots=True)
class Rejected:
    """A payload that was dropped, and why. ``message_id`` and ``command`` are filled in when
    they could be read, so a kiosk can answer a command on its own ``cmd`` topic that is
    ``expired`` (refusal ``expired``) or a ``schema_error`` (``unsupported`` when
    ``command`` is None: a kind it does not know; else ``invalid``). A payload refused for
    its topic or sender gets no answer: nobody proved who sent it."""

    reason: RejectReason
    detail: str
    topic: KioskTopic | ConsoleTopic | None = None
    message_id: str | None = None
    command: CommandKind | None = None

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}"


_ADAPTERS: dict[TopicKind, TypeAdapter[Any]] = {
    TopicKind.KIOSK_STATE: TypeAdapter(KioskState),
    TopicKind.KIOSK_EVENT: TypeAdapter(AnyEvent),
    TopicKind.KIOSK_PRESENCE: TypeAdapter(Presence),
    TopicKind.KIOSK_COMMAND: TypeAdapter(AnyCommand),
    TopicKind.KIOSK_COMMAND_RESULT: TypeAdapter(CommandResult),
    TopicKind.KIOSK_ACK: TypeAdapter(Ack),
    TopicKind.CONSOLE_PRESENCE: TypeAdapter(Presence),
}
_TYPE_ON: dict[TopicKind, MessageType] = {
    TopicKind.KIOSK_STATE: MessageType.STATE,
    TopicKind.KIOSK_EVENT: MessageType.EVENT,
    TopicKind.KIOSK_PRESENCE: MessageType.PRESENCE,
    TopicKind.KIOSK_COMMAND: MessageType.COMMAND,
    TopicKind.KIOSK_COMMAND_RESULT: MessageType.COMMAND_RESULT,
    TopicKind.KIOSK_ACK: MessageType.ACK,
    TopicKind.CONSOLE_PRESENCE: MessageType.PRESENCE,
}
"""The one message type each topic carries."""


def _publisher(topic: KioskTopic | ConsoleTopic) -> str:
    """Who may publish on ``topic`` (the broker's ACL enforces the same)."""
    if isinstance(topic, ConsoleTopic):
        return topic.console
    if topic.kind in (TopicKind.KIOSK_COMMAND, TopicKind.KIOSK_ACK):
        assert topic.console is not None
        return topic.console
    return topic.kiosk


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _short(text: object, limit: int = 80) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_error(error: ValidationError) -> str:
    first = error.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "(payload)"
    return f"{where}: {first['msg']} ({error.error_count()} error(s))"


def decode(topic: str, payload: bytes, *, now: datetime, topics: StoreTopics) -> Decoded | Rejected:
    """The message published on ``topic`` with ``payload``, or why it was dropped.

    Checks, in order: size, topic, JSON object, schema major, the type the topic carries,
    the sender the topic names, the model (strictly: no "1" for 1), and for a command its
    expiry against ``now``. Never raises for anything in ``topic`` or ``payload``; a naive
    ``now`` is the caller's bug (``ValueError``).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    try:
        return _decode(topic, payload, now, topics)
    except Exception as error:  # the promise: a publisher never crashes us
        log.exception("decoding a payload on %r failed", _short(topic))
        return Rejected(RejectReason.INTERNAL_ERROR, f"{type(error).__name__}: {_short(error)}")


def _decode(topic: str, payload: bytes, now: datetime, topics: StoreTopics) -> Decoded | Rejected:
    if len(payload) > MAX_PAYLOAD_BYTES:
        return Rejected(RejectReason.TOO_LARGE, f"{len(payload)} bytes > {MAX_PAYLOAD_BYTES}")
    try:
        where = topics.parse(topic)
    except TopicError as error:
        return Rejected(RejectReason.UNKNOWN_TOPIC, _short(error, 200))
    if not payload:
        return Rejected(RejectReason.EMPTY, "empty payload (a cleared retained message)", where)
    try:
        data = json.loads(payload.decode("utf-8"), parse_constant=_no_constants)
    except (ValueError, RecursionError) as error:
        return Rejected(RejectReason.MALFORMED_JSON, _short(error), where)
    if not isinstance(data, dict):
        return Rejected(RejectReason.NOT_AN_OBJECT, f"a JSON {type(data).__name__}", where)

    raw_id = data.get("id")
    message_id = raw_id if isinstance(raw_id, str) and len(raw_id) == 32 else None
    raw_command = data.get("command")
    command = (
        CommandKind(raw_command)
        if isinstance(raw_command, str) and raw_command in CommandKind._value2member_map_
        else None
    )

    def reject(reason: RejectReason, detail: str) -> Rejected:
        return Rejected(reason, detail, where, message_id, command)

    schema = data.get("schema")
    match = _SCHEMA.match(schema) if isinstance(schema, str) else None
    if match is None:
        return reject(RejectReason.SCHEMA_ERROR, f"schema: not 'MAJOR.MINOR': {_short(schema)}")
    if int(match.group(1)) != SCHEMA_MAJOR:
        return reject(
            RejectReason.UNKNOWN_MAJOR, f"schema {schema}: this reader knows {SCHEMA_MAJOR}.x"
        )
    expected = _TYPE_ON[where.kind]
    if data.get("type") != expected.value:
        return reject(
            RejectReason.TOPIC_MISMATCH,
            f"type {_short(data.get('type'))} on a {where.kind} topic (wants {expected})",
        )
    publisher = _publisher(where)
    if data.get("sender") != publisher:
        return reject(
            RejectReason.TOPIC_MISMATCH,
            f"sender {_short(data.get('sender'))} on a topic of {publisher}",
        )
    try:
        message = _ADAPTERS[where.kind].validate_json(payload, strict=True)
    except ValidationError as error:
        return reject(RejectReason.SCHEMA_ERROR, _first_error(error))
    if isinstance(message, Command) and message.expires_at <= now:
        return reject(RejectReason.EXPIRED, f"expired at {_iso_z(message.expires_at)}")
    return Decoded(where, message)


def encode(message: Message) -> bytes:
    """The payload to publish: compact JSON in UTF-8, times in UTC with ``Z``."""
    return message.model_dump_json(by_alias=True).encode("utf-8")
