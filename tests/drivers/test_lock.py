"""drivers.lock: one holder per device, the holder named, gone with its process."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from drivers.lock import DeviceInUse, DeviceLock


def test_second_holder_is_told_who_holds_it(tmp_path: Path) -> None:
    kiosk = DeviceLock("/dev/ttyACM0", "kiosk kiosk-1", tmp_path)
    diag = DeviceLock("/dev/ttyACM0", "selfscan-diag", tmp_path)
    with kiosk:
        assert diag.holder() is not None
        assert diag.holder()[0] == "kiosk kiosk-1"  # type: ignore[index]
        with pytest.raises(DeviceInUse, match="in use by kiosk kiosk-1") as caught:
            diag.acquire()
        assert caught.value.owner == "kiosk kiosk-1"
        assert not diag.held
    assert diag.holder() is None
    with diag:
        assert diag.held


def test_links_to_one_port_share_one_lock(tmp_path: Path) -> None:
    """/dev/serial/by-id/... and /dev/ttyACM0 are one port: they must share one lock."""
    port_dir = Path(tempfile.mkdtemp(prefix="selfscan-lock-", dir="/dev/shm"))
    try:
        port = port_dir / "ttyACM7"
        port.touch()
        link = port_dir / "usb-Scanner_1234-if00"
        link.symlink_to(port)
        with DeviceLock(str(port), "kiosk-1", tmp_path), pytest.raises(DeviceInUse):
            DeviceLock(str(link), "selfscan-diag", tmp_path).acquire()
        other = DeviceLock("tcp://10.0.0.6:9100", "kiosk-2", tmp_path)
        with DeviceLock("tcp://10.0.0.5:9100", "kiosk-1", tmp_path), other:
            assert other.held
    finally:
        shutil.rmtree(port_dir, ignore_errors=True)


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from drivers.lock import DeviceLock; "
        f"DeviceLock('tcp://127.0.0.1:20007', 'kiosk kiosk-9', Path({str(tmp_path)!r})).acquire(); "
        "print('held', flush=True); sys.stdin.read()"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == b"held\n"
        lock = DeviceLock("tcp://127.0.0.1:20007", "selfscan-diag", tmp_path)
        assert lock.holder() == ("kiosk kiosk-9", child.pid)
    finally:
        child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()
    lock.acquire()
    assert lock.held
    lock.release()
