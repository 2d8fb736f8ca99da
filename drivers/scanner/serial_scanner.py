"""A barcode scanner on a serial port (RS-232, USB-CDC) or a pyserial URL.

Configuration (``[devices.scanner]``, ``driver = "serial"``)::

    url = "/dev/ttyACM0"        # or /dev/serial/by-id/..., socket://host:port, loop://
    options = { baudrate = 9600, terminator = "CR", prefix = "02", max_length = 512 }

* ``terminator``: a name from :data:`drivers.scanner.framing.TERMINATORS` (default CR);
* ``prefix``: the prefix bytes in hex (``"02"`` for STX; default none);
* ``max_length``: longest frame accepted (default 512).

A reader thread feeds whatever the port gives to a :class:`ScanFramer` and emits
``DataEvent(Scan)`` per scan (while enabled) and ``ErrorEvent`` per frame error. When
reading fails (``SerialException``/``OSError``: the cable was pulled) the scanner goes
offline with reason ``unplugged``, drops any half frame, and tries to reopen the port
every ``reconnect_interval`` seconds until it is back, which is counted as a reconnect.

TODO(issue #3): find the scanner again by USB VID:PID when its port name changes (with
an injectable port enumerator), fill in the identity's USB ids, and send enable /
disable commands for the common scanner families.
"""

from __future__ import annotations

import contextlib
import errno
import threading

import serial

from drivers.config import AddressKind, DeviceConfig, DeviceKind
from drivers.device import (
    DataEvent,
    Device,
    DeviceIdentity,
    DeviceState,
    ErrorEvent,
    FaultReason,
    Statistics,
)
from drivers.scanner.framing import TERMINATORS, FrameError, FrameErrorReason, Scan, ScanFramer

__all__ = ["SerialScanner"]

READ_TIMEOUT = 0.05
"""Seconds a read waits for a first byte; bounds how long close() waits for the thread."""

GOOD_SCANS = "good_scans"
BAD_SCANS = "bad_scans"
EMPTY_FRAMES = "empty_frames"
UNPLUGS = "unplugs"
RECONNECTS = "reconnects"


def _open_fault(error: BaseException) -> FaultReason:
    code = getattr(error, "errno", None)
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return FaultReason.NOT_FOUND
    if code in (errno.EACCES, errno.EPERM):
        return FaultReason.PERMISSION_DENIED
    return FaultReason.OTHER


class SerialScanner(Device):
    """A serial barcode scanner; see the module docstring for its options."""

    def __init__(
        self,
        config: DeviceConfig,
        *,
        statistics: Statistics | None = None,
        reconnect_interval: float = 0.5,
    ) -> None:
        if config.kind is not DeviceKind.SCANNER:
            raise ValueError(f"a SerialScanner drives a scanner, not a {config.kind}")
        if config.address_kind not in (AddressKind.SERIAL_PATH, AddressKind.PYSERIAL_URL):
            raise ValueError(f"{config.url!r} is not a serial port path or a pyserial URL")
        if reconnect_interval <= 0:
            raise ValueError("reconnect_interval must be positive")
        options = dict(config.options)
        self.url = config.url
        self.baudrate = int(options.pop("baudrate", 9600))
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
        self.max_length = int(options.pop("max_length", 512))
        if options:
            raise ValueError(f"unknown scanner options: {', '.join(sorted(options))}")
        ScanFramer(terminator=self.terminator, prefix=self.prefix, max_length=self.max_length)
        super().__init__(
            DeviceKind.SCANNER.value,
            identity=DeviceIdentity(kind=DeviceKind.SCANNER.value, port=config.url),
            statistics=statistics,
        )
        self.reconnect_interval = reconnect_interval
        self._framer: ScanFramer | None = None
        self._port: serial.SerialBase | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

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
            self._stop.clear()
            ready = threading.Event()
            self._thread = threading.Thread(
                target=self._run, args=(ready,), name=f"scanner {self.url}", daemon=True
            )
            self._thread.start()
        ready.wait(timeout=5)  # the first open attempt has been made

    def close(self, timeout: float = 2.0) -> None:
        """Stop the reader thread and release the port."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stop.set()
        port = self._port
        if port is not None:
            with contextlib.suppress(Exception):
                port.cancel_read()
        thread.join(timeout)
        if thread.is_alive():
            self.log.error("scanner reader thread did not stop within %.1f s", timeout)
        self._set_status(DeviceState.CLOSED)

    # -- the reader thread --

    def _open_port(self) -> serial.SerialBase:
        return serial.serial_for_url(self.url, baudrate=self.baudrate, timeout=READ_TIMEOUT)

    def _run(self, ready: threading.Event) -> None:
        was_online = False
        unplugged = False
        try:
            while not self._stop.is_set():
                if self._port is None:
                    try:
                        port = self._open_port()
                    except (serial.SerialException, OSError, ValueError) as error:
                        reason = FaultReason.UNPLUGGED if unplugged else _open_fault(error)
                        self._set_status(DeviceState.OFFLINE, reason, str(error))
                        ready.set()
                        self._stop.wait(self.reconnect_interval)
                        continue
                    self._port = port
                    if was_online:
                        self.statistics.increment(RECONNECTS)
                    was_online, unplugged = True, False
                    self._set_status(DeviceState.ONLINE, None, f"port {self.url} open")
                    ready.set()
                try:
                    data = self._port.read(max(1, self._port.in_waiting))
                except (serial.SerialException, OSError, TypeError) as error:
                    # TypeError: pyserial reading a port closed under it by cancel/close.
                    if self._stop.is_set():
                        break
                    self._release_port()
                    assert self._framer is not None
                    self._framer.reset()
                    unplugged = True
                    self.statistics.increment(UNPLUGS)
                    self._set_status(DeviceState.OFFLINE, FaultReason.UNPLUGGED, str(error))
                    continue
                if data:
                    self._handle(data)
        except Exception:
            self.log.exception("scanner reader thread failed")
            self._set_status(DeviceState.ERROR, FaultReason.OTHER, "reader thread failed")
        finally:
            self._release_port()
            ready.set()

    def _release_port(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            with contextlib.suppress(Exception):
                port.close()

    def _handle(self, data: bytes) -> None:
        assert self._framer is not None
        for result in self._framer.feed(data):
            if isinstance(result, Scan):
                self.statistics.increment(GOOD_SCANS)
                if self.enabled:
                    self._emit(DataEvent(result))
                else:
                    self.log.debug("scan dropped: scanner disabled")
            else:
                self._frame_error(result)

    def _frame_error(self, error: FrameError) -> None:
        empty = error.reason is FrameErrorReason.EMPTY
        self.statistics.increment(EMPTY_FRAMES if empty else BAD_SCANS)
        if not empty:
            self.log.info("bad scan (%s): %r", error.reason, error.raw)
        self._emit(ErrorEvent(FaultReason.PROTOCOL_ERROR, str(error.reason), error))
