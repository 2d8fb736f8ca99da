"""The simulator framework (drivers/sim: base, control, host, pty, __main__), exercised with
the lane light and scale simulators: in this process, as their own process, over the
control socket, with the real drivers talking to them over ptys.

No sleeps: state changes in another process are awaited by polling its control API with a
deadline; status changes of the drivers through their event queues.
"""

from __future__ import annotations

import gc
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from drivers.config import DeviceConfig, DeviceKind
from drivers.device import (
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    FaultReason,
    HealthLevel,
    StatusEvent,
)
from drivers.lane_light import LightColour, LightMode, LightPattern, SerialTowerLight
from drivers.registry import create_device
from drivers.scale import ScaleState, Toledo8217Scale
from drivers.sim import SimCommandError, simulator_class
from drivers.sim.control import ControlServer, SimClient, SimControlError, SimProcess
from drivers.sim.host import InProcessSim, SimulatorHost
from drivers.sim.lane_light import LaneLightSimulator
from drivers.sim.pty import SimPty, link_directory
from drivers.sim.scale import ScaleSimulator

WAIT = 10.0  # seconds; generous, a process starts on a loaded machine


def wait_until(condition: Callable[[], bool], what: str = "condition") -> None:
    deadline = time.monotonic() + WAIT
    pause = threading.Event()
    while not condition():
        assert time.monotonic() < deadline, f"{what} not reached"
        pause.wait(0.01)


class Statuses:
    def __init__(self) -> None:
        self.queue: queue.Queue[DeviceStatus] = queue.Queue()

    def __call__(self, event: DeviceEvent) -> None:
        if isinstance(event, StatusEvent):
            self.queue.put(event.new)

    def wait(self, state: DeviceState, reason: FaultReason | None = None) -> None:
        deadline = time.monotonic() + WAIT
        while True:
            status = self.queue.get(timeout=max(0.01, deadline - time.monotonic()))
            if (status.state, status.reason) == (state, reason):
                return


@pytest.fixture
def processes() -> Iterator[list[SimProcess]]:
    started: list[SimProcess] = []
    yield started
    for process in started:
        process.stop(timeout=WAIT)  # also closes the control socket and the pipe


@pytest.fixture
def devices() -> Iterator[list[Any]]:
    opened: list[Any] = []
    yield opened
    for device in opened:
        device.close()


GREEN = LightPattern(LightColour.GREEN)
AMBER_FLASHING = LightPattern(LightColour.AMBER, LightMode.FLASHING)


# -- a simulator as its own process --


def test_the_lane_light_runs_as_a_process_and_its_driver_talks_to_it(
    processes: list[SimProcess], devices: list[Any]
) -> None:
    sim = SimProcess("lane_light", name="lane-7")
    processes.append(sim)
    assert sim.pid != os.getpid()
    config = sim.driver_config
    assert (config.kind, config.driver) == (DeviceKind.LANE_LIGHT, "tower")
    assert Path(config.url).is_symlink()
    assert sim.call("state")["name"] == "lane-7"
    assert sim.call("faults") == ["unplugged", "lamp_failure", "chatter", "stalled"]
    assert "set_fault" in sim.call("commands")

    light = SerialTowerLight(config, reconnect_interval=0.02)
    devices.append(light)
    statuses = Statuses()
    light.add_listener(statuses)
    light.open()
    assert light.show(GREEN)
    wait_until(lambda: sim.call("state")["green"] == "on", "green on")

    sim.call("set_fault", fault="unplugged")  # the process pulls the cable
    statuses.wait(DeviceState.OFFLINE, FaultReason.UNPLUGGED)
    light.show(AMBER_FLASHING)
    sim.call("set_fault", fault=None)
    statuses.wait(DeviceState.ONLINE)
    wait_until(lambda: sim.call("state")["yellow"] == "blink", "amber flashing after replug")

    assert sim.stop() == 0
    assert not Path(config.url).exists()  # the simulator cleaned up its port


def test_the_scale_runs_as_a_process_with_options_and_its_driver_weighs(
    processes: list[SimProcess], devices: list[Any]
) -> None:
    sim = SimProcess(
        "scale", options={"capacity_g": 6000, "driver_options": {"keepalive_interval": 0}}
    )
    processes.append(sim)
    assert sim.driver_config.options == {"bytesize": 8, "parity": "N", "keepalive_interval": 0}
    scale = Toledo8217Scale(sim.driver_config, reconnect_interval=0.02)
    devices.append(scale)
    scale.open()
    sim.call("set_weight", grams=745)
    assert scale.read_weight().grams == 745
    sim.call("place", grams=100, settle_requests=2)
    assert scale.read_weight().state is ScaleState.MOVING
    assert scale.wait_stable(WAIT, interval=0.001).grams == 845
    sim.call("set_weight", grams=6050)  # over this scale's 6 kg
    assert scale.read_weight().state is ScaleState.OVERLOAD
    assert sim.call("state")["requests"]["W"] >= 4
    assert sim.stop() == 0


def test_sigterm_stops_a_simulator_process_cleanly(processes: list[SimProcess]) -> None:
    sim = SimProcess("scale", name="term")
    processes.append(sim)
    port = Path(sim.driver_config.url)
    assert port.is_symlink()
    # At once after the hello line: the signal may land while the main thread is entering
    # Event.wait(), which once deadlocked a handler that set the Event itself.
    os.kill(sim.pid, signal.SIGTERM)
    assert sim.process.wait(WAIT) == 0
    assert not port.exists()
    assert not port.parent.exists()
    with pytest.raises(SimControlError):
        sim.call("state")


def test_a_simulator_that_cannot_start_is_reported() -> None:
    with pytest.raises(SimControlError, match="did not start"):
        SimProcess("lane_light", options={"colour": "red"})  # no such option
    gc.collect()  # an unclosed pipe would warn now, and warnings are errors


def test_bad_command_lines_exit_with_a_usage_error() -> None:
    for argv in (["scale", "--options", "[1]"], ["scale", "--options", "{"], ["toaster"]):
        done = subprocess.run(
            [sys.executable, "-m", "drivers.sim", *argv],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=WAIT,
            check=False,
        )
        assert done.returncode == 2, argv
        assert done.stdout == b""
        assert b"usage:" in done.stderr


# -- the control protocol --


class RawControl:
    """A bare socket to a control server, to send what a good client never would."""

    def __init__(self, address: str) -> None:
        host, _, port = address.rpartition(":")
        self.sock = socket.create_connection((host, int(port)), timeout=WAIT)
        self.file = self.sock.makefile("rwb")

    def send(self, line: bytes) -> dict[str, Any]:
        self.file.write(line + b"\n")
        self.file.flush()
        return json.loads(self.file.readline())

    def close(self) -> None:
        self.file.close()
        self.sock.close()


@pytest.fixture
def served_light() -> Iterator[tuple[LaneLightSimulator, ControlServer]]:
    simulator = LaneLightSimulator(name="served")
    simulator.start()
    server = ControlServer(simulator)
    server.start()
    yield simulator, server
    server.stop()
    simulator.stop()


def test_malformed_and_unknown_requests_get_errors_and_the_line_stays_usable(
    served_light: tuple[LaneLightSimulator, ControlServer],
) -> None:
    _, server = served_light
    raw = RawControl(server.address)
    try:
        answer = raw.send(b"this is not json")
        assert (answer["id"], answer["ok"]) == (None, False)
        assert answer["error"].startswith("not JSON")
        assert raw.send(b"\xff\xfe")["error"].startswith("not JSON")
        assert raw.send(b"[1, 2]") == {
            "id": None,
            "ok": False,
            "error": "expected an object with a 'cmd' string",
        }
        assert raw.send(b'{"id": 3, "cmd": 5}')["ok"] is False
        assert raw.send(b'{"id": 4, "cmd": "state", "args": []}') == {
            "id": 4,
            "ok": False,
            "error": "'args' must be an object",
        }
        unknown = raw.send(b'{"id": 5, "cmd": "fly"}')
        assert (unknown["id"], unknown["ok"]) == (5, False)
        assert "no command 'fly'" in unknown["error"]
        assert "set_fault" in unknown["error"]  # it says what there is
        bad_value = raw.send(b'{"id": 6, "cmd": "set_fault", "args": {"fault": "melting"}}')
        assert (bad_value["ok"], "unknown fault 'melting'" in bad_value["error"]) == (False, True)
        bad_args = raw.send(b'{"id": 7, "cmd": "unplug", "args": {"hard": true}}')
        assert bad_args["ok"] is False
        assert bad_args["error"].startswith("unplug: ")
        good = raw.send(b'{"id": 8, "cmd": "state"}')
        assert (good["id"], good["ok"], good["result"]["name"]) == (8, True, "served")
    finally:
        raw.close()


def test_an_overlong_request_gets_one_answer_and_the_line_stays_in_step(
    served_light: tuple[LaneLightSimulator, ControlServer],
) -> None:
    from drivers.sim.control import MAX_LINE

    _, server = served_light
    raw = RawControl(server.address)
    try:
        answer = raw.send(b'{"id": 1, "cmd": "state", "pad": "' + b"x" * (2 * MAX_LINE) + b'"}')
        assert (answer["id"], answer["ok"]) == (None, False)
        assert "over" in answer["error"]
        good = raw.send(b'{"id": 2, "cmd": "state"}')
        assert (good["id"], good["ok"]) == (2, True)
    finally:
        raw.close()


def test_the_client_raises_on_refusals(
    served_light: tuple[LaneLightSimulator, ControlServer],
) -> None:
    simulator, server = served_light
    with SimClient(server.address) as client:
        with pytest.raises(SimControlError, match="no command 'explode'"):
            client.call("explode")
        with pytest.raises(SimControlError, match="unknown fault"):
            client.call("set_fault", fault="fire")
        assert client.call("set_fault", fault="lamp_failure")["fault"] == "lamp_failure"
        assert simulator.state()["fault"] == "lamp_failure"  # the same simulator, in process
        assert client.call("shutdown") is None
    assert server.on_shutdown.is_set()


def test_two_clients_share_one_simulator(
    served_light: tuple[LaneLightSimulator, ControlServer],
) -> None:
    _, server = served_light
    with SimClient(server.address) as first, SimClient(server.address) as second:
        first.call("set_fault", fault="chatter")
        assert second.call("state")["fault"] == "chatter"


# -- in process: the base class, the host, the registry --


def test_the_control_api_in_process() -> None:
    assert simulator_class("scale") is ScaleSimulator
    assert simulator_class(DeviceKind.LANE_LIGHT) is LaneLightSimulator
    with ScaleSimulator(name="inproc") as sim:
        assert sim.control("commands") == sim.commands()
        assert {"place", "remove", "set_weight", "settle", "zero", "set_fault", "faults"} <= set(
            sim.commands()
        )
        assert sim.control("set_weight", grams=500)["net_g"] == 500
        with pytest.raises(SimCommandError, match="no command"):
            sim.control("fly")
        with pytest.raises(SimCommandError, match="whole number"):
            sim.control("place", grams=0.5)
        with pytest.raises(SimCommandError, match="set_weight"):
            sim.control("set_weight", kilos=1)
        with pytest.raises(SimCommandError, match="unknown fault"):
            sim.control("set_fault", fault="fire")
        for fault in sim.control("faults"):
            assert sim.control("set_fault", fault=fault)["fault"] == fault
        assert sim.control("set_fault", fault=None)["fault"] is None
        assert sim.control("state")["plugged"]


def test_a_host_runs_one_simulator_in_process_and_one_as_a_process(
    devices: list[Any],
) -> None:
    with SimulatorHost(separate={DeviceKind.LANE_LIGHT}) as host:
        scale_config = DeviceConfig(kind="scale", driver="sim", url="sim:")
        light_config = DeviceConfig(kind="lane_light", driver="sim", url="sim:")
        scale = create_device("scale", scale_config, simulators=host)
        light = create_device("light", light_config, simulators=host)
        assert isinstance(scale, Toledo8217Scale)
        assert isinstance(light, SerialTowerLight)
        assert isinstance(host["scale"], InProcessSim)
        assert isinstance(host["light"], SimProcess)
        assert host.start("scale", "scale") is host["scale"]  # started once per name
        for device in (scale, light):
            devices.append(device)
            device.open()
            report = device.check_health(HealthLevel.EXTERNAL)
            assert report.ok, report

        host["scale"].call("set_fault", fault="overload")
        host["light"].call("set_fault", fault="unplugged")
        scale_report = scale.check_health(HealthLevel.EXTERNAL)
        assert (scale_report.ok, scale_report.reason) == (False, FaultReason.OVERLOAD)
        wait_until(lambda: light.status.state is DeviceState.OFFLINE, "light offline")
        light_report = light.check_health(HealthLevel.EXTERNAL)
        assert (light_report.ok, light_report.reason) == (False, FaultReason.UNPLUGGED)
        process = host["light"]
        assert isinstance(process, SimProcess)
    assert process.process.returncode == 0  # the host stopped it


def test_the_registry_starts_a_host_when_given_none(devices: list[Any]) -> None:
    config = DeviceConfig(kind="lane_light", driver="sim", url="sim:", options={"history_size": 5})
    light = create_device("lane", config)
    devices.append(light)
    light.open()
    assert light.status.state is DeviceState.ONLINE
    assert light.url.startswith("/dev/shm/")


# -- the pty --


def test_a_sim_pty_plugs_unplugs_and_comes_back_under_another_name() -> None:
    directory = link_directory()
    try:
        pty = SimPty(directory / "usb-a")
        assert pty.plugged and pty.path == str(directory / "usb-a")
        assert os.readlink(pty.path) == pty.slave_path
        first_slave = pty.slave_path
        fd = os.open(pty.path, os.O_RDWR | os.O_NOCTTY)
        try:
            os.write(fd, b"W")
            assert pty.read(timeout=WAIT) == b"W"
            assert pty.write(b"\x0200.100\r") == 8
            assert os.read(fd, 100) == b"\x0200.100\r"
            pty.unplug()
            assert not pty.plugged
            assert not Path(pty.path).exists()
            assert os.read(fd, 1) == b""  # the line hung up: end of file
            with pytest.raises(OSError, match="Input/output error"):
                os.write(fd, b"W")
            assert pty.write(b"x") == 0
            assert pty.read(timeout=0) == b""
            assert pty.fileno() is None
        finally:
            os.close(fd)
        pty.plug(directory / "usb-b")
        assert pty.plugged and pty.path == str(directory / "usb-b")
        assert os.readlink(pty.path) == pty.slave_path
        assert pty.slave_path is not None
        assert first_slave is not None
        pty.close()
        pty.close()  # idempotent
    finally:
        for leftover in directory.iterdir():
            leftover.unlink()
        directory.rmdir()


def test_a_sim_pty_without_a_link_is_its_slave() -> None:
    pty = SimPty()
    try:
        assert pty.path == pty.slave_path
        assert pty.path.startswith("/dev/pts/")
    finally:
        pty.unplug()
