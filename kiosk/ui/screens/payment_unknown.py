"""The payment-unknown screen (lane state ``payment_unknown``): the kiosk does not know
yet whether the card was charged, so it asks the terminal before anything else.

The shopper reads what happened (we are checking your payment with the terminal), what
happens now (you will not be charged twice) and, once the lane has called staff
(a ``payment_unknown`` help call), that a staff member is coming, by name once one took
the call. The amount stays on screen. No action but Help: nothing the shopper does may
start a second payment.

Object names: ``payment_unknown_screen``, ``payment_unknown_title``, ``payment_unknown_body``,
``payment_unknown_staff``, ``totalPanel`` (the amount), ``help_button``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.core.lane import HelpCall, HelpReason, HelpStatus, LaneController
from kiosk.ui.screens.paying import StatusScreen
from kiosk.ui.services import UiServices
from kiosk.ui.widgets import TotalPanel

__all__ = ["PaymentUnknownScreen"]


class PaymentUnknownScreen(StatusScreen):
    """See the module docstring."""

    def __init__(self, lane: LaneController, ui: UiServices, parent: QWidget | None = None):
        super().__init__(lane, ui, parent)
        self.setObjectName("payment_unknown_screen")
        self.title.setObjectName("payment_unknown_title")
        self.amount = TotalPanel(self)
        self.text = self.label("payment_unknown_body")
        self.staff = self.label("payment_unknown_staff", role="title")
        self.body.addWidget(self.amount, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.text)
        self.body.addWidget(self.staff)
        self.watch(lane.help_changed, self._on_help)
        self.watch(lane.state_changed, lambda *_: self.refresh())
        self.refresh()

    @property
    def call(self) -> HelpCall | None:
        """The open call about the unknown payment, if the lane raised one."""
        for call in reversed(self.lane.open_help_calls):
            if call.reason is HelpReason.PAYMENT_UNKNOWN:
                return call
        return None

    def refresh(self) -> None:
        payment = self.lane.payment
        cart = self.lane.cart
        amount = payment.amount_cents if payment is not None else 0
        self.amount.set_totals(amount, cart.totals.item_count if cart is not None else 0)
        self.retranslate()

    def _on_help(self, call: HelpCall) -> None:
        if call.reason is HelpReason.PAYMENT_UNKNOWN:
            self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("We are checking your payment with the terminal"))
        self.text.setText(
            self.tr("You will not be charged twice. Please do not pay again and wait here.")
        )
        call = self.call
        if call is None:
            self.staff.setText(self.tr("This takes a moment."))
        elif call.status is HelpStatus.ACKNOWLEDGED and call.staff_name:
            self.staff.setText(self.tr("{name} is on the way to help you.").format(
                name=call.staff_name))  # fmt: skip
        else:
            self.staff.setText(self.tr("A staff member has been called and will check it."))
