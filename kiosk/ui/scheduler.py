"""The lane's scheduler on Qt: blocking device work on worker threads, results on the GUI thread.

:class:`QtScheduler` implements :class:`kiosk.core.lane.scheduler.Scheduler` for the
kiosk. The lane controller lives on the GUI thread; it hands every call that can block
(a payment, a print, a weighing, a light pattern) to ``run(job, on_done, channel=...)``:

* each ``channel`` (one per device: ``"payment"``, ``"printer"``, ``"scale"``,
  ``"light"``...) has its own worker thread, started on first use; the jobs of one
  channel run one after the other in the order given, channels run side by side (a
  minute-long payment never holds up the lane light);
* the job's return value or exception becomes a :class:`~kiosk.core.lane.JobResult`
  and ``on_done(result)`` is called **on the GUI thread**, through a queued Qt signal;
* ``post(callback)`` is the thread-safe way for a driver's listener (on the driver's
  thread) to get work onto the GUI thread, through the same queued signal.

A callback that raises is logged (logger ``kiosk.scheduler``) and counted in
:attr:`QtScheduler.failures`; it never reaches Qt's event loop (where PySide would only
print it) and never stops the deliveries after it.

:meth:`QtScheduler.every` runs a callback on a :class:`~PySide6.QtCore.QTimer` (the lane's
``tick``: idle prompts, payment timeouts). :meth:`QtScheduler.close` stops the timers and
the workers; results that arrive after it are dropped (logged at debug level).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.core.lane.scheduler import Job, JobResult, OnDone

__all__ = ["QtScheduler"]

log = logging.getLogger("kiosk.scheduler")


@dataclass(slots=True)
class _Pending:
    job: Job
    on_done: OnDone
    channel: str


_STOP = object()


def _call(job: Job) -> JobResult[Any]:
    try:
        return JobResult(value=job())
    except Exception as error:  # a job's failure is its result, never a crash
        return JobResult(error=error)


class QtScheduler(QObject):
    """See the module docstring. Create it on the GUI thread."""

    _delivered = Signal(object)
    """A callable from any thread, to be called on this object's (the GUI) thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._channels: dict[str, queue.SimpleQueue[Any]] = {}
        self._threads: list[threading.Thread] = []
        self._timers: list[QTimer] = []
        self._lock = threading.Lock()
        self._closed = False
        self.failures = 0
        """How many delivered callbacks raised (each one is logged)."""
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # -- the Scheduler protocol --

    def run(self, job: Job, on_done: OnDone, *, channel: str) -> None:
        """Run ``job`` on ``channel``'s worker; ``on_done(result)`` later on the GUI thread."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the scheduler is closed")
            jobs = self._channels.get(channel)
            if jobs is None:
                jobs = self._channels[channel] = queue.SimpleQueue()
                thread = threading.Thread(
                    target=self._work, args=(jobs,), name=f"lane-{channel}", daemon=True
                )
                self._threads.append(thread)
                thread.start()
        jobs.put(_Pending(job, on_done, channel))

    def post(self, callback: Callable[[], object]) -> None:
        """Thread-safe: call ``callback`` on the GUI thread soon."""
        if self._closed:
            log.debug("scheduler closed: %r dropped", callback)
            return
        try:
            self._delivered.emit(callback)
        except RuntimeError:  # the Qt object is gone (shutting down)
            log.debug("scheduler deleted: %r dropped", callback)

    # -- timers --

    def every(self, seconds: float, callback: Callable[[], object]) -> QTimer:
        """Call ``callback`` on the GUI thread every ``seconds`` (until :meth:`close`)."""
        if seconds <= 0:
            raise ValueError(f"a timer interval is positive, not {seconds}")
        timer = QTimer(self)
        timer.setInterval(max(1, round(seconds * 1000)))
        timer.timeout.connect(lambda: self._guard(callback))
        timer.start()
        self._timers.append(timer)
        return timer

    # -- life cycle --

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self, timeout: float = 5.0) -> None:
        """Stop the timers and the workers after their current job (a job stuck in a
        device may outlive this: its thread is a daemon); later results are dropped."""
        with self._lock:
            self._closed = True
            channels = list(self._channels.values())
        for timer in self._timers:
            timer.stop()
        self._timers.clear()
        for jobs in channels:
            jobs.put(_STOP)
        for thread in self._threads:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("%s is still busy with a device call after close", thread.name)

    # -- inside --

    def _work(self, jobs: queue.SimpleQueue[Any]) -> None:
        while True:
            pending = jobs.get()
            if pending is _STOP:
                return
            result = _call(pending.job)
            on_done = pending.on_done
            self.post(lambda on_done=on_done, result=result: on_done(result))

    def _deliver(self, callback: Callable[[], object]) -> None:
        if self._closed:
            log.debug("scheduler closed: %r dropped", callback)
            return
        self._guard(callback)

    def _guard(self, callback: Callable[[], object]) -> None:
        try:
            callback()
        except Exception:
            self.failures += 1
            log.exception("a lane callback failed")
