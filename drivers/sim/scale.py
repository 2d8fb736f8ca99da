"""A retail scale on a pseudo-terminal, answering the Toledo 8217 protocol's bytes.

The simulator holds the device side of a :class:`~drivers.sim.pty.SimPty` and answers
the requests the real driver (:class:`drivers.scale.toledo.Toledo8217Scale`) sends, with
its own, independent encoding of the protocol (so tests check the driver against it):

* ``W``: ``STX`` ``dd.ddd`` ``CR`` (kilograms, three decimals) for a stable weight above
  zero; otherwise ``STX ? S1 S2 CR``, the two status bytes (bits 4 and 5 set, bit 6
  clear) with byte 1 = motion 0x01, at zero 0x02, RAM error 0x04, EEPROM error 0x08 and
  byte 2 = under zero 0x01, over capacity 0x02, ROM error 0x04, calibration 0x08. A
  stable zero is answered with the status (at zero), not with ``00.000``.
* ``S``: ``STX ? S1 S2 CR`` always.
* ``Z``: no answer; zeroes the scale when it is stable and within ``zero_range_g``.
* CR and LF are ignored; any other byte is counted in ``unknown_bytes`` and not answered.

The weight model: ``load_g`` is what lies on the platter, ``zero_offset_g`` what the
last zeroing took away; the scale shows ``load_g - zero_offset_g`` rounded to
``division_g``, above ``capacity_g`` plus nine divisions it is over capacity, below zero
it is under zero. A change of load moves the weight along a curve (noisy, converging on
the new weight) during which the scale reports motion: for ``settle_s`` seconds of the
simulator's clock (injectable: ``ScaleSimulator(clock=...)`` in-process), or, with
``settle_requests=N``, for exactly the next N weight/status requests, whatever the time.

Options (JSON, for ``python -m drivers.sim scale --options``): ``capacity_g`` (15000),
``division_g`` (5), ``zero_range_g`` (2 % of capacity), ``seed`` (the noise; 0),
``driver_options`` (an object passed on as the real driver's options; the driver is told
8N1, see :data:`PTY_LINE`).

Control commands: ``place``, ``remove``, ``set_weight``, ``settle``, ``zero``,
``set_fault`` / ``faults`` (``no_answer``, ``overload``, ``under_zero``, ``error``,
``garbage``, ``half_frame``, ``unplugged``), ``unplug`` / ``plug``, and ``state``.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from drivers.config import DeviceKind, OptionValue
from drivers.sim.base import command
from drivers.sim.serial_sim import PtySimulator

__all__ = ["FAULTS", "PTY_LINE", "ScaleSimulator"]

FAULTS = ("no_answer", "overload", "under_zero", "error", "garbage", "half_frame", "unplugged")
"""What :meth:`ScaleSimulator.set_fault` can make the scale do."""

STX = b"\x02"
CR = b"\r"
GARBAGE = b"\x13\xfe#\x7f\r"
"""What the scale sends under the "garbage" fault: noise (with a CR, as line noise has)."""
HALF_FRAME = STX + b"00.7"
"""What it sends under "half_frame": the start of a weight, never finished."""

_MOTION, _AT_ZERO, _RAM_ERROR = 0x01, 0x02, 0x04
_UNDER_ZERO, _OVER_CAPACITY = 0x01, 0x02
_FIXED = 0x30
_POLL = 0.05

PTY_LINE = {"bytesize": 8, "parity": "N"}
"""The line settings the driver is given: a pty has none, and Linux refuses 7 data bits
with parity on a pty that is already set up, so the real scale's 7E1 cannot be used."""

T = TypeVar("T")


@dataclass
class _Motion:
    start_g: int
    started: float
    settle_s: float
    requests: int | None
    """Requests left in motion (None: the clock decides; -1: until settle())."""
    total_requests: int


class ScaleSimulator(PtySimulator):
    """A Toledo 8217 scale on a pty; see the module docstring."""

    kind: ClassVar[DeviceKind] = DeviceKind.SCALE
    driver: ClassVar[str] = "toledo8217"
    port_name: ClassVar[str] = "scale"

    def __init__(
        self,
        name: str = "",
        *,
        capacity_g: int = 15000,
        division_g: int = 5,
        zero_range_g: int | None = None,
        seed: int = 0,
        driver_options: dict[str, Any] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(name, driver_options)
        for label, value in (("capacity_g", capacity_g), ("division_g", division_g)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"{label} must be a positive whole number of grams")
        self.capacity_g = capacity_g
        self.division_g = division_g
        self.zero_range_g = capacity_g // 50 if zero_range_g is None else int(zero_range_g)
        self.clock = clock or time.monotonic
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._load_g = 0
        self._offset_g = 0
        self._motion: _Motion | None = None
        self._fault: str | None = None
        self._requests: Counter[str] = Counter()
        self._unknown = 0
        self._zeroed = 0
        self._zero_refused = 0

    def _line_options(self) -> dict[str, OptionValue]:
        return dict(PTY_LINE)

    # -- the model --

    def _round(self, grams: float) -> int:
        return math.floor(grams / self.division_g + 0.5) * self.division_g

    def _net_locked(self) -> int:
        return self._round(self._load_g - self._offset_g)

    def _moving_locked(self) -> bool:
        motion = self._motion
        if motion is None:
            return False
        if motion.requests is not None:
            moving = motion.requests != 0
        else:
            moving = self.clock() - motion.started < motion.settle_s
        if not moving:
            self._motion = None
        return moving

    def _display_locked(self) -> int:
        """What the scale's display shows now: the curve while moving, else the net."""
        net = self._net_locked()
        motion = self._motion
        if motion is None or not self._moving_locked():
            return net
        if motion.requests == -1:
            progress = 0.5
        elif motion.requests is not None:
            progress = 1 - motion.requests / max(1, motion.total_requests)
        else:
            progress = min(1.0, (self.clock() - motion.started) / max(motion.settle_s, 1e-9))
        span = net - motion.start_g
        noise = self._random.uniform(-1, 1) * max(3 * self.division_g, abs(span) / 20)
        value = net - span * math.exp(-5 * progress) + noise * (1 - progress)
        return self._round(value)

    def _move_locked(self, settle_s: float, settle_requests: int | None, start_g: int) -> None:
        if settle_requests is not None:
            if settle_requests < 0:
                raise ValueError("settle_requests cannot be negative")
            self._motion = (
                _Motion(start_g, self.clock(), 0.0, settle_requests, settle_requests)
                if settle_requests
                else None
            )
            return
        if settle_s < 0:
            raise ValueError("settle_s cannot be negative")
        self._motion = _Motion(start_g, self.clock(), settle_s, None, 0) if settle_s else None

    def _status_bytes_locked(self) -> bytes:
        """Status bytes 1 and 2. While the weight moves only motion is reported (and the
        faults): over capacity, under zero and at zero are judged once it has settled."""
        moving = self._moving_locked()
        net = self._net_locked()
        byte1, byte2 = _FIXED, _FIXED
        if self._fault == "error":
            byte1 |= _RAM_ERROR
        if self._fault == "overload":
            byte2 |= _OVER_CAPACITY
        elif self._fault == "under_zero":
            byte2 |= _UNDER_ZERO
        elif moving:
            byte1 |= _MOTION
        elif net > self.capacity_g + 9 * self.division_g:
            byte2 |= _OVER_CAPACITY
        elif net < 0:
            byte2 |= _UNDER_ZERO
        elif net == 0:
            byte1 |= _AT_ZERO
        return bytes([byte1, byte2])

    def _answer_locked(self, request: str) -> bytes:
        """The bytes the scale sends for a W or S request (and the motion step it takes)."""
        if self._fault == "garbage":
            return GARBAGE
        if self._fault == "half_frame":
            return HALF_FRAME
        status = self._status_bytes_locked()
        motion = self._motion
        if motion is not None and motion.requests is not None and motion.requests > 0:
            motion.requests -= 1
        if request == "S" or status != bytes([_FIXED, _FIXED]):
            return STX + b"?" + status + CR
        net = self._net_locked()
        return STX + f"{net // 1000:02d}.{net % 1000:03d}".encode("ascii") + CR

    def _zero_locked(self) -> bool:
        if (
            self._fault is None
            and not self._moving_locked()
            and abs(self._net_locked()) <= self.zero_range_g
        ):
            self._offset_g = self._load_g
            self._zeroed += 1
            return True
        self._zero_refused += 1
        return False

    def _handle(self, data: bytes) -> None:
        for byte in data:
            char = chr(byte)
            with self._lock:
                if char in "\r\n":
                    continue
                if char not in "WSZ":
                    self._unknown += 1
                    continue
                self._requests[char] += 1
                if self._fault == "no_answer":
                    continue
                if char == "Z":
                    self._zero_locked()
                    continue
                answer = self._answer_locked(char)
            assert self._pty is not None
            self._pty.write(answer)

    # -- control --

    def state(self) -> dict[str, Any]:
        with self._lock:
            moving = self._moving_locked()
            status = self._status_bytes_locked()
            if self._fault in ("no_answer", "garbage", "half_frame", "unplugged"):
                reported = self._fault
            elif status[0] & _RAM_ERROR:
                reported = "error"
            elif status[1] & _OVER_CAPACITY:
                reported = "overload"
            elif status[1] & _UNDER_ZERO:
                reported = "under_zero"
            elif moving:
                reported = "moving"
            elif status[0] & _AT_ZERO:
                reported = "zero"
            else:
                reported = "stable"
            return {
                "name": self.name,
                "port": self.port,
                "plugged": self.plugged,
                "fault": self._fault,
                "status": reported,
                "load_g": self._load_g,
                "zero_offset_g": self._offset_g,
                "net_g": self._net_locked(),
                "display_g": self._display_locked(),
                "moving": moving,
                "capacity_g": self.capacity_g,
                "division_g": self.division_g,
                "requests": {key: self._requests[key] for key in "WSZ"},
                "unknown_bytes": self._unknown,
                "zeroed": self._zeroed,
                "zero_refused": self._zero_refused,
            }

    @command
    def place(
        self, grams: int, settle_s: float = 0.5, settle_requests: int | None = None
    ) -> dict[str, Any]:
        """Put an item of ``grams`` on the scale; it moves, then settles (see the docstring)."""
        grams = _whole(grams, "grams")
        with self._lock:
            start = self._display_locked()
            self._load_g += grams
            self._move_locked(settle_s, settle_requests, start)
        return self.state()

    @command
    def remove(
        self, grams: int | None = None, settle_s: float = 0.5, settle_requests: int | None = None
    ) -> dict[str, Any]:
        """Take ``grams`` off the scale (None: everything), with the same motion as place."""
        with self._lock:
            start = self._display_locked()
            self._load_g = 0 if grams is None else self._load_g - _whole(grams, "grams")
            self._move_locked(settle_s, settle_requests, start)
        return self.state()

    @command
    def set_weight(self, grams: int, stable: bool = True) -> dict[str, Any]:
        """Make the scale show ``grams`` (net) at once; not ``stable``: moving until settle()."""
        grams = _whole(grams, "grams")
        with self._lock:
            start = self._display_locked()
            self._load_g = grams + self._offset_g
            self._motion = None if stable else _Motion(start, self.clock(), 0.0, -1, 0)
        return self.state()

    @command
    def settle(self) -> dict[str, Any]:
        """End any motion now."""
        with self._lock:
            self._motion = None
        return self.state()

    @command
    def zero(self) -> bool:
        """Press the scale's zero key (as the Z request does); returns whether it zeroed."""
        with self._lock:
            return self._zero_locked()

    @command
    def faults(self) -> list[str]:
        return list(FAULTS)

    @command
    def set_fault(self, fault: str | None) -> dict[str, Any]:
        """Make the scale fail in one way (see :data:`FAULTS`); None makes it well again."""
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; the scale knows: {', '.join(FAULTS)}")
        with self._lock:
            previous, self._fault = self._fault, fault
        if fault == "unplugged":
            self.unplug()
        elif previous == "unplugged":
            self.plug()
        return self.state()

    @command
    def unplug(self) -> dict[str, Any]:
        """Pull the cable: the port disappears and the driver's reads fail."""
        self._unplug_port()
        return self.state()

    @command
    def plug(self) -> dict[str, Any]:
        """Plug the cable back in (a fresh pty behind the same port name)."""
        self._plug_port()
        return self.state()


def _whole(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number of grams, not {value!r}")
    return value
