"""The store network file, its accounts' password files and the Mosquitto files."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_kiosk_config
from selfscan_broker.accounts import PasswordError, ensure_password, read_password
from selfscan_broker.mosquitto import (
    acl_text,
    config_text,
    hash_password,
    verify_password,
    write_mosquitto_config,
)
from selfscan_broker.network import StoreNetwork, load_store_network

ROOT = Path(__file__).resolve().parents[2]
GOOD = """
schema_version = 1
kiosks = ["kiosk-1", "kiosk-2"]
consoles = ["console-1"]
secrets_dir = "secrets"

[store]
id = "test-store"
name = "Testwinkel"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "store.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as error:
        load_store_network(write(tmp_path, text))
    return error.value.problems


def test_the_example_store_loads_and_matches_the_example_configs() -> None:
    network = load_store_network(ROOT / "examples" / "store.toml")
    assert [a.id for a in network.accounts] == ["kiosk-1", "kiosk-2", "console-1"]
    kiosk = load_kiosk_config(ROOT / "examples" / "kiosk-1.toml")
    assert kiosk.store.id == network.store.id
    # the kiosk's password_file is where the store's secrets folder keeps it
    password_file = (ROOT / "examples" / kiosk.broker.password_file).resolve()  # type: ignore[operator]
    assert password_file == network.secrets_dir / "kiosk-1.password"


def test_relative_paths_are_taken_from_the_file(tmp_path: Path) -> None:
    network = load_store_network(write(tmp_path, GOOD))
    assert network.secrets_dir == tmp_path / "secrets"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ('consoles = ["admin"]', "'admin' is reserved"),
        ('consoles = ["kiosk-1"]', "'kiosk-1' is listed twice"),
        ('kiosks = ["kiosk-1", "kiosk-1"]', "'kiosk-1' is listed twice"),
        ('kiosks = ["Kiosk 1"]', "kiosks[0]: String should match pattern"),
        ("kiosks = []", "kiosks: Tuple should have at least 1 item"),
    ],
)
def test_bad_accounts_are_refused(tmp_path: Path, change: str, expected: str) -> None:
    key = change.split(" ")[0]
    text = "\n".join(change if line.startswith(key + " ") else line for line in GOOD.split("\n"))
    assert any(expected in p for p in problems(tmp_path, text)), problems(tmp_path, text)


def test_plain_tcp_off_loopback_is_refused_naming_the_key(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD + '\n[listener]\nhost = "0.0.0.0"\n')
    assert len(found) == 1 and "listener.cert_file" in found[0] and "loopback" in found[0]
    for host in ("127.0.0.1", "::1", "localhost", "127.3.2.1"):
        assert load_store_network(write(tmp_path, GOOD + f'\n[listener]\nhost = "{host}"\n'))


def test_tls_needs_both_files_and_then_any_host_is_allowed(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD + '\n[listener]\nhost = "10.0.0.2"\ncert_file = "a.crt"\n')
    assert any("listener.key_file" in p for p in found), found
    network = load_store_network(
        write(
            tmp_path,
            GOOD + '\n[listener]\nhost = "10.0.0.2"\nport = 8883\ncert_file = "tls/b.crt"\n'
            'key_file = "tls/b.key"\nca_file = "/etc/ca.crt"\n',
        )
    )
    conf = config_text(network, tmp_path / "out")
    assert "listener 8883 10.0.0.2" in conf
    assert f"certfile {tmp_path / 'tls' / 'b.crt'}" in conf
    assert f"keyfile {tmp_path / 'tls' / 'b.key'}" in conf
    assert "cafile /etc/ca.crt" in conf


def test_password_files_are_created_private_and_kept(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets"
    assert ensure_password(secrets, "kiosk-1") is True
    first = read_password(secrets, "kiosk-1")
    assert len(first) == 43 and first.isascii()
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o700
    assert stat.S_IMODE((secrets / "kiosk-1.password").stat().st_mode) == 0o600
    assert ensure_password(secrets, "kiosk-1") is False
    assert read_password(secrets, "kiosk-1") == first
    ensure_password(secrets, "kiosk-2")
    assert read_password(secrets, "kiosk-2") != first


def test_unusable_password_files_are_refused(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets"
    with pytest.raises(PasswordError, match="missing"):
        read_password(secrets, "kiosk-1")
    ensure_password(secrets, "kiosk-1")
    path = secrets / "kiosk-1.password"
    path.chmod(0o644)
    with pytest.raises(PasswordError, match="readable by others"):
        read_password(secrets, "kiosk-1")
    path.chmod(0o600)
    path.write_text("\n")
    with pytest.raises(PasswordError, match="not a password"):
        ensure_password(secrets, "kiosk-1")


def test_the_hash_is_mosquittos_own_format() -> None:
    """A line written by ``mosquitto_passwd -b`` (Mosquitto 2.0.11) for password 'secret'."""
    theirs = (
        "$7$101$Wdqh+ugZY56BMd3n$xJ7VrY8LyuAoLfNL28+Ehh4549pfrPdJBbc2G38MXVZgmIm7GZEr81/"
        "nyb803ETfg6uUAP02PEn7cznalNBK7g=="
    )
    assert verify_password("secret", theirs)
    assert not verify_password("Secret", theirs)
    salt = b"Y\xda\xa1\xfa\xe8\x19c\x9e\x811\xdd\xe7"
    assert hash_password("secret", salt=salt) == theirs
    ours = hash_password("secret")
    assert ours.startswith("$7$101$") and ours != hash_password("secret")  # salted
    assert verify_password("secret", ours)


def test_the_mosquitto_files(tmp_path: Path) -> None:
    network: StoreNetwork = load_store_network(write(tmp_path, GOOD))
    for account in network.accounts:
        ensure_password(network.secrets_dir, account)
    files = write_mosquitto_config(network, tmp_path / "out")
    lines = files.passwords.read_text().splitlines()
    assert [line.split(":")[0] for line in lines] == ["kiosk-1", "kiosk-2", "console-1"]
    for line, account in zip(lines, network.accounts, strict=True):
        password = read_password(network.secrets_dir, account)
        assert verify_password(password, line.split(":", 1)[1])
        assert password not in files.passwords.read_text()
    assert stat.S_IMODE(files.passwords.stat().st_mode) == 0o600
    acl = files.acl.read_text()
    assert acl == acl_text(network)
    # nothing before the first user line: such rules would apply to anonymous clients
    rules = [line for line in acl.splitlines() if line and not line.startswith("#")]
    assert all(line.startswith(("user ", "topic ")) for line in rules)  # no 'pattern' lines
    assert "admin" not in acl and "%" not in acl
    assert rules[0] == "user kiosk-1"
    assert "topic write selfscan/v1/test-store/kiosk/+/cmd/console-1" in acl
    conf = files.config.read_text()
    for expected in (
        "allow_anonymous false",
        f"password_file {files.passwords}",
        f"acl_file {files.acl}",
        "listener 1883 127.0.0.1",
        "persistence true",
        f"persistence_location {files.data}/",
        "max_queued_messages 1000",
        "persistent_client_expiration 24h",
    ):
        assert expected in conf.splitlines(), expected
    assert "certfile" not in conf and files.data.is_dir()
