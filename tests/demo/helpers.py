"""Shared by the demo's tests: waiting on a condition with a deadline, pictures, processes."""

from __future__ import annotations

import json
import os
import socket
import tomllib
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def assert_picture(path: Path, width: int | None = None, height: int | None = None) -> None:
    """A PNG of the expected size that shows something (many colours, not one flat field)."""
    assert path.is_file(), f"{path} is missing"
    with Image.open(path) as picture:
        assert picture.format == "PNG"
        if width is not None:
            assert picture.size == (width, height), path
        small = picture.convert("RGB").resize((160, 100))
        colours = small.getcolors(maxcolors=160 * 100)
        assert colours is not None and len(colours) > 20, f"{path} looks blank"
        # no single colour covers nearly everything
        assert max(count for count, _ in colours) < 0.95 * 160 * 100, f"{path} looks blank"


def alive(pid: int, marker: str) -> bool:
    """True while process ``pid`` runs and its command line has ``marker`` (a reused pid
    of another program does not count)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    if stat.rsplit(")", 1)[1].split()[0] == "Z":  # a zombie has stopped
        return False
    return marker.encode() in cmdline


def started_processes(run_dir: Path) -> list[dict[str, object]]:
    """The demo's list of what it started (``processes.json``)."""
    data = json.loads((run_dir / "processes.json").read_text(encoding="utf-8"))
    return list(data["processes"])


def marker(what: str) -> str:
    """What the command line of a process listed as ``what`` has in it."""
    if what == "broker":
        return "selfscan_broker.cli"
    if what.endswith(" console"):
        return "attendant.app"
    if what.endswith(" kiosk"):
        return "kiosk.app"
    return "drivers.sim"


def broker_port(run_dir: Path) -> int | None:
    """The port of the demo's broker (``<run>/store.toml``), None without a network."""
    store = run_dir / "store.toml"
    if not store.exists():
        return None
    return int(tomllib.loads(store.read_text(encoding="utf-8"))["listener"]["port"])


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def assert_none_left(run_dir: Path) -> None:
    """Every process the demo listed has ended, the simulators' ports are gone and
    nothing listens on the broker's port any more."""
    processes = started_processes(run_dir)
    assert processes
    for process in processes:
        what = str(process["what"])
        assert not alive(int(process["pid"]), marker(what)), f"{process} is still running"  # type: ignore[call-overload]
    for config in run_dir.glob("kiosk-*.toml"):
        for line in config.read_text(encoding="utf-8").splitlines():
            if line.startswith('url = "/dev/shm/'):
                assert not os.path.lexists(line.split('"')[1]), line
    port = broker_port(run_dir)
    if port is not None:
        assert not listening(port), f"something still listens on the broker's port {port}"
