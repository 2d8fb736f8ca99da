"""drivers.sim.printer.PrinterSimulator on its own: raw ESC/POS bytes over a real pty and a
real TCP socket, status answers per fault, paper running out, recovery, the picture."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial
from PIL import Image as PILImage

from drivers.device import FaultReason
from drivers.printer.status import decode_status
from drivers.sim.base import SimCommandError
from drivers.sim.printer import FAULTS, PrinterSimulator

WAIT = 5.0
STATUS = b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04"


@pytest.fixture
def sims() -> Iterator[list[PrinterSimulator]]:
    made: list[PrinterSimulator] = []
    yield made
    for sim in made:
        sim.stop()


@pytest.fixture
def start(sims: list[PrinterSimulator]):
    def make(**options: object) -> PrinterSimulator:
        sim = PrinterSimulator(**options)
        sim.start()
        sims.append(sim)
        return sim

    return make


def status_of(sim: PrinterSimulator) -> bytes:
    return sim.receive(STATUS)


def read_exactly(port: serial.Serial, size: int) -> bytes:
    data = b""
    deadline = time.monotonic() + WAIT
    while len(data) < size and time.monotonic() < deadline:
        data += port.read(size - len(data))
    return data


def test_status_answers_follow_the_fault(start) -> None:
    sim = start()
    expected = {
        None: None,
        "paper_out": FaultReason.PAPER_OUT,
        "cover_open": FaultReason.COVER_OPEN,
        "offline": FaultReason.DEVICE_OFFLINE,
        "cutter_error": FaultReason.CUTTER_ERROR,
        "unrecoverable_error": FaultReason.UNRECOVERABLE_ERROR,
        "paper_near_end": None,
    }
    for fault, reason in expected.items():
        if fault != "cutter_error":
            sim.receive(b"\x10\x05\x02")  # clear a latched cutter error from the round before
        sim.control("set_fault", fault=fault)
        answer = status_of(sim)
        assert len(answer) == 4, fault
        assert decode_status(answer).fault()[1] is reason, fault  # the driver's reading agrees
    sim.control("set_fault", fault="paper_near_end")
    assert decode_status(status_of(sim)).paper.value == "near_end"
    sim.control("set_fault", fault="silent")
    assert status_of(sim) == b""
    sim.control("set_fault", fault="bad_status")
    assert status_of(sim) == b"\xff" * 4


def test_faults_are_listed_with_the_stopping_one_first(start) -> None:
    sim = start()
    assert sim.control("faults") == list(FAULTS)
    assert FAULTS[0] == "paper_out"
    with pytest.raises(SimCommandError, match="unknown printer fault"):
        sim.control("set_fault", fault="on_fire")
    assert sim.control("set_fault", fault="cover_open")["fault"] == "cover_open"
    assert sim.control("set_fault")["fault"] is None


def test_a_cleared_cutter_jam_waits_for_dle_enq(start) -> None:
    sim = start()
    sim.control("set_fault", fault="cutter_error")
    sim.receive(b"\x10\x05\x02")  # the jam is still there: no recovery
    assert decode_status(status_of(sim)).cutter_error
    sim.control("set_fault", fault=None)  # the technician clears the jam
    assert sim.state()["fault"] == "cutter_error"  # ... but the printer waits for the host
    sim.receive(b"hidden\n")
    sim.receive(b"\x10\x05\x01")
    assert decode_status(status_of(sim)).can_print
    sim.receive(b"shown\n")
    assert sim.control("receipts") == ["shown"]
    assert sim.state()["recoveries"] == [2, 1]
    assert sim.state()["dropped"] == 2  # "hidden" and its line feed


def test_the_roll_runs_out_mid_receipt(start) -> None:
    sim = start(paper_lines=3, near_end_lines=1)
    sim.receive(b"\x1b@one\n")
    assert decode_status(status_of(sim)).paper.value == "ok"
    sim.receive(b"two\n")
    assert decode_status(status_of(sim)).paper.value == "near_end"  # one line left
    sim.receive(b"three\n")
    assert decode_status(status_of(sim)).paper.value == "out"
    sim.receive(b"four\nfive\n\x1dV\x01")
    assert sim.control("receipts") == ["one\ntwo\nthree"]
    state = sim.state()
    assert state["fault"] == "paper_out" and state["receipt_in_progress"]
    assert state["paper_remaining"] == 0 and state["dropped"] == 5
    sim.control("set_fault", fault=None)  # a new roll
    sim.receive(b"six\n\x1dV\x01")
    assert sim.control("receipts") == ["one\ntwo\nthree\nsix"]
    assert sim.control("last_receipt")["cut"] == "partial"


def test_receipts_split_at_cuts_and_clear(start) -> None:
    sim = start()
    sim.receive(b"\x1b@\x1bt\x13first \xd5\n\x1bd\x03\x1dV\x00second\n")
    assert sim.control("receipts") == ["first €", "second"]
    first = sim.control("last_receipt")
    assert first["cut"] is None and first["text"] == "second"
    sim.control("clear")
    assert sim.control("receipts") == []
    assert sim.control("last_receipt") is None


def test_identity_answers(start) -> None:
    sim = start(model="TM-T88V", maker="EPSON", firmware="30.01 ESC/POS")
    assert sim.receive(b"\x1dI\x43") == b"_TM-T88V\x00"
    assert sim.receive(b"\x1dI\x41\x1dI\x42") == b"_30.01 ESC/POS\x00_EPSON\x00"
    sim.control("set_fault", fault="paper_out")
    assert sim.receive(b"\x1dI\x43") == b""  # not a real-time command: not while offline
    quiet = start(answer_identity=False)
    assert quiet.receive(b"\x1dI\x43") == b""


def test_over_a_real_pty_with_garbage_and_unplug(start) -> None:
    sim = start()
    path = sim.driver_config().url
    assert path.startswith("/dev/shm/") and os.path.islink(path)
    with serial.serial_for_url(path, timeout=WAIT) as port:
        port.write(b"\xff\x00\x1bZ\x1d\x99\x07garbage\n")  # junk, then a line of text
        port.write(b"\x1b@ok\n\x10\x04\x01")
        assert read_exactly(port, 1) == b"\x12"
        state = sim.state()
        assert state["unknown"] >= 4
        assert sim.control("receipts")[-1].endswith("ok")
        sim.control("unplug")
        assert not os.path.exists(path)
        with pytest.raises(serial.SerialException):
            port.read(1)
    sim.control("plug")
    with serial.serial_for_url(path, timeout=WAIT) as port:
        port.write(b"\x10\x04\x04")
        assert read_exactly(port, 1) == b"\x12"


def test_over_a_real_tcp_socket_and_dropped(start) -> None:
    sim = start(transport="tcp")
    url = sim.driver_config().url
    assert url.startswith("tcp://127.0.0.1:")
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as sock:
        sock.sendall(b"\x1b@\x1bt\x10hallo \x80\n" + STATUS)
        answer = b""
        while len(answer) < 4:
            answer += sock.recv(4)
        assert decode_status(answer).can_print
        assert sim.control("receipts") == ["hallo €"]
        sim.control("drop_connections")
        assert sock.recv(1) == b""  # the printer hung up
    with pytest.raises(SimCommandError, match="pty"):
        sim.control("unplug")


def test_render_draws_the_receipt(start, tmp_path: Path) -> None:
    sim = start()
    logo = b"\x1dv0\x00\x02\x00\x04\x00" + b"\xff\xff" * 4
    qr = b"\x1d(k\x06\x00\x31\x50\x30T-1\x1d(k\x03\x00\x31\x51\x30"
    sim.receive(b"\x1b@\x1ba\x01" + logo + b"\x1b!\x38Winkel\n\x1b!\x00\x1ba\x00")
    sim.receive(b"Kaas \xe2\x82\xac\n" * 3 + qr + b"\x1dkI\x05{BT-1\x1bd\x03\x1dV\x01")
    small = sim.control("render", path=str(tmp_path / "receipt.png"))
    picture = PILImage.open(small["path"])
    assert picture.size == (small["width"], small["height"])
    assert picture.width == 512 + 32 and picture.height > 200
    ink = sum(picture.convert("L").histogram()[:128])
    assert ink > 500  # text, the logo, the QR code and the bars are drawn
    sim.receive(b"more\n" * 20 + b"\x1dV\x01")
    bigger = sim.render_png(tmp_path / "longer.png")
    assert bigger["height"] > small["height"] - 200


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="transport"):
        PrinterSimulator(transport="usb")
    with pytest.raises(ValueError, match="paper_lines"):
        PrinterSimulator(paper_lines=-1)
