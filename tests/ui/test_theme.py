"""The palette, the sizes, the style sheet and the bundled font."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontInfo, QRawFont
from PySide6.QtWidgets import QLabel

from kiosk.ui import ASSETS_DIR
from kiosk.ui.theme import (
    FONT_FAMILY,
    HIGH_CONTRAST,
    NON_TEXT_RATIO,
    NORMAL,
    SCREEN_SIZES,
    TEMPLATE_PATH,
    Contrast,
    Palette,
    contrast_ratio,
    load_fonts,
    metrics_for,
    render_stylesheet,
    required_ratio,
    set_state,
    stylesheet_pairs,
)

ROOT = Path(__file__).resolve().parents[2]


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#FFFFFF", "#767676") == contrast_ratio("#767676", "#FFFFFF")
    with pytest.raises(ValueError, match="RRGGBB"):
        contrast_ratio("red", "#FFFFFF")


@pytest.mark.parametrize("palette", [NORMAL, HIGH_CONTRAST], ids=["normal", "high"])
def test_every_text_pair_of_the_palette_is_readable(palette: Palette) -> None:
    need = required_ratio(palette.contrast)
    weak = {
        name: round(contrast_ratio(fg, bg), 2)
        for name, (fg, bg) in palette.pairs().items()
        if contrast_ratio(fg, bg) < need
    }
    assert not weak, f"below {need}:1: {weak}"
    assert {"surface", "go", "waiting", "error", "help", "disabled"} <= palette.pairs().keys()
    outlines = {
        name: round(contrast_ratio(fg, bg), 2)
        for name, (fg, bg) in palette.non_text_pairs().items()
        if contrast_ratio(fg, bg) < NON_TEXT_RATIO
    }
    assert not outlines


@pytest.mark.parametrize("palette", [NORMAL, HIGH_CONTRAST], ids=["normal", "high"])
@pytest.mark.parametrize("large", [False, True], ids=["normal-text", "large-text"])
def test_every_rule_of_the_style_sheet_names_a_readable_pair(palette: Palette, large) -> None:
    sheet = render_stylesheet(palette, metrics_for(1920, 1080, large_text=large))
    assert "${" not in sheet.split("*/", 1)[1]  # every placeholder filled (after the header)
    rules = stylesheet_pairs(sheet)
    assert len(rules) >= 20
    need = required_ratio(palette.contrast)
    for selector, colour, background in rules:
        assert colour and background, f"{selector} sets one colour without the other"
        ratio = contrast_ratio(colour, background)
        assert ratio >= need, f"{selector}: {colour} on {background} is {ratio:.2f}:1"


def test_the_colours_mean_the_same_in_both_palettes() -> None:
    """Green, amber, red and the accent stay recognisable hues in high contrast."""
    for palette in (NORMAL, HIGH_CONTRAST):
        r, g, b = (int(palette.go_bg[i : i + 2], 16) for i in (1, 3, 5))
        assert g > r and g > b
        r, g, b = (int(palette.error_bg[i : i + 2], 16) for i in (1, 3, 5))
        assert r > g and r > b
        r, g, b = (int(palette.waiting_bg[i : i + 2], 16) for i in (1, 3, 5))
        assert r > b and g > b
        r, g, b = (int(palette.help_bg[i : i + 2], 16) for i in (1, 3, 5))
        assert b > r


def test_a_template_placeholder_without_a_value_is_named() -> None:
    with pytest.raises(KeyError, match="no_such_colour"):
        render_stylesheet(
            NORMAL, metrics_for(1920, 1080), template="QLabel { color: ${no_such_colour}; }"
        )


def test_sizes_follow_the_guide() -> None:
    full = metrics_for(1920, 1080)
    assert (full.body_px, full.touch_px) == (24, 90)
    assert full.total_px >= 48 and full.gap_px >= 12
    small = metrics_for(1280, 800)
    assert small.body_px >= 20 and small.total_px >= 48 and small.touch_px >= 72
    assert small.body_px < full.body_px
    large = metrics_for(1920, 1080, large_text=True)
    assert large.body_px >= 32 and large.min_text_px > full.body_px - 1
    assert large.total_px > full.total_px and large.touch_px >= full.touch_px
    assert [metrics_for(*size).width for size in SCREEN_SIZES] == [1920, 1280]
    with pytest.raises(ValueError, match="pixels"):
        metrics_for(0, 800)


def test_the_bundled_font_loads_and_covers_dutch_and_the_euro(qapp) -> None:
    assert (ASSETS_DIR / "fonts" / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE") == 1
    assert load_fonts() == FONT_FAMILY
    font = QFont(FONT_FAMILY)
    font.setPixelSize(24)
    assert QFontInfo(font).family() == FONT_FAMILY
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        raw = QRawFont(str(ASSETS_DIR / "fonts" / name), 24)
        assert raw.isValid() and raw.familyName() == FONT_FAMILY
        missing = [c for c in "ĳĲëéèïöüç€" if not raw.supportsCharacter(ord(c))]
        assert not missing, f"{name} lacks {missing}"
        assert not raw.supportsCharacter(0x4E00)  # the check can fail: no CJK in Noto Sans


def test_applying_the_theme_sets_fonts_and_sizes_on_widgets(qtbot, theme) -> None:
    label = QLabel("Totaal")
    qtbot.addWidget(label)
    label.ensurePolished()
    assert QFontInfo(label.font()).family() == FONT_FAMILY
    assert QFontInfo(label.font()).pixelSize() == 24
    set_state(label, "textRole", "caption")
    assert QFontInfo(label.font()).pixelSize() == theme.metrics.small_px
    changes = []
    theme.changed.connect(changes.append)
    metrics = theme.apply(contrast=Contrast.HIGH, large_text=True, screen_size=(1280, 800))
    assert changes == [metrics] and theme.palette is HIGH_CONTRAST
    assert QFontInfo(label.font()).pixelSize() == metrics.small_px
    assert HIGH_CONTRAST.surface_bg in theme.stylesheet


def test_only_the_theme_module_sets_style_sheets() -> None:
    """Widgets show state through properties; one module owns the looks."""
    offenders = []
    for path in sorted((ROOT / "kiosk").rglob("*.py")):
        if path == ROOT / "kiosk" / "ui" / "theme.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "setStyleSheet"
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders
    assert TEMPLATE_PATH.is_file()
