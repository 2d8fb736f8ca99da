"""Commands the console sends to kiosks, and what became of them.

:class:`CommandFactory` builds every command kind of the protocol with this console as the
sender, the acting staff member, and an absolute expiry (``sent_at`` + ``lifetime_s`` on the
injected clock), together with the topic it goes on (``.../kiosk/K/cmd/<console>``: the
broker's ACL, not the payload, proves who sent it). It also builds the ``Ack`` messages for
stored events.

:class:`PendingCommands` remembers each command sent until the kiosk's ``CommandResult``
arrives or the command has expired, so the UI can say "done", "refused: already claimed by
Sam" or "no answer". A kiosk drops a command received at or after ``expires_at``, but one
received just before may be answered just after, so a command counts as unanswered only a
short grace period after its expiry; a result arriving later still settles it.

Qt-free: the console's widgets call this; nothing here touches the network.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kiosk.link import protocol
from kiosk.link.protocol import CommandKind
from kiosk.link.topics import StoreTopics

__all__ = [
    "COMMAND_TYPES",
    "CommandFactory",
    "Outcome",
    "OutcomeStatus",
    "PendingCommands",
]

log = logging.getLogger("attendant.commands")

Clock = Callable[[], datetime]

COMMAND_TYPES: dict[CommandKind, type[protocol.Command]] = {
    CommandKind.ACKNOWLEDGE: protocol.AcknowledgeCall,
    CommandKind.CLAIM: protocol.ClaimCall,
    CommandKind.APPROVE_AGE: protocol.ApproveAge,
    CommandKind.REFUSE_AGE: protocol.RefuseAge,
    CommandKind.APPROVE_VOID: protocol.ApproveVoid,
    CommandKind.REFUSE_VOID: protocol.RefuseVoid,
    CommandKind.ADD_ITEM: protocol.AddItem,
    CommandKind.REMOVE_ITEM: protocol.RemoveItem,
    CommandKind.CANCEL_TRANSACTION: protocol.CancelTransaction,
    CommandKind.REVERSE_CHARGE: protocol.ReverseCharge,
    CommandKind.LOCK_LANE: protocol.LockLane,
    CommandKind.UNLOCK_LANE: protocol.UnlockLane,
    CommandKind.PAID_AT_DESK: protocol.PaidAtDesk,
    CommandKind.REPRINT_RECEIPT: protocol.ReprintReceipt,
    CommandKind.RUN_DIAGNOSTICS: protocol.RunDiagnostics,
    CommandKind.RESOLVE_HELP: protocol.ResolveHelp,
}
"""The model of every command kind (a test checks none is missing)."""

_ENVELOPE_FIELDS = frozenset(
    {"schema", "schema_version", "type", "id", "correlation_id", "sent_at", "sender"}
    | {"command", "expires_at", "actor"}
)

MAX_ACK_IDS = 500
"""An ``Ack`` names at most this many events (the protocol's limit)."""


class CommandFactory:
    """Builds the commands of console ``console_id`` in store ``topics``.

    ``lifetime_s`` is how long a command stays valid after it is sent: long enough for a
    slow broker, short enough that an old click never acts on a lane that moved on.
    """

    def __init__(
        self,
        console_id: str,
        topics: StoreTopics,
        *,
        clock: Clock,
        lifetime_s: float = 30,
    ) -> None:
        lifetime = timedelta(seconds=lifetime_s)
        if not timedelta(0) < lifetime <= protocol.MAX_COMMAND_LIFETIME:
            raise ValueError(
                f"lifetime_s must be more than 0 and at most "
                f"{protocol.MAX_COMMAND_LIFETIME.total_seconds():.0f}"
            )
        topics.console_presence(console_id)  # a bad console id fails here, not at first use
        self.console_id = console_id
        self.topics = topics
        self._clock = clock
        self._lifetime = lifetime

    def build(
        self, kind: CommandKind | str, kiosk_id: str, actor: protocol.Actor, **fields: Any
    ) -> tuple[str, protocol.Command]:
        """The topic and the command ``kind`` for ``kiosk_id``, acted by ``actor``.

        ``fields`` are the kind's own fields (``call_id``, ``transaction_id``, ``code`` ...).
        A missing or invalid field raises ``pydantic.ValidationError`` (a ``ValueError``):
        a bug of the caller, caught before anything is published. The envelope is ours to
        fill in: passing ``sender``, ``expires_at`` and the like is a ``TypeError``.
        """
        kind = CommandKind(kind)
        clash = _ENVELOPE_FIELDS & fields.keys()
        if clash:
            raise TypeError(f"the factory sets {sorted(clash)} itself")
        now = self._clock()
        model = COMMAND_TYPES[kind]
        command = model(
            sender=self.console_id,
            sent_at=now,
            expires_at=now + self._lifetime,
            actor=actor,
            **fields,
        )
        return self.topics.command(kiosk_id, self.console_id), command

    def acks(self, kiosk_id: str, event_ids: Iterable[str]) -> list[tuple[str, protocol.Ack]]:
        """The ``Ack`` messages (and their topic) that confirm ``event_ids`` to ``kiosk_id``:
        none for no ids, one per :data:`MAX_ACK_IDS` ids; duplicates named once."""
        ids = list(dict.fromkeys(event_ids))
        topic = self.topics.ack(kiosk_id, self.console_id)
        now = self._clock()
        return [
            (
                topic,
                protocol.Ack(
                    sender=self.console_id, sent_at=now, event_ids=ids[i : i + MAX_ACK_IDS]
                ),
            )
            for i in range(0, len(ids), MAX_ACK_IDS)
        ]


class OutcomeStatus(enum.StrEnum):
    PENDING = "pending"
    """Sent; no result yet and not expired."""
    DONE = "done"
    """The kiosk carried it out."""
    REFUSED = "refused"
    """The kiosk refused it (``Outcome.refusal`` says why)."""
    EXPIRED = "expired"
    """No result came before the expiry (plus the grace period): it may not have arrived."""
    UNKNOWN = "unknown"
    """Not a command this console is tracking (never sent, or forgotten long ago)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one command: for the UI's "done" / "refused: reason"."""

    command_id: str
    status: OutcomeStatus
    kind: CommandKind | None = None
    kiosk_id: str | None = None
    command: protocol.Command | None = None
    result: protocol.CommandResult | None = None

    @property
    def refusal(self) -> protocol.Refusal | None:
        return self.result.refusal if self.result is not None else None

    @property
    def finished(self) -> bool:
        return self.status not in (OutcomeStatus.PENDING, OutcomeStatus.UNKNOWN)


@dataclass(slots=True)
class _Tracked:
    kiosk_id: str
    command: protocol.Command
    status: OutcomeStatus
    result: protocol.CommandResult | None
    finished_at: datetime | None

    def outcome(self) -> Outcome:
        return Outcome(
            command_id=self.command.id,
            status=self.status,
            kind=CommandKind(self.command.command),
            kiosk_id=self.kiosk_id,
            command=self.command,
            result=self.result,
        )


class PendingCommands:
    """The commands this console sent, by id, until they are answered or expired.

    Call :meth:`track` *before* publishing (a fast result must find its command),
    :meth:`resolve` for every ``CommandResult`` received (others' results are not
    ours: None), :meth:`expire` on the UI's timer. Finished outcomes are kept for
    ``keep_s`` so the UI can still show them, then forgotten (``UNKNOWN``).
    """

    def __init__(self, *, clock: Clock, grace_s: float = 5.0, keep_s: float = 600.0) -> None:
        self._clock = clock
        self._grace = timedelta(seconds=grace_s)
        self._keep = timedelta(seconds=keep_s)
        self._tracked: dict[str, _Tracked] = {}

    def track(self, kiosk_id: str, command: protocol.Command) -> Outcome:
        """Remember ``command`` sent to ``kiosk_id`` (again: no change)."""
        tracked = self._tracked.get(command.id)
        if tracked is None:
            tracked = _Tracked(kiosk_id, command, OutcomeStatus.PENDING, None, None)
            self._tracked[command.id] = tracked
        return tracked.outcome()

    def resolve(self, kiosk_id: str, result: protocol.CommandResult) -> Outcome | None:
        """Settle our command that ``result`` answers; None when it is not ours (another
        console's command, or a result from a kiosk we did not send it to)."""
        tracked = self._tracked.get(result.correlation_id)
        if tracked is None:
            return None
        if tracked.kiosk_id != kiosk_id:
            log.warning(
                "kiosk %s answered command %s, which was sent to %s: ignored",
                kiosk_id,
                result.correlation_id,
                tracked.kiosk_id,
            )
            return None
        if tracked.status is OutcomeStatus.EXPIRED:
            log.info("command %s answered after it was given up as expired", tracked.command.id)
        if tracked.result is None or tracked.status is OutcomeStatus.EXPIRED:
            # The first answer counts: a kiosk answers a repeated id with the same result.
            tracked.result = result
            tracked.status = OutcomeStatus.DONE if result.ok else OutcomeStatus.REFUSED
            tracked.finished_at = self._clock()
        return tracked.outcome()

    def expire(self) -> list[Outcome]:
        """Mark the commands unanswered ``grace_s`` after their expiry as ``EXPIRED`` and
        return them; forget finished ones older than ``keep_s``."""
        now = self._clock()
        expired: list[Outcome] = []
        for command_id, tracked in list(self._tracked.items()):
            if tracked.status is OutcomeStatus.PENDING:
                if now >= tracked.command.expires_at + self._grace:
                    tracked.status = OutcomeStatus.EXPIRED
                    tracked.finished_at = now
                    expired.append(tracked.outcome())
                    log.info(
                        "command %s (%s) to %s: no answer before it expired",
                        command_id,
                        tracked.command.command,
                        tracked.kiosk_id,
                    )
            elif tracked.finished_at is not None and now - tracked.finished_at >= self._keep:
                del self._tracked[command_id]
        return expired

    def outcome(self, command_id: str) -> Outcome:
        tracked = self._tracked.get(command_id)
        if tracked is None:
            return Outcome(command_id=command_id, status=OutcomeStatus.UNKNOWN)
        return tracked.outcome()

    def pending(self, kiosk_id: str | None = None) -> list[Outcome]:
        """The commands still waiting for an answer (of one kiosk, or all), oldest first."""
        return [
            tracked.outcome()
            for tracked in sorted(self._tracked.values(), key=lambda t: t.command.sent_at)
            if tracked.status is OutcomeStatus.PENDING
            and (kiosk_id is None or tracked.kiosk_id == kiosk_id)
        ]

    def __len__(self) -> int:
        return len(self._tracked)
