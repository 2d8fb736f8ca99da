"""The Mettler Toledo 8213/8217 retail scale protocol: framing and answers (pure, no I/O).

This is the "8217" protocol that most retail POS scales and scanner-scales offer (Mettler
Toledo Ariva/Viva, and many others as an emulation). It is a request/answer protocol on
a serial line, usually 9600 baud, 7 data bits, even parity, 1 stop bit (7E1). The host
sends one ASCII letter; nothing else frames a request:

=========  ===================================================================
request    answer
=========  ===================================================================
``W``      the weight: ``STX`` weight ``CR`` when the scale has a stable, valid
           weight; otherwise ``STX`` ``?`` status ``CR`` (the reason why not)
``S``      the status: ``STX`` ``?`` status byte 1, status byte 2 ``CR``
``Z``      zero the scale (when it is stable and inside the zero capture range);
           no answer is expected (models that send one are tolerated: the next
           request discards it)
=========  ===================================================================

The weight field, in kilogram mode with three decimals (the only mode this driver
accepts, because only it gives exact grams), is up to three digits, a decimal point and
exactly three digits, right-aligned with leading zeros or spaces: ``00.745`` is 745 g,
`` 1.250`` is 1250 g. A weight with two decimals (``01.23``: the scale is set to pounds,
or to 10 g divisions), five bare digits, a sign, or anything else is refused as a
protocol error: the kiosk never charges for a weight it had to guess.

Status bytes are ASCII characters: bits 4 and 5 are always 1, bit 6 is always 0 and
bit 7 is the parity bit (stripped by the UART), so each status byte is one of
``0`` - ``?`` (0x30-0x3F) and never collides with STX or CR:

==========  ===================  ======================
bit         status byte 1        status byte 2
==========  ===================  ======================
0 (0x01)    in motion            under zero
1 (0x02)    at zero (centre)     over capacity
2 (0x04)    RAM error            ROM error
3 (0x08)    EEPROM error         faulty calibration
==========  ===================  ======================

What is assumed, because the published descriptions of the "8217" protocol differ
between models: the bit layout above (the common two-byte layout of Mettler Toledo's
8217 description); that the ``?`` answer to ``W`` carries status byte 1 and, on most
models, status byte 2 (this module accepts one, two or three status bytes and ignores
a third); that a weight of exactly zero may come either as ``00.000`` or as a ``?``
answer with "at zero" set (both read as ZERO); and that requests are answered in the
order they are sent. The ``H`` (high resolution) and ``C`` (clear) requests some models
know are not used. A line feed right after the CR is tolerated.

:class:`AnswerFramer` cuts the byte stream into frames (``STX`` ... ``CR``) and reports
everything else as :class:`FrameError`; :func:`parse_frame` turns a frame into a weight
in grams or a :class:`ScaleStatus`; :func:`reading_for_weight` and
:func:`reading_for_status` make the :class:`ScaleReading` the driver delivers.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Final, TypeAlias

__all__ = [
    "CR",
    "MAX_FRAME",
    "REQUEST_STATUS",
    "REQUEST_WEIGHT",
    "REQUEST_ZERO",
    "STX",
    "AnswerFramer",
    "Frame",
    "FrameError",
    "FrameErrorReason",
    "FramerResult",
    "ProtocolError",
    "ScaleReading",
    "ScaleState",
    "ScaleStatus",
    "StatusFlag",
    "parse_frame",
    "reading_for_status",
    "reading_for_weight",
]

STX: Final = b"\x02"
CR: Final = b"\r"
LF: Final = b"\n"
REQUEST_WEIGHT: Final = b"W"
REQUEST_STATUS: Final = b"S"
REQUEST_ZERO: Final = b"Z"
MAX_FRAME: Final = 16
"""Longest frame body accepted (the longest real one, ``?`` and three status bytes, is 4)."""

# \Z, not $: $ also matches before a final newline, and "00.745\n" is no weight.
_WEIGHT = re.compile(rb"^ *(\d{1,3})\.(\d{3})\Z")
_FIXED_MASK: Final = 0xF0
_FIXED_BITS: Final = 0x30


class ScaleState(enum.StrEnum):
    STABLE = "stable"
    """A stable weight above zero: ``grams`` holds it."""
    MOVING = "moving"
    """The weight is not settled (the 8217 protocol then sends no weight)."""
    ZERO = "zero"
    """Stable at zero: nothing on the scale; ``grams`` is 0."""
    OVERLOAD = "overload"
    """More than the scale's capacity is on it."""
    UNDER_ZERO = "under_zero"
    """Below zero (the platter was lifted, or zeroed with something on it)."""
    ERROR = "error"
    """The scale reports a fault (RAM, ROM, EEPROM, calibration) or no reason at all."""


@dataclass(frozen=True, slots=True)
class ScaleReading:
    """One answer of the scale, as the kiosk uses it."""

    state: ScaleState
    grams: int | None
    """The weight in grams when the scale gave one (STABLE, ZERO), else None."""
    raw: bytes
    """The frame body as received (without STX and CR), for logs and diagnostics."""
    detail: str = ""
    """For ERROR (and the other non-weights): what the status bytes said."""

    @property
    def stable(self) -> bool:
        """Whether this is a settled weight the kiosk may charge for (STABLE or ZERO)."""
        return self.state in (ScaleState.STABLE, ScaleState.ZERO)

    def __str__(self) -> str:
        if self.grams is not None:
            return f"{self.state} {self.grams} g"
        return f"{self.state} ({self.detail})" if self.detail else str(self.state)


class StatusFlag(enum.Flag):
    """The meaningful bits of status bytes 1 and 2 (see the module docstring)."""

    NONE = 0
    MOTION = enum.auto()
    AT_ZERO = enum.auto()
    RAM_ERROR = enum.auto()
    EEPROM_ERROR = enum.auto()
    UNDER_ZERO = enum.auto()
    OVER_CAPACITY = enum.auto()
    ROM_ERROR = enum.auto()
    FAULTY_CALIBRATION = enum.auto()


_BYTE1 = (StatusFlag.MOTION, StatusFlag.AT_ZERO, StatusFlag.RAM_ERROR, StatusFlag.EEPROM_ERROR)
_BYTE2 = (
    StatusFlag.UNDER_ZERO,
    StatusFlag.OVER_CAPACITY,
    StatusFlag.ROM_ERROR,
    StatusFlag.FAULTY_CALIBRATION,
)
_ERRORS = (
    StatusFlag.RAM_ERROR
    | StatusFlag.EEPROM_ERROR
    | StatusFlag.ROM_ERROR
    | StatusFlag.FAULTY_CALIBRATION
)
_FLAG_TEXT = {
    StatusFlag.MOTION: "in motion",
    StatusFlag.AT_ZERO: "at zero",
    StatusFlag.RAM_ERROR: "RAM error",
    StatusFlag.EEPROM_ERROR: "EEPROM error",
    StatusFlag.UNDER_ZERO: "under zero",
    StatusFlag.OVER_CAPACITY: "over capacity",
    StatusFlag.ROM_ERROR: "ROM error",
    StatusFlag.FAULTY_CALIBRATION: "faulty calibration",
}


@dataclass(frozen=True, slots=True)
class ScaleStatus:
    """A ``?`` answer: the flags of its status bytes."""

    flags: StatusFlag
    complete: bool
    """Whether status byte 2 was there (without it, under zero / over capacity / ROM /
    calibration are unknown, not absent)."""
    raw: bytes

    def describe(self) -> str:
        names = [text for flag, text in _FLAG_TEXT.items() if flag in self.flags]
        return ", ".join(names) if names else "no status bits set"


class ProtocolError(ValueError):
    """A frame that is not a valid answer; ``raw`` is the frame body."""

    def __init__(self, message: str, raw: bytes) -> None:
        super().__init__(f"{message}: {raw!r}")
        self.raw = raw


class FrameErrorReason(enum.StrEnum):
    GARBAGE = "garbage"
    """Bytes outside any frame (noise, a wrong baud rate or parity)."""
    HALF_FRAME = "half_frame"
    """A frame cut short: a new STX came before its CR."""
    OVERLONG = "overlong"
    """More than :data:`MAX_FRAME` bytes without a CR."""


@dataclass(frozen=True, slots=True)
class FrameError:
    reason: FrameErrorReason
    raw: bytes

    def __str__(self) -> str:
        return f"{self.reason}: {self.raw!r}"


@dataclass(frozen=True, slots=True)
class Frame:
    body: bytes
    """What was between STX and CR."""


FramerResult: TypeAlias = Frame | FrameError


class AnswerFramer:
    """Cuts the scale's byte stream into frames, whatever chunks it arrives in.

    Pure: no threads, no I/O. ``feed(data)`` returns, in order, one :class:`Frame` per
    ``STX ... CR`` and one :class:`FrameError` per run of bytes that is not a frame. A
    half frame still open at the end of a feed stays pending (:attr:`pending`) until its
    CR comes or :meth:`reset` drops it.
    """

    def __init__(self) -> None:
        self._in_frame = False
        self._buffer = bytearray()
        self._junk = bytearray()
        self._after_cr = False
        self._skipping = False

    @property
    def pending(self) -> bytes:
        """Bytes received that are not yet a frame or an error (a half frame, junk)."""
        return (STX + bytes(self._buffer)) if self._in_frame else bytes(self._junk)

    def reset(self) -> None:
        self._in_frame = False
        self._buffer.clear()
        self._junk.clear()
        self._after_cr = False
        self._skipping = False

    def feed(self, data: bytes) -> list[FramerResult]:
        results: list[FramerResult] = []
        for byte in data:
            after_cr, self._after_cr = self._after_cr, False
            if byte == STX[0]:
                self._flush_junk(results)
                if self._in_frame:
                    results.append(
                        FrameError(FrameErrorReason.HALF_FRAME, STX + bytes(self._buffer))
                    )
                self._in_frame, self._skipping = True, False
                self._buffer.clear()
            elif self._in_frame:
                if byte == CR[0]:
                    results.append(Frame(bytes(self._buffer)))
                    self._in_frame, self._after_cr = False, True
                    self._buffer.clear()
                elif len(self._buffer) >= MAX_FRAME:
                    results.append(FrameError(FrameErrorReason.OVERLONG, STX + bytes(self._buffer)))
                    self._in_frame, self._skipping = False, True
                    self._buffer.clear()
                else:
                    self._buffer.append(byte)
            elif self._skipping:
                # the rest of an overlong frame, up to its CR, is dropped without a word
                if byte == CR[0]:
                    self._skipping, self._after_cr = False, True
            elif byte == LF[0] and after_cr:
                continue  # CR LF line ends are tolerated
            else:
                self._junk.append(byte)
                if byte == CR[0]:
                    self._flush_junk(results)
                    self._after_cr = True
        return results

    def _flush_junk(self, results: list[FramerResult]) -> None:
        if self._junk:
            results.append(FrameError(FrameErrorReason.GARBAGE, bytes(self._junk)))
            self._junk.clear()


def parse_frame(body: bytes) -> int | ScaleStatus:
    """A frame body -> the weight in grams, or the status of a ``?`` answer.

    Raises :class:`ProtocolError` for anything else (see the module docstring).
    """
    if body.startswith(b"?"):
        status_bytes = body[1:]
        if not 1 <= len(status_bytes) <= 3:
            raise ProtocolError("a status answer has one to three status bytes", body)
        flags = StatusFlag.NONE
        for index, byte in enumerate(status_bytes):
            if byte & _FIXED_MASK != _FIXED_BITS:
                raise ProtocolError(
                    f"status byte {index + 1} is not 0x30-0x3F (wrong parity or baud rate?)",
                    body,
                )
            names = (_BYTE1, _BYTE2)[index] if index < 2 else ()
            for bit, flag in enumerate(names):
                if byte & (1 << bit):
                    flags |= flag
        return ScaleStatus(flags, complete=len(status_bytes) >= 2, raw=body)
    match = _WEIGHT.match(body)
    if match is None:
        if re.match(rb"^ *\d{1,4}\.\d{2}\Z", body):
            raise ProtocolError(
                "not a kilogram weight with three decimals (is the scale set to pounds?)", body
            )
        raise ProtocolError("not a weight (kg with three decimals) or a status answer", body)
    return int(match[1]) * 1000 + int(match[2])


def reading_for_weight(grams: int, raw: bytes) -> ScaleReading:
    """The reading of a weight answer: ZERO for 0 g, else STABLE."""
    if grams == 0:
        return ScaleReading(ScaleState.ZERO, 0, raw)
    return ScaleReading(ScaleState.STABLE, grams, raw)


def reading_for_status(status: ScaleStatus) -> ScaleReading | None:
    """The reading a status answer stands for, or None when its flags decide nothing.

    Priority: a scale error, then over capacity, under zero, motion, and at zero. A
    status with none of these (a scale that is stable with a weight on it, or a one-byte
    answer that leaves out byte 2) gives None: ask for the weight or the full status.
    """
    flags, detail, raw = status.flags, status.describe(), status.raw
    if flags & _ERRORS:
        return ScaleReading(ScaleState.ERROR, None, raw, detail)
    if StatusFlag.OVER_CAPACITY in flags:
        return ScaleReading(ScaleState.OVERLOAD, None, raw, detail)
    if StatusFlag.UNDER_ZERO in flags:
        return ScaleReading(ScaleState.UNDER_ZERO, None, raw, detail)
    if StatusFlag.MOTION in flags:
        return ScaleReading(ScaleState.MOVING, None, raw, detail)
    if StatusFlag.AT_ZERO in flags:
        return ScaleReading(ScaleState.ZERO, 0, raw, detail)
    return None
