"""The words of every lane message: each :class:`~kiosk.core.lane.messages.MessageKey` in
plain English (B1 level), registered in :data:`kiosk.ui.messages.MESSAGES`.

The lane controller states what happened as a key and parameters
(``Message(MessageKey.FOLLOW_TERMINAL, amount_cents=1234)``); this module holds what the
shopper reads: a title (what happened), a body (what happens now) and an action (what
they can do), marked with ``QT_TRANSLATE_NOOP("Messages", ...)`` so the Dutch lives in
``assets/i18n/kiosk_nl.ts`` next to every other string of the kiosk. The banner colour
follows the key's :class:`~kiosk.core.lane.messages.Mood` (green, amber, red).

Money reaches the UI as integer cents; :func:`shopper_params` adds the shown amount
(``amount_cents`` -> ``{amount}``, ``total_cents`` -> ``{total}``, as ``€ 12,34``), so a
template never formats money itself. Templates use only the parameters the lane always
sends with the key (:data:`PARAMETERS`, checked by ``tests/ui/test_message_texts.py``);
the others (a product's names, a reason, ids) are there for screens and the store
network.

Importing the module registers the texts (:func:`register_lane_messages`); keys already
registered in :mod:`kiosk.ui.messages` (``unknown_barcode``, ``help_called``,
``payment_approved``) keep their words there.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.core.lane.messages import MESSAGE_INFO, MessageKey, Mood
from kiosk.core.lane.messages import Message as LaneMessage
from kiosk.core.money import format_cents
from kiosk.ui.messages import MESSAGES, MessageRegistry, MessageText, Severity

__all__ = [
    "PARAMETERS",
    "SEVERITY",
    "TEXTS",
    "lane_text",
    "register_lane_messages",
    "shopper_params",
]

SEVERITY: Mapping[Mood, Severity] = MappingProxyType(
    {
        Mood.INFO: Severity.INFO,
        Mood.SUCCESS: Severity.SUCCESS,
        Mood.WAITING: Severity.WAITING,
        Mood.PROBLEM: Severity.ERROR,
    }
)
"""The banner colour of each mood."""

_PRODUCT = frozenset({"product_id", "name_nl", "name_en"})

PARAMETERS: Mapping[MessageKey, frozenset[str]] = MappingProxyType(
    {
        MessageKey.UNKNOWN_BARCODE: frozenset({"code"}),
        MessageKey.ITEM_ADDED: _PRODUCT,
        MessageKey.NOT_A_BAG: frozenset({"code"}),
        MessageKey.AGE_CHECK_NEEDED: frozenset({"age", "call_id"}),
        MessageKey.AGE_APPROVED: frozenset({"age", "name"}),
        MessageKey.VOID_APPROVED: frozenset({"line_id", "name"}),
        MessageKey.VOID_REJECTED: frozenset({"line_id", "name"}),
        MessageKey.FOLLOW_TERMINAL: frozenset({"amount_cents"}),
        MessageKey.PAYMENT_CHECKING: frozenset({"amount_cents"}),
        MessageKey.PAYMENT_APPROVED: frozenset({"amount_cents", "reference"}),
        MessageKey.CART_RESTORED: frozenset({"item_count", "total_cents"}),
        MessageKey.RECEIPT_AFTER_RESTART: frozenset({"amount_cents", "reference"}),
        MessageKey.HELP_ON_THE_WAY: frozenset({"name", "reason", "call_id"}),
        MessageKey.TRANSACTION_CANCELLED: frozenset({"name"}),
        MessageKey.NOT_PERMITTED: frozenset({"action"}),
        MessageKey.NOT_NOW: frozenset({"operation", "state"}),
    }
)
"""The parameters the lane always sends with a key (keys not listed: none that a text
may rely on)."""

TEXTS: tuple[tuple[MessageKey, str, str, str], ...] = (
    (
        MessageKey.ITEM_ADDED,
        QT_TRANSLATE_NOOP("Messages", "The product is added"),
        QT_TRANSLATE_NOOP("Messages", "You can see it in your list."),
        QT_TRANSLATE_NOOP("Messages", "Scan the next product, or press Pay."),
    ),
    (
        MessageKey.INVALID_CHECK_DIGIT,
        QT_TRANSLATE_NOOP("Messages", "That code is not right"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
        QT_TRANSLATE_NOOP("Messages", "Scan the product again, or check the code you typed."),
    ),
    (
        MessageKey.UNREADABLE_BARCODE,
        QT_TRANSLATE_NOOP("Messages", "That scan did not work"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
        QT_TRANSLATE_NOOP("Messages", "Scan the product again."),
    ),
    (
        MessageKey.NOT_FOR_SALE,
        QT_TRANSLATE_NOOP("Messages", "This product cannot be sold here"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
        QT_TRANSLATE_NOOP("Messages", "Put it aside, or press Help."),
    ),
    (
        MessageKey.DEPOSIT_ALONE,
        QT_TRANSLATE_NOOP("Messages", "A deposit is not sold on its own"),
        QT_TRANSLATE_NOOP("Messages", "The deposit is added with the drink itself."),
        QT_TRANSLATE_NOOP("Messages", "Scan the barcode of the drink."),
    ),
    (
        MessageKey.ITEM_REFUSED,
        QT_TRANSLATE_NOOP("Messages", "We cannot add this product"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
        QT_TRANSLATE_NOOP("Messages", "Press Help. A staff member will help you."),
    ),
    (
        MessageKey.NOT_A_BAG,
        QT_TRANSLATE_NOOP("Messages", "That is not one of our bags"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
        QT_TRANSLATE_NOOP("Messages", "Pick a bag on the screen, or press Help."),
    ),
    (
        MessageKey.PUT_ON_SCALE,
        QT_TRANSLATE_NOOP("Messages", "Put the product on the scale"),
        QT_TRANSLATE_NOOP("Messages", "We weigh it now."),
        QT_TRANSLATE_NOOP("Messages", "Wait until the weight stands still."),
    ),
    (
        MessageKey.SCALE_UNSTABLE,
        QT_TRANSLATE_NOOP("Messages", "The weight did not stay still"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
        QT_TRANSLATE_NOOP("Messages", "Take your hands off the scale and try again."),
    ),
    (
        MessageKey.SCALE_OVERLOAD,
        QT_TRANSLATE_NOOP("Messages", "This is too heavy for the scale"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
        QT_TRANSLATE_NOOP("Messages", "Weigh less at a time, or press Help."),
    ),
    (
        MessageKey.SCALE_UNDER_ZERO,
        QT_TRANSLATE_NOOP("Messages", "The scale is not empty"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
        QT_TRANSLATE_NOOP("Messages", "Take everything off the scale and try again."),
    ),
    (
        MessageKey.SCALE_UNAVAILABLE,
        QT_TRANSLATE_NOOP("Messages", "The scale does not work"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was added. A staff member can weigh it for you."),
        QT_TRANSLATE_NOOP("Messages", "Press Help."),
    ),
    (
        MessageKey.STILL_WEIGHING,
        QT_TRANSLATE_NOOP("Messages", "The scale is still weighing"),
        QT_TRANSLATE_NOOP("Messages", "The product before this one is not added yet."),
        QT_TRANSLATE_NOOP("Messages", "Wait until the weight shows, then go on."),
    ),
    (
        MessageKey.AGE_CHECK_NEEDED,
        QT_TRANSLATE_NOOP("Messages", "A staff member will check your age"),
        QT_TRANSLATE_NOOP(
            "Messages", "This product is for people aged {age} or older. You can keep scanning."
        ),
        QT_TRANSLATE_NOOP("Messages", "Have your ID ready. You can pay after the check."),
    ),
    (
        MessageKey.AGE_APPROVED,
        QT_TRANSLATE_NOOP("Messages", "Your age is checked"),
        QT_TRANSLATE_NOOP("Messages", "{name} checked your age."),
        QT_TRANSLATE_NOOP("Messages", "You can pay when you are ready."),
    ),
    (
        MessageKey.QUANTITY_CHANGED,
        QT_TRANSLATE_NOOP("Messages", "The number is changed"),
        QT_TRANSLATE_NOOP("Messages", "Your list and total are updated."),
        QT_TRANSLATE_NOOP("Messages", "Go on scanning, or press Pay."),
    ),
    (
        MessageKey.QUANTITY_REFUSED,
        QT_TRANSLATE_NOOP("Messages", "We cannot change this number"),
        QT_TRANSLATE_NOOP("Messages", "Your list is the same as before."),
        QT_TRANSLATE_NOOP("Messages", "Press Help if you need a staff member."),
    ),
    (
        MessageKey.LINE_REMOVED,
        QT_TRANSLATE_NOOP("Messages", "The product is removed"),
        QT_TRANSLATE_NOOP("Messages", "Your total is updated."),
        QT_TRANSLATE_NOOP("Messages", "Put the product aside. Go on scanning, or press Pay."),
    ),
    (
        MessageKey.VOID_NEEDS_APPROVAL,
        QT_TRANSLATE_NOOP("Messages", "A staff member must approve this"),
        QT_TRANSLATE_NOOP("Messages", "The product stays on your list until then."),
        QT_TRANSLATE_NOOP("Messages", "You can keep scanning while you wait."),
    ),
    (
        MessageKey.VOID_APPROVED,
        QT_TRANSLATE_NOOP("Messages", "The change is approved"),
        QT_TRANSLATE_NOOP("Messages", "{name} approved it. Your total is updated."),
        QT_TRANSLATE_NOOP("Messages", "Go on scanning, or press Pay."),
    ),
    (
        MessageKey.VOID_REJECTED,
        QT_TRANSLATE_NOOP("Messages", "The change is not approved"),
        QT_TRANSLATE_NOOP("Messages", "The product stays on your list."),
        QT_TRANSLATE_NOOP("Messages", "Ask {name} if you have a question."),
    ),
    (
        MessageKey.NOTHING_TO_PAY,
        QT_TRANSLATE_NOOP("Messages", "There is nothing to pay yet"),
        QT_TRANSLATE_NOOP("Messages", "Your list is empty."),
        QT_TRANSLATE_NOOP("Messages", "Scan a product first."),
    ),
    (
        MessageKey.PAY_BLOCKED_AGE,
        QT_TRANSLATE_NOOP("Messages", "Please wait for the age check"),
        QT_TRANSLATE_NOOP("Messages", "A staff member is coming to check your age."),
        QT_TRANSLATE_NOOP("Messages", "Have your ID ready."),
    ),
    (
        MessageKey.PAY_BLOCKED_VOID,
        QT_TRANSLATE_NOOP("Messages", "Please wait for a staff member"),
        QT_TRANSLATE_NOOP("Messages", "A change to your list must be approved first."),
        QT_TRANSLATE_NOOP("Messages", "You can pay after that."),
    ),
    (
        MessageKey.PAYMENT_ALREADY_RUNNING,
        QT_TRANSLATE_NOOP("Messages", "Your payment is already running"),
        QT_TRANSLATE_NOOP("Messages", "Do not pay again."),
        QT_TRANSLATE_NOOP("Messages", "Follow the terminal."),
    ),
    (
        MessageKey.PAYMENT_UNAVAILABLE,
        QT_TRANSLATE_NOOP("Messages", "You cannot pay here right now"),
        QT_TRANSLATE_NOOP(
            "Messages", "The payment terminal does not work. Nothing was paid. Your list is kept."
        ),
        QT_TRANSLATE_NOOP("Messages", "Press Help, or pay at the service desk."),
    ),
    (
        MessageKey.FOLLOW_TERMINAL,
        QT_TRANSLATE_NOOP("Messages", "Pay {amount} on the terminal"),
        QT_TRANSLATE_NOOP("Messages", "Follow the steps on the terminal."),
        QT_TRANSLATE_NOOP("Messages", "Press Cancel if you want to stop."),
    ),
    (
        MessageKey.PAYMENT_PROGRESS,
        QT_TRANSLATE_NOOP("Messages", "Follow the terminal"),
        QT_TRANSLATE_NOOP("Messages", "The terminal tells you what to do."),
        "",
    ),
    (
        MessageKey.PAYMENT_CANCELLING,
        QT_TRANSLATE_NOOP("Messages", "We are stopping the payment"),
        QT_TRANSLATE_NOOP("Messages", "Please wait. Nothing is paid until the terminal says so."),
        "",
    ),
    (
        MessageKey.PAYMENT_CANCELLED,
        QT_TRANSLATE_NOOP("Messages", "The payment is stopped"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was paid. Your list is kept."),
        QT_TRANSLATE_NOOP("Messages", "Press Pay to try again."),
    ),
    (
        MessageKey.DECLINED_TRY_OTHER_CARD,
        QT_TRANSLATE_NOOP("Messages", "This card was declined"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was paid."),
        QT_TRANSLATE_NOOP("Messages", "Try another card, or press Help."),
    ),
    (
        MessageKey.DECLINED_INSERT_CARD,
        QT_TRANSLATE_NOOP("Messages", "Please insert your card"),
        QT_TRANSLATE_NOOP("Messages", "This card needs its PIN. Nothing was paid yet."),
        QT_TRANSLATE_NOOP("Messages", "Put the card in the terminal and type your PIN."),
    ),
    (
        MessageKey.DECLINED_TRY_AGAIN,
        QT_TRANSLATE_NOOP("Messages", "The payment did not work"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was paid."),
        QT_TRANSLATE_NOOP("Messages", "Try again, or press Help."),
    ),
    (
        MessageKey.DECLINED_PAY_AT_DESK,
        QT_TRANSLATE_NOOP("Messages", "Please pay at the service desk"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was paid here. A staff member has been told."),
        QT_TRANSLATE_NOOP("Messages", "Take your shopping to the service desk."),
    ),
    (
        MessageKey.PAYMENT_CHECKING,
        QT_TRANSLATE_NOOP("Messages", "We are checking your payment"),
        QT_TRANSLATE_NOOP(
            "Messages", "We ask the terminal if {amount} was paid. You will not pay twice."
        ),
        QT_TRANSLATE_NOOP("Messages", "Please wait a moment."),
    ),
    (
        MessageKey.PAYMENT_NOT_TAKEN,
        QT_TRANSLATE_NOOP("Messages", "Nothing was paid"),
        QT_TRANSLATE_NOOP("Messages", "The terminal says no money was taken. Your list is kept."),
        QT_TRANSLATE_NOOP("Messages", "Press Pay to try again."),
    ),
    (
        MessageKey.PAYMENT_STAFF_CHECKING,
        QT_TRANSLATE_NOOP("Messages", "A staff member will check your payment"),
        QT_TRANSLATE_NOOP("Messages", "We could not see if you paid. You will not pay twice."),
        QT_TRANSLATE_NOOP("Messages", "Please wait. A staff member is coming."),
    ),
    (
        MessageKey.PAYMENT_REVERSED,
        QT_TRANSLATE_NOOP("Messages", "The payment is paid back"),
        QT_TRANSLATE_NOOP("Messages", "The money goes back to your card."),
        "",
    ),
    (
        MessageKey.PAYMENT_REVERSAL_FAILED,
        QT_TRANSLATE_NOOP("Messages", "The payment could not be paid back"),
        QT_TRANSLATE_NOOP("Messages", "A staff member will sort this out."),
        QT_TRANSLATE_NOOP("Messages", "Please wait for a staff member."),
    ),
    (
        MessageKey.RECEIPT_PRINTING,
        QT_TRANSLATE_NOOP("Messages", "Your receipt is printing"),
        QT_TRANSLATE_NOOP("Messages", "This takes a few seconds."),
        QT_TRANSLATE_NOOP("Messages", "Take your receipt from the printer."),
    ),
    (
        MessageKey.RECEIPT_PRINTED,
        QT_TRANSLATE_NOOP("Messages", "Your receipt is ready"),
        QT_TRANSLATE_NOOP("Messages", "Take it from the printer."),
        "",
    ),
    (
        MessageKey.PRINTER_FAILED_DIGITAL,
        QT_TRANSLATE_NOOP("Messages", "The printer does not work"),
        QT_TRANSLATE_NOOP(
            "Messages", "Your receipt is ready as a QR code. A staff member has been told."
        ),
        QT_TRANSLATE_NOOP("Messages", "Scan the code with your phone, or press Help."),
    ),
    (
        MessageKey.DIGITAL_RECEIPT,
        QT_TRANSLATE_NOOP("Messages", "Your receipt is on your phone"),
        QT_TRANSLATE_NOOP("Messages", "Scan the QR code to see it."),
        "",
    ),
    (
        MessageKey.NO_RECEIPT,
        QT_TRANSLATE_NOOP("Messages", "No receipt"),
        QT_TRANSLATE_NOOP("Messages", "You chose no receipt."),
        "",
    ),
    (
        MessageKey.THANK_YOU,
        QT_TRANSLATE_NOOP("Messages", "Thank you for shopping with us"),
        QT_TRANSLATE_NOOP("Messages", "See you next time."),
        "",
    ),
    (
        MessageKey.ARE_YOU_STILL_THERE,
        QT_TRANSLATE_NOOP("Messages", "Are you still there?"),
        QT_TRANSLATE_NOOP("Messages", "We have not seen you for a while. Your list is kept."),
        QT_TRANSLATE_NOOP("Messages", "Tap the screen to go on."),
    ),
    (
        MessageKey.SESSION_SUSPENDED,
        QT_TRANSLATE_NOOP("Messages", "Your shopping is paused"),
        QT_TRANSLATE_NOOP("Messages", "Your list is kept. A staff member has been told."),
        QT_TRANSLATE_NOOP("Messages", "Tap the screen, or ask a staff member."),
    ),
    (
        MessageKey.WELCOME_BACK,
        QT_TRANSLATE_NOOP("Messages", "Welcome back"),
        QT_TRANSLATE_NOOP("Messages", "Your list is kept."),
        QT_TRANSLATE_NOOP("Messages", "Go on scanning, or press Pay."),
    ),
    (
        MessageKey.CART_RESTORED,
        QT_TRANSLATE_NOOP("Messages", "Your shopping is back"),
        QT_TRANSLATE_NOOP("Messages", "We kept your list. Items: {item_count}. Total: {total}."),
        QT_TRANSLATE_NOOP("Messages", "Go on scanning, or press Pay."),
    ),
    (
        MessageKey.HELP_ON_THE_WAY,
        QT_TRANSLATE_NOOP("Messages", "{name} is on the way"),
        QT_TRANSLATE_NOOP("Messages", "A staff member is coming to help you."),
        QT_TRANSLATE_NOOP("Messages", "You can keep scanning while you wait."),
    ),
    (
        MessageKey.HELP_RESOLVED,
        QT_TRANSLATE_NOOP("Messages", "Help is done"),
        QT_TRANSLATE_NOOP("Messages", "We hope we helped you well."),
        QT_TRANSLATE_NOOP("Messages", "Go on with your shopping."),
    ),
    (
        MessageKey.HELP_CANCELLED,
        QT_TRANSLATE_NOOP("Messages", "Help is cancelled"),
        QT_TRANSLATE_NOOP("Messages", "No staff member will come."),
        QT_TRANSLATE_NOOP("Messages", "Press Help if you need it again."),
    ),
    (
        MessageKey.HELP_NOT_CANCELLABLE,
        QT_TRANSLATE_NOOP("Messages", "A staff member must come for this"),
        QT_TRANSLATE_NOOP("Messages", "You cannot cancel this call."),
        QT_TRANSLATE_NOOP("Messages", "Please wait. You can keep scanning."),
    ),
    (
        MessageKey.SCANNER_OFFLINE,
        QT_TRANSLATE_NOOP("Messages", "The scanner does not work"),
        QT_TRANSLATE_NOOP("Messages", "A staff member has been told."),
        QT_TRANSLATE_NOOP("Messages", "Type the code of the product, or press Help."),
    ),
    (
        MessageKey.SCANNER_BACK,
        QT_TRANSLATE_NOOP("Messages", "The scanner works again"),
        QT_TRANSLATE_NOOP("Messages", "You can scan again."),
        QT_TRANSLATE_NOOP("Messages", "Go on scanning."),
    ),
    (
        MessageKey.PRINTER_PROBLEM,
        QT_TRANSLATE_NOOP("Messages", "The printer does not work"),
        QT_TRANSLATE_NOOP("Messages", "A staff member has been told."),
        QT_TRANSLATE_NOOP("Messages", "You can get your receipt as a QR code."),
    ),
    (
        MessageKey.OUT_OF_SERVICE,
        QT_TRANSLATE_NOOP("Messages", "This checkout is closed"),
        QT_TRANSLATE_NOOP("Messages", "Nothing you scanned is lost. A staff member has been told."),
        QT_TRANSLATE_NOOP("Messages", "Please use another checkout, or wait for a staff member."),
    ),
    (
        MessageKey.BACK_IN_SERVICE,
        QT_TRANSLATE_NOOP("Messages", "This checkout is open again"),
        QT_TRANSLATE_NOOP("Messages", "You can scan again."),
        "",
    ),
    (
        MessageKey.TRANSACTION_CANCELLED,
        QT_TRANSLATE_NOOP("Messages", "Your shopping is cancelled"),
        QT_TRANSLATE_NOOP("Messages", "{name} cancelled it. Nothing was paid."),
        "",
    ),
    (
        MessageKey.NOT_NOW,
        QT_TRANSLATE_NOOP("Messages", "That is not possible now"),
        QT_TRANSLATE_NOOP("Messages", "Nothing was changed."),
        QT_TRANSLATE_NOOP("Messages", "Follow the steps on the screen."),
    ),
    (
        MessageKey.NOT_PERMITTED,
        QT_TRANSLATE_NOOP("Messages", "You may not do this"),
        QT_TRANSLATE_NOOP("Messages", "Your role does not allow it."),
        QT_TRANSLATE_NOOP("Messages", "Ask a supervisor."),
    ),
    (
        MessageKey.RECEIPT_AFTER_RESTART,
        QT_TRANSLATE_NOOP("Messages", "Your payment went through"),
        QT_TRANSLATE_NOOP("Messages", "You paid {amount}. Here is your receipt."),
        QT_TRANSLATE_NOOP("Messages", "Choose how you want your receipt."),
    ),
    (
        MessageKey.HELP_STILL_LOOKING,
        QT_TRANSLATE_NOOP("Messages", "We are still looking for a staff member"),
        QT_TRANSLATE_NOOP("Messages", "Your call for help is still open."),
        QT_TRANSLATE_NOOP("Messages", "Please wave to a staff member."),
    ),
)
"""``(key, title, body, action)`` in English source text; the Dutch is in the ``.ts``."""


def shopper_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` plus the shown form of every amount: ``x_cents`` -> ``x`` (``€ 1,19``)."""
    shown = dict(params)
    for name, value in params.items():
        if name.endswith("_cents") and isinstance(value, int) and not isinstance(value, bool):
            shown.setdefault(name.removesuffix("_cents"), format_cents(value))
    return shown


def register_lane_messages(registry: MessageRegistry = MESSAGES) -> int:
    """Register the text of every key not registered yet; returns how many were added."""
    added = 0
    for key, title, body, action in TEXTS:
        if key in registry:
            continue
        severity = SEVERITY[MESSAGE_INFO[key][1]]
        registry.register(key, title=title, body=body, action=action, severity=severity)
        added += 1
    return added


def lane_text(message: LaneMessage, registry: MessageRegistry = MESSAGES) -> MessageText:
    """A lane message in the current language, amounts filled in."""
    return registry.text(message.key, **shopper_params(message.params))


register_lane_messages()
