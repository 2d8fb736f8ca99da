"""Commands the console builds (attendant.commands): every kind, on the right topic, through
the protocol's encode/decode as on the network; acks; and what became of each command."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from attendant.commands import (
    COMMAND_TYPES,
    MAX_ACK_IDS,
    CommandFactory,
    OutcomeStatus,
    PendingCommands,
)
from kiosk.link import protocol as p
from kiosk.link.protocol import CommandKind
from kiosk.link.topics import KioskTopic, TopicKind
from tests.attendant.wire import SAM, SAM_ACTOR, T0, TOPICS, Clock, event_id

TX = "5b7c1e9a2d4f4c8e9a0b1c2d3e4f5a6b"
CALL = "c3d4e5f60718293a4b5c6d7e8f90a1b2"

FIELDS: dict[CommandKind, dict[str, Any]] = {
    CommandKind.ACKNOWLEDGE: {"call_id": CALL},
    CommandKind.CLAIM: {"call_id": CALL},
    CommandKind.APPROVE_AGE: {"transaction_id": TX, "call_id": CALL},
    CommandKind.REFUSE_AGE: {"transaction_id": TX, "call_id": CALL},
    CommandKind.APPROVE_VOID: {"transaction_id": TX, "call_id": CALL},
    CommandKind.REFUSE_VOID: {"transaction_id": TX, "call_id": CALL},
    CommandKind.ADD_ITEM: {"transaction_id": TX, "code": "8710000000017", "quantity": 2},
    CommandKind.REMOVE_ITEM: {"transaction_id": TX, "line_id": "line-3", "call_id": CALL},
    CommandKind.CANCEL_TRANSACTION: {"transaction_id": TX},
    CommandKind.REVERSE_CHARGE: {"transaction_id": TX, "call_id": CALL},
    CommandKind.LOCK_LANE: {"reason": "schoonmaken"},
    CommandKind.UNLOCK_LANE: {},
    CommandKind.PAID_AT_DESK: {"transaction_id": TX},
    CommandKind.REPRINT_RECEIPT: {"transaction_id": TX},
    CommandKind.RUN_DIAGNOSTICS: {"devices": [p.DeviceKind.PRINTER, p.DeviceKind.SCANNER]},
    CommandKind.RESOLVE_HELP: {"call_id": CALL, "outcome": "geholpen"},
}


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def factory(clock: Clock) -> CommandFactory:
    return CommandFactory("console-1", TOPICS, clock=clock)


def test_every_command_kind_has_a_model_and_test_fields() -> None:
    assert set(COMMAND_TYPES) == set(CommandKind)
    assert set(FIELDS) == set(CommandKind)


@pytest.mark.parametrize("kind", list(CommandKind))
def test_every_kind_builds_and_round_trips_on_its_topic(
    kind: CommandKind, factory: CommandFactory, clock: Clock
) -> None:
    topic, command = factory.build(kind, "kiosk-2", SAM_ACTOR, **FIELDS[kind])
    assert topic == "selfscan/v1/test-store/kiosk/kiosk-2/cmd/console-1"
    assert command.command == kind
    assert command.sender == "console-1"
    assert command.actor == SAM_ACTOR
    assert command.sent_at == T0
    assert command.expires_at == T0 + timedelta(seconds=30)
    for name, value in FIELDS[kind].items():
        assert getattr(command, name) == value
    decoded = p.decode(topic, p.encode(command), now=clock(), topics=TOPICS)
    assert isinstance(decoded, p.Decoded), decoded
    assert decoded.message == command
    assert type(decoded.message) is COMMAND_TYPES[kind]
    assert decoded.topic == KioskTopic(TopicKind.KIOSK_COMMAND, "kiosk-2", "console-1")


def test_the_kiosk_drops_a_command_read_at_its_expiry(
    factory: CommandFactory, clock: Clock
) -> None:
    topic, command = factory.build(CommandKind.CLAIM, "kiosk-1", SAM_ACTOR, call_id=CALL)
    payload = p.encode(command)
    just_before = T0 + timedelta(seconds=30) - timedelta(microseconds=1)
    assert isinstance(p.decode(topic, payload, now=just_before, topics=TOPICS), p.Decoded)
    late = p.decode(topic, payload, now=T0 + timedelta(seconds=30), topics=TOPICS)
    assert isinstance(late, p.Rejected)
    assert late.reason is p.RejectReason.EXPIRED
    assert late.message_id == command.id


def test_each_command_gets_a_fresh_id_and_the_clock_moves_its_expiry(
    factory: CommandFactory, clock: Clock
) -> None:
    _, first = factory.build(CommandKind.UNLOCK_LANE, "kiosk-1", SAM_ACTOR)
    clock.advance(7)
    _, second = factory.build("unlock_lane", "kiosk-1", SAM_ACTOR)
    assert first.id != second.id
    assert second.expires_at == T0 + timedelta(seconds=37)


def test_a_custom_lifetime(clock: Clock) -> None:
    factory = CommandFactory("console-2", TOPICS, clock=clock, lifetime_s=5)
    topic, command = factory.build(CommandKind.UNLOCK_LANE, "kiosk-1", SAM_ACTOR)
    assert topic.endswith("/kiosk/kiosk-1/cmd/console-2")
    assert command.expires_at == T0 + timedelta(seconds=5)


@pytest.mark.parametrize("lifetime", [0, -1, 601])
def test_a_lifetime_outside_the_protocol_is_refused(clock: Clock, lifetime: float) -> None:
    with pytest.raises(ValueError, match="lifetime_s"):
        CommandFactory("console-1", TOPICS, clock=clock, lifetime_s=lifetime)


def test_bad_ids_fail_when_building_not_when_publishing(
    factory: CommandFactory, clock: Clock
) -> None:
    with pytest.raises(ValueError, match="console"):
        CommandFactory("Console 1", TOPICS, clock=clock)
    with pytest.raises(ValueError, match="kiosk"):
        factory.build(CommandKind.UNLOCK_LANE, "kiosk/1", SAM_ACTOR)


def test_missing_unknown_and_envelope_fields_are_the_callers_bug(factory: CommandFactory) -> None:
    with pytest.raises(ValidationError, match="call_id"):
        factory.build(CommandKind.CLAIM, "kiosk-1", SAM_ACTOR)
    with pytest.raises(ValidationError, match="quantity"):
        factory.build(
            CommandKind.ADD_ITEM, "kiosk-1", SAM_ACTOR, transaction_id=TX, code="1", quantity=100
        )
    with pytest.raises(TypeError, match="expires_at"):
        factory.build(CommandKind.CLAIM, "kiosk-1", SAM_ACTOR, call_id=CALL, expires_at=T0)
    with pytest.raises(ValueError, match="not a valid CommandKind"):
        factory.build("fly_away", "kiosk-1", SAM_ACTOR)


def test_acks_are_chunked_deduplicated_and_decode_on_the_ack_topic(
    factory: CommandFactory, clock: Clock
) -> None:
    ids = [event_id(n) for n in range(1201)] + [event_id(0)]  # one repeated
    acks = factory.acks("kiosk-1", ids)
    assert [len(ack.event_ids) for _, ack in acks] == [MAX_ACK_IDS, MAX_ACK_IDS, 201]
    assert [i for _, ack in acks for i in ack.event_ids] == ids[:-1]
    for topic, ack in acks:
        assert topic == "selfscan/v1/test-store/kiosk/kiosk-1/ack/console-1"
        decoded = p.decode(topic, p.encode(ack), now=clock(), topics=TOPICS)
        assert isinstance(decoded, p.Decoded)
        assert decoded.message == ack
    assert factory.acks("kiosk-1", []) == []


# --- what became of a command ------------------------------------------------------------


def result(command: p.Command, *, ok: bool = True, sender: str = "kiosk-1") -> p.CommandResult:
    refusal = (
        None if ok else p.Refusal(reason=p.RefusalReason.ALREADY_CLAIMED, detail="", claimed_by=SAM)
    )
    return p.CommandResult(
        sender=sender,
        correlation_id=command.id,
        command=command.command,
        ok=ok,
        refusal=refusal,
        run_id="a" * 32,
        state_version=43,
    )


def test_a_result_settles_the_command_done_or_refused(
    factory: CommandFactory, clock: Clock
) -> None:
    pending = PendingCommands(clock=clock)
    _, claim = factory.build(CommandKind.CLAIM, "kiosk-1", SAM_ACTOR, call_id=CALL)
    _, unlock = factory.build(CommandKind.UNLOCK_LANE, "kiosk-1", SAM_ACTOR)
    assert pending.track("kiosk-1", claim).status is OutcomeStatus.PENDING
    pending.track("kiosk-1", unlock)
    assert [o.command_id for o in pending.pending()] == [claim.id, unlock.id]

    refused = pending.resolve("kiosk-1", result(claim, ok=False))
    assert refused is not None
    assert refused.status is OutcomeStatus.REFUSED
    assert refused.finished
    assert refused.refusal is not None
    assert refused.refusal.reason is p.RefusalReason.ALREADY_CLAIMED
    assert refused.refusal.claimed_by == SAM
    assert refused.kind is CommandKind.CLAIM

    done = pending.resolve("kiosk-1", result(unlock))
    assert done is not None
    assert done.status is OutcomeStatus.DONE
    assert done.refusal is None
    assert pending.outcome(unlock.id) == done
    assert pending.pending() == []
    # a repeated answer (the kiosk answers a repeated id the same) changes nothing
    assert pending.resolve("kiosk-1", result(unlock)) == done


def test_results_that_are_not_ours_are_not_matched(factory: CommandFactory, clock: Clock) -> None:
    pending = PendingCommands(clock=clock)
    _, ours = factory.build(CommandKind.UNLOCK_LANE, "kiosk-1", SAM_ACTOR)
    other_console = CommandFactory("console-2", TOPICS, clock=clock)
    _, theirs = other_console.build(CommandKind.UNLOCK_LANE, "kiosk-1", SAM_ACTOR)
    pending.track("kiosk-1", ours)
    assert pending.resolve("kiosk-1", result(theirs)) is None
    # kiosk-2 answering a command that went to kiosk-1: not believed
    assert pending.resolve("kiosk-2", result(ours, sender="kiosk-2")) is None
    assert pending.outcome(ours.id).status is OutcomeStatus.PENDING
    assert pending.outcome(theirs.id).status is OutcomeStatus.UNKNOWN


def test_an_unanswered_command_expires_after_the_grace_period(
    factory: CommandFactory, clock: Clock
) -> None:
    pending = PendingCommands(clock=clock, grace_s=5, keep_s=60)
    _, command = factory.build(CommandKind.CLAIM, "kiosk-1", SAM_ACTOR, call_id=CALL)
    pending.track("kiosk-1", command)
    clock.advance(34.999)  # expiry at 30 s, plus 5 s grace
    assert pending.expire() == []
    clock.advance(0.001)
    [expired] = pending.expire()
    assert expired.command_id == command.id
    assert expired.status is OutcomeStatus.EXPIRED
    assert pending.expire() == []  # reported once
    assert pending.outcome(command.id).status is OutcomeStatus.EXPIRED

    # a late answer still tells the truth
    late = pending.resolve("kiosk-1", result(command))
    assert late is not None
    assert late.status is OutcomeStatus.DONE

    # finished outcomes are kept keep_s, then forgotten
    clock.advance(59)
    pending.expire()
    assert pending.outcome(command.id).status is OutcomeStatus.DONE
    clock.advance(1)
    pending.expire()
    assert pending.outcome(command.id).status is OutcomeStatus.UNKNOWN
    assert len(pending) == 0


def test_tracking_twice_keeps_the_first(factory: CommandFactory, clock: Clock) -> None:
    pending = PendingCommands(clock=clock)
    _, command = factory.build(CommandKind.UNLOCK_LANE, "kiosk-1", SAM_ACTOR)
    pending.track("kiosk-1", command)
    pending.resolve("kiosk-1", result(command))
    assert pending.track("kiosk-1", command).status is OutcomeStatus.DONE
    assert len(pending) == 1
