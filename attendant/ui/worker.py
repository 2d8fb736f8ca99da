"""Blocking work off the GUI thread, its answer back on it (after Anki's ``taskman``).

An argon2id PIN check takes a good fraction of a second on purpose, and a figures query
or a CSV export reads the event log: none of that may freeze the window, whose heartbeat
tells the store network the console is alive. :class:`Worker` runs one job at a time on
its own thread (one worker owns the blocking resources: the roster's database, the
figures' reads) and calls ``done(result)`` or ``failed(error)`` on the GUI thread.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

__all__ = ["Worker"]

log = logging.getLogger("attendant.ui.worker")


class Worker(QObject):
    """``worker.run(job, done=..., failed=...)``; :attr:`busy` while a job runs."""

    _finished = Signal(object, object, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="console-worker"
        )
        self._running = 0
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return self._running > 0

    def run(
        self,
        job: Callable[[], Any],
        *,
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        if self._pool is None:
            raise RuntimeError("the worker is closed")
        self._running += 1
        future: Future[Any] = self._pool.submit(job)

        def finished(f: Future[Any]) -> None:
            error = f.exception()
            # RuntimeError: the worker object was deleted meanwhile
            with contextlib.suppress(RuntimeError):
                self._finished.emit(done, failed, None if error else f.result(), error)

        future.add_done_callback(finished)

    def _deliver(self, done: Any, failed: Any, result: Any, error: Any) -> None:
        self._running -= 1
        try:
            if error is not None:
                failed(error)
            else:
                done(result)
        except Exception:
            log.exception("handling a background job's answer failed")

    def close(self) -> None:
        """Wait for the running job (a PIN check ends within a second) and stop."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
