"""A pseudo-terminal that plays a serial device, with plug and unplug.

The simulator holds the master side; the real driver opens :attr:`SimPty.path`, which
is a symlink (like ``/dev/serial/by-id/...``) in a directory under ``/dev/shm`` when a
link directory is given, or the slave's ``/dev/pts/N`` itself otherwise. Unplugging
closes the master (the driver's next read fails with EIO, as a pulled USB cable makes
it fail) and removes the link; plugging in again opens a fresh pty and points the link
at it, or at a new name to play a device that comes back on another port.
"""

from __future__ import annotations

import contextlib
import os
import select
import tempfile
import threading
import tty
from pathlib import Path

__all__ = ["SimPty", "link_directory"]


def link_directory(prefix: str = "selfscan-sim-") -> Path:
    """A fresh directory under /dev/shm for port links (the config accepts /dev/... paths)."""
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))


class SimPty:
    """The device side of a serial line.

    Use one from one thread: :meth:`unplug` closes the descriptor that :meth:`read` may
    be waiting on in another thread, and the next :meth:`plug` may get the same number.
    A simulator does all its pty work (reads, writes, plug, unplug) on its own thread.
    """

    def __init__(self, link: str | os.PathLike[str] | None = None) -> None:
        self.link = Path(link) if link is not None else None
        self._lock = threading.Lock()
        self._master: int | None = None
        self._slave: int | None = None
        self.slave_path: str | None = None
        self.plug()

    @property
    def path(self) -> str:
        """Where the driver opens the port: the link, or the slave's own path."""
        if self.link is not None:
            return str(self.link)
        assert self.slave_path is not None
        return self.slave_path

    @property
    def plugged(self) -> bool:
        return self._master is not None

    def plug(self, link: str | os.PathLike[str] | None = None) -> None:
        """Open a fresh pty (if unplugged) and point the link at it; ``link`` renames it."""
        with self._lock:
            if self._master is None:
                master, slave = os.openpty()
                tty.setraw(slave)
                tty.setraw(master)
                # Non-blocking: a read racing an unplug (whose descriptor number a new pty
                # may reuse) returns nothing instead of waiting on an idle port forever.
                os.set_blocking(master, False)
                self._master, self._slave = master, slave
                self.slave_path = os.ttyname(slave)
            if link is not None:
                self.link = Path(link)
            if self.link is not None:
                tmp = self.link.with_name(f".{self.link.name}.new")
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
                os.symlink(self.slave_path, tmp)
                os.replace(tmp, self.link)

    def unplug(self) -> None:
        """Pull the cable: the driver's reads fail and the port's name disappears."""
        with self._lock:
            if self.link is not None:
                with contextlib.suppress(FileNotFoundError):
                    self.link.unlink()
            master, slave = self._master, self._slave
            self._master = self._slave = None
            for fd in (master, slave):
                if fd is not None:
                    with contextlib.suppress(OSError):
                        os.close(fd)

    close = unplug

    def write(self, data: bytes) -> int:
        """Send ``data`` to the driver; returns bytes written (0 when unplugged)."""
        master = self._master
        if master is None:
            return 0
        view = memoryview(data)
        sent = 0
        try:
            while sent < len(view):
                try:
                    sent += os.write(master, view[sent:])
                except BlockingIOError:  # the driver is not reading: wait until it does
                    select.select([], [master], [], 1.0)
        except OSError:
            return sent
        return sent

    def read(self, timeout: float | None = 0.1, size: int = 4096) -> bytes:
        """What the driver sent, waiting up to ``timeout`` s for the first byte (b"" if none)."""
        master = self._master
        if master is None:
            return b""
        try:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                return b""
            return os.read(master, size)
        except (OSError, ValueError):  # BlockingIOError included: nothing after all
            return b""

    def fileno(self) -> int | None:
        return self._master
