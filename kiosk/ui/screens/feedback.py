"""The feedback screen (lane state ``feedback``): thank you, and a one-tap rating.

Five big faces, from very unhappy to very happy, each with a word; one tap
(``lane.rate(score)``) and the lane says thank you and returns to the start screen. The
lane also returns by itself after a while (``attract_after_receipt_s``). When the shopper
chose a digital receipt, its QR code stays on screen here to scan.

:func:`face_pixmap` draws the faces in code (no image files to translate or lose).

Object names: ``feedback_screen``, ``feedback_title``, ``feedback_question``,
``feedback_rating_1_button`` ... ``feedback_rating_5_button``, ``feedback_qr``,
``feedback_qr_caption``, ``help_button``.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.core.lane import LaneController
from kiosk.core.session import SessionState
from kiosk.ui.screens.paying import StatusScreen
from kiosk.ui.screens.receipt import qr_pixmap
from kiosk.ui.services import UiServices
from kiosk.ui.theme import current_metrics
from kiosk.ui.widgets import BigButton

__all__ = ["FeedbackScreen", "RatingButton", "face_pixmap"]


def face_pixmap(score: int, side: int, colour: QColor) -> QPixmap:
    """A face for ``score`` 1 (very unhappy) to 5 (very happy), in ``colour``."""
    if not 1 <= score <= 5:
        raise ValueError(f"a rating is 1-5, not {score!r}")
    image = QPixmap(side, side)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        stroke = max(2.0, side / 14)
        painter.setPen(QPen(colour, stroke, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        inset = stroke
        painter.drawEllipse(QRectF(inset, inset, side - 2 * inset, side - 2 * inset))
        eye = side * 0.07
        painter.setBrush(colour)
        for x in (0.36, 0.64):
            painter.drawEllipse(QRectF(side * x - eye / 2, side * 0.36, eye, eye))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        bend = (score - 3) * 0.09 * side  # > 0: a smile
        mouth = QPainterPath()
        y = side * 0.66 - bend / 2
        mouth.moveTo(side * 0.3, y)
        mouth.quadTo(side * 0.5, y + bend * 2, side * 0.7, y)
        painter.drawPath(mouth)
    finally:
        painter.end()
    return image


_WORDS = (
    QT_TRANSLATE_NOOP("RatingButton", "Very bad"),
    QT_TRANSLATE_NOOP("RatingButton", "Bad"),
    QT_TRANSLATE_NOOP("RatingButton", "OK"),
    QT_TRANSLATE_NOOP("RatingButton", "Good"),
    QT_TRANSLATE_NOOP("RatingButton", "Very good"),
)


class RatingButton(BigButton):
    """A big face beside its word (``score`` 1-5); it translates itself."""

    def __init__(self, score: int, parent: QWidget | None = None) -> None:
        if not 1 <= score <= 5:
            raise ValueError(f"a rating is 1-5, not {score!r}")
        super().__init__(parent=parent)
        self.score = score
        self.setObjectName(f"feedback_rating_{score}_button")
        self._draw_face()
        self.retranslate()

    def retranslate(self) -> None:
        # two short lines ("Very / good") keep five faces in one row on a small screen
        self.setText(self.tr(_WORDS[self.score - 1]).replace(" ", "\n", 1))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "score"):
            self.retranslate()
        super().changeEvent(event)

    def _draw_face(self) -> None:
        side = round(self.fontMetrics().height() * 1.8)
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        gap = max(4, side // 4)  # room between the face and the word
        image = QPixmap((side + gap) * 2, side * 2)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.drawPixmap(0, 0, face_pixmap(self.score, side * 2, colour))
        painter.end()
        self.setIconSize(QSize(side + gap, side))
        self.setIcon(QIcon(image))

    def _redraw_icon(self) -> None:
        if hasattr(self, "score"):
            self._draw_face()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        side = current_metrics().touch_px
        return hint.expandedTo(QSize(round(side * 1.6), round(side * 1.4)))


class FeedbackScreen(StatusScreen):
    """See the module docstring."""

    def __init__(self, lane: LaneController, ui: UiServices, parent: QWidget | None = None):
        super().__init__(lane, ui, parent)
        self.setObjectName("feedback_screen")
        self.title.setObjectName("feedback_title")
        self.question = self.label("feedback_question")
        self.body.addWidget(self.question)
        faces = QHBoxLayout()
        faces.setSpacing(current_metrics().gap_px)
        self.ratings = [RatingButton(score, self) for score in range(1, 6)]
        for button in self.ratings:
            button.clicked.connect(lambda _=False, s=button.score: self._rate(s))
            faces.addWidget(button)
        faces.addStretch(1)
        self.body.addLayout(faces)
        self.qr = QLabel(self)
        self.qr.setObjectName("feedback_qr")
        self.qr_caption = self.label("feedback_qr_caption")
        row = QHBoxLayout()
        row.setSpacing(current_metrics().gap_px)
        row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.qr_caption, 1, Qt.AlignmentFlag.AlignVCenter)
        self.body.addLayout(row)
        self.rated: int | None = None
        self.watch(lane.state_changed, lambda *_: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        receipt = self.lane.snapshot()["receipt"] or {}
        here = self.lane.state is SessionState.FEEDBACK
        for button in self.ratings:
            button.setEnabled(here)
        url = receipt.get("url")
        if receipt.get("choice") == "digital" and url:
            self.qr.setPixmap(qr_pixmap(url, current_metrics().height // 4))
            self.qr.show()
            self.qr_caption.show()
        else:
            self.qr.hide()
            self.qr_caption.hide()
        self.retranslate()

    def _rate(self, score: int) -> None:
        if self.lane.rate(score):
            self.rated = score

    def retranslate(self) -> None:
        self.title.setText(self.tr("Thank you for shopping with us!"))
        self.question.setText(self.tr("How was paying today? Tap a face."))
        self.qr_caption.setText(self.tr("Scan this code with your phone to get your receipt."))
