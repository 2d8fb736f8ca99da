"""Barcode scanners: the serial driver, its byte framer, port finding, host commands,
and the keyboard-wedge framer."""

from drivers.scanner.commands import CommandFamily, ScannerCommands, SsiPacket, ssi_checksum
from drivers.scanner.framing import (
    TERMINATORS,
    FrameError,
    FrameErrorReason,
    FrameResult,
    Scan,
    ScanFramer,
    split_aim_id,
)
from drivers.scanner.ports import PortEnumerator, PortInfo, UsbMatch, system_ports
from drivers.scanner.serial_scanner import SerialScanner
from drivers.scanner.wedge import Key, Typed, WedgeFramer, WedgeResult, WedgeScan

__all__ = [
    "TERMINATORS",
    "CommandFamily",
    "FrameError",
    "FrameErrorReason",
    "FrameResult",
    "Key",
    "PortEnumerator",
    "PortInfo",
    "Scan",
    "ScanFramer",
    "ScannerCommands",
    "SerialScanner",
    "SsiPacket",
    "Typed",
    "UsbMatch",
    "WedgeFramer",
    "WedgeResult",
    "WedgeScan",
    "split_aim_id",
    "ssi_checksum",
    "system_ports",
]
