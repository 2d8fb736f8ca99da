"""The console's looks: the kiosk's palette, the console's own sizes, one style sheet.

The console sits at the service desk: a desktop screen or a touch screen at arm's
length, 1920x1080 or 1280x800. It uses the kiosk's colours with their meanings (green =
going well, amber = somebody waits, red = something is wrong, grey = offline; the blue
accent marks the console's main action) and the kiosk's bundled font, so a lane and the
console look like one product. Sizes are smaller than at a lane (the attendant reads at
a desk, and sees many lanes at once) but targets stay large: at least 44 px (56 px at 1080p).

The style sheet is ``assets/theme/attendant.qss``, filled from the palette and
:class:`ConsoleMetrics`; only :class:`ConsoleTheme` calls ``setStyleSheet``. Widgets show
state through dynamic properties (``tone``, ``role``, ``textRole``) set with
:func:`kiosk.ui.theme.set_state`.
"""

from __future__ import annotations

import dataclasses
import logging
import string
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from kiosk.ui import ASSETS_DIR
from kiosk.ui.theme import NORMAL, Palette, load_fonts

__all__ = [
    "CONSOLE_SCREENS",
    "EXTRA_COLOURS",
    "TEMPLATE_PATH",
    "ConsoleMetrics",
    "ConsoleTheme",
    "console_metrics",
    "current_console_metrics",
    "render_console_stylesheet",
]

log = logging.getLogger("attendant.ui.theme")

TEMPLATE_PATH = ASSETS_DIR / "theme" / "attendant.qss"
CONSOLE_SCREENS: tuple[tuple[int, int], ...] = ((1920, 1080), (1280, 800))
"""The screens the console must fit (width, height)."""

EXTRA_COLOURS: dict[str, str] = {
    # a darker amber for the edge of a waiting card: 3:1 against white, which the
    # chip's amber (it carries dark text) is not
    "waiting_edge": "#8A5A00",
    "offline_chip_fg": "#FFFFFF",
    "offline_chip_bg": "#4F5964",
}
"""Colours the console adds to the kiosk's palette."""


@dataclass(frozen=True, slots=True)
class ConsoleMetrics:
    """Sizes in pixels for one console screen."""

    width: int
    height: int
    body_px: int
    small_px: int
    title_px: int
    big_px: int
    touch_px: int
    """The smallest side of a button."""
    field_px: int
    gap_px: int
    pad_px: int
    chip_pad_px: int
    radius_px: int
    border_px: int
    tile_width_px: int
    """A lane tile's width in the grid."""

    def values(self) -> dict[str, int]:
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name.endswith("_px")
        }


def console_metrics(width: int, height: int) -> ConsoleMetrics:
    """The sizes for a ``width`` x ``height`` screen (1080p, or smaller below 1000 px high)."""
    if width <= 0 or height <= 0:
        raise ValueError(f"a screen is at least 1x1 pixels, not {width}x{height}")
    small = height < 1000 or width < 1600
    return ConsoleMetrics(
        width=width,
        height=height,
        body_px=16 if small else 18,
        small_px=14 if small else 15,
        title_px=20 if small else 24,
        big_px=24 if small else 30,
        touch_px=44 if small else 56,
        field_px=38 if small else 46,
        gap_px=8 if small else 12,
        pad_px=12 if small else 16,
        chip_pad_px=3 if small else 4,
        radius_px=8,
        border_px=2,
        tile_width_px=250 if small else 300,
    )


def render_console_stylesheet(
    palette: Palette, metrics: ConsoleMetrics, *, font_family: str, template: str | None = None
) -> str:
    """The template filled in; a placeholder without a value raises ``KeyError``."""
    text = TEMPLATE_PATH.read_text(encoding="utf-8") if template is None else template
    values: dict[str, Any] = {
        **palette.values(),
        **EXTRA_COLOURS,
        **metrics.values(),
        "font_family": font_family,
    }
    return string.Template(text).substitute(values)


_current: ConsoleMetrics | None = None


def current_console_metrics() -> ConsoleMetrics:
    """The metrics of the console theme applied last (1080p before any): for the sizes a
    style sheet cannot set (layout spacing, button heights, icon sizes)."""
    return _current if _current is not None else console_metrics(*CONSOLE_SCREENS[0])


class ConsoleTheme(QObject):
    """The console's style sheet on the application; ``apply()`` again for another screen."""

    changed = Signal(object)

    def __init__(
        self,
        app: QApplication,
        *,
        screen_size: tuple[int, int] = CONSOLE_SCREENS[0],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self.family = load_fonts()
        self.palette = NORMAL
        self.screen_size = screen_size
        self.metrics = console_metrics(*screen_size)
        self.stylesheet = ""

    def apply(self, *, screen_size: tuple[int, int] | None = None) -> ConsoleMetrics:
        global _current
        if screen_size is not None:
            self.screen_size = screen_size
        self.metrics = console_metrics(*self.screen_size)
        self.stylesheet = render_console_stylesheet(
            self.palette, self.metrics, font_family=self.family
        )
        _current = self.metrics
        font = QFont(self.family)
        font.setPixelSize(self.metrics.body_px)
        self._app.setFont(font)
        self._app.setStyleSheet(self.stylesheet)
        log.info("console theme: %dx%d", *self.screen_size)
        self.changed.emit(self.metrics)
        return self.metrics

    def clear(self) -> None:
        """Remove the style sheet (tests; a console keeps its theme for its life)."""
        global _current
        _current = None
        self._app.setStyleSheet("")
