"""drivers.scanner.SerialScanner over real pseudo-terminals (pyserial not mocked, no sleeps).

The test plays the scanner on the pty's master side; the driver opens the slave's path.
Unplug on Linux: closing the master makes the driver's next read fail with EIO (an
``OSError``) and the slave's ``/dev/pts/N`` node vanishes at once. The port is reached
through a symlink (like ``/dev/serial/by-id/...``) in ``/dev/shm``: unplugging removes it,
replugging points it at a fresh pty. A port whose name vanishes while reads still
work is noticed too; a half frame followed by a quiet line is given up as ``incomplete``.
Health checks: external (the port; an SSI scanner's revision, the test playing the
scanner on the master side) and interactive (the person's test scan).
"""

from __future__ import annotations

import json
import logging
import os
import queue
import select
import shutil
import tempfile
import threading
import time
import tty
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from drivers.config import DeviceConfig
from drivers.device import (
    DataEvent,
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    ErrorEvent,
    FaultReason,
    HealthLevel,
    Statistics,
    StatusEvent,
)
from drivers.scanner import FrameError, FrameErrorReason, Scan, SerialScanner

WAIT = 5.0  # seconds; only ever reached when a test fails


class Pty:
    """A pseudo-terminal pair; the test writes what a scanner would send to the master."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.closed = False

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            os.close(self.master)
            os.close(self.slave)


class Events:
    """A listener that sorts the scanner's events into queues to wait on."""

    def __init__(self) -> None:
        self.data: queue.Queue[object] = queue.Queue()
        self.errors: queue.Queue[ErrorEvent] = queue.Queue()
        self.statuses: queue.Queue[StatusEvent] = queue.Queue()

    def __call__(self, event: DeviceEvent) -> None:
        if isinstance(event, DataEvent):
            self.data.put(event.payload)
        elif isinstance(event, ErrorEvent):
            self.errors.put(event)
        else:
            self.statuses.put(event)

    def scan(self) -> object:
        return self.data.get(timeout=WAIT)

    def status(self) -> DeviceStatus:
        return self.statuses.get(timeout=WAIT).new


@pytest.fixture
def ptys() -> Iterator[list[Pty]]:
    made: list[Pty] = []
    yield made
    for pty in made:
        pty.close()


@pytest.fixture
def new_pty(ptys: list[Pty]):
    def make() -> Pty:
        pty = Pty()
        ptys.append(pty)
        return pty

    return make


@pytest.fixture
def devdir() -> Iterator[Path]:
    """A directory under /dev (the config accepts only /dev/... paths), like /dev/serial/by-id."""
    path = Path(tempfile.mkdtemp(prefix="selfscan-test-", dir="/dev/shm"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def scanners() -> Iterator[list[SerialScanner]]:
    made: list[SerialScanner] = []
    yield made
    for scanner in made:
        scanner.close()


def config(url: str, **options: object) -> DeviceConfig:
    return DeviceConfig(kind="scanner", driver="serial", url=url, options=options)


@pytest.fixture
def start(scanners: list[SerialScanner]):
    def make(url: str, *, statistics: Statistics | None = None, **options: object):
        scanner = SerialScanner(
            config(url, **options), statistics=statistics, reconnect_interval=0.02
        )
        scanners.append(scanner)
        events = Events()
        scanner.add_listener(events)
        scanner.open()
        scanner.enable()
        return scanner, events

    return make


def test_a_scan_arrives_with_its_aim_identifier(new_pty, start) -> None:
    pty = new_pty()
    scanner, events = start(pty.path)
    assert events.status() == DeviceStatus(DeviceState.ONLINE, None, f"port {pty.path} open")
    pty.write(b"]E08710398526434\r")
    assert events.scan() == Scan("8710398526434", "]E0")
    assert scanner.statistics.snapshot() == {"good_scans": 1}


def test_two_scans_in_one_write_arrive_as_two(new_pty, start) -> None:
    pty = new_pty()
    _, events = start(pty.path, terminator="CRLF", prefix="02", baudrate=115200)
    events.status()
    pty.write(b"\x02]E08710398526434\r\n\x02]C1\x1d0108712345678906\r\n")
    assert events.scan() == Scan("8710398526434", "]E0")
    assert events.scan() == Scan("\x1d0108712345678906", "]C1")
    assert events.errors.empty()


def test_garbage_then_a_scan_gives_an_error_then_the_scan(new_pty, start) -> None:
    pty = new_pty()
    scanner, events = start(pty.path)
    events.status()
    pty.write(b"\xff\x00\x17\r]E04006381333931\r")
    error = events.errors.get(timeout=WAIT)
    assert error.reason is FaultReason.PROTOCOL_ERROR
    assert error.cause == FrameError(FrameErrorReason.CONTROL_CHARACTERS, b"\xff\x00\x17")
    assert events.scan() == Scan("4006381333931", "]E0")
    assert scanner.statistics.snapshot() == {"bad_scans": 1, "good_scans": 1}


def test_unplug_goes_offline_and_replug_comes_back(new_pty, start, devdir: Path) -> None:
    link = devdir / "usb-Scanner"
    first = new_pty()
    link.symlink_to(first.path)
    scanner, events = start(str(link))
    assert events.status().state is DeviceState.ONLINE
    first.write(b"]E0A1\r]E0A2")  # a half frame is on the wire when the cable goes
    assert events.scan() == Scan("A1", "]E0")

    first.close()  # the cable is pulled: the next read fails with EIO
    link.unlink()  # and udev removes the by-id link
    offline = events.status()
    assert (offline.state, offline.reason) == (DeviceState.OFFLINE, FaultReason.UNPLUGGED)
    assert scanner.status.reason is FaultReason.UNPLUGGED  # stays so while it retries

    second = new_pty()  # plugged back in, as a new tty
    tmp = devdir / "new-link"
    tmp.symlink_to(second.path)
    tmp.replace(link)
    assert events.status().state is DeviceState.ONLINE
    second.write(b"]E0B1\r")
    assert events.scan() == Scan("B1", "]E0")  # the half frame "]E0A2" was dropped...
    half = events.errors.get(timeout=WAIT)  # ...and reported, not merged with B1
    assert half.cause == FrameError(FrameErrorReason.INCOMPLETE, b"]E0A2")
    assert events.errors.empty()
    assert events.statuses.empty()
    stats = scanner.statistics.snapshot()
    assert stats == {"good_scans": 2, "bad_scans": 1, "unplugs": 1, "reconnects": 1}


def test_a_missing_port_is_offline_not_found_until_it_appears(new_pty, start, devdir: Path) -> None:
    link = devdir / "late"
    scanner, events = start(str(link))
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.OFFLINE, FaultReason.NOT_FOUND)
    pty = new_pty()
    link.symlink_to(pty.path)
    assert events.status().state is DeviceState.ONLINE
    pty.write(b"]E0C1\r")
    assert events.scan() == Scan("C1", "]E0")
    assert "reconnects" not in scanner.statistics.snapshot()


def test_statistics_are_kept_in_the_file(new_pty, start, tmp_path: Path) -> None:
    path = tmp_path / "scanner-stats.json"
    pty = new_pty()
    scanner, events = start(pty.path, statistics=Statistics(path))
    events.status()
    pty.write(b"]E0111\r\x01\r]E0222\r\r")
    assert events.scan() == Scan("111", "]E0")
    assert events.scan() == Scan("222", "]E0")
    assert events.errors.get(timeout=WAIT).cause.reason is FrameErrorReason.CONTROL_CHARACTERS
    assert events.errors.get(timeout=WAIT).cause.reason is FrameErrorReason.EMPTY
    scanner.close()
    assert scanner.status.state is DeviceState.CLOSED
    assert json.loads(path.read_text()) == {"bad_scans": 1, "empty_frames": 1, "good_scans": 2}

    again, events = start(pty.path, statistics=Statistics(path))
    events.status()
    pty.write(b"]E0333\r")
    events.scan()
    assert again.statistics["good_scans"] == 3
    assert json.loads(path.read_text())["good_scans"] == 3


def test_a_corrupt_statistics_file_does_not_stop_the_scanner(
    new_pty, start, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "scanner-stats.json"
    path.write_text('{"good_scans": 12')
    stats = Statistics(path, logger="drivers.scanner")
    assert stats.load_error is not None
    pty = new_pty()
    _, events = start(pty.path, statistics=stats)
    events.status()
    pty.write(b"]E0444\r")
    assert events.scan() == Scan("444", "]E0")
    assert json.loads(path.read_text()) == {"good_scans": 1}
    assert (tmp_path / "scanner-stats.json.corrupt").read_text() == '{"good_scans": 12'


def test_a_raising_listener_does_not_stop_delivery(
    new_pty, start, caplog: pytest.LogCaptureFixture
) -> None:
    pty = new_pty()
    scanner, events = start(pty.path)
    events.status()

    def broken(event: DeviceEvent) -> None:
        raise RuntimeError("kiosk bug")

    scanner.remove_listener(events)
    scanner.add_listener(broken)  # called first, so its failure is logged before we hear
    scanner.add_listener(events)
    pty.write(b"]E0555\r")
    assert events.scan() == Scan("555", "]E0")
    pty.write(b"]E0666\r")
    assert events.scan() == Scan("666", "]E0")
    assert scanner.status.state is DeviceState.ONLINE
    assert [r.name for r in caplog.records if r.exc_info] == ["drivers.scanner"] * 2


def test_disabled_scanner_drops_scans(new_pty, start) -> None:
    pty = new_pty()
    scanner, events = start(pty.path)
    events.status()
    scanner.disable()
    pty.write(b"]E0777\r")
    scanner.enable()
    pty.write(b"]E0888\r")
    # the first may or may not have been read before enable(); the second arrives
    got = events.scan()
    if got == Scan("777", "]E0"):
        got = events.scan()
    assert got == Scan("888", "]E0")


def test_close_is_prompt_and_idempotent(new_pty, start) -> None:
    pty = new_pty()
    scanner, events = start(pty.path)
    events.status()
    scanner.close()
    assert events.status().state is DeviceState.CLOSED
    scanner.close()
    assert not scanner.enabled


@pytest.mark.parametrize(
    ("options", "url", "message"),
    [
        ({"terminator": "NUL"}, "/dev/ttyACM0", "terminator"),
        ({"prefix": "zz"}, "/dev/ttyACM0", "prefix"),
        ({"speed": 9600}, "/dev/ttyACM0", "unknown"),
        ({}, "tcp://10.0.0.1:9100", "serial port"),
        ({"usb_vid": "0c2e"}, "/dev/ttyACM0", "go together"),
        ({"usb_serial": "X1"}, "/dev/ttyACM0", "needs usb_vid"),
        ({"usb_vid": "0c2e", "usb_pid": "12345"}, "/dev/ttyACM0", "hexadecimal"),
        ({"usb_vid": "05e0", "usb_pid": "1200"}, "usb:0c2e:0b61", "contradict"),
        ({"usb_vid": "0c2e", "usb_pid": "0b61"}, "socket://10.0.0.2:4001", "pyserial URL"),
        ({"commands": "symbol"}, "/dev/ttyACM0", "zebra-ssi"),
        ({"commands": "zebra-ssi", "enable_command": "E"}, "/dev/ttyACM0", "go with"),
        ({"commands": "honeywell", "enable_command": "TRG MOD!"}, "/dev/ttyACM0", "menu"),
        ({"commands": "datalogic", "disable_command": "D"}, "/dev/ttyACM0", "hex bytes"),
        ({"reply_timeout": 0}, "/dev/ttyACM0", "reply_timeout"),
        ({"frame_timeout": -1}, "/dev/ttyACM0", "frame_timeout"),
    ],
)
def test_bad_configuration_is_refused(options: dict, url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SerialScanner(config(url, **options))


def test_logs_one_line_per_status_change(
    new_pty, start, devdir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="drivers.scanner")
    link = devdir / "absent"
    _, events = start(str(link))
    events.status()
    pty = new_pty()
    link.symlink_to(pty.path)
    events.status()
    changes = [r for r in caplog.records if "->" in r.getMessage()]
    assert len(changes) == 2  # closed -> offline/not_found, -> online; retries are quiet


# ----- half frames, vanished ports, health


def test_a_half_frame_is_given_up_when_the_line_goes_quiet(new_pty, start) -> None:
    pty = new_pty()
    scanner, events = start(pty.path, frame_timeout=0.05)
    events.status()
    pty.write(b"]E04006381")  # the scanner resets mid-frame: no terminator ever comes
    error = events.errors.get(timeout=WAIT)
    assert error.reason is FaultReason.PROTOCOL_ERROR
    assert error.cause == FrameError(FrameErrorReason.INCOMPLETE, b"]E04006381")
    pty.write(b"]E05400141288766\r")
    assert events.scan() == Scan("5400141288766", "]E0")  # not merged with the half frame
    assert scanner.statistics.snapshot() == {"bad_scans": 1, "good_scans": 1}


def test_a_port_whose_name_vanishes_goes_offline(new_pty, start, devdir: Path) -> None:
    link = devdir / "usb-Scanner-if00"
    pty = new_pty()
    link.symlink_to(pty.path)
    scanner, events = start(str(link))
    assert events.status().state is DeviceState.ONLINE
    link.unlink()  # the node goes, though reads have not failed (yet)
    offline = events.status()
    assert (offline.state, offline.reason) == (DeviceState.OFFLINE, FaultReason.UNPLUGGED)
    assert "vanished" in offline.detail
    link.symlink_to(pty.path)
    assert events.status().state is DeviceState.ONLINE
    pty.write(b"]E0D1\r")
    assert events.scan() == Scan("D1", "]E0")
    assert scanner.statistics["reconnects"] == 1


def read_exactly(pty: Pty, size: int) -> bytes:
    """What the driver wrote to the scanner: ``size`` bytes, or fewer after WAIT seconds."""
    deadline = time.monotonic() + WAIT
    got = b""
    while len(got) < size and (left := deadline - time.monotonic()) > 0:
        if select.select([pty.master], [], [], left)[0]:
            got += os.read(pty.master, size - len(got))
    return got


def test_interactive_check_enables_the_scanner_and_takes_the_test_scan(new_pty, start) -> None:
    pty = new_pty()
    scanner, events = start(pty.path, commands="datalogic")
    events.status()
    scanner.disable()
    assert read_exactly(pty, 3) == b"DED"  # disabled at open, enabled, disabled
    with ThreadPoolExecutor(1) as pool:
        check = pool.submit(scanner.check_health, HealthLevel.INTERACTIVE, timeout=WAIT)
        assert read_exactly(pty, 1) == b"E"  # switched on for the person to scan
        pty.write(b"]E05400141288766\r")
        report = check.result(timeout=WAIT)
    assert report.ok, report
    assert dict(report.facts)["test_scan"] == "5400141288766"
    assert read_exactly(pty, 1) == b"D"  # and off again
    assert events.data.empty()  # the test scan was the check's, not the kiosk's
    assert "dropped_while_disabled" not in scanner.statistics.snapshot()


def test_interactive_check_waits_for_the_test_code(new_pty, start) -> None:
    pty = new_pty()
    scanner, events = start(pty.path, test_code="5400141288766")
    events.status()
    done = threading.Event()

    def person() -> None:  # scans a wrong code, then the test code, until the check ends
        while not done.wait(0.02):
            pty.write(b"]E04006381333931\r]E05400141288766\r")

    player = threading.Thread(target=person, daemon=True)
    player.start()
    try:
        report = scanner.check_health(HealthLevel.INTERACTIVE, timeout=WAIT)
    finally:
        done.set()
        player.join(WAIT)
    assert report.ok, report
    assert report.facts[-2:] == (("test_scan", "5400141288766"), ("aim_id", "]E0"))
    assert events.scan() == Scan("4006381333931", "]E0")  # other codes go on to the kiosk


def test_interactive_check_without_a_scan_fails_with_its_reason(new_pty, start) -> None:
    pty = new_pty()
    scanner, events = start(pty.path)
    events.status()
    report = scanner.check_health(HealthLevel.INTERACTIVE, timeout=0.05)
    assert not report.ok
    assert report.reason is FaultReason.INTERACTIVE_TIMEOUT
    assert scanner.statistics["health_failed_interactive"] == 1


def test_external_check_of_a_plain_scanner_says_it_cannot_be_asked(new_pty, start) -> None:
    pty = new_pty()
    scanner, events = start(pty.path)
    events.status()
    report = scanner.check_health(HealthLevel.EXTERNAL)
    assert report.ok
    facts = dict(report.facts)
    assert facts["port"] == pty.path
    assert "cannot be asked" in facts["external"]


def with_checksum(body: bytes) -> bytes:
    total = (0x10000 - sum(body)) & 0xFFFF
    return body + total.to_bytes(2, "big")


def test_external_check_asks_an_ssi_scanner_for_its_revision(new_pty, start) -> None:
    pty = new_pty()
    scanner, events = start(pty.path, commands="zebra-ssi", reply_timeout=WAIT)
    events.status()
    ack = bytes.fromhex("04 D0 00 00 FF 2C")  # CMD_ACK from the scanner
    assert read_exactly(pty, 6) == bytes.fromhex("04 EA 04 00 FF 0E")  # SCAN_DISABLE at open
    pty.write(ack)
    assert read_exactly(pty, 6) == bytes.fromhex("04 E9 04 00 FF 0F")  # SCAN_ENABLE
    pty.write(ack)
    reply = with_checksum(bytes.fromhex("0C A4 00 00") + b"NBRFMAAC")  # REPLY_REVISION
    with ThreadPoolExecutor(1) as pool:
        check = pool.submit(scanner.check_health, HealthLevel.EXTERNAL)
        assert read_exactly(pty, 6) == bytes.fromhex("04 A3 04 00 FF 55")  # REQUEST_REVISION
        pty.write(reply + b"]E0123\r")
        report = check.result(timeout=WAIT)
    assert report.ok, report
    assert dict(report.facts)["firmware"] == "NBRFMAAC"
    assert scanner.identity.firmware == "NBRFMAAC"
    assert read_exactly(pty, 6) == bytes.fromhex("04 D0 04 00 FF 28")  # the host's ACK
    assert events.scan() == Scan("123", "]E0")
    assert events.errors.empty()  # the packets never reached the framer


def test_external_check_of_a_silent_ssi_scanner_fails_with_timeout(new_pty, start) -> None:
    pty = new_pty()
    scanner, events = start(pty.path, commands="zebra-ssi", reply_timeout=0.05)
    events.status()
    report = scanner.check_health(HealthLevel.EXTERNAL)
    assert not report.ok
    assert report.reason is FaultReason.TIMEOUT
    assert "did not answer REQUEST_REVISION" in report.detail
    assert events.errors.get(timeout=WAIT).reason is FaultReason.TIMEOUT  # SCAN_DISABLE
    assert scanner.statistics["commands_unanswered"] == 3  # SCAN_DISABLE, _ENABLE, REVISION
