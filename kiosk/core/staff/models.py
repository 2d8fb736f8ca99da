"""Store database tables (SQLModel): the staff roster, login throttling and the audit log.

The same models run on the default SQLite file (``paths.store``) and on PostgreSQL.
Times are UTC, stored as ISO-8601 text ending in ``Z`` (sortable as text, unambiguous
on every database), like the journal. JSON is stored as text with sorted keys.

No table holds a PIN, a badge code or the secret key: ``pin_hash`` is the argon2id
encoded hash of the keyed PIN, ``badge_hash`` a keyed HMAC of the badge code, and
``login_throttle.subject`` a keyed HMAC of the login that was typed (so a PIN typed into
the login field by mistake is not written down). ``store_setting`` keeps a key check
value, never the key.

``audit_entry`` is append-only: the migration adds triggers that abort every UPDATE and
DELETE (SQLite) or UPDATE, DELETE and TRUNCATE (PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

ROLES = ("attendant", "supervisor", "technician")
THROTTLE_SCOPES = ("login", "lane")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class StoreModel(SQLModel, registry=registry()):
    """Base of the store database's tables; their metadata is apart from the others'."""


class StaffRow(StoreModel, table=True):
    __tablename__ = "staff"
    __table_args__ = (
        UniqueConstraint("login", name="uq_staff_login"),
        UniqueConstraint("badge_hash", name="uq_staff_badge"),
        CheckConstraint(_in("role", ROLES), name="ck_staff_role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=32)  # the staff number typed at the lane
    name: str = Field(max_length=40)  # what the shopper sees: "Sam"
    role: str = Field(max_length=20)
    pin_hash: str = Field(max_length=200)
    badge_hash: str | None = Field(default=None, max_length=64)
    active: bool = True
    created_at: str = Field(max_length=32)
    updated_at: str = Field(max_length=32)


class LoginThrottleRow(StoreModel, table=True):
    """Failed logins per typed login (``scope='login'``) and per lane (``scope='lane'``)."""

    __tablename__ = "login_throttle"
    __table_args__ = (
        UniqueConstraint("scope", "subject", name="uq_throttle_subject"),
        CheckConstraint(_in("scope", THROTTLE_SCOPES), name="ck_throttle_scope"),
        CheckConstraint("failures >= 0 AND lock_level >= 0", name="ck_throttle_counts"),
    )

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=10)
    subject: str = Field(max_length=64)
    failures: int = 0  # within the current window
    window_started_at: str | None = Field(default=None, max_length=32)
    last_failure_at: str | None = Field(default=None, max_length=32)
    locked_until: str | None = Field(default=None, max_length=32)
    lock_level: int = 0  # how many locks so far: the next one lasts longer


class AuditEntryRow(StoreModel, table=True):
    __tablename__ = "audit_entry"
    __table_args__ = (
        # The chain is a line: no two entries follow the same one.
        UniqueConstraint("prev_hash", name="uq_audit_prev_hash"),
    )

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: str = Field(max_length=32)
    actor_staff_id: int | None = None
    actor_role: str = Field(max_length=20)
    actor_name: str = Field(max_length=80)
    action: str = Field(max_length=40, index=True)
    kiosk_id: str | None = Field(default=None, max_length=32)
    transaction_id: str | None = Field(default=None, max_length=32)
    detail: str = "{}"
    prev_hash: str = Field(max_length=64)
    entry_hash: str = Field(max_length=64)


class StoreSettingRow(StoreModel, table=True):
    __tablename__ = "store_setting"

    name: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=200)


STORE_METADATA = StoreModel.metadata
