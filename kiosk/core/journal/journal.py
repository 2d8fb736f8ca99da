"""The journal: the kiosk's durable record of transactions, cart changes, payments,
help calls and the outbox of events to publish.

Every write is one ``BEGIN IMMEDIATE`` transaction on a SQLite file in WAL mode with
``synchronous=FULL``: when a method returns, what it wrote survives a crash or a
power cut, and a crash half-way through leaves no half of it behind. The kiosk
applies a change to its in-memory cart only *after* the journal has it, so the cart
on screen is never ahead of what a restart can restore.

A failed write (disk full, read-only file system, I/O error) raises
``JournalWriteError`` with a typed ``reason``, so the kiosk can stop selling safely
while what was already saved stays saved.
"""

from __future__ import annotations

import enum
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    func,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from kiosk.core.calendar import DEFAULT_TIMEZONE, business_day, store_zone
from kiosk.core.cart import CartEvent, event_from_dict
from kiosk.core.database import make_engine, upgrade, write_transaction
from kiosk.core.journal.models import (
    HELP_STATUSES,
    IN_FLIGHT,
    PAYMENT_STATUSES,
    TRANSACTION_STATUSES,
    CartEventRow,
    HelpCallRow,
    JournalTransaction,
    OutboxRow,
    PaymentRow,
)

TRANSACTION = JournalTransaction.__table__  # type: ignore[attr-defined]
CART_EVENT = CartEventRow.__table__  # type: ignore[attr-defined]
PAYMENT = PaymentRow.__table__  # type: ignore[attr-defined]
HELP_CALL = HelpCallRow.__table__  # type: ignore[attr-defined]
OUTBOX = OutboxRow.__table__  # type: ignore[attr-defined]

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("journal times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class WriteFailure(enum.StrEnum):
    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    IO_ERROR = "io_error"
    BUSY = "busy"
    CORRUPT = "corrupt"
    CANNOT_OPEN = "cannot_open"
    OTHER = "other"


# SQLite primary result codes (https://www.sqlite.org/rescode.html)
_FAILURES = {
    13: WriteFailure.DISK_FULL,  # SQLITE_FULL
    8: WriteFailure.READ_ONLY,  # SQLITE_READONLY
    10: WriteFailure.IO_ERROR,  # SQLITE_IOERR
    5: WriteFailure.BUSY,  # SQLITE_BUSY
    6: WriteFailure.BUSY,  # SQLITE_LOCKED
    11: WriteFailure.CORRUPT,  # SQLITE_CORRUPT
    26: WriteFailure.CORRUPT,  # SQLITE_NOTADB
    14: WriteFailure.CANNOT_OPEN,  # SQLITE_CANTOPEN
}


# The statements of a scan's write, built once: building a statement costs more than
# running it (every scan writes one cart event; see bench/bench_journal_append.py).
_OPEN_STATUS = select(TRANSACTION.c.status, TRANSACTION.c.last_event_no).where(
    TRANSACTION.c.id == bindparam("transaction_id")
)
_PAYMENT_GUARD = select(PAYMENT.c.status).where(
    and_(
        PAYMENT.c.transaction_id == bindparam("transaction_id"),
        PAYMENT.c.status.in_((*IN_FLIGHT, "approved")),
    )
)
_ADD_CART_EVENT = insert(CART_EVENT)
_COUNT_EVENT = (
    update(TRANSACTION)
    .where(TRANSACTION.c.id == bindparam("transaction_id"))
    .values(last_event_no=bindparam("number"))
)


class JournalError(Exception):
    """A journal operation that is refused for a reason of the domain (not of the disk)."""


class PaymentInFlight(JournalError):
    """A payment for this transaction is already pending or unresolved."""


class NoOpenTransaction(JournalError):
    pass


class AlreadyPaid(JournalError):
    """The transaction has an approved payment: no second payment, no cart changes."""


class JournalWriteError(Exception):
    """The journal could not write: the kiosk must stop selling; nothing saved is lost."""

    def __init__(self, reason: WriteFailure, detail: str):
        self.reason = reason
        self.detail = detail
        super().__init__(f"journal write failed ({reason.value}): {detail}")


def classify(exc: BaseException) -> WriteFailure:
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _FAILURES.get(code & 0xFF, WriteFailure.OTHER)
    return WriteFailure.OTHER


@dataclass(frozen=True, slots=True)
class PaymentRecord:
    reference: str
    transaction_id: str
    amount_cents: int
    status: str
    started_at: str
    finished_at: str | None
    result: dict[str, Any]


@dataclass(frozen=True, slots=True)
class OpenTransaction:
    """What a restart finds: the open transaction, its cart events and any unsettled payment."""

    id: str
    language: str
    business_date: date
    opened_at: str
    events: tuple[CartEvent, ...]
    payments: tuple[PaymentRecord, ...]  # every attempt, oldest first

    @property
    def payment_in_flight(self) -> PaymentRecord | None:
        """A payment whose outcome is not known yet: ask the terminal before anything else."""
        return next((p for p in self.payments if p.status in IN_FLIGHT), None)

    @property
    def approved_payment(self) -> PaymentRecord | None:
        """A payment the terminal approved: the cart is paid, only closing remains."""
        return next((p for p in self.payments if p.status == "approved"), None)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: str
    kind: str
    payload: dict[str, Any]
    created_at: str
    attempts: int


RECEIPT_PRINTED = "receipt_printed"
"""Outbox kind: the sale's receipt came out of the printer (``transaction_id``)."""
RECEIPT_CHOSEN = "receipt_chosen"
"""Outbox kind: the shopper chose no receipt (``transaction_id``, ``choice``)."""
DIGITAL_RECEIPT = "digital_receipt"
"""Outbox kind: a digital receipt to send (``transaction_id``, ``url``, ``lines``)."""
RECEIPT_HANDED = (RECEIPT_PRINTED, RECEIPT_CHOSEN, DIGITAL_RECEIPT)
"""The outbox kinds that say a sale's receipt was dealt with."""
HELP_CALL_ESCALATED = "help_call_escalated"
"""Outbox kind: nobody acknowledged a help call in time (``help_call_id``)."""
INTERVENTION = "intervention"
"""Outbox kind: a staff member acted on the lane (``staff``, ``role``, ``action``,
``transaction_id``, ``call_id``, ``command_id``, ``before``, ``after``)."""


@dataclass(frozen=True, slots=True)
class ClosedSale:
    """A paid sale whose receipt was never handed out (see :meth:`Journal.receipt_pending`)."""

    id: str
    language: str
    business_date: date
    closed_at: str
    events: tuple[CartEvent, ...]
    payment: PaymentRecord
    """The approved payment (its ``result`` holds the terminal's customer receipt)."""


class Journal:
    """One kiosk's journal file. Use it from one thread (the kiosk's journal owner)."""

    def __init__(
        self,
        path: str | Path,
        *,
        kiosk_id: str,
        clock: Clock = utc_now,
        timezone: str = DEFAULT_TIMEZONE,
    ):
        self.path = Path(path)
        self.kiosk_id = kiosk_id
        self._clock = clock
        self._timezone = timezone
        self._outbox_writes = 0
        store_zone(timezone)  # refuse an unknown zone now, not at the first sale
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._engine = make_engine(self.path, synchronous="FULL", pool_size=1)
        try:
            upgrade(self._engine, "journal")
        except DBAPIError as exc:
            self._engine.dispose()
            raise JournalWriteError(classify(exc), str(getattr(exc, "orig", exc))) from exc

    @property
    def outbox_writes(self) -> int:
        """How many outbox items this process has queued (a write that was rolled back
        counts too): a reader can tell, without a query, that nothing new is there."""
        return self._outbox_writes

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _now(self) -> str:
        return timestamp(self._clock())

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One atomic, durable write (``BEGIN IMMEDIATE`` ... ``COMMIT``)."""
        try:
            with write_transaction(self._engine) as conn:
                yield conn
        except IntegrityError:
            raise
        except DBAPIError as exc:
            raise JournalWriteError(classify(exc), str(exc.orig)) from exc
        except sqlite3.Error as exc:  # pragma: no cover - raised outside SQLAlchemy's wrapping
            raise JournalWriteError(classify(exc), str(exc)) from exc

    # -- transactions ------------------------------------------------------------------

    def open_transaction(self, language: str = "nl", business_date: date | None = None) -> str:
        """Start a new transaction; refused while another one is open on this kiosk.

        ``business_date`` (default: the store's date now, in its time zone) is kept with the
        transaction so a cart rebuilt after a restart is priced on the same day, with the
        same promotions.
        """
        day = business_date or business_day(self._timezone, self._clock())
        transaction_id = uuid.uuid4().hex
        try:
            with self._write() as conn:
                conn.execute(
                    insert(TRANSACTION).values(
                        id=transaction_id,
                        kiosk_id=self.kiosk_id,
                        status="open",
                        language=language,
                        business_date=day,
                        opened_at=self._now(),
                    )
                )
        except IntegrityError:
            raise JournalError("a transaction is already open on this kiosk") from None
        return transaction_id

    def record_cart_event(self, transaction_id: str, event: CartEvent) -> int:
        """Append one cart change; returns its number within the transaction.

        The event and the transaction's event counter are written in one transaction:
        both or neither.
        """
        data = event.to_dict()
        with self._write() as conn:
            row = conn.execute(_OPEN_STATUS, {"transaction_id": transaction_id}).one_or_none()
            if row is None or row.status != "open":
                raise NoOpenTransaction(f"transaction {transaction_id} is not open")
            self._refuse_if_paying(conn, transaction_id, "change the cart")
            number = row.last_event_no + 1
            conn.execute(
                _ADD_CART_EVENT,
                {
                    "transaction_id": transaction_id,
                    "event_no": number,
                    "type": str(data["type"]),
                    "payload": _json(data),
                    "recorded_at": self._now(),
                },
            )
            conn.execute(_COUNT_EVENT, {"transaction_id": transaction_id, "number": number})
        return number

    @staticmethod
    def _refuse_if_paying(conn: Connection, transaction_id: str, action: str) -> None:
        """Nothing may change a cart whose payment is under way or approved."""
        statuses = set(conn.execute(_PAYMENT_GUARD, {"transaction_id": transaction_id}).scalars())
        if statuses & set(IN_FLIGHT):
            raise PaymentInFlight(f"cannot {action}: a payment is under way or unresolved")
        if "approved" in statuses:
            raise AlreadyPaid(f"cannot {action}: transaction {transaction_id} is already paid")

    def cart_events(self, transaction_id: str) -> list[CartEvent]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(CART_EVENT.c.payload)
                .where(CART_EVENT.c.transaction_id == transaction_id)
                .order_by(CART_EVENT.c.event_no)
            )
            return [event_from_dict(json.loads(r.payload)) for r in rows]

    def close_transaction(
        self,
        transaction_id: str,
        status: str,
        total_cents: int | None = None,
        *,
        items: int | None = None,
    ) -> None:
        """Close the open transaction (paid, cancelled, suspended, paid_elsewhere).

        A sales summary for the store goes into the outbox in the same write (with the
        cart's piece count ``items`` when the caller gives it).
        """
        if status not in TRANSACTION_STATUSES or status == "open":
            raise ValueError(f"not a final transaction status: {status!r}")
        now = self._now()
        with self._write() as conn:
            if conn.execute(
                select(PAYMENT.c.reference).where(
                    and_(
                        PAYMENT.c.transaction_id == transaction_id, PAYMENT.c.status.in_(IN_FLIGHT)
                    )
                )
            ).first():
                raise PaymentInFlight("a payment is unresolved: settle it before closing")
            if (
                status == "paid"
                and not conn.execute(
                    select(PAYMENT.c.reference).where(
                        and_(
                            PAYMENT.c.transaction_id == transaction_id,
                            PAYMENT.c.status == "approved",
                        )
                    )
                ).first()
            ):
                raise JournalError("'paid' needs an approved payment (use 'paid_elsewhere')")
            result = conn.execute(
                update(TRANSACTION)
                .where(and_(TRANSACTION.c.id == transaction_id, TRANSACTION.c.status == "open"))
                .values(status=status, closed_at=now, total_cents=total_cents)
            )
            if result.rowcount != 1:
                raise NoOpenTransaction(f"transaction {transaction_id} is not open")
            summary: dict[str, Any] = {
                "transaction_id": transaction_id,
                "status": status,
                "total_cents": total_cents,
            }
            if items is not None:
                summary["items"] = items
            self._enqueue(conn, "transaction_closed", summary)

    def restore(self) -> OpenTransaction | None:
        """The transaction that was open when the kiosk stopped, with everything to resume it."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(TRANSACTION).where(
                    and_(TRANSACTION.c.kiosk_id == self.kiosk_id, TRANSACTION.c.status == "open")
                )
            ).one_or_none()
        if row is None:
            return None
        return OpenTransaction(
            id=row.id,
            language=row.language,
            business_date=row.business_date,
            opened_at=row.opened_at,
            events=tuple(self.cart_events(row.id)),
            payments=tuple(self.payments(row.id)),
        )

    def receipt_pending(self) -> ClosedSale | None:
        """The kiosk's last closed transaction, if it was paid and its receipt never dealt
        with: none of the :data:`RECEIPT_HANDED` outbox events (``receipt_printed``,
        ``receipt_chosen``, ``digital_receipt``) recorded for it, because the kiosk stopped
        between the payment and the receipt. None otherwise, also while a transaction is
        open."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(TRANSACTION)
                .where(
                    and_(
                        TRANSACTION.c.kiosk_id == self.kiosk_id,
                        TRANSACTION.c.closed_at.is_not(None),
                    )
                )
                .order_by(TRANSACTION.c.closed_at.desc(), literal_column("rowid").desc())
                .limit(1)
            ).one_or_none()
            if row is None or row.status != "paid":
                return None
            if conn.execute(
                select(TRANSACTION.c.id).where(
                    and_(TRANSACTION.c.kiosk_id == self.kiosk_id, TRANSACTION.c.status == "open")
                )
            ).first():
                return None
        if any(item.kind in RECEIPT_HANDED for item in self.outbox_items(transaction_id=row.id)):
            return None
        return self._closed_sale(row)

    def paid_sale(self, transaction_id: str) -> ClosedSale | None:
        """A sale of this kiosk that was paid by card (closed ``paid``), with its cart and
        its approved payment: what a reprinted receipt is made of. None otherwise."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(TRANSACTION).where(
                    and_(
                        TRANSACTION.c.id == transaction_id,
                        TRANSACTION.c.kiosk_id == self.kiosk_id,
                        TRANSACTION.c.status == "paid",
                    )
                )
            ).one_or_none()
        return None if row is None else self._closed_sale(row)

    def _closed_sale(self, row: Any) -> ClosedSale | None:
        payment = next((p for p in self.payments(row.id) if p.status == "approved"), None)
        if payment is None:  # pragma: no cover - close_transaction refuses 'paid' without one
            return None
        return ClosedSale(
            id=row.id,
            language=row.language,
            business_date=row.business_date,
            closed_at=row.closed_at,
            events=tuple(self.cart_events(row.id)),
            payment=payment,
        )

    def transaction_status(self, transaction_id: str) -> str | None:
        with self._engine.connect() as conn:
            return conn.execute(
                select(TRANSACTION.c.status).where(TRANSACTION.c.id == transaction_id)
            ).scalar_one_or_none()

    # -- payments ----------------------------------------------------------------------

    def begin_payment(self, transaction_id: str, amount_cents: int) -> PaymentRecord:
        """Write the pending payment *before* the terminal is asked to take it.

        The database allows one pending or unknown payment per transaction; a second
        one is refused with ``PaymentInFlight``.
        """
        if not isinstance(amount_cents, int) or amount_cents <= 0:
            raise ValueError("a payment is a positive amount of cents")
        now = self._now()
        try:
            with self._write() as conn:
                status = conn.execute(
                    select(TRANSACTION.c.status).where(TRANSACTION.c.id == transaction_id)
                ).scalar_one_or_none()
                if status != "open":
                    raise NoOpenTransaction(f"transaction {transaction_id} is not open")
                self._refuse_if_paying(conn, transaction_id, "start another payment")
                count = conn.execute(
                    select(func.count())
                    .select_from(PAYMENT)
                    .where(PAYMENT.c.transaction_id == transaction_id)
                ).scalar_one()
                reference = f"{transaction_id[:12]}-{count + 1:02d}"
                conn.execute(
                    insert(PAYMENT).values(
                        reference=reference,
                        transaction_id=transaction_id,
                        amount_cents=amount_cents,
                        status="pending",
                        started_at=now,
                    )
                )
        except IntegrityError:
            raise PaymentInFlight(
                f"transaction {transaction_id} already has a payment in flight"
            ) from None
        return PaymentRecord(reference, transaction_id, amount_cents, "pending", now, None, {})

    def settle_payment(self, reference: str, status: str, result: dict[str, Any]) -> None:
        """Record the terminal's answer. ``unknown`` keeps the payment in flight."""
        if status not in PAYMENT_STATUSES or status in ("pending", "reversed"):
            raise ValueError(f"not a payment outcome: {status!r}")
        finished = None if status in IN_FLIGHT else self._now()
        with self._write() as conn:
            updated = conn.execute(
                update(PAYMENT)
                .where(and_(PAYMENT.c.reference == reference, PAYMENT.c.status.in_(IN_FLIGHT)))
                .values(status=status, finished_at=finished, result=_json(result))
            )
            if updated.rowcount != 1:
                raise JournalError(f"payment {reference} is not in flight")

    def mark_reversed(self, reference: str, result: dict[str, Any]) -> None:
        with self._write() as conn:
            updated = conn.execute(
                update(PAYMENT)
                .where(and_(PAYMENT.c.reference == reference, PAYMENT.c.status == "approved"))
                .values(status="reversed", result=_json(result))
            )
            if updated.rowcount != 1:
                raise JournalError(f"payment {reference} is not an approved payment")

    def payment_in_flight(self, transaction_id: str) -> PaymentRecord | None:
        with self._engine.connect() as conn:
            row = conn.execute(
                select(PAYMENT).where(
                    and_(
                        PAYMENT.c.transaction_id == transaction_id, PAYMENT.c.status.in_(IN_FLIGHT)
                    )
                )
            ).one_or_none()
        return None if row is None else _payment(row)

    def payments(self, transaction_id: str) -> list[PaymentRecord]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(PAYMENT)
                .where(PAYMENT.c.transaction_id == transaction_id)
                .order_by(PAYMENT.c.id)
            )
            return [_payment(r) for r in rows]

    # -- help calls --------------------------------------------------------------------

    def raise_help_call(
        self,
        reason: str,
        context: dict[str, Any],
        transaction_id: str | None = None,
        *,
        raised_at: datetime | None = None,
    ) -> str:
        """Record a help call and queue it for the attendants, in one write.

        ``raised_at`` (default: now on the journal's clock) lets the lane record the very
        moment it shows the shopper, so the console's timer and the lane agree."""
        call_id = uuid.uuid4().hex
        now = self._now() if raised_at is None else timestamp(raised_at)
        with self._write() as conn:
            conn.execute(
                insert(HELP_CALL).values(
                    id=call_id,
                    transaction_id=transaction_id,
                    reason=reason,
                    context=_json(context),
                    status="raised",
                    raised_at=now,
                    updated_at=now,
                )
            )
            self._enqueue(
                conn,
                "help_call",
                {
                    "help_call_id": call_id,
                    "reason": reason,
                    "context": context,
                    "transaction_id": transaction_id,
                    "raised_at": now,
                },
            )
        return call_id

    def update_help_call(
        self,
        call_id: str,
        status: str,
        *,
        staff: str | None = None,
        outcome: str | None = None,
        owner: dict[str, Any] | None = None,
    ) -> None:
        """Change a call's status, in one write with its outbox event. ``owner`` (the
        staff member who took the call: ``staff_id``, ``name``, ``console``) goes with
        the event; ``open_help_calls`` reads it back after a restart."""
        if status not in HELP_STATUSES:
            raise ValueError(f"not a help call status: {status!r}")
        now = self._now()
        with self._write() as conn:
            updated = conn.execute(
                update(HELP_CALL)
                .where(HELP_CALL.c.id == call_id)
                .values(status=status, staff=staff, outcome=outcome, updated_at=now)
            )
            if updated.rowcount != 1:
                raise JournalError(f"no help call {call_id}")
            update_payload: dict[str, Any] = {
                "help_call_id": call_id,
                "status": status,
                "staff": staff,
                "outcome": outcome,
            }
            if owner is not None:
                update_payload["owner"] = owner
            self._enqueue(conn, "help_call_update", update_payload)

    def open_help_calls(self) -> list[dict[str, Any]]:
        """Every call still raised or acknowledged, oldest first (``escalated``: whether
        an ``help_call_escalated`` event was recorded for it; ``owner``: who took it, from
        its latest update that named one, or None)."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(HELP_CALL)
                .where(HELP_CALL.c.status.in_(("raised", "acknowledged")))
                .order_by(HELP_CALL.c.raised_at, literal_column("help_call.rowid"))
            ).mappings()
            calls = [{**r, "context": json.loads(r["context"])} for r in rows]
        return self._with_owner(self._with_escalation(calls))

    def help_call(self, call_id: str) -> dict[str, Any] | None:
        """One call whatever its status (as :meth:`open_help_calls` gives it), or None."""
        with self._engine.connect() as conn:
            row = (
                conn.execute(select(HELP_CALL).where(HELP_CALL.c.id == call_id)).mappings().first()
            )
        if row is None:
            return None
        return self._with_owner(
            self._with_escalation([{**row, "context": json.loads(row["context"])}])
        )[0]

    def help_calls(self, transaction_id: str) -> list[dict[str, Any]]:
        """All calls of a transaction, whatever their status, in the order they were
        raised; each a dict of the ``help_call`` columns (``context`` decoded) plus
        ``escalated``."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(HELP_CALL)
                .where(HELP_CALL.c.transaction_id == transaction_id)
                .order_by(HELP_CALL.c.raised_at, literal_column("help_call.rowid"))
            ).mappings()
            calls = [{**r, "context": json.loads(r["context"])} for r in rows]
        return self._with_escalation(calls)

    def _with_escalation(self, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not calls:
            return calls
        escalated = {
            item.payload.get("help_call_id") for item in self.outbox_items(HELP_CALL_ESCALATED)
        }
        return [{**call, "escalated": call["id"] in escalated} for call in calls]

    def _with_owner(self, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each call with ``owner``: the latest ``help_call_update`` that named one."""
        if not calls:
            return calls
        with self._engine.connect() as conn:
            owners = {}
            for call in calls:
                needle = _json({"help_call_id": call["id"]})[1:-1]
                rows = conn.execute(
                    select(OUTBOX.c.payload)
                    .where(
                        and_(
                            OUTBOX.c.kind == "help_call_update",
                            OUTBOX.c.payload.contains(needle, autoescape=True),
                        )
                    )
                    .order_by(OUTBOX.c.created_at.desc(), literal_column("outbox.rowid").desc())
                )
                owners[call["id"]] = next(
                    (
                        payload["owner"]
                        for payload in (json.loads(r.payload) for r in rows)
                        if payload.get("help_call_id") == call["id"] and payload.get("owner")
                    ),
                    None,
                )
        return [{**call, "owner": owners[call["id"]]} for call in calls]

    # -- outbox ------------------------------------------------------------------------

    def _enqueue(self, conn: Connection, kind: str, payload: dict[str, Any]) -> str:
        event_id = uuid.uuid4().hex
        self._outbox_writes += 1
        conn.execute(
            insert(OUTBOX).values(
                id=event_id,
                kind=kind,
                payload=_json({**payload, "kiosk_id": self.kiosk_id}),
                created_at=self._now(),
            )
        )
        return event_id

    def enqueue(self, kind: str, payload: dict[str, Any]) -> str:
        """Queue an event for the store network; it stays until a console confirms it."""
        with self._write() as conn:
            return self._enqueue(conn, kind, payload)

    def unconfirmed(self, limit: int = 100) -> list[OutboxItem]:
        """Events no console confirmed yet, in the order they were queued."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(OUTBOX)
                .where(OUTBOX.c.confirmed_at.is_(None))
                .order_by(OUTBOX.c.created_at, literal_column("outbox.rowid"))
                .limit(limit)
            )
            return [
                OutboxItem(r.id, r.kind, json.loads(r.payload), r.created_at, r.attempts)
                for r in rows
            ]

    def outbox_items(
        self,
        kind: str | None = None,
        *,
        transaction_id: str | None = None,
        command_id: str | None = None,
    ) -> list[OutboxItem]:
        """Outbox events, confirmed or not, in the order they were queued: all, or those
        of one ``kind`` and/or of one transaction (the payload's ``transaction_id``) and/or
        caused by one console command (the payload's ``command_id``)."""
        query = select(OUTBOX)
        if kind is not None:
            query = query.where(OUTBOX.c.kind == kind)
        # the payload is JSON with sorted keys and no spaces (_json): narrow in SQL, then
        # check the decoded payload
        wanted = {"transaction_id": transaction_id, "command_id": command_id}
        for key, value in wanted.items():
            if value is not None:
                needle = _json({key: value})[1:-1]
                query = query.where(OUTBOX.c.payload.contains(needle, autoescape=True))
        query = query.order_by(OUTBOX.c.created_at, literal_column("outbox.rowid"))
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        items = [
            OutboxItem(r.id, r.kind, json.loads(r.payload), r.created_at, r.attempts) for r in rows
        ]
        for key, value in wanted.items():
            if value is not None:
                items = [i for i in items if i.payload.get(key) == value]
        return items

    def mark_attempt(self, event_id: str) -> None:
        with self._write() as conn:
            conn.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id == event_id)
                .values(attempts=OUTBOX.c.attempts + 1, last_attempt_at=self._now())
            )

    def mark_attempts(self, event_ids: Iterable[str]) -> None:
        """``mark_attempt`` for many events in one write (one sync to disk for a batch)."""
        ids = list(dict.fromkeys(event_ids))
        if not ids:
            return
        with self._write() as conn:
            conn.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id.in_(ids))
                .values(attempts=OUTBOX.c.attempts + 1, last_attempt_at=self._now())
            )

    def confirm_many(self, event_ids: Iterable[str]) -> int:
        """``confirm`` for many events in one write; returns how many were newly
        confirmed (unknown and already confirmed ids count nothing)."""
        ids = list(dict.fromkeys(event_ids))
        if not ids:
            return 0
        with self._write() as conn:
            updated = conn.execute(
                update(OUTBOX)
                .where(and_(OUTBOX.c.id.in_(ids), OUTBOX.c.confirmed_at.is_(None)))
                .values(confirmed_at=self._now())
            )
            return int(updated.rowcount)

    def confirm(self, event_id: str) -> bool:
        """A console confirmed the event; returns False if it was unknown or already confirmed."""
        with self._write() as conn:
            updated = conn.execute(
                update(OUTBOX)
                .where(and_(OUTBOX.c.id == event_id, OUTBOX.c.confirmed_at.is_(None)))
                .values(confirmed_at=self._now())
            )
            return updated.rowcount == 1

    # -- health ------------------------------------------------------------------------

    def integrity_check(self) -> str:
        with self._engine.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar_one())


def _payment(row: Any) -> PaymentRecord:
    return PaymentRecord(
        reference=row.reference,
        transaction_id=row.transaction_id,
        amount_cents=row.amount_cents,
        status=row.status,
        started_at=row.started_at,
        finished_at=row.finished_at,
        result=json.loads(row.result),
    )
