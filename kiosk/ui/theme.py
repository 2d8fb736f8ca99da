"""The kiosk's looks: one palette, the sizes, the bundled font, and the style sheet.

Colour has a meaning on a lane (``docs/ui.md``): **green** = go on / success, **amber** =
waiting for someone, **red** = something went wrong, and one **accent** (blue) only for
Help. A :class:`Palette` holds *pairs*: every text colour is named together with the
background it is drawn on (``go`` = white on green), so the contrast of every pair can be
computed (:func:`contrast_ratio`, WCAG 2.x): at least 4.5:1 in the normal palette, 7:1 in
the high-contrast one. Borders and the focus ring are checked at 3:1 (WCAG non-text).

:class:`Metrics` are the sizes in pixels for one screen: body text about 24 px and totals
48 px at 1080p, touch targets about 90 px (15 mm on a 21.5" 1080p screen) with space
between them; a 1280x800 lane shrinks them by 16% (its screen is smaller but the shopper
stands as close), and the large-text mode enlarges text by a third.

The style sheet is ``assets/theme/kiosk.qss``, a template whose ``${name}`` placeholders
are filled from the palette (``${go_fg}``, ``${go_bg}``...) and the metrics
(``${body_px}``...). Widgets never get their own style sheet: only :class:`Theme` calls
``setStyleSheet`` (on the application). A widget shows its state through a dynamic
property that the template selects on (``QFrame#banner[severity="error"]``); change it
with :func:`set_state`, which re-polishes the widget.

The font (Noto Sans, SIL Open Font License, ``assets/fonts``) is loaded by
:func:`load_fonts` so every lane and every screenshot looks the same whatever fonts the
machine has.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui import ASSETS_DIR

__all__ = [
    "FONT_DIR",
    "FONT_FAMILY",
    "HIGH_CONTRAST",
    "NORMAL",
    "SCREEN_SIZES",
    "TEMPLATE_PATH",
    "Contrast",
    "Metrics",
    "Palette",
    "Theme",
    "contrast_ratio",
    "current_metrics",
    "load_fonts",
    "metrics_for",
    "palette_for",
    "relative_luminance",
    "render_stylesheet",
    "required_ratio",
    "set_state",
    "stylesheet_pairs",
]

log = logging.getLogger("kiosk.ui.theme")

TEMPLATE_PATH = ASSETS_DIR / "theme" / "kiosk.qss"
FONT_DIR = ASSETS_DIR / "fonts"
FONT_FAMILY = "Noto Sans"
FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")

SCREEN_SIZES: tuple[tuple[int, int], ...] = ((1920, 1080), (1280, 800))
"""The lane screens the kiosk is made for (width, height)."""


class Contrast(enum.StrEnum):
    NORMAL = "normal"
    HIGH = "high"


def required_ratio(contrast: Contrast) -> float:
    """The contrast every text pair must reach: WCAG AA 4.5:1, or 7:1 (AAA) in high contrast."""
    return 7.0 if Contrast(contrast) is Contrast.HIGH else 4.5


NON_TEXT_RATIO = 3.0
"""WCAG 1.4.11: borders and focus rings against what they sit on."""


# -- colours ---------------------------------------------------------------------------

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of ``#RRGGBB``."""
    if not _HEX.match(colour):
        raise ValueError(f"a colour is #RRGGBB, not {colour!r}")

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours, from 1.0 to 21.0."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


@dataclass(frozen=True, slots=True)
class Palette:
    """Text/background pairs (``*_fg`` on ``*_bg``) and the non-text colours.

    Pairs: ``surface`` (the screen), ``muted`` (secondary text on the screen), ``panel``
    (cards: the cart, the total), ``panel_muted``, ``button`` (an ordinary button),
    ``button_pressed``, ``disabled``, ``go`` (green: the one primary action, success),
    ``go_pressed``, ``waiting`` (amber: waiting for a staff member), ``error`` (red),
    ``error_pressed``, ``help`` (the accent, only for Help) and ``help_pressed``.
    """

    contrast: Contrast
    surface_fg: str
    surface_bg: str
    muted_fg: str
    panel_fg: str
    panel_bg: str
    panel_muted_fg: str
    button_fg: str
    button_bg: str
    button_pressed_fg: str
    button_pressed_bg: str
    disabled_fg: str
    disabled_bg: str
    go_fg: str
    go_bg: str
    go_pressed_fg: str
    go_pressed_bg: str
    waiting_fg: str
    waiting_bg: str
    error_fg: str
    error_bg: str
    error_pressed_fg: str
    error_pressed_bg: str
    help_fg: str
    help_bg: str
    help_pressed_fg: str
    help_pressed_bg: str
    border: str
    """Outline of buttons and panels (against the screen and the panel)."""
    focus: str
    """The keyboard focus ring (against the screen)."""

    @property
    def muted_bg(self) -> str:
        return self.surface_bg

    @property
    def panel_muted_bg(self) -> str:
        return self.panel_bg

    def pairs(self) -> dict[str, tuple[str, str]]:
        """Every text pair: name -> (foreground, background)."""
        names = [f.name[:-3] for f in dataclasses.fields(self) if f.name.endswith("_fg")]
        return {name: (getattr(self, f"{name}_fg"), getattr(self, f"{name}_bg")) for name in names}

    def non_text_pairs(self) -> dict[str, tuple[str, str]]:
        """Outlines against what they sit on (checked at 3:1)."""
        return {
            "border on surface": (self.border, self.surface_bg),
            "border on panel": (self.border, self.panel_bg),
            "focus on surface": (self.focus, self.surface_bg),
        }

    def values(self) -> dict[str, str]:
        """Every colour by name, for the style sheet template."""
        values = {
            f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "contrast"
        }
        values["muted_bg"] = self.muted_bg
        values["panel_muted_bg"] = self.panel_muted_bg
        return values


NORMAL = Palette(
    contrast=Contrast.NORMAL,
    surface_fg="#16202A",
    surface_bg="#EEF1F4",
    muted_fg="#45505C",
    panel_fg="#16202A",
    panel_bg="#FFFFFF",
    panel_muted_fg="#45505C",
    button_fg="#16202A",
    button_bg="#FFFFFF",
    button_pressed_fg="#16202A",
    button_pressed_bg="#D5DBE1",
    disabled_fg="#4F5964",
    disabled_bg="#DDE2E7",
    go_fg="#FFFFFF",
    go_bg="#12703A",
    go_pressed_fg="#FFFFFF",
    go_pressed_bg="#0B5229",
    waiting_fg="#16202A",
    waiting_bg="#F6B82A",
    error_fg="#FFFFFF",
    error_bg="#B3261E",
    error_pressed_fg="#FFFFFF",
    error_pressed_bg="#8C1D18",
    help_fg="#FFFFFF",
    help_bg="#1F4FD1",
    help_pressed_fg="#FFFFFF",
    help_pressed_bg="#163A9C",
    border="#6B7682",
    focus="#1F4FD1",
)
"""The everyday palette: dark text on light grey, colours that mean something."""

HIGH_CONTRAST = Palette(
    contrast=Contrast.HIGH,
    surface_fg="#FFFFFF",
    surface_bg="#000000",
    muted_fg="#E6E6E6",
    panel_fg="#FFFFFF",
    panel_bg="#000000",
    panel_muted_fg="#E6E6E6",
    button_fg="#FFFFFF",
    button_bg="#000000",
    button_pressed_fg="#000000",
    button_pressed_bg="#FFFFFF",
    disabled_fg="#C8C8C8",
    disabled_bg="#1A1A1A",
    go_fg="#000000",
    go_bg="#5EE08A",
    go_pressed_fg="#000000",
    go_pressed_bg="#FFFFFF",
    waiting_fg="#000000",
    waiting_bg="#FFD21F",
    error_fg="#000000",
    error_bg="#FF8A80",
    error_pressed_fg="#000000",
    error_pressed_bg="#FFFFFF",
    help_fg="#000000",
    help_bg="#8CC8FF",
    help_pressed_fg="#000000",
    help_pressed_bg="#FFFFFF",
    border="#FFFFFF",
    focus="#FFD21F",
)
"""Black, white and bright colours with black text: 7:1 or more everywhere."""


def palette_for(contrast: Contrast | str) -> Palette:
    return HIGH_CONTRAST if Contrast(contrast) is Contrast.HIGH else NORMAL


# -- sizes -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Metrics:
    """Sizes in pixels for one screen and text mode."""

    width: int
    height: int
    large_text: bool
    body_px: int
    """Ordinary text: product names, messages."""
    small_px: int
    """The smallest text allowed anywhere (captions such as "incl. VAT")."""
    title_px: int
    total_px: int
    """The total to pay and the last scanned item's price."""
    touch_px: int
    """The smallest side of anything a shopper taps."""
    gap_px: int
    """The least space between two touch targets."""
    padding_px: int
    radius_px: int
    border_px: int

    @property
    def min_text_px(self) -> int:
        return self.small_px

    def values(self) -> dict[str, int]:
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name.endswith("_px")
        }


REFERENCE_HEIGHT = 1080
SMALLEST_SCALE = 0.84
"""How far sizes shrink on a smaller screen (1280x800 lanes: 0.84)."""
LARGE_TEXT = 4 / 3


def metrics_for(width: int, height: int, *, large_text: bool = False) -> Metrics:
    """The sizes for a ``width`` x ``height`` screen; see the module docstring."""
    if width <= 0 or height <= 0:
        raise ValueError(f"a screen is at least 1x1 pixels, not {width}x{height}")
    scale = max(SMALLEST_SCALE, min(width / 1920, height / REFERENCE_HEIGHT))
    text = scale * (LARGE_TEXT if large_text else 1.0)
    touch = scale * (1.1 if large_text else 1.0)
    return Metrics(
        width=width,
        height=height,
        large_text=large_text,
        body_px=round(24 * text),
        small_px=round(20 * text),
        title_px=round(34 * text),
        total_px=max(48, round(56 * scale * (1.2 if large_text else 1.0))),
        touch_px=round(90 * touch),
        gap_px=round(16 * scale),
        padding_px=round(24 * scale),
        radius_px=round(12 * scale),
        border_px=2 if scale < 1.2 else 3,
    )


# -- the style sheet -------------------------------------------------------------------


def render_stylesheet(
    palette: Palette,
    metrics: Metrics,
    *,
    font_family: str = FONT_FAMILY,
    template: str | None = None,
) -> str:
    """The template filled in; a placeholder without a value raises ``KeyError`` naming it."""
    text = TEMPLATE_PATH.read_text(encoding="utf-8") if template is None else template
    values: dict[str, Any] = {**palette.values(), **metrics.values(), "font_family": font_family}
    return string.Template(text).substitute(values)


_BLOCK = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def stylesheet_pairs(stylesheet: str) -> list[tuple[str, str | None, str | None]]:
    """``(selector, color, background-color)`` of every rule that sets either.

    The contrast test uses it to prove that every rule names both colours (no text
    falls back on a background nobody chose) and that every pair is readable.
    """
    found = []
    for selector, body in _BLOCK.findall(_COMMENT.sub("", stylesheet)):
        declarations: dict[str, str] = {}
        for part in body.split(";"):
            name, _, value = part.partition(":")
            if value:
                declarations[name.strip().lower()] = value.strip()
        color = declarations.get("color")
        background = declarations.get("background-color")
        if color is not None or background is not None:
            found.append((" ".join(selector.split()), color, background))
    return found


# -- the font --------------------------------------------------------------------------

_loaded_family: str | None = None


def load_fonts(directory: Path = FONT_DIR) -> str:
    """Register the bundled font files with Qt (once) and return the family name.

    Raises ``RuntimeError`` when a file is missing or Qt refuses it: a lane must not
    silently fall back on whatever font the machine has.
    """
    global _loaded_family
    if _loaded_family is not None:
        return _loaded_family
    families: set[str] = set()
    for name in FONT_FILES:
        path = directory / name
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise RuntimeError(f"cannot load the kiosk font {path}")
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    if FONT_FAMILY not in families:
        raise RuntimeError(f"{directory} holds {sorted(families)}, not {FONT_FAMILY!r}")
    _loaded_family = FONT_FAMILY
    log.info("loaded font %s from %s", FONT_FAMILY, directory)
    return FONT_FAMILY


# -- applying it -----------------------------------------------------------------------

_current: Metrics | None = None


def current_metrics() -> Metrics:
    """The metrics of the theme applied last (1080p normal text before any), for the
    sizes a style sheet cannot set: layout spacing and icon sizes."""
    return _current if _current is not None else metrics_for(*SCREEN_SIZES[0])


def set_state(widget: QWidget, name: str, value: str | bool | int | None) -> None:
    """Set dynamic property ``name`` (e.g. ``severity``) and re-polish so QSS follows it."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class Theme(QObject):
    """The application's look: contrast, text size and screen size -> one style sheet.

    ``apply()`` may be called again at any time (staff switch high contrast on); it emits
    :attr:`changed` with the new :class:`Metrics` after the style sheet is set.
    """

    changed = Signal(object)

    def __init__(
        self,
        app: QApplication,
        *,
        contrast: Contrast | str = Contrast.NORMAL,
        large_text: bool = False,
        screen_size: tuple[int, int] = SCREEN_SIZES[0],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._contrast = Contrast(contrast)
        self._large_text = large_text
        self._screen_size = screen_size
        self.family = load_fonts()
        self.palette = palette_for(self._contrast)
        self.metrics = metrics_for(*screen_size, large_text=large_text)
        self.stylesheet = ""

    @property
    def contrast(self) -> Contrast:
        return self._contrast

    @property
    def large_text(self) -> bool:
        return self._large_text

    @property
    def screen_size(self) -> tuple[int, int]:
        return self._screen_size

    def apply(
        self,
        *,
        contrast: Contrast | str | None = None,
        large_text: bool | None = None,
        screen_size: tuple[int, int] | None = None,
    ) -> Metrics:
        if contrast is not None:
            self._contrast = Contrast(contrast)
        if large_text is not None:
            self._large_text = large_text
        if screen_size is not None:
            self._screen_size = screen_size
        self.palette = palette_for(self._contrast)
        self.metrics = metrics_for(*self._screen_size, large_text=self._large_text)
        self.stylesheet = render_stylesheet(self.palette, self.metrics, font_family=self.family)
        global _current
        _current = self.metrics
        font = QFont(self.family)
        font.setPixelSize(self.metrics.body_px)
        self._app.setFont(font)
        self._app.setStyleSheet(self.stylesheet)
        log.info(
            "theme: %s contrast, %s text, %dx%d",
            self._contrast,
            "large" if self._large_text else "normal",
            *self._screen_size,
        )
        self.changed.emit(self.metrics)
        return self.metrics

    def clear(self) -> None:
        """Remove the style sheet again (tests; a kiosk keeps its theme for its life)."""
        global _current
        _current = None
        self._app.setStyleSheet("")
