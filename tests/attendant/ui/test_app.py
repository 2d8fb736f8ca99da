"""``selfscan-attendant`` as a program: a bad configuration is refused (exit 2) before any
window; with ``broker.embedded`` and nothing listening it starts ``selfscan-broker serve``
as its own process, the console comes online on it (its retained presence), and SIGTERM
stops both (exit 0)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from attendant.app import listening, write_store_network
from attendant.config import ConsoleConfig
from kiosk.link import protocol as p
from kiosk.link.topics import StoreTopics
from selfscan_broker.accounts import read_password
from selfscan_broker.network import load_store_network
from tests.broker import MqttClient, free_port

ROOT = Path(__file__).resolve().parents[3]
COMMAND = (sys.executable, "-m", "attendant.app")


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args], capture_output=True, text=True, timeout=60, check=False, env=env
    )


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_a_broken_configuration_is_refused_with_its_keys(tmp_path: Path) -> None:
    config = tmp_path / "console.toml"
    config.write_text(
        'schema_version = 1\n[store]\nid = "Bad Store"\nname = "x"\n'
        '[console]\nid = "console-1"\nname = "Balie"\n[help_queue]\namber_after_s = 90\n',
        encoding="utf-8",
    )
    done = _run("--config", str(config), env=_env())
    assert done.returncode == 2
    assert "store.id" in done.stderr and "help_queue" in done.stderr
    assert not (tmp_path / "var").exists()  # refused before anything was made


def test_a_missing_file_and_a_bad_screen_are_usage_errors(tmp_path: Path) -> None:
    assert _run("--config", str(tmp_path / "none.toml"), env=_env()).returncode == 2
    done = _run("--config", "x.toml", "--screen", "big", env=_env())
    assert done.returncode == 2 and "WIDTHxHEIGHT" in done.stderr


def _config(tmp_path: Path, port: int, **extra: str) -> Path:
    path = tmp_path / "console.toml"
    path.write_text(
        "schema_version = 1\n"
        'language = "en"\n'
        + extra.get("kiosks", 'kiosks = ["kiosk-1", "kiosk-2"]\n')
        + '[store]\nid = "app-store"\nname = "Appwinkel"\n'
        '[console]\nid = "console-1"\nname = "Balie"\n'
        f'[paths]\ndata_dir = "var"\ncatalog = "{ROOT / "catalog.db"}"\n'
        'store = "var/store.db"\nstaff_key = "var/secrets/staff.key"\n'
        "[broker]\nembedded = true\n"
        f'host = "127.0.0.1"\nport = {port}\nusername = "console-1"\n'
        'password_file = "var/secrets/console-1.password"\n',
        encoding="utf-8",
    )
    return path


def test_an_embedded_broker_needs_the_kiosk_list(tmp_path: Path) -> None:
    config = _config(tmp_path, free_port(), kiosks="")
    done = _run("--config", str(config), env=_env())
    assert done.returncode == 2
    assert "kiosks: the embedded broker needs the store's kiosk ids" in done.stderr


def test_the_store_network_file_is_written_from_the_console_config(tmp_path: Path) -> None:
    from attendant.config import load_console_config

    config: ConsoleConfig = load_console_config(_config(tmp_path, 18830))
    network = load_store_network(write_store_network(config, tmp_path / "broker"))
    assert network.store.id == "app-store"
    assert network.kiosks == ("kiosk-1", "kiosk-2") and network.consoles == ("console-1",)
    assert network.secrets_dir == tmp_path / "var" / "secrets"
    assert (network.listener.host, network.listener.port) == ("127.0.0.1", 18830)


def _wait(process: subprocess.Popen[bytes], condition, what: str, timeout: float = 30) -> None:
    """Wait for ``condition`` while the program runs (on the process, not a sleep)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"the console exited ({process.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s in vain for {what}")
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.1)


@pytest.mark.slow
def test_the_console_starts_its_broker_comes_online_and_stops_both(tmp_path: Path) -> None:
    port = free_port()
    config = _config(tmp_path, port)
    shots = tmp_path / "shots"
    log = tmp_path / "var" / "logs" / "console.log"
    with (tmp_path / "stderr.txt").open("wb") as stderr:
        process = subprocess.Popen(
            [
                *COMMAND,
                "--config",
                str(config),
                "--screen",
                "1280x800",
                "--screenshots",
                str(shots),
            ],
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        started = "console console-1 of store app-store started"
        _wait(process, lambda: log.exists() and started in log.read_text(), "the start line")
        assert listening("127.0.0.1", port)
        # the console is online on its broker: a kiosk sees its retained presence
        topics = StoreTopics("app-store")
        secrets = tmp_path / "var" / "secrets"
        kiosk = MqttClient("127.0.0.1", port, "kiosk-1", read_password(secrets, "kiosk-1"))
        assert not kiosk.connect().is_failure
        kiosk.subscribe(topics.console_presence("console-1"))

        def online(messages: list) -> bool:
            for message in messages:
                decoded = p.decode(message.topic, message.payload, now=p.utc_now(), topics=topics)
                if isinstance(decoded, p.Decoded) and decoded.message.status == "online":
                    return True
            return False

        kiosk.wait_for(online, "the console's online presence", timeout=15)
        kiosk.close()
        assert "staff login unavailable" in log.read_text()  # no roster: said, not fatal
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            status = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
            raise
    assert status == 0, (tmp_path / "stderr.txt").read_text()
    assert not listening("127.0.0.1", port)  # the broker went with it
    assert "the embedded broker stopped" in log.read_text()
    pictures = sorted(path.name for path in shots.glob("*.png"))
    assert pictures[0] == "001-login-page.png" and pictures[-1].endswith("-exit.png")
