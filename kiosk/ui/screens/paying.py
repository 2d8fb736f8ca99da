"""The paying screen, and :class:`StatusScreen`, the layout the checkout screens share.

**Paying** (lane state ``paying``): the amount large, "follow the instructions on the
terminal", the terminal's own prompt in words (the lane passes the terminal's
:class:`~drivers.payment.interface.ProgressStep` on as a ``payment_progress`` message),
and **Cancel** (red), which asks the terminal to stop; the terminal's answer decides (a
card already authorised stays paid), so the button says "Stopping..." until it answers.

:class:`StatusScreen` is a title, a body area, and one row of actions at the bottom with
**Help** beside the screen's primary action, as in the widget gallery. It listens to the
lane's signals through :meth:`StatusScreen.watch`, which lets go of the lane when the
screen is destroyed. Its ``help_requested`` signal asks the shell to show the help panel.

Object names (scenario runner): ``paying_screen``, ``paying_title``, ``paying_prompt``,
``totalPanel`` (the amount: a :class:`~kiosk.ui.widgets.total.TotalPanel`),
``paying_cancel_button``, ``help_button``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from drivers.payment.interface import ProgressStep
from kiosk.core.lane import LaneController, Message, MessageKey
from kiosk.core.session import SessionState
from kiosk.ui.services import UiServices
from kiosk.ui.theme import current_metrics, set_state
from kiosk.ui.widgets import BigButton, HelpButton, KioskScreen, TotalPanel

__all__ = ["PayingScreen", "StatusScreen"]


def _disconnect_all(connections: list[tuple[Any, Callable[..., Any]]]) -> None:
    for signal, callback in connections:
        with contextlib.suppress(ValueError):
            signal.disconnect(callback)
    connections.clear()


class StatusScreen(KioskScreen):
    """A title, a body, and the action row (Help beside the primary action)."""

    help_requested = Signal()
    """The shopper pressed Help: the shell shows the help panel."""

    def __init__(
        self,
        lane: LaneController,
        ui: UiServices,
        parent: QWidget | None = None,
        *,
        help_button: bool = True,
    ) -> None:
        super().__init__(parent)
        self.lane = lane
        self.ui = ui
        metrics = current_metrics()
        self.title = self.label(role="title")
        self.body = QVBoxLayout()
        self.body.setSpacing(metrics.gap_px)
        self.actions = QHBoxLayout()
        self.actions.setSpacing(metrics.gap_px)
        self.help: HelpButton | None = None
        if help_button:
            # Help in the bottom-left corner, as on every shopper screen.
            self.help = HelpButton(self)
            self.help.clicked.connect(self.help_requested.emit)
            self.actions.addWidget(self.help)
        self.actions.addStretch(1)
        self._primaries = 0
        layout = QVBoxLayout(self)
        margin = metrics.padding_px
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(metrics.gap_px)
        layout.addWidget(self.title)
        layout.addLayout(self.body)
        layout.addStretch(1)
        layout.addLayout(self.actions)
        self._connections: list[tuple[Any, Callable[..., Any]]] = []
        connections = self._connections
        self.destroyed.connect(lambda *_: _disconnect_all(connections))

    def label(self, name: str = "", *, role: str | None = None, wrap: bool = True) -> QLabel:
        """A plain-text label (word-wrapped unless ``wrap`` is False)."""
        label = QLabel(self)
        if name:
            label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(wrap)
        if role is not None:
            set_state(label, "textRole", role)
        return label

    def add_action(self, button: BigButton, *, primary: bool = False) -> BigButton:
        """Put ``button`` in the action row, right of the stretch (Help keeps the
        bottom-left corner): other buttons in the order added, the primary one last, in the
        bottom-right corner."""
        if primary:
            self.actions.addWidget(button)
            self._primaries += 1
        else:
            self.actions.insertWidget(self.actions.count() - self._primaries, button)
        return button

    def watch(self, signal: Any, callback: Callable[..., Any]) -> None:
        """Connect a lane signal for as long as this screen lives."""
        signal.connect(callback)
        self._connections.append((signal, callback))

    def release(self) -> None:
        """Stop listening to the lane (also done when the screen is destroyed)."""
        _disconnect_all(self._connections)


_PROMPTS = {
    ProgressStep.INSERT_CARD: QT_TRANSLATE_NOOP("PayingScreen", "Insert, tap or swipe your card."),
    ProgressStep.ENTER_PIN: QT_TRANSLATE_NOOP("PayingScreen", "Type your PIN on the terminal."),
    ProgressStep.PIN_WRONG: QT_TRANSLATE_NOOP("PayingScreen", "The PIN was wrong. Type it again."),
    ProgressStep.PLEASE_WAIT: QT_TRANSLATE_NOOP("PayingScreen", "Please wait."),
    ProgressStep.AUTHORISING: QT_TRANSLATE_NOOP(
        "PayingScreen", "The bank is checking your payment. Please wait."
    ),
    ProgressStep.REMOVE_CARD: QT_TRANSLATE_NOOP("PayingScreen", "You can take your card."),
    ProgressStep.APPROVED: QT_TRANSLATE_NOOP("PayingScreen", "Paid."),
    ProgressStep.DECLINED: QT_TRANSLATE_NOOP("PayingScreen", "The card was declined."),
}


class PayingScreen(StatusScreen):
    """See the module docstring."""

    def __init__(self, lane: LaneController, ui: UiServices, parent: QWidget | None = None):
        super().__init__(lane, ui, parent)
        self.setObjectName("paying_screen")
        self.title.setObjectName("paying_title")
        self.amount = TotalPanel(self)
        self.prompt = self.label("paying_prompt")
        self.body.addWidget(self.amount, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.prompt)
        self.cancel = self.add_action(BigButton(role="danger", parent=self), primary=True)
        self.cancel.setObjectName("paying_cancel_button")
        self.cancel.clicked.connect(self._cancel)
        self._step: ProgressStep | None = None
        self._cancelling = False
        self.watch(lane.message, self._on_message)
        self.watch(lane.state_changed, self._on_state)
        self.refresh()

    @property
    def step(self) -> ProgressStep | None:
        """The terminal's last prompt shown (None: just "follow the terminal")."""
        return self._step

    def refresh(self) -> None:
        payment = self.lane.payment
        cart = self.lane.cart
        amount = payment.amount_cents if payment is not None else 0
        if payment is None and cart is not None:
            amount = cart.totals.total_cents
        items = cart.totals.item_count if cart is not None else 0
        self.amount.set_totals(amount, items)
        self._cancelling = payment is not None and payment.cancel_sent
        self.cancel.setEnabled(
            self.lane.state is SessionState.PAYING
            and payment is not None
            and payment.job_running
            and not payment.cancel_sent
        )
        self.retranslate()

    def _on_state(self, _old: SessionState, new: SessionState, _trigger: object) -> None:
        if new is SessionState.PAYING:
            self._step = None
        self.refresh()

    def _on_message(self, message: Message) -> None:
        if message.key is MessageKey.PAYMENT_PROGRESS:
            step = message.params.get("step")
            try:
                self._step = ProgressStep(step)
            except ValueError:
                self._step = ProgressStep.OTHER
            self.retranslate()
        elif message.key in (MessageKey.PAYMENT_CANCELLING, MessageKey.FOLLOW_TERMINAL):
            self.refresh()

    def _cancel(self) -> None:
        self.lane.cancel_payment()
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Follow the instructions on the payment terminal"))
        step = self._step
        if self._cancelling:
            prompt = self.tr("Stopping the payment. Please wait for the terminal.")
        elif step is None or step not in _PROMPTS:
            prompt = self.tr("Insert, tap or swipe your card. Then follow the terminal.")
        else:
            prompt = self.tr(_PROMPTS[step])
        self.prompt.setText(prompt)
        self.cancel.setText(self.tr("Stopping...") if self._cancelling else self.tr("Cancel"))
