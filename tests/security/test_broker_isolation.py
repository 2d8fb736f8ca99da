"""A kiosk's credentials cannot read another kiosk's commands or acks, on both brokers.

tests/brokers/test_conformance.py already shows kiosk-1 subscribing to ``kiosk-2/cmd/+``
and ``#`` and getting nothing of kiosk-2's (commands only, wildcard filters only). Here,
from kiosk-2's side and for kiosk-1's acks too: the exact topics, the lane's own
wildcards, the store-wide ones; and kiosk-2's credentials under kiosk-1's MQTT client id
with a persistent session (``clean_session=False``), which must not inherit kiosk-1's
subscriptions. Absence is shown as in the conformance tests: each refused message is
published with QoS 1 and acknowledged, then a marker that kiosk-2 may read goes out after
it; once the marker is there, anything routed before it would be there too.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import paho.mqtt.client as mqtt
import pytest

from tests.broker import Broker, MqttClient
from tests.broker import broker as broker
from tests.broker import embedded_broker as embedded_broker
from tests.broker import mosquitto_broker as mosquitto_broker

WAIT_S = 5.0


def unique(what: str) -> bytes:
    return f"{what} {uuid.uuid4().hex}".encode()


@pytest.fixture
def clients() -> Iterator[list[MqttClient]]:
    opened: list[MqttClient] = []
    yield opened
    for client in opened:
        client.close()


def connect(
    broker: Broker,
    clients: list[MqttClient],
    account: str,
    **options: object,
) -> MqttClient:
    client = broker.connected(account, **options)
    clients.append(client)
    return client


def test_kiosk_2_reads_nothing_of_kiosk_1s_commands_or_acks(
    broker: Broker,
    clients: list[MqttClient],
) -> None:
    topics = broker.topics
    lane_1 = connect(broker, clients, "kiosk-1", client_id="selfscan-kiosk-1")
    lane_1.subscribe(*topics.kiosk_subscriptions("kiosk-1"))
    nosy = connect(broker, clients, "kiosk-2")
    root = topics.root
    filters = [
        topics.command("kiosk-1", "console-1"),
        topics.ack("kiosk-1", "console-1"),
        f"{topics.kiosk('kiosk-1')}/cmd/+",
        f"{topics.kiosk('kiosk-1')}/ack/+",
        f"{topics.kiosk('kiosk-1')}/#",
        f"{root}/kiosk/+/cmd/+",
        f"{root}/kiosk/+/ack/+",
        f"{root}/#",
        "#",
    ]
    nosy.subscribe(*filters)  # refused (SUBACK 0x80) or granted and filtered: either way
    nosy.subscribe(*topics.kiosk_subscriptions("kiosk-2"))
    console = connect(broker, clients, "console-1")

    secrets = {
        topics.command("kiosk-1", "console-1"): unique("command for kiosk-1"),
        topics.ack("kiosk-1", "console-1"): unique("ack for kiosk-1"),
    }
    for topic, payload in secrets.items():
        console.publish(topic, payload)
        lane_1.wait_for_payload(topic, payload)  # it was delivered, to its own lane
    marker = unique("marker for kiosk-2")
    console.publish(topics.command("kiosk-2", "console-1"), marker)
    nosy.wait_for_payload(topics.command("kiosk-2", "console-1"), marker)
    seen = nosy.messages()
    assert [m for m in seen if m.payload in secrets.values()] == []
    assert [m.topic for m in seen if "/kiosk-1/" in m.topic] == []


class _Raw:
    """A paho client with a persistent session (``MqttClient`` always asks for a clean one)."""

    def __init__(self, broker: Broker, account: str, client_id: str) -> None:
        self.got: list[mqtt.MQTTMessage] = []
        self.connack: object = None
        self.ready = threading.Event()
        self.subscribed = threading.Event()
        self.arrived = threading.Condition()
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id,
            protocol=mqtt.MQTTv311,
            clean_session=False,
        )
        self.client.reconnect_delay_set(60, 120)
        self.client.username_pw_set(account, broker.password(account))
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.on_subscribe = lambda *_args: self.subscribed.set()
        self.client.connect(broker.host, broker.port, keepalive=30)
        self.client.loop_start()
        assert self.ready.wait(WAIT_S), "no CONNACK"

    def _on_connect(self, _c, _u, flags, reason, _p) -> None:
        self.connack = (flags, reason)
        self.ready.set()

    def _on_message(self, _c, _u, message: mqtt.MQTTMessage) -> None:
        with self.arrived:
            self.got.append(message)
            self.arrived.notify_all()

    def wait_for(self, payload: bytes) -> None:
        with self.arrived:
            found = self.arrived.wait_for(
                lambda: any(m.payload == payload for m in self.got), WAIT_S
            )
        assert found, f"waited in vain for {payload!r}"

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def test_kiosk_2_under_kiosk_1s_client_id_inherits_no_subscription(
    broker: Broker,
    clients: list[MqttClient],
) -> None:
    topics = broker.topics
    lane_1 = connect(broker, clients, "kiosk-1", client_id="selfscan-kiosk-1")
    lane_1.subscribe(*topics.kiosk_subscriptions("kiosk-1"))
    console = connect(broker, clients, "console-1")
    intruder = _Raw(broker, "kiosk-2", "selfscan-kiosk-1")
    try:
        _flags, reason = intruder.connack
        # Both brokers let it in today, and drop kiosk-1's connection (a takeover by
        # client id: see the report of issue #6); what must hold even so is that it
        # reads nothing of kiosk-1's. A broker that refuses it passes trivially.
        if not reason.is_failure:
            intruder.client.subscribe(topics.command("kiosk-2", "console-1"), qos=1)
            assert intruder.subscribed.wait(WAIT_S), "no SUBACK"
            secret = unique("command for kiosk-1")
            console.publish(topics.command("kiosk-1", "console-1"), secret)
            ack = unique("ack for kiosk-1")
            console.publish(topics.ack("kiosk-1", "console-1"), ack)
            marker = unique("marker for kiosk-2")
            console.publish(topics.command("kiosk-2", "console-1"), marker)
            intruder.wait_for(marker)
            leaked = [m.topic for m in intruder.got if m.payload in (secret, ack)]
            assert leaked == [], f"{broker.name} gave kiosk-2 kiosk-1's messages: {leaked}"
    finally:
        intruder.close()
