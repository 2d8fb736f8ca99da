"""The MQTT transport (kiosk.link.mqtt) against real brokers, with pytest-qt.

Every broker test runs against both brokers of the store network (Mosquitto and the
embedded amqtt broker, tests/broker.py), with the store's real accounts and access rules.
Tests that stop a broker, or need TLS, start one of their own (``own_broker``) so the
shared session brokers stay up. Nothing sleeps: each step waits for a signal, a
condition or a message, with a deadline.
"""

from __future__ import annotations

import logging
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from kiosk.config import BrokerSettings
from kiosk.link.mqtt import LastWill, MqttLink, MqttSettings, MqttSettingsError
from tests.broker import (
    BROKERS,
    Broker,
    MqttClient,
    make_test_ca,
    own_broker,
)

# the broker fixtures, as tests/brokers/conftest.py has them
from tests.broker import broker as broker
from tests.broker import embedded_broker as embedded_broker
from tests.broker import mosquitto_broker as mosquitto_broker

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 5000
RECONNECT_MS = 20_000  # back-off 1 s, 2 s, 4 s ... plus a broker's start


def unique(what: str) -> bytes:
    return f"{what} {uuid.uuid4().hex}".encode()


# -- settings -----------------------------------------------------------------------------


def password_file(folder: Path, text: str = "s3cret-password\n", mode: int = 0o600) -> Path:
    path = folder / "kiosk-1.password"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_settings_from_broker_read_the_password_file(tmp_path: Path) -> None:
    broker_settings = BrokerSettings(password_file=password_file(tmp_path), keepalive_s=20)
    will = LastWill("selfscan/v1/s/kiosk/kiosk-1/presence", b"offline")
    settings = MqttSettings.from_broker(
        broker_settings, client_id="kiosk-1", username="kiosk-1", will=will
    )
    assert (settings.host, settings.port, settings.username) == ("127.0.0.1", 1883, "kiosk-1")
    assert (settings.password, settings.keepalive_s, settings.will) == ("s3cret-password", 20, will)
    assert "s3cret" not in repr(settings)
    # the section's own username wins over the caller's default
    named = BrokerSettings(username="kiosk-9", password_file=password_file(tmp_path))
    assert MqttSettings.from_broker(named, client_id="x", username="kiosk-1").username == "kiosk-9"
    # a (topic, payload) Will, as kiosk.link.service builds it
    pair = MqttSettings.from_broker(named, client_id="x", will=("a/b", b"gone")).will
    assert pair == LastWill("a/b", b"gone", qos=1, retain=True)


@pytest.mark.parametrize(
    ("text", "mode", "problem"),
    [
        (None, 0o600, "no such file"),
        ("", 0o600, "empty"),
        ("  \n", 0o600, "empty"),
        ("two words\n", 0o600, "more than one word"),
        ("s3cret\n", 0o640, "readable by group or others; chmod 600"),
        ("s3cret\n", 0o604, "readable by group or others; chmod 600"),
    ],
)
def test_an_unusable_password_file_is_refused_with_its_name(
    tmp_path: Path, text: str | None, mode: int, problem: str
) -> None:
    path = tmp_path / "missing.password" if text is None else password_file(tmp_path, text, mode)
    settings = BrokerSettings(username="kiosk-1", password_file=path)
    with pytest.raises(MqttSettingsError, match=re.escape(f"password_file {path}: {problem}")):
        MqttSettings.from_broker(settings, client_id="kiosk-1")


def test_an_account_and_a_password_file_are_required(tmp_path: Path) -> None:
    with pytest.raises(MqttSettingsError, match=re.escape("broker.username: required")):
        MqttSettings.from_broker(
            BrokerSettings(password_file=password_file(tmp_path)), client_id="k"
        )
    with pytest.raises(MqttSettingsError, match=re.escape("broker.password_file: required")):
        MqttSettings.from_broker(BrokerSettings(username="kiosk-1"), client_id="k")


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.1.1", "::1", "localhost"])
def test_plain_tcp_is_allowed_on_loopback(host: str) -> None:
    assert MqttSettings(host, 1883, "kiosk-1").tls is False


@pytest.mark.parametrize("host", ["192.168.10.2", "broker.store.lan", "0.0.0.0"])
def test_plain_tcp_off_loopback_is_refused_and_tls_allowed(tmp_path: Path, host: str) -> None:
    lan = BrokerSettings(host=host, username="kiosk-1", password_file=password_file(tmp_path))
    with pytest.raises(MqttSettingsError, match="plain TCP is allowed only on loopback"):
        MqttSettings.from_broker(lan, client_id="kiosk-1")
    ca = tmp_path / "ca.crt"
    ca.write_text("not checked before the link is made\n")
    tls = lan.model_copy(update={"tls": True, "ca_file": ca})
    assert MqttSettings.from_broker(tls, client_id="kiosk-1").ca_file == ca


def test_a_missing_ca_file_is_refused_at_once(tmp_path: Path) -> None:
    with pytest.raises(MqttSettingsError, match=r"ca_file .*nope\.crt: no such file"):
        MqttSettings("broker.store.lan", 8883, "k", tls=True, ca_file=tmp_path / "nope.crt")
    with pytest.raises(
        MqttSettingsError, match=re.escape("ca_file is given, but broker.tls is false")
    ):
        MqttSettings("127.0.0.1", 1883, "k", ca_file=tmp_path / "nope.crt")


def test_a_ca_file_that_is_no_certificate_is_refused_when_the_link_is_made(
    tmp_path: Path,
) -> None:
    ca = tmp_path / "ca.crt"
    ca.write_text("not a certificate\n")
    settings = MqttSettings("127.0.0.1", 8883, "kiosk-1", tls=True, ca_file=ca)
    with pytest.raises(MqttSettingsError, match="not a CA certificate"):
        MqttLink(settings)


# -- links on real brokers -----------------------------------------------------------------


@pytest.fixture
def links() -> Iterator[list[MqttLink]]:
    """Links the test makes; each one is stopped at the end, whatever happened."""
    made: list[MqttLink] = []
    yield made
    for link in made:
        link.stop()


@pytest.fixture
def clients() -> Iterator[list[MqttClient]]:
    opened: list[MqttClient] = []
    yield opened
    for client in opened:
        client.close()


def settings_for(
    broker: Broker, account: str, *, password: str | None = None, **options: Any
) -> MqttSettings:
    """``account``'s settings, from a ``[broker]`` section as a kiosk or console has it."""
    if password is not None:
        return MqttSettings(
            broker.host, broker.port, f"{account}-{uuid.uuid4().hex[:8]}", account, password
        )
    section = BrokerSettings(
        embedded=broker.name == "embedded",
        host=broker.host,
        port=broker.port,
        username=account,
        password_file=broker.password_file(account),
        **options,
    )
    return MqttSettings.from_broker(section, client_id=f"{account}-{uuid.uuid4().hex[:8]}")


def make_link(links: list[MqttLink], settings: MqttSettings, cls: type[MqttLink] = MqttLink) -> Any:
    link = cls(settings)
    links.append(link)
    return link


def started(qtbot: QtBot, link: MqttLink) -> MqttLink:
    with qtbot.waitSignal(link.connected, timeout=WAIT_MS):
        link.start()
    assert link.is_connected
    return link


def message_is(topic: str, payload: bytes, retained: bool | None = None) -> Any:
    def check(t: str, p: bytes, r: bool) -> bool:
        return t == topic and p == payload and (retained is None or r == retained)

    return check


def test_connect_subscribe_and_receive_on_the_gui_thread(
    broker: Broker, qtbot: QtBot, links: list[MqttLink], clients: list[MqttClient]
) -> None:
    topics = broker.topics
    kiosk = broker.connected("kiosk-2")
    clients.append(kiosk)
    state = unique("state")
    kiosk.publish(topics.kiosk_state("kiosk-2"), state, retain=True)

    console = make_link(links, settings_for(broker, "console-1"))
    for pattern in topics.console_subscriptions():
        console.subscribe(pattern)  # before the connection: made on connect
    threads: list[int] = []
    console.message_received.connect(lambda *_: threads.append(threading.get_ident()))
    with qtbot.waitSignal(
        console.message_received,
        timeout=WAIT_MS,
        check_params_cb=message_is(topics.kiosk_state("kiosk-2"), state, retained=True),
    ):
        started(qtbot, console)

    event = unique("event")
    with qtbot.waitSignal(
        console.message_received,
        timeout=WAIT_MS,
        check_params_cb=message_is(topics.kiosk_event("kiosk-2"), event, retained=False),
    ):
        kiosk.publish(topics.kiosk_event("kiosk-2"), event)
    # a plain function as receiver, and still on the GUI thread, never on paho's
    assert threads and set(threads) == {threading.get_ident()}


def test_publish_reaches_a_subscriber_and_is_refused_before_the_start(
    broker: Broker, qtbot: QtBot, links: list[MqttLink], clients: list[MqttClient]
) -> None:
    topics = broker.topics
    console = broker.connected("console-2")
    clients.append(console)
    console.subscribe(topics.kiosk_event("kiosk-1"))
    lane = make_link(links, settings_for(broker, "kiosk-1"))
    assert not lane.publish(topics.kiosk_event("kiosk-1"), b"too early")
    started(qtbot, lane)
    payload = unique("help call")
    assert lane.publish(topics.kiosk_event("kiosk-1"), payload)
    assert console.wait_for_payload(topics.kiosk_event("kiosk-1"), payload).qos == 1


def test_a_subscription_made_while_connected_counts_at_once(
    broker: Broker, qtbot: QtBot, links: list[MqttLink], clients: list[MqttClient]
) -> None:
    topics = broker.topics
    command_topic = topics.command("kiosk-2", "console-2")
    lane = started(qtbot, make_link(links, settings_for(broker, "kiosk-2")))
    with qtbot.waitSignal(lane.subscribed, timeout=WAIT_MS) as answered:
        lane.subscribe(command_topic)
    assert answered.args == [command_topic, True]
    console = broker.connected("console-2")
    clients.append(console)
    command = unique("command")
    with qtbot.waitSignal(
        lane.message_received,
        timeout=WAIT_MS,
        check_params_cb=message_is(command_topic, command, retained=False),
    ):
        console.publish(command_topic, command)


def test_a_subscription_outside_the_accounts_rules_is_never_served(
    broker: Broker,
    qtbot: QtBot,
    links: list[MqttLink],
    clients: list[MqttClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The embedded broker refuses it (SUBACK 0x80: reported, and logged once); Mosquitto
    grants it and filters each message. Either way nothing outside the rules arrives."""
    topics = broker.topics
    nosy = topics.kiosk_event("kiosk-1")  # a kiosk may not read another lane's events
    lane = make_link(links, settings_for(broker, "kiosk-2"))
    lane.subscribe(nosy)
    with qtbot.waitSignal(lane.subscribed, timeout=WAIT_MS) as answered:
        lane.start()
    assert answered.args[0] == nosy
    refused = [r for r in caplog.records if "refused the subscription" in r.getMessage()]
    if broker.name == "embedded":
        assert answered.args[1] is False and len(refused) == 1
    else:
        assert answered.args[1] is True and refused == []
    received: list[str] = []
    lane.message_received.connect(lambda topic, _p, _r: received.append(topic))
    with qtbot.waitSignal(lane.subscribed, timeout=WAIT_MS):
        lane.subscribe(topics.command("kiosk-2", "console-1"))
    kiosk = broker.connected("kiosk-1")
    console = broker.connected("console-1")
    clients.extend([kiosk, console])
    kiosk.publish(nosy, unique("not for kiosk-2"))
    marker = unique("marker")  # after the refused one: once it is here, that one would be
    with qtbot.waitSignal(
        lane.message_received,
        timeout=WAIT_MS,
        check_params_cb=message_is(topics.command("kiosk-2", "console-1"), marker),
    ):
        console.publish(topics.command("kiosk-2", "console-1"), marker)
    assert nosy not in received


@pytest.mark.parametrize("name", BROKERS)
def test_subscriptions_are_renewed_after_the_broker_restarts(
    name: str, qtbot: QtBot, links: list[MqttLink], clients: list[MqttClient]
) -> None:
    with own_broker(name) as broker:
        topics = broker.topics
        console = make_link(links, settings_for(broker, "console-1"))
        every_event, every_state = f"{topics.root}/kiosk/+/event", f"{topics.root}/kiosk/+/state"
        console.subscribe(every_event)
        console.subscribe(every_state)
        started(qtbot, console)
        reasons: list[str] = []
        console.disconnected.connect(reasons.append)

        with qtbot.waitSignal(console.disconnected, timeout=WAIT_MS):
            broker.stop()
        assert "lost the connection" in reasons[0]
        assert not console.is_connected
        assert not console.publish(topics.console_presence("console-1"), b"online")

        renewed: list[tuple[str, bool]] = []
        console.subscribed.connect(lambda f, granted: renewed.append((f, granted)))
        with qtbot.waitSignal(console.connected, timeout=RECONNECT_MS):
            broker.start()
        qtbot.waitUntil(lambda: len(renewed) == 2, timeout=WAIT_MS)
        assert sorted(renewed) == [(every_event, True), (every_state, True)]
        kiosk = broker.connected("kiosk-1")
        clients.append(kiosk)
        event = unique("event after the restart")
        with qtbot.waitSignal(
            console.message_received,
            timeout=WAIT_MS,
            check_params_cb=message_is(topics.kiosk_event("kiosk-1"), event, retained=False),
        ):
            kiosk.publish(topics.kiosk_event("kiosk-1"), event)
        assert console.publish(topics.console_presence("console-1"), b"online")
        console.stop()


@pytest.mark.parametrize("name", BROKERS)
def test_a_missing_broker_at_the_start_is_reported_and_retried(
    name: str, qtbot: QtBot, links: list[MqttLink], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.link.mqtt")
    with own_broker(name) as broker:
        broker.stop()
        lane = make_link(links, settings_for(broker, "kiosk-1"))
        with qtbot.waitSignal(lane.disconnected, timeout=WAIT_MS) as down:
            lane.start()
        assert "nothing listens there" in down.args[0]
        assert not lane.publish(broker.topics.kiosk_event("kiosk-1"), b"queued by the caller")
        with qtbot.waitSignal(lane.connected, timeout=RECONNECT_MS):
            broker.start()
        assert lane.failed_attempts == 0
        logged = [r.getMessage() for r in caplog.records if r.name == "kiosk.link.mqtt"]
        assert sum("nothing listens there" in m for m in logged) == 1
        assert any("connected to" in m and "again after" in m for m in logged)
        lane.stop()


def test_a_wrong_password_is_reported_once_not_at_every_retry(
    broker: Broker, qtbot: QtBot, links: list[MqttLink], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.link.mqtt")
    lane = make_link(links, settings_for(broker, "kiosk-1", password="wrong"))
    reasons: list[str] = []
    lane.disconnected.connect(reasons.append)
    connects: list[None] = []
    lane.connected.connect(lambda: connects.append(None))
    with qtbot.waitSignal(lane.disconnected, timeout=WAIT_MS):
        lane.start()
    # paho retries after 1 s, then 2 s: wait for the second refusal and its (absent) report
    qtbot.waitUntil(lambda: lane.failed_attempts >= 2, timeout=WAIT_MS)
    QCoreApplication.processEvents()  # deliver what the retry queued (it comes first)
    assert len(reasons) == 1, reasons
    assert "refused account 'kiosk-1': wrong password" in reasons[0]
    refusals = [
        r for r in caplog.records if r.name == "kiosk.link.mqtt" and "refused" in r.getMessage()
    ]
    assert [r.levelno for r in refusals] == [logging.ERROR]
    assert connects == [] and not lane.is_connected
    lane.stop()
    lane.stop()  # twice is fine


class FaultyLink(MqttLink):
    """A link whose message handling fails for one payload, as a bug in it would."""

    def _on_message(self, client: Any, userdata: object, message: Any) -> None:
        if message.payload == b"boom":
            raise ValueError("a bug while handling a message")
        super()._on_message(client, userdata, message)


def test_a_callback_that_raises_does_not_end_the_connection(
    broker: Broker,
    qtbot: QtBot,
    links: list[MqttLink],
    clients: list[MqttClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Without the guard, paho re-raises the error and its thread (the link) ends."""
    topics = broker.topics
    console = make_link(links, settings_for(broker, "console-2"), FaultyLink)
    console.subscribe(topics.kiosk_event("kiosk-2"))
    with qtbot.waitSignal(console.subscribed, timeout=WAIT_MS):
        started(qtbot, console)
    kiosk = broker.connected("kiosk-2")
    clients.append(kiosk)

    after = unique("after the failure")
    with qtbot.waitSignal(
        console.message_received,
        timeout=WAIT_MS,
        check_params_cb=message_is(topics.kiosk_event("kiosk-2"), after),
    ):
        kiosk.publish(topics.kiosk_event("kiosk-2"), b"boom")
        kiosk.publish(topics.kiosk_event("kiosk-2"), after)
    failures = [r for r in caplog.records if "on_message failed" in r.getMessage()]
    assert len(failures) == 1 and failures[0].exc_info is not None
    assert console.is_connected


def test_stop_says_goodbye_and_the_last_will_stays_unused(
    broker: Broker, qtbot: QtBot, links: list[MqttLink], clients: list[MqttClient]
) -> None:
    topics = broker.topics
    presence = topics.kiosk_presence("kiosk-2")
    lost, goodbye = unique("lost"), unique("offline")
    settings = settings_for(broker, "kiosk-2")
    lane = make_link(links, replace(settings, will=LastWill(presence, lost)))
    started(qtbot, lane)
    with qtbot.waitSignal(lane.disconnected, timeout=WAIT_MS) as down:
        lane.stop(goodbye=(presence, goodbye))
    assert down.args == ["stopped"] and not lane.is_connected
    lane.stop(goodbye=(presence, b"never sent"))  # a second stop does nothing
    late = broker.connected("console-1")
    clients.append(late)
    late.subscribe(presence)
    assert late.wait_for_payload(presence, goodbye).retain
    with pytest.raises(RuntimeError, match="stopped"):
        lane.start()


def _start_child(broker: Broker, kiosk: str, online: bytes, will: bytes) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [
            *(sys.executable, "-m", "tests.link.mqtt_child", broker.host, str(broker.port)),
            *(kiosk, str(broker.password_file(kiosk)), broker.topics.kiosk_presence(kiosk)),
            *(online.decode(), will.decode()),
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
    raise AssertionError(f"the lane process did not connect (exit {child.returncode})")


def test_the_last_will_is_delivered_when_the_process_is_killed(
    broker: Broker, clients: list[MqttClient]
) -> None:
    presence = broker.topics.kiosk_presence("kiosk-1")
    console = broker.connected("console-1")
    clients.append(console)
    console.subscribe(presence)
    online, will = unique("online"), unique("offline (Last Will)")
    child = _start_child(broker, "kiosk-1", online, will)
    try:
        console.wait_for_payload(presence, online)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        console.wait_for_payload(presence, will)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    # retained, as the Will asked: a console that starts now sees the lane offline
    late = broker.connected("console-2")
    clients.append(late)
    late.subscribe(presence)
    assert late.wait_for_payload(presence, will).retain


# -- TLS --------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=BROKERS)
def tls_broker(request: pytest.FixtureRequest) -> Iterator[Broker]:
    with own_broker(request.param, tls=True) as running:
        yield running


def test_tls_with_the_stores_ca_connects(
    tls_broker: Broker, qtbot: QtBot, links: list[MqttLink], clients: list[MqttClient]
) -> None:
    assert tls_broker.tls is not None
    for host in ("127.0.0.1", "localhost"):  # both names are in the certificate
        settings = settings_for(tls_broker, "kiosk-1", tls=True, ca_file=tls_broker.tls.ca_file)
        settings = replace(settings, host=host)
        lane = started(qtbot, make_link(links, settings))
        assert lane.publish(tls_broker.topics.kiosk_event("kiosk-1"), b"over TLS")
        lane.stop()


def test_tls_with_another_ca_is_refused(
    tls_broker: Broker, qtbot: QtBot, links: list[MqttLink], tmp_path: Path
) -> None:
    other_ca, _ = make_test_ca(tmp_path, "other-ca")
    lane = make_link(links, settings_for(tls_broker, "kiosk-1", tls=True, ca_file=other_ca))
    connects: list[None] = []
    lane.connected.connect(lambda: connects.append(None))
    with qtbot.waitSignal(lane.disconnected, timeout=WAIT_MS) as refused:
        lane.start()
    assert "certificate of the broker at 127.0.0.1" in refused.args[0]
    assert "not trusted" in refused.args[0]
    qtbot.waitUntil(lambda: lane.failed_attempts >= 1, timeout=WAIT_MS)
    QCoreApplication.processEvents()  # deliver what the retry queued (it comes first)
    assert connects == [] and not lane.is_connected


def test_plain_tcp_to_a_tls_listener_gets_nowhere(
    tls_broker: Broker, qtbot: QtBot, links: list[MqttLink]
) -> None:
    lane = make_link(links, settings_for(tls_broker, "kiosk-1"))
    connects: list[None] = []
    lane.connected.connect(lambda: connects.append(None))
    with qtbot.waitSignal(lane.disconnected, timeout=WAIT_MS) as refused:
        lane.start()
    assert "closed the connection before accepting it" in refused.args[0]
    qtbot.waitUntil(lambda: lane.failed_attempts >= 1, timeout=WAIT_MS)
    assert connects == [] and not lane.is_connected
