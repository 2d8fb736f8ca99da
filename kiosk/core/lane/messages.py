"""Typed messages from the lane to the shopper (and staff): a key plus parameters.

The core never writes Dutch or English: it emits ``Message(MessageKey.UNKNOWN_BARCODE,
code="8712345678906")`` and the UI translates the key (``tr()``), filling in the
parameters. Each key also says which sound goes with it (:class:`Tone`: the issue asks
for distinct sounds for added / unknown / needs-a-person) and its :class:`Mood` (the
colour's meaning: green = go on, amber = waiting for someone, red = something went
wrong), so every screen treats a message alike.

Parameters are JSON-able values (str, int, bool, None, lists and dicts of them), so a
message can also go over the store network in the ``state`` snapshot.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

__all__ = ["MESSAGE_INFO", "Message", "MessageKey", "Mood", "Tone"]


class Tone(enum.StrEnum):
    """The sound that goes with a message."""

    NONE = "none"
    ADDED = "added"
    """An item went into the cart."""
    SOFT = "soft"
    """Nothing happened, try again (a misread, a bad check digit)."""
    UNKNOWN = "unknown"
    """The item cannot be sold as scanned (unknown, refused, not for sale)."""
    NEEDS_PERSON = "needs_person"
    """A staff member must come (age check, approval, payment to check)."""


class Mood(enum.StrEnum):
    """What the message's colour means."""

    INFO = "info"
    SUCCESS = "success"
    """Green: go on."""
    WAITING = "waiting"
    """Amber: waiting for someone (staff, the terminal)."""
    PROBLEM = "problem"
    """Red: something went wrong; the message says what happens now."""


class MessageKey(enum.StrEnum):
    # scanning and items
    ITEM_ADDED = "item_added"
    UNKNOWN_BARCODE = "unknown_barcode"
    INVALID_CHECK_DIGIT = "invalid_check_digit"
    UNREADABLE_BARCODE = "unreadable_barcode"
    NOT_FOR_SALE = "not_for_sale"
    DEPOSIT_ALONE = "deposit_alone"
    ITEM_REFUSED = "item_refused"
    NOT_A_BAG = "not_a_bag"
    PUT_ON_SCALE = "put_on_scale"
    SCALE_UNSTABLE = "scale_unstable"
    SCALE_OVERLOAD = "scale_overload"
    SCALE_UNDER_ZERO = "scale_under_zero"
    SCALE_UNAVAILABLE = "scale_unavailable"
    STILL_WEIGHING = "still_weighing"
    AGE_CHECK_NEEDED = "age_check_needed"
    AGE_APPROVED = "age_approved"
    QUANTITY_CHANGED = "quantity_changed"
    QUANTITY_REFUSED = "quantity_refused"
    LINE_REMOVED = "line_removed"
    VOID_NEEDS_APPROVAL = "void_needs_approval"
    VOID_APPROVED = "void_approved"
    VOID_REJECTED = "void_rejected"
    # paying
    NOTHING_TO_PAY = "nothing_to_pay"
    PAY_BLOCKED_AGE = "pay_blocked_age"
    PAY_BLOCKED_VOID = "pay_blocked_void"
    PAYMENT_ALREADY_RUNNING = "payment_already_running"
    PAYMENT_UNAVAILABLE = "payment_unavailable"
    FOLLOW_TERMINAL = "follow_terminal"
    PAYMENT_PROGRESS = "payment_progress"
    PAYMENT_CANCELLING = "payment_cancelling"
    PAYMENT_APPROVED = "payment_approved"
    PAYMENT_CANCELLED = "payment_cancelled"
    DECLINED_TRY_OTHER_CARD = "declined_try_other_card"
    DECLINED_INSERT_CARD = "declined_insert_card"
    DECLINED_TRY_AGAIN = "declined_try_again"
    DECLINED_PAY_AT_DESK = "declined_pay_at_desk"
    PAYMENT_CHECKING = "payment_checking"
    PAYMENT_NOT_TAKEN = "payment_not_taken"
    PAYMENT_STAFF_CHECKING = "payment_staff_checking"
    PAYMENT_REVERSED = "payment_reversed"
    PAYMENT_REVERSAL_FAILED = "payment_reversal_failed"
    # receipt and goodbye
    RECEIPT_PRINTING = "receipt_printing"
    RECEIPT_PRINTED = "receipt_printed"
    PRINTER_FAILED_DIGITAL = "printer_failed_digital"
    DIGITAL_RECEIPT = "digital_receipt"
    NO_RECEIPT = "no_receipt"
    THANK_YOU = "thank_you"
    # idle
    ARE_YOU_STILL_THERE = "are_you_still_there"
    SESSION_SUSPENDED = "session_suspended"
    WELCOME_BACK = "welcome_back"
    CART_RESTORED = "cart_restored"
    RECEIPT_AFTER_RESTART = "receipt_after_restart"
    """The kiosk stopped after a sale was paid: "your payment went through; here is your
    receipt" (``amount_cents``, ``reference``)."""
    # help
    HELP_CALLED = "help_called"
    HELP_ON_THE_WAY = "help_on_the_way"
    HELP_RESOLVED = "help_resolved"
    HELP_CANCELLED = "help_cancelled"
    HELP_NOT_CANCELLABLE = "help_not_cancellable"
    HELP_STILL_LOOKING = "help_still_looking"
    """Nobody took the call in time: "we are still looking for someone: please wave to a
    staff member" (``reason``, ``call_id``)."""
    # devices and the lane
    SCANNER_OFFLINE = "scanner_offline"
    SCANNER_BACK = "scanner_back"
    PRINTER_PROBLEM = "printer_problem"
    OUT_OF_SERVICE = "out_of_service"
    BACK_IN_SERVICE = "back_in_service"
    TRANSACTION_CANCELLED = "transaction_cancelled"
    NOT_NOW = "not_now"
    """The operation is not possible in the current state (``operation``, ``state``)."""
    NOT_PERMITTED = "not_permitted"
    """A staff member's role does not allow the action (``action``)."""


_T, _M = Tone, Mood
MESSAGE_INFO: Mapping[MessageKey, tuple[Tone, Mood]] = MappingProxyType(
    {
        MessageKey.ITEM_ADDED: (_T.ADDED, _M.SUCCESS),
        MessageKey.UNKNOWN_BARCODE: (_T.UNKNOWN, _M.PROBLEM),
        MessageKey.INVALID_CHECK_DIGIT: (_T.SOFT, _M.INFO),
        MessageKey.UNREADABLE_BARCODE: (_T.SOFT, _M.INFO),
        MessageKey.NOT_FOR_SALE: (_T.UNKNOWN, _M.PROBLEM),
        MessageKey.DEPOSIT_ALONE: (_T.SOFT, _M.INFO),
        MessageKey.ITEM_REFUSED: (_T.UNKNOWN, _M.PROBLEM),
        MessageKey.NOT_A_BAG: (_T.UNKNOWN, _M.PROBLEM),
        MessageKey.PUT_ON_SCALE: (_T.NONE, _M.INFO),
        MessageKey.SCALE_UNSTABLE: (_T.SOFT, _M.PROBLEM),
        MessageKey.SCALE_OVERLOAD: (_T.SOFT, _M.PROBLEM),
        MessageKey.SCALE_UNDER_ZERO: (_T.SOFT, _M.PROBLEM),
        MessageKey.SCALE_UNAVAILABLE: (_T.UNKNOWN, _M.PROBLEM),
        MessageKey.STILL_WEIGHING: (_T.SOFT, _M.INFO),
        MessageKey.AGE_CHECK_NEEDED: (_T.NEEDS_PERSON, _M.WAITING),
        MessageKey.AGE_APPROVED: (_T.NONE, _M.SUCCESS),
        MessageKey.QUANTITY_CHANGED: (_T.NONE, _M.SUCCESS),
        MessageKey.QUANTITY_REFUSED: (_T.SOFT, _M.PROBLEM),
        MessageKey.LINE_REMOVED: (_T.NONE, _M.SUCCESS),
        MessageKey.VOID_NEEDS_APPROVAL: (_T.NEEDS_PERSON, _M.WAITING),
        MessageKey.VOID_APPROVED: (_T.NONE, _M.SUCCESS),
        MessageKey.VOID_REJECTED: (_T.NONE, _M.INFO),
        MessageKey.NOTHING_TO_PAY: (_T.SOFT, _M.INFO),
        MessageKey.PAY_BLOCKED_AGE: (_T.NEEDS_PERSON, _M.WAITING),
        MessageKey.PAY_BLOCKED_VOID: (_T.NEEDS_PERSON, _M.WAITING),
        MessageKey.PAYMENT_ALREADY_RUNNING: (_T.SOFT, _M.WAITING),
        MessageKey.PAYMENT_UNAVAILABLE: (_T.NEEDS_PERSON, _M.PROBLEM),
        MessageKey.FOLLOW_TERMINAL: (_T.NONE, _M.WAITING),
        MessageKey.PAYMENT_PROGRESS: (_T.NONE, _M.WAITING),
        MessageKey.PAYMENT_CANCELLING: (_T.NONE, _M.WAITING),
        MessageKey.PAYMENT_APPROVED: (_T.NONE, _M.SUCCESS),
        MessageKey.PAYMENT_CANCELLED: (_T.NONE, _M.INFO),
        MessageKey.DECLINED_TRY_OTHER_CARD: (_T.UNKNOWN, _M.PROBLEM),
        MessageKey.DECLINED_INSERT_CARD: (_T.UNKNOWN, _M.PROBLEM),
        MessageKey.DECLINED_TRY_AGAIN: (_T.UNKNOWN, _M.PROBLEM),
        MessageKey.DECLINED_PAY_AT_DESK: (_T.NEEDS_PERSON, _M.PROBLEM),
        MessageKey.PAYMENT_CHECKING: (_T.NONE, _M.WAITING),
        MessageKey.PAYMENT_NOT_TAKEN: (_T.NONE, _M.INFO),
        MessageKey.PAYMENT_STAFF_CHECKING: (_T.NEEDS_PERSON, _M.WAITING),
        MessageKey.PAYMENT_REVERSED: (_T.NONE, _M.INFO),
        MessageKey.PAYMENT_REVERSAL_FAILED: (_T.NONE, _M.PROBLEM),
        MessageKey.RECEIPT_PRINTING: (_T.NONE, _M.WAITING),
        MessageKey.RECEIPT_PRINTED: (_T.NONE, _M.SUCCESS),
        MessageKey.PRINTER_FAILED_DIGITAL: (_T.SOFT, _M.PROBLEM),
        MessageKey.DIGITAL_RECEIPT: (_T.NONE, _M.SUCCESS),
        MessageKey.NO_RECEIPT: (_T.NONE, _M.INFO),
        MessageKey.THANK_YOU: (_T.NONE, _M.SUCCESS),
        MessageKey.ARE_YOU_STILL_THERE: (_T.SOFT, _M.WAITING),
        MessageKey.SESSION_SUSPENDED: (_T.NEEDS_PERSON, _M.WAITING),
        MessageKey.WELCOME_BACK: (_T.NONE, _M.SUCCESS),
        MessageKey.CART_RESTORED: (_T.NONE, _M.INFO),
        MessageKey.RECEIPT_AFTER_RESTART: (_T.NONE, _M.SUCCESS),
        MessageKey.HELP_CALLED: (_T.NEEDS_PERSON, _M.WAITING),
        MessageKey.HELP_ON_THE_WAY: (_T.NONE, _M.WAITING),
        MessageKey.HELP_RESOLVED: (_T.NONE, _M.SUCCESS),
        MessageKey.HELP_CANCELLED: (_T.NONE, _M.INFO),
        MessageKey.HELP_NOT_CANCELLABLE: (_T.SOFT, _M.WAITING),
        MessageKey.HELP_STILL_LOOKING: (_T.NEEDS_PERSON, _M.WAITING),
        MessageKey.SCANNER_OFFLINE: (_T.NEEDS_PERSON, _M.PROBLEM),
        MessageKey.SCANNER_BACK: (_T.NONE, _M.SUCCESS),
        MessageKey.PRINTER_PROBLEM: (_T.NONE, _M.PROBLEM),
        MessageKey.OUT_OF_SERVICE: (_T.NEEDS_PERSON, _M.PROBLEM),
        MessageKey.BACK_IN_SERVICE: (_T.NONE, _M.SUCCESS),
        MessageKey.TRANSACTION_CANCELLED: (_T.NONE, _M.INFO),
        MessageKey.NOT_NOW: (_T.SOFT, _M.INFO),
        MessageKey.NOT_PERMITTED: (_T.SOFT, _M.PROBLEM),
    }
)
"""The sound and the mood of every key."""


def _check_value(name: str, value: object) -> None:
    if value is None or isinstance(value, str | int):  # bool is an int; floats refused
        return
    if isinstance(value, list | tuple):
        for item in value:
            _check_value(name, item)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"message parameter {name!r}: keys must be text")
            _check_value(name, item)
        return
    raise TypeError(
        f"message parameter {name!r} must be JSON-able text, a whole number, a bool or "
        f"None (or lists/dicts of them), not {type(value).__name__}"
    )


class Message:
    """One message: ``Message(MessageKey.UNKNOWN_BARCODE, code="123")``."""

    __slots__ = ("_params", "key")

    def __init__(self, key: MessageKey, /, **params: Any) -> None:
        self.key = MessageKey(key)
        for name, value in params.items():
            if isinstance(value, enum.Enum):
                params[name] = value.value
                value = value.value
            _check_value(name, value)
        self._params: Mapping[str, Any] = MappingProxyType(dict(params))

    @property
    def params(self) -> Mapping[str, Any]:
        return self._params

    @property
    def tone(self) -> Tone:
        return MESSAGE_INFO[self.key][0]

    @property
    def mood(self) -> Mood:
        return MESSAGE_INFO[self.key][1]

    def __getitem__(self, name: str) -> Any:
        return self._params[name]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.key is other.key and dict(self._params) == dict(other._params)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self._params.items())
        return f"Message({self.key.name}{args})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key.value,
            "params": dict(self._params),
            "tone": self.tone.value,
            "mood": self.mood.value,
        }
