"""An ESC/POS receipt printer on a serial port, a network port (9100) or USB.

Configuration (``[devices.printer]``, ``driver = "escpos"``)::

    url = "/dev/ttyS0"     # or /dev/serial/by-id/..., socket://..., tcp://host:9100, usb:04b8:0e28
    options = { baudrate = 38400, code_page = "CP858", poll_interval = 1.0 }

Options (all optional; an unknown option is an error):

* ``baudrate`` (serial, default 9600) and ``flow_control`` (serial: ``none``,
  ``rtscts`` or ``xonxoff``; default ``none``);
* ``profile``: the python-escpos printer profile pinned for rendering (default
  ``TM-T88V``); ``code_page``: the one code page every receipt selects (default
  ``CP858``, see :mod:`drivers.printer.receipt`); ``columns`` (default: the profile's
  font A, 42 on a TM-T88); ``cut``: ``partial`` (default) or ``full``; ``qr_size``:
  dots per QR module, 1-16 (default 6); ``logo``: an image file printed at the top of
  every receipt (default none);
* ``poll_interval``: seconds between status polls while idle (default 1.0, so a paper
  out is seen within about a second: the target is 2 s); ``status_timeout``: seconds
  to wait for the answer to a status query (default 0.5); ``write_timeout`` (default
  5.0) and ``connect_timeout`` (TCP, default 3.0); ``chunk_size``: bytes sent between
  two status checks while printing (default 512);
* ``model``: the model to report when the printer does not say (``GS I``);
* ``usb_interface``: the USB interface to claim (default 0).

Status: every ``poll_interval`` the driver sends ``DLE EOT 1-4`` and decodes the
answers (:mod:`drivers.printer.status`). Paper out, cover open, autocutter error,
unrecoverable error, an automatically recoverable error and "offline, no cause given"
put the device in ERROR with that reason; no answer within ``status_timeout`` is
OFFLINE/``timeout``; a broken port or connection is OFFLINE/``unplugged`` (serial,
USB) or ``connection_lost`` (TCP), and the driver reopens it every
``reconnect_interval`` until it is back (counted as a reconnect). Paper near end stays
ONLINE, with "paper near end" as the status detail and a health fact. Whenever the
decoded printer status changes, a ``DataEvent(PrinterStatus)`` goes out (while
enabled), so the kiosk can warn the attendant about paper running low. An answer
with wrong fixed bits is a protocol error (ERROR/``protocol_error`` and an
``ErrorEvent``). After an autocutter error whose cause is gone (cover closed), the
driver sends ``DLE ENQ 2`` to recover.

Identity: on each connection, once the printer is online, ``GS I 67 / 65 / 66 / 68``
(model, firmware, maker, serial number; Epson's ``_ text NUL`` answers). A printer that
does not answer keeps the ``model`` option.

Printing (:meth:`EscposPrinter.print_receipt`): the receipt is rendered to blocks of
ESC/POS bytes first (a bad receipt is a ``ValueError`` before anything is sent); then,
holding the port, the status is checked, the blocks go out in chunks of about
``chunk_size`` bytes with a status check after each, and the status is checked once
more after the cut. The :class:`PrintResult` says whether the receipt went out and, if
not, why (paper out, cover open, unplugged, timeout...) and how far it got: lines and
bytes sent, and lines sent before the last good status check. A receipt is never
retried by the driver: the caller decides whether to reprint. Real printers buffer,
so a status check proves the printer was fine when it answered, not that every byte
before it is already on paper.

Threads: one poll thread per printer owns the port between receipts; a receipt is
printed on the caller's thread, holding the port, so a poll never lands inside a
receipt. Listeners are called on whichever of the two is talking to the printer,
while it holds the port: they must hand events over and return, never block.

Statistics: ``receipts_printed``, ``lines_printed``, ``receipts_failed``,
``paper_outs``, ``paper_near_ends``, ``cover_opens``, ``cutter_errors``,
``unrecoverable_errors``, ``recoveries`` (``DLE ENQ`` that cleared an error),
``timeouts``, ``protocol_errors``, ``connection_losses``, ``reconnects``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from drivers.config import AddressKind, DeviceConfig, DeviceKind, OptionValue
from drivers.device import (
    DataEvent,
    Device,
    DeviceError,
    DeviceIdentity,
    DeviceState,
    ErrorEvent,
    FaultReason,
    HealthCheckFailed,
    Statistics,
)
from drivers.printer.receipt import (
    DEFAULT_CODE_PAGE,
    DEFAULT_PROFILE,
    Receipt,
    ReceiptRenderer,
    RenderedReceipt,
)
from drivers.printer.status import (
    RECOVER_CLEAR_BUFFERS,
    RECOVER_RESTART,
    STATUS_QUERIES,
    PaperState,
    PrinterStatus,
    StatusByteError,
    decode_status,
)
from drivers.printer.transport import (
    SerialTransport,
    TcpTransport,
    Transport,
    TransportError,
    UsbTransport,
)

__all__ = ["EscposPrinter", "PrintResult"]

RECEIPTS_PRINTED = "receipts_printed"
LINES_PRINTED = "lines_printed"
RECEIPTS_FAILED = "receipts_failed"
PAPER_OUTS = "paper_outs"
PAPER_NEAR_ENDS = "paper_near_ends"
COVER_OPENS = "cover_opens"
CUTTER_ERRORS = "cutter_errors"
UNRECOVERABLE_ERRORS = "unrecoverable_errors"
RECOVERIES = "recoveries"
TIMEOUTS = "timeouts"
PROTOCOL_ERRORS = "protocol_errors"
CONNECTION_LOSSES = "connection_losses"
RECONNECTS = "reconnects"

IDENTITY_QUERIES = (("model", 67), ("firmware", 65), ("maker", 66), ("serial_number", 68))
"""``GS I n`` queries answered with ``0x5F text 0x00`` by Epson printers."""
IDENTITY_LIMIT = 82


@dataclass(frozen=True, slots=True)
class PrintResult:
    """How a receipt went. ``ok`` False: ``reason`` and ``detail`` say why."""

    ok: bool
    reason: FaultReason | None
    detail: str
    lines_total: int
    lines_sent: int
    """Text lines written to the printer (all of them when ``ok``)."""
    lines_confirmed: int
    """Text lines written before the last status check that found the printer fine."""
    bytes_total: int
    bytes_sent: int
    """Bytes written to the printer (a lower bound when a write timed out)."""
    status: PrinterStatus | None = None
    """The last status the printer gave during the job (None: it gave none)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "reason": None if self.reason is None else self.reason.value,
            "detail": self.detail,
            "lines_total": self.lines_total,
            "lines_sent": self.lines_sent,
            "lines_confirmed": self.lines_confirmed,
            "bytes_total": self.bytes_total,
            "bytes_sent": self.bytes_sent,
            "status": None if self.status is None else self.status.to_dict(),
        }


class _Options:
    """Takes typed options out of a config's options, with clear errors."""

    def __init__(self, options: dict[str, OptionValue]) -> None:
        self._options = dict(options)
        self.given = frozenset(options)

    def number(self, name: str, default: float, low: float, high: float) -> float:
        value = self._options.pop(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"printer option {name} must be a number, not {value!r}")
        if not low <= value <= high:
            raise ValueError(f"printer option {name} must be {low}-{high}, not {value}")
        return float(value)

    def whole(self, name: str, default: int, low: int, high: int) -> int:
        value = self._options.pop(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"printer option {name} must be a whole number, not {value!r}")
        if not low <= value <= high:
            raise ValueError(f"printer option {name} must be {low}-{high}, not {value}")
        return value

    def text(self, name: str, default: str) -> str:
        value = self._options.pop(name, default)
        if not isinstance(value, str):
            raise ValueError(f"printer option {name} must be text, not {value!r}")
        return value

    def finish(self) -> None:
        if self._options:
            raise ValueError(f"unknown printer options: {', '.join(sorted(self._options))}")


SERIAL_ONLY = frozenset({"baudrate", "flow_control"})
TCP_ONLY = frozenset({"connect_timeout"})
USB_ONLY = frozenset({"usb_interface"})


class EscposPrinter(Device):
    """An ESC/POS receipt printer; see the module docstring for its options."""

    def __init__(
        self,
        config: DeviceConfig,
        *,
        statistics: Statistics | None = None,
        reconnect_interval: float = 1.0,
    ) -> None:
        if config.kind is not DeviceKind.PRINTER:
            raise ValueError(f"an EscposPrinter drives a printer, not a {config.kind}")
        address = config.address_kind
        if address is AddressKind.SIMULATOR:
            raise ValueError("a sim: address is resolved by drivers.registry.create_device")
        if reconnect_interval <= 0:
            raise ValueError("reconnect_interval must be positive")
        options = _Options(config.options)
        baudrate = options.whole("baudrate", 9600, 300, 921600)
        flow_control = options.text("flow_control", "none")
        self.poll_interval = options.number("poll_interval", 1.0, 0.01, 60.0)
        self.status_timeout = options.number("status_timeout", 0.5, 0.01, 30.0)
        write_timeout = options.number("write_timeout", 5.0, 0.1, 120.0)
        connect_timeout = options.number("connect_timeout", 3.0, 0.1, 60.0)
        self.chunk_size = options.whole("chunk_size", 512, 16, 1 << 20)
        model = options.text("model", "")
        self.configured_model = model or None
        usb_interface = options.whole("usb_interface", 0, 0, 255)
        columns = options.whole("columns", 0, 0, 80)
        logo = options.text("logo", "")
        self.renderer = ReceiptRenderer(
            profile=options.text("profile", DEFAULT_PROFILE),
            code_page=options.text("code_page", DEFAULT_CODE_PAGE),
            columns=columns or None,
            cut=options.text("cut", "partial"),
            qr_size=options.whole("qr_size", 6, 1, 16),
            logo=logo or None,
        )
        options.finish()
        self.url = config.url
        usb_ids: tuple[int, int] | None = None
        self._transport_factory: Callable[[], Transport]
        serial_address = address in (AddressKind.SERIAL_PATH, AddressKind.PYSERIAL_URL)
        for names, applies, what in (
            (SERIAL_ONLY, serial_address, "serial ports"),
            (TCP_ONLY, address is AddressKind.TCP, "tcp:// addresses"),
            (USB_ONLY, address is AddressKind.USB, "usb: addresses"),
        ):
            misplaced = sorted(names & options.given)
            if misplaced and not applies:
                raise ValueError(f"printer option {', '.join(misplaced)} is for {what} only")
        if serial_address:
            if flow_control not in ("none", "rtscts", "xonxoff"):
                raise ValueError(f"flow_control {flow_control!r} is not none, rtscts or xonxoff")
            self._transport_factory = lambda: SerialTransport(
                config.url,
                baudrate=baudrate,
                flow_control=flow_control,
                write_timeout=write_timeout,
            )
        elif address is AddressKind.TCP:
            host, _, port = config.url.removeprefix("tcp://").rpartition(":")
            self._transport_factory = lambda: TcpTransport(
                host, int(port), connect_timeout=connect_timeout, write_timeout=write_timeout
            )
        else:
            _, vid, pid = config.url.split(":")
            usb_ids = (int(vid, 16), int(pid, 16))
            self._transport_factory = lambda: UsbTransport(
                usb_ids[0], usb_ids[1], interface=usb_interface, write_timeout=write_timeout
            )
        self._base_identity = DeviceIdentity(
            kind=DeviceKind.PRINTER.value,
            model=self.configured_model,
            port=config.url,
            usb_vid=None if usb_ids is None else usb_ids[0],
            usb_pid=None if usb_ids is None else usb_ids[1],
        )
        super().__init__(
            DeviceKind.PRINTER.value, identity=self._base_identity, statistics=statistics
        )
        self.reconnect_interval = reconnect_interval
        self._io = threading.RLock()
        """Held while talking to the printer: a poll and a receipt never interleave."""
        self._transport: Transport | None = None
        self._printer_status: PrinterStatus | None = None
        self._identity_asked = False
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # -- life cycle --

    def open(self) -> None:
        """Start the poll thread; returns once the first connection and status query are done.

        The status then says how that went: online, error with the printer's reason, or
        offline (not_found, permission_denied, timeout...) while it keeps trying.
        """
        with self._lock:
            if self._thread is not None:
                return
            self._stop.clear()
            ready = threading.Event()
            self._thread = threading.Thread(
                target=self._run, args=(ready,), name=f"printer {self.url}", daemon=True
            )
            self._thread.start()
        ready.wait(timeout=10 + self.status_timeout * 2)

    def close(self, timeout: float = 5.0) -> None:
        """Stop polling and release the port."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stop.set()
        self._wake.set()
        transport = self._transport
        if transport is not None:
            transport.cancel()
        thread.join(timeout)
        if thread.is_alive():
            self.log.error("printer poll thread did not stop within %.1f s", timeout)
        with self._io:
            self._release_locked()
        self._set_status(DeviceState.CLOSED)

    @property
    def printer_status(self) -> PrinterStatus | None:
        """The last status the printer gave (None before the first answer)."""
        return self._printer_status

    # -- the poll thread --

    def _run(self, ready: threading.Event) -> None:
        was_connected = False
        try:
            while not self._stop.is_set():
                try:
                    if self._transport is None:
                        if not self._connect(was_connected):
                            ready.set()
                            self._pause(self.reconnect_interval)
                            continue
                        if was_connected:
                            self.statistics.increment(RECONNECTS)
                        was_connected = True
                    with self._io:
                        if self._transport is not None and not self._stop.is_set():
                            self._poll_locked()
                except Exception as error:  # a bug here must not end the polling for good
                    self.log.exception("printer poll failed; reopening the port")
                    with self._io:
                        self._release_locked()
                    self._set_status(
                        DeviceState.ERROR, FaultReason.OTHER, f"poll failed: {error!r}"
                    )
                    ready.set()
                    self._pause(self.reconnect_interval)
                    continue
                ready.set()
                self._pause(self.poll_interval)
        finally:
            with self._io:
                self._release_locked()
            ready.set()

    def _pause(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _connect(self, was_connected: bool) -> bool:
        transport: Transport = self._transport_factory()
        try:
            transport.open()
        except TransportError as error:
            reason = error.reason
            if was_connected and reason in (FaultReason.NOT_FOUND, FaultReason.OTHER):
                reason = transport.lost_reason
            self._set_status(DeviceState.OFFLINE, reason, error.detail)
            return False
        with self._io:
            self._transport = transport
            self._identity_asked = False
        self.log.debug("printer port %s open", transport.describe())
        return True

    def _release_locked(self) -> None:
        transport, self._transport = self._transport, None
        if transport is not None:
            transport.close()

    def _lost_locked(self, error: TransportError) -> None:
        """The port failed: a timeout keeps it (the printer may be busy); anything else drops it."""
        if error.reason is FaultReason.TIMEOUT:
            if self._set_status(DeviceState.OFFLINE, FaultReason.TIMEOUT, error.detail):
                self.statistics.increment(TIMEOUTS)
            return
        self._release_locked()
        if self._stop.is_set():
            return
        reason = error.reason
        if reason not in (FaultReason.UNPLUGGED, FaultReason.CONNECTION_LOST):
            reason = FaultReason.UNPLUGGED
        self.statistics.increment(CONNECTION_LOSSES)
        self._set_status(DeviceState.OFFLINE, reason, error.detail)
        self._wake.set()  # reconnect without waiting for the poll interval

    def _poll_locked(self) -> None:
        status = self._query_locked()
        if status is not None and status.needs_recovery:
            status = self._recover_locked(RECOVER_CLEAR_BUFFERS)
        if status is not None and status.online and not self._identity_asked:
            self._identity_asked = True
            self._read_identity_locked()

    def _query_locked(self, queued: int = 0) -> PrinterStatus | None:
        """Ask ``DLE EOT 1-4``, apply the answer to the status, return it (None: no status).

        ``queued``: bytes written just before, which the queries wait behind on a slow
        serial line; the answer gets that much longer.
        """
        transport = self._transport
        if transport is None:
            return None
        timeout = self.status_timeout + transport.drain_time(queued + len(STATUS_QUERIES))
        try:
            transport.discard_input()
            transport.write(STATUS_QUERIES)
            raw = transport.read_exactly(4, timeout)
        except TransportError as error:
            self._lost_locked(error)
            return None
        if len(raw) < 4:
            detail = f"no answer to DLE EOT within {timeout:.1f} s ({len(raw)} of 4 status bytes)"
            if self._set_status(DeviceState.OFFLINE, FaultReason.TIMEOUT, detail):
                self.statistics.increment(TIMEOUTS)
            return None
        try:
            status = decode_status(raw)
        except StatusByteError as error:
            if self._set_status(DeviceState.ERROR, FaultReason.PROTOCOL_ERROR, str(error)):
                self.statistics.increment(PROTOCOL_ERRORS)
                self._emit(ErrorEvent(FaultReason.PROTOCOL_ERROR, str(error), error))
            return None
        self._apply_locked(status)
        return status

    def _apply_locked(self, status: PrinterStatus) -> None:
        old = self._printer_status or PrinterStatus()
        self._printer_status = status
        if status.paper_out and not old.paper_out:
            self.statistics.increment(PAPER_OUTS)
        if status.paper is PaperState.NEAR_END and old.paper is PaperState.OK:
            self.statistics.increment(PAPER_NEAR_ENDS)
            self.log.warning("printer paper near end")
        if status.cover_open and not old.cover_open:
            self.statistics.increment(COVER_OPENS)
        if status.cutter_error and not old.cutter_error:
            self.statistics.increment(CUTTER_ERRORS)
        if status.unrecoverable_error and not old.unrecoverable_error:
            self.statistics.increment(UNRECOVERABLE_ERRORS)
        state, reason, detail = status.fault()
        self._set_status(state, reason, detail)
        if status != old and self.enabled:
            self._emit(DataEvent(status))

    def _recover_locked(self, command: bytes) -> PrinterStatus | None:
        transport = self._transport
        if transport is None:
            return None
        try:
            transport.write(command)
        except TransportError as error:
            self._lost_locked(error)
            return None
        self.log.info("printer: sent DLE ENQ %d to recover", command[2])
        status = self._query_locked()
        if status is not None and not (status.cutter_error or status.recoverable_error):
            self.statistics.increment(RECOVERIES)
        return status

    def _read_identity_locked(self) -> None:
        transport = self._transport
        if transport is None:
            return
        found: dict[str, str] = {}
        for field, n in IDENTITY_QUERIES:
            try:
                transport.discard_input()
                transport.write(bytes((0x1D, 0x49, n)))
                answer = transport.read_until(b"\x00", IDENTITY_LIMIT, self.status_timeout)
            except TransportError as error:
                self._lost_locked(error)
                return
            if not answer.endswith(b"\x00") or answer[:1] != b"_":
                if answer:
                    self.log.info("printer: GS I %d answer %r is not _text NUL", n, answer)
                break  # a printer that does not answer one will not answer the others
            found[field] = answer[1:-1].decode("ascii", "replace").strip()
        model = found.get("model") or self.configured_model
        maker = found.get("maker")
        if model and maker and not model.lower().startswith(maker.lower()):
            model = f"{maker} {model}"
        self._identity = DeviceIdentity(
            kind=self._base_identity.kind,
            model=model,
            port=self._base_identity.port,
            usb_vid=self._base_identity.usb_vid,
            usb_pid=self._base_identity.usb_pid,
            serial_number=found.get("serial_number"),
            firmware=found.get("firmware"),
        )

    # -- public operations --

    def refresh_status(self) -> PrinterStatus | None:
        """Ask the printer now; None when it gave no status (the device status says why)."""
        self._require_open()
        with self._io:
            if self._transport is None:
                return None
            return self._query_locked()

    def recover(self, *, restart: bool = False) -> PrinterStatus | None:
        """Send ``DLE ENQ 2`` (``restart``: ``DLE ENQ 1``) and return the status after it."""
        self._require_open()
        with self._io:
            return self._recover_locked(RECOVER_RESTART if restart else RECOVER_CLEAR_BUFFERS)

    def print_receipt(self, receipt: Receipt | Sequence[str]) -> PrintResult:
        """Print ``receipt`` (or plain lines) and say how it went; see the module docstring.

        Raises ``ValueError`` for a receipt that cannot be rendered and
        :class:`~drivers.device.DeviceError` when the printer is not open; a printer
        problem is never raised, it is the result.
        """
        self._require_open()
        if not isinstance(receipt, Receipt):
            receipt = Receipt(lines=list(receipt))
        rendered = self.renderer.render(receipt)
        with self._io:
            result = self._print_locked(rendered)
        if result.ok:
            self.statistics.increment(RECEIPTS_PRINTED)
            self.statistics.increment(LINES_PRINTED, rendered.lines)
        else:
            self.statistics.increment(RECEIPTS_FAILED)
            self.log.warning("receipt failed: %s", result.detail)
            self._emit(ErrorEvent(result.reason or FaultReason.OTHER, result.detail, result))
        return result

    def _require_open(self) -> None:
        if self.status.state is DeviceState.CLOSED or self._thread is None:
            raise DeviceError("the printer is closed: open it first")

    def _print_locked(self, rendered: RenderedReceipt) -> PrintResult:
        total_lines, total_bytes = rendered.lines, rendered.size
        sent_lines = confirmed = sent_bytes = 0
        status: PrinterStatus | None = None

        def failed(what: str) -> PrintResult:
            current = self.status
            reason = current.reason if current.state is not DeviceState.ONLINE else None
            detail = (
                f"{what}: {current.detail or current.state.value}; "
                f"{sent_lines} of {total_lines} lines sent ({sent_bytes} of {total_bytes} bytes)"
            )
            return PrintResult(
                False,
                reason or FaultReason.OTHER,
                detail,
                total_lines,
                sent_lines,
                confirmed,
                total_bytes,
                sent_bytes,
                status,
            )

        if self._transport is None:
            return failed("printer not connected")
        status = self._query_locked()
        if status is None or not status.can_print:
            return failed("printer not ready")
        for chunk, last_line in self._chunks(rendered):
            transport = self._transport
            if transport is None:
                return failed("connection lost mid-receipt")
            try:
                transport.write(chunk)
            except TransportError as error:
                self._lost_locked(error)
                return failed("receipt cut short")
            sent_bytes += len(chunk)
            sent_lines = last_line
            status = self._query_locked(queued=len(chunk))
            if status is None or not status.can_print:
                return failed("receipt cut short")
            confirmed = sent_lines
        return PrintResult(
            True,
            None,
            "printed",
            total_lines,
            sent_lines,
            confirmed,
            total_bytes,
            sent_bytes,
            status,
        )

    def _chunks(self, rendered: RenderedReceipt) -> list[tuple[bytes, int]]:
        """Blocks grouped into writes of about ``chunk_size`` bytes, with the line each ends."""
        chunks: list[tuple[bytes, int]] = []
        pending: list[bytes] = []
        size = 0
        line = 0
        for block in rendered.blocks:
            if pending and size + len(block.data) > self.chunk_size:
                chunks.append((b"".join(pending), line))
                pending, size = [], 0
            pending.append(block.data)
            size += len(block.data)
            line = block.line
        if pending:
            chunks.append((b"".join(pending), line))
        return chunks

    # -- health --

    def _check_internal(self) -> list[tuple[str, str]]:
        facts = super()._check_internal()
        transport = self._transport
        if transport is not None:
            facts.append(("port", transport.describe()))
        facts += [(name, str(value)) for name, value in self.renderer.describe().items()]
        status = self._printer_status
        if status is not None and status.paper is PaperState.NEAR_END:
            facts.append(("warning", "paper near end"))
        return facts

    def _check_external(self) -> list[tuple[str, str]]:
        status = self.refresh_status()
        if status is None:
            current = self.status
            raise HealthCheckFailed(current.reason or FaultReason.OTHER, current.detail)
        if not status.can_print:
            _, reason, detail = status.fault()
            raise HealthCheckFailed(reason or FaultReason.OTHER, detail)
        identity = self.identity
        facts = status.facts()
        for name in ("model", "firmware", "serial_number"):
            value = getattr(identity, name)
            if value:
                facts.append((name, value))
        return facts

    def _check_interactive(self, timeout: float) -> list[tuple[str, str]]:
        identity = self.identity
        facts = [
            ("model", identity.model or "unknown"),
            ("firmware", identity.firmware or "unknown"),
            ("port", self.url),
        ]
        result = self.print_receipt(self.renderer.test_page(facts))
        if not result.ok:
            raise HealthCheckFailed(result.reason or FaultReason.OTHER, result.detail)
        return [
            (
                "test_page",
                "printed: check that the line reads € é ë ï ö ü ij, the ruler has "
                f"{self.renderer.columns} digits on one line, the QR code scans and the "
                "paper was cut",
            )
        ]
