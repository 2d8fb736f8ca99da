"""SerialScanner finds its scanner by USB VID:PID (+serial) when the port name changes.

The ports are real pseudo-terminals (:class:`drivers.sim.pty.SimPty`, reached through
links under /dev/shm as /dev/serial/by-id links are); the port *list* is a fake
enumerator the test changes, as the kernel's list changes when a USB device is replugged.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.config import DeviceConfig
from drivers.device import DeviceState, FaultReason
from drivers.scanner import PortInfo, Scan, SerialScanner
from drivers.sim.pty import SimPty, link_directory
from tests.drivers.test_serial_scanner import WAIT, Events

VID, PID = 0x0C2E, 0x0B61


class FakePorts:
    """An enumerator whose port list the test sets."""

    def __init__(self) -> None:
        self._called = threading.Condition()
        self._ports: list[PortInfo] = []
        self.fail: Exception | None = None
        self.calls = 0

    def set(self, *ports: PortInfo) -> None:
        with self._called:
            self._ports = list(ports)

    def __call__(self) -> list[PortInfo]:
        with self._called:
            self.calls += 1
            self._called.notify_all()
            if self.fail is not None:
                raise self.fail
            return list(self._ports)

    def wait_calls(self, count: int) -> bool:
        with self._called:
            return self._called.wait_for(lambda: self.calls >= count, timeout=WAIT)


def scanner_port(path: str, serial_number: str = "17263B0123", vid: int = VID) -> PortInfo:
    return PortInfo(
        device=path,
        usb_vid=vid,
        usb_pid=PID if vid == VID else 0x6001,
        serial_number=serial_number,
        manufacturer="Honeywell",
        product="Scanner",
        location="1-1.2:1.0",
    )


@pytest.fixture
def links() -> Iterator[Path]:
    path = link_directory("selfscan-test-usb-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def ptys() -> Iterator[list[SimPty]]:
    made: list[SimPty] = []
    yield made
    for pty in made:
        pty.unplug()


@pytest.fixture
def start(ptys: list[SimPty]):
    made: list[SerialScanner] = []

    def make(url: str, ports: FakePorts, **options: object) -> tuple[SerialScanner, Events]:
        config = DeviceConfig(kind="scanner", driver="serial", url=url, options=options)
        scanner = SerialScanner(config, reconnect_interval=0.02, enumerate_ports=ports)
        made.append(scanner)
        events = Events()
        scanner.add_listener(events)
        scanner.open()
        scanner.enable()
        return scanner, events

    yield make
    for scanner in made:
        scanner.close()


def test_a_replugged_scanner_is_found_again_under_its_new_name(
    links: Path, ptys: list[SimPty], start
) -> None:
    pty = SimPty(links / "ttyACM0")
    ptys.append(pty)
    ports = FakePorts()
    ports.set(scanner_port(pty.path))
    scanner, events = start(pty.path, ports, usb_vid="0c2e", usb_pid="0b61")
    assert events.status().state is DeviceState.ONLINE
    identity = scanner.identity
    assert (identity.port, identity.usb_vid, identity.usb_pid) == (pty.path, VID, PID)
    assert identity.serial_number == "17263B0123"
    assert identity.model == "Honeywell Scanner"
    pty.write(b"]E04006381333931\r")
    assert events.scan() == Scan("4006381333931", "]E0")

    ports.set()  # the cable is pulled: the port and its list entry go
    pty.unplug()
    offline = events.status()
    assert (offline.state, offline.reason) == (DeviceState.OFFLINE, FaultReason.UNPLUGGED)

    pty.plug(links / "ttyACM1")  # back, under another name (ttyACM0 was still held)
    ports.set(scanner_port(pty.path))
    online = events.status()
    assert online.state is DeviceState.ONLINE
    assert online.detail == f"port {links / 'ttyACM1'} open (found by USB id 0c2e:0b61)"
    assert scanner.port_path == str(links / "ttyACM1")
    assert scanner.identity.port == str(links / "ttyACM1")
    pty.write(b"]E05400141288766\r")
    assert events.scan() == Scan("5400141288766", "]E0")
    assert events.errors.empty()
    stats = scanner.statistics.snapshot()
    assert stats == {"good_scans": 2, "unplugs": 1, "reconnects": 1, "port_changes": 1}


def test_a_usb_address_is_found_in_the_port_list(links: Path, ptys: list[SimPty], start) -> None:
    ports = FakePorts()
    scanner, events = start("usb:0c2e:0b61", ports)
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.OFFLINE, FaultReason.NOT_FOUND)
    assert status.detail == "no port has USB id 0c2e:0b61"
    assert scanner.identity.port is None

    pty = SimPty(links / "ttyACM3")
    ptys.append(pty)
    ports.set(PortInfo("/dev/ttyS0"), scanner_port(pty.path))
    assert events.status().state is DeviceState.ONLINE
    assert scanner.identity.port == pty.path
    pty.write(b"]C1\x1d0108712345678906\r")
    assert events.scan() == Scan("\x1d0108712345678906", "]C1")
    assert "reconnects" not in scanner.statistics.snapshot()


def test_two_scanners_with_the_same_ids_need_the_serial_number(
    links: Path, ptys: list[SimPty], start
) -> None:
    first, second = SimPty(links / "ttyACM0"), SimPty(links / "ttyACM1")
    ptys += [first, second]
    ports = FakePorts()
    ports.set(scanner_port(first.path, "AAA"), scanner_port(second.path, "BBB"))
    _, events = start("usb:0c2e:0b61", ports)
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.OFFLINE, FaultReason.NOT_FOUND)
    assert "2 ports have USB id 0c2e:0b61" in status.detail
    assert "configure usb_serial" in status.detail

    chosen, events = start("usb:0c2e:0b61", ports, usb_serial="BBB")
    assert events.status().state is DeviceState.ONLINE
    assert chosen.identity.port == second.path
    assert chosen.identity.serial_number == "BBB"
    second.write(b"]E0222\r")
    assert events.scan() == Scan("222", "]E0")


def test_a_configured_path_taken_by_another_device_is_passed_over(
    links: Path, ptys: list[SimPty], start
) -> None:
    adapter, scanner_pty = SimPty(links / "ttyUSB0"), SimPty(links / "ttyACM7")
    ptys += [adapter, scanner_pty]
    ports = FakePorts()  # the configured name is now a USB-serial adapter (e.g. the scale's)
    ports.set(scanner_port(adapter.path, "FT1", vid=0x0403), scanner_port(scanner_pty.path))
    scanner, events = start(adapter.path, ports, usb_vid="0c2e", usb_pid="0b61")
    assert events.status().state is DeviceState.ONLINE
    assert scanner.port_path == scanner_pty.path
    scanner_pty.write(b"]E0777\r")
    assert events.scan() == Scan("777", "]E0")


def test_a_configured_path_not_listed_as_usb_is_opened_as_it_is(
    links: Path, ptys: list[SimPty], start
) -> None:
    pty = SimPty(links / "ttyACM0")
    ptys.append(pty)
    scanner, events = start(pty.path, FakePorts(), usb_vid="0c2e", usb_pid="0b61")
    assert events.status().state is DeviceState.ONLINE
    assert scanner.port_path == pty.path
    assert (scanner.identity.usb_vid, scanner.identity.usb_pid) == (VID, PID)  # as configured


def test_a_failing_enumerator_is_logged_and_retried(
    links: Path, ptys: list[SimPty], start, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="drivers.scanner")
    ports = FakePorts()
    ports.fail = OSError("sysfs is not mounted")
    _, events = start("usb:0c2e:0b61", ports)
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.OFFLINE, FaultReason.NOT_FOUND)
    assert ports.wait_calls(3)  # retried, still failing...
    logged = [r for r in caplog.records if "sysfs is not mounted" in r.getMessage()]
    assert len(logged) == 1  # ...and logged once, not at every retry
    pty = SimPty(links / "ttyACM0")
    ptys.append(pty)
    ports.set(scanner_port(pty.path))
    ports.fail = None
    assert events.status().state is DeviceState.ONLINE
    pty.write(b"]E0888\r")
    assert events.scan() == Scan("888", "]E0")
