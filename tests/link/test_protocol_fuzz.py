"""Every message survives encode -> decode unchanged, and nothing a publisher sends makes
``decode`` raise, hang or hit our own bug path (hypothesis, no Qt, no broker)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.link import protocol as p
from tests.fuzz.budget import fuzz
from tests.link.protocol_strategies import (
    JSON_VALUES,
    MESSAGES,
    TOPICS,
    messages,
    topic_for,
)

FUZZ = fuzz(100, deadline_ms=2000)  # SELFSCAN_FUZZ=full: 25 times more (tests/fuzz)
NOW = datetime(2030, 1, 1, tzinfo=UTC)
SOME_TOPICS = st.sampled_from(
    [
        TOPICS.kiosk_state("kiosk-1"),
        TOPICS.kiosk_event("kiosk-1"),
        TOPICS.kiosk_presence("kiosk-1"),
        TOPICS.command("kiosk-1", "console-1"),
        TOPICS.command_result("kiosk-1"),
        TOPICS.ack("kiosk-1", "console-1"),
        TOPICS.console_presence("console-1"),
    ]
)


def _now_for(message: p.Envelope) -> datetime:
    """A moment at which ``message`` is valid (a command before it expires)."""
    return message.sent_at if isinstance(message, p.Command) else NOW


def _checked(result: p.Decoded | p.Rejected) -> p.Decoded | p.Rejected:
    assert isinstance(result, p.Decoded | p.Rejected)
    if isinstance(result, p.Rejected):
        assert result.reason is not p.RejectReason.INTERNAL_ERROR, result
    return result


@pytest.mark.parametrize("model", MESSAGES, ids=lambda model: model.__name__)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_message_round_trips(model: type[p.Envelope], data: st.DataObject) -> None:
    message = data.draw(messages(model))
    payload = p.encode(message)
    assert b"\n" not in payload and b", " not in payload.replace(b'", "', b"")  # compact
    result = p.decode(topic_for(message), payload, now=_now_for(message), topics=TOPICS)
    assert isinstance(result, p.Decoded), result
    assert type(result.message) is model
    assert result.message == message
    assert p.encode(result.message) == payload


@FUZZ
@given(topic=SOME_TOPICS, payload=st.binary(max_size=2000))
def test_random_bytes_never_raise(topic: str, payload: bytes) -> None:
    assert isinstance(_checked(p.decode(topic, payload, now=NOW, topics=TOPICS)), p.Rejected)


@FUZZ
@given(topic=st.text(max_size=80) | SOME_TOPICS, value=JSON_VALUES)
def test_random_json_never_raises(topic: str, value: Any) -> None:
    _checked(p.decode(topic, json.dumps(value).encode(), now=NOW, topics=TOPICS))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


@FUZZ
@given(data=st.data(), model=st.sampled_from(MESSAGES))
def test_mutated_messages_never_raise(data: st.DataObject, model: type[p.Envelope]) -> None:
    """A valid message with one value replaced by any JSON, or removed: dropped or taken,
    never a crash (this reaches deep into the models, past the envelope checks)."""
    message = data.draw(messages(model))
    document = json.loads(p.encode(message))
    path = data.draw(st.sampled_from(_paths(document)))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) and data.draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(JSON_VALUES)
    payload = json.dumps(document).encode()
    _checked(p.decode(topic_for(message), payload, now=_now_for(message), topics=TOPICS))


@pytest.mark.parametrize(
    "payload",
    [
        b"[" * (p.MAX_PAYLOAD_BYTES - 1),
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        b'{"schema":"1.0","type":"presence","sender":"kiosk-1","sequence":' + b"9" * 200_000 + b"}",
        b'{"schema":"1.0","type":"state","sender":"kiosk-1","cart":'
        + b'{"x":' * 60_000
        + b"0"
        + b"}" * 60_000
        + b"}",
        b'"' + b"\\u0000" * 40_000 + b'"',
        b"\xff\xfe" * 1000,
        b'{"schema":"1.0","sent_at":NaN}',
    ],
    ids=["deep-array", "deep-object", "huge-int", "deep-in-model", "nul-string", "utf16", "nan"],
)
def test_hostile_payloads_are_dropped_quickly(payload: bytes) -> None:
    start = time.perf_counter()
    result = _checked(p.decode(TOPICS.kiosk_state("kiosk-1"), payload, now=NOW, topics=TOPICS))
    assert isinstance(result, p.Rejected)
    assert time.perf_counter() - start < 1.0  # generous: these take milliseconds
