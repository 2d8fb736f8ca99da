"""The store as the console sees it: every lane, every open help call, who is online.

:class:`StoreModel` is fed the decoded messages of the store network, one at a time, on
one thread (the console's link hands them over from paho's thread as Qt signals), and
answers the widgets' questions: :meth:`~StoreModel.lanes` for the grid,
:meth:`~StoreModel.help_queue` for the queue, :meth:`~StoreModel.lane` and
:meth:`~StoreModel.recent_events` for a lane's detail. Each :meth:`~StoreModel.apply`
returns an :class:`Update` saying what changed, so the widgets repaint only that, a sound
plays for a new call, and the link publishes the acks it lists.

What it decides, and why:

- **State**: a kiosk re-publishes its complete state with ``version`` one higher on every
  change, and a new ``run_id`` each start. The console keeps the highest version of the
  current run; an older or equal version of that run is a late or repeated copy and is
  ignored. A different run replaces the current one (retained state means the broker only
  ever holds the newest), and the replaced run is remembered, so a late copy from the
  kiosk's previous run never brings it back. An empty retained state is a kiosk taken out
  of the store: the lane goes.
- **Events** are stored in the :class:`~attendant.eventlog.EventLog` *before* they are
  acked (exactly-once across a console restart); a duplicate is acked again, since the
  kiosk re-sends when it did not hear the first ack.
- **Help calls**: the retained state lists the open calls; a help event that happened
  after the state was sent is newer than the state, so a call raised (or resolved) while
  the state lags behind is shown (or dropped) at once. Once a state sent after the event
  arrives, the state is the truth again.
- **Presence**: an ``online`` heartbeat counts only when it is new (a later ``since``, or
  a higher ``sequence`` of the same ``since``), so the retained copy a broker replays on
  reconnect never keeps a frozen kiosk "online". No fresh heartbeat for
  ``offline_after_s`` on the injected clock: offline (:meth:`~StoreModel.tick`). An
  ``offline`` presence (a goodbye or the Last Will) is offline at once.

The default ``offline_after_s`` is :data:`OFFLINE_AFTER_S` (12 s, six beats of a kiosk's
2 s heartbeat): with the console's tick of 1 s a frozen or killed lane shows offline
within 13 s of its last beat, inside the 15 s the store network promises, without a
lane that is merely slow for a moment flickering offline.

Qt-free: the widgets and the link are built on top of it, and tests drive it with an
injected clock, without a broker or an event loop.
"""

from __future__ import annotations

import enum
import logging
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from attendant.commands import Outcome, PendingCommands
from attendant.eventlog import EventLog, StoredEvent
from kiosk.link import protocol
from kiosk.link.protocol import (
    CommandResult,
    Decoded,
    DeviceInfo,
    DeviceState,
    HelpCallInfo,
    HelpReason,
    HelpStatus,
    KioskState,
    LightInfo,
    OutOfServiceReason,
    Presence,
    PresenceStatus,
    Rejected,
    RejectReason,
    SessionState,
    StaffRef,
)
from kiosk.link.topics import ConsoleTopic, StoreTopics, TopicKind

__all__ = [
    "OFFLINE_AFTER_S",
    "DeviceHealth",
    "LaneStatusKey",
    "LaneView",
    "QueueEntry",
    "StoreModel",
    "Update",
    "UrgencyLevel",
]

log = logging.getLogger("attendant.store")

Clock = Callable[[], datetime]

OPEN = frozenset({HelpStatus.RAISED, HelpStatus.ACKNOWLEDGED})
APPROVALS = frozenset({HelpReason.AGE_CHECK, HelpReason.VOID_APPROVAL})
"""Calls only a staff member's decision ends (the lane waits for it)."""
OFFLINE_AFTER_S = 12.0
"""No new heartbeat for this long: the lane (or console) is offline (module docstring)."""
RETIRED_RUNS_KEPT = 16
SEEN_CALLS_KEPT = 1000


class LaneStatusKey(enum.StrEnum):
    """A lane's status in one word: the grid's colour and label key."""

    READY = "ready"
    """No shopper (attract screen)."""
    SHOPPING = "shopping"
    PAYING = "paying"
    """Paying, declined (may retry), receipt, feedback."""
    HELP = "help"
    """An open help call, a payment with an unknown outcome, a suspended cart."""
    APPROVAL = "approval"
    """An age check or a void waits for a staff member's decision."""
    STAFF = "staff"
    """A staff member or technician is logged in at the lane."""
    LOCKED = "locked"
    """Staff took the lane out of service."""
    OUT_OF_SERVICE = "out_of_service"
    """The lane cannot sell (a fault)."""
    OFFLINE = "offline"
    """No heartbeat: the kiosk is down, frozen or unreachable."""
    UNKNOWN = "unknown"
    """Online, but no state has arrived yet."""


_SESSION_KEYS: dict[SessionState, LaneStatusKey] = {
    SessionState.ATTRACT: LaneStatusKey.READY,
    SessionState.SHOPPING: LaneStatusKey.SHOPPING,
    SessionState.IDLE_PROMPT: LaneStatusKey.SHOPPING,
    SessionState.AWAITING_ATTENDANT: LaneStatusKey.APPROVAL,
    SessionState.PAYING: LaneStatusKey.PAYING,
    SessionState.DECLINED: LaneStatusKey.PAYING,
    SessionState.RECEIPT: LaneStatusKey.PAYING,
    SessionState.FEEDBACK: LaneStatusKey.PAYING,
    SessionState.PAYMENT_UNKNOWN: LaneStatusKey.HELP,
    SessionState.SUSPENDED: LaneStatusKey.HELP,
    SessionState.STAFF: LaneStatusKey.STAFF,
    SessionState.DIAGNOSTICS: LaneStatusKey.STAFF,
    SessionState.OUT_OF_SERVICE: LaneStatusKey.OUT_OF_SERVICE,
}


class UrgencyLevel(enum.StrEnum):
    NEW = "new"
    AMBER = "amber"
    RED = "red"


_URGENCY_RANK = {UrgencyLevel.RED: 0, UrgencyLevel.AMBER: 1, UrgencyLevel.NEW: 2}


@dataclass(frozen=True, slots=True)
class DeviceHealth:
    """A lane's devices in brief: the grid shows ``ok`` or the failing ones."""

    devices: tuple[DeviceInfo, ...] = ()

    @property
    def faulty(self) -> tuple[DeviceInfo, ...]:
        """The devices that are not online (closed, offline or in error)."""
        return tuple(device for device in self.devices if device.state is not DeviceState.ONLINE)

    @property
    def ok(self) -> bool:
        return not self.faulty

    @property
    def summary(self) -> str:
        """``"ok"``, ``"fault"`` (at least one device not online) or ``"none"`` (no
        devices reported, e.g. no state yet)."""
        if not self.devices:
            return "none"
        return "ok" if self.ok else "fault"


@dataclass(frozen=True, slots=True)
class LaneView:
    """One lane for the grid and the detail view, at the moment it was asked for."""

    kiosk_id: str
    name: str
    online: bool
    state: KioskState | None
    status: LaneStatusKey
    items: int
    total_cents: int
    in_state_s: float | None
    """Seconds since the lane entered its session state (``status.since``); None: no state."""
    health: DeviceHealth
    light: LightInfo | None
    open_calls: int
    """Open help calls of the lane (as in the queue: state merged with newer events)."""
    last_heartbeat: datetime | None
    """When the last fresh heartbeat arrived (the console's clock)."""

    @property
    def transaction_id(self) -> str | None:
        return self.state.transaction_id if self.state is not None else None


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One open help call in the queue."""

    kiosk_id: str
    kiosk_name: str
    call: HelpCallInfo
    waiting_s: float
    """Seconds since ``call.raised_at`` (when the shopper started waiting), never negative."""
    level: UrgencyLevel
    owner: StaffRef | None
    acknowledged: bool
    """Somebody said "on my way" or claimed it."""

    def claimed_by_me(self, staff_id: str) -> bool:
        return self.owner is not None and self.owner.staff_id == staff_id


@dataclass(slots=True)
class Update:
    """What one message changed, for the widgets and the link."""

    kiosk_id: str | None = None
    """The kiosk the message was about (None: a console's presence, or nothing)."""
    console_id: str | None = None
    """The console whose presence changed."""
    lane_changed: bool = False
    """The lane's view (state, presence or status) is different: repaint its tile."""
    lane_removed: bool = False
    presence_changed: bool = False
    queue_changed: bool = False
    new_calls: list[QueueEntry] = field(default_factory=list)
    """Calls this console had never seen (a sound, a flash)."""
    stored_events: list[protocol.Event] = field(default_factory=list)
    """Events stored now for the first time (duplicates are not listed)."""
    acks: list[tuple[str, list[str]]] = field(default_factory=list)
    """(kiosk id, event ids) the caller must ack: every stored event, duplicates too."""
    not_stored: list[str] = field(default_factory=list)
    """Event ids the log could not write: not acked, the kiosk sends them again."""
    results: list[CommandResult] = field(default_factory=list)
    """Every command result received (other consoles' too: claims are shown to all)."""
    outcomes: list[Outcome] = field(default_factory=list)
    """Our own commands that the results settled."""
    ignored: str | None = None
    """Why the message changed nothing (a stale state, a rejected payload), for logs."""

    @property
    def changed(self) -> bool:
        return bool(
            self.lane_changed
            or self.lane_removed
            or self.presence_changed
            or self.queue_changed
            or self.stored_events
            or self.results
        )


@dataclass(slots=True)
class _Presence:
    online: bool = False
    since: datetime | None = None
    sequence: int = -1
    last_beat: datetime | None = None

    def apply(self, message: Presence, now: datetime) -> bool:
        """Take ``message``; True when online/offline changed."""
        if message.status is PresenceStatus.OFFLINE:
            changed = self.online
            self.online = False
            return changed
        # A different ``since`` is a new run (a restart), earlier or later: a kiosk whose
        # clock NTP set back restarts with an earlier ``since`` and must count too.
        fresh = (
            self.since is None or message.since != self.since or message.sequence > self.sequence
        )
        if not fresh:
            return False  # a replayed retained copy or a late duplicate proves nothing
        self.since, self.sequence, self.last_beat = message.since, message.sequence, now
        changed = not self.online
        self.online = True
        return changed

    def timed_out(self, now: datetime, after_s: float) -> bool:
        """Mark offline when the last fresh beat is ``after_s`` old; True when it changed."""
        if not self.online or self.last_beat is None:
            return False
        if (now - self.last_beat).total_seconds() < after_s:
            return False
        self.online = False
        return True


@dataclass(slots=True)
class _Lane:
    kiosk_id: str
    state: KioskState | None = None
    presence: _Presence = field(default_factory=_Presence)
    retired_runs: list[str] = field(default_factory=list)
    event_calls: dict[str, tuple[HelpCallInfo, datetime]] = field(default_factory=dict)
    """Calls as the help events last told them, with when that happened on the lane;
    only those newer than the state matter (older ones are pruned)."""
    seen_calls: dict[str, None] = field(default_factory=dict)
    open_cache: dict[str, HelpCallInfo] | None = field(default=None, repr=False, compare=False)
    """:meth:`open_calls` as last worked out; None after :meth:`calls_changed`."""

    @property
    def name(self) -> str:
        return self.state.kiosk_name if self.state is not None else self.kiosk_id

    def open_calls(self) -> dict[str, HelpCallInfo]:
        """The lane's open calls: the state's, overridden by help events that happened
        after the state was sent (a call raised or closed while the state lagged).

        Worked out once per change of ``state`` or ``event_calls`` (whoever changes them
        calls :meth:`calls_changed`): the queue and the grid ask every lane for its calls
        on every message, and with 200 lanes at 2 states a second that was a third of the
        console's work (``bench/bench_network.py``). Read-only for the caller."""
        if self.open_cache is not None:
            return self.open_cache
        calls: dict[str, HelpCallInfo] = {}
        sent_at = self.state.sent_at if self.state is not None else None
        if self.state is not None:
            calls.update((call.id, call) for call in self.state.help_calls)
        for call_id, (call, occurred_at) in self.event_calls.items():
            if sent_at is None or occurred_at > sent_at:
                calls[call_id] = call
        self.open_cache = {call_id: call for call_id, call in calls.items() if call.status in OPEN}
        return self.open_cache

    def calls_changed(self) -> None:
        """``state`` or ``event_calls`` changed: work the open calls out again."""
        self.open_cache = None


def _queue_key(calls: dict[str, HelpCallInfo]) -> dict[str, tuple[object, ...]]:
    """What the queue shows of a lane's calls (to tell whether it changed)."""
    return {
        call_id: (call.status, call.owner, call.escalated, call.raised_at, call.reason)
        for call_id, call in calls.items()
    }


class StoreModel:
    """All lanes of store ``topics`` and their help calls, fed by :meth:`apply`.

    ``clock`` is the console's time (UTC, aware): timers, presence timeouts and urgency are
    measured on it, so tests inject one. ``expected`` kiosks (the console's configured
    kiosk list) are shown, offline, before anything is heard from them, and stay (empty)
    when their retained state is cleared. ``pending`` tracks this console's commands; one
    is made when none is given (see :attr:`pending`).
    """

    def __init__(
        self,
        topics: StoreTopics,
        log: EventLog,
        *,
        clock: Clock,
        offline_after_s: float = OFFLINE_AFTER_S,
        amber_after_s: float = 30,
        red_after_s: float = 60,
        expected: Iterable[str] = (),
        pending: PendingCommands | None = None,
    ) -> None:
        if not 0 < amber_after_s < red_after_s:
            raise ValueError("amber_after_s must be more than 0 and less than red_after_s")
        if offline_after_s <= 0:
            raise ValueError("offline_after_s must be more than 0")
        self.topics = topics
        self.log = log
        self.pending = pending if pending is not None else PendingCommands(clock=clock)
        self._clock = clock
        self.offline_after_s = offline_after_s
        self.amber_after_s = amber_after_s
        self.red_after_s = red_after_s
        self._expected = frozenset(expected)
        for kiosk_id in self._expected:
            topics.kiosk(kiosk_id)  # a bad id fails here
        self._lanes: dict[str, _Lane] = {kiosk: _Lane(kiosk) for kiosk in self._expected}
        self._consoles: dict[str, _Presence] = {}

    # -- feeding ---------------------------------------------------------------------------

    def apply(self, decoded: Decoded | Rejected) -> Update:
        """Take one message from the network; what it changed.

        A :class:`~kiosk.link.protocol.Rejected` payload changes nothing, except an empty
        one on a retained topic: an empty ``state`` removes the lane, an empty
        ``presence`` forgets the kiosk's or console's presence (offline).
        """
        if isinstance(decoded, Rejected):
            return self._apply_rejected(decoded)
        topic, message = decoded.topic, decoded.message
        if isinstance(topic, ConsoleTopic):
            if isinstance(message, Presence):
                return self._apply_console_presence(topic.console, message)
            return Update(ignored=f"{type(message).__name__} on a console topic")
        kiosk_id = topic.kiosk
        if topic.kind in (TopicKind.KIOSK_COMMAND, TopicKind.KIOSK_ACK):
            return Update(kiosk_id=kiosk_id, ignored=f"{topic.kind} is for kiosks")
        lane = self._lanes.get(kiosk_id)
        if lane is None:
            lane = self._lanes[kiosk_id] = _Lane(kiosk_id)
            log.info("lane %s appeared", kiosk_id)
        before = _queue_key(lane.open_calls())
        update = Update(kiosk_id=kiosk_id)
        if isinstance(message, KioskState):
            self._apply_state(lane, message, update)
        elif isinstance(message, protocol.Event):
            self._apply_event(lane, message, update)
        elif isinstance(message, Presence):
            changed = lane.presence.apply(message, self._clock())
            update.presence_changed = update.lane_changed = changed
            if changed:
                log.info("lane %s is %s", kiosk_id, "online" if lane.presence.online else "offline")
        elif isinstance(message, CommandResult):
            update.results.append(message)
            outcome = self.pending.resolve(kiosk_id, message)
            if outcome is not None:
                update.outcomes.append(outcome)
        else:  # pragma: no cover - decode() only gives the types above on these topics
            update.ignored = f"{type(message).__name__} on {topic.kind}"
        self._note_queue(lane, before, update)
        return update

    def _apply_state(self, lane: _Lane, state: KioskState, update: Update) -> None:
        current = lane.state
        if state.run_id in lane.retired_runs:
            update.ignored = f"state of the kiosk's earlier run {state.run_id}"
            return
        if current is not None and current.run_id == state.run_id:
            if state.version <= current.version:
                update.ignored = f"state version {state.version} <= {current.version}"
                return
        elif current is not None:
            log.info(
                "lane %s restarted (run %s -> %s)", lane.kiosk_id, current.run_id, state.run_id
            )
            lane.retired_runs.append(current.run_id)
            del lane.retired_runs[:-RETIRED_RUNS_KEPT]
        lane.state = state
        lane.event_calls = {
            call_id: (call, occurred_at)
            for call_id, (call, occurred_at) in lane.event_calls.items()
            if occurred_at > state.sent_at
        }
        lane.calls_changed()
        update.lane_changed = True

    def _apply_event(self, lane: _Lane, event: protocol.Event, update: Update) -> None:
        try:
            stored = self.log.add(lane.kiosk_id, event)
        except sqlite3.Error:
            log.exception("could not store event %s of %s: not acked", event.id, lane.kiosk_id)
            update.not_stored.append(event.id)
        else:
            if stored:
                update.stored_events.append(event)
            update.acks.append((lane.kiosk_id, [event.id]))
        if isinstance(event, protocol.HelpRaised | protocol.HelpUpdated | protocol.HelpResolved):
            known = lane.event_calls.get(event.call.id)
            state_sent = lane.state.sent_at if lane.state is not None else None
            newer_than_known = known is None or event.occurred_at >= known[1]
            newer_than_state = state_sent is None or event.occurred_at > state_sent
            if newer_than_known and newer_than_state:
                lane.event_calls[event.call.id] = (event.call, event.occurred_at)
                lane.calls_changed()

    def _note_queue(
        self, lane: _Lane, before: dict[str, tuple[object, ...]], update: Update
    ) -> None:
        calls = lane.open_calls()
        if _queue_key(calls) != before:
            update.queue_changed = update.lane_changed = True
        now = self._clock()
        for call_id, call in calls.items():
            if call_id not in lane.seen_calls:
                update.new_calls.append(self._entry(lane, call, now))
        # Every call named so far counts as seen, closed ones too: a late copy of an old
        # call's help_raised must not ring again.
        named = list(calls)
        if lane.state is not None:
            named += [call.id for call in lane.state.help_calls]
        named += list(lane.event_calls)
        for call_id in named:
            lane.seen_calls.setdefault(call_id, None)
        while len(lane.seen_calls) > SEEN_CALLS_KEPT:
            del lane.seen_calls[next(iter(lane.seen_calls))]

    def _apply_console_presence(self, console_id: str, message: Presence) -> Update:
        presence = self._consoles.setdefault(console_id, _Presence())
        changed = presence.apply(message, self._clock())
        return Update(console_id=console_id, presence_changed=changed)

    def _apply_rejected(self, rejected: Rejected) -> Update:
        topic = rejected.topic
        if rejected.reason is not RejectReason.EMPTY or topic is None:
            return Update(ignored=str(rejected))
        if isinstance(topic, ConsoleTopic):
            gone = self._consoles.pop(topic.console, None)
            return Update(
                console_id=topic.console,
                presence_changed=gone is not None and gone.online,
                ignored=None if gone is not None else "no such console",
            )
        lane = self._lanes.get(topic.kiosk)
        if lane is None:
            return Update(kiosk_id=topic.kiosk, ignored="empty payload for an unknown lane")
        update = Update(kiosk_id=topic.kiosk)
        if topic.kind is TopicKind.KIOSK_STATE:
            update.queue_changed = bool(lane.open_calls())
            if topic.kiosk in self._expected:
                self._lanes[topic.kiosk] = _Lane(topic.kiosk)
                update.lane_changed = True
            else:
                del self._lanes[topic.kiosk]
                update.lane_removed = True
            log.info("lane %s removed (its retained state was cleared)", topic.kiosk)
        elif topic.kind is TopicKind.KIOSK_PRESENCE:
            changed = lane.presence.online
            lane.presence = _Presence()
            update.presence_changed = update.lane_changed = changed
        else:
            update.ignored = f"empty payload on {topic.kind}"
        return update

    def tick(self) -> list[str]:
        """Mark lanes (and consoles) offline that sent no fresh heartbeat for
        ``offline_after_s``; the kiosk ids whose presence changed. Call it about once a
        second (the console's timer)."""
        now = self._clock()
        changed = [
            kiosk_id
            for kiosk_id, lane in sorted(self._lanes.items())
            if lane.presence.timed_out(now, self.offline_after_s)
        ]
        for kiosk_id in changed:
            log.warning("lane %s: no heartbeat for %ss, offline", kiosk_id, self.offline_after_s)
        for console_id, presence in self._consoles.items():
            if presence.timed_out(now, self.offline_after_s):
                log.info("console %s: no heartbeat, offline", console_id)
        return changed

    # -- asking ----------------------------------------------------------------------------

    def lanes(self) -> list[LaneView]:
        """Every lane, by kiosk id."""
        now = self._clock()
        return [self._view(lane, now) for _, lane in sorted(self._lanes.items())]

    def lane(self, kiosk_id: str) -> LaneView | None:
        lane = self._lanes.get(kiosk_id)
        return self._view(lane, self._clock()) if lane is not None else None

    def help_queue(self) -> list[QueueEntry]:
        """Every open help call of every lane: red first, then amber, then new; within a
        level the longest wait first (then by kiosk and call id, so the order is stable)."""
        now = self._clock()
        entries = [
            self._entry(lane, call, now)
            for lane in self._lanes.values()
            for call in lane.open_calls().values()
        ]
        entries.sort(key=lambda e: (_URGENCY_RANK[e.level], -e.waiting_s, e.kiosk_id, e.call.id))
        return entries

    def recent_events(self, kiosk_id: str, limit: int = 20) -> list[StoredEvent]:
        """The lane's last ``limit`` events from the log, newest first."""
        return self.log.events(kiosk_id, limit=limit, newest_first=True)

    def consoles(self) -> list[tuple[str, bool]]:
        """Every console heard of, by id, and whether it is online."""
        return [(console_id, p.online) for console_id, p in sorted(self._consoles.items())]

    def level(self, waiting_s: float) -> UrgencyLevel:
        if waiting_s >= self.red_after_s:
            return UrgencyLevel.RED
        if waiting_s >= self.amber_after_s:
            return UrgencyLevel.AMBER
        return UrgencyLevel.NEW

    # -- views -----------------------------------------------------------------------------

    def _entry(self, lane: _Lane, call: HelpCallInfo, now: datetime) -> QueueEntry:
        waiting = max(0.0, (now - call.raised_at).total_seconds())
        return QueueEntry(
            kiosk_id=lane.kiosk_id,
            kiosk_name=lane.name,
            call=call,
            waiting_s=waiting,
            level=self.level(waiting),
            owner=call.owner,
            acknowledged=call.status is HelpStatus.ACKNOWLEDGED or call.owner is not None,
        )

    def _view(self, lane: _Lane, now: datetime) -> LaneView:
        state = lane.state
        calls = lane.open_calls()
        return LaneView(
            kiosk_id=lane.kiosk_id,
            name=lane.name,
            online=lane.presence.online,
            state=state,
            status=_status_key(lane.presence.online, state, calls.values()),
            items=state.cart.items if state is not None else 0,
            total_cents=state.cart.total_cents if state is not None else 0,
            in_state_s=(
                max(0.0, (now - state.status.since).total_seconds()) if state is not None else None
            ),
            health=DeviceHealth(tuple(state.devices) if state is not None else ()),
            light=state.lane_light if state is not None else None,
            open_calls=len(calls),
            last_heartbeat=lane.presence.last_beat,
        )


def _status_key(
    online: bool, state: KioskState | None, calls: Iterable[HelpCallInfo]
) -> LaneStatusKey:
    """Precedence: offline, then out of service (locked or a fault), then a decision the
    lane waits for, then any help call, then the session state."""
    if not online:
        return LaneStatusKey.OFFLINE
    if state is None:
        return LaneStatusKey.UNKNOWN
    status = state.status
    if status.locked or status.out_of_service is OutOfServiceReason.LOCKED_BY_STAFF:
        return LaneStatusKey.LOCKED
    if status.out_of_service is not None or status.session is SessionState.OUT_OF_SERVICE:
        return LaneStatusKey.OUT_OF_SERVICE
    calls = list(calls)
    if (
        any(call.reason in APPROVALS for call in calls)
        or status.session is SessionState.AWAITING_ATTENDANT
    ):
        return LaneStatusKey.APPROVAL
    if calls:
        return LaneStatusKey.HELP
    return _SESSION_KEYS[status.session]
