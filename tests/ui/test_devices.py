"""The device bridge against the real simulators: events arrive on the GUI thread as signals."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread

from drivers.config import DeviceConfig
from drivers.device import DeviceState, FaultReason
from drivers.lock import DeviceLock
from drivers.scale import ScaleReading, ScaleState
from drivers.scanner import Scan
from drivers.sim.host import SimulatorHost
from drivers.sim.scanner import ScannerSimulator
from kiosk.ui.devices import LaneDevices


@pytest.fixture
def lane(qtbot, tmp_path):
    made: list[LaneDevices] = []

    def make(devices: dict[str, DeviceConfig], **options) -> LaneDevices:
        options.setdefault("lock_directory", tmp_path / "locks")
        bridge = LaneDevices(devices, kiosk_id="k1", data_dir=tmp_path / "data", **options)
        made.append(bridge)
        return bridge

    yield make
    for bridge in made:
        bridge.stop()


def _gui_thread_recorder(signal):
    threads = []
    signal.connect(lambda *args: threads.append(QThread.currentThread()))
    return threads


def test_a_scan_arrives_on_the_gui_thread_and_an_unplug_as_a_status(qtbot, lane) -> None:
    # Generous bounds (not waits): on a loaded CI machine a pty reopen can take seconds.
    bridge = lane({"scanner": DeviceConfig(kind="scanner", driver="sim", url="sim:")})
    threads = _gui_thread_recorder(bridge.scanned)
    with qtbot.waitSignal(
        bridge.device_status,
        check_params_cb=lambda name, s: s.state is DeviceState.ONLINE,
        timeout=10_000,
    ):
        bridge.start()
    simulator = bridge.simulators["scanner"]
    with qtbot.waitSignal(bridge.scanned, timeout=10_000) as scanned:
        assert simulator.call("scan", data="8710398000015", symbology="ean13")["sent"]
    assert scanned.args == [Scan("8710398000015", "]E0")]
    assert threads == [QThread.currentThread()]
    assert QThread.currentThread() is bridge.thread()

    with qtbot.waitSignal(
        bridge.device_status,
        check_params_cb=lambda name, s: s.state is DeviceState.OFFLINE,
        timeout=10_000,
    ) as unplugged:
        simulator.call("unplug")
    name, status = unplugged.args
    assert name == "scanner" and status.reason is FaultReason.UNPLUGGED
    assert bridge.statuses["scanner"] == status

    with qtbot.waitSignal(
        bridge.device_status,
        check_params_cb=lambda name, s: s.state is DeviceState.ONLINE,
        timeout=10_000,
    ):
        simulator.call("plug")
    with qtbot.waitSignal(bridge.scanned, timeout=10_000) as again:
        simulator.call("scan", data="4011")
    assert again.args[0].data == "4011"


def test_a_bad_frame_is_an_error_event_and_the_scanner_stays_up(qtbot, lane) -> None:
    bridge = lane({"scanner": DeviceConfig(kind="scanner", driver="sim", url="sim:")})
    bridge.start()
    simulator = bridge.simulators["scanner"]
    qtbot.waitUntil(lambda: bridge.statuses.get("scanner") is not None)
    with qtbot.waitSignal(bridge.device_error) as error:
        simulator.call("garbage", bytes_hex="00ff0d")
    assert error.args[0] == "scanner"
    with qtbot.waitSignal(bridge.scanned):
        simulator.call("scan", data="4011")


def test_a_weight_arrives_as_a_reading(qtbot, lane) -> None:
    bridge = lane({"scale": DeviceConfig(kind="scale", driver="sim", url="sim:")})
    bridge.start()
    simulator = bridge.simulators["scale"]
    with qtbot.waitSignal(
        bridge.weight,
        check_params_cb=lambda r: r.state is ScaleState.STABLE and r.grams == 1250,
        timeout=10_000,
    ) as reading:
        simulator.call("place", grams=1250, settle_s=0.05)
    assert isinstance(reading.args[0], ScaleReading)
    assert bridge.device("scale") is bridge.devices["scale"]
    assert bridge.name_of("scale") == "scale" and bridge.name_of("printer") is None


def test_paper_out_arrives_as_printer_status_and_device_error(qtbot, lane) -> None:
    bridge = lane({"printer": DeviceConfig(kind="printer", driver="sim", url="sim:")})
    bridge.start()
    simulator = bridge.simulators["printer"]
    with (
        qtbot.waitSignal(
            bridge.printer_status,
            check_params_cb=lambda s: s.stopped_by_paper_end or not s.online,
            timeout=10_000,
        ),
        qtbot.waitSignal(
            bridge.device_status,
            check_params_cb=lambda name, s: s.reason is FaultReason.PAPER_OUT,
            timeout=10_000,
        ),
    ):
        simulator.call("set_fault", fault="paper_out")


def test_a_real_device_is_locked_in_the_kiosks_name(qtbot, lane, tmp_path) -> None:
    locks = tmp_path / "locks"
    with ScannerSimulator() as simulator:
        config = simulator.driver_config()
        assert not config.simulated
        bridge = lane({"scanner": config}, lock_directory=locks)
        bridge.start()
        holder = DeviceLock(config.url, "selfscan-diag", locks).holder()
        assert holder is not None and holder[0] == "kiosk k1"

        second = LaneDevices({"scanner": config}, kiosk_id="k2", lock_directory=locks, parent=None)
        with qtbot.waitSignal(second.device_status) as busy:
            second.start()
        name, status = busy.args
        assert (name, status.state, status.reason) == (
            "scanner",
            DeviceState.OFFLINE,
            FaultReason.BUSY,
        )
        assert "kiosk k1" in status.detail
        assert second.devices == {}
        second.stop()

        with qtbot.waitSignal(bridge.scanned):
            simulator.scan("4011")
        bridge.stop()
        assert DeviceLock(config.url, "selfscan-diag", locks).holder() is None


def test_events_from_a_driver_thread_never_run_code_there(qtbot, lane) -> None:
    """The listener only posts: a slot that raises cannot reach the driver thread."""
    bridge = lane({"scanner": DeviceConfig(kind="scanner", driver="sim", url="sim:")})
    threads = []
    bridge.device_event.connect(lambda name, event: threads.append(threading.get_ident()))
    with qtbot.waitSignal(bridge.device_status):
        bridge.start()
    assert set(threads) == {threading.get_ident()}


def test_a_lane_without_simulated_devices_imports_no_simulator(lane) -> None:
    bridge = lane({})
    bridge.start()
    assert bridge.simulators is None and bridge.devices == {}


def test_a_shared_simulator_host_is_left_running(qtbot, lane) -> None:
    with SimulatorHost() as host:
        bridge = lane(
            {"scanner": DeviceConfig(kind="scanner", driver="sim", url="sim:")}, simulators=host
        )
        bridge.start()
        bridge.stop()
        assert "scanner" in host.handles
