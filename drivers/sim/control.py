"""A simulator's control API over a loopback socket, and running a simulator as a process.

Protocol: one JSON object per line each way. A request is
``{"id": 1, "cmd": "set_paper", "args": {"state": "out"}}``; the answer is
``{"id": 1, "ok": true, "result": ...}`` or ``{"id": 1, "ok": false, "error": "..."}``.
A line that is not such an object gets an error answer; the connection stays usable.

:class:`SimProcess` starts ``python -m drivers.sim KIND`` and reads its first line of
output, which names the driver configuration and the control address; the process runs
until :meth:`SimProcess.stop` (or until it is killed: a terminal simulator outlives the
kiosk whose payment it is serving).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import socketserver
import subprocess
import sys
import threading
from typing import Any

from drivers.config import DeviceConfig, DeviceKind
from drivers.sim.base import SimCommandError, Simulator

__all__ = ["ControlServer", "SimClient", "SimControlError", "SimProcess"]

MAX_LINE = 1 << 20


class SimControlError(Exception):
    """The simulator refused a command or could not be reached."""


class _Handler(socketserver.StreamRequestHandler):
    server: ControlServer

    def handle(self) -> None:
        while True:
            line = self.rfile.readline(MAX_LINE)
            if not line:
                return
            if not line.endswith(b"\n") and len(line) >= MAX_LINE:
                # Too long: skip the rest of it, answer once, and keep the line usable.
                while line and not line.endswith(b"\n"):
                    line = self.rfile.readline(MAX_LINE)
                answer = {"id": None, "ok": False, "error": f"request over {MAX_LINE} bytes"}
            else:
                answer = self.server.answer(line)
            try:
                self.wfile.write(json.dumps(answer).encode() + b"\n")
                self.wfile.flush()
            except OSError:
                return


class ControlServer(socketserver.ThreadingTCPServer):
    """Serves one simulator's :meth:`Simulator.control` on 127.0.0.1."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, simulator: Simulator, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.simulator = simulator
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.on_shutdown: threading.Event = threading.Event()

    @property
    def address(self) -> str:
        host, port = self.server_address[:2]
        return f"{host}:{port}"

    def start(self) -> None:
        # A short poll: shutdown() waits for the loop to look at its flag (0.5 s by default),
        # and a demo or a test stopping ten simulators should not wait for that each time.
        self._thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"sim control {self.simulator.name}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:  # shutdown() waits for serve_forever to end
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()

    def answer(self, line: bytes) -> dict[str, Any]:
        try:
            request = json.loads(line)
        except ValueError as error:
            return {"id": None, "ok": False, "error": f"not JSON: {error}"}
        if not isinstance(request, dict) or not isinstance(request.get("cmd"), str):
            return {"id": None, "ok": False, "error": "expected an object with a 'cmd' string"}
        ident = request.get("id")
        args = request.get("args", {})
        if not isinstance(args, dict):
            return {"id": ident, "ok": False, "error": "'args' must be an object"}
        if request["cmd"] == "shutdown":
            self.on_shutdown.set()
            return {"id": ident, "ok": True, "result": None}
        try:
            with self._lock:
                result = self.simulator.control(request["cmd"], **args)
        except SimCommandError as error:
            return {"id": ident, "ok": False, "error": str(error)}
        except Exception as error:  # a simulator bug must not kill the control line
            self.simulator.log.exception("control command %r failed", request["cmd"])
            return {"id": ident, "ok": False, "error": f"{type(error).__name__}: {error}"}
        return {"id": ident, "ok": True, "result": result}


class SimClient:
    """Talks to a :class:`ControlServer` at ``"host:port"``."""

    def __init__(self, address: str, timeout: float = 10.0) -> None:
        host, _, port = address.rpartition(":")
        self._sock = socket.create_connection((host, int(port)), timeout=timeout)
        self._file = self._sock.makefile("rwb")
        self._next = 0
        self._lock = threading.Lock()

    def call(self, command: str, **args: Any) -> Any:
        with self._lock:
            self._next += 1
            request = {"id": self._next, "cmd": command, "args": args}
            try:
                self._file.write(json.dumps(request).encode() + b"\n")
                self._file.flush()
                line = self._file.readline(MAX_LINE)
            except OSError as error:
                raise SimControlError(f"simulator unreachable: {error}") from error
        if not line:
            raise SimControlError("simulator closed the control connection")
        answer = json.loads(line)
        if not answer.get("ok"):
            raise SimControlError(answer.get("error", "refused"))
        return answer.get("result")

    def driver_config(self) -> DeviceConfig:
        """The real driver's configuration for this simulator as it is now (the
        ``driver_config`` command): what a kiosk's ``[devices]`` table names."""
        return DeviceConfig.model_validate(self.call("driver_config"))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()
            self._sock.close()

    def __enter__(self) -> SimClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SimProcess:
    """A simulator in its own process (``python -m drivers.sim KIND``)."""

    def __init__(
        self,
        kind: DeviceKind | str,
        *,
        name: str = "",
        options: dict[str, Any] | None = None,
        control_port: int = 0,
        start_timeout: float = 20.0,
    ) -> None:
        self.kind = DeviceKind(kind)
        argv = [
            sys.executable,
            "-m",
            "drivers.sim",
            self.kind.value,
            "--control-port",
            str(control_port),
        ]
        if name:
            argv += ["--name", name]
        if options:
            argv += ["--options", json.dumps(options)]
        env = dict(os.environ)
        self.process = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env
        )
        assert self.process.stdout is not None
        ready: list[bytes] = []
        reader = threading.Thread(
            target=lambda: ready.append(self.process.stdout.readline()),  # type: ignore[union-attr]
            daemon=True,
        )
        reader.start()
        reader.join(start_timeout)
        if not ready or not ready[0]:
            self.process.kill()
            self.process.wait()
            self.process.stdout.close()
            raise SimControlError(
                f"{self.kind.value} simulator did not start (exit {self.process.returncode})"
            )
        hello = json.loads(ready[0])
        self.pid: int = self.process.pid
        self.control_address: str = hello["control"]
        self.driver_config = DeviceConfig.model_validate(hello["driver_config"])
        self.client = SimClient(self.control_address)

    def call(self, command: str, **args: Any) -> Any:
        return self.client.call(command, **args)

    def stop(self, timeout: float = 10.0) -> int | None:
        """Ask the simulator to stop; kill it when it does not within ``timeout``."""
        if self.process.poll() is None:
            with contextlib.suppress(SimControlError, OSError):
                self.client.call("shutdown")
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.client.close()
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.client.close()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def __enter__(self) -> SimProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
