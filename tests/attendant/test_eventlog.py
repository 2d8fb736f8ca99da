"""The console's event log (attendant.eventlog) on real SQLite files: stored once, read back
as the same models, filtered by kiosk, time and kind, and still there after a restart."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from attendant.eventlog import SCHEMA_VERSION, EventLog, EventLogError
from kiosk.link import protocol as p
from tests.attendant.wire import SAM, T0, Clock, at, call, event_id, help_event


def sale(n: int, seconds: float, kiosk: str = "kiosk-1", total: int = 1234) -> p.SaleSummary:
    return p.SaleSummary(
        id=event_id(n),
        sender=kiosk,
        sent_at=at(seconds),
        occurred_at=at(seconds),
        transaction_id=f"tx-{n}",
        outcome=p.SaleOutcome.PAID,
        payment_method=p.PaymentMethod.CARD,
        total_cents=total,
        items=3,
    )


def intervention(n: int, seconds: float, kiosk: str = "kiosk-1") -> p.Intervention:
    return p.Intervention(
        id=event_id(n),
        sender=kiosk,
        sent_at=at(seconds),
        occurred_at=at(seconds),
        staff=SAM,
        role=p.Role.ATTENDANT,
        action="approve_age",
        before={"age_checked": False},
        after={"age_checked": True},
    )


@pytest.fixture
def log(tmp_path: Path):  # type: ignore[no-untyped-def]
    with EventLog(tmp_path / "events.db", clock=Clock(at(1000))) as event_log:
        yield event_log


def test_pragmas_hold_on_the_file(log: EventLog) -> None:
    assert log.pragmas() == {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL: an acked event survives a power cut
        "busy_timeout": 5000,
        "user_version": SCHEMA_VERSION,
    }


def test_an_event_is_stored_once_and_reads_back_equal(log: EventLog) -> None:
    event = sale(1, 5)
    assert log.add("kiosk-1", event) is True
    # the kiosk re-sends (a new sent_at) until it hears the ack: a duplicate by id
    again = event.model_copy(update={"sent_at": at(9)})
    assert log.add("kiosk-1", again) is False
    assert log.count() == 1
    [stored] = log.events()
    assert stored.kiosk_id == "kiosk-1"
    assert stored.event == event  # the first copy, exactly, as its model
    assert isinstance(stored.event, p.SaleSummary)
    assert stored.received_at == at(1000)
    assert log.contains("kiosk-1", event.id)
    assert not log.contains("kiosk-2", event.id)


def test_the_same_id_from_another_kiosk_is_another_event(log: EventLog) -> None:
    """De-duplication is per kiosk: one kiosk can never suppress another's event."""
    assert log.add("kiosk-1", sale(1, 5))
    assert log.add("kiosk-2", sale(1, 5, kiosk="kiosk-2"))
    assert log.count() == 2


def test_stored_events_survive_a_restart_and_stay_duplicates(tmp_path: Path) -> None:
    """Exactly once across a console restart: what was stored (and so acked) before is a
    duplicate after reopening the file."""
    path = tmp_path / "events.db"
    first = EventLog(path)
    assert first.add("kiosk-1", sale(1, 5))
    first.close()
    first.close()  # idempotent
    with pytest.raises(EventLogError, match="closed"):
        first.add("kiosk-1", sale(2, 6))
    with EventLog(path) as second:
        assert second.add("kiosk-1", sale(1, 5)) is False
        assert second.add("kiosk-1", sale(2, 6)) is True
        assert [s.event.id for s in second.events()] == [event_id(1), event_id(2)]


def test_filters_by_kiosk_time_kind_and_limit(log: EventLog) -> None:
    raised = help_event(
        p.HelpRaised, call("c1", raised_at=at(20)), occurred_at=at(20), id=event_id(3)
    )
    for kiosk, event in [
        ("kiosk-1", sale(1, 10)),
        ("kiosk-2", sale(2, 15, kiosk="kiosk-2")),
        ("kiosk-1", raised),
        ("kiosk-1", intervention(4, 30)),
        ("kiosk-1", sale(5, 40)),
    ]:
        assert log.add(kiosk, event)
    ids = lambda stored: [int(s.event.id, 16) for s in stored]  # noqa: E731
    assert ids(log.events()) == [1, 2, 3, 4, 5]  # oldest first, by occurred_at
    assert ids(log.events("kiosk-1")) == [1, 3, 4, 5]
    assert ids(log.events("kiosk-2")) == [2]
    assert ids(log.events("kiosk-9")) == []
    assert ids(log.events(since=at(15))) == [2, 3, 4, 5]  # since is inclusive
    assert ids(log.events(since=at(15), until=at(30))) == [2, 3]  # until is exclusive
    assert ids(log.events(kinds=[p.EventKind.SALE])) == [1, 2, 5]
    assert ids(log.events(kinds=["help_raised", p.EventKind.INTERVENTION])) == [3, 4]
    assert ids(log.events(kinds=[])) == []
    assert ids(log.events(limit=2)) == [1, 2]
    assert ids(log.events("kiosk-1", limit=2, newest_first=True)) == [5, 4]
    assert isinstance(log.events(kinds=["help_raised"])[0].event, p.HelpRaised)
    with pytest.raises(ValueError, match="negative"):
        log.events(limit=-1)


def test_events_arriving_out_of_order_are_read_in_the_order_they_happened(log: EventLog) -> None:
    """Re-sent events arrive late: the log orders by when they happened on the lane."""
    assert log.add("kiosk-1", sale(2, 50))
    assert log.add("kiosk-1", sale(1, 10))
    assert [s.event.id for s in log.events()] == [event_id(1), event_id(2)]
    assert [s.event.id for s in log.events(newest_first=True)] == [event_id(2), event_id(1)]


def test_times_with_another_offset_are_compared_as_instants(log: EventLog) -> None:
    assert log.add("kiosk-1", sale(1, 0))
    from datetime import timezone

    plus_two = timezone(timedelta(hours=2))
    assert len(log.events(since=T0.astimezone(plus_two))) == 1
    assert len(log.events(since=(T0 + timedelta(microseconds=1)).astimezone(plus_two))) == 0
    with pytest.raises(ValueError, match="timezone-aware"):
        log.events(since=T0.replace(tzinfo=None))


def test_a_log_written_by_a_newer_console_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    EventLog(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(EventLogError, match="newer console"):
        EventLog(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    path.write_bytes(b"this is not a SQLite file, not at all" * 100)
    with pytest.raises(EventLogError, match="not a usable event log"):
        EventLog(path)


def test_a_failed_write_raises_and_stores_nothing(log: EventLog) -> None:
    """The caller must not ack what could not be written: a write failure is an error."""
    with sqlite3.connect(log.path) as other:
        other.execute("DROP TABLE event")
    other.close()
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        log.add("kiosk-1", sale(1, 5))
