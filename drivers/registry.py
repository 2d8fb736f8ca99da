"""From a configured device to a running driver: which class speaks which ``driver``.

Every driver class takes ``(config, *, statistics=None)``; a ``sim:`` address starts the
kind's simulator through a :class:`drivers.sim.host.SimulatorHost` and builds the *real*
driver pointed at it, so a simulated lane runs the same driver code as a real one.
Simulator code is imported only on that path.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from drivers.config import DeviceConfig, DeviceKind
from drivers.device import Device, Statistics

if TYPE_CHECKING:
    from drivers.sim.host import SimulatorHost

__all__ = ["DRIVERS", "UnknownDriver", "create_device", "driver_class", "statistics_path"]

DRIVERS: dict[tuple[DeviceKind, str], str] = {
    (DeviceKind.SCANNER, "serial"): "drivers.scanner.serial_scanner:SerialScanner",
    (DeviceKind.SCALE, "toledo8217"): "drivers.scale.toledo:Toledo8217Scale",
    (DeviceKind.PRINTER, "escpos"): "drivers.printer.escpos_printer:EscposPrinter",
    (DeviceKind.PAYMENT_TERMINAL, "zvt"): "drivers.payment.zvt:ZvtTerminal",
    (DeviceKind.LANE_LIGHT, "tower"): "drivers.lane_light.tower:SerialTowerLight",
}
"""(kind, driver name) -> "module:Class"."""


class UnknownDriver(ValueError):
    """The configuration names a driver that does not exist for that kind of device."""


def driver_class(kind: DeviceKind | str, driver: str) -> type[Device]:
    kind = DeviceKind(kind)
    target = DRIVERS.get((kind, driver))
    if target is None:
        known = sorted(name for k, name in DRIVERS if k is kind)
        raise UnknownDriver(
            f"there is no {kind.value} driver {driver!r}; "
            f"use one of: {', '.join(known)} (or 'sim' with a sim: address)"
        )
    module_name, _, class_name = target.partition(":")
    return getattr(importlib.import_module(module_name), class_name)


def statistics_path(data_dir: str | os.PathLike[str], name: str) -> Path:
    """Where device ``name`` keeps its statistics in a kiosk's data directory."""
    return Path(data_dir) / "devices" / f"{name}.stats.json"


def create_device(
    name: str,
    config: DeviceConfig,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    simulators: SimulatorHost | None = None,
) -> Device:
    """Build (not open) the driver for device ``name``.

    For a ``sim:`` address the kind's simulator is started on ``simulators`` (a new
    in-process host when None) and the driver is the real one, pointed at it.
    """
    if config.simulated:
        if simulators is None:
            from drivers.sim.host import SimulatorHost

            simulators = SimulatorHost()
        config = simulators.start(config.kind, name, config.options).driver_config
    cls = driver_class(config.kind, config.driver)
    statistics = Statistics(statistics_path(data_dir, name)) if data_dir is not None else None
    return cls(config, statistics=statistics)  # type: ignore[call-arg]
