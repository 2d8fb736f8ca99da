"""A number pad for typing a barcode or a PLU code: big keys, the digits shown above them.

Keys ``0``-``9``, **Delete** (removes the last digit) and **OK** (green; enabled once a
digit is typed). A hardware keyboard works too (digits, Backspace, Enter). Signals:
:attr:`Keypad.changed` with the digits so far, :attr:`Keypad.submitted` with the digits
on OK (the keypad then clears). Object names are a public contract for the scenario
runner: ``keypad_key_0``-``keypad_key_9``, ``keypad_delete_button``, ``keypad_ok_button``,
``keypadDisplay``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.theme import current_metrics
from kiosk.ui.widgets.buttons import BigButton
from kiosk.ui.widgets.icons import IconName

__all__ = ["Keypad"]

_DIGITS = "0123456789"


class Keypad(QWidget):
    changed = Signal(str)
    submitted = Signal(str)

    def __init__(self, *, max_length: int = 14, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if max_length < 1:
            raise ValueError(f"a keypad takes at least one digit, not {max_length}")
        self.max_length = max_length
        self._value = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.display = QLabel(self)
        self.display.setObjectName("keypadDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.display.setTextFormat(Qt.TextFormat.PlainText)
        self.keys: dict[str, BigButton] = {}
        grid = QGridLayout()
        for index, digit in enumerate("123456789"):
            grid.addWidget(self._key(digit), index // 3, index % 3)
        self.delete = BigButton(icon_name=IconName.BACKSPACE, parent=self)
        self.delete.setObjectName("keypad_delete_button")
        self.delete.clicked.connect(self.backspace)
        self.ok = BigButton(role="primary", parent=self)
        self.ok.setObjectName("keypad_ok_button")
        self.ok.clicked.connect(self.submit)
        grid.addWidget(self.delete, 3, 0)
        grid.addWidget(self._key("0"), 3, 1)
        grid.addWidget(self.ok, 3, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.display)
        layout.addLayout(grid)
        self._grid = grid
        self._apply_metrics()
        self._show()
        self.retranslate()

    def _key(self, digit: str) -> BigButton:
        key = BigButton(digit, role="key", parent=self)
        key.setObjectName(f"keypad_key_{digit}")
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        key.clicked.connect(lambda: self.press(digit))
        self.keys[digit] = key
        return key

    @property
    def value(self) -> str:
        return self._value

    def press(self, digit: str) -> None:
        if digit not in _DIGITS or len(digit) != 1:
            raise ValueError(f"a keypad key is one digit, not {digit!r}")
        if len(self._value) >= self.max_length:
            return
        self._value += digit
        self._show()

    def backspace(self) -> None:
        if self._value:
            self._value = self._value[:-1]
            self._show()

    def clear(self) -> None:
        if self._value:
            self._value = ""
            self._show()

    def submit(self) -> None:
        if not self._value:
            return
        value = self._value
        self.clear()
        self.submitted.emit(value)

    def _show(self) -> None:
        self.display.setText(self._value)
        self.ok.setEnabled(bool(self._value))
        full = len(self._value) >= self.max_length
        for key in self.keys.values():
            key.setEnabled(not full)
        self.changed.emit(self._value)

    def retranslate(self) -> None:
        self.delete.setText(self.tr("Delete"))
        self.ok.setText(self.tr("OK"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text in _DIGITS:
            self.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        else:
            super().keyPressEvent(event)

    def _apply_metrics(self) -> None:
        if getattr(self, "_grid", None) is None:
            return
        metrics = current_metrics()
        self._grid.setSpacing(metrics.gap_px)
        self.layout().setSpacing(metrics.gap_px)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.StyleChange:
            self._apply_metrics()
        super().changeEvent(event)
