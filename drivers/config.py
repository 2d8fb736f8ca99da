"""The ``devices`` section of a kiosk's configuration file; its schema belongs to the drivers.

Each device is named by its table key and says which kind it is, which driver
speaks to it, and where it is::

    [devices.scanner]
    kind = "scanner"
    driver = "serial"
    url = "/dev/ttyACM0"          # or socket://host:port, loop://, spy://..., rfc2217://...
    options = { baudrate = 9600, terminator = "CR" }

    [devices.printer]
    kind = "printer"
    driver = "escpos"
    url = "tcp://192.168.1.40:9100"

    [devices.terminal]
    kind = "payment_terminal"
    driver = "sim"
    url = "sim:"                   # a simulator (only for demos and tests)

Address forms:

* a serial device path (``/dev/ttyUSB0``, ``/dev/serial/by-id/...``, ``COM3``);
* a pyserial URL opened with ``serial_for_url`` (``socket://``, ``rfc2217://``,
  ``loop://``, ``spy://``, ``hwgrep://``);
* ``tcp://host:port`` for network devices (ESC/POS on 9100, ZVT terminals);
* ``usb:VID:PID`` (hexadecimal) for USB devices found by their ids;
* ``sim:`` or ``sim:NAME`` for a simulator.
"""

from __future__ import annotations

import enum
import re
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

OptionValue = str | int | float | bool


class DeviceKind(enum.StrEnum):
    SCANNER = "scanner"
    SCALE = "scale"
    PRINTER = "printer"
    PAYMENT_TERMINAL = "payment_terminal"
    LANE_LIGHT = "lane_light"


PYSERIAL_SCHEMES = ("socket", "rfc2217", "loop", "spy", "hwgrep", "alt", "cp2110")

_SERIAL_PATH = re.compile(r"^(/dev/\S+|COM\d+)$")
_PYSERIAL_URL = re.compile(rf"^({'|'.join(PYSERIAL_SCHEMES)})://\S*$")
_TCP = re.compile(r"^tcp://(?P<host>[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\]):(?P<port>\d{1,5})$")
_USB = re.compile(r"^usb:(?P<vid>[0-9A-Fa-f]{4}):(?P<pid>[0-9A-Fa-f]{4})$")
_SIM = re.compile(r"^sim:(?P<name>[A-Za-z0-9_\-]*)$")
_DRIVER = re.compile(r"^[a-z][a-z0-9_\-]*$")


class AddressKind(enum.StrEnum):
    SERIAL_PATH = "serial_path"
    PYSERIAL_URL = "pyserial_url"
    TCP = "tcp"
    USB = "usb"
    SIMULATOR = "simulator"


def classify_address(url: str) -> AddressKind:
    """Say which address form ``url`` is, or raise ``ValueError`` explaining the forms."""
    if _SIM.match(url):
        return AddressKind.SIMULATOR
    if _SERIAL_PATH.match(url):
        return AddressKind.SERIAL_PATH
    if _PYSERIAL_URL.match(url):
        return AddressKind.PYSERIAL_URL
    tcp = _TCP.match(url)
    if tcp:
        port = int(tcp["port"])
        if not 1 <= port <= 65535:
            raise ValueError(f"port {port} is out of range 1-65535")
        return AddressKind.TCP
    if _USB.match(url):
        return AddressKind.USB
    raise ValueError(
        f"{url!r} is not a device address: use a serial path (/dev/ttyUSB0), a pyserial URL "
        f"({', '.join(s + '://' for s in PYSERIAL_SCHEMES[:4])}...), tcp://host:port, "
        "usb:VID:PID or sim:"
    )


class DeviceConfig(BaseModel):
    """One configured device."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: DeviceKind
    driver: str = Field(description="driver name, e.g. serial, escpos, zvt, sim")
    url: str = Field(description="where the device is; see the module docstring for the forms")
    enabled: bool = True
    options: dict[str, OptionValue] = Field(default_factory=dict)

    @field_validator("driver")
    @classmethod
    def _driver_name(cls, value: str) -> str:
        if not _DRIVER.match(value):
            raise ValueError("a driver name is lower-case letters, digits, '-' or '_'")
        return value

    @field_validator("url")
    @classmethod
    def _address(cls, value: str) -> str:
        value = value.strip()
        classify_address(value)
        return value

    @model_validator(mode="after")
    def _simulator_pairs(self) -> DeviceConfig:
        simulated_url = classify_address(self.url) is AddressKind.SIMULATOR
        if simulated_url != (self.driver == "sim"):
            raise ValueError(
                "driver 'sim' and a 'sim:' address go together (one without the other)"
            )
        return self

    @property
    def address_kind(self) -> AddressKind:
        return classify_address(self.url)

    @property
    def simulated(self) -> bool:
        return self.address_kind is AddressKind.SIMULATOR


DeviceName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_\-]*$", max_length=40)]
"""A device's name in the ``devices`` table (``scanner``, ``printer``, ``scale-2`` ...)."""


def one_device_per_role(devices: dict[str, DeviceConfig]) -> dict[str, DeviceConfig]:
    """The kiosk drives one enabled device of each kind; say so if a file names two."""
    seen: dict[DeviceKind, str] = {}
    for name, device in devices.items():
        if not device.enabled:
            continue
        if device.kind in seen:
            raise ValueError(
                f"devices {seen[device.kind]!r} and {name!r} are both an enabled "
                f"{device.kind.value}; disable one (enabled = false)"
            )
        seen[device.kind] = name
    return devices
