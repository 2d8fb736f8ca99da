"""``selfscan-broker`` as a shopkeeper runs it: the installed command, in a subprocess."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.brokers.test_network import GOOD

BROKER = [sys.executable, "-m", "selfscan_broker.cli"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BROKER, *args], capture_output=True, text=True, timeout=60, check=False)


def test_help_is_installed_and_exits_zero() -> None:
    assert shutil.which("selfscan-broker", path=str(Path(sys.executable).parent))
    result = run("--help")
    assert result.returncode == 0
    assert "mosquitto-config" in result.stdout and "accounts" in result.stdout


def test_accounts_creates_the_missing_passwords_and_never_prints_one(tmp_path: Path) -> None:
    store = tmp_path / "store.toml"
    store.write_text(GOOD, encoding="utf-8")
    first = run("accounts", "--store", str(store))
    assert first.returncode == 0, first.stderr
    assert [line.split("\t")[:3] for line in first.stdout.splitlines()] == [
        ["kiosk-1", "kiosk", "created"],
        ["kiosk-2", "kiosk", "created"],
        ["console-1", "console", "created"],
    ]
    again = run("accounts", "--store", str(store))
    assert [line.split("\t")[2] for line in again.stdout.splitlines()] == ["exists"] * 3
    for name in ("kiosk-1", "kiosk-2", "console-1"):
        password = (tmp_path / "secrets" / f"{name}.password").read_text().strip()
        assert password not in first.stdout + first.stderr + again.stdout


def test_mosquitto_config_writes_the_three_files(tmp_path: Path) -> None:
    store = tmp_path / "store.toml"
    store.write_text(GOOD, encoding="utf-8")
    result = run("mosquitto-config", "--store", str(store), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    for name in ("passwords", "acl", "mosquitto.conf"):
        assert (tmp_path / "out" / name).is_file()


def test_a_bad_store_file_exits_2_naming_the_key(tmp_path: Path) -> None:
    store = tmp_path / "store.toml"
    store.write_text(GOOD + '\n[listener]\nhost = "0.0.0.0"\n', encoding="utf-8")
    result = run("accounts", "--store", str(store))
    assert result.returncode == 2
    assert "listener.cert_file" in result.stderr
    assert run("accounts", "--store", str(tmp_path / "missing.toml")).returncode == 2
    assert run("mosquitto-config", "--store", str(store)).returncode == 2  # --out missing
    assert not (tmp_path / "secrets").exists()
