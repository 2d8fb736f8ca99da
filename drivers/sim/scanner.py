"""A serial barcode scanner on a pseudo-terminal: scans as bytes, answers to host commands.

The simulator holds the device side of a :class:`~drivers.sim.pty.SimPty` whose path is
a link under ``/dev/shm`` (like ``/dev/serial/by-id/...``); the real driver
(:class:`drivers.scanner.serial_scanner.SerialScanner`) opens it. A scan is written as
``prefix [AIM id] data terminator`` in one write, as a scanner sends a frame.

It answers the host commands of its ``commands`` family with its own encoding of the
protocols (independent of the driver's, so tests check one against the other):

* ``zebra-ssi``: packets ``length opcode source status data checksum`` (checksum: two's
  complement of the 16-bit sum, high byte first). ``SCAN_ENABLE`` (0xE9) and
  ``SCAN_DISABLE`` (0xEA) are done and acknowledged with ``CMD_ACK`` (0xD0, source 0x00);
  ``REQUEST_REVISION`` (0xA3) is answered with ``REPLY_REVISION`` (0xA4) carrying the
  ``revision`` text; a damaged packet gets ``CMD_NAK`` cause 1 (resend), an unknown
  opcode ``CMD_NAK`` cause 2 (bad context); the host's own ``CMD_ACK`` is taken quietly.
* ``honeywell``: ``SYN M CR <command> !`` (or ``.``); ``TRGMOD0`` disables (manual
  trigger), any other ``TRGMODn`` enables; the answer is the command, ACK (0x06) - or ENQ
  (0x05) for a command it does not know - and the ``!``.
* ``datalogic``: ``E`` enables, ``D`` disables; no answer.
* ``none``: whatever the host sends is only counted.

A disabled scanner does not read: :meth:`ScannerSimulator.scan` then sends nothing. It
starts enabled (``start_enabled``), as a scanner does when powered up, and again after
every :meth:`~ScannerSimulator.plug`.

Options (JSON, for ``python -m drivers.sim scanner --options``): ``terminator`` (``CR``;
a name from ``drivers.scanner.framing.TERMINATORS``), ``prefix`` (hex; none), ``aim``
(whether scans carry AIM identifiers; true), ``commands`` (``none``), ``usb_vid`` /
``usb_pid`` / ``usb_serial`` / ``manufacturer`` / ``product`` (what :meth:`ports` reports;
the default ids ``0c2e:0b61`` are only an example of a Honeywell vendor id),
``revision`` (``SIM-SSI-1.0``), ``start_enabled`` (true), ``driver_options`` (an object
passed on as the real driver's options, e.g. ``{"usb_vid": "0c2e", "usb_pid": "0b61"}``).

Control commands: ``scan(data, aim=None, symbology=None)``, ``burst(codes, ...)``,
``garbage(bytes_hex)``, ``half_frame(data, aim=None)``, ``unplug()``,
``plug(rename=False)`` (``rename``: it comes back under a new port name, as a USB device
replugged while its old node was held; find it by USB ids in :meth:`ports`), ``ports()``
(the port list a driver's enumerator would give: :class:`drivers.scanner.ports.PortInfo`
dicts), ``received(clear=False)`` (the host commands it got and what it answered),
``set_fault`` / ``faults`` (``unplugged``, ``garbage``: every scan arrives garbled,
``no_answer``: host commands are ignored, ``nak``: host commands are refused), ``state``.

For benchmarks, :attr:`ScannerSimulator.frame_written` (None by default) is called after
every scan frame went out, with the frame and the ``time.perf_counter()`` taken just
before the ``write()`` that carried its terminator byte (a frame goes out in one write),
so a latency measured from it includes the write itself.
"""

from __future__ import annotations

import os
import select
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Final

from drivers.config import DeviceConfig, DeviceKind
from drivers.scanner.framing import TERMINATORS
from drivers.scanner.ports import PortInfo, parse_usb_id
from drivers.sim.base import Simulator, command
from drivers.sim.pty import SimPty, link_directory

__all__ = ["FAMILIES", "FAULTS", "SYMBOLOGIES", "ScannerSimulator"]

FAULTS: Final = ("unplugged", "garbage", "no_answer", "nak")
"""What :meth:`ScannerSimulator.set_fault` can make the scanner do."""
FAMILIES: Final = ("none", "zebra-ssi", "honeywell", "datalogic")

SYMBOLOGIES: Final[dict[str, str]] = {
    "ean13": "]E0",
    "upca": "]E0",
    "ean8": "]E4",
    "code128": "]C0",
    "gs1-128": "]C1",
    "code39": "]A0",
    "itf": "]I0",
    "gs1-databar": "]e0",
    "qr": "]Q1",
    "datamatrix": "]d1",
    "gs1-datamatrix": "]d2",
}
"""Symbology names -> the AIM identifier a scanner prefixes (ISO/IEC 15424)."""

GARBLE: Final = b"\x15\xff"
"""Noise put in front of every scan under the "garbage" fault (a wrong baud rate, EMI)."""

_POLL = 0.05

# SSI, encoded here independently of drivers.scanner.commands
_SSI_ACK, _SSI_NAK = 0xD0, 0xD1
_SSI_REQUEST_REVISION, _SSI_REPLY_REVISION = 0xA3, 0xA4
_SSI_SCAN_ENABLE, _SSI_SCAN_DISABLE = 0xE9, 0xEA
_SSI_DECODER = 0x00
_NAK_RESEND, _NAK_BAD_CONTEXT, _NAK_DENIED = 1, 2, 6
_SSI_NAMES = {
    _SSI_ACK: "CMD_ACK",
    _SSI_REQUEST_REVISION: "REQUEST_REVISION",
    _SSI_SCAN_ENABLE: "SCAN_ENABLE",
    _SSI_SCAN_DISABLE: "SCAN_DISABLE",
}
# Honeywell
_SYN_M_CR = b"\x16M\r"
_HW_ACK, _HW_ENQ, _HW_NAK = b"\x06", b"\x05", b"\x15"


def _ssi_packet(opcode: int, data: bytes = b"", status: int = 0) -> bytes:
    body = bytes([4 + len(data), opcode, _SSI_DECODER, status]) + data
    total = sum(body) & 0xFFFF
    checksum = (0x10000 - total) & 0xFFFF
    return body + bytes([checksum >> 8, checksum & 0xFF])


def _ssi_valid(packet: bytes) -> bool:
    return (sum(packet[:-2]) + (packet[-2] << 8 | packet[-1])) & 0xFFFF == 0


class ScannerSimulator(Simulator):
    """A serial barcode scanner on a pty; see the module docstring."""

    kind: ClassVar[DeviceKind] = DeviceKind.SCANNER

    def __init__(
        self,
        name: str = "",
        *,
        terminator: str = "CR",
        prefix: str = "",
        aim: bool = True,
        commands: str = "none",
        usb_vid: str | int = "0c2e",
        usb_pid: str | int = "0b61",
        usb_serial: str | None = None,
        manufacturer: str = "Simulated",
        product: str = "Barcode scanner",
        revision: str = "SIM-SSI-1.0",
        start_enabled: bool = True,
        driver_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(name)
        key = str(terminator).upper()
        if key not in TERMINATORS:
            raise ValueError(f"terminator {terminator!r} is not one of {', '.join(TERMINATORS)}")
        if commands not in FAMILIES:
            raise ValueError(f"commands {commands!r} is not one of {', '.join(FAMILIES)}")
        self.terminator_name = key
        self.terminator = TERMINATORS[key]
        self.prefix = bytes.fromhex(prefix)
        self.aim = bool(aim)
        self.family = commands
        self.usb_vid = parse_usb_id(usb_vid, "usb_vid")
        self.usb_pid = parse_usb_id(usb_pid, "usb_pid")
        self.usb_serial = usb_serial if usb_serial is not None else f"SIM{self.name.upper()}"
        self.manufacturer = manufacturer
        self.product = product
        self.revision = revision
        self.start_enabled = bool(start_enabled)
        self.driver_options = dict(driver_options or {})
        self._lock = threading.Lock()  # the model
        self._write_lock = threading.Lock()  # one frame at a time on the wire
        self._port_lock = threading.Lock()  # the reader's select+read vs unplug/plug
        self._enabled = self.start_enabled
        self._fault: str | None = None
        self._scans_sent = 0
        self._scans_ignored = 0
        self._garbage_sent = 0
        self._unknown_bytes = 0
        self._received: list[dict[str, Any]] = []
        self._inbox = bytearray()
        self._renames = 0
        self._pty: SimPty | None = None
        self._link_dir: Path | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.frame_written: Callable[[bytes, float], object] | None = None
        """Benchmark hook: ``(frame, perf_counter before its write)`` per scan write."""

    # -- life cycle --

    def start(self) -> None:
        if self._thread is not None:
            return
        self._link_dir = link_directory()
        self._pty = SimPty(self._link_dir / f"scanner-{self.name}")
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"sim scanner {self.name}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            thread.join(5)
        if self._pty is not None:
            self._pty.unplug()
        if self._link_dir is not None:
            shutil.rmtree(self._link_dir, ignore_errors=True)
            self._link_dir = None

    @property
    def pty(self) -> SimPty:
        """The device side, for benchmarks that write bytes themselves (unplug and plug
        through the simulator's commands, which keep its reader off a swapped port)."""
        if self._pty is None:
            raise RuntimeError("start the simulator first")
        return self._pty

    def driver_config(self) -> DeviceConfig:
        options: dict[str, Any] = {"terminator": self.terminator_name}
        if self.prefix:
            options["prefix"] = self.prefix.hex()
        if self.family != "none":
            options["commands"] = self.family
        options.update(self.driver_options)
        return DeviceConfig(
            kind=DeviceKind.SCANNER, driver="serial", url=self.pty.path, options=options
        )

    def state(self) -> dict[str, Any]:
        with self._lock:
            return {
                "name": self.name,
                "port": None if self._pty is None else self._pty.path,
                "plugged": self._pty is not None and self._pty.plugged,
                "enabled": self._enabled,
                "fault": self._fault,
                "commands": self.family,
                "terminator": self.terminator_name,
                "prefix": self.prefix.hex(),
                "aim": self.aim,
                "scans_sent": self._scans_sent,
                "scans_ignored": self._scans_ignored,
                "garbage_sent": self._garbage_sent,
                "commands_received": len(self._received),
                "unknown_bytes": self._unknown_bytes,
                "usb": f"{self.usb_vid:04x}:{self.usb_pid:04x}",
            }

    # -- control: scanning --

    def _frame(self, data: str, aim: str | None, symbology: str | None) -> bytes:
        if symbology is not None and symbology not in SYMBOLOGIES:
            raise ValueError(
                f"symbology {symbology!r} is not one of {', '.join(sorted(SYMBOLOGIES))}"
            )
        if aim is None and symbology is not None:
            aim = SYMBOLOGIES[symbology]
        if aim is not None and (len(aim) != 3 or aim[0] != "]"):
            raise ValueError(f"an AIM identifier looks like ']E0', not {aim!r}")
        if not isinstance(data, str) or not data:
            raise ValueError("data must be non-empty text")
        text = (aim if self.aim and aim else "") + data
        try:
            body = text.encode("latin-1")
        except UnicodeEncodeError:
            raise ValueError(f"{data!r} cannot be sent in latin-1") from None
        if self._fault == "garbage":
            body = GARBLE + body
        return self.prefix + body + self.terminator

    def _send(self, payload: bytes, *, scan: bool = False) -> int:
        with self._write_lock:
            hook = self.frame_written if scan else None
            at = time.perf_counter()
            written = self.pty.write(payload)
        if hook is not None:
            hook(payload, at)
        return written

    @command
    def scan(
        self, data: str, aim: str | None = None, symbology: str | None = None
    ) -> dict[str, Any]:
        """Scan ``data`` (with an AIM id given, or derived from ``symbology``).

        Returns ``{"sent": bool, "frame": hex}``; nothing is sent while the scanner is
        disabled or unplugged.
        """
        with self._lock:
            frame = self._frame(data, aim, symbology)
            plugged = self._pty is not None and self._pty.plugged
            if not self._enabled or not plugged:
                self._scans_ignored += 1
                return {"sent": False, "frame": ""}
            self._scans_sent += 1
        sent = self._send(frame, scan=True) == len(frame)
        return {"sent": sent, "frame": frame.hex() if sent else ""}

    @command
    def burst(self, codes: list[str], aim: str | None = None, symbology: str | None = None) -> int:
        """Scan several codes back to back, in one write; returns how many were sent."""
        if not isinstance(codes, list) or not codes:
            raise ValueError("codes must be a non-empty list of texts")
        with self._lock:
            frames = [self._frame(code, aim, symbology) for code in codes]
            if not self._enabled or self._pty is None or not self._pty.plugged:
                self._scans_ignored += len(frames)
                return 0
            self._scans_sent += len(frames)
        payload = b"".join(frames)
        return len(frames) if self._send(payload, scan=True) == len(payload) else 0

    @command
    def garbage(self, bytes_hex: str) -> int:
        """Send raw bytes (line noise); returns how many were written."""
        try:
            payload = bytes.fromhex(bytes_hex)
        except ValueError:
            raise ValueError(f"bytes_hex must be hex such as 'ff00', not {bytes_hex!r}") from None
        with self._lock:
            self._garbage_sent += len(payload)
        return self._send(payload)

    @command
    def half_frame(self, data: str = "40063813", aim: str | None = None) -> int:
        """Send the start of a scan and never its terminator (a scanner reset mid-frame)."""
        with self._lock:
            frame = self._frame(data, aim, None)[: -len(self.terminator)]
        return self._send(frame)

    # -- control: the cable --

    @command
    def unplug(self) -> None:
        """Pull the cable: the port and its name disappear."""
        pty = self.pty
        with self._port_lock:
            pty.unplug()

    @command
    def plug(self, rename: bool = False) -> str:
        """Plug back in (powered up: enabled); ``rename``: under a new port name. Returns it."""
        pty = self.pty
        link = None
        if rename:
            assert self._link_dir is not None
            with self._lock:
                self._renames += 1
                link = self._link_dir / f"scanner-{self.name}-{self._renames}"
        with self._lock:
            self._enabled = self.start_enabled
            self._inbox.clear()
        with self._port_lock:
            pty.plug(link)
        return pty.path

    @command
    def ports(self) -> list[dict[str, Any]]:
        """The serial ports a system would list now: this scanner's, while plugged in."""
        pty = self.pty
        if not pty.plugged:
            return []
        info = PortInfo(
            device=pty.path,
            usb_vid=self.usb_vid,
            usb_pid=self.usb_pid,
            serial_number=self.usb_serial,
            manufacturer=self.manufacturer,
            product=self.product,
            location="1-1.2:1.0",
            description=f"{self.manufacturer} {self.product}",
        )
        return [info.to_dict()]

    # -- control: faults and what it got --

    @command
    def faults(self) -> list[str]:
        return list(FAULTS)

    @command
    def set_fault(self, fault: str | None) -> None:
        """Make the scanner fail in one of :data:`FAULTS` ways; None clears (and plugs in)."""
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"fault {fault!r} is not one of {', '.join(FAULTS)}")
        with self._lock:
            old, self._fault = self._fault, fault
        if fault == "unplugged":
            self.unplug()
        elif old == "unplugged" and not self.pty.plugged:
            self.plug()

    @command
    def received(self, clear: bool = False) -> list[dict[str, Any]]:
        """The host commands received: ``{"command", "raw", "answer"}`` (hex), oldest first."""
        with self._lock:
            got = list(self._received)
            if clear:
                self._received.clear()
        return got

    # -- the thread answering the host --

    def _run(self) -> None:
        while not self._stop.is_set():
            data = self._read()
            if data is None:
                self._stop.wait(_POLL)
                continue
            if not data:
                continue
            try:
                self._take(data)
            except Exception:  # a simulator bug must not end the simulated device
                self.log.exception("scanner simulator failed on %r", data)

    def _read(self) -> bytes | None:
        """What the host sent (b"" if nothing within the poll), None while unplugged.

        The wait happens outside the port lock; the read itself under it, after checking
        again that the current port has data: an unplug and replug in between may have
        given the new master the old one's descriptor number, and a read on that idle
        master would block for good.
        """
        pty = self._pty
        fd = None if pty is None else pty.fileno()
        if pty is None or fd is None:
            return None
        try:
            select.select([fd], [], [], _POLL)
        except (OSError, ValueError):
            return b""
        with self._port_lock:
            fd = pty.fileno()
            if fd is None:
                return None
            try:
                if not select.select([fd], [], [], 0)[0]:
                    return b""
                return os.read(fd, 4096)
            except OSError:
                return None

    def _take(self, data: bytes) -> None:
        with self._lock:
            self._inbox += data
            if self.family == "zebra-ssi":
                answers = self._ssi_locked()
            elif self.family == "honeywell":
                answers = self._honeywell_locked()
            elif self.family == "datalogic":
                answers = self._datalogic_locked()
            else:
                self._unknown_bytes += len(self._inbox)
                self._inbox.clear()
                answers = []
        for answer in answers:
            self._send(answer)

    def _record(self, name: str, raw: bytes, answer: bytes | None) -> None:
        self._received.append(
            {"command": name, "raw": raw.hex(), "answer": None if answer is None else answer.hex()}
        )

    def _ssi_locked(self) -> list[bytes]:
        inbox = self._inbox
        answers: list[bytes] = []
        while inbox:
            length = inbox[0]
            if length < 4:
                self._unknown_bytes += 1
                del inbox[0]
                continue
            if len(inbox) < length + 2:
                break
            packet = bytes(inbox[: length + 2])
            del inbox[: length + 2]
            opcode = packet[1]
            name = _SSI_NAMES.get(opcode, f"0x{opcode:02X}")
            answer: bytes | None
            if not _ssi_valid(packet):
                answer = _ssi_packet(_SSI_NAK, bytes([_NAK_RESEND]))
                name = f"{name} (bad checksum)"
            elif opcode == _SSI_ACK or self._fault == "no_answer":
                answer = None
            elif self._fault == "nak":
                answer = _ssi_packet(_SSI_NAK, bytes([_NAK_DENIED]))
            elif opcode in (_SSI_SCAN_ENABLE, _SSI_SCAN_DISABLE):
                self._enabled = opcode == _SSI_SCAN_ENABLE
                answer = _ssi_packet(_SSI_ACK)
            elif opcode == _SSI_REQUEST_REVISION:
                answer = _ssi_packet(_SSI_REPLY_REVISION, self.revision.encode("latin-1"))
            else:
                answer = _ssi_packet(_SSI_NAK, bytes([_NAK_BAD_CONTEXT]))
            self._record(name, packet, answer)
            if answer is not None:
                answers.append(answer)
        return answers

    def _honeywell_locked(self) -> list[bytes]:
        inbox = self._inbox
        answers: list[bytes] = []
        while inbox:
            start = inbox.find(_SYN_M_CR)
            if start < 0:
                keep = next(
                    (n for n in (2, 1) if inbox.endswith(_SYN_M_CR[:n])), 0
                )  # the start of a command may still be coming
                self._unknown_bytes += len(inbox) - keep
                del inbox[: len(inbox) - keep]
                break
            self._unknown_bytes += start
            del inbox[:start]
            body_start = len(_SYN_M_CR)
            ends = [
                i for i in (inbox.find(b"!", body_start), inbox.find(b".", body_start)) if i >= 0
            ]
            if not ends:
                break
            end = min(ends)
            raw = bytes(inbox[: end + 1])
            body, storage = raw[body_start:end], raw[end : end + 1]
            del inbox[: end + 1]
            text = body.decode("latin-1")
            answer: bytes | None
            if self._fault == "no_answer":
                answer = None
            elif self._fault == "nak":
                answer = body + _HW_NAK + storage
            elif text.startswith("TRGMOD") and text[6:].isdigit():
                self._enabled = text[6:] != "0"
                answer = body + _HW_ACK + storage
            else:
                answer = body + _HW_ENQ + storage
            self._record(text, raw, answer)
            if answer is not None:
                answers.append(answer)
        return answers

    def _datalogic_locked(self) -> list[bytes]:
        for byte in bytes(self._inbox):
            raw = bytes([byte])
            if raw in (b"E", b"D"):
                if self._fault not in ("no_answer", "nak"):
                    self._enabled = raw == b"E"
                self._record(raw.decode(), raw, None)
            else:
                self._unknown_bytes += 1
        self._inbox.clear()
        return []
