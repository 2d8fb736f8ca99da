"""Small widgets the shopping screens share: the language switch, a product picture and
the "how to scan" picture.

* :class:`LanguageButton` (object name ``language_button``) always shows the *other*
  language's name in that language ("English" while Dutch is shown, "Nederlands" while
  English is shown: a shopper who cannot read the current language still finds it) and
  switches the kiosk's :class:`kiosk.ui.i18n.Translator` on a tap.
* :class:`ProductPicture` draws a product's image (an SVG under ``assets/``, the
  catalog's ``image`` field) scaled into a square; a product without a picture shows an
  empty square.
* :class:`ScanPicture` draws how to scan: a product whose barcode faces the scanner's
  window, with the red light line across it. Drawn in code, so it follows the palette.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui import ASSETS_DIR
from kiosk.ui.i18n import LANGUAGES, Translator
from kiosk.ui.widgets.buttons import BigButton

__all__ = ["LANGUAGE_NAMES", "LanguageButton", "ProductPicture", "ScanPicture", "image_path"]

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
"""Each language's name in that language (never translated: it is how a shopper finds it)."""


def image_path(image: str | None) -> Path | None:
    """The file of a catalog image (relative to ``assets/``), or None if there is none."""
    if not image:
        return None
    path = (ASSETS_DIR / image).resolve()
    if ASSETS_DIR.resolve() not in path.parents or not path.is_file():
        return None
    return path


class LanguageButton(BigButton):
    """Switches between the kiosk's languages (see the module docstring)."""

    def __init__(self, translator: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.setObjectName("language_button")
        self.translator = translator
        self.clicked.connect(self.switch)
        translator.language_changed.connect(self._show)
        self._show()

    @property
    def other_language(self) -> str:
        current = self.translator.language or LANGUAGES[0]
        others = [language for language in LANGUAGES if language != current]
        return others[0] if others else current

    def switch(self) -> None:
        self.translator.set_language(self.other_language)

    def _show(self, *_: object) -> None:
        self.setText(LANGUAGE_NAMES[self.other_language])


class ProductPicture(QWidget):
    """A product's picture in a square of ``side`` pixels (see the module docstring)."""

    _cache: ClassVar[dict[Path, QSvgRenderer]] = {}

    def __init__(self, side: int = 160, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._side = side
        self._renderer: QSvgRenderer | None = None
        self.image: str | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_side(self, side: int) -> None:
        self._side = side
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self._side, self._side)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def set_image(self, image: str | None) -> None:
        if image == self.image:
            return
        self.image = image
        path = image_path(image)
        renderer = None
        if path is not None:
            renderer = self._cache.get(path)
            if renderer is None:
                renderer = QSvgRenderer(str(path))
                if renderer.isValid():
                    self._cache[path] = renderer
                else:
                    renderer = None
        self._renderer = renderer
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._renderer is None:
            return
        painter = QPainter(self)
        side = min(self.width(), self.height())
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        self._renderer.render(painter, box)
        painter.end()


class ScanPicture(QWidget):
    """How to scan, drawn in code (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scan_picture")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(360, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 170)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().color(self.foregroundRole())
        w, h = self.width(), self.height()
        s = min(w / 360, h / 260)
        painter.translate((w - 360 * s) / 2, (h - 260 * s) / 2)
        painter.scale(s, s)
        # the scanner's glass window at the bottom
        painter.setPen(QPen(ink, 6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(40, 200, 280, 40), 12, 12)
        # the product: a box with its barcode facing the window
        painter.drawRoundedRect(QRectF(110, 40, 140, 110), 10, 10)
        painter.setPen(QPen(ink, 1))
        painter.setBrush(ink)
        x = 128.0
        for index, width in enumerate((4, 2, 6, 2, 3, 5, 2, 4, 2, 6, 3, 2, 4, 3)):
            if index % 2 == 0:
                painter.drawRect(QRectF(x, 112, width, 34))
            x += width + 2
        # the red light line from the window to the barcode
        red = QColor("#D32F2F")
        painter.setPen(QPen(red, 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(180, 196), QPointF(180, 156))
        painter.drawLine(QPointF(116, 160), QPointF(244, 160))
        painter.end()
