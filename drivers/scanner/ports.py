"""Serial ports as the system lists them, and finding a USB device among them by its ids.

A USB-CDC or USB-serial scanner gets its port name from the kernel when it is plugged
in: ``/dev/ttyACM0`` today, ``/dev/ttyACM1`` after a replug while the old node was still
held. Its USB vendor and product id (and, for most scanners, its serial number) stay
the same, so a driver configured with them can find the device again under its new name.

* :class:`PortInfo` is one port: its device path and what USB says about it. Built from
  pyserial's ``serial.tools.list_ports.comports()`` by :func:`system_ports`, or from a
  JSON-able dict (:meth:`PortInfo.from_dict`) - which is what a simulator hands out.
* :data:`PortEnumerator` is any callable returning the ports now present. Drivers take
  one as a constructor argument (default :func:`system_ports`), so tests and simulators
  can present a port list that changes.
* :class:`UsbMatch` is what the configuration asks for (vendor id, product id, optional
  serial number) and :meth:`UsbMatch.find` picks the one port that fits. It never guesses:
  two ports that both fit (two scanners of the same model, or two devices behind the same
  USB-serial adapter chip, which share the chip maker's ids) is an :class:`AmbiguousPort`
  error that asks for the serial number to be configured.

Ids are integers; in text (configuration, ``usb:VID:PID`` addresses, reports) they are
four hexadecimal digits, as ``lsusb`` prints them: ``0c2e:0b61``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

__all__ = [
    "AmbiguousPort",
    "PortEnumerator",
    "PortInfo",
    "UsbMatch",
    "format_usb_id",
    "parse_usb_id",
    "same_port",
    "system_ports",
]


def parse_usb_id(value: object, what: str = "USB id") -> int:
    """A 16-bit USB id from hex text (``"0c2e"``, ``"0x0C2E"``) or an integer."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be hex text such as '0c2e' or an integer, not {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip().lower().removeprefix("0x")
        if not text or len(text) > 4 or any(ch not in "0123456789abcdef" for ch in text):
            raise ValueError(f"{what} {value!r} is not up to four hexadecimal digits")
        number = int(text, 16)
    else:
        raise ValueError(f"{what} must be hex text such as '0c2e' or an integer, not {value!r}")
    if not 0 <= number <= 0xFFFF:
        raise ValueError(f"{what} {value!r} is out of range 0000-ffff")
    return number


def format_usb_id(value: int | None) -> str | None:
    return None if value is None else f"{value:04x}"


@dataclass(frozen=True, slots=True)
class PortInfo:
    """One serial port and what USB tells about the device behind it (None: not told)."""

    device: str
    """The path to open, e.g. ``/dev/ttyACM0``."""
    usb_vid: int | None = None
    usb_pid: int | None = None
    serial_number: str | None = None
    manufacturer: str | None = None
    product: str | None = None
    location: str | None = None
    """Where it is plugged in (``1-1.4:1.0``: bus, hub ports, interface)."""
    description: str = ""

    @property
    def usb_id(self) -> str | None:
        """``"vvvv:pppp"``, or None for a port that is not a USB device."""
        if self.usb_vid is None or self.usb_pid is None:
            return None
        return f"{self.usb_vid:04x}:{self.usb_pid:04x}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-able; ids as four hex digits."""
        return {
            "device": self.device,
            "usb_vid": format_usb_id(self.usb_vid),
            "usb_pid": format_usb_id(self.usb_pid),
            "serial_number": self.serial_number,
            "manufacturer": self.manufacturer,
            "product": self.product,
            "location": self.location,
            "description": self.description,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PortInfo:
        """The inverse of :meth:`to_dict` (ids as hex text or integers); ValueError if bad."""
        device = data.get("device")
        if not isinstance(device, str) or not device:
            raise ValueError(f"a port needs a 'device' path, got {device!r}")

        def text(key: str) -> str | None:
            value = data.get(key)
            if value is not None and not isinstance(value, str):
                raise ValueError(f"port {device}: {key} must be text, not {value!r}")
            return value

        def usb(key: str) -> int | None:
            value = data.get(key)
            return None if value is None else parse_usb_id(value, f"port {device}: {key}")

        return cls(
            device=device,
            usb_vid=usb("usb_vid"),
            usb_pid=usb("usb_pid"),
            serial_number=text("serial_number"),
            manufacturer=text("manufacturer"),
            product=text("product"),
            location=text("location"),
            description=text("description") or "",
        )

    @classmethod
    def from_pyserial(cls, port: Any) -> PortInfo:
        """From a ``serial.tools.list_ports_common.ListPortInfo``."""
        description = port.description if port.description not in (None, "n/a") else ""
        return cls(
            device=port.device,
            usb_vid=port.vid,
            usb_pid=port.pid,
            serial_number=port.serial_number,
            manufacturer=port.manufacturer,
            product=port.product,
            location=port.location,
            description=description,
        )


PortEnumerator: TypeAlias = Callable[[], Iterable[PortInfo]]
"""Returns the ports present now; drivers call it whenever they look for their device."""


def system_ports() -> list[PortInfo]:
    """The machine's serial ports, from pyserial's ``comports()``, sorted by path."""
    from serial.tools import list_ports

    return sorted(
        (PortInfo.from_pyserial(port) for port in list_ports.comports()),
        key=lambda info: info.device,
    )


def same_port(a: str, b: str) -> bool:
    """Whether two paths name the same port (``/dev/serial/by-id/...`` links resolved)."""
    return a == b or os.path.realpath(a) == os.path.realpath(b)


class AmbiguousPort(LookupError):
    """More than one port fits a :class:`UsbMatch`; the driver refuses to guess."""

    def __init__(self, match: UsbMatch, ports: list[PortInfo]) -> None:
        self.match = match
        self.ports = ports
        paths = ", ".join(port.device for port in ports)
        super().__init__(
            f"{len(ports)} ports have USB id {match} ({paths}): "
            "configure usb_serial to say which one is the scanner"
        )


@dataclass(frozen=True, slots=True)
class UsbMatch:
    """The USB device a driver is configured for."""

    vid: int
    pid: int
    serial_number: str | None = None
    """When given, only a port with exactly this USB serial number fits."""

    def __str__(self) -> str:
        text = f"{self.vid:04x}:{self.pid:04x}"
        return f"{text} serial {self.serial_number}" if self.serial_number else text

    def fits(self, port: PortInfo) -> bool:
        if (port.usb_vid, port.usb_pid) != (self.vid, self.pid):
            return False
        return self.serial_number is None or port.serial_number == self.serial_number

    def find(self, ports: Iterable[PortInfo]) -> PortInfo | None:
        """The one port that fits, None if none does; :class:`AmbiguousPort` if several do."""
        fitting = [port for port in ports if self.fits(port)]
        if len(fitting) > 1:
            raise AmbiguousPort(self, fitting)
        return fitting[0] if fitting else None
