"""The kiosk's link service (kiosk.link.service) on a real broker: when a console counts
as reachable, and how often an unconfirmed event goes out again.

The lane is the domain lane on fake devices (tests.core.test_lane_fakes) with its real
journal; the transport is the real MqttLink; the "console" is a plain MQTT client of the
console's account. The service's clock for re-sends is injected, so the back-off is
shown without waiting for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.link import protocol
from kiosk.link.lane_link import LaneLink
from kiosk.link.mqtt import MqttLink, MqttSettings
from kiosk.link.service import KioskLinkService, last_will
from tests.broker import Broker, MqttClient
from tests.broker import broker as broker
from tests.broker import embedded_broker as embedded_broker
from tests.broker import mosquitto_broker as mosquitto_broker
from tests.core.test_lane_fakes import Lane, build_lane

WAIT_MS = 10_000


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def lane(tmp_path: Path) -> Iterator[Lane]:
    built = build_lane(tmp_path)
    yield built
    built.journal.close()


@pytest.fixture
def service(qtbot, lane: Lane, broker: Broker) -> Iterator[tuple[KioskLinkService, Clock]]:
    topics = broker.topics
    clock = Clock()
    settings = MqttSettings(
        host=broker.host,
        port=broker.port,
        client_id="test-kiosk-1",
        username="kiosk-1",
        password=broker.password("kiosk-1"),
        will=last_will(topics, "kiosk-1", since=lane.clock.utc_now()),
    )
    link = KioskLinkService(
        LaneLink(
            lane.controller,
            lane.journal,
            topics=topics,
            kiosk_name="Kassa 1",
            clock=lane.clock.utc_now,
        ),
        MqttLink(settings),
        topics=topics,
        kiosk_id="kiosk-1",
        set_link_up=lane.controller.set_link_up,
        lane_signals=(lane.controller.help_changed,),
        utc_now=lane.clock.utc_now,
        monotonic=clock,
    )
    link.start()
    qtbot.waitUntil(lambda: link.transport.is_connected, timeout=WAIT_MS)
    yield link, clock
    link.stop()
    link.deleteLater()


@pytest.fixture
def console(broker: Broker) -> Iterator[MqttClient]:
    client = broker.connected("console-1")
    client.subscribe(broker.topics.kiosk_event("kiosk-1"))
    yield client
    client.close()


def beat(broker: Broker, client: MqttClient, sequence: int) -> None:
    presence = protocol.Presence(
        sender="console-1",
        status=protocol.PresenceStatus.ONLINE,
        since=protocol.utc_now(),
        sequence=sequence,
        interval_s=2.0,
    )
    client.publish(
        broker.topics.console_presence("console-1"), protocol.encode(presence), retain=True
    )


def test_a_stored_heartbeat_of_a_console_is_not_a_console(qtbot, broker, lane, tmp_path) -> None:
    """The broker replays the console's last retained "online" at every connect, also when
    that console died with the broker: only a live beat makes the lane reachable."""
    stale = broker.connected("console-1")
    beat(broker, stale, 1)
    stale.close()

    topics = broker.topics
    settings = MqttSettings(
        host=broker.host, port=broker.port, client_id="test-kiosk-1b",
        username="kiosk-1", password=broker.password("kiosk-1"),
    )  # fmt: skip
    transport = MqttLink(settings)
    replayed: list[bool] = []
    transport.message_received.connect(
        lambda topic, _payload, retained: (
            replayed.append(retained) if topic == topics.console_presence("console-1") else None
        )
    )
    link = KioskLinkService(
        LaneLink(
            lane.controller,
            lane.journal,
            topics=topics,
            kiosk_name="Kassa 1",
            clock=lane.clock.utc_now,
        ),
        transport,
        topics=topics,
        kiosk_id="kiosk-1",
        set_link_up=lane.controller.set_link_up,
        utc_now=lane.clock.utc_now,
    )
    link.start()
    try:
        qtbot.waitUntil(lambda: replayed == [True], timeout=WAIT_MS)
        qtbot.waitUntil(lambda: link.stats["states_sent"] >= 1, timeout=WAIT_MS)
        assert not lane.controller.link_up, "a stored heartbeat made a dead console reachable"

        live = broker.connected("console-1")
        beat(broker, live, 2)
        qtbot.waitUntil(lambda: lane.controller.link_up, timeout=WAIT_MS)
        live.close()
    finally:
        link.stop()
        link.deleteLater()


def test_an_unconfirmed_event_goes_out_again_less_and_less_often(
    qtbot, broker, lane, service, console
) -> None:
    link, clock = service
    beat(broker, console, 1)
    qtbot.waitUntil(lambda: lane.controller.link_up, timeout=WAIT_MS)
    call_id = lane.controller.call_help()
    assert call_id is not None
    events = broker.topics.kiosk_event("kiosk-1")

    def sent() -> int:
        return sum(
            1
            for m in console.messages(events)
            if protocol.decode(
                events, m.payload, now=protocol.utc_now(), topics=broker.topics
            ).message.event  # type: ignore[union-attr]
            == "help_raised"
        )

    qtbot.waitUntil(lambda: sent() == 1, timeout=WAIT_MS)  # at once
    # the console never acks: out again after 5 s, then 10, 20, 40 ... (never more often)
    expected = 1
    for number, wait in enumerate((5, 10, 20, 40), start=2):
        clock.now += wait - 0.5
        beat(broker, console, number)  # the console is alive all along
        qtbot.waitUntil(lambda: link._consoles.get("console-1") == clock.now, timeout=WAIT_MS)
        before = link.stats["events_sent"]
        link._housekeeping()
        assert link.stats["events_sent"] == before, f"sent again before {wait} s"
        clock.now += 0.5
        link._housekeeping()
        assert link.stats["events_sent"] == before + 1, f"not sent again after {wait} s"
        expected += 1
        qtbot.waitUntil(lambda e=expected: sent() == e, timeout=WAIT_MS)
    # an ack stops it
    (item,) = [i for i in lane.journal.unconfirmed() if i.kind == "help_call"]
    link.lane_link.confirm(protocol.Ack(sender="console-1", event_ids=[item.id]))
    clock.now += 1000
    link._housekeeping()
    assert not [i for i in lane.journal.unconfirmed() if i.kind == "help_call"]


def test_a_lane_change_reads_the_outbox_only_when_something_was_queued(
    qtbot, broker, lane, service
) -> None:
    """Every lane change publishes the state; the outbox (a journal query on the GUI
    thread) is read only when the journal queued an event since the last look."""
    from tests.core.test_lane_fakes import MILK

    link, _clock = service
    reads: list[int] = []
    real = link.lane_link.pending_events

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(1)
        return real(*args, **kwargs)

    link.lane_link.pending_events = counting  # type: ignore[method-assign]
    link.publish_now()  # whatever start-up queued
    reads.clear()
    assert lane.controller.key_in(MILK)
    link.publish_now()
    assert reads == [], "a scan queued nothing: no outbox query"
    assert lane.controller.call_help() is not None
    link.publish_now()
    assert reads == [1]
