"""The store's topic layout: every topic built is parsed back to what built it, and
nothing outside the layout (or with an id that could carry a wildcard) is taken."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.link.topics import ConsoleTopic, KioskTopic, StoreTopics, TopicError, TopicKind

TOPICS = StoreTopics("demo-store")
IDS = st.from_regex(r"\A[a-z0-9][a-z0-9\-]{0,31}\Z")


def test_the_layout_is_versioned_under_one_root_per_store() -> None:
    assert TOPICS.kiosk_state("kiosk-1") == "selfscan/v1/demo-store/kiosk/kiosk-1/state"
    assert TOPICS.command("kiosk-1", "console-2") == (
        "selfscan/v1/demo-store/kiosk/kiosk-1/cmd/console-2"
    )
    assert TOPICS.console_presence("console-2") == (
        "selfscan/v1/demo-store/console/console-2/presence"
    )


@given(kiosk=IDS, console=IDS)
def test_every_topic_parses_back(kiosk: str, console: str) -> None:
    assert TOPICS.parse(TOPICS.kiosk_state(kiosk)) == KioskTopic(TopicKind.KIOSK_STATE, kiosk)
    assert TOPICS.parse(TOPICS.kiosk_event(kiosk)) == KioskTopic(TopicKind.KIOSK_EVENT, kiosk)
    assert TOPICS.parse(TOPICS.kiosk_presence(kiosk)) == KioskTopic(TopicKind.KIOSK_PRESENCE, kiosk)
    assert TOPICS.parse(TOPICS.command_result(kiosk)) == KioskTopic(
        TopicKind.KIOSK_COMMAND_RESULT, kiosk
    )
    assert TOPICS.parse(TOPICS.command(kiosk, console)) == KioskTopic(
        TopicKind.KIOSK_COMMAND, kiosk, console
    )
    assert TOPICS.parse(TOPICS.ack(kiosk, console)) == KioskTopic(
        TopicKind.KIOSK_ACK, kiosk, console
    )
    assert TOPICS.parse(TOPICS.console_presence(console)) == ConsoleTopic(
        TopicKind.CONSOLE_PRESENCE, console
    )


@pytest.mark.parametrize(
    "topic",
    [
        "selfscan/v1/other-store/kiosk/kiosk-1/state",
        "selfscan/v2/demo-store/kiosk/kiosk-1/state",
        "selfscan/v1/demo-store/kiosk/kiosk-1/state/extra",
        "selfscan/v1/demo-store/kiosk/+/state",
        "selfscan/v1/demo-store/kiosk/kiosk-1/cmd/#",
        "selfscan/v1/demo-store/kiosk/Kiosk-1/state",
        "selfscan/v1/demo-store/kiosk/kiosk-1/cmd",
        "selfscan/v1/demo-store/console/console-1/state",
        "",
    ],
)
def test_topics_outside_the_layout_are_refused(topic: str) -> None:
    with pytest.raises(TopicError):
        TOPICS.parse(topic)


@pytest.mark.parametrize("bad", ["+", "#", "a/b", "", "Kiosk", "-x", "x" * 33])
def test_ids_that_could_break_a_topic_are_refused(bad: str) -> None:
    with pytest.raises(TopicError):
        TOPICS.kiosk_state(bad)
    with pytest.raises(TopicError):
        TOPICS.command("kiosk-1", bad)
    with pytest.raises(TopicError):
        StoreTopics(bad)


def test_subscriptions_cover_what_each_side_reads() -> None:
    assert TOPICS.kiosk_subscriptions("kiosk-1") == [
        "selfscan/v1/demo-store/kiosk/kiosk-1/cmd/+",
        "selfscan/v1/demo-store/kiosk/kiosk-1/ack/+",
        "selfscan/v1/demo-store/console/+/presence",
    ]
    assert "selfscan/v1/demo-store/kiosk/+/state" in TOPICS.console_subscriptions()
