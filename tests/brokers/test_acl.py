"""The access rules: ``allowed`` against an independent reading of the topic layout.

The oracle parses each topic with ``StoreTopics.parse`` and applies the rules as the
module docstring states them; hypothesis draws topics of the layout for known and
unknown ids, and topics outside it.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.link.topics import ConsoleTopic, KioskTopic, StoreTopics, TopicError, TopicKind
from selfscan_broker.acl import Account, Action, Role, allowed, covers, rules_for

STORE = "demo-store"
TOPICS = StoreTopics(STORE)
IDS = st.sampled_from(["kiosk-1", "kiosk-2", "console-1", "console-2"]) | st.from_regex(
    r"\A[a-z0-9][a-z0-9\-]{0,31}\Z"
)
ACCOUNTS = st.builds(Account, st.just(STORE), IDS, st.sampled_from(Role))
KIOSK_PUBLISHES = {
    TopicKind.KIOSK_STATE,
    TopicKind.KIOSK_EVENT,
    TopicKind.KIOSK_PRESENCE,
    TopicKind.KIOSK_COMMAND_RESULT,
}


def layout_topics() -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(TOPICS.kiosk_state, IDS),
        st.builds(TOPICS.kiosk_event, IDS),
        st.builds(TOPICS.kiosk_presence, IDS),
        st.builds(TOPICS.command_result, IDS),
        st.builds(TOPICS.command, IDS, IDS),
        st.builds(TOPICS.ack, IDS, IDS),
        st.builds(TOPICS.console_presence, IDS),
        st.builds(StoreTopics("other-store").kiosk_state, IDS),
        st.builds(lambda k: TOPICS.kiosk_state(k) + "/x", IDS),
        st.text(alphabet="ab/+#-", max_size=12),
    )


def may_publish(account: Account, topic: str) -> bool:
    try:
        parsed = TOPICS.parse(topic)
    except TopicError:
        return False
    if account.role is Role.KIOSK:
        return (
            isinstance(parsed, KioskTopic)
            and parsed.kiosk == account.id
            and parsed.kind in KIOSK_PUBLISHES
        )
    if isinstance(parsed, ConsoleTopic):
        return parsed.console == account.id
    return parsed.kind in {TopicKind.KIOSK_COMMAND, TopicKind.KIOSK_ACK} and (
        parsed.console == account.id
    )


def may_read(account: Account, topic: str) -> bool:
    try:
        parsed = TOPICS.parse(topic)
    except TopicError:
        return False
    if account.role is Role.KIOSK:  # its own commands and acks, and the consoles' presence
        return isinstance(parsed, ConsoleTopic) or (
            parsed.kiosk == account.id
            and parsed.kind in {TopicKind.KIOSK_COMMAND, TopicKind.KIOSK_ACK}
        )
    return isinstance(parsed, ConsoleTopic) or parsed.kind in KIOSK_PUBLISHES


@given(account=ACCOUNTS, topic=layout_topics())
def test_publish_follows_the_rules(account: Account, topic: str) -> None:
    assert allowed(account, Action.PUBLISH, topic) == may_publish(account, topic)


@given(account=ACCOUNTS, topic=layout_topics())
def test_subscribing_to_one_topic_follows_the_rules(account: Account, topic: str) -> None:
    assert allowed(account, Action.SUBSCRIBE, topic) == may_read(account, topic)


@given(account=ACCOUNTS, topic=layout_topics(), data=st.data())
def test_a_filter_is_allowed_only_when_every_topic_it_matches_is(
    account: Account, topic: str, data: st.DataObject
) -> None:
    """Replace some levels by ``+`` (or the tail by ``#``): when the filter is allowed,
    the concrete topic under it is readable too."""
    levels = topic.split("/")
    wild = [
        "+" if data.draw(st.booleans(), label=f"level {i}") else level
        for i, level in enumerate(levels)
    ]
    if data.draw(st.booleans(), label="hash"):
        wild[-1] = "#"
    topic_filter = "/".join(wild)
    if allowed(account, Action.SUBSCRIBE, topic_filter):
        assert may_read(account, topic)
        assert "#" not in topic_filter


def test_the_rules_of_a_lane_and_a_console() -> None:
    kiosk, console = Account(STORE, "kiosk-1", Role.KIOSK), Account(STORE, "c-1", Role.CONSOLE)
    assert allowed(kiosk, Action.SUBSCRIBE, f"{TOPICS.kiosk('kiosk-1')}/cmd/+")
    assert not allowed(kiosk, Action.SUBSCRIBE, f"{TOPICS.kiosk('kiosk-1')}/#")
    assert not allowed(kiosk, Action.PUBLISH, TOPICS.command("kiosk-1", "c-1"))
    assert allowed(console, Action.SUBSCRIBE, f"{TOPICS.root}/kiosk/+/state")
    assert allowed(console, Action.PUBLISH, TOPICS.command("kiosk-9", "c-1"))
    assert not allowed(console, Action.PUBLISH, f"{TOPICS.root}/kiosk/+/cmd/c-1")
    assert not allowed(console, Action.SUBSCRIBE, f"{TOPICS.root}/kiosk/+/cmd/+")


@pytest.mark.parametrize(
    ("pattern", "topic_filter", "expected"),
    [
        ("a/+/c", "a/b/c", True),
        ("a/+/c", "a/+/c", True),
        ("a/b/c", "a/+/c", False),
        ("a/+/c", "a/#", False),
        ("a/+/c", "a/b+/c", False),
        ("a/+/c", "a/b/c/d", False),
        ("a/+/c", "", False),
    ],
)
def test_covers(pattern: str, topic_filter: str, expected: bool) -> None:
    assert covers(pattern, topic_filter) is expected


def test_no_rule_applies_to_every_user() -> None:
    """Each account's rules name it (or are read-only for a console): no shared pattern
    could let one account act under another's name."""
    for role in Role:
        for rule in rules_for(Account(STORE, "x-1", role)):
            if rule.action is Action.PUBLISH:
                assert "/x-1/" in rule.pattern + "/"
