"""Kill test: a process that changes a cart is SIGKILLed at random points, over and over.

After every kill: every acknowledged change is in the journal (every acknowledgement the
child sent before it died, also those the test had not read yet), at most one more (a
commit that finished just before the kill, whose ACK never got out), never a partial
one (each event decodes and replays, the event counter matches the rows), and SQLite's
``integrity_check`` says ok. This proves atomicity; durability across power loss
rests on ``synchronous=FULL``, asserted in test_journal.py.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.core.cart import Cart
from kiosk.core.journal import Journal
from kiosk.core.journal.journal import CART_EVENT, TRANSACTION
from tests.core import journal_child
from tests.core.journal_child import TODAY, fingerprint

TRIALS = int(os.environ.get("SELFSCAN_KILL_TRIALS", "50"))


def _child(path: str, seed: int, pipe: Connection) -> None:
    journal_child.run(path, seed, lambda number, digest: pipe.send((number, digest)))


@pytest.fixture(scope="module")
def fork_server() -> BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.core.journal_child"])
    return context


def _run_and_kill(
    context: BaseContext, journal: Path, seed: int, kill_after: int
) -> dict[int, str]:
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(str(journal), seed, sender), daemon=True)
    child.start()
    sender.close()
    acked: dict[int, str] = {}  # event number -> digest of the acknowledged content
    try:
        assert receiver.poll(60), "the child never became ready"
        assert receiver.recv() == (0, "")
        while len(acked) < kill_after:
            assert receiver.poll(60), "the child stopped acknowledging"
            number, digest = receiver.recv()
            acked[number] = digest
        # The child is writing its next change right now: kill it mid-flight.
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join(30)
        # Acknowledgements it sent before it died are promises too, read or not: on a busy
        # machine the child can get a few changes ahead of this reader.
        while receiver.poll(0):
            try:
                number, digest = receiver.recv()
            except EOFError:
                break
            acked[number] = digest
    finally:
        child.kill()
        child.join(30)
        receiver.close()
    assert child.exitcode == -signal.SIGKILL
    return acked


@pytest.mark.slow
def test_no_acknowledged_change_is_lost_and_none_is_partial(
    tmp_path: Path, fork_server: BaseContext
) -> None:
    rng = random.Random(20261123)
    path = tmp_path / "journal.db"
    confirmed = 0  # events known to be in the journal after the previous trial
    promised: dict[int, str] = {}  # every acknowledgement of every trial so far
    for trial in range(TRIALS):
        acked = _run_and_kill(fork_server, path, seed=trial, kill_after=rng.randint(1, 40))
        assert list(acked) == list(range(confirmed + 1, confirmed + 1 + len(acked)))
        promised.update(acked)
        last = max(acked)
        with Journal(path, kiosk_id="kiosk-kill") as journal:
            assert journal.integrity_check() == "ok"
            restored = journal.restore()
            assert restored is not None
            count = len(restored.events)
            assert last <= count <= last + 1, (trial, last, count)
            # what was promised is there to the letter, not merely something of that number
            stored = {n: fingerprint(e) for n, e in enumerate(restored.events, start=1)}
            assert {n: stored[n] for n in promised} == promised
            with journal.engine.connect() as conn:
                rows, top = conn.execute(
                    select(func.count(), func.max(CART_EVENT.c.event_no)).where(
                        CART_EVENT.c.transaction_id == restored.id
                    )
                ).one()
                counter = conn.execute(
                    select(TRANSACTION.c.last_event_no).where(TRANSACTION.c.id == restored.id)
                ).scalar_one()
            assert rows == top == counter == count  # no gap, no half-written change
            # every event decodes and the cart replays: nothing partial or illegal
            assert restored.business_date == TODAY
            cart = Cart.replay(restored.id, restored.business_date, restored.events)
            assert cart.totals.total_cents >= 0
        confirmed = count
