"""The device model every driver follows, after UnifiedPOS in Python idiom (Qt-free).

A :class:`Device` is opened (it takes the port and starts its thread), enabled (it
delivers data), disabled and closed. It has a :class:`DeviceStatus` (closed, online,
offline or error, with a typed :class:`FaultReason`), a :class:`DeviceIdentity`, and
:class:`Statistics` kept across restarts. Listeners added with
:meth:`Device.add_listener` receive :class:`DataEvent`, :class:`ErrorEvent` and
:class:`StatusEvent` objects, on the driver's own thread: a kiosk hands them over to its
GUI thread itself. A listener that raises is logged and never stops the driver.
"""

from __future__ import annotations

import contextlib
import enum
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

__all__ = [
    "DataEvent",
    "Device",
    "DeviceError",
    "DeviceEvent",
    "DeviceIdentity",
    "DeviceState",
    "DeviceStatus",
    "ErrorEvent",
    "FaultReason",
    "HealthCheckFailed",
    "HealthLevel",
    "HealthReport",
    "Listener",
    "Statistics",
    "StatusEvent",
]


class DeviceState(enum.StrEnum):
    CLOSED = "closed"
    """Not opened (or closed again): the driver holds no port and runs no thread."""
    ONLINE = "online"
    """The device is there and talking."""
    OFFLINE = "offline"
    """The device is gone (unplugged, not found); the driver keeps trying to get it back."""
    ERROR = "error"
    """The device is there but cannot work (paper out, cover open, protocol broken)."""


class FaultReason(enum.StrEnum):
    UNPLUGGED = "unplugged"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    TIMEOUT = "timeout"
    PROTOCOL_ERROR = "protocol_error"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    CUTTER_ERROR = "cutter_error"
    MECHANICAL_ERROR = "mechanical_error"
    UNRECOVERABLE_ERROR = "unrecoverable_error"
    DEVICE_OFFLINE = "device_offline"
    """The device answers but says it is offline (e.g. a printer between errors)."""
    CONNECTION_LOST = "connection_lost"
    """A network device's connection broke or stopped answering."""
    BUSY = "busy"
    NOT_REGISTERED = "not_registered"
    """A payment terminal that has not accepted our registration."""
    OUTCOME_UNKNOWN = "outcome_unknown"
    """A payment terminal whose last transaction's outcome is not yet known."""
    OVERLOAD = "overload"
    UNDER_ZERO = "under_zero"
    INTERACTIVE_TIMEOUT = "interactive_timeout"
    """An interactive health check where nobody did the test (scan, read) in time."""
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    state: DeviceState
    reason: FaultReason | None = None
    detail: str = ""

    def __str__(self) -> str:
        text = self.state.value if self.reason is None else f"{self.state}/{self.reason}"
        return f"{text}: {self.detail}" if self.detail else text


CLOSED = DeviceStatus(DeviceState.CLOSED)


@dataclass(frozen=True, slots=True)
class DeviceIdentity:
    """What is known about the device; the fields a device does not tell stay None."""

    kind: str
    model: str | None = None
    port: str | None = None
    usb_vid: int | None = None
    usb_pid: int | None = None
    serial_number: str | None = None
    firmware: str | None = None


class HealthLevel(enum.StrEnum):
    """How far a health check goes (UnifiedPOS ``checkHealth`` levels)."""

    INTERNAL = "internal"
    """The driver checks itself without talking to the device (port open, thread alive)."""
    EXTERNAL = "external"
    """The driver talks to the device (a status query, a handshake) and reads its answer."""
    INTERACTIVE = "interactive"
    """A person takes part: scans the test code, reads the test print, puts on a weight."""


@dataclass(frozen=True, slots=True)
class HealthReport:
    """The outcome of one health check."""

    kind: str
    level: HealthLevel
    ok: bool
    status: DeviceStatus
    reason: FaultReason | None = None
    detail: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    """What the check learnt, in order (``("paper", "near end")``, ``("firmware", "1.2")``)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "level": self.level.value,
            "ok": self.ok,
            "state": self.status.state.value,
            "reason": None if self.reason is None else self.reason.value,
            "detail": self.detail,
            "facts": dict(self.facts),
        }


class HealthCheckFailed(Exception):
    """Raised by a driver's check to say what is wrong; :meth:`Device.check_health` reports it."""

    def __init__(self, reason: FaultReason, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class DataEvent:
    payload: Any
    """What the device delivered, e.g. a :class:`drivers.scanner.Scan`."""


@dataclass(frozen=True, slots=True)
class ErrorEvent:
    reason: FaultReason
    detail: str = ""
    cause: Any = None
    """The driver's own record of the error (e.g. a ``FrameError``), or None."""


@dataclass(frozen=True, slots=True)
class StatusEvent:
    old: DeviceStatus
    new: DeviceStatus


DeviceEvent: TypeAlias = DataEvent | ErrorEvent | StatusEvent
Listener: TypeAlias = Callable[[DeviceEvent], object]


class DeviceError(Exception):
    """A device was used in a way its state does not allow (e.g. enabled while closed)."""


class Statistics:
    """Named integer counters, kept as JSON in ``path`` (None: in memory only).

    Every change is written at once, atomically (temp file + ``os.replace``). A file that
    cannot be read as counters is moved aside to ``<name>.corrupt``, logged, reported in
    :attr:`load_error`, and the counters start from zero. A failed write is logged and the
    counters carry on in memory: statistics never stop a device.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, logger: str = "drivers"):
        self.path = Path(path) if path is not None else None
        self.load_error: str | None = None
        self._log = logging.getLogger(logger)
        self._lock = threading.Lock()
        self._counters: dict[str, int] = {}
        if self.path is not None:
            self._load(self.path)

    def _load(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except OSError as error:
            self._corrupt(path, f"cannot read: {error}", move=False)
            return
        try:
            data = json.loads(text)
        except ValueError as error:
            self._corrupt(path, f"not JSON: {error}")
            return
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and type(v) is int and v >= 0 for k, v in data.items()
        ):
            self._corrupt(path, "not an object of non-negative integer counters")
            return
        self._counters = dict(data)

    def _corrupt(self, path: Path, why: str, *, move: bool = True) -> None:
        self.load_error = f"statistics file {path} {why}; starting from zero"
        if move:
            aside = path.with_name(path.name + ".corrupt")
            try:
                os.replace(path, aside)
            except OSError as error:
                self.load_error += f" (could not move it aside: {error})"
            else:
                self.load_error += f" (kept as {aside.name})"
        self._log.warning("%s", self.load_error)

    def increment(self, name: str, by: int = 1) -> int:
        """Add ``by`` to counter ``name``, save, and return the new value."""
        if by < 0:
            raise ValueError(f"counters only go up, not by {by}")
        with self._lock:
            value = self._counters.get(name, 0) + by
            self._counters[name] = value
            self._save_locked()
        return value

    def __getitem__(self, name: str) -> int:
        with self._lock:
            return self._counters.get(name, 0)

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counters)

    def save(self) -> None:
        with self._lock:
            self._save_locked()

    def _save_locked(self) -> None:
        if self.path is None:
            return
        text = json.dumps(self._counters, sort_keys=True, indent=1)
        tmp: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
            )
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(tmp, self.path)
            tmp = None
        except OSError as error:
            self._log.error("cannot save statistics to %s: %s", self.path, error)
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


class Device:
    """Base of every driver: status, identity, listeners, statistics.

    Subclasses implement :meth:`open` and :meth:`close`, report with
    :meth:`_set_status`, and deliver with :meth:`_emit`. Data is delivered only while
    the device is enabled (:attr:`enabled`); subclasses check it.
    """

    def __init__(
        self,
        kind: str,
        *,
        identity: DeviceIdentity | None = None,
        statistics: Statistics | None = None,
    ) -> None:
        self.kind = kind
        self.log = logging.getLogger(f"drivers.{kind}")
        self.statistics = statistics if statistics is not None else Statistics()
        self._identity = identity or DeviceIdentity(kind=kind)
        self._status = CLOSED
        self._enabled = False
        self._listeners: list[Listener] = []
        self._lock = threading.RLock()

    # -- life cycle (UnifiedPOS open / claim / enable rolled into open and enable) --

    def open(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def enable(self) -> None:
        """Start delivering data; the device must be open."""
        with self._lock:
            if self._status.state is DeviceState.CLOSED:
                raise DeviceError(f"{self.kind} is closed: open it before enabling it")
            self._enabled = True

    def disable(self) -> None:
        """Stop delivering data (what the device sends meanwhile is dropped)."""
        with self._lock:
            self._enabled = False

    @property
    def enabled(self) -> bool:
        return self._enabled

    @property
    def status(self) -> DeviceStatus:
        return self._status

    @property
    def identity(self) -> DeviceIdentity:
        return self._identity

    # -- health --

    def check_health(
        self, level: HealthLevel = HealthLevel.INTERNAL, *, timeout: float = 30.0
    ) -> HealthReport:
        """Check the device at ``level`` and report; never raises for a device problem.

        The internal level passes when the device is open and online. The external and
        interactive levels first pass the internal one, then call :meth:`_check_external`
        / :meth:`_check_interactive`, which a driver overrides to talk to its device; they
        return facts as ``(name, value)`` pairs or raise :class:`HealthCheckFailed`.
        ``timeout`` bounds the interactive check (a person may walk away).
        """
        level = HealthLevel(level)
        facts: list[tuple[str, str]] = []
        try:
            facts.extend(self._check_internal())
            if level in (HealthLevel.EXTERNAL, HealthLevel.INTERACTIVE):
                facts.extend(self._check_external())
            if level is HealthLevel.INTERACTIVE:
                facts.extend(self._check_interactive(timeout))
        except HealthCheckFailed as failure:
            self.statistics.increment(f"health_failed_{level.value}")
            return HealthReport(
                self.kind, level, False, self.status, failure.reason, failure.detail, tuple(facts)
            )
        except Exception as error:
            self.log.exception("%s health check failed unexpectedly", self.kind)
            return HealthReport(
                self.kind, level, False, self.status, FaultReason.OTHER, repr(error), tuple(facts)
            )
        return HealthReport(self.kind, level, True, self.status, None, "", tuple(facts))

    def _check_internal(self) -> list[tuple[str, str]]:
        status = self.status
        if status.state is DeviceState.CLOSED:
            raise HealthCheckFailed(FaultReason.OTHER, "the device is not open")
        if status.state is not DeviceState.ONLINE:
            raise HealthCheckFailed(status.reason or FaultReason.OTHER, status.detail)
        return [("state", status.state.value)]

    def _check_external(self) -> list[tuple[str, str]]:
        """Talk to the device; a driver that cannot ask its device anything says so."""
        return [("external", "this device cannot be asked; internal check only")]

    def _check_interactive(self, timeout: float) -> list[tuple[str, str]]:
        raise HealthCheckFailed(FaultReason.OTHER, f"{self.kind} has no interactive check")

    # -- listeners --

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(event)`` for every event; returns a function that removes it."""
        with self._lock:
            self._listeners.append(listener)
        return lambda: self.remove_listener(listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock, contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    def _emit(self, event: DeviceEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:
                self.log.exception("%s listener %r failed on %r", self.kind, listener, event)

    # -- status --

    def _set_status(
        self, state: DeviceState, reason: FaultReason | None = None, detail: str = ""
    ) -> bool:
        """Change the status; log and emit only when state or reason really changes.

        Returns whether it changed. A new detail with the same state and reason is kept
        quietly (a retry loop does not flood the log).
        """
        new = DeviceStatus(state, reason, detail)
        with self._lock:
            old = self._status
            self._status = new
            if state is DeviceState.CLOSED:
                self._enabled = False
        if (old.state, old.reason) == (new.state, new.reason):
            return False
        level = (
            logging.INFO if state in (DeviceState.ONLINE, DeviceState.CLOSED) else logging.WARNING
        )
        self.log.log(level, "%s %s -> %s", self.kind, old, new)
        self._emit(StatusEvent(old, new))
        return True
