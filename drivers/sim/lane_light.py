"""A USB-serial tower light on a pseudo-terminal: reads the command bytes, keeps the lamps.

The simulator holds the device side of a :class:`~drivers.sim.pty.SimPty` and decodes
the tower's single-byte commands with its own table (independent of the driver's): the
high nibble ``1`` on, ``2`` off, ``4`` blink; the low nibble ``1`` red, ``2`` yellow,
``4`` green, ``8`` buzzer. Exactly those twelve bytes are commands; any other byte is
recorded in ``unknown_bytes`` (hex) and changes nothing. Each output is ``off``, ``on``
or ``blink``; ``history`` keeps the last commands (``"green_on"``, ``"buzzer_blink"``).

Options (JSON, for ``python -m drivers.sim lane_light --options``): ``history_size``
(100), ``driver_options`` (an object passed on as the real driver's options).

Control commands: ``set_fault`` / ``faults`` (``unplugged``: the port disappears;
``lamp_failure``: commands arrive but no lamp changes, which only a person can see;
``chatter``: the tower sends noise back after each command; ``stalled``: the tower stops
reading, so its input fills up and the driver's writes time out), ``unplug`` / ``plug``,
``clear_history``, and ``state``. In-process, :meth:`LaneLightSimulator.wait_for` waits
for a condition on the state without polling.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from drivers.config import DeviceKind
from drivers.sim.base import command
from drivers.sim.serial_sim import PtySimulator

__all__ = ["FAULTS", "OUTPUTS", "LaneLightSimulator"]

FAULTS = ("unplugged", "lamp_failure", "chatter", "stalled")
OUTPUTS = ("red", "yellow", "green", "buzzer")
CHATTER = b"\xff\x00?"
"""What the tower sends back under the "chatter" fault."""

_ACTIONS = {0x10: "on", 0x20: "off", 0x40: "blink"}
_TARGETS = {0x01: "red", 0x02: "yellow", 0x04: "green", 0x08: "buzzer"}
_POLL = 0.05

T = TypeVar("T")


class LaneLightSimulator(PtySimulator):
    """A CH340 tower light on a pty; see the module docstring."""

    kind: ClassVar[DeviceKind] = DeviceKind.LANE_LIGHT
    driver: ClassVar[str] = "tower"
    port_name: ClassVar[str] = "tower"

    def __init__(
        self,
        name: str = "",
        *,
        history_size: int = 100,
        driver_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(name, driver_options)
        if isinstance(history_size, bool) or not isinstance(history_size, int) or history_size < 1:
            raise ValueError("history_size must be a positive whole number")
        self._changed = threading.Condition()
        self._outputs = dict.fromkeys(OUTPUTS, "off")
        self._history: deque[str] = deque(maxlen=history_size)
        self._unknown: deque[str] = deque(maxlen=history_size)
        self._commands = 0
        self._fault: str | None = None

    # -- the tower --

    def _handle(self, data: bytes) -> None:
        with self._changed:
            for byte in data:
                action = _ACTIONS.get(byte & 0xF0)
                target = _TARGETS.get(byte & 0x0F)
                if action is None or target is None:
                    self._unknown.append(f"{byte:02x}")
                    continue
                self._commands += 1
                self._history.append(f"{target}_{action}")
                if self._fault != "lamp_failure":
                    self._outputs[target] = action
            self._changed.notify_all()
            chatter = self._fault == "chatter"
        if chatter and self._pty is not None:
            self._pty.write(CHATTER)

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 5.0) -> bool:
        """Wait until ``predicate(state())`` is true (in-process use); False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self.state()), timeout)

    def _paused(self) -> bool:
        return self._fault == "stalled"

    # -- control --

    def state(self) -> dict[str, Any]:
        with self._changed:
            return {
                "name": self.name,
                "port": self.port,
                "plugged": self.plugged,
                "fault": self._fault,
                **self._outputs,
                "commands": self._commands,
                "history": list(self._history),
                "unknown_bytes": list(self._unknown),
            }

    @command
    def faults(self) -> list[str]:
        return list(FAULTS)

    @command
    def set_fault(self, fault: str | None) -> dict[str, Any]:
        """Make the tower fail in one way (see :data:`FAULTS`); None makes it well again."""
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; the lane light knows: {', '.join(FAULTS)}")
        with self._changed:
            previous, self._fault = self._fault, fault
        if fault == "unplugged":
            self.unplug()
        if fault == "stalled" or previous == "stalled":
            self._wake.set()
        elif previous == "unplugged":
            self.plug()
        return self.state()

    @command
    def unplug(self) -> dict[str, Any]:
        """Pull the USB cable: the port disappears, the driver's reads and writes fail.

        The lamps go dark, as an unpowered tower's do.
        """
        self._unplug_port()
        with self._changed:
            self._outputs = dict.fromkeys(OUTPUTS, "off")
            self._changed.notify_all()
        return self.state()

    @command
    def plug(self) -> dict[str, Any]:
        """Plug the cable back in (a fresh pty behind the same port name)."""
        self._plug_port()
        return self.state()

    @command
    def clear_history(self) -> dict[str, Any]:
        with self._changed:
            self._history.clear()
            self._unknown.clear()
        return self.state()
