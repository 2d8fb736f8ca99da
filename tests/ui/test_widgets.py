"""The base widgets, and the screen contract run on a screen made of all of them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel

from kiosk.ui.messages import Message, MessageError, Severity
from kiosk.ui.widgets import (
    Banner,
    BigButton,
    HelpButton,
    Keypad,
    KioskScreen,
    Toast,
    TotalPanel,
    WidgetGallery,
)
from tests.ui.screen_contract import assert_screen_contract, screen_problems


def test_big_button_takes_only_known_roles(qtbot, theme) -> None:
    button = BigButton("Pay", role="primary")
    qtbot.addWidget(button)
    assert button.role == "primary"
    button.set_role("danger")
    assert button.property("role") == "danger"
    with pytest.raises(ValueError, match="role"):
        BigButton("x", role="green")


def test_help_button_speaks_the_language_shown(qtbot, theme, translator) -> None:
    translator.set_language("en")
    button = HelpButton()
    qtbot.addWidget(button)
    assert button.text() == "Help"
    assert button.objectName() == "help_button" and button.role == "help"
    translator.set_language("nl")
    qtbot.waitUntil(lambda: button.text() == "Hulp")
    assert not button.icon().isNull()


def test_total_panel_shows_cents_and_counts_items_in_both_languages(
    qtbot, theme, translator
) -> None:
    translator.set_language("nl")
    panel = TotalPanel()
    qtbot.addWidget(panel)
    panel.set_totals(123456, 1)
    assert panel.amount.text() == "€ 1.234,56"
    assert panel.count.text() == "1 artikel"
    panel.set_totals(249, 7)
    assert (panel.caption.text(), panel.amount.text(), panel.count.text()) == (
        "Totaal",
        "€ 2,49",
        "7 artikelen",
    )
    translator.set_language("en")
    qtbot.waitUntil(lambda: panel.count.text() == "7 items")
    assert panel.caption.text() == "Total"
    panel.set_totals(0, 1)
    assert panel.count.text() == "1 item"
    with pytest.raises(TypeError, match="integer cents"):
        panel.set_totals(2.49, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        panel.set_totals(0, -1)


def test_banner_shows_the_three_answers_in_the_severity_colour(qtbot, theme, translator) -> None:
    translator.set_language("nl")
    banner = Banner()
    qtbot.addWidget(banner)
    assert banner.isHidden()
    banner.show_message(Message("unknown_barcode", {"code": "8712345678906"}))
    assert not banner.isHidden()
    assert banner.severity is Severity.ERROR and banner.property("severity") == "error"
    assert banner.title.text() == "Dit product kennen we niet"
    assert "8712345678906" in banner.body.text()
    assert banner.action.text().startswith("Scan het nog een keer")
    assert banner.icon.pixmap() is not None and not banner.icon.pixmap().isNull()
    red = banner.grab().toImage().pixelColor(5, banner.height() // 2).name()
    banner.show_message(Message("help_called"))
    assert banner.severity is Severity.WAITING
    amber = banner.grab().toImage().pixelColor(5, banner.height() // 2).name()
    assert (red, amber) == (theme.palette.error_bg.lower(), theme.palette.waiting_bg.lower())
    translator.set_language("en")
    qtbot.waitUntil(lambda: banner.title.text() == "Help is called")
    with pytest.raises(MessageError, match="code"):
        banner.show_message(Message("unknown_barcode"))
    assert banner.title.text() == "Help is called"  # the wrong message changed nothing


def test_toast_hides_itself_when_its_timer_fires(qtbot, theme) -> None:
    toast = Toast(timeout_ms=3000)
    qtbot.addWidget(toast)
    toast.show_message(Message("scan_not_read"))
    assert toast.timer.isActive() and toast.timer.interval() == 3000
    toast.timer.timeout.emit()
    assert toast.isHidden() and toast.message is None


def test_keypad_types_deletes_and_submits(qtbot, theme, translator) -> None:
    translator.set_language("nl")
    keypad = Keypad(max_length=4)
    qtbot.addWidget(keypad)
    assert not keypad.ok.isEnabled()
    assert (keypad.delete.text(), keypad.ok.text()) == ("Wissen", "OK")
    for digit in "40":
        qtbot.mouseClick(keypad.keys[digit], Qt.MouseButton.LeftButton)
    assert keypad.value == "40" and keypad.display.text() == "40" and keypad.ok.isEnabled()
    qtbot.mouseClick(keypad.delete, Qt.MouseButton.LeftButton)
    assert keypad.value == "4"
    qtbot.keyClicks(keypad, "0115")  # a hardware keyboard: stops at max_length
    assert keypad.value == "4011"
    assert not keypad.keys["5"].isEnabled()
    with qtbot.waitSignal(keypad.submitted) as submitted:
        qtbot.keyClick(keypad, Qt.Key.Key_Return)
    assert submitted.args == ["4011"]
    assert keypad.value == "" and not keypad.ok.isEnabled()
    with pytest.raises(ValueError, match="one digit"):
        keypad.press("a")
    names = {key.objectName() for key in keypad.keys.values()}
    assert names == {f"keypad_key_{d}" for d in "0123456789"}


def test_a_screen_retranslates_when_the_language_changes(qtbot, theme, translator) -> None:
    translator.set_language("en")

    class Screen(KioskScreen):
        def __init__(self) -> None:
            super().__init__()
            self.help = HelpButton(self)
            self.retranslate()

        def retranslate(self) -> None:
            self.help.setText(self.help.tr("Help"))

    screen = Screen()
    qtbot.addWidget(screen)
    translator.set_language("nl")
    qtbot.waitUntil(lambda: screen.retranslations >= 1 and screen.help.text() == "Hulp")
    translator.set_language("nl")  # the same language again: nothing to do
    assert translator.language == "nl"


def test_the_widget_gallery_keeps_the_screen_contract(qtbot, theme, translator, tmp_path) -> None:
    assert_screen_contract(qtbot, theme, translator, WidgetGallery, screenshots=tmp_path)
    shots = sorted(p.name for p in tmp_path.glob("*.png"))
    assert len(shots) == 8
    assert "widget_gallery-1280x800-large-nl.png" in shots


def test_the_high_contrast_gallery_keeps_it_too(qtbot, theme, translator) -> None:
    theme.apply(contrast="high")
    assert_screen_contract(qtbot, theme, translator, WidgetGallery, sizes=[(1280, 800)])


class CrampedScreen(KioskScreen):
    """Breaks the contract on purpose: the helper must say so."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("cramped")
        layout = QHBoxLayout(self)
        self.button = BigButton()
        self.button.setObjectName("squeezed")
        self.button.setFixedSize(60, 60)
        self.neighbour = BigButton()
        self.neighbour.setObjectName("neighbour")
        layout.setSpacing(2)
        layout.addWidget(self.button)
        layout.addWidget(self.neighbour)
        self.label = QLabel()
        self.label.setObjectName("narrow")
        self.label.setFixedWidth(40)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.forgotten = QLabel()
        self.forgotten.setObjectName("forgotten")
        layout.addWidget(self.forgotten)
        self.retranslate()
        self.forgotten.setText(_gallery("Pay"))  # set once, never retranslated

    def retranslate(self) -> None:
        self.button.setText(_gallery("Remove"))
        self.neighbour.setText(_gallery("Pay"))
        self.label.setText(_gallery("Prices include VAT."))


def _gallery(text: str) -> str:
    """Strings that have translations (the gallery's), so a language switch shows."""
    return QCoreApplication.translate("WidgetGallery", text)


def test_the_contract_reports_clipping_small_targets_and_forgotten_text(
    qtbot, theme, translator
) -> None:
    problems = "\n".join(
        screen_problems(
            qtbot, theme, translator, CrampedScreen, sizes=[(1920, 1080)], large_text=[False]
        )
    )
    assert "squeezed" in problems and "smaller than a touch target" in problems
    assert "(clipped)" in problems and "narrow" in problems
    assert "closer than" in problems
    assert "switching to nl at run time" in problems and "forgotten" in problems
