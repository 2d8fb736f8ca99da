"""Retail scales for produce sold by weight: the Toledo 8217 protocol and its driver.

:mod:`drivers.scale.protocol` is the pure framing and answer parsing;
:mod:`drivers.scale.toledo` the driver that talks to the scale over a serial port.
"""

from drivers.scale.protocol import (
    AnswerFramer,
    FrameError,
    FrameErrorReason,
    ProtocolError,
    ScaleReading,
    ScaleState,
    ScaleStatus,
    StatusFlag,
    parse_frame,
)
from drivers.scale.toledo import ScaleError, Toledo8217Scale

__all__ = [
    "AnswerFramer",
    "FrameError",
    "FrameErrorReason",
    "ProtocolError",
    "ScaleError",
    "ScaleReading",
    "ScaleState",
    "ScaleStatus",
    "StatusFlag",
    "Toledo8217Scale",
    "parse_frame",
]
