"""Lane lights: the status tower above a self-checkout lane.

:mod:`drivers.lane_light.pattern` holds the device-neutral patterns and the default
mapping from the lane's situation; :mod:`drivers.lane_light.base` the :class:`LaneLight`
every driver is; :mod:`drivers.lane_light.tower` the USB-serial tower light.
"""

from drivers.lane_light.base import CHECK_SEQUENCE, LaneLight
from drivers.lane_light.pattern import (
    ALL_OFF,
    DEFAULT_PATTERNS,
    LaneSituation,
    LightColour,
    LightMode,
    LightPattern,
    pattern_for,
)
from drivers.lane_light.tower import SerialTowerLight, tower_commands

__all__ = [
    "ALL_OFF",
    "CHECK_SEQUENCE",
    "DEFAULT_PATTERNS",
    "LaneLight",
    "LaneSituation",
    "LightColour",
    "LightMode",
    "LightPattern",
    "SerialTowerLight",
    "pattern_for",
    "tower_commands",
]
