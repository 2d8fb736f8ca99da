"""``selfscan-broker serve``'s own promises, beyond the conformance tests every broker passes.

Each test runs the real command as a subprocess on a free loopback port: a bad store file
exits 2, SIGTERM and SIGINT stop it cleanly (exit 0, one log event per line), a taken port
exits 1, the reserved account ``admin`` is refused even when a password file exists for it,
a Last Will on another lane's topic is refused, and retained messages survive a restart
with ``--data``.
"""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from selfscan_broker.accounts import ensure_password
from selfscan_broker.network import load_store_network
from tests.broker import BROKER_COMMAND, Broker, _wait_for_port, free_port, write_test_store


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
