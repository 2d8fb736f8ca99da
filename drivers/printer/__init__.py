"""Receipt printers: ESC/POS rendering (python-escpos), status decoding and transports."""

from drivers.printer.escpos_printer import EscposPrinter, PrintResult
from drivers.printer.receipt import Block, Receipt, ReceiptRenderer, RenderedReceipt
from drivers.printer.status import PaperState, PrinterStatus, StatusByteError, decode_status
from drivers.printer.transport import (
    SerialTransport,
    TcpTransport,
    Transport,
    TransportError,
    UsbTransport,
)

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
