"""The console's event log: every event a kiosk published, stored once, before it is acked.

A kiosk re-sends each outbox event (help calls, interventions, sales, device faults) until
a console answers with an ``Ack`` naming it. The console may ack only what it has on
disk, so :meth:`EventLog.add` commits before it returns: an event acked and then lost in a
console crash would be lost for good, while an event stored and not acked is merely sent
again and ignored here as a duplicate (insert-or-ignore on the kiosk and event id).
Together that gives exactly-once storage across a console restart.

The file is SQLite in WAL mode with ``synchronous=FULL``: an event is on disk before
``add`` returns, because the console acks it right after and the kiosk then never sends
it again (with NORMAL a power cut could take back an acked event). Writes
take the lock up front (``BEGIN IMMEDIATE``) so a second reader (a figures export) never
makes a write fail half-way.

Each row keeps the event's exact payload (``protocol.encode``), so the log can be read back
into the same pydantic models, and a few indexed columns for the queries the console
makes: by kiosk, by kind, by the time it happened on the lane.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from kiosk.link import protocol

__all__ = ["EventLog", "EventLogError", "StoredEvent", "timestamp"]

log = logging.getLogger("attendant.eventlog")

BUSY_TIMEOUT_MS = 5000
SCHEMA_VERSION = 1
"""``PRAGMA user_version`` of the file; a newer file is refused rather than misread."""

_EVENT = TypeAdapter(protocol.AnyEvent)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS event (
    kiosk_id       TEXT NOT NULL,
    id             TEXT NOT NULL,
    kind           TEXT NOT NULL,
    occurred_at    TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    transaction_id TEXT,
    payload        BLOB NOT NULL,
    PRIMARY KEY (kiosk_id, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_by_time ON event (occurred_at);
CREATE INDEX IF NOT EXISTS event_by_kiosk ON event (kiosk_id, occurred_at);
CREATE INDEX IF NOT EXISTS event_by_kind ON event (kind, occurred_at);
"""


class EventLogError(RuntimeError):
    """The log file cannot be used (a newer schema, or not an event log at all)."""


def timestamp(moment: datetime) -> str:
    """A time as stored: UTC, fixed width, so text order is time order."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("event log times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as the log holds it: which kiosk sent it, the event, and when it arrived
    here (the console's clock; ``event.occurred_at`` is the lane's)."""

    kiosk_id: str
    event: protocol.Event
    received_at: datetime


class EventLog:
    """The SQLite event log at ``path`` (created when missing).

    One connection, guarded by a lock, so the paho thread, the GUI thread or a figures
    worker may all call it; each call is short (an insert or an indexed range query).
    ``clock`` stamps ``received_at`` (inject one in tests).
    """

    def __init__(self, path: Path | str, *, clock: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,  # we say BEGIN ourselves
            check_same_thread=False,
        )
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise EventLogError(
                    f"{self.path} has event log schema {version}; this console knows "
                    f"{SCHEMA_VERSION} (a newer console wrote it)"
                )
            db.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            db.close()
            raise EventLogError(f"{self.path} is not a usable event log: {error}") from error
        except BaseException:
            db.close()
            raise
        return db

    # -- writing ---------------------------------------------------------------------------

    def add(self, kiosk_id: str, event: protocol.Event) -> bool:
        """Store ``event`` from ``kiosk_id``; False when it was stored before (a re-send).

        When this returns (either way) the event is on disk and may be acked. A failure
        to write raises ``sqlite3.Error``: then the event must *not* be acked.
        """
        row = (
            kiosk_id,
            event.id,
            str(event.event),
            timestamp(event.occurred_at),
            timestamp(self._clock()),
            event.transaction_id,
            protocol.encode(event),
        )
        with self._write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO event (kiosk_id, id, kind, occurred_at, received_at,"
                " transaction_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            stored = cursor.rowcount == 1
        if not stored:
            log.debug("event %s of %s stored before (a re-send)", event.id, kiosk_id)
        return stored

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = self._connection()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            raise EventLogError(f"the event log {self.path} is closed")
        return self._db

    # -- reading ---------------------------------------------------------------------------

    def events(
        self,
        kiosk_id: str | None = None,
        since: datetime | None = None,
        kinds: Iterable[protocol.EventKind | str] | None = None,
        limit: int | None = None,
        *,
        until: datetime | None = None,
        newest_first: bool = False,
    ) -> list[StoredEvent]:
        """The stored events that happened (``occurred_at``) in ``[since, until)``, of
        ``kiosk_id`` (all kiosks: None) and of ``kinds`` (all: None), oldest first (or
        newest first), at most ``limit``. Ties in time keep the order they arrived in."""
        where: list[str] = []
        args: list[Any] = []
        if kiosk_id is not None:
            where.append("kiosk_id = ?")
            args.append(kiosk_id)
        if since is not None:
            where.append("occurred_at >= ?")
            args.append(timestamp(since))
        if until is not None:
            where.append("occurred_at < ?")
            args.append(timestamp(until))
        if kinds is not None:
            names = sorted({str(kind) for kind in kinds})
            if not names:
                return []
            where.append(f"kind IN ({', '.join('?' * len(names))})")
            args.extend(names)
        direction = "DESC" if newest_first else "ASC"
        sql = "SELECT kiosk_id, received_at, payload FROM event"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY occurred_at {direction}, received_at {direction}, id {direction}"
        if limit is not None:
            if limit < 0:
                raise ValueError("limit must not be negative")
            sql += " LIMIT ?"
            args.append(limit)
        with self._lock:
            rows = self._connection().execute(sql, args).fetchall()
        return [
            StoredEvent(
                kiosk_id=kiosk,
                event=_EVENT.validate_json(payload),
                received_at=datetime.fromisoformat(received),
            )
            for kiosk, received, payload in rows
        ]

    def contains(self, kiosk_id: str, event_id: str) -> bool:
        """Whether the event is stored (an ack may be sent for it)."""
        with self._lock:
            row = (
                self._connection()
                .execute("SELECT 1 FROM event WHERE kiosk_id = ? AND id = ?", (kiosk_id, event_id))
                .fetchone()
            )
        return row is not None

    def count(self) -> int:
        with self._lock:
            return int(self._connection().execute("SELECT count(*) FROM event").fetchone()[0])

    def pragmas(self) -> dict[str, Any]:
        """The connection's pragmas (for tests and diagnostics)."""
        with self._lock:
            db = self._connection()
            return {
                name: db.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("journal_mode", "synchronous", "busy_timeout", "user_version")
            }

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the file (idempotent). WAL is checkpointed by SQLite on the last close."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
