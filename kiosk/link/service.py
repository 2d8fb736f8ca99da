"""The kiosk on the store network: the lane <-> MQTT, on the GUI thread.

:class:`KioskLinkService` wires three parts together; it holds no protocol logic itself:

* the lane's protocol side, :class:`~kiosk.link.lane_link.LaneLink` (Qt-free): the
  complete ``state``, the outbox's events, the execution of commands;
* the transport, :class:`~kiosk.link.mqtt.MqttLink`: paho on its own thread, whose
  callbacks only emit Qt signals; they reach this object through queued connections, so
  everything below runs on the GUI thread, where the lane lives;
* the lane's own signals (a change of state, cart, help call or situation).

What it does:

* **State**: after any change of the lane, the complete state is published (retained) on
  the next turn of the event loop, so a burst of changes costs one message; only when
  its content changed (``LaneLink.state_if_changed``).
* **Events**: the outbox is sent at once when something new is in it, and every event
  not yet confirmed is sent again while a console is online, after ``resend_s``, then
  twice as long each time up to :data:`MAX_RESEND_S` (and at once at every reconnect or
  when a console comes back), until a console confirms it on the ``ack`` topic. MQTT is
  transport, not storage: the journal's outbox is what survives an outage or a restart;
  consoles de-duplicate by the id.
* **Commands**: decoded (``protocol.decode``: a forged, malformed or expired command is
  logged and dropped; expired and invalid ones on this kiosk's own topic are answered
  with a refusal), executed by the lane (``LaneLink.handle_command``) and answered on
  ``cmd-result`` at once; the new state follows on the next turn of the event loop,
  after the screen has shown the shopper what the command changed.
* **Presence**: a retained "online" heartbeat every ``heartbeat_s`` from a timer on the
  GUI thread (a frozen GUI stops it, so a console marks the lane offline even when the
  broker never drops the connection), and a Last Will "offline" left with the broker.
* **Reachability**: the lane is told the link is up (``lane.set_link_up``) only while the
  broker is connected **and** at least one console is online (a live heartbeat heard
  within ``console_timeout_s``; the broker's retained copy, replayed at every connect,
  does not count: its console may have died with the broker). Otherwise a shopper asking
  for help reads that nobody could be reached and is asked to wave, and the lane light
  calls the floor; calls raised meanwhile stay in the outbox and go out when the link
  returns.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.link import protocol
from kiosk.link.lane_link import LaneLink
from kiosk.link.mqtt import MqttLink, MqttSettings, MqttSettingsError
from kiosk.link.topics import ConsoleTopic, KioskTopic, StoreTopics, TopicKind

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.core.journal import Journal
    from kiosk.core.lane import LaneController

__all__ = ["KioskLinkService", "last_will", "start_kiosk_link"]

log = logging.getLogger("kiosk.link")

HEARTBEAT_S = 2.0
"""Presence heartbeat interval: a console marks a lane offline after 15 s of silence."""
RESEND_S = 5.0
"""An event not confirmed by a console is sent again after this long."""
MAX_RESEND_S = 300.0
"""The longest wait between two sends of an event no console has confirmed."""
OUTBOX_WINDOW = 500
"""How many unconfirmed events are looked at per round (oldest first)."""
CONSOLE_TIMEOUT_S = 15.0
"""A console not heard of for this long counts as gone."""


def last_will(
    topics: StoreTopics, kiosk_id: str, *, since: datetime, heartbeat_s: float = HEARTBEAT_S
) -> tuple[str, bytes]:
    """The Last Will (topic, payload) the transport leaves with the broker: the kiosk's
    retained presence turns "offline" when its connection dies without a goodbye."""
    will = protocol.Presence(
        sender=kiosk_id,
        status=protocol.PresenceStatus.OFFLINE,
        since=since,
        sequence=0,
        interval_s=heartbeat_s,
        sent_at=since,
    )
    return topics.kiosk_presence(kiosk_id), protocol.encode(will)


class KioskLinkService(QObject):
    """See the module docstring. ``start()`` connects; ``stop()`` says goodbye."""

    link_changed = Signal(bool)
    """Whether a console can be reached (broker connected and a console online)."""
    command_handled = Signal(object)
    """The :class:`~kiosk.link.protocol.CommandResult` of each command executed or refused."""

    def __init__(
        self,
        lane_link: LaneLink,
        transport: MqttLink,
        *,
        topics: StoreTopics,
        kiosk_id: str,
        set_link_up: Callable[[bool], None],
        lane_signals: tuple[object, ...] = (),
        utc_now: Callable[[], datetime],
        monotonic: Callable[[], float] = time.monotonic,
        heartbeat_s: float = HEARTBEAT_S,
        resend_s: float = RESEND_S,
        console_timeout_s: float = CONSOLE_TIMEOUT_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.lane_link = lane_link
        self.transport = transport
        self.topics = topics
        self.kiosk_id = kiosk_id
        self._set_link_up = set_link_up
        self._utc_now = utc_now
        self._monotonic = monotonic
        self.heartbeat_s = heartbeat_s
        self.resend_s = resend_s
        self.console_timeout_s = console_timeout_s
        self._since = utc_now()
        self._sequence = 0
        self._sent_at: dict[str, float] = {}
        """Outbox id -> when it was last published (this connection)."""
        self._outbox_seen = -1
        """The journal's ``outbox_writes`` when the outbox was last read for new events."""
        self._attempts: dict[str, int] = {}
        """Outbox id -> how often it went out unconfirmed (the back-off grows with it)."""
        self._consoles: dict[str, float] = {}
        """Console id -> when its "online" presence was last heard."""
        self._reachable: bool | None = None
        self._state_topic = topics.kiosk_state(kiosk_id)
        self._event_topic = topics.kiosk_event(kiosk_id)
        self._presence_topic = topics.kiosk_presence(kiosk_id)
        self._result_topic = topics.command_result(kiosk_id)
        self.stats = {"commands": 0, "rejected": 0, "events_sent": 0, "states_sent": 0}

        queued = Qt.ConnectionType.QueuedConnection
        transport.connected.connect(self._on_connected, queued)
        transport.disconnected.connect(self._on_disconnected, queued)
        transport.message_received.connect(self._on_message, queued)
        for pattern in topics.kiosk_subscriptions(kiosk_id):
            transport.subscribe(pattern, 1)

        self._publish_soon = QTimer(self)
        self._publish_soon.setSingleShot(True)
        self._publish_soon.setInterval(0)
        self._publish_soon.timeout.connect(self.publish_now)
        for signal in lane_signals:
            signal.connect(self._lane_changed)  # type: ignore[attr-defined]

        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(int(heartbeat_s * 1000))
        self._heartbeat.timeout.connect(self._beat)
        self._resend = QTimer(self)
        self._resend.setInterval(1000)
        self._resend.timeout.connect(self._housekeeping)

    # -- life

    def start(self) -> None:
        self._heartbeat.start()
        self._resend.start()
        self._update_reachable()
        self.transport.start()

    def stop(self) -> None:
        """Say goodbye (retained "offline") and disconnect; safe twice."""
        self._heartbeat.stop()
        self._resend.stop()
        self._publish_soon.stop()
        offline = protocol.encode(self._presence(protocol.PresenceStatus.OFFLINE))
        self.transport.stop(goodbye=(self._presence_topic, offline))

    @property
    def reachable(self) -> bool:
        return bool(self._reachable)

    # -- outgoing

    def _lane_changed(self, *_args: object) -> None:
        if not self._publish_soon.isActive():
            self._publish_soon.start()

    def publish_now(self) -> None:
        """Publish the state if it changed and any event not sent yet (the lane changed).
        The outbox is read only when the journal queued something since the last look:
        most lane changes (a scan) queue nothing, and this runs on the GUI thread."""
        if not self.transport.is_connected:
            return
        self._publish_state()
        writes = self.lane_link.journal.outbox_writes
        if writes != self._outbox_seen:
            self._outbox_seen = writes
            self._send_events(only_new=True)

    def _publish_state(self, *, force: bool = False) -> None:
        try:
            state = self.lane_link.state() if force else self.lane_link.state_if_changed()
        except Exception:
            log.exception("building the lane's state failed")
            return
        if state is None:
            return
        if self.transport.publish(self._state_topic, protocol.encode(state), qos=1, retain=True):
            self.stats["states_sent"] += 1

    def _resend_after(self, event_id: str) -> float:
        """Seconds until an unconfirmed event goes out again: ``resend_s``, doubling with
        every attempt up to :data:`MAX_RESEND_S`, so an event no console can confirm (a
        newer kind an older console drops) costs little and never crowds out the rest."""
        attempts = self._attempts.get(event_id, 1)
        return min(self.resend_s * 2 ** max(attempts - 1, 0), MAX_RESEND_S)

    def _send_events(self, *, only_new: bool) -> None:
        try:
            events = self.lane_link.pending_events(OUTBOX_WINDOW)
        except Exception:
            log.exception("reading the outbox failed")
            return
        now = self._monotonic()
        due = []
        for event in events:
            last = self._sent_at.get(event.id)
            if last is None or (not only_new and now - last >= self._resend_after(event.id)):
                due.append(event)
        sent = []
        for event in due:
            if not self.transport.publish(self._event_topic, protocol.encode(event), qos=1):
                break
            self._sent_at[event.id] = now
            self._attempts[event.id] = self._attempts.get(event.id, 0) + 1
            sent.append(event)
        if sent:
            self.stats["events_sent"] += len(sent)
            try:
                self.lane_link.mark_sent(sent)
            except Exception:
                log.exception("recording the outbox's attempts failed")
        # forget what was confirmed meanwhile
        pending = {event.id for event in events}
        for event_id in [i for i in self._sent_at if i not in pending]:
            del self._sent_at[event_id]
            self._attempts.pop(event_id, None)

    def _presence(self, status: protocol.PresenceStatus) -> protocol.Presence:
        self._sequence += 1
        return protocol.Presence(
            sender=self.kiosk_id,
            status=status,
            since=self._since,
            sequence=self._sequence,
            interval_s=self.heartbeat_s,
            sent_at=self._utc_now(),
        )

    def _beat(self) -> None:
        """The heartbeat, from the GUI thread: a frozen GUI stops it."""
        if self.transport.is_connected:
            payload = protocol.encode(self._presence(protocol.PresenceStatus.ONLINE))
            self.transport.publish(self._presence_topic, payload, qos=1, retain=True)

    def _housekeeping(self) -> None:
        if self.transport.is_connected and self._reachable:
            # re-sends only while a console listens; when one comes back, at once
            self._send_events(only_new=False)
        self._update_reachable()

    # -- incoming (GUI thread, through queued connections)

    def _on_connected(self) -> None:
        log.info("kiosk %s: connected to the store network", self.kiosk_id)
        self._sent_at.clear()  # everything unconfirmed goes out again on a new connection
        self._beat()
        self._publish_state(force=True)
        self._send_events(only_new=True)
        self._update_reachable()

    def _on_disconnected(self, reason: str) -> None:
        log.warning("kiosk %s: store network lost (%s)", self.kiosk_id, reason)
        self._consoles.clear()
        self._update_reachable()

    def _on_message(self, topic: str, payload: bytes, retained: bool) -> None:
        try:
            self._handle(topic, payload, retained)
        except Exception:  # a message must never stop the lane
            log.exception("handling a message on %s failed", topic[:120])

    def _handle(self, topic: str, payload: bytes, retained: bool = False) -> None:
        decoded = protocol.decode(topic, payload, now=self._utc_now(), topics=self.topics)
        if isinstance(decoded, protocol.Rejected):
            self._rejected(decoded)
            return
        where, message = decoded.topic, decoded.message
        if isinstance(where, ConsoleTopic):
            assert isinstance(message, protocol.Presence)
            if message.status is protocol.PresenceStatus.ONLINE:
                if retained:
                    # the broker's stored copy, replayed on (re)connect, may be of a
                    # console that died with the broker: only a live beat counts
                    return
                self._consoles[where.console] = self._monotonic()
            else:
                self._consoles.pop(where.console, None)
            self._update_reachable()
            return
        if not isinstance(where, KioskTopic) or where.kiosk != self.kiosk_id:
            return
        if where.kind is TopicKind.KIOSK_ACK:
            assert isinstance(message, protocol.Ack)
            confirmed = self.lane_link.confirm(message)
            for event_id in message.event_ids:
                self._sent_at.pop(event_id, None)
                self._attempts.pop(event_id, None)
            log.debug("console %s confirmed %d event(s)", where.console, confirmed)
        elif where.kind is TopicKind.KIOSK_COMMAND:
            assert isinstance(message, protocol.Command)
            self.stats["commands"] += 1
            result = self.lane_link.handle_command(message)
            self._answer(result)

    def _rejected(self, rejected: protocol.Rejected) -> None:
        self.stats["rejected"] += 1
        if rejected.reason is protocol.RejectReason.EMPTY:
            return  # a cleared retained presence of a console taken out of the store
        log.warning("dropped a message on %s: %s", rejected.topic or "?", rejected)
        where = rejected.topic
        if isinstance(where, KioskTopic) and where.kind is TopicKind.KIOSK_COMMAND:
            answer = self.lane_link.refuse(rejected)
            if answer is not None:
                self._answer(answer)

    def _answer(self, result: protocol.CommandResult) -> None:
        self.transport.publish(self._result_topic, protocol.encode(result), qos=1)
        self.command_handled.emit(result)
        # The new state and events go out on the next turn of the event loop, as for any
        # change of the lane: building them reads and writes the journal (about 15 ms,
        # more on a busy disk), and doing it here held back the paint that shows the
        # shopper "Sam is on the way" (bench/bench_network.py).
        self._lane_changed()

    def _update_reachable(self) -> None:
        now = self._monotonic()
        for console, heard in list(self._consoles.items()):
            if now - heard > self.console_timeout_s:
                del self._consoles[console]
        reachable = self.transport.is_connected and bool(self._consoles)
        if reachable != self._reachable:
            if reachable and self.transport.is_connected:
                self._sent_at.clear()  # a console is back: everything unconfirmed, now
            self._reachable = reachable
            log.info(
                "kiosk %s: consoles %s", self.kiosk_id, "reachable" if reachable else "unreachable"
            )
            self._set_link_up(reachable)
            self.link_changed.emit(reachable)
            if reachable:
                self._send_events(only_new=True)


def start_kiosk_link(
    config: KioskConfig,
    lane: LaneController,
    journal: Journal,
    *,
    utc_now: Callable[[], datetime],
    device_names: dict[str, str] | None = None,
    parent: QObject | None = None,
) -> KioskLinkService | None:
    """Join the store network as ``config`` says (``[broker]``), or None when the lane is
    on its own (``enabled = false``) or its broker settings cannot be used: then it keeps
    selling, tells the lane that no console can be reached, and logs why once."""
    if not config.broker.enabled:
        log.info("kiosk %s: not on a store network ([broker] enabled = false)", config.kiosk.id)
        return None
    topics = StoreTopics(config.store.id)
    kiosk_id = config.kiosk.id
    try:
        settings = MqttSettings.from_broker(
            config.broker,
            client_id=f"selfscan-{kiosk_id}",
            username=kiosk_id,
            will=last_will(topics, kiosk_id, since=utc_now()),
        )
    except MqttSettingsError as error:
        log.error("kiosk %s: cannot join the store network: %s", kiosk_id, error)
        lane.set_link_up(False)
        return None
    lane_link = LaneLink(
        lane,
        journal,
        topics=topics,
        kiosk_name=config.kiosk.name,
        clock=utc_now,
        device_names=device_names,
    )
    service = KioskLinkService(
        lane_link,
        MqttLink(settings),
        topics=topics,
        kiosk_id=kiosk_id,
        set_link_up=lane.set_link_up,
        lane_signals=(
            lane.state_changed,
            lane.cart_changed,
            lane.help_changed,
            lane.situation_changed,
            lane.device_changed,
        ),
        utc_now=utc_now,
        parent=parent,
    )
    service.transport.setParent(service)
    service.start()
    return service
