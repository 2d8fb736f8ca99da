"""A payment terminal speaking ZVT (PA00P015, protocol 13.x) over TCP, as the cash register.

Configuration (``[devices.terminal]``, ``kind = "payment_terminal"``, ``driver = "zvt"``)::

    url = "tcp://192.168.1.50:20007"      # ZVT's usual port is 20007
    options = { password = "000000", currency = "EUR", probe_interval = 15 }

Options (all optional):

* ``password``: the terminal's 6-digit password (sent as 3 bytes BCD; "000000");
* ``currency``: the registration's currency (ISO 4217, "EUR");
* ``config_byte``: the registration's config byte (0x3E: we print the receipts of
  payments (0x02) and of administration (0x04), we want intermediate status (0x08), we
  control payments (0x10) and administration (0x20));
* ``service_byte``: BMP 03 of the registration (1: the terminal's service menu may not
  be put on its function key); -1 sends none;
* ``command_list``: send TLV 26 (the ZVT commands we understand) in the registration
  (false: its tag numbers are our reading of the spec, and a terminal that does not
  know them may refuse the registration);
* ``ack_timeout``: T3, seconds for the terminal's first answer to a command (5);
* ``connect_timeout`` (3), ``payment_timeout`` (300: then we ask the terminal to abort),
  ``admin_timeout`` (600: end of day, diagnosis);
* ``status_grace`` (0.5): added to the timeout an intermediate status announces;
* ``message_timeout`` (0 = off): the longest silence during an operation when the
  terminal announced no timeout;
* ``loss_timeout`` (2): TCP keepalive and ``TCP_USER_TIMEOUT``, so a terminal that
  vanished (power, cable) is seen within about this many seconds, also mid-payment;
* ``probe_interval`` (15): while idle, a status enquiry this often (10-30 s is plenty);
* ``reconnect_interval`` (1): seconds between attempts to get the terminal back;
* ``clock_skew`` (300): how far the terminal's clock may be off from ours (matching,
  below);
* ``encoding`` ("cp437"): the character set of the terminal's texts;
* ``state_file``: where the driver remembers an unsettled payment (default: beside the
  statistics file, ``<name>.payment.json``; none: in memory only).

Conversation. Each command: we send it, the terminal acknowledges (``80 00 00``) or
refuses (``84 xx 00``), then, as master, sends intermediate status (``04 FF``: a
prompt, and optionally a timeout in seconds for its next message), status information
(``04 0F``: the result and its BMPs), print lines (``06 D1``, attribute bit 0x80 ends a
receipt) or text blocks (``06 D3``: TLV 25 of 07 lines, 1F07 the receipt type: 1
merchant, 2 customer), and ends with completion (``06 0F``) or abort (``06 1E`` and a
result code); we acknowledge every one of them, and answer one we do not know with
``84 83 00``. Commands: registration 06 00 (on every new connection), authorisation
06 01, abort 06 B0 (cancel), reversal 06 30, status enquiry 05 01 (probe, health),
repeat receipt 06 20 (resolution), diagnosis 06 70, end of day 06 50, log off 06 02.

Loss. A closed or reset connection is seen at once; a vanished one through TCP
keepalive within ``loss_timeout``; a terminal that falls silent longer than the timeout
its last intermediate status announced (plus ``status_grace``) is taken as lost. A
payment whose command went out and whose result did not come back has an UNKNOWN
outcome: the device goes to error ``outcome_unknown`` and refuses the next payment
until :meth:`ZvtTerminal.transaction_status` resolves it.

Matching. ZVT carries no reference of ours through a payment, so resolution asks the
terminal for its last transaction (repeat receipt 06 20: its status information and
receipt) and matches it to the pending payment by the trace number and amount: the
driver remembers (in ``state_file``) the terminal's trace number before the payment
was sent. The same trace as before: the payment never happened (cancelled,
``not_processed``). A new trace with the same amount: that is our payment, with its
outcome. Anything else (another amount, or no earlier trace known and the terminal's
clock more than ``clock_skew`` away from the payment's start) stays unknown: an
attendant must look at the terminal's own journal.

Result codes (chapter 10; :data:`RESULT_REASONS`): 00 approved; 6C (abort by key or
timeout) cancelled; 01-63 are the issuer's response code in hex digits: 51 and 61
insufficient funds, 55 and 38 PIN wrong, 54 and 33 expired, 57 and 62 card not
supported, 1A (additional authentication: our reading, most terminals ask for the
card themselves) insert card, others refused; the terminal's own codes: 64, 65, 72,
73, 7B, 7C, 7E card unreadable; 67, 68, 79, 7A, C5, C6, EA card not supported; 71
insufficient funds; 78 expired; 7D, A1 timeout; 9C, A0, DC busy; 6E, B4, B5, C3, C8,
C9 refused; anything else a terminal error. A NAK ``84 9C`` (our reading: "busy,
repeat") is busy too. 6B ("PT not registered") makes the driver register again and
repeat the payment once (the terminal did not take it).

Uncertain points (our reading of the spec, tolerant in what we accept): the optional
timeout byte of 04 FF; a status enquiry's completion carrying the software version as
an LLVAR before the terminal status byte (we also accept BMPs only); the receipt type
of print lines (06 D1 says none: "customer"/"merchant" words in it decide, else the
first of two receipts is the merchant's, a single one the customer's).

Card data: the driver keeps only a masked card number (BMP 22, cut to its last four
digits; an unmasked one is dropped) and masks any full card number in receipt lines.
Nothing of a message's content is logged.
"""

from __future__ import annotations

import codecs
import contextlib
import enum
import os
import re
import select
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from drivers.config import AddressKind, DeviceConfig, DeviceKind
from drivers.device import (
    DataEvent,
    DeviceError,
    DeviceIdentity,
    DeviceState,
    ErrorEvent,
    FaultReason,
    HealthCheckFailed,
    Statistics,
)
from drivers.payment.interface import (
    AdminResult,
    DeclineReason,
    OutcomeUnknown,
    PaymentOutcome,
    PaymentProgress,
    PaymentResult,
    PaymentTerminal,
    ProgressStep,
    TerminalBusy,
    TerminalReferences,
    TerminalUnavailable,
    UnknownReference,
    check_amount,
    check_reference,
    currency_code,
    currency_name,
    scrub_card_numbers,
)
from drivers.payment.state import PaymentState, PendingPayment
from drivers.payment.zvt_protocol import (
    ACK,
    BMPS,
    INTERMEDIATE_STATUS_TEXTS,
    RESULT_TEXTS,
    Apdu,
    ApduReader,
    Bmp,
    Command,
    Tlv,
    ZvtProtocolError,
    bcd_decode,
    bcd_digits,
    bcd_encode,
    decode_bmps,
    decode_masked_pan,
    encode_apdu,
    encode_bmp,
    encode_bmps,
    find_tlv,
    nak,
)

__all__ = [
    "DEFAULT_PORT",
    "RESULT_REASONS",
    "ZvtTerminal",
    "outcome_for_code",
]

DEFAULT_PORT = 20007
PT_CLASSES = (0x80, 0x84, 0x04, 0x06)
"""The class bytes a terminal's message can start with."""

MAX_AMOUNT = 999_999_999_999  # 6 bytes of BCD

# statistics
PAYMENTS = "payments"
APPROVED = "approved"
DECLINED = "declined"
CANCELLED = "cancelled"
UNKNOWN_OUTCOMES = "unknown_outcomes"
RESOLVED = "unknown_resolved"
RESOLVED_MANUALLY = "unknown_resolved_manually"
REVERSALS = "reversals"
REVERSALS_FAILED = "reversals_failed"
CONNECTION_LOSSES = "connection_losses"
RECONNECTS = "reconnects"
PROTOCOL_ERRORS = "protocol_errors"
DUPLICATES = "duplicate_messages"
REGISTRATIONS = "registrations"
END_OF_DAY = "end_of_day"
DIAGNOSES = "diagnoses"

R = DeclineReason
RESULT_REASONS: dict[int, DeclineReason] = {
    0x05: R.REFUSED,
    0x1A: R.INSERT_CARD,
    0x33: R.CARD_EXPIRED,
    0x38: R.PIN_WRONG,
    0x51: R.INSUFFICIENT_FUNDS,
    0x54: R.CARD_EXPIRED,
    0x55: R.PIN_WRONG,
    0x57: R.CARD_NOT_SUPPORTED,
    0x61: R.INSUFFICIENT_FUNDS,
    0x62: R.CARD_NOT_SUPPORTED,
    0x64: R.CARD_UNREADABLE,
    0x65: R.CARD_UNREADABLE,
    0x67: R.CARD_NOT_SUPPORTED,
    0x68: R.CARD_NOT_SUPPORTED,
    0x6C: R.CANCELLED_BY_SHOPPER,
    0x6E: R.REFUSED,
    0x71: R.INSUFFICIENT_FUNDS,
    0x72: R.CARD_UNREADABLE,
    0x73: R.CARD_UNREADABLE,
    0x78: R.CARD_EXPIRED,
    0x79: R.CARD_NOT_SUPPORTED,
    0x7A: R.CARD_NOT_SUPPORTED,
    0x7B: R.CARD_UNREADABLE,
    0x7C: R.CARD_UNREADABLE,
    0x7D: R.TIMEOUT,
    0x7E: R.CARD_UNREADABLE,
    0x9C: R.TERMINAL_BUSY,
    0xA0: R.TERMINAL_BUSY,
    0xA1: R.TIMEOUT,
    0xB4: R.REFUSED,
    0xB5: R.REFUSED,
    0xC3: R.REFUSED,
    0xC5: R.CARD_NOT_SUPPORTED,
    0xC6: R.CARD_NOT_SUPPORTED,
    0xC8: R.REFUSED,
    0xC9: R.REFUSED,
    0xDC: R.TERMINAL_BUSY,
    0xEA: R.CARD_NOT_SUPPORTED,
}
"""ZVT result code -> our reason; see the module docstring for the rest."""

BUSY_CODES = frozenset({0x9C, 0xA0})
NOT_REGISTERED = 0x6B
ABORTED = 0x6C

_STEPS: dict[int, ProgressStep] = {
    0x01: ProgressStep.ENTER_PIN,
    0x02: ProgressStep.ENTER_PIN,
    0x04: ProgressStep.AUTHORISING,
    0x0A: ProgressStep.INSERT_CARD,
    0x0B: ProgressStep.REMOVE_CARD,
    0x0E: ProgressStep.PLEASE_WAIT,
    0x15: ProgressStep.PIN_WRONG,
    0x17: ProgressStep.PLEASE_WAIT,
    0x1B: ProgressStep.APPROVED,
    0x1C: ProgressStep.APPROVED,
    0x03: ProgressStep.DECLINED,
    0x1D: ProgressStep.DECLINED,
}

_CUSTOMER_WORDS = re.compile(r"customer|kunde|klant|cardholder|karteninhaber", re.IGNORECASE)
_MERCHANT_WORDS = re.compile(r"merchant|h(?:ae|ä)ndler|winkelier|shop copy", re.IGNORECASE)

RECEIPT_MERCHANT, RECEIPT_CUSTOMER, RECEIPT_ADMIN = 1, 2, 3


def outcome_for_code(code: int, *, cancel_sent: bool = False) -> tuple[PaymentOutcome, R | None]:
    """What ZVT result ``code`` means for a payment."""
    if code == 0x00:
        return PaymentOutcome.APPROVED, None
    if code == ABORTED:
        return PaymentOutcome.CANCELLED, (
            R.CANCELLED_BY_KIOSK if cancel_sent else R.CANCELLED_BY_SHOPPER
        )
    reason = RESULT_REASONS.get(code)
    if reason is None:
        reason = R.REFUSED if 0x01 <= code <= 0x63 else R.TERMINAL_ERROR
    return PaymentOutcome.DECLINED, reason


def _code_text(code: int) -> str:
    return f"{code:02X} {RESULT_TEXTS.get(code, 'result code')}"


class _Lost(Exception):
    """The connection broke or the terminal fell silent."""

    def __init__(self, reason: DeclineReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class _NotSent(Exception):
    """The command could not be sent at all: the terminal cannot have it."""


class _Link:
    """One TCP connection to the terminal."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.reader = ApduReader(PT_CLASSES)
        self._queue: list[Apdu] = []
        self._write = threading.Lock()
        self.closed = False

    def send(self, data: bytes) -> None:
        with self._write:
            self.sock.sendall(data)

    def receive(self, deadline: float) -> Apdu:
        """The next message; ``_Lost`` on EOF/error, ``TimeoutError`` at the deadline."""
        while not self._queue:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            try:
                self.sock.settimeout(remaining)
                data = self.sock.recv(4096)
            except TimeoutError:
                raise
            except (OSError, ValueError) as error:
                raise _Lost(
                    R.CONNECTION_LOST, f"connection to the terminal broke: {error}"
                ) from None
            if not data:
                raise _Lost(R.CONNECTION_LOST, "the terminal closed the connection")
            self._queue.extend(self.reader.feed(data))
        return self._queue.pop(0)

    def close(self) -> None:
        self.closed = True
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.sock.close()


@dataclass(slots=True)
class _Record:
    """A status information (04 0F) as we keep it: never a full card number."""

    result_code: int | None = None
    amount_cents: int | None = None
    currency: int | None = None
    trace: str | None = None
    receipt: str | None = None
    terminal_id: str | None = None
    auth_code: str | None = None
    card_name: str | None = None
    card_type: int | None = None
    masked_pan: str | None = None
    date: str | None = None
    time: str | None = None

    def references(self, terminal_id: str | None) -> TerminalReferences:
        timestamp = None
        if self.date and self.time:
            timestamp = (
                f"--{self.date[:2]}-{self.date[2:]}T{self.time[:2]}:{self.time[2:4]}:"
                f"{self.time[4:]}"
            )
        brand = self.card_name or (None if self.card_type is None else f"type {self.card_type}")
        return TerminalReferences(
            trace_number=self.trace,
            receipt_number=self.receipt,
            terminal_id=self.terminal_id or terminal_id,
            auth_code=self.auth_code,
            card_brand=brand,
            masked_pan=self.masked_pan,
            timestamp=timestamp,
        )


@dataclass(slots=True)
class _Exchange:
    """Everything the terminal sent in answer to one command."""

    nak_code: int | None = None
    abort_code: int | None = None
    completion: bytes | None = None
    records: list[_Record] = field(default_factory=list)
    raw_records: list[bytes] = field(default_factory=list)
    receipts: list[tuple[int | None, list[str]]] = field(default_factory=list)
    open_lines: list[str] = field(default_factory=list)
    cancel_sent: bool = False
    timed_out: bool = False

    @property
    def ended(self) -> bool:
        return (
            self.nak_code is not None
            or self.abort_code is not None
            or (self.completion is not None)
        )

    def close_receipt(self, kind: int | None = None) -> None:
        if self.open_lines:
            self.receipts.append((kind, self.open_lines))
            self.open_lines = []

    def split_receipts(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(customer, merchant, other) lines."""
        self.close_receipt()
        customer: list[str] = []
        merchant: list[str] = []
        other: list[str] = []
        untyped: list[list[str]] = []
        for kind, lines in self.receipts:
            text = "\n".join(lines)
            if kind == RECEIPT_CUSTOMER:
                customer += lines
            elif kind == RECEIPT_MERCHANT:
                merchant += lines
            elif kind == RECEIPT_ADMIN:
                other += lines
            elif _CUSTOMER_WORDS.search(text):
                customer += lines
            elif _MERCHANT_WORDS.search(text):
                merchant += lines
            else:
                untyped.append(lines)
        if len(untyped) == 1 and not customer:
            customer += untyped[0]
        elif len(untyped) >= 2 and not customer and not merchant:
            merchant += untyped[0]
            for lines in untyped[1:]:
                customer += lines
        else:
            for lines in untyped:
                other += lines
        return tuple(customer), tuple(merchant), tuple(other)


class _Phase(enum.Enum):
    IDLE = "idle"
    COMMAND_SENT = "command_sent"
    TERMINAL_MASTER = "terminal_master"


def _float_option(options: dict[str, Any], name: str, default: float, minimum: float) -> float:
    value = options.pop(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise ValueError(f"option {name} must be a number >= {minimum}, not {value!r}")
    return float(value)


class ZvtTerminal(PaymentTerminal):
    """A ZVT payment terminal on TCP; see the module docstring for options and behaviour."""

    def __init__(
        self,
        config: DeviceConfig,
        *,
        statistics: Statistics | None = None,
        reconnect_interval: float | None = None,
    ) -> None:
        if config.kind is not DeviceKind.PAYMENT_TERMINAL:
            raise ValueError(f"a ZvtTerminal drives a payment terminal, not a {config.kind}")
        if config.address_kind is not AddressKind.TCP:
            raise ValueError(f"{config.url!r} is not tcp://host:port (ZVT runs over TCP)")
        host, _, port = config.url.removeprefix("tcp://").rpartition(":")
        self.host, self.port = host.strip("[]"), int(port)
        self.url = config.url
        options = dict(config.options)
        password = str(options.pop("password", "000000"))
        if not re.fullmatch(r"\d{6}", password):
            raise ValueError("option password must be 6 digits")
        self._password = bytes.fromhex(password)
        self.currency = currency_name(currency_code(str(options.pop("currency", "EUR"))))
        self.config_byte = int(options.pop("config_byte", 0x3E))
        self.service_byte = int(options.pop("service_byte", 0x01))
        if not 0 <= self.config_byte <= 0xFF or not -1 <= self.service_byte <= 0xFF:
            raise ValueError("config_byte is 0-255 and service_byte -1 (none) or 0-255")
        self.command_list = bool(options.pop("command_list", False))
        self.ack_timeout = _float_option(options, "ack_timeout", 5.0, 0.05)
        self.connect_timeout = _float_option(options, "connect_timeout", 3.0, 0.05)
        self.payment_timeout = _float_option(options, "payment_timeout", 300.0, 0.1)
        self.admin_timeout = _float_option(options, "admin_timeout", 600.0, 0.1)
        self.status_grace = _float_option(options, "status_grace", 0.5, 0.0)
        self.message_timeout = _float_option(options, "message_timeout", 0.0, 0.0)
        self.loss_timeout = _float_option(options, "loss_timeout", 2.0, 1.0)
        self.probe_interval = _float_option(options, "probe_interval", 15.0, 0.01)
        interval = _float_option(options, "reconnect_interval", 1.0, 0.01)
        self.reconnect_interval = interval if reconnect_interval is None else reconnect_interval
        if self.reconnect_interval <= 0:
            raise ValueError("reconnect_interval must be positive")
        self.clock_skew = _float_option(options, "clock_skew", 300.0, 0.0)
        self.encoding = str(options.pop("encoding", "cp437"))
        try:
            codecs.lookup(self.encoding)  # an unknown encoding fails here, not mid-payment
        except LookupError:
            raise ValueError(f"option encoding: unknown encoding {self.encoding!r}") from None
        state_file = options.pop("state_file", None)
        if options:
            raise ValueError(f"unknown ZVT terminal options: {', '.join(sorted(options))}")
        super().__init__(
            DeviceKind.PAYMENT_TERMINAL.value,
            identity=DeviceIdentity(kind=DeviceKind.PAYMENT_TERMINAL.value, port=self.url),
            statistics=statistics,
        )
        if state_file is None and self.statistics.path is not None:
            stats = self.statistics.path
            stem = stats.name.removesuffix(".json").removesuffix(".stats")
            state_file = str(stats.with_name(f"{stem}.payment.json"))
        self.state = PaymentState(None if state_file is None else Path(state_file), logger=self.log)
        self._link: _Link | None = None
        self._registered = False
        self._ever_connected = False
        self._lost = False
        self._terminal_id: str | None = None
        self._software: str | None = None
        self._terminal_status: int | None = None
        self._io = threading.Lock()
        self._op_lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._stop = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        self._thread: threading.Thread | None = None
        self._cancel_lock = threading.Lock()
        self._in_payment = False
        self._cancel_requested = False
        self._abort_sent = False
        self._phase = _Phase.IDLE
        self._payment_link: _Link | None = None

    # -- life cycle --

    def open(self) -> None:
        """Start the connection thread; it connects, registers, probes and reconnects."""
        with self._lock:
            if self._thread is not None:
                return
            pending = self.state.pending
            if pending is not None and not pending.unknown:
                self.state.mark_unknown("the kiosk stopped while the terminal had the payment")
                self.statistics.increment(UNKNOWN_OUTCOMES)
            self._stop.clear()
            ready = threading.Event()
            self._thread = threading.Thread(
                target=self._run, args=(ready,), name=f"zvt {self.url}", daemon=True
            )
            self._thread.start()
        ready.wait(self.connect_timeout + 2 * self.ack_timeout + 1)

    def close(self, timeout: float = 5.0) -> None:
        """Stop the connection thread and drop the connection (a running payment ends
        UNKNOWN, resolved after the next open)."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stop.set()
        self._wake()
        link = self._link
        if link is not None:
            link.close()
        thread.join(timeout)
        if thread.is_alive():
            self.log.error("ZVT connection thread did not stop within %.1f s", timeout)
        with self._io:
            if self._link is not None:
                self._link.close()
                self._link = None
            self._registered = False
        self._set_status(DeviceState.CLOSED)

    def __del__(self) -> None:
        for fd in (getattr(self, "_wake_r", None), getattr(self, "_wake_w", None)):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")

    def _drain_wake(self) -> None:
        with contextlib.suppress(OSError):
            while os.read(self._wake_r, 512):
                pass

    @property
    def unresolved(self) -> str | None:
        pending = self.state.pending
        return None if pending is None or not pending.unknown else pending.reference

    @property
    def terminal_id(self) -> str | None:
        return self._terminal_id

    # -- the connection thread --

    def _run(self, ready: threading.Event) -> None:
        next_probe = time.monotonic() + self.probe_interval
        try:
            while not self._stop.is_set():
                self._idle.wait()
                if self._stop.is_set():
                    break
                retry = False
                if not self._io.acquire(timeout=0.5):
                    continue
                try:
                    if not self._idle.is_set() or self._stop.is_set():
                        continue
                    if self._link is None or not self._registered:
                        retry = not self._connect_locked()
                        ready.set()
                        next_probe = time.monotonic() + self.probe_interval
                    else:
                        next_probe = self._watch_locked(self._link, next_probe)
                finally:
                    self._io.release()
                if retry:
                    self._stop.wait(self.reconnect_interval)
        except Exception:
            self.log.exception("ZVT connection thread failed")
            self._set_status(DeviceState.ERROR, FaultReason.OTHER, "connection thread failed")
        finally:
            ready.set()

    def _watch_locked(self, link: _Link, next_probe: float) -> float:
        """Wait (holding the link) for the probe time, a wake-up or input; returns the
        next probe time."""
        timeout = max(0.0, next_probe - time.monotonic())
        try:
            readable, _, _ = select.select([link.sock, self._wake_r], [], [], timeout)
        except (OSError, ValueError):
            readable = [link.sock]
        if self._wake_r in readable:
            self._drain_wake()
            return next_probe
        if link.sock in readable:
            self._idle_input_locked(link)
            return next_probe
        self._probe_locked(link)
        return time.monotonic() + self.probe_interval

    def _idle_input_locked(self, link: _Link) -> None:
        """The terminal sent something (or closed) while nothing was asked."""
        try:
            message = link.receive(time.monotonic() + self.ack_timeout)
        except _Lost as lost:
            self._drop_link(link, lost.detail)
            return
        except TimeoutError:
            self._protocol_error(link, "half a message from the terminal, then silence")
            return
        except ZvtProtocolError as error:
            self._protocol_error(link, f"garbage from the terminal: {error}")
            return
        if message.cls in (0x04, 0x06):
            with contextlib.suppress(OSError):
                link.send(ACK)
        self.log.info("unsolicited message from the terminal: %s", message.name)

    def _probe_locked(self, link: _Link) -> None:
        try:
            self._status_enquiry_locked(link)
        except _Lost as lost:
            self._drop_link(link, lost.detail)
        except ZvtProtocolError as error:
            self._protocol_error(link, f"bad answer to a status enquiry: {error}")
        except _NotSent as error:
            self._drop_link(link, str(error))

    def _connect_locked(self) -> bool:
        if self._link is not None:
            self._link.close()
            self._link = None
        self._registered = False
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
        except TimeoutError as error:
            self._set_status(DeviceState.OFFLINE, FaultReason.TIMEOUT, f"connect: {error}")
            return False
        except OSError as error:
            reason = FaultReason.CONNECTION_LOST if self._ever_connected else FaultReason.NOT_FOUND
            self._set_status(DeviceState.OFFLINE, reason, f"connect to {self.url}: {error}")
            return False
        self._tune(sock)
        link = _Link(sock)
        self._link = link
        if self._lost:
            self._lost = False
            self.statistics.increment(RECONNECTS)
        self._ever_connected = True
        return self._register_locked(link)

    def _tune(self, sock: socket.socket) -> None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        idle = max(1, int(self.loss_timeout // 2))
        for name, value in (("TCP_KEEPIDLE", idle), ("TCP_KEEPINTVL", 1), ("TCP_KEEPCNT", 1)):
            option = getattr(socket, name, None)
            if option is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.IPPROTO_TCP, option, value)
        user_timeout = getattr(socket, "TCP_USER_TIMEOUT", None)
        if user_timeout is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, user_timeout, int(self.loss_timeout * 1000))

    def _register_locked(self, link: _Link) -> bool:
        data = (
            self._password + bytes([self.config_byte]) + bcd_encode(currency_code(self.currency), 2)
        )
        if self.service_byte >= 0:
            data += encode_bmp(0x03, bytes([self.service_byte]))
        if self.command_list:
            commands = [
                Command.STATUS_INFORMATION,
                Command.INTERMEDIATE_STATUS,
                Command.COMPLETION,
                Command.ABORT,
                Command.PRINT_LINE,
                Command.PRINT_TEXT_BLOCK,
            ]
            data += encode_bmp(
                0x06, [Tlv(0x26, tuple(Tlv(0x0A, bytes(c.value)) for c in commands))]
            )
        try:
            exchange = self._converse(
                link, Command.REGISTRATION, data, timeout=2 * self.ack_timeout
            )
        except _Lost as lost:
            self._drop_link(link, f"registration: {lost.detail}")
            return False
        except _NotSent as error:
            self._drop_link(link, f"registration: {error}")
            return False
        except ZvtProtocolError as error:
            self._protocol_error(link, f"bad answer to the registration: {error}")
            return False
        code = exchange.nak_code if exchange.nak_code is not None else exchange.abort_code
        if code is not None:
            reason = FaultReason.BUSY if code in BUSY_CODES else FaultReason.NOT_REGISTERED
            how = "NAK" if exchange.nak_code is not None else "abort"
            hint = "" if reason is FaultReason.BUSY else " (check the password)"
            self._set_status(
                DeviceState.ERROR,
                reason,
                f"the terminal refused the registration ({how} {_code_text(code)}){hint}",
            )
            link.close()
            self._link = None
            return False
        try:
            bmps = decode_bmps(exchange.completion or b"")
        except ZvtProtocolError as error:
            self._protocol_error(link, f"bad registration completion: {error}")
            return False
        for bmp in bmps:
            if bmp.tag == 0x29:
                self._terminal_id = bcd_digits(bmp.value)
        self._registered = True
        self.statistics.increment(REGISTRATIONS)
        self.log.info("registered with ZVT terminal %s at %s", self._terminal_id, self.url)
        self._probe_locked(link)
        if self._link is not link:
            return False
        self._refresh_status()
        return True

    def _status_enquiry_locked(self, link: _Link) -> dict[str, str]:
        exchange = self._converse(
            link, Command.STATUS_ENQUIRY, self._password, timeout=2 * self.ack_timeout
        )
        code = exchange.nak_code if exchange.nak_code is not None else exchange.abort_code
        if code is not None:
            if code == NOT_REGISTERED:
                self._registered = False
            reason = FaultReason.BUSY if code in BUSY_CODES else FaultReason.NOT_REGISTERED
            self._set_status(DeviceState.ERROR, reason, f"status enquiry: {_code_text(code)}")
            return {"status": _code_text(code)}
        version, status, bmps = _parse_completion(exchange.completion or b"", self.encoding)
        for bmp in bmps:
            if bmp.tag == 0x29:
                self._terminal_id = bcd_digits(bmp.value)
        if version:
            self._software = version
        self._terminal_status = status
        self._identity = DeviceIdentity(
            kind=self.kind,
            model="ZVT terminal",
            port=self.url,
            serial_number=self._terminal_id,
            firmware=self._software,
        )
        for record in exchange.records:
            if record.trace:
                self.state.saw_trace(record.trace)
        if self.status.reason is FaultReason.BUSY:
            self._refresh_status()
        facts = {"terminal_id": self._terminal_id or "?", "software": self._software or "?"}
        facts["terminal_status"] = "?" if status is None else f"{status:02X}"
        return facts

    def _drop_link(self, link: _Link, detail: str) -> None:
        """The connection is gone: close it, count it, go offline; the thread reconnects."""
        link.close()
        if self._link is link:
            self._link = None
            self._registered = False
        if not self._stop.is_set():
            self.statistics.increment(CONNECTION_LOSSES)
            self._lost = True
            self._set_status(DeviceState.OFFLINE, FaultReason.CONNECTION_LOST, detail)
            self._emit(ErrorEvent(FaultReason.CONNECTION_LOST, detail))

    def _protocol_error(self, link: _Link, detail: str) -> None:
        """The terminal's bytes made no sense: the stream cannot be trusted, reconnect."""
        link.close()
        if self._link is link:
            self._link = None
            self._registered = False
        self.statistics.increment(PROTOCOL_ERRORS)
        self._lost = True
        self.log.warning("ZVT protocol error: %s", detail)
        self._set_status(DeviceState.ERROR, FaultReason.PROTOCOL_ERROR, detail)
        self._emit(ErrorEvent(FaultReason.PROTOCOL_ERROR, detail))

    def _refresh_status(self) -> None:
        if self._thread is None:
            return
        pending = self.state.pending
        if self._link is None or not self._registered:
            return
        if pending is not None and pending.unknown:
            self._set_status(
                DeviceState.ERROR,
                FaultReason.OUTCOME_UNKNOWN,
                f"{pending.operation} {pending.reference}: outcome unknown ({pending.detail})",
            )
        else:
            self._set_status(
                DeviceState.ONLINE, None, f"registered with terminal {self._terminal_id}"
            )

    # -- talking --

    @contextlib.contextmanager
    def _operation(self) -> Iterator[None]:
        if not self._op_lock.acquire(blocking=False):
            raise TerminalBusy("another operation is running on the payment terminal")
        try:
            self._idle.clear()
            self._wake()
            with self._io:
                yield
        finally:
            self._idle.set()
            self._op_lock.release()

    def _require(self, enabled: bool = True) -> None:
        if self._thread is None:
            raise DeviceError("the payment terminal is closed: open it first")
        if enabled and not self.enabled:
            raise DeviceError("the payment terminal is disabled: enable it first")

    def _ensure_link(self) -> _Link:
        if self._link is None or not self._registered:
            self._connect_locked()
        if self._link is None or not self._registered:
            raise TerminalUnavailable(f"the payment terminal is not available: {self.status}")
        return self._link

    def _converse(
        self,
        link: _Link,
        command: Command,
        data: bytes,
        *,
        timeout: float,
        reference: str | None = None,
        cancellable: bool = False,
        ack_ends: bool = False,
    ) -> _Exchange:
        """Send ``command`` and gather the terminal's messages until it ends the exchange
        (``ack_ends``: the acknowledgement is the whole answer, as for log off).

        Raises ``_NotSent`` when the command could not be sent, ``_Lost`` when the link
        broke or fell silent, ``ZvtProtocolError`` on bytes that are not ZVT.
        """
        exchange = _Exchange()
        deadline = time.monotonic() + timeout
        try:
            link.send(encode_apdu(*command.value, data))
        except OSError as error:
            raise _NotSent(f"could not send {command.name.lower()}: {error}") from None
        self.log.debug("-> %s (%d bytes)", command.name.lower(), len(data))
        if cancellable:
            with self._cancel_lock:
                self._payment_link = link
                self._phase = _Phase.COMMAND_SENT
        try:
            if ack_ends:
                answer = link.receive(time.monotonic() + self.ack_timeout)
                if answer.is_nak:
                    exchange.nak_code = answer.instr
                elif not answer.is_ack:
                    raise ZvtProtocolError(f"{answer.name} in answer to {command.name.lower()}")
                exchange.completion = b""
                return exchange
            self._gather(link, command, exchange, deadline, reference, cancellable)
        except TimeoutError:
            raise _Lost(R.CONNECTION_LOST, "the terminal did not acknowledge") from None
        finally:
            if cancellable:
                with self._cancel_lock:
                    self._phase = _Phase.IDLE
                    self._payment_link = None
        return exchange

    def _gather(
        self,
        link: _Link,
        command: Command,
        exchange: _Exchange,
        deadline: float,
        reference: str | None,
        cancellable: bool,
    ) -> None:
        acknowledged = False
        silence: float | None = self.message_timeout or None
        last = time.monotonic()
        aborted_for_time = False
        while not exchange.ended:
            if acknowledged:
                wait_until = deadline if silence is None else min(deadline, last + silence)
            else:
                wait_until = min(deadline, last + self.ack_timeout)
            try:
                message = link.receive(wait_until)
            except TimeoutError:
                now = time.monotonic()
                if now < deadline:
                    waited = now - last
                    what = "acknowledge the command" if not acknowledged else "send anything"
                    raise _Lost(
                        R.CONNECTION_LOST,
                        f"the terminal did not {what} for {waited:.1f} s",
                    ) from None
                if cancellable and not aborted_for_time and acknowledged:
                    aborted_for_time = exchange.timed_out = True
                    self.log.warning(
                        "payment took longer than %.0f s: aborting", self.payment_timeout
                    )
                    with self._cancel_lock:
                        self._cancel_requested = True
                    self._abort_if_asked(link, exchange)
                    deadline = now + 2 * self.ack_timeout
                    continue
                raise _Lost(R.TIMEOUT, f"no end of {command.name.lower()} in time") from None
            last = time.monotonic()
            if not acknowledged:
                acknowledged = True
                if message.is_ack:
                    self._terminal_master(cancellable, link, exchange)
                    continue
                if message.is_nak:
                    exchange.nak_code = message.instr
                    continue
                self._terminal_master(cancellable, link, exchange)
            announced = self._handle(link, message, exchange, reference)
            if announced is not None:
                silence = (
                    announced + self.status_grace
                    if announced > 0
                    else (self.message_timeout or None)
                )
            if cancellable:
                self._abort_if_asked(link, exchange)

    def _terminal_master(self, cancellable: bool, link: _Link, exchange: _Exchange) -> None:
        if cancellable:
            with self._cancel_lock:
                self._phase = _Phase.TERMINAL_MASTER
            self._abort_if_asked(link, exchange)

    def _abort_if_asked(self, link: _Link, exchange: _Exchange) -> None:
        with self._cancel_lock:
            if self._cancel_requested and not self._abort_sent:
                self._send_abort_locked(link)
            exchange.cancel_sent = self._abort_sent

    def _send_abort_locked(self, link: _Link) -> None:
        self._abort_sent = True
        with contextlib.suppress(OSError):
            link.send(encode_apdu(*Command.ABORT_ECR.value))
            self.log.info("-> abort")

    def _handle(
        self, link: _Link, message: Apdu, exchange: _Exchange, reference: str | None
    ) -> float | None:
        """Deal with one message of the terminal; returns an announced timeout if any."""
        self.log.debug("<- %s (%d bytes)", message.name, len(message.data))
        if message.is_ack or message.is_nak:
            return None  # the answer to our abort: the terminal goes on or ends with 06 1E
        if message.cls not in (0x04, 0x06):
            raise ZvtProtocolError(f"unexpected message {message.name}")
        command = message.command
        known = {
            Command.INTERMEDIATE_STATUS.value,
            Command.STATUS_INFORMATION.value,
            Command.PRINT_LINE.value,
            Command.PRINT_TEXT_BLOCK.value,
            Command.COMPLETION.value,
            Command.ABORT.value,
        }
        if command not in known:
            self.log.info("terminal sent %s, which we do not support: NAK", message.name)
            link.send(nak(0x83))
            return None
        # parse before acknowledging: a message we cannot read is not acknowledged
        announced = None
        if command == Command.INTERMEDIATE_STATUS.value:
            code, announced, text = _parse_intermediate(message.data, self.encoding)
        elif command == Command.STATUS_INFORMATION.value:
            if message.data in exchange.raw_records:
                self.statistics.increment(DUPLICATES)
                self.log.info("the terminal repeated its status information: ignored")
                link.send(ACK)
                return None
            record = _parse_record(message.data, self.encoding, self.log)
        elif command == Command.PRINT_TEXT_BLOCK.value:
            kind, lines = _parse_text_block(message.data, self.encoding)
        link.send(ACK)
        if command == Command.INTERMEDIATE_STATUS.value:
            self._progress(code, text, reference)
        elif command == Command.STATUS_INFORMATION.value:
            exchange.raw_records.append(message.data)
            exchange.records.append(record)
        elif command == Command.PRINT_LINE.value:
            if message.data:
                text = message.data[1:].decode(self.encoding, "replace").rstrip("\x00")
                exchange.open_lines.append(scrub_card_numbers(text))
                if message.data[0] & 0x80:
                    exchange.close_receipt()
        elif command == Command.PRINT_TEXT_BLOCK.value:
            exchange.close_receipt()
            exchange.receipts.append((kind, [scrub_card_numbers(line) for line in lines]))
        elif command == Command.COMPLETION.value:
            exchange.completion = message.data
        elif command == Command.ABORT.value:
            exchange.abort_code = message.data[0] if message.data else 0xFF
        return announced

    def _progress(self, code: int, text: str, reference: str | None) -> None:
        if self.enabled:
            step = _STEPS.get(code, ProgressStep.OTHER)
            self._emit(DataEvent(PaymentProgress(step, text, f"{code:02X}", reference)))

    # -- payments --

    def start_payment(
        self, amount_cents: int, currency: str = "EUR", *, reference: str
    ) -> PaymentResult:
        return self._start_payment(amount_cents, currency, reference, need_enabled=True)

    def _start_payment(
        self, amount_cents: int, currency: str, reference: str, *, need_enabled: bool
    ) -> PaymentResult:
        check_amount(amount_cents)
        if amount_cents > MAX_AMOUNT:
            raise ValueError(f"ZVT amounts go up to {MAX_AMOUNT} cents")
        check_reference(reference)
        number = currency_code(currency)
        currency = currency_name(number)
        self._require(enabled=need_enabled)
        with self._operation():
            self._refuse_if_unresolved()
            link = self._ensure_link()
            data = encode_bmps([(0x04, bcd_encode(amount_cents, 6)), (0x49, bcd_encode(number, 2))])
            pending = self._begin(reference, amount_cents, currency, "payment")
            self.statistics.increment(PAYMENTS)
            with self._cancel_lock:
                self._in_payment = True
                self._cancel_requested = self._abort_sent = False
            try:
                result = self._run_transaction(
                    link, Command.AUTHORISATION, data, pending, self.payment_timeout, True
                )
                if result is None:  # not registered: the terminal did not take it; once more
                    try:
                        link = self._ensure_link()
                    except TerminalUnavailable:
                        self.state.finish(None, None)
                        raise
                    result = self._run_transaction(
                        link, Command.AUTHORISATION, data, pending, self.payment_timeout, True
                    )
            finally:
                with self._cancel_lock:
                    self._in_payment = False
            if result is None:
                self.state.finish(None, None)
                raise TerminalUnavailable("the terminal does not accept our registration")
            self._settle(result)
        if self.enabled:
            self._emit(DataEvent(result))
        return result

    def cancel(self) -> bool:
        """Ask the terminal to abort the running payment (06 B0, sent once the terminal
        has acknowledged the payment). Its result still comes from start_payment(): a
        card already authorised stays approved."""
        with self._cancel_lock:
            if not self._in_payment:
                return False
            self._cancel_requested = True
            link = self._payment_link
            if self._phase is _Phase.TERMINAL_MASTER and link is not None and not self._abort_sent:
                self._send_abort_locked(link)
        return True

    def _refuse_if_unresolved(self) -> None:
        pending = self.state.pending
        if pending is not None:
            raise OutcomeUnknown(
                f"the outcome of {pending.operation} {pending.reference} is unknown: "
                "call transaction_status() first",
                pending.reference,
            )

    def _begin(self, reference: str, amount: int, currency: str, operation: str) -> PendingPayment:
        started = datetime.now().astimezone().replace(microsecond=0)
        pending = PendingPayment(
            reference=reference,
            amount_cents=amount,
            currency=currency,
            operation=operation,
            started_at=started.isoformat(),
            trace_before=self.state.last_trace,
        )
        self.state.begin(pending)
        return pending

    def _run_transaction(
        self,
        link: _Link,
        command: Command,
        data: bytes,
        pending: PendingPayment,
        timeout: float,
        cancellable: bool = False,
    ) -> PaymentResult | None:
        """One payment or reversal; None when the terminal said it is not registered."""
        try:
            exchange = self._converse(
                link,
                command,
                data,
                timeout=timeout,
                reference=pending.reference,
                cancellable=cancellable,
            )
        except _NotSent as error:
            self._drop_link(link, str(error))
            self.state.finish(None, None)
            raise TerminalUnavailable(str(error)) from None
        except _Lost as lost:
            self._drop_link(link, lost.detail)
            return self._unknown(pending, lost.reason, lost.detail)
        except ZvtProtocolError as error:
            detail = f"the terminal's answer is not ZVT: {error}"
            self._protocol_error(link, detail)
            return self._unknown(pending, R.PROTOCOL_ERROR, detail)
        code = exchange.nak_code if exchange.nak_code is not None else exchange.abort_code
        if code == NOT_REGISTERED and not exchange.records:
            self._registered = False
            return None
        return self._result(exchange, pending)

    def _unknown(self, pending: PendingPayment, reason: R, detail: str) -> PaymentResult:
        return PaymentResult(
            PaymentOutcome.UNKNOWN,
            pending.amount_cents,
            pending.currency,
            pending.reference,
            reason,
            TerminalReferences(terminal_id=self._terminal_id),
            detail=detail,
            operation=pending.operation,
        )

    def _result(
        self,
        exchange: _Exchange,
        pending: PendingPayment,
        *,
        record: _Record | None = None,
        detail: str = "",
    ) -> PaymentResult:
        customer, merchant, _ = exchange.split_receipts()
        distinct = exchange.records
        if record is None and len(distinct) > 1:
            return self._unknown(
                pending,
                R.PROTOCOL_ERROR,
                "the terminal sent two different results for one transaction",
            )
        if record is None and distinct:
            record = distinct[0]
        if exchange.nak_code is not None:
            code = exchange.nak_code
            detail = detail or f"the terminal refused the command (NAK {_code_text(code)})"
        elif record is not None and record.result_code is not None:
            code = record.result_code
            if exchange.abort_code is not None and code == 0:
                return self._unknown(
                    pending,
                    R.PROTOCOL_ERROR,
                    f"approved, then aborted ({_code_text(exchange.abort_code)})",
                )
        elif exchange.abort_code is not None:
            code = exchange.abort_code
        else:
            return self._unknown(
                pending, R.PROTOCOL_ERROR, "the terminal completed without a result code"
            )
        outcome, reason = outcome_for_code(code, cancel_sent=exchange.cancel_sent)
        if exchange.timed_out and code == ABORTED:
            reason = R.TIMEOUT
        refs = (record or _Record()).references(self._terminal_id)
        return PaymentResult(
            outcome,
            pending.amount_cents,
            pending.currency,
            pending.reference,
            reason,
            refs,
            customer,
            merchant,
            f"{code:02X}",
            detail or RESULT_TEXTS.get(code, "result code"),
            pending.operation,
        )

    def _settle(self, result: PaymentResult, *, resolved: bool = False) -> None:
        """Record ``result`` in the state and the statistics, and set the status."""
        if result.outcome is PaymentOutcome.UNKNOWN:
            if not resolved:
                self.state.mark_unknown(result.detail)
                self.statistics.increment(UNKNOWN_OUTCOMES)
                self.log.warning(
                    "%s %s: outcome unknown (%s)", result.operation, result.reference, result.detail
                )
            self._refresh_status()
            return
        refs = result.terminal
        record = {
            "reference": result.reference,
            "operation": result.operation,
            "outcome": result.outcome.value,
            "amount_cents": result.amount_cents,
            "currency": result.currency,
            "trace_number": refs.trace_number,
            "receipt_number": refs.receipt_number,
        }
        self.state.finish(record, refs.trace_number)
        if resolved:
            self.statistics.increment(RESOLVED)
        if result.operation == "reversal":
            self.statistics.increment(REVERSALS if result.approved else REVERSALS_FAILED)
        elif result.outcome is PaymentOutcome.APPROVED:
            self.statistics.increment(APPROVED)
        elif result.outcome is PaymentOutcome.DECLINED:
            self.statistics.increment(DECLINED)
            self.statistics.increment(f"declined_{result.reason}")
        else:
            self.statistics.increment(CANCELLED)
        self.log.info(
            "%s %s: %s%s (trace %s)",
            result.operation,
            result.reference,
            result.outcome.value,
            "" if result.reason is None else f"/{result.reason.value}",
            refs.trace_number,
        )
        self._refresh_status()

    # -- status of a transaction --

    def transaction_status(self, reference: str | None = None) -> PaymentResult:
        """Resolve the unknown payment (or report ``reference`` / the last transaction).

        * The unresolved payment (``reference`` None or its reference): ask the terminal
          for its last transaction and match it (module docstring); an answer that
          settles it lifts the block on payments. Still unknown when the terminal cannot
          be reached or is busy: ask again later.
        * Another reference this driver remembers: its recorded result.
        * None and nothing unresolved: the terminal's last transaction as it reports it
          (``reference`` set when it is one of ours).
        """
        if reference is not None:
            check_reference(reference)
        self._require(enabled=False)
        with self._operation():
            pending = self.state.pending
            if pending is not None and reference in (None, pending.reference):
                return self._resolve(pending)
            if reference is not None:
                record = self.state.find(reference)
                if record is None:
                    return PaymentResult(
                        PaymentOutcome.UNKNOWN,
                        0,
                        self.currency,
                        reference,
                        R.OTHER,
                        detail=f"this driver has no record of payment {reference}",
                    )
                return PaymentResult(
                    PaymentOutcome(record["outcome"]),
                    int(record["amount_cents"]),
                    str(record["currency"]),
                    reference,
                    terminal=TerminalReferences(
                        trace_number=record.get("trace_number"),
                        receipt_number=record.get("receipt_number"),
                        terminal_id=self._terminal_id,
                    ),
                    detail="as recorded by this driver",
                    operation=str(record.get("operation", "payment")),
                )
            return self._last_transaction()

    def _fetch_last(self) -> tuple[_Exchange | None, PaymentResult | None, str]:
        """Repeat receipt: (exchange, None, "") or (None, None, why it failed)."""
        try:
            link = self._ensure_link()
        except TerminalUnavailable as error:
            return None, None, str(error)
        try:
            exchange = self._converse(
                link, Command.REPEAT_RECEIPT, self._password, timeout=self.admin_timeout
            )
        except (_Lost, _NotSent) as error:
            self._drop_link(link, str(error))
            return None, None, f"asking the terminal failed: {error}"
        except ZvtProtocolError as error:
            self._protocol_error(link, f"bad answer to repeat receipt: {error}")
            return None, None, f"the terminal's answer is not ZVT: {error}"
        return exchange, None, ""

    def _resolve(self, pending: PendingPayment) -> PaymentResult:
        exchange, _, why = self._fetch_last()
        if exchange is None:
            return self._unknown(pending, R.CONNECTION_LOST, why)
        code = exchange.nak_code if exchange.nak_code is not None else exchange.abort_code
        if code in BUSY_CODES or code == NOT_REGISTERED:
            self._registered = self._registered and code != NOT_REGISTERED
            return self._unknown(
                pending, R.TERMINAL_BUSY, f"the terminal cannot answer now ({_code_text(code)})"
            )
        if len(exchange.records) > 1:
            return self._unknown(pending, R.PROTOCOL_ERROR, "two different last transactions")
        record = exchange.records[0] if exchange.records else None
        if record is None:
            if pending.trace_before is None:
                result = self._not_processed(pending, "the terminal has no transaction at all")
                self._settle(result, resolved=True)
                return result
            return self._unknown(
                pending,
                R.OTHER,
                "the terminal cannot repeat its last transaction"
                f"{'' if code is None else f' ({_code_text(code)})'}: check its journal",
            )
        known = self.state.find_trace(record.trace) if record.trace is not None else None
        if record.trace is not None and record.trace == pending.trace_before:
            result = self._not_processed(
                pending, f"the terminal's last transaction is still trace {record.trace}"
            )
        elif known is not None and (known.get("reference"), known.get("operation")) != (
            pending.reference,
            pending.operation,
        ):
            result = self._not_processed(
                pending,
                f"the terminal's last transaction (trace {record.trace}) is "
                f"{known.get('reference')}, known before",
            )
        elif record.amount_cents != pending.amount_cents or record.trace is None:
            return self._unknown(
                pending,
                R.OTHER,
                f"the terminal's last transaction (trace {record.trace}, "
                f"{record.amount_cents} cents) is not this one: check the terminal's journal",
            )
        elif pending.trace_before is None and not self._time_matches(record, pending):
            return self._unknown(
                pending,
                R.OTHER,
                f"the terminal's last transaction (trace {record.trace}) has the amount but not "
                "the time of this one: check the terminal's journal",
            )
        else:
            result = self._result(
                exchange,
                pending,
                record=record,
                detail=f"resolved: the terminal's last transaction is trace {record.trace}",
            )
        self._settle(result, resolved=True)
        return result

    def _not_processed(self, pending: PendingPayment, detail: str) -> PaymentResult:
        return PaymentResult(
            PaymentOutcome.CANCELLED,
            pending.amount_cents,
            pending.currency,
            pending.reference,
            R.NOT_PROCESSED,
            TerminalReferences(terminal_id=self._terminal_id),
            detail=f"not processed: {detail}",
            operation=pending.operation,
        )

    def _time_matches(self, record: _Record, pending: PendingPayment) -> bool:
        if not record.date or not record.time:
            return False
        started = datetime.fromisoformat(pending.started_at)
        try:
            month, day = int(record.date[:2]), int(record.date[2:])
            hour, minute, second = (int(record.time[i : i + 2]) for i in (0, 2, 4))
            candidates = [
                datetime(year, month, day, hour, minute, second, tzinfo=started.tzinfo)
                for year in (started.year - 1, started.year, started.year + 1)
            ]
        except ValueError:
            return False
        when = min(candidates, key=lambda moment: abs(moment - started))
        skew = timedelta(seconds=self.clock_skew)
        now = datetime.now().astimezone()
        return started - skew <= when <= now + skew

    def _last_transaction(self) -> PaymentResult:
        exchange, _, why = self._fetch_last()
        if exchange is None or not exchange.records:
            code = None if exchange is None else (exchange.nak_code or exchange.abort_code)
            return PaymentResult(
                PaymentOutcome.UNKNOWN,
                0,
                self.currency,
                None,
                R.CONNECTION_LOST if exchange is None else R.OTHER,
                TerminalReferences(terminal_id=self._terminal_id),
                result_code=None if code is None else f"{code:02X}",
                detail=why or "the terminal reports no last transaction",
            )
        record = exchange.records[0]
        known = self.state.find_trace(record.trace) if record.trace else None
        pending = PendingPayment(
            reference=None if known is None else known["reference"],  # type: ignore[arg-type]
            amount_cents=record.amount_cents or 0,
            currency=self.currency if record.currency is None else currency_name(record.currency),
            operation="payment" if known is None else str(known.get("operation", "payment")),
            started_at="",
            trace_before=None,
        )
        if record.trace:
            self.state.saw_trace(record.trace)
        return self._result(
            exchange,
            pending,
            record=record,
            detail="the terminal's last transaction (repeat receipt)",
        )

    def resolve_manually(self, outcome: PaymentOutcome, *, note: str) -> PaymentResult:
        """Settle the unresolved payment as an attendant found it in the terminal's own
        journal (when transaction_status() cannot tell); lifts the block on payments."""
        outcome = PaymentOutcome(outcome)
        if outcome is PaymentOutcome.UNKNOWN:
            raise ValueError("settle it as approved, declined or cancelled")
        if not note.strip():
            raise ValueError("say what was checked (note)")
        self._require(enabled=False)
        with self._operation():
            pending = self.state.pending
            if pending is None:
                raise UnknownReference("no payment is unresolved")
            result = PaymentResult(
                outcome,
                pending.amount_cents,
                pending.currency,
                pending.reference,
                None if outcome is PaymentOutcome.APPROVED else R.OTHER,
                TerminalReferences(terminal_id=self._terminal_id),
                detail=f"settled by hand: {note.strip()}",
                operation=pending.operation,
            )
            self.statistics.increment(RESOLVED_MANUALLY)
            self._settle(result, resolved=True)
        return result

    # -- reversal and administration --

    def reverse(self, reference: str, *, terminal_reference: str | None = None) -> PaymentResult:
        """Reverse approved payment ``reference`` (ZVT 06 30 with its receipt number)."""
        return self._reverse(reference, terminal_reference, need_enabled=True)

    def _reverse(
        self, reference: str, terminal_reference: str | None, *, need_enabled: bool
    ) -> PaymentResult:
        check_reference(reference)
        self._require(enabled=need_enabled)
        with self._operation():
            self._refuse_if_unresolved()
            record = self.state.find(reference)
            receipt = terminal_reference or (record or {}).get("receipt_number")
            if not receipt or not str(receipt).isdigit() or len(str(receipt)) > 4:
                raise UnknownReference(
                    f"no receipt number known for payment {reference}: give terminal_reference"
                )
            amount = int(record["amount_cents"]) if record else 0
            currency = str(record["currency"]) if record else self.currency
            link = self._ensure_link()
            data = self._password + encode_bmp(0x87, bcd_encode(int(receipt), 2))
            if amount:
                data += encode_bmp(0x04, bcd_encode(amount, 6))
            pending = self._begin(reference, amount, currency, "reversal")
            result = self._run_transaction(
                link, Command.REVERSAL, data, pending, self.payment_timeout
            )
            if result is None:
                self.state.finish(None, None)
                raise TerminalUnavailable("the terminal does not accept our registration")
            self._settle(result)
        if self.enabled:
            self._emit(DataEvent(result))
        return result

    def end_of_day(self) -> AdminResult:
        self._require()
        with self._operation():
            self._refuse_if_unresolved()
            result = self._admin(Command.END_OF_DAY, self._password, "end_of_day")
        self.statistics.increment(END_OF_DAY)
        return result

    def diagnosis(self) -> AdminResult:
        self._require()
        with self._operation():
            result = self._admin(Command.DIAGNOSIS, b"", "diagnosis")
        self.statistics.increment(DIAGNOSES)
        return result

    def _admin(self, command: Command, data: bytes, name: str) -> AdminResult:
        link = self._ensure_link()
        try:
            exchange = self._converse(link, command, data, timeout=self.admin_timeout)
        except (_Lost, _NotSent) as error:
            self._drop_link(link, str(error))
            return AdminResult(name, False, None, f"connection lost: {error}")
        except ZvtProtocolError as error:
            self._protocol_error(link, f"bad answer to {name}: {error}")
            return AdminResult(name, False, None, f"protocol error: {error}")
        customer, merchant, other = exchange.split_receipts()
        lines = other + merchant + customer
        record = exchange.records[0] if exchange.records else None
        for item in exchange.records:
            if item.trace:
                self.state.saw_trace(item.trace)
        code = exchange.nak_code if exchange.nak_code is not None else exchange.abort_code
        if code is None and record is not None and record.result_code is not None:
            code = record.result_code
        ok = code in (None, 0)
        return AdminResult(
            name,
            ok,
            None if code is None else f"{code:02X}",
            "done" if ok else RESULT_TEXTS.get(code or 0xFF, "failed"),
            lines,
            None if record is None else record.amount_cents,
            (record or _Record()).references(self._terminal_id),
        )

    def log_off(self) -> None:
        """Log off (06 02): the terminal forgets our registration; while the device is
        open, the connection thread registers again (call it before close() to leave the
        terminal unregistered)."""
        self._require(enabled=False)
        with self._operation():
            link = self._ensure_link()
            try:
                self._converse(link, Command.LOG_OFF, b"", timeout=self.ack_timeout, ack_ends=True)
            except (_Lost, _NotSent, ZvtProtocolError) as error:
                self.log.info("log off: %s", error)
            self._registered = False

    # -- health --

    def _check_external(self) -> list[tuple[str, str]]:
        try:
            with self._operation():
                link = self._ensure_link()
                try:
                    facts = self._status_enquiry_locked(link)
                except (_Lost, _NotSent) as error:
                    self._drop_link(link, str(error))
                    raise HealthCheckFailed(FaultReason.CONNECTION_LOST, str(error)) from None
                except ZvtProtocolError as error:
                    self._protocol_error(link, str(error))
                    raise HealthCheckFailed(FaultReason.PROTOCOL_ERROR, str(error)) from None
        except TerminalBusy as error:
            raise HealthCheckFailed(FaultReason.BUSY, str(error)) from None
        except TerminalUnavailable as error:
            raise HealthCheckFailed(FaultReason.CONNECTION_LOST, str(error)) from None
        if self.status.state is not DeviceState.ONLINE:
            raise HealthCheckFailed(self.status.reason or FaultReason.OTHER, self.status.detail)
        return [("registered", "yes"), *sorted(facts.items())]

    def _check_interactive(self, timeout: float) -> list[tuple[str, str]]:
        """A 1-cent test payment: a person presents a card within ``timeout`` seconds.

        Approved: reversed at once. Approved, declined, or stopped at the terminal's
        keypad all show the terminal reads cards and talks to its host; nobody in time
        (we cancel) fails with ``interactive_timeout``.
        """
        reference = f"health-{time.strftime('%Y%m%dT%H%M%S')}"
        timer = threading.Timer(timeout, self.cancel)
        timer.daemon = True
        timer.start()
        try:
            result = self._start_payment(1, self.currency, reference, need_enabled=False)
        except (OutcomeUnknown, TerminalBusy, TerminalUnavailable) as error:
            raise HealthCheckFailed(FaultReason.OTHER, f"test payment: {error}") from None
        finally:
            timer.cancel()
        facts = [("test payment", result.outcome.value)]
        if result.terminal.card_brand:
            facts.append(("card", result.terminal.card_brand))
        if result.outcome is PaymentOutcome.UNKNOWN:
            raise HealthCheckFailed(FaultReason.OUTCOME_UNKNOWN, result.detail)
        if result.reason is R.CANCELLED_BY_KIOSK:
            raise HealthCheckFailed(
                FaultReason.INTERACTIVE_TIMEOUT, f"no card was presented within {timeout:.0f} s"
            )
        if result.approved:
            reversal = self._reverse(reference, None, need_enabled=False)
            if not reversal.approved:
                raise HealthCheckFailed(
                    FaultReason.OTHER,
                    "the 1-cent test payment was approved but not reversed "
                    f"({reversal.detail}): reverse receipt {result.terminal.receipt_number}",
                )
            facts.append(("reversed", "yes"))
        elif result.reason is not None:
            facts.append(("reason", result.reason.value))
        return facts


# -- parsing the terminal's messages ------------------------------------------------------


def _text(data: bytes, encoding: str) -> str:
    return data.decode(encoding, "replace").replace("\x00", "").strip()


def _parse_intermediate(data: bytes, encoding: str) -> tuple[int, int | None, str]:
    """``04 FF``: status code, optional timeout (seconds), optional TLV 24 display text."""
    if not data:
        raise ZvtProtocolError("intermediate status without a status byte")
    code = data[0]
    timeout = data[1] if len(data) >= 2 else None
    text = INTERMEDIATE_STATUS_TEXTS.get(code, f"Terminal status {code:02X}")
    if len(data) > 2 and data[2] == 0x06:
        bmps = decode_bmps(data[2:])
        lines = [
            _text(item.data, encoding)
            for bmp in bmps
            for container in find_tlv(bmp.tlv, 0x24)
            for item in find_tlv(container.items, 0x07)
        ]
        if lines:
            text = " ".join(line for line in lines if line)
    return code, timeout, text


def _parse_record(data: bytes, encoding: str, log: Any) -> _Record:
    record = _Record()
    for bmp in decode_bmps(data):
        value = bmp.value
        if bmp.tag == 0x27:
            record.result_code = value[0]
        elif bmp.tag == 0x04:
            record.amount_cents = bcd_decode(value)
        elif bmp.tag == 0x49:
            record.currency = bcd_decode(value)
        elif bmp.tag == 0x0B:
            record.trace = bcd_digits(value)
        elif bmp.tag == 0x87:
            record.receipt = bcd_digits(value)
        elif bmp.tag == 0x29:
            record.terminal_id = bcd_digits(value)
        elif bmp.tag == 0x3B:
            record.auth_code = _text(value, "ascii") or None
        elif bmp.tag == 0x8B:
            record.card_name = _text(value, encoding) or None
        elif bmp.tag == 0x8A:
            record.card_type = value[0]
        elif bmp.tag == 0x0C:
            record.time = bcd_digits(value)
        elif bmp.tag == 0x0D:
            record.date = bcd_digits(value)
        elif bmp.tag == 0x22:
            pan = decode_masked_pan(value)
            if "*" not in pan:
                log.warning("the terminal sent an unmasked card number: dropped, not kept")
            elif pan:
                digits = pan.replace("*", "")
                record.masked_pan = "*" * (len(pan) - 4) + digits[-4:] if len(pan) > 4 else pan
    return record


def _parse_text_block(data: bytes, encoding: str) -> tuple[int | None, list[str]]:
    """``06 D3``: BMP 06 with TLV 1F07 (receipt type) and 25 (print texts, 07 lines)."""
    kind: int | None = None
    lines: list[str] = []
    for bmp in decode_bmps(data):
        if bmp.tag != 0x06:
            continue
        for item in find_tlv(bmp.tlv, 0x1F07):
            kind = item.data[0] if item.data else None
        for container in find_tlv(bmp.tlv, 0x25):
            for item in container.items:
                if item.tag == 0x07:
                    lines.append(item.data.decode(encoding, "replace").rstrip("\x00"))
    return kind, lines


def _parse_completion(data: bytes, encoding: str) -> tuple[str | None, int | None, list[Bmp]]:
    """A completion's optional software version (LLVAR), terminal status byte and BMPs."""
    version = None
    status = None
    at = 0
    if len(data) >= 2 and all(0xF0 <= b <= 0xF9 for b in data[:2]):
        size = (data[0] & 0x0F) * 10 + (data[1] & 0x0F)
        if 2 + size > len(data):
            raise ZvtProtocolError("completion: software version is cut off")
        version = _text(data[2 : 2 + size], encoding)
        at = 2 + size
    if at < len(data) and data[at] not in BMPS:
        status = data[at]
        at += 1
    bmps = decode_bmps(data[at:])
    for bmp in bmps:
        if bmp.tag == 0x19:
            status = bmp.value[0]
    return version, status, bmps
