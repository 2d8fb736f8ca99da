"""The demo's lanes: for each kiosk its simulators (own processes) and the kiosk process.

Qt-free, so the panel, the headless tour and tests drive the same objects.

For each lane (:class:`DemoLane`), from an example file (``examples/kiosk-1.toml``):

1. every ``sim:`` device gets its simulator as its own process (``python -m drivers.sim
   KIND``, :class:`drivers.sim.control.SimProcess`), started in parallel; the simulator
   says which real driver talks to it and where (a pty link under ``/dev/shm``, a TCP
   port on 127.0.0.1), exactly as ``drivers.registry.create_device`` uses it for a
   ``sim:`` address in process;
2. the kiosk's configuration is written to ``<run>/kiosk-N.toml``: the example with the
   devices pointing at those simulators (real driver + address, no ``sim:``), the data
   in ``<run>/kiosk-N/``, the store database and staff key in ``<run>/``, the catalog
   given, the demo's broker (port, account ``kiosk-N``, its password file); it is
   validated as the kiosk will read it;
3. the kiosk runs as its own process (``python -m kiosk.app --config ... --windowed
   --screen WxH [--screenshots DIR]``): Qt's theme and translator are per application,
   so two kiosks in one process would switch each other's language. It can be stopped,
   killed and restarted while its devices keep running (and keep their state: the
   payment terminal remembers its transactions).

:class:`DemoStore` holds the lanes of one run and its store network (the embedded
broker and the attendant console, :mod:`selfscan_demo.network`; the kiosks' ``[broker]``
points at it) and writes ``<run>/processes.json`` (every process the demo started, with
its pid), so a person or a test can check that none is left after the demo stopped.
Device locks of the kiosks live in ``<run>/locks``. Before any kiosk starts it makes sure
the store database and staff key the kiosks share exist with the demo's staff member
(:func:`selfscan_demo.staff.ensure_demo_staff`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drivers.config import DeviceConfig, DeviceKind
from drivers.sim.control import SimControlError, SimProcess
from kiosk.config import ConfigError, load_kiosk_config
from selfscan_demo.staff import DEMO_STAFF, ensure_demo_staff, staff_paths

if TYPE_CHECKING:
    from selfscan_demo.network import DemoNetwork

__all__ = [
    "EXAMPLES",
    "ROOT",
    "DemoError",
    "DemoLane",
    "DemoStore",
    "KioskStatus",
    "dump_toml",
]

log = logging.getLogger("selfscan_demo")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = (ROOT / "examples" / "kiosk-1.toml", ROOT / "examples" / "kiosk-2.toml")
READY_MARK = " started in "
"""The kiosk's log line that ends its start (docs/kiosk.md): ``kiosk <id> of store <id>
started in N ms: ...``."""


class DemoError(RuntimeError):
    """Something the demo needs did not come up; the message says what."""


class KioskStatus:
    """What a kiosk process is doing, in words the panel shows."""

    NOT_STARTED = "not started"
    STARTING = "starting"
    RUNNING = "running"
    STOPPED = "stopped"
    EXITED = "exited"


# -- TOML ---------------------------------------------------------------------------------


def _key(name: str) -> str:
    bare = name and all(c.isalnum() or c in "-_" for c in name) and name.isascii()
    return name if bare else json.dumps(name)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str | Path):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def dump_toml(data: dict[str, Any]) -> str:
    """Write ``data`` (what ``tomllib`` reads: tables, text, numbers, booleans, lists) as
    TOML; tables of tables become ``[a.b]`` headers, ``options`` stay inline."""
    out: list[str] = []

    def table(prefix: str, body: dict[str, Any]) -> None:
        subtables = {k: v for k, v in body.items() if isinstance(v, dict) and k != "options" and v}
        plain = {k: v for k, v in body.items() if k not in subtables}
        if prefix and (plain or not subtables):
            out.append(f"\n[{prefix}]")
        for key, value in plain.items():
            out.append(f"{_key(key)} = {_value(value)}")
        for key, value in subtables.items():
            table(f"{prefix}.{_key(key)}" if prefix else _key(key), value)

    table("", data)
    return "\n".join(out).lstrip("\n") + "\n"


# -- one lane -----------------------------------------------------------------------------


def _device_table(config: DeviceConfig) -> dict[str, Any]:
    table: dict[str, Any] = {
        "kind": config.kind.value,
        "driver": config.driver,
        "url": config.url,
        "enabled": config.enabled,
    }
    if config.options:
        table["options"] = dict(config.options)
    return table


class DemoLane:
    """One kiosk of the demo with its simulators; see the module docstring.

    ``example``: the kiosk file to start from; ``run_dir``: the run folder; ``catalog``:
    the catalog file; ``screen``: the kiosk window's size (``"1280x800"``);
    ``screenshots``: a folder for the kiosk's ``--screenshots`` (None: no pictures);
    ``env``: extra environment for the kiosk process (the headless run's
    ``QT_QPA_PLATFORM=offscreen``).
    """

    def __init__(
        self,
        example: Path,
        run_dir: Path,
        *,
        catalog: Path,
        screen: str = "1280x800",
        screenshots: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.example = Path(example)
        with self.example.open("rb") as file:
            self.template: dict[str, Any] = tomllib.load(file)
        self.kiosk_id: str = self.template["kiosk"]["id"]
        self.name: str = self.template["kiosk"]["name"]
        self.run_dir = Path(run_dir).resolve()
        self.catalog = Path(catalog).resolve()
        self.screen = screen
        self.screenshots = screenshots
        self.env = dict(env or {})
        self.data_dir = self.run_dir / self.kiosk_id
        self.config_path = self.run_dir / f"{self.kiosk_id}.toml"
        self.output_path = self.run_dir / f"{self.kiosk_id}.output.log"
        self.sims: dict[str, SimProcess] = {}
        """Device name -> its simulator process."""
        self.kinds: dict[DeviceKind, str] = {}
        """Kind -> device name (one device of each kind on a lane)."""
        self._lock = threading.Lock()
        self.process: subprocess.Popen[bytes] | None = None
        self.stopped_by_us = False
        self._log_offset = 0
        self._output: Any = None

    @property
    def log_path(self) -> Path:
        return self.data_dir / "logs" / "kiosk.log"

    @property
    def journal_path(self) -> Path:
        return self.data_dir / "journal.db"

    # -- simulators --

    def _simulated_devices(self) -> dict[str, dict[str, Any]]:
        devices = self.template.get("devices", {})
        return {
            name: table
            for name, table in devices.items()
            if table.get("driver") == "sim" and table.get("enabled", True)
        }

    def submit_simulators(self, pool: ThreadPoolExecutor) -> list[Future[None]]:
        """Start one simulator process per ``sim:`` device on ``pool``'s threads.

        Each simulator is registered the moment its process is up, by the thread that
        started it: when the demo is interrupted meanwhile (SIGTERM raises on the main
        thread), :meth:`stop` still finds every process to stop once the pool is done.
        """

        def start(name: str, table: dict[str, Any]) -> None:
            try:
                sim = SimProcess(
                    table["kind"],
                    name=f"{self.kiosk_id}-{name}",
                    options=table.get("options") or None,
                )
            except (SimControlError, OSError) as error:
                raise DemoError(f"{self.name}: {name}: {error}") from error
            with self._lock:
                self.sims[name] = sim
                self.kinds[sim.kind] = name

        return [pool.submit(start, *item) for item in self._simulated_devices().items()]

    def start_simulators(self) -> None:
        """Start this lane's simulators (in parallel) and wait for them."""
        with ThreadPoolExecutor(max_workers=5) as pool:
            _results(self.submit_simulators(pool))

    def sim(self, kind: DeviceKind | str) -> SimProcess:
        """The simulator process behind this lane's device of ``kind``."""
        name = self.kinds.get(DeviceKind(kind))
        if name is None:
            raise LookupError(f"{self.name} has no simulated {DeviceKind(kind).value}")
        return self.sims[name]

    def call(self, kind: DeviceKind | str, command: str, **args: Any) -> Any:
        """A control command to the simulator of ``kind`` (raises SimControlError)."""
        return self.sim(kind).call(command, **args)

    # -- the kiosk's configuration --

    def write_config(self, broker: dict[str, Any] | None = None) -> Path:
        """Write and validate ``<run>/<kiosk-id>.toml``; returns its path.

        ``broker``: the ``[broker]`` table of the demo's store network
        (:meth:`selfscan_demo.network.DemoNetwork.kiosk_broker`); None: the kiosk stays
        off the network (``enabled = false``), so it never reaches for a broker the demo
        did not start (a real Mosquitto on 1883 would refuse it)."""
        data = json.loads(json.dumps(self.template))  # a deep copy
        store, staff_key = staff_paths(self.run_dir)
        data["paths"] = {
            "data_dir": str(self.data_dir),
            "catalog": str(self.catalog),
            "store": str(store),
            "staff_key": str(staff_key),
        }
        if broker is None:
            data["broker"] = {**data.get("broker", {}), "enabled": False}
        else:
            data["broker"] = {**data.get("broker", {}), **broker}
        for name, sim in self.sims.items():
            data["devices"][name] = _device_table(sim.client.driver_config())
        header = (
            f"# Written by selfscan-demo from {self.example.name}: the devices are the\n"
            "# simulators the demo started (their processes), the data is in this folder.\n"
        )
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(header + dump_toml(data), encoding="utf-8")
        try:
            load_kiosk_config(self.config_path)
        except ConfigError as error:
            raise DemoError(
                f"{self.name}: the generated configuration is refused: {error}"
            ) from None
        return self.config_path

    # -- the kiosk process --

    def kiosk_argv(self) -> list[str]:
        argv = [sys.executable, "-m", "kiosk.app", "--config", str(self.config_path)]
        argv += ["--windowed", "--screen", self.screen]
        if self.screenshots is not None:
            argv += ["--screenshots", str(self.screenshots)]
        return argv

    def start_kiosk(self) -> None:
        """Start the kiosk process (the configuration must be written)."""
        if self.running:
            return
        self.close_output()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        env = {**os.environ, "SELFSCAN_LOCK_DIR": str(self.run_dir / "locks"), **self.env}
        self._output = self.output_path.open("ab")
        self.stopped_by_us = False
        self.process = subprocess.Popen(
            self.kiosk_argv(),
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._output,
            stderr=subprocess.STDOUT,
        )
        log.info("%s: kiosk started, pid %s", self.name, self.process.pid)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def ready(self) -> bool:
        """True once this start of the kiosk has logged that it is up."""
        return self.running and self.logged(READY_MARK)

    def logged(self, text: str) -> bool:
        """Whether this start of the kiosk (or the last one) wrote ``text`` in its log."""
        if not self.log_path.exists():
            return False
        with self.log_path.open("rb") as file:
            size = file.seek(0, os.SEEK_END)
            file.seek(self._log_offset if size >= self._log_offset else 0)
            return text.encode() in file.read()

    def status(self) -> str:
        """A :class:`KioskStatus` text, with the pid or the exit code."""
        if self.process is None:
            return KioskStatus.NOT_STARTED
        code = self.process.poll()
        if code is None:
            word = KioskStatus.RUNNING if self.ready() else KioskStatus.STARTING
            return f"{word} (pid {self.process.pid})"
        if self.stopped_by_us:
            return KioskStatus.STOPPED
        return f"{KioskStatus.EXITED} (status {code})"

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until the kiosk is up; raise :class:`DemoError` saying why not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ready():
                return
            if self.process is None or self.process.poll() is not None:
                code = None if self.process is None else self.process.returncode
                raise DemoError(
                    f"{self.name}: the kiosk exited with status {code} before it was up; "
                    f"its output:\n{self.output_tail()}"
                )
            time.sleep(0.05)
        raise DemoError(f"{self.name}: the kiosk was not up after {timeout:.0f} s")

    def output_tail(self, lines: int = 15) -> str:
        with contextlib.suppress(OSError):
            text = self.output_path.read_text(encoding="utf-8", errors="replace")
            return "\n".join(text.splitlines()[-lines:])
        return ""

    def stop_kiosk(self, timeout: float = 15.0) -> int | None:
        """Stop the kiosk cleanly (SIGTERM; killed when it does not stop in ``timeout``).
        Returns its exit status (None when it was not running)."""
        process = self.process
        if process is None:
            return None
        if process.poll() is None:
            self.stopped_by_us = True
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                log.warning("%s: the kiosk did not stop in %.0f s: killed", self.name, timeout)
                process.kill()
                process.wait()
        self.close_output()
        return process.returncode

    def kill_kiosk(self) -> None:
        """Kill the kiosk at once (a power cut); its devices keep running."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def restart_kiosk(self) -> None:
        self.stop_kiosk()
        self.start_kiosk()

    def close_output(self) -> None:
        if self._output is not None:
            self._output.close()
            self._output = None

    # -- what the kiosk did (its journal, read-only) --

    def journal_events(self) -> list[dict[str, Any]]:
        """Every cart change the kiosk wrote, oldest first: ``{"transaction", "type",
        "payload"}``. Empty when there is no journal yet."""
        if not self.journal_path.exists():
            return []
        uri = f"file:{self.journal_path}?mode=ro"
        try:
            with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as db:
                rows = db.execute(
                    "SELECT transaction_id, type, payload FROM cart_event ORDER BY seq"
                ).fetchall()
        except sqlite3.Error:
            return []
        return [{"transaction": t, "type": k, "payload": json.loads(p)} for t, k, p in rows]

    def outbox_events(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The kiosk's outbox (events for the consoles), oldest first: ``{"id", "kind",
        "payload", "created_at", "confirmed_at"}``; ``confirmed_at`` is set once a console
        stored the event and acknowledged it (or, for the kiosk's own bookkeeping kinds,
        once the link passed it by). Empty when there is no journal yet."""
        if not self.journal_path.exists():
            return []
        query = "SELECT id, kind, payload, created_at, confirmed_at FROM outbox"
        params: tuple[str, ...] = ()
        if kind is not None:
            query, params = query + " WHERE kind = ?", (kind,)
        uri = f"file:{self.journal_path}?mode=ro"
        try:
            with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as db:
                rows = db.execute(query + " ORDER BY created_at, rowid", params).fetchall()
        except sqlite3.Error:
            return []
        return [
            {"id": i, "kind": k, "payload": json.loads(p), "created_at": c, "confirmed_at": done}
            for i, k, p, c, done in rows
        ]

    def open_help_calls(self) -> list[dict[str, Any]]:
        """The kiosk's help calls still raised or acknowledged: ``{"id", "reason",
        "status"}``, oldest first (a cart resumed from an earlier run keeps its calls)."""
        if not self.journal_path.exists():
            return []
        uri = f"file:{self.journal_path}?mode=ro"
        try:
            with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as db:
                rows = db.execute(
                    "SELECT id, reason, status FROM help_call "
                    "WHERE status IN ('raised', 'acknowledged') ORDER BY raised_at, rowid"
                ).fetchall()
        except sqlite3.Error:
            return []
        return [{"id": i, "reason": r, "status": s} for i, r, s in rows]

    # -- all of it --

    def pids(self) -> dict[str, int]:
        pids = {f"simulator {name}": sim.pid for name, sim in self.sims.items()}
        if self.process is not None:
            pids["kiosk"] = self.process.pid
        return pids

    def stop(self, pool: ThreadPoolExecutor | None = None) -> None:
        """Stop the kiosk, then its simulators (in parallel); safe to call twice."""
        self.stop_kiosk()
        with self._lock:
            sims, self.sims = list(self.sims.values()), {}
            self.kinds.clear()

        def stop_one(sim: SimProcess) -> None:
            try:
                sim.stop()
            except Exception:
                log.exception("%s: stopping the %s simulator failed", self.name, sim.kind.value)

        if pool is None:
            with ThreadPoolExecutor(max_workers=len(sims) or 1) as own:
                list(own.map(stop_one, sims))
        else:
            list(pool.map(stop_one, sims))


# -- the store: every lane of one run --------------------------------------------------------


class DemoStore:
    """The lanes of one demo run in ``run_dir``, and its store network; see the module
    docstring.

    ``fresh``: remove what an earlier run left in the lanes' data (journals, logs) first.
    ``network``: also run the store network (:mod:`selfscan_demo.network`: the embedded
    broker and the attendant console, each its own process) and point the kiosks at it;
    False: the kiosks stay off the network (``[broker] enabled = false``).
    """

    def __init__(
        self,
        run_dir: Path,
        *,
        examples: Iterable[Path] = EXAMPLES,
        catalog: Path = ROOT / "catalog.db",
        screen: str = "1280x800",
        screenshots: Path | None = None,
        env: dict[str, str] | None = None,
        fresh: bool = False,
        network: bool = True,
    ) -> None:
        self.run_dir = Path(run_dir).resolve()
        self.catalog = Path(catalog).resolve()
        self.lanes = [
            DemoLane(
                example,
                self.run_dir,
                catalog=self.catalog,
                screen=screen,
                screenshots=None if screenshots is None else Path(screenshots) / _id(example),
                env=env,
            )
            for example in examples
        ]
        self.fresh = fresh
        self.processes_file = self.run_dir / "processes.json"
        self.network: DemoNetwork | None = None
        if network and self.lanes:
            from selfscan_demo.network import DemoNetwork

            stores = {lane.template["store"]["id"] for lane in self.lanes}
            if len(stores) != 1:
                raise DemoError(f"the kiosks belong to different stores: {sorted(stores)}")
            self.network = DemoNetwork(
                self.run_dir,
                [lane.kiosk_id for lane in self.lanes],
                self.lanes[0].template["store"],
                catalog=self.catalog,
                screen=screen,
                screenshots=None if screenshots is None else Path(screenshots) / "console",
                env=env,
            )

    def prepare(self) -> None:
        """The run folder (emptied of earlier lane data when ``fresh``), the catalog, the
        store database with the demo's staff member (created when missing; kept with
        ``fresh`` too: it is the store's, not a lane's; so are the broker accounts'
        password files)."""
        if not self.catalog.is_file():
            raise DemoError(f"the catalog {self.catalog} is missing (make catalog builds it)")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        if self.fresh:
            for lane in self.lanes:
                shutil.rmtree(lane.data_dir, ignore_errors=True)
                lane.output_path.unlink(missing_ok=True)
            if self.network is not None:
                self.network.forget()
        try:
            ensure_demo_staff(self.run_dir)
        except Exception as error:
            raise DemoError(f"the store database with the demo's staff: {error}") from error
        if self.network is not None:
            self.network.ensure_accounts()

    def start(self, on_step: Callable[[str], object] = lambda _text: None) -> None:
        """The broker and the simulators of every lane (in parallel), configurations, the
        console and the kiosks; waits for all of them to be up. Raises
        :class:`DemoError` (after stopping what started)."""
        self.prepare()
        member = DEMO_STAFF
        on_step(
            f"demo staff member {member.name} ({member.role}): badge {member.badge}, "
            f"or staff number {member.login} with PIN {member.pin} (demo only)"
        )
        network = self.network
        try:
            on_step(
                "starting the broker and the simulators" if network else "starting the simulators"
            )
            count = sum(len(lane._simulated_devices()) for lane in self.lanes)
            try:
                with ThreadPoolExecutor(max_workers=max(count, 1) + 1) as pool:
                    futures = [f for lane in self.lanes for f in lane.submit_simulators(pool)]
                    if network is not None:
                        futures.append(pool.submit(network.start_broker))
                    _results(futures)
            finally:
                self.write_processes()
            if network is not None:
                on_step(f"the broker listens on {network.host}:{network.port}")
            for lane in self.lanes:
                lane.write_config(None if network is None else network.kiosk_broker(lane.kiosk_id))
            if network is not None:
                network.write_console_config()
                on_step(f"starting the console {network.console_id} and the kiosks")
                network.start_console()
            else:
                on_step("starting the kiosks")
            for lane in self.lanes:
                lane.start_kiosk()
            self.write_processes()
            for lane in self.lanes:
                lane.wait_ready()
                on_step(f"{lane.name} is up")
            if network is not None:
                network.wait_console()
                on_step(f"the console {network.console_id} is up")
        except BaseException:
            self.stop()
            raise

    def write_processes(self) -> None:
        """``processes.json``: every process started in this run (pids of restarts added)."""
        known: dict[str, Any] = {}
        with contextlib.suppress(OSError, ValueError):
            known = json.loads(self.processes_file.read_text(encoding="utf-8"))
        if known.get("demo") != os.getpid():
            known = {"demo": os.getpid(), "processes": []}
        listed = {(p["what"], p["pid"]) for p in known["processes"]}
        started = [
            (f"{lane.kiosk_id} {what}", pid)
            for lane in self.lanes
            for what, pid in lane.pids().items()
        ]
        if self.network is not None:
            started += list(self.network.pids().items())
        for what, pid in started:
            if (what, pid) not in listed:
                known["processes"].append({"what": what, "pid": pid})
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.processes_file.write_text(json.dumps(known, indent=2) + "\n", encoding="utf-8")

    def stop(self) -> None:
        """Stop every kiosk (in parallel), the console, the broker, then every simulator;
        safe to call twice. The kiosks go first, while the broker still carries their
        goodbye to the console."""
        with ThreadPoolExecutor(max_workers=max(len(self.lanes), 1)) as pool:
            list(pool.map(lambda lane: lane.stop_kiosk(), self.lanes))
        if self.network is not None:
            self.network.stop()
        count = sum(len(lane.sims) for lane in self.lanes)
        with ThreadPoolExecutor(max_workers=max(count, 1)) as pool:
            for lane in self.lanes:
                lane.stop(pool)


def _results(futures: list[Future[None]]) -> None:
    """Wait for every future; raise one :class:`DemoError` naming every failure."""
    problems = []
    for future in futures:
        try:
            future.result()
        except DemoError as error:
            problems.append(str(error))
    if problems:
        raise DemoError("; ".join(problems))


def _id(example: Path) -> str:
    with Path(example).open("rb") as file:
        return str(tomllib.load(file)["kiosk"]["id"])
