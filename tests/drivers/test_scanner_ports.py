"""drivers.scanner.ports: USB ids, PortInfo, the real comports() enumerator, UsbMatch."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from drivers.scanner.ports import (
    AmbiguousPort,
    PortInfo,
    UsbMatch,
    parse_usb_id,
    same_port,
    system_ports,
)


@pytest.mark.parametrize(
    ("value", "number"),
    [("0c2e", 0x0C2E), ("0C2E", 0x0C2E), ("0x05e0", 0x05E0), (" 5f9 ", 0x05F9), (1234, 1234)],
)
def test_usb_ids_are_hex_text_or_integers(value: object, number: int) -> None:
    assert parse_usb_id(value) == number


@pytest.mark.parametrize("value", ["", "12345", "0g2e", "0x", -1, 0x10000, True, 1.5, None])
def test_bad_usb_ids_are_refused_with_the_value_named(value: object) -> None:
    with pytest.raises(ValueError, match="usb_vid"):
        parse_usb_id(value, "usb_vid")


def test_the_real_enumerator_runs_and_lists_ports() -> None:
    ports = system_ports()  # whatever this machine has; often no USB device at all
    assert isinstance(ports, list)
    assert all(isinstance(port, PortInfo) and port.device for port in ports)
    assert [p.device for p in ports] == sorted(p.device for p in ports)
    for port in ports:  # every port survives the trip through JSON
        assert PortInfo.from_dict(json.loads(json.dumps(port.to_dict()))) == port


SCANNER = PortInfo(
    device="/dev/ttyACM0",
    usb_vid=0x0C2E,
    usb_pid=0x0B61,
    serial_number="17263B0123",
    manufacturer="Honeywell",
    product="Scanner",
    location="1-1.2:1.0",
    description="Honeywell Scanner",
)


def test_port_info_to_dict_and_back() -> None:
    data = SCANNER.to_dict()
    assert data["usb_vid"] == "0c2e" and data["usb_pid"] == "0b61"
    assert PortInfo.from_dict(data) == SCANNER
    assert SCANNER.usb_id == "0c2e:0b61"
    assert PortInfo("/dev/ttyS0").usb_id is None
    assert PortInfo.from_dict({"device": "/dev/ttyS0"}) == PortInfo("/dev/ttyS0")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "device"),
        ({"device": ""}, "device"),
        ({"device": "/dev/ttyACM0", "usb_vid": "zz"}, "usb_vid"),
        ({"device": "/dev/ttyACM0", "serial_number": 17}, "serial_number"),
    ],
)
def test_a_bad_port_dict_is_refused(data: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PortInfo.from_dict(data)


def test_usb_match_finds_the_one_port_with_its_ids() -> None:
    other = PortInfo("/dev/ttyUSB0", usb_vid=0x0403, usb_pid=0x6001, serial_number="A1")
    plain = PortInfo("/dev/ttyS0")
    match = UsbMatch(0x0C2E, 0x0B61)
    assert match.find([plain, other, SCANNER]) == SCANNER
    assert match.find([plain, other]) is None
    assert UsbMatch(0x0C2E, 0x0B61, "17263B0123").find([SCANNER]) == SCANNER
    assert UsbMatch(0x0C2E, 0x0B61, "OTHER").find([SCANNER]) is None
    assert str(UsbMatch(0x0C2E, 0x0B61, "X")) == "0c2e:0b61 serial X"


def test_two_ports_that_fit_are_refused_not_guessed() -> None:
    twin = PortInfo("/dev/ttyACM1", usb_vid=0x0C2E, usb_pid=0x0B61, serial_number="99")
    with pytest.raises(AmbiguousPort, match="configure usb_serial") as raised:
        UsbMatch(0x0C2E, 0x0B61).find([SCANNER, twin])
    assert raised.value.ports == [SCANNER, twin]
    assert UsbMatch(0x0C2E, 0x0B61, "99").find([SCANNER, twin]) == twin


def test_same_port_resolves_links(tmp_path: Path) -> None:
    master, slave = os.openpty()
    try:
        real = os.ttyname(slave)
        link = tmp_path / "usb-Scanner-if00"
        link.symlink_to(real)
        assert same_port(str(link), real)
        assert not same_port(str(link), "/dev/ttyS0")
    finally:
        os.close(master)
        os.close(slave)
