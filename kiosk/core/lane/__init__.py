"""The lane controller: the Qt-free heart of the kiosk that widgets observe and call.

See ``docs/session.md`` for the states, the flows and how each failure is handled.
"""

from kiosk.core.lane.clock import Clock, ManualClock, SystemClock
from kiosk.core.lane.controller import LaneController, LaneDevices, LaneSettings
from kiosk.core.lane.help import HelpCall, HelpReason, HelpStatus, HelpTopic, SelfHelp
from kiosk.core.lane.messages import Message, MessageKey, Tone
from kiosk.core.lane.scheduler import JobResult, ManualScheduler, Scheduler, ThreadScheduler

__all__ = [
    "Clock",
    "HelpCall",
    "HelpReason",
    "HelpStatus",
    "HelpTopic",
    "JobResult",
    "LaneController",
    "LaneDevices",
    "LaneSettings",
    "ManualClock",
    "ManualScheduler",
    "Message",
    "MessageKey",
    "Scheduler",
    "SelfHelp",
    "SystemClock",
    "ThreadScheduler",
    "Tone",
]
