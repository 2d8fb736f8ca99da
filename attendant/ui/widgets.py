"""The console's small building blocks: buttons, status chips, cards and a keypad.

Colour never carries meaning alone: a :class:`Chip` draws an icon (the kiosk's
:mod:`kiosk.ui.widgets.icons`) before its word, and its ``tone`` (go / waiting / error /
offline / idle) picks the colour in the style sheet. A :class:`Button` is never lower
than the theme's touch size and never narrower than its words.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from attendant.ui.theme import current_console_metrics
from kiosk.ui.theme import set_state
from kiosk.ui.widgets.icons import IconName, pixmap

__all__ = ["TONES", "Button", "Card", "Chip", "PinPad", "label", "set_tone"]

TONES = ("go", "waiting", "error", "offline", "idle")
TONE_ICONS: dict[str, IconName] = {
    "go": IconName.SUCCESS,
    "waiting": IconName.WAITING,
    "error": IconName.ERROR,
    "offline": IconName.INFO,
    "idle": IconName.INFO,
    "help": IconName.HELP,
}


def set_tone(widget: QWidget, tone: str | None) -> None:
    set_state(widget, "tone", tone)


def label(
    text: str = "",
    *,
    role: str | None = None,
    name: str | None = None,
    wrap: bool = False,
    parent: QWidget | None = None,
) -> QLabel:
    """A plain-text label with a ``textRole`` (title / big / caption) and object name."""
    widget = QLabel(text, parent)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role is not None:
        set_state(widget, "textRole", role)
    if name is not None:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    return widget


class Button(QPushButton):
    """A console button: ``role`` None, "primary" (blue), "go", "danger" or "nav"."""

    def __init__(
        self,
        text: str = "",
        *,
        role: str | None = None,
        name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(text, parent)
        if name is not None:
            self.setObjectName(name)
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        set_state(self, "role", role)

    def set_role(self, role: str | None) -> None:
        set_state(self, "role", role)

    def sizeHint(self) -> QSize:
        side = current_console_metrics().touch_px
        return super().sizeHint().expandedTo(QSize(side, side))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class Chip(QLabel):
    """A status: an icon and a word on the tone's colour."""

    def __init__(self, parent: QWidget | None = None, *, name: str | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        set_state(self, "textRole", "chip")
        if name is not None:
            self.setObjectName(name)
        self._icon: IconName | None = None
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    @property
    def tone(self) -> str | None:
        return self.property("tone")

    def show_status(self, tone: str, text: str, icon: IconName | str | None = None) -> None:
        self._icon = IconName(icon) if icon is not None else TONE_ICONS.get(tone)
        set_tone(self, tone)
        side = self._icon_side()
        self.setContentsMargins(side + side // 3 if self._icon else 0, 0, 0, 0)
        self.setText(text)

    def _icon_side(self) -> int:
        return round(self.fontMetrics().height() * 0.95)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._icon is None:
            return
        side = self._icon_side()
        rect = self.contentsRect()
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        painter = QPainter(self)
        try:
            y = rect.top() + (rect.height() - side) // 2
            x = rect.left() - side - side // 3
            painter.drawPixmap(x, y, pixmap(self._icon, side, colour))
        finally:
            painter.end()


class Card(QFrame):
    """A white panel with a border; ``tone`` colours its edge (offline: all grey)."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None, *, name: str | None = None) -> None:
        super().__init__(parent)
        set_state(self, "card", True)
        if name is not None:
            self.setObjectName(name)

    def set_tone(self, tone: str | None) -> None:
        if self.property("tone") == tone:
            return  # a tile repainted every second must not re-polish all its labels
        set_tone(self, tone)
        for child in self.findChildren(QLabel):
            if not isinstance(child, Chip):
                child.style().unpolish(child)
                child.style().polish(child)

    def mouseReleaseEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class PinPad(QWidget):
    """Digit keys, Delete and OK under a masked PIN field; a keyboard works as well.

    Object names: ``pin_key_0``..``pin_key_9``, ``pin_delete_button``, ``pin_ok_button``.
    :attr:`submitted` is emitted on OK or Enter with nothing (read the field).
    """

    submitted = Signal()

    def __init__(self, field: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        grid = QGridLayout()
        metrics = current_console_metrics()
        grid.setSpacing(metrics.gap_px)
        self.keys: dict[str, Button] = {}
        for index, digit in enumerate("123456789"):
            grid.addWidget(self._key(digit), index // 3, index % 3)
        self.delete_button = Button(name="pin_delete_button", parent=self)
        self.delete_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.delete_button.clicked.connect(self.field.backspace)
        self.ok_button = Button(role="primary", name="pin_ok_button", parent=self)
        self.ok_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ok_button.clicked.connect(self.submitted)
        grid.addWidget(self.delete_button, 3, 0)
        grid.addWidget(self._key("0"), 3, 1)
        grid.addWidget(self.ok_button, 3, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        self.retranslate()

    def _key(self, digit: str) -> Button:
        key = Button(digit, name=f"pin_key_{digit}", parent=self)
        set_state(key, "role", "key")
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        key.clicked.connect(lambda: self.press(digit))
        self.keys[digit] = key
        return key

    def press(self, digit: str) -> None:
        if len(self.field.text()) < self.field.maxLength():
            self.field.insert(digit)

    def retranslate(self) -> None:
        self.delete_button.setText(self.tr("Delete"))
        self.ok_button.setText(self.tr("Log in"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
        else:
            super().keyPressEvent(event)
