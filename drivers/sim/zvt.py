"""A ZVT payment terminal (the PT side of PA00P015) on a local TCP port, with scripted outcomes.

The simulator listens on 127.0.0.1 (a free port, or ``port``) and answers the real
driver (:class:`drivers.payment.zvt.ZvtTerminal`) with its own, independent encoding of
the protocol (so tests check the driver against it, not against itself):

* registration 06 00 (password checked; required before a payment): ACK, completion
  ``06 0F`` with status byte 19, terminal id 29 and currency 49;
* status enquiry 05 01: ACK, completion with the software version (LLVAR), the
  terminal status byte (00) and the terminal id;
* authorisation 06 01 (amount 04, currency 49): ACK, intermediate status ``04 FF``
  (code and a timeout byte of ``status_timeout`` s) repeated every ``status_interval``
  s while it waits: 0A insert card, 01 PIN, 04 waiting for the host; then status
  information ``04 0F`` (27 result, 04 amount, 49 currency, 0B trace, 0C/0D time and
  date, 29 terminal id, 87 receipt, 3B authorisation code, 22 masked card number, 8A
  card type, 8B card name), the receipts (merchant and customer, or only the
  customer's for a decline) as print lines ``06 D1`` or text blocks ``06 D3``
  (``print_mode``), and completion ``06 0F`` (approved) or abort ``06 1E`` + code;
* abort 06 B0 from the ECR: while the terminal waits for a card or the PIN it stops
  (``06 1E 6C``, nothing booked); once the host is asked it is too late (ignored);
* reversal 06 30 (receipt number 87), repeat receipt 06 20 (the last transaction's
  status information and receipt again), end of day 06 50 (totals since the last one),
  diagnosis 06 70, log off 06 02; anything else ``84 83 00``; a wrong password too.

Each PT message waits for the ECR's ACK. One ECR connection at a time: a new one
replaces the old. The terminal keeps its own transaction log, so after a lost
connection a repeat receipt tells the true outcome. A connection lost while the host
is being asked does not stop the payment: it is booked (as the outcome says).

Outcomes (``script`` / ``next_outcome``; without a script every payment is approved):
``approve``; ``decline:<reason>`` (:data:`DECLINES`; ``terminal_busy`` answers the
command with ``84 9C 00``, ``cancelled_by_shopper`` ends with ``06 1E 6C`` before a
card); ``slow[:seconds]`` (the host takes ``slow_seconds``, then approves);
``no_card`` (nobody presents a card: ``06 1E 6C`` after ``card_timeout``);
``timeout[:approve|decline|none]`` (books as said, then never sends another byte);
``disconnect[:approve|decline|none]`` (books as said, then drops the connection); bare
``timeout`` / ``disconnect`` book as ``booked_on_loss`` says; ``duplicate`` (approves
and sends its status information twice); ``reboot`` (after the card: forgets the
registration and drops every connection, nothing booked); ``garbage`` and
``bad_length`` (approve, then send bytes that are not ZVT / a status information whose
length cuts a field).

Options (JSON): ``port`` (0), ``password`` ("000000"), ``terminal_id`` ("52500001"),
``software``, ``currency`` (978), ``status_interval`` (0.5), ``status_timeout`` (1),
``card_delay`` (0.05), ``pin_delay`` (0.02), ``auth_delay`` (0.05), ``slow_seconds``
(3), ``card_timeout`` (30), ``reboot_seconds`` (0.3), ``booked_on_loss`` ("approve"),
``print_mode`` ("lines" or "blocks"), ``cards`` (test card numbers), ``leak_pan``
(false: true plays a misconfigured terminal that sends the full card number),
``encoding`` ("cp437"), ``driver_options`` (passed on to the real driver).

Control commands: ``script``, ``next_outcome``, ``seed_cards``, ``configure``,
``transactions``, ``reboot``, ``disconnect``, ``inject`` (raw hex bytes to the ECR),
``set_fault`` / ``faults`` (``offline``: not listening; ``not_registered``: refuses
registration and payments with result 6B; ``busy``: answers every command with
``84 9C 00``), and ``state``. Card numbers appear nowhere but masked.
"""

from __future__ import annotations

import collections
import contextlib
import queue
import socket
import struct
import threading
import time
from typing import Any, ClassVar

from drivers.config import DeviceConfig, DeviceKind
from drivers.sim.base import Simulator, command

__all__ = ["DECLINES", "FAULTS", "KINDS", "ZvtTerminalSimulator", "parse_outcome"]

FAULTS = ("offline", "not_registered", "busy")

DECLINES: dict[str, int] = {
    "refused": 0x05,
    "insufficient_funds": 0x51,
    "card_not_supported": 0x7A,
    "pin_wrong": 0x55,
    "insert_card": 0x1A,
    "card_expired": 0x54,
    "card_unreadable": 0x64,
    "cancelled_by_shopper": 0x6C,
    "terminal_busy": 0x9C,
    "timeout": 0xA1,
    "terminal_error": 0xFF,
}
"""``decline:<reason>`` -> the ZVT result code the simulator sends."""

KINDS = (
    "approve",
    "decline",
    "slow",
    "no_card",
    "timeout",
    "disconnect",
    "duplicate",
    "reboot",
    "garbage",
    "bad_length",
)
BOOKINGS = ("approve", "decline", "none")

ACK = b"\x80\x00\x00"
GARBAGE = b"\x13\x37\xc0\xde\xff\xff\x00"
BAD_LENGTH = b"\x04\x0f\x03\x27\x00\x04"  # says 3 bytes: amount 04 needs 6 more

DEFAULT_CARD = "4761739001010010"  # a well-known EMV test card number

_BRANDS = (
    ("4", "Visa", 10),
    ("51", "Mastercard", 6),
    ("52", "Mastercard", 6),
    ("53", "Mastercard", 6),
    ("54", "Mastercard", 6),
    ("55", "Mastercard", 6),
    ("2", "Mastercard", 6),
    ("34", "American Express", 8),
    ("37", "American Express", 8),
    ("67", "girocard", 5),
    ("6", "Maestro", 46),
)


def _brand(pan: str) -> tuple[str, int]:
    for prefix, name, code in _BRANDS:
        if pan.startswith(prefix):
            return name, code
    return "Debit card", 0


def _bcd(value: int, size: int) -> bytes:
    return bytes.fromhex(f"{value:0{2 * size}d}")


def _ll(data: bytes, digits: int = 2) -> bytes:
    return bytes(0xF0 + int(d) for d in f"{len(data):0{digits}d}") + data


def _apdu(cls: int, instr: int, data: bytes = b"") -> bytes:
    if len(data) < 255:
        return bytes([cls, instr, len(data)]) + data
    return bytes([cls, instr, 0xFF]) + struct.pack("<H", len(data)) + data


def _ber_length(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    if size < 0x100:
        return bytes([0x81, size])
    return bytes([0x82]) + struct.pack(">H", size)


def _tlv(tag: bytes, value: bytes) -> bytes:
    return tag + _ber_length(len(value)) + value


def _masked(pan: str) -> str:
    return "*" * (len(pan) - 4) + pan[-4:]


def _euros(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def parse_outcome(text: str) -> tuple[str, str | None]:
    """``"decline:pin_wrong"`` -> ("decline", "pin_wrong"); raises ValueError if unknown."""
    if not isinstance(text, str):
        raise ValueError(f"an outcome is a string, not {text!r}")
    kind, _, arg = text.partition(":")
    if kind not in KINDS:
        raise ValueError(f"unknown outcome {text!r}; the terminal knows: {', '.join(KINDS)}")
    if kind == "decline":
        if arg not in DECLINES:
            raise ValueError(f"decline:<reason> with a reason of: {', '.join(DECLINES)}")
    elif kind in ("timeout", "disconnect"):
        if arg and arg not in BOOKINGS:
            raise ValueError(f"{kind}:<booking> with a booking of: {', '.join(BOOKINGS)}")
    elif kind == "slow":
        if arg:
            try:
                if float(arg) < 0:
                    raise ValueError
            except ValueError:
                raise ValueError(f"slow:<seconds>, not {text!r}") from None
    elif arg:
        raise ValueError(f"outcome {kind!r} takes no argument")
    return kind, arg or None


class _Lost(Exception):
    """The ECR connection is gone."""


class _Conn:
    """One ECR connection: a reader thread framing APDUs into a queue."""

    def __init__(self, sock: socket.socket, number: int) -> None:
        self.sock = sock
        self.number = number
        self.inbox: queue.Queue[tuple[int, int, bytes] | None] = queue.Queue()
        self.closed = threading.Event()
        self.abort_requested = False
        self._write = threading.Lock()
        self.reader = threading.Thread(target=self._read, name=f"zvt sim ecr {number}", daemon=True)
        self.reader.start()
        self.handler: threading.Thread | None = None

    def _read(self) -> None:
        buffer = bytearray()
        try:
            while True:
                data = self.sock.recv(4096)
                if not data:
                    break
                buffer += data
                while len(buffer) >= 3:
                    size, header = buffer[2], 3
                    if size == 0xFF:
                        if len(buffer) < 5:
                            break
                        size, header = struct.unpack("<H", buffer[3:5])[0], 5
                    if len(buffer) < header + size:
                        break
                    self.inbox.put((buffer[0], buffer[1], bytes(buffer[header : header + size])))
                    del buffer[: header + size]
        except OSError:
            pass
        finally:
            self.closed.set()
            self.inbox.put(None)

    def send(self, data: bytes) -> None:
        if self.closed.is_set():
            raise _Lost
        try:
            with self._write:
                self.sock.sendall(data)
        except OSError:
            raise _Lost from None

    def drop(self, reset: bool = True) -> None:
        """Close the connection (with a TCP reset, as a crashing terminal does)."""
        with contextlib.suppress(OSError):
            if reset:
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.sock.close()
        self.closed.set()


class ZvtTerminalSimulator(Simulator):
    """A ZVT payment terminal on a local port; see the module docstring."""

    kind: ClassVar[DeviceKind] = DeviceKind.PAYMENT_TERMINAL

    def __init__(
        self,
        name: str = "",
        *,
        port: int = 0,
        password: str = "000000",
        terminal_id: str = "52500001",
        software: str = "SELFSCAN-SIM 1.0",
        currency: int = 978,
        status_interval: float = 0.5,
        status_timeout: int = 1,
        card_delay: float = 0.05,
        pin_delay: float = 0.02,
        auth_delay: float = 0.05,
        slow_seconds: float = 3.0,
        card_timeout: float = 30.0,
        reboot_seconds: float = 0.3,
        booked_on_loss: str = "approve",
        print_mode: str = "lines",
        cards: list[str] | None = None,
        leak_pan: bool = False,
        encoding: str = "cp437",
        driver_options: dict[str, Any] | None = None,
        ack_wait: float = 5.0,
    ) -> None:
        super().__init__(name)
        if len(password) != 6 or not password.isdigit():
            raise ValueError("password is 6 digits")
        if len(terminal_id) != 8 or not terminal_id.isdigit():
            raise ValueError("terminal_id is 8 digits")
        if booked_on_loss not in BOOKINGS:
            raise ValueError(f"booked_on_loss is one of {', '.join(BOOKINGS)}")
        if print_mode not in ("lines", "blocks"):
            raise ValueError("print_mode is 'lines' or 'blocks'")
        if not 0 <= int(status_timeout) <= 255:
            raise ValueError("status_timeout is 0-255 seconds")
        self.requested_port = int(port)
        self.password = password
        self.terminal_id = terminal_id
        self.software = software
        self.currency = int(currency)
        self.status_interval = float(status_interval)
        self.status_timeout = int(status_timeout)
        self.card_delay = float(card_delay)
        self.pin_delay = float(pin_delay)
        self.auth_delay = float(auth_delay)
        self.slow_seconds = float(slow_seconds)
        self.card_timeout = float(card_timeout)
        self.reboot_seconds = float(reboot_seconds)
        self.booked_on_loss = booked_on_loss
        self.print_mode = print_mode
        self.leak_pan = bool(leak_pan)
        self.encoding = encoding
        self.ack_wait = float(ack_wait)
        self.driver_options = dict(driver_options or {})
        self._lock = threading.RLock()
        self._cards: list[str] = []
        self._card_index = 0
        if cards:
            self.seed_cards(cards)
        self._script: collections.deque[str] = collections.deque()
        self._fault: str | None = None
        self._registered = False
        self._registrations = 0
        self._config_byte: int | None = None
        self._busy = False
        self._phase = "idle"
        self._trace = 0
        self._receipt = 0
        self._transactions: list[dict[str, Any]] = []
        self._records: dict[int, bytes] = {}
        self._leaked: dict[int, str] = {}  # only for leak_pan: a misconfigured terminal
        self._batch_start = 0
        self._commands: collections.Counter[str] = collections.Counter()
        self._aborts = 0
        self._aborts_ignored = 0
        self._lost_at: float | None = None
        self._listener: socket.socket | None = None
        self._port: int | None = None
        self._conn: _Conn | None = None
        self._connections = 0
        self._stopping = threading.Event()
        self._accept_thread: threading.Thread | None = None
        self._rebooting = False

    # -- life cycle --

    def start(self) -> None:
        with self._lock:
            if self._accept_thread is not None:
                return
            self._stopping.clear()
            self._listen()

    def stop(self) -> None:
        self._stopping.set()
        self._unlisten()
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.drop()

    def driver_config(self) -> DeviceConfig:
        if self._port is None:
            raise RuntimeError("start the simulator first")
        return DeviceConfig(
            kind=DeviceKind.PAYMENT_TERMINAL,
            driver="zvt",
            url=f"tcp://127.0.0.1:{self._port}",
            options={"password": self.password, **self.driver_options},
        )

    @property
    def port(self) -> int | None:
        return self._port

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self._port or self.requested_port))
        listener.listen(4)
        listener.settimeout(0.1)
        self._port = listener.getsockname()[1]
        self._listener = listener
        self._accept_thread = threading.Thread(
            target=self._accept, args=(listener,), name=f"zvt sim {self.name}", daemon=True
        )
        self._accept_thread.start()

    def _unlisten(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            thread, self._accept_thread = self._accept_thread, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)  # wakes accept() at once (Linux)
            with contextlib.suppress(OSError):
                listener.close()
        if thread is not None and thread is not threading.current_thread():
            thread.join(2)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            with self._lock:
                if self._listener is not listener:
                    return
            try:
                sock, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                if self._listener is not listener:
                    sock.close()
                    return
                self._connections += 1
                old, self._conn = self._conn, _Conn(sock, self._connections)
                conn = self._conn
            if old is not None:
                old.drop()
                if old.handler is not None:
                    old.handler.join(1.0)  # let it finish (book, unfreeze) before serving anew
            conn.handler = threading.Thread(
                target=self._serve, args=(conn,), name=f"zvt sim serve {conn.number}", daemon=True
            )
            conn.handler.start()

    # -- serving one connection --

    def _serve(self, conn: _Conn) -> None:
        try:
            while True:
                item = conn.inbox.get()
                if item is None:
                    return
                cls, instr, data = item
                if (cls, instr) in ((0x80, 0x00),) or cls == 0x84:
                    continue  # a stray acknowledgement
                self._dispatch(conn, cls, instr, data)
        except _Lost:
            return
        except Exception:
            self.log.exception("ZVT simulator failed serving the ECR")
            conn.drop()

    def _dispatch(self, conn: _Conn, cls: int, instr: int, data: bytes) -> None:
        name = f"{cls:02X}{instr:02X}"
        with self._lock:
            self._commands[name] += 1
            fault = self._fault
            busy = self._busy
        if (cls, instr) == (0x06, 0xB0):
            return  # abort while nothing runs: nothing to abort
        if fault == "busy" or busy:
            conn.send(_apdu(0x84, 0x9C))
            return
        handlers = {
            (0x06, 0x00): self._registration,
            (0x05, 0x01): self._status_enquiry,
            (0x06, 0x01): self._authorisation,
            (0x06, 0x30): self._reversal,
            (0x06, 0x20): self._repeat_receipt,
            (0x06, 0x50): self._end_of_day,
            (0x06, 0x70): self._diagnosis,
            (0x06, 0x02): self._log_off,
        }
        handler = handlers.get((cls, instr))
        if handler is None:
            conn.send(_apdu(0x84, 0x83))
            return
        needs_password = (cls, instr) in ((0x06, 0x00), (0x05, 0x01), (0x06, 0x30), (0x06, 0x50))
        if needs_password and data[:3].hex() != self.password:
            conn.send(_apdu(0x84, 0x83))
            return
        handler(conn, data)

    def _send(self, conn: _Conn, data: bytes) -> None:
        """Send a PT message and wait for the ECR's ACK (06 B0 meanwhile is noted)."""
        conn.send(data)
        deadline = time.monotonic() + self.ack_wait
        while True:
            try:
                item = conn.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise _Lost from None
            if item is None:
                raise _Lost
            if item[:2] == (0x80, 0x00):
                return
            self._note(conn, item)

    def _note(self, conn: _Conn, item: tuple[int, int, bytes]) -> None:
        """Something from the ECR in the middle of a transaction (counted by its bytes)."""
        with self._lock:
            self._commands[f"{item[0]:02X}{item[1]:02X}"] += 1
        if item[:2] == (0x06, 0xB0):
            conn.abort_requested = True
            with self._lock:
                self._aborts += 1

    def _pause(self, conn: _Conn, seconds: float, *, abortable: bool) -> None:
        """Wait ``seconds`` for the ECR; returns early on an abort when ``abortable``."""
        deadline = time.monotonic() + seconds
        while True:
            if abortable and conn.abort_requested:
                return
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                item = conn.inbox.get(timeout=left)
            except queue.Empty:
                return
            if item is None:
                raise _Lost
            self._note(conn, item)

    def _show(self, conn: _Conn, code: int, seconds: float, *, abortable: bool) -> bool:
        """Show intermediate status ``code`` for ``seconds``, repeating it as a heartbeat;
        returns False when the ECR aborted (and ``abortable``)."""
        deadline = time.monotonic() + seconds
        while True:
            self._send(conn, _apdu(0x04, 0xFF, bytes([code, self.status_timeout])))
            if abortable and conn.abort_requested:
                return False
            left = deadline - time.monotonic()
            if left <= 0:
                return True
            self._pause(conn, min(left, self.status_interval), abortable=abortable)
            if abortable and conn.abort_requested:
                return False
            if deadline - time.monotonic() <= 0:
                return True

    def _set_phase(self, phase: str) -> None:
        with self._lock:
            self._phase = phase

    # -- commands --

    def _registration(self, conn: _Conn, data: bytes) -> None:
        if len(data) < 4:
            conn.send(_apdu(0x84, 0x9A))
            return
        rest = data[4:]
        currency = self.currency
        if len(rest) >= 2 and rest[0] not in (0x03, 0x06):
            currency = int(rest[:2].hex())
            rest = rest[2:]
        if not self._valid_tail(rest):
            conn.send(_apdu(0x84, 0x9A))
            return
        conn.send(ACK)
        with self._lock:
            refused = self._fault == "not_registered"
            if not refused:
                self._registered = True
                self._registrations += 1
                self._config_byte = data[3]
        if refused:
            self._send(conn, _apdu(0x06, 0x1E, b"\x6b"))
            return
        completion = b"\x19\x00" + b"\x29" + bytes.fromhex(self.terminal_id)
        completion += b"\x49" + _bcd(currency, 2)
        self._send(conn, _apdu(0x06, 0x0F, completion))

    def _valid_tail(self, data: bytes) -> bool:
        """Service byte 03 and a TLV container 06, as the registration may carry."""
        at = 0
        while at < len(data):
            tag = data[at]
            if tag == 0x03 and at + 2 <= len(data):
                at += 2
            elif tag == 0x06 and at + 2 <= len(data):
                size, at = self._ber(data, at + 1)
                if size < 0 or at + size > len(data):
                    return False
                at += size
            else:
                return False
        return True

    @staticmethod
    def _ber(data: bytes, at: int) -> tuple[int, int]:
        first = data[at]
        if first < 0x80:
            return first, at + 1
        count = first & 0x7F
        if count not in (1, 2) or at + 1 + count > len(data):
            return -1, at
        return int.from_bytes(data[at + 1 : at + 1 + count], "big"), at + 1 + count

    def _status_enquiry(self, conn: _Conn, data: bytes) -> None:
        conn.send(ACK)
        version = self.software.encode("ascii", "replace")[:99]
        completion = _ll(version) + b"\x00" + b"\x29" + bytes.fromhex(self.terminal_id)
        self._send(conn, _apdu(0x06, 0x0F, completion))

    def _log_off(self, conn: _Conn, data: bytes) -> None:
        with self._lock:
            self._registered = False
        conn.send(ACK)

    def _fields(self, data: bytes) -> dict[int, bytes] | None:
        """The BMPs an ECR sends in the commands we serve; None if they do not parse."""
        sizes = {0x01: 1, 0x02: 1, 0x03: 1, 0x04: 6, 0x19: 1, 0x49: 2, 0x87: 2, 0x0B: 3}
        out: dict[int, bytes] = {}
        at = 0
        while at < len(data):
            tag = data[at]
            at += 1
            if tag in sizes:
                size = sizes[tag]
            elif tag == 0x06:
                size, at = self._ber(data, at) if at < len(data) else (-1, at)
            elif tag == 0x3C and at + 3 <= len(data):
                size = int("".join(str(b & 0x0F) for b in data[at : at + 3]))
                at += 3
            else:
                return None
            if size < 0 or at + size > len(data):
                return None
            out[tag] = data[at : at + size]
            at += size
        return out

    def _authorisation(self, conn: _Conn, data: bytes) -> None:
        fields = self._fields(data)
        if fields is None or 0x04 not in fields:
            conn.send(_apdu(0x84, 0x9A))
            return
        amount = int(fields[0x04].hex())
        currency = int(fields[0x49].hex()) if 0x49 in fields else self.currency
        with self._lock:
            registered = self._registered and self._fault != "not_registered"
            outcome = self._script.popleft() if self._script else "approve"
        kind, arg = parse_outcome(outcome)
        if kind == "decline" and arg == "terminal_busy":
            conn.send(_apdu(0x84, DECLINES["terminal_busy"]))
            return
        conn.send(ACK)
        if not registered:
            self._send(conn, _apdu(0x06, 0x1E, b"\x6b"))
            return
        with self._lock:
            self._busy = True
        conn.abort_requested = False
        try:
            self._pay(conn, amount, currency, kind, arg)
        except _Lost:
            pass
        finally:
            with self._lock:
                self._busy = False
                if self._phase != "rebooting":
                    self._phase = "idle"

    def _pay(self, conn: _Conn, amount: int, currency: int, kind: str, arg: str | None) -> None:
        self._set_phase("waiting_card")
        wait = self.card_timeout if kind == "no_card" else self.card_delay
        if not self._show(conn, 0x0A, wait, abortable=True) or kind == "no_card":
            self._send(conn, _apdu(0x06, 0x1E, b"\x6c"))
            return
        if kind == "reboot":
            self.reboot()
            return
        if kind == "decline" and arg == "cancelled_by_shopper":
            self._send(conn, _apdu(0x06, 0x1E, b"\x6c"))
            return
        pan = self._next_card()
        self._set_phase("pin")
        if not self._show(conn, 0x01, self.pin_delay, abortable=True):
            self._send(conn, _apdu(0x06, 0x1E, b"\x6c"))
            return
        if kind == "decline" and arg == "pin_wrong":
            self._show(conn, 0x15, 0, abortable=False)
        self._set_phase("authorising")
        code: int | None = 0x00
        if kind == "decline":
            code = DECLINES[arg or "refused"]
        elif kind in ("timeout", "disconnect"):
            booking = arg or self.booked_on_loss
            code = {"approve": 0x00, "decline": 0x05, "none": None}[booking]
        seconds = self.auth_delay
        if kind == "slow":
            seconds = float(arg) if arg else self.slow_seconds
        try:
            self._show(conn, 0x04, seconds, abortable=False)
        except _Lost:
            if code is not None:  # the host answers whether or not the ECR is still there
                self._book("payment", amount, currency, code, pan)
            raise
        if conn.abort_requested:
            with self._lock:
                self._aborts_ignored += 1
        txn = None if code is None else self._book("payment", amount, currency, code, pan)
        if kind == "timeout":
            self._freeze(conn)
            return
        if kind == "disconnect":
            self._mark_lost()
            conn.drop()
            return
        assert txn is not None
        record = self._records[txn["trace"]]
        if kind == "garbage":
            self._mark_lost()
            conn.send(GARBAGE)
            return
        if kind == "bad_length":
            self._mark_lost()
            conn.send(BAD_LENGTH)
            return
        self._set_phase("printing")
        self._send(conn, _apdu(0x04, 0x0F, record))
        if kind == "duplicate":
            self._send(conn, _apdu(0x04, 0x0F, record))
        self._print_receipts(conn, txn)
        if txn["result_code"] == 0:
            self._send(conn, _apdu(0x06, 0x0F, b"\x29" + bytes.fromhex(self.terminal_id)))
        else:
            self._send(conn, _apdu(0x06, 0x1E, bytes([txn["result_code"]])))

    def _freeze(self, conn: _Conn) -> None:
        """Play a hung terminal: read everything, answer nothing, until the ECR goes."""
        self._set_phase("frozen")
        self._mark_lost()
        while conn.inbox.get() is not None:
            pass

    def _mark_lost(self) -> None:
        with self._lock:
            self._lost_at = time.monotonic()

    def _next_card(self) -> str:
        with self._lock:
            if not self._cards:
                return DEFAULT_CARD
            pan = self._cards[self._card_index % len(self._cards)]
            self._card_index += 1
            return pan

    def _book(
        self,
        kind: str,
        amount: int,
        currency: int,
        code: int,
        pan: str | None,
        *,
        original: int | None = None,
    ) -> dict[str, Any]:
        """Write a transaction to the terminal's own log; returns it."""
        now = time.localtime()
        with self._lock:
            self._trace = self._trace % 999_999 + 1
            approved = code == 0
            receipt = None
            if approved:
                self._receipt = self._receipt % 9999 + 1
                receipt = self._receipt
            brand, card_type = _brand(pan) if pan else (None, None)
            txn = {
                "kind": kind,
                "trace": self._trace,
                "receipt": receipt,
                "amount_cents": amount,
                "currency": currency,
                "result_code": code,
                "outcome": "approved" if approved else "declined",
                "masked_pan": None if pan is None else _masked(pan),
                "card_brand": brand,
                "auth_code": f"{(self._trace * 7919) % 1_000_000:06d}" if approved else None,
                "time": time.strftime("%H%M%S", now),
                "date": time.strftime("%m%d", now),
                "reversed": False,
                "original_receipt": original,
            }
            self._transactions.append(txn)
            self._records[txn["trace"]] = self._status_information(txn, pan, card_type)
            if self.leak_pan and pan:
                self._leaked[txn["trace"]] = pan
        return txn

    def _status_information(
        self, txn: dict[str, Any], pan: str | None, card_type: int | None
    ) -> bytes:
        out = bytearray()
        out += b"\x27" + bytes([txn["result_code"]])
        out += b"\x04" + _bcd(txn["amount_cents"], 6)
        out += b"\x49" + _bcd(txn["currency"], 2)
        out += b"\x0b" + _bcd(txn["trace"], 3)
        out += b"\x0c" + bytes.fromhex(txn["time"]) + b"\x0d" + bytes.fromhex(txn["date"])
        out += b"\x29" + bytes.fromhex(self.terminal_id)
        if txn["receipt"] is not None:
            out += b"\x87" + _bcd(txn["receipt"], 2)
        if txn["auth_code"]:
            out += b"\x3b" + txn["auth_code"].encode("ascii").ljust(8, b"\x00")
        if pan:
            shown = pan if self.leak_pan else "E" * (len(pan) - 4) + pan[-4:]
            nibbles = shown + ("F" if len(shown) % 2 else "")
            out += b"\x22" + _ll(bytes.fromhex(nibbles))
            out += b"\x8a" + bytes([card_type or 0])
            out += b"\x8b" + _ll(str(txn["card_brand"]).encode("ascii"))
        return bytes(out)

    def _receipt_lines(self, txn: dict[str, Any], title: str) -> list[str]:
        pan_shown = self._leaked.get(txn["trace"], txn["masked_pan"])
        lines = [
            title,
            "SELFSCAN TEST TERMINAL",
            f"Terminal-ID {self.terminal_id}",
            f"Trace {txn['trace']:06d}"
            + ("" if txn["receipt"] is None else f"  Receipt {txn['receipt']:04d}"),
            f"Date {txn['date'][:2]}/{txn['date'][2:]}  Time {txn['time'][:2]}:{txn['time'][2:4]}",
        ]
        if txn["card_brand"]:
            lines += [str(txn["card_brand"]), f"Card {pan_shown}"]
        sign = "-" if txn["kind"] == "reversal" else ""
        lines.append(
            f"{'REVERSAL' if sign else 'PAYMENT'}  EUR {sign}{_euros(txn['amount_cents'])}"
        )
        if txn["result_code"] == 0:
            lines += ["APPROVED", f"Auth code {txn['auth_code']}"]
        else:
            lines += ["DECLINED", f"Result {txn['result_code']:02X}"]
        return lines

    def _print_receipts(self, conn: _Conn, txn: dict[str, Any], duplicate: bool = False) -> None:
        prefix = "DUPLICATE " if duplicate else ""
        receipts: list[tuple[int, list[str]]] = []
        if txn["result_code"] == 0:
            receipts.append((1, self._receipt_lines(txn, f"{prefix}MERCHANT COPY")))
        receipts.append((2, self._receipt_lines(txn, f"{prefix}CUSTOMER COPY")))
        for kind, lines in receipts:
            self._print(conn, kind, lines)

    def _print(self, conn: _Conn, kind: int, lines: list[str]) -> None:
        encoded = [line.encode(self.encoding, "replace") for line in lines]
        if self.print_mode == "lines":
            for index, line in enumerate(encoded):
                attribute = 0x80 if index == len(encoded) - 1 else 0x00
                self._send(conn, _apdu(0x06, 0xD1, bytes([attribute]) + line))
            return
        texts = b"".join(_tlv(b"\x07", line) for line in encoded)
        container = _tlv(b"\x1f\x07", bytes([kind])) + _tlv(b"\x25", texts)
        self._send(conn, _apdu(0x06, 0xD3, b"\x06" + _ber_length(len(container)) + container))

    def _reversal(self, conn: _Conn, data: bytes) -> None:
        fields = self._fields(data[3:])
        if fields is None or 0x87 not in fields:
            conn.send(_apdu(0x84, 0x9A))
            return
        receipt = int(fields[0x87].hex())
        conn.send(ACK)
        with self._lock:
            original = next(
                (
                    t
                    for t in reversed(self._transactions)
                    if t["receipt"] == receipt and t["kind"] == "payment"
                ),
                None,
            )
            self._busy = True
        try:
            self._set_phase("reversing")
            self._show(conn, 0x0E, self.auth_delay, abortable=False)
            if original is None or original["outcome"] != "approved":
                self._send(conn, _apdu(0x06, 0x1E, b"\xb5"))
                return
            if original["reversed"]:
                self._send(conn, _apdu(0x06, 0x1E, b"\xb4"))
                return
            if 0x04 in fields and int(fields[0x04].hex()) != original["amount_cents"]:
                self._send(conn, _apdu(0x06, 0x1E, b"\xb7"))
                return
            with self._lock:
                original["reversed"] = True
            txn = self._book(
                "reversal",
                original["amount_cents"],
                original["currency"],
                0,
                None,
                original=receipt,
            )
            self._send(conn, _apdu(0x04, 0x0F, self._records[txn["trace"]]))
            self._print_receipts(conn, txn)
            self._send(conn, _apdu(0x06, 0x0F, b"\x29" + bytes.fromhex(self.terminal_id)))
        except _Lost:
            pass
        finally:
            with self._lock:
                self._busy = False
                self._phase = "idle"

    def _repeat_receipt(self, conn: _Conn, data: bytes) -> None:
        conn.send(ACK)
        with self._lock:
            last = self._transactions[-1] if self._transactions else None
            record = None if last is None else self._records[last["trace"]]
        if last is None or record is None:
            self._send(conn, _apdu(0x06, 0x1E, b"\x83"))
            return
        self._send(conn, _apdu(0x04, 0x0F, record))
        self._print_receipts(conn, last, duplicate=True)
        self._send(conn, _apdu(0x06, 0x0F, b"\x29" + bytes.fromhex(self.terminal_id)))

    def _end_of_day(self, conn: _Conn, data: bytes) -> None:
        conn.send(ACK)
        with self._lock:
            batch = self._transactions[self._batch_start :]
            total = sum(
                t["amount_cents"] * (-1 if t["kind"] == "reversal" else 1)
                for t in batch
                if t["outcome"] == "approved"
            )
            count = sum(1 for t in batch if t["outcome"] == "approved" and t["kind"] == "payment")
            self._trace = self._trace % 999_999 + 1
            trace = self._trace
            self._batch_start = len(self._transactions)
        self._show(conn, 0x0E, 0, abortable=False)
        now = time.localtime()
        record = b"\x27\x00" + b"\x04" + _bcd(max(total, 0), 6) + b"\x0b" + _bcd(trace, 3)
        record += b"\x0c" + bytes.fromhex(time.strftime("%H%M%S", now))
        record += b"\x0d" + bytes.fromhex(time.strftime("%m%d", now))
        self._send(conn, _apdu(0x04, 0x0F, record))
        lines = [
            "END OF DAY",
            f"Terminal-ID {self.terminal_id}",
            f"Payments {count}",
            f"Total EUR {_euros(total)}",
            "BATCH CLOSED",
        ]
        self._print(conn, 3, lines)
        self._send(conn, _apdu(0x06, 0x0F, b""))

    def _diagnosis(self, conn: _Conn, data: bytes) -> None:
        conn.send(ACK)
        self._show(conn, 0x0E, 0, abortable=False)
        self._print(conn, 3, ["DIAGNOSIS", f"Terminal-ID {self.terminal_id}", "HOST OK"])
        self._send(conn, _apdu(0x06, 0x0F, b""))

    # -- control --

    def state(self) -> dict[str, Any]:
        with self._lock:
            return {
                "name": self.name,
                "port": self._port,
                "listening": self._listener is not None,
                "connected": self._conn is not None and not self._conn.closed.is_set(),
                "connections": self._connections,
                "fault": self._fault,
                "phase": self._phase,
                "busy": self._busy,
                "registered": self._registered,
                "registrations": self._registrations,
                "config_byte": self._config_byte,
                "terminal_id": self.terminal_id,
                "script": list(self._script),
                "cards": len(self._cards),
                "transactions": len(self._transactions),
                "last_trace": self._trace,
                "last_receipt": self._receipt,
                "commands": dict(self._commands),
                "aborts": self._aborts,
                "aborts_ignored": self._aborts_ignored,
                "lost_at": self._lost_at,
            }

    @command
    def script(self, outcomes: list[str]) -> dict[str, Any]:
        """Replace the queue of outcomes for the next payments (see the module docstring)."""
        if isinstance(outcomes, str) or not isinstance(outcomes, list):
            raise ValueError("outcomes is a list of outcome strings")
        for outcome in outcomes:
            parse_outcome(outcome)
        with self._lock:
            self._script = collections.deque(outcomes)
        return self.state()

    @command
    def next_outcome(self, outcome: str) -> dict[str, Any]:
        """Add ``outcome`` to the end of the queue."""
        parse_outcome(outcome)
        with self._lock:
            self._script.append(outcome)
        return self.state()

    @command
    def seed_cards(self, pans: list[str]) -> dict[str, Any]:
        """The test card numbers the next payments use, in turn (shown only masked)."""
        if isinstance(pans, str) or not isinstance(pans, list):
            raise ValueError("pans is a list of card numbers")
        for pan in pans:
            if not isinstance(pan, str) or not pan.isdigit() or not 12 <= len(pan) <= 19:
                raise ValueError("a card number is 12-19 digits")
            if not _luhn(pan):
                raise ValueError(f"card number ending {pan[-4:]} fails the Luhn check")
        with self._lock:
            self._cards = list(pans)
            self._card_index = 0
        return {"cards": len(pans)}

    @command
    def configure(self, **settings: Any) -> dict[str, Any]:
        """Change timings or print mode: card_delay, pin_delay, auth_delay, slow_seconds,
        card_timeout, status_interval, status_timeout, print_mode, booked_on_loss."""
        allowed = {
            "card_delay": float,
            "pin_delay": float,
            "auth_delay": float,
            "slow_seconds": float,
            "card_timeout": float,
            "status_interval": float,
            "status_timeout": int,
            "print_mode": str,
            "booked_on_loss": str,
        }
        for key, value in settings.items():
            if key not in allowed:
                raise ValueError(f"cannot configure {key!r}; only {', '.join(allowed)}")
            value = allowed[key](value)
            if key == "print_mode" and value not in ("lines", "blocks"):
                raise ValueError("print_mode is 'lines' or 'blocks'")
            if key == "booked_on_loss" and value not in BOOKINGS:
                raise ValueError(f"booked_on_loss is one of {', '.join(BOOKINGS)}")
            setattr(self, key, value)
        return self.state()

    @command
    def transactions(self) -> list[dict[str, Any]]:
        """The terminal's own log (card numbers masked)."""
        with self._lock:
            return [dict(t) for t in self._transactions]

    @command
    def reboot(self) -> dict[str, Any]:
        """Restart the terminal: connections drop, the registration is forgotten, and it
        listens again after ``reboot_seconds``."""
        with self._lock:
            if self._rebooting:
                return self.state()
            self._rebooting = True
            self._registered = False
            self._phase = "rebooting"
            conn, self._conn = self._conn, None
        self._mark_lost()
        self._unlisten()
        if conn is not None:
            conn.drop()

        def back() -> None:
            if not self._stopping.wait(self.reboot_seconds):
                with self._lock:
                    self._rebooting = False
                    self._phase = "idle"
                    relisten = self._fault != "offline"
                if relisten:
                    self._listen()

        threading.Thread(target=back, name="zvt sim reboot", daemon=True).start()
        return self.state()

    @command
    def disconnect(self) -> dict[str, Any]:
        """Drop the ECR's connection now (a TCP reset)."""
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            self._mark_lost()
            conn.drop()
        return self.state()

    @command
    def inject(self, data: str) -> int:
        """Send raw bytes (hex) to the connected ECR; returns how many were sent."""
        raw = bytes.fromhex(data)
        with self._lock:
            conn = self._conn
        if conn is None:
            raise ValueError("no ECR is connected")
        try:
            conn.send(raw)
        except _Lost:
            return 0
        return len(raw)

    @command
    def faults(self) -> list[str]:
        return list(FAULTS)

    @command
    def set_fault(self, fault: str | None) -> dict[str, Any]:
        """Make the terminal fail (:data:`FAULTS`); None makes it well again."""
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; the terminal knows: {', '.join(FAULTS)}")
        with self._lock:
            previous, self._fault = self._fault, fault
            if fault == "not_registered":
                self._registered = False
        if fault == "offline" and previous != "offline":
            with self._lock:
                conn, self._conn = self._conn, None
            self._unlisten()
            if conn is not None:
                self._mark_lost()
                conn.drop()
        elif previous == "offline" and fault != "offline" and not self._stopping.is_set():
            with self._lock:
                relisten = self._listener is None and not self._rebooting
            if relisten:
                self._listen()
        return self.state()
