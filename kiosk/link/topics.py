"""The MQTT topics of one store: one versioned root, a branch per kiosk and per console.

Every topic lives under ``selfscan/v1/<store>`` (the ``v1`` is the topic layout's version;
the payloads carry their own schema version). For a kiosk ``K`` and a console ``C``:

=========================================  ==========  =================================
topic                                      published   by / to
=========================================  ==========  =================================
``<root>/kiosk/K/state``                   retained    K: its complete state
``<root>/kiosk/K/event``                   -           K: help calls, interventions ...
``<root>/kiosk/K/presence``                retained    K (and its Last Will)
``<root>/kiosk/K/cmd/C``                   -           C -> K: a command from console C
``<root>/kiosk/K/cmd-result``              -           K: the outcome of a command
``<root>/kiosk/K/ack/C``                   -           C -> K: C has these events
``<root>/console/C/presence``              retained    C (and its Last Will)
=========================================  ==========  =================================

The console's id is in the command topic so that the broker's access rules, not the
payload, prove which console sent a command: console C may publish only on
``.../cmd/C`` and ``.../ack/C``, kiosk K only on its own branch.

Ids follow ``kiosk.config.Identifier`` (lower-case letters, digits, ``-``), so they never
hold the MQTT wildcards ``+``/``#`` or a ``/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "LAYOUT_VERSION",
    "ROOT",
    "ConsoleTopic",
    "KioskTopic",
    "StoreTopics",
    "TopicError",
    "TopicKind",
]

ROOT = "selfscan"
LAYOUT_VERSION = "v1"

_ID = re.compile(r"\A[a-z0-9][a-z0-9\-]{0,31}\Z")  # \Z: "$" would let a trailing newline in


class TopicError(ValueError):
    """A topic or an id that is not part of the store's layout."""


class TopicKind(StrEnum):
    KIOSK_STATE = "state"
    KIOSK_EVENT = "event"
    KIOSK_PRESENCE = "presence"
    KIOSK_COMMAND = "cmd"
    KIOSK_COMMAND_RESULT = "cmd-result"
    KIOSK_ACK = "ack"
    CONSOLE_PRESENCE = "console-presence"


@dataclass(frozen=True, slots=True)
class KioskTopic:
    """A parsed kiosk topic; ``console`` is set for ``cmd`` and ``ack``."""

    kind: TopicKind
    kiosk: str
    console: str | None = None


@dataclass(frozen=True, slots=True)
class ConsoleTopic:
    kind: TopicKind
    console: str


def _check(what: str, value: str) -> str:
    if not _ID.match(value):
        raise TopicError(f"{what} {value!r} is not an id (a-z, 0-9, '-', at most 32)")
    return value


@dataclass(frozen=True, slots=True)
class StoreTopics:
    """The topics of store ``store``: ``StoreTopics("demo-store").kiosk_state("kiosk-1")``."""

    store: str

    def __post_init__(self) -> None:
        _check("store", self.store)

    @property
    def root(self) -> str:
        return f"{ROOT}/{LAYOUT_VERSION}/{self.store}"

    # -- a kiosk's branch ------------------------------------------------------------------

    def kiosk(self, kiosk: str) -> str:
        return f"{self.root}/kiosk/{_check('kiosk', kiosk)}"

    def kiosk_state(self, kiosk: str) -> str:
        return f"{self.kiosk(kiosk)}/state"

    def kiosk_event(self, kiosk: str) -> str:
        return f"{self.kiosk(kiosk)}/event"

    def kiosk_presence(self, kiosk: str) -> str:
        return f"{self.kiosk(kiosk)}/presence"

    def command(self, kiosk: str, console: str) -> str:
        return f"{self.kiosk(kiosk)}/cmd/{_check('console', console)}"

    def command_result(self, kiosk: str) -> str:
        return f"{self.kiosk(kiosk)}/cmd-result"

    def ack(self, kiosk: str, console: str) -> str:
        return f"{self.kiosk(kiosk)}/ack/{_check('console', console)}"

    # -- a console's branch ----------------------------------------------------------------

    def console_presence(self, console: str) -> str:
        return f"{self.root}/console/{_check('console', console)}/presence"

    # -- subscriptions ---------------------------------------------------------------------

    def kiosk_subscriptions(self, kiosk: str) -> list[str]:
        """What kiosk ``kiosk`` subscribes to: commands and acks from every console, and the
        consoles' presence (with no console online the lane tells a shopper asking for help
        that nobody could be reached, and the lane light calls the floor)."""
        return [
            f"{self.kiosk(kiosk)}/cmd/+",
            f"{self.kiosk(kiosk)}/ack/+",
            f"{self.root}/console/+/presence",
        ]

    def console_subscriptions(self) -> list[str]:
        """What a console subscribes to: every kiosk's state, events, presence and results,
        and the other consoles' presence (and their commands' results)."""
        lanes = f"{self.root}/kiosk/+"
        return [
            f"{lanes}/state",
            f"{lanes}/event",
            f"{lanes}/presence",
            f"{lanes}/cmd-result",
            f"{self.root}/console/+/presence",
        ]

    # -- parsing ---------------------------------------------------------------------------

    def parse(self, topic: str) -> KioskTopic | ConsoleTopic:
        """The kind and ids of ``topic``; :class:`TopicError` when it is not one of ours."""
        prefix = self.root + "/"
        if not topic.startswith(prefix):
            raise TopicError(f"{topic!r} is not under {self.root}")
        parts = topic[len(prefix) :].split("/")
        match parts:
            case ["kiosk", kiosk, "state"]:
                return KioskTopic(TopicKind.KIOSK_STATE, _check("kiosk", kiosk))
            case ["kiosk", kiosk, "event"]:
                return KioskTopic(TopicKind.KIOSK_EVENT, _check("kiosk", kiosk))
            case ["kiosk", kiosk, "presence"]:
                return KioskTopic(TopicKind.KIOSK_PRESENCE, _check("kiosk", kiosk))
            case ["kiosk", kiosk, "cmd-result"]:
                return KioskTopic(TopicKind.KIOSK_COMMAND_RESULT, _check("kiosk", kiosk))
            case ["kiosk", kiosk, "cmd", console]:
                return KioskTopic(
                    TopicKind.KIOSK_COMMAND, _check("kiosk", kiosk), _check("console", console)
                )
            case ["kiosk", kiosk, "ack", console]:
                return KioskTopic(
                    TopicKind.KIOSK_ACK, _check("kiosk", kiosk), _check("console", console)
                )
            case ["console", console, "presence"]:
                return ConsoleTopic(TopicKind.CONSOLE_PRESENCE, _check("console", console))
        raise TopicError(f"{topic!r} is not a topic of the store layout")
