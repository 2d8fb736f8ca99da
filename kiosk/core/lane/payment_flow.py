"""The payment's bookkeeping and what a decline tells the shopper.

The rules the controller keeps (see ``docs/session.md``, "Payments that never charge
twice"):

1. The pending payment is written to the journal (``begin_payment``) *before* the
   terminal is asked; the journal refuses a second one while one is in flight.
2. One :class:`PaymentAttempt` at a time: ``pay()`` is refused while one exists, in
   whatever phase.
3. An unknown outcome (the terminal's ``UNKNOWN``, an unexpected error, no answer within
   ``payment_s``, a restart with a payment in flight) is *reconciled*: the terminal is
   asked (``transaction_status``) before anything else. Still unknown: a help call
   (``payment_unknown``) and a supervisor settles it; the lane keeps asking meanwhile.
4. ``TerminalUnavailable`` / ``TerminalBusy`` are the interface's promise that nothing
   was sent: the payment is recorded as ``failed`` and the shopper may pay again later.

:func:`decline_message` maps a :class:`~drivers.payment.interface.DeclineReason` to the
message that says what to do: another card, insert the card (the card wants its PIN),
try again, or pay at the service desk (that one also calls staff).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from drivers.payment.interface import DeclineReason
from kiosk.core.lane.messages import MessageKey

__all__ = [
    "DECLINE_MESSAGES",
    "MAX_DECLINES_BEFORE_HELP",
    "PaymentAttempt",
    "PaymentPhase",
    "decline_calls_staff",
    "decline_message",
]

MAX_DECLINES_BEFORE_HELP = 3
"""After this many declines in one transaction the lane calls staff by itself."""

_R, _K = DeclineReason, MessageKey
DECLINE_MESSAGES: Mapping[DeclineReason, MessageKey] = MappingProxyType(
    {
        _R.REFUSED: _K.DECLINED_TRY_OTHER_CARD,
        _R.INSUFFICIENT_FUNDS: _K.DECLINED_TRY_OTHER_CARD,
        _R.CARD_NOT_SUPPORTED: _K.DECLINED_TRY_OTHER_CARD,
        _R.CARD_EXPIRED: _K.DECLINED_TRY_OTHER_CARD,
        _R.INSERT_CARD: _K.DECLINED_INSERT_CARD,
        _R.PIN_WRONG: _K.DECLINED_TRY_AGAIN,
        _R.CARD_UNREADABLE: _K.DECLINED_TRY_AGAIN,
        _R.TIMEOUT: _K.DECLINED_TRY_AGAIN,
        _R.CANCELLED_BY_SHOPPER: _K.DECLINED_TRY_AGAIN,
        _R.CANCELLED_BY_KIOSK: _K.DECLINED_TRY_AGAIN,
        _R.NOT_PROCESSED: _K.DECLINED_TRY_AGAIN,
        _R.TERMINAL_BUSY: _K.DECLINED_PAY_AT_DESK,
        _R.CONNECTION_LOST: _K.DECLINED_PAY_AT_DESK,
        _R.PROTOCOL_ERROR: _K.DECLINED_PAY_AT_DESK,
        _R.TERMINAL_ERROR: _K.DECLINED_PAY_AT_DESK,
        _R.OTHER: _K.DECLINED_PAY_AT_DESK,
    }
)
"""Every decline reason has its message (a test checks that none is missing)."""


def decline_message(reason: DeclineReason | None) -> MessageKey:
    if reason is None:
        return MessageKey.DECLINED_TRY_OTHER_CARD
    return DECLINE_MESSAGES[DeclineReason(reason)]


def decline_calls_staff(key: MessageKey, declines: int) -> bool:
    """Whether a decline raises a help call by itself: when the shopper is sent to the
    desk (the terminal cannot do it), or after :data:`MAX_DECLINES_BEFORE_HELP`."""
    return key is MessageKey.DECLINED_PAY_AT_DESK or declines >= MAX_DECLINES_BEFORE_HELP


class PaymentPhase(enum.StrEnum):
    IN_FLIGHT = "in_flight"
    """The terminal has it (``start_payment`` running)."""
    UNKNOWN = "unknown"
    """The outcome is unknown: reconciling with the terminal, then staff."""


@dataclass(slots=True)
class PaymentAttempt:
    """The one payment the lane is busy with (mirrors the journal's in-flight row)."""

    reference: str
    amount_cents: int
    phase: PaymentPhase
    started_at: float
    """Monotonic seconds when the terminal was asked (or when the lane resumed it)."""
    job_running: bool = False
    """A terminal call (start_payment or transaction_status) is running now."""
    cancel_sent: bool = False
    reconciliations: int = 0
    next_reconcile_at: float | None = None
    help_call_id: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "reference": self.reference,
            "amount_cents": self.amount_cents,
            "phase": self.phase.value,
            "terminal_busy": self.job_running,
            "reconciliations": self.reconciliations,
        }
