"""The idle prompt (lane state ``idle_prompt``): "Are you still there?".

Shown when nobody touched the lane for a while during shopping. The cart is kept. One big
green **Yes, continue** (``lane.touch()``, as any touch does); without an answer the lane
pauses the session itself (``suspended``) and calls staff.

Object names: ``idle_prompt_screen``, ``idle_prompt_title``, ``idle_prompt_body``,
``idle_prompt_continue_button``, ``help_button``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.core.lane import LaneController
from kiosk.ui.screens.paying import StatusScreen
from kiosk.ui.services import UiServices
from kiosk.ui.widgets import BigButton

__all__ = ["IdlePromptScreen"]


class IdlePromptScreen(StatusScreen):
    """See the module docstring."""

    def __init__(self, lane: LaneController, ui: UiServices, parent: QWidget | None = None):
        super().__init__(lane, ui, parent)
        self.setObjectName("idle_prompt_screen")
        self.title.setObjectName("idle_prompt_title")
        self.text = self.label("idle_prompt_body")
        self.body.addWidget(self.text)
        self.go_on = self.add_action(BigButton(role="primary", parent=self), primary=True)
        self.go_on.setObjectName("idle_prompt_continue_button")
        self.go_on.clicked.connect(self.lane.touch)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Are you still there?"))
        self.text.setText(
            self.tr("Your shopping is kept. Tap Yes to go on, or the lane pauses soon.")
        )
        self.go_on.setText(self.tr("Yes, continue"))
