"""The object names in docs/scenarios.md are a public contract: every screen of a real
kiosk, in both languages, has every documented name, and no button without one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QWidget

from kiosk.app import Kiosk, build_kiosk
from kiosk.config import load_kiosk_config
from kiosk.core.session import SessionState
from tests.e2e.helpers import ROOT
from tests.ui.test_app import kiosk_file

DOC = ROOT / "docs" / "scenarios.md"
_TOKEN = re.compile(r"`([A-Za-z][A-Za-z0-9_<>]*)`")


def documented() -> tuple[set[str], list[re.Pattern[str]]]:
    """The names of the doc's "Object names" section: plain ones and ``<part>`` patterns."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Object names", 1)[1]
    names, patterns = set(), []
    for token in _TOKEN.findall(section):
        if "<" in token:
            patterns.append(re.compile(re.sub(r"<[a-z]+>", "[A-Za-z0-9_]+", token) + "$"))
        else:
            names.add(token)
    return names, patterns


@pytest.fixture
def kiosk(tmp_path: Path, qapp) -> Iterator[Kiosk]:
    config = load_kiosk_config(kiosk_file(tmp_path))
    kiosk = build_kiosk(config, app=qapp, windowed=True, screen_size=(1280, 800), audible=False)
    yield kiosk
    kiosk.close()


def _every_screen(kiosk: Kiosk) -> dict[str, QWidget]:
    window = kiosk.window
    screens = {state.value: window.router.screen(state) for state in SessionState}
    shopping = screens[SessionState.SHOPPING.value]
    assert shopping.produce_page is not None and shopping.bags_page is not None  # built now
    window.show_help()
    assert window.help_panel is not None
    screens["help"] = window.help_panel
    return screens


def test_every_screen_is_named_after_its_state(kiosk: Kiosk) -> None:
    screens = _every_screen(kiosk)
    for state, screen in screens.items():
        expected = "help_panel" if state == "help" else f"{state}_screen"
        assert screen.objectName() == expected


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_documented_names_exist_and_every_button_has_one(
    kiosk: Kiosk, qtbot, language: str
) -> None:
    names, patterns = documented()
    assert len(names) > 100 and patterns, "the doc's name tables were not found"
    kiosk.ui.translator.set_language(language)
    screens = _every_screen(kiosk)
    window = kiosk.window

    def listed(name: str) -> bool:
        return name in names or any(pattern.match(name) for pattern in patterns)

    unnamed, unlisted = [], []
    for state, screen in screens.items():
        if state != "help":
            window.router.show(SessionState(state))  # each screen in front in turn
        for button in screen.findChildren(QAbstractButton):
            name = button.objectName()
            if not name:
                unnamed.append(f"{state}: {type(button).__name__} {button.text()!r}")
            elif not listed(name):
                unlisted.append(f"{state}: {name}")
    assert not unnamed, f"buttons without an object name: {unnamed}"
    assert not unlisted, f"buttons whose names docs/scenarios.md does not list: {unlisted}"

    present = {w.objectName() for w in window.findChildren(QWidget)} | {window.objectName()}
    missing = sorted(names - present)
    assert not missing, f"documented names no widget has: {missing}"
