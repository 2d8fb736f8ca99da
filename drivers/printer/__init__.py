"""Receipt printers: ESC/POS rendering (python-escpos), status decoding and transports.

The driver and the renderer (:mod:`drivers.printer.escpos_printer`,
:mod:`drivers.printer.receipt`) are loaded when first asked for: they import
python-escpos and Pillow (about 0.1 s), which a program that only needs the printer's
status types (the kiosk's GUI, at start) should not pay for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from drivers.printer.status import PaperState, PrinterStatus, StatusByteError, decode_status
from drivers.printer.transport import (
    SerialTransport,
    TcpTransport,
    Transport,
    TransportError,
    UsbTransport,
)

if TYPE_CHECKING:
    from drivers.printer.escpos_printer import EscposPrinter, PrintResult
    from drivers.printer.receipt import Block, Receipt, ReceiptRenderer, RenderedReceipt

_LAZY = {
    "EscposPrinter": "drivers.printer.escpos_printer",
    "PrintResult": "drivers.printer.escpos_printer",
    "Block": "drivers.printer.receipt",
    "Receipt": "drivers.printer.receipt",
    "ReceiptRenderer": "drivers.printer.receipt",
    "RenderedReceipt": "drivers.printer.receipt",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Block",
    "EscposPrinter",
    "PaperState",
    "PrintResult",
    "PrinterStatus",
    "Receipt",
    "ReceiptRenderer",
    "RenderedReceipt",
    "SerialTransport",
    "StatusByteError",
    "TcpTransport",
    "Transport",
    "TransportError",
    "UsbTransport",
    "decode_status",
]
