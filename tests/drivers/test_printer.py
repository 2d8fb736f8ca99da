"""drivers.printer.EscposPrinter against the printer simulator over real pseudo-terminals and
real local TCP sockets (pyserial and python-escpos not mocked, no sleeps).

The driver polls every 50 ms here (the default is 1 s), so every transition is seen
quickly; it waits up to 1 s for a status answer, so a loaded machine does not make a
printer look silent (the test of a silent printer waits 0.2 s). Tests wait on queues
of the driver's events, with a generous deadline only reached when a test fails.
"""

from __future__ import annotations

import json
import queue
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.config import DeviceConfig, DeviceKind
from drivers.device import (
    DataEvent,
    DeviceError,
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    ErrorEvent,
    FaultReason,
    HealthLevel,
    Statistics,
    StatusEvent,
)
from drivers.printer import EscposPrinter, PaperState, PrinterStatus, Receipt, StatusByteError
from drivers.registry import create_device, driver_class
from drivers.sim.control import SimProcess
from drivers.sim.host import SimulatorHost
from drivers.sim.printer import PrinterSimulator

WAIT = 5.0  # seconds; only ever reached when a test fails
FAST = {"poll_interval": 0.05, "status_timeout": 1.0}
DUTCH = "Kaas jong belegen € 4,49 é ë ï ö ü ĳ"


class Events:
    """A listener that sorts the printer's events into queues to wait on."""

    def __init__(self) -> None:
        self.statuses: queue.Queue[DeviceStatus] = queue.Queue()
        self.errors: queue.Queue[ErrorEvent] = queue.Queue()
        self.reports: queue.Queue[PrinterStatus] = queue.Queue()

    def __call__(self, event: DeviceEvent) -> None:
        if isinstance(event, StatusEvent):
            self.statuses.put(event.new)
        elif isinstance(event, ErrorEvent):
            self.errors.put(event)
        elif isinstance(event, DataEvent):
            self.reports.put(event.payload)

    def status(self) -> DeviceStatus:
        return self.statuses.get(timeout=WAIT)

    def until(self, state: DeviceState, reason: FaultReason | None = None) -> DeviceStatus:
        """The first status event with ``state`` and ``reason`` (earlier ones are passed)."""
        deadline = time.monotonic() + WAIT
        while True:
            status = self.statuses.get(timeout=max(deadline - time.monotonic(), 0.001))
            if (status.state, status.reason) == (state, reason):
                return status

    def report(self, predicate: Callable[[PrinterStatus], bool]) -> PrinterStatus:
        deadline = time.monotonic() + WAIT
        while True:
            report = self.reports.get(timeout=max(deadline - time.monotonic(), 0.001))
            if predicate(report):
                return report


@pytest.fixture
def sims() -> Iterator[list[PrinterSimulator]]:
    made: list[PrinterSimulator] = []
    yield made
    for sim in made:
        sim.stop()


@pytest.fixture
def printers() -> Iterator[list[EscposPrinter]]:
    made: list[EscposPrinter] = []
    yield made
    for printer in made:
        printer.close()


@pytest.fixture
def sim(sims: list[PrinterSimulator]):
    def make(**options: object) -> PrinterSimulator:
        simulator = PrinterSimulator(**options)
        simulator.start()
        sims.append(simulator)
        return simulator

    return make


@pytest.fixture
def start(printers: list[EscposPrinter]):
    def make(
        url: str, *, statistics: Statistics | None = None, **options: object
    ) -> tuple[EscposPrinter, Events]:
        config = DeviceConfig(kind="printer", driver="escpos", url=url, options={**FAST, **options})
        printer = EscposPrinter(config, statistics=statistics, reconnect_interval=0.02)
        printers.append(printer)
        events = Events()
        printer.add_listener(events)
        printer.open()
        printer.enable()
        return printer, events

    return make


@pytest.fixture
def online(sim, start):
    """A simulator (pty unless transport="tcp") and a driver that has come online."""

    def make(**sim_options: object) -> tuple[PrinterSimulator, EscposPrinter, Events]:
        simulator = sim(**sim_options)
        printer, events = start(simulator.driver_config().url)
        assert events.status().state is DeviceState.ONLINE
        return simulator, printer, events

    return make


def lines(n: int) -> list[str]:
    return [f"Artikel {i:03d}".ljust(36) + f"{i % 10},{i % 100:02d}" for i in range(1, n + 1)]


@pytest.mark.parametrize("transport", ["pty", "tcp"])
def test_a_receipt_round_trips_with_euro_and_dutch_characters(online, transport: str) -> None:
    simulator, printer, _ = online(transport=transport)
    receipt = Receipt(
        lines=[DUTCH, "Appelsap…", "-" * 42, "TOTAAL".ljust(34) + "€ 6,48"],
        header=["Super De Boer"],
        qr="T-20240611-0042",
        barcode="T-20240611-0042",
    )
    result = printer.print_receipt(receipt)
    assert result.ok, result
    assert (result.lines_sent, result.lines_total, result.lines_confirmed) == (5, 5, 5)
    assert result.bytes_sent == result.bytes_total > 0
    printed = simulator.control("last_receipt")
    assert printed["text"] == "\n".join(
        [
            "Super De Boer",
            "Kaas jong belegen € 4,49 é ë ï ö ü ij",
            "Appelsap.",
            "-" * 42,
            "TOTAAL                            € 6,48",
        ]
    )
    assert printed["lines"][0]["bold"] and printed["lines"][0]["width"] == 2
    assert printed["qr_codes"] == ["T-20240611-0042"]
    assert printed["barcodes"] == [{"symbology": "CODE128", "text": "T-20240611-0042"}]
    assert printed["cut"] == "partial"
    assert printed["code_pages"] == [19]
    assert simulator.state()["unknown"] == 0
    stats = printer.statistics.snapshot()
    assert stats["receipts_printed"] == 1 and stats["lines_printed"] == 5


def test_plain_lines_print_too(online) -> None:
    simulator, printer, _ = online()
    assert printer.print_receipt(["één", "twee"]).ok
    assert simulator.control("receipts") == ["één\ntwee"]


def test_identity_comes_from_gs_i(online) -> None:
    _, printer, _ = online(model="TM-T88V", maker="EPSON", firmware="30.01", serial_number="X1")
    identity = printer.identity
    assert identity.model == "EPSON TM-T88V"
    assert (identity.firmware, identity.serial_number) == ("30.01", "X1")


def test_identity_falls_back_to_the_configured_model(sim, start) -> None:
    simulator = sim(answer_identity=False)
    printer, events = start(simulator.driver_config().url, model="Star TSP143")
    assert events.status().state is DeviceState.ONLINE
    assert printer.refresh_status() is not None  # the identity query has been made
    assert printer.identity.model == "Star TSP143"
    assert printer.identity.firmware is None


def test_paper_out_and_back_are_status_events(online) -> None:
    simulator, printer, events = online()
    simulator.control("set_fault", fault="paper_out")
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.ERROR, FaultReason.PAPER_OUT)
    report = events.report(lambda r: r.paper is PaperState.OUT)
    assert not report.online
    simulator.control("set_fault", fault=None)  # paper refilled
    assert events.status() == DeviceStatus(DeviceState.ONLINE, None, "ready")
    assert events.statuses.empty()
    assert printer.statistics["paper_outs"] == 1


def test_cover_open_refuses_a_receipt_without_sending_it(online) -> None:
    simulator, printer, events = online()
    simulator.control("set_fault", fault="cover_open")
    assert events.status().reason is FaultReason.COVER_OPEN
    result = printer.print_receipt(["never printed"])
    assert not result.ok and result.reason is FaultReason.COVER_OPEN
    assert (result.bytes_sent, result.lines_sent) == (0, 0)
    assert "printer not ready: cover open; 0 of 1 lines sent" in result.detail
    error = events.errors.get(timeout=WAIT)
    assert error.reason is FaultReason.COVER_OPEN and error.cause is result
    simulator.control("set_fault", fault=None)
    events.until(DeviceState.ONLINE)
    assert simulator.control("receipts") == []
    stats = printer.statistics.snapshot()
    assert stats["cover_opens"] == 1 and stats["receipts_failed"] == 1


def test_offline_without_a_cause(online) -> None:
    simulator, _, events = online()
    simulator.control("set_fault", fault="offline")
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.ERROR, FaultReason.DEVICE_OFFLINE)


def test_unrecoverable_error(online) -> None:
    simulator, printer, events = online()
    simulator.control("set_fault", fault="unrecoverable_error")
    assert events.status().reason is FaultReason.UNRECOVERABLE_ERROR
    assert printer.statistics["unrecoverable_errors"] == 1
    assert simulator.state()["recoveries"] == []  # DLE ENQ cannot help: not sent


def test_a_printer_that_does_not_answer_times_out_and_comes_back(sim, start) -> None:
    simulator = sim()
    printer, events = start(simulator.driver_config().url, status_timeout=0.2)
    assert events.status().state is DeviceState.ONLINE
    simulator.control("set_fault", fault="silent")
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.OFFLINE, FaultReason.TIMEOUT)
    assert "no answer to DLE EOT within 0.2 s" in status.detail
    result = printer.print_receipt(["x"])
    assert result.reason is FaultReason.TIMEOUT and result.bytes_sent == 0
    simulator.control("set_fault", fault=None)
    assert events.until(DeviceState.ONLINE).state is DeviceState.ONLINE
    assert printer.statistics["timeouts"] == 1


def test_a_status_byte_with_wrong_fixed_bits_is_a_protocol_error(online) -> None:
    simulator, printer, events = online()
    simulator.control("set_fault", fault="bad_status")
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.ERROR, FaultReason.PROTOCOL_ERROR)
    error = events.errors.get(timeout=WAIT)
    assert error.reason is FaultReason.PROTOCOL_ERROR
    assert isinstance(error.cause, StatusByteError) and error.cause.value == 0xFF
    simulator.control("set_fault", fault=None)
    events.until(DeviceState.ONLINE)
    assert events.errors.empty()  # one error for the episode, not one per poll
    assert printer.statistics["protocol_errors"] == 1


def test_paper_out_mid_receipt_is_reported_with_how_far_it_got(online) -> None:
    simulator, printer, events = online()
    simulator.control("set_paper", lines=20)
    result = printer.print_receipt(Receipt(lines=lines(100)))
    assert not result.ok
    assert result.reason is FaultReason.PAPER_OUT
    assert result.lines_total == 100
    assert result.lines_confirmed <= 20 <= result.lines_sent < 100
    assert 0 < result.bytes_sent < result.bytes_total
    assert result.status is not None and result.status.paper_out
    assert f"receipt cut short: paper out; {result.lines_sent} of 100 lines sent" in result.detail
    printed = simulator.control("last_receipt")
    assert printed["text"].splitlines() == lines(20)  # what was on the roll, no more
    assert printed["cut"] is None
    assert events.until(DeviceState.ERROR, FaultReason.PAPER_OUT)
    simulator.control("set_fault", fault=None)  # a new roll
    events.until(DeviceState.ONLINE)
    stats = printer.statistics.snapshot()
    assert stats["receipts_failed"] == 1 and stats["paper_outs"] == 1
    assert "receipts_printed" not in stats


def test_unplugged_mid_receipt_then_back(online) -> None:
    simulator, printer, events = online()
    simulator.after_line = lambda n: n == 10 and simulator.unplug()
    result = printer.print_receipt(Receipt(lines=lines(60)))
    assert not result.ok
    assert result.reason is FaultReason.UNPLUGGED
    assert 10 <= result.lines_sent < 60 and result.lines_confirmed < result.lines_sent
    assert events.until(DeviceState.OFFLINE, FaultReason.UNPLUGGED)
    simulator.after_line = None
    simulator.control("plug")
    events.until(DeviceState.ONLINE)
    assert printer.print_receipt(["after the replug"]).ok
    assert simulator.control("last_receipt")["text"].endswith("after the replug")
    stats = printer.statistics.snapshot()
    assert stats["connection_losses"] == 1 and stats["reconnects"] == 1
    assert stats["receipts_failed"] == 1 and stats["receipts_printed"] == 1


def test_tcp_connection_dropped_mid_receipt_then_back(online) -> None:
    simulator, printer, events = online(transport="tcp")
    simulator.after_line = lambda n: n == 10 and simulator.drop_connections()
    result = printer.print_receipt(Receipt(lines=lines(60)))
    simulator.after_line = None
    assert not result.ok
    assert result.reason is FaultReason.CONNECTION_LOST
    assert result.lines_sent < 60
    # reconnecting is immediate here: the lost connection may be followed by online at once
    events.until(DeviceState.OFFLINE, FaultReason.CONNECTION_LOST)
    events.until(DeviceState.ONLINE)
    assert printer.print_receipt(["after the reconnect"]).ok
    assert printer.statistics["reconnects"] == 1


def test_idle_unplug_and_replug(online) -> None:
    simulator, printer, events = online()
    simulator.control("unplug")
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.OFFLINE, FaultReason.UNPLUGGED)
    assert printer.status.reason is FaultReason.UNPLUGGED  # stays so while it retries
    simulator.control("plug")
    events.until(DeviceState.ONLINE)
    assert printer.statistics["reconnects"] == 1


def test_a_cutter_error_is_recovered_with_dle_enq(online) -> None:
    simulator, printer, events = online()
    simulator.control("set_fault", fault="cutter_error")
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.ERROR, FaultReason.CUTTER_ERROR)
    simulator.control("set_fault", fault=None)  # the jam is cleared; the printer waits for us
    events.until(DeviceState.ONLINE)
    assert 2 in simulator.state()["recoveries"]  # DLE ENQ 2: recover, clear the buffers
    stats = printer.statistics.snapshot()
    assert stats["cutter_errors"] == 1 and stats["recoveries"] == 1


def test_paper_near_end_stays_online_and_is_reported(online) -> None:
    simulator, printer, events = online()
    simulator.control("set_fault", fault="paper_near_end")
    report = events.report(lambda r: r.paper is PaperState.NEAR_END)
    assert report.online and report.can_print
    assert printer.status == DeviceStatus(DeviceState.ONLINE, None, "paper near end")
    health = printer.check_health(HealthLevel.EXTERNAL)
    assert health.ok and ("paper", "near end") in health.facts
    assert ("warning", "paper near end") in health.facts
    assert printer.print_receipt(["still printing"]).ok
    assert events.statuses.empty()  # no state change
    assert printer.statistics["paper_near_ends"] == 1


def test_a_missing_port_is_offline_not_found_until_it_appears(sim, start) -> None:
    directory = Path(tempfile.mkdtemp(prefix="selfscan-test-", dir="/dev/shm"))
    try:
        link = directory / "printer"
        printer, events = start(str(link))
        status = events.status()
        assert (status.state, status.reason) == (DeviceState.OFFLINE, FaultReason.NOT_FOUND)
        simulator = sim()
        link.symlink_to(simulator.driver_config().url)
        events.until(DeviceState.ONLINE)
        assert printer.print_receipt(["found"]).ok
        assert "reconnects" not in printer.statistics.snapshot()
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def test_a_usb_printer_that_is_not_there(start) -> None:
    printer, events = start("usb:04b8:0e28")
    status = events.status()
    assert status.state is DeviceState.OFFLINE
    assert printer.identity.usb_vid == 0x04B8 and printer.identity.usb_pid == 0x0E28
    import usb.core

    try:
        usb.core.find()
    except usb.core.NoBackendError:
        assert status.reason is FaultReason.OTHER and "libusb" in status.detail
    else:
        assert status.reason is FaultReason.NOT_FOUND
    assert not printer.print_receipt(["x"]).ok


def test_health_checks_and_the_test_page(online) -> None:
    simulator, printer, _ = online()
    internal = printer.check_health(HealthLevel.INTERNAL)
    assert internal.ok and ("code_page", "CP858") in internal.facts
    external = printer.check_health(HealthLevel.EXTERNAL)
    assert external.ok
    assert ("paper", "ok") in external.facts and ("firmware", "1.00 sim") in external.facts
    interactive = printer.check_health(HealthLevel.INTERACTIVE)
    assert interactive.ok, interactive
    page = simulator.control("last_receipt")
    assert "€ é ë ï ö ü ij  É Ë Ï Ö Ü" in page["text"]
    assert "model: selfscan TM-T88V (simulated)" in page["text"]
    assert page["qr_codes"] == ["selfscan printer test"] and page["cut"] == "partial"
    simulator.control("set_fault", fault="paper_out")
    failed = printer.check_health(HealthLevel.EXTERNAL)
    assert not failed.ok and failed.reason is FaultReason.PAPER_OUT


def test_statistics_are_kept_in_the_file(online, start, tmp_path: Path) -> None:
    path = tmp_path / "printer.stats.json"
    simulator, _, _ = online()
    printer, events = start(simulator.driver_config().url, statistics=Statistics(path))
    events.until(DeviceState.ONLINE)
    assert printer.print_receipt(["a", "b"]).ok
    assert json.loads(path.read_text()) == {"lines_printed": 2, "receipts_printed": 1}


def test_closed_printer_refuses_and_close_is_idempotent(online) -> None:
    _, printer, events = online()
    printer.close()
    assert events.status().state is DeviceState.CLOSED
    with pytest.raises(DeviceError, match="closed"):
        printer.print_receipt(["x"])
    printer.close()


@pytest.mark.parametrize(
    ("url", "options", "message"),
    [
        ("/dev/ttyS0", {"speed": 9600}, "unknown printer options: speed"),
        ("/dev/ttyS0", {"code_page": "CP9999"}, "no code page"),
        ("/dev/ttyS0", {"poll_interval": "often"}, "must be a number"),
        ("/dev/ttyS0", {"poll_interval": 0}, "poll_interval must be"),
        ("/dev/ttyS0", {"baudrate": 9600.5}, "whole number"),
        ("/dev/ttyS0", {"flow_control": "dsrdtr"}, "flow_control"),
        ("/dev/ttyS0", {"cut": "half"}, "cut must be"),
        ("/dev/ttyS0", {"columns": 8}, "columns must be"),
        ("/dev/ttyS0", {"model": 5}, "must be text"),
        ("tcp://10.0.0.5:9100", {"baudrate": 9600}, "baudrate is for serial ports only"),
        ("/dev/ttyS0", {"connect_timeout": 2}, "for tcp:// addresses only"),
        ("usb:04b8:0e28", {"flow_control": "rtscts"}, "for serial ports only"),
    ],
)
def test_bad_configuration_is_refused(url: str, options: dict, message: str) -> None:
    config = DeviceConfig(kind="printer", driver="escpos", url=url, options=options)
    with pytest.raises(ValueError, match=message):
        EscposPrinter(config)


def test_the_registry_builds_it_for_a_simulated_printer() -> None:
    assert driver_class(DeviceKind.PRINTER, "escpos") is EscposPrinter
    with SimulatorHost() as host:
        config = DeviceConfig(kind="printer", driver="sim", url="sim:")
        printer = create_device("printer", config, simulators=host)
        assert isinstance(printer, EscposPrinter)
        printer.open()
        try:
            assert printer.status.state is DeviceState.ONLINE
            assert printer.print_receipt(["via the registry"]).ok
            assert host["printer"].call("receipts") == ["via the registry"]
        finally:
            printer.close()


def test_printing_through_a_simulator_in_its_own_process(printers) -> None:
    process = SimProcess(DeviceKind.PRINTER, options={"transport": "tcp"})
    try:
        config = process.driver_config.model_copy(update={"options": FAST})
        printer = EscposPrinter(config, reconnect_interval=0.02)
        printers.append(printer)
        events = Events()
        printer.add_listener(events)
        printer.open()
        assert printer.status.state is DeviceState.ONLINE
        assert printer.print_receipt([DUTCH]).ok
        assert process.call("last_receipt")["text"] == "Kaas jong belegen € 4,49 é ë ï ö ü ij"
        process.call("set_fault", fault="paper_out")
        events.until(DeviceState.ERROR, FaultReason.PAPER_OUT)
    finally:
        process.stop()
