"""The router and the main window: the lane's state picks the screen; the help layer.

Fake screens stand in for the real ones here (registered in the router), so these tests
check the shell alone; tests/ui/test_app.py runs the real screens.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.core.lane import HelpReason
from kiosk.core.session import SessionState
from kiosk.ui.main_window import MainWindow
from kiosk.ui.router import ScreenMissing, ScreenRouter, check_screens, load_class
from tests.core.test_lane_fakes import MILK, Lane, build_lane

S = SessionState


class FakeScreen(QWidget):
    help_requested = Signal()
    built: list[str] = []  # noqa: RUF012  (the test reads what was built, in order)

    def __init__(self, lane: Any, ui: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane = lane
        self.ui = ui
        FakeScreen.built.append(type(self).__name__)


class FakeAttract(FakeScreen):
    pass


class FakeShopping(FakeScreen):
    pass


class FakeHelpPanel(QWidget):
    closed = Signal()

    def __init__(self, lane: Any, ui: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)


@pytest.fixture
def lane(tmp_path) -> Iterator[Lane]:
    lane = build_lane(tmp_path)
    FakeScreen.built = []
    yield lane
    lane.catalog.close()
    lane.journal.close()


@pytest.fixture
def window(lane, qtbot) -> MainWindow:
    window = MainWindow(lane.controller, ui=None, help_panel=FakeHelpPanel)
    qtbot.addWidget(window)
    window.router.register(S.ATTRACT, FakeAttract)
    window.router.register(S.SHOPPING, FakeShopping)
    window.resize(1280, 800)
    return window


def test_the_router_builds_screens_lazily_and_follows_the_lane(lane, window, qtbot) -> None:
    router = window.router
    window.show_state()
    assert isinstance(window.current_screen, FakeAttract)
    assert FakeScreen.built == ["FakeAttract"]
    with qtbot.waitSignal(router.screen_changed, timeout=5000) as changed:
        assert lane.controller.scan(MILK)
    assert changed.args[0] is S.SHOPPING
    assert isinstance(changed.args[1], FakeShopping)
    assert window.stack.currentWidget() is window.current_screen is changed.args[1]
    assert router.state is S.SHOPPING
    assert FakeScreen.built == ["FakeAttract", "FakeShopping"]
    # each screen is built once, with the lane and the services
    assert window.current_screen.lane is lane.controller
    router.show(S.ATTRACT)
    router.show(S.SHOPPING)
    assert FakeScreen.built == ["FakeAttract", "FakeShopping"]


def test_a_missing_screen_module_is_an_error_naming_it(lane, window) -> None:
    router = ScreenRouter(
        window.stack, lane.controller, None, table={S.ATTRACT: "no_such_screen:NoScreen"}
    )
    with pytest.raises(ScreenMissing, match=r"kiosk\.ui\.screens\.no_such_screen"):
        router.show(S.ATTRACT)
    with pytest.raises(ScreenMissing, match="the state shopping"):
        router.screen_class(S.SHOPPING)
    with pytest.raises(ScreenMissing, match=r"no_such_screen.*the state shopping"):
        router.check()


def test_check_screens_lists_every_gap(qapp) -> None:
    table = {state: "no_such_screen:Missing" for state in SessionState}
    table[S.ATTRACT] = "attract:NotAClass"
    with pytest.raises(ScreenMissing) as error:
        check_screens(table, package="tests.ui", extra=("gone:Panel",))
    text = str(error.value)
    assert "tests.ui.no_such_screen does not exist" in text
    assert "tests.ui.gone does not exist" in text
    with pytest.raises(ScreenMissing, match="'module:Class'"):
        load_class("just_a_module")


def test_a_screen_that_imports_something_missing_is_its_own_bug_not_a_missing_screen(
    tmp_path, monkeypatch
) -> None:
    package = tmp_path / "fake_screens"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "broken.py").write_text("import no_such_dependency_at_all\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency_at_all"):
        load_class("broken:Broken", package="fake_screens")


def test_the_help_layer_shows_on_help_requested_and_hides_on_closed(window, qtbot) -> None:
    window.show()
    window.show_state()
    assert window.help_panel is None
    with qtbot.waitSignal(window.help_shown, timeout=5000) as shown:
        window.current_screen.help_requested.emit()
    assert shown.args == [True]
    panel = window.help_panel
    assert isinstance(panel, FakeHelpPanel) and panel.isVisible()
    assert panel.geometry() == window.stack.rect()  # over the whole screen
    with qtbot.waitSignal(window.help_shown, timeout=5000) as hidden:
        panel.closed.emit()
    assert hidden.args == [False]
    assert not panel.isVisible()


def test_the_help_layer_shows_when_the_lane_raises_a_shopper_call(lane, window, qtbot) -> None:
    window.show()
    window.show_state()
    assert lane.controller.scan(MILK)
    with qtbot.waitSignal(window.help_shown, timeout=5000):
        assert lane.controller.call_help(HelpReason.SHOPPER_REQUEST) is not None
    assert window.help_visible


def test_an_age_check_call_does_not_cover_the_screen(lane, window, qtbot) -> None:
    from tests.core.test_lane_fakes import BEER

    window.show()
    window.show_state()
    with qtbot.assertNotEmitted(window.help_shown):
        assert lane.controller.scan(BEER)
        assert any(c.reason is HelpReason.AGE_CHECK for c in lane.controller.open_help_calls)
    assert not window.help_visible
