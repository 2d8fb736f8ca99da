"""The audit log: an append-only, hash-chained record of every staff action.

Each entry says who (staff id, role, name; or a system tool), what (``action``: a short
lower-case name such as ``approve_age`` or ``staff_added``), when (UTC), where (kiosk id)
and in which transaction, with a JSON ``detail`` holding ``before`` and ``after`` and any
other facts. Never put a PIN, a badge code or card data in it.

Append-only twice over:

- the database refuses UPDATE and DELETE of ``audit_entry`` (triggers made by the
  migration; on PostgreSQL also TRUNCATE);
- each entry carries ``prev_hash`` (the previous entry's ``entry_hash``; 64 zeros for the
  first) and ``entry_hash`` = HMAC-SHA256(audit key, prev_hash + "\\n" + the entry's
  canonical JSON), the audit key being derived from the staff key file. ``verify()``
  recomputes the chain: an edited entry, a deleted one, or entries swapped show up as a
  broken link, and without the key file nobody can forge a consistent chain. Entries are
  numbered 1, 2, 3... so a gap is reported too. (Removing the newest entries leaves a
  consistent but shorter chain: keep the ``head`` hash that ``verify()`` reports, e.g. in
  the daily close, to detect that.)

Appends are serialised (``BEGIN IMMEDIATE`` on SQLite, a transaction-level advisory lock
on PostgreSQL); the unique ``prev_hash`` column makes a fork impossible even so.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text

from kiosk.core.database import write_transaction
from kiosk.core.staff.keys import StaffKey
from kiosk.core.staff.members import Actor, StaffMember
from kiosk.core.staff.models import AuditEntryRow
from kiosk.core.staff.store import Clock, timestamp, utc_now

__all__ = ["GENESIS", "AuditEntry", "AuditLog", "AuditVerification"]

AUDIT = AuditEntryRow.__table__  # type: ignore[attr-defined]
GENESIS = "0" * 64
ACTION_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_ADVISORY_LOCK_ID = 0x5E1F5CA4  # PostgreSQL: one writer of the chain at a time


def _json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    actor_staff_id: int | None
    actor_role: str
    actor_name: str
    action: str
    kiosk_id: str | None
    transaction_id: str | None
    detail: dict[str, Any]
    prev_hash: str
    entry_hash: str

    @property
    def before(self) -> Any:
        return self.detail.get("before")

    @property
    def after(self) -> Any:
        return self.detail.get("after")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "actor": {
                "staff_id": self.actor_staff_id,
                "role": self.actor_role,
                "name": self.actor_name,
            },
            "action": self.action,
            "kiosk_id": self.kiosk_id,
            "transaction_id": self.transaction_id,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
            "entry_hash": self.entry_hash,
        }


@dataclass(frozen=True, slots=True)
class AuditVerification:
    """The result of ``AuditLog.verify()``: ``ok``, or the first broken entry and why."""

    ok: bool
    checked: int
    head: str  # the last good entry's hash (GENESIS for an empty log)
    broken_at: int | None = None
    problem: str | None = None


def _chain_hash(key: StaffKey, prev_hash: str, fields: list[Any]) -> str:
    return key.mac("audit", prev_hash.encode("ascii") + b"\n" + _json(fields).encode()).hex()


def _fields(row: Any) -> list[Any]:
    """What the hash covers: every column but the hashes, the detail as stored text."""
    return [
        row.id,
        row.at,
        row.actor_staff_id,
        row.actor_role,
        row.actor_name,
        row.action,
        row.kiosk_id,
        row.transaction_id,
        row.detail,
    ]


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor_staff_id=row.actor_staff_id,
        actor_role=row.actor_role,
        actor_name=row.actor_name,
        action=row.action,
        kiosk_id=row.kiosk_id,
        transaction_id=row.transaction_id,
        detail=json.loads(row.detail),
        prev_hash=row.prev_hash,
        entry_hash=row.entry_hash,
    )


class AuditLog:
    """Append and read the store's audit log. Safe to share between threads."""

    def __init__(self, engine: Engine, key: StaffKey, *, clock: Clock = utc_now):
        self._engine = engine
        self._key = key
        self._clock = clock

    def record(
        self,
        actor: Actor | None,
        action: str,
        *,
        kiosk_id: str | None = None,
        transaction_id: str | None = None,
        before: Any = None,
        after: Any = None,
        detail: dict[str, Any] | None = None,
    ) -> AuditEntry:
        """Append one entry (its own durable transaction) and return it.

        ``actor`` None means nobody was identified (e.g. a lock after failed logins).
        """
        values = self._values(actor, action, kiosk_id, transaction_id, before, after, detail)
        with write_transaction(self._engine) as conn:
            return self._append(conn, values)

    def record_in(
        self,
        conn: Connection,
        actor: Actor | None,
        action: str,
        *,
        kiosk_id: str | None = None,
        transaction_id: str | None = None,
        before: Any = None,
        after: Any = None,
        detail: dict[str, Any] | None = None,
    ) -> AuditEntry:
        """Like ``record``, inside the caller's write transaction on this log's database,
        so a change and its audit entry are committed together or not at all."""
        values = self._values(actor, action, kiosk_id, transaction_id, before, after, detail)
        return self._append(conn, values)

    def _values(
        self,
        actor: Actor | None,
        action: str,
        kiosk_id: str | None,
        transaction_id: str | None,
        before: Any,
        after: Any,
        detail: dict[str, Any] | None,
    ) -> dict[str, Any]:
        if not ACTION_PATTERN.match(action):
            raise ValueError(f"audit action {action!r}: lower-case letters, digits and '_'")
        for name, value in (("kiosk_id", kiosk_id), ("transaction_id", transaction_id)):
            if value is not None and not 0 < len(value) <= 32:
                raise ValueError(f"audit {name}: 1 to 32 characters")
        extra = dict(detail or {})
        if {"before", "after"} & extra.keys():
            raise ValueError("pass before/after as their own arguments, not inside detail")
        if before is not None:
            extra["before"] = before
        if after is not None:
            extra["after"] = after
        try:
            detail_text = _json(extra)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"audit detail is not JSON: {exc}") from None
        if actor is None:
            staff_id, role, name = None, "none", "(not identified)"
        elif isinstance(actor, StaffMember):
            staff_id, role, name = actor.id, actor.role.value, actor.name
        else:
            staff_id, role, name = None, actor.role, actor.name
        return {
            "at": timestamp(self._clock()),
            "actor_staff_id": staff_id,
            "actor_role": role,
            "actor_name": name[:80],
            "action": str(action),
            "kiosk_id": kiosk_id,
            "transaction_id": transaction_id,
            "detail": detail_text,
        }

    def _append(self, conn: Connection, values: dict[str, Any]) -> AuditEntry:
        if conn.dialect.name == "postgresql":
            # SQLite's BEGIN IMMEDIATE already makes this the only writer.
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _ADVISORY_LOCK_ID})
        last = conn.execute(
            select(AUDIT.c.id, AUDIT.c.entry_hash).order_by(AUDIT.c.id.desc()).limit(1)
        ).one_or_none()
        row = dict(values)
        row["id"] = 1 if last is None else last.id + 1
        row["prev_hash"] = GENESIS if last is None else last.entry_hash
        # A row about to be written hashes exactly like the same row read back.
        as_read = SimpleNamespace(**row)
        row["entry_hash"] = _chain_hash(self._key, row["prev_hash"], _fields(as_read))
        conn.execute(insert(AUDIT).values(**row))
        return _entry(SimpleNamespace(**row))

    def entries(
        self,
        *,
        after_id: int = 0,
        limit: int | None = None,
        action: str | None = None,
        kiosk_id: str | None = None,
        transaction_id: str | None = None,
        actor_staff_id: int | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[AuditEntry]:
        """Entries in order (oldest first) after ``after_id``, filtered; for paging use
        the last id seen as the next ``after_id``. ``since``/``until`` are timestamps as
        stored (``2026-05-01T00:00:00.000000Z``), ``until`` exclusive."""
        query = select(AUDIT).where(AUDIT.c.id > after_id).order_by(AUDIT.c.id)
        for column, value in (
            (AUDIT.c.action, action),
            (AUDIT.c.kiosk_id, kiosk_id),
            (AUDIT.c.transaction_id, transaction_id),
            (AUDIT.c.actor_staff_id, actor_staff_id),
        ):
            if value is not None:
                query = query.where(column == value)
        if since is not None:
            query = query.where(AUDIT.c.at >= since)
        if until is not None:
            query = query.where(AUDIT.c.at < until)
        if limit is not None:
            query = query.limit(limit)
        with self._engine.connect() as conn:
            return [_entry(row) for row in conn.execute(query)]

    def _rows(self, batch: int = 1000) -> Iterator[Any]:
        after = 0
        while True:
            query = select(AUDIT).where(AUDIT.c.id > after).order_by(AUDIT.c.id).limit(batch)
            with self._engine.connect() as conn:
                rows = conn.execute(query).all()
            yield from rows
            if len(rows) < batch:
                return
            after = rows[-1].id

    def verify(self) -> AuditVerification:
        """Recompute the chain from the first entry; report the first entry that breaks it."""
        expected_id, prev_hash, checked = 1, GENESIS, 0
        for row in self._rows():
            if row.id != expected_id:
                missing = (
                    f"entry {expected_id}"
                    if row.id == expected_id + 1
                    else f"entries {expected_id} to {row.id - 1}"
                )
                return AuditVerification(
                    False, checked, prev_hash, row.id, f"{missing} missing before entry {row.id}"
                )
            if row.prev_hash != prev_hash:
                return AuditVerification(
                    False,
                    checked,
                    prev_hash,
                    row.id,
                    f"entry {row.id} does not follow entry {row.id - 1} "
                    "(an earlier entry was changed or replaced)",
                )
            if not _same(_chain_hash(self._key, prev_hash, _fields(row)), row.entry_hash):
                return AuditVerification(
                    False,
                    checked,
                    prev_hash,
                    row.id,
                    f"entry {row.id} was changed after it was written",
                )
            prev_hash, expected_id, checked = row.entry_hash, expected_id + 1, checked + 1
        return AuditVerification(True, checked, prev_hash)


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
