"""The diagnostics screen (lane state ``diagnostics``, technicians): the lane's devices.

One row per running device: its name and kind, its state (online / offline / error with
the reason), a test button (test scan, test weigh, test print, test light, or a terminal
check), what the last check or test said, its statistics and its recent errors. The
devices are the lane's own running drivers (:class:`kiosk.ui.devices.LaneDevices` when
the shell passes it as ``devices=``, else the lane's device ports): they stay open and
locked by this kiosk, so the screen asks them directly
(:meth:`drivers.device.Device.check_health`; the interactive level is the test scan,
weigh, print or light, as in :mod:`drivers.diagnostics`, whose :class:`Test` names and
device kinds it uses). Every check runs on a worker thread; the answer comes back on
the GUI thread. **Check all** runs the external check of every device (a status query,
a handshake).

**Back** leaves diagnostics (``lane.leave_diagnostics()``); **Leave the app** (a
technician's ``exit_app`` permission) emits :attr:`DiagnosticsScreen.exit_requested`
for the shell to close the kiosk.

Object names: ``diagnostics_screen``, ``diagnostics_title``, per device ``<kind>``
(scanner, scale, printer, payment_terminal, lane_light): ``diagnostics_<kind>_name``,
``diagnostics_<kind>_state``, ``diagnostics_<kind>_result``,
``diagnostics_<kind>_statistics``, ``diagnostics_<kind>_errors``,
``diagnostics_test_<kind>_button``; ``diagnostics_check_all_button``,
``diagnostics_back_button``, ``diagnostics_exit_app_button``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from drivers.config import DeviceKind
from drivers.device import DeviceState, ErrorEvent, HealthLevel, HealthReport
from drivers.diagnostics import TEST_KIND, Test
from kiosk.core.lane import LaneController
from kiosk.core.session import SessionState
from kiosk.core.staff import Action
from kiosk.ui.screens.staff import logged_in, permitted
from kiosk.ui.services import UiServices
from kiosk.ui.theme import current_metrics, set_state
from kiosk.ui.widgets import BigButton, KioskScreen

__all__ = ["DeviceRow", "DiagnosticsScreen"]

TEST_TIMEOUT_S = 30.0
"""How long an interactive test waits for the technician (scan, weight)."""

_TESTS = {kind: test for test, kind in TEST_KIND.items()}

KIND_WORDS = {
    DeviceKind.SCANNER: QT_TRANSLATE_NOOP("DiagnosticsScreen", "Scanner"),
    DeviceKind.SCALE: QT_TRANSLATE_NOOP("DiagnosticsScreen", "Scale"),
    DeviceKind.PRINTER: QT_TRANSLATE_NOOP("DiagnosticsScreen", "Receipt printer"),
    DeviceKind.PAYMENT_TERMINAL: QT_TRANSLATE_NOOP("DiagnosticsScreen", "Payment terminal"),
    DeviceKind.LANE_LIGHT: QT_TRANSLATE_NOOP("DiagnosticsScreen", "Lane light"),
}
TEST_WORDS = {
    Test.SCAN: QT_TRANSLATE_NOOP("DiagnosticsScreen", "Test scan"),
    Test.WEIGH: QT_TRANSLATE_NOOP("DiagnosticsScreen", "Test weigh"),
    Test.PRINT: QT_TRANSLATE_NOOP("DiagnosticsScreen", "Test print"),
    Test.LIGHT: QT_TRANSLATE_NOOP("DiagnosticsScreen", "Test light"),
    Test.TERMINAL: QT_TRANSLATE_NOOP("DiagnosticsScreen", "Check terminal"),
}
STATE_WORDS = {
    DeviceState.ONLINE: QT_TRANSLATE_NOOP("DiagnosticsScreen", "online"),
    DeviceState.OFFLINE: QT_TRANSLATE_NOOP("DiagnosticsScreen", "offline"),
    DeviceState.ERROR: QT_TRANSLATE_NOOP("DiagnosticsScreen", "error"),
}


@dataclass
class DeviceRow:
    """One device on the screen and what is known of it."""

    name: str
    kind: DeviceKind
    device: Any
    running: bool = False
    report: HealthReport | None = None
    failure: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def test(self) -> Test:
        return _TESTS[self.kind]

    @property
    def checkable(self) -> bool:
        return callable(getattr(self.device, "check_health", None))


class _Worker(QObject):
    """Runs blocking checks on threads; ``done(name, report, error)`` on the GUI thread."""

    done = Signal(str, object, object)

    def run(self, name: str, job: Callable[[], HealthReport]) -> None:
        def work() -> None:
            try:
                report, error = job(), None
            except Exception as exc:  # shown on the row; a driver must not crash the screen
                report, error = None, exc
            self.done.emit(name, report, error)

        threading.Thread(target=work, name=f"diagnostics {name}", daemon=True).start()


class DiagnosticsScreen(KioskScreen):
    """See the module docstring."""

    exit_requested = Signal()
    """The technician chose to leave the app: the shell closes the kiosk."""

    def __init__(
        self,
        lane: LaneController,
        ui: UiServices,
        parent: QWidget | None = None,
        *,
        devices: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("diagnostics_screen")
        self.lane = lane
        self.ui = ui
        self.bridge = devices
        self.rows: dict[str, DeviceRow] = {}
        self._labels: dict[str, dict[str, QLabel]] = {}
        self.test_buttons: dict[str, BigButton] = {}
        self._worker = _Worker(self)
        self._worker.done.connect(self._finished)
        metrics = current_metrics()
        layout = QVBoxLayout(self)
        margin = metrics.padding_px
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(metrics.gap_px)
        self.title = QLabel(self)
        self.title.setObjectName("diagnostics_title")
        set_state(self.title, "textRole", "title")
        layout.addWidget(self.title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(metrics.gap_px)
        grid.setVerticalSpacing(metrics.gap_px // 2)
        for index, (name, kind, device) in enumerate(self._devices()):
            row = DeviceRow(name, kind, device)
            self.rows[name] = row
            labels = {}
            words = QVBoxLayout()
            words.setSpacing(0)
            for part in ("name", "state", "result", "statistics", "errors"):
                label = QLabel(self)
                label.setObjectName(f"diagnostics_{kind.value}_{part}")
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setWordWrap(part != "name")
                if part in ("statistics", "errors"):
                    set_state(label, "textRole", "caption")
                labels[part] = label
            top = QHBoxLayout()
            top.setSpacing(metrics.gap_px)
            top.addWidget(labels["name"])
            top.addWidget(labels["state"], 1)
            words.addLayout(top)
            for part in ("result", "statistics", "errors"):
                words.addWidget(labels[part])
            self._labels[name] = labels
            button = BigButton(parent=self)
            button.setObjectName(f"diagnostics_test_{kind.value}_button")
            button.clicked.connect(lambda _=False, n=name: self.run_test(n))
            self.test_buttons[name] = button
            line = QFrame(self)
            line.setFrameShape(QFrame.Shape.HLine)
            grid.addLayout(words, index * 2, 0)
            grid.addWidget(button, index * 2, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(line, index * 2 + 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        layout.addLayout(grid)
        self.empty = QLabel(self)
        self.empty.setObjectName("diagnostics_empty")
        self.empty.setVisible(not self.rows)
        layout.addWidget(self.empty)
        layout.addStretch(1)
        actions = QHBoxLayout()
        actions.setSpacing(metrics.gap_px)
        self.exit_app = BigButton(role="danger", parent=self)
        self.exit_app.setObjectName("diagnostics_exit_app_button")
        self.exit_app.clicked.connect(self.exit_requested.emit)
        self.check_all = BigButton(parent=self)
        self.check_all.setObjectName("diagnostics_check_all_button")
        self.check_all.clicked.connect(self.run_checks)
        self.back = BigButton(role="primary", parent=self)
        self.back.setObjectName("diagnostics_back_button")
        self.back.clicked.connect(self.lane.leave_diagnostics)
        actions.addWidget(self.exit_app)
        actions.addStretch(1)
        actions.addWidget(self.check_all)
        actions.addWidget(self.back)
        layout.addLayout(actions)
        if self.bridge is not None and hasattr(self.bridge, "device_error"):
            self.bridge.device_error.connect(self._device_error)
            self.bridge.device_status.connect(self._device_status)
        self.lane.state_changed.connect(self._on_state)
        lane_signal, callback = self.lane.state_changed, self._on_state
        self.destroyed.connect(lambda *_: _drop(lane_signal, callback))
        self._update()

    # -- devices

    def _devices(self) -> list[tuple[str, DeviceKind, Any]]:
        found: list[tuple[str, DeviceKind, Any]] = []
        bridge = self.bridge
        if bridge is not None:
            for name, device in getattr(bridge, "devices", {}).items():
                found.append((name, DeviceKind(bridge.configs[name].kind), device))
        else:
            for role, port in self.lane.devices.items():
                name = getattr(port, "name", None) or role.value
                found.append((str(name), DeviceKind(role.value), port))
        order = list(DeviceKind)
        return sorted(found, key=lambda item: order.index(item[1]))

    def _status(self, row: DeviceRow) -> Any:
        if self.bridge is not None and row.name in getattr(self.bridge, "statuses", {}):
            return self.bridge.statuses[row.name]
        return getattr(row.device, "status", None)

    # -- checks

    def run_test(self, name: str) -> bool:
        """The device's own test (scan, weigh, print, light; terminal: a handshake)."""
        row = self.rows[name]
        level = HealthLevel.EXTERNAL if row.test is Test.TERMINAL else HealthLevel.INTERACTIVE
        return self._run(row, level)

    def run_checks(self) -> None:
        """The external check (status query, handshake) of every device."""
        for row in self.rows.values():
            self._run(row, HealthLevel.EXTERNAL)

    def _run(self, row: DeviceRow, level: HealthLevel) -> bool:
        if row.running or not row.checkable:
            return False
        row.running = True
        row.failure = ""
        device = row.device
        self._worker.run(row.name, lambda: device.check_health(level, timeout=TEST_TIMEOUT_S))
        self._update()
        return True

    @property
    def busy(self) -> bool:
        return any(row.running for row in self.rows.values())

    def _finished(self, name: str, report: HealthReport | None, error: Exception | None) -> None:
        row = self.rows.get(name)
        if row is None:
            return
        row.running = False
        row.report = report
        row.failure = "" if error is None else f"{type(error).__name__}: {error}"
        if report is not None and not report.ok:
            reason = report.reason.value if report.reason is not None else "failed"
            row.errors = [*row.errors, f"{report.level.value}: {reason} {report.detail}"][-5:]
        self._update()

    def _device_error(self, name: str, event: ErrorEvent) -> None:
        row = self.rows.get(name)
        if row is not None:
            what = getattr(event, "reason", None)
            detail = getattr(event, "detail", "") or str(event)
            text = f"{getattr(what, 'value', what) or 'error'}: {detail}"
            row.errors = [*row.errors, text][-5:]
            self.retranslate()

    def _device_status(self, _name: str, _status: object) -> None:
        self.retranslate()

    def _on_state(self, _old: SessionState, _new: SessionState, _trigger: object) -> None:
        self._update()

    def _update(self) -> None:
        here = self.lane.state is SessionState.DIAGNOSTICS
        for name, row in self.rows.items():
            self.test_buttons[name].setEnabled(here and row.checkable and not row.running)
        self.check_all.setEnabled(here and not self.busy)
        self.back.setEnabled(here)
        self.exit_app.setEnabled(here and permitted(logged_in(self.lane), Action.EXIT_APP))
        self.retranslate()

    # -- words

    def retranslate(self) -> None:
        self.title.setText(self.tr("Diagnostics: the devices of this lane"))
        self.empty.setText(self.tr("This lane has no devices configured."))
        for name, row in self.rows.items():
            labels = self._labels[name]
            labels["name"].setText(f"{self.tr(KIND_WORDS[row.kind])} ({name})")
            status = self._status(row)
            if status is None:
                state = self.tr("state unknown")
            else:
                state = self.tr(STATE_WORDS[status.state])
                if status.reason is not None:
                    state += f" ({status.reason.value})"
            labels["state"].setText(state)
            if row.running:
                result = self.tr("Testing... (scan the test code or put a weight on when asked)")
            elif not row.checkable:
                result = self.tr("This device cannot be tested from here.")
            elif row.failure:
                result = self.tr("The test failed: {detail}").format(detail=row.failure)
            elif row.report is None:
                result = self.tr("Not tested yet.")
            elif row.report.ok:
                facts = ", ".join(f"{k}: {v}" for k, v in row.report.facts)
                result = self.tr("Passed.") + (f" {facts}" if facts else "")
            else:
                reason = row.report.reason.value if row.report.reason is not None else "?"
                result = self.tr("Failed: {reason}. {detail}").format(
                    reason=reason, detail=row.report.detail
                )
            labels["result"].setText(result)
            statistics = getattr(getattr(row.device, "statistics", None), "snapshot", None)
            counts = statistics() if callable(statistics) else {}
            shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "-"
            labels["statistics"].setText(self.tr("Statistics: {counts}").format(counts=shown))
            errors = "; ".join(row.errors[-3:]) or self.tr("none")
            labels["errors"].setText(self.tr("Recent errors: {errors}").format(errors=errors))
            self.test_buttons[name].setText(self.tr(TEST_WORDS[row.test]))
        self.check_all.setText(self.tr("Check all"))
        self.back.setText(self.tr("Back"))
        self.exit_app.setText(self.tr("Leave the app"))


def _drop(signal: Any, callback: Callable[..., Any]) -> None:
    with contextlib.suppress(ValueError):
        signal.disconnect(callback)
