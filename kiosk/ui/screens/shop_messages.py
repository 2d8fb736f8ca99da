"""The words of the lane's messages that the shopping screens show, and their sounds.

The lane (``kiosk.core.lane``) says what happened with a typed ``Message`` (a
``MessageKey``, parameters, a ``Tone`` and a ``Mood``); ``kiosk.ui.messages.MESSAGES``
holds the words of a first few keys. :data:`SHOP_MESSAGES` is a registry that answers
with ``MESSAGES``' words where it has them (under the UI's own name for a key, see
:data:`ALIASES`) and with the words below for the other keys the shopping screens meet:
every one says what happened, what happens now and what the shopper can do.

:func:`ui_message` turns a lane message into the UI's ``Message`` (key and parameters)
that a :class:`kiosk.ui.widgets.Banner` shows; :func:`sound_for` picks the
``SoundKind`` of its tone (added / unknown / needs-a-person / a soft tick); :data:`SILENT`
lists keys the shopping screen shows elsewhere (the last item panel) instead of a banner.
"""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.core.lane.messages import Message as LaneMessage
from kiosk.core.lane.messages import MessageKey, Mood, Tone
from kiosk.ui.messages import (
    MESSAGES,
    Message,
    MessageRegistry,
    MessageTemplate,
    Severity,
    key_name,
)
from kiosk.ui.sound import SoundKind

__all__ = ["ALIASES", "SHOP_MESSAGES", "SILENT", "ShopMessages", "sound_for", "ui_message"]

ALIASES: dict[str, str] = {
    MessageKey.AGE_CHECK_NEEDED.value: "age_check",
    MessageKey.SCANNER_OFFLINE.value: "scanner_unplugged",
}
"""Lane key -> the key ``kiosk.ui.messages.MESSAGES`` has the same words under."""

SILENT = frozenset({MessageKey.ITEM_ADDED, MessageKey.PUT_ON_SCALE})
"""Keys the shopping screen shows in its own panels, not as a banner."""

_SEVERITY = {
    Mood.INFO: Severity.INFO,
    Mood.SUCCESS: Severity.SUCCESS,
    Mood.WAITING: Severity.WAITING,
    Mood.PROBLEM: Severity.ERROR,
}

_SOUNDS = {
    Tone.ADDED: SoundKind.ADDED,
    Tone.SOFT: SoundKind.SOFT,
    Tone.UNKNOWN: SoundKind.UNKNOWN,
    Tone.NEEDS_PERSON: SoundKind.NEEDS_PERSON,
}


class ShopMessages(MessageRegistry):
    """A registry that falls back on ``fallback`` (``MESSAGES``) for keys it lacks, and
    maps the lane's keys to the UI's names (:data:`ALIASES`)."""

    def __init__(self, fallback: MessageRegistry = MESSAGES) -> None:
        super().__init__()
        self.fallback = fallback

    def template(self, key: Hashable) -> MessageTemplate:
        # The shopping screens' own words first, whatever else was registered in the
        # process meanwhile; then the shared words under the UI's name for the key.
        name = key_name(key)
        if MessageRegistry.__contains__(self, name):
            return super().template(name)
        return self.fallback.template(ALIASES.get(name, name))

    def __contains__(self, key: object) -> bool:
        try:
            self.template(key)  # type: ignore[arg-type]
        except Exception:
            return False
        return True


SHOP_MESSAGES = ShopMessages()


def _register(key: MessageKey, title: str, body: str, action: str = "") -> None:
    SHOP_MESSAGES.register(
        key, title=title, body=body, action=action, severity=_SEVERITY[LaneMessage(key).mood]
    )


_register(
    MessageKey.INVALID_CHECK_DIGIT,
    QT_TRANSLATE_NOOP("Messages", "That code is not right"),
    QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
    QT_TRANSLATE_NOOP("Messages", "Scan the product again, or check the code you typed."),
)
_register(
    MessageKey.UNREADABLE_BARCODE,
    QT_TRANSLATE_NOOP("Messages", "That scan did not work"),
    QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
    QT_TRANSLATE_NOOP("Messages", "Scan the product again."),
)
_register(
    MessageKey.NOT_FOR_SALE,
    QT_TRANSLATE_NOOP("Messages", "This product cannot be sold here"),
    QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
    QT_TRANSLATE_NOOP("Messages", "Put it aside, or press Help."),
)
_register(
    MessageKey.DEPOSIT_ALONE,
    QT_TRANSLATE_NOOP("Messages", "This is a deposit code"),
    QT_TRANSLATE_NOOP("Messages", "The deposit is added with the drink itself."),
    QT_TRANSLATE_NOOP("Messages", "Scan the barcode of the drink."),
)
_register(
    MessageKey.ITEM_REFUSED,
    QT_TRANSLATE_NOOP("Messages", "This product could not be added"),
    QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
    QT_TRANSLATE_NOOP("Messages", "Scan it again, or press Help."),
)
_register(
    MessageKey.NOT_A_BAG,
    QT_TRANSLATE_NOOP("Messages", "That is not one of our bags"),
    QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
    QT_TRANSLATE_NOOP("Messages", "Pick a bag on the screen, or press Help."),
)
_register(
    MessageKey.SCALE_UNSTABLE,
    QT_TRANSLATE_NOOP("Messages", "The weight did not stay still"),
    QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
    QT_TRANSLATE_NOOP("Messages", "Put the product on the scale, let go, and try again."),
)
_register(
    MessageKey.SCALE_OVERLOAD,
    QT_TRANSLATE_NOOP("Messages", "That is too heavy for the scale"),
    QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
    QT_TRANSLATE_NOOP("Messages", "Weigh a smaller amount, or press Help."),
)
_register(
    MessageKey.SCALE_UNDER_ZERO,
    QT_TRANSLATE_NOOP("Messages", "The scale is not empty"),
    QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
    QT_TRANSLATE_NOOP("Messages", "Take everything off the scale and try again."),
)
_register(
    MessageKey.SCALE_UNAVAILABLE,
    QT_TRANSLATE_NOOP("Messages", "The scale does not work"),
    QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
    QT_TRANSLATE_NOOP("Messages", "Press Help. A staff member can weigh it for you."),
)
_register(
    MessageKey.STILL_WEIGHING,
    QT_TRANSLATE_NOOP("Messages", "The scale is still weighing"),
    QT_TRANSLATE_NOOP("Messages", "The product before this one is not added yet."),
    QT_TRANSLATE_NOOP("Messages", "Wait until the weight shows, then go on."),
)
_register(
    MessageKey.AGE_APPROVED,
    QT_TRANSLATE_NOOP("Messages", "Your age is checked"),
    QT_TRANSLATE_NOOP("Messages", "Thank you."),
    QT_TRANSLATE_NOOP("Messages", "You can go on and pay."),
)
_register(
    MessageKey.QUANTITY_CHANGED,
    QT_TRANSLATE_NOOP("Messages", "The number is changed"),
    QT_TRANSLATE_NOOP("Messages", "The total is updated."),
    QT_TRANSLATE_NOOP("Messages", "Go on scanning, or press Pay."),
)
_register(
    MessageKey.QUANTITY_REFUSED,
    QT_TRANSLATE_NOOP("Messages", "The number cannot be changed"),
    QT_TRANSLATE_NOOP("Messages", "Weighed products and price labels stay as they are."),
    QT_TRANSLATE_NOOP("Messages", "Remove the line instead, or press Help."),
)
_register(
    MessageKey.LINE_REMOVED,
    QT_TRANSLATE_NOOP("Messages", "The product is removed"),
    QT_TRANSLATE_NOOP("Messages", "The total is updated."),
    QT_TRANSLATE_NOOP("Messages", "Put the product aside. Go on scanning, or press Pay."),
)
_register(
    MessageKey.VOID_NEEDS_APPROVAL,
    QT_TRANSLATE_NOOP("Messages", "A staff member will check this change"),
    QT_TRANSLATE_NOOP("Messages", "The cart stays as it is until then."),
    QT_TRANSLATE_NOOP("Messages", "You can keep scanning. You can pay after the check."),
)
_register(
    MessageKey.VOID_APPROVED,
    QT_TRANSLATE_NOOP("Messages", "The change is approved"),
    QT_TRANSLATE_NOOP("Messages", "The total is updated."),
    QT_TRANSLATE_NOOP("Messages", "Go on scanning, or press Pay."),
)
_register(
    MessageKey.VOID_REJECTED,
    QT_TRANSLATE_NOOP("Messages", "The change was not made"),
    QT_TRANSLATE_NOOP("Messages", "The cart stays as it was."),
    QT_TRANSLATE_NOOP("Messages", "Ask the staff member if you have a question."),
)
_register(
    MessageKey.NOTHING_TO_PAY,
    QT_TRANSLATE_NOOP("Messages", "There is nothing to pay yet"),
    QT_TRANSLATE_NOOP("Messages", "Your cart is empty."),
    QT_TRANSLATE_NOOP("Messages", "Scan your first product."),
)
_register(
    MessageKey.PAY_BLOCKED_AGE,
    QT_TRANSLATE_NOOP("Messages", "A staff member will check your age first"),
    QT_TRANSLATE_NOOP("Messages", "You can pay after the check."),
    QT_TRANSLATE_NOOP("Messages", "Have your ID ready."),
)
_register(
    MessageKey.PAY_BLOCKED_VOID,
    QT_TRANSLATE_NOOP("Messages", "A staff member will check a change first"),
    QT_TRANSLATE_NOOP("Messages", "You can pay after the check."),
    QT_TRANSLATE_NOOP("Messages", "Please wait, a staff member is coming."),
)
_register(
    MessageKey.PAYMENT_ALREADY_RUNNING,
    QT_TRANSLATE_NOOP("Messages", "Your payment is already running"),
    QT_TRANSLATE_NOOP("Messages", "Do not pay again."),
    QT_TRANSLATE_NOOP("Messages", "Follow the terminal."),
)
_register(
    MessageKey.PAYMENT_UNAVAILABLE,
    QT_TRANSLATE_NOOP("Messages", "The card terminal does not work now"),
    QT_TRANSLATE_NOOP("Messages", "Nothing was paid. A staff member has been told."),
    QT_TRANSLATE_NOOP("Messages", "Try Pay again in a moment, or press Help."),
)
_register(
    MessageKey.PAYMENT_CANCELLED,
    QT_TRANSLATE_NOOP("Messages", "The payment is stopped"),
    QT_TRANSLATE_NOOP("Messages", "Nothing was paid. Your shopping is still here."),
    QT_TRANSLATE_NOOP("Messages", "Press Pay when you are ready."),
)
_register(
    MessageKey.PAYMENT_NOT_TAKEN,
    QT_TRANSLATE_NOOP("Messages", "Nothing was paid"),
    QT_TRANSLATE_NOOP(
        "Messages", "The terminal did not take the payment. Your shopping is still here."
    ),
    QT_TRANSLATE_NOOP("Messages", "Press Pay to try again."),
)
_register(
    MessageKey.WELCOME_BACK,
    QT_TRANSLATE_NOOP("Messages", "Welcome back"),
    QT_TRANSLATE_NOOP("Messages", "Your shopping is still here."),
    QT_TRANSLATE_NOOP("Messages", "Go on scanning, or press Pay."),
)
_register(
    MessageKey.CART_RESTORED,
    QT_TRANSLATE_NOOP("Messages", "Your shopping is back"),
    QT_TRANSLATE_NOOP("Messages", "The lane restarted. Nothing was lost."),
    QT_TRANSLATE_NOOP("Messages", "Check your cart and go on."),
)
_register(
    MessageKey.SCANNER_BACK,
    QT_TRANSLATE_NOOP("Messages", "The scanner works again"),
    QT_TRANSLATE_NOOP("Messages", "You can scan again."),
    QT_TRANSLATE_NOOP("Messages", "Go on scanning."),
)
_register(
    MessageKey.NOT_NOW,
    QT_TRANSLATE_NOOP("Messages", "That is not possible right now"),
    QT_TRANSLATE_NOOP("Messages", "Nothing was changed."),
    QT_TRANSLATE_NOOP("Messages", "Finish what is on the screen first, or press Help."),
)
_register(
    MessageKey.HELP_CANCELLED,
    QT_TRANSLATE_NOOP("Messages", "You cancelled the help call"),
    QT_TRANSLATE_NOOP("Messages", "No staff member will come."),
    QT_TRANSLATE_NOOP("Messages", "Press Help if you need it after all."),
)
_register(
    MessageKey.HELP_RESOLVED,
    QT_TRANSLATE_NOOP("Messages", "Help is done"),
    QT_TRANSLATE_NOOP("Messages", "The staff member has finished."),
    QT_TRANSLATE_NOOP("Messages", "Go on scanning, or press Pay."),
)


def ui_message(message: LaneMessage) -> Message | None:
    """The UI message for ``message``, or None when the screens have no words for it."""
    if message.key not in SHOP_MESSAGES:
        return None
    return Message(message.key.value, dict(message.params))


def sound_for(message: LaneMessage) -> SoundKind | None:
    """The sound for ``message``'s tone (None: silent)."""
    return _SOUNDS.get(message.tone)
