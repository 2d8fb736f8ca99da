"""The help queue: every open help call, the most urgent first.

Each :class:`CallCard` says which lane, why in words ("Age check", "Card declined"), the
context the lane sent (the product, the amount, why the card was declined, which device
fails), a running timer of the shopper's wait that turns amber and then red (the
console's thresholds, measured on the injected clock by the store model), and who is on
it ("Sam is on the way"). Its buttons: "On my way" (acknowledge) and "Show the lane"
(the lane's detail, with every action). The order is the store model's: red, amber,
new, the longest wait first.

Object names: ``help_queue``, ``help_queue_title``, ``help_queue_empty``,
``help_call_<call id>`` and, inside each card, ``call_timer``, ``call_lane``,
``call_reason``, ``call_context``, ``call_owner``, ``call_acknowledge_button``,
``call_open_button``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from attendant.store import QueueEntry, UrgencyLevel
from attendant.ui import texts
from attendant.ui.theme import current_console_metrics
from attendant.ui.widgets import Button, Card, Chip, label
from kiosk.link.protocol import HelpStatus

__all__ = ["LEVEL_TONES", "CallCard", "HelpQueueView"]

LEVEL_TONES: dict[UrgencyLevel, str] = {
    UrgencyLevel.NEW: "idle",
    UrgencyLevel.AMBER: "waiting",
    UrgencyLevel.RED: "error",
}


class CallCard(Card):
    """One open help call; :meth:`show_entry` paints it from a ``QueueEntry``."""

    acknowledge = Signal(str, str)
    """kiosk id, call id."""
    open_lane = Signal(str, str)

    def __init__(self, entry: QueueEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent, name=f"help_call_{entry.call.id}")
        self.entry = entry
        self.block_reason: str | None = None
        metrics = current_console_metrics()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(metrics.pad_px, metrics.gap_px, metrics.pad_px, metrics.gap_px)
        layout.setSpacing(max(2, metrics.gap_px // 2))
        top = QHBoxLayout()
        top.setSpacing(metrics.gap_px)
        self.timer_chip = Chip(name="call_timer")
        self.lane_label = label(role="title", name="call_lane")
        top.addWidget(self.timer_chip)
        top.addWidget(self.lane_label, 1)
        layout.addLayout(top)
        self.reason_label = label(role="big", name="call_reason", wrap=True)
        self.context_label = label(name="call_context", wrap=True)
        self.owner_label = label(role="caption", name="call_owner", wrap=True)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.context_label)
        layout.addWidget(self.owner_label)
        buttons = QHBoxLayout()
        buttons.setSpacing(metrics.gap_px)
        self.acknowledge_button = Button(role="primary", name="call_acknowledge_button")
        self.open_button = Button(name="call_open_button")
        buttons.addWidget(self.acknowledge_button, 1)
        buttons.addWidget(self.open_button, 1)
        layout.addLayout(buttons)
        self.acknowledge_button.clicked.connect(
            lambda: self.acknowledge.emit(self.entry.kiosk_id, self.entry.call.id)
        )
        self.open_button.clicked.connect(
            lambda: self.open_lane.emit(self.entry.kiosk_id, self.entry.call.id)
        )
        self.clicked.connect(lambda: self.open_lane.emit(self.entry.kiosk_id, self.entry.call.id))
        self.show_entry(entry)

    @property
    def level(self) -> UrgencyLevel:
        return self.entry.level

    def show_entry(self, entry: QueueEntry, block_reason: str | None = None) -> None:
        """Paint ``entry``; ``block_reason``: why "On my way" is not possible (None: it is)."""
        self.entry = entry
        self.block_reason = block_reason
        self._paint()

    def _paint(self) -> None:
        entry = self.entry
        call = entry.call
        tone = LEVEL_TONES[entry.level]
        self.set_tone(tone)
        level_word = {
            UrgencyLevel.NEW: self.tr("New"),
            UrgencyLevel.AMBER: self.tr("Waiting"),
            UrgencyLevel.RED: self.tr("Waiting long"),
        }[entry.level]
        self.timer_chip.show_status(
            tone,
            f"{level_word} {texts.timer(entry.waiting_s)}",
            "help" if entry.level is UrgencyLevel.NEW else None,
        )
        self.lane_label.setText(entry.kiosk_name)
        reason = texts.help_reason(call.reason)
        if call.escalated:
            reason = self.tr("{reason} (escalated)").format(reason=reason)
        self.reason_label.setText(reason)
        context = texts.call_context(call)
        self.context_label.setText(" · ".join(context))
        self.context_label.setVisible(bool(context))
        self.owner_label.setText(
            texts.owner_text(entry.owner, call.status is HelpStatus.ACKNOWLEDGED)
        )
        self.acknowledge_button.setText(texts.command_name("acknowledge"))
        self.open_button.setText(self.tr("Show the lane"))
        self.acknowledge_button.setEnabled(self.block_reason is None)
        self.acknowledge_button.setToolTip(self.block_reason or "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._paint()
        super().changeEvent(event)


class HelpQueueView(QWidget):
    """The queue's title, its cards in the store's order, or "nobody waits"."""

    acknowledge = Signal(str, str)
    open_lane = Signal(str, str)

    def __init__(
        self,
        *,
        block_reason: Callable[[QueueEntry], str | None] = lambda _entry: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("help_queue")
        self.block_reason = block_reason
        metrics = current_console_metrics()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(metrics.gap_px)
        self.title = label(role="title", name="help_queue_title")
        layout.addWidget(self.title)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("help_queue_body")
        self._list = QVBoxLayout(body)
        self._list.setContentsMargins(0, 0, 0, 0)
        self._list.setSpacing(metrics.gap_px)
        self.empty = label(role="caption", name="help_queue_empty", wrap=True)
        self._list.addWidget(self.empty)
        self._list.addStretch(1)
        self.scroll.setWidget(body)
        self._body = body
        layout.addWidget(self.scroll, 1)
        self.cards: dict[str, CallCard] = {}
        self.entries: list[QueueEntry] = []
        self.retranslate()

    def order(self) -> list[str]:
        """The call ids as shown, top to bottom."""
        return [entry.call.id for entry in self.entries]

    def card(self, call_id: str) -> CallCard | None:
        return self.cards.get(call_id)

    def show_queue(self, entries: list[QueueEntry]) -> None:
        """Show exactly ``entries`` in this order; cards are reused by call id."""
        wanted = {entry.call.id for entry in entries}
        for call_id in [c for c in self.cards if c not in wanted]:
            card = self.cards.pop(call_id)
            self._list.removeWidget(card)
            card.deleteLater()
        order_changed = [e.call.id for e in entries] != self.order()
        for entry in entries:
            card = self.cards.get(entry.call.id)
            if card is None:
                card = CallCard(entry, parent=self._body)
                card.acknowledge.connect(self.acknowledge)
                card.open_lane.connect(self.open_lane)
                self.cards[entry.call.id] = card
                order_changed = True
            card.show_entry(entry, self.block_reason(entry))
        self.entries = list(entries)
        if order_changed:
            for card in self.cards.values():
                self._list.removeWidget(card)
            for index, entry in enumerate(entries):
                self._list.insertWidget(index, self.cards[entry.call.id])
        self.empty.setVisible(not entries)
        self.retranslate()

    def retranslate(self) -> None:
        count = len(self.entries)
        self.title.setText(
            self.tr("Help calls (%n)", "", count) if count else self.tr("Help calls")
        )
        self.empty.setText(
            self.tr("Nobody is waiting for help. New calls appear here, with a sound.")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
