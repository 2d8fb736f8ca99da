"""The byte pipes to a receipt printer: serial, TCP (port 9100) and USB, all with timeouts.

python-escpos has its own printer classes, but its serial class opens ``serial.Serial``
directly (no ``socket://``, ``loop://`` or ``rfc2217://`` URLs), its network class
blocks without a read timeout and its USB class waits forever by default. The driver
therefore renders with python-escpos and moves the bytes itself, through one of these:

* :class:`SerialTransport`: ``serial.serial_for_url`` (a device path or any pyserial
  URL), with a write timeout and optional RTS/CTS or XON/XOFF flow control;
* :class:`TcpTransport`: a raw TCP connection (``tcp://host:9100``) with connect,
  read and write timeouts, ``TCP_NODELAY`` and keep-alive;
* :class:`UsbTransport`: a USB printer-class device found by ``usb:VID:PID`` through
  pyusb, bulk OUT / IN endpoints, explicit millisecond timeouts on every transfer.

Every failure is a :class:`TransportError` with a :class:`~drivers.device.FaultReason`
(``not_found``, ``permission_denied``, ``unplugged``, ``connection_lost``, ``timeout``)
and what the system said. A read that times out is not an error: it returns fewer bytes.
"""

from __future__ import annotations

import contextlib
import errno
import socket
import time

import serial

try:
    from termios import error as TermiosError
except ImportError:  # not POSIX

    class TermiosError(Exception):  # type: ignore[no-redef]
        pass


from drivers.device import FaultReason
from drivers.serial_port import open_fault

__all__ = ["SerialTransport", "TcpTransport", "Transport", "TransportError", "UsbTransport"]


class TransportError(Exception):
    """The pipe to the printer failed; ``reason`` says how."""

    def __init__(self, reason: FaultReason, detail: str) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail


SERIAL_FAILURES = (serial.SerialException, OSError, TypeError, AttributeError, TermiosError)
"""What pyserial raises when the port goes away under it (TypeError / AttributeError: a
port closed by another thread; termios.error: tcflush / tcsetattr on a dead tty)."""


class Transport:
    """A byte pipe: open, write all or fail, read with a timeout, close."""

    lost_reason = FaultReason.UNPLUGGED
    """The reason to report when a pipe that worked breaks."""

    def describe(self) -> str:
        raise NotImplementedError

    def open(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def write(self, data: bytes) -> None:
        """Send all of ``data`` or raise :class:`TransportError`."""
        raise NotImplementedError

    def read(self, size: int, timeout: float) -> bytes:
        """Up to ``size`` bytes, waiting at most ``timeout`` s for the first (b"" if none)."""
        raise NotImplementedError

    def discard_input(self) -> None:
        """Drop whatever the printer sent that nobody asked for (late answers)."""
        raise NotImplementedError

    def cancel(self) -> None:
        """Make a blocked read return soon (called from another thread by close)."""

    def drain_time(self, size: int) -> float:
        """Seconds ``size`` bytes just written may still spend on the wire (0: no wire)."""
        return 0.0

    def read_exactly(self, size: int, timeout: float) -> bytes:
        """``size`` bytes, or fewer when ``timeout`` s pass first."""
        deadline = time.monotonic() + timeout
        data = bytearray()
        while len(data) < size:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            data += self.read(size - len(data), left)
        return bytes(data)

    def read_until(self, terminator: bytes, limit: int, timeout: float) -> bytes:
        """Bytes up to and including ``terminator``, at most ``limit``; fewer at timeout."""
        deadline = time.monotonic() + timeout
        data = bytearray()
        while not data.endswith(terminator) and len(data) < limit:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            data += self.read(1, left)
        return bytes(data)


class SerialTransport(Transport):
    """A serial port or pyserial URL, opened with ``serial.serial_for_url``."""

    lost_reason = FaultReason.UNPLUGGED

    def __init__(
        self,
        url: str,
        *,
        baudrate: int = 9600,
        flow_control: str = "none",
        write_timeout: float = 5.0,
    ) -> None:
        if flow_control not in ("none", "rtscts", "xonxoff"):
            raise ValueError(f"flow_control {flow_control!r} is not none, rtscts or xonxoff")
        self.url = url
        self.baudrate = baudrate
        self.flow_control = flow_control
        self.write_timeout = write_timeout
        self._port: serial.SerialBase | None = None

    def describe(self) -> str:
        return f"serial {self.url} at {self.baudrate} baud"

    def drain_time(self, size: int) -> float:
        """A write returns once the bytes are in the kernel; 10 bits a byte then follow
        at the baud rate (with a fifth more for stop bits and gaps)."""
        return size * 10 * 1.2 / self.baudrate

    def open(self) -> None:
        try:
            self._port = serial.serial_for_url(
                self.url,
                baudrate=self.baudrate,
                timeout=0.5,
                write_timeout=self.write_timeout,
                rtscts=self.flow_control == "rtscts",
                xonxoff=self.flow_control == "xonxoff",
            )
        except (*SERIAL_FAILURES, ValueError) as error:
            raise TransportError(open_fault(error), str(error)) from error

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            with contextlib.suppress(Exception):
                port.close()

    def _require(self) -> serial.SerialBase:
        if self._port is None:
            raise TransportError(self.lost_reason, "the port is closed")
        return self._port

    def write(self, data: bytes) -> None:
        port = self._require()
        try:
            port.write(data)
        except serial.SerialTimeoutException as error:
            raise TransportError(FaultReason.TIMEOUT, f"write timed out: {error}") from error
        except SERIAL_FAILURES as error:
            raise TransportError(self.lost_reason, f"write failed: {error}") from error

    def read(self, size: int, timeout: float) -> bytes:
        port = self._require()
        try:
            if port.timeout != timeout:
                port.timeout = timeout
            return bytes(port.read(size))
        except SERIAL_FAILURES as error:
            raise TransportError(self.lost_reason, f"read failed: {error}") from error

    def discard_input(self) -> None:
        port = self._require()
        try:
            port.reset_input_buffer()
        except SERIAL_FAILURES as error:
            raise TransportError(self.lost_reason, f"flush failed: {error}") from error

    def cancel(self) -> None:
        port = self._port
        if port is not None:
            with contextlib.suppress(Exception):
                port.cancel_read()


class TcpTransport(Transport):
    """A raw TCP connection to a network printer (port 9100)."""

    lost_reason = FaultReason.CONNECTION_LOST

    def __init__(
        self,
        host: str,
        port: int,
        *,
        connect_timeout: float = 3.0,
        write_timeout: float = 5.0,
    ) -> None:
        self.host = host.strip("[]")
        self.port = port
        self.connect_timeout = connect_timeout
        self.write_timeout = write_timeout
        self._sock: socket.socket | None = None

    def describe(self) -> str:
        return f"tcp {self.host}:{self.port}"

    def open(self) -> None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
        except TimeoutError as error:
            raise TransportError(FaultReason.TIMEOUT, f"connect timed out: {error}") from error
        except OSError as error:
            raise TransportError(FaultReason.NOT_FOUND, f"cannot connect: {error}") from error
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        self._sock = sock

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.close()

    def _require(self) -> socket.socket:
        if self._sock is None:
            raise TransportError(self.lost_reason, "the connection is closed")
        return self._sock

    def write(self, data: bytes) -> None:
        sock = self._require()
        try:
            sock.settimeout(self.write_timeout)
            sock.sendall(data)
        except TimeoutError as error:
            raise TransportError(FaultReason.TIMEOUT, "write timed out") from error
        except OSError as error:
            raise TransportError(self.lost_reason, f"write failed: {error}") from error

    def read(self, size: int, timeout: float) -> bytes:
        sock = self._require()
        try:
            sock.settimeout(max(timeout, 0.001))
            data = sock.recv(size)
        except TimeoutError:
            return b""
        except OSError as error:
            raise TransportError(self.lost_reason, f"read failed: {error}") from error
        if not data:
            raise TransportError(self.lost_reason, "the printer closed the connection")
        return data

    def discard_input(self) -> None:
        sock = self._require()
        try:
            sock.setblocking(False)
            while True:
                try:
                    data = sock.recv(4096)
                except BlockingIOError:
                    return
                if not data:
                    raise TransportError(self.lost_reason, "the printer closed the connection")
        except OSError as error:
            raise TransportError(self.lost_reason, f"read failed: {error}") from error
        finally:
            with contextlib.suppress(OSError):
                sock.setblocking(True)

    def cancel(self) -> None:
        sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class UsbTransport(Transport):
    """A USB printer-class device, by vendor and product id (pyusb, libusb backend)."""

    lost_reason = FaultReason.UNPLUGGED

    def __init__(
        self, vid: int, pid: int, *, interface: int = 0, write_timeout: float = 5.0
    ) -> None:
        self.vid = vid
        self.pid = pid
        self.interface = interface
        self.write_timeout = write_timeout
        self._device = None
        self._out = None
        self._in = None
        self._pending = bytearray()
        """Bytes of the last USB packet that a read did not take yet."""

    def describe(self) -> str:
        return f"usb {self.vid:04x}:{self.pid:04x}"

    def open(self) -> None:
        import usb.core
        import usb.util

        try:
            device = usb.core.find(idVendor=self.vid, idProduct=self.pid)
        except usb.core.NoBackendError as error:
            raise TransportError(
                FaultReason.OTHER, f"no USB backend (is libusb-1.0 installed?): {error}"
            ) from error
        if device is None:
            raise TransportError(
                FaultReason.NOT_FOUND, f"no USB device {self.vid:04x}:{self.pid:04x}"
            )
        try:
            with contextlib.suppress(NotImplementedError, usb.core.USBError):
                if device.is_kernel_driver_active(self.interface):
                    device.detach_kernel_driver(self.interface)
            with contextlib.suppress(usb.core.USBError):  # already configured: fine
                device.set_configuration()
            setting = device.get_active_configuration()[(self.interface, 0)]

            def endpoint(direction: int) -> object:
                return usb.util.find_descriptor(
                    setting,
                    custom_match=lambda e: (
                        usb.util.endpoint_direction(e.bEndpointAddress) == direction
                    ),
                )

            self._out = endpoint(usb.util.ENDPOINT_OUT)
            self._in = endpoint(usb.util.ENDPOINT_IN)
            if self._out is None or self._in is None:
                raise TransportError(
                    FaultReason.OTHER,
                    "the USB device lacks a bulk OUT or IN endpoint (this driver needs a "
                    "printer that answers status queries)",
                )
            usb.util.claim_interface(device, self.interface)
        except usb.core.USBError as error:
            reason = (
                FaultReason.PERMISSION_DENIED
                if error.errno in (errno.EACCES, errno.EPERM)
                else FaultReason.OTHER
            )
            raise TransportError(reason, f"cannot claim the USB printer: {error}") from error
        self._device = device

    def close(self) -> None:
        device, self._device = self._device, None
        self._pending.clear()
        if device is not None:
            import usb.util

            with contextlib.suppress(Exception):
                usb.util.release_interface(device, self.interface)
            with contextlib.suppress(Exception):
                usb.util.dispose_resources(device)

    def _fail(self, error: Exception, what: str) -> TransportError:
        import usb.core

        if isinstance(error, usb.core.USBTimeoutError):
            return TransportError(FaultReason.TIMEOUT, f"{what} timed out")
        return TransportError(self.lost_reason, f"{what} failed: {error}")

    def write(self, data: bytes) -> None:
        if self._device is None or self._out is None:
            raise TransportError(self.lost_reason, "the USB device is closed")
        view = memoryview(data)
        try:
            while view:
                sent = self._out.write(view, timeout=int(self.write_timeout * 1000))
                view = view[sent:]
        except Exception as error:
            raise self._fail(error, "write") from error

    def read(self, size: int, timeout: float) -> bytes:
        if self._device is None or self._in is None:
            raise TransportError(self.lost_reason, "the USB device is closed")
        if not self._pending:
            import usb.core

            try:
                packet = max(size, self._in.wMaxPacketSize)
                self._pending += bytes(self._in.read(packet, timeout=max(1, int(timeout * 1000))))
            except usb.core.USBTimeoutError:
                return b""
            except Exception as error:
                raise self._fail(error, "read") from error
        data = bytes(self._pending[:size])
        del self._pending[:size]
        return data

    def discard_input(self) -> None:
        self._pending.clear()
        while self.read(64, 0.001):
            self._pending.clear()
