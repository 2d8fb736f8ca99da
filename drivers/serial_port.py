"""What the serial drivers share about ports: which errors mean the port is gone, and
what a failure to open one means."""

from __future__ import annotations

import errno

import serial

from drivers.device import FaultReason

__all__ = ["PORT_ERRORS", "open_fault"]

try:
    import termios

    PORT_ERRORS: tuple[type[BaseException], ...] = (
        serial.SerialException,
        OSError,
        TypeError,
        termios.error,
    )
except ImportError:  # pragma: no cover - not a POSIX system
    PORT_ERRORS = (serial.SerialException, OSError, TypeError)
"""Errors of a port that broke under the driver. TypeError: pyserial using a port that
``cancel_read()`` / ``close()`` closed under it; ``termios.error``: a vanished pty."""


def open_fault(error: BaseException) -> FaultReason:
    """Why a port could not be opened: not there, not ours to open, or something else."""
    code = getattr(error, "errno", None)
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return FaultReason.NOT_FOUND
    if code in (errno.EACCES, errno.EPERM):
        return FaultReason.PERMISSION_DENIED
    return FaultReason.OTHER
