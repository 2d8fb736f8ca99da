"""One cart change written to the journal (``record_cart_event``: BEGIN IMMEDIATE, the
transaction's status, the payment guard, the event, the counter, COMMIT with fsync).

    python bench/bench_journal_append.py [--events 500]

Prints p50 / p99 / max in ms, next to the same commit as raw ``sqlite3`` (the floor:
one insert and one update, ``synchronous=FULL``, WAL) on the same disk.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.core.cart import QuantityChanged  # noqa: E402
from kiosk.core.journal import Journal  # noqa: E402


def _summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (
        f"p50 {statistics.median(ordered) * 1000:.2f} / p99 {p99 * 1000:.2f} / "
        f"max {ordered[-1] * 1000:.2f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="selfscan-journal-bench-", dir=ROOT / "var"))
    journal = Journal(folder / "journal.db", kiosk_id="bench")
    transaction = journal.open_transaction()
    ours = []
    for number in range(args.events):
        event = QuantityChanged(line_id="l1", quantity=number + 1)
        started = time.perf_counter()
        journal.record_cart_event(transaction, event)
        ours.append(time.perf_counter() - started)
    journal.close()

    raw = sqlite3.connect(folder / "raw.db", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE e (n INTEGER PRIMARY KEY, payload TEXT)")
    raw.execute("CREATE TABLE t (id TEXT PRIMARY KEY, last INTEGER)")
    raw.execute("INSERT INTO t VALUES ('t', 0)")
    floor = []
    for number in range(args.events):
        started = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO e VALUES (?, ?)", (number, '{"type": "quantity_changed"}'))
        raw.execute("UPDATE t SET last = ? WHERE id = 't'", (number,))
        raw.execute("COMMIT")
        floor.append(time.perf_counter() - started)
    raw.close()
    print(f"record_cart_event: {_summary(ours)} (n={args.events})")
    print(f"raw sqlite3 floor: {_summary(floor)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
