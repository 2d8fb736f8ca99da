"""drivers.lane_light: patterns, the default mapping, and the USB-serial tower over real ptys.

The tower is played by drivers.sim.lane_light.LaneLightSimulator, in this process: it
decodes the command bytes with its own table, so each test checks the driver's bytes
against an independent reading of the tower's protocol. Tests wait on the simulator's
state (a condition variable) and on the driver's events (queues), never on time.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.config import DeviceConfig
from drivers.device import (
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    FaultReason,
    HealthLevel,
    Statistics,
    StatusEvent,
)
from drivers.lane_light import (
    ALL_OFF,
    CHECK_SEQUENCE,
    DEFAULT_PATTERNS,
    LaneSituation,
    LightColour,
    LightMode,
    LightPattern,
    SerialTowerLight,
    pattern_for,
    tower_commands,
)
from drivers.sim.lane_light import LaneLightSimulator

WAIT = 5.0  # seconds; only ever reached when a test fails

GREEN = LightPattern(LightColour.GREEN)
AMBER = LightPattern(LightColour.AMBER)
RED = LightPattern(LightColour.RED)
AMBER_FLASHING = LightPattern(LightColour.AMBER, LightMode.FLASHING)


@pytest.mark.parametrize(
    ("pattern", "commands"),
    [
        (ALL_OFF, "21 22 24 28"),
        (GREEN, "21 22 28 14"),
        (AMBER, "21 24 28 12"),
        (RED, "22 24 28 11"),
        (LightPattern(LightColour.GREEN, LightMode.FLASHING), "21 22 28 44"),
        (AMBER_FLASHING, "21 24 28 42"),
        (LightPattern(LightColour.RED, LightMode.FLASHING, buzzer=True), "22 24 41 48"),
        (LightPattern(LightColour.GREEN, buzzer=True), "21 22 14 48"),
        (LightPattern(LightColour.OFF, LightMode.FLASHING, buzzer=True), "21 22 24 48"),
    ],
)
def test_each_pattern_is_four_command_bytes(pattern: LightPattern, commands: str) -> None:
    assert tower_commands(pattern) == bytes.fromhex(commands)


def test_patterns_take_plain_strings_and_check_them() -> None:
    assert LightPattern("amber", "flashing") == AMBER_FLASHING
    assert str(AMBER_FLASHING) == "amber flashing"
    assert str(LightPattern("red", buzzer=True)) == "red steady + buzzer"
    assert str(ALL_OFF) == "off"
    with pytest.raises(ValueError, match="purple"):
        LightPattern("purple")
    with pytest.raises(ValueError, match="blinking"):
        LightPattern("red", "blinking")
    with pytest.raises(TypeError, match="buzzer"):
        LightPattern("red", buzzer="yes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("situation", "pattern"),
    [
        ("closed", ALL_OFF),
        ("ready", GREEN),
        ("shopping", GREEN),
        ("paying", GREEN),
        ("approval_needed", AMBER),
        ("help_requested", AMBER_FLASHING),
        ("out_of_service", RED),
        ("help_unreachable", LightPattern(LightColour.RED, LightMode.FLASHING, buzzer=True)),
    ],
)
def test_default_mapping_of_lane_situations(situation: str, pattern: LightPattern) -> None:
    assert pattern_for(situation) == pattern
    assert pattern_for(LaneSituation(situation)) == pattern


def test_every_situation_has_a_default_and_a_site_may_map_its_own() -> None:
    assert set(DEFAULT_PATTERNS) == set(LaneSituation)
    only_ready = {LaneSituation.READY: AMBER}
    assert pattern_for("ready", only_ready) == AMBER
    with pytest.raises(ValueError, match="shopping"):
        pattern_for("shopping", only_ready)
    with pytest.raises(ValueError, match="dancing"):
        pattern_for("dancing")


# -- the tower over a pty --


class Statuses:
    def __init__(self) -> None:
        self.queue: queue.Queue[DeviceStatus] = queue.Queue()

    def __call__(self, event: DeviceEvent) -> None:
        if isinstance(event, StatusEvent):
            self.queue.put(event.new)

    def next(self) -> DeviceStatus:
        return self.queue.get(timeout=WAIT)


def lamps(state: dict) -> dict[str, str]:
    return {name: state[name] for name in ("red", "yellow", "green", "buzzer")}


def expected_lamps(pattern: LightPattern) -> dict[str, str]:
    lit = "blink" if pattern.mode is LightMode.FLASHING else "on"
    names = {LightColour.RED: "red", LightColour.AMBER: "yellow", LightColour.GREEN: "green"}
    result = {"red": "off", "yellow": "off", "green": "off"}
    if pattern.colour in names:
        result[names[pattern.colour]] = lit
    result["buzzer"] = "blink" if pattern.buzzer else "off"
    return result


def shows(sim: LaneLightSimulator, pattern: LightPattern) -> bool:
    """Wait until the simulated tower's lamps are those of ``pattern``."""
    return sim.wait_for(lambda state: lamps(state) == expected_lamps(pattern), WAIT)


@pytest.fixture
def sim() -> Iterator[LaneLightSimulator]:
    simulator = LaneLightSimulator(name="test")
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def lights() -> Iterator[list[SerialTowerLight]]:
    made: list[SerialTowerLight] = []
    yield made
    for light in made:
        light.close()


@pytest.fixture
def start(lights: list[SerialTowerLight]):
    def make(
        config: DeviceConfig, *, statistics: Statistics | None = None, **options: object
    ) -> tuple[SerialTowerLight, Statuses]:
        if options:
            config = config.model_copy(update={"options": {**config.options, **options}})
        light = SerialTowerLight(config, statistics=statistics, reconnect_interval=0.02)
        lights.append(light)
        statuses = Statuses()
        light.add_listener(statuses)
        light.open()
        return light, statuses

    return make


ALL_PATTERNS = [
    LightPattern(colour, mode, buzzer)
    for colour in LightColour
    for mode in LightMode
    for buzzer in (False, True)
]


def test_every_pattern_reaches_the_lamps(sim: LaneLightSimulator, start) -> None:
    light, statuses = start(sim.driver_config())
    assert statuses.next() == DeviceStatus(DeviceState.ONLINE, None, f"port {sim.port} open")
    # the state is known from the start: all off
    assert sim.wait_for(lambda state: state["commands"] == 4, WAIT)
    assert lamps(sim.state()) == expected_lamps(ALL_OFF)
    for pattern in ALL_PATTERNS:
        sim.clear_history()
        assert light.show(pattern)
        assert sim.wait_for(lambda state: len(state["history"]) == 4, WAIT)
        assert lamps(sim.state()) == expected_lamps(pattern), pattern
        expected = [f"{name}_{state}" for name, state in expected_lamps(pattern).items()]
        assert sorted(sim.state()["history"]) == sorted(expected)
        assert light.pattern == pattern
    assert sim.state()["unknown_bytes"] == []
    assert light.statistics.snapshot() == {"patterns_shown": len(ALL_PATTERNS)}


def test_the_lit_lamp_is_sent_last_so_two_never_show_together(
    sim: LaneLightSimulator, start
) -> None:
    light, _ = start(sim.driver_config())
    light.show(RED)
    assert shows(sim, RED)
    sim.clear_history()
    light.show(GREEN)
    assert shows(sim, GREEN)
    assert sim.state()["history"] == ["red_off", "yellow_off", "buzzer_off", "green_on"]


def test_a_situation_is_shown_by_its_default_pattern(sim: LaneLightSimulator, start) -> None:
    light, _ = start(sim.driver_config())
    assert light.show_situation("help_requested")
    assert shows(sim, AMBER_FLASHING)
    assert light.show_situation(LaneSituation.READY, {LaneSituation.READY: RED})
    assert shows(sim, RED)


def test_unplug_is_seen_and_the_pattern_is_sent_again_on_reconnect(
    sim: LaneLightSimulator, start
) -> None:
    light, statuses = start(sim.driver_config())
    assert statuses.next().state is DeviceState.ONLINE
    light.show(GREEN)
    assert shows(sim, GREEN)
    sim.unplug()
    offline = statuses.next()
    assert (offline.state, offline.reason) == (DeviceState.OFFLINE, FaultReason.UNPLUGGED)
    assert not light.show(AMBER_FLASHING)  # kept for when the tower is back
    assert light.pattern == AMBER_FLASHING
    report = light.check_health(HealthLevel.EXTERNAL)
    assert (report.ok, report.reason) == (False, FaultReason.UNPLUGGED)
    sim.plug()
    assert statuses.next().state is DeviceState.ONLINE
    assert shows(sim, AMBER_FLASHING)
    stats = light.statistics.snapshot()
    assert (stats["patterns_shown"], stats["unplugs"], stats["reconnects"]) == (1, 1, 1)


def test_a_tower_that_stops_reading_times_out_and_recovers(sim: LaneLightSimulator, start) -> None:
    light, statuses = start(sim.driver_config(), write_timeout=0.1)
    assert statuses.next().state is DeviceState.ONLINE
    sim.set_fault("stalled")
    patterns = [GREEN, AMBER]
    shown = 0
    while light.show(patterns[shown % 2]):  # until the tower's input is full
        shown += 1
        assert shown < 100_000, "the writes never blocked"
    offline = statuses.next()
    assert (offline.state, offline.reason) == (DeviceState.OFFLINE, FaultReason.TIMEOUT)
    assert light.statistics["write_failures"] >= 1
    sim.set_fault(None)  # it reads again (all the stale commands first)
    assert statuses.next().state is DeviceState.ONLINE
    assert shows(sim, light.pattern)
    assert light.statistics["reconnects"] == 1


def test_a_missing_port_is_offline_not_found_until_it_appears(
    sim: LaneLightSimulator, start
) -> None:
    sim.set_fault("unplugged")
    light, statuses = start(sim.driver_config())
    status = statuses.next()
    assert (status.state, status.reason) == (DeviceState.OFFLINE, FaultReason.NOT_FOUND)
    assert not light.show(RED)
    sim.set_fault(None)
    assert statuses.next().state is DeviceState.ONLINE
    assert shows(sim, RED)
    assert "reconnects" not in light.statistics.snapshot()


def test_bytes_from_the_tower_are_ignored(sim: LaneLightSimulator, start) -> None:
    light, statuses = start(sim.driver_config())
    assert statuses.next().state is DeviceState.ONLINE
    sim.set_fault("chatter")
    for pattern in (RED, GREEN, AMBER):
        light.show(pattern)
        assert shows(sim, pattern)
    assert light.status.state is DeviceState.ONLINE
    assert statuses.queue.empty()


def test_unknown_bytes_change_no_lamp_in_the_simulator(sim: LaneLightSimulator) -> None:
    import serial

    with serial.Serial(sim.port, 9600, timeout=1) as port:
        port.write(bytes.fromhex("14 13 00 ff 80 41"))
    assert sim.wait_for(lambda state: state["red"] == "blink", WAIT)
    state = sim.state()
    assert state["unknown_bytes"] == ["13", "00", "ff", "80"]
    assert (state["green"], state["commands"]) == ("on", 2)


def test_external_check_writes_the_pattern_again(sim: LaneLightSimulator, start) -> None:
    light, _ = start(sim.driver_config())
    light.show(RED)
    assert shows(sim, RED)
    sim.clear_history()
    report = light.check_health(HealthLevel.EXTERNAL)
    assert report.ok
    assert dict(report.facts)["pattern"] == "red steady"
    assert sim.wait_for(lambda state: state["history"][-1:] == ["red_on"], WAIT)


def test_interactive_check_shows_each_colour_and_asks(sim: LaneLightSimulator, start) -> None:
    seen: list[dict[str, str]] = []

    def confirm(pattern: LightPattern) -> bool:
        assert shows(sim, pattern)  # the person looks at the tower
        seen.append(lamps(sim.state()))
        return True

    light, _ = start(sim.driver_config())
    light.confirm = confirm
    light.show(GREEN)
    report = light.check_health(HealthLevel.INTERACTIVE, timeout=WAIT)
    assert report.ok, report
    assert seen == [expected_lamps(pattern) for pattern in CHECK_SEQUENCE]
    assert dict(report.facts)["confirmed"] == "by the person"
    assert shows(sim, GREEN)  # the lane's pattern is back


def test_interactive_check_fails_when_a_colour_is_not_seen(sim: LaneLightSimulator, start) -> None:
    sim.set_fault("lamp_failure")  # the tower takes the bytes, but no lamp lights
    light, _ = start(sim.driver_config())

    def confirm(pattern: LightPattern) -> bool:
        return sim.wait_for(lambda state: lamps(state) == expected_lamps(pattern), 0.05)

    light.confirm = confirm
    report = light.check_health(HealthLevel.INTERACTIVE, timeout=WAIT)
    assert (report.ok, report.reason, report.detail) == (
        False,
        FaultReason.OTHER,
        "red steady was not seen",
    )


def test_interactive_check_without_a_person_reports_what_it_showed(
    sim: LaneLightSimulator, start
) -> None:
    light, _ = start(sim.driver_config(), check_step=0)
    report = light.check_health(HealthLevel.INTERACTIVE, timeout=WAIT)
    assert report.ok
    facts = dict(report.facts)
    assert facts["shown"] == "red steady; amber steady; green steady; off + buzzer"
    assert facts["confirmed"] == "no (nobody was asked)"


def test_close_turns_the_tower_off_and_open_shows_the_pattern_again(
    sim: LaneLightSimulator, start
) -> None:
    light, statuses = start(sim.driver_config())
    light.show(RED)
    assert shows(sim, RED)
    light.close()
    assert shows(sim, ALL_OFF)
    light.close()  # idempotent
    light.open()
    assert shows(sim, RED)
    assert [statuses.next().state for _ in range(3)] == [
        DeviceState.ONLINE,
        DeviceState.CLOSED,
        DeviceState.ONLINE,
    ]


def test_statistics_are_kept_in_the_file(sim: LaneLightSimulator, start, tmp_path: Path) -> None:
    path = tmp_path / "light.stats.json"
    light, _ = start(sim.driver_config(), statistics=Statistics(path))
    light.show(GREEN)
    light.show(AMBER)
    assert json.loads(path.read_text()) == {"patterns_shown": 2}


def test_show_from_many_threads_leaves_the_last_pattern(sim: LaneLightSimulator, start) -> None:
    light, _ = start(sim.driver_config())
    threads = [
        threading.Thread(target=lambda p=pattern: [light.show(p) for _ in range(20)])
        for pattern in (RED, GREEN, AMBER)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    light.show(AMBER_FLASHING)
    assert shows(sim, AMBER_FLASHING)  # never a mix of two patterns' bytes at the end
    assert sim.state()["unknown_bytes"] == []


@pytest.mark.parametrize(
    ("options", "url", "message"),
    [
        ({"baudrate": "fast"}, "/dev/ttyUSB0", "baudrate"),
        ({"write_timeout": 0}, "/dev/ttyUSB0", "write_timeout"),
        ({"check_step": -1}, "/dev/ttyUSB0", "check_step"),
        ({"colour": "red"}, "/dev/ttyUSB0", "unknown"),
        ({}, "usb:1a86:7523", "serial port"),
    ],
)
def test_bad_configuration_is_refused(options: dict, url: str, message: str) -> None:
    config = DeviceConfig(kind="lane_light", driver="tower", url=url, options=options)
    with pytest.raises(ValueError, match=message):
        SerialTowerLight(config)


def test_show_takes_only_patterns(sim: LaneLightSimulator, start) -> None:
    light, _ = start(sim.driver_config())
    with pytest.raises(TypeError):
        light.show("green")  # type: ignore[arg-type]
