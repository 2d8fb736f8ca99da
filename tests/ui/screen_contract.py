"""The contract every kiosk screen keeps, as a reusable check (after Orange's widget tests).

For any screen (a factory that builds it), :func:`screen_problems` tries every
combination of language (nl, en), text size (normal, large) and lane screen (1920x1080,
1280x800) and reports, in words a developer can act on:

* the screen does not fit (its minimum size is larger than the screen);
* a label or button whose text is clipped: a one-line text wider or taller than the
  widget, a word-wrapped label that needs more height than it got;
* text smaller than the theme's smallest size, or a widget reaching outside the screen;
* a button smaller than a touch target, or two buttons closer than the least gap;
* a Help button (``help_button``) that is not in the bottom-left corner, where it is on
  every shopper screen (design.md: "Help always in the same corner");
* switching language at run time gives other text than building the screen in that
  language (a string that ``retranslate()`` forgets).

Use it in a screen's tests::

    from tests.ui.screen_contract import assert_screen_contract

    def test_attract_screen_contract(qtbot, theme, translator, tmp_path):
        assert_screen_contract(qtbot, theme, translator, AttractScreen, screenshots=tmp_path)

``screenshots``: a folder to save every variant as PNG (``<name>-<w>x<h>[-large]-<lang>.png``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from kiosk.ui.i18n import LANGUAGES, Translator
from kiosk.ui.theme import SCREEN_SIZES, Metrics, Theme

__all__ = [
    "assert_screen_contract",
    "help_corner_problems",
    "screen_problems",
    "widget_problems",
]


def _describe(widget: QWidget) -> str:
    name = widget.objectName() or "(no objectName)"
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    return f"{type(widget).__name__} {name} {text[:40]!r}"


def _texts(screen: QWidget) -> list[tuple[str, str]]:
    return [
        (w.objectName(), w.text())
        for w in screen.findChildren(QWidget)
        if isinstance(w, QLabel | QAbstractButton)
    ]


def widget_problems(screen: QWidget, metrics: Metrics) -> list[str]:
    """What breaks the contract in ``screen`` as it is laid out now."""
    problems = []
    size = QSize(metrics.width, metrics.height)
    if screen.size() != size:
        problems.append(
            f"the screen is {screen.width()}x{screen.height()}, not {size.width()}x"
            f"{size.height()}: its minimum size {screen.minimumSizeHint().toTuple()} is too big"
        )
    bounds = QRect(QPoint(0, 0), size)
    buttons: list[tuple[QWidget, QRect]] = []
    for widget in screen.findChildren(QWidget):
        if not widget.isVisibleTo(screen):
            continue
        rect = QRect(widget.mapTo(screen, QPoint(0, 0)), widget.size())
        if not isinstance(widget, QLabel | QAbstractButton):
            continue
        what = _describe(widget)
        if not bounds.contains(rect):
            problems.append(f"{what} reaches outside the screen: {rect.getRect()}")
        text = widget.text()
        if text:
            pixels = QFontInfo(widget.font()).pixelSize()
            if pixels < metrics.min_text_px:
                problems.append(f"{what}: text {pixels} px < {metrics.min_text_px} px")
        hint = widget.sizeHint()
        if isinstance(widget, QLabel):
            if not text:
                continue
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                if needed > widget.height():
                    problems.append(
                        f"{what}: wrapped text needs {needed} px height, has {widget.height()}"
                    )
            elif hint.width() > widget.width() or hint.height() > widget.height():
                problems.append(
                    f"{what}: text needs {hint.width()}x{hint.height()}, "
                    f"has {widget.width()}x{widget.height()} (clipped)"
                )
            continue
        if hint.width() > widget.width() or hint.height() > widget.height():
            problems.append(
                f"{what}: needs {hint.width()}x{hint.height()}, "
                f"has {widget.width()}x{widget.height()} (clipped)"
            )
        if widget.width() < metrics.touch_px or widget.height() < metrics.touch_px:
            problems.append(
                f"{what}: {widget.width()}x{widget.height()} is smaller than a touch target "
                f"({metrics.touch_px} px)"
            )
        buttons.append((widget, rect))
    gap = metrics.gap_px
    for index, (first, a) in enumerate(buttons):
        for second, b in buttons[index + 1 :]:
            if a.adjusted(-gap + 1, -gap + 1, gap - 1, gap - 1).intersects(b):
                problems.append(
                    f"{_describe(first)} and {_describe(second)} are closer than {gap} px"
                )
    return problems


def help_corner_problems(screen: QWidget, metrics: Metrics) -> list[str]:
    """The visible Help button must sit in the screen's bottom-left corner: its left edge
    on the screen margin, its bottom edge within one gap of the bottom margin (a row of
    taller buttons may centre it a little)."""
    problems = []
    for button in screen.findChildren(QWidget, "help_button"):
        if not button.isVisibleTo(screen):
            continue
        rect = QRect(button.mapTo(screen, QPoint(0, 0)), button.size())
        left = rect.left()
        below = screen.height() - (rect.bottom() + 1)
        if left != metrics.padding_px or not (
            metrics.padding_px <= below <= metrics.padding_px + metrics.gap_px
        ):
            problems.append(
                f"Help is at x={left}, {below} px above the bottom: it belongs in the "
                f"bottom-left corner ({metrics.padding_px} px from both edges)"
            )
    return problems


def screen_problems(
    qtbot: object,
    theme: Theme,
    translator: Translator,
    make_screen: Callable[[], QWidget],
    *,
    languages: Iterable[str] = LANGUAGES,
    sizes: Iterable[tuple[int, int]] = SCREEN_SIZES,
    large_text: Iterable[bool] = (False, True),
    screenshots: Path | None = None,
) -> list[str]:
    """Every contract problem of the screen ``make_screen`` builds, in every variant."""
    problems: list[str] = []
    languages = tuple(languages)
    for width, height in sizes:
        for large in large_text:
            metrics = theme.apply(screen_size=(width, height), large_text=large)
            for language in languages:
                variant = f"{width}x{height}{'-large' if large else ''}-{language}"
                translator.set_language(language)
                screen = _show(qtbot, make_screen, width, height)
                problems.extend(f"[{variant}] {p}" for p in widget_problems(screen, metrics))
                problems.extend(f"[{variant}] {p}" for p in help_corner_problems(screen, metrics))
                if screenshots is not None:
                    screenshots.mkdir(parents=True, exist_ok=True)
                    name = screen.objectName() or type(screen).__name__
                    screen.grab().save(str(screenshots / f"{name}-{variant}.png"))
                switched = _switch_problems(qtbot, translator, screen, make_screen, languages)
                problems.extend(f"[{variant}] {p}" for p in switched)
                screen.close()
                screen.deleteLater()
    return problems


def _show(qtbot: object, make_screen: Callable[[], QWidget], width: int, height: int) -> QWidget:
    screen = make_screen()
    qtbot.addWidget(screen)  # type: ignore[attr-defined]
    screen.resize(width, height)
    screen.show()
    qtbot.waitExposed(screen)  # type: ignore[attr-defined]
    # Polishing may change sizes (fonts, icons), which posts layout requests; settle
    # them (a bounded number of rounds) before measuring.
    for _ in range(5):
        QApplication.sendPostedEvents()
        layout = screen.layout()
        if layout is None or not layout.activate():
            break
    return screen


def _switch_problems(
    qtbot: object,
    translator: Translator,
    screen: QWidget,
    make_screen: Callable[[], QWidget],
    languages: tuple[str, ...],
) -> list[str]:
    """Switch ``screen`` to each other language at run time; compare with a fresh build."""
    start = translator.language
    problems = []
    for other in languages:
        if other == start:
            continue
        translator.set_language(other)
        fresh = make_screen()
        want = _texts(fresh)
        # Qt posts LanguageChange to each window; deliver them (and the events they
        # cause) before comparing.
        for _ in range(3):
            QApplication.sendPostedEvents()
        if _texts(screen) != want:
            changed = [
                f"{name}: {have!r} instead of {wanted!r}"
                for (name, have), (_, wanted) in zip(_texts(screen), want, strict=False)
                if have != wanted
            ]
            problems.append(f"switching to {other} at run time leaves {changed}")
        fresh.deleteLater()
    if start is not None:
        translator.set_language(start)
    return problems


def assert_screen_contract(
    qtbot: object,
    theme: Theme,
    translator: Translator,
    make_screen: Callable[[], QWidget],
    **options: object,
) -> None:
    problems = screen_problems(qtbot, theme, translator, make_screen, **options)  # type: ignore[arg-type]
    assert not problems, "screen contract broken:\n" + "\n".join(problems)
