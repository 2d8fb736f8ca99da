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

import queue
import shutil
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from drivers.config import DeviceConfig, DeviceKind
from drivers.sim.base import Simulator, command
from drivers.sim.pty import SimPty, link_directory

__all__ = ["FAULTS", "OUTPUTS", "LaneLightSimulator"]

FAULTS = ("unplugged", "lamp_failure", "chatter", "stalled")
OUTPUTS = ("red", "yellow", "green", "buzzer")
CHATTER = b"\xff\x00?"
"""What the tower sends back under the "chatter" fault."""

_ACTIONS = {0x10: "on", 0x20: "off", 0x40: "blink"}
_TARGETS = {0x01: "red", 0x02: "yellow", 0x04: "green", 0x08: "buzzer"}
_POLL = 0.05

T = TypeVar("T")


class LaneLightSimulator(Simulator):
    """A CH340 tower light on a pty; see the module docstring."""

    kind: ClassVar[DeviceKind] = DeviceKind.LANE_LIGHT

    def __init__(
        self,
        name: str = "",
        *,
        history_size: int = 100,
        driver_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(name)
        if isinstance(history_size, bool) or not isinstance(history_size, int) or history_size < 1:
            raise ValueError("history_size must be a positive whole number")
        self.driver_options = dict(driver_options or {})
        self._changed = threading.Condition()
        self._outputs = dict.fromkeys(OUTPUTS, "off")
        self._history: deque[str] = deque(maxlen=history_size)
        self._unknown: deque[str] = deque(maxlen=history_size)
        self._commands = 0
        self._fault: str | None = None
        self._pty: SimPty | None = None
        self._link_dir: Path | None = None
        self._ops: queue.Queue[tuple[Callable[[], Any], threading.Event, list[Any]]] = queue.Queue()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- life cycle --

    def start(self) -> None:
        if self._thread is not None:
            return
        self._link_dir = link_directory()
        self._pty = SimPty(self._link_dir / f"tower-{self.name}")
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"sim lane light {self.name}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            self._wake.set()
            thread.join(5)
        if self._pty is not None:
            self._pty.unplug()
        if self._link_dir is not None:
            shutil.rmtree(self._link_dir, ignore_errors=True)
            self._link_dir = None

    def driver_config(self) -> DeviceConfig:
        if self._pty is None:
            raise RuntimeError("start the simulator first")
        return DeviceConfig(
            kind=DeviceKind.LANE_LIGHT,
            driver="tower",
            url=self._pty.path,
            options=self.driver_options,
        )

    @property
    def port(self) -> str | None:
        return None if self._pty is None else self._pty.path

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

    # -- the thread that owns the pty --

    def _run(self) -> None:
        while not self._stop.is_set():
            self._run_ops()
            pty = self._pty
            if pty is None or not pty.plugged or self._fault == "stalled":
                self._wake.wait(_POLL)
                self._wake.clear()
                continue
            data = pty.read(timeout=_POLL)
            if data:
                self._handle(data)
        self._run_ops()

    def _run_ops(self) -> None:
        while True:
            try:
                operation, done, result = self._ops.get_nowait()
            except queue.Empty:
                return
            try:
                result.append(operation())
            except Exception as error:
                result.append(error)
            done.set()

    def _on_thread(self, operation: Callable[[], T]) -> T:
        """Run a pty operation on the simulator's thread, the only one touching the pty.

        So a pty is never closed while the thread waits on its descriptor (whose number
        the next open could reuse for something else).
        """
        if self._thread is None or threading.current_thread() is self._thread:
            return operation()
        done, result = threading.Event(), []
        self._ops.put((operation, done, result))
        self._wake.set()
        if not done.wait(5):
            raise RuntimeError("the simulator thread did not respond")
        if isinstance(result[0], Exception):
            raise result[0]
        return result[0]

    # -- control --

    def state(self) -> dict[str, Any]:
        with self._changed:
            return {
                "name": self.name,
                "port": self.port,
                "plugged": self._pty is not None and self._pty.plugged,
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
        if self._pty is not None:
            self._on_thread(self._pty.unplug)
        with self._changed:
            self._outputs = dict.fromkeys(OUTPUTS, "off")
            self._changed.notify_all()
        return self.state()

    @command
    def plug(self) -> dict[str, Any]:
        """Plug the cable back in (a fresh pty behind the same port name)."""
        if self._pty is not None:
            self._on_thread(self._pty.plug)
        return self.state()

    @command
    def clear_history(self) -> dict[str, Any]:
        with self._changed:
            self._history.clear()
            self._unknown.clear()
        return self.state()
