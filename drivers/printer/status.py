"""ESC/POS real-time status (``DLE EOT n``) and error recovery (``DLE ENQ n``).

python-escpos asks only "online?" (``DLE EOT 1``) and "paper?" (``DLE EOT 4``), and
takes any byte it gets as an answer. We ask all four and check every byte, after the
bit layout of Epson's ESC/POS command reference:

``DLE EOT 1`` printer status
    bit 2 drawer kick-out connector pin 3 high, bit 3 **offline**, bit 5 waiting for
    online recovery, bit 6 paper feed button pressed.
``DLE EOT 2`` offline cause
    bit 2 **cover open**, bit 3 paper being fed by the feed button, bit 5 printing
    stopped by **paper end**, bit 6 an **error** occurred.
``DLE EOT 3`` error cause
    bit 2 recoverable error, bit 3 **autocutter error**, bit 5 **unrecoverable error**,
    bit 6 automatically recoverable error (e.g. print head too hot).
``DLE EOT 4`` roll paper sensor
    bits 2-3 paper **near end**, bits 5-6 paper **end** (no paper).

In every answer bits 1 and 4 are 1 and bits 0 and 7 are 0 (``byte & 0x93 == 0x12``).
A byte that does not fit is not a status (a late answer to another query, line noise,
a printer that speaks another protocol): :func:`decode_status` raises
:class:`StatusByteError`, which the driver reports as a protocol error.

``DLE ENQ 1`` makes the printer recover from a recoverable error (an autocutter jam
that has been cleared) and restart printing from the line where the error happened;
``DLE ENQ 2`` recovers and clears the receive and print buffers. The driver uses
``DLE ENQ 2``: a receipt cut short is reported as failed, and resuming it would print
its tail after the caller has decided what to do about it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from drivers.device import DeviceState, FaultReason

__all__ = [
    "RECOVER_CLEAR_BUFFERS",
    "RECOVER_RESTART",
    "STATUS_QUERIES",
    "PaperState",
    "PrinterStatus",
    "StatusByteError",
    "decode_status",
    "status_query",
]

DLE, EOT, ENQ = 0x10, 0x04, 0x05

FIXED_MASK = 0b1001_0011
"""Bits 0, 1, 4 and 7 of every ``DLE EOT`` answer are fixed ..."""
FIXED_VALUE = 0b0001_0010
"""... to 0, 1, 1 and 0."""


def status_query(n: int) -> bytes:
    """``DLE EOT n``: transmit real-time status ``n`` (1-4)."""
    if n not in (1, 2, 3, 4):
        raise ValueError(f"DLE EOT {n}: the status queries are 1 to 4")
    return bytes((DLE, EOT, n))


STATUS_QUERIES = b"".join(status_query(n) for n in (1, 2, 3, 4))
"""All four queries in one write; the printer answers one byte each, in order."""

RECOVER_RESTART = bytes((DLE, ENQ, 1))
"""``DLE ENQ 1``: recover from a recoverable error, restart from the line in error."""
RECOVER_CLEAR_BUFFERS = bytes((DLE, ENQ, 2))
"""``DLE ENQ 2``: recover from a recoverable error after clearing the buffers."""


class StatusByteError(ValueError):
    """An answer to ``DLE EOT n`` whose fixed bits are wrong: not a status byte."""

    def __init__(self, query: int, value: int) -> None:
        super().__init__(
            f"answer 0x{value:02x} to DLE EOT {query} is not a status byte "
            f"(bits 1 and 4 must be 1, bits 0 and 7 must be 0)"
        )
        self.query = query
        self.value = value


class PaperState(enum.StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    """The roll's near-end sensor sees the end coming; printing still works."""
    OUT = "out"


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """The printer's answers to ``DLE EOT 1`` to ``4``, decoded."""

    online: bool = True
    drawer_pin3_high: bool = False
    waiting_for_online_recovery: bool = False
    feed_button_pressed: bool = False
    cover_open: bool = False
    paper_fed_by_button: bool = False
    stopped_by_paper_end: bool = False
    error: bool = False
    recoverable_error: bool = False
    cutter_error: bool = False
    unrecoverable_error: bool = False
    auto_recoverable_error: bool = False
    paper: PaperState = PaperState.OK
    raw: bytes = b"\x12\x12\x12\x12"
    """The four bytes as received."""

    @property
    def paper_out(self) -> bool:
        return self.paper is PaperState.OUT or self.stopped_by_paper_end

    @property
    def can_print(self) -> bool:
        """Online, with paper, cover closed and no error: a receipt can go out."""
        return self.fault()[0] is DeviceState.ONLINE

    @property
    def needs_recovery(self) -> bool:
        """A recoverable error (autocutter) that ``DLE ENQ`` can clear once its cause is gone.

        Not while the cover is open (the jam is being cleared), and never for an
        unrecoverable error (that takes a power cycle).
        """
        return (
            (self.cutter_error or self.recoverable_error)
            and not self.unrecoverable_error
            and not self.cover_open
        )

    def fault(self) -> tuple[DeviceState, FaultReason | None, str]:
        """What this status means for the device: (state, reason, detail), worst first."""
        if self.unrecoverable_error:
            return DeviceState.ERROR, FaultReason.UNRECOVERABLE_ERROR, "unrecoverable error"
        if self.cutter_error:
            return DeviceState.ERROR, FaultReason.CUTTER_ERROR, "autocutter error"
        if self.cover_open:
            return DeviceState.ERROR, FaultReason.COVER_OPEN, "cover open"
        if self.paper_out:
            return DeviceState.ERROR, FaultReason.PAPER_OUT, "paper out"
        if self.auto_recoverable_error:
            return (
                DeviceState.ERROR,
                FaultReason.MECHANICAL_ERROR,
                "automatically recoverable error (e.g. print head too hot)",
            )
        if self.recoverable_error or self.error:
            return DeviceState.ERROR, FaultReason.OTHER, "error (no cause given)"
        if not self.online:
            return DeviceState.ERROR, FaultReason.DEVICE_OFFLINE, "offline (no cause given)"
        if self.paper is PaperState.NEAR_END:
            return DeviceState.ONLINE, None, "paper near end"
        return DeviceState.ONLINE, None, "ready"

    def facts(self) -> list[tuple[str, str]]:
        """For a health report: what the printer said, in a technician's words."""
        yes_no = {True: "yes", False: "no"}
        return [
            ("online", yes_no[self.online]),
            ("paper", self.paper.value.replace("_", " ")),
            ("cover", "open" if self.cover_open else "closed"),
            ("cutter_error", yes_no[self.cutter_error]),
            ("unrecoverable_error", yes_no[self.unrecoverable_error]),
            ("auto_recoverable_error", yes_no[self.auto_recoverable_error]),
            ("status_bytes", self.raw.hex(" ")),
        ]

    def to_dict(self) -> dict[str, object]:
        return {
            "online": self.online,
            "paper": self.paper.value,
            "cover_open": self.cover_open,
            "cutter_error": self.cutter_error,
            "unrecoverable_error": self.unrecoverable_error,
            "auto_recoverable_error": self.auto_recoverable_error,
            "recoverable_error": self.recoverable_error,
            "error": self.error,
            "waiting_for_online_recovery": self.waiting_for_online_recovery,
            "feed_button_pressed": self.feed_button_pressed,
            "paper_fed_by_button": self.paper_fed_by_button,
            "stopped_by_paper_end": self.stopped_by_paper_end,
            "drawer_pin3_high": self.drawer_pin3_high,
            "raw": self.raw.hex(),
        }


def _check(query: int, value: int) -> int:
    if value & FIXED_MASK != FIXED_VALUE:
        raise StatusByteError(query, value)
    return value


def decode_status(raw: bytes) -> PrinterStatus:
    """Decode the answers to ``DLE EOT 1, 2, 3, 4`` (four bytes, in that order).

    Raises :class:`StatusByteError` for a byte with wrong fixed bits and ``ValueError``
    when there are not exactly four bytes.
    """
    if len(raw) != 4:
        raise ValueError(f"expected 4 status bytes (DLE EOT 1-4), got {len(raw)}")
    printer, offline, error, paper = (_check(n, raw[n - 1]) for n in (1, 2, 3, 4))
    if paper & 0x60:
        paper_state = PaperState.OUT
    elif paper & 0x0C:
        paper_state = PaperState.NEAR_END
    else:
        paper_state = PaperState.OK
    return PrinterStatus(
        online=not printer & 0x08,
        drawer_pin3_high=bool(printer & 0x04),
        waiting_for_online_recovery=bool(printer & 0x20),
        feed_button_pressed=bool(printer & 0x40),
        cover_open=bool(offline & 0x04),
        paper_fed_by_button=bool(offline & 0x08),
        stopped_by_paper_end=bool(offline & 0x20),
        error=bool(offline & 0x40),
        recoverable_error=bool(error & 0x04),
        cutter_error=bool(error & 0x08),
        unrecoverable_error=bool(error & 0x20),
        auto_recoverable_error=bool(error & 0x40),
        paper=paper_state,
        raw=bytes(raw),
    )
