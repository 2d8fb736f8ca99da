"""The base of simulators that sit on a pseudo-terminal and answer what the driver sends.

One thread owns the pty: it reads what the driver writes and hands it to
:meth:`PtySimulator._handle`, and every other pty operation (plug, unplug) is queued to
it through :meth:`PtySimulator._on_thread`. So a pty is never closed while the thread
waits on its descriptor, whose number the next open could give to something else.
"""

from __future__ import annotations

import queue
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from drivers.config import DeviceConfig, OptionValue
from drivers.sim.base import Simulator
from drivers.sim.pty import SimPty, link_directory

__all__ = ["PtySimulator"]

POLL = 0.05
"""Seconds the thread waits for bytes before it looks at its queue again."""

T = TypeVar("T")


class PtySimulator(Simulator):
    """A simulator on a pty. Subclasses set :attr:`driver` and :attr:`port_name` and
    implement :meth:`_handle`; :meth:`_paused` may hold the line (a stalled device)."""

    driver: ClassVar[str]
    """The real driver that talks to this simulator (its :class:`DeviceConfig` driver)."""
    port_name: ClassVar[str]
    """The start of the port link's name (``scale`` gives ``.../scale-NAME``)."""

    def __init__(self, name: str = "", driver_options: dict[str, Any] | None = None) -> None:
        super().__init__(name)
        self.driver_options: dict[str, Any] = dict(driver_options or {})
        self._pty: SimPty | None = None
        self._link_dir: Path | None = None
        self._ops: queue.Queue[tuple[Callable[[], Any], threading.Event, list[Any]]] = queue.Queue()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- what a subclass provides --

    def _handle(self, data: bytes) -> None:
        """Bytes the driver sent (on the pty's thread)."""
        raise NotImplementedError

    def _paused(self) -> bool:
        """True while the device takes nothing from the line."""
        return False

    def _line_options(self) -> dict[str, OptionValue]:
        """Options the driver needs for this pty, under the configured ``driver_options``."""
        return {}

    # -- life cycle --

    def start(self) -> None:
        if self._thread is not None:
            return
        self._link_dir = link_directory()
        self._pty = SimPty(self._link_dir / f"{self.port_name}-{self.name}")
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"sim {self.kind.value} {self.name}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            self._wake.set()
            thread.join(5)
        if self._pty is not None:
            self._pty.unplug()
        if self._link_dir is not None:
            shutil.rmtree(self._link_dir, ignore_errors=True)
            self._link_dir = None

    def driver_config(self) -> DeviceConfig:
        if self._pty is None:
            raise RuntimeError("start the simulator first")
        return DeviceConfig(
            kind=self.kind,
            driver=self.driver,
            url=self._pty.path,
            options={**self._line_options(), **self.driver_options},
        )

    @property
    def port(self) -> str | None:
        return None if self._pty is None else self._pty.path

    @property
    def plugged(self) -> bool:
        return self._pty is not None and self._pty.plugged

    def _unplug_port(self) -> None:
        if self._pty is not None:
            self._on_thread(self._pty.unplug)

    def _plug_port(self) -> None:
        if self._pty is not None:
            self._on_thread(self._pty.plug)
        self._wake.set()

    # -- the thread that owns the pty --

    def _run(self) -> None:
        while not self._stop.is_set():
            self._run_ops()
            pty = self._pty
            if pty is None or not pty.plugged or self._paused():
                self._wake.wait(POLL)
                self._wake.clear()
                continue
            data = pty.read(timeout=POLL)
            if data:
                self._handle(data)
        self._run_ops()

    def _run_ops(self) -> None:
        while True:
            try:
                operation, done, result = self._ops.get_nowait()
            except queue.Empty:
                return
            try:
                result.append(operation())
            except Exception as error:
                result.append(error)
            done.set()

    def _on_thread(self, operation: Callable[[], T]) -> T:
        """Run a pty operation on the thread that owns the pty, and return its result."""
        if self._thread is None or threading.current_thread() is self._thread:
            return operation()
        done, result = threading.Event(), []
        self._ops.put((operation, done, result))
        self._wake.set()
        if not done.wait(5):
            raise RuntimeError("the simulator thread did not respond")
        if isinstance(result[0], Exception):
            raise result[0]
        return result[0]
