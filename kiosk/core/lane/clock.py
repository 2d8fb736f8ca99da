"""Time for the lane, injected: a monotonic clock for timeouts, a UTC clock for records.

The controller never reads the system clock itself. :class:`SystemClock` is the real
one; :class:`ManualClock` is moved forward by a test (``advance(seconds)``), so idle and
payment timeouts are tested without sleeping.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = ["Clock", "ManualClock", "SystemClock"]


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (timeouts are measured on it)."""
        ...

    def utc_now(self) -> datetime:
        """The wall clock, timezone-aware, in UTC (the journal and the business day)."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def utc_now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to; both clocks move together."""

    def __init__(self, start: datetime | None = None) -> None:
        start = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
        if start.tzinfo is None:
            raise ValueError("the start must be timezone-aware")
        self._wall = start.astimezone(UTC)
        self._mono = 1000.0

    def monotonic(self) -> float:
        return self._mono

    def utc_now(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time does not go back")
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)
