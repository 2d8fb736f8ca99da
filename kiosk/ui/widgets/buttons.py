"""Buttons a shopper taps: at least a touch target big, bold words, an icon beside them.

:class:`BigButton` takes its (already translated) text and a ``role`` that the theme
colours: ``None`` (an ordinary button), ``"primary"`` (green: the one main action of a
screen, such as Pay), ``"danger"`` (red: remove, cancel payment) or ``"key"`` (a keypad
key). :class:`HelpButton` is the one blue button, in the same corner of every screen; it
translates itself.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from kiosk.ui.theme import current_metrics, set_state
from kiosk.ui.widgets.icons import IconName, pixmap

__all__ = ["ROLES", "BigButton", "HelpButton"]

ROLES = (None, "primary", "danger", "help", "key")


class BigButton(QPushButton):
    """A touch button; see the module docstring. ``icon_name`` is an :class:`IconName`."""

    def __init__(
        self,
        text: str = "",
        *,
        role: str | None = None,
        icon_name: IconName | str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(text, parent)
        if role not in ROLES:
            raise ValueError(f"a button role is one of {ROLES}, not {role!r}")
        self._icon_name = None if icon_name is None else IconName(icon_name)
        # Never narrower than its words: a layout that cannot give the room makes the
        # screen too big, which the screen contract reports, instead of clipping text.
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        set_state(self, "role", role)
        self._redraw_icon()

    def sizeHint(self) -> QSize:
        """What the words and icon need, and at least a touch target each way."""
        side = current_metrics().touch_px
        return super().sizeHint().expandedTo(QSize(side, side))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    @property
    def role(self) -> str | None:
        return self.property("role")

    def set_role(self, role: str | None) -> None:
        if role not in ROLES:
            raise ValueError(f"a button role is one of {ROLES}, not {role!r}")
        set_state(self, "role", role)
        self._redraw_icon()

    def _redraw_icon(self) -> None:
        if self._icon_name is None:
            return
        side = round(self.fontMetrics().height() * 1.15)
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        # The picture is drawn at twice the size for sharpness, with room on its right
        # so the words do not touch it (a style sheet cannot set that spacing).
        gap = max(4, side // 3)
        image = QPixmap((side + gap) * 2, side * 2)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.drawPixmap(0, 0, pixmap(self._icon_name, side * 2, colour))
        painter.end()
        self.setIconSize(QSize(side + gap, side))
        self.setIcon(QIcon(image))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (
            QEvent.Type.StyleChange,
            QEvent.Type.FontChange,
            QEvent.Type.PaletteChange,
        ):
            self._redraw_icon()
            self.updateGeometry()


class HelpButton(BigButton):
    """The Help button: accent colour, question-mark icon, the word "Help"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(role="help", icon_name=IconName.HELP, parent=parent)
        self.setObjectName("help_button")
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Help"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
