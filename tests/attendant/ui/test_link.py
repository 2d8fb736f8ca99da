"""The console's link on both brokers of the store network (Mosquitto and the embedded
one): the retained online heartbeat, the goodbye, the Last Will it leaves, acks for the
events it stored, and commands only for a logged-in staff member on a live connection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from attendant.link import LinkDown, NotLoggedIn, build_console_link
from kiosk.core.staff import Role, StaffMember
from kiosk.link import protocol as p
from tests.attendant.ui.conftest import T0, Clock, clear_retained, console_config
from tests.broker import Broker, broker, embedded_broker, mosquitto_broker  # noqa: F401

KIM = StaffMember(id=2, login="1002", name="Kim", role=Role.SUPERVISOR)


@pytest.fixture
def network(broker: Broker) -> Iterator[Broker]:  # noqa: F811
    clear_retained(broker)
    yield broker
    clear_retained(broker)


def _presence(client, topics) -> list[p.Presence]:
    found = []
    for message in client.messages(topics.console_presence("console-1")):
        decoded = p.decode(message.topic, message.payload, now=T0, topics=topics)
        if isinstance(decoded, p.Decoded):
            found.append(decoded.message)
    return found


def test_the_console_beats_says_goodbye_and_leaves_a_will(
    qtbot, network: Broker, tmp_path: Path, staff_db
) -> None:
    config = console_config(tmp_path, network, staff_db)
    clock = Clock()
    link = build_console_link(config, clock=clock)
    will = link.transport.settings.will
    assert (
        will is not None
        and will.retain
        and will.topic == network.topics.console_presence("console-1")
    )
    decoded = p.decode(will.topic, will.payload, now=T0, topics=network.topics)
    assert isinstance(decoded, p.Decoded) and decoded.message.status == "offline"

    kiosk = network.connected("kiosk-1")
    kiosk.subscribe(network.topics.console_presence("console-1"))
    with qtbot.waitSignal(link.connection_changed, timeout=10000) as connected:
        link.start()
    assert connected.args == [True]
    try:
        topics = network.topics
        kiosk.wait_for(
            lambda _: any(m.status == "online" for m in _presence(kiosk, topics)),
            "the console online",
        )
        link.beat()
        kiosk.wait_for(lambda _: len(_presence(kiosk, network.topics)) >= 2, "a second beat")
        beats = _presence(kiosk, network.topics)
        assert [b.sequence for b in beats] == sorted(b.sequence for b in beats)
        assert beats[0].since == T0 and beats[0].interval_s == 2.0

        with pytest.raises(NotLoggedIn):
            link.send("unlock_lane", "kiosk-1")
        link.actor = KIM
        command_id = link.send("lock_lane", "kiosk-1", reason="cleaning")
        assert link.outcome(command_id).status == "pending"
    finally:
        link.stop()
        link.store.log.close()
    kiosk.wait_for(
        lambda _: _presence(kiosk, network.topics)[-1].status == "offline", "the goodbye"
    )
    with pytest.raises(LinkDown):
        link.send("unlock_lane", "kiosk-1")
    kiosk.close()
