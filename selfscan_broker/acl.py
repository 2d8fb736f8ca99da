"""Who may publish and subscribe to what: the store network's access rules, broker-neutral.

Generated from the topic layout (``kiosk.link.topics.StoreTopics``), one explicit list per
account, never a pattern that applies to every user: with a Mosquitto ``pattern`` rule
built on ``%u`` a kiosk given a console's name could publish commands. The rules:

* kiosk ``K`` publishes only its own ``state``, ``event``, ``presence`` and ``cmd-result``,
  and subscribes only to its own ``cmd/+`` and ``ack/+``;
* console ``C`` subscribes to every kiosk's ``state``, ``event``, ``presence`` and
  ``cmd-result`` and to every console's ``presence``, and publishes only ``kiosk/+/cmd/C``,
  ``kiosk/+/ack/C`` and its own ``presence``.

:func:`allowed` answers one question against these rules; the embedded broker asks it for
every publish and subscribe, and ``selfscan_broker.mosquitto`` writes the same rules as a
Mosquitto ACL file.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.link.topics import StoreTopics

__all__ = ["Account", "Action", "Role", "Rule", "allowed", "covers", "rules_for"]


class Role(StrEnum):
    KIOSK = "kiosk"
    CONSOLE = "console"


class Action(StrEnum):
    PUBLISH = "publish"
    SUBSCRIBE = "subscribe"


@dataclass(frozen=True, slots=True)
class Account:
    """A broker account of store ``store``: a kiosk or a console, named by its id."""

    store: str
    id: str
    role: Role


@dataclass(frozen=True, slots=True)
class Rule:
    """``action`` is allowed on the topics matched by ``pattern`` (``+`` = one level)."""

    action: Action
    pattern: str


def rules_for(account: Account) -> tuple[Rule, ...]:
    """The access rules of ``account``: everything it may do, nothing else."""
    topics = StoreTopics(account.store)
    me = account.id
    pub, sub = Action.PUBLISH, Action.SUBSCRIBE
    if account.role is Role.KIOSK:
        return (
            Rule(pub, topics.kiosk_state(me)),
            Rule(pub, topics.kiosk_event(me)),
            Rule(pub, topics.kiosk_presence(me)),
            Rule(pub, topics.command_result(me)),
            *(Rule(sub, pattern) for pattern in topics.kiosk_subscriptions(me)),
        )
    lanes = f"{topics.root}/kiosk/+"
    return (
        *(Rule(sub, pattern) for pattern in topics.console_subscriptions()),
        Rule(pub, f"{lanes}/cmd/{me}"),
        Rule(pub, f"{lanes}/ack/{me}"),
        Rule(pub, topics.console_presence(me)),
    )


def _valid_filter(levels: list[str]) -> bool:
    for index, level in enumerate(levels):
        if "#" in level and (level != "#" or index != len(levels) - 1):
            return False
        if "+" in level and level != "+":
            return False
    return True


def covers(pattern: str, topic_filter: str) -> bool:
    """Whether every topic ``topic_filter`` can match is also matched by ``pattern``.

    ``pattern`` holds ``+`` levels only (no ``#``: none of our rules needs it). For a
    concrete topic this is plain MQTT matching; a filter's ``+`` level is covered only by
    a ``+`` in the pattern, and a filter ending in ``#`` is never covered.
    """
    if not topic_filter or "\x00" in topic_filter:
        return False
    want, have = pattern.split("/"), topic_filter.split("/")
    if not _valid_filter(have) or len(want) != len(have):
        return False
    for rule_level, level in zip(want, have, strict=True):
        if level == "#":
            return False
        if rule_level != "+" and rule_level != level:
            return False
    return True


def allowed(account: Account, action: Action, topic: str) -> bool:
    """May ``account`` do ``action`` on ``topic`` (a topic name, or a filter to subscribe)?

    A publish needs a topic name without wildcards; a subscribe may use a filter, allowed
    only when one rule covers all of it.
    """
    if action is Action.PUBLISH and ("+" in topic or "#" in topic):
        return False
    return any(rule.action is action and covers(rule.pattern, topic) for rule in rules_for(account))
