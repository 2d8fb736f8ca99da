"""The MQTT transport sends each message at once: TCP_NODELAY on every connection.

Without it, Nagle's algorithm held a command back until the broker's delayed TCP
acknowledgement of the PUBACK sent just before (40 ms on Linux): ``bench/bench_network.py``
measured "on my way" reaching the kiosk 40 ms late at the median. Latency is the
benchmark's business; these tests check the socket option itself, on real brokers, on
the first connection, after a reconnect and over TLS.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import BrokerSettings
from kiosk.link.mqtt import MqttLink, MqttSettings
from tests.broker import Broker, own_broker

# the broker fixtures, as tests/brokers/conftest.py has them
from tests.broker import broker as broker
from tests.broker import embedded_broker as embedded_broker
from tests.broker import mosquitto_broker as mosquitto_broker

WAIT_MS = 5000
RECONNECT_MS = 20_000


@pytest.fixture
def links() -> Iterator[list[MqttLink]]:
    made: list[MqttLink] = []
    yield made
    for link in made:
        link.stop()


def link_for(broker: Broker, links: list[MqttLink], **options: Any) -> MqttLink:
    section = BrokerSettings(
        host=broker.host,
        port=broker.port,
        username="kiosk-1",
        password_file=broker.password_file("kiosk-1"),
        **options,
    )
    link = MqttLink(MqttSettings.from_broker(section, client_id="kiosk-1-nodelay"))
    links.append(link)
    return link


def no_delay(link: MqttLink) -> int:
    sock = link._client.socket()  # paho's socket of the current connection
    assert sock is not None, "not connected"
    return int(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


def connect(qtbot: QtBot, link: MqttLink) -> None:
    with qtbot.waitSignal(link.connected, timeout=WAIT_MS):
        link.start()


def test_every_connection_has_tcp_nodelay(
    broker: Broker, qtbot: QtBot, links: list[MqttLink]
) -> None:
    link = link_for(broker, links)
    connect(qtbot, link)
    assert no_delay(link) == 1


def test_tcp_nodelay_again_after_a_reconnect(qtbot: QtBot, links: list[MqttLink]) -> None:
    with own_broker("embedded") as running:
        link = link_for(running, links)
        connect(qtbot, link)
        first = link._client.socket()
        with qtbot.waitSignal(link.disconnected, timeout=WAIT_MS):
            running.stop()
        with qtbot.waitSignal(link.connected, timeout=RECONNECT_MS):
            running.start()
        assert link._client.socket() is not first, "a new connection"
        assert no_delay(link) == 1
        link.stop()


def test_tcp_nodelay_over_tls(qtbot: QtBot, links: list[MqttLink]) -> None:
    with own_broker("embedded", tls=True) as running:
        assert running.tls is not None
        link = link_for(running, links, tls=True, ca_file=running.tls.ca_file)
        connect(qtbot, link)
        assert no_delay(link) == 1
        link.stop()
