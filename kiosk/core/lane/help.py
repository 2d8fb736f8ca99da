"""Help calls: why a person is needed, the call's life, and self-help answers.

A help call is not a session state: the shopper keeps scanning while an age check or a
question waits for staff. Each call has a :class:`HelpReason`, a status
(``raised -> acknowledged -> resolved``, or ``cancelled``; the journal's
``HELP_STATUSES``), the staff member who took it ("Sam is on the way"), and a context
(barcode, product, decline reason, device fault, cart summary) so nobody asks the
shopper twice. A call nobody acknowledged within ``help_escalate_s`` is ``escalated``
(see :mod:`~kiosk.core.lane.help_desk`). Every change is written to the journal
(``raise_help_call`` / ``update_help_call``), which queues it in the outbox for the
attendant console.

:data:`SELF_HELP` gives, per reason (and per :class:`HelpTopic` the shopper picked),
the keys of short answers the UI shows while the shopper waits.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

__all__ = [
    "APPROVAL_REASONS",
    "SELF_HELP",
    "SHOPPER_CANCELLABLE",
    "TOPIC_SELF_HELP",
    "HelpCall",
    "HelpReason",
    "HelpStatus",
    "HelpTopic",
    "SelfHelp",
    "self_help_for",
]


class HelpReason(enum.StrEnum):
    UNKNOWN_ITEM = "unknown_item"
    AGE_CHECK = "age_check"
    VOID_APPROVAL = "void_approval"
    PAYMENT_DECLINED = "payment_declined"
    PAYMENT_UNKNOWN = "payment_unknown"
    DEVICE_FAULT = "device_fault"
    SHOPPER_REQUEST = "shopper_request"
    IDLE = "idle"


class HelpTopic(enum.StrEnum):
    """What the shopper picks when they press help themselves."""

    ITEM_WONT_SCAN = "item_wont_scan"
    PRICE_QUESTION = "price_question"
    BAGS = "bags"
    OTHER = "other"


class HelpStatus(enum.StrEnum):
    RAISED = "raised"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in (HelpStatus.RAISED, HelpStatus.ACKNOWLEDGED)


APPROVAL_REASONS = frozenset({HelpReason.AGE_CHECK, HelpReason.VOID_APPROVAL})
"""Calls that wait for a staff decision (amber light) rather than a person to talk to."""

SHOPPER_CANCELLABLE = frozenset(
    {
        HelpReason.UNKNOWN_ITEM,
        HelpReason.VOID_APPROVAL,
        HelpReason.PAYMENT_DECLINED,
        HelpReason.DEVICE_FAULT,
        HelpReason.SHOPPER_REQUEST,
    }
)
"""Calls the shopper may cancel. An age check goes away only when staff approve it or the
item is removed; an unknown payment only when it is settled; an idle call when the
shopper returns."""


class SelfHelp(enum.StrEnum):
    """Keys of short answers shown while waiting (translated by the UI)."""

    RETRY_SCAN_SLOWLY = "retry_scan_slowly"
    KEY_IN_THE_CODE = "key_in_the_code"
    PUT_ITEM_ASIDE = "put_item_aside"
    KEEP_SCANNING = "keep_scanning"
    HAVE_ID_READY = "have_id_ready"
    STAFF_APPROVES_REMOVAL = "staff_approves_removal"
    TRY_ANOTHER_CARD = "try_another_card"
    INSERT_CARD_USE_PIN = "insert_card_use_pin"
    PAY_AT_SERVICE_DESK = "pay_at_service_desk"
    DO_NOT_PAY_AGAIN = "do_not_pay_again"
    STAFF_CHECKS_TERMINAL = "staff_checks_terminal"
    USE_KEY_IN = "use_key_in"
    DIGITAL_RECEIPT = "digital_receipt"
    PRICE_ON_SHELF_LABEL = "price_on_shelf_label"
    BAGS_AT_THE_LANE = "bags_at_the_lane"
    STAFF_COMES = "staff_comes"
    CART_IS_SAVED = "cart_is_saved"


_H, _A = HelpReason, SelfHelp
SELF_HELP: Mapping[HelpReason, tuple[SelfHelp, ...]] = MappingProxyType(
    {
        _H.UNKNOWN_ITEM: (_A.RETRY_SCAN_SLOWLY, _A.KEY_IN_THE_CODE, _A.PUT_ITEM_ASIDE),
        _H.AGE_CHECK: (_A.KEEP_SCANNING, _A.HAVE_ID_READY),
        _H.VOID_APPROVAL: (_A.KEEP_SCANNING, _A.STAFF_APPROVES_REMOVAL),
        _H.PAYMENT_DECLINED: (
            _A.TRY_ANOTHER_CARD,
            _A.INSERT_CARD_USE_PIN,
            _A.PAY_AT_SERVICE_DESK,
        ),
        _H.PAYMENT_UNKNOWN: (_A.DO_NOT_PAY_AGAIN, _A.STAFF_CHECKS_TERMINAL),
        _H.DEVICE_FAULT: (_A.USE_KEY_IN, _A.DIGITAL_RECEIPT, _A.STAFF_COMES),
        _H.SHOPPER_REQUEST: (_A.STAFF_COMES,),
        _H.IDLE: (_A.CART_IS_SAVED, _A.STAFF_COMES),
    }
)

TOPIC_SELF_HELP: Mapping[HelpTopic, tuple[SelfHelp, ...]] = MappingProxyType(
    {
        HelpTopic.ITEM_WONT_SCAN: (_A.RETRY_SCAN_SLOWLY, _A.KEY_IN_THE_CODE),
        HelpTopic.PRICE_QUESTION: (_A.PRICE_ON_SHELF_LABEL, _A.STAFF_COMES),
        HelpTopic.BAGS: (_A.BAGS_AT_THE_LANE,),
        HelpTopic.OTHER: (_A.STAFF_COMES,),
    }
)


def self_help_for(reason: HelpReason, topic: HelpTopic | None = None) -> tuple[SelfHelp, ...]:
    """The answers to show for a call (the topic's, when the shopper picked one)."""
    if reason is HelpReason.SHOPPER_REQUEST and topic is not None:
        return TOPIC_SELF_HELP[topic]
    return SELF_HELP[reason]


@dataclass(slots=True)
class HelpCall:
    """One help call as the lane knows it (the journal holds the durable record)."""

    id: str
    reason: HelpReason
    context: dict[str, Any]
    status: HelpStatus = HelpStatus.RAISED
    topic: HelpTopic | None = None
    staff_name: str | None = None
    outcome: str | None = None
    transaction_id: str | None = None
    rating: int | None = None
    subject: str | None = field(default=None)
    """What the call is about when a lane may have several of one reason (a line id)."""
    raised_at: float = 0.0
    """Monotonic seconds when the lane raised (or, after a restart, restored) the call."""
    escalated: bool = False
    """Nobody acknowledged it within ``help_escalate_s``: the lamp calls the floor."""
    owner: dict[str, Any] | None = None
    """The staff member who took the call (``staff_id``, ``name``, ``console``: None at
    the lane), set by a claim or an acknowledgement from a member; the first one wins."""
    raised_utc: datetime | None = None
    """When the call was raised, on the wall clock (the journal's ``raised_at``)."""

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def self_help(self) -> tuple[SelfHelp, ...]:
        return self_help_for(self.reason, self.topic)

    @property
    def shopper_cancellable(self) -> bool:
        return self.reason in SHOPPER_CANCELLABLE

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reason": self.reason.value,
            "topic": None if self.topic is None else self.topic.value,
            "status": self.status.value,
            "staff_name": self.staff_name,
            "outcome": self.outcome,
            "transaction_id": self.transaction_id,
            "context": self.context,
            "rating": self.rating,
            "self_help": [key.value for key in self.self_help],
            "shopper_cancellable": self.shopper_cancellable,
            "escalated": self.escalated,
            "owner": self.owner,
            "raised_at": None if self.raised_utc is None else self.raised_utc.isoformat(),
        }
