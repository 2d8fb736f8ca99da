"""The translation pipeline: .ts up to date and finished, .qm compiled, no string bypasses tr()."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from kiosk.ui.i18n import LANGUAGES, qm_path, ts_path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as pipeline  # noqa: E402  (tools/i18n.py is a script, not a package)


def test_every_string_is_extracted_translated_and_compiled() -> None:
    """lupdate over kiosk/ui must find nothing new; nl and en have no unfinished entry;
    the committed .qm files are what lrelease makes; nothing bypasses tr()."""
    assert pipeline.check() == []


def test_every_dutch_translation_differs_from_english_where_dutch_differs() -> None:
    entries = pipeline.read_ts(ts_path("nl"))
    assert len(entries) >= 30
    same = [e.source for e in entries if e.translations == (e.source,)]
    assert same == ["OK"], same  # "OK" is Dutch too; everything else is translated


def test_the_check_finds_unfinished_entries_and_broken_parameters(tmp_path) -> None:
    ts = tmp_path / "kiosk_nl.ts"
    ts.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl" sourcelanguage="en">
<context>
    <name>Messages</name>
    <message>
        <source>Code {code} is not in our list.</source>
        <translation>Code {kode} staat niet in onze lijst.</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>een artikel</numerusform>
            <numerusform>%n artikelen</numerusform>
        </translation>
    </message>
</context>
</TS>
""",
        encoding="utf-8",
    )
    problems = "\n".join(pipeline._check_entries(ts))
    assert "does not keep the parameters" in problems
    assert "'Pay' is unfinished" in problems
    assert "does not keep %n" in problems


SAMPLE = """
from PySide6.QtWidgets import QLabel, QPushButton

class Screen:
    def build(self):
        self.title = QLabel("Welcome")
        self.pay = QPushButton(text="Pay now")
        self.title.setText(f"Total {self.total}")
        self.title.setToolTip("Tap to pay" if self.ok else self.tr("Wait"))
        self.ok_label = QLabel(self.tr("Fine"))
        self.euro = QLabel("€")
        self.digits.setText("0123")
        self.name.setText(self.value)
        self.tabs.setTabText(0, "Produce")
"""


def test_the_scan_finds_literal_words_that_bypass_tr(tmp_path) -> None:
    source = tmp_path / "screen.py"
    source.write_text(SAMPLE, encoding="utf-8")
    found = {(f.line, f.where) for f in pipeline.scan_untranslated([source], root=tmp_path)}
    assert found == {
        (6, "QLabel()"),
        (7, "QPushButton()"),
        (8, "setText()"),
        (9, "setToolTip()"),
        (14, "setTabText()"),
    }


def test_the_compiled_files_exist_for_every_language() -> None:
    for language in LANGUAGES:
        assert ts_path(language).is_file() and qm_path(language).stat().st_size > 0


def test_the_translator_switches_language_and_locale(qapp, translator) -> None:
    seen = []
    translator.language_changed.connect(seen.append)
    translator.set_language("nl")
    assert QCoreApplication.translate("Messages", "Nothing was paid.") == "Er is niets betaald."
    assert QLocale().name() == "nl_NL"
    translator.set_language("en")
    assert QCoreApplication.translate("Messages", "Nothing was paid.") == "Nothing was paid."
    assert QCoreApplication.translate("TotalPanel", "%n item(s)", "", 2) == "2 items"
    assert seen == ["nl", "en"] and translator.language == "en"
    with pytest.raises(ValueError, match="no language 'de'"):
        translator.set_language("de")
    assert translator.language == "en"


def test_a_missing_qm_file_is_reported(qapp, tmp_path) -> None:
    from kiosk.ui.i18n import Translator

    translator = Translator(qapp, directory=tmp_path)
    with pytest.raises(ValueError, match="run `python tools"):
        translator.set_language("nl")
    assert translator.language is None


def test_the_config_languages_are_the_shipped_ones() -> None:
    from kiosk.config import Language

    assert {language.value for language in Language} == set(LANGUAGES)
    assert isinstance(Language.NL, enum.Enum)
