"""A barcode scanner on a serial port (RS-232, USB-CDC) or a pyserial URL.

Configuration (``[devices.scanner]``, ``driver = "serial"``)::

    url = "/dev/ttyACM0"        # or /dev/serial/by-id/..., usb:0c2e:0b61, socket://host:port
    options = { baudrate = 9600, terminator = "CR", prefix = "02", max_length = 512,
                usb_vid = "0c2e", usb_pid = "0b61", commands = "honeywell" }

* ``baudrate`` (9600);
* ``terminator``: a name from :data:`drivers.scanner.framing.TERMINATORS` (default CR);
* ``prefix``: the prefix bytes in hex (``"02"`` for STX; default none);
* ``max_length``: longest frame accepted (default 512);
* ``frame_timeout``: seconds of quiet after which a frame still without its terminator
  is given up as ``incomplete`` (default 0.5; 0: never), so a half frame (a scanner
  reset mid-frame, a glitch) is not merged with the next scan;
* ``usb_vid`` / ``usb_pid`` (hex text such as ``"0c2e"``, or integers) and optionally
  ``usb_serial``: the scanner's USB identity, to find it again when its port name
  changes. A ``usb:VID:PID`` address says the same without any path;
* ``commands``: ``none`` (default), ``zebra-ssi``, ``honeywell`` or ``datalogic``: how
  :meth:`SerialScanner.enable` / :meth:`~SerialScanner.disable` switch the scanner
  itself on and off (see :mod:`drivers.scanner.commands` for the bytes); with
  ``enable_command`` / ``disable_command`` for other Honeywell menu commands or Datalogic
  bytes; ``reply_timeout``: seconds the scanner has to answer a command (default 0.5);
* ``test_code``: the code the interactive health check waits for (default: any scan).

A reader thread feeds whatever the port gives to a :class:`ScanFramer` (through a
:class:`~drivers.scanner.commands.ReplySplitter` that takes command answers out of the
stream, for the families that answer) and emits ``DataEvent(Scan)`` per scan while
enabled and ``ErrorEvent(protocol_error)`` per frame error (``cause`` is the
``FrameError``). Scans that arrive while disabled are dropped (and counted).

Finding the port: with no USB ids the configured path (or URL) is opened. With USB ids,
the configured path is opened if it exists and the port enumerator does not list it as
a different USB device; otherwise the enumerator (``enumerate_ports=``, default
:func:`drivers.scanner.ports.system_ports`, pyserial's ``comports()``) is searched for the
one port with those ids (and serial number, when configured); two that fit are refused
rather than guessed between. The identity then names the port opened, its USB ids, serial
number and maker/product as the system reports them.

Unplug: when reading fails (``SerialException``/``OSError``: the cable was pulled) or
the opened path vanishes, the scanner goes offline with reason ``unplugged``, reports a
half frame as ``incomplete``, and looks for the port again every
``reconnect_interval`` seconds - under its old name or, by USB ids, under a new one.
Coming back is counted as a reconnect (and as a port change when the name changed). On
every (re)open the scanner is sent the command for the current state (a replugged scanner
starts up in its own default), and on :meth:`~SerialScanner.close` the disable command.

Enable / disable with commands: the command is written at once (from the caller's
thread; commands are queued, one answer awaited at a time, and a newer state replaces
a state command not yet sent). An answer that refuses the command (SSI NAK, Honeywell
ENQ/NAK) is an ``ErrorEvent(protocol_error)``, no answer within ``reply_timeout`` an
``ErrorEvent(timeout)``; either way data is still dropped while disabled. An SSI NAK
"resend" gets the packet once more with the retransmit bit set.

Health: external = the port is open, and with ``zebra-ssi`` the scanner answers
``REQUEST_REVISION`` (its firmware revision becomes a fact and the identity's firmware);
the other families cannot be asked. Interactive = within the timeout a person scans the
test code (or any code): the scan is taken by the check, not delivered; a scanner that
is disabled is enabled for the check and disabled again after.

Statistics: ``good_scans``, ``bad_scans`` (frame errors, half frames included),
``empty_frames``, ``dropped_while_disabled``, ``unplugs``, ``reconnects``,
``port_changes``, ``commands_sent``, ``commands_refused``, ``commands_unanswered``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field

import serial

from drivers.config import AddressKind, DeviceConfig, DeviceKind
from drivers.device import (
    DataEvent,
    Device,
    DeviceIdentity,
    DeviceState,
    ErrorEvent,
    FaultReason,
    HealthCheckFailed,
    Statistics,
)
from drivers.scanner.commands import (
    Action,
    CommandFamily,
    HostCommand,
    Reply,
    ReplyKind,
    ReplySplitter,
    ScannerCommands,
)
from drivers.scanner.framing import TERMINATORS, FrameError, FrameErrorReason, Scan, ScanFramer
from drivers.scanner.ports import (
    AmbiguousPort,
    PortEnumerator,
    PortInfo,
    UsbMatch,
    parse_usb_id,
    same_port,
    system_ports,
)
from drivers.serial_port import open_fault

__all__ = ["SerialScanner"]

READ_TIMEOUT = 0.05
"""Seconds a read waits for a first byte; bounds how long close() waits for the thread
and how often the quiet-line checks (half frame, vanished port, unanswered command) run."""
PRESENCE_INTERVAL = 0.25
"""Seconds between checks, while the line is quiet, that the opened path still exists."""

GOOD_SCANS = "good_scans"
BAD_SCANS = "bad_scans"
EMPTY_FRAMES = "empty_frames"
DROPPED_WHILE_DISABLED = "dropped_while_disabled"
UNPLUGS = "unplugs"
RECONNECTS = "reconnects"
PORT_CHANGES = "port_changes"
COMMANDS_SENT = "commands_sent"
COMMANDS_REFUSED = "commands_refused"
COMMANDS_UNANSWERED = "commands_unanswered"


class _NotFound(Exception):
    """The port to open could not be determined (no port with the USB ids, or several)."""


@dataclass(eq=False)
class _Request:
    """A command on its way to the scanner, and how it went."""

    command: HostCommand
    done: threading.Event = field(default_factory=threading.Event)
    reply: Reply | None = None
    failure: str | None = None
    reason: FaultReason | None = None
    deadline: float = 0.0
    resent: bool = False

    def finish(self, reply: Reply | None = None, failure: str | None = None) -> None:
        self.reply, self.failure = reply, failure
        self.done.set()


class _ScanWaiter:
    """The interactive health check waiting for the test scan."""

    def __init__(self, expected: str | None) -> None:
        self.expected = expected
        self.scan: Scan | None = None
        self.event = threading.Event()

    def offer(self, scan: Scan) -> bool:
        if self.event.is_set() or (self.expected is not None and scan.data != self.expected):
            return False
        self.scan = scan
        self.event.set()
        return True


def _seconds(options: dict[str, object], name: str, default: float) -> float:
    value = options.pop(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{name} must be a number of seconds >= 0, not {value!r}")
    return float(value)


class SerialScanner(Device):
    """A serial barcode scanner; see the module docstring for its options."""

    def __init__(
        self,
        config: DeviceConfig,
        *,
        statistics: Statistics | None = None,
        reconnect_interval: float = 0.5,
        enumerate_ports: PortEnumerator | None = None,
    ) -> None:
        if config.kind is not DeviceKind.SCANNER:
            raise ValueError(f"a SerialScanner drives a scanner, not a {config.kind}")
        address = config.address_kind
        if address not in (AddressKind.SERIAL_PATH, AddressKind.PYSERIAL_URL, AddressKind.USB):
            raise ValueError(
                f"{config.url!r} is not a serial port path, a pyserial URL or a usb:VID:PID address"
            )
        if reconnect_interval <= 0:
            raise ValueError("reconnect_interval must be positive")
        options: dict[str, object] = dict(config.options)
        self.url = config.url
        self.address_kind = address
        self.baudrate = int(options.pop("baudrate", 9600))  # type: ignore[call-overload]
        terminator_name = str(options.pop("terminator", "CR")).upper()
        if terminator_name not in TERMINATORS:
            raise ValueError(
                f"terminator {terminator_name!r} is not one of {', '.join(TERMINATORS)}"
            )
        self.terminator = TERMINATORS[terminator_name]
        try:
            self.prefix = bytes.fromhex(str(options.pop("prefix", "")))
        except ValueError as error:
            raise ValueError(f"prefix must be hex bytes such as '02': {error}") from None
        self.max_length = int(options.pop("max_length", 512))  # type: ignore[call-overload]
        self.frame_timeout = _seconds(options, "frame_timeout", 0.5)
        self.reply_timeout = _seconds(options, "reply_timeout", 0.5)
        if not self.reply_timeout:
            raise ValueError("reply_timeout must be more than 0 seconds")
        self.usb = self._usb_match(config.url, address, options)
        enable_command = options.pop("enable_command", None)
        disable_command = options.pop("disable_command", None)
        self.commands = ScannerCommands(
            str(options.pop("commands", CommandFamily.NONE.value)),
            enable_command=None if enable_command is None else str(enable_command),
            disable_command=None if disable_command is None else str(disable_command),
        )
        test_code = options.pop("test_code", None)
        self.test_code = None if test_code is None else str(test_code)
        if options:
            raise ValueError(f"unknown scanner options: {', '.join(sorted(options))}")
        ScanFramer(terminator=self.terminator, prefix=self.prefix, max_length=self.max_length)
        super().__init__(
            DeviceKind.SCANNER.value,
            identity=DeviceIdentity(
                kind=DeviceKind.SCANNER.value,
                port=None if address is AddressKind.USB else config.url,
                usb_vid=None if self.usb is None else self.usb.vid,
                usb_pid=None if self.usb is None else self.usb.pid,
                serial_number=None if self.usb is None else self.usb.serial_number,
            ),
            statistics=statistics,
        )
        self.reconnect_interval = reconnect_interval
        self.enumerate_ports: PortEnumerator = enumerate_ports or system_ports
        self._framer: ScanFramer | None = None
        self._splitter: ReplySplitter | None = None
        self._port: serial.SerialBase | None = None
        self._port_path: str | None = None
        self._last_path: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._cmd_lock = threading.Lock()
        self._queue: deque[_Request] = deque()
        self._awaiting: _Request | None = None
        self._hardware_enabled: bool | None = None
        self._waiters: list[_ScanWaiter] = []
        self._not_found_logged: str | None = None
        self._enumerator_error: str | None = None

    @staticmethod
    def _usb_match(url: str, address: AddressKind, options: dict[str, object]) -> UsbMatch | None:
        vid = options.pop("usb_vid", None)
        pid = options.pop("usb_pid", None)
        serial_number = options.pop("usb_serial", None)
        if address is AddressKind.USB:
            _, url_vid, url_pid = url.split(":")
            from_url = (int(url_vid, 16), int(url_pid, 16))
            given = (
                parse_usb_id(vid if vid is not None else url_vid, "usb_vid"),
                parse_usb_id(pid if pid is not None else url_pid, "usb_pid"),
            )
            if given != from_url:
                raise ValueError(f"usb_vid/usb_pid {given} contradict the address {url!r}")
            vid, pid = from_url
        if vid is None and pid is None:
            if serial_number is not None:
                raise ValueError("usb_serial needs usb_vid and usb_pid")
            return None
        if vid is None or pid is None:
            raise ValueError("usb_vid and usb_pid go together")
        if address is AddressKind.PYSERIAL_URL:
            raise ValueError("usb_vid/usb_pid find a local port; a pyserial URL has none")
        return UsbMatch(
            parse_usb_id(vid, "usb_vid"),
            parse_usb_id(pid, "usb_pid"),
            None if serial_number is None else str(serial_number),
        )

    @property
    def port_path(self) -> str | None:
        """The port open now (None while there is none)."""
        return self._port_path

    # -- life cycle --

    def open(self) -> None:
        """Start the reader thread; it opens the port (and keeps trying while it is absent).

        The status says how that went: online, or offline with not_found /
        permission_denied / other while it retries.
        """
        with self._lock:
            if self._thread is not None:
                return
            self._framer = ScanFramer(
                terminator=self.terminator, prefix=self.prefix, max_length=self.max_length
            )
            family = self.commands.family
            self._splitter = (
                ReplySplitter(self.commands, terminator=self.terminator)
                if family in (CommandFamily.ZEBRA_SSI, CommandFamily.HONEYWELL)
                else None
            )
            self._stop.clear()
            ready = threading.Event()
            self._thread = threading.Thread(
                target=self._run, args=(ready,), name=f"scanner {self.url}", daemon=True
            )
            self._thread.start()
        ready.wait(timeout=5)  # the first open attempt has been made

    def close(self, timeout: float = 2.0) -> None:
        """Send the disable command (best effort), stop the reader thread, free the port."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is None:
            return
        disable = self.commands.disable()
        with self._cmd_lock:
            if disable is not None and self._hardware_enabled is not False:
                self._write(disable.payload)
            self._hardware_enabled = None
            self._queue.clear()
        self._stop.set()
        port = self._port
        if port is not None:
            with contextlib.suppress(Exception):
                port.cancel_read()
        thread.join(timeout)
        if thread.is_alive():
            self.log.error("scanner reader thread did not stop within %.1f s", timeout)
        self._port_lost("the scanner was closed")
        self._set_status(DeviceState.CLOSED)

    def enable(self) -> None:
        """Deliver scans; with scanner commands, also switch the scanner itself on."""
        super().enable()
        self._sync_hardware()

    def disable(self) -> None:
        """Drop scans; with scanner commands, also switch the scanner itself off."""
        super().disable()
        self._sync_hardware()

    # -- finding and opening the port --

    def _open_port(self, path: str) -> serial.SerialBase:
        return serial.serial_for_url(path, baudrate=self.baudrate, timeout=READ_TIMEOUT)

    def _ports(self) -> list[PortInfo]:
        try:
            ports = list(self.enumerate_ports())
        except Exception as error:  # a broken sysfs must not kill the reader
            if str(error) != self._enumerator_error:
                self._enumerator_error = str(error)
                self.log.warning("cannot list serial ports: %s", error)
            return []
        self._enumerator_error = None
        return ports

    def _locate(self) -> tuple[str, PortInfo | None]:
        """The path to open now and what the port list says about it."""
        if self.usb is None:
            return self.url, None
        ports = self._ports()
        if self.address_kind is AddressKind.SERIAL_PATH and os.path.exists(self.url):
            listed = next((p for p in ports if same_port(p.device, self.url)), None)
            if listed is None or listed.usb_vid is None or self.usb.fits(listed):
                return self.url, listed
            self.log.info(
                "%s is now USB device %s, not the scanner (%s)", self.url, listed.usb_id, self.usb
            )
        try:
            found = self.usb.find(ports)
        except AmbiguousPort as error:
            raise _NotFound(str(error)) from None
        if found is None:
            raise _NotFound(f"no port has USB id {self.usb}")
        return found.device, found

    def _connect(self) -> serial.SerialBase:
        path, info = self._locate()
        port = self._open_port(path)
        self._port_path = path
        identity = self._identity
        if info is not None:
            maker = " ".join(part for part in (info.manufacturer, info.product) if part)
            identity = dataclasses.replace(
                identity,
                usb_vid=info.usb_vid if info.usb_vid is not None else identity.usb_vid,
                usb_pid=info.usb_pid if info.usb_pid is not None else identity.usb_pid,
                serial_number=info.serial_number or identity.serial_number,
                model=maker or identity.model,
            )
        with self._lock:
            self._identity = dataclasses.replace(identity, port=path)
        return port

    # -- the reader thread --

    def _run(self, ready: threading.Event) -> None:
        was_online = False
        unplugged = False
        last_byte = time.monotonic()
        next_presence = 0.0
        try:
            while not self._stop.is_set():
                if self._port is None:
                    try:
                        port = self._connect()
                    except _NotFound as error:
                        reason = FaultReason.UNPLUGGED if unplugged else FaultReason.NOT_FOUND
                        self._offline(reason, str(error), ready)
                        continue
                    except (serial.SerialException, OSError, ValueError) as error:
                        reason = FaultReason.UNPLUGGED if unplugged else open_fault(error)
                        self._offline(reason, str(error), ready)
                        continue
                    self._port = port
                    path = self._port_path
                    if was_online:
                        self.statistics.increment(RECONNECTS)
                    if self._last_path is not None and path != self._last_path:
                        self.statistics.increment(PORT_CHANGES)
                    self._last_path = path
                    was_online, unplugged = True, False
                    self._not_found_logged = None
                    detail = f"port {path} open"
                    if path != self.url:
                        detail += f" (found by USB id {self.usb})"
                    self._port_opened()  # before ONLINE: a listener may enable() at once
                    self._set_status(DeviceState.ONLINE, None, detail)
                    last_byte = time.monotonic()
                    ready.set()
                try:
                    data = self._port.read(max(1, self._port.in_waiting))
                except (serial.SerialException, OSError, TypeError, AttributeError) as error:
                    # TypeError/AttributeError: pyserial reading a port closed under it.
                    if self._stop.is_set():
                        break
                    self._lost(str(error))
                    unplugged = True
                    continue
                now = time.monotonic()
                if data:
                    last_byte = now
                    self._handle(data)
                else:
                    self._quiet(now - last_byte)
                    if now >= next_presence:
                        next_presence = now + PRESENCE_INTERVAL
                        path = self._port_path
                        if (
                            path is not None
                            and self.address_kind is not AddressKind.PYSERIAL_URL
                            and not os.path.exists(path)
                        ):
                            self._lost(f"port {path} vanished")
                            unplugged = True
                            continue
                self._check_deadline(now)
        except Exception:
            self.log.exception("scanner reader thread failed")
            self._set_status(DeviceState.ERROR, FaultReason.OTHER, "reader thread failed")
        finally:
            self._release_port()
            ready.set()

    def _offline(self, reason: FaultReason, detail: str, ready: threading.Event) -> None:
        changed = self._set_status(DeviceState.OFFLINE, reason, detail)
        if not changed and detail != self._not_found_logged:
            self.log.info("scanner still not there: %s", detail)  # e.g. now two ports fit
        self._not_found_logged = detail
        ready.set()
        self._stop.wait(self.reconnect_interval)

    def _lost(self, detail: str) -> None:
        self._release_port()
        assert self._framer is not None
        half = self._framer.drop_partial()
        self._framer.reset()
        self._port_lost()
        self.statistics.increment(UNPLUGS)
        self._set_status(DeviceState.OFFLINE, FaultReason.UNPLUGGED, detail)
        if half is not None:
            self._frame_error(half)

    def _release_port(self) -> None:
        port, self._port = self._port, None
        self._port_path = None
        if port is not None:
            with contextlib.suppress(Exception):
                port.close()

    def _quiet(self, quiet_for: float) -> None:
        """The line has been quiet: give up a held reply, then a half frame."""
        if self._splitter is not None:
            with self._cmd_lock:
                held = self._splitter.release()
            if held:
                self._frame(held)
        framer = self._framer
        assert framer is not None
        if self.frame_timeout and quiet_for >= self.frame_timeout and framer.pending:
            half = framer.drop_partial()
            if half is not None:
                self._frame_error(half)

    def _handle(self, data: bytes) -> None:
        if self._splitter is None:
            self._frame(data)
            return
        with self._cmd_lock:
            items = self._splitter.feed(data)
        for item in items:
            if isinstance(item, Reply):
                self._on_reply(item)
            else:
                self._frame(item)

    def _frame(self, data: bytes) -> None:
        assert self._framer is not None
        for result in self._framer.feed(data):
            if isinstance(result, Scan):
                self._deliver(result)
            else:
                self._frame_error(result)

    def _deliver(self, scan: Scan) -> None:
        self.statistics.increment(GOOD_SCANS)
        with self._lock:
            waiters = list(self._waiters)
        if any(waiter.offer(scan) for waiter in waiters):
            return
        if self.enabled:
            self._emit(DataEvent(scan))
        else:
            self.statistics.increment(DROPPED_WHILE_DISABLED)
            self.log.debug("scan dropped: scanner disabled")

    def _frame_error(self, error: FrameError) -> None:
        empty = error.reason is FrameErrorReason.EMPTY
        self.statistics.increment(EMPTY_FRAMES if empty else BAD_SCANS)
        if not empty:
            self.log.info("bad scan (%s): %r", error.reason, error.raw)
        self._emit(ErrorEvent(FaultReason.PROTOCOL_ERROR, str(error.reason), error))

    # -- commands --

    def _sync_hardware(self) -> None:
        """Queue the command that brings the scanner itself to the state wanted now."""
        with self._lock:
            wanted = self._enabled or bool(self._waiters)
        command = self.commands.for_state(wanted)
        if command is None:
            return
        with self._cmd_lock:
            if self._thread is None or wanted == self._hardware_enabled:
                return
            self._hardware_enabled = wanted
            self._drop_queued_state_commands()
            self._queue.append(_Request(command))
            self._pump()

    def _drop_queued_state_commands(self) -> None:
        for request in [r for r in self._queue if r.command.action is not Action.REVISION]:
            self._queue.remove(request)
            request.finish(failure="replaced by a newer state")

    def _submit(self, command: HostCommand) -> _Request:
        request = _Request(command)
        with self._cmd_lock:
            self._queue.append(request)
            self._pump()
        return request

    def _write(self, payload: bytes, *, count: bool = True) -> bool:
        port = self._port
        if port is None:
            return False
        try:
            port.write(payload)
        except Exception as error:  # the reader thread notices a lost port itself
            self.log.debug("cannot write to the scanner: %s", error)
            return False
        if count:
            self.statistics.increment(COMMANDS_SENT)
        return True

    def _pump(self) -> None:
        """Send queued commands while no answer is awaited (with ``_cmd_lock`` held)."""
        while self._awaiting is None and self._queue:
            request = self._queue[0]
            if self._splitter is not None and request.command.answered:
                self._splitter.expect(request.command)  # before the answer can come
            if not self._write(request.command.payload):
                if self._splitter is not None:
                    self._splitter.expect(None)
                return
            self._queue.popleft()
            self.log.debug("sent %s", request.command.name)
            if request.command.answered:
                request.deadline = time.monotonic() + self.reply_timeout
                self._awaiting = request
            else:
                request.finish()

    def _port_opened(self) -> None:
        with self._lock:
            wanted = self._enabled or bool(self._waiters)
        command = self.commands.for_state(wanted)
        with self._cmd_lock:
            if self._splitter is not None:
                self._splitter.reset()
            if command is not None:
                self._drop_queued_state_commands()
                self._hardware_enabled = wanted
                self._queue.appendleft(_Request(command))
            self._pump()

    def _port_lost(self, why: str = "the port was lost") -> None:
        """Fail the command awaiting an answer and queued queries (not the state wanted)."""
        with self._cmd_lock:
            awaiting, self._awaiting = self._awaiting, None
            if awaiting is not None:
                awaiting.finish(failure=why)
            for request in list(self._queue):
                if request.command.action is Action.REVISION:
                    self._queue.remove(request)
                    request.finish(failure=why)
            if self._splitter is not None:
                self._splitter.reset()

    def _on_reply(self, reply: Reply) -> None:
        if reply.kind is ReplyKind.DECODE_DATA:
            self._decode_data(reply)
        ack = self.commands.acknowledgement(reply)
        error: ErrorEvent | None = None
        with self._cmd_lock:
            if ack is not None:
                self._write(ack, count=False)
            request = self._awaiting
            if request is None or not self._answers(request, reply):
                if reply.kind in (ReplyKind.ACK, ReplyKind.NAK):
                    self.log.info("scanner answer %s with no command awaiting it", reply.detail)
                return
            if reply.resend and not request.resent:
                request.resent = True
                request.command = self.commands.retransmission(request.command)
                request.deadline = time.monotonic() + self.reply_timeout
                self.log.info("scanner asks to resend %s", request.command.name)
                if self._write(request.command.payload):
                    return
            self._awaiting = None
            assert self._splitter is not None
            self._splitter.expect(None)
            if reply.kind is ReplyKind.NAK:
                request.reason = FaultReason.PROTOCOL_ERROR
                request.finish(reply, f"scanner refused {request.command.name}: {reply.detail}")
                self.statistics.increment(COMMANDS_REFUSED)
                error = ErrorEvent(FaultReason.PROTOCOL_ERROR, request.failure or "", reply)
            else:
                request.finish(reply)
            self._pump()
        if error is not None:
            self.log.warning("%s", error.detail)
            self._emit(error)

    @staticmethod
    def _answers(request: _Request, reply: Reply) -> bool:
        if reply.kind is ReplyKind.NAK:
            return True
        if request.command.action is Action.REVISION:
            return reply.kind is ReplyKind.REVISION
        return reply.kind is ReplyKind.ACK

    def _decode_data(self, reply: Reply) -> None:
        packet = reply.packet
        assert packet is not None
        if packet.status & 0x02 or not packet.data[1:]:
            self._frame_error(FrameError(FrameErrorReason.CONTROL_CHARACTERS, reply.raw))
            return
        self._deliver(Scan(packet.data[1:].decode("latin-1")))

    def _check_deadline(self, now: float) -> None:
        with self._cmd_lock:
            request = self._awaiting
            if request is None or now < request.deadline:
                return
            self._awaiting = None
            if self._splitter is not None:
                self._splitter.expect(None)
            request.reason = FaultReason.TIMEOUT
            request.finish(
                failure=f"scanner did not answer {request.command.name} "
                f"within {self.reply_timeout:g} s"
            )
            self.statistics.increment(COMMANDS_UNANSWERED)
            self._pump()
        self.log.warning("%s", request.failure)
        self._emit(ErrorEvent(FaultReason.TIMEOUT, request.failure or "", request.command))

    # -- health --

    def _check_external(self) -> list[tuple[str, str]]:
        facts = [("port", self._port_path or "")]
        if self._identity.usb_vid is not None and self._identity.usb_pid is not None:
            facts.append(("usb", f"{self._identity.usb_vid:04x}:{self._identity.usb_pid:04x}"))
        command = self.commands.revision_request()
        if command is None:
            facts.append(
                (
                    "external",
                    f"commands = {self.commands.family.value}: this scanner cannot be asked "
                    "anything; the port is open",
                )
            )
            return facts
        request = self._submit(command)
        if not request.done.wait(self.reply_timeout * 4 + 1.0):
            raise HealthCheckFailed(FaultReason.TIMEOUT, "the revision request was never sent")
        if request.failure is not None or request.reply is None:
            raise HealthCheckFailed(
                request.reason or FaultReason.CONNECTION_LOST, request.failure or "no answer"
            )
        revision = request.reply.detail
        with self._lock:
            self._identity = dataclasses.replace(self._identity, firmware=revision or None)
        facts.append(("firmware", revision))
        return facts

    def _check_interactive(self, timeout: float) -> list[tuple[str, str]]:
        waiter = _ScanWaiter(self.test_code)
        with self._lock:
            self._waiters.append(waiter)
        self._sync_hardware()
        try:
            got = waiter.event.wait(timeout)
        finally:
            with self._lock:
                self._waiters.remove(waiter)
            self._sync_hardware()
        if not got or waiter.scan is None:
            what = f"the test code {self.test_code}" if self.test_code else "a code"
            raise HealthCheckFailed(
                FaultReason.INTERACTIVE_TIMEOUT, f"nobody scanned {what} within {timeout:g} s"
            )
        return [("test_scan", waiter.scan.data), ("aim_id", waiter.scan.aim_id or "")]
