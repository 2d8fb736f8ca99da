"""Service figures: how well the store answered its shoppers, from the console's event log.

:func:`service_figures` reads the events that happened on the lanes in ``[since, until)``
and counts:

- **help calls** per reason, in total, per hour of the window on the average, and per
  clock hour (local time of the store's ``timezone``, so a day has 23, 24 or 25 hours);
  a call belongs to the window its ``raised_at`` (when the shopper started waiting) is in;
- **time to acknowledge** a call: from ``raised_at`` to the first help event that shows it
  acknowledged or owned by a staff member, or resolved (whoever resolved it got there);
  **time to resolve**: from ``raised_at`` to its ``help_resolved`` with status
  ``resolved`` (cancelled calls have no resolve time). Both as p50 and p90 by the
  *nearest-rank* method: the p-th percentile of n sorted samples is the sample at rank
  ``ceil(p/100 * n)`` (1-based); always one of the samples, no interpolation. Events of
  a call after ``until`` still count for it (a call at 23:59 answered at 00:01 belongs to
  the day it was raised);
- **interventions per 100 transactions**: ``intervention`` events / ``sale`` events (every
  outcome: paid, paid elsewhere, cancelled, suspended) in the window, times 100;
- **declines by cause**: help calls with reason ``payment_declined`` raised in the window,
  by their ``context.decline_reason`` (``unknown`` when the lane gave none), with the sum
  of their ``context.amount_cents``. Sale events say nothing about declines, and a
  declined payment the shopper retried without calling for help is not on the network;
- **the shopper's rating** of the help: ``help_rated`` events in the window, the last
  rating per call; the count per score (1-5), the count and the mean;
- **faults per lane**: ``device_fault`` events in the window, per kiosk and per kiosk
  and device kind.

Money stays integer cents; ratios are :class:`~decimal.Decimal` rounded half-up to two
places, computed from exact fractions, so the same log always gives the same CSV.

:func:`figures_csv` writes the figures as CSV, one figure per row (the layout is in its
docstring and stable: every reason, cause and score has a row, zeros too).
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from attendant.eventlog import EventLog
from kiosk.link.protocol import (
    DeclineReason,
    DeviceKind,
    EventKind,
    HelpCallInfo,
    HelpContext,
    HelpRated,
    HelpReason,
    HelpStatus,
    SaleOutcome,
    SaleSummary,
)

__all__ = [
    "CSV_COLUMNS",
    "UNKNOWN_CAUSE",
    "Durations",
    "ServiceFigures",
    "figures_csv",
    "percentile",
    "service_figures",
]

CSV_COLUMNS = ("figure", "key", "detail", "value", "unit")
UNKNOWN_CAUSE = "unknown"
"""The decline cause of a ``payment_declined`` call whose context names none."""
DECLINE_CAUSES: tuple[str, ...] = (*(str(reason) for reason in DeclineReason), UNKNOWN_CAUSE)
SCORES = (1, 2, 3, 4, 5)
_HELP_KINDS = (EventKind.HELP_RAISED, EventKind.HELP_UPDATED, EventKind.HELP_RESOLVED)
_HOUR = timedelta(hours=1)
_CENT = Decimal("0.01")


def percentile(samples: Sequence[timedelta], p: int) -> timedelta | None:
    """The ``p``-th percentile (1-100) of ``samples`` by nearest rank; None for none."""
    if not 0 < p <= 100:
        raise ValueError("p must be 1-100")
    if not samples:
        return None
    ordered = sorted(samples)
    rank = math.ceil(Fraction(p, 100) * len(ordered))
    return ordered[rank - 1]


def _ratio(numerator: Fraction | int, denominator: Fraction | int) -> Decimal | None:
    if denominator == 0:
        return None
    exact = Fraction(numerator) / Fraction(denominator)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        _CENT, rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True, slots=True)
class Durations:
    """Waiting times: how many, and their nearest-rank p50 and p90."""

    samples: tuple[timedelta, ...] = ()

    @property
    def count(self) -> int:
        return len(self.samples)

    @property
    def p50(self) -> timedelta | None:
        return percentile(self.samples, 50)

    @property
    def p90(self) -> timedelta | None:
        return percentile(self.samples, 90)


@dataclass(frozen=True, slots=True)
class ServiceFigures:
    """The figures of one window; see the module's docstring for how each is counted."""

    since: datetime
    until: datetime
    timezone: tzinfo
    help_calls: dict[HelpReason, int]
    """Every reason, zeros too."""
    help_calls_by_hour: dict[datetime, dict[HelpReason, int]]
    """Every clock hour of the window (key: the hour's start, in ``timezone``), every reason."""
    time_to_acknowledge: Durations
    time_to_resolve: Durations
    transactions: int
    transactions_by_outcome: dict[SaleOutcome, int]
    interventions: int
    declines: dict[str, int]
    """Every :data:`DECLINE_CAUSES` entry (the decline reasons and ``unknown``)."""
    declined_cents: dict[str, int]
    ratings: dict[int, int]
    """Scores 1-5, zeros too."""
    faults: dict[str, int]
    """Per kiosk: every lane with an event in the window or named by the caller, zeros too."""
    faults_by_device: dict[tuple[str, DeviceKind], int] = field(default_factory=dict)
    """Per kiosk and device kind, only those with faults."""

    @property
    def hours(self) -> Fraction:
        """The window's length in hours (exact)."""
        return Fraction(_microseconds(self.until - self.since), 3_600_000_000)

    @property
    def total_help_calls(self) -> int:
        return sum(self.help_calls.values())

    def help_calls_per_hour(self, reason: HelpReason | None = None) -> Decimal | None:
        """Calls (of ``reason``, or all) per hour of the window, on the average."""
        count = self.total_help_calls if reason is None else self.help_calls[reason]
        return _ratio(count, self.hours)

    @property
    def interventions_per_100(self) -> Decimal | None:
        """Interventions per 100 transactions; None without transactions."""
        return _ratio(self.interventions * 100, self.transactions)

    @property
    def rating_count(self) -> int:
        return sum(self.ratings.values())

    @property
    def rating_mean(self) -> Decimal | None:
        return _ratio(sum(score * n for score, n in self.ratings.items()), self.rating_count)


def _microseconds(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _zone(timezone: tzinfo | str) -> tzinfo:
    return ZoneInfo(timezone) if isinstance(timezone, str) else timezone


def _hour_start(moment: datetime, zone: tzinfo) -> datetime:
    """The start of the local clock hour ``moment`` is in, as a UTC time (so the two
    01:00 hours of a night the clocks go back stay two different hours)."""
    local = moment.astimezone(zone)
    return local.replace(minute=0, second=0, microsecond=0).astimezone(UTC)


def _hours(since: datetime, until: datetime, zone: tzinfo) -> list[datetime]:
    hours: list[datetime] = []
    hour = _hour_start(since, zone)
    while hour < until:
        hours.append(hour)
        following = _hour_start(hour + _HOUR, zone)
        hour = following if following > hour else hour + _HOUR
    return hours


@dataclass(slots=True)
class _Call:
    kiosk_id: str
    call: HelpCallInfo
    context: HelpContext
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None


def service_figures(
    log: EventLog,
    *,
    since: datetime,
    until: datetime,
    timezone: tzinfo | str,
    lanes: Iterable[str] = (),
) -> ServiceFigures:
    """The figures of ``[since, until)`` (aware times) from ``log``; hours are clock hours
    of ``timezone`` (e.g. ``"Europe/Amsterdam"``). ``lanes`` are kiosks to list in the
    fault counts even without any events."""
    if since.tzinfo is None or until.tzinfo is None:
        raise ValueError("since and until must be timezone-aware")
    if until <= since:
        raise ValueError("until must be after since")
    zone = _zone(timezone)
    since, until = since.astimezone(UTC), until.astimezone(UTC)

    # Help calls: every event of a call raised in the window, even those after ``until``.
    calls: dict[tuple[str, str], _Call] = {}
    for stored in log.events(since=since, kinds=_HELP_KINDS):
        call = stored.event.call  # type: ignore[attr-defined]
        key = (stored.kiosk_id, call.id)
        entry = calls.get(key)
        if entry is None:
            entry = calls[key] = _Call(stored.kiosk_id, call, call.context)
        at = stored.event.occurred_at
        staff_on_it = (
            call.status in (HelpStatus.ACKNOWLEDGED, HelpStatus.RESOLVED) or call.owner is not None
        )
        if staff_on_it and (entry.acknowledged_at is None or at < entry.acknowledged_at):
            entry.acknowledged_at = at
        if (
            stored.event.event == EventKind.HELP_RESOLVED
            and call.status is HelpStatus.RESOLVED
            and (entry.resolved_at is None or at < entry.resolved_at)
        ):
            entry.resolved_at = at
    in_window = [entry for entry in calls.values() if since <= entry.call.raised_at < until]

    help_calls = dict.fromkeys(HelpReason, 0)
    hours = _hours(since, until, zone)
    by_hour = {hour: dict.fromkeys(HelpReason, 0) for hour in hours}
    acknowledge: list[timedelta] = []
    resolve: list[timedelta] = []
    declines = dict.fromkeys(DECLINE_CAUSES, 0)
    declined_cents = dict.fromkeys(DECLINE_CAUSES, 0)
    for entry in in_window:
        reason = entry.call.reason
        help_calls[reason] += 1
        by_hour[_hour_start(entry.call.raised_at, zone)][reason] += 1
        if entry.acknowledged_at is not None:
            acknowledge.append(max(timedelta(0), entry.acknowledged_at - entry.call.raised_at))
        if entry.resolved_at is not None:
            resolve.append(max(timedelta(0), entry.resolved_at - entry.call.raised_at))
        if reason is HelpReason.PAYMENT_DECLINED:
            cause = entry.context.decline_reason
            cause_key = str(cause) if cause is not None else UNKNOWN_CAUSE
            declines[cause_key] += 1
            declined_cents[cause_key] += entry.context.amount_cents or 0

    # Everything else: the events that happened in the window.
    transactions_by_outcome = dict.fromkeys(SaleOutcome, 0)
    interventions = 0
    ratings_by_call: dict[tuple[str, str], int] = {}
    faults: Counter[str] = Counter(dict.fromkeys(lanes, 0))
    faults_by_device: Counter[tuple[str, DeviceKind]] = Counter()
    kinds = (EventKind.SALE, EventKind.INTERVENTION, EventKind.HELP_RATED, EventKind.DEVICE_FAULT)
    for stored in log.events(since=since, until=until, kinds=kinds):
        event = stored.event
        faults.setdefault(stored.kiosk_id, 0)
        if isinstance(event, SaleSummary):
            transactions_by_outcome[event.outcome] += 1
        elif event.event == EventKind.INTERVENTION:
            interventions += 1
        elif isinstance(event, HelpRated):
            ratings_by_call[(stored.kiosk_id, event.call_id)] = event.rating  # oldest first
        elif event.event == EventKind.DEVICE_FAULT:
            faults[stored.kiosk_id] += 1
            faults_by_device[(stored.kiosk_id, event.device.kind)] += 1  # type: ignore[attr-defined]
    for entry in in_window:  # a lane that only called for help still gets its row (0)
        faults.setdefault(entry.kiosk_id, 0)
    ratings = dict.fromkeys(SCORES, 0)
    for score in ratings_by_call.values():
        ratings[score] += 1

    return ServiceFigures(
        since=since,
        until=until,
        timezone=zone,
        help_calls=help_calls,
        help_calls_by_hour=by_hour,
        time_to_acknowledge=Durations(tuple(acknowledge)),
        time_to_resolve=Durations(tuple(resolve)),
        transactions=sum(transactions_by_outcome.values()),
        transactions_by_outcome=transactions_by_outcome,
        interventions=interventions,
        declines=declines,
        declined_cents=declined_cents,
        ratings=ratings,
        faults=dict(sorted(faults.items())),
        faults_by_device=dict(sorted(faults_by_device.items())),
    )


# --- CSV ---------------------------------------------------------------------------------


def _seconds(delta: timedelta | None) -> str:
    """Seconds with three decimals (milliseconds, rounded half up), from integers."""
    if delta is None:
        return ""
    ms = (_microseconds(delta) + 500) // 1000
    return f"{ms // 1000}.{ms % 1000:03d}"


def _local(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).isoformat(timespec="seconds")


def _text(value: Decimal | int | None) -> str:
    return "" if value is None else str(value)


def figures_csv(figures: ServiceFigures) -> str:
    """The figures as CSV text (write it as UTF-8, no byte-order mark).

    RFC 4180 (comma, ``"`` quoting where needed, CRLF line ends), a header row, then one
    row per figure with the columns ``figure,key,detail,value,unit``, in this order:

    ==============================  =================  ==============  ==============
    figure                          key                detail          value (unit)
    ==============================  =================  ==============  ==============
    ``window_start``                                                   local time (``time``)
    ``window_end``                                                     local time (``time``)
    ``timezone``                                                       zone name
    ``help_calls``                  ``total``, reason                  count
    ``help_calls_per_hour``         ``total``, reason                  2 decimals (``per_hour``)
    ``help_calls_in_hour``          local hour start   reason          count
    ``time_to_acknowledge``         ``count``                          count
    ``time_to_acknowledge``         ``p50``, ``p90``                   3 decimals (``seconds``)
    ``time_to_resolve``             (as above)
    ``transactions``                ``total``, outcome                 count
    ``interventions``               ``total``                          count
    ``interventions_per_100``       ``transactions``                   2 decimals (``ratio``)
    ``declines``                    cause                              count
    ``declined_amount``             cause                              integer (``cents``)
    ``rating``                      ``1`` ... ``5``                    count
    ``rating``                      ``count``                          count
    ``rating``                      ``mean``                           2 decimals (``score``)
    ``faults``                      kiosk id                           count
    ``faults_by_device``            kiosk id           device kind     count
    ==============================  =================  ==============  ==============

    Reasons, outcomes and causes come in the protocol's order, every one of them (zeros
    too); hours in time order; kiosks by id. A value that does not exist (a p50 of no
    calls, a ratio over zero transactions) is empty. Money is integer cents, never a
    float.
    """
    zone = figures.timezone
    rows: list[tuple[str, str, str, str, str]] = [
        ("window_start", "", "", _local(figures.since, zone), "time"),
        ("window_end", "", "", _local(figures.until, zone), "time"),
        ("timezone", "", "", str(getattr(zone, "key", zone)), ""),
        ("help_calls", "total", "", str(figures.total_help_calls), "count"),
    ]
    rows += [("help_calls", str(r), "", str(n), "count") for r, n in figures.help_calls.items()]
    rows.append(
        ("help_calls_per_hour", "total", "", _text(figures.help_calls_per_hour()), "per_hour")
    )
    rows += [
        ("help_calls_per_hour", str(r), "", _text(figures.help_calls_per_hour(r)), "per_hour")
        for r in figures.help_calls
    ]
    for hour, counts in figures.help_calls_by_hour.items():
        rows += [
            ("help_calls_in_hour", _local(hour, zone), str(r), str(n), "count")
            for r, n in counts.items()
        ]
    for name, durations in (
        ("time_to_acknowledge", figures.time_to_acknowledge),
        ("time_to_resolve", figures.time_to_resolve),
    ):
        rows += [
            (name, "count", "", str(durations.count), "count"),
            (name, "p50", "", _seconds(durations.p50), "seconds"),
            (name, "p90", "", _seconds(durations.p90), "seconds"),
        ]
    rows.append(("transactions", "total", "", str(figures.transactions), "count"))
    rows += [
        ("transactions", str(o), "", str(n), "count")
        for o, n in figures.transactions_by_outcome.items()
    ]
    rows += [
        ("interventions", "total", "", str(figures.interventions), "count"),
        (
            "interventions_per_100",
            "transactions",
            "",
            _text(figures.interventions_per_100),
            "ratio",
        ),
    ]
    rows += [("declines", c, "", str(n), "count") for c, n in figures.declines.items()]
    rows += [("declined_amount", c, "", str(n), "cents") for c, n in figures.declined_cents.items()]
    rows += [("rating", str(s), "", str(n), "count") for s, n in figures.ratings.items()]
    rows += [
        ("rating", "count", "", str(figures.rating_count), "count"),
        ("rating", "mean", "", _text(figures.rating_mean), "score"),
    ]
    rows += [("faults", k, "", str(n), "count") for k, n in figures.faults.items()]
    rows += [
        ("faults_by_device", k, str(d), str(n), "count")
        for (k, d), n in figures.faults_by_device.items()
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()
