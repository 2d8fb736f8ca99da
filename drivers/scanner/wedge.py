"""Keyboard-wedge scanners: telling a scan from typing by the time between keys.

A keyboard-wedge (USB HID keyboard) scanner "types" its data, usually followed by Enter,
into whatever has the keyboard focus. The kiosk's key event filter takes every key
press, feeds it here with the event's timestamp, and acts on what comes back:

* :class:`WedgeScan`: a scan - the filter hands it to the scan path and swallows the keys;
* :class:`Typed`: text a person typed - the filter replays it to the focused widget, so a
  key-in field still works;
* :class:`Key`: a key that is not text (Enter not ending a scan, Tab, Backspace, arrows),
  replayed likewise.

:class:`WedgeFramer` is pure and Qt-free: no threads, no clock. Timestamps are seconds
(``QKeyEvent.timestamp()`` / 1000, or ``time.monotonic()``); only their differences
matter. The rule:

* A *run* is a sequence of characters each arriving at most ``max_gap`` seconds
  (default 0.05) after the one before. A scanner types 5-20 ms apart; a person rarely
  keeps under 50 ms for more than two or three keys.
* A run of at least ``min_length`` characters (default 6) ended by an end key (Enter, or
  those given in ``end_keys``, e.g. Tab) within ``max_gap`` is a scan; the end key is
  part of the scan and not passed on.
* A run ended by a longer gap is a scan too when ``end_on_gap`` (default True, for
  scanners configured without a suffix) and it is long enough; otherwise it is typing.
  The gap always ends the run: a scan interrupted by a long gap is never merged with
  what follows.
* Shorter runs, runs holding an auto-repeated key (a key held down repeats fast; the
  filter passes ``autorepeat=True``), and anything slower are :class:`Typed`.
* A run's characters are held until it is decided. Nothing else ends it, so the filter
  calls :meth:`WedgeFramer.flush` when :attr:`WedgeFramer.deadline` has passed (a timer
  of ``max_gap``); a person's key shows up that much later.

What cannot be told apart: a person typing six or more keys under ``max_gap`` apart, and
a key typed less than ``max_gap`` before a scan begins (it becomes the scan's first
character). Keys are single characters (``"a"``, ``"\\r"`` for Enter, GS ``"\\x1d"``
for FNC1, which counts as data; other control characters are passed on as keys) or key
names (``"Enter"``, ``"Return"``, ``"Tab"``, ``"Backspace"``...). Scans may carry an AIM
identifier (``]E0``), split off as in the serial framer. Nothing fed is ever lost: every
character comes back exactly once, in order, in a scan or as typed text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, TypeAlias

from drivers.scanner.framing import Scan, split_aim_id

__all__ = ["ENTER", "Key", "Typed", "WedgeFramer", "WedgeResult", "WedgeScan"]

ENTER: Final = "Enter"
_KEY_NAMES: Final[dict[str, str]] = {
    "\r": ENTER,
    "\n": ENTER,
    "Return": ENTER,
    "Enter": ENTER,
    "\t": "Tab",
    "\x08": "Backspace",
    "\x1b": "Escape",
    "\x7f": "Delete",
}
_GS: Final = "\x1d"


@dataclass(frozen=True, slots=True)
class WedgeScan:
    data: str
    """The scanned data without AIM identifier and end key."""
    aim_id: str | None = None
    end: str = ENTER
    """The key that ended it (``"Enter"``, ``"Tab"``), or ``""`` when a gap did."""

    def as_scan(self) -> Scan:
        """The same scan as the serial driver delivers it."""
        return Scan(self.data, self.aim_id)


@dataclass(frozen=True, slots=True)
class Typed:
    """Characters a person typed (to be passed on to the focused widget)."""

    text: str


@dataclass(frozen=True, slots=True)
class Key:
    """A key that is not text, passed on: ``"Enter"``, ``"Tab"``, ``"Backspace"``..."""

    name: str


WedgeResult: TypeAlias = WedgeScan | Typed | Key


class WedgeFramer:
    """Feed it key presses with timestamps; see the module docstring for the rule."""

    def __init__(
        self,
        *,
        max_gap: float = 0.05,
        min_length: int = 6,
        end_keys: Iterable[str] = (ENTER,),
        end_on_gap: bool = True,
    ) -> None:
        if not max_gap > 0:
            raise ValueError(f"max_gap must be a positive number of seconds, not {max_gap!r}")
        if min_length < 2:
            raise ValueError(f"min_length must be at least 2, not {min_length}")
        self.max_gap: Final = float(max_gap)
        self.min_length: Final = min_length
        self.end_keys: Final = frozenset(_key_name(key) for key in end_keys)
        self.end_on_gap: Final = end_on_gap
        self.scans = 0
        """Scans recognised so far."""
        self._run: list[str] = []
        self._last = 0.0
        self._repeated = False

    @property
    def pending(self) -> str:
        """The characters of the run not yet decided."""
        return "".join(self._run)

    @property
    def deadline(self) -> float | None:
        """After this time :meth:`flush` decides the pending run (None: nothing pending)."""
        return self._last + self.max_gap if self._run else None

    def feed(self, key: str, timestamp: float, *, autorepeat: bool = False) -> list[WedgeResult]:
        """One key press; returns what it decides, in order."""
        if not key:
            raise ValueError("a key is a character or a key name, not empty")
        results: list[WedgeResult] = []
        if self._run and not 0 <= timestamp - self._last <= self.max_gap:
            results += self._end("")  # a gap (or a clock that went back) ends the run
        if len(key) == 1 and key not in _KEY_NAMES and (key == _GS or not _is_control(key)):
            self._run.append(key)
            self._last = timestamp
            self._repeated = self._repeated or autorepeat
            return results
        name = _key_name(key)
        if name in self.end_keys and self._run:
            if self._is_scan():
                return [*results, *self._end(name)]
            results += self._end(name)
        elif self._run:
            results += self._end(name)
        results.append(Key(name))
        return results

    def flush(self, now: float | None = None) -> list[WedgeResult]:
        """Decide the pending run if its gap has passed at ``now`` (None: decide it now)."""
        if self._run and (now is None or not 0 <= now - self._last <= self.max_gap):
            return self._end("")
        return []

    def _is_scan(self) -> bool:
        return len(self._run) >= self.min_length and not self._repeated

    def _end(self, end: str) -> list[WedgeResult]:
        """End the run by key ``end`` (an end key) or by a gap (``""``)."""
        text = "".join(self._run)
        scan = self._is_scan() and (end in self.end_keys or (end == "" and self.end_on_gap))
        self._run.clear()
        self._repeated = False
        if not scan:
            return [Typed(text)]
        self.scans += 1
        aim, data = split_aim_id(text)
        if aim is not None and not data:
            aim, data = None, text
        return [WedgeScan(data, aim, end)]


def _key_name(key: str) -> str:
    return _KEY_NAMES.get(key, key)


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc"
