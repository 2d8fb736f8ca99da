"""Technician diagnostics over a lane's devices (Qt-free; ``selfscan-diag`` and the kiosk's
diagnostics screen both use it).

For each enabled device :func:`diagnose` takes the device's lock (a device held by a
running kiosk is reported as "in use by kiosk X" and left alone), builds the real driver
(:func:`drivers.registry.create_device`; a ``sim:`` address starts its simulator), opens
it, waits for it to settle, runs a health check, runs the tests asked for (test print,
test scan, test weigh, terminal handshake and last transaction), and reports identity,
state, statistics (kept in the kiosk's data directory) and the errors seen meanwhile.

Interactive tests need a person: to scan the test code, to put a weight on the scale, to
read the test print. With simulated devices an ``actor`` plays that person by driving
the simulator (see :func:`simulated_actor`).
"""

from __future__ import annotations

import contextlib
import enum
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from drivers.config import DeviceConfig, DeviceKind
from drivers.device import (
    Device,
    DeviceEvent,
    DeviceState,
    ErrorEvent,
    HealthLevel,
    HealthReport,
    StatusEvent,
)
from drivers.lock import DeviceInUse, DeviceLock
from drivers.registry import create_device

__all__ = [
    "DeviceReport",
    "DiagnosticsReport",
    "Test",
    "diagnose",
    "list_ports",
    "simulated_actor",
]

SETTLE_TIMEOUT = 5.0
"""Seconds a freshly opened device gets to come online (or say why not)."""

OFFLINE_GRACE = 1.0
"""Seconds a device that is offline just after opening gets to come online."""

TEST_CODE = "5400141288766"
"""The code the test scan expects from a simulated scanner (a valid EAN-13)."""


class Test(enum.StrEnum):
    PRINT = "print"
    SCAN = "scan"
    WEIGH = "weigh"
    LIGHT = "light"
    TERMINAL = "terminal"


TEST_KIND: dict[Test, DeviceKind] = {
    Test.PRINT: DeviceKind.PRINTER,
    Test.SCAN: DeviceKind.SCANNER,
    Test.WEIGH: DeviceKind.SCALE,
    Test.LIGHT: DeviceKind.LANE_LIGHT,
    Test.TERMINAL: DeviceKind.PAYMENT_TERMINAL,
}

Actor = Callable[[str, DeviceKind, Test, threading.Event], None]
"""Plays the person in an interactive test: called (device name, kind, test, done) on its
own thread as the test starts; it acts until ``done`` is set (the test has finished)."""


@dataclass
class DeviceReport:
    name: str
    kind: str
    driver: str
    address: str
    simulated: bool
    ok: bool = False
    in_use_by: str | None = None
    state: str = "closed"
    reason: str | None = None
    detail: str = ""
    identity: dict[str, Any] = field(default_factory=dict)
    health: dict[str, Any] | None = None
    tests: dict[str, dict[str, Any]] = field(default_factory=dict)
    statistics: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if self.in_use_by:
            return f"in use by {self.in_use_by}"
        if self.ok:
            return "healthy"
        why = self.reason or "failed"
        return f"FAILED: {why}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class DiagnosticsReport:
    started: str
    finished: str = ""
    ports: list[dict[str, Any]] = field(default_factory=list)
    devices: list[DeviceReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(d.ok for d in self.devices if d.in_use_by is None)

    @property
    def in_use(self) -> list[DeviceReport]:
        return [d for d in self.devices if d.in_use_by is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "started": self.started,
            "finished": self.finished,
            "ports": self.ports,
            "devices": [asdict(d) | {"summary": d.summary} for d in self.devices],
        }


def list_ports() -> list[dict[str, Any]]:
    """The machine's serial ports with their USB ids, as far as the system tells."""
    from serial.tools import list_ports as serial_ports

    ports = []
    for port in sorted(serial_ports.comports(), key=lambda p: p.device):
        ports.append(
            {
                "device": port.device,
                "description": port.description,
                "usb_vid": None if port.vid is None else f"{port.vid:04x}",
                "usb_pid": None if port.pid is None else f"{port.pid:04x}",
                "serial_number": port.serial_number,
                "manufacturer": port.manufacturer,
                "product": port.product,
                "location": port.location,
            }
        )
    return ports


class _Recorder:
    """Collects what a device reports while it is being diagnosed."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.changed = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        stamp = datetime.now(UTC).strftime("%H:%M:%S")
        if isinstance(event, ErrorEvent):
            self.errors.append(f"{stamp} error {event.reason.value}: {event.detail}")
        elif isinstance(event, StatusEvent) and event.new.state in (
            DeviceState.OFFLINE,
            DeviceState.ERROR,
        ):
            self.errors.append(f"{stamp} status {event.new}")
        with self.changed:
            self.changed.notify_all()


def _settle(device: Device, recorder: _Recorder, timeout: float) -> None:
    """Wait for the device to give an answer after ``open()``.

    Online and error are answers. Closed means the driver has not tried yet: wait up to
    ``timeout``. Offline means its first attempt failed (port missing, terminal not
    reachable); a device being plugged in may still come, so wait :data:`OFFLINE_GRACE`.
    """
    start = time.monotonic()
    with recorder.changed:
        while True:
            state = device.status.state
            if state in (DeviceState.ONLINE, DeviceState.ERROR):
                return
            limit = timeout if state is DeviceState.CLOSED else min(timeout, OFFLINE_GRACE)
            left = start + limit - time.monotonic()
            if left <= 0:
                return
            recorder.changed.wait(min(left, 0.1))


def _identity(device: Device) -> dict[str, Any]:
    identity = asdict(device.identity)
    for key in ("usb_vid", "usb_pid"):
        if identity.get(key) is not None:
            identity[key] = f"{identity[key]:04x}"
    return {k: v for k, v in identity.items() if v is not None}


def _run_health(
    device: Device,
    name: str,
    kind: DeviceKind,
    test: Test,
    timeout: float,
    actor: Actor | None,
) -> HealthReport:
    """An interactive check, with ``actor`` (if any) playing the person on its own thread."""
    done = threading.Event()
    player = None
    if actor is not None:
        player = threading.Thread(
            target=actor, args=(name, kind, test, done), name=f"diag actor {name}", daemon=True
        )
        player.start()
    try:
        return device.check_health(HealthLevel.INTERACTIVE, timeout=timeout)
    finally:
        done.set()
        if player is not None:
            player.join(5)


def _last_transaction(device: Device) -> dict[str, Any]:
    query = getattr(device, "transaction_status", None)
    if query is None:
        return {"ok": False, "detail": "this terminal driver cannot report its last transaction"}
    try:
        result = query()
    except Exception as error:
        return {"ok": False, "detail": f"{type(error).__name__}: {error}"}
    describe = getattr(result, "to_dict", None)
    shown: Any = describe() if callable(describe) else str(result)
    outcome = getattr(result, "outcome", None)
    amount = getattr(result, "amount_cents", None)
    summary = f"last transaction: {getattr(outcome, 'value', outcome)}"
    if amount:
        summary += f", {amount} cents"
    if getattr(result, "detail", ""):
        summary += f" ({result.detail})"
    return {"ok": True, "detail": summary, "last_transaction": shown}


def _diagnose_one(
    name: str,
    config: DeviceConfig,
    *,
    data_dir: Path | None,
    simulators: Any,
    tests: set[Test],
    level: HealthLevel,
    timeout: float,
    actor: Actor | None,
    owner: str,
    faults: dict[str, str],
    lock_dir: Path | None,
) -> DeviceReport:
    report = DeviceReport(
        name=name,
        kind=config.kind.value,
        driver=config.driver,
        address=config.url,
        simulated=config.simulated,
    )
    lock = None if config.simulated else DeviceLock(config.url, owner, lock_dir)
    try:
        if lock is not None:
            lock.acquire()
    except DeviceInUse as busy:
        report.in_use_by = busy.owner
        report.detail = str(busy)
        return report
    device: Device | None = None
    recorder = _Recorder()
    try:
        try:
            device = create_device(name, config, data_dir=data_dir, simulators=simulators)
        except Exception as error:
            report.reason = "driver_error"
            report.detail = f"{type(error).__name__}: {error}"
            return report
        report.address = getattr(device, "url", None) or report.address
        if config.simulated and simulators is not None:
            report.driver = f"{simulators[name].driver_config.driver} (simulated)"
        if name in faults and simulators is not None:
            simulators[name].call("set_fault", fault=faults[name])
        device.add_listener(recorder)
        if device.statistics.load_error:
            recorder.errors.append(device.statistics.load_error)
        device.open()
        _settle(device, recorder, SETTLE_TIMEOUT)
        kind = config.kind
        health = device.check_health(level, timeout=timeout)
        report.health = health.to_dict()
        passed = health.ok
        for test in sorted(tests):
            if TEST_KIND[test] is not kind:
                continue
            if test is Test.TERMINAL:
                outcome = _last_transaction(device)
            else:
                result = _run_health(device, name, kind, test, timeout, actor)
                outcome = result.to_dict()
            report.tests[test.value] = outcome
            passed = passed and bool(outcome.get("ok"))
        status = device.status
        report.state = status.state.value
        if not health.ok:
            report.reason = health.reason.value if health.reason else "failed"
            report.detail = health.detail
        elif not passed:
            failed = next(t for t in report.tests.values() if not t.get("ok"))
            report.reason = failed.get("reason") or "test_failed"
            report.detail = failed.get("detail", "")
        report.ok = passed
        report.identity = _identity(device)
        report.statistics = device.statistics.snapshot()
        return report
    finally:
        if device is not None:
            with contextlib.suppress(Exception):
                device.close()
            report.statistics = device.statistics.snapshot()
        report.errors = recorder.errors[-20:]
        if lock is not None:
            lock.release()


def diagnose(
    devices: dict[str, DeviceConfig],
    *,
    data_dir: Path | None = None,
    simulators: Any = None,
    tests: Iterable[Test] = (),
    level: HealthLevel = HealthLevel.EXTERNAL,
    timeout: float = 30.0,
    actor: Actor | None = None,
    owner: str = "selfscan-diag",
    faults: dict[str, str] | None = None,
    lock_dir: Path | None = None,
    include_ports: bool = True,
) -> DiagnosticsReport:
    """Check every enabled device in ``devices``; never raises for a device's fault.

    ``simulators`` is the :class:`drivers.sim.host.SimulatorHost` on which ``sim:``
    devices start (required when there are any); ``faults`` maps device names to a
    simulator fault to set before the check (to see a failing device reported).
    """
    report = DiagnosticsReport(started=datetime.now(UTC).isoformat(timespec="seconds"))
    if include_ports:
        try:
            report.ports = list_ports()
        except Exception as error:  # a broken sysfs must not hide the devices
            report.ports = [{"error": f"{type(error).__name__}: {error}"}]
    wanted = set(tests)
    for name, config in devices.items():
        if not config.enabled:
            continue
        report.devices.append(
            _diagnose_one(
                name,
                config,
                data_dir=data_dir,
                simulators=simulators,
                tests=wanted,
                level=level,
                timeout=timeout,
                actor=actor,
                owner=owner,
                faults=faults or {},
                lock_dir=lock_dir,
            )
        )
    report.finished = datetime.now(UTC).isoformat(timespec="seconds")
    return report


def simulated_actor(simulators: Any) -> Actor:
    """A stand-in person for interactive tests on simulated devices.

    It scans :data:`TEST_CODE` on the scanner simulator and puts 500 g on the scale and
    takes it off again. A test print and the light's colour cycle need no action: the
    simulator keeps what was printed and shown.
    """

    def act(name: str, kind: DeviceKind, test: Test, done: threading.Event) -> None:
        handle = simulators.handles.get(name)
        if handle is None:  # a real device among simulated ones: a real person acts
            return
        # The person repeats the action until the check has seen it, as a person would:
        # a scan made before the check listened is not lost on the test.
        loaded = False
        while not done.wait(0.25):
            if test is Test.SCAN:
                handle.call("scan", data=TEST_CODE)
            elif test is Test.WEIGH:
                loaded = not loaded
                handle.call("set_weight", grams=500 if loaded else 0, stable=True)
            else:
                return

    return act
