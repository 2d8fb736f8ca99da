"""The diagnostics screen against the lane's running devices: a real printer driver on
its simulator (through the kiosk's device bridge), tests on a worker thread."""

from __future__ import annotations

import pytest

from drivers.config import DeviceConfig
from drivers.device import DeviceState
from kiosk.ui.devices import LaneDevices
from tests.ui.screen_contract import assert_screen_contract
from tests.ui.screens import test_checkout_screens as checkout
from tests.ui.screens.test_checkout_screens import find, save_screenshots, tap
from tests.ui.screens.test_staff_screen import FakeAuth, log_in, staff_screen

lane = checkout.lane  # the fixture
ui = checkout.ui  # the fixture


@pytest.fixture
def bridge(qtbot, tmp_path):
    devices = LaneDevices(
        {
            "printer": DeviceConfig(kind="printer", driver="sim", url="sim:"),
            "light": DeviceConfig(kind="lane_light", driver="sim", url="sim:"),
        },
        kiosk_id="k1",
        data_dir=tmp_path / "data",
        lock_directory=tmp_path / "locks",
    )
    devices.start()
    qtbot.waitUntil(
        lambda: (
            all(s.state is DeviceState.ONLINE for s in devices.statuses.values())
            and len(devices.statuses) == 2
        ),
        timeout=10000,
    )
    yield devices
    devices.stop()


def technician_in_diagnostics(qtbot, lane, ui) -> None:
    staff = staff_screen(qtbot, lane, ui, FakeAuth())
    log_in(qtbot, staff, "3")
    tap(qtbot, staff, "staff_diagnostics_button")
    assert lane.state == "diagnostics"


def diagnostics(qtbot, lane, ui, bridge):
    from kiosk.ui.screens.diagnostics import DiagnosticsScreen

    screen = DiagnosticsScreen(lane.controller, ui, devices=bridge)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def test_a_test_print_passes_then_fails_with_the_reason(qtbot, lane, ui, bridge) -> None:
    technician_in_diagnostics(qtbot, lane, ui)
    screen = diagnostics(qtbot, lane, ui, bridge)
    assert "online" in find(screen, "diagnostics_printer_state").text()
    tap(qtbot, screen, "diagnostics_test_printer_button")
    qtbot.waitUntil(lambda: not screen.busy, timeout=20000)
    assert find(screen, "diagnostics_printer_result").text().startswith("Passed.")
    bridge.simulators["printer"].call("set_fault", fault="paper_out")
    tap(qtbot, screen, "diagnostics_test_printer_button")
    qtbot.waitUntil(lambda: not screen.busy, timeout=20000)
    assert "paper_out" in find(screen, "diagnostics_printer_result").text()
    assert "paper_out" in find(screen, "diagnostics_printer_errors").text()


def test_check_all_and_leave(qtbot, lane, ui, bridge) -> None:
    technician_in_diagnostics(qtbot, lane, ui)
    screen = diagnostics(qtbot, lane, ui, bridge)
    tap(qtbot, screen, "diagnostics_check_all_button")
    qtbot.waitUntil(lambda: not screen.busy, timeout=20000)
    assert find(screen, "diagnostics_lane_light_result").text().startswith("Passed.")
    assert "Statistics:" in find(screen, "diagnostics_printer_statistics").text()
    with qtbot.waitSignal(screen.exit_requested, timeout=1000):
        tap(qtbot, screen, "diagnostics_exit_app_button")
    tap(qtbot, screen, "diagnostics_back_button")
    assert lane.state == "staff"
    assert not find(screen, "diagnostics_test_printer_button").isEnabled()


def test_without_a_bridge_the_lanes_own_devices_are_listed(qtbot, lane, ui) -> None:
    from kiosk.ui.screens.diagnostics import DiagnosticsScreen

    technician_in_diagnostics(qtbot, lane, ui)
    screen = DiagnosticsScreen(lane.controller, ui)
    qtbot.addWidget(screen)
    assert set(screen.rows) == {"scanner", "scale", "printer", "payment_terminal", "lane_light"}
    assert not find(screen, "diagnostics_test_printer_button").isEnabled(), "fakes cannot be tested"


def test_diagnostics_screen_contract(qtbot, theme, translator, lane, ui, bridge) -> None:
    from kiosk.ui.screens.diagnostics import DiagnosticsScreen

    technician_in_diagnostics(qtbot, lane, ui)
    make = lambda: DiagnosticsScreen(lane.controller, ui, devices=bridge)  # noqa: E731
    assert_screen_contract(qtbot, theme, translator, make)
    save_screenshots(qtbot, theme, translator, make, "diagnostics")
