"""A screen that shows every base widget as a shopper would see them together.

It follows the shopping screen's layout from the guide (the big area on the left, the
total and the one primary button bottom right, Help in the same corner), so the screen
contract tests and the screenshots in ``docs/ui.md`` exercise the base widgets the way
real screens will. Staff never see it in a store.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.messages import Message
from kiosk.ui.theme import current_metrics, set_state
from kiosk.ui.widgets.banner import Banner
from kiosk.ui.widgets.buttons import BigButton, HelpButton
from kiosk.ui.widgets.keypad import Keypad
from kiosk.ui.widgets.screen import KioskScreen
from kiosk.ui.widgets.total import TotalPanel

__all__ = ["WidgetGallery"]


class WidgetGallery(KioskScreen):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("widgetGallery")
        metrics = current_metrics()
        self.title = QLabel(self)
        self.title.setObjectName("galleryTitle")
        set_state(self.title, "textRole", "title")
        self.caption = QLabel(self)
        self.caption.setObjectName("galleryCaption")
        self.caption.setWordWrap(True)
        set_state(self.caption, "textRole", "caption")
        self.banners = [Banner(parent=self) for _ in range(2)]
        self.banners[0].show_message(Message("card_declined"))
        self.banners[1].show_message(Message("age_check"))
        self.keypad = Keypad(parent=self)
        self.total = TotalPanel(self)
        self.total.set_totals(2345, 7)
        self.remove = BigButton(role="danger", parent=self)
        self.remove.setObjectName("removeButton")
        self.key_in = BigButton(parent=self)
        self.key_in.setObjectName("keyInButton")
        self.pay = BigButton(role="primary", parent=self)
        self.pay.setObjectName("payButton")
        self.help = HelpButton(self)

        left = QVBoxLayout()
        left.setSpacing(metrics.gap_px)
        left.addWidget(self.title)
        for banner in self.banners:
            left.addWidget(banner)
        left.addStretch(1)
        edits = QHBoxLayout()
        edits.setSpacing(metrics.gap_px)
        edits.addWidget(self.remove)
        edits.addWidget(self.key_in)
        edits.addStretch(1)
        left.addLayout(edits)
        left.addWidget(self.caption)

        actions = QHBoxLayout()
        actions.setSpacing(metrics.gap_px)
        actions.addWidget(self.help)
        actions.addWidget(self.pay)

        right = QVBoxLayout()
        right.setSpacing(metrics.gap_px)
        right.addWidget(self.keypad)
        right.addStretch(1)
        right.addWidget(self.total)
        right.addLayout(actions)

        layout = QHBoxLayout(self)
        margin = metrics.gap_px
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(margin)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Scan your first product"))
        self.caption.setText(self.tr("Prices include VAT."))
        self.remove.setText(self.tr("Remove"))
        self.key_in.setText(self.tr("Type a code"))
        self.pay.setText(self.tr("Pay"))
