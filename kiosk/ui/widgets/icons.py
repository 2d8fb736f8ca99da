"""Icons drawn in code (no image files): simple, bold, in the colour of the text beside them.

The guide says icon plus words, never an icon alone: every icon here goes next to text.
:func:`icon` draws one at a size for a colour; buttons and banners redraw theirs when the
theme changes (the colour follows the style sheet's ``color``).
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap

__all__ = ["IconName", "icon", "pixmap"]


class IconName(enum.StrEnum):
    HELP = "help"
    SUCCESS = "success"
    WAITING = "waiting"
    ERROR = "error"
    INFO = "info"
    BACKSPACE = "backspace"


def pixmap(name: IconName | str, size: int, colour: QColor | str) -> QPixmap:
    """``name`` drawn on a transparent ``size`` x ``size`` pixmap."""
    name = IconName(name)
    size = max(8, size)
    image = QPixmap(size, size)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(colour)
        stroke = max(2.0, size / 11)
        pen = QPen(colour, stroke, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        inset = stroke / 2 + size * 0.04
        box = QRectF(inset, inset, size - 2 * inset, size - 2 * inset)
        s = box.width()

        def at(x: float, y: float) -> QPointF:
            return QPointF(box.left() + x * s, box.top() + y * s)

        if name in (IconName.HELP, IconName.INFO):
            painter.drawEllipse(box)
            font = QFont()
            font.setBold(True)
            font.setPixelSize(round(s * 0.62))
            painter.setFont(font)
            glyph = "?" if name is IconName.HELP else "i"
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, glyph)
        elif name is IconName.SUCCESS:
            painter.drawEllipse(box)
            path = QPainterPath(at(0.27, 0.52))
            path.lineTo(at(0.44, 0.68))
            path.lineTo(at(0.74, 0.35))
            painter.drawPath(path)
        elif name is IconName.WAITING:
            painter.drawEllipse(box)
            path = QPainterPath(at(0.5, 0.22))
            path.lineTo(at(0.5, 0.5))
            path.lineTo(at(0.7, 0.62))
            painter.drawPath(path)
        elif name is IconName.ERROR:
            painter.drawEllipse(box)
            painter.drawLine(at(0.33, 0.33), at(0.67, 0.67))
            painter.drawLine(at(0.67, 0.33), at(0.33, 0.67))
        elif name is IconName.BACKSPACE:
            path = QPainterPath(at(0.0, 0.5))
            path.lineTo(at(0.3, 0.18))
            path.lineTo(at(1.0, 0.18))
            path.lineTo(at(1.0, 0.82))
            path.lineTo(at(0.3, 0.82))
            path.closeSubpath()
            painter.drawPath(path)
            painter.drawLine(at(0.48, 0.36), at(0.76, 0.64))
            painter.drawLine(at(0.76, 0.36), at(0.48, 0.64))
    finally:
        painter.end()
    return image


def icon(name: IconName | str, size: int, colour: QColor | str) -> QIcon:
    """``name`` as a :class:`QIcon` (the same picture when disabled: it keeps its words)."""
    return QIcon(pixmap(name, size, colour))
