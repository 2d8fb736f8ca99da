"""What the lane needs from its devices, as Protocols.

Our drivers satisfy them as they are (:class:`~drivers.scanner.SerialScanner`,
:class:`~drivers.scale.toledo.Toledo8217Scale`,
:class:`~drivers.printer.escpos_printer.EscposPrinter`,
:class:`~drivers.payment.zvt.ZvtTerminal`, :class:`~drivers.lane_light.base.LaneLight`);
tests use small fakes. Only the drivers' pure types are imported here (kiosk -> drivers
is the allowed direction), never a driver class, so the core stays testable without
any device.

Every call that can block (weighing, printing, paying, showing a light pattern) is made
by the controller through its scheduler, off the controller's thread. Device events
(scans, status changes) arrive on the driver's thread; the controller's ``attach``
hands them to its own thread with ``scheduler.post``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from drivers.device import DeviceStatus, FaultReason, Listener
from drivers.lane_light.pattern import LightPattern
from drivers.payment.interface import PaymentOutcome, PaymentResult
from drivers.scale.protocol import ScaleReading

__all__ = [
    "EventSource",
    "LightPort",
    "PaymentPort",
    "PrintOutcome",
    "PrinterPort",
    "ScalePort",
    "ScannerPort",
]


@runtime_checkable
class EventSource(Protocol):
    """A device that reports events and has a status (every driver)."""

    def add_listener(self, listener: Listener) -> None: ...

    @property
    def status(self) -> DeviceStatus: ...


class ScannerPort(EventSource, Protocol):
    """Scans come in as ``DataEvent(Scan)``; nothing is asked of the scanner."""


class ScalePort(Protocol):
    def wait_stable(
        self, timeout: float, min_grams: int = 1, *, interval: float | None = None
    ) -> ScaleReading:
        """A stable weight of at least ``min_grams``; raises an exception with a
        ``reason`` (:class:`~drivers.device.FaultReason`: ``timeout`` for a weight that
        did not settle, ``overload``, ``under_zero``, ``unplugged`` ...)."""
        ...


class PrintOutcome(Protocol):
    @property
    def ok(self) -> bool: ...

    @property
    def reason(self) -> FaultReason | None: ...

    @property
    def detail(self) -> str: ...


class PrinterPort(Protocol):
    def print_receipt(self, receipt: Sequence[str]) -> PrintOutcome:
        """Print plain lines; a printer problem is the result (``ok`` False), never raised."""
        ...


class PaymentPort(Protocol):
    """The :class:`~drivers.payment.interface.PaymentTerminal` methods the lane uses."""

    def start_payment(
        self, amount_cents: int, currency: str = "EUR", *, reference: str
    ) -> PaymentResult: ...

    def cancel(self) -> bool: ...

    def transaction_status(self, reference: str | None = None) -> PaymentResult: ...

    def reverse(
        self, reference: str, *, terminal_reference: str | None = None
    ) -> PaymentResult: ...

    def resolve_manually(self, outcome: PaymentOutcome, *, note: str) -> PaymentResult:
        """A supervisor settled the unknown payment: lift the driver's block on payments."""
        ...


class LightPort(Protocol):
    def show(self, pattern: LightPattern) -> bool: ...
