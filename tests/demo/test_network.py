"""The demo's store network on its own: the files it writes read back as the kiosk, the
console and the broker read them, and the broker is a real ``selfscan-broker serve``
process that finds a port of its own (never one somebody else listens on)."""

from __future__ import annotations

import socket
import stat
from collections.abc import Iterator

import pytest

from attendant.config import load_console_config
from kiosk.config import load_kiosk_config
from selfscan_broker.network import load_store_network
from selfscan_demo.lanes import EXAMPLES, DemoError, DemoLane
from selfscan_demo.network import DemoNetwork, free_port
from selfscan_demo.staff import staff_paths
from tests.demo.helpers import ROOT, listening

STORE = {"id": "demo-store", "name": "Supermarkt De Hoek"}


def network_in(run, **kwargs) -> DemoNetwork:  # type: ignore[no-untyped-def]
    network = DemoNetwork(run, ["kiosk-1", "kiosk-2"], STORE, catalog=ROOT / "catalog.db", **kwargs)
    network.ensure_accounts()
    return network


@pytest.fixture(params=["listener", "bound"])
def taken(request) -> Iterator[int]:  # type: ignore[no-untyped-def]
    """A loopback port somebody else (this test) has: listening on it, or only bound to
    it (as a client's connection holds its own end), which accepts no connection."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        if request.param == "listener":
            other.listen()
        yield other.getsockname()[1]


def test_the_files_point_the_kiosks_and_the_console_at_the_demos_broker(tmp_path) -> None:
    network = network_in(tmp_path)
    network.port = 41234  # as start_broker would choose it
    network.write_store_file(network.port)
    store = load_store_network(network.store_file)
    assert store.kiosks == ("kiosk-1", "kiosk-2") and store.consoles == ("console-1",)
    assert (store.listener.host, store.listener.port) == ("127.0.0.1", 41234)
    assert store.secrets_dir == tmp_path.resolve() / "secrets"
    for account in ("kiosk-1", "kiosk-2", "console-1"):
        mode = network.password_file(account).stat().st_mode
        assert stat.S_IMODE(mode) == 0o600, account

    lane = DemoLane(EXAMPLES[1], tmp_path, catalog=ROOT / "catalog.db")
    kiosk = load_kiosk_config(lane.write_config(network.kiosk_broker("kiosk-2"))).broker
    assert (kiosk.enabled, kiosk.host, kiosk.port, kiosk.username) == (
        True, "127.0.0.1", 41234, "kiosk-2",
    )  # fmt: skip
    assert kiosk.password_file == network.password_file("kiosk-2")

    console = load_console_config(network.write_console_config())
    assert console.console.id == "console-1" and console.kiosks == ("kiosk-1", "kiosk-2")
    assert (console.broker.port, console.broker.username) == (41234, "console-1")
    assert console.broker.embedded is False  # the demo's broker, never a second one
    assert console.broker.password_file == network.password_file("console-1")
    database, key = staff_paths(tmp_path.resolve())
    assert (console.paths.store, console.paths.staff_key) == (str(database), key)
    assert console.paths.data_dir == tmp_path.resolve() / "console-1"


def test_a_kiosk_without_the_network_stays_off_it(tmp_path) -> None:
    lane = DemoLane(EXAMPLES[0], tmp_path, catalog=ROOT / "catalog.db")
    assert load_kiosk_config(lane.write_config()).broker.enabled is False


def test_the_console_window_is_never_smaller_than_a_console_allows(tmp_path) -> None:
    assert network_in(tmp_path, screen="1920x1080").screen == "1920x1080"
    assert network_in(tmp_path, screen="800x600").screen == "1280x800"


def test_the_broker_moves_to_another_port_when_its_port_was_taken(tmp_path, taken) -> None:
    ports = iter([taken])
    network = network_in(tmp_path, pick_port=lambda host: next(ports, None) or free_port(host))
    try:
        network.start_broker()
        assert network.port != taken
        assert network.broker_running and listening(network.port)
        assert f"port = {network.port}" in network.store_file.read_text(encoding="utf-8")
        log = network.broker_log.read_text(encoding="utf-8")
        assert "could not start" in log  # the first try, on the taken port
        assert f"listening on 127.0.0.1:{network.port}" in log
        assert network.status().startswith(f"broker running on 127.0.0.1:{network.port} (pid ")
    finally:
        assert network.stop_broker() == 0  # SIGTERM: a clean stop
    assert not listening(network.port)
    assert network.status().startswith("broker exited (status 0")


def test_a_broker_that_cannot_listen_is_reported_with_its_log(tmp_path, taken) -> None:
    network = network_in(tmp_path, pick_port=lambda _host: taken)
    with pytest.raises(DemoError) as error:
        network.start_broker(tries=1)
    said = str(error.value)
    assert f"before it listened on 127.0.0.1:{taken}" in said
    assert str(network.broker_log) in said and "could not start" in said
    assert not network.broker_running
