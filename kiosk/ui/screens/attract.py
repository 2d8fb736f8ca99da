"""The attract screen: what a shopper sees at an idle lane.

"Scan your first product" in large words, a picture that shows how to scan, a green
"Tap to start" button (``attract_start_button``: :meth:`LaneController.start`), the language
switch (``language_button``) and Help (``help_button``: emits :attr:`help_requested`; the
shell shows the help panel). A scan needs nothing from this screen: the lane opens the
transaction itself and moves to the shopping screen.

Messages the lane says while the lane is in ``attract`` (a scan that did not read) are
shown in a banner (``attract_banner``) with their sound.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.lane import LaneController
from kiosk.core.lane.messages import Message as LaneMessage
from kiosk.core.session import SessionState
from kiosk.ui.messages import MESSAGES
from kiosk.ui.screens.shop_messages import sound_for, ui_message
from kiosk.ui.screens.shop_widgets import LanguageButton, ScanPicture
from kiosk.ui.services import UiServices
from kiosk.ui.theme import current_metrics, set_state
from kiosk.ui.widgets import BigButton, HelpButton, KioskScreen, Toast

__all__ = ["AttractScreen"]


def _drop(signal: Any, callback: Any) -> None:
    with contextlib.suppress(ValueError):
        signal.disconnect(callback)


class AttractScreen(KioskScreen):
    help_requested = Signal()
    """The shopper tapped Help (the shell shows the help panel)."""

    def __init__(self, lane: LaneController, ui: UiServices, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("attract_screen")
        self.lane = lane
        self.ui = ui
        metrics = current_metrics()

        self.title = QLabel(self)
        self.title.setObjectName("attract_title")
        set_state(self.title, "textRole", "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("attract_hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.picture = ScanPicture(self)
        self.banner = Toast(MESSAGES, parent=self)
        self.banner.setObjectName("attract_banner")
        self.start_button = BigButton(role="primary", parent=self)
        self.start_button.setObjectName("attract_start_button")
        self.start_button.clicked.connect(self.lane.start)
        self.help = HelpButton(self)
        self.help.clicked.connect(self.help_requested)
        self.language = LanguageButton(ui.translator, self)

        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.language)

        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.start_button)
        middle.addStretch(1)

        bottom = QHBoxLayout()
        bottom.setSpacing(metrics.gap_px)
        bottom.addWidget(self.help)  # the bottom-left corner, as on every shopper screen
        bottom.addStretch(1)

        layout = QVBoxLayout(self)
        margin = metrics.padding_px  # the same screen edge as every shopper screen
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(metrics.gap_px)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.banner)
        layout.addLayout(middle)
        layout.addLayout(bottom)

        lane.message.connect(self._on_message)
        self.destroyed.connect(lambda *_, m=lane.message, c=self._on_message: _drop(m, c))
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Scan your first product to start"))
        self.hint.setText(self.tr("Hold the barcode over the glass until you hear a beep."))
        self.start_button.setText(self.tr("Tap to start"))

    def _on_message(self, message: LaneMessage) -> None:
        if self.lane.state is not SessionState.ATTRACT:
            return
        sound = sound_for(message)
        if sound is not None:
            self.ui.sound.play(sound)
        shown = ui_message(message)
        if shown is not None:
            self.banner.show_message(shown)
