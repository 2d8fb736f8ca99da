"""A simulated ESC/POS receipt printer on a pseudo-terminal (default) or a TCP port.

The real :class:`drivers.printer.EscposPrinter` talks to it as to a TM-T88: the
simulator parses the byte stream with its own parser (:mod:`drivers.sim.escpos_parser`),
keeps what was printed as Unicode text per receipt (a cut ends a receipt) together
with its QR codes, barcodes and raster images, answers the real-time status queries
``DLE EOT 1-4`` from its state, takes ``DLE ENQ 1/2`` recovery, and answers
``GS I 65-68`` (firmware, maker, model, serial number) and ``GS r 1`` while it can
print.

Options (keyword arguments, or ``--options`` JSON for ``python -m drivers.sim printer``):

* ``transport``: ``"pty"`` (default; the driver opens a link in a fresh directory
  under /dev/shm, like /dev/serial/by-id/...) or ``"tcp"`` (127.0.0.1, port ``port``,
  default 0 = any free port: the driver gets ``tcp://127.0.0.1:PORT``);
* ``model``, ``maker``, ``firmware``, ``serial_number``: what ``GS I`` answers;
* ``paper_lines``: lines left on the roll (default None: endless); when they are used
  up the printer is out of paper in the middle of whatever it was printing;
* ``near_end_lines``: the near-end sensor trips when this many lines are left
  (default 0: only with ``paper_lines``);
* ``dots``: the paper width in dots for :meth:`PrinterSimulator.render_png` (512);
* ``answer_identity``: answer ``GS I`` (default True; False plays a printer that does
  not tell its model).

In process, :attr:`PrinterSimulator.after_line` (a callable taking the number of lines
printed so far) runs after each printed line, on the simulator's thread: tests use it
to pull the cable or drop the connection at an exact point of a receipt.

Faults (:meth:`~PrinterSimulator.set_fault`, one at a time; None clears):

``paper_out``, ``cover_open``, ``offline`` (offline with no cause given),
``cutter_error`` (an autocutter jam: clearing the fault removes the jam, and the
printer stays in error until the host sends ``DLE ENQ 1`` or ``2``, as a real one
does), ``unrecoverable_error``, ``paper_near_end`` (still prints), ``silent`` (prints
but never answers a query: a broken receive line) and ``bad_status`` (answers status
queries with bytes whose fixed bits are wrong).

While the printer cannot print (paper out, cover open, offline, an error) what it is
sent is parsed but not printed, and counted as dropped; the status queries are still
answered, as real-time commands are.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import os
import select
import shutil
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, ImageOps

from drivers.config import DeviceConfig, DeviceKind
from drivers.sim.base import Simulator, command
from drivers.sim.escpos_parser import (
    Barcode,
    CodePage,
    Cut,
    EscposParser,
    Feed,
    IdentityQuery,
    Image,
    Initialize,
    LineFeed,
    Op,
    PaperSensorQuery,
    QrCode,
    Recover,
    Skipped,
    StatusQuery,
    Style,
    Text,
    Unknown,
)
from drivers.sim.pty import SimPty, link_directory

__all__ = ["FAULTS", "PrintedLine", "PrinterSimulator", "SimReceipt"]

FAULTS = (
    "paper_out",
    "cover_open",
    "offline",
    "cutter_error",
    "unrecoverable_error",
    "paper_near_end",
    "silent",
    "bad_status",
)
"""The faults the simulator can play; the first makes a diagnostics check fail."""

STOPPING = frozenset({"paper_out", "cover_open", "offline", "cutter_error", "unrecoverable_error"})
UNKNOWN_KEPT = 100
POLL = 0.05
"""Seconds the simulator's threads wait for input before looking at their stop flag."""


@dataclass(frozen=True, slots=True)
class PrintedLine:
    text: str
    bold: bool = False
    width: int = 1
    height: int = 1
    align: str = "left"


@dataclass
class SimReceipt:
    """What one receipt looks like on paper, in order: lines, images, codes, the cut."""

    items: list[PrintedLine | Image | QrCode | Barcode] = field(default_factory=list)
    cut: str | None = None
    """``"partial"`` or ``"full"`` once cut; None while it is still being printed."""
    code_pages: list[int] = field(default_factory=list)

    @property
    def lines(self) -> list[PrintedLine]:
        return [item for item in self.items if isinstance(item, PrintedLine)]

    @property
    def text(self) -> str:
        """The printed text, one line per line, without the blank feed before the cut."""
        texts = [line.text for line in self.lines]
        while texts and not texts[-1].strip():
            texts.pop()
        return "\n".join(texts)

    @property
    def empty(self) -> bool:
        return not self.items

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "cut": self.cut,
            "lines": [
                {
                    "text": line.text,
                    "bold": line.bold,
                    "width": line.width,
                    "height": line.height,
                    "align": line.align,
                }
                for line in self.lines
            ],
            "qr_codes": [
                item.data.decode("utf-8", "replace")
                for item in self.items
                if isinstance(item, QrCode)
            ],
            "barcodes": [
                {"symbology": item.symbology, "text": item.text}
                for item in self.items
                if isinstance(item, Barcode)
            ],
            "images": [
                {"width": item.width, "height": item.height}
                for item in self.items
                if isinstance(item, Image)
            ],
            "code_pages": list(self.code_pages),
        }


class _Connection:
    """One way in: the pty or one TCP connection, with its own parser (half commands)."""

    def __init__(self, send: Any) -> None:
        self.parser = EscposParser()
        self.send = send


class PrinterSimulator(Simulator):
    """An ESC/POS printer; see the module docstring for options, faults and commands."""

    kind = DeviceKind.PRINTER

    def __init__(
        self,
        name: str = "",
        *,
        transport: str = "pty",
        port: int = 0,
        model: str = "TM-T88V (simulated)",
        maker: str = "selfscan",
        firmware: str = "1.00 sim",
        serial_number: str = "SIM00001",
        paper_lines: int | None = None,
        near_end_lines: int = 0,
        dots: int = 512,
        answer_identity: bool = True,
    ) -> None:
        super().__init__(name)
        if transport not in ("pty", "tcp"):
            raise ValueError(f"transport must be 'pty' or 'tcp', not {transport!r}")
        if paper_lines is not None and paper_lines < 0:
            raise ValueError("paper_lines must be >= 0 or None")
        if near_end_lines < 0 or not 64 <= dots <= 4096:
            raise ValueError("near_end_lines must be >= 0 and dots 64-4096")
        self.transport = transport
        self.port = port
        self.identity = {65: firmware, 66: maker, 67: model, 68: serial_number}
        self.answer_identity = answer_identity
        self.after_line: Callable[[int], object] | None = None
        self.near_end_lines = near_end_lines
        self.dots = dots
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._fault: str | None = None
        self._cutter_latched = False
        self._paper_remaining = paper_lines
        self._receipts: list[SimReceipt] = [SimReceipt()]
        self._parts: list[Text] = []
        self._counters = {
            "bytes_received": 0,
            "lines_printed": 0,
            "dropped": 0,
            "status_queries": 0,
            "skipped_commands": 0,
            "unknown": 0,
            "cuts": 0,
        }
        self._recoveries: list[int] = []
        self._unknown: list[dict[str, str]] = []
        self._links: Path | None = None
        self._pty: SimPty | None = None
        self._pty_connection: _Connection | None = None
        self._server: socket.socket | None = None
        self._sockets: dict[socket.socket, _Connection] = {}
        self._direct = _Connection(lambda data: None)
        """For :meth:`receive` called directly (tests of the printer model)."""

    # -- life cycle --

    def start(self) -> None:
        self._stop.clear()
        if self.transport == "pty":
            self._links = link_directory()
            self._pty = SimPty(self._links / f"printer-{self.name}")
            self._pty_connection = _Connection(self._pty.write)
            self._spawn(self._serve_pty, "pty")
        else:
            server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            server.bind(("127.0.0.1", self.port))
            server.listen(4)
            self.port = server.getsockname()[1]
            self._server = server
            self._spawn(self._accept, "accept")

    def stop(self) -> None:
        self._stop.set()
        self.drop_connections()
        if self._server is not None:
            with contextlib.suppress(OSError):
                self._server.close()
        for thread in self._threads:
            thread.join(2)
        self._threads.clear()
        if self._pty is not None:
            self._pty.unplug()
        if self._links is not None:
            shutil.rmtree(self._links, ignore_errors=True)
            self._links = None

    def _spawn(self, target: Any, what: str, *args: Any) -> None:
        thread = threading.Thread(
            target=target, args=args, name=f"sim printer {self.name} {what}", daemon=True
        )
        self._threads = [t for t in self._threads if t.is_alive()]
        self._threads.append(thread)
        thread.start()

    def driver_config(self) -> DeviceConfig:
        if self.transport == "pty":
            assert self._pty is not None, "start the simulator first"
            url = self._pty.path
        else:
            url = f"tcp://127.0.0.1:{self.port}"
        return DeviceConfig(kind=DeviceKind.PRINTER, driver="escpos", url=url)

    # -- the ways in --

    def _serve_pty(self) -> None:
        while not self._stop.is_set():
            pty, connection = self._pty, self._pty_connection
            if pty is None or connection is None or not pty.plugged:
                self._stop.wait(POLL)
                continue
            data = pty.read(timeout=POLL)
            if data:
                self.receive(data, connection)

    def _accept(self) -> None:
        server = self._server
        assert server is not None
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([server], [], [], POLL)
                if not ready:
                    continue
                sock, _ = server.accept()
            except (OSError, ValueError):
                return
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection = _Connection(lambda data, s=sock: _send(s, data))
            with self._lock:
                self._sockets[sock] = connection
            self._spawn(self._serve_socket, "connection", sock, connection)

    def _serve_socket(self, sock: socket.socket, connection: _Connection) -> None:
        try:
            while not self._stop.is_set():
                try:
                    ready, _, _ = select.select([sock], [], [], POLL)
                    if not ready:
                        continue
                    data = sock.recv(65536)
                except (OSError, ValueError):
                    return
                if not data:
                    return
                self.receive(data, connection)
        finally:
            with self._lock:
                self._sockets.pop(sock, None)
            with contextlib.suppress(OSError):
                sock.close()

    # -- the printer --

    def receive(self, data: bytes, connection: _Connection | None = None) -> bytes:
        """Take ``data`` as if it arrived on ``connection``; returns (and sends) the answers."""
        if connection is None:
            connection = self._direct
        answers = bytearray()
        with self._lock:
            self._counters["bytes_received"] += len(data)
            for op in connection.parser.feed(data):
                self._apply(op, answers)
        if answers:
            connection.send(bytes(answers))
        return bytes(answers)

    @property
    def _can_print(self) -> bool:
        return self._fault not in STOPPING and not self._cutter_latched

    @property
    def _paper_out(self) -> bool:
        return self._fault == "paper_out"

    @property
    def _near_end(self) -> bool:
        if self._fault == "paper_near_end" or self._paper_out:
            return True
        remaining = self._paper_remaining
        return remaining is not None and remaining <= self.near_end_lines

    def status_byte(self, n: int) -> int:
        """The answer to ``DLE EOT n`` in the printer's present state (Epson's layout)."""
        cutter = self._cutter_latched or self._fault == "cutter_error"
        unrecoverable = self._fault == "unrecoverable_error"
        value = 0x12
        if n == 1:
            value |= 0x00 if self._can_print else 0x08
        elif n == 2:
            if self._fault == "cover_open":
                value |= 0x04
            if self._paper_out:
                value |= 0x20
            if cutter or unrecoverable:
                value |= 0x40
        elif n == 3:
            if cutter:
                value |= 0x08
            if unrecoverable:
                value |= 0x20
        elif n == 4:
            if self._near_end:
                value |= 0x0C
            if self._paper_out:
                value |= 0x60
        return value

    def _apply(self, op: Op, answers: bytearray) -> None:
        silent = self._fault == "silent"
        if isinstance(op, StatusQuery):
            self._counters["status_queries"] += 1
            if silent:
                return
            answers.append(0xFF if self._fault == "bad_status" else self.status_byte(op.n))
        elif isinstance(op, Recover):
            self._recoveries.append(op.n)
            if op.n in (1, 2) and self._cutter_latched and self._fault != "cutter_error":
                self._cutter_latched = False
        elif isinstance(op, IdentityQuery):
            text = self.identity.get(op.n) if self.answer_identity else None
            if text is not None and self._can_print and not silent:
                answers += b"_" + text.encode("ascii", "replace") + b"\x00"
        elif isinstance(op, PaperSensorQuery):
            if self._can_print and not silent and op.n in (1, 49):
                answers.append((0x03 if self._near_end else 0) | (0x0C if self._paper_out else 0))
            elif self._can_print and not silent:
                answers.append(0x00)
        elif isinstance(op, Unknown):
            self._counters["unknown"] += 1
            self._unknown.append({"data": op.data.hex(" "), "why": op.why})
            del self._unknown[:-UNKNOWN_KEPT]
        elif isinstance(op, Skipped):
            self._counters["skipped_commands"] += 1
        elif isinstance(op, CodePage):
            current = self._receipts[-1]
            if not current.code_pages or current.code_pages[-1] != op.n:
                current.code_pages.append(op.n)
        elif isinstance(op, Initialize):
            self._parts.clear()
        elif not self._can_print:
            self._counters["dropped"] += 1
        else:
            self._print(op)

    def _print(self, op: Op) -> None:
        receipt = self._receipts[-1]
        if isinstance(op, Text):
            self._parts.append(op)
        elif isinstance(op, LineFeed):
            self._end_line(force=True)
        elif isinstance(op, Feed):
            if self._end_line(force=False):
                for _ in range(max(op.lines - 1, 0)):
                    self._end_line(force=True)
            else:
                for _ in range(op.lines):
                    self._end_line(force=True)
        elif isinstance(op, Image | QrCode | Barcode):
            self._end_line(force=False)
            receipt.items.append(op)
        elif isinstance(op, Cut):
            self._end_line(force=False)
            receipt.cut = "partial" if op.partial else "full"
            self._counters["cuts"] += 1
            self._receipts.append(SimReceipt())

    def _end_line(self, *, force: bool) -> bool:
        """Print the line buffer (an empty line too when ``force``); False if nothing printed."""
        if not self._parts and not force:
            return False
        if not self._can_print:
            self._counters["dropped"] += 1
            self._parts.clear()
            return False
        parts, self._parts = self._parts, []
        style = parts[0].style if parts else Style()
        line = PrintedLine(
            text="".join(part.text for part in parts),
            bold=any(part.style.bold for part in parts),
            width=max((part.style.width for part in parts), default=1),
            height=max((part.style.height for part in parts), default=1),
            align=style.align,
        )
        self._receipts[-1].items.append(line)
        self._counters["lines_printed"] += 1
        if self._paper_remaining is not None:
            self._paper_remaining = max(self._paper_remaining - 1, 0)
            if self._paper_remaining == 0:
                self._fault = "paper_out"
                self.log.info("printer simulator %s ran out of paper", self.name)
        if self.after_line is not None:
            self.after_line(self._counters["lines_printed"])
        return True

    # -- what was printed --

    def _all_receipts(self) -> list[SimReceipt]:
        with self._lock:
            receipts = list(self._receipts)
        if receipts and receipts[-1].empty:
            receipts.pop()
        return receipts

    def last(self) -> SimReceipt | None:
        """The last receipt (the one being printed if it has anything on it)."""
        receipts = self._all_receipts()
        return receipts[-1] if receipts else None

    # -- control --

    def state(self) -> dict[str, Any]:
        with self._lock:
            receipts = self._all_receipts()
            return {
                "kind": self.kind.value,
                "name": self.name,
                "transport": self.transport,
                "address": self.driver_config().url
                if (self._pty is not None or self._server is not None)
                else None,
                "plugged": self._pty.plugged if self._pty is not None else None,
                "connections": len(self._sockets),
                "fault": "cutter_error" if self._cutter_latched else self._fault,
                "can_print": self._can_print,
                "paper_remaining": self._paper_remaining,
                "paper_near_end": self._near_end,
                "status_bytes": [self.status_byte(n) for n in (1, 2, 3, 4)],
                "receipts": len(receipts),
                "receipt_in_progress": bool(receipts) and receipts[-1].cut is None,
                "recoveries": list(self._recoveries),
                "unknown_commands": list(self._unknown[-10:]),
                **self._counters,
            }

    @command
    def faults(self) -> list[str]:
        """The faults :meth:`set_fault` takes (the first one stops printing)."""
        return list(FAULTS)

    @command
    def set_fault(self, fault: str | None = None) -> dict[str, Any]:
        """Play ``fault`` (one of :meth:`faults`); None clears it (and refills the paper)."""
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown printer fault {fault!r}; use one of {', '.join(FAULTS)}")
        with self._lock:
            if fault == "cutter_error":
                self._cutter_latched = True
            if fault is None and self._paper_out:
                self._paper_remaining = None
            self._fault = fault
        return self.state()

    @command
    def set_paper(self, lines: int | None = None) -> dict[str, Any]:
        """Put in a roll with ``lines`` lines left (None: endless); clears a paper out."""
        if lines is not None and (not isinstance(lines, int) or lines < 0):
            raise ValueError("lines must be a whole number >= 0, or None")
        with self._lock:
            self._paper_remaining = lines
            if self._paper_out and lines != 0:
                self._fault = None
            elif lines == 0:
                self._fault = "paper_out"
        return self.state()

    @command
    def receipts(self) -> list[str]:
        """The text of every receipt, oldest first (the last may still be in progress)."""
        return [receipt.text for receipt in self._all_receipts()]

    @command
    def last_receipt(self) -> dict[str, Any] | None:
        """The last receipt in full: text, lines with styles, QR codes, barcodes, images, cut."""
        receipt = self.last()
        if receipt is None:
            return None
        with self._lock:
            return receipt.to_dict()

    @command
    def render(self, path: str) -> dict[str, Any]:
        """Draw the last receipt as a PNG at ``path``; returns its path and size."""
        return self.render_png(path)

    @command
    def clear(self) -> dict[str, Any]:
        """Forget what was printed (the faults and the paper stay)."""
        with self._lock:
            self._receipts = [SimReceipt()]
            self._parts.clear()
            self._unknown.clear()
            self._recoveries.clear()
            for key in self._counters:
                self._counters[key] = 0
        return self.state()

    @command
    def unplug(self) -> dict[str, Any]:
        """Pull the cable (pty): the driver's next read or write fails."""
        if self._pty is None:
            raise ValueError("unplug is for the pty transport; use drop_connections")
        with self._lock:
            self._pty.unplug()
            self._pty_connection = _Connection(self._pty.write)
        return self.state()

    @command
    def plug(self) -> dict[str, Any]:
        """Plug the cable back in (pty): a fresh port behind the same link."""
        if self._pty is None:
            raise ValueError("plug is for the pty transport")
        with self._lock:
            self._pty.plug()
        return self.state()

    @command
    def drop_connections(self) -> dict[str, Any] | None:
        """Close every TCP connection (the driver sees the connection reset)."""
        with self._lock:
            sockets = list(self._sockets)
            self._sockets.clear()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()
        return None if self._stop.is_set() else self.state()

    # -- a picture of the receipt --

    def render_png(self, path: str | os.PathLike[str], receipt: SimReceipt | None = None) -> dict:
        """Draw ``receipt`` (default: the last) as a PNG, roughly as the paper would look."""
        receipt = receipt if receipt is not None else self.last()
        with self._lock:
            items = list(receipt.items) if receipt is not None else []
            cut = receipt.cut if receipt is not None else None
        picture = _draw(items, cut, self.dots)
        target = Path(path)
        picture.save(target, format="PNG")
        return {"path": str(target), "width": picture.width, "height": picture.height}


def _send(sock: socket.socket, data: bytes) -> None:
    with contextlib.suppress(OSError):
        sock.sendall(data)


# -- drawing --

COLUMNS = 42
LINE_HEIGHT = 24
MARGIN = 16


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    with contextlib.suppress(Exception):
        mono = importlib.resources.files("barcode") / "fonts" / "DejaVuSansMono.ttf"
        with importlib.resources.as_file(mono) as file:
            return ImageFont.truetype(str(file), size)
    return ImageFont.load_default(size=size)


def _x(align: str, width: int, dots: int) -> int:
    if align == "center":
        return MARGIN + max((dots - width) // 2, 0)
    if align == "right":
        return MARGIN + max(dots - width, 0)
    return MARGIN


def _raster(image: Image) -> PILImage.Image:
    """ESC/POS raster bits (1 = black) as a black-on-white picture."""
    width_bytes = (image.width + 7) // 8
    bits = PILImage.frombytes("1", (width_bytes * 8, image.height), image.data)
    return ImageOps.invert(bits.convert("L")).crop((0, 0, image.width, image.height))


def _qr(code: QrCode) -> PILImage.Image:
    import qrcode

    maker = qrcode.QRCode(box_size=max(code.module_size, 1), border=1)
    maker.add_data(code.data)
    maker.make(fit=True)
    return maker.make_image().get_image().convert("L")


def _barcode(code: Barcode, dots: int, font: Any) -> PILImage.Image:
    """Bars from the data's bits (a likeness, not a scannable symbol) and the text below."""
    bits = "".join(f"{byte:08b}" for byte in code.data)
    bar = 2
    caption = f"{code.symbology} {code.text}"
    width = min(max(len(bits) * bar, int(font.getlength(caption))) + 20, dots)
    picture = PILImage.new("L", (width, 80), 255)
    draw = ImageDraw.Draw(picture)
    for i, bit in enumerate(bits[: (width - 20) // bar]):
        if bit == "1":
            draw.rectangle((10 + i * bar, 0, 10 + i * bar + bar - 1, 55), fill=0)
    draw.text((10, 58), caption, fill=0, font=font)
    return picture


def _draw(items: list[Any], cut: str | None, dots: int) -> PILImage.Image:
    cell = max(dots // COLUMNS, 6)
    fonts: dict[int, Any] = {}

    def font(height: int) -> Any:
        if height not in fonts:
            fonts[height] = _font(int(cell * 1.6) * height)
        return fonts[height]

    pieces: list[tuple[PILImage.Image, int]] = []
    for item in items:
        if isinstance(item, PrintedLine):
            width = len(item.text) * cell * item.width
            height = LINE_HEIGHT * item.height
            line = PILImage.new("L", (max(width, 1), height), 255)
            draw = ImageDraw.Draw(line)
            for i, char in enumerate(item.text):
                x = i * cell * item.width
                draw.text(
                    (x, 0),
                    char,
                    fill=0,
                    font=font(item.height),
                    stroke_width=1 if item.bold else 0,
                    stroke_fill=0,
                )
            pieces.append((line, _x(item.align, width, dots)))
        elif isinstance(item, Image):
            picture = _raster(item)
            pieces.append((picture, _x(item.align, picture.width, dots)))
        elif isinstance(item, QrCode):
            picture = _qr(item)
            pieces.append((picture, _x(item.align, picture.width, dots)))
        elif isinstance(item, Barcode):
            picture = _barcode(item, dots, font(1))
            pieces.append((picture, _x(item.align, picture.width, dots)))
    total = sum(piece.height for piece, _ in pieces) + 2 * MARGIN + (LINE_HEIGHT if cut else 0)
    paper = PILImage.new("L", (dots + 2 * MARGIN, max(total, 2 * MARGIN)), 255)
    y = MARGIN
    for piece, x in pieces:
        paper.paste(piece, (x, y))
        y += piece.height
    if cut:
        draw = ImageDraw.Draw(paper)
        y += LINE_HEIGHT // 2
        for x in range(0, paper.width, 12):
            draw.line((x, y, x + 6, y), fill=0)
        draw.text((MARGIN, y - LINE_HEIGHT // 2), f"{cut} cut", fill=0, font=font(1))
    return paper
