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
        self.setObjectName("widget_gallery")
        metrics = current_metrics()
        self.title = QLabel(self)
        self.title.setObjectName("gallery_title")
        set_state(self.title, "textRole", "title")
        self.caption = QLabel(self)
        self.caption.setObjectName("gallery_caption")
        self.caption.setWordWrap(True)
        set_state(self.caption, "textRole", "caption")
        self.banners = [Banner(parent=self) for _ in range(2)]
        self.banners[0].show_message(Message("card_declined"))
        self.banners[1].show_message(Message("age_check"))
        self.keypad = Keypad(parent=self)
        self.total = TotalPanel(self)
        self.total.set_totals(2345, 7)
        self.remove = BigButton(role="danger", parent=self)
        self.remove.setObjectName("gallery_remove_button")
        self.key_in = BigButton(parent=self)
        self.key_in.setObjectName("gallery_keyin_button")
        self.pay = BigButton(role="primary", parent=self)
        self.pay.setObjectName("gallery_pay_button")
        self.help = HelpButton(self)

        left = QVBoxLayout()
        left.setSpacing(metrics.gap_px)
        left.addWidget(self.title)
        for banner in self.banners:
            left.addWidget(banner)
        left.addStretch(1)
        left.addWidget(self.caption)

        right = QVBoxLayout()
        right.setSpacing(metrics.gap_px)
        right.addWidget(self.keypad)
        right.addStretch(1)
        right.addWidget(self.total)

        columns = QHBoxLayout()
        columns.setSpacing(metrics.gap_px)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        # The shopping screen's action bar: Help bottom left, Pay bottom right.
        bar = QHBoxLayout()
        bar.setSpacing(metrics.gap_px)
        bar.addWidget(self.help)
        bar.addWidget(self.remove)
        bar.addWidget(self.key_in)
        bar.addStretch(1)
        bar.addWidget(self.pay)

        layout = QVBoxLayout(self)
        margin = metrics.padding_px
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(metrics.gap_px)
        layout.addLayout(columns, 1)
        layout.addLayout(bar)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Scan your first product"))
        self.caption.setText(self.tr("Prices include VAT."))
        self.remove.setText(self.tr("Remove"))
        self.key_in.setText(self.tr("Type a code"))
        self.pay.setText(self.tr("Pay"))
