"""Barcode scanners: the byte framer (pure) that turns a serial byte stream into scans."""

from drivers.scanner.framing import (
    TERMINATORS,
    FrameError,
    FrameErrorReason,
    FrameResult,
    Scan,
    ScanFramer,
)
from drivers.scanner.serial_scanner import SerialScanner

__all__ = [
    "TERMINATORS",
    "FrameError",
    "FrameErrorReason",
    "FrameResult",
    "Scan",
    "ScanFramer",
    "SerialScanner",
]
