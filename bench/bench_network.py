"""The store network: help call -> console, "on my way" -> kiosk, a console watching 200 lanes.

    python bench/bench_network.py              # both brokers, of record (about 4-5 minutes)
    python bench/bench_network.py --quick      # shorter phases (not of record)
    python bench/bench_network.py --brokers embedded

For each broker (Mosquitto, then the embedded ``selfscan-broker``), started for a test
store of 200 kiosks by ``tests/broker.py``'s ``own_broker`` (the real commands, on a free
loopback port, with accounts, passwords and ACLs), this process runs **the real console**
(:func:`attendant.app.build_console`: the console's link, store model, event log, staff
roster and window, offscreen at 1920x1080, Sam logged in, the overview with the lane
grid and the help queue in front; then, as ``selfscan-attendant`` does,
:func:`attendant.app.freeze_heap`), and starts as child processes (a store's lanes are
other machines; they must not share the console's interpreter or GIL):

* **the real kiosk** ``kiosk-1`` (``bench/network_kiosk.py``: :func:`kiosk.app.build_kiosk`
  on simulated devices, offscreen, on the store network);
* **light lanes** (``bench/network_lanes.py``): plain paho clients, one per kiosk
  account, publishing the protocol's own messages on a kiosk's rhythm (presence every
  2 s, the complete retained state on every "scan", help calls as state + event).

Phases, each broker:

0. **Floor**: raw paho round trips (QoS 1 publish -> another client's ``on_message``),
   one at a time, before anything else runs. Measured again under load in phases 1 and
   3 (the light lanes' heartbeats coming back to a subscriber in their own process).
1. **50 lanes** (the real kiosk and 49 light lanes, state every 2-5 s, help calls
   ``HELP_RATE`` a second, each open 1-3 s), for ``--seconds`` seconds:
   * *Help call -> shown on the console* (target 1): t0 = ``time.monotonic_ns()`` in the
     lane process just before the call's state is handed to paho; t1 = the end of the
     console's ``queue_changed`` handler (the window's slot, connected before ours,
     has run: the call's card is in the queue widget). Also reported: the card's
     first paint (offscreen: into the window's backing store; a card that lands below
     the fold paints only when the calls above it go, so the figure that means "seen"
     is the one for cards placed where the queue shows them without scrolling), and the
     call's first message on the console's paho thread (where the time goes).
   * *Acknowledge -> shown on the kiosk* (target 2), at the same time, one call after
     the other: the kiosk raises a call; once the call's card is in the console's
     queue, its "On my way" button is clicked (t0: just before ``click()``, the whole
     console path: permission, command, publish, audit); t1 = the end of the first
     paint of the kiosk's help layer title saying "Sam is on the way". Also: the
     command on the kiosk's paho thread and the lane's call acknowledged.
2. **200 lanes** (the real kiosk and 199 light lanes, every light lane a new state every
   0.5 s: 398 states/s, and 100 heartbeats/s, help calls ``HELP_RATE_200`` a second):
   after the grid filled and settled, for ``--seconds`` seconds, the console's event-loop
   lag (target 3): a 10 ms precise ``QTimer`` on the GUI thread, lag = how late each
   tick fires (interval - 10 ms). The same probe runs in phase 1.

Both processes stamp times with ``time.monotonic_ns()`` (CLOCK_MONOTONIC, one clock for
the whole machine on Linux), and the lanes report their t0 on stdout, by call id: no
benchmark data travels in the protocol's payloads.

Writes ``bench/results/network.json`` (``network-quick.json`` with ``--quick``);
``bench/network_report.py`` turns it into the "Store network" section of
docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import itertools
import json
import logging
import os
import platform
import queue
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from attendant.app import Console, build_console, freeze_heap  # noqa: E402
from attendant.config import ConsoleConfig  # noqa: E402
from attendant.staff import ConsoleStaff  # noqa: E402
from bench.network_lanes import round_trips  # noqa: E402
from kiosk.core.staff import HashParameters, Roster, SystemActor, create_key_file  # noqa: E402
from tests.broker import Broker, own_broker  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"
"""Logs (``--keep-logs``), profiles (``--profile``) and the console's warnings."""
KIOSKS = [f"kiosk-{i}" for i in range(1, 201)]
REAL_KIOSK = "kiosk-1"
HELP_TARGET_MS = 50.0
ACK_TARGET_MS = 50.0
LAG_TARGET_MS = 50.0
HELP_RATE = 2.0
"""Help calls a second over the 49 light lanes of phase 1 (each open 1-3 s)."""
HELP_RATE_200 = 0.5
STATE_EVERY_200 = 0.5
LANES_PER_PROCESS = 50
PROBE_MS = 10
WAIT_S = 10.0
FAST = HashParameters(time_cost=1, memory_cost=64, parallelism=1)
_CALL_IDS = re.compile(rb'"id":"(h[0-9a-f]{12})"')

log = logging.getLogger("bench.network")


def summary(values_ns: list[int]) -> dict[str, float]:
    """p50 / p99 / max in ms (quantiles of the inclusive method, as the other benchmarks)."""
    ordered = sorted(values_ns)
    if not ordered:
        return {"n": 0}
    cut = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else []
    return {
        "n": len(ordered),
        "p50_ms": round((cut[49] if cut else ordered[0]) / 1e6, 3),
        "p99_ms": round((cut[98] if cut else ordered[0]) / 1e6, 3),
        "max_ms": round(ordered[-1] / 1e6, 3),
    }


# -- child processes -----------------------------------------------------------------------


class Child:
    """A child process speaking JSON lines on stdout; a thread files them by kind."""

    def __init__(self, name: str, command: list[str], log_dir: Path) -> None:
        self.name = name
        self.stderr = (log_dir / f"{name}.err").open("wb")
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        self.help: dict[str, int] = {}
        """Help call id -> t0_ns (light lanes)."""
        self.lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, name=f"{name} out", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            if "help" in line:
                with self.lock:
                    self.help[line["help"]] = line["t0_ns"]
            else:
                self.lines.put(line)
        self.lines.put({"eof": True})

    def say(self, word: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(word.encode() + b"\n")
        self.process.stdin.flush()

    def expect(self, key: str, timeout: float = WAIT_S) -> dict[str, Any]:
        """The next line holding ``key``; an ``error`` or the end of output raises."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(0.0, left))
            except queue.Empty:
                raise TimeoutError(f"{self.name}: no {key!r} within {timeout:.0f} s") from None
            if "error" in line or "eof" in line:
                raise RuntimeError(f"{self.name}: {line}; see {self.stderr.name}")
            if key in line:
                return line

    def stop(self) -> dict[str, Any] | None:
        """Say ``stop``; the ``done`` line when it gives one."""
        done = None
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.say("stop")
            with contextlib.suppress(TimeoutError, RuntimeError):
                done = self.expect("done", 20)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.stderr.close()
        return done.get("done") if done else None


def lanes_process(
    broker: Broker, kiosks: list[str], log_dir: Path, name: str, **options: Any
) -> Child:
    command = [
        sys.executable,
        str(ROOT / "bench" / "network_lanes.py"),
        "--port",
        str(broker.port),
        "--secrets",
        str(broker.network.secrets_dir),
        "--kiosks",
        ",".join(kiosks),
    ]
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if value is True:
            command.append(flag)
        elif value not in (None, False):
            command += [flag, str(value)]
    return Child(name, command, log_dir)


def kiosk_process(broker: Broker, folder: Path) -> Child:
    """The real kiosk-1: examples/kiosk-1.toml on ``broker``, its data in ``folder``."""
    text = (ROOT / "examples" / "kiosk-1.toml").read_text(encoding="utf-8")
    values = {
        "data_dir": f'"{folder / REAL_KIOSK}"',
        "catalog": f'"{ROOT / "catalog.db"}"',
        "store": f'"{folder / "kiosk-store.db"}"',
        "staff_key": f'"{folder / "kiosk-staff.key"}"',
        "port": broker.port,
        "username": f'"{REAL_KIOSK}"',
        "password_file": f'"{broker.password_file(REAL_KIOSK)}"',
        "idle_prompt_s": 3600,  # the benchmark's shopper never walks away
    }
    for key, value in values.items():
        text, count = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, flags=re.M)
        assert count == 1, key
    text = text.replace('id = "demo-store"', f'id = "{broker.network.store.id}"')
    path = folder / f"{REAL_KIOSK}.toml"
    path.write_text(text, encoding="utf-8")
    command = [sys.executable, str(ROOT / "bench" / "network_kiosk.py"), "--config", str(path)]
    return Child("kiosk", command, folder)


# -- the console ---------------------------------------------------------------------------


def console_config(folder: Path, broker: Broker, store: Path, key: Path) -> ConsoleConfig:
    """The console of the test store; no kiosk list: lanes appear as they are heard."""
    return ConsoleConfig.model_validate(
        {
            "store": {"id": broker.network.store.id, "name": "Testwinkel"},
            "console": {"id": "console-1", "name": "Servicebalie"},
            "language": "en",
            "broker": {
                "embedded": False,
                "host": broker.host,
                "port": broker.port,
                "username": "console-1",
                "password_file": str(broker.password_file("console-1")),
            },
            "paths": {
                "data_dir": str(folder / "console"),
                "catalog": str(ROOT / "catalog.db"),
                "store": str(store),
                "staff_key": str(key),
            },
        }
    )


class QueueWatch(QObject):
    """Notes when each help call's card is in the console's queue widget and when it is
    first painted; and when the call's first message reached the console's paho thread.

    Connected to ``ConsoleLink.queue_changed`` after the window (slots run in the order
    they were connected), so ``_changed`` runs when the window's handler has updated
    the queue. A card's paint is timed by painting it here, inside the event filter."""

    def __init__(self, console: Console) -> None:
        super().__init__()
        self.window = console.window
        self.condition = threading.Condition()
        self.in_queue: dict[str, int] = {}
        self.painted: dict[str, int] = {}
        self.arrived: dict[str, int] = {}
        self.position: dict[str, int] = {}
        """Where the card went in the queue (0: the top)."""
        self.card_px = self.viewport_px = 0
        self.kinds: dict[str, int] = {}
        """Messages by topic kind (``retained state`` ...), counted on paho's thread."""
        self._inside = False
        console.link.queue_changed.connect(self._changed)
        console.link.transport._paho_message.connect(
            self._on_paho, Qt.ConnectionType.DirectConnection
        )

    def _on_paho(self, topic: str, payload: bytes, retained: bool) -> None:
        """On the console's paho thread: what arrives, and the first sighting of each
        call id."""
        kind = topic.rsplit("/", 1)[-1] if "/kiosk/" in topic else "console"
        kind = "retained " + kind if retained else kind
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if b"help_calls" not in payload and b"help_raised" not in payload:
            return
        now = time.monotonic_ns()
        for found in _CALL_IDS.finditer(payload):
            call_id = found.group(1).decode()
            if call_id not in self.arrived:
                self.arrived[call_id] = now

    def _changed(self) -> None:
        now = time.monotonic_ns()
        new = False
        for call_id, card in self.window.queue.cards.items():
            if call_id not in self.in_queue:
                self.in_queue[call_id] = now
                self.position[call_id] = self.window.queue.order().index(call_id)
                card.installEventFilter(self)
                new = True
        if new:
            with self.condition:
                self.condition.notify_all()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint or self._inside:
            return False
        call_id = watched.entry.call.id  # type: ignore[attr-defined]
        if call_id in self.painted:
            return False
        self._inside = True
        try:
            watched.event(event)  # the card paints now
        finally:
            self._inside = False
        self.painted[call_id] = time.monotonic_ns()
        queue = self.window.queue
        self.card_px = max(self.card_px, watched.height() + queue._list.spacing())  # type: ignore[attr-defined]
        self.viewport_px = queue.scroll.viewport().height()
        return True

    @property
    def in_view(self) -> int:
        """How many cards the queue shows without scrolling (the tallest card seen)."""
        return self.viewport_px // self.card_px if self.card_px else 0

    def wait_in_queue(self, call_id: str, timeout: float = WAIT_S) -> int:
        with self.condition:
            if not self.condition.wait_for(lambda: call_id in self.in_queue, timeout):
                raise TimeoutError(f"help call {call_id} never reached the console's queue")
            return self.in_queue[call_id]


class Probe(QObject):
    """A 10 ms precise timer on the GUI thread: the time of every tick (perf_counter)."""

    def __init__(self) -> None:
        super().__init__()
        self.ticks: list[float] = []
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def lag(self, begin: float, end: float) -> dict[str, Any]:
        ticks = [t for t in self.ticks if begin <= t <= end]
        lags = [max(0.0, b - a - PROBE_MS / 1000) for a, b in itertools.pairwise(ticks)]
        result: dict[str, Any] = summary([round(x * 1e9) for x in lags])
        result["ticks"] = len(ticks)
        result["seconds"] = round(end - begin, 1)
        result["over_50_ms"] = sum(x > 0.050 for x in lags)
        return result


class OnGui(QObject):
    """Run a function on the GUI thread from the benchmark's thread and wait for it."""

    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def _run(self, job: list[Any]) -> None:
        function, done = job[0], job[1]
        try:
            job.append(function())
        except BaseException as error:  # handed to the waiting thread
            job.append(error)
        done.set()

    def __call__(self, function: Callable[[], Any], timeout: float = 30.0) -> Any:
        done = threading.Event()
        job: list[Any] = [function, done]
        self.call.emit(job)
        if not done.wait(timeout):
            raise TimeoutError("the GUI thread did not answer")
        if isinstance(job[2], BaseException):
            raise job[2]
        return job[2]


# -- one broker ----------------------------------------------------------------------------


class Run:
    """Everything of one broker's run; ``work()`` runs on the benchmark's thread."""

    def __init__(
        self, app: QApplication, broker: Broker, folder: Path, args: argparse.Namespace
    ) -> None:
        self.app = app
        self.broker = broker
        self.folder = folder
        self.args = args
        self.rng = random.Random(2026)
        self.results: dict[str, Any] = {}
        self.error: BaseException | None = None
        self.children: list[Child] = []
        self.on_gui = OnGui()
        self.probe = Probe()

    def build_console(self) -> Console:
        key = self.folder / "secrets" / "staff.key"
        create_key_file(key)
        store = self.folder / "store.db"
        roster = Roster(store, key, parameters=FAST)
        self.sam = roster.add_staff(SystemActor("bench"), "1001", "Sam", "attendant", "4827")
        roster.close()
        config = console_config(self.folder, self.broker, store, key)
        staff = ConsoleStaff(Roster(store, key, parameters=FAST), "console-1")
        console = build_console(
            config,
            app=self.app,
            screen_size=(1920, 1080),
            language="en",
            audible=False,
            staff=staff,
        )
        console.window.login(self.sam)  # as after a PIN login: the overview in front
        freeze_heap()  # as selfscan-attendant does once the console is built
        self.console = console
        self.watch = QueueWatch(console)
        return console

    def profile(self, phase: str | None) -> None:
        """With ``--profile``: cProfile the GUI thread (start with a phase's name, stop
        and write ``var/bench/network-<broker>-<phase>.prof`` with None)."""
        if not self.args.profile:
            return
        if phase is not None:
            self._profile_phase = phase
            self._profiler = cProfile.Profile()
            self.on_gui(self._profiler.enable)
        else:
            self.on_gui(self._profiler.disable)
            out = WORK / f"network-{self.broker.name}-{self._profile_phase}.prof"
            out.parent.mkdir(parents=True, exist_ok=True)
            self._profiler.dump_stats(out)

    def lanes_online(self) -> int:
        return sum(1 for view in self.console.link.store.lanes() if view.online and view.state)

    def wait_lanes(self, count: int, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while (seen := self.on_gui(self.lanes_online)) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the console sees {seen} of {count} lanes")
            time.sleep(0.2)

    def work(self) -> None:
        try:
            self._work()
        except BaseException as error:
            self.error = error
        finally:
            for child in self.children:
                with contextlib.suppress(Exception):
                    child.stop()
            self.on_gui.call.emit([self.app.quit, threading.Event()])

    def _work(self) -> None:
        args = self.args
        self.on_gui(self.probe.timer.start)
        deadline = time.monotonic() + WAIT_S
        while not self.on_gui(lambda: self.console.link.is_connected):
            if time.monotonic() > deadline:
                raise TimeoutError("the console did not connect")
            time.sleep(0.05)
        kiosk = kiosk_process(self.broker, self.folder)
        self.children.append(kiosk)
        kiosk.expect("ready", 60)

        # -- phase 1: 50 lanes
        light = KIOSKS[1:50]
        lanes = lanes_process(
            self.broker,
            light,
            self.folder,
            "lanes-50",
            state_every="2,5",
            help_rate=HELP_RATE,
            help_open="1,3",
            floor=True,
        )
        self.children.append(lanes)
        lanes.expect("ready", 60)
        self.wait_lanes(50)
        time.sleep(2.0)  # the first states and their tiles
        begin = time.perf_counter()
        with lanes.lock:
            before = set(lanes.help)
        self.profile("50")
        acks = self._ack_loop(kiosk, args.seconds)
        self.profile(None)
        end = time.perf_counter()
        with lanes.lock:
            calls = {k: v for k, v in lanes.help.items() if k not in before}
        done = lanes.stop()
        self.children.remove(lanes)
        phase1 = {
            "lanes": 50,
            "seconds": round(end - begin, 1),
            "window": [begin, end],  # perf_counter of this process (for profiles)
            "help": self._help_figures(calls),
            "ack": acks,
            "lag": self.probe.lag(begin, end),
            "floor_under_load": summary((done or {}).get("floor_ns", [])),
            "lanes_process": {k: v for k, v in (done or {}).items() if k != "floor_ns"},
        }
        self.results["lanes_50"] = phase1

        # -- phase 2: 200 lanes at 2 states/s each
        light = KIOSKS[1:200]
        groups = [light[i : i + LANES_PER_PROCESS] for i in range(0, len(light), LANES_PER_PROCESS)]
        children = []
        for number, group in enumerate(groups):
            child = lanes_process(
                self.broker,
                group,
                self.folder,
                f"lanes-200-{number}",
                state_every=f"{STATE_EVERY_200},{STATE_EVERY_200}",
                help_rate=HELP_RATE_200 / len(groups),
                help_open="1,3",
                floor=number == 0,
                seed=2026 + number,
            )
            children.append(child)
            self.children.append(child)
        for child in children:
            child.expect("ready", 60)
        self.wait_lanes(200, timeout=120)
        time.sleep(args.settle)  # the grid filled; every lane now sends at its pace
        befores = {}
        for child in children:
            with child.lock:
                befores[child.name] = set(child.help)
        messages = self.on_gui(lambda: dict(self.console.link.stats))
        kinds = dict(self.watch.kinds)
        begin = time.perf_counter()
        self.profile("200")
        time.sleep(args.seconds)
        self.profile(None)
        end = time.perf_counter()
        after = self.on_gui(lambda: dict(self.console.link.stats))
        kinds_end = dict(self.watch.kinds)
        calls = {}
        for child in children:
            with child.lock:
                calls.update({k: v for k, v in child.help.items() if k not in befores[child.name]})
        dones = [child.stop() for child in children]
        for child in children:
            self.children.remove(child)
        floor = (dones[0] or {}).get("floor_ns", [])
        self.results["lanes_200"] = {
            "lanes": 200,
            "state_every_s": STATE_EVERY_200,
            "seconds": round(end - begin, 1),
            "window": [begin, end],  # perf_counter of this process (for profiles)
            "lag": self.probe.lag(begin, end),
            "help": self._help_figures(calls),
            "console_messages_per_s": round(
                (after["messages"] - messages["messages"]) / (end - begin), 1
            ),
            "console_messages_by_kind": {
                kind: count - kinds.get(kind, 0)
                for kind, count in sorted(kinds_end.items())
                if count - kinds.get(kind, 0)
            },
            "floor_under_load": summary(floor),
            "lanes_processes": [
                {k: v for k, v in (d or {}).items() if k != "floor_ns"} for d in dones
            ],
        }
        self.on_gui(self.probe.timer.stop)
        self.results["console_stats"] = self.on_gui(lambda: dict(self.console.link.stats))
        kiosk.stop()
        self.children.remove(kiosk)

    def _help_figures(self, calls: dict[str, int]) -> dict[str, Any]:
        """Help call -> in the queue / painted / on the console's paho thread (ms)."""
        time.sleep(0.5)  # the last calls' paints
        watch = self.watch
        queued, painted, top, arrived, handled = [], [], [], [], []
        missing = 0
        in_view = self.on_gui(lambda: watch.in_view)
        for call_id, t0 in calls.items():
            t1 = watch.in_queue.get(call_id)
            if t1 is None:
                missing += 1
                continue
            queued.append(t1 - t0)
            if call_id in watch.painted:
                painted.append(watch.painted[call_id] - t0)
                if watch.position.get(call_id, in_view) < in_view:
                    top.append(watch.painted[call_id] - t0)
            if call_id in watch.arrived:
                arrived.append(watch.arrived[call_id] - t0)
                handled.append(t1 - watch.arrived[call_id])
        return {
            "in_queue": summary(queued),
            "painted": summary(painted),
            "painted_in_view": summary(top),
            "cards_in_view": in_view,
            "never_painted": len(queued) - len(painted),
            "never_in_queue": missing,
            "to_console_paho": summary(arrived),
            "console_paho_to_queue": summary(handled),
        }

    def _ack_loop(self, kiosk: Child, seconds: float) -> dict[str, Any]:
        """The real kiosk raises a call, the console clicks "On my way" once it has the
        card, the kiosk shows the name; again, for ``seconds``."""
        shown, lane, command, help_to_queue = [], [], [], []
        refused = 0
        failures: list[str] = []
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            kiosk.say("raise")
            raised = kiosk.expect("raised")
            call_id = raised["raised"]
            help_to_queue.append(self.watch.wait_in_queue(call_id) - raised["t0_ns"])

            def click(call_id: str = call_id) -> int:
                card = self.console.window.queue.card(call_id)
                assert card is not None and card.acknowledge_button.isEnabled(), call_id
                t0 = time.monotonic_ns()
                card.acknowledge_button.click()
                return t0

            t0 = self.on_gui(click)
            try:
                seen = kiosk.expect("shown")
            except TimeoutError:
                refused += 1
                last = self.on_gui(lambda: self.console.window.actions.last)
                failures.append(
                    f"{call_id}: {last.status if last else None} "
                    f"{last.refusal if last else ''} {last.problem if last else ''}"
                )
                continue
            if seen["shown"] != call_id:
                raise RuntimeError(f"the kiosk showed {seen['shown']}, not {call_id}")
            shown.append(seen["paint_ns"] - t0)
            lane.append(seen["lane_ns"] - t0)
            if seen.get("cmd_ns"):
                command.append(seen["cmd_ns"] - t0)
            kiosk.expect("resolved")
            time.sleep(self.rng.uniform(0.1, 0.3))
        return {
            "shown": summary(shown),
            "lane_acknowledged": summary(lane),
            "to_kiosk_paho": summary(command),
            "never_shown": refused,
            "failures": failures[:10],
            "real_kiosk_help_to_queue": summary(help_to_queue),
        }


def run_broker(app: QApplication, name: str, args: argparse.Namespace) -> dict[str, Any]:
    with (
        own_broker(name, kiosks=KIOSKS) as broker,
        tempfile.TemporaryDirectory(prefix="selfscan-bench-net-") as tmp,
    ):
        folder = Path(tmp)
        floor = round_trips(
            broker.host, broker.port, broker.network.secrets_dir, KIOSKS[-1], args.floor
        )
        run = Run(app, broker, folder, args)
        console = run.build_console()
        try:
            worker = threading.Thread(target=run.work, name="bench", daemon=True)
            QTimer.singleShot(100, worker.start)
            app.exec()
            worker.join(30)
        finally:
            console.close()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            for child in run.children:
                with contextlib.suppress(Exception):
                    child.stop()
            if args.keep_logs:
                keep = WORK / f"network-logs-{name}"
                keep.mkdir(parents=True, exist_ok=True)
                for path in folder.glob("*.err"):
                    (keep / path.name).write_bytes(path.read_bytes())
                if broker.log is not None and broker.log.exists():
                    (keep / "broker.log").write_bytes(broker.log.read_bytes())
        if run.error is not None:
            raise run.error
        return {"floor_idle": summary(floor), **run.results}


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }


@contextlib.contextmanager
def warnings_to(path: Path) -> Iterator[list[logging.LogRecord]]:
    """Our loggers' warnings into ``path`` (not stderr), counted."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    root = logging.getLogger()
    handlers = [logging.FileHandler(path, encoding="utf-8"), Keep(logging.WARNING)]
    handlers[0].setLevel(logging.WARNING)
    previous = root.level
    root.setLevel(logging.WARNING)
    for handler in handlers:
        root.addHandler(handler)
    try:
        yield records
    finally:
        for handler in handlers:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(previous)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter phases; not of record")
    parser.add_argument("--brokers", default="mosquitto,embedded")
    parser.add_argument("--seconds", type=float, default=None, help="each measured phase")
    parser.add_argument("--settle", type=float, default=None, help="200 lanes: before measuring")
    parser.add_argument("--floor", type=int, default=None, help="idle round trips")
    parser.add_argument("--profile", action="store_true", help="cProfile the GUI thread")
    parser.add_argument("--keep-logs", action="store_true", help="children's stderr, broker log")
    args = parser.parse_args()
    args.seconds = args.seconds or (15.0 if args.quick else 45.0)
    args.settle = args.settle or (5.0 if args.quick else 8.0)
    args.floor = args.floor or (100 if args.quick else 300)
    brokers = [b.strip() for b in args.brokers.split(",") if b.strip()]
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    info = machine()
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "network" + ("-quick" if args.quick else "")
    results: dict[str, Any] = {
        "benchmark": "network",
        "quick": args.quick,
        "machine": info,
        "targets": {
            "help_p99_ms": HELP_TARGET_MS,
            "ack_p99_ms": ACK_TARGET_MS,
            "lag_p99_ms": LAG_TARGET_MS,
        },
        "settings": {
            "seconds": args.seconds,
            "settle_s": args.settle,
            "help_rate_50": HELP_RATE,
            "help_rate_200": HELP_RATE_200,
            "state_every_200_s": STATE_EVERY_200,
            "probe_ms": PROBE_MS,
        },
        "brokers": {},
    }
    started = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    with warnings_to(WORK / f"{name}-warnings.log") as records:
        for broker in brokers:
            print(f"{broker}: running ...", flush=True)
            results["brokers"][broker] = run_broker(app, broker, args)
            report(broker, results["brokers"][broker])
    info["load_after"] = [round(x, 2) for x in os.getloadavg()]
    info["wall_s"] = round(time.monotonic() - started)
    results["console_warnings"] = len(records)
    out = RESULTS / f"{name}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {out} ({info['wall_s']} s; {len(records)} console warnings, see {WORK})")
    return 0


def report(name: str, figures: dict[str, Any]) -> None:
    def ms(f: dict[str, Any]) -> str:
        if not f.get("n"):
            return "n=0"
        return f"{f['p50_ms']:.1f} / {f['p99_ms']:.1f} / {f['max_ms']:.1f} ms (n={f['n']})"

    fifty, two = figures["lanes_50"], figures["lanes_200"]
    print(f"  floor idle {ms(figures['floor_idle'])}, under load {ms(fifty['floor_under_load'])}")
    print(f"  help -> queue (50 lanes) {ms(fifty['help']['in_queue'])}")
    print(f"  help -> painted in view  {ms(fifty['help']['painted_in_view'])}")
    print(f"  ack -> kiosk painted     {ms(fifty['ack']['shown'])}")
    print(f"  lag (50 lanes)           {ms(fifty['lag'])}")
    print(f"  lag (200 lanes)          {ms(two['lag'])}; {two['console_messages_per_s']} msg/s")
    print(f"  help -> queue (200)      {ms(two['help']['in_queue'])}")


if __name__ == "__main__":
    sys.exit(main())
