"""What a payment terminal driver offers, whatever protocol it speaks (ZVT now, nexo next).

A :class:`PaymentTerminal` is a :class:`~drivers.device.Device`. Its operations are
synchronous (a kiosk calls them on a worker thread) and return a :class:`PaymentResult`:

* :meth:`PaymentTerminal.start_payment` ``(amount_cents, currency="EUR", *, reference)``:
  ``reference`` is ours (the kiosk journal's payment id); the result carries the
  terminal's own references too (:class:`TerminalReferences`). While it runs, the
  terminal's prompts ("Insert card", "Enter PIN") arrive as ``DataEvent(PaymentProgress)``
  (while the device is enabled), and the result itself as ``DataEvent(PaymentResult)``.
* :meth:`PaymentTerminal.cancel`: ask the terminal to stop the running payment; the
  payment's own result says what happened (a card already authorised stays approved).
* :meth:`PaymentTerminal.transaction_status` ``(reference=None)``: resolve an
  :attr:`PaymentOutcome.UNKNOWN` payment (or report the last transaction).
* :meth:`PaymentTerminal.reverse` ``(reference, terminal_reference=None)``: undo an
  approved payment.
* :meth:`PaymentTerminal.resolve_manually` ``(outcome, note=...)``: an attendant settles
  an unknown outcome that the terminal cannot tell (its journal shows the truth).
* :meth:`PaymentTerminal.end_of_day` and :meth:`PaymentTerminal.diagnosis`: the
  administrative functions, returning an :class:`AdminResult`.

Outcomes: approved, declined (with a :class:`DeclineReason`), cancelled, or unknown. An
unknown outcome (connection lost or timed out after the terminal took the payment)
blocks the next payment: the device is in error ``outcome_unknown`` and
:meth:`PaymentTerminal.start_payment` raises :class:`OutcomeUnknown` until
:meth:`PaymentTerminal.transaction_status` has learnt the truth from the terminal.

Card data never reaches us: a driver keeps at most a masked card number that the
terminal sent masked, and :func:`scrub_card_numbers` masks any full card number that a
misconfigured terminal puts in a receipt line.
"""

from __future__ import annotations

import abc
import enum
import re
from dataclasses import dataclass, field
from typing import Any

from drivers.device import Device

__all__ = [
    "CURRENCIES",
    "AdminResult",
    "DeclineReason",
    "OutcomeUnknown",
    "PaymentError",
    "PaymentOutcome",
    "PaymentProgress",
    "PaymentResult",
    "PaymentTerminal",
    "ProgressStep",
    "TerminalBusy",
    "TerminalReferences",
    "TerminalUnavailable",
    "UnknownReference",
    "check_amount",
    "check_reference",
    "currency_code",
    "currency_name",
    "luhn_valid",
    "mask_pan",
    "scrub_card_numbers",
]


class PaymentOutcome(enum.StrEnum):
    """The values match the kiosk journal's payment statuses."""

    APPROVED = "approved"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    """Stopped before money moved: by the shopper, by us, or never carried out."""
    UNKNOWN = "unknown"
    """The terminal may or may not have taken the money: ask it (transaction_status)."""


class DeclineReason(enum.StrEnum):
    """Why a payment was not approved (or, for UNKNOWN, why we do not know)."""

    REFUSED = "refused"
    """Refused by the card issuer (do not honour, restricted, limit exceeded...)."""
    INSUFFICIENT_FUNDS = "insufficient_funds"
    CARD_NOT_SUPPORTED = "card_not_supported"
    PIN_WRONG = "pin_wrong"
    INSERT_CARD = "insert_card"
    """Contactless limit or strong customer authentication: insert the card, use the PIN."""
    CARD_EXPIRED = "card_expired"
    CARD_UNREADABLE = "card_unreadable"
    CANCELLED_BY_SHOPPER = "cancelled_by_shopper"
    """The shopper pressed stop, or did not present a card in time."""
    CANCELLED_BY_KIOSK = "cancelled_by_kiosk"
    """We asked the terminal to stop (cancel())."""
    NOT_PROCESSED = "not_processed"
    """The terminal has no record of the payment: it never took place."""
    TERMINAL_BUSY = "terminal_busy"
    TIMEOUT = "timeout"
    """The payment took too long: the host did not answer, or the terminal fell silent."""
    CONNECTION_LOST = "connection_lost"
    PROTOCOL_ERROR = "protocol_error"
    TERMINAL_ERROR = "terminal_error"
    """The terminal could not do it (not registered, configuration, hardware)."""
    OTHER = "other"


class ProgressStep(enum.StrEnum):
    """What a prompt from the terminal asks of the shopper, so a kiosk can translate it."""

    INSERT_CARD = "insert_card"
    ENTER_PIN = "enter_pin"
    PIN_WRONG = "pin_wrong"
    PLEASE_WAIT = "please_wait"
    AUTHORISING = "authorising"
    REMOVE_CARD = "remove_card"
    APPROVED = "approved"
    DECLINED = "declined"
    OTHER = "other"


CURRENCIES: dict[str, int] = {
    "EUR": 978,
    "CHF": 756,
    "GBP": 826,
    "USD": 840,
    "DKK": 208,
    "SEK": 752,
    "NOK": 578,
    "PLN": 985,
    "CZK": 203,
    "HUF": 348,
}
"""ISO 4217 alphabetic -> numeric codes of the currencies a European lane may meet."""


def currency_code(currency: str) -> int:
    """The ISO 4217 numeric code of ``currency`` ("EUR" or "978")."""
    text = str(currency).strip().upper()
    if text in CURRENCIES:
        return CURRENCIES[text]
    if text.isdigit() and len(text) == 3:
        return int(text)
    raise ValueError(
        f"unknown currency {currency!r}: use an ISO 4217 code ({', '.join(CURRENCIES)}) "
        "or its three-digit number"
    )


def currency_name(number: int) -> str:
    for name, value in CURRENCIES.items():
        if value == number:
            return name
    return f"{number:03d}"


def check_amount(amount_cents: object) -> int:
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise ValueError(f"an amount is a positive whole number of cents, not {amount_cents!r}")
    return amount_cents


_REFERENCE = re.compile(r"^[\x21-\x7e]{1,64}$")


def check_reference(reference: object) -> str:
    if not isinstance(reference, str) or not _REFERENCE.match(reference):
        raise ValueError(
            f"a payment reference is 1-64 printable characters without spaces, not {reference!r}"
        )
    return reference


# -- card numbers ----------------------------------------------------------------------


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def mask_pan(pan: str) -> str:
    """All but the last four digits as ``*`` (``************1111``)."""
    digits = re.sub(r"\D", "", pan)
    return "*" * max(0, len(digits) - 4) + digits[-4:]


_CARD_NUMBER = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")


def scrub_card_numbers(text: str) -> str:
    """``text`` with every Luhn-valid run of 13-19 digits (spaces or dashes allowed) masked."""

    def repl(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group())
        return mask_pan(digits) if luhn_valid(digits) else match.group()

    return _CARD_NUMBER.sub(repl, text)


# -- results -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TerminalReferences:
    """The terminal's own identifiers of a transaction (strings: every protocol has its own)."""

    trace_number: str | None = None
    receipt_number: str | None = None
    terminal_id: str | None = None
    auth_code: str | None = None
    card_brand: str | None = None
    masked_pan: str | None = None
    """Only as the terminal sent it, masked; a full card number is never kept."""
    transaction_id: str | None = None
    """A protocol's transaction id where it has one (nexo's POITransactionID)."""
    timestamp: str | None = None
    """When the terminal says it happened, as it says it (its local time)."""

    def to_dict(self) -> dict[str, str]:
        return {name: value for name in self.__slots__ if (value := getattr(self, name))}


@dataclass(frozen=True, slots=True)
class PaymentResult:
    """What became of a payment (or reversal)."""

    outcome: PaymentOutcome
    amount_cents: int
    currency: str
    reference: str | None
    """Ours (the journal's payment id); None when the terminal reported a transaction we
    cannot tie to one of ours."""
    reason: DeclineReason | None = None
    terminal: TerminalReferences = field(default_factory=TerminalReferences)
    customer_receipt: tuple[str, ...] = ()
    merchant_receipt: tuple[str, ...] = ()
    result_code: str | None = None
    """The protocol's own result code as text (ZVT: two hex digits, "00", "51", "6C")."""
    detail: str = ""
    operation: str = "payment"
    """"payment" or "reversal"."""

    @property
    def approved(self) -> bool:
        return self.outcome is PaymentOutcome.APPROVED

    def to_dict(self) -> dict[str, Any]:
        """JSON-able, for the kiosk journal (``settle_payment(reference, outcome, ...)``)."""
        return {
            "operation": self.operation,
            "outcome": self.outcome.value,
            "reason": None if self.reason is None else self.reason.value,
            "amount_cents": self.amount_cents,
            "currency": self.currency,
            "reference": self.reference,
            "terminal": self.terminal.to_dict(),
            "customer_receipt": list(self.customer_receipt),
            "merchant_receipt": list(self.merchant_receipt),
            "result_code": self.result_code,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class PaymentProgress:
    """A prompt or state the terminal shows, for the kiosk to show too."""

    step: ProgressStep
    text: str
    code: str | None = None
    """The protocol's own status code (ZVT: two hex digits)."""
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class AdminResult:
    """The answer to an administrative function (end of day, diagnosis)."""

    operation: str
    ok: bool
    result_code: str | None = None
    detail: str = ""
    receipt: tuple[str, ...] = ()
    total_cents: int | None = None
    terminal: TerminalReferences = field(default_factory=TerminalReferences)


# -- errors --------------------------------------------------------------------------


class PaymentError(Exception):
    """A payment operation could not be started; nothing was sent to the terminal."""


class OutcomeUnknown(PaymentError):
    """The last payment's outcome is unknown: call transaction_status() first."""

    def __init__(self, message: str, reference: str | None = None) -> None:
        super().__init__(message)
        self.reference = reference


class TerminalBusy(PaymentError):
    """Another operation is running on this terminal."""


class TerminalUnavailable(PaymentError):
    """The terminal cannot be reached (or has not accepted our registration)."""


class UnknownReference(PaymentError):
    """No payment with that reference is known to this driver (nothing to reverse)."""


# -- the interface -------------------------------------------------------------------


class PaymentTerminal(Device, abc.ABC):
    """A payment terminal; see the module docstring. Operations need the device enabled."""

    @abc.abstractmethod
    def start_payment(
        self, amount_cents: int, currency: str = "EUR", *, reference: str
    ) -> PaymentResult:
        """Take a payment; blocks until the terminal has an outcome (or it is unknown)."""

    @abc.abstractmethod
    def cancel(self) -> bool:
        """Ask the terminal to stop the running payment; False when none is running."""

    @abc.abstractmethod
    def transaction_status(self, reference: str | None = None) -> PaymentResult:
        """The outcome of payment ``reference`` (None: the unresolved one, else the last)."""

    @abc.abstractmethod
    def reverse(self, reference: str, *, terminal_reference: str | None = None) -> PaymentResult:
        """Reverse approved payment ``reference``; ``terminal_reference`` is the terminal's
        own id of it when this driver no longer remembers it (ZVT: the receipt number)."""

    @abc.abstractmethod
    def end_of_day(self) -> AdminResult:
        """Close the terminal's batch (reconciliation)."""

    @abc.abstractmethod
    def diagnosis(self) -> AdminResult:
        """Let the terminal check its host connection and configuration."""

    @abc.abstractmethod
    def resolve_manually(self, outcome: PaymentOutcome, *, note: str) -> PaymentResult:
        """Settle the unresolved payment by hand (an attendant checked the terminal)."""

    @property
    @abc.abstractmethod
    def unresolved(self) -> str | None:
        """The reference of the payment whose outcome is unknown, or None."""
