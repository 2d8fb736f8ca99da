"""``selfscan-broker serve``'s own promises, beyond the conformance tests every broker passes.

Each test runs the real command as a subprocess on a free loopback port: a bad store file
exits 2, SIGTERM and SIGINT stop it cleanly (exit 0, one log event per line), a taken port
exits 1, the reserved account ``admin`` is refused even when a password file exists for it,
a Last Will on another lane's topic is refused, and retained messages survive a restart
with ``--data``. Then what ``StoreBroker`` changes in amqtt's connection handling: a refused
login is logged once and leaves the client id's session alone (a persistent one still
resumes), a good login takes an earlier connection over, and connections amqtt stopped
serving are closed.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest

from selfscan_broker.accounts import ensure_password
from selfscan_broker.network import load_store_network
from tests.broker import (
    BROKER_COMMAND,
    WAIT_S,
    Broker,
    MqttClient,
    _wait_for_port,
    free_port,
    write_test_store,
)


class Served:
    """A running ``selfscan-broker serve`` and its log."""

    def __init__(self, folder: Path, port: int, *extra: str) -> None:
        self.store = folder / "store.toml"
        self.log = folder / f"serve-{port}.log"
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(
                [*BROKER_COMMAND, "serve", "--store", str(self.store), *extra],
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        _wait_for_port(self.process, port, self.log)
        self.broker = Broker("embedded", "127.0.0.1", port, load_store_network(self.store))

    def stop(self, signum: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
            raise


@pytest.fixture
def store(tmp_path: Path) -> Path:
    write_test_store(tmp_path, free_port())
    return tmp_path


@pytest.fixture
def served(store: Path) -> Iterator[Served]:
    server = Served(store, load_store_network(store / "store.toml").listener.port)
    yield server
    server.stop()


def test_a_bad_store_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "store.toml"
    bad.write_text('schema_version = 1\nkiosks = ["admin"]\nconsoles = ["c"]\n', encoding="utf-8")
    done = subprocess.run(
        [*BROKER_COMMAND, "serve", "--store", str(bad)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert str(bad) in done.stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_it_cleanly(served: Served, signum: int) -> None:
    client = served.broker.connected("kiosk-1")
    client.close()
    assert served.stop(signum) == 0
    lines = served.log.read_text(encoding="utf-8").splitlines()
    events = [line for line in lines if " selfscan_broker.embedded: " in line]
    assert any("listening on 127.0.0.1:" in line for line in events)
    assert any("connected client" in line and "as kiosk-1" in line for line in events)
    assert events[-1].endswith("stopped")
    assert not any("Traceback" in line for line in lines)


def test_a_taken_port_exits_1(served: Served) -> None:
    done = subprocess.run(
        [*BROKER_COMMAND, "serve", "--store", str(served.store)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "could not start" in done.stderr


def test_the_admin_account_is_refused_even_with_a_password_file(served: Served) -> None:
    secrets = served.broker.network.secrets_dir
    ensure_password(secrets, "admin")
    client = served.broker.client("admin", (secrets / "admin.password").read_text().strip())
    reason = client.connect()
    client.close()
    assert reason.is_failure
    assert "account 'admin' is reserved" in served.log.read_text(encoding="utf-8")


def test_a_last_will_on_another_lanes_topic_is_refused(served: Served) -> None:
    topics = served.broker.topics
    forged = served.broker.client("kiosk-1", will=(topics.kiosk_presence("kiosk-2"), b"offline"))
    assert forged.connect().is_failure
    forged.close()
    own = served.broker.client("kiosk-1", will=(topics.kiosk_presence("kiosk-1"), b"offline"))
    assert not own.connect().is_failure
    own.close()


def test_retained_messages_survive_a_restart_with_data(store: Path) -> None:
    port = load_store_network(store / "store.toml").listener.port
    data = ["--data", str(store / "data")]
    first = Served(store, port, *data)
    topics = first.broker.topics
    try:
        kiosk = first.broker.connected("kiosk-1")
        kiosk.publish(topics.kiosk_state("kiosk-1"), b"state before restart", retain=True)
        kiosk.close()
    finally:
        assert first.stop() == 0
    second = Served(store, port, *data)
    try:
        console = second.broker.connected("console-1")
        console.subscribe(topics.kiosk_state("kiosk-1"))
        assert console.wait_for_payload(
            topics.kiosk_state("kiosk-1"), b"state before restart"
        ).retain
        console.close()
    finally:
        assert second.stop() == 0


# -- logins and sessions: what StoreBroker changes in amqtt -------------------------------


@pytest.fixture
def clients() -> Iterator[list[MqttClient]]:
    """Clients the test opens; each one is closed at the end, whatever happened."""
    opened: list[MqttClient] = []
    yield opened
    for client in opened:
        client.close()


def unique(what: str) -> bytes:
    return f"{what} {uuid.uuid4().hex}".encode()


def log_lines(broker: Broker, needle: str) -> list[str]:
    assert broker.log is not None
    return [line for line in broker.log.read_text("utf-8").splitlines() if needle in line]


class RawLane:
    """A bare paho client, for what ``MqttClient`` does not offer: a persistent session
    (``clean_session=False``), the session-present flag, and a PUBLISH without waiting."""

    def __init__(
        self,
        broker: Broker,
        account: str,
        client_id: str,
        *,
        clean_session: bool = False,
        will: tuple[str, bytes] | None = None,
    ) -> None:
        self.host, self.port = broker.host, broker.port
        self.condition = threading.Condition()
        self.session_present: bool | None = None
        self.suback = False
        self.disconnected = False
        self.received: list[tuple[str, bytes]] = []
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id,
            protocol=mqtt.MQTTv311,
            clean_session=clean_session,
        )
        self.client.reconnect_delay_set(60, 120)  # never back during a test
        self.client.username_pw_set(account, broker.password(account))
        if will is not None:
            self.client.will_set(will[0], will[1], qos=1, retain=True)
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message
        self.client.on_disconnect = self._on_disconnect

    def _note(self, **changes: object) -> None:
        with self.condition:
            for name, value in changes.items():
                setattr(self, name, value)
            self.condition.notify_all()

    def _on_connect(self, _c: object, _u: object, flags: Any, reason: Any, _p: object) -> None:
        assert not reason.is_failure, reason
        self._note(session_present=bool(flags.session_present))

    def _on_subscribe(self, *_args: object) -> None:
        self._note(suback=True)

    def _on_message(self, _c: object, _u: object, message: mqtt.MQTTMessage) -> None:
        with self.condition:
            self.received.append((message.topic, message.payload))
            self.condition.notify_all()

    def _on_disconnect(self, *_args: object) -> None:
        self._note(disconnected=True)

    def wait(self, predicate: Callable[[], object], what: str) -> None:
        with self.condition:
            assert self.condition.wait_for(predicate, WAIT_S), f"waited in vain for {what}"

    def connect(self) -> bool:
        """Connect; whether the broker had kept a session for this client id."""
        self.client.connect(self.host, self.port, keepalive=30)
        self.client.loop_start()
        self.wait(lambda: self.session_present is not None, "CONNACK")
        return bool(self.session_present)

    def subscribe(self, topic: str) -> None:
        self.client.subscribe(topic, qos=1)
        self.wait(lambda: self.suback, f"SUBACK for {topic}")

    def wait_for(self, topic: str, payload: bytes) -> None:
        self.wait(lambda: (topic, payload) in self.received, f"{payload!r} on {topic}")

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def forget_session(broker: Broker, account: str, client_id: str) -> None:
    """A clean-session login under ``client_id`` ends the persistent session the test left."""
    broker.connected(account, client_id=client_id).close()


def test_a_refused_login_is_logged_once_with_account_and_address_never_the_password(
    embedded_broker: Broker,
) -> None:
    client_id = f"intruder-{uuid.uuid4().hex[:12]}"
    password = f"guess-{uuid.uuid4().hex}"
    intruder = embedded_broker.client("kiosk-1", password, client_id=client_id)
    assert intruder.connect().is_failure
    intruder.close()
    # logged before the CONNACK went out, so it is in the file now
    [line] = log_lines(embedded_broker, repr(client_id))
    assert " WARNING selfscan_broker.embedded: refused client " in line
    assert "from 127.0.0.1:" in line
    assert line.endswith(" as 'kiosk-1': wrong password")
    assert log_lines(embedded_broker, password) == []


def test_a_failed_login_leaves_an_offline_persistent_session_to_resume(
    embedded_broker: Broker, clients: list[MqttClient]
) -> None:
    """amqtt deleted the session of a clean-session CONNECT's client id before the login:
    a wrong password under a lane's id threw away its subscriptions and queued commands."""
    topics = embedded_broker.topics
    command = topics.command("kiosk-1", "console-1")
    client_id = f"persistent-{uuid.uuid4().hex[:12]}"
    lane = RawLane(embedded_broker, "kiosk-1", client_id)
    try:
        assert lane.connect() is False
        lane.subscribe(command)
        lane.close()

        intruder = embedded_broker.client("kiosk-1", "not-the-password", client_id=client_id)
        clients.append(intruder)
        assert intruder.connect().is_failure
        console = embedded_broker.connected("console-1")
        clients.append(console)
        queued = unique("a command while the lane was away")
        console.publish(command, queued)

        back = RawLane(embedded_broker, "kiosk-1", client_id)
        try:
            assert back.connect() is True
            back.wait_for(command, queued)
        finally:
            back.close()
    finally:
        lane.close()
        forget_session(embedded_broker, "kiosk-1", client_id)


def test_a_good_login_takes_over_the_connection_of_its_client_id(
    embedded_broker: Broker, clients: list[MqttClient]
) -> None:
    """MQTT wants the earlier connection closed; its Will goes out before the newcomer's
    CONNACK, so the lane's retained presence ends as the new connection says."""
    topics = embedded_broker.topics
    presence, command = topics.kiosk_presence("kiosk-1"), topics.command("kiosk-1", "console-1")
    client_id = f"selfscan-kiosk-1-{uuid.uuid4().hex[:8]}"
    will = unique("offline")
    console = embedded_broker.connected("console-1")
    clients.append(console)
    console.subscribe(presence)

    old = embedded_broker.client("kiosk-1", client_id=client_id, will=(presence, will))
    clients.append(old)
    assert not old.connect().is_failure
    new = embedded_broker.client("kiosk-1", client_id=client_id, will=(presence, will))
    clients.append(new)
    assert not new.connect().is_failure
    console.wait_for_payload(presence, will)  # the old connection ended as a lost one
    online = unique("online")
    new.publish(presence, online, retain=True)

    late = embedded_broker.connected("console-2")
    clients.append(late)
    late.subscribe(presence)
    assert late.wait_for_payload(presence, online).retain
    assert not any(r.is_failure for r in new.subscribe(command))
    payload = unique("a command for the new connection")
    console.publish(command, payload)
    new.wait_for_payload(command, payload)
    first, second = log_lines(embedded_broker, f"connected client {client_id!r} ")
    assert first.endswith(" as kiosk-1")
    assert second.endswith(" as kiosk-1 (took over its earlier connection)")
    new.publish(presence, b"", retain=True)  # leave no retained presence to later tests


def test_a_first_packet_that_is_not_a_connect_gets_the_connection_closed(
    embedded_broker: Broker,
) -> None:
    """amqtt returned without closing the socket: each such connection stayed open."""
    body = b"\x00\x04MQTT\x04\x02\x00\x1e\x00\x01x"
    with socket.create_connection((embedded_broker.host, embedded_broker.port), WAIT_S) as sock:
        sock.sendall(b"\x30" + bytes([len(body)]) + body)  # a PUBLISH laid out as a CONNECT
        try:
            assert sock.recv(16) == b""
        except TimeoutError:
            pytest.fail(f"the connection was still open after {WAIT_S:.0f} s")


def test_a_publish_amqtt_rejects_ends_the_connection_with_its_will(
    embedded_broker: Broker, clients: list[MqttClient]
) -> None:
    """amqtt stops reading a client that publishes on a '$' topic but left it connected,
    without its Will; now the connection ends as a lost one."""
    presence = embedded_broker.topics.kiosk_presence("kiosk-2")
    console = embedded_broker.connected("console-1")
    clients.append(console)
    console.subscribe(presence)
    will = unique("offline")
    lane = RawLane(
        embedded_broker,
        "kiosk-2",
        f"dollar-{uuid.uuid4().hex[:8]}",
        clean_session=True,
        will=(presence, will),
    )
    try:
        lane.connect()
        lane.client.publish("$not-for-clients", b"x", qos=0)
        console.wait_for_payload(presence, will)
        lane.wait(lambda: lane.disconnected, "the broker to close the connection")
    finally:
        lane.close()
    kiosk = embedded_broker.connected("kiosk-2")
    clients.append(kiosk)
    kiosk.publish(presence, b"", retain=True)  # leave no retained presence to later tests
