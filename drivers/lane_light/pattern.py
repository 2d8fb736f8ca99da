"""What a lane light shows, and the default mapping from the lane's situation to it.

A :class:`LightPattern` is one colour (off, green, amber, red), steady or flashing, and
whether the buzzer sounds. Each lane light driver turns it into its device's commands.

The kiosk knows much more about its state than a lamp can say; it maps its state to a
:class:`LaneSituation` and :func:`pattern_for` gives the pattern. The default mapping
(:data:`DEFAULT_PATTERNS`), following what attendants of self-checkout lanes expect:

=====================  ==================  ===============================================
situation              pattern             meaning for the attendant
=====================  ==================  ===============================================
``CLOSED``             off                 the lane is not in use
``READY``              green, steady       free: a customer can start
``SHOPPING``           green, steady       a customer scans, all is well
``PAYING``             green, steady       a customer pays, all is well
``APPROVAL_NEEDED``    amber, steady       come when you can: an age check, a void, a
                                           weight mismatch waits for your approval
``HELP_REQUESTED``     amber, flashing     the customer pressed "help"
``OUT_OF_SERVICE``     red, steady         the lane cannot serve (a device fault, paper
                                           out, stopped by the attendant)
``HELP_UNREACHABLE``   red, flashing,      help or approval is waiting and the attendant
                       buzzer              console cannot be reached (network down), so
                                           the lamp is the only way to call someone
=====================  ==================  ===============================================

The buzzer sounds only for ``HELP_UNREACHABLE``: in a shop a buzzer is a last resort.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "ALL_OFF",
    "DEFAULT_PATTERNS",
    "LaneSituation",
    "LightColour",
    "LightMode",
    "LightPattern",
    "pattern_for",
]


class LightColour(enum.StrEnum):
    OFF = "off"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class LightMode(enum.StrEnum):
    STEADY = "steady"
    FLASHING = "flashing"


@dataclass(frozen=True, slots=True)
class LightPattern:
    """One colour, steady or flashing, with or without the buzzer."""

    colour: LightColour = LightColour.OFF
    mode: LightMode = LightMode.STEADY
    buzzer: bool = False

    def __post_init__(self) -> None:
        # Accept the plain strings a configuration or a control message carries.
        object.__setattr__(self, "colour", LightColour(self.colour))
        object.__setattr__(self, "mode", LightMode(self.mode))
        if not isinstance(self.buzzer, bool):
            raise TypeError(f"buzzer must be True or False, not {self.buzzer!r}")

    def __str__(self) -> str:
        text = "off" if self.colour is LightColour.OFF else f"{self.colour} {self.mode}"
        return f"{text} + buzzer" if self.buzzer else text


ALL_OFF = LightPattern()
"""Every lamp and the buzzer off."""


class LaneSituation(enum.StrEnum):
    """What a lane light needs to know about the lane (the kiosk maps its state to it)."""

    CLOSED = "closed"
    READY = "ready"
    SHOPPING = "shopping"
    PAYING = "paying"
    APPROVAL_NEEDED = "approval_needed"
    HELP_REQUESTED = "help_requested"
    OUT_OF_SERVICE = "out_of_service"
    HELP_UNREACHABLE = "help_unreachable"


DEFAULT_PATTERNS: Mapping[LaneSituation, LightPattern] = MappingProxyType(
    {
        LaneSituation.CLOSED: ALL_OFF,
        LaneSituation.READY: LightPattern(LightColour.GREEN),
        LaneSituation.SHOPPING: LightPattern(LightColour.GREEN),
        LaneSituation.PAYING: LightPattern(LightColour.GREEN),
        LaneSituation.APPROVAL_NEEDED: LightPattern(LightColour.AMBER),
        LaneSituation.HELP_REQUESTED: LightPattern(LightColour.AMBER, LightMode.FLASHING),
        LaneSituation.OUT_OF_SERVICE: LightPattern(LightColour.RED),
        LaneSituation.HELP_UNREACHABLE: LightPattern(
            LightColour.RED, LightMode.FLASHING, buzzer=True
        ),
    }
)
"""The default pattern of each situation (see the module docstring)."""


def pattern_for(
    situation: LaneSituation | str,
    patterns: Mapping[LaneSituation, LightPattern] = DEFAULT_PATTERNS,
) -> LightPattern:
    """The pattern for ``situation``; a site may pass its own ``patterns`` mapping."""
    situation = LaneSituation(situation)
    try:
        return patterns[situation]
    except KeyError:
        raise ValueError(f"no lane light pattern for situation {situation.value!r}") from None
