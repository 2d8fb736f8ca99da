"""The demo's store network: the embedded broker and the attendant console, each its own
process, so the demo's kiosks reach a console as they would in a store.

Qt-free, like :mod:`selfscan_demo.lanes`; :class:`~selfscan_demo.lanes.DemoStore` drives
it. In the run folder:

1. ``<run>/store.toml``, the store network file ``selfscan-broker`` reads: the demo's
   kiosks, the console ``console-1``, the password files in ``<run>/secrets`` and a
   listener on 127.0.0.1 on a port that is free now (never 1883 blindly: a real
   Mosquitto may already listen there, and it would refuse the demo's accounts);
2. one password file per account (``<run>/secrets/<id>.password``, created when missing,
   :func:`selfscan_broker.accounts.ensure_password`);
3. the embedded broker as its own process, ``selfscan-broker serve --store
   <run>/store.toml --data <run>/broker`` (retained kiosk states survive a restart of
   the demo), its output in ``<run>/broker.log``; the demo waits until it accepts a TCP
   connection. A port taken meanwhile by someone else costs one more try on another;
4. ``<run>/console-1.toml`` from ``examples/console.toml``: the run's store database and
   staff key (where the demo keeps Sam), the demo's kiosks, this broker
   (``embedded = false``: the demo owns the broker, the console must not start a second
   one), its data in ``<run>/console-1/``; checked as the console will read it;
5. the console as its own process, ``selfscan-attendant --config <run>/console-1.toml``
   (``python -m attendant.app``), its output in ``<run>/console-1.log`` and its log in
   ``<run>/console-1/logs/console.log``; headless: offscreen, with ``--screenshots``.

Stopping (after the kiosks, before the simulators): the console, then the broker, each
with SIGTERM (killed when it does not stop in time).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kiosk.config import ConfigError
from selfscan_demo.lanes import DemoError, dump_toml

__all__ = [
    "BROKER_START_S",
    "CONSOLE_EXAMPLE",
    "CONSOLE_READY_MARK",
    "DemoNetwork",
    "free_port",
    "listening",
]

log = logging.getLogger("selfscan_demo.network")

_ROOT = Path(__file__).resolve().parent.parent
CONSOLE_EXAMPLE = _ROOT / "examples" / "console.toml"
BROKER_START_S = 20.0
"""How long the broker may take to listen (amqtt's import is most of it)."""
BROKER_TRIES = 3
"""Tries on a new free port when the one picked was taken before the broker bound it (by
a listener, or by a connection of some program whose own end got it from the system's
range of ephemeral ports, which is where a free port comes from too)."""
CONSOLE_READY_MARK = " started: "
"""The console's log line that ends its start (attendant/app.py): ``console <id> of store
<id> started: WxH, language ..., staff login ...``."""
CONSOLE_SCREEN = "1280x800"
"""The console's window when the demo's ``--screen`` is smaller than a console allows."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on at ``host`` right now (the system picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def listening(host: str, port: int, timeout: float = 0.3) -> bool:
    """Whether something accepts a TCP connection on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _tail(path: Path, lines: int = 15) -> str:
    with contextlib.suppress(OSError):
        text = path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])
    return ""


def _console_screen(screen: str) -> str:
    width, _, height = screen.partition("x")
    return screen if int(width) >= 1024 and int(height) >= 600 else CONSOLE_SCREEN


def _stop(process: subprocess.Popen[bytes] | None, what: str, timeout: float) -> int | None:
    """SIGTERM, then SIGKILL after ``timeout``; the exit status (None: never started)."""
    if process is None:
        return None
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            log.warning("%s did not stop in %.0f s: killed", what, timeout)
            process.kill()
            process.wait()
    return process.returncode


class DemoNetwork:
    """The broker and the console of one demo run; see the module docstring.

    ``kiosk_ids``: the demo's kiosks (the broker's kiosk accounts); ``store``: the
    kiosks' ``[store]`` table (id, name); ``screen``, ``screenshots``, ``env``: as for a
    :class:`~selfscan_demo.lanes.DemoLane` (``screenshots`` is the console's own folder).
    """

    def __init__(
        self,
        run_dir: Path,
        kiosk_ids: Iterable[str],
        store: dict[str, Any],
        *,
        catalog: Path,
        screen: str = "1280x800",
        screenshots: Path | None = None,
        env: dict[str, str] | None = None,
        console_example: Path = CONSOLE_EXAMPLE,
        pick_port: Callable[[str], int] = free_port,
    ) -> None:
        self.run_dir = Path(run_dir).resolve()
        self.kiosk_ids = tuple(kiosk_ids)
        self.store = dict(store)
        self.catalog = Path(catalog).resolve()
        self.screen = _console_screen(screen)
        self.screenshots = screenshots
        self.env = dict(env or {})
        self.console_example = Path(console_example)
        with self.console_example.open("rb") as file:
            self.console_template: dict[str, Any] = tomllib.load(file)
        self.console_id: str = self.console_template["console"]["id"]
        self.host = "127.0.0.1"
        self.pick_port = pick_port
        """Chooses the broker's port on :attr:`host` (tests choose a taken one)."""
        self.port: int | None = None
        """The broker's port, chosen by :meth:`start_broker`."""
        self.store_file = self.run_dir / "store.toml"
        self.secrets_dir = self.run_dir / "secrets"
        self.broker_data = self.run_dir / "broker"
        self.broker_log = self.run_dir / "broker.log"
        self.console_config = self.run_dir / f"{self.console_id}.toml"
        self.console_output = self.run_dir / f"{self.console_id}.log"
        self.console_data = self.run_dir / self.console_id
        self.broker: subprocess.Popen[bytes] | None = None
        self.console: subprocess.Popen[bytes] | None = None
        self._console_log_offset = 0

    @property
    def console_log(self) -> Path:
        return self.console_data / "logs" / "console.log"

    def password_file(self, account: str) -> Path:
        from selfscan_broker.accounts import password_path

        return password_path(self.secrets_dir, account)

    def forget(self) -> None:
        """``--fresh``: drop what earlier runs left in the console (its event log, its
        logs) and the broker (retained kiosk states); the accounts are the store's."""
        shutil.rmtree(self.console_data, ignore_errors=True)
        shutil.rmtree(self.broker_data, ignore_errors=True)
        self.console_output.unlink(missing_ok=True)
        self.broker_log.unlink(missing_ok=True)

    # -- the store network file and the accounts --

    def write_store_file(self, port: int) -> Path:
        """Write and validate ``<run>/store.toml`` for a listener on ``port``."""
        from selfscan_broker.network import load_store_network

        data = {
            "schema_version": 1,
            "kiosks": list(self.kiosk_ids),
            "consoles": [self.console_id],
            "secrets_dir": str(self.secrets_dir),
            "store": self.store,
            "listener": {"host": self.host, "port": port},
        }
        header = (
            "# Written by selfscan-demo at every start: the demo's kiosks and console are the\n"
            "# broker's accounts; the port was free when the demo started.\n"
        )
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.store_file.write_text(header + dump_toml(data), encoding="utf-8")
        try:
            load_store_network(self.store_file)
        except ConfigError as error:
            raise DemoError(f"the generated store network file is refused: {error}") from None
        return self.store_file

    def ensure_accounts(self) -> None:
        """A password file for every kiosk and the console (kept when it exists)."""
        from selfscan_broker.accounts import PasswordError, ensure_password

        for account in (*self.kiosk_ids, self.console_id):
            try:
                ensure_password(self.secrets_dir, account)
            except PasswordError as error:
                raise DemoError(f"the broker account {account}: {error}") from None

    # -- the broker --

    def broker_argv(self) -> list[str]:
        return [
            sys.executable, "-m", "selfscan_broker.cli", "serve",
            "--store", str(self.store_file), "--data", str(self.broker_data),
        ]  # fmt: skip

    @property
    def broker_running(self) -> bool:
        return self.broker is not None and self.broker.poll() is None

    def start_broker(self, timeout: float = BROKER_START_S, tries: int = BROKER_TRIES) -> None:
        """Write the store file on a free port, start the broker and wait until it
        accepts a TCP connection; :class:`DemoError` naming its log when it does not. A
        port someone else took meanwhile costs another try (up to ``tries``). The
        accounts must exist (:meth:`ensure_accounts`)."""
        for attempt in range(1, tries + 1):
            self.port = self.pick_port(self.host)
            self.write_store_file(self.port)
            if self._run_broker(timeout, last=attempt == tries):
                return

    def _run_broker(self, timeout: float, *, last: bool) -> bool:
        """One start on :attr:`port`: True when it listens, False to try another port."""
        assert self.port is not None
        offset = self.broker_log.stat().st_size if self.broker_log.exists() else 0
        with self.broker_log.open("ab") as sink:
            self.broker = subprocess.Popen(
                self.broker_argv(),
                cwd=_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        log.info("broker started, pid %s, port %s", self.broker.pid, self.port)
        # its own words first: a port someone else listens on accepts connections too
        mark = f"listening on {self.host}:{self.port} "

        def said() -> str:
            return self.broker_log.read_bytes()[offset:].decode("utf-8", "replace")

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.broker.poll() is not None:
                # a listener, or a client's connection that got this port as its own end
                text = said()
                taken = "could not start" in text and (
                    "already in use" in text or listening(self.host, self.port)
                )
                if taken and not last:
                    log.warning("port %s was taken meanwhile: another one", self.port)
                    return False
                raise DemoError(
                    f"the broker exited with status {self.broker.returncode} before it "
                    f"listened on {self.host}:{self.port}; its log {self.broker_log}:\n"
                    f"{_tail(self.broker_log)}"
                )
            if mark in said() and listening(self.host, self.port):
                return True
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.broker.wait(0.05)
        raise DemoError(
            f"the broker did not listen on {self.host}:{self.port} after {timeout:.0f} s; "
            f"its log {self.broker_log}:\n{_tail(self.broker_log)}"
        )

    def kiosk_broker(self, kiosk_id: str) -> dict[str, Any]:
        """The ``[broker]`` table of a kiosk of this network (after :meth:`start_broker`)."""
        assert self.port is not None, "start the broker first"
        return {
            "enabled": True,
            "embedded": True,
            "host": self.host,
            "port": self.port,
            "username": kiosk_id,
            "password_file": str(self.password_file(kiosk_id)),
        }

    def stop_broker(self, timeout: float = 10.0) -> int | None:
        """Stop the broker (it keeps the retained states in ``<run>/broker``)."""
        return _stop(self.broker, "the broker", timeout)

    # -- the console --

    def write_console_config(self) -> Path:
        """Write and validate ``<run>/console-1.toml`` (after :meth:`start_broker`)."""
        from attendant.config import load_console_config
        from selfscan_demo.staff import staff_paths

        assert self.port is not None, "start the broker first"
        data = json.loads(json.dumps(self.console_template))  # a deep copy
        database, staff_key = staff_paths(self.run_dir)
        data["store"] = {**data.get("store", {}), **self.store}
        data["kiosks"] = list(self.kiosk_ids)
        data["paths"] = {
            "data_dir": str(self.console_data),
            "catalog": str(self.catalog),
            "store": str(database),
            "staff_key": str(staff_key),
        }
        data["broker"] = {
            **data.get("broker", {}),
            "enabled": True,
            "embedded": False,  # the demo runs the broker; the console must not start one
            "host": self.host,
            "port": self.port,
            "username": self.console_id,
            "password_file": str(self.password_file(self.console_id)),
        }
        header = (
            f"# Written by selfscan-demo from {self.console_example.name}: the demo's broker\n"
            "# and kiosks, the store database of this run folder.\n"
        )
        self.console_config.write_text(header + dump_toml(data), encoding="utf-8")
        try:
            load_console_config(self.console_config)
        except ConfigError as error:
            raise DemoError(
                f"the console: the generated configuration is refused: {error}"
            ) from None
        return self.console_config

    def console_argv(self) -> list[str]:
        argv = [sys.executable, "-m", "attendant.app", "--config", str(self.console_config)]
        argv += ["--screen", self.screen]
        if self.screenshots is not None:
            argv += ["--screenshots", str(self.screenshots)]
        return argv

    def output_tail(self, lines: int = 15) -> str:
        """The end of the console's output (``<run>/console-1.log``)."""
        return _tail(self.console_output, lines)

    @property
    def console_running(self) -> bool:
        return self.console is not None and self.console.poll() is None

    def start_console(self) -> None:
        """Start the console process (its configuration must be written)."""
        if self.console_running:
            return
        self._console_log_offset = (
            self.console_log.stat().st_size if self.console_log.exists() else 0
        )
        with self.console_output.open("ab") as sink:
            self.console = subprocess.Popen(
                self.console_argv(),
                cwd=_ROOT,
                env={**os.environ, **self.env},
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        log.info("console started, pid %s", self.console.pid)

    def console_ready(self) -> bool:
        """True once this start of the console has logged that it is up."""
        if not self.console_running or not self.console_log.exists():
            return False
        with self.console_log.open("rb") as file:
            size = file.seek(0, os.SEEK_END)
            offset = self._console_log_offset
            file.seek(offset if size >= offset else 0)
            return CONSOLE_READY_MARK.encode() in file.read()

    def wait_console(self, timeout: float = 60.0) -> None:
        """Wait until the console is up; :class:`DemoError` saying
        why not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.console_ready():
                return
            if self.console is None or self.console.poll() is not None:
                code = None if self.console is None else self.console.returncode
                raise DemoError(
                    f"the console exited with status {code} before it was up; its output "
                    f"{self.console_output}:\n{_tail(self.console_output)}"
                )
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.console.wait(0.05)
        raise DemoError(
            f"the console was not up after {timeout:.0f} s; see {self.console_output} "
            f"and {self.console_log}"
        )

    def stop_console(self, timeout: float = 15.0) -> int | None:
        """Stop the console (SIGTERM: it saves its last picture and logs out cleanly)."""
        return _stop(self.console, "the console", timeout)

    # -- all of it --

    def pids(self) -> dict[str, int]:
        """What :class:`~selfscan_demo.lanes.DemoStore` lists in ``processes.json``."""
        pids = {}
        if self.broker is not None:
            pids["broker"] = self.broker.pid
        if self.console is not None:
            pids[f"{self.console_id} console"] = self.console.pid
        return pids

    def stop(self) -> None:
        """The console, then the broker; safe to call twice."""
        self.stop_console()
        self.stop_broker()

    def status(self) -> str:
        """One line for the panel, e.g. ``broker running on 127.0.0.1:40123 (pid 7);
        console console-1 running (pid 9)``."""
        return f"{self._broker_status()}; {self._console_status()}"

    def _broker_status(self) -> str:
        if self.broker is None:
            return "broker not started"
        code = self.broker.poll()
        if code is None:
            return f"broker running on {self.host}:{self.port} (pid {self.broker.pid})"
        return f"broker exited (status {code}; see {self.broker_log.name})"

    def _console_status(self) -> str:
        name = f"console {self.console_id}"
        if self.console is None:
            return f"{name} not started"
        code = self.console.poll()
        if code is None:
            word = "running" if self.console_ready() else "starting"
            return f"{name} {word} (pid {self.console.pid})"
        return f"{name} exited (status {code}; see {self.console_output.name})"
