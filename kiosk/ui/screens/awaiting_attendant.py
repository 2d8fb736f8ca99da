"""The awaiting-attendant screen (lane state ``awaiting_attendant``): paying waits for a
staff member, who checks the shopper's age or approves removing an item.

Calm words in amber: a staff member is coming (by name once one took the call), why, and
that nothing is wrong: the shopper just waits. The lane goes on to shopping by itself
once the approvals are given. Help, and a quiet **Staff** button for the staff member
who comes (:attr:`AwaitingAttendantScreen.staff_requested`: the shell shows the staff
login; a staff badge scanned here does the same).

Object names: ``awaiting_attendant_screen``, ``awaiting_attendant_title``,
``awaiting_attendant_reason``, ``awaiting_attendant_staff``,
``awaiting_attendant_staff_button``, ``help_button``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.core.lane import HelpCall, HelpReason, HelpStatus, LaneController
from kiosk.core.lane.help import APPROVAL_REASONS
from kiosk.ui.screens.paying import StatusScreen
from kiosk.ui.services import UiServices
from kiosk.ui.widgets import BigButton

__all__ = ["AwaitingAttendantScreen"]


class AwaitingAttendantScreen(StatusScreen):
    """See the module docstring."""

    staff_requested = Signal()
    """The staff member who came wants to log in: the shell shows the staff login."""

    def __init__(self, lane: LaneController, ui: UiServices, parent: QWidget | None = None):
        super().__init__(lane, ui, parent)
        self.setObjectName("awaiting_attendant_screen")
        self.title.setObjectName("awaiting_attendant_title")
        self.reason = self.label("awaiting_attendant_reason")
        self.staff = self.label("awaiting_attendant_staff", role="title")
        self.body.addWidget(self.reason)
        self.body.addWidget(self.staff)
        self.staff_login = self.add_action(BigButton(parent=self))
        self.staff_login.setObjectName("awaiting_attendant_staff_button")
        self.staff_login.clicked.connect(self.staff_requested.emit)
        self.watch(lane.help_changed, lambda _call: self.retranslate())
        self.watch(lane.state_changed, lambda *_: self.retranslate())
        self.retranslate()

    @property
    def calls(self) -> list[HelpCall]:
        """The open approval calls paying waits for."""
        return [c for c in self.lane.open_help_calls if c.reason in APPROVAL_REASONS]

    def retranslate(self) -> None:
        calls = self.calls
        self.title.setText(self.tr("A staff member is coming to you"))
        reasons = {call.reason for call in calls}
        lines = []
        if HelpReason.AGE_CHECK in reasons:
            lines.append(self.tr("Some items are for adults only. A staff member checks your age."))
        if HelpReason.VOID_APPROVAL in reasons:
            lines.append(self.tr("A staff member approves removing an item."))
        lines.append(self.tr("Nothing is wrong. Please wait here; then you can pay."))
        self.reason.setText("\n".join(lines))
        names = [
            c.staff_name for c in calls if c.status is HelpStatus.ACKNOWLEDGED and c.staff_name
        ]
        if names:
            self.staff.setText(self.tr("{name} is on the way").format(name=names[0]))
        else:
            self.staff.setText(self.tr("Help is called"))
        self.staff_login.setText(self.tr("Staff"))
