"""The audit log refuses every rewrite in the database itself, whatever the SQL.

tests/core/test_audit.py already shows plain UPDATE and DELETE refused on SQLite (and
tests/core/test_postgres.py UPDATE, DELETE and TRUNCATE on PostgreSQL). Here the ways
around a BEFORE UPDATE / BEFORE DELETE trigger that SQL offers: ``INSERT OR REPLACE`` and
``REPLACE INTO`` (SQLite deletes the row in the way without firing DELETE triggers; this
rewrote entries until migration s0002), an upsert, ``UPDATE OR REPLACE``; each from a
plain ``sqlite3`` connection as any tool on the machine would open the file, and on a store
made before s0002 and upgraded in place. After each refusal the chain still verifies with
the same head and the same entries.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from kiosk.core.database import make_engine, upgrade
from kiosk.core.staff import AuditLog, StaffKey, SystemActor, open_store

KEY = StaffKey(bytes(range(32)))
TOOL = SystemActor("tests")
COLUMNS = (
    "id, at, actor_staff_id, actor_role, actor_name, action, kiosk_id, transaction_id, "
    "detail, prev_hash, entry_hash"
)
COPY_OF_2 = (
    "SELECT id, at, actor_staff_id, actor_role, actor_name, 'unlock_lane', kiosk_id, "
    "transaction_id, detail, prev_hash, entry_hash"
)
"""Entry 2 as it is, but for its action: what a rewrite would put in its place."""

REWRITES = [
    f"INSERT OR REPLACE INTO audit_entry ({COLUMNS}) {COPY_OF_2} FROM audit_entry WHERE id = 2",
    f"REPLACE INTO audit_entry ({COLUMNS}) {COPY_OF_2} FROM audit_entry WHERE id = 2",
    # a new id but entry 3's prev_hash: REPLACE would delete entry 3 to make room
    f"INSERT OR REPLACE INTO audit_entry ({COLUMNS}) "
    f"{COPY_OF_2.replace('SELECT id,', 'SELECT 99,')} FROM audit_entry WHERE id = 3",
    f"INSERT INTO audit_entry ({COLUMNS}) {COPY_OF_2} FROM audit_entry WHERE id = 2 "
    "ON CONFLICT(id) DO UPDATE SET action = excluded.action",
    "UPDATE OR REPLACE audit_entry SET id = 1 WHERE id = 2",
    "UPDATE audit_entry SET detail = '{}' WHERE id = 2",
    "DELETE FROM audit_entry WHERE id = 3",
    "DELETE FROM audit_entry",
]


def fill(engine: Engine) -> AuditLog:
    log = AuditLog(engine, KEY)
    for n in range(4):
        log.record(TOOL, "lock_lane", kiosk_id="kiosk-1", after={"n": n})
    return log


def rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT {COLUMNS} FROM audit_entry ORDER BY id").fetchall()


def assert_every_rewrite_is_refused(path: Path) -> None:
    before = rows(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in REWRITES:
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)
    finally:
        conn.close()
    assert rows(path) == before
    engine = open_store(path)
    try:
        result = AuditLog(engine, KEY).verify()
        assert (result.ok, result.checked, result.head) == (True, 4, before[-1][-1])
        # appending still works: the new trigger only stops inserts that collide
        AuditLog(engine, KEY).record(TOOL, "unlock_lane", kiosk_id="kiosk-1")
        assert AuditLog(engine, KEY).verify().checked == 5
    finally:
        engine.dispose()


def test_sqlite_refuses_every_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    engine = open_store(path)
    try:
        fill(engine)
    finally:
        engine.dispose()
    assert_every_rewrite_is_refused(path)


def test_a_store_from_before_the_fix_is_closed_when_it_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    engine = make_engine(path, synchronous="FULL")
    try:
        upgrade(engine, "store", "s0001")
        fill(engine)
    finally:
        engine.dispose()
    # what the hole was: s0001 alone let INSERT OR REPLACE rewrite an entry
    with sqlite3.connect(path, isolation_level=None) as conn:
        conn.execute("SAVEPOINT probe")
        conn.execute(REWRITES[0])
        assert conn.execute("SELECT action FROM audit_entry WHERE id = 2").fetchone() == (
            "unlock_lane",
        )
        conn.execute("ROLLBACK TO probe")
        conn.execute("RELEASE probe")
    open_store(path).dispose()  # the kiosk, the console or selfscan-staff opening it
    assert_every_rewrite_is_refused(path)


def test_postgresql_refuses_an_upsert_over_an_entry(pg_database: str) -> None:
    """PostgreSQL has no REPLACE; its upsert fires the UPDATE trigger and is refused."""
    engine = open_store(pg_database)
    try:
        log = fill(engine)
        head = log.verify().head
        upsert = (
            f"INSERT INTO audit_entry ({COLUMNS}) {COPY_OF_2} FROM audit_entry WHERE id = 2 "
            "ON CONFLICT (id) DO UPDATE SET action = excluded.action"
        )
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(upsert))
        result = log.verify()
        assert (result.ok, result.checked, result.head) == (True, 4, head)
    finally:
        engine.dispose()
