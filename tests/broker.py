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

Tests that stop and restart a broker, or need a TLS listener, start one of their own
with ``own_broker(name, tls=...)`` so the shared session brokers are never disturbed;
``Broker.stop()`` and ``Broker.start()`` restart it on the same port. TLS certificates (a
throwaway CA and a server certificate for ``localhost``/``127.0.0.1``) are made at test
time with the ``openssl`` command (``write_test_certificates``).

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
from collections.abc import Callable, Iterator, Sequence
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
    "TlsFiles",
    "broker",
    "embedded_broker",
    "make_test_ca",
    "mosquitto_broker",
    "own_broker",
    "write_test_certificates",
    "write_test_store",
]

STORE = "test-store"
KIOSKS = ("kiosk-1", "kiosk-2")
CONSOLES = ("console-1", "console-2")
BROKERS = ["mosquitto", "embedded"]
"""The brokers every conformance test runs against."""

WAIT_S = 5.0
BROKER_COMMAND = (sys.executable, "-m", "selfscan_broker.cli")
OPENSSL = "/usr/bin/openssl"


@dataclass(frozen=True)
class TlsFiles:
    """A broker's TLS files: the CA clients trust, and the server's certificate and key."""

    ca_file: Path
    cert_file: Path
    key_file: Path


def write_test_store(
    folder: Path, port: int, tls: TlsFiles | None = None, *, kiosks: Sequence[str] = KIOSKS
) -> Path:
    """A store network file for the test store, listening on ``port`` on loopback;
    ``kiosks`` are its kiosk accounts (the benchmarks make hundreds)."""
    path = folder / "store.toml"
    listener = f'[listener]\nhost = "127.0.0.1"\nport = {port}\n'
    if tls is not None:
        listener += (
            f'cert_file = "{tls.cert_file}"\nkey_file = "{tls.key_file}"\n'
            f'ca_file = "{tls.ca_file}"\n'
        )
    path.write_text(
        f"schema_version = 1\nkiosks = {list(kiosks)!r}\n".replace("'", '"')
        + f"consoles = {list(CONSOLES)!r}\n".replace("'", '"')
        + 'secrets_dir = "secrets"\n\n'
        f'[store]\nid = "{STORE}"\nname = "Testwinkel"\n\n' + listener,
        encoding="utf-8",
    )
    return path


def _openssl(*args: str, cwd: Path) -> None:
    if not os.access(OPENSSL, os.X_OK):
        pytest.fail(f"{OPENSSL} is needed to make test certificates")
    done = subprocess.run(
        [OPENSSL, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, f"openssl {args[0]} failed: {done.stderr}"


_EC_KEY = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")


def make_test_ca(folder: Path, name: str = "ca") -> tuple[Path, Path]:
    """A throwaway CA in ``folder``: ``(<name>.crt, <name>.key)``, valid for two days."""
    folder.mkdir(parents=True, exist_ok=True)
    crt, key = folder / f"{name}.crt", folder / f"{name}.key"
    _openssl(
        *("req", "-x509", *_EC_KEY, "-days", "2", "-subj", f"/CN=selfscan test {name}"),
        *("-keyout", str(key), "-out", str(crt)),
        cwd=folder,
    )
    return crt, key


def write_test_certificates(folder: Path) -> TlsFiles:
    """A CA and a server certificate it signed for ``localhost`` and ``127.0.0.1``."""
    ca_crt, ca_key = make_test_ca(folder)
    crt, key, csr = folder / "broker.crt", folder / "broker.key", folder / "broker.csr"
    _openssl(
        *("req", *_EC_KEY, "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(csr)),
        cwd=folder,
    )
    extensions = folder / "server.ext"
    extensions.write_text(
        "basicConstraints = critical, CA:FALSE\n"
        "keyUsage = critical, digitalSignature, keyEncipherment\n"
        "extendedKeyUsage = serverAuth\n"
        "subjectAltName = DNS:localhost, IP:127.0.0.1\n",
        encoding="ascii",
    )
    _openssl(
        *("x509", "-req", "-in", str(csr), "-CA", str(ca_crt), "-CAkey", str(ca_key)),
        *("-CAcreateserial", "-days", "2", "-extfile", str(extensions), "-out", str(crt)),
        cwd=folder,
    )
    return TlsFiles(ca_crt, crt, key)


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
    """A running broker of the test store: where it listens and its accounts' passwords.

    A broker started by ``own_broker`` (or the session fixtures) knows its ``command``, so
    ``stop()`` and ``start()`` can restart it on the same port, with the same files.
    """

    name: str
    host: str
    port: int
    network: StoreNetwork
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    command: tuple[str, ...] = ()
    tls: TlsFiles | None = None

    @property
    def topics(self) -> StoreTopics:
        return StoreTopics(self.network.store.id)

    def password(self, account: str) -> str:
        return read_password(self.network.secrets_dir, account)

    def password_file(self, account: str) -> Path:
        return self.network.secrets_dir / f"{account}.password"

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

    def stop(self) -> None:
        """Stop the broker process (SIGTERM; SIGKILL after 10 s). Nothing when not running."""
        if self.process is not None:
            _terminate(self.process)

    def start(self) -> None:
        """Start the stopped broker again on the same port; return once it listens."""
        assert self.command and self.log is not None, "a broker without a command to start"
        assert self.process is None or self.process.poll() is not None, "already running"
        self.process = _launch(self.command, self.port, self.log)


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


def _terminate(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _launch(command: tuple[str, ...], port: int, log: Path) -> subprocess.Popen[bytes]:
    """Start ``command`` (its output appended to ``log``) and wait until ``port`` listens."""
    with log.open("ab") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(process, port, log)
    except RuntimeError:
        process.kill()
        process.wait(timeout=10)
        raise
    return process


def _mosquitto_command(folder: Path, store: Path) -> tuple[str, ...]:
    binary = _mosquitto()
    if binary is None:
        _unavailable("the mosquitto program is not installed (Debian package mosquitto)")
    assert binary is not None
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
    return (binary, "-c", str(out / "mosquitto.conf"))


@contextlib.contextmanager
def own_broker(name: str, *, tls: bool = False, kiosks: Sequence[str] = KIOSKS) -> Iterator[Broker]:
    """A broker (``"mosquitto"`` or ``"embedded"``) of the test store in a fresh folder.

    With ``tls`` it listens with TLS only, on a certificate from ``write_test_certificates``
    (``Broker.tls`` holds the files). ``kiosks``: the store's kiosk accounts
    (``bench/bench_network.py`` makes 200). Stopped and removed at the end.
    """
    assert name in BROKERS, name
    folder = Path(tempfile.mkdtemp(prefix=f"selfscan-{name}-"))
    running: Broker | None = None
    try:
        port = free_port()
        files = write_test_certificates(folder / "tls") if tls else None
        store = write_test_store(folder, port, files, kiosks=kiosks)
        if name == "mosquitto":
            command = _mosquitto_command(folder, store)
            log = folder / "mosquitto.log"
        else:
            data = str(folder / "data")
            command = (*BROKER_COMMAND, "serve", "--store", str(store), "--data", data)
            log = folder / "broker.log"
        network = load_store_network(store)
        try:
            process = _launch(command, port, log)
        except RuntimeError as error:
            what = "Mosquitto is installed but" if name == "mosquitto" else "the embedded broker"
            pytest.fail(f"{what} did not start: {error}")
        running = Broker(name, "127.0.0.1", port, network, process, log, command, files)
        yield running
    finally:
        if running is not None:
            running.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def mosquitto_broker() -> Iterator[Broker]:
    with own_broker("mosquitto") as running:
        yield running


@pytest.fixture(scope="session")
def embedded_broker() -> Iterator[Broker]:
    """``selfscan-broker serve`` (the real command, as a subprocess) on a free loopback port."""
    with own_broker("embedded") as running:
        yield running


@pytest.fixture(scope="session", params=BROKERS)
def broker(request: pytest.FixtureRequest) -> Broker:
    """Each broker of the store network in turn (conformance tests use this one)."""
    return request.getfixturevalue(f"{request.param}_broker")


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
