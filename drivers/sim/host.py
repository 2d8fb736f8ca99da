"""Runs simulators for a lane: in this process, or each in its own process."""

from __future__ import annotations

import threading
from typing import Any, Protocol

from drivers.config import DeviceConfig, DeviceKind
from drivers.sim.base import Simulator, simulator_class
from drivers.sim.control import SimProcess

__all__ = ["InProcessSim", "SimHandle", "SimulatorHost"]


class SimHandle(Protocol):
    kind: DeviceKind
    driver_config: DeviceConfig

    def call(self, command: str, **args: Any) -> Any: ...

    def stop(self) -> object: ...


class InProcessSim:
    """A simulator running on threads of this process."""

    def __init__(self, simulator: Simulator) -> None:
        self.simulator = simulator
        self.kind = simulator.kind
        simulator.start()
        self.driver_config = simulator.driver_config()

    def call(self, command: str, **args: Any) -> Any:
        return self.simulator.control(command, **args)

    def stop(self) -> None:
        self.simulator.stop()


class SimulatorHost:
    """Starts and stops the simulators of one lane (or one diagnostics run).

    ``separate`` names the kinds that run as their own process (by default the payment
    terminal: it must outlive a kiosk that is killed mid-payment).
    """

    def __init__(self, separate: frozenset[DeviceKind] | set[DeviceKind] | None = None) -> None:
        self.separate = (
            frozenset({DeviceKind.PAYMENT_TERMINAL}) if separate is None else frozenset(separate)
        )
        self.handles: dict[str, SimHandle] = {}
        self._lock = threading.Lock()

    def start(
        self, kind: DeviceKind | str, name: str, options: dict[str, Any] | None = None
    ) -> SimHandle:
        kind = DeviceKind(kind)
        with self._lock:
            if name in self.handles:
                return self.handles[name]
            handle: SimHandle
            if kind in self.separate:
                handle = SimProcess(kind, name=name, options=options)
            else:
                handle = InProcessSim(simulator_class(kind)(name=name, **(options or {})))
            self.handles[name] = handle
            return handle

    def __getitem__(self, name: str) -> SimHandle:
        return self.handles[name]

    def stop(self) -> None:
        with self._lock:
            handles, self.handles = list(self.handles.values()), {}
        for handle in reversed(handles):
            handle.stop()

    def __enter__(self) -> SimulatorHost:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
