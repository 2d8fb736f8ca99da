"""A running simulator tells the real driver's configuration on request (``driver_config``).

The demo starts each simulator as its own process and writes the kiosk's ``[devices]``
tables from what the simulators say; a scanner replugged under a new port name must then
say its new address, not the one it printed at start.
"""

from __future__ import annotations

import pytest

from drivers.config import DeviceConfig, DeviceKind
from drivers.sim.base import SimCommandError
from drivers.sim.control import SimProcess
from drivers.sim.lane_light import LaneLightSimulator
from drivers.sim.printer import PrinterSimulator


def test_in_process_driver_config_is_the_simulators_own() -> None:
    with LaneLightSimulator(name="light") as sim:
        answer = sim.control("driver_config")
        assert DeviceConfig.model_validate(answer) == sim.driver_config()
        assert answer["driver"] == "tower"
        assert answer["url"].endswith("tower-light")


def test_tcp_printer_names_its_port() -> None:
    with PrinterSimulator(name="p", transport="tcp") as sim:
        answer = sim.control("driver_config")
        assert answer == {
            "kind": "printer",
            "driver": "escpos",
            "url": f"tcp://127.0.0.1:{sim.port}",
            "enabled": True,
            "options": {},
        }


def test_unknown_command_lists_driver_config() -> None:
    with LaneLightSimulator() as sim, pytest.raises(SimCommandError, match="driver_config"):
        sim.control("no_such_command")


def test_a_simulator_process_follows_a_renamed_port() -> None:
    with SimProcess(DeviceKind.SCANNER, name="dc") as sim:
        first = sim.client.driver_config()
        assert first == sim.driver_config  # the same as its first line said
        assert first.driver == "serial" and first.options == {"terminator": "CR"}
        sim.call("unplug")
        new_path = sim.call("plug", rename=True)
        now = sim.client.driver_config()
        assert now.url == new_path != first.url
        assert now.kind is DeviceKind.SCANNER
