"""The router and the main window: the lane's state picks the screen; the help layer.

Fake screens stand in for the real ones here (registered in the router), so these tests
check the shell alone; tests/ui/test_app.py runs the real screens.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from kiosk.core.lane import HelpReason
from kiosk.core.session import SessionState
from kiosk.ui.main_window import MainWindow, ScanGate
from kiosk.ui.router import ScreenMissing, ScreenRouter, check_screens, load_class
from tests.core.test_lane_fakes import MILK, TECHNICIAN, FakeScanner, Lane, build_lane

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


class FakeOutOfService(FakeScreen):
    staff_requested = Signal()


class FakeStaff(FakeScreen):
    closed = Signal()

    def __init__(self, lane: Any, ui: Any, parent: QWidget | None = None, **options: Any):
        super().__init__(lane, ui, parent)
        self.options = options
        self.badges: list[str] = []
        self.listening = True
        self.logins_shown = 0

    def show_login(self) -> None:
        self.logins_shown += 1

    def badge_scanned(self, code: str) -> bool:
        if not self.listening:
            return False
        self.badges.append(code)
        return True


class FakeDiagnostics(FakeScreen):
    exit_requested = Signal()

    def __init__(self, lane: Any, ui: Any, parent: QWidget | None = None, **options: Any):
        super().__init__(lane, ui, parent)
        self.options = options


class FakeDeclined(FakeScreen):
    other_way_chosen = Signal(str)


class FakeWeighing(FakeScreen):
    def __init__(self, lane: Any, ui: Any, parent: QWidget | None = None) -> None:
        super().__init__(lane, ui, parent)
        self.weights: list[object] = []

    def show_weight(self, reading: object) -> None:
        self.weights.append(reading)


class FakeDevices(QObject):
    weight = Signal(object)


class FakeHelpPanel(QWidget):
    closed = Signal()

    def __init__(self, lane: Any, ui: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opened: list[str | None] = []

    def open(self, call_id: str | None = None) -> None:
        self.opened.append(call_id)


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


# -- the screens' own signals -----------------------------------------------------------


@pytest.fixture
def gated(tmp_path) -> Iterator[tuple[Lane, FakeScanner, ScanGate]]:
    """A lane whose scanner port is a ScanGate over a fake scanner, listening to it."""
    scanner = FakeScanner()
    gate = ScanGate(scanner)
    lane = build_lane(tmp_path, devices={"scanner": gate})
    lane.controller.attach()
    FakeScreen.built = []
    yield lane, scanner, gate
    gate.close()
    gate.deleteLater()
    lane.catalog.close()
    lane.journal.close()


def shell(lane: Lane, qtbot, **keywords: Any) -> MainWindow:
    window = MainWindow(lane.controller, ui=None, help_panel=FakeHelpPanel, **keywords)
    qtbot.addWidget(window)
    for state, cls in {
        S.ATTRACT: FakeAttract,
        S.SHOPPING: FakeShopping,
        S.OUT_OF_SERVICE: FakeOutOfService,
        S.STAFF: FakeStaff,
        S.DIAGNOSTICS: FakeDiagnostics,
        S.DECLINED: FakeDeclined,
    }.items():
        window.router.register(state, cls)
    window.resize(1280, 800)
    return window


def out_of_service(lane: Lane) -> None:
    controller = lane.controller
    assert controller.staff_login(TECHNICIAN)
    assert controller.lock_lane(TECHNICIAN, "cleaning")
    assert controller.state is S.OUT_OF_SERVICE


def test_screens_get_their_keyword_arguments(lane, qtbot) -> None:
    auth, devices = object(), FakeDevices()
    window = shell(lane, qtbot, staff_auth=auth, devices=devices)
    assert window.router.screen(S.STAFF).options == {"staff_auth": auth}
    assert window.router.screen(S.DIAGNOSTICS).options == {"devices": devices}
    assert window.router.options(S.ATTRACT) == {}
    assert isinstance(window.router.screen(S.ATTRACT), FakeAttract)  # built without any
    with pytest.raises(RuntimeError, match="already built"):
        window.router.set_options(S.STAFF, staff_auth=None)
    router = ScreenRouter(window.stack, lane.controller, None, options={S.STAFF: {"x": 1}})
    router.register(S.STAFF, FakeStaff)
    assert router.screen(S.STAFF).options == {"x": 1}


def test_staff_requested_shows_the_login_over_out_of_service_and_closed_goes_back(
    lane, qtbot
) -> None:
    window = shell(lane, qtbot)
    window.show()
    out_of_service(lane)
    window.show_state()
    oos = window.current_screen
    assert isinstance(oos, FakeOutOfService)
    with qtbot.waitSignal(window.router.screen_changed, timeout=5000) as changed:
        oos.staff_requested.emit()
    staff = changed.args[1]
    assert isinstance(staff, FakeStaff) and window.stack.currentWidget() is staff
    assert staff.logins_shown == 1  # the login afresh
    assert lane.controller.state is S.OUT_OF_SERVICE  # the lane did not move
    with qtbot.waitSignal(window.router.screen_changed, timeout=5000) as changed:
        staff.closed.emit()
    assert changed.args == [S.OUT_OF_SERVICE, oos]
    assert window.stack.currentWidget() is oos


def test_badge_scans_go_to_the_staff_login_instead_of_the_lane(gated, qtbot) -> None:
    lane, scanner, gate = gated
    window = shell(lane, qtbot, scan_gate=gate)
    window.show()
    out_of_service(lane)
    window.show_state()
    lane.run()
    assert not gate.diverting
    staff = window.show_staff_login()
    assert gate.diverting
    said = len(lane.messages)
    scanner.scan("BADGE-0042")
    qtbot.waitUntil(lambda: staff.badges == ["BADGE-0042"], timeout=5000)
    assert lane.jobs() == [] and lane.run() == 0  # the lane never saw it
    assert lane.messages[said:] == []

    # a scan the login does not take (checking a PIN) goes on to the lane
    staff.listening = False
    scanner.scan(MILK)
    qtbot.waitUntil(lambda: lane.run() > 0, timeout=5000)
    assert staff.badges == ["BADGE-0042"]
    assert lane.controller.state is S.OUT_OF_SERVICE and lane.controller.cart is None

    # once the login is gone the lane has the scanner again, status changes included
    with qtbot.waitSignal(window.router.screen_changed, timeout=5000):
        staff.closed.emit()
    assert not gate.diverting
    scanner.scan(MILK)
    assert lane.run() > 0
    assert staff.badges == ["BADGE-0042"]
    assert gate.status is scanner.status


def test_a_scan_while_shopping_goes_to_the_lane_through_the_gate(gated, qtbot) -> None:
    lane, scanner, gate = gated
    window = shell(lane, qtbot, scan_gate=gate)
    window.show_state()
    scanner.scan(MILK)
    lane.run()
    assert lane.controller.state is S.SHOPPING
    qtbot.waitUntil(lambda: isinstance(window.current_screen, FakeShopping), timeout=5000)
    assert [line.product.gtin for line in lane.controller.cart.totals.lines] == [MILK.zfill(14)]


def test_diagnostics_exit_requested_asks_the_app_to_quit(lane, qtbot) -> None:
    window = shell(lane, qtbot)
    diagnostics = window.router.show(S.DIAGNOSTICS)
    with qtbot.waitSignal(window.exit_requested, timeout=5000):
        diagnostics.exit_requested.emit()


def test_other_way_chosen_opens_the_help_layer_on_that_call(lane, qtbot) -> None:
    window = shell(lane, qtbot)
    window.show()
    declined = window.router.show(S.DECLINED)
    with qtbot.waitSignal(window.help_shown, timeout=5000):
        declined.other_way_chosen.emit("call-7")
    assert window.help_panel.opened == ["call-7"]
    assert window.help_visible
    declined.help_requested.emit()  # as the real screen does next: the same call stays
    assert window.help_panel.opened == ["call-7"]


def test_the_live_weight_goes_to_the_shopping_screen(lane, qtbot) -> None:
    devices = FakeDevices()
    window = shell(lane, qtbot, devices=devices)
    window.router.register(S.PAYING, FakeWeighing)  # any state: the screen's method counts
    devices.weight.emit(5)  # nothing built yet: nobody listens, nothing breaks
    screen = window.router.screen(S.PAYING)
    with qtbot.waitSignal(devices.weight, timeout=5000):
        devices.weight.emit(1234)
    assert screen.weights == [1234]
