"""Messages to the shopper: a typed key and parameters in, translated words out.

The core says *what* happened with a key (its ``MessageKey`` enum, or any string) and
parameters (``code="8712345678906"``); it never holds shopper text. This module holds
the words: a :class:`MessageRegistry` maps each key to a :class:`MessageTemplate` of three
English source strings, marked for translation with ``QT_TRANSLATE_NOOP("Messages", ...)``
so ``pyside6-lupdate`` puts them in the ``.ts`` files:

* **title**: what happened ("This card was declined");
* **body**: what happens now ("Nothing was paid.");
* **action**: what the shopper can do ("Try another card, or press Help.").

and a :class:`Severity` that picks the banner colour. Parameters are written
``{name}`` in the source and must appear unchanged in every translation (the i18n check
in ``tools/i18n.py`` compares them). :meth:`MessageRegistry.text` translates in the
current language and fills the parameters, returning a :class:`MessageText`; a widget that
shows a :class:`Message` keeps the message and calls it again in ``retranslate()``.

:class:`MessageBridge` (after qutebrowser's ``utils/message.py``) is the one way logic
tells the shopper something: ``bridge.post(key, **params)`` records the message and
emits :attr:`MessageBridge.posted`; logic never opens a dialog, and tests assert on
:attr:`MessageBridge.history`.
"""

from __future__ import annotations

import enum
import logging
import re
import string
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal

__all__ = [
    "CONTEXT",
    "MESSAGES",
    "Message",
    "MessageBridge",
    "MessageError",
    "MessageRegistry",
    "MessageTemplate",
    "MessageText",
    "Severity",
    "key_name",
    "placeholders",
]

log = logging.getLogger("kiosk.ui.messages")

CONTEXT = "Messages"
"""The translation context of every registered message."""


class Severity(enum.StrEnum):
    """How a message looks (the ``severity`` property of a banner, see the theme)."""

    INFO = "info"
    SUCCESS = "success"
    """Green: done, go on."""
    WAITING = "waiting"
    """Amber: waiting for a staff member."""
    ERROR = "error"
    """Red: something went wrong."""


class MessageError(ValueError):
    """An unknown key, or a message missing one of its parameters."""


_PLACEHOLDER = string.Formatter()
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def placeholders(text: str) -> set[str]:
    """The ``{name}`` parameters in ``text``."""
    return {name for _, name, _, _ in _PLACEHOLDER.parse(text) if name is not None}


def key_name(key: Hashable) -> str:
    """A key as text: an enum member's value (``MessageKey.UNKNOWN_BARCODE``) or a string."""
    value = key.value if isinstance(key, enum.Enum) else key
    if not isinstance(value, str) or not _NAME.match(value):
        raise MessageError(f"a message key is a lower_case name (or an enum of them), not {key!r}")
    return value


@dataclass(frozen=True, slots=True)
class MessageTemplate:
    """The English source strings of one message (already marked for translation)."""

    title: str
    body: str
    action: str
    severity: Severity

    def parameters(self) -> set[str]:
        return placeholders(self.title) | placeholders(self.body) | placeholders(self.action)


@dataclass(frozen=True, slots=True)
class MessageText:
    """A message in the current language, ready to show."""

    key: str
    title: str
    body: str
    action: str
    severity: Severity

    def lines(self) -> tuple[str, ...]:
        return tuple(line for line in (self.title, self.body, self.action) if line)


@dataclass(frozen=True, slots=True)
class Message:
    """A message as the core states it: key and parameters (no words)."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


class MessageRegistry:
    """Key -> :class:`MessageTemplate`; translates and fills them."""

    def __init__(self) -> None:
        self._templates: dict[str, MessageTemplate] = {}

    def register(
        self,
        key: Hashable,
        *,
        title: str,
        body: str,
        action: str = "",
        severity: Severity = Severity.INFO,
    ) -> None:
        """Add a message; its strings must be marked with ``QT_TRANSLATE_NOOP("Messages", ...)``."""
        name = key_name(key)
        if name in self._templates:
            raise MessageError(f"message {name!r} is registered twice")
        if not title:
            raise MessageError(f"message {name!r} needs a title")
        self._templates[name] = MessageTemplate(title, body, action, Severity(severity))

    def __contains__(self, key: object) -> bool:
        try:
            return key_name(key) in self._templates  # type: ignore[arg-type]
        except MessageError:
            return False

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._templates))

    def __len__(self) -> int:
        return len(self._templates)

    def template(self, key: Hashable) -> MessageTemplate:
        name = key_name(key)
        try:
            return self._templates[name]
        except KeyError:
            raise MessageError(f"there is no message {name!r}") from None

    def text(self, key: Hashable | Message, **params: Any) -> MessageText:
        """The message in the current language; raises :class:`MessageError` when a
        parameter is missing (extra parameters are fine: the core may say more)."""
        if isinstance(key, Message):
            params = {**key.params, **params}
            key = key.key
        name = key_name(key)
        template = self.template(name)
        missing = template.parameters() - params.keys()
        if missing:
            raise MessageError(f"message {name!r} needs {', '.join(sorted(missing))}")

        def words(source: str) -> str:
            if not source:
                return ""
            translated = QCoreApplication.translate(CONTEXT, source)
            try:
                return translated.format_map(params)
            except (KeyError, IndexError, ValueError):
                # A broken translation must not hide the message: use the source text.
                log.error("the translation of %r is broken: %r", source, translated)
                return source.format_map(params)

        return MessageText(
            name,
            words(template.title),
            words(template.body),
            words(template.action),
            template.severity,
        )


MESSAGES = MessageRegistry()
"""The kiosk's messages. The lead connects the core's ``MessageKey`` values to these keys."""

MESSAGES.register(
    "unknown_barcode",
    title=QT_TRANSLATE_NOOP("Messages", "We do not know this product"),
    body=QT_TRANSLATE_NOOP("Messages", "Code {code} is not in our list. Nothing was added."),
    action=QT_TRANSLATE_NOOP("Messages", "Scan it again, type the code, or press Help."),
    severity=Severity.ERROR,
)
MESSAGES.register(
    "scan_not_read",
    title=QT_TRANSLATE_NOOP("Messages", "That scan did not work"),
    body=QT_TRANSLATE_NOOP("Messages", "Nothing was added."),
    action=QT_TRANSLATE_NOOP("Messages", "Scan the product again."),
    severity=Severity.INFO,
)
MESSAGES.register(
    "age_check",
    title=QT_TRANSLATE_NOOP("Messages", "A staff member will check your age"),
    body=QT_TRANSLATE_NOOP("Messages", "You can keep scanning."),
    action=QT_TRANSLATE_NOOP("Messages", "Have your ID ready. You can pay after the check."),
    severity=Severity.WAITING,
)
MESSAGES.register(
    "help_called",
    title=QT_TRANSLATE_NOOP("Messages", "Help is called"),
    body=QT_TRANSLATE_NOOP("Messages", "A staff member will come to you."),
    action=QT_TRANSLATE_NOOP("Messages", "You can keep scanning while you wait."),
    severity=Severity.WAITING,
)
MESSAGES.register(
    "staff_on_the_way",
    title=QT_TRANSLATE_NOOP("Messages", "{name} is on the way"),
    body=QT_TRANSLATE_NOOP("Messages", "A staff member is coming to help you."),
    action=QT_TRANSLATE_NOOP("Messages", "You can keep scanning while you wait."),
    severity=Severity.WAITING,
)
MESSAGES.register(
    "card_declined",
    title=QT_TRANSLATE_NOOP("Messages", "This card was declined"),
    body=QT_TRANSLATE_NOOP("Messages", "Nothing was paid."),
    action=QT_TRANSLATE_NOOP("Messages", "Try another card, or press Help."),
    severity=Severity.ERROR,
)
MESSAGES.register(
    "insert_card",
    title=QT_TRANSLATE_NOOP("Messages", "Please insert your card"),
    body=QT_TRANSLATE_NOOP("Messages", "This card needs its PIN. Nothing was paid yet."),
    action=QT_TRANSLATE_NOOP("Messages", "Put the card in the terminal and type your PIN."),
    severity=Severity.INFO,
)
MESSAGES.register(
    "payment_approved",
    title=QT_TRANSLATE_NOOP("Messages", "Thank you, you have paid"),
    body=QT_TRANSLATE_NOOP("Messages", "You paid {amount}."),
    action=QT_TRANSLATE_NOOP("Messages", "Take your receipt and your shopping."),
    severity=Severity.SUCCESS,
)
MESSAGES.register(
    "scanner_unplugged",
    title=QT_TRANSLATE_NOOP("Messages", "The scanner does not work"),
    body=QT_TRANSLATE_NOOP("Messages", "A staff member has been told."),
    action=QT_TRANSLATE_NOOP("Messages", "Type the code of the product, or press Help."),
    severity=Severity.ERROR,
)
MESSAGES.register(
    "printer_paper_out",
    title=QT_TRANSLATE_NOOP("Messages", "The printer is out of paper"),
    body=QT_TRANSLATE_NOOP("Messages", "Your receipt is ready as a QR code."),
    action=QT_TRANSLATE_NOOP("Messages", "Scan the code with your phone, or press Help."),
    severity=Severity.WAITING,
)


class MessageBridge(QObject):
    """The one way the kiosk tells the shopper something (see the module docstring).

    ``post`` checks the message against the registry at once (an unknown key or a
    missing parameter raises :class:`MessageError` in the caller, where the bug is) and
    emits :attr:`posted` with the :class:`Message`; widgets turn it into words.
    """

    posted = Signal(object)

    def __init__(self, registry: MessageRegistry = MESSAGES, parent: QObject | None = None):
        super().__init__(parent)
        self.registry = registry
        self.history: list[Message] = []

    def post(self, key: Hashable, **params: Any) -> Message:
        message = Message(key_name(key), dict(params))
        self.registry.text(message)  # fail here, not later in a paint
        self.history.append(message)
        log.info("message %s %s", message.key, sorted(message.params))
        self.posted.emit(message)
        return message
