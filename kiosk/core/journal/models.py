"""Journal tables (SQLModel): the kiosk's durable record.

Times are UTC, stored as ISO-8601 text ending in ``Z`` (sortable, unambiguous on every
database). JSON payloads are stored as text written with sorted keys.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

IN_FLIGHT = ("pending", "unknown")
PAYMENT_STATUSES = ("pending", "approved", "declined", "unknown", "cancelled", "failed", "reversed")
TRANSACTION_STATUSES = ("open", "paid", "cancelled", "suspended", "paid_elsewhere")
HELP_STATUSES = ("raised", "acknowledged", "resolved", "cancelled")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class JournalModel(SQLModel, registry=registry()):
    """Base of the journal's tables; their metadata is apart from the catalog's."""


class JournalTransaction(JournalModel, table=True):
    __tablename__ = "journal_transaction"
    __table_args__ = (
        CheckConstraint(_in("status", TRANSACTION_STATUSES), name="ck_transaction_status"),
        # At most one open transaction per kiosk: a restart resumes it, never starts a second.
        Index(
            "ux_transaction_open",
            "kiosk_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: str = Field(primary_key=True, max_length=32)
    kiosk_id: str = Field(max_length=32)
    status: str = Field(default="open", max_length=20)
    language: str = Field(default="nl", max_length=5)
    business_date: date  # the shopper's day: it decides the promotions, also after a restart
    opened_at: str = Field(max_length=32)
    closed_at: str | None = Field(default=None, max_length=32)
    last_event_no: int = 0
    total_cents: int | None = None


class CartEventRow(JournalModel, table=True):
    __tablename__ = "cart_event"
    __table_args__ = (UniqueConstraint("transaction_id", "event_no", name="uq_cart_event_no"),)

    seq: int | None = Field(default=None, primary_key=True)
    transaction_id: str = Field(foreign_key="journal_transaction.id", max_length=32)
    event_no: int
    type: str = Field(max_length=40)
    payload: str
    recorded_at: str = Field(max_length=32)


class PaymentRow(JournalModel, table=True):
    __tablename__ = "payment"
    __table_args__ = (
        UniqueConstraint("reference", name="uq_payment_reference"),
        CheckConstraint(_in("status", PAYMENT_STATUSES), name="ck_payment_status"),
        CheckConstraint("amount_cents > 0", name="ck_payment_amount"),
        # One payment in flight per transaction: the database refuses a second one.
        Index(
            "ux_payment_in_flight",
            "transaction_id",
            unique=True,
            sqlite_where=text(_in("status", IN_FLIGHT)),
            postgresql_where=text(_in("status", IN_FLIGHT)),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=40)
    transaction_id: str = Field(foreign_key="journal_transaction.id", max_length=32)
    amount_cents: int
    status: str = Field(default="pending", max_length=20)
    started_at: str = Field(max_length=32)
    finished_at: str | None = Field(default=None, max_length=32)
    result: str = "{}"


class HelpCallRow(JournalModel, table=True):
    __tablename__ = "help_call"
    __table_args__ = (CheckConstraint(_in("status", HELP_STATUSES), name="ck_help_status"),)

    id: str = Field(primary_key=True, max_length=32)
    transaction_id: str | None = Field(
        default=None, foreign_key="journal_transaction.id", max_length=32
    )
    reason: str = Field(max_length=40)
    context: str = "{}"
    status: str = Field(default="raised", max_length=20)
    staff: str | None = Field(default=None, max_length=80)
    outcome: str | None = Field(default=None, max_length=200)
    raised_at: str = Field(max_length=32)
    updated_at: str = Field(max_length=32)


class OutboxRow(JournalModel, table=True):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_unconfirmed", "confirmed_at", "created_at"),)

    id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(max_length=40)
    payload: str
    created_at: str = Field(max_length=32)
    attempts: int = 0
    last_attempt_at: str | None = Field(default=None, max_length=32)
    confirmed_at: str | None = Field(default=None, max_length=32)


JOURNAL_METADATA = JournalModel.metadata
