"""The devices of one lane, handed to the GUI thread as typed Qt signals.

:class:`LaneDevices` owns the lane's drivers. For each enabled device in the kiosk's
configuration it

* takes the device's :class:`drivers.lock.DeviceLock` in the name of ``kiosk <id>`` (a
  real device only; a simulator is ours alone), so the diagnostics tool reports "in use by
  kiosk 3" instead of fighting for the port; a device held by someone else is reported
  as offline / busy and left alone;
* builds the driver with :func:`drivers.registry.create_device` (a ``sim:`` address
  starts the kind's simulator on the lane's :class:`drivers.sim.host.SimulatorHost` and
  points the real driver at it);
* adds a listener that does nothing but post the event to the GUI thread (a queued
  signal, wrapped in ``try/except``: a driver thread never touches a widget and never
  sees our exceptions);
* opens and enables the driver.

On the GUI thread the events come out as typed signals:

=====================  ====================================================================
``scanned``            a :class:`drivers.scanner.Scan`
``weight``             a :class:`drivers.scale.ScaleReading` (on every change)
``payment_progress``   a :class:`drivers.payment.PaymentProgress` (a terminal prompt)
``payment_result``     a :class:`drivers.payment.PaymentResult`
``printer_status``     a :class:`drivers.printer.PrinterStatus` (on every change)
``device_status``      ``(name, DeviceStatus)``: online, offline / error with a reason
``device_error``       ``(name, ErrorEvent)``: a bad frame, a timeout (the device stays up)
``device_event``       ``(name, event)``: every event, as the driver sent it
=====================  ====================================================================

Blocking operations (a payment, a print) are the caller's to run on a worker thread;
their progress arrives here like everything else.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from drivers.config import DeviceConfig, DeviceKind
from drivers.device import (
    DataEvent,
    Device,
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    ErrorEvent,
    FaultReason,
    StatusEvent,
)
from drivers.lock import DeviceInUse, DeviceLock
from drivers.payment import PaymentProgress, PaymentResult
from drivers.printer.status import PrinterStatus
from drivers.registry import create_device
from drivers.scale import ScaleReading
from drivers.scanner import Scan

if TYPE_CHECKING:
    from drivers.sim.host import SimulatorHost

__all__ = ["LaneDevices"]

log = logging.getLogger("kiosk.devices")


class LaneDevices(QObject):
    """The drivers of one lane; see the module docstring.

    ``simulators``: the host for ``sim:`` devices (when None and the lane has one, a new
    host which this object then also stops; simulator code is imported only then).
    ``lock_directory``: where device locks live (None: the drivers' default,
    ``$SELFSCAN_LOCK_DIR`` or ``/run/lock/selfscan``).
    """

    scanned = Signal(object)
    weight = Signal(object)
    payment_progress = Signal(object)
    payment_result = Signal(object)
    printer_status = Signal(object)
    device_status = Signal(str, object)
    device_error = Signal(str, object)
    device_event = Signal(str, object)

    _posted = Signal(str, object)
    """From a driver thread to the GUI thread (queued)."""

    def __init__(
        self,
        devices: Mapping[str, DeviceConfig],
        *,
        kiosk_id: str,
        data_dir: str | os.PathLike[str] | None = None,
        simulators: SimulatorHost | None = None,
        lock_directory: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.configs = dict(devices)
        self.owner = f"kiosk {kiosk_id}"
        self.data_dir = data_dir
        self._own_host = False
        if simulators is None and any(c.simulated and c.enabled for c in self.configs.values()):
            from drivers.sim.host import SimulatorHost

            simulators = SimulatorHost()
            self._own_host = True
        self.simulators = simulators
        self.lock_directory = lock_directory
        self.devices: dict[str, Device] = {}
        self.locks: dict[str, DeviceLock] = {}
        self.statuses: dict[str, DeviceStatus] = {}
        """The last status seen on the GUI thread, per device name."""
        self._removers: list[object] = []
        self._started = False
        self._posted.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)

    # -- life cycle --

    def start(self) -> None:
        """Lock, build, open and enable every enabled device (may block while a driver's
        first connection attempt runs). A device that cannot be had is reported through
        :attr:`device_status` and left out; the others run."""
        if self._started:
            return
        self._started = True
        for name, config in self.configs.items():
            if not config.enabled:
                continue
            self._start_one(name, config)

    def _start_one(self, name: str, config: DeviceConfig) -> None:
        if not config.simulated:
            lock = DeviceLock(config.url, self.owner, self.lock_directory)
            try:
                lock.acquire()
            except DeviceInUse as error:
                log.error("%s: %s", name, error)
                self._report(name, DeviceStatus(DeviceState.OFFLINE, FaultReason.BUSY, str(error)))
                return
            except OSError as error:
                log.error("%s: cannot lock %s: %s", name, config.url, error)
                self._report(name, DeviceStatus(DeviceState.ERROR, FaultReason.OTHER, str(error)))
                return
            self.locks[name] = lock
        device = create_device(name, config, data_dir=self.data_dir, simulators=self.simulators)
        self.devices[name] = device
        self._removers.append(device.add_listener(lambda event, name=name: self._post(name, event)))
        try:
            device.open()
            device.enable()
        except Exception as error:
            log.exception("%s: cannot open the %s", name, config.kind.value)
            self._report(name, DeviceStatus(DeviceState.ERROR, FaultReason.OTHER, repr(error)))

    def stop(self) -> None:
        """Close every driver, release the locks, stop the simulators we started."""
        for remove in self._removers:
            remove()  # type: ignore[operator]
        self._removers.clear()
        for name, device in reversed(list(self.devices.items())):
            try:
                device.close()
            except Exception:
                log.exception("%s: closing failed", name)
        self.devices.clear()
        for lock in self.locks.values():
            lock.release()
        self.locks.clear()
        if self._own_host and self.simulators is not None:
            self.simulators.stop()
        self._started = False

    # -- lookup --

    def name_of(self, kind: DeviceKind | str) -> str | None:
        """The name of the running device of ``kind`` (one per kind on a lane)."""
        kind = DeviceKind(kind)
        for name in self.devices:
            if self.configs[name].kind is kind:
                return name
        return None

    def device(self, kind: DeviceKind | str) -> Device | None:
        name = self.name_of(kind)
        return None if name is None else self.devices[name]

    # -- from driver threads to the GUI thread --

    def _post(self, name: str, event: DeviceEvent) -> None:
        """Runs on a driver thread: hand over, nothing else."""
        try:
            self._posted.emit(name, event)
        except Exception:  # the bridge is being deleted; the driver must carry on
            log.debug("%s: event %r dropped (bridge gone)", name, event, exc_info=True)

    def _report(self, name: str, status: DeviceStatus) -> None:
        self.statuses[name] = status
        self.device_status.emit(name, status)

    def _dispatch(self, name: str, event: DeviceEvent) -> None:
        """On the GUI thread: one driver event -> typed signals."""
        self.device_event.emit(name, event)
        if isinstance(event, StatusEvent):
            self._report(name, event.new)
        elif isinstance(event, ErrorEvent):
            self.device_error.emit(name, event)
        elif isinstance(event, DataEvent):
            payload = event.payload
            if isinstance(payload, Scan):
                self.scanned.emit(payload)
            elif isinstance(payload, ScaleReading):
                self.weight.emit(payload)
            elif isinstance(payload, PaymentProgress):
                self.payment_progress.emit(payload)
            elif isinstance(payload, PaymentResult):
                self.payment_result.emit(payload)
            elif isinstance(payload, PrinterStatus):
                self.printer_status.emit(payload)
            else:
                log.warning("%s: data of unknown type %s", name, type(payload).__name__)
