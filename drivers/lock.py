"""Who holds a device: one advisory lock file per device address.

A kiosk holds the lock of each device it drives for as long as it runs; the
diagnostics tool asks for the same lock and, finding it held, reports the device as
"in use by kiosk X" instead of fighting the kiosk for the port. Locks are ``flock``
locks, so they vanish with the process that held them (a killed kiosk leaves no stale
lock), and the file says who holds it (JSON: owner and pid) for the message.

The directory is ``$SELFSCAN_LOCK_DIR``, else ``/run/lock/selfscan`` when it can be
made, else ``selfscan-locks`` in the temporary directory.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
from pathlib import Path

__all__ = ["DeviceInUse", "DeviceLock", "lock_directory"]


class DeviceInUse(Exception):
    """The device is held by another process."""

    def __init__(self, address: str, owner: str, pid: int | None) -> None:
        holder = owner if pid is None else f"{owner} (pid {pid})"
        super().__init__(f"{address} is in use by {holder}")
        self.address = address
        self.owner = owner
        self.pid = pid


def lock_directory() -> Path:
    configured = os.environ.get("SELFSCAN_LOCK_DIR")
    candidates = [Path(configured)] if configured else [Path("/run/lock/selfscan")]
    candidates.append(Path(tempfile.gettempdir()) / "selfscan-locks")
    for candidate in candidates:
        try:
            candidate.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK):
            return candidate
    raise OSError(f"no writable lock directory among {', '.join(map(str, candidates))}")


def _file_name(address: str) -> str:
    """A file name for an address: its real path for ports (links resolved), made safe."""
    if address.startswith("/dev/"):
        with contextlib.suppress(OSError):
            address = os.path.realpath(address)
    return re.sub(r"[^A-Za-z0-9._-]", "_", address).strip("_") + ".lock"


class DeviceLock:
    """The lock of the device at ``address``, taken in the name of ``owner``."""

    def __init__(self, address: str, owner: str, directory: Path | None = None) -> None:
        self.address = address
        self.owner = owner
        self.path = (directory or lock_directory()) / _file_name(address)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`DeviceInUse` naming who holds it."""
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise DeviceInUse(self.address, *holder) from None
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"owner": self.owner, "pid": os.getpid()}).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            os.close(fd)  # closing drops the flock

    def holder(self) -> tuple[str, int | None] | None:
        """Who holds the lock now (None when free or held by us)."""
        if self._fd is not None:
            return None
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(fd)
        finally:
            os.close(fd)
        return None

    def __enter__(self) -> DeviceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_holder(fd: int) -> tuple[str, int | None]:
    try:
        data = json.loads(os.pread(fd, 4096, 0) or b"{}")
        owner = str(data.get("owner") or "another process")
        pid = data.get("pid")
        return owner, pid if isinstance(pid, int) else None
    except (OSError, ValueError, AttributeError):
        return "another process", None
