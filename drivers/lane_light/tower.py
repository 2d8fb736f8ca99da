"""A USB-serial tri-colour tower light with buzzer (CH340 based, e.g. Adafruit product 5125).

The tower is a USB-serial adapter (WCH CH340, USB id 1A86:7523) in front of a small
controller; it appears as ``/dev/ttyUSB0`` and takes single-byte commands at 9600 baud,
8N1. The high nibble says what to do, the low nibble which output:

========  =======  =======  =======
output    on       off      blink
========  =======  =======  =======
red       ``11``   ``21``   ``41``
yellow    ``12``   ``22``   ``42``
green     ``14``   ``24``   ``44``
buzzer    ``18``   ``28``   ``48``
========  =======  =======  =======

(hexadecimal). The tower never answers. A pattern is sent as four bytes, the outputs
that must be off first, then the lit one (so two colours never show together): green
steady is ``21 22 28 14``; amber is the tower's yellow lamp. A flashing pattern uses the
blink commands. The buzzer, when a pattern asks for it, always uses the blink command
(an intermittent beep): a continuous tone is never wanted in a shop.

Configuration (``[devices.lane_light]``, ``driver = "tower"``)::

    url = "/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0"
    options = { baudrate = 9600, write_timeout = 1.0, check_step = 1.0 }

* ``baudrate`` (9600);
* ``write_timeout``: seconds a write may wait for a tower that does not take its bytes
  (a hung adapter) before it counts as failed (default 1.0);
* ``check_step``: seconds each colour shows in the interactive check when nobody is
  asked to confirm (default 1.0).

The driver's thread opens the port (retrying every ``reconnect_interval`` seconds while
it is absent), sends the current pattern, and then reads the port, which never gives
anything: a read or a write that fails means the tower was unplugged (offline /
``unplugged``); a write that times out means it hangs (offline / ``timeout``). Either
way the port is closed, reopened when it can be, and given the current pattern again.
:meth:`SerialTowerLight.show` writes on the caller's thread (four bytes, so it returns
at once unless the tower hangs; then after ``write_timeout``). When the address is a
real USB port, the identity gets its USB ids. ``close()`` turns the tower off (a kiosk
that stops is no lane to walk up to).

Statistics: ``patterns_shown``, ``write_failures``, ``unplugs``, ``reconnects``.
Health: external = the port is open and the current pattern could be written again (the
tower cannot say more); interactive: see :mod:`drivers.lane_light.base`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import threading
from typing import Final

import serial
import serial.tools.list_ports

from drivers.config import AddressKind, DeviceConfig, DeviceKind
from drivers.device import (
    DeviceIdentity,
    DeviceState,
    FaultReason,
    HealthCheckFailed,
    Statistics,
)
from drivers.lane_light.base import Confirm, LaneLight
from drivers.lane_light.pattern import ALL_OFF, LightColour, LightMode, LightPattern
from drivers.serial_port import PORT_ERRORS, open_fault

__all__ = ["SerialTowerLight", "tower_commands"]

RED: Final = 0x01
YELLOW: Final = 0x02
GREEN: Final = 0x04
BUZZER: Final = 0x08
ON: Final = 0x10
OFF: Final = 0x20
BLINK: Final = 0x40

_LAMPS: Final = {LightColour.RED: RED, LightColour.AMBER: YELLOW, LightColour.GREEN: GREEN}

READ_TIMEOUT = 0.05
"""Seconds a read waits; bounds how long close() waits for the thread."""

PATTERNS_SHOWN = "patterns_shown"
WRITE_FAILURES = "write_failures"
UNPLUGS = "unplugs"
RECONNECTS = "reconnects"


def tower_commands(pattern: LightPattern) -> bytes:
    """The four command bytes that make the tower show ``pattern`` (see the docstring)."""
    lit = _LAMPS.get(pattern.colour)
    offs = [OFF | lamp for lamp in (RED, YELLOW, GREEN) if lamp != lit]
    if not pattern.buzzer:
        offs.append(OFF | BUZZER)
    ons = []
    if lit is not None:
        ons.append((BLINK if pattern.mode is LightMode.FLASHING else ON) | lit)
    if pattern.buzzer:
        ons.append(BLINK | BUZZER)
    return bytes(offs + ons)


def _write_fault(error: BaseException) -> FaultReason:
    if isinstance(error, serial.SerialTimeoutException):
        return FaultReason.TIMEOUT
    return FaultReason.UNPLUGGED


def usb_identity(path: str) -> tuple[int, int, str | None] | None:
    """(vid, pid, serial number) of the USB device behind port ``path``, if it is one."""
    real = os.path.realpath(path)
    with contextlib.suppress(Exception):  # enumeration is best effort, never fatal
        for port in serial.tools.list_ports.comports():
            if os.path.realpath(port.device) == real and port.vid is not None:
                return port.vid, port.pid, port.serial_number
    return None


class SerialTowerLight(LaneLight):
    """A CH340 USB-serial tower light; see the module docstring."""

    def __init__(
        self,
        config: DeviceConfig,
        *,
        statistics: Statistics | None = None,
        reconnect_interval: float = 0.5,
        confirm: Confirm | None = None,
    ) -> None:
        if config.kind is not DeviceKind.LANE_LIGHT:
            raise ValueError(f"a SerialTowerLight drives a lane light, not a {config.kind}")
        if config.address_kind not in (AddressKind.SERIAL_PATH, AddressKind.PYSERIAL_URL):
            raise ValueError(f"{config.url!r} is not a serial port path or a pyserial URL")
        if reconnect_interval <= 0:
            raise ValueError("reconnect_interval must be positive")
        options = dict(config.options)
        baudrate = options.pop("baudrate", 9600)
        write_timeout = options.pop("write_timeout", 1.0)
        check_step = options.pop("check_step", 1.0)
        if options:
            raise ValueError(f"unknown lane light options: {', '.join(sorted(options))}")
        for name, value in (
            ("baudrate", baudrate),
            ("write_timeout", write_timeout),
            ("check_step", check_step),
        ):
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{name} must be a non-negative number, not {value!r}")
        if write_timeout == 0:
            raise ValueError("write_timeout must be positive")
        self.url = config.url
        self.baudrate = int(baudrate)
        self.write_timeout = float(write_timeout)
        self._real_port = config.address_kind is AddressKind.SERIAL_PATH
        super().__init__(
            identity=DeviceIdentity(
                kind=DeviceKind.LANE_LIGHT.value, model="USB-serial tower light", port=config.url
            ),
            statistics=statistics,
            confirm=confirm,
            check_step=float(check_step),
        )
        self.reconnect_interval = reconnect_interval
        self._io_lock = threading.Lock()
        self._port: serial.SerialBase | None = None
        self._broken: tuple[FaultReason, str] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- life cycle --

    def open(self) -> None:
        """Start the thread; it opens the port (retrying while absent) and shows the pattern.

        Returns after the first attempt: online, or offline with not_found /
        permission_denied while it retries.
        """
        with self._lock:
            if self._thread is not None:
                return
            self._stop.clear()
            ready = threading.Event()
            self._thread = threading.Thread(
                target=self._run, args=(ready,), name=f"lane light {self.url}", daemon=True
            )
            self._thread.start()
        ready.wait(timeout=5)

    def close(self, timeout: float = 2.0, *, turn_off: bool = True) -> None:
        """Turn the tower off (unless ``turn_off`` is False), stop the thread, free the port.

        The pattern asked for is kept: it shows again when the light is opened again.
        """
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is None:
            return
        if turn_off:
            with self._io_lock, contextlib.suppress(*PORT_ERRORS):
                if self._port is not None:
                    self._port.write(tower_commands(ALL_OFF))
        self._stop.set()
        self._wake()
        thread.join(timeout)
        if thread.is_alive():
            self.log.error("lane light thread did not stop within %.1f s", timeout)
        self._set_status(DeviceState.CLOSED)

    # -- showing --

    def show(self, pattern: LightPattern) -> bool:
        if not isinstance(pattern, LightPattern):
            raise TypeError(f"show() takes a LightPattern, not {pattern!r}")
        data = tower_commands(pattern)
        with self._io_lock:
            self._pattern = pattern
            port = self._port
            if port is None:
                self.log.debug("lane light offline: %s kept for when it is back", pattern)
                return False
            try:
                port.write(data)
            except PORT_ERRORS as error:
                self._write_failed(error)
                return False
        self.statistics.increment(PATTERNS_SHOWN)
        return True

    def _check_external(self) -> list[tuple[str, str]]:
        with self._io_lock:
            port, pattern = self._port, self._pattern
            if port is None:
                raise HealthCheckFailed(self.status.reason or FaultReason.OTHER, "port not open")
            try:
                port.write(tower_commands(pattern))
            except PORT_ERRORS as error:
                reason = self._write_failed(error)
                raise HealthCheckFailed(reason, f"write failed: {error}") from None
        return [("port", self.url), ("pattern", str(pattern)), ("written", "yes")]

    def _write_failed(self, error: BaseException) -> FaultReason:
        """Count a failed write and hand the port to the thread to close; under _io_lock."""
        reason = _write_fault(error)
        self._broken = (reason, f"write failed: {error}")
        self.statistics.increment(WRITE_FAILURES)
        self.log.warning("lane light write failed: %s", error)
        self._wake()
        return reason

    # -- the thread --

    def _wake(self) -> None:
        cancel = getattr(self._port, "cancel_read", None)
        if cancel is not None:
            with contextlib.suppress(Exception):
                cancel()

    def _open_port(self) -> serial.SerialBase:
        return serial.serial_for_url(
            self.url,
            baudrate=self.baudrate,
            timeout=READ_TIMEOUT,
            write_timeout=self.write_timeout,
        )

    def _run(self, ready: threading.Event) -> None:
        was_online = False
        unplugged = False
        try:
            while not self._stop.is_set():
                if self._port is None:
                    if not self._connect(unplugged):
                        ready.set()
                        self._stop.wait(self.reconnect_interval)
                        continue
                    if was_online:
                        self.statistics.increment(RECONNECTS)
                    was_online, unplugged = True, False
                    self._set_status(DeviceState.ONLINE, None, f"port {self.url} open")
                    ready.set()
                port = self._port
                assert port is not None
                broken, data = self._broken, b""
                if broken is None:
                    try:
                        data = port.read(max(1, port.in_waiting))
                    except PORT_ERRORS as error:
                        broken = (FaultReason.UNPLUGGED, str(error))
                if broken is not None:
                    if self._stop.is_set():
                        break
                    reason, detail = broken
                    unplugged = reason is FaultReason.UNPLUGGED
                    self._release_port()
                    if unplugged:
                        self.statistics.increment(UNPLUGS)
                    self._set_status(DeviceState.OFFLINE, reason, detail)
                    continue
                if data:
                    self.log.debug("the tower said %r (it never should); ignored", data)
        except Exception:
            self.log.exception("lane light thread failed")
            self._set_status(DeviceState.ERROR, FaultReason.OTHER, "lane light thread failed")
        finally:
            self._release_port()
            ready.set()

    def _connect(self, unplugged: bool) -> bool:
        """Open the port and show the current pattern on it; False (and offline) if not."""
        try:
            port = self._open_port()
        except (serial.SerialException, OSError, ValueError) as error:
            reason = FaultReason.UNPLUGGED if unplugged else open_fault(error)
            self._set_status(DeviceState.OFFLINE, reason, str(error))
            return False
        with self._io_lock:
            try:
                port.write(tower_commands(self._pattern))
            except PORT_ERRORS as error:
                self.statistics.increment(WRITE_FAILURES)
                with contextlib.suppress(Exception):
                    port.close()
                self._set_status(DeviceState.OFFLINE, _write_fault(error), f"write failed: {error}")
                return False
            self._port = port
            self._broken = None
        if self.identity.usb_vid is None and self._real_port:
            found = usb_identity(self.url)
            if found is not None:
                vid, pid, serial_number = found
                self._identity = dataclasses.replace(
                    self._identity, usb_vid=vid, usb_pid=pid, serial_number=serial_number
                )
        return True

    def _release_port(self) -> None:
        with self._io_lock:
            port, self._port = self._port, None
            self._broken = None
        if port is not None:
            with contextlib.suppress(Exception):
                port.close()
