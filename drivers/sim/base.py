"""What every simulator offers: start / stop, the endpoint for the real driver, control."""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Callable
from typing import Any, ClassVar

from drivers.config import DeviceConfig, DeviceKind

__all__ = ["SIMULATORS", "SimCommandError", "Simulator", "command", "simulator_class"]

SIMULATORS: dict[DeviceKind, str] = {
    DeviceKind.SCANNER: "drivers.sim.scanner:ScannerSimulator",
    DeviceKind.SCALE: "drivers.sim.scale:ScaleSimulator",
    DeviceKind.PRINTER: "drivers.sim.printer:PrinterSimulator",
    DeviceKind.PAYMENT_TERMINAL: "drivers.sim.zvt:ZvtTerminalSimulator",
    DeviceKind.LANE_LIGHT: "drivers.sim.lane_light:LaneLightSimulator",
}
"""The simulator class for each kind of device, imported only when asked for."""


class SimCommandError(Exception):
    """A control command the simulator does not know, or with arguments it cannot take."""


class Simulator:
    """Base of the simulators.

    A subclass sets :attr:`kind`, implements :meth:`start`, :meth:`stop`,
    :meth:`driver_config` and :meth:`state`, and marks its control commands with
    :func:`command`. ``control("name", **args)`` calls the command and returns its
    JSON-able result; ``state``, ``commands`` and ``driver_config`` are always there.
    """

    kind: ClassVar[DeviceKind]

    def __init__(self, name: str = "") -> None:
        self.name = name or self.kind.value
        self.log = logging.getLogger(f"drivers.sim.{self.kind.value}")

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def driver_config(self) -> DeviceConfig:
        """The configuration of the real driver that talks to this simulator."""
        raise NotImplementedError

    def state(self) -> dict[str, Any]:
        """What the simulator is doing now (JSON-able), for tests and the demo's panel."""
        raise NotImplementedError

    def __enter__(self) -> Simulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- control --

    def commands(self) -> list[str]:
        return sorted(
            name
            for name in dir(type(self))
            if getattr(getattr(type(self), name), "_sim_command", False)
        )

    def control(self, command: str, **args: Any) -> Any:
        """Run control ``command`` with keyword ``args``; raises :class:`SimCommandError`."""
        if command == "state":
            return self.state()
        if command == "commands":
            return self.commands()
        if command == "driver_config":
            # What a kiosk's [devices] table needs to reach this simulator now (a port
            # renamed by a replug included): the real driver, its address and options.
            return self.driver_config().model_dump(mode="json")
        if command not in self.commands():
            raise SimCommandError(
                f"{self.kind.value} simulator has no command {command!r}; "
                f"it has: {', '.join(['state', 'commands', 'driver_config', *self.commands()])}"
            )
        method = getattr(self, command)
        try:
            inspect.signature(method).bind(**args)
        except TypeError as error:
            raise SimCommandError(f"{command}: {error}") from None
        try:
            return method(**args)
        except ValueError as error:
            raise SimCommandError(f"{command}: {error}") from None


def command(method: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a simulator method as a control command."""
    method._sim_command = True  # type: ignore[attr-defined]
    return method


def simulator_class(kind: DeviceKind | str) -> type[Simulator]:
    """Import and return the simulator class for ``kind``."""
    target = SIMULATORS[DeviceKind(kind)]
    module_name, _, class_name = target.partition(":")
    return getattr(importlib.import_module(module_name), class_name)
