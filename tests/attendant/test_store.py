"""The console's store model (attendant.store), fed messages built with the protocol's models
and sent through encode/decode as on the network, on an injected clock and a real event log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from attendant.commands import CommandFactory, OutcomeStatus
from attendant.eventlog import EventLog
from attendant.store import LaneStatusKey, StoreModel, UrgencyLevel
from kiosk.link import protocol as p
from kiosk.link.protocol import HelpReason, HelpStatus, SessionState
from tests.attendant.wire import (
    SAM,
    SAM_ACTOR,
    T0,
    TOPICS,
    Clock,
    at,
    call,
    deliver,
    event_id,
    help_event,
    presence,
    state,
)

RUN_A = "a" * 32
RUN_B = "b" * 32


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def log(tmp_path: Path) -> Iterator[EventLog]:
    with EventLog(tmp_path / "events.db") as event_log:
        yield event_log


@pytest.fixture
def model(log: EventLog, clock: Clock) -> StoreModel:
    return StoreModel(TOPICS, log, clock=clock)


def send_state(model: StoreModel, clock: Clock, message: p.KioskState):  # type: ignore[no-untyped-def]
    return deliver(model, TOPICS.kiosk_state(message.sender), message, clock)


def send_event(model: StoreModel, clock: Clock, message: p.Event):  # type: ignore[no-untyped-def]
    return deliver(model, TOPICS.kiosk_event(message.sender), message, clock)


def send_presence(model: StoreModel, clock: Clock, message: p.Presence):  # type: ignore[no-untyped-def]
    return deliver(model, TOPICS.kiosk_presence(message.sender), message, clock)


def queue_ids(model: StoreModel) -> list[str]:
    return [entry.call.id for entry in model.help_queue()]


# --- the help queue ---------------------------------------------------------------------


def test_queue_order_red_then_amber_then_new_longest_wait_first(
    model: StoreModel, clock: Clock
) -> None:
    send_state(
        model,
        clock,
        state(
            "kiosk-1", calls=(call("k1-new", raised_at=at(-10)), call("k1-red", raised_at=at(-90)))
        ),
    )
    send_state(
        model,
        clock,
        state(
            "kiosk-2",
            calls=(
                call("k2-amber", raised_at=at(-45)),
                call("k2-red", raised_at=at(-61)),
                call("k2-new", raised_at=at(-20)),
            ),
        ),
    )
    queue = model.help_queue()
    assert [(e.call.id, e.level, e.waiting_s) for e in queue] == [
        ("k1-red", UrgencyLevel.RED, 90.0),
        ("k2-red", UrgencyLevel.RED, 61.0),
        ("k2-amber", UrgencyLevel.AMBER, 45.0),
        ("k2-new", UrgencyLevel.NEW, 20.0),
        ("k1-new", UrgencyLevel.NEW, 10.0),
    ]
    assert [e.kiosk_name for e in queue] == ["Kassa 1", "Kassa 2", "Kassa 2", "Kassa 2", "Kassa 1"]


def test_amber_at_30_s_and_red_at_60_s_on_the_injected_clock(
    model: StoreModel, clock: Clock
) -> None:
    send_state(model, clock, state(calls=(call("c1", raised_at=T0),)))

    def level() -> UrgencyLevel:
        [entry] = model.help_queue()
        return entry.level

    assert level() is UrgencyLevel.NEW
    clock.advance(29.999)
    assert level() is UrgencyLevel.NEW
    clock.advance(0.001)
    assert level() is UrgencyLevel.AMBER
    clock.advance(29.999)
    assert level() is UrgencyLevel.AMBER
    clock.advance(0.001)
    assert level() is UrgencyLevel.RED
    assert model.help_queue()[0].waiting_s == 60.0


def test_thresholds_come_from_the_configuration(log: EventLog, clock: Clock) -> None:
    model = StoreModel(TOPICS, log, clock=clock, amber_after_s=10, red_after_s=20)
    send_state(model, clock, state(calls=(call("c1", raised_at=at(-15)),)))
    assert model.help_queue()[0].level is UrgencyLevel.AMBER
    clock.advance(5)
    assert model.help_queue()[0].level is UrgencyLevel.RED
    with pytest.raises(ValueError, match="amber_after_s"):
        StoreModel(TOPICS, log, clock=clock, amber_after_s=60, red_after_s=60)


def test_a_call_raised_in_the_future_waits_zero_not_negative(
    model: StoreModel, clock: Clock
) -> None:
    """A kiosk clock a little ahead of the console's must not show -3 s."""
    send_state(model, clock, state(calls=(call("c1", raised_at=at(3)),)))
    assert model.help_queue()[0].waiting_s == 0.0


def test_owner_acknowledged_and_claimed_by_me(model: StoreModel, clock: Clock) -> None:
    send_state(
        model,
        clock,
        state(
            calls=(
                call("open", raised_at=at(-5)),
                call("mine", raised_at=at(-4), status=HelpStatus.ACKNOWLEDGED, owner=SAM),
            )
        ),
    )
    by_id = {e.call.id: e for e in model.help_queue()}
    assert not by_id["open"].acknowledged
    assert by_id["open"].owner is None
    assert not by_id["open"].claimed_by_me("st-7")
    assert by_id["mine"].acknowledged
    assert by_id["mine"].owner == SAM
    assert by_id["mine"].claimed_by_me("st-7")
    assert not by_id["mine"].claimed_by_me("st-8")


def test_closed_calls_in_a_state_are_not_in_the_queue(model: StoreModel, clock: Clock) -> None:
    send_state(
        model,
        clock,
        state(
            calls=(
                call("done", status=HelpStatus.RESOLVED, outcome="geholpen"),
                call("gone", status=HelpStatus.CANCELLED),
                call("open"),
            )
        ),
    )
    assert queue_ids(model) == ["open"]


# --- help events and a lagging state ------------------------------------------------------


def test_a_call_raised_while_the_state_lags_is_shown_and_rings_once(
    model: StoreModel, clock: Clock
) -> None:
    send_presence(model, clock, presence("kiosk-1", 1))
    send_state(model, clock, state(version=1, sent_at=at(0)))
    assert model.help_queue() == []
    raised = help_event(p.HelpRaised, call("c1", raised_at=at(5)), occurred_at=at(5))
    clock.advance(6)
    update = send_event(model, clock, raised)
    assert update.queue_changed
    assert update.lane_changed  # the tile turns to "help"
    assert [e.call.id for e in update.new_calls] == ["c1"]
    assert update.new_calls[0].waiting_s == 1.0
    assert queue_ids(model) == ["c1"]
    assert model.lane("kiosk-1").status is LaneStatusKey.HELP  # type: ignore[union-attr]

    # the state catches up: the same call, no new ring, still one entry
    update = send_state(
        model, clock, state(version=2, sent_at=at(6), calls=(call("c1", raised_at=at(5)),))
    )
    assert update.new_calls == []
    assert not update.queue_changed
    assert queue_ids(model) == ["c1"]


def test_a_call_resolved_while_the_state_lags_leaves_the_queue(
    model: StoreModel, clock: Clock
) -> None:
    open_call = call("c1", raised_at=at(0))
    send_state(model, clock, state(version=1, sent_at=at(1), calls=(open_call,)))
    resolved = open_call.model_copy(update={"status": HelpStatus.RESOLVED, "outcome": "geholpen"})
    update = send_event(model, clock, help_event(p.HelpResolved, resolved, occurred_at=at(2)))
    assert update.queue_changed
    assert model.help_queue() == []
    # a late copy of the raise (it happened before the resolve) does not bring it back
    update = send_event(model, clock, help_event(p.HelpRaised, open_call, occurred_at=at(0)))
    assert not update.queue_changed
    assert update.new_calls == []
    assert model.help_queue() == []


def test_an_event_older_than_the_state_does_not_override_it(
    model: StoreModel, clock: Clock
) -> None:
    """A re-sent event from before the state was sent: the state already knows better."""
    acked = call("c1", raised_at=at(0), status=HelpStatus.ACKNOWLEDGED, owner=SAM)
    send_state(model, clock, state(version=3, sent_at=at(10), calls=(acked,)))
    update = send_event(
        model, clock, help_event(p.HelpRaised, call("c1", raised_at=at(0)), occurred_at=at(0))
    )
    assert not update.queue_changed
    assert update.new_calls == []
    assert update.acks == [
        ("kiosk-1", [update.stored_events[0].id])
    ]  # stored and acked all the same
    [entry] = model.help_queue()
    assert entry.owner == SAM


def test_an_acknowledgement_event_updates_the_owner_before_the_state(
    model: StoreModel, clock: Clock
) -> None:
    open_call = call("c1", raised_at=at(0))
    send_state(model, clock, state(version=1, sent_at=at(0), calls=(open_call,)))
    acked = open_call.model_copy(update={"status": HelpStatus.ACKNOWLEDGED, "owner": SAM})
    update = send_event(model, clock, help_event(p.HelpUpdated, acked, occurred_at=at(1)))
    assert update.queue_changed
    assert update.new_calls == []
    [entry] = model.help_queue()
    assert entry.acknowledged and entry.claimed_by_me("st-7")


def test_a_new_state_version_does_not_ring_for_a_known_call(
    model: StoreModel, clock: Clock
) -> None:
    first = send_state(model, clock, state(version=1, calls=(call("c1"),)))
    assert [e.call.id for e in first.new_calls] == ["c1"]
    again = send_state(model, clock, state(version=2, calls=(call("c1"), call("c2"))))
    assert [e.call.id for e in again.new_calls] == ["c2"]
    assert again.queue_changed


# --- kiosk state versions and runs --------------------------------------------------------


def test_stale_and_repeated_state_versions_are_ignored(model: StoreModel, clock: Clock) -> None:
    assert send_state(model, clock, state(version=5, kiosk_name="Kassa vijf")).lane_changed
    for version in (4, 5):
        update = send_state(model, clock, state(version=version, kiosk_name="Oud"))
        assert not update.lane_changed
        assert update.ignored is not None and "version" in update.ignored
    assert model.lane("kiosk-1").name == "Kassa vijf"  # type: ignore[union-attr]
    assert send_state(model, clock, state(version=6, kiosk_name="Kassa zes")).lane_changed
    assert model.lane("kiosk-1").state.version == 6  # type: ignore[union-attr]


def test_a_new_run_replaces_and_the_old_run_never_comes_back(
    model: StoreModel, clock: Clock
) -> None:
    send_state(model, clock, state(run_id=RUN_A, version=900, calls=(call("old"),)))
    update = send_state(model, clock, state(run_id=RUN_B, version=0))
    assert update.lane_changed
    assert update.queue_changed
    lane = model.lane("kiosk-1")
    assert lane is not None and lane.state is not None
    assert (lane.state.run_id, lane.state.version) == (RUN_B, 0)
    assert model.help_queue() == []
    # a late copy from the earlier run, with a much higher version: ignored
    late = send_state(model, clock, state(run_id=RUN_A, version=901, calls=(call("old"),)))
    assert not late.lane_changed
    assert late.ignored is not None and "earlier run" in late.ignored
    assert model.lane("kiosk-1").state.run_id == RUN_B  # type: ignore[union-attr]
    assert send_state(model, clock, state(run_id=RUN_B, version=1)).lane_changed


def test_an_empty_retained_state_removes_the_lane(model: StoreModel, clock: Clock) -> None:
    send_state(model, clock, state("kiosk-1", calls=(call("c1"),)))
    send_state(model, clock, state("kiosk-2"))
    send_presence(model, clock, presence("kiosk-1", 1))
    update = deliver(model, TOPICS.kiosk_state("kiosk-1"), None, clock)
    assert update.lane_removed
    assert update.queue_changed
    assert update.kiosk_id == "kiosk-1"
    assert [lane.kiosk_id for lane in model.lanes()] == ["kiosk-2"]
    assert model.lane("kiosk-1") is None
    assert model.help_queue() == []
    # clearing it again, or the presence of a lane that is gone, changes nothing
    assert not deliver(model, TOPICS.kiosk_state("kiosk-1"), None, clock).changed
    assert not deliver(model, TOPICS.kiosk_presence("kiosk-1"), None, clock).changed


def test_an_expected_lane_is_shown_before_it_speaks_and_stays_when_cleared(
    log: EventLog, clock: Clock
) -> None:
    model = StoreModel(TOPICS, log, clock=clock, expected=("kiosk-2", "kiosk-1"))
    views = model.lanes()
    assert [(v.kiosk_id, v.name, v.online, v.status, v.state) for v in views] == [
        ("kiosk-1", "kiosk-1", False, LaneStatusKey.OFFLINE, None),
        ("kiosk-2", "kiosk-2", False, LaneStatusKey.OFFLINE, None),
    ]
    send_state(model, clock, state("kiosk-1"))
    update = deliver(model, TOPICS.kiosk_state("kiosk-1"), None, clock)
    assert update.lane_changed and not update.lane_removed
    lane = model.lane("kiosk-1")
    assert lane is not None and lane.state is None
    with pytest.raises(ValueError, match="kiosk"):
        StoreModel(TOPICS, log, clock=clock, expected=("Kassa 1",))


def test_other_rejected_payloads_change_nothing(model: StoreModel, clock: Clock) -> None:
    send_state(model, clock, state(version=1))
    topic = TOPICS.kiosk_state("kiosk-1")
    for payload in (b"{not json", b"[]", b'{"schema": "2.0"}'):
        update = model.apply(p.decode(topic, payload, now=clock(), topics=TOPICS))
        assert not update.changed
        assert update.ignored
    # a state published under another kiosk's name is refused by decode, not applied
    forged = p.encode(state("kiosk-2", version=9))
    assert not model.apply(p.decode(topic, forged, now=clock(), topics=TOPICS)).changed
    assert model.lane("kiosk-1").state.version == 1  # type: ignore[union-attr]
    assert model.lane("kiosk-2") is None


# --- presence -----------------------------------------------------------------------------


def test_offline_after_12_s_without_a_heartbeat_and_back_at_the_next(
    model: StoreModel, clock: Clock
) -> None:
    send_state(model, clock, state())
    assert model.lane("kiosk-1").status is LaneStatusKey.OFFLINE  # type: ignore[union-attr]
    update = send_presence(model, clock, presence("kiosk-1", 1))
    assert update.presence_changed and update.lane_changed
    lane = model.lane("kiosk-1")
    assert lane is not None and lane.online and lane.status is LaneStatusKey.SHOPPING
    assert lane.last_heartbeat == T0

    clock.advance(5)
    assert not send_presence(model, clock, presence("kiosk-1", 2)).presence_changed  # a beat
    clock.advance(11.999)
    assert model.tick() == []
    clock.advance(0.001)  # 12 s after the last beat: within 15 s with the console's 1 s tick
    assert model.tick() == ["kiosk-1"]
    assert model.tick() == []  # reported once
    lane = model.lane("kiosk-1")
    assert lane is not None and not lane.online and lane.status is LaneStatusKey.OFFLINE

    clock.advance(30)
    update = send_presence(model, clock, presence("kiosk-1", 3))
    assert update.presence_changed and update.lane_changed
    assert model.lane("kiosk-1").online  # type: ignore[union-attr]


def test_a_replayed_retained_heartbeat_does_not_keep_a_frozen_kiosk_online(
    model: StoreModel, clock: Clock
) -> None:
    """A console that reconnects gets the retained heartbeat again: not a sign of life."""
    send_presence(model, clock, presence("kiosk-1", 7))
    clock.advance(10)
    assert not send_presence(model, clock, presence("kiosk-1", 7)).changed  # the replay
    assert model.lane("kiosk-1").last_heartbeat == T0  # type: ignore[union-attr]
    clock.advance(5)
    assert model.tick() == ["kiosk-1"]
    assert not send_presence(model, clock, presence("kiosk-1", 6)).changed  # older still
    assert not model.lane("kiosk-1").online  # type: ignore[union-attr]


def test_a_restarted_kiosk_counts_again_from_zero(model: StoreModel, clock: Clock) -> None:
    send_presence(model, clock, presence("kiosk-1", 500, since=at(-3600)))
    clock.advance(20)
    assert model.tick() == ["kiosk-1"]
    update = send_presence(model, clock, presence("kiosk-1", 0, since=at(15)))
    assert update.presence_changed
    assert model.lane("kiosk-1").online  # type: ignore[union-attr]


def test_the_last_will_marks_offline_at_once(model: StoreModel, clock: Clock) -> None:
    send_presence(model, clock, presence("kiosk-1", 1))
    clock.advance(1)
    update = send_presence(model, clock, presence("kiosk-1", 0, status=p.PresenceStatus.OFFLINE))
    assert update.presence_changed and update.lane_changed
    assert not model.lane("kiosk-1").online  # type: ignore[union-attr]
    assert model.tick() == []  # already offline: nothing to time out
    assert send_presence(model, clock, presence("kiosk-1", 2)).presence_changed


def test_a_cleared_presence_is_offline(model: StoreModel, clock: Clock) -> None:
    send_presence(model, clock, presence("kiosk-1", 1))
    update = deliver(model, TOPICS.kiosk_presence("kiosk-1"), None, clock)
    assert update.presence_changed
    assert not model.lane("kiosk-1").online  # type: ignore[union-attr]


def test_consoles_online_offline_and_removed(model: StoreModel, clock: Clock) -> None:
    def console(name: str, sequence: int, **kw):  # type: ignore[no-untyped-def]
        return deliver(model, TOPICS.console_presence(name), presence(name, sequence, **kw), clock)

    assert model.consoles() == []
    assert console("console-2", 1).presence_changed
    assert console("console-1", 1).console_id == "console-1"
    assert model.consoles() == [("console-1", True), ("console-2", True)]
    update = console("console-2", 0, status=p.PresenceStatus.OFFLINE)  # its Last Will
    assert update.presence_changed and update.kiosk_id is None
    assert model.consoles() == [("console-1", True), ("console-2", False)]
    clock.advance(15)
    assert model.tick() == []  # consoles time out too, but tick lists kiosks only
    assert model.consoles() == [("console-1", False), ("console-2", False)]
    deliver(model, TOPICS.console_presence("console-1"), None, clock)
    assert model.consoles() == [("console-2", False)]


# --- events: stored before acked, exactly once ----------------------------------------------


def test_duplicate_events_are_stored_once_and_acked_every_time(
    model: StoreModel, clock: Clock, log: EventLog
) -> None:
    raised = help_event(p.HelpRaised, call("c1"), occurred_at=T0, id=event_id(1))
    first = send_event(model, clock, raised)
    assert [e.id for e in first.stored_events] == [event_id(1)]
    assert first.acks == [("kiosk-1", [event_id(1)])]
    assert log.contains("kiosk-1", event_id(1))  # on disk before the caller acks

    clock.advance(5)  # the kiosk did not hear the ack and sends it again
    again = send_event(model, clock, raised.model_copy(update={"sent_at": at(5)}))
    assert again.stored_events == []
    assert again.acks == [("kiosk-1", [event_id(1)])]
    assert again.new_calls == []
    assert log.count() == 1


def test_exactly_once_across_a_console_restart(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "events.db"
    raised = help_event(p.HelpRaised, call("c1"), occurred_at=T0, id=event_id(1))
    with EventLog(path) as first_log:
        first = StoreModel(TOPICS, first_log, clock=clock)
        assert send_event(first, clock, raised).stored_events
    # the console crashed before its ack left: the kiosk sends the event again
    with EventLog(path) as second_log:
        second = StoreModel(TOPICS, second_log, clock=clock)
        update = send_event(second, clock, raised)
        assert update.stored_events == []
        assert update.acks == [("kiosk-1", [event_id(1)])]
        assert second_log.count() == 1
        assert queue_ids(second) == ["c1"]  # still shown: the restarted console needs it


def test_an_event_that_cannot_be_stored_is_not_acked(
    model: StoreModel, clock: Clock, log: EventLog, caplog: pytest.LogCaptureFixture
) -> None:
    import sqlite3

    with sqlite3.connect(log.path) as other:
        other.execute("DROP TABLE event")
    other.close()
    raised = help_event(p.HelpRaised, call("c1"), occurred_at=T0, id=event_id(1))
    with caplog.at_level("ERROR", logger="attendant.store"):
        update = send_event(model, clock, raised)
    assert update.acks == []
    assert update.stored_events == []
    assert update.not_stored == [event_id(1)]
    assert "not acked" in caplog.text
    assert queue_ids(model) == ["c1"]  # the call is still shown meanwhile


def test_recent_events_newest_first(model: StoreModel, clock: Clock) -> None:
    for n in range(1, 26):
        sale = p.SaleSummary(
            id=event_id(n),
            sender="kiosk-1",
            occurred_at=at(n),
            transaction_id=f"tx-{n}",
            outcome=p.SaleOutcome.PAID,
            payment_method=p.PaymentMethod.CARD,
            total_cents=100 * n,
            items=1,
        )
        send_event(model, clock, sale)
    send_event(
        model, clock, help_event(p.HelpRaised, call("x"), kiosk="kiosk-2", occurred_at=at(99))
    )
    recent = model.recent_events("kiosk-1")
    assert [int(s.event.id, 16) for s in recent] == list(range(25, 5, -1))
    assert [int(s.event.id, 16) for s in model.recent_events("kiosk-1", limit=3)] == [25, 24, 23]


# --- lane views ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("session", "key"),
    [
        (SessionState.ATTRACT, LaneStatusKey.READY),
        (SessionState.SHOPPING, LaneStatusKey.SHOPPING),
        (SessionState.IDLE_PROMPT, LaneStatusKey.SHOPPING),
        (SessionState.PAYING, LaneStatusKey.PAYING),
        (SessionState.DECLINED, LaneStatusKey.PAYING),
        (SessionState.RECEIPT, LaneStatusKey.PAYING),
        (SessionState.FEEDBACK, LaneStatusKey.PAYING),
        (SessionState.AWAITING_ATTENDANT, LaneStatusKey.APPROVAL),
        (SessionState.PAYMENT_UNKNOWN, LaneStatusKey.HELP),
        (SessionState.SUSPENDED, LaneStatusKey.HELP),
        (SessionState.STAFF, LaneStatusKey.STAFF),
        (SessionState.DIAGNOSTICS, LaneStatusKey.STAFF),
        (SessionState.OUT_OF_SERVICE, LaneStatusKey.OUT_OF_SERVICE),
    ],
)
def test_status_key_of_every_session_state(
    model: StoreModel, clock: Clock, session: SessionState, key: LaneStatusKey
) -> None:
    send_presence(model, clock, presence("kiosk-1", 1))
    send_state(model, clock, state(session=session))
    assert model.lane("kiosk-1").status is key  # type: ignore[union-attr]


def test_status_precedence(model: StoreModel, clock: Clock) -> None:
    versions = iter(range(1, 100))

    def key_for(**changes) -> LaneStatusKey:  # type: ignore[no-untyped-def]
        send_state(model, clock, state(version=next(versions), **changes))
        return model.lane("kiosk-1").status  # type: ignore[union-attr]

    send_presence(model, clock, presence("kiosk-1", 1))
    assert key_for(calls=(call("c1"),)) is LaneStatusKey.HELP
    assert key_for(calls=(call("c1"), call("c2", HelpReason.AGE_CHECK))) is LaneStatusKey.APPROVAL
    locked = p.LaneStatus(
        session=SessionState.OUT_OF_SERVICE,
        since=T0,
        locked=True,
        out_of_service=p.OutOfServiceReason.LOCKED_BY_STAFF,
    )
    assert key_for(status=locked, calls=(call("c1"),)) is LaneStatusKey.LOCKED
    broken = p.LaneStatus(
        session=SessionState.OUT_OF_SERVICE,
        since=T0,
        out_of_service=p.OutOfServiceReason.JOURNAL_WRITE_FAILED,
    )
    assert key_for(status=broken) is LaneStatusKey.OUT_OF_SERVICE
    send_presence(model, clock, presence("kiosk-1", 0, status=p.PresenceStatus.OFFLINE))
    assert model.lane("kiosk-1").status is LaneStatusKey.OFFLINE  # type: ignore[union-attr]


def test_a_lane_online_without_a_state_is_unknown(model: StoreModel, clock: Clock) -> None:
    send_presence(model, clock, presence("kiosk-3", 1))
    lane = model.lane("kiosk-3")
    assert lane is not None
    assert (lane.status, lane.name, lane.items, lane.total_cents) == (
        LaneStatusKey.UNKNOWN,
        "kiosk-3",
        0,
        0,
    )
    assert lane.in_state_s is None and lane.light is None and lane.transaction_id is None
    assert lane.health.summary == "none"


def test_lane_view_carries_cart_time_in_state_devices_and_light(
    model: StoreModel, clock: Clock
) -> None:
    devices = [
        p.DeviceInfo(name="scanner", kind=p.DeviceKind.SCANNER, state=p.DeviceState.ONLINE),
        p.DeviceInfo(
            name="printer",
            kind=p.DeviceKind.PRINTER,
            state=p.DeviceState.ERROR,
            reason=p.FaultReason.PAPER_OUT,
        ),
    ]
    light = p.LightInfo(colour=p.LightColour.AMBER, mode=p.LightMode.FLASHING)
    send_presence(model, clock, presence("kiosk-1", 1))
    send_state(
        model,
        clock,
        state(
            since=at(-42),
            transaction_id="tx-1",
            cart=p.CartSummary(items=3, total_cents=1067),
            devices=devices,
            lane_light=light,
            calls=(call("c1"), call("c2")),
        ),
    )
    clock.advance(8)
    [lane] = model.lanes()
    assert (lane.kiosk_id, lane.name, lane.online) == ("kiosk-1", "Kassa 1", True)
    assert (lane.items, lane.total_cents, lane.transaction_id) == (3, 1067, "tx-1")
    assert lane.in_state_s == 50.0
    assert lane.light == light
    assert lane.open_calls == 2
    assert not lane.health.ok
    assert lane.health.summary == "fault"
    assert [d.name for d in lane.health.faulty] == ["printer"]


def test_lanes_are_sorted_by_kiosk_id(model: StoreModel, clock: Clock) -> None:
    for kiosk in ("kiosk-3", "kiosk-1", "kiosk-10", "kiosk-2"):
        send_state(model, clock, state(kiosk))
    assert [lane.kiosk_id for lane in model.lanes()] == [
        "kiosk-1",
        "kiosk-10",
        "kiosk-2",
        "kiosk-3",
    ]


# --- command results ------------------------------------------------------------------------


def test_results_settle_our_commands_and_every_result_is_reported(
    model: StoreModel, clock: Clock
) -> None:
    ours = CommandFactory("console-1", TOPICS, clock=clock)
    theirs = CommandFactory("console-2", TOPICS, clock=clock)
    _, claim = ours.build(p.CommandKind.CLAIM, "kiosk-1", SAM_ACTOR, call_id="c1")
    _, other = theirs.build(p.CommandKind.CLAIM, "kiosk-1", SAM_ACTOR, call_id="c1")
    model.pending.track("kiosk-1", claim)

    def answer(command: p.Command, ok: bool):  # type: ignore[no-untyped-def]
        result = p.CommandResult(
            sender="kiosk-1",
            correlation_id=command.id,
            command=command.command,
            ok=ok,
            refusal=None
            if ok
            else p.Refusal(reason=p.RefusalReason.ALREADY_CLAIMED, claimed_by=SAM),
            run_id=RUN_A,
            state_version=2,
        )
        return deliver(model, TOPICS.command_result("kiosk-1"), result, clock)

    theirs_update = answer(other, True)
    assert [r.correlation_id for r in theirs_update.results] == [other.id]
    assert theirs_update.outcomes == []
    ours_update = answer(claim, False)
    [outcome] = ours_update.outcomes
    assert outcome.command_id == claim.id
    assert outcome.status is OutcomeStatus.REFUSED
    assert outcome.refusal is not None and outcome.refusal.claimed_by == SAM
    assert model.pending.outcome(claim.id).status is OutcomeStatus.REFUSED


def test_a_kiosk_restarted_with_its_clock_set_back_comes_online(
    model: StoreModel, clock: Clock
) -> None:
    """NTP moved the kiosk's clock back and it restarted: its new run starts "earlier"
    than the last one, and its heartbeats still count."""
    send_state(model, clock, state())
    send_presence(model, clock, presence("kiosk-1", 7, since=T0 + timedelta(minutes=3)))
    send_presence(
        model,
        clock,
        presence("kiosk-1", 8, status=p.PresenceStatus.OFFLINE, since=T0 + timedelta(minutes=3)),
    )
    assert not model.lane("kiosk-1").online  # type: ignore[union-attr]
    clock.advance(20)
    update = send_presence(model, clock, presence("kiosk-1", 1, since=T0))
    assert update.presence_changed
    assert model.lane("kiosk-1").online  # type: ignore[union-attr]
