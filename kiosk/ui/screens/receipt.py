"""The receipt screen (lane state ``receipt``): paid, and which receipt the shopper wants.

Actions: **Print receipt** (green, while the printer works), **Digital receipt** (a QR
code with the receipt's address, when the store offers it) and **No receipt**. While the
printer prints, the screen says so and the buttons wait. When the printer fails (paper
out, cover open, offline) the screen shows the QR code right away and says a staff
member was told; **Done** then takes the shopper on. The lane moves on by itself after
a while (``attract_after_receipt_s``).

:func:`qr_pixmap` draws a QR code (the ``qrcode`` package makes the matrix) as a crisp
black-on-white :class:`QPixmap`, with the quiet zone scanners need.

Object names: ``receipt_screen``, ``receipt_title``, ``receipt_status``, ``receipt_qr``,
``receipt_qr_caption``, ``receipt_print_button``, ``receipt_digital_button``,
``receipt_none_button``, ``help_button``.
"""

from __future__ import annotations

from typing import Any

import qrcode
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.core.lane import LaneController, Message, MessageKey
from kiosk.core.lane.controller import ReceiptChoice
from kiosk.core.session import SessionState
from kiosk.ui.screens.paying import StatusScreen
from kiosk.ui.services import UiServices
from kiosk.ui.theme import current_metrics
from kiosk.ui.widgets import BigButton

__all__ = ["ReceiptScreen", "qr_matrix", "qr_pixmap"]

QUIET_ZONE = 4
"""Modules of white around the code (the QR standard's quiet zone)."""


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR code's modules for ``data`` (True: dark), without the quiet zone."""
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_pixmap(data: str, side: int) -> QPixmap:
    """``data`` as a QR code about ``side`` pixels wide (whole pixels per module)."""
    matrix = qr_matrix(data)
    modules = len(matrix) + 2 * QUIET_ZONE
    scale = max(1, side // modules)
    image = QPixmap(modules * scale, modules * scale)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    rect = QRect((x + QUIET_ZONE) * scale, (y + QUIET_ZONE) * scale, scale, scale)
                    painter.fillRect(rect, QColor("black"))
    finally:
        painter.end()
    return image


class ReceiptScreen(StatusScreen):
    """See the module docstring."""

    def __init__(self, lane: LaneController, ui: UiServices, parent: QWidget | None = None):
        super().__init__(lane, ui, parent)
        self.setObjectName("receipt_screen")
        self.title.setObjectName("receipt_title")
        self.status = self.label("receipt_status")
        self.qr = QLabel(self)
        self.qr.setObjectName("receipt_qr")
        self.qr_caption = self.label("receipt_qr_caption")
        row = QHBoxLayout()
        row.setSpacing(current_metrics().gap_px)
        row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.qr_caption, 1, Qt.AlignmentFlag.AlignVCenter)
        self.body.addWidget(self.status)
        self.body.addLayout(row)
        self.none = self.add_action(BigButton(parent=self))
        self.none.setObjectName("receipt_none_button")
        self.none.clicked.connect(lambda: self._choose(ReceiptChoice.NONE))
        self.digital = self.add_action(BigButton(parent=self))
        self.digital.setObjectName("receipt_digital_button")
        self.digital.clicked.connect(lambda: self._choose(ReceiptChoice.DIGITAL))
        self.print = self.add_action(BigButton(role="primary", parent=self), primary=True)
        self.print.setObjectName("receipt_print_button")
        self.print.clicked.connect(lambda: self._choose(ReceiptChoice.PRINT))
        self._qr_for: str | None = None
        self.watch(lane.message, self._on_message)
        self.watch(lane.state_changed, lambda *_: self.refresh())
        self.refresh()

    @property
    def receipt(self) -> dict[str, Any] | None:
        """The lane's receipt state (url, printer_failed, printing, choice, can_print)."""
        return self.lane.snapshot()["receipt"]

    @property
    def showing_qr(self) -> bool:
        return self.qr.isVisibleTo(self)

    def refresh(self) -> None:
        receipt = self.receipt or {}
        here = self.lane.state is SessionState.RECEIPT and bool(receipt)
        printing = bool(receipt.get("printing"))
        failed = bool(receipt.get("printer_failed"))
        self.print.setVisible(not failed)
        self.print.setEnabled(here and not printing and bool(receipt.get("can_print")))
        offer_digital = self.lane.settings.digital_receipt or failed
        self.digital.setVisible(offer_digital)
        self.digital.set_role("primary" if failed else None)
        self.digital.setEnabled(here and not printing)
        self.none.setEnabled(here and not printing)
        url = receipt.get("url")
        if failed and url:
            if self._qr_for != url:
                self.qr.setPixmap(qr_pixmap(url, current_metrics().height // 3))
                self._qr_for = url
            self.qr.show()
            self.qr_caption.show()
        else:
            self.qr.hide()
            self.qr_caption.hide()
        self.retranslate()

    def _choose(self, choice: ReceiptChoice) -> None:
        self.lane.choose_receipt(choice)
        self.refresh()

    def _on_message(self, message: Message) -> None:
        if message.key in (
            MessageKey.RECEIPT_PRINTING,
            MessageKey.RECEIPT_PRINTED,
            MessageKey.PRINTER_FAILED_DIGITAL,
        ):
            self.refresh()

    def retranslate(self) -> None:
        receipt = self.receipt or {}
        self.title.setText(self.tr("Thank you, you have paid"))
        if receipt.get("printing"):
            status = self.tr("Your receipt is printing. Please wait a moment.")
        elif receipt.get("printer_failed"):
            status = self.tr(
                "The printer does not work, so we cannot print a receipt. A staff member "
                "has been told."
            )
        else:
            status = self.tr("Do you want a receipt?")
        self.status.setText(status)
        self.qr_caption.setText(self.tr("Scan this code with your phone to get your receipt."))
        self.print.setText(self.tr("Print receipt"))
        failed = bool(receipt.get("printer_failed"))
        self.digital.setText(self.tr("Done") if failed else self.tr("Digital receipt"))
        self.none.setText(self.tr("No receipt"))
