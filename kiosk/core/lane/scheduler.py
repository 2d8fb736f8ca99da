"""Blocking device work off the controller's thread, results back on it.

A payment takes a minute, a receipt a second, a weighing until the scale settles: the
controller never waits for them. It hands the blocking call to a :class:`Scheduler`
with ``run(job, on_done, channel=...)``; the job runs elsewhere and ``on_done`` is
called with a :class:`JobResult` *on the controller's thread*, like Anki's
``taskman``. ``post(callback)`` is the thread-safe way for a driver's listener (on the
driver's thread) to get work onto the controller's thread.

Jobs on one ``channel`` (one per device: ``"payment"``, ``"printer"``, ``"scale"``,
``"light"``) run one after the other, in order; channels run side by side, so a
payment that takes a minute never holds up the lane light.

Implementations:

* :class:`ManualScheduler` for tests: nothing runs until the test says so
  (``run_next``/``run_all``/``drain``), inline, on the test's thread: fully
  deterministic, and a test can look at the lane *while* a payment is in flight.
* :class:`ThreadScheduler`: one worker thread per channel; results and posted
  callbacks wait in a queue that the controller's thread drains (``drain`` /
  ``wait_until``). Tests with real drivers use it; the Qt UI provides its own (results
  delivered through a queued signal).
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

__all__ = ["Job", "JobResult", "ManualScheduler", "OnDone", "Scheduler", "ThreadScheduler"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class JobResult(Generic[T]):
    """What a job returned, or the exception it raised."""

    value: T | None = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def get(self) -> T:
        """The value; re-raises the job's exception."""
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


Job = Callable[[], Any]
OnDone = Callable[[JobResult[Any]], object]


class Scheduler(Protocol):
    def run(self, job: Job, on_done: OnDone, *, channel: str) -> None:
        """Run ``job`` off the controller's thread; ``on_done(result)`` on it afterwards."""
        ...

    def post(self, callback: Callable[[], object]) -> None:
        """Thread-safe: call ``callback`` on the controller's thread soon."""
        ...


def _call(job: Job) -> JobResult[Any]:
    try:
        return JobResult(value=job())
    except Exception as error:  # a job's failure is its result, never a crash
        return JobResult(error=error)


def _deliver(on_done: OnDone, result: JobResult[Any]) -> None:
    """On the controller's thread; a handler's own bug propagates to the caller."""
    on_done(result)


@dataclass(slots=True)
class _Pending:
    job: Job
    on_done: OnDone
    channel: str


class ManualScheduler:
    """Runs nothing until told: the test decides when each job finishes."""

    def __init__(self) -> None:
        self._jobs: deque[_Pending] = deque()
        self._posted: deque[Callable[[], object]] = deque()

    def run(self, job: Job, on_done: OnDone, *, channel: str) -> None:
        self._jobs.append(_Pending(job, on_done, channel))

    def post(self, callback: Callable[[], object]) -> None:
        self._posted.append(callback)

    def pending(self, channel: str | None = None) -> list[str]:
        """The channels of the jobs waiting, oldest first (only ``channel``'s if given)."""
        return [p.channel for p in self._jobs if channel is None or p.channel == channel]

    def run_next(self, channel: str | None = None) -> bool:
        """Run the oldest waiting job (of ``channel``) and deliver its result."""
        for pending in self._jobs:
            if channel is None or pending.channel == channel:
                self._jobs.remove(pending)
                _deliver(pending.on_done, _call(pending.job))
                return True
        return False

    def run_all(self, limit: int = 1000) -> int:
        """Run jobs and posted callbacks until none are left (also those they add)."""
        done = 0
        while self._jobs or self._posted:
            if done >= limit:
                raise RuntimeError(f"more than {limit} jobs: a loop that schedules forever?")
            if self._posted:
                self._posted.popleft()()
            else:
                self.run_next()
            done += 1
        return done

    def drain(self) -> int:
        """Run the posted callbacks only."""
        done = 0
        while self._posted:
            self._posted.popleft()()
            done += 1
        return done


_STOP = object()


class ThreadScheduler:
    """One worker thread per channel; the controller's thread drains the results."""

    def __init__(self) -> None:
        self._results: queue.Queue[Callable[[], object]] = queue.Queue()
        self._channels: dict[str, queue.Queue[Any]] = {}
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._closed = False

    def run(self, job: Job, on_done: OnDone, *, channel: str) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("the scheduler is closed")
            jobs = self._channels.get(channel)
            if jobs is None:
                jobs = self._channels[channel] = queue.Queue()
                thread = threading.Thread(
                    target=self._work, args=(jobs,), name=f"lane-{channel}", daemon=True
                )
                self._threads.append(thread)
                thread.start()
        jobs.put(_Pending(job, on_done, channel))

    def post(self, callback: Callable[[], object]) -> None:
        self._results.put(callback)

    def _work(self, jobs: queue.Queue[Any]) -> None:
        while True:
            pending = jobs.get()
            if pending is _STOP:
                return
            result = _call(pending.job)
            on_done = pending.on_done
            self._results.put(lambda on_done=on_done, result=result: _deliver(on_done, result))

    def drain(self, timeout: float | None = None) -> int:
        """Deliver what is waiting; with ``timeout``, first wait up to that long for one."""
        done = 0
        if timeout is not None:
            try:
                callback = self._results.get(timeout=timeout)
            except queue.Empty:
                return 0
            callback()
            done += 1
        while True:
            try:
                callback = self._results.get_nowait()
            except queue.Empty:
                return done
            callback()
            done += 1

    def wait_until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Drain results until ``condition()`` holds; AssertionError after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while not condition():
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"condition not met within {timeout} s")
            self.drain(timeout=min(left, 0.1))

    def close(self, timeout: float = 5.0) -> None:
        """Stop the workers after their current job (a job stuck in a device may outlive
        this; its thread is a daemon)."""
        with self._lock:
            self._closed = True
            channels = list(self._channels.values())
        for jobs in channels:
            jobs.put(_STOP)
        for thread in self._threads:
            thread.join(timeout)
