"""What every screen is given besides the lane: the theme, the translator, the message and
sound bridges. One object, so a screen's constructor stays
``Screen(lane, ui, parent=None)`` and tests build it the same way."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.ui.i18n import Translator
from kiosk.ui.messages import MessageBridge
from kiosk.ui.sound import SoundBridge
from kiosk.ui.theme import Theme

__all__ = ["UiServices"]


@dataclass(frozen=True)
class UiServices:
    theme: Theme
    translator: Translator
    messages: MessageBridge
    sound: SoundBridge
