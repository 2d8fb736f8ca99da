"""Test helpers for the console's core: a clock the test moves, and messages built with the
protocol's models and sent the way the network sends them (``encode`` then ``decode``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from attendant.store import StoreModel, Update
from kiosk.link import protocol as p
from kiosk.link.topics import StoreTopics

TOPICS = StoreTopics("test-store")
T0 = datetime(2030, 5, 4, 10, 0, 0, tzinfo=UTC)
SAM = p.StaffRef(staff_id="st-7", name="Sam", console="console-1")
SAM_ACTOR = p.Actor(staff_id="st-7", name="Sam", role=p.Role.ATTENDANT)


class Clock:
    """The console's clock: stands still until the test moves it."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


def at(seconds: float) -> datetime:
    """``T0`` plus ``seconds``."""
    return T0 + timedelta(seconds=seconds)


def deliver(model: StoreModel, topic: str, message: p.Message | None, clock: Clock) -> Update:
    """Publish ``message`` on ``topic`` as a kiosk or console would (None: an empty retained
    payload), decode it as the console does, and apply it."""
    payload = b"" if message is None else p.encode(message)
    return model.apply(p.decode(topic, payload, now=clock(), topics=TOPICS))


def call(
    call_id: str,
    reason: p.HelpReason = p.HelpReason.SHOPPER_REQUEST,
    *,
    raised_at: datetime = T0,
    status: p.HelpStatus = p.HelpStatus.RAISED,
    **changes: Any,
) -> p.HelpCallInfo:
    return p.HelpCallInfo(id=call_id, reason=reason, status=status, raised_at=raised_at, **changes)


def state(
    kiosk: str = "kiosk-1",
    *,
    run_id: str = "a" * 32,
    version: int = 1,
    sent_at: datetime = T0,
    session: p.SessionState = p.SessionState.SHOPPING,
    since: datetime = T0,
    calls: tuple[p.HelpCallInfo, ...] = (),
    **changes: Any,
) -> p.KioskState:
    status = changes.pop("status", None) or p.LaneStatus(session=session, since=since)
    return p.KioskState(
        sender=kiosk,
        sent_at=sent_at,
        kiosk_name=changes.pop("kiosk_name", f"Kassa {kiosk.rsplit('-', 1)[-1]}"),
        run_id=run_id,
        version=version,
        status=status,
        help_calls=list(calls),
        **changes,
    )


def presence(
    sender: str,
    sequence: int,
    *,
    status: p.PresenceStatus = p.PresenceStatus.ONLINE,
    since: datetime = T0,
    sent_at: datetime = T0,
) -> p.Presence:
    return p.Presence(
        sender=sender,
        status=status,
        since=since,
        sequence=sequence,
        interval_s=5.0,
        sent_at=sent_at,
    )


def event_id(n: int) -> str:
    return f"{n:032x}"


def help_event(
    kind: type[p.HelpRaised] | type[p.HelpUpdated] | type[p.HelpResolved],
    info: p.HelpCallInfo,
    *,
    kiosk: str = "kiosk-1",
    occurred_at: datetime,
    id: str | None = None,
) -> p.Event:
    return kind(
        sender=kiosk,
        sent_at=occurred_at,
        occurred_at=occurred_at,
        call=info,
        **({"id": id} if id else {}),
    )
