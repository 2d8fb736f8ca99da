"""The words the console shows for the protocol's values: states, reasons, devices, results.

The store network sends codes (``age_check``, ``paper_out``, ``insufficient_funds``); an
attendant reads words. Each table maps a protocol enum to English source text marked with
``QT_TRANSLATE_NOOP("ConsoleTexts", ...)``, so the Dutch lives in
``assets/i18n/attendant_nl.ts``; the functions translate at the moment of showing, so a
language switch is picked up at the next ``retranslate()``. A value the table does not
know (a newer kiosk) is shown as its code with underscores made spaces: readable, never a
crash. Times are shown in the store's time zone; money through
:func:`kiosk.core.money.format_cents` (integer cents in, ``€ 12,34`` out).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.core.money import format_cents
from kiosk.link.protocol import (
    CommandKind,
    DeclineReason,
    DeviceKind,
    DeviceState,
    FaultReason,
    HelpReason,
    HelpTopic,
    LightColour,
    LightMode,
    RefusalReason,
    Role,
    SessionState,
)

__all__ = [
    "COMMAND_NAMES",
    "DECLINE_REASONS",
    "DEVICE_KINDS",
    "DEVICE_STATES",
    "FAULT_REASONS",
    "HELP_REASONS",
    "HELP_TOPICS",
    "LIGHT_COLOURS",
    "REFUSALS",
    "ROLES",
    "SESSION_STATES",
    "clock_time",
    "command_name",
    "decline_reason",
    "device_kind",
    "device_state",
    "duration",
    "fault_reason",
    "help_reason",
    "help_topic",
    "light",
    "money",
    "refusal",
    "role",
    "session_state",
    "timer",
    "tr",
    "word",
]

CONTEXT = "ConsoleTexts"


def tr(text: str) -> str:
    """``text`` (a source text marked elsewhere) in the installed language, in the
    context ``ConsoleTexts``. Literal words are written as
    ``QCoreApplication.translate("ConsoleTexts", "...")`` instead, so lupdate finds them."""
    return QCoreApplication.translate(CONTEXT, text)


def _plain(value: object) -> str:
    raw = value.value if isinstance(value, enum.Enum) else str(value)
    return str(raw).replace("_", " ")


def word(table: Mapping[str, str], value: object) -> str:
    """The translated word of ``value`` in ``table``, or its code made readable."""
    key = value.value if isinstance(value, enum.Enum) else value
    source = table.get(str(key))
    return tr(source) if source is not None else _plain(value)


SESSION_STATES: dict[str, str] = {
    SessionState.ATTRACT: QT_TRANSLATE_NOOP("ConsoleTexts", "Free"),
    SessionState.SHOPPING: QT_TRANSLATE_NOOP("ConsoleTexts", "Shopping"),
    SessionState.AWAITING_ATTENDANT: QT_TRANSLATE_NOOP("ConsoleTexts", "Waiting for staff"),
    SessionState.PAYING: QT_TRANSLATE_NOOP("ConsoleTexts", "Paying"),
    SessionState.DECLINED: QT_TRANSLATE_NOOP("ConsoleTexts", "Card declined"),
    SessionState.PAYMENT_UNKNOWN: QT_TRANSLATE_NOOP("ConsoleTexts", "Checking the payment"),
    SessionState.RECEIPT: QT_TRANSLATE_NOOP("ConsoleTexts", "Receipt"),
    SessionState.FEEDBACK: QT_TRANSLATE_NOOP("ConsoleTexts", "Rating"),
    SessionState.IDLE_PROMPT: QT_TRANSLATE_NOOP("ConsoleTexts", "Shopper inactive?"),
    SessionState.SUSPENDED: QT_TRANSLATE_NOOP("ConsoleTexts", "Cart set aside"),
    SessionState.OUT_OF_SERVICE: QT_TRANSLATE_NOOP("ConsoleTexts", "Out of service"),
    SessionState.STAFF: QT_TRANSLATE_NOOP("ConsoleTexts", "Staff at the lane"),
    SessionState.DIAGNOSTICS: QT_TRANSLATE_NOOP("ConsoleTexts", "Diagnostics"),
}

HELP_REASONS: dict[str, str] = {
    HelpReason.UNKNOWN_ITEM: QT_TRANSLATE_NOOP("ConsoleTexts", "Item not found"),
    HelpReason.AGE_CHECK: QT_TRANSLATE_NOOP("ConsoleTexts", "Age check"),
    HelpReason.VOID_APPROVAL: QT_TRANSLATE_NOOP("ConsoleTexts", "Approve removing an item"),
    HelpReason.PAYMENT_DECLINED: QT_TRANSLATE_NOOP("ConsoleTexts", "Card declined"),
    HelpReason.PAYMENT_UNKNOWN: QT_TRANSLATE_NOOP("ConsoleTexts", "Payment unclear"),
    HelpReason.DEVICE_FAULT: QT_TRANSLATE_NOOP("ConsoleTexts", "Device problem"),
    HelpReason.SHOPPER_REQUEST: QT_TRANSLATE_NOOP("ConsoleTexts", "Shopper asks for help"),
    HelpReason.IDLE: QT_TRANSLATE_NOOP("ConsoleTexts", "Shopper inactive"),
}

HELP_TOPICS: dict[str, str] = {
    HelpTopic.ITEM_WONT_SCAN: QT_TRANSLATE_NOOP("ConsoleTexts", "an item will not scan"),
    HelpTopic.PRICE_QUESTION: QT_TRANSLATE_NOOP("ConsoleTexts", "a question about a price"),
    HelpTopic.BAGS: QT_TRANSLATE_NOOP("ConsoleTexts", "bags"),
    HelpTopic.OTHER: QT_TRANSLATE_NOOP("ConsoleTexts", "another question"),
}

DEVICE_KINDS: dict[str, str] = {
    DeviceKind.SCANNER: QT_TRANSLATE_NOOP("ConsoleTexts", "Scanner"),
    DeviceKind.SCALE: QT_TRANSLATE_NOOP("ConsoleTexts", "Scale"),
    DeviceKind.PRINTER: QT_TRANSLATE_NOOP("ConsoleTexts", "Receipt printer"),
    DeviceKind.PAYMENT: QT_TRANSLATE_NOOP("ConsoleTexts", "Card terminal"),
    DeviceKind.LIGHT: QT_TRANSLATE_NOOP("ConsoleTexts", "Lane light"),
}

DEVICE_STATES: dict[str, str] = {
    DeviceState.ONLINE: QT_TRANSLATE_NOOP("ConsoleTexts", "working"),
    DeviceState.OFFLINE: QT_TRANSLATE_NOOP("ConsoleTexts", "not connected"),
    DeviceState.ERROR: QT_TRANSLATE_NOOP("ConsoleTexts", "fault"),
    DeviceState.CLOSED: QT_TRANSLATE_NOOP("ConsoleTexts", "switched off"),
}

FAULT_REASONS: dict[str, str] = {
    FaultReason.UNPLUGGED: QT_TRANSLATE_NOOP("ConsoleTexts", "unplugged"),
    FaultReason.NOT_FOUND: QT_TRANSLATE_NOOP("ConsoleTexts", "not found"),
    FaultReason.PERMISSION_DENIED: QT_TRANSLATE_NOOP("ConsoleTexts", "no access"),
    FaultReason.TIMEOUT: QT_TRANSLATE_NOOP("ConsoleTexts", "does not answer"),
    FaultReason.PROTOCOL_ERROR: QT_TRANSLATE_NOOP("ConsoleTexts", "unexpected answer"),
    FaultReason.PAPER_OUT: QT_TRANSLATE_NOOP("ConsoleTexts", "paper is out"),
    FaultReason.COVER_OPEN: QT_TRANSLATE_NOOP("ConsoleTexts", "cover is open"),
    FaultReason.CUTTER_ERROR: QT_TRANSLATE_NOOP("ConsoleTexts", "paper cutter stuck"),
    FaultReason.MECHANICAL_ERROR: QT_TRANSLATE_NOOP("ConsoleTexts", "mechanical fault"),
    FaultReason.UNRECOVERABLE_ERROR: QT_TRANSLATE_NOOP("ConsoleTexts", "needs a restart"),
    FaultReason.DEVICE_OFFLINE: QT_TRANSLATE_NOOP("ConsoleTexts", "offline"),
    FaultReason.CONNECTION_LOST: QT_TRANSLATE_NOOP("ConsoleTexts", "connection lost"),
    FaultReason.BUSY: QT_TRANSLATE_NOOP("ConsoleTexts", "busy"),
    FaultReason.NOT_REGISTERED: QT_TRANSLATE_NOOP("ConsoleTexts", "not registered"),
    FaultReason.OUTCOME_UNKNOWN: QT_TRANSLATE_NOOP("ConsoleTexts", "outcome unknown"),
    FaultReason.OVERLOAD: QT_TRANSLATE_NOOP("ConsoleTexts", "overloaded"),
    FaultReason.UNDER_ZERO: QT_TRANSLATE_NOOP("ConsoleTexts", "below zero"),
    FaultReason.INTERACTIVE_TIMEOUT: QT_TRANSLATE_NOOP("ConsoleTexts", "shopper did not act"),
    FaultReason.OTHER: QT_TRANSLATE_NOOP("ConsoleTexts", "other fault"),
}

DECLINE_REASONS: dict[str, str] = {
    DeclineReason.REFUSED: QT_TRANSLATE_NOOP("ConsoleTexts", "refused by the bank"),
    DeclineReason.INSUFFICIENT_FUNDS: QT_TRANSLATE_NOOP("ConsoleTexts", "not enough money"),
    DeclineReason.CARD_NOT_SUPPORTED: QT_TRANSLATE_NOOP("ConsoleTexts", "card not accepted"),
    DeclineReason.PIN_WRONG: QT_TRANSLATE_NOOP("ConsoleTexts", "wrong PIN"),
    DeclineReason.INSERT_CARD: QT_TRANSLATE_NOOP("ConsoleTexts", "card must be inserted"),
    DeclineReason.CARD_EXPIRED: QT_TRANSLATE_NOOP("ConsoleTexts", "card expired"),
    DeclineReason.CARD_UNREADABLE: QT_TRANSLATE_NOOP("ConsoleTexts", "card unreadable"),
    DeclineReason.CANCELLED_BY_SHOPPER: QT_TRANSLATE_NOOP("ConsoleTexts", "stopped by the shopper"),
    DeclineReason.CANCELLED_BY_KIOSK: QT_TRANSLATE_NOOP("ConsoleTexts", "stopped by the lane"),
    DeclineReason.NOT_PROCESSED: QT_TRANSLATE_NOOP("ConsoleTexts", "not processed"),
    DeclineReason.TERMINAL_BUSY: QT_TRANSLATE_NOOP("ConsoleTexts", "terminal busy"),
    DeclineReason.TIMEOUT: QT_TRANSLATE_NOOP("ConsoleTexts", "took too long"),
    DeclineReason.CONNECTION_LOST: QT_TRANSLATE_NOOP("ConsoleTexts", "connection lost"),
    DeclineReason.PROTOCOL_ERROR: QT_TRANSLATE_NOOP("ConsoleTexts", "terminal error"),
    DeclineReason.TERMINAL_ERROR: QT_TRANSLATE_NOOP("ConsoleTexts", "terminal error"),
    DeclineReason.OTHER: QT_TRANSLATE_NOOP("ConsoleTexts", "other reason"),
}

LIGHT_COLOURS: dict[str, str] = {
    LightColour.OFF: QT_TRANSLATE_NOOP("ConsoleTexts", "off"),
    LightColour.GREEN: QT_TRANSLATE_NOOP("ConsoleTexts", "green"),
    LightColour.AMBER: QT_TRANSLATE_NOOP("ConsoleTexts", "amber"),
    LightColour.RED: QT_TRANSLATE_NOOP("ConsoleTexts", "red"),
}

REFUSALS: dict[str, str] = {
    RefusalReason.EXPIRED: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "it reached the lane too late; try again"
    ),
    RefusalReason.NOT_CURRENT_TRANSACTION: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "the shopper's transaction has changed; look again"
    ),
    RefusalReason.NOT_PERMITTED: QT_TRANSLATE_NOOP("ConsoleTexts", "your role may not do this"),
    RefusalReason.ALREADY_CLAIMED: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "a colleague took this call first"
    ),
    RefusalReason.UNKNOWN_CALL: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "the lane does not know this call"
    ),
    RefusalReason.CALL_CLOSED: QT_TRANSLATE_NOOP("ConsoleTexts", "the call is closed already"),
    RefusalReason.UNKNOWN_LINE: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "this item is no longer in the cart"
    ),
    RefusalReason.UNKNOWN_PRODUCT: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "this code is not in the catalog"
    ),
    RefusalReason.WRONG_STATE: QT_TRANSLATE_NOOP("ConsoleTexts", "the lane cannot do this now"),
    RefusalReason.INVALID: QT_TRANSLATE_NOOP("ConsoleTexts", "the lane did not understand it"),
    RefusalReason.UNSUPPORTED: QT_TRANSLATE_NOOP(
        "ConsoleTexts", "this lane's software does not know it yet"
    ),
    RefusalReason.DEVICE_ERROR: QT_TRANSLATE_NOOP("ConsoleTexts", "a device of the lane failed"),
}

ROLES: dict[str, str] = {
    Role.ATTENDANT: QT_TRANSLATE_NOOP("ConsoleTexts", "Attendant"),
    Role.SUPERVISOR: QT_TRANSLATE_NOOP("ConsoleTexts", "Supervisor"),
    Role.TECHNICIAN: QT_TRANSLATE_NOOP("ConsoleTexts", "Technician"),
}

COMMAND_NAMES: dict[str, str] = {
    CommandKind.ACKNOWLEDGE: QT_TRANSLATE_NOOP("ConsoleTexts", "On my way"),
    CommandKind.CLAIM: QT_TRANSLATE_NOOP("ConsoleTexts", "Take the call"),
    CommandKind.APPROVE_AGE: QT_TRANSLATE_NOOP("ConsoleTexts", "Age OK"),
    CommandKind.REFUSE_AGE: QT_TRANSLATE_NOOP("ConsoleTexts", "Age not shown"),
    CommandKind.APPROVE_VOID: QT_TRANSLATE_NOOP("ConsoleTexts", "Allow removal"),
    CommandKind.REFUSE_VOID: QT_TRANSLATE_NOOP("ConsoleTexts", "Refuse removal"),
    CommandKind.ADD_ITEM: QT_TRANSLATE_NOOP("ConsoleTexts", "Add an item"),
    CommandKind.REMOVE_ITEM: QT_TRANSLATE_NOOP("ConsoleTexts", "Remove the item"),
    CommandKind.CANCEL_TRANSACTION: QT_TRANSLATE_NOOP("ConsoleTexts", "Cancel the purchase"),
    CommandKind.REVERSE_CHARGE: QT_TRANSLATE_NOOP("ConsoleTexts", "Reverse the card payment"),
    CommandKind.LOCK_LANE: QT_TRANSLATE_NOOP("ConsoleTexts", "Close the lane"),
    CommandKind.UNLOCK_LANE: QT_TRANSLATE_NOOP("ConsoleTexts", "Open the lane"),
    CommandKind.PAID_AT_DESK: QT_TRANSLATE_NOOP("ConsoleTexts", "Paid at the service desk"),
    CommandKind.REPRINT_RECEIPT: QT_TRANSLATE_NOOP("ConsoleTexts", "Print the receipt again"),
    CommandKind.RUN_DIAGNOSTICS: QT_TRANSLATE_NOOP("ConsoleTexts", "Check the devices"),
    CommandKind.RESOLVE_HELP: QT_TRANSLATE_NOOP("ConsoleTexts", "Done: close the call"),
}


LANE_ACTIONS: dict[str, str] = {
    "key_in_item": QT_TRANSLATE_NOOP("ConsoleTexts", "Keyed in an item"),
    "diagnostics": QT_TRANSLATE_NOOP("ConsoleTexts", "Diagnostics"),
    "answer_help": QT_TRANSLATE_NOOP("ConsoleTexts", "Answered a help call"),
    "resolve_payment": QT_TRANSLATE_NOOP("ConsoleTexts", "Settled the payment"),
    "reverse_payment": QT_TRANSLATE_NOOP("ConsoleTexts", "Reverse the card payment"),
    "login": QT_TRANSLATE_NOOP("ConsoleTexts", "Log in"),
}
"""What staff did at the lane itself (an ``Intervention``'s ``action`` that is no command)."""


def action_name(value: object) -> str:
    """An intervention's action in words: a command's name, or a lane action's."""
    key = str(getattr(value, "value", value))
    if key in COMMAND_NAMES:
        return word(COMMAND_NAMES, key)
    return word(LANE_ACTIONS, key)


def session_state(value: object) -> str:
    return word(SESSION_STATES, value)


def help_reason(value: object) -> str:
    return word(HELP_REASONS, value)


def help_topic(value: object) -> str:
    return word(HELP_TOPICS, value)


def device_kind(value: object) -> str:
    return word(DEVICE_KINDS, value)


def device_state(value: object) -> str:
    return word(DEVICE_STATES, value)


def fault_reason(value: object) -> str:
    return word(FAULT_REASONS, value)


def decline_reason(value: object) -> str:
    return word(DECLINE_REASONS, value)


def refusal(value: object) -> str:
    return word(REFUSALS, value)


def role(value: object) -> str:
    return word(ROLES, value)


def command_name(value: object) -> str:
    return word(COMMAND_NAMES, value)


def light(colour: object, mode: object, buzzer: bool = False) -> str:
    """The lane light in words: "amber, flashing", "off"."""
    text = word(LIGHT_COLOURS, colour)
    key = colour.value if isinstance(colour, enum.Enum) else str(colour)
    if key != LightColour.OFF and str(getattr(mode, "value", mode)) == LightMode.FLASHING:
        text = QCoreApplication.translate("ConsoleTexts", "{colour}, flashing").format(colour=text)
    if buzzer:
        text = QCoreApplication.translate("ConsoleTexts", "{light}, buzzer on").format(light=text)
    return text


def money(cents: int) -> str:
    """Integer cents as the shopper reads them: ``€ 12,34``."""
    return format_cents(int(cents))


def clock_time(moment: datetime, timezone: str) -> str:
    """``moment`` (aware) as ``hh:mm`` in the store's time zone."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%H:%M")


def duration(seconds: float) -> str:
    """A time in state, rounded down: "45 s", "3 min", "1 h 5 min"."""
    whole = max(0, int(seconds))
    if whole < 60:
        return QCoreApplication.translate("ConsoleTexts", "{seconds} s").format(seconds=whole)
    minutes = whole // 60
    if minutes < 60:
        return QCoreApplication.translate("ConsoleTexts", "{minutes} min").format(minutes=minutes)
    return QCoreApplication.translate("ConsoleTexts", "{hours} h {minutes} min").format(
        hours=minutes // 60, minutes=minutes % 60
    )


def timer(seconds: float) -> str:
    """A waiting time as a running clock: ``0:45``, ``12:03``, ``1:02:03``."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def dutch() -> bool:
    """Whether the console speaks Dutch now (the translator sets the default locale)."""
    from PySide6.QtCore import QLocale

    return QLocale().language() == QLocale.Language.Dutch


def product_name(name_nl: str | None, name_en: str | None) -> str:
    """A product's name in the language shown (the other one when that one is missing)."""
    first, second = (name_nl, name_en) if dutch() else (name_en, name_nl)
    return first or second or ""


def call_context(call: object) -> list[str]:
    """What the lane knew when the call was raised, as short lines of words."""
    context = getattr(call, "context", None)
    lines: list[str] = []
    topic = getattr(call, "topic", None)
    if topic is not None:
        lines.append(
            QCoreApplication.translate("ConsoleTexts", "Asks about: {topic}").format(
                topic=help_topic(topic)
            )
        )
    if context is None:
        return lines
    product = product_name(context.product_nl, context.product_en)
    if product:
        lines.append(product)
    elif context.barcode:
        lines.append(
            QCoreApplication.translate("ConsoleTexts", "Code {code}").format(code=context.barcode)
        )
    if context.amount_cents is not None:
        lines.append(
            QCoreApplication.translate("ConsoleTexts", "Amount {amount}").format(
                amount=money(context.amount_cents)
            )
        )
    if context.decline_reason is not None:
        lines.append(
            QCoreApplication.translate("ConsoleTexts", "Declined: {reason}").format(
                reason=decline_reason(context.decline_reason)
            )
        )
    if context.device is not None:
        problem = (
            fault_reason(context.fault)
            if context.fault is not None
            else QCoreApplication.translate("ConsoleTexts", "fault")
        )
        lines.append(
            QCoreApplication.translate("ConsoleTexts", "{device}: {problem}").format(
                device=device_kind(context.device), problem=problem
            )
        )
    if context.cart is not None and context.cart.items:
        lines.append(
            QCoreApplication.translate("ConsoleTexts", "In the cart: {total}").format(
                total=money(context.cart.total_cents)
            )
        )
    return lines


def owner_text(owner: object, acknowledged: bool) -> str:
    """Who is on it: "Sam is on the way", "Sam took the call", or nobody yet."""
    name = getattr(owner, "name", None)
    if name is None:
        return (
            QCoreApplication.translate("ConsoleTexts", "Someone is on the way")
            if acknowledged
            else QCoreApplication.translate("ConsoleTexts", "Nobody is on the way yet")
        )
    return (
        QCoreApplication.translate("ConsoleTexts", "{name} is on the way").format(name=name)
        if acknowledged
        else QCoreApplication.translate("ConsoleTexts", "{name} took the call").format(name=name)
    )
