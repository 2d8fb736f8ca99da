"""Broker conformance: what every broker of the store network must enforce.

Each test runs against every broker in ``tests.broker.BROKERS``: Mosquitto, with the
configuration ``selfscan-broker mosquitto-config`` writes, and the embedded broker
``selfscan-broker serve``. A refused publish is shown by
absence, which no finite wait proves on its own, so each one is followed by a marker: the
refused message is published with QoS 1 and acknowledged (the broker has routed it, or
dropped it, before it answers), then an allowed marker goes to the same subscriber; once
the marker is there, anything routed before it would be there too.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.broker import Broker, MqttClient

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clients() -> Iterator[list[MqttClient]]:
    """Clients the test opens; each one is closed at the end, whatever happened."""
    opened: list[MqttClient] = []
    yield opened
    for client in opened:
        client.close()


def connect(broker: Broker, clients: list[MqttClient], account: str) -> MqttClient:
    client = broker.connected(account)
    clients.append(client)
    return client


def unique(what: str) -> bytes:
    return f"{what} {uuid.uuid4().hex}".encode()


def assert_not_delivered(
    observer: MqttClient,
    topic: str,
    refused: bytes,
    marker: tuple[MqttClient, str],
) -> None:
    """``refused`` (already published and acknowledged) never reached ``observer``."""
    sender, marker_topic = marker
    payload = unique("marker")
    sender.publish(marker_topic, payload)
    observer.wait_for_payload(marker_topic, payload)
    assert [m for m in observer.messages(topic) if m.payload == refused] == []


def test_an_anonymous_client_is_refused(broker: Broker) -> None:
    client = broker.client(None)
    reason = client.connect()
    client.close()
    assert reason.is_failure


@pytest.mark.parametrize("password", ["wrong", "console-1"])
def test_a_wrong_password_is_refused(broker: Broker, password: str) -> None:
    """A made-up password, and another account's real one, are both refused."""
    if password == "console-1":
        password = broker.password("console-1")
    client = broker.client("kiosk-1", password)
    reason = client.connect()
    client.close()
    assert reason.is_failure


def test_an_account_not_in_the_store_is_refused(broker: Broker) -> None:
    client = broker.client("admin", broker.password("kiosk-1"))
    reason = client.connect()
    client.close()
    assert reason.is_failure


def test_a_kiosk_cannot_publish_a_command(broker: Broker, clients: list[MqttClient]) -> None:
    topics = broker.topics
    command = topics.command("kiosk-1", "console-1")
    observer = connect(broker, clients, "kiosk-1")  # the lane's own command subscription
    assert not any(r.is_failure for r in observer.subscribe(*topics.kiosk_subscriptions("kiosk-1")))
    kiosk, console = connect(broker, clients, "kiosk-1"), connect(broker, clients, "console-1")

    forged = unique("forged command")
    kiosk.publish(command, forged)
    assert_not_delivered(observer, command, forged, marker=(console, command))


def test_a_kiosk_cannot_publish_another_kiosks_state(
    broker: Broker, clients: list[MqttClient]
) -> None:
    topics = broker.topics
    console = connect(broker, clients, "console-1")
    console.subscribe(*topics.console_subscriptions())
    kiosk = connect(broker, clients, "kiosk-1")

    forged = unique("forged state")
    kiosk.publish(topics.kiosk_state("kiosk-2"), forged, retain=True)
    assert_not_delivered(
        console,
        topics.kiosk_state("kiosk-2"),
        forged,
        marker=(kiosk, topics.kiosk_state("kiosk-1")),
    )
    # nor was it kept as kiosk-2's retained state for a console that comes later: the
    # retained marker is asked for after kiosk-2's state, in the same SUBSCRIBE
    marker = unique("retained marker")
    kiosk.publish(topics.kiosk_state("kiosk-1"), marker, retain=True)
    late = connect(broker, clients, "console-2")
    late.subscribe(topics.kiosk_state("kiosk-2"), topics.kiosk_state("kiosk-1"))
    late.wait_for_payload(topics.kiosk_state("kiosk-1"), marker)
    assert [m for m in late.messages() if m.payload == forged] == []


def test_a_console_publishes_commands_only_under_its_own_name(
    broker: Broker, clients: list[MqttClient]
) -> None:
    topics = broker.topics
    lane = connect(broker, clients, "kiosk-1")
    lane.subscribe(*topics.kiosk_subscriptions("kiosk-1"))
    console = connect(broker, clients, "console-1")

    forged = unique("command as console-2")
    console.publish(topics.command("kiosk-1", "console-2"), forged)
    forged_ack = unique("ack as console-2")
    console.publish(topics.ack("kiosk-1", "console-2"), forged_ack)
    # the marker is console-1's own command: that one is allowed and arrives
    assert_not_delivered(
        lane,
        topics.command("kiosk-1", "console-2"),
        forged,
        marker=(console, topics.command("kiosk-1", "console-1")),
    )
    assert [m for m in lane.messages(topics.ack("kiosk-1", "console-2"))] == []
    own_ack = unique("ack as console-1")
    console.publish(topics.ack("kiosk-1", "console-1"), own_ack)
    lane.wait_for_payload(topics.ack("kiosk-1", "console-1"), own_ack)


def test_subscriptions_wider_than_an_accounts_rules_deliver_nothing_outside_them(
    broker: Broker, clients: list[MqttClient]
) -> None:
    """A broker may refuse such a subscription (SUBACK 0x80) or grant it and filter each
    message (Mosquitto 2 does the latter); either way nothing outside the rules arrives."""
    topics = broker.topics
    kiosk = connect(broker, clients, "kiosk-1")
    kiosk.subscribe(f"{topics.kiosk('kiosk-2')}/cmd/+", "#")
    kiosk.subscribe(*topics.kiosk_subscriptions("kiosk-1"))
    console = connect(broker, clients, "console-1")
    nosy = connect(broker, clients, "console-2")
    nosy.subscribe(f"{topics.root}/kiosk/+/cmd/+", f"{topics.root}/#")
    nosy.subscribe(*topics.console_subscriptions())
    lane = connect(broker, clients, "kiosk-2")

    other_lane = unique("command for kiosk-2")
    console.publish(topics.command("kiosk-2", "console-1"), other_lane)
    assert_not_delivered(
        kiosk,
        topics.command("kiosk-2", "console-1"),
        other_lane,
        marker=(console, topics.command("kiosk-1", "console-1")),
    )
    # console-2 sees no other console's commands, only what it may read
    assert_not_delivered(
        nosy,
        topics.command("kiosk-2", "console-1"),
        other_lane,
        marker=(lane, topics.kiosk_event("kiosk-2")),
    )
    assert all(m.topic.split("/")[-2] != "cmd" for m in nosy.messages())


def test_a_retained_state_reaches_a_console_that_connects_later(
    broker: Broker, clients: list[MqttClient]
) -> None:
    topics = broker.topics
    kiosk = connect(broker, clients, "kiosk-2")
    state = unique("state of kiosk-2")
    kiosk.publish(topics.kiosk_state("kiosk-2"), state, retain=True)

    console = connect(broker, clients, "console-2")
    console.subscribe(*topics.console_subscriptions())
    received = console.wait_for_payload(topics.kiosk_state("kiosk-2"), state)
    assert received.retain


def _start_kiosk_process(broker: Broker, kiosk: str) -> subprocess.Popen[str]:
    password_file = broker.network.secrets_dir / f"{kiosk}.password"
    child = subprocess.Popen(
        [
            *(sys.executable, "-m", "tests.brokers.will_child", broker.host, str(broker.port)),
            *(kiosk, str(password_file), broker.topics.kiosk_presence(kiosk)),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and child.poll() is None:
        ready, _, _ = select.select([child.stdout], [], [], deadline - time.monotonic())
        if ready:
            assert child.stdout.readline().strip() == "ready"
            return child
    child.kill()
    child.wait(10)
    raise AssertionError(f"the kiosk process did not connect (exit {child.returncode})")


def test_a_kiosks_last_will_reaches_a_console_when_its_process_is_killed(
    broker: Broker, clients: list[MqttClient]
) -> None:
    topics = broker.topics
    presence = topics.kiosk_presence("kiosk-1")
    console = connect(broker, clients, "console-1")
    console.subscribe(*topics.console_subscriptions())
    child = _start_kiosk_process(broker, "kiosk-1")
    try:
        console.wait_for_payload(presence, b"online")
        already = len(console.messages(presence))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        messages = console.wait_for(
            lambda ms: b"offline" in [m.payload for m in ms if m.topic == presence][already:],
            "the Last Will",
        )
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    assert [m.payload for m in messages if m.topic == presence][-1] == b"offline"
    # and it is retained: a console that starts now sees the lane offline
    late = connect(broker, clients, "console-2")
    late.subscribe(presence)
    assert late.wait_for_payload(presence, b"offline").retain


def test_a_failed_login_under_a_lanes_client_id_does_not_take_its_session_over(
    broker: Broker, clients: list[MqttClient]
) -> None:
    """MQTT lets a new connection with the same client id replace the old one; a broker
    must do that only after the newcomer has logged in, or anyone on the store LAN who
    knows a lane's client id could keep it off the network with a wrong password."""
    topics = broker.topics
    command = topics.command("kiosk-1", "console-1")
    lane = broker.client("kiosk-1", client_id="selfscan-kiosk-1")
    clients.append(lane)
    assert not lane.connect().is_failure
    assert not any(code.is_failure for code in lane.subscribe(command))

    intruder = broker.client("kiosk-1", password="not-the-password", client_id="selfscan-kiosk-1")
    clients.append(intruder)
    assert intruder.connect().is_failure

    console = connect(broker, clients, "console-1")
    payload = unique("a command after the failed login")
    console.publish(command, payload)
    lane.wait_for_payload(command, payload)


def test_a_client_gets_no_retained_message_it_did_not_subscribe_to(
    broker: Broker, clients: list[MqttClient]
) -> None:
    """amqtt sent a connecting client the retained messages of every filter any client had
    subscribed to, past the access rules: a lane got the other lanes' states."""
    topics = broker.topics
    other = connect(broker, clients, "kiosk-2")
    state = unique("state of kiosk-2")
    other.publish(topics.kiosk_state("kiosk-2"), state, retain=True)
    console = connect(broker, clients, "console-2")  # a filter that covers kiosk-2's state
    console.subscribe(*topics.console_subscriptions())
    console.wait_for_payload(topics.kiosk_state("kiosk-2"), state)

    lane = connect(broker, clients, "kiosk-1")
    lane.subscribe(*topics.kiosk_subscriptions("kiosk-1"))
    assert_not_delivered(
        lane,
        topics.kiosk_state("kiosk-2"),
        state,
        marker=(console, topics.ack("kiosk-1", "console-2")),
    )
