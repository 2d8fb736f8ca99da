"""A real MQTT broker for the tests, and a small paho-mqtt client to talk to it.

``mosquitto_broker`` (session-scoped) writes a configuration with ``selfscan-broker
mosquitto-config`` (the real command, as a subprocess) for a test store of two kiosks and
two consoles into a temporary folder, starts ``mosquitto -c`` on a free loopback port,
waits until the port accepts connections and stops the broker at the end. As root the
generated folder is handed to the ``mosquitto`` system user, as on a real store server
(Mosquitto drops root to that user before reading its files).

``embedded_broker`` (session-scoped) runs ``selfscan-broker serve`` (the real command, as a
subprocess) for the same test store on another free port, waits until it accepts
connections and stops it with SIGTERM at the end.

``broker`` is parametrized over the brokers the store network supports: Mosquitto and the
embedded broker. Tests written against it are conformance tests: every broker must pass
them.

Without Mosquitto the tests are skipped, except under ``CI=true``, where a missing broker
fails the run (``.ci/run`` installs the Debian package).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.reasoncodes import ReasonCode

from kiosk.link.topics import StoreTopics
from selfscan_broker.accounts import read_password
from selfscan_broker.network import StoreNetwork, load_store_network

__all__ = [
    "BROKERS",
    "CONSOLES",
    "KIOSKS",
    "STORE",
    "Broker",
    "MqttClient",
    "Received",
    "broker",
    "embedded_broker",
    "mosquitto_broker",
    "write_test_store",
]

STORE = "test-store"
KIOSKS = ("kiosk-1", "kiosk-2")
CONSOLES = ("console-1", "console-2")
BROKERS = ["mosquitto", "embedded"]
"""The brokers every conformance test runs against."""

WAIT_S = 5.0
BROKER_COMMAND = (sys.executable, "-m", "selfscan_broker.cli")


def write_test_store(folder: Path, port: int) -> Path:
    """A store network file for the test store, listening on ``port`` on loopback."""
    path = folder / "store.toml"
    path.write_text(
        f"schema_version = 1\nkiosks = {list(KIOSKS)!r}\n".replace("'", '"')
        + f"consoles = {list(CONSOLES)!r}\n".replace("'", '"')
        + 'secrets_dir = "secrets"\n\n'
        f'[store]\nid = "{STORE}"\nname = "Testwinkel"\n\n'
        f'[listener]\nhost = "127.0.0.1"\nport = {port}\n',
        encoding="utf-8",
    )
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _mosquitto() -> str | None:
    found = shutil.which("mosquitto")
    if found is None and os.access("/usr/sbin/mosquitto", os.X_OK):
        found = "/usr/sbin/mosquitto"
    return found


def _unavailable(why: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"Mosquitto is required under CI=true: {why}")
    pytest.skip(f"Mosquitto not available: {why}")


@dataclass
class Broker:
    """A running broker of the test store: where it listens and its accounts' passwords."""

    name: str
    host: str
    port: int
    network: StoreNetwork
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    @property
    def topics(self) -> StoreTopics:
        return StoreTopics(self.network.store.id)

    def password(self, account: str) -> str:
        return read_password(self.network.secrets_dir, account)

    def client(
        self, account: str | None, password: str | None = None, **options: object
    ) -> MqttClient:
        """A client of ``account`` (``None``: anonymous), with its own password unless given."""
        if account is not None and password is None:
            password = self.password(account)
        return MqttClient(self.host, self.port, account, password, **options)  # type: ignore[arg-type]

    def connected(self, account: str, **options: object) -> MqttClient:
        """A client of ``account`` that is connected (the test fails otherwise)."""
        client = self.client(account, **options)
        reason = client.connect()
        assert not reason.is_failure, f"{account} could not connect: {reason}"
        return client


def _wait_for_port(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the broker exited ({process.returncode}): {log.read_text()[-800:]}"
            )
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        # connect_ex on loopback fails at once while nothing listens: wait on the process a
        # little before the next try rather than spinning
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.02)
    raise RuntimeError(f"the broker did not listen on {port} within 10 s: {log.read_text()[-800:]}")


@pytest.fixture(scope="session")
def mosquitto_broker() -> Iterator[Broker]:
    binary = _mosquitto()
    if binary is None:
        _unavailable("the mosquitto program is not installed (Debian package mosquitto)")
    assert binary is not None
    folder = Path(tempfile.mkdtemp(prefix="selfscan-mosquitto-"))
    port = free_port()
    store = write_test_store(folder, port)
    out = folder / "mosquitto"
    made = subprocess.run(
        [*BROKER_COMMAND, "mosquitto-config", "--store", str(store), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("mosquitto")
        except KeyError:
            _unavailable("running as root and there is no 'mosquitto' user to run the broker")
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, user.pw_uid, user.pw_gid)
    log = folder / "mosquitto.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [binary, "-c", str(out / "mosquitto.conf")], stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        _wait_for_port(process, port, log)
    except RuntimeError as error:
        process.kill()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"Mosquitto is installed but did not start: {error}")
    try:
        yield Broker("mosquitto", "127.0.0.1", port, load_store_network(store), process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def embedded_broker() -> Iterator[Broker]:
    """``selfscan-broker serve`` (the real command, as a subprocess) on a free loopback port."""
    folder = Path(tempfile.mkdtemp(prefix="selfscan-embedded-"))
    port = free_port()
    store = write_test_store(folder, port)
    log = folder / "broker.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*BROKER_COMMAND, "serve", "--store", str(store), "--data", str(folder / "data")],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_port(process, port, log)
    except RuntimeError as error:
        process.kill()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"the embedded broker did not start: {error}")
    try:
        yield Broker("embedded", "127.0.0.1", port, load_store_network(store), process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session", params=BROKERS)
def broker(request: pytest.FixtureRequest) -> Broker:
    """Each broker of the store network in turn (conformance tests use this one)."""
    return request.getfixturevalue(f"{request.param}_broker")


# -- a small client ------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    topic: str
    payload: bytes
    retain: bool
    qos: int


@dataclass
class _Shared:
    condition: threading.Condition = field(default_factory=threading.Condition)
    connack: ReasonCode | None = None
    disconnected: bool = False
    subacks: dict[int, list[ReasonCode]] = field(default_factory=dict)
    messages: list[Received] = field(default_factory=list)


class MqttClient:
    """A paho-mqtt client (MQTT 3.1.1, its own network thread) that records what it gets.

    Every wait is on a condition with a deadline: ``connect`` until CONNACK, ``subscribe``
    until SUBACK, ``publish`` until the broker has the message (PUBACK), ``wait_for`` until
    a predicate over the received messages holds.
    """

    def __init__(
        self,
        host: str,
        port: int,
        username: str | None,
        password: str | None,
        *,
        will: tuple[str, bytes] | None = None,
        client_id: str | None = None,
    ) -> None:
        self.host, self.port = host, port
        self._shared = _Shared()
        self._client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id or f"test-{uuid.uuid4().hex[:12]}",
            protocol=mqtt.MQTTv311,
            clean_session=True,
        )
        self._client.reconnect_delay_set(60, 120)  # a refused client must not come back
        if username is not None:
            self._client.username_pw_set(username, password)
        if will is not None:
            self._client.will_set(will[0], will[1], qos=1, retain=True)
        self._client.on_connect = self._on_connect
        self._client.on_disconnect = self._on_disconnect
        self._client.on_subscribe = self._on_subscribe
        self._client.on_message = self._on_message

    # paho's thread ----------------------------------------------------------------------

    def _on_connect(
        self, _c: object, _u: object, _f: object, reason: ReasonCode, _p: object
    ) -> None:
        if reason.is_failure:
            # refused: stop here, or paho's thread waits (in 1 s steps) to try again
            self._client.disconnect()
        with self._shared.condition:
            self._shared.connack = reason
            self._shared.condition.notify_all()

    def _on_disconnect(self, *_args: object) -> None:
        with self._shared.condition:
            self._shared.disconnected = True
            self._shared.condition.notify_all()

    def _on_subscribe(
        self, _c: object, _u: object, mid: int, codes: list[ReasonCode], _p: object
    ) -> None:
        with self._shared.condition:
            self._shared.subacks[mid] = list(codes)
            self._shared.condition.notify_all()

    def _on_message(self, _c: object, _u: object, message: mqtt.MQTTMessage) -> None:
        received = Received(message.topic, message.payload, bool(message.retain), message.qos)
        with self._shared.condition:
            self._shared.messages.append(received)
            self._shared.condition.notify_all()

    # the test's thread ------------------------------------------------------------------

    def _wait(self, predicate: Callable[[], object], what: str, timeout: float = WAIT_S) -> None:
        with self._shared.condition:
            if not self._shared.condition.wait_for(predicate, timeout):
                raise AssertionError(f"waited {timeout:.0f} s in vain for {what}")

    def connect(self) -> ReasonCode:
        """Connect and return the broker's answer (CONNACK), or a failure when it hung up."""
        self._client.connect(self.host, self.port, keepalive=30)
        self._client.loop_start()
        shared = self._shared
        self._wait(lambda: shared.connack is not None or shared.disconnected, "CONNACK")
        reason = shared.connack or ReasonCode(mqtt.PacketTypes.CONNACK, "Not authorized")
        if reason.is_failure:
            self._client.loop_stop()
        return reason

    def subscribe(self, *filters: str) -> list[ReasonCode]:
        """Subscribe (QoS 1) and return the broker's answer per filter (SUBACK)."""
        result, mid = self._client.subscribe([(f, 1) for f in filters])
        assert result == mqtt.MQTT_ERR_SUCCESS, mqtt.error_string(result)
        self._wait(lambda: mid in self._shared.subacks, f"SUBACK for {filters}")
        return self._shared.subacks[mid]

    def publish(self, topic: str, payload: bytes, *, retain: bool = False) -> None:
        """Publish with QoS 1 and wait until the broker has taken it (PUBACK)."""
        info = self._client.publish(topic, payload, qos=1, retain=retain)
        info.wait_for_publish(WAIT_S)
        assert info.is_published(), f"no PUBACK for {topic}"

    def messages(self, topic: str | None = None) -> list[Received]:
        with self._shared.condition:
            return [m for m in self._shared.messages if topic is None or m.topic == topic]

    def wait_for(
        self, predicate: Callable[[list[Received]], object], what: str, timeout: float = WAIT_S
    ) -> list[Received]:
        """Wait until ``predicate(messages so far)`` holds; the messages at that moment."""
        shared = self._shared
        self._wait(lambda: predicate(shared.messages), what, timeout)
        return self.messages()

    def wait_for_payload(self, topic: str, payload: bytes) -> Received:
        """Wait for ``payload`` on ``topic``; the message as received."""
        self.wait_for(
            lambda ms: any(m.topic == topic and m.payload == payload for m in ms),
            f"{payload!r} on {topic}",
        )
        return next(m for m in self.messages(topic) if m.payload == payload)

    def close(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()
