"""The console's parts on their own: the style sheet's colours, the translations, the
dialogs (without their modal loop), the words for the protocol's codes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialog

from attendant.ui import texts
from attendant.ui.dialogs import AddItemDialog, ConfirmDialog, OutcomeDialog
from attendant.ui.i18n import ConsoleTranslator
from attendant.ui.theme import (
    CONSOLE_SCREENS,
    EXTRA_COLOURS,
    ConsoleTheme,
    console_metrics,
    render_console_stylesheet,
)
from kiosk.core.catalog.repository import Catalog
from kiosk.link import protocol as p
from kiosk.ui.theme import NORMAL, contrast_ratio, stylesheet_pairs

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import attendant_i18n  # noqa: E402  (tools/attendant_i18n.py is a script)


@pytest.fixture
def theme(qapp: QApplication) -> Iterator[ConsoleTheme]:
    theme = ConsoleTheme(qapp)
    theme.apply()
    yield theme
    theme.clear()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture
def translator(qapp: QApplication) -> Iterator[ConsoleTranslator]:
    locale = QLocale()
    translator = ConsoleTranslator(qapp)
    yield translator
    translator.uninstall()
    QLocale.setDefault(locale)


@pytest.mark.parametrize("screen", CONSOLE_SCREENS)
def test_every_colour_pair_of_the_style_sheet_is_readable(screen) -> None:
    sheet = render_console_stylesheet(NORMAL, console_metrics(*screen), font_family="Noto Sans")
    pairs = stylesheet_pairs(sheet)
    assert len(pairs) > 30
    for selector, colour, background in pairs:
        assert colour is not None and background is not None, f"{selector}: name both colours"
        assert contrast_ratio(colour, background) >= 4.5, (selector, colour, background)
    # the edges that say a tone stand out from the white card (WCAG non-text 3:1)
    for edge in (NORMAL.go_bg, EXTRA_COLOURS["waiting_edge"], NORMAL.error_bg):
        assert contrast_ratio(edge, NORMAL.panel_bg) >= 3.0


def test_the_translations_are_extracted_finished_and_compiled() -> None:
    """lupdate over attendant/ui finds nothing new; nl and en are finished; the .qm files
    are what lrelease makes; no literal words reach a widget without tr()."""
    assert attendant_i18n.check() == []


def test_every_code_of_the_protocol_has_words(translator) -> None:
    tables = [
        (texts.SESSION_STATES, p.SessionState),
        (texts.HELP_REASONS, p.HelpReason),
        (texts.HELP_TOPICS, p.HelpTopic),
        (texts.DEVICE_KINDS, p.DeviceKind),
        (texts.DEVICE_STATES, p.DeviceState),
        (texts.FAULT_REASONS, p.FaultReason),
        (texts.DECLINE_REASONS, p.DeclineReason),
        (texts.LIGHT_COLOURS, p.LightColour),
        (texts.REFUSALS, p.RefusalReason),
        (texts.ROLES, p.Role),
        (texts.COMMAND_NAMES, p.CommandKind),
    ]
    for table, codes in tables:
        assert set(table) == {code.value for code in codes}, codes.__name__
    translator.set_language("nl")
    assert texts.help_reason(p.HelpReason.AGE_CHECK) == "Leeftijdscontrole"
    assert texts.fault_reason("paper_out") == "papier is op"
    assert texts.help_reason("teleported") == "teleported"  # a newer kiosk's code: readable
    assert texts.light("amber", "flashing", True) == "oranje, knipperend, zoemer aan"
    assert texts.duration(3725) == "1 u 2 min"
    assert texts.timer(3725) == "1:02:05" and texts.timer(59) == "0:59"
    assert texts.money(-50) == "-€ 0,50"


def test_a_confirmation_says_what_and_answers(qtbot, theme, translator) -> None:
    translator.set_language("en")
    dialog = ConfirmDialog(
        "Cancel the whole purchase at Kassa 2?", "This cannot be undone.", "Cancel the purchase",
        danger=True, parent=None,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    assert dialog.confirm_button.property("role") == "danger"
    assert dialog.cancel_button.text() == "Cancel"
    dialog.confirm_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_an_outcome_is_picked_with_one_tap_or_typed(qtbot, theme, translator) -> None:
    translator.set_language("nl")
    dialog = OutcomeDialog("Hulpvraag sluiten", ["Geholpen", "Klant is weg"], None)
    qtbot.addWidget(dialog)
    assert not dialog.confirm_button.isEnabled()  # nothing typed yet
    dialog.findChild(type(dialog.confirm_button), "outcome_choice_1").click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.field.text() == "Klant is weg"


def test_an_item_is_found_by_name_in_the_catalog(qtbot, theme, translator) -> None:
    translator.set_language("en")
    with Catalog(ROOT / "catalog.db") as catalog:
        dialog = AddItemDialog("Add an item", lambda text: catalog.search(text, limit=20), None)
        qtbot.addWidget(dialog)
        assert not dialog.confirm_button.isEnabled()
        dialog.search_field.setText("banan")
        assert dialog.results.count() >= 1
        first = dialog.results.item(0)
        assert "€" in first.text()
        dialog.results.setCurrentItem(first)
        assert dialog.code_field.text() == first.data(Qt.ItemDataRole.UserRole)
        assert dialog.confirm_button.isEnabled()
        dialog.code_field.setText("with space")
        assert not dialog.confirm_button.isEnabled()
