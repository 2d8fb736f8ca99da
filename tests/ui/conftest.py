"""Fixtures for the kiosk UI tests: the theme and the translator, undone after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from kiosk.ui.i18n import Translator
from kiosk.ui.theme import Theme


@pytest.fixture
def theme(qapp: QApplication) -> Iterator[Theme]:
    theme = Theme(qapp)
    theme.apply()
    yield theme
    theme.clear()


@pytest.fixture
def translator(qapp: QApplication) -> Iterator[Translator]:
    locale = QLocale()
    translator = Translator(qapp)
    yield translator
    translator.uninstall()
    QLocale.setDefault(locale)
