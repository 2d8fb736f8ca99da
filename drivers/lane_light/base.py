"""What every lane light driver offers: show a pattern, and a check a person watches.

A :class:`LaneLight` keeps the pattern the kiosk asked for last (:attr:`LaneLight.pattern`)
and shows it again by itself whenever the lamp comes back (after a reconnect). Its
interactive health check cycles red, amber, green and the buzzer; a lamp cannot tell
whether it lights, so a person must: set :attr:`LaneLight.confirm` to a callable that
asks them (it gets the pattern now shown and returns whether they saw / heard it). Without
one, the check shows each step for ``check_step`` seconds and reports what it showed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from drivers.config import DeviceKind
from drivers.device import Device, DeviceIdentity, FaultReason, HealthCheckFailed, Statistics
from drivers.lane_light.pattern import (
    ALL_OFF,
    DEFAULT_PATTERNS,
    LaneSituation,
    LightColour,
    LightPattern,
    pattern_for,
)

__all__ = ["CHECK_SEQUENCE", "Confirm", "LaneLight"]

Confirm = Callable[[LightPattern], bool]
"""Asks the person doing the check whether they see (hear) ``pattern``."""

CHECK_SEQUENCE: tuple[LightPattern, ...] = (
    LightPattern(LightColour.RED),
    LightPattern(LightColour.AMBER),
    LightPattern(LightColour.GREEN),
    LightPattern(LightColour.OFF, buzzer=True),
)
"""What the interactive check shows, in order."""


class LaneLight(Device):
    """Base of the lane light drivers; a subclass implements :meth:`show`, open and close."""

    def __init__(
        self,
        *,
        identity: DeviceIdentity | None = None,
        statistics: Statistics | None = None,
        confirm: Confirm | None = None,
        check_step: float = 1.0,
    ) -> None:
        super().__init__(DeviceKind.LANE_LIGHT.value, identity=identity, statistics=statistics)
        if check_step < 0:
            raise ValueError("check_step cannot be negative")
        self.confirm = confirm
        """Asked during the interactive check; see the module docstring."""
        self.check_step = check_step
        self._pattern = ALL_OFF

    @property
    def pattern(self) -> LightPattern:
        """The pattern last asked for (shown now, or as soon as the lamp is back)."""
        return self._pattern

    def show(self, pattern: LightPattern) -> bool:
        """Show ``pattern``; True when the lamp got it, False when it is kept for later.

        A lamp that is offline (or not yet open) gets the pattern as soon as it is back.
        """
        raise NotImplementedError

    def show_situation(
        self,
        situation: LaneSituation | str,
        patterns: dict[LaneSituation, LightPattern] | None = None,
    ) -> bool:
        """Show the pattern for ``situation`` (:func:`~drivers.lane_light.pattern.pattern_for`)."""
        return self.show(pattern_for(situation, DEFAULT_PATTERNS if patterns is None else patterns))

    def _check_interactive(self, timeout: float) -> list[tuple[str, str]]:
        deadline = time.monotonic() + timeout
        previous = self._pattern
        shown: list[str] = []
        try:
            for pattern in CHECK_SEQUENCE:
                if not self.show(pattern):
                    raise HealthCheckFailed(
                        self.status.reason or FaultReason.OTHER, f"could not show {pattern}"
                    )
                shown.append(str(pattern))
                if self.confirm is None:
                    time.sleep(min(self.check_step, max(0.0, deadline - time.monotonic())))
                elif not self.confirm(pattern):
                    raise HealthCheckFailed(FaultReason.OTHER, f"{pattern} was not seen")
                if time.monotonic() > deadline:
                    raise HealthCheckFailed(
                        FaultReason.INTERACTIVE_TIMEOUT, f"no answer about {pattern} in time"
                    )
        finally:
            self.show(previous)
        confirmed = "by the person" if self.confirm is not None else "no (nobody was asked)"
        return [("shown", "; ".join(shown)), ("confirmed", confirmed)]
