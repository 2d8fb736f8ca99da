"""The suspended screen (lane state ``suspended``): the shopper left mid-session.

Nothing is lost: the cart is saved and a staff member has been called (an ``idle`` help
call). A returning shopper taps **Continue shopping** (``lane.touch()``) and goes on
where they left off; staff can also take the lane over (log in, cancel the transaction).

Object names: ``suspended_screen``, ``suspended_title``, ``suspended_body``,
``suspended_continue_button``, ``help_button``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.core.lane import LaneController
from kiosk.ui.screens.paying import StatusScreen
from kiosk.ui.services import UiServices
from kiosk.ui.widgets import BigButton

__all__ = ["SuspendedScreen"]


class SuspendedScreen(StatusScreen):
    """See the module docstring."""

    def __init__(self, lane: LaneController, ui: UiServices, parent: QWidget | None = None):
        super().__init__(lane, ui, parent)
        self.setObjectName("suspended_screen")
        self.title.setObjectName("suspended_title")
        self.text = self.label("suspended_body")
        self.body.addWidget(self.text)
        self.go_on = self.add_action(BigButton(role="primary", parent=self), primary=True)
        self.go_on.setObjectName("suspended_continue_button")
        self.go_on.clicked.connect(self.lane.touch)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Your shopping is paused"))
        self.text.setText(
            self.tr(
                "Your items are saved. A staff member has been called. "
                "Are you back? Tap Continue shopping."
            )
        )
        self.go_on.setText(self.tr("Continue shopping"))
