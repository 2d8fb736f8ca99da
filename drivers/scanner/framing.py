"""Cut the byte stream of a serial (or USB-CDC) barcode scanner into scans.

A scanner sends each scan as::

    [prefix] []Cm] data terminator

* ``prefix``: configurable bytes, often none, sometimes STX (0x02);
* an optional AIM symbology identifier (ISO/IEC 15424): ``]``, a code letter and a
  modifier character (``]E0``, ``]C1``, ``]e0``, ``]Q3``, ``]d2``);
* the data, which may hold GS (0x1D) as FNC1;
* a configurable terminator: CR, LF, CRLF, ETX (0x03) or TAB.

Bytes arrive in arbitrary chunks. :class:`ScanFramer` is pure (no threads, no I/O, no
clock): the reading thread feeds it whatever ``read()`` returned and gets back, in
order, one :class:`Scan` or :class:`FrameError` per frame. Any split of the same byte
stream into chunks gives the same results; two scans are never merged, one scan is never
split.

Decisions worth knowing:

* A terminator alone gives ``FrameError(EMPTY)``: it is counted, callers may ignore it.
  A prefix alone, or an AIM identifier with no data after it, is ``EMPTY`` too.
* With terminator CR, one LF right after the CR is skipped (scanners configured for CR
  that send CRLF anyway). With terminator LF, a CR right before the LF is dropped.
* With terminator CRLF, a lone CR or LF does not end the frame; it stays in it and the
  frame is rejected as ``CONTROL_CHARACTERS`` (never split in two, never merged).
* Line noise is any control character other than GS (C0, DEL, C1 after decoding), a
  byte that is not text in the configured encoding, or 0xFF (the all-ones byte a glitch
  or a wrong baud rate produces). A prefix byte such as STX in the middle of a frame is
  therefore noise too, which is what catches a lost terminator between two scans.
* Without a prefix nothing marks where a scan starts, so noise that arrives right
  before a scan (no terminator between them) costs that scan: one ``FrameError``, and
  the customer scans again. Nothing corrupt is ever delivered as a :class:`Scan`.
* ``OVERLONG`` is reported as soon as ``max_length`` bytes have come without a
  terminator; everything up to and including the next terminator is then discarded
  silently. ``raw`` holds the first ``max_length`` bytes only.
* The framer has no clock. A reader that sees the line go quiet with a half frame held
  (a scanner sends a frame in one burst) calls :meth:`ScanFramer.drop_partial`, which
  turns the half frame into ``FrameError(INCOMPLETE)``, so the next scan is not merged
  with it. It also ends the discarding after ``OVERLONG``.
"""

from __future__ import annotations

import codecs
import enum
import unicodedata
from dataclasses import dataclass
from typing import Final, TypeAlias

__all__ = [
    "TERMINATORS",
    "FrameError",
    "FrameErrorReason",
    "FrameResult",
    "Scan",
    "ScanFramer",
    "split_aim_id",
]

TERMINATORS: Final[dict[str, bytes]] = {
    "CR": b"\r",
    "LF": b"\n",
    "CRLF": b"\r\n",
    "ETX": b"\x03",
    "TAB": b"\t",
}
"""The terminators scanners are configured with, by the names the configuration uses."""

_CR: Final = 0x0D
_LF: Final = 0x0A
_GS: Final = 0x1D
_NOISE_BYTE: Final = 0xFF
# ISO/IEC 15424 code characters (the letter after "]"), as kiosk.core.barcodes knows them.
_AIM_CODES: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUXYZcdeghopsz")


class FrameErrorReason(enum.StrEnum):
    OVERLONG = "overlong"
    """No terminator within ``max_length`` bytes; the rest up to the next one is dropped."""
    MISSING_PREFIX = "missing_prefix"
    """A prefix is configured and the frame does not start with it."""
    CONTROL_CHARACTERS = "control_characters"
    """Line noise: control characters other than GS, 0xFF, or bytes that do not decode."""
    EMPTY = "empty"
    """Nothing between the framing bytes. Harmless; callers may ignore it."""
    BAD_AIM = "bad_aim"
    """The data starts with ``]`` but no valid code letter and modifier follow."""
    INCOMPLETE = "incomplete"
    """A half frame given up by :meth:`ScanFramer.drop_partial` (no terminator came)."""


@dataclass(frozen=True, slots=True)
class Scan:
    data: str
    """The decoded data, without prefix, AIM identifier and terminator; GS kept as is."""
    aim_id: str | None = None
    """The AIM symbology identifier including the bracket (``"]E0"``), or None."""


@dataclass(frozen=True, slots=True)
class FrameError:
    reason: FrameErrorReason
    raw: bytes
    """The frame as received, without the terminator (for the log)."""


FrameResult: TypeAlias = Scan | FrameError


class ScanFramer:
    """Feed it the scanner's bytes in any chunks; it returns the finished frames."""

    def __init__(
        self,
        *,
        terminator: bytes = b"\r",
        prefix: bytes = b"",
        max_length: int = 512,
        encoding: str = "latin-1",
    ) -> None:
        if not terminator:
            raise ValueError("the terminator must not be empty")
        if _GS in terminator:
            raise ValueError("GS (0x1D) is data (FNC1), it cannot be part of the terminator")
        reserved = set(terminator) | ({_LF} if terminator == b"\r" else set())
        if reserved & set(prefix):
            raise ValueError(f"prefix {prefix!r} shares bytes with terminator {terminator!r}")
        if max_length < 1:
            raise ValueError(f"max_length must be at least 1, not {max_length}")
        codecs.lookup(encoding)  # LookupError now rather than on the first scan
        self.terminator: Final = bytes(terminator)
        self.prefix: Final = bytes(prefix)
        self.max_length: Final = max_length
        self.encoding: Final = encoding
        self.frames = 0
        """Scans delivered."""
        self.rejected = 0
        """Frame errors delivered (every reason, EMPTY included)."""
        self.dropped_partials = 0
        """Half frames thrown away by :meth:`reset`."""
        self._buf = bytearray()
        self._discarding = False  # after OVERLONG, until the next terminator
        self._skip_lf = False  # terminator CR just seen: one LF right after it is skipped

    def feed(self, chunk: bytes) -> list[FrameResult]:
        """Take the next bytes; return the frames they complete, in order."""
        term = self.terminator
        buf = self._buf
        buf += chunk
        results: list[FrameResult] = []
        start = 0
        while True:
            if self._skip_lf:
                if start >= len(buf):
                    break
                if buf[start] == _LF:
                    start += 1
                self._skip_lf = False
            end = buf.find(term, start)
            if end < 0:
                break
            frame = bytes(buf[start:end])
            start = end + len(term)
            if self._discarding:
                self._discarding = False
            else:
                results.append(self._count(self._frame(frame)))
            self._skip_lf = term == b"\r"
        del buf[:start]
        # A partial terminator may sit at the end, so only more bytes than that prove it.
        if not self._discarding and len(buf) > self.max_length + len(term) - 1:
            results.append(
                self._count(FrameError(FrameErrorReason.OVERLONG, bytes(buf[: self.max_length])))
            )
            self._discarding = True
        if self._discarding:
            del buf[: len(buf) - (len(term) - 1)]  # keep what may begin the terminator
        return results

    def reset(self) -> None:
        """Forget any half frame (e.g. after a reconnect); a dropped one is counted."""
        if self._buf and not self._discarding:
            self.dropped_partials += 1
        self._buf.clear()
        self._discarding = False
        self._skip_lf = False

    def drop_partial(self) -> FrameError | None:
        """Give up on the half frame held: ``FrameError(INCOMPLETE)``, or None if none.

        For a reader that saw the line go quiet, or lost the port, mid-frame. Counted in
        :attr:`rejected`. After ``OVERLONG`` it ends the discarding (returning None: that
        frame was reported already).
        """
        if self._discarding:
            self._discarding = False
            self._buf.clear()
            return None
        if not self._buf:
            return None
        raw = bytes(self._buf[: self.max_length])
        self._buf.clear()
        return self._count(FrameError(FrameErrorReason.INCOMPLETE, raw))

    @property
    def pending(self) -> int:
        """Bytes held of a frame not yet terminated."""
        return 0 if self._discarding else len(self._buf)

    def _count(self, result: FrameResult) -> FrameResult:
        if isinstance(result, Scan):
            self.frames += 1
        else:
            self.rejected += 1
        return result

    def _frame(self, raw: bytes) -> FrameResult:
        def error(reason: FrameErrorReason) -> FrameError:
            return FrameError(reason, raw[: self.max_length])

        if len(raw) > self.max_length:
            return error(FrameErrorReason.OVERLONG)
        body = raw
        if self.terminator == b"\n" and body.endswith(b"\r"):
            body = body[:-1]
        if not body:
            return error(FrameErrorReason.EMPTY)
        if self.prefix:
            if not body.startswith(self.prefix):
                return error(FrameErrorReason.MISSING_PREFIX)
            body = body[len(self.prefix) :]
            if not body:
                return error(FrameErrorReason.EMPTY)
        if _NOISE_BYTE in body:
            return error(FrameErrorReason.CONTROL_CHARACTERS)
        try:
            text = body.decode(self.encoding)
        except UnicodeDecodeError:
            return error(FrameErrorReason.CONTROL_CHARACTERS)
        if any(ch != "\x1d" and unicodedata.category(ch) == "Cc" for ch in text):
            return error(FrameErrorReason.CONTROL_CHARACTERS)
        aim: str | None = None
        if text.startswith("]"):
            if len(text) < 3 or text[1] not in _AIM_CODES or not _is_modifier(text[2]):
                return error(FrameErrorReason.BAD_AIM)
            aim, text = text[:3], text[3:]
            if not text:
                return error(FrameErrorReason.EMPTY)
        return Scan(text, aim)


def _is_modifier(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def split_aim_id(text: str) -> tuple[str | None, str]:
    """``("]E0", "8710398526434")`` for text with a valid AIM identifier, else ``(None, text)``."""
    if len(text) >= 3 and text[0] == "]" and text[1] in _AIM_CODES and _is_modifier(text[2]):
        return text[:3], text[3:]
    return None, text
