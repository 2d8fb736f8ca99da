"""The base class of every kiosk screen: it knows how to put its words in the language shown.

A screen builds its widgets in ``__init__`` without text, then calls
:meth:`KioskScreen.retranslate`, which sets every text with ``self.tr()``. Qt sends a
``LanguageChange`` event to every widget when :class:`kiosk.ui.i18n.Translator` switches
language; the screen answers it by running ``retranslate()`` again. So a screen never
keeps translated text anywhere else, and switching language at any moment is safe.

Widgets stay thin: a screen shows what the core's state says and forwards taps; it holds
no business rules. ``tests/ui/screen_contract.py`` checks every screen the same way (both
languages, large text, both screen sizes: nothing clipped, targets big enough).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

__all__ = ["KioskScreen"]


class KioskScreen(QWidget):
    """A full-screen page of the kiosk; override :meth:`retranslate`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.retranslations = 0
        """How often :meth:`retranslate` ran because the language changed (for tests)."""

    def retranslate(self) -> None:
        """Set every user-facing text of the screen with ``self.tr()``."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslations += 1
            self.retranslate()
        super().changeEvent(event)
