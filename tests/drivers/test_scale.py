"""drivers.scale.Toledo8217Scale over real pseudo-terminals (pyserial not mocked, no sleeps).

Most tests run the driver against drivers.sim.scale.ScaleSimulator, in this process, with
a clock the test drives. The tests of exact answer bytes play the scale by hand
(:class:`ScriptedScale`): each request byte the driver writes gets the next scripted
answer, written in the pieces the test gives.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.config import DeviceConfig
from drivers.device import (
    DataEvent,
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    ErrorEvent,
    FaultReason,
    HealthLevel,
    Statistics,
    StatusEvent,
)
from drivers.scale import (
    FrameError,
    FrameErrorReason,
    ScaleError,
    ScaleReading,
    ScaleState,
    Toledo8217Scale,
)
from drivers.sim.pty import SimPty
from drivers.sim.scale import PTY_LINE, ScaleSimulator

WAIT = 5.0  # seconds; only ever reached when a test fails


class Clock:
    """The simulator's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Events:
    """A listener that sorts the scale's events into queues to wait on."""

    def __init__(self) -> None:
        self.data: queue.Queue[ScaleReading] = queue.Queue()
        self.errors: queue.Queue[ErrorEvent] = queue.Queue()
        self.statuses: queue.Queue[DeviceStatus] = queue.Queue()

    def __call__(self, event: DeviceEvent) -> None:
        if isinstance(event, DataEvent):
            self.data.put(event.payload)
        elif isinstance(event, ErrorEvent):
            self.errors.put(event)
        elif isinstance(event, StatusEvent):
            self.statuses.put(event.new)

    def reading(self) -> ScaleReading:
        return self.data.get(timeout=WAIT)

    def status(self) -> DeviceStatus:
        return self.statuses.get(timeout=WAIT)

    def wait_status(
        self, state: DeviceState, reason: FaultReason | None = None
    ) -> list[DeviceStatus]:
        """Take status changes until one is (state, reason); returns those taken."""
        seen: list[DeviceStatus] = []
        deadline = time.monotonic() + WAIT
        while True:
            status = self.statuses.get(timeout=max(0.01, deadline - time.monotonic()))
            seen.append(status)
            if (status.state, status.reason) == (state, reason):
                return seen


def wait_until(condition: Callable[[], bool]) -> None:
    """Poll ``condition`` until it holds; fail after WAIT seconds."""
    deadline = time.monotonic() + WAIT
    pause = threading.Event()
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        pause.wait(0.005)


class ScriptedScale:
    """Plays the scale by hand on a pty: each request gets the next scripted answer."""

    def __init__(self) -> None:
        self.pty = SimPty()
        self.requests: queue.Queue[bytes] = queue.Queue()
        self._answers: dict[bytes, queue.Queue[tuple[bytes, ...]]] = {
            b"W": queue.Queue(),
            b"S": queue.Queue(),
        }
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def path(self) -> str:
        return self.pty.path

    def answer(self, request: bytes, *pieces: bytes) -> None:
        """Answer the next ``request`` (b"W" or b"S") with ``pieces``, written one by one."""
        self._answers[request].put(pieces)

    def _run(self) -> None:
        while not self._stop.is_set():
            for byte in self.pty.read(timeout=0.02):
                request = bytes([byte])
                self.requests.put(request)
                script = self._answers.get(request)
                if script is None or script.empty():
                    continue
                for piece in script.get():
                    self.pty.write(piece)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(WAIT)
        self.pty.unplug()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sim(clock: Clock) -> Iterator[ScaleSimulator]:
    simulator = ScaleSimulator(name="test", clock=clock)
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def scripted() -> Iterator[ScriptedScale]:
    scale = ScriptedScale()
    yield scale
    scale.close()


@pytest.fixture
def scales() -> Iterator[list[Toledo8217Scale]]:
    made: list[Toledo8217Scale] = []
    yield made
    for scale in made:
        scale.close()


QUIET = {**PTY_LINE, "keepalive_interval": 0, "answer_timeout": 2.0, "poll_interval": 0.02}
"""Driver options for tests: no background requests unless a test asks for them, and 8N1
(Linux takes the scale's 7E1 on a pty's first open only; see drivers.sim.scale.PTY_LINE)."""


@pytest.fixture
def start(scales: list[Toledo8217Scale]):
    def make(
        url: str, *, statistics: Statistics | None = None, **options: object
    ) -> tuple[Toledo8217Scale, Events]:
        config = DeviceConfig(
            kind="scale", driver="toledo8217", url=url, options={**QUIET, **options}
        )
        scale = Toledo8217Scale(config, statistics=statistics, reconnect_interval=0.02)
        scales.append(scale)
        events = Events()
        scale.add_listener(events)
        scale.open()
        return scale, events

    return make


def test_a_stable_weight_is_read_in_grams(sim: ScaleSimulator, start) -> None:
    scale, events = start(sim.port)
    assert events.status() == DeviceStatus(DeviceState.ONLINE, None, "answering")
    assert scale.read_weight() == ScaleReading(ScaleState.ZERO, 0, b"?20", "at zero")
    sim.set_weight(745)
    reading = scale.read_weight()
    assert reading == ScaleReading(ScaleState.STABLE, 745, b"00.745")
    assert reading.stable
    sim.set_weight(12340)
    assert scale.read_weight().grams == 12340
    assert scale.last_reading == ScaleReading(ScaleState.STABLE, 12340, b"12.340")
    assert scale.statistics.snapshot() == {"weighings": 3, "stable_readings": 2}
    assert sim.state()["requests"] == {"W": 3, "S": 1, "Z": 0}  # S: the probe at open
    assert events.errors.empty()


def test_moving_weight_settles_and_wait_stable_returns_it(sim: ScaleSimulator, start) -> None:
    scale, _ = start(sim.port)
    sim.place(1250, settle_requests=3)
    assert scale.read_weight().state is ScaleState.MOVING
    reading = scale.wait_stable(WAIT, min_grams=100, interval=0.001)
    assert reading == ScaleReading(ScaleState.STABLE, 1250, b"01.250")
    assert sim.state()["requests"]["W"] == 4  # moving, moving, moving, stable
    assert scale.statistics.snapshot() == {"weighings": 2, "stable_readings": 1}


def test_the_weight_curve_follows_the_simulators_clock(
    sim: ScaleSimulator, clock: Clock, start
) -> None:
    scale, _ = start(sim.port)
    sim.place(500, settle_s=0.5)
    state = sim.state()
    assert state["moving"] and state["net_g"] == 500
    assert scale.read_weight().state is ScaleState.MOVING
    clock.advance(0.3)
    assert scale.read_weight().state is ScaleState.MOVING
    clock.advance(0.2)
    assert scale.read_weight() == ScaleReading(ScaleState.STABLE, 500, b"00.500")
    assert sim.state()["display_g"] == 500
    sim.remove(settle_s=1.0)
    assert scale.read_weight().state is ScaleState.MOVING
    clock.advance(1.0)
    assert scale.read_weight().state is ScaleState.ZERO


def test_wait_stable_gives_up_with_the_last_reading(sim: ScaleSimulator, start) -> None:
    scale, _ = start(sim.port)
    sim.set_weight(300, stable=False)  # someone keeps leaning on it
    with pytest.raises(ScaleError) as caught:
        scale.wait_stable(0.2, interval=0.01)
    assert caught.value.reason is FaultReason.TIMEOUT
    assert caught.value.reading is not None
    assert caught.value.reading.state is ScaleState.MOVING
    sim.settle()
    assert scale.wait_stable(WAIT, min_grams=300).grams == 300
    with pytest.raises(ScaleError, match="at least 301 g"):
        scale.wait_stable(0.1, min_grams=301, interval=0.01)


def test_polling_emits_the_reading_and_then_only_changes(sim: ScaleSimulator, start) -> None:
    scale, events = start(sim.port)
    scale.enable()
    assert events.reading().state is ScaleState.ZERO
    sim.place(300, settle_requests=2)
    assert events.reading().state is ScaleState.MOVING
    assert events.reading() == ScaleReading(ScaleState.STABLE, 300, b"00.300")
    polled = sim.state()["requests"]["W"]
    wait_until(lambda: sim.state()["requests"]["W"] >= polled + 5)
    assert events.data.empty()  # the same reading again is not news
    sim.set_weight(450)
    assert events.reading().grams == 450
    scale.disable()
    sim.set_weight(600)
    assert scale.read_weight().grams == 600  # a request still works, nothing is emitted
    # the thread did that request after any poll begun before disable(); none since
    polled = sim.state()["requests"]["W"]
    assert scale.read_weight().grams == 600
    assert sim.state()["requests"]["W"] == polled + 1
    assert events.data.empty()


def test_zero_command_zeroes_a_small_weight_and_refuses_a_big_one(
    sim: ScaleSimulator, start
) -> None:
    scale, _ = start(sim.port)
    sim.set_weight(20)
    assert scale.zero().state is ScaleState.ZERO
    assert sim.state()["zero_offset_g"] == 20
    assert scale.read_weight().state is ScaleState.ZERO
    sim.place(745, settle_requests=0)
    assert scale.read_weight().grams == 745  # the tare is gone from what is weighed
    refused = scale.zero()
    assert refused == ScaleReading(ScaleState.STABLE, 745, b"00.745")
    sim.set_weight(10, stable=False)
    assert scale.zero(timeout=0.1).state is ScaleState.MOVING
    assert sim.state()["requests"]["Z"] == 3
    stats = scale.statistics.snapshot()
    assert (stats["zeroings"], stats["zero_refused"]) == (1, 2)


def test_overload_and_under_zero_are_errors_until_they_clear(sim: ScaleSimulator, start) -> None:
    scale, events = start(sim.port)
    events.wait_status(DeviceState.ONLINE)
    sim.set_weight(15050)  # capacity 15 kg + 9 divisions of 5 g = 15045 g
    reading = scale.read_weight()
    assert (reading.state, reading.grams, reading.detail) == (
        ScaleState.OVERLOAD,
        None,
        "over capacity",
    )
    assert not reading.stable
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.ERROR, FaultReason.OVERLOAD)
    report = scale.check_health(HealthLevel.EXTERNAL)
    assert (report.ok, report.reason) == (False, FaultReason.OVERLOAD)

    sim.set_weight(-10)
    assert scale.read_weight().state is ScaleState.UNDER_ZERO
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.ERROR, FaultReason.UNDER_ZERO)
    sim.set_weight(0)
    assert scale.read_weight().state is ScaleState.ZERO
    assert events.status().state is DeviceState.ONLINE
    sim.set_fault("overload")  # the same, forced whatever is on the scale
    assert scale.read_weight().state is ScaleState.OVERLOAD
    sim.set_fault("under_zero")
    assert scale.read_weight().state is ScaleState.UNDER_ZERO
    stats = scale.statistics.snapshot()
    assert (stats["overloads"], stats["under_zero"]) == (2, 2)


def test_a_scale_fault_is_an_error_with_its_detail(sim: ScaleSimulator, start) -> None:
    scale, events = start(sim.port)
    events.wait_status(DeviceState.ONLINE)
    sim.set_fault("error")
    reading = scale.read_weight()
    assert reading == ScaleReading(ScaleState.ERROR, None, b"?60", "at zero, RAM error")
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.ERROR, FaultReason.UNRECOVERABLE_ERROR)
    assert "RAM error" in status.detail
    sim.set_fault(None)
    assert scale.read_weight().state is ScaleState.ZERO
    assert events.status().state is DeviceState.ONLINE
    assert scale.statistics["scale_errors"] == 1


def test_garbage_and_half_frames_are_errors_never_weights(sim: ScaleSimulator, start) -> None:
    scale, events = start(sim.port, answer_timeout=0.5)  # a half frame waits this long
    events.wait_status(DeviceState.ONLINE)
    sim.set_weight(745)
    sim.set_fault("garbage")
    with pytest.raises(ScaleError) as caught:
        scale.read_weight()
    assert caught.value.reason is FaultReason.PROTOCOL_ERROR
    error = events.errors.get(timeout=WAIT)
    assert error.reason is FaultReason.PROTOCOL_ERROR
    assert error.cause == FrameError(FrameErrorReason.GARBAGE, b"\x13\xfe#\x7f\r")

    sim.set_fault("half_frame")
    with pytest.raises(ScaleError, match="incomplete answer") as caught:
        scale.read_weight()
    assert caught.value.reason is FaultReason.PROTOCOL_ERROR
    assert "incomplete" in events.errors.get(timeout=WAIT).detail

    sim.set_fault(None)  # the half frame still on the line is not taken for the answer
    assert scale.read_weight(timeout=WAIT) == ScaleReading(ScaleState.STABLE, 745, b"00.745")
    assert scale.status.state is DeviceState.ONLINE  # two bad answers are under max_misses
    assert scale.statistics["bad_answers"] == 2


def test_repeated_garbage_puts_the_scale_in_protocol_error(sim: ScaleSimulator, start) -> None:
    scale, events = start(sim.port, max_misses=2)
    events.wait_status(DeviceState.ONLINE)
    sim.set_fault("garbage")
    for _ in range(2):
        with pytest.raises(ScaleError):
            scale.read_weight()
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.ERROR, FaultReason.PROTOCOL_ERROR)
    sim.set_fault(None)
    events.wait_status(DeviceState.ONLINE)  # the status probe finds it well again
    assert scale.statistics["reconnects"] == 1


def test_no_answer_goes_offline_after_misses_and_comes_back(sim: ScaleSimulator, start) -> None:
    scale, events = start(sim.port, answer_timeout=0.25, max_misses=2)
    events.wait_status(DeviceState.ONLINE)
    scale.enable()
    assert events.reading().state is ScaleState.ZERO
    sim.set_fault("no_answer")
    events.wait_status(DeviceState.OFFLINE, FaultReason.TIMEOUT)
    assert events.errors.get(timeout=WAIT).reason is FaultReason.TIMEOUT
    with pytest.raises(ScaleError) as caught:
        scale.read_weight()
    assert caught.value.reason is FaultReason.TIMEOUT
    sim.set_weight(200)
    sim.set_fault(None)
    events.wait_status(DeviceState.ONLINE)
    assert events.reading() == ScaleReading(ScaleState.STABLE, 200, b"00.200")
    stats = scale.statistics.snapshot()
    assert stats["timeouts"] >= 2
    assert stats["reconnects"] == 1


def test_a_scale_that_never_answers_is_offline_at_open(scripted: ScriptedScale, start) -> None:
    scale, events = start(scripted.path, answer_timeout=0.1)
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.OFFLINE, FaultReason.TIMEOUT)
    assert scripted.requests.get(timeout=WAIT) == b"S"
    assert scale.check_health(HealthLevel.EXTERNAL).reason is FaultReason.TIMEOUT
    scripted.answer(b"S", b"\x02?00\r")  # it is switched on
    events.wait_status(DeviceState.ONLINE)
    assert "reconnects" not in scale.statistics.snapshot()  # it was never there


def test_unplug_goes_offline_and_replug_comes_back(sim: ScaleSimulator, start) -> None:
    scale, events = start(sim.port)
    events.wait_status(DeviceState.ONLINE)
    sim.unplug()
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.OFFLINE, FaultReason.UNPLUGGED)
    with pytest.raises(ScaleError) as caught:
        scale.read_weight()
    assert caught.value.reason is FaultReason.UNPLUGGED
    report = scale.check_health(HealthLevel.EXTERNAL)
    assert (report.ok, report.reason) == (False, FaultReason.UNPLUGGED)
    sim.set_weight(745)
    sim.plug()
    events.wait_status(DeviceState.ONLINE)
    assert scale.read_weight().grams == 745
    stats = scale.statistics.snapshot()
    assert (stats["unplugs"], stats["reconnects"]) == (1, 1)


def test_a_one_byte_status_answer_is_completed_by_a_status_request(
    scripted: ScriptedScale, start
) -> None:
    scripted.answer(b"S", b"\x02?00\r")
    scale, events = start(scripted.path)
    events.wait_status(DeviceState.ONLINE)
    scripted.answer(b"W", b"\x02?0\r")  # no weight, and byte 2 left out
    scripted.answer(b"S", b"\x02?02\r")  # over capacity
    reading = scale.read_weight()
    assert (reading.state, reading.raw) == (ScaleState.OVERLOAD, b"?02")
    assert [scripted.requests.get(timeout=WAIT) for _ in range(3)] == [b"S", b"W", b"S"]


def test_an_answer_in_pieces_after_noise_is_read(scripted: ScriptedScale, start) -> None:
    scripted.answer(b"S", b"\x02?00\r")
    scale, events = start(scripted.path, bytesize=7, parity="E")  # the default, on a fresh pty
    events.wait_status(DeviceState.ONLINE)
    scripted.answer(b"W", b"\x13", b"\x02 0.7", b"45\r\n")
    assert scale.read_weight() == ScaleReading(ScaleState.STABLE, 745, b" 0.745")
    error = events.errors.get(timeout=WAIT)
    assert error.cause == FrameError(FrameErrorReason.GARBAGE, b"\x13")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (b"\x0201.64\r", "pounds"),
        (b"\x0200745\r", "not a weight"),
        (b"\x02?A\r", "status byte 1"),
        (b"\x02?00\r", "no weight and no reason"),
    ],
)
def test_answers_that_are_not_exact_weights_are_refused(
    scripted: ScriptedScale, start, answer: bytes, message: str
) -> None:
    scripted.answer(b"S", b"\x02?00\r")
    scale, events = start(scripted.path)
    events.wait_status(DeviceState.ONLINE)
    scripted.answer(b"W", answer)
    with pytest.raises(ScaleError, match=message) as caught:
        scale.read_weight()
    assert caught.value.reason is FaultReason.PROTOCOL_ERROR
    assert scale.statistics["bad_answers"] == 1
    assert events.errors.get(timeout=WAIT).reason is FaultReason.PROTOCOL_ERROR


def test_a_weight_that_comes_zero_is_zero(scripted: ScriptedScale, start) -> None:
    scripted.answer(b"S", b"\x02?00\r")
    scale, _ = start(scripted.path)
    scripted.answer(b"W", b"\x0200.000\r")
    assert scale.read_weight() == ScaleReading(ScaleState.ZERO, 0, b"00.000")


def test_keepalive_requests_notice_a_silent_scale(sim: ScaleSimulator, start) -> None:
    _, events = start(sim.port, keepalive_interval=0.02, answer_timeout=0.25, max_misses=2)
    events.wait_status(DeviceState.ONLINE)
    sim.set_fault("no_answer")
    events.wait_status(DeviceState.OFFLINE, FaultReason.TIMEOUT)
    sim.set_fault(None)
    events.wait_status(DeviceState.ONLINE)


def test_interactive_check_waits_for_a_weight_on_and_off(sim: ScaleSimulator, start) -> None:
    scale, events = start(sim.port)
    events.wait_status(DeviceState.ONLINE)
    reports = []
    check = threading.Thread(
        target=lambda: reports.append(scale.check_health(HealthLevel.INTERACTIVE, timeout=WAIT))
    )
    check.start()
    sim.place(1000, settle_requests=1)  # the person puts a test weight on
    wait_until(lambda: scale.last_reading == ScaleReading(ScaleState.STABLE, 1000, b"01.000"))
    sim.remove(settle_requests=1)  # and takes it off
    check.join(WAIT)
    (report,) = reports
    assert report.ok
    assert dict(report.facts)["test_weight_g"] == "1000"
    assert dict(report.facts)["back_to_zero"] == "yes"


def test_interactive_check_times_out_when_nobody_comes(sim: ScaleSimulator, start) -> None:
    scale, events = start(sim.port)
    events.wait_status(DeviceState.ONLINE)
    report = scale.check_health(HealthLevel.INTERACTIVE, timeout=0.1)
    assert (report.ok, report.reason) == (False, FaultReason.INTERACTIVE_TIMEOUT)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (None, None),
        ("no_answer", FaultReason.TIMEOUT),
        ("overload", FaultReason.OVERLOAD),
        ("under_zero", FaultReason.UNDER_ZERO),
        ("error", FaultReason.UNRECOVERABLE_ERROR),
        ("garbage", FaultReason.PROTOCOL_ERROR),
        ("half_frame", FaultReason.PROTOCOL_ERROR),
        ("unplugged", FaultReason.NOT_FOUND),
    ],
)
def test_each_simulated_fault_fails_the_external_check_with_its_reason(
    sim: ScaleSimulator, start, fault: str | None, reason: FaultReason | None
) -> None:
    sim.set_fault(fault)
    assert sim.state()["fault"] == fault
    # a short wait where no answer is the point; a long one where an answer must come
    scale, _ = start(
        sim.port, answer_timeout={"no_answer": 0.2, "half_frame": 0.5}.get(fault or "", WAIT)
    )
    report = scale.check_health(HealthLevel.EXTERNAL)
    assert (report.ok, report.reason) == (fault is None, reason)


def test_statistics_are_kept_in_the_file(sim: ScaleSimulator, start, tmp_path: Path) -> None:
    path = tmp_path / "scale.stats.json"
    scale, _ = start(sim.port, statistics=Statistics(path))
    sim.set_weight(100)
    scale.read_weight()
    scale.close()
    assert scale.status.state is DeviceState.CLOSED
    assert json.loads(path.read_text()) == {"stable_readings": 1, "weighings": 1}
    again, _ = start(sim.port, statistics=Statistics(path))
    sim.set_weight(200)
    again.read_weight()
    assert json.loads(path.read_text()) == {"stable_readings": 2, "weighings": 2}


def test_requests_on_a_closed_scale_are_refused(sim: ScaleSimulator, start) -> None:
    from drivers.device import DeviceError

    scale, _ = start(sim.port)
    scale.close()
    scale.close()  # idempotent
    with pytest.raises(DeviceError):
        scale.read_weight()
    with pytest.raises(DeviceError):
        scale.enable()


@pytest.mark.parametrize(
    ("options", "url", "message"),
    [
        ({"parity": "X"}, "/dev/ttyUSB0", "parity"),
        ({"bytesize": 6}, "/dev/ttyUSB0", "bytesize"),
        ({"stopbits": 3}, "/dev/ttyUSB0", "stopbits"),
        ({"answer_timeout": 0}, "/dev/ttyUSB0", "answer_timeout"),
        ({"poll_interval": "fast"}, "/dev/ttyUSB0", "poll_interval"),
        ({"units": "lb"}, "/dev/ttyUSB0", "unknown"),
        ({}, "tcp://10.0.0.5:4001", "serial port"),
    ],
)
def test_bad_configuration_is_refused(options: dict, url: str, message: str) -> None:
    config = DeviceConfig(kind="scale", driver="toledo8217", url=url, options=options)
    with pytest.raises(ValueError, match=message):
        Toledo8217Scale(config)


def test_a_port_that_refuses_the_line_settings_is_offline_not_dead(
    scripted: ScriptedScale, start
) -> None:
    first, _ = start(scripted.path, bytesize=7, parity="E", answer_timeout=0.05)
    first.close()  # Linux now refuses 7E1 on this pty: it is set up already
    scale, events = start(scripted.path, bytesize=7, parity="E")
    status = events.status()
    assert (status.state, status.reason) == (DeviceState.OFFLINE, FaultReason.OTHER)
    assert "Invalid argument" in status.detail
    scale.close()
    assert events.status().state is DeviceState.CLOSED
