"""The console on the store network: MQTT <-> the store model, on the GUI thread.

:class:`ConsoleLink` wires the transport (:class:`kiosk.link.mqtt.MqttLink`: paho on its
own thread, whose callbacks only emit Qt signals, reaching this object through queued
connections) to the Qt-free :class:`~attendant.store.StoreModel`, and tells the widgets
what changed through Qt signals. It holds no protocol rules of its own:

* **In**: every message on the console's subscriptions (every kiosk's state, events,
  presence and command results, every console's presence) is decoded with
  :func:`kiosk.link.protocol.decode` at the current time of the injected clock. A payload
  that is refused is logged (a cleared retained message at debug level, anything else as
  a warning) and handed to the store only for what it means there (a cleared state is a
  lane taken out of the store); nothing a publisher sends can raise out of here.
* **Acks**: the store lists the events it stored (or had already); they are confirmed to
  their kiosk on ``.../ack/<console>`` on the next turn of the event loop, all that came
  in one go in one message (a kiosk's backlog after an outage costs it one journal write),
  so the kiosk stops re-sending them.
* **Presence**: a retained "online" heartbeat every ``heartbeat_s`` from a GUI-thread
  timer (a frozen console stops beating), its Last Will and the goodbye on :meth:`stop`
  the retained "offline".
* **Commands**: :meth:`send` builds the command with
  :class:`~attendant.commands.CommandFactory` for the logged-in staff member
  (:attr:`actor`), tracks it in the store's :class:`~attendant.commands.PendingCommands`
  before publishing (a fast answer finds it), and returns its id. Results (and commands
  that expired unanswered) come back as :attr:`command_result` with an
  :class:`~attendant.commands.Outcome`.
* **Time**: a timer calls :meth:`tick` every ``tick_s``: lanes without a heartbeat go
  offline, unanswered commands expire, and :attr:`ticked` lets the widgets move their
  timers (waiting times turn amber and red on the injected clock).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from attendant.commands import CommandFactory, Outcome
from attendant.config import ConsoleConfig
from attendant.eventlog import EventLog
from attendant.staff import actor_of
from attendant.store import StoreModel, Update
from kiosk.core.staff import StaffMember
from kiosk.link import protocol
from kiosk.link.protocol import CommandKind, RejectReason
from kiosk.link.topics import StoreTopics

__all__ = [
    "HEARTBEAT_S",
    "TICK_S",
    "ConsoleLink",
    "LinkDown",
    "NotLoggedIn",
    "build_console_link",
    "console_will",
]

log = logging.getLogger("attendant.link")

HEARTBEAT_S = 2.0
"""The console's presence heartbeat (kiosks count a console gone after 15 s of silence)."""
TICK_S = 1.0
"""How often presence timeouts, command expiry and the queue's timers are looked at."""
COMMAND_LIFETIME_S = 30.0
"""A command is valid this long after it was sent (then "no answer before expiry")."""

Clock = Callable[[], datetime]


class LinkDown(RuntimeError):
    """A command could not be sent: the broker is not connected."""


class NotLoggedIn(PermissionError):
    """A command needs a staff member logged in at the console."""


def console_will(
    topics: StoreTopics, console_id: str, *, since: datetime, heartbeat_s: float = HEARTBEAT_S
) -> tuple[str, bytes]:
    """The Last Will (topic, payload): the console's retained presence turns "offline"
    when its connection dies without a goodbye."""
    will = protocol.Presence(
        sender=console_id,
        status=protocol.PresenceStatus.OFFLINE,
        since=since,
        sequence=0,
        interval_s=heartbeat_s,
        sent_at=since,
    )
    return topics.console_presence(console_id), protocol.encode(will)


class ConsoleLink(QObject):
    """See the module docstring. ``start()`` connects; ``stop()`` says goodbye."""

    lanes_changed = Signal(list)
    """The kiosk ids whose lane view changed (state, presence, status, calls)."""
    queue_changed = Signal()
    new_help_call = Signal(object)
    """A :class:`~attendant.store.QueueEntry` this console had never seen: ring."""
    command_result = Signal(object)
    """An :class:`~attendant.commands.Outcome` of this console's command: done, refused
    or expired (no answer)."""
    result_received = Signal(object)
    """Every :class:`~kiosk.link.protocol.CommandResult` (other consoles' too)."""
    connection_changed = Signal(bool)
    ticked = Signal()
    """After every :meth:`tick`: waiting times and times in state moved on."""

    def __init__(
        self,
        console_id: str,
        transport: Any,
        store: StoreModel,
        *,
        clock: Clock,
        heartbeat_s: float = HEARTBEAT_S,
        tick_s: float = TICK_S,
        command_lifetime_s: float = COMMAND_LIFETIME_S,
        since: datetime | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.console_id = console_id
        self.transport = transport
        self.store = store
        self.topics = store.topics
        self.clock = clock
        self.heartbeat_s = heartbeat_s
        self.factory = CommandFactory(
            console_id, self.topics, clock=clock, lifetime_s=command_lifetime_s
        )
        self.actor: StaffMember | None = None
        """The staff member logged in (commands are sent for them); None: nobody."""
        self._since = since if since is not None else clock()
        self._sequence = 0
        self._presence_topic = self.topics.console_presence(console_id)
        self.stats = {"messages": 0, "rejected": 0, "acks": 0, "commands": 0}

        queued = Qt.ConnectionType.QueuedConnection
        transport.connected.connect(self._on_connected, queued)
        transport.disconnected.connect(self._on_disconnected, queued)
        transport.message_received.connect(self._on_message, queued)
        for pattern in self.topics.console_subscriptions():
            transport.subscribe(pattern, 1)

        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(round(heartbeat_s * 1000))
        self._heartbeat.timeout.connect(self.beat)
        self._acks_due: dict[str, list[str]] = {}
        self._ack_soon = QTimer(self)
        self._ack_soon.setSingleShot(True)
        self._ack_soon.setInterval(0)
        self._ack_soon.timeout.connect(self.flush_acks)
        self._ticker = QTimer(self)
        self._ticker.setInterval(round(tick_s * 1000))
        self._ticker.timeout.connect(self.tick)

    # -- life ------------------------------------------------------------------------------

    def start(self) -> None:
        self._heartbeat.start()
        self._ticker.start()
        self.transport.start()
        log.info("console %s: connecting to the store network", self.console_id)

    def stop(self) -> None:
        """Say goodbye (retained "offline") and disconnect; safe twice."""
        self._heartbeat.stop()
        self._ticker.stop()
        offline = protocol.encode(self._presence(protocol.PresenceStatus.OFFLINE))
        self.transport.stop(goodbye=(self._presence_topic, offline))

    @property
    def is_connected(self) -> bool:
        return bool(self.transport.is_connected)

    # -- presence and time -------------------------------------------------------------------

    def _presence(self, status: protocol.PresenceStatus) -> protocol.Presence:
        self._sequence += 1
        return protocol.Presence(
            sender=self.console_id,
            status=status,
            since=self._since,
            sequence=self._sequence,
            interval_s=self.heartbeat_s,
            sent_at=self.clock(),
        )

    def beat(self) -> None:
        """Publish the "online" heartbeat (retained), from the GUI thread."""
        if self.transport.is_connected:
            payload = protocol.encode(self._presence(protocol.PresenceStatus.ONLINE))
            self.transport.publish(self._presence_topic, payload, qos=1, retain=True)

    def tick(self) -> None:
        """Presence timeouts, expired commands, then :attr:`ticked` (the timers move)."""
        try:
            changed = self.store.tick()
            expired = self.store.pending.expire()
        except Exception:
            log.exception("the console's tick failed")
            return
        if changed:
            self.lanes_changed.emit(changed)
        for outcome in expired:
            self.command_result.emit(outcome)
        self.ticked.emit()

    # -- incoming (GUI thread, through queued connections) -----------------------------------

    def _on_connected(self) -> None:
        log.info("console %s: connected to the store network", self.console_id)
        self.beat()
        self.connection_changed.emit(True)

    def _on_disconnected(self, reason: str) -> None:
        log.warning("console %s: store network lost (%s)", self.console_id, reason)
        self.connection_changed.emit(False)

    def _on_message(self, topic: str, payload: bytes, _retained: bool = False) -> None:
        try:
            self.handle(topic, payload)
        except Exception:  # nothing a publisher sends may stop the console
            log.exception("handling a message on %s failed", topic[:120])

    def handle(self, topic: str, payload: bytes) -> Update:
        """Decode one message, apply it to the store, ack its events, tell the widgets."""
        self.stats["messages"] += 1
        decoded = protocol.decode(topic, payload, now=self.clock(), topics=self.topics)
        if isinstance(decoded, protocol.Rejected):
            self.stats["rejected"] += 1
            if decoded.reason is RejectReason.EMPTY:
                log.debug("cleared retained message on %s", topic[:120])
            else:
                log.warning("dropped a message on %s: %s", topic[:120], decoded)
        update = self.store.apply(decoded)
        if update.ignored and not isinstance(decoded, protocol.Rejected):
            log.debug("message on %s changed nothing: %s", topic[:120], update.ignored)
        self._ack(update)
        self._announce(update)
        return update

    def _ack(self, update: Update) -> None:
        """Queue the store's acks; they go out together on the next turn of the event loop
        (after a reconnect a kiosk re-sends its backlog: one ack, one journal write on the
        kiosk, per batch instead of per event). The events are stored already."""
        for kiosk_id, event_ids in update.acks:
            self._acks_due.setdefault(kiosk_id, []).extend(event_ids)
        if self._acks_due and not self._ack_soon.isActive():
            self._ack_soon.start()

    def flush_acks(self) -> None:
        """Publish the queued acks (at most 500 ids per message)."""
        due, self._acks_due = self._acks_due, {}
        for kiosk_id, event_ids in due.items():
            for ack_topic, ack in self.factory.acks(kiosk_id, event_ids):
                if self.transport.publish(ack_topic, protocol.encode(ack), qos=1):
                    self.stats["acks"] += 1

    def _announce(self, update: Update) -> None:
        if update.kiosk_id is not None and (update.lane_changed or update.lane_removed):
            self.lanes_changed.emit([update.kiosk_id])
        if update.queue_changed:
            self.queue_changed.emit()
        for entry in update.new_calls:
            log.info(
                "help call %s on %s: %s", entry.call.id, entry.kiosk_id, entry.call.reason.value
            )
            self.new_help_call.emit(entry)
        for result in update.results:
            self.result_received.emit(result)
        for outcome in update.outcomes:
            self.command_result.emit(outcome)

    # -- commands ----------------------------------------------------------------------------

    def send(self, kind: CommandKind | str, kiosk_id: str, **fields: Any) -> str:
        """Send command ``kind`` to ``kiosk_id`` for the logged-in staff member; its id.

        Raises :class:`NotLoggedIn` (nobody logged in), :class:`LinkDown` (no broker) or
        ``ValueError`` (a field the command does not take, or a missing one), before
        anything is published."""
        if self.actor is None:
            raise NotLoggedIn("a staff member must be logged in to send commands")
        if not self.transport.is_connected:
            raise LinkDown("not connected to the store network")
        topic, command = self.factory.build(kind, kiosk_id, actor_of(self.actor), **fields)
        self.store.pending.track(kiosk_id, command)
        if not self.transport.publish(topic, protocol.encode(command), qos=1):
            raise LinkDown("the command could not be handed to the broker")
        self.stats["commands"] += 1
        log.info(
            "command %s (%s) to %s by staff %s",
            command.id,
            command.command,
            kiosk_id,
            self.actor.id,
        )
        return command.id

    def outcome(self, command_id: str) -> Outcome:
        return self.store.pending.outcome(command_id)


def build_console_link(
    config: ConsoleConfig,
    *,
    clock: Clock = protocol.utc_now,
    event_log: EventLog | None = None,
    heartbeat_s: float = HEARTBEAT_S,
    tick_s: float = TICK_S,
    parent: QObject | None = None,
) -> ConsoleLink:
    """The console's link as the configuration says: the event log in
    ``<data_dir>/events.db``, the store model with the help queue's thresholds, and an
    MQTT transport to the configured broker (not started: call ``start()``)."""
    from kiosk.link.mqtt import MqttLink, MqttSettings  # the transport, only when wired

    topics = StoreTopics(config.store.id)
    if event_log is None:
        data_dir = Path(config.paths.data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        event_log = EventLog(data_dir / "events.db")
    store = StoreModel(
        topics,
        event_log,
        clock=clock,
        amber_after_s=config.help_queue.amber_after_s,
        red_after_s=config.help_queue.red_after_s,
        expected=config.kiosks,
    )
    since = clock()
    will = console_will(topics, config.console.id, since=since, heartbeat_s=heartbeat_s)
    settings = MqttSettings.from_broker(config.broker, client_id=config.console.id, will=will)
    transport = MqttLink(settings)
    link = ConsoleLink(
        config.console.id,
        transport,
        store,
        clock=clock,
        heartbeat_s=heartbeat_s,
        tick_s=tick_s,
        since=since,
        parent=parent,
    )
    return link
