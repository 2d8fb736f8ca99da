"""The total and the item count, large, always visible at the bottom right while shopping."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.core.money import format_cents
from kiosk.ui.theme import current_metrics, set_state

__all__ = ["TotalPanel"]


class TotalPanel(QFrame):
    """Shows "Total", the amount (integer cents, Dutch notation) and "N items"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("totalPanel")
        self._total_cents = 0
        self._items = 0
        self.caption = QLabel(self)
        self.caption.setObjectName("total_caption")
        set_state(self.caption, "textRole", "caption")
        self.amount = QLabel(self)
        self.amount.setObjectName("total_amount")
        set_state(self.amount, "textRole", "total")
        self.count = QLabel(self)
        self.count.setObjectName("item_count")
        set_state(self.count, "textRole", "count")
        for label in (self.caption, self.amount, self.count):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.amount)
        layout.addWidget(self.count)
        self._apply_metrics()
        self.retranslate()

    @property
    def total_cents(self) -> int:
        return self._total_cents

    @property
    def item_count(self) -> int:
        return self._items

    def set_totals(self, total_cents: int, item_count: int) -> None:
        if not isinstance(total_cents, int) or isinstance(total_cents, bool):
            raise TypeError(f"a total is integer cents, not {total_cents!r}")
        if item_count < 0:
            raise ValueError(f"an item count is not negative: {item_count}")
        self._total_cents = total_cents
        self._items = item_count
        self.retranslate()

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Total"))
        self.amount.setText(format_cents(self._total_cents))
        self.count.setText(self.tr("%n item(s)", "", self._items))

    def _apply_metrics(self) -> None:
        if self.layout() is None:
            return
        metrics = current_metrics()
        pad = metrics.padding_px
        layout = self.layout()
        layout.setContentsMargins(pad, pad // 2, pad, pad // 2)
        layout.setSpacing(metrics.gap_px // 4)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.StyleChange:
            self._apply_metrics()
        super().changeEvent(event)
