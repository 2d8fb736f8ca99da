"""A message on screen: what happened, what happens now, what you can do.

:class:`Banner` shows a :class:`kiosk.ui.messages.Message` (key and parameters) in three
word-wrapped lines, coloured by its severity (the ``severity`` property the theme selects
on: info, success, waiting, error) and with an icon for it, so colour never carries the
meaning alone. It keeps the message, not the words, and finds the words again when the
language changes. :class:`Toast` is a banner that hides itself after a while (its
:attr:`Toast.timer` is a single-shot ``QTimer``; tests fire it instead of waiting).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.messages import MESSAGES, Message, MessageRegistry, MessageText, Severity
from kiosk.ui.theme import current_metrics, set_state
from kiosk.ui.widgets.icons import IconName, pixmap

__all__ = ["Banner", "Toast"]

_ICONS = {
    Severity.INFO: IconName.INFO,
    Severity.SUCCESS: IconName.SUCCESS,
    Severity.WAITING: IconName.WAITING,
    Severity.ERROR: IconName.ERROR,
}


class Banner(QFrame):
    """A message in words and colour; see the module docstring."""

    def __init__(self, registry: MessageRegistry = MESSAGES, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.registry = registry
        self._message: Message | None = None
        self.text: MessageText | None = None
        self.icon = QLabel(self)
        self.icon.setObjectName("banner_icon")
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.title = QLabel(self)
        self.title.setObjectName("banner_title")
        set_state(self.title, "textRole", "title")
        self.body = QLabel(self)
        self.body.setObjectName("banner_body")
        self.action = QLabel(self)
        self.action.setObjectName("banner_action")
        words = QVBoxLayout()
        for label in (self.title, self.body, self.action):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            words.addWidget(label)
        layout = QHBoxLayout(self)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(words, 1)
        set_state(self, "severity", Severity.INFO.value)
        self._apply_metrics()
        self.hide()

    @property
    def message(self) -> Message | None:
        return self._message

    @property
    def severity(self) -> Severity:
        return Severity(self.property("severity"))

    def show_message(self, message: Message) -> None:
        """Show ``message`` (raises :class:`kiosk.ui.messages.MessageError` if it is wrong)."""
        self.registry.text(message)
        self._message = message
        self.retranslate()
        self.show()

    def clear(self) -> None:
        self._message = None
        self.text = None
        self.hide()

    def retranslate(self) -> None:
        if self._message is None:
            return
        text = self.registry.text(self._message)
        self.text = text
        set_state(self, "severity", text.severity.value)
        for label in (self, self.title, self.body, self.action, self.icon):
            label.style().unpolish(label)
            label.style().polish(label)
        self.title.setText(text.title)
        self.body.setText(text.body)
        self.body.setVisible(bool(text.body))
        self.action.setText(text.action)
        self.action.setVisible(bool(text.action))
        self._redraw_icon()

    def _redraw_icon(self) -> None:
        severity = self.severity
        side = round(self.title.fontMetrics().height() * 1.2)
        colour = self.title.palette().color(QPalette.ColorRole.WindowText)
        image = pixmap(_ICONS[severity], side * 2, colour)
        image.setDevicePixelRatio(2.0)
        self.icon.setPixmap(image)
        self.icon.setFixedWidth(side)

    def _apply_metrics(self) -> None:
        if self.layout() is None:
            return
        metrics = current_metrics()
        pad = metrics.padding_px
        self.layout().setContentsMargins(pad, pad // 2, pad, pad // 2)
        self.layout().setSpacing(metrics.gap_px)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.StyleChange:
            self._apply_metrics()
            if self._message is not None:
                self._redraw_icon()
        super().changeEvent(event)


class Toast(Banner):
    """A banner that hides itself ``timeout_ms`` after it was shown."""

    def __init__(
        self,
        registry: MessageRegistry = MESSAGES,
        *,
        timeout_ms: int = 4000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(registry, parent)
        self.setObjectName("banner")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self.clear)

    def show_message(self, message: Message) -> None:
        super().show_message(message)
        self.timer.start()

    def clear(self) -> None:
        self.timer.stop()
        super().clear()
