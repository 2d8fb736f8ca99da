"""The out-of-service screen (lane state ``out_of_service``): this lane is closed.

Shoppers read that the lane is closed and to use another lane; when the lane stopped by
itself (the journal could not write) they also read that a staff member has been told
and nothing they paid is lost. A small **Staff** button at the bottom asks the shell for
the staff login (:attr:`OutOfServiceScreen.staff_requested`); Help still works.

Object names: ``out_of_service_screen``, ``out_of_service_title``, ``out_of_service_body``,
``out_of_service_staff_button``, ``help_button``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.core.lane import LaneController
from kiosk.core.lane.controller import OutOfServiceReason
from kiosk.ui.screens.paying import StatusScreen
from kiosk.ui.services import UiServices
from kiosk.ui.widgets import BigButton

__all__ = ["OutOfServiceScreen"]


class OutOfServiceScreen(StatusScreen):
    """See the module docstring."""

    staff_requested = Signal()
    """A staff member wants to log in: the shell shows the staff screen."""

    def __init__(self, lane: LaneController, ui: UiServices, parent: QWidget | None = None):
        super().__init__(lane, ui, parent)
        self.setObjectName("out_of_service_screen")
        self.title.setObjectName("out_of_service_title")
        self.text = self.label("out_of_service_body")
        self.body.addWidget(self.text)
        self.staff = self.add_action(BigButton(parent=self))
        self.staff.setObjectName("out_of_service_staff_button")
        self.staff.clicked.connect(self.staff_requested.emit)
        self.watch(lane.state_changed, lambda *_: self.retranslate())
        self.retranslate()

    @property
    def reason(self) -> OutOfServiceReason | None:
        oos = self.lane.snapshot()["out_of_service"]
        return None if oos is None else OutOfServiceReason(oos["reason"])

    def retranslate(self) -> None:
        self.title.setText(self.tr("This lane is closed"))
        if self.reason is OutOfServiceReason.JOURNAL_WRITE_FAILED:
            text = self.tr(
                "Something went wrong in this lane. A staff member has been told. "
                "Nothing you scanned or paid is lost. Please use another lane."
            )
        else:
            text = self.tr("Please use another lane. Thank you.")
        self.text.setText(text)
        self.staff.setText(self.tr("Staff"))
