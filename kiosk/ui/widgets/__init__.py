"""The base widgets every kiosk screen is built from (see ``docs/ui.md``)."""

from __future__ import annotations

from kiosk.ui.widgets.banner import Banner, Toast
from kiosk.ui.widgets.buttons import ROLES, BigButton, HelpButton
from kiosk.ui.widgets.gallery import WidgetGallery
from kiosk.ui.widgets.icons import IconName, icon, pixmap
from kiosk.ui.widgets.keypad import Keypad
from kiosk.ui.widgets.screen import KioskScreen
from kiosk.ui.widgets.total import TotalPanel

__all__ = [
    "ROLES",
    "Banner",
    "BigButton",
    "HelpButton",
    "IconName",
    "Keypad",
    "KioskScreen",
    "Toast",
    "TotalPanel",
    "WidgetGallery",
    "icon",
    "pixmap",
]
