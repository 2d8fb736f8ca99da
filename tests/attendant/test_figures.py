"""Service figures (attendant.figures) from a hand-built day of events in a real event log,
with every expected number worked out by hand in the comments."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from attendant.eventlog import EventLog
from attendant.figures import (
    CSV_COLUMNS,
    DECLINE_CAUSES,
    figures_csv,
    percentile,
    service_figures,
)
from kiosk.link import protocol as p
from kiosk.link.protocol import HelpReason, HelpStatus
from tests.attendant.wire import SAM

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SINCE = datetime(2030, 5, 4, tzinfo=AMSTERDAM)  # 2030-05-03T22:00Z
UNTIL = datetime(2030, 5, 5, tzinfo=AMSTERDAM)  # 2030-05-04T22:00Z


def z(clock: str, day: int = 4) -> datetime:
    """A UTC time on 2030-05-``day``: ``z("09:00:10")``, ``z("14:01:01.5")``."""
    return datetime.fromisoformat(f"2030-05-{day:02d}T{clock}+00:00").astimezone(UTC)


class History:
    """Builds a kiosk's events with fresh ids and stores them in the log."""

    def __init__(self, log: EventLog) -> None:
        self.log = log
        self.n = 0

    def add(self, kiosk: str, event_type: type[p.Event], at: datetime, **fields) -> None:  # type: ignore[no-untyped-def]
        self.n += 1
        event = event_type(id=f"{self.n:032x}", sender=kiosk, sent_at=at, occurred_at=at, **fields)
        assert self.log.add(kiosk, event)

    def call(
        self,
        kiosk: str,
        call_id: str,
        reason: HelpReason,
        raised: datetime,
        *,
        acknowledged: datetime | None = None,
        resolved: datetime | None = None,
        cancelled: datetime | None = None,
        context: p.HelpContext | None = None,
    ) -> None:
        info = p.HelpCallInfo(
            id=call_id,
            reason=reason,
            status=HelpStatus.RAISED,
            raised_at=raised,
            context=context or p.HelpContext(),
        )
        self.add(kiosk, p.HelpRaised, raised, call=info)
        if acknowledged is not None:
            info = info.model_copy(update={"status": HelpStatus.ACKNOWLEDGED, "owner": SAM})
            self.add(kiosk, p.HelpUpdated, acknowledged, call=info)
        if resolved is not None:
            closed = info.model_copy(update={"status": HelpStatus.RESOLVED, "outcome": "geholpen"})
            self.add(kiosk, p.HelpResolved, resolved, call=closed)
        if cancelled is not None:
            closed = info.model_copy(update={"status": HelpStatus.CANCELLED})
            self.add(kiosk, p.HelpResolved, cancelled, call=closed)

    def sale(self, kiosk: str, at: datetime, outcome: p.SaleOutcome = p.SaleOutcome.PAID) -> None:
        method = {
            p.SaleOutcome.PAID: p.PaymentMethod.CARD,
            p.SaleOutcome.PAID_ELSEWHERE: p.PaymentMethod.SERVICE_DESK,
        }.get(outcome, p.PaymentMethod.NONE)
        self.add(
            kiosk,
            p.SaleSummary,
            at,
            transaction_id=f"tx-{self.n}",
            outcome=outcome,
            payment_method=method,
            total_cents=1234,
            items=2,
        )

    def intervention(self, kiosk: str, at: datetime) -> None:
        self.add(kiosk, p.Intervention, at, staff=SAM, role=p.Role.ATTENDANT, action="approve_age")

    def rating(self, kiosk: str, call_id: str, rating: int, at: datetime) -> None:
        self.add(kiosk, p.HelpRated, at, call_id=call_id, rating=rating)

    def fault(
        self, kiosk: str, kind: p.DeviceKind, at: datetime, *, recovered: bool = False
    ) -> None:
        device = p.DeviceInfo(
            name=str(kind),
            kind=kind,
            state=p.DeviceState.ONLINE if recovered else p.DeviceState.ERROR,
            reason=None if recovered else p.FaultReason.PAPER_OUT,
        )
        self.add(kiosk, p.DeviceRecovered if recovered else p.DeviceFault, at, device=device)


@pytest.fixture
def log(tmp_path: Path) -> Iterator[EventLog]:
    with EventLog(tmp_path / "events.db") as event_log:
        yield event_log


@pytest.fixture
def day(log: EventLog) -> EventLog:
    """One day in a store of two lanes (times in UTC; Amsterdam is UTC+2 in May)."""
    h = History(log)
    # Help calls raised in the window (6):       ack after   resolved after
    #   A kiosk-1 age_check        09:00:00           10 s          40 s
    #   B kiosk-1 payment_declined 09:30:00           20 s         100 s
    #   C kiosk-1 shopper_request  09:45:00     (cancelled after 5 s: no samples)
    #   H kiosk-1 idle             12:00:00   25 s (resolved, never acked)  25 s
    #   D kiosk-2 payment_declined 14:00:00        30.25 s        61.5 s
    #   E kiosk-2 unknown_item     21:59:59   21 s, 61 s: both after the window's end
    h.call("kiosk-1", "A", HelpReason.AGE_CHECK, z("09:00:00"),
           acknowledged=z("09:00:10"), resolved=z("09:00:40"))  # fmt: skip
    escalated = p.HelpCallInfo(
        id="A", reason=HelpReason.AGE_CHECK, status=HelpStatus.RAISED, raised_at=z("09:00:00"),
        escalated=True,
    )  # fmt: skip
    h.add("kiosk-1", p.HelpUpdated, z("09:00:04"), call=escalated)  # not an acknowledgement
    h.call("kiosk-1", "B", HelpReason.PAYMENT_DECLINED, z("09:30:00"),
           acknowledged=z("09:30:20"), resolved=z("09:31:40"),
           context=p.HelpContext(decline_reason=p.DeclineReason.INSUFFICIENT_FUNDS,
                                 amount_cents=2500))  # fmt: skip
    h.call("kiosk-1", "C", HelpReason.SHOPPER_REQUEST, z("09:45:00"), cancelled=z("09:45:05"))
    h.call("kiosk-1", "H", HelpReason.IDLE, z("12:00:00"), resolved=z("12:00:25"))
    h.call("kiosk-2", "D", HelpReason.PAYMENT_DECLINED, z("14:00:00"),
           acknowledged=z("14:00:30.25"), resolved=z("14:01:01.5"),
           context=p.HelpContext(amount_cents=1999))  # fmt: skip
    h.call("kiosk-2", "E", HelpReason.UNKNOWN_ITEM, z("21:59:59"),
           acknowledged=z("22:00:20"), resolved=z("22:01:00"))  # fmt: skip
    # Outside: F raised at the window's end (exclusive), G raised before its start.
    h.call("kiosk-2", "F", HelpReason.UNKNOWN_ITEM, z("22:00:00"), acknowledged=z("22:00:01"))
    h.call("kiosk-2", "G", HelpReason.SHOPPER_REQUEST, z("21:59:00", day=3),
           acknowledged=z("22:00:30", day=3), resolved=z("22:01:00", day=3))  # fmt: skip

    # 8 transactions in the window (one exactly at its start), one at its end (out).
    h.sale("kiosk-1", z("22:00:00", day=3))
    for minute in range(10, 15):
        h.sale("kiosk-1", z(f"10:{minute}:00"))
    h.sale("kiosk-1", z("11:00:00"), p.SaleOutcome.CANCELLED)
    h.sale("kiosk-2", z("14:05:00"), p.SaleOutcome.PAID_ELSEWHERE)
    h.sale("kiosk-2", z("22:00:00"))
    # 3 interventions in the window, one at its end.
    for at in (z("09:00:30"), z("09:31:00"), z("14:01:00"), z("22:00:00")):
        h.intervention("kiosk-1", at)
    # Ratings: A 5; B 2 then 4 (the last counts); D 5; E's rating comes after the window.
    h.rating("kiosk-1", "A", 5, z("09:02:00"))
    h.rating("kiosk-1", "B", 2, z("09:33:00"))
    h.rating("kiosk-1", "B", 4, z("09:34:00"))
    h.rating("kiosk-2", "D", 5, z("14:03:00"))
    h.rating("kiosk-2", "E", 1, z("22:05:00"))
    # Faults: kiosk-1 two printer, one scanner; a recovery is not a fault; one after the end.
    h.fault("kiosk-1", p.DeviceKind.PRINTER, z("08:00:00"))
    h.fault("kiosk-1", p.DeviceKind.PRINTER, z("13:00:00"))
    h.fault("kiosk-1", p.DeviceKind.PRINTER, z("13:05:00"), recovered=True)
    h.fault("kiosk-1", p.DeviceKind.SCANNER, z("15:00:00"))
    h.fault("kiosk-1", p.DeviceKind.SCANNER, z("23:00:00"))
    return log


def seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


def test_the_figures_of_a_hand_built_day(day: EventLog) -> None:
    f = service_figures(
        day, since=SINCE, until=UNTIL, timezone="Europe/Amsterdam", lanes=["kiosk-3"]
    )
    assert f.since == z("22:00:00", day=3) and f.until == z("22:00:00")
    assert f.hours == 24

    assert f.help_calls == {
        HelpReason.UNKNOWN_ITEM: 1,
        HelpReason.AGE_CHECK: 1,
        HelpReason.VOID_APPROVAL: 0,
        HelpReason.PAYMENT_DECLINED: 2,
        HelpReason.PAYMENT_UNKNOWN: 0,
        HelpReason.DEVICE_FAULT: 0,
        HelpReason.SHOPPER_REQUEST: 1,
        HelpReason.IDLE: 1,
    }
    assert f.total_help_calls == 6
    assert f.help_calls_per_hour() == Decimal("0.25")  # 6 / 24
    assert f.help_calls_per_hour(HelpReason.PAYMENT_DECLINED) == Decimal("0.08")  # 0.0833
    assert f.help_calls_per_hour(HelpReason.AGE_CHECK) == Decimal("0.04")  # 0.0417

    assert len(f.help_calls_by_hour) == 24
    nonzero = {
        (hour.astimezone(AMSTERDAM).hour, reason): n
        for hour, counts in f.help_calls_by_hour.items()
        for reason, n in counts.items()
        if n
    }
    assert nonzero == {
        (11, HelpReason.AGE_CHECK): 1,
        (11, HelpReason.PAYMENT_DECLINED): 1,
        (11, HelpReason.SHOPPER_REQUEST): 1,
        (14, HelpReason.IDLE): 1,
        (16, HelpReason.PAYMENT_DECLINED): 1,
        (23, HelpReason.UNKNOWN_ITEM): 1,
    }

    # acknowledge: 10, 20, 21, 25, 30.25 -> p50 rank ceil(2.5) = 3: 21; p90 rank 5: 30.25
    assert sorted(f.time_to_acknowledge.samples) == [seconds(s) for s in (10, 20, 21, 25, 30.25)]
    assert f.time_to_acknowledge.p50 == seconds(21)
    assert f.time_to_acknowledge.p90 == seconds(30.25)
    # resolve: 25, 40, 61, 61.5, 100 -> p50: 61; p90: 100
    assert sorted(f.time_to_resolve.samples) == [seconds(s) for s in (25, 40, 61, 61.5, 100)]
    assert f.time_to_resolve.p50 == seconds(61)
    assert f.time_to_resolve.p90 == seconds(100)

    assert f.transactions == 8
    assert f.transactions_by_outcome == {
        p.SaleOutcome.PAID: 6,
        p.SaleOutcome.CANCELLED: 1,
        p.SaleOutcome.SUSPENDED: 0,
        p.SaleOutcome.PAID_ELSEWHERE: 1,
    }
    assert f.interventions == 3
    assert f.interventions_per_100 == Decimal("37.50")  # 3 * 100 / 8

    assert set(f.declines) == set(DECLINE_CAUSES)
    assert {c: n for c, n in f.declines.items() if n} == {"insufficient_funds": 1, "unknown": 1}
    assert {c: n for c, n in f.declined_cents.items() if n} == {
        "insufficient_funds": 2500,
        "unknown": 1999,
    }
    assert all(isinstance(cents, int) for cents in f.declined_cents.values())

    assert f.ratings == {1: 0, 2: 0, 3: 0, 4: 1, 5: 2}
    assert f.rating_count == 3
    assert f.rating_mean == Decimal("4.67")  # 14 / 3

    assert f.faults == {"kiosk-1": 3, "kiosk-2": 0, "kiosk-3": 0}
    assert f.faults_by_device == {
        ("kiosk-1", p.DeviceKind.PRINTER): 2,
        ("kiosk-1", p.DeviceKind.SCANNER): 1,
    }


def test_the_csv_layout(day: EventLog) -> None:
    figures = service_figures(day, since=SINCE, until=UNTIL, timezone=AMSTERDAM)
    text = figures_csv(figures)
    assert text.startswith("figure,key,detail,value,unit\r\n")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    text.encode("utf-8")  # plain UTF-8 text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = [tuple(row) for row in rows[1:]]
    assert all(len(row) == len(CSV_COLUMNS) for row in body)
    # 3 window rows, 9 + 9 help calls and rates, 24 h x 8 reasons, 6 durations,
    # 5 transactions, 2 interventions, 17 + 17 declines, 7 ratings, 2 lanes, 2 devices
    assert len(body) == 3 + 9 + 9 + 24 * 8 + 6 + 5 + 2 + 17 + 17 + 7 + 2 + 2
    assert body[:6] == [
        ("window_start", "", "", "2030-05-04T00:00:00+02:00", "time"),
        ("window_end", "", "", "2030-05-05T00:00:00+02:00", "time"),
        ("timezone", "", "", "Europe/Amsterdam", ""),
        ("help_calls", "total", "", "6", "count"),
        ("help_calls", "unknown_item", "", "1", "count"),
        ("help_calls", "age_check", "", "1", "count"),
    ]
    for row in [
        ("help_calls_per_hour", "total", "", "0.25", "per_hour"),
        ("help_calls_per_hour", "payment_declined", "", "0.08", "per_hour"),
        ("help_calls_in_hour", "2030-05-04T00:00:00+02:00", "unknown_item", "0", "count"),
        ("help_calls_in_hour", "2030-05-04T11:00:00+02:00", "age_check", "1", "count"),
        ("help_calls_in_hour", "2030-05-04T23:00:00+02:00", "unknown_item", "1", "count"),
        ("time_to_acknowledge", "count", "", "5", "count"),
        ("time_to_acknowledge", "p50", "", "21.000", "seconds"),
        ("time_to_acknowledge", "p90", "", "30.250", "seconds"),
        ("time_to_resolve", "p50", "", "61.000", "seconds"),
        ("time_to_resolve", "p90", "", "100.000", "seconds"),
        ("transactions", "total", "", "8", "count"),
        ("transactions", "paid_elsewhere", "", "1", "count"),
        ("interventions", "total", "", "3", "count"),
        ("interventions_per_100", "transactions", "", "37.50", "ratio"),
        ("declines", "insufficient_funds", "", "1", "count"),
        ("declines", "refused", "", "0", "count"),
        ("declined_amount", "insufficient_funds", "", "2500", "cents"),
        ("declined_amount", "unknown", "", "1999", "cents"),
        ("rating", "5", "", "2", "count"),
        ("rating", "count", "", "3", "count"),
        ("rating", "mean", "", "4.67", "score"),
        ("faults", "kiosk-1", "", "3", "count"),
        ("faults", "kiosk-2", "", "0", "count"),
        ("faults_by_device", "kiosk-1", "printer", "2", "count"),
    ]:
        assert row in body, row
    figure_order = list(dict.fromkeys(row[0] for row in body))
    assert figure_order == [
        "window_start", "window_end", "timezone", "help_calls", "help_calls_per_hour",
        "help_calls_in_hour", "time_to_acknowledge", "time_to_resolve", "transactions",
        "interventions", "interventions_per_100", "declines", "declined_amount", "rating",
        "faults", "faults_by_device",
    ]  # fmt: skip
    hours = [row[1] for row in body if row[0] == "help_calls_in_hour"][::8]
    assert hours == sorted(hours) and len(hours) == 24
    # money is whole cents, never a float
    assert all("." not in row[3] for row in body if row[4] == "cents")
    # the same log gives the same text
    assert figures_csv(service_figures(day, since=SINCE, until=UNTIL, timezone=AMSTERDAM)) == text


def test_an_empty_window_has_rows_with_empty_values(log: EventLog) -> None:
    figures = service_figures(
        log, since=SINCE, until=SINCE + timedelta(hours=2), timezone=AMSTERDAM
    )
    assert figures.time_to_acknowledge.p50 is None
    assert figures.interventions_per_100 is None
    assert figures.rating_mean is None
    assert figures.help_calls_per_hour() == Decimal("0.00")
    assert figures.faults == {}
    rows = list(csv.reader(io.StringIO(figures_csv(figures), newline="")))
    by_key = {(r[0], r[1]): r[3] for r in rows[1:]}
    assert by_key[("time_to_acknowledge", "p50")] == ""
    assert by_key[("time_to_acknowledge", "count")] == "0"
    assert by_key[("interventions_per_100", "transactions")] == ""
    assert by_key[("rating", "mean")] == ""
    assert len([r for r in rows if r[0] == "help_calls_in_hour"]) == 2 * 8


@pytest.mark.parametrize(
    ("day_", "hours"),
    [(31, 23), (27, 25)],  # 2030-03-31 clocks go forward; 2030-10-27 they go back
)
def test_clock_hours_on_the_days_the_clocks_change(log: EventLog, day_: int, hours: int) -> None:
    month = 3 if day_ == 31 else 10
    since = datetime(2030, month, day_, tzinfo=AMSTERDAM)
    until = (
        datetime(2030, month, day_ + 1, tzinfo=AMSTERDAM)
        if day_ != 31
        else datetime(2030, 4, 1, tzinfo=AMSTERDAM)
    )
    h = History(log)
    if day_ == 27:
        # 02:30 local happens twice: 00:30Z (summer time) and 01:30Z (winter time)
        h.call("kiosk-1", "x", HelpReason.IDLE, datetime(2030, 10, 27, 0, 30, tzinfo=UTC))
        h.call("kiosk-1", "y", HelpReason.IDLE, datetime(2030, 10, 27, 1, 30, tzinfo=UTC))
    figures = service_figures(log, since=since, until=until, timezone=AMSTERDAM)
    assert figures.hours == hours
    assert len(figures.help_calls_by_hour) == hours
    if day_ == 27:
        counted = [
            (hour.astimezone(AMSTERDAM).isoformat(), counts[HelpReason.IDLE])
            for hour, counts in figures.help_calls_by_hour.items()
            if counts[HelpReason.IDLE]
        ]
        assert counted == [("2030-10-27T02:00:00+02:00", 1), ("2030-10-27T02:00:00+01:00", 1)]


def test_percentile_by_nearest_rank() -> None:
    ten = [seconds(s) for s in range(10, 0, -1)]  # unsorted on purpose
    assert percentile(ten, 50) == seconds(5)
    assert percentile(ten, 90) == seconds(9)
    assert percentile(ten, 91) == seconds(10)
    assert percentile(ten, 100) == seconds(10)
    assert percentile(ten, 1) == seconds(1)
    assert percentile([seconds(7)], 50) == seconds(7)
    assert percentile([], 50) is None
    with pytest.raises(ValueError, match="1-100"):
        percentile(ten, 0)


def test_the_window_is_checked(log: EventLog) -> None:
    with pytest.raises(ValueError, match="after since"):
        service_figures(log, since=UNTIL, until=SINCE, timezone=AMSTERDAM)
    with pytest.raises(ValueError, match="timezone-aware"):
        service_figures(log, since=datetime(2030, 5, 4), until=UNTIL, timezone=AMSTERDAM)  # noqa: DTZ001
