"""The message contract (kiosk.link.protocol): the envelope, versioning, expiry, who may
publish what where, and every way a payload is dropped (plain pytest, no Qt)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from drivers.device import DeviceState as CoreDeviceState
from drivers.device import FaultReason as CoreFaultReason
from drivers.lane_light.pattern import LightColour as CoreLightColour
from drivers.lane_light.pattern import LightMode as CoreLightMode
from drivers.payment.interface import DeclineReason as CoreDeclineReason
from kiosk.core.journal.models import HELP_STATUSES, PAYMENT_STATUSES, TRANSACTION_STATUSES
from kiosk.core.lane.help import HelpReason as CoreHelpReason
from kiosk.core.lane.help import HelpStatus as CoreHelpStatus
from kiosk.core.lane.help import HelpTopic as CoreHelpTopic
from kiosk.core.lane.settings import DeviceRole, OutOfServiceReason
from kiosk.core.session import SessionState as CoreSessionState
from kiosk.core.staff.permissions import Role as CoreRole
from kiosk.link import protocol as p
from kiosk.link.topics import ConsoleTopic, KioskTopic, TopicKind
from tests.link.protocol_strategies import TOPICS

NOW = datetime(2030, 5, 4, 10, 0, 0, tzinfo=UTC)
SAM = p.Actor(staff_id="st-7", name="Sam", role=p.Role.ATTENDANT)


def approve_age(**changes: Any) -> p.ApproveAge:
    fields: dict[str, Any] = {
        "sender": "console-1",
        "sent_at": NOW,
        "expires_at": NOW + timedelta(seconds=30),
        "actor": SAM,
        "transaction_id": "a" * 32,
        "call_id": "b" * 32,
    }
    return p.ApproveAge(**(fields | changes))


def state(**changes: Any) -> p.KioskState:
    fields: dict[str, Any] = {
        "sender": "kiosk-1",
        "sent_at": NOW,
        "kiosk_name": "Kassa 1",
        "run_id": p.new_id(),
        "version": 1,
        "status": p.LaneStatus(session=p.SessionState.SHOPPING, since=NOW),
    }
    return p.KioskState(**(fields | changes))


def decode(topic: str, payload: bytes | dict[str, Any], now: datetime = NOW) -> Any:
    if isinstance(payload, dict):
        payload = json.dumps(payload).encode()
    return p.decode(topic, payload, now=now, topics=TOPICS)


def rejected(result: Any, reason: p.RejectReason) -> p.Rejected:
    assert isinstance(result, p.Rejected), result
    assert result.reason is reason, result
    return result


CMD = TOPICS.command("kiosk-1", "console-1")
STATE = TOPICS.kiosk_state("kiosk-1")


# --- the wire's vocabularies are the lane's ------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "lane"),
    [
        (p.SessionState, CoreSessionState),
        (p.OutOfServiceReason, OutOfServiceReason),
        (p.HelpReason, CoreHelpReason),
        (p.HelpTopic, CoreHelpTopic),
        (p.HelpStatus, CoreHelpStatus),
        (p.DeviceKind, DeviceRole),
        (p.DeviceState, CoreDeviceState),
        (p.FaultReason, CoreFaultReason),
        (p.DeclineReason, CoreDeclineReason),
        (p.LightColour, CoreLightColour),
        (p.LightMode, CoreLightMode),
        (p.Role, CoreRole),
    ],
)
def test_the_wire_enums_copy_the_lanes(wire: type, lane: type) -> None:
    """Copied, not imported (the console need not load the lane): a drift fails here."""
    assert [member.value for member in wire] == [member.value for member in lane]


def test_the_wire_statuses_are_journal_statuses() -> None:
    assert {s.value for s in p.HelpStatus} == set(HELP_STATUSES)
    assert {s.value for s in p.PaymentStatus} <= set(PAYMENT_STATUSES)
    assert {s.value for s in p.SaleOutcome} == set(TRANSACTION_STATUSES) - {"open"}


# --- the envelope --------------------------------------------------------------------------


def test_the_envelope_is_filled_in_and_times_are_utc_with_z() -> None:
    command = approve_age()
    document = json.loads(p.encode(command))
    assert document["schema"] == p.SCHEMA_VERSION == "1.0"
    assert len(document["id"]) == 32 and int(document["id"], 16) >= 0
    assert document["id"] != approve_age().id  # a fresh id per message
    assert document["sent_at"] == "2030-05-04T10:00:00Z"
    assert document["expires_at"] == "2030-05-04T10:00:30Z"
    assert document["actor"] == {"staff_id": "st-7", "name": "Sam", "role": "attendant"}
    assert document["correlation_id"] is None
    assert p.encode(command) == json.dumps(document, separators=(",", ":")).encode()


def test_a_time_in_another_zone_becomes_utc_and_a_naive_time_is_refused() -> None:
    amsterdam = timezone(timedelta(hours=2))
    command = approve_age(
        sent_at=datetime(2030, 5, 4, 12, 0, tzinfo=amsterdam),
        expires_at=datetime(2030, 5, 4, 12, 0, 30, tzinfo=amsterdam),
    )
    assert command.sent_at == NOW and command.sent_at.tzinfo is UTC
    with pytest.raises(ValidationError, match="time zone"):
        approve_age(sent_at=datetime(2030, 5, 4, 10, 0))  # noqa: DTZ001 - on purpose
    document = json.loads(p.encode(approve_age()))
    document["sent_at"] = "2030-05-04T10:00:00"  # no zone on the wire either
    error = rejected(decode(CMD, document), p.RejectReason.SCHEMA_ERROR)
    assert "sent_at" in error.detail


def test_a_command_lives_briefly_and_after_it_was_sent() -> None:
    with pytest.raises(ValidationError, match="after sent_at"):
        approve_age(expires_at=NOW)
    with pytest.raises(ValidationError, match="more than"):
        approve_age(expires_at=NOW + p.MAX_COMMAND_LIFETIME + timedelta(seconds=1))


def test_a_result_is_ok_or_refused_never_both() -> None:
    base: dict[str, Any] = {
        "sender": "kiosk-1",
        "correlation_id": p.new_id(),
        "run_id": p.new_id(),
        "state_version": 4,
    }
    refusal = p.Refusal(reason=p.RefusalReason.EXPIRED)
    assert p.CommandResult(ok=True, **base).refusal is None
    assert p.CommandResult(ok=False, refusal=refusal, **base).refusal == refusal
    for ok, given in ((True, refusal), (False, None)):
        with pytest.raises(ValidationError, match="either ok"):
            p.CommandResult(ok=ok, refusal=given, **base)
    with pytest.raises(ValidationError, match="correlation_id"):
        p.CommandResult(**(base | {"correlation_id": None}), ok=True)


# --- versions ------------------------------------------------------------------------------


def test_a_newer_minor_is_read_and_its_new_fields_ignored() -> None:
    document = json.loads(p.encode(state()))
    document["schema"] = "1.7"
    document["queue_length"] = 3  # a field of 1.7
    document["status"]["mood"] = {"happy": True}  # nested too
    result = decode(STATE, document)
    assert isinstance(result, p.Decoded), result
    assert result.message.schema_version == "1.7"
    assert not hasattr(result.message, "queue_length")


@pytest.mark.parametrize("version", ["2.0", "0.9", "10.0"])
def test_another_major_is_refused(version: str) -> None:
    document = json.loads(p.encode(state()))
    document["schema"] = version
    assert version in rejected(decode(STATE, document), p.RejectReason.UNKNOWN_MAJOR).detail


@pytest.mark.parametrize("version", [None, 1, "1", "1.0.0", "v1.0", "١.0", ""])
def test_a_schema_that_is_not_major_minor_is_a_schema_error(version: Any) -> None:
    document = json.loads(p.encode(state()))
    document["schema"] = version
    rejected(decode(STATE, document), p.RejectReason.SCHEMA_ERROR)


# --- expiry --------------------------------------------------------------------------------


def test_a_command_is_taken_until_it_expires_and_then_dropped_with_its_id() -> None:
    command = approve_age()
    payload = p.encode(command)
    just_before = NOW + timedelta(seconds=29, microseconds=999_999)
    assert isinstance(decode(CMD, payload, now=just_before), p.Decoded)
    error = rejected(decode(CMD, payload, now=NOW + timedelta(seconds=30)), p.RejectReason.EXPIRED)
    # enough to answer the console with a refused result
    assert error.message_id == command.id
    assert error.command is p.CommandKind.APPROVE_AGE
    assert error.topic == KioskTopic(TopicKind.KIOSK_COMMAND, "kiosk-1", "console-1")


def test_a_naive_now_is_the_callers_bug() -> None:
    naive = datetime(2030, 1, 1)  # noqa: DTZ001 - on purpose
    payload = p.encode(approve_age())
    with pytest.raises(ValueError, match="timezone-aware"):
        p.decode(CMD, payload, now=naive, topics=TOPICS)


# --- topics: who may publish what where ----------------------------------------------------


def test_each_topic_carries_its_own_type_from_its_own_publisher() -> None:
    presence = p.Presence(sender="console-1", status="online", since=NOW, sequence=0, interval_s=5)
    result = decode(TOPICS.console_presence("console-1"), p.encode(presence))
    assert isinstance(result, p.Decoded), result
    assert result.topic == ConsoleTopic(TopicKind.CONSOLE_PRESENCE, "console-1")
    ack = p.Ack(sender="console-1", event_ids=[p.new_id()])
    assert isinstance(decode(TOPICS.ack("kiosk-1", "console-1"), p.encode(ack)), p.Decoded)


@pytest.mark.parametrize(
    ("topic", "message"),
    [
        # a command whose sender is not the console its topic names
        (TOPICS.command("kiosk-1", "console-2"), approve_age()),
        # a state published on another kiosk's branch
        (TOPICS.kiosk_state("kiosk-2"), state()),
        # a console's presence on a kiosk's branch
        (
            TOPICS.kiosk_presence("kiosk-1"),
            p.Presence(sender="console-1", status="online", since=NOW, sequence=0, interval_s=5),
        ),
        # a command on a state topic, a state on a command topic
        (STATE, approve_age()),
        (TOPICS.command("kiosk-1", "kiosk-1"), state()),
        # an ack sent as a result
        (TOPICS.command_result("kiosk-1"), p.Ack(sender="kiosk-1", event_ids=[p.new_id()])),
    ],
    ids=["cmd-sender", "state-kiosk", "presence-kind", "cmd-on-state", "state-on-cmd", "ack-res"],
)
def test_a_message_on_the_wrong_topic_is_refused(topic: str, message: p.Envelope) -> None:
    rejected(decode(topic, p.encode(message)), p.RejectReason.TOPIC_MISMATCH)


@pytest.mark.parametrize(
    "topic",
    [
        "selfscan/v1/other-store/kiosk/kiosk-1/state",
        "selfscan/v2/demo-store/kiosk/kiosk-1/state",
        "selfscan/v1/demo-store/kiosk/kiosk-1/state/extra",
        "selfscan/v1/demo-store/kiosk/+/state",
        "selfscan/v1/demo-store/kiosk/kiosk-1\n/state",
        "",
    ],
)
def test_a_topic_outside_the_layout_is_refused(topic: str) -> None:
    rejected(decode(topic, p.encode(state())), p.RejectReason.UNKNOWN_TOPIC)


# --- every other way to be dropped ---------------------------------------------------------


def test_malformed_payloads_are_named() -> None:
    rejected(decode(STATE, b""), p.RejectReason.EMPTY)
    rejected(decode(STATE, b"{not json"), p.RejectReason.MALFORMED_JSON)
    rejected(decode(STATE, b"\xc3\x28"), p.RejectReason.MALFORMED_JSON)
    rejected(decode(STATE, b'{"schema": NaN}'), p.RejectReason.MALFORMED_JSON)
    rejected(decode(STATE, b"[1, 2]"), p.RejectReason.NOT_AN_OBJECT)
    rejected(decode(STATE, b'"state"'), p.RejectReason.NOT_AN_OBJECT)
    big = p.encode(state()) + b" " * p.MAX_PAYLOAD_BYTES
    assert "bytes" in rejected(decode(STATE, big), p.RejectReason.TOO_LARGE).detail


def test_a_schema_error_names_the_field() -> None:
    document = json.loads(p.encode(state()))
    document["cart"] = {"items": 1, "total_cents": "3.99", "lines": []}
    assert (
        "cart.total_cents" in rejected(decode(STATE, document), p.RejectReason.SCHEMA_ERROR).detail
    )
    document = json.loads(p.encode(approve_age()))
    document["command"] = "open_the_safe"  # unknown command (a newer minor's, or a lie)
    error = rejected(decode(CMD, document), p.RejectReason.SCHEMA_ERROR)
    assert error.message_id == document["id"] and error.command is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("version", "1"),  # no "1" for 1
        ("version", 1.0),
        ("version", True),
        ("version", -1),
        ("kiosk_name", ""),
        ("run_id", "not-a-uuid"),
        ("id", "A" * 32),
        ("transaction_id", "has space"),
    ],
)
def test_values_are_checked_strictly(field: str, value: Any) -> None:
    document = json.loads(p.encode(state()))
    document[field] = value
    assert field in rejected(decode(STATE, document), p.RejectReason.SCHEMA_ERROR).detail


def test_money_is_integer_cents() -> None:
    line = {"line_id": "l1", "name_nl": "Melk", "name_en": "Milk", "quantity": 1}
    document = json.loads(p.encode(state()))
    document["cart"] = {"items": 1, "total_cents": 129, "lines": [line | {"net_cents": 1.29}]}
    rejected(decode(STATE, document), p.RejectReason.SCHEMA_ERROR)
    document["cart"]["lines"] = [line | {"net_cents": 129}]
    result = decode(STATE, document)
    assert isinstance(result, p.Decoded), result
    assert result.message.cart.lines[0].net_cents == 129


def test_a_retained_state_is_complete() -> None:
    """What a console's grid and detail need, in one retained message."""
    call = p.HelpCallInfo(
        id="c1",
        reason=p.HelpReason.AGE_CHECK,
        status=p.HelpStatus.ACKNOWLEDGED,
        owner=p.StaffRef(staff_id="st-7", name="Sam", console="console-1"),
        raised_at=NOW,
        context=p.HelpContext(barcode="8710000000017", product_nl="Bier", product_en="Beer"),
    )
    full = state(
        transaction_id="t1",
        help_calls=[call],
        devices=[
            p.DeviceInfo(
                name="printer",
                kind=p.DeviceKind.PRINTER,
                state=p.DeviceState.ERROR,
                reason=p.FaultReason.PAPER_OUT,
            )
        ],
        lane_light=p.LightInfo(colour=p.LightColour.AMBER),
        payment=p.PendingPayment(amount_cents=1299, status=p.PaymentStatus.PENDING),
    )
    result = decode(STATE, p.encode(full))
    assert isinstance(result, p.Decoded) and result.message == full
    assert result.message.help_calls[0].owner.name == "Sam"
