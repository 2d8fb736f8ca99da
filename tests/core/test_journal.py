"""The journal: pragmas on every connection, atomic writes, payments, help calls, outbox,
restore after a restart, and failed writes reported as such."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, insert, text
from sqlalchemy.exc import IntegrityError

from kiosk.core.cart import Cart
from kiosk.core.database import pragmas
from kiosk.core.journal import (
    AlreadyPaid,
    Journal,
    JournalError,
    JournalWriteError,
    NoOpenTransaction,
    PaymentInFlight,
    WriteFailure,
)
from kiosk.core.journal.journal import PAYMENT
from tests.core.journal_child import BANANAS, PRODUCTS, TODAY


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


@pytest.fixture
def journal(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Journal(tmp_path / "journal.db", kiosk_id="kiosk-1", clock=FakeClock()) as j:
        yield j


def test_every_connection_has_the_safety_pragmas(journal: Journal) -> None:
    # synchronous=2 is FULL: a committed sale survives a power cut.
    expected = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000}
    assert pragmas(journal.engine) == expected
    # and a second, concurrent connection too (the pragmas are set in the connect event)
    with journal.engine.connect() as first, journal.engine.connect() as second:
        for conn in (first, second):
            raw = conn.connection.dbapi_connection
            assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2
            assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_writes_begin_immediate(journal: Journal) -> None:
    statements: list[str] = []
    event.listen(
        journal.engine, "before_cursor_execute", lambda *a: statements.append(a[2]), named=False
    )
    journal.open_transaction()
    assert statements[0] == "BEGIN IMMEDIATE"
    statements.clear()
    journal.restore()  # reads do not take the write lock
    assert statements[0] == "BEGIN DEFERRED"


def test_foreign_keys_are_enforced(journal: Journal) -> None:
    with pytest.raises(IntegrityError), journal.engine.begin() as conn:
        conn.execute(
            insert(PAYMENT).values(
                reference="x", transaction_id="nope", amount_cents=1, started_at="t"
            )
        )


def test_cart_events_replay_to_the_same_cart(journal: Journal) -> None:
    transaction = journal.open_transaction("en", business_date=TODAY)
    cart = Cart(transaction, TODAY)
    for make in (
        lambda: cart.add_product(PRODUCTS[0], quantity=2),
        lambda: cart.add_product(PRODUCTS[1]),
        lambda: cart.add_weighed(BANANAS, 1234),
        lambda: cart.add_product(PRODUCTS[0]),  # merges into the first line
        lambda: cart.void_line(cart.active_lines[1].line_id, "not wanted"),
    ):
        change = make()
        assert journal.record_cart_event(transaction, change) == len(cart.events) + 1
        cart.apply(change)
    restored = journal.restore()
    assert restored is not None
    assert (restored.id, restored.language, restored.payment_in_flight) == (transaction, "en", None)
    assert restored.business_date == TODAY
    again = Cart.replay(transaction, restored.business_date, restored.events)
    assert again.totals == cart.totals
    assert again.lines == cart.lines


def test_one_open_transaction_per_kiosk(journal: Journal) -> None:
    first = journal.open_transaction()
    with pytest.raises(JournalError, match="already open"):
        journal.open_transaction()
    journal.close_transaction(first, "cancelled")
    second = journal.open_transaction()
    assert journal.restore().id == second  # type: ignore[union-attr]
    assert journal.transaction_status(first) == "cancelled"


def test_closed_transaction_takes_no_more_changes(journal: Journal) -> None:
    transaction = journal.open_transaction()
    journal.close_transaction(transaction, "paid_elsewhere", 129)
    cart = Cart(transaction, TODAY)
    with pytest.raises(NoOpenTransaction):
        journal.record_cart_event(transaction, cart.add_product(PRODUCTS[0]))
    assert journal.restore() is None


def test_pending_payment_is_written_first_and_only_one_is_in_flight(journal: Journal) -> None:
    transaction = journal.open_transaction()
    payment = journal.begin_payment(transaction, 1234)
    assert journal.payment_in_flight(transaction) == payment
    with pytest.raises(PaymentInFlight):
        journal.begin_payment(transaction, 1234)
    # the database itself refuses a second in-flight payment, whatever the code does
    with pytest.raises(IntegrityError), journal.engine.begin() as conn:
        conn.execute(
            insert(PAYMENT).values(
                reference="rogue",
                transaction_id=transaction,
                amount_cents=1234,
                status="pending",
                started_at="t",
            )
        )
    journal.settle_payment(payment.reference, "unknown", {"why": "timeout"})
    with pytest.raises(PaymentInFlight):
        journal.close_transaction(transaction, "paid", 1234)  # unknown is still in flight
    assert journal.restore().payment_in_flight.status == "unknown"  # type: ignore[union-attr]
    journal.settle_payment(payment.reference, "declined", {"reason": "insufficient_funds"})
    retry = journal.begin_payment(transaction, 1234)
    assert retry.reference != payment.reference
    journal.settle_payment(retry.reference, "approved", {"auth": "123456"})
    with pytest.raises(JournalError, match="not in flight"):
        journal.settle_payment(retry.reference, "declined", {})
    journal.close_transaction(transaction, "paid", 1234)
    assert [p.status for p in journal.payments(transaction)] == ["declined", "approved"]
    journal.mark_reversed(retry.reference, {"by": "supervisor"})
    assert journal.payments(transaction)[1].status == "reversed"


@pytest.mark.parametrize("amount", [0, -5, 12.5])
def test_payment_amount_must_be_positive_cents(journal: Journal, amount: object) -> None:
    transaction = journal.open_transaction()
    with pytest.raises(ValueError, match="positive amount of cents"):
        journal.begin_payment(transaction, amount)  # type: ignore[arg-type]


def test_help_call_and_its_outbox_event_are_one_write(journal: Journal) -> None:
    transaction = journal.open_transaction()
    call = journal.raise_help_call("unknown_item", {"barcode": "8712345678906"}, transaction)
    journal.update_help_call(call, "acknowledged", staff="Sam")
    assert [c["status"] for c in journal.open_help_calls()] == ["acknowledged"]
    assert journal.open_help_calls()[0]["context"] == {"barcode": "8712345678906"}
    items = journal.unconfirmed()
    assert [i.kind for i in items] == ["help_call", "help_call_update"]
    assert items[0].payload["help_call_id"] == call
    assert items[0].payload["kiosk_id"] == "kiosk-1"
    journal.mark_attempt(items[0].id)
    assert journal.unconfirmed()[0].attempts == 1
    assert journal.confirm(items[0].id) is True
    assert journal.confirm(items[0].id) is False  # a duplicate confirmation changes nothing
    assert [i.kind for i in journal.unconfirmed()] == ["help_call_update"]


def test_closing_queues_a_sales_summary(journal: Journal) -> None:
    transaction = journal.open_transaction()
    journal.close_transaction(transaction, "paid_elsewhere", 2500)
    (item,) = journal.unconfirmed()
    assert item.kind == "transaction_closed"
    assert item.payload == {
        "kiosk_id": "kiosk-1",
        "status": "paid_elsewhere",
        "total_cents": 2500,
        "transaction_id": transaction,
    }


def test_disk_full_is_reported_and_what_was_saved_stays(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    journal = Journal(path, kiosk_id="kiosk-1")
    transaction = journal.open_transaction()
    cart = Cart(transaction, TODAY)
    first = cart.add_product(PRODUCTS[0])
    journal.record_cart_event(transaction, first)
    cart.apply(first)
    with journal.engine.connect() as conn:  # the pool's one connection, used by the journal next
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
        conn.exec_driver_sql(f"PRAGMA max_page_count={pages}")  # the disk is now full

    def scan_until_the_disk_is_full() -> None:
        for _ in range(500):
            change = cart.add_product(PRODUCTS[1], quantity=1)
            journal.record_cart_event(transaction, change)
            cart.apply(change)

    with pytest.raises(JournalWriteError) as caught:
        scan_until_the_disk_is_full()
    assert caught.value.reason is WriteFailure.DISK_FULL
    journal.close()
    with Journal(path, kiosk_id="kiosk-1") as reopened:
        assert reopened.integrity_check() == "ok"
        events = reopened.restore().events  # type: ignore[union-attr]
        assert events[0] == first
        assert len(events) == len(cart.events)  # everything acknowledged is there


def test_read_only_database_is_reported(journal: Journal) -> None:
    journal.open_transaction()
    with journal.engine.connect() as conn:  # the pool's one connection, used by the journal next
        conn.exec_driver_sql("PRAGMA query_only=1")
    with pytest.raises(JournalWriteError) as caught:
        journal.enqueue("test", {})
    assert caught.value.reason is WriteFailure.READ_ONLY


def test_a_corrupt_file_is_reported_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    with pytest.raises(JournalWriteError) as caught:
        Journal(path, kiosk_id="kiosk-1")
    assert caught.value.reason is WriteFailure.CORRUPT
    assert path.read_bytes() == garbage


def test_payloads_are_plain_json(journal: Journal) -> None:
    transaction = journal.open_transaction()
    cart = Cart(transaction, TODAY)
    journal.record_cart_event(transaction, cart.add_product(PRODUCTS[1]))
    with journal.engine.connect() as conn:
        payload = conn.execute(text("SELECT payload FROM cart_event")).scalar_one()
    data = json.loads(payload)
    assert data["type"] == "line_added"
    assert data["product"]["deposit"]["price_cents"] == 15


def test_naive_clock_is_refused(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.db", kiosk_id="k", clock=lambda: datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(ValueError, match="timezone-aware"):
        journal.open_transaction()
    journal.close()


def test_an_approved_payment_is_never_followed_by_another(tmp_path: Path) -> None:
    """The crash window between 'approved' and 'closed': a restart must not charge again."""
    path = tmp_path / "journal.db"
    with Journal(path, kiosk_id="kiosk-1") as journal:
        transaction = journal.open_transaction(business_date=TODAY)
        cart = Cart(transaction, TODAY)
        journal.record_cart_event(transaction, cart.add_product(PRODUCTS[0]))
        payment = journal.begin_payment(transaction, 129)
        journal.settle_payment(payment.reference, "approved", {"auth": "1"})
    with Journal(path, kiosk_id="kiosk-1") as journal:  # the kiosk restarts here
        restored = journal.restore()
        assert restored is not None
        assert restored.payment_in_flight is None
        assert restored.approved_payment is not None
        assert restored.approved_payment.reference == payment.reference
        with pytest.raises(AlreadyPaid):
            journal.begin_payment(transaction, 129)
        with pytest.raises(AlreadyPaid):
            journal.record_cart_event(transaction, cart.add_product(PRODUCTS[1]))
        journal.close_transaction(transaction, "paid", 129)


def test_the_cart_is_frozen_while_a_payment_is_under_way(journal: Journal) -> None:
    transaction = journal.open_transaction(business_date=TODAY)
    cart = Cart(transaction, TODAY)
    journal.record_cart_event(transaction, cart.add_product(PRODUCTS[0]))
    payment = journal.begin_payment(transaction, 129)
    with pytest.raises(PaymentInFlight):
        journal.record_cart_event(transaction, cart.add_product(PRODUCTS[1]))
    journal.settle_payment(payment.reference, "declined", {"reason": "refused_by_issuer"})
    # after a decline the shopper may change the cart and pay again
    journal.record_cart_event(transaction, cart.add_product(PRODUCTS[1]))


def test_paid_needs_an_approved_payment(journal: Journal) -> None:
    transaction = journal.open_transaction()
    with pytest.raises(JournalError, match="approved payment"):
        journal.close_transaction(transaction, "paid", 100)
    journal.close_transaction(transaction, "paid_elsewhere", 100)


def test_unknown_statuses_are_refused_before_the_database(journal: Journal) -> None:
    transaction = journal.open_transaction()
    payment = journal.begin_payment(transaction, 100)
    with pytest.raises(ValueError, match="not a payment outcome"):
        journal.settle_payment(payment.reference, "maybe", {})
    with pytest.raises(ValueError, match="not a final transaction status"):
        journal.close_transaction(transaction, "done")
    call = journal.raise_help_call("other", {})
    with pytest.raises(ValueError, match="not a help call status"):
        journal.update_help_call(call, "sleeping")


def test_business_day_is_the_stores_date(tmp_path: Path) -> None:
    """00:30 in Amsterdam is still yesterday in UTC: the transaction belongs to today."""
    half_past_midnight = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # 00:30 on the 24th in NL
    with Journal(tmp_path / "j.db", kiosk_id="k", clock=lambda: half_past_midnight) as journal:
        journal.open_transaction()
        assert journal.restore().business_date == date(2026, 11, 24)  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="unknown time zone"):
        Journal(tmp_path / "x.db", kiosk_id="k", timezone="Mars/Olympus")


# -- read methods for the lane: a transaction's help calls, the outbox, a pending receipt --


class FrozenClock:
    """Every write in the same millisecond: order must come from the rows, not the time."""

    def __call__(self) -> datetime:
        return datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_help_calls_lists_a_transactions_calls_in_order_whatever_their_status(
    journal: Journal,
) -> None:
    transaction = journal.open_transaction()
    age = journal.raise_help_call("age_check", {"min_age": 18}, transaction)
    question = journal.raise_help_call("shopper_request", {"topic": "bags"}, transaction)
    unknown = journal.raise_help_call("unknown_item", {"barcode": "8712345678906"}, transaction)
    journal.raise_help_call("device_fault", {}, None)  # not the transaction's
    journal.update_help_call(age, "resolved", staff="Sam", outcome="approved:18")
    journal.update_help_call(question, "cancelled", outcome="cancelled by the shopper")
    calls = journal.help_calls(transaction)
    assert [c["id"] for c in calls] == [age, question, unknown]
    assert [c["status"] for c in calls] == ["resolved", "cancelled", "raised"]
    assert calls[0]["outcome"] == "approved:18" and calls[0]["staff"] == "Sam"
    assert calls[2]["context"] == {"barcode": "8712345678906"}  # decoded
    assert [c["escalated"] for c in calls] == [False, False, False]
    assert journal.help_calls("no-such-transaction") == []
    # open_help_calls is unchanged: the open ones of the kiosk, any transaction
    assert [c["reason"] for c in journal.open_help_calls()] == ["unknown_item", "device_fault"]


def test_help_calls_raised_in_the_same_millisecond_keep_their_order(tmp_path: Path) -> None:
    with Journal(tmp_path / "journal.db", kiosk_id="kiosk-1", clock=FrozenClock()) as journal:
        transaction = journal.open_transaction()
        raised = [journal.raise_help_call(f"r{n}", {}, transaction) for n in range(12)]
        assert [c["id"] for c in journal.help_calls(transaction)] == raised
        assert [c["id"] for c in journal.open_help_calls()] == raised


def test_an_escalation_event_marks_the_call_escalated(journal: Journal) -> None:
    transaction = journal.open_transaction()
    first = journal.raise_help_call("shopper_request", {}, transaction)
    second = journal.raise_help_call("unknown_item", {}, transaction)
    journal.enqueue("help_call_escalated", {"help_call_id": second})
    assert [c["escalated"] for c in journal.help_calls(transaction)] == [False, True]
    assert [(c["id"], c["escalated"]) for c in journal.open_help_calls()] == [
        (first, False),
        (second, True),
    ]


def test_outbox_items_by_kind_and_by_transaction_confirmed_or_not(journal: Journal) -> None:
    one = journal.open_transaction()
    journal.enqueue("unknown_item", {"code": "1", "transaction_id": one})
    journal.enqueue("rating", {"score": 5, "transaction_id": one})
    journal.enqueue("unknown_item", {"code": "2", "transaction_id": "someone-else"})
    # the id only inside a nested value is not the payload's transaction
    journal.enqueue("device_fault", {"detail": {"transaction_id": one}})
    journal.close_transaction(one, "cancelled", 0)
    everything = journal.outbox_items()
    assert [i.kind for i in everything] == [
        "unknown_item", "rating", "unknown_item", "device_fault", "transaction_closed",
    ]  # fmt: skip
    journal.confirm(everything[0].id)  # confirmed items are still read
    assert [i.payload["code"] for i in journal.outbox_items("unknown_item")] == ["1", "2"]
    assert [i.kind for i in journal.outbox_items(transaction_id=one)] == [
        "unknown_item", "rating", "transaction_closed",
    ]  # fmt: skip
    assert [i.kind for i in journal.outbox_items("rating", transaction_id=one)] == ["rating"]
    assert journal.outbox_items("rating", transaction_id="someone-else") == []
    assert journal.outbox_items("no-such-kind") == []


def test_outbox_items_treat_like_wildcards_in_an_id_literally(journal: Journal) -> None:
    journal.enqueue("x", {"transaction_id": "a_c%"})
    journal.enqueue("x", {"transaction_id": "abcd"})
    assert [i.payload["transaction_id"] for i in journal.outbox_items(transaction_id="a_c%")] == [
        "a_c%"
    ]
    assert journal.outbox_items(transaction_id="a%") == []


def _paid_sale(journal: Journal, cents: int = 199) -> str:
    transaction = journal.open_transaction(business_date=TODAY)
    cart = Cart(transaction, TODAY)
    change = cart.add_weighed(BANANAS, 1000)
    journal.record_cart_event(transaction, change)
    payment = journal.begin_payment(transaction, cents)
    journal.settle_payment(payment.reference, "approved", {"customer_receipt": ["CARD 1234"]})
    journal.close_transaction(transaction, "paid", cents)
    return transaction


def test_a_paid_sale_without_a_receipt_event_is_pending(journal: Journal) -> None:
    assert journal.receipt_pending() is None  # nothing sold yet
    transaction = _paid_sale(journal)
    sale = journal.receipt_pending()
    assert sale is not None
    assert sale.id == transaction and sale.business_date == TODAY
    assert sale.payment.status == "approved" and sale.payment.amount_cents == 199
    assert sale.payment.result == {"customer_receipt": ["CARD 1234"]}
    replayed = Cart.replay(sale.id, sale.business_date, sale.events)
    assert [(line.product.id, line.grams) for line in replayed.active_lines] == [(BANANAS.id, 1000)]
    # while the next transaction is open there is nothing to offer
    journal.open_transaction()
    assert journal.receipt_pending() is None


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        ("receipt_printed", {}),
        ("receipt_chosen", {"choice": "none"}),
        ("digital_receipt", {"url": "https://r.invalid/1", "lines": []}),
    ],
)
def test_a_receipt_dealt_with_is_not_pending(journal: Journal, kind: str, payload: dict) -> None:
    transaction = _paid_sale(journal)
    journal.enqueue(kind, {**payload, "transaction_id": "another-one"})  # not this sale's
    assert journal.receipt_pending() is not None
    journal.enqueue(kind, {**payload, "transaction_id": transaction})
    assert journal.receipt_pending() is None


def test_only_the_last_closed_sale_counts(journal: Journal) -> None:
    _paid_sale(journal)  # its receipt was lost long ago: a new shopper came since
    later = journal.open_transaction()
    journal.close_transaction(later, "cancelled", 0)
    assert journal.receipt_pending() is None
    newest = _paid_sale(journal, 398)
    sale = journal.receipt_pending()
    assert sale is not None and sale.id == newest and sale.payment.amount_cents == 398
