"""QtScheduler: device work on worker threads, results and posted callbacks on the GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from kiosk.core.lane import JobResult
from kiosk.ui.scheduler import QtScheduler

WAIT_MS = 10_000


@pytest.fixture
def scheduler(qapp: Any) -> Iterator[QtScheduler]:
    scheduler = QtScheduler()
    yield scheduler
    scheduler.close()
    scheduler.deleteLater()


def test_a_job_runs_off_the_gui_thread_and_its_result_arrives_on_it(scheduler, qtbot) -> None:
    gui = threading.get_ident()
    job_thread: list[int] = []
    results: list[tuple[int, JobResult[Any]]] = []

    def job() -> str:
        job_thread.append(threading.get_ident())
        return "printed"

    scheduler.run(job, lambda r: results.append((threading.get_ident(), r)), channel="printer")
    qtbot.waitUntil(lambda: len(results) == 1, timeout=WAIT_MS)
    (delivered_on, result) = results[0]
    assert job_thread[0] != gui
    assert delivered_on == gui
    assert result.ok and result.get() == "printed"


def test_a_failing_job_is_its_result_not_a_crash(scheduler, qtbot) -> None:
    results: list[JobResult[Any]] = []

    def job() -> None:
        raise ConnectionError("terminal gone")

    scheduler.run(job, results.append, channel="payment")
    qtbot.waitUntil(lambda: len(results) == 1, timeout=WAIT_MS)
    assert not results[0].ok
    assert isinstance(results[0].error, ConnectionError)
    with pytest.raises(ConnectionError):
        results[0].get()


def test_a_blocked_job_never_blocks_the_gui_thread_nor_other_channels(scheduler, qtbot) -> None:
    release = threading.Event()
    done: list[str] = []
    scheduler.run(lambda: release.wait(WAIT_MS / 1000), lambda r: done.append("payment"),
                  channel="payment")  # fmt: skip
    # While the payment job hangs, another channel's job finishes and a posted
    # callback runs: the GUI thread's event loop keeps turning.
    scheduler.run(lambda: "on", lambda r: done.append("light"), channel="light")
    scheduler.post(lambda: done.append("posted"))
    qtbot.waitUntil(lambda: {"light", "posted"} <= set(done), timeout=WAIT_MS)
    assert "payment" not in done
    release.set()
    qtbot.waitUntil(lambda: "payment" in done, timeout=WAIT_MS)


def test_jobs_of_one_channel_run_in_order(scheduler, qtbot) -> None:
    ran: list[int] = []
    delivered: list[int] = []
    for number in range(20):
        scheduler.run(
            lambda number=number: ran.append(number),
            lambda r, number=number: delivered.append(number),
            channel="scale",
        )
    qtbot.waitUntil(lambda: len(delivered) == 20, timeout=WAIT_MS)
    assert ran == list(range(20))
    assert delivered == list(range(20))


def test_post_from_a_driver_thread_runs_on_the_gui_thread(scheduler, qtbot) -> None:
    gui = threading.get_ident()
    seen: list[int] = []
    thread = threading.Thread(
        target=lambda: scheduler.post(lambda: seen.append(threading.get_ident()))
    )
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: seen == [gui], timeout=WAIT_MS)


def test_a_callback_that_raises_is_logged_and_later_ones_still_run(
    scheduler, qtbot, caplog
) -> None:
    after: list[bool] = []

    def broken(_result: JobResult[Any]) -> None:
        raise RuntimeError("a widget bug")

    with caplog.at_level(logging.ERROR, logger="kiosk.scheduler"):
        scheduler.run(lambda: 1, broken, channel="printer")
        scheduler.run(lambda: 2, lambda r: after.append(True), channel="printer")
        qtbot.waitUntil(lambda: after == [True], timeout=WAIT_MS)
    assert scheduler.failures == 1
    assert any("a lane callback failed" in r.getMessage() for r in caplog.records)


def test_every_ticks_on_the_gui_thread_until_closed(scheduler, qtbot) -> None:
    gui = threading.get_ident()
    ticks: list[int] = []
    timer = scheduler.every(0.01, lambda: ticks.append(threading.get_ident()))
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=WAIT_MS)
    assert set(ticks) == {gui}
    scheduler.close()
    assert not timer.isActive()
    with pytest.raises(ValueError, match="positive"):
        QtScheduler.every(scheduler, 0, lambda: None)


def test_a_closed_scheduler_refuses_jobs_and_drops_what_was_still_queued(scheduler, qapp) -> None:
    delivered: list[object] = []
    scheduler.post(lambda: delivered.append("queued before close"))
    scheduler.close()
    qapp.processEvents()  # the queued delivery arrives now, after close
    assert delivered == []
    with pytest.raises(RuntimeError, match="closed"):
        scheduler.run(lambda: None, delivered.append, channel="payment")
    scheduler.post(lambda: delivered.append("after close"))
    qapp.processEvents()
    assert delivered == []
