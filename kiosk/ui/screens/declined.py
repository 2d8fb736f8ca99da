"""The declined screen (lane state ``declined``): why, in plain words, and what to do.

The lane says why with its decline message (``declined_try_other_card``,
``declined_insert_card`` when the card wants its PIN, ``declined_try_again``,
``declined_pay_at_desk``); the screen shows it in a red banner with what happened (the
card was declined), what happens now (nothing was paid) and what to do. Actions: **Try
again** (green; ``lane.pay()``), **Pay at the service desk** (calls staff with the
decline as the call's context: ``lane.call_help("payment_declined")``; the shell then
shows the help panel for that call) and **Help**.

Object names: ``declined_screen``, ``declined_title``, ``banner`` (the reason),
``declined_retry_button``, ``declined_other_way_button``, ``help_button``.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QWidget

from kiosk.core.lane import HelpReason, LaneController, Message, MessageKey
from kiosk.core.lane.payment_flow import decline_message
from kiosk.core.session import SessionState
from kiosk.ui.messages import Message as UiMessage
from kiosk.ui.messages import MessageRegistry, Severity
from kiosk.ui.screens.paying import StatusScreen
from kiosk.ui.services import UiServices
from kiosk.ui.widgets import Banner, BigButton

__all__ = ["DECLINE_WORDS", "DeclinedScreen"]

K = MessageKey

DECLINE_WORDS = MessageRegistry()
"""The words for each decline message of the lane."""
DECLINE_WORDS.register(
    K.DECLINED_TRY_OTHER_CARD,
    title=QT_TRANSLATE_NOOP("Messages", "This card was declined"),
    body=QT_TRANSLATE_NOOP("Messages", "Nothing was paid."),
    action=QT_TRANSLATE_NOOP("Messages", "Try another card, or pay at the service desk."),
    severity=Severity.ERROR,
)
DECLINE_WORDS.register(
    K.DECLINED_INSERT_CARD,
    title=QT_TRANSLATE_NOOP("Messages", "Your card wants its PIN"),
    body=QT_TRANSLATE_NOOP("Messages", "Nothing was paid."),
    action=QT_TRANSLATE_NOOP(
        "Messages", "Put the card in the terminal instead of tapping it, then type your PIN."
    ),
    severity=Severity.ERROR,
)
DECLINE_WORDS.register(
    K.DECLINED_TRY_AGAIN,
    title=QT_TRANSLATE_NOOP("Messages", "The payment did not go through"),
    body=QT_TRANSLATE_NOOP("Messages", "Nothing was paid."),
    action=QT_TRANSLATE_NOOP("Messages", "Press Try again and follow the terminal."),
    severity=Severity.ERROR,
)
DECLINE_WORDS.register(
    K.DECLINED_PAY_AT_DESK,
    title=QT_TRANSLATE_NOOP("Messages", "The terminal cannot take this payment"),
    body=QT_TRANSLATE_NOOP("Messages", "Nothing was paid. A staff member has been called."),
    action=QT_TRANSLATE_NOOP("Messages", "You can pay at the service desk, or wait here."),
    severity=Severity.ERROR,
)

_DECLINES = frozenset(
    {
        K.DECLINED_TRY_OTHER_CARD,
        K.DECLINED_INSERT_CARD,
        K.DECLINED_TRY_AGAIN,
        K.DECLINED_PAY_AT_DESK,
    }
)


class DeclinedScreen(StatusScreen):
    """See the module docstring."""

    other_way_chosen = Signal(str)
    """The shopper chose to pay at the desk: the help call's id (the shell shows it)."""

    def __init__(self, lane: LaneController, ui: UiServices, parent: QWidget | None = None):
        super().__init__(lane, ui, parent)
        self.setObjectName("declined_screen")
        self.title.setObjectName("declined_title")
        self.banner = Banner(DECLINE_WORDS, self)
        self.body.addWidget(self.banner)
        self.other_way = self.add_action(BigButton(parent=self))
        self.other_way.setObjectName("declined_other_way_button")
        self.other_way.clicked.connect(self._other_way)
        self.retry = self.add_action(BigButton(role="primary", parent=self), primary=True)
        self.retry.setObjectName("declined_retry_button")
        self.retry.clicked.connect(self.lane.pay)
        self.watch(lane.message, self._on_message)
        self.watch(lane.state_changed, lambda *_: self.refresh())
        self.refresh()

    @property
    def decline_key(self) -> MessageKey:
        """Which decline message is shown."""
        message = self.lane.last_message
        if message is not None and message.key in _DECLINES:
            return message.key
        decline = self.lane.snapshot().get("last_decline") or {}
        return decline_message(decline.get("reason"))

    def refresh(self) -> None:
        self.banner.show_message(UiMessage(self.decline_key.value))
        self.retry.setEnabled(self.lane.state is SessionState.DECLINED)
        self.other_way.setEnabled(self.lane.state is SessionState.DECLINED)
        self.retranslate()

    def _on_message(self, message: Message) -> None:
        if message.key in _DECLINES:
            self.refresh()

    def _other_way(self) -> None:
        call_id = self.lane.call_help(HelpReason.PAYMENT_DECLINED)
        if call_id is not None:
            self.other_way_chosen.emit(call_id)
            self.help_requested.emit()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Paying did not work"))
        self.other_way.setText(self.tr("Pay at the service desk"))
        self.retry.setText(self.tr("Try again"))
