"""drivers.sim.scanner.ScannerSimulator with the real SerialScanner on its pty.

In process, as its own process (``python -m drivers.sim scanner``) and through the
registry's ``sim:`` address; every control command, the faults, the host commands of
each family, and the rename-on-replug found again through the simulator's ``ports()``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from drivers.config import DeviceConfig
from drivers.device import DeviceState, FaultReason, HealthLevel
from drivers.registry import create_device
from drivers.scanner import FrameErrorReason, PortInfo, Scan, SerialScanner
from drivers.sim.base import SimCommandError, simulator_class
from drivers.sim.control import SimControlError, SimProcess
from drivers.sim.host import SimulatorHost
from drivers.sim.scanner import FAULTS, ScannerSimulator
from tests.drivers.test_serial_scanner import WAIT, Events


def until(predicate: Callable[[], Any], what: str) -> Any:
    """Poll ``predicate`` until it is true (the simulator works on its own thread)."""
    deadline = time.monotonic() + WAIT
    pause = threading.Event()
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        pause.wait(0.005)
    return value


@pytest.fixture
def sims() -> Iterator[list[ScannerSimulator]]:
    made: list[ScannerSimulator] = []
    yield made
    for sim in made:
        sim.stop()


@pytest.fixture
def drivers() -> Iterator[list[SerialScanner]]:
    made: list[SerialScanner] = []
    yield made
    for driver in made:
        driver.close()


@pytest.fixture
def lane(sims: list[ScannerSimulator], drivers: list[SerialScanner]):
    """A started simulator and the real driver on it, opened and enabled."""

    def make(**options: Any) -> tuple[ScannerSimulator, SerialScanner, Events]:
        enumerate_ports = options.pop("enumerate", None)
        # the simulator answers at once; a loaded machine must not make that a timeout
        options["driver_options"] = {"reply_timeout": WAIT, **options.get("driver_options", {})}
        sim = ScannerSimulator(**options)
        sims.append(sim)
        sim.start()
        ports = None
        if enumerate_ports:
            ports = lambda: [PortInfo.from_dict(p) for p in sim.control("ports")]  # noqa: E731
        driver = SerialScanner(sim.driver_config(), reconnect_interval=0.02, enumerate_ports=ports)
        drivers.append(driver)
        events = Events()
        driver.add_listener(events)
        driver.open()
        assert events.status().state is DeviceState.ONLINE
        driver.enable()
        return sim, driver, events

    return make


def test_scans_with_symbology_or_aim_reach_the_driver(lane) -> None:
    sim, driver, events = lane()
    answer = sim.control("scan", data="4006381333931", symbology="ean13")
    assert answer == {"sent": True, "frame": b"]E04006381333931\r".hex()}
    assert events.scan() == Scan("4006381333931", "]E0")
    sim.control("scan", data="\x1d0108712345678906", aim="]C1")
    assert events.scan() == Scan("\x1d0108712345678906", "]C1")
    sim.control("scan", data="ABC-123")
    assert events.scan() == Scan("ABC-123")
    state = sim.state()
    assert state["scans_sent"] == 3
    assert state["port"] == driver.port_path
    assert json.loads(json.dumps(state)) == state


def test_prefix_terminator_and_no_aim_are_passed_to_the_driver(lane) -> None:
    sim, _driver, events = lane(terminator="CRLF", prefix="02", aim=False)
    assert sim.driver_config().options == {
        "terminator": "CRLF",
        "prefix": "02",
        "reply_timeout": WAIT,
    }
    sim.control("scan", data="5400141288766", symbology="ean13")
    assert events.scan() == Scan("5400141288766")


def test_a_burst_arrives_as_that_many_scans_in_order(lane) -> None:
    sim, driver, events = lane()
    codes = [f"SEQ{n:05d}" for n in range(50)]
    assert sim.control("burst", codes=codes, symbology="code128") == 50
    assert [events.scan() for _ in codes] == [Scan(code, "]C0") for code in codes]
    assert events.errors.empty()
    assert driver.statistics["good_scans"] == 50


def test_garbage_and_a_half_frame_cost_no_good_scan(lane) -> None:
    sim, driver, events = lane(driver_options={"frame_timeout": 0.05})
    assert sim.control("garbage", bytes_hex="ff0017") == 3
    sim.control("garbage", bytes_hex="0d")
    assert events.errors.get(timeout=WAIT).cause.raw == b"\xff\x00\x17"
    sim.control("half_frame", data="400638", aim="]E0")
    half = events.errors.get(timeout=WAIT).cause
    assert (half.reason, half.raw) == (FrameErrorReason.INCOMPLETE, b"]E0400638")
    sim.control("scan", data="4006381333931", aim="]E0")
    assert events.scan() == Scan("4006381333931", "]E0")
    assert driver.statistics.snapshot()["bad_scans"] == 2


def test_replugged_under_a_new_name_it_is_found_by_its_usb_ids(lane) -> None:
    sim, driver, events = lane(
        usb_serial="S123", enumerate=True, driver_options={"usb_vid": "0c2e", "usb_pid": "0b61"}
    )
    (listed,) = sim.control("ports")
    assert (listed["usb_vid"], listed["usb_pid"], listed["serial_number"]) == (
        "0c2e",
        "0b61",
        "S123",
    )
    old = driver.port_path
    sim.control("unplug")
    assert sim.control("ports") == []
    assert events.status().reason is FaultReason.UNPLUGGED
    new = sim.control("plug", rename=True)
    assert new != old
    assert events.status().state is DeviceState.ONLINE
    assert driver.port_path == new == sim.state()["port"]
    sim.control("scan", data="5400141288766", symbology="ean13")
    assert events.scan() == Scan("5400141288766", "]E0")
    assert driver.statistics["reconnects"] == 1
    assert driver.statistics["port_changes"] == 1
    assert driver.identity.serial_number == "S123"


def test_faults_make_the_driver_fail_and_clear_again(lane) -> None:
    sim, _driver, events = lane()
    assert sim.control("faults") == list(FAULTS)
    assert FAULTS[0] == "unplugged"  # diagnostics tries the first fault
    sim.control("set_fault", fault="unplugged")
    assert sim.state()["fault"] == "unplugged"
    assert events.status().reason is FaultReason.UNPLUGGED
    assert sim.control("scan", data="123456") == {"sent": False, "frame": ""}
    sim.control("set_fault", fault=None)
    assert events.status().state is DeviceState.ONLINE
    sim.control("set_fault", fault="garbage")
    sim.control("scan", data="4006381333931")
    error = events.errors.get(timeout=WAIT)
    assert error.cause.reason is FrameErrorReason.CONTROL_CHARACTERS
    sim.control("set_fault", fault=None)
    sim.control("scan", data="4006381333931")
    assert events.scan() == Scan("4006381333931")
    with pytest.raises(SimCommandError, match="not one of"):
        sim.control("set_fault", fault="on_fire")
    with pytest.raises(SimCommandError, match="symbology"):
        sim.control("scan", data="1", symbology="morse")
    with pytest.raises(SimCommandError, match="hex"):
        sim.control("garbage", bytes_hex="xyz")


def test_zebra_ssi_commands_are_acknowledged_and_obeyed(lane) -> None:
    sim, driver, events = lane(commands="zebra-ssi", revision="NBRFMAAC")
    until(lambda: len(sim.control("received")) == 2, "SCAN_DISABLE and SCAN_ENABLE")
    first, second = sim.control("received")
    assert first == {"command": "SCAN_DISABLE", "raw": "04ea0400ff0e", "answer": "04d00000ff2c"}
    assert second == {"command": "SCAN_ENABLE", "raw": "04e90400ff0f", "answer": "04d00000ff2c"}
    assert sim.state()["enabled"] is True
    sim.control("scan", data="4006381333931", symbology="ean13")
    assert events.scan() == Scan("4006381333931", "]E0")

    report = driver.check_health(HealthLevel.EXTERNAL)
    assert report.ok, report
    assert dict(report.facts)["firmware"] == "NBRFMAAC"

    driver.disable()
    until(lambda: sim.state()["enabled"] is False, "the scanner disabled")
    assert sim.control("scan", data="1234567")["sent"] is False  # it does not read
    assert events.errors.empty()


def test_zebra_ssi_faults_are_reported_by_the_driver(lane) -> None:
    sim, driver, events = lane(commands="zebra-ssi", driver_options={"reply_timeout": 1.0})
    until(lambda: len(sim.control("received")) == 2, "the first two commands")
    sim.control("set_fault", fault="nak")
    driver.disable()
    refused = events.errors.get(timeout=WAIT)
    assert refused.reason is FaultReason.PROTOCOL_ERROR
    assert refused.detail == "scanner refused SCAN_DISABLE: CMD_NAK (denied)"
    sim.control("set_fault", fault="no_answer")
    driver.enable()
    unanswered = events.errors.get(timeout=WAIT)
    assert unanswered.reason is FaultReason.TIMEOUT
    report = driver.check_health(HealthLevel.EXTERNAL)
    assert (report.ok, report.reason) == (False, FaultReason.TIMEOUT)


def test_honeywell_commands_switch_the_trigger_mode(lane) -> None:
    sim, driver, events = lane(commands="honeywell")
    until(lambda: len(sim.control("received")) == 2, "TRGMOD0 and TRGMOD3")
    assert [r["command"] for r in sim.control("received", clear=True)] == ["TRGMOD0", "TRGMOD3"]
    sim.control("scan", data="8710398526434", symbology="ean13")
    assert events.scan() == Scan("8710398526434", "]E0")
    driver.disable()
    until(lambda: sim.state()["enabled"] is False, "manual trigger mode")
    (got,) = sim.control("received")
    assert got == {
        "command": "TRGMOD0",
        "raw": b"\x16M\rTRGMOD0!".hex(),
        "answer": b"TRGMOD0\x06!".hex(),
    }
    assert events.errors.empty()


def test_datalogic_commands(lane) -> None:
    sim, driver, _events = lane(commands="datalogic")
    until(lambda: len(sim.control("received")) == 2, "D and E")
    driver.disable()
    until(lambda: sim.state()["enabled"] is False, "the scanner disabled")
    assert [r["command"] for r in sim.control("received")] == ["D", "E", "D"]


def test_the_simulator_runs_as_its_own_process() -> None:
    process = SimProcess("scanner", name="lane9", options={"commands": "datalogic"})
    driver = SerialScanner(process.driver_config, reconnect_interval=0.02)
    events = Events()
    driver.add_listener(events)
    try:
        assert process.driver_config.url.startswith("/dev/")
        assert process.driver_config.options["commands"] == "datalogic"
        driver.open()
        assert events.status().state is DeviceState.ONLINE
        driver.enable()
        until(lambda: process.call("state")["commands_received"] == 2, "D and E")
        assert process.call("scan", data="4006381333931", symbology="ean13")["sent"]
        assert events.scan() == Scan("4006381333931", "]E0")
        process.call("unplug")
        assert events.status().reason is FaultReason.UNPLUGGED
        process.call("plug")
        assert events.status().state is DeviceState.ONLINE
        with pytest.raises(SimControlError, match="no command"):
            process.call("explode")
    finally:
        driver.close()
        assert process.stop() == 0


def test_a_sim_address_builds_the_real_driver_on_the_simulator() -> None:
    config = DeviceConfig(kind="scanner", driver="sim", url="sim:", options={"prefix": "02"})
    with SimulatorHost() as host:
        device = create_device("scanner", config, simulators=host)
        assert isinstance(device, SerialScanner)
        assert simulator_class("scanner") is ScannerSimulator
        events = Events()
        device.add_listener(events)
        device.open()
        try:
            assert events.status().state is DeviceState.ONLINE
            device.enable()
            host["scanner"].call("scan", data="5400141288766", symbology="ean13")
            assert events.scan() == Scan("5400141288766", "]E0")
        finally:
            device.close()


def test_bad_simulator_options_are_refused() -> None:
    with pytest.raises(ValueError, match="terminator"):
        ScannerSimulator(terminator="NUL")
    with pytest.raises(ValueError, match="commands"):
        ScannerSimulator(commands="symbol")
    with pytest.raises(ValueError, match="usb_vid"):
        ScannerSimulator(usb_vid="xyz")
