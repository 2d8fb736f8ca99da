"""The audit log: append, read, a keyed hash chain that verify() checks, append-only
triggers in the database, and tampering (with the triggers dropped) detected."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from kiosk.core.database import pragmas
from kiosk.core.staff import (
    GENESIS,
    AuditLog,
    Role,
    StaffKey,
    StaffMember,
    SystemActor,
    open_store,
)
from kiosk.core.staff.audit import _chain_hash, _fields
from kiosk.core.staff.models import STORE_METADATA

KEY = StaffKey(bytes(range(32)))
SAM = StaffMember(id=7, login="1042", name="Sam", role=Role.ATTENDANT)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def engine(path: Path):
    engine = open_store(path)
    yield engine
    engine.dispose()


@pytest.fixture
def log(engine: Engine) -> AuditLog:
    moments = iter(datetime(2026, 5, 4, 9, 0, n, tzinfo=UTC) for n in range(60))
    return AuditLog(engine, KEY, clock=lambda: next(moments))


def fill(log: AuditLog) -> None:
    log.record(SystemActor("selfscan-staff (os user ops)"), "staff_added", after={"login": "1042"})
    log.record(SAM, "approve_age", kiosk_id="kiosk-1", transaction_id="t1", detail={"age": 18})
    log.record(
        SAM,
        "approve_void",
        kiosk_id="kiosk-1",
        transaction_id="t1",
        before={"lines": 3, "total_cents": 1249},
        after={"lines": 2, "total_cents": 1050},
    )
    log.record(None, "login_locked", kiosk_id="kiosk-2", detail={"scope": "lane"})


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_record_and_read(log: AuditLog) -> None:
    fill(log)
    entries = log.entries()
    assert [e.id for e in entries] == [1, 2, 3, 4]
    assert entries[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.entry_hash for a, b in pairwise(entries))
    void = entries[2]
    assert void.at == "2026-05-04T09:00:02.000000Z"
    assert (void.actor_staff_id, void.actor_role, void.actor_name) == (7, "attendant", "Sam")
    assert (void.kiosk_id, void.transaction_id) == ("kiosk-1", "t1")
    assert void.before == {"lines": 3, "total_cents": 1249}
    assert void.after == {"lines": 2, "total_cents": 1050}
    assert entries[0].actor_role == "system" and entries[0].actor_staff_id is None
    assert entries[3].actor_role == "none"
    assert [e.id for e in log.entries(transaction_id="t1")] == [2, 3]
    assert [e.id for e in log.entries(kiosk_id="kiosk-2")] == [4]
    assert [e.id for e in log.entries(after_id=2, limit=1)] == [3]
    assert [e.id for e in log.entries(actor_staff_id=7, action="approve_age")] == [2]
    assert [e.id for e in log.entries(since="2026-05-04T09:00:01.000000Z")] == [2, 3, 4]
    assert [e.id for e in log.entries(until="2026-05-04T09:00:01.000000Z")] == [1]
    assert log.entries()[2].to_dict()["actor"] == {
        "staff_id": 7,
        "role": "attendant",
        "name": "Sam",
    }


def test_bad_records_are_refused_and_nothing_is_written(log: AuditLog) -> None:
    with pytest.raises(ValueError, match="action"):
        log.record(SAM, "Approve Age")
    with pytest.raises(ValueError, match="JSON"):
        log.record(SAM, "approve_age", detail={"when": datetime.now(UTC)})
    with pytest.raises(ValueError, match="before/after"):
        log.record(SAM, "approve_void", detail={"before": 1})
    with pytest.raises(ValueError, match="kiosk_id"):
        log.record(SAM, "approve_age", kiosk_id="k" * 33)
    assert log.entries() == []
    assert log.verify().ok


def test_verify_an_intact_log(log: AuditLog) -> None:
    empty = log.verify()
    assert (empty.ok, empty.checked, empty.head) == (True, 0, GENESIS)
    fill(log)
    result = log.verify()
    assert (result.ok, result.checked, result.broken_at) == (True, 4, None)
    assert result.head == log.entries()[-1].entry_hash


def test_the_database_refuses_update_and_delete(log: AuditLog, engine: Engine, path: Path) -> None:
    fill(log)
    with raw(path) as conn:
        for statement in (
            "UPDATE audit_entry SET actor_name = 'Kim' WHERE id = 2",
            "DELETE FROM audit_entry WHERE id = 4",
            "DELETE FROM audit_entry",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)
    with engine.begin() as conn, pytest.raises(IntegrityError, match="append-only"):
        conn.exec_driver_sql("UPDATE audit_entry SET detail = '{}'")
    assert log.verify().ok and len(log.entries()) == 4


def tamper(path: Path, *statements: str) -> None:
    """What an intruder with the file could do: drop the triggers, then edit."""
    with raw(path) as conn:
        conn.execute("DROP TRIGGER audit_entry_no_update")
        conn.execute("DROP TRIGGER audit_entry_no_delete")
        for statement in statements:
            conn.execute(statement)


def test_an_edited_entry_is_detected(log: AuditLog, path: Path) -> None:
    fill(log)
    tamper(path, "UPDATE audit_entry SET detail = '{\"age\":25}' WHERE id = 2")
    result = log.verify()
    assert (result.ok, result.broken_at, result.checked) == (False, 2, 1)
    assert "entry 2 was changed" in result.problem


def test_a_forged_chain_without_the_key_is_detected(log: AuditLog, path: Path) -> None:
    """The chain is keyed: an intruder who edits an entry and recomputes every later hash
    (with any key but ours) still fails verification."""
    fill(log)
    forger = StaffKey(b"f" * 32)
    tamper(path, "UPDATE audit_entry SET actor_name = 'Kim' WHERE id = 3")
    with raw(path) as conn:
        conn.row_factory = sqlite3.Row
        prev = conn.execute("SELECT entry_hash FROM audit_entry WHERE id = 2").fetchone()[0]
        for row in conn.execute("SELECT * FROM audit_entry WHERE id >= 3 ORDER BY id").fetchall():
            forged = _chain_hash(forger, prev, _fields(SimpleNamespace(**dict(row))))
            conn.execute(
                "UPDATE audit_entry SET prev_hash = ?, entry_hash = ? WHERE id = ?",
                (prev, forged, row["id"]),
            )
            prev = forged
    result = log.verify()
    assert (result.ok, result.broken_at) == (False, 3)
    assert "entry 3 was changed" in result.problem


def test_a_deleted_entry_is_detected(log: AuditLog, path: Path) -> None:
    fill(log)
    tamper(path, "DELETE FROM audit_entry WHERE id = 2")
    result = log.verify()
    assert (result.ok, result.broken_at) == (False, 3)
    assert "entry 2 missing" in result.problem


def test_a_deleted_and_renumbered_entry_is_detected(log: AuditLog, path: Path) -> None:
    fill(log)
    tamper(
        path,
        "DELETE FROM audit_entry WHERE id = 2",
        "UPDATE audit_entry SET id = id - 1 WHERE id > 2",
    )
    result = log.verify()
    assert (result.ok, result.broken_at) == (False, 2)
    assert "does not follow" in result.problem


def test_another_key_cannot_verify_the_chain(log: AuditLog, engine: Engine) -> None:
    fill(log)
    assert not AuditLog(engine, StaffKey(b"x" * 32)).verify().ok


def test_appending_continues_the_chain_across_instances(engine: Engine) -> None:
    AuditLog(engine, KEY).record(SAM, "lock_lane", kiosk_id="kiosk-1")
    AuditLog(engine, KEY).record(SAM, "unlock_lane", kiosk_id="kiosk-1")
    assert [e.id for e in AuditLog(engine, KEY).entries()] == [1, 2]
    assert AuditLog(engine, KEY).verify().ok


def test_verify_reads_in_batches(log: AuditLog) -> None:
    for n in range(25):
        log.record(SAM, "key_in_item", kiosk_id="kiosk-1", detail={"n": n})
    batches = list(log._rows(batch=10))
    assert [row.id for row in batches] == list(range(1, 26))
    assert log.verify().checked == 25


def test_store_database_pragmas_and_migration_match_the_models(engine: Engine) -> None:
    settings = pragmas(engine)
    assert settings["journal_mode"] == "wal"
    assert settings["synchronous"] == 2  # FULL
    assert settings["foreign_keys"] == 1
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), STORE_METADATA)
    assert differences == []


def test_opening_again_keeps_the_triggers(path: Path, engine: Engine) -> None:
    open_store(path).dispose()
    with raw(path) as conn:
        names = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    assert names == {"audit_entry_no_update", "audit_entry_no_delete", "audit_entry_no_replace"}
