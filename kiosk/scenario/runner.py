"""Plays a validated scenario against the real kiosk, in this process, offscreen.

:class:`ScenarioRunner` builds the lane with :func:`kiosk.app.build_kiosk` (the real
screens, lane controller, journal and drivers; ``sim:`` devices on their simulators, a
:class:`~kiosk.core.lane.ManualClock` injected), then runs the steps in order on the
application's own Qt event loop. Steps that wait process events (a nested
:class:`~PySide6.QtCore.QEventLoop` woken every few milliseconds) until their condition
holds or their timeout passes; nothing sleeps.

It stops at the first failed step and still writes everything into the output folder:
``result.json``, ``screenshots/*.png``, ``receipt-N.txt`` (and ``receipt-N.bin``, the raw
ESC/POS bytes, when the printer simulator runs in this process). See docs/scenarios.md.

This is a tool, like ``kiosk/diag_cli.py``: it may import ``drivers.sim``; production
code never imports it.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QEventLoop, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QWidget,
)
from sqlalchemy import text as sql

from drivers.device import DataEvent, DeviceState, ErrorEvent
from drivers.sim.control import SimClient, SimControlError
from kiosk.app import Kiosk, build_kiosk
from kiosk.config import KioskConfig, load_kiosk_config
from kiosk.core.lane import ManualClock
from kiosk.core.session import SessionState
from kiosk.scenario import schema as s

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "RunResult", "ScenarioRunner", "StepFailed"]

log = logging.getLogger("kiosk.scenario")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
ROOT = Path(__file__).resolve().parents[2]
POLL_MS = 10
"""How long one turn of a waiting step's event loop may block before it looks again."""
DEVICE_START_S = 15.0
"""How long the runner waits for the lane's devices to come up before the first step."""
STEP_S = 10.0
"""The longest an implicit wait inside a step may take (a tap's screen, a scan's arrival)."""
_TAG = re.compile(r"<[^>]+>")


class StepFailed(Exception):
    """A step or an expectation did not hold; the message says what was seen instead."""


@dataclass
class StepResult:
    index: int
    kind: str
    ok: bool
    seconds: float
    error: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "ok": self.ok,
            "seconds": round(self.seconds, 4),
            "error": self.error,
            **({"detail": self.detail} if self.detail else {}),
        }


@dataclass
class RunResult:
    exit_code: int
    steps: list[StepResult]
    error: str | None = None
    output: Path | None = None

    @property
    def passed(self) -> bool:
        return self.exit_code == EXIT_OK


def _normal(text: str) -> str:
    """Texts compare with ordinary spaces (the money format uses no-break spaces)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _label_text(label: QLabel) -> str:
    text = label.text()
    if label.textFormat() != Qt.TextFormat.PlainText and "<" in text:
        text = _TAG.sub(" ", text)
    return text


class _ReceiptTap:
    """Keeps the raw bytes an in-process printer simulator receives, one block per
    receipt: from the ``ESC @`` that starts it to its cut (the driver's status queries
    between chunks included, as the printer got them)."""

    def __init__(self, simulator: Any) -> None:
        self.simulator = simulator
        self.receipts: list[bytes] = []
        self._current = bytearray()
        self._lock = threading.Lock()
        self._cuts = self._count_cuts()
        original = simulator.receive

        def receive(data: bytes, connection: Any = None) -> bytes:
            answer = original(data, connection)
            with self._lock:
                self._current += data
                cuts = self._count_cuts()
                if cuts > self._cuts:
                    self._cuts = cuts
                    block = bytes(self._current)
                    start = block.find(b"\x1b@")
                    self.receipts.append(block[start:] if start >= 0 else block)
                    self._current.clear()
            return answer

        simulator.receive = receive

    def _count_cuts(self) -> int:
        return sum(1 for receipt in self.simulator._all_receipts() if receipt.cut)


class ScenarioRunner:
    """Runs one :class:`~kiosk.scenario.schema.ParsedScenario`; see the module docstring.

    ``config``: a kiosk TOML file (else the scenario's, else one written into ``output``).
    ``sims``: control addresses (``"host:port"``) of simulators running in their own
    processes, by device kind, for devices the configuration points at them.
    ``progress``: called with one JSON-able dict per finished step (and at ready / done).
    """

    def __init__(
        self,
        parsed: s.ParsedScenario,
        output: Path,
        *,
        app: QApplication,
        config: Path | None = None,
        sims: dict[str, str] | None = None,
        progress: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.parsed = parsed
        self.scenario = parsed.scenario
        self.output = Path(output)
        self.app = app
        self.config_path = config
        self.sim_addresses = dict(sims or {})
        self.progress = progress or (lambda _event: None)
        self.kiosk: Kiosk | None = None
        self.clock = ManualClock(self.scenario.clock)
        self._clients: dict[str, SimClient] = {}
        self._tap: _ReceiptTap | None = None
        self._screenshots: list[str] = []
        self._steps: list[StepResult] = []
        self._counts: dict[str, int] = {}
        """Data and error events per device kind, counted on the GUI thread."""

    # -- the run --

    def run(self) -> RunResult:
        """Build the kiosk, play every step, write the output; never raises for a failed
        step (the result says). :class:`~kiosk.scenario.schema.ScenarioFileError` for a
        configuration that cannot be had (exit 2)."""
        self._clean_output()
        started = time.perf_counter()
        error: str | None = None
        exit_code = EXIT_OK
        config = self._config()
        try:
            self._add_staff(config)
            self.kiosk = build_kiosk(
                config,
                app=self.app,
                clock=self.clock,
                windowed=True,
                screen_size=self.scenario.screen_size,
                language=self.scenario.language,
                audible=False,
            )
            self._connect_simulators()
            self._wait_for_devices()
            self.progress(
                {"event": "ready", "state": self.kiosk.lane.state.value,
                 "seconds": round(time.perf_counter() - started, 3)}
            )  # fmt: skip
            for index, step in enumerate(self.parsed.steps, start=1):
                result = self._run_step(index, step)
                self._steps.append(result)
                self.progress({"event": "step", **result.to_dict()})
                if not result.ok:
                    exit_code = EXIT_FAILED
                    break
        except Exception as problem:
            log.exception("the scenario could not run")
            error = f"{type(problem).__name__}: {problem}"
            exit_code = EXIT_FAILED
        finally:
            self._finish(exit_code, error, time.perf_counter() - started)
        return RunResult(exit_code, list(self._steps), error, self.output)

    def _clean_output(self) -> None:
        """Remove what an earlier run wrote here (its results; its data too when the
        runner wrote the configuration), so every run starts from an empty lane."""
        self.output.mkdir(parents=True, exist_ok=True)
        for pattern in ("result.json", "receipt-*.txt", "receipt-*.bin", "screenshots/*.png"):
            for path in self.output.glob(pattern):
                path.unlink()
        (self.output / "screenshots").mkdir(exist_ok=True)
        if self.config_path is None and self.scenario.config is None:
            shutil.rmtree(self.output / "data", ignore_errors=True)
            for name in ("store.db", "store.db-wal", "store.db-shm", "staff.key", "kiosk.toml"):
                (self.output / name).unlink(missing_ok=True)

    def _config(self) -> KioskConfig:
        path = self.config_path
        if path is None and self.scenario.config is not None:
            path = self.scenario.config
            if not path.is_absolute():
                path = self.parsed.base_dir / path
        if path is None:
            path = self._write_config()
        from kiosk.config import ConfigError

        try:
            return load_kiosk_config(path)
        except ConfigError as error:
            raise s.ScenarioFileError([f"config: {error}"]) from None

    def _write_config(self) -> Path:
        """A kiosk file with every device simulated, data inside the output folder."""
        out = self.output.resolve()
        out.mkdir(parents=True, exist_ok=True)

        def table(name: str, values: dict[str, Any]) -> str:
            if not values:
                return ""
            lines = [f"[{name}]"]
            for key, value in values.items():
                lines.append(f"{key} = {json.dumps(value)}")
            return "\n".join(lines) + "\n\n"

        devices = "".join(
            f'[devices.{kind}]\nkind = "{kind}"\ndriver = "sim"\nurl = "sim:"\n\n'
            for kind in s.DEVICE_KINDS
        )
        text = (
            "# Written by selfscan-scenario for one run.\n"
            f'schema_version = 1\nlanguage = "{self.scenario.language}"\n\n'
            '[store]\nid = "scenario-store"\nname = "Supermarkt De Hoek"\n\n'
            '[kiosk]\nid = "kiosk-1"\nname = "Kassa 1"\n\n'
            f"[paths]\ndata_dir = {json.dumps(str(out / 'data'))}\n"
            f"catalog = {json.dumps(str(ROOT / 'catalog.db'))}\n"
            f"store = {json.dumps(str(out / 'store.db'))}\n"
            f"staff_key = {json.dumps(str(out / 'staff.key'))}\n\n"
            "[broker]\nenabled = false  # one lane on its own: help is shown on the lane\n\n"
            + table("policies", self.scenario.policies)
            + table("timeouts", self.scenario.timeouts)
            + devices
        )
        path = out / "kiosk.toml"
        path.write_text(text, encoding="utf-8")
        return path

    def _add_staff(self, config: KioskConfig) -> None:
        """The scenario's staff in the store database (created, with its key, if missing).
        PINs are hashed with cheap argon2 parameters: this is test data, and the kiosk
        verifies any parameters (and re-hashes at the first login)."""
        if not self.scenario.staff:
            return
        from kiosk.core.staff import HashParameters, Roster, SystemActor, create_key_file

        key_path = Path(config.paths.staff_key)
        key: Any = key_path
        if not key_path.exists():
            key_path.parent.mkdir(parents=True, exist_ok=True)
            key = create_key_file(key_path)
        fast = HashParameters(time_cost=1, memory_cost=64, parallelism=1)
        with Roster(str(config.paths.store), key, parameters=fast) as roster:
            actor = SystemActor("selfscan-scenario")
            for entry in self.scenario.staff:
                if roster.get(entry.login) is None:
                    roster.add_staff(
                        actor, entry.login, entry.name, entry.role, entry.pin, badge=entry.badge
                    )

    def _connect_simulators(self) -> None:
        assert self.kiosk is not None
        for kind, address in self.sim_addresses.items():
            self._clients[kind] = SimClient(address)
        devices = self.kiosk.devices
        kinds = {name: config.kind.value for name, config in devices.configs.items()}

        def count(name: str, event: object) -> None:
            if isinstance(event, DataEvent | ErrorEvent):
                kind = kinds.get(name, name)
                self._counts[kind] = self._counts.get(kind, 0) + 1

        devices.device_event.connect(count)
        try:
            handle = self.kiosk.simulator("printer")
        except (LookupError, KeyError):
            return
        simulator = getattr(handle, "simulator", None)
        if simulator is not None and hasattr(simulator, "receive"):
            self._tap = _ReceiptTap(simulator)

    def _wait_for_devices(self) -> None:
        """Until every enabled device has left ``closed``/``offline`` (or the time is up:
        then the steps find out for themselves, and result.json shows the statuses)."""
        assert self.kiosk is not None
        devices = self.kiosk.devices

        def up() -> bool:
            return all(
                device.status.state not in (DeviceState.CLOSED, DeviceState.OFFLINE)
                for device in devices.devices.values()
            )

        self._loop_until(up, DEVICE_START_S)

    def _finish(self, exit_code: int, error: str | None, seconds: float) -> None:
        kiosk = self.kiosk
        final: dict[str, Any] = {}
        receipts: list[str] = []
        if kiosk is not None:
            try:
                if exit_code != EXIT_OK:
                    self._screenshot("final")
                final = self._final_state()
                receipts = self._write_receipts()
            except Exception:
                log.exception("collecting the final state failed")
        failed = next((step.index for step in self._steps if not step.ok), None)
        result = {
            "scenario": self.scenario.name,
            "file": None if self.parsed.path is None else str(self.parsed.path),
            "passed": exit_code == EXIT_OK,
            "exit_code": exit_code,
            "error": error,
            "failed_step": failed,
            "steps_total": len(self.parsed.steps),
            "seconds": round(seconds, 3),
            "steps": [step.to_dict() for step in self._steps],
            "final": final,
            "screenshots": self._screenshots,
            "receipts": receipts,
        }
        (self.output / "result.json").write_text(
            json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n",
            encoding="utf-8",
        )
        for client in self._clients.values():
            client.close()
        closing = time.perf_counter()
        if kiosk is not None:
            kiosk.close()
            self._process(5)
        self.progress(
            {"event": "done", "exit_code": exit_code, "failed_step": failed,
             "close_seconds": round(time.perf_counter() - closing, 3)}
        )  # fmt: skip

    def _final_state(self) -> dict[str, Any]:
        assert self.kiosk is not None
        snapshot = self.kiosk.lane.snapshot()
        current = self.kiosk.window.current_screen
        return {
            "state": snapshot["state"],
            "screen": None if current is None else current.objectName(),
            "language": self.kiosk.ui.translator.language,
            "cart": snapshot["cart"],
            "help_calls": snapshot["help_calls"],
            "payment": snapshot["payment"],
            "receipt": snapshot["receipt"],
            "transaction_id": snapshot["transaction_id"],
            "devices": {
                name: device.status.state.value
                for name, device in self.kiosk.devices.devices.items()
            },
            "clock": self.clock.utc_now().isoformat(),
        }

    def _write_receipts(self) -> list[str]:
        try:
            texts = self._receipt_texts()
        except (LookupError, SimControlError):
            return []
        names = []
        for number, receipt in enumerate(texts, start=1):
            path = self.output / f"receipt-{number}.txt"
            path.write_text(receipt + "\n", encoding="utf-8")
            names.append(path.name)
        if self._tap is not None:
            for number, raw in enumerate(self._tap.receipts, start=1):
                path = self.output / f"receipt-{number}.bin"
                path.write_bytes(raw)
                names.append(path.name)
        return names

    # -- the steps --

    def _run_step(self, index: int, step: Any) -> StepResult:
        started = time.perf_counter()
        detail: dict[str, Any] = {}
        try:
            self._process()
            handler = getattr(self, f"_do_{step.kind}")
            detail = handler(step) or {}
        except StepFailed as failed:
            return StepResult(index, step.kind, False, time.perf_counter() - started, str(failed))
        except Exception as error:  # a device or runner problem: reported, not raised
            log.exception("step %d (%s) broke", index, step.kind)
            message = f"{type(error).__name__}: {error}"
            return StepResult(
                index, step.kind, False, time.perf_counter() - started, message,
                {"traceback": traceback.format_exc(limit=6)},
            )  # fmt: skip
        return StepResult(index, step.kind, True, time.perf_counter() - started, None, detail)

    def _do_scan(self, step: s.ScanStep) -> dict[str, Any]:
        scanner = self._sim("scanner")
        before = self._scanner_events
        if step.code is not None:
            args: dict[str, Any] = {"data": step.code}
            if step.aim:
                args["aim"] = step.aim
            if step.symbology:
                args["symbology"] = step.symbology
            answer = scanner.call("scan", **args)
            if not answer.get("sent"):
                raise StepFailed("the scanner did not send the scan (unplugged or disabled)")
        else:
            payload = step.raw.encode("latin-1") if step.raw is not None else b""
            data = payload.hex() if step.raw is not None else step.raw_hex
            if not scanner.call("garbage", bytes_hex=data):
                raise StepFailed("the scanner line took no bytes (unplugged?)")
        # The scan (or the driver's verdict on raw bytes) reached the GUI thread; one
        # more turn of the loop lets the lane's own hand-over of the same event run.
        self._wait(lambda: self._scanner_events > before, STEP_S, "the scan never arrived")
        self._process()
        return {}

    @property
    def _scanner_events(self) -> int:
        return self._counts.get("scanner", 0)

    def _do_weigh(self, step: s.WeighStep) -> dict[str, Any]:
        self._sim("scale").call("set_weight", grams=step.grams, stable=step.stable)
        return {}

    def _do_tap(self, step: s.TapStep) -> dict[str, Any]:
        widget = self._tappable(step.name)
        self._click(widget)
        return {"widget": type(widget).__name__}

    def _do_type(self, step: s.TypeStep) -> dict[str, Any]:
        for digit in step.text:
            self._click(self._tappable(f"keypad_key_{digit}"))
        if step.submit:
            self._click(self._tappable("keypad_ok_button"))
        return {}

    def _staff_login(self) -> QWidget:
        assert self.kiosk is not None
        window = self.kiosk.window
        if self.kiosk.lane.state is SessionState.STAFF:
            raise StepFailed("a staff member is logged in already")
        screen = window.show_staff_login()
        self._wait(lambda: screen.isVisible(), STEP_S, "the staff login did not show")
        return screen

    def _wait_for_staff(self, screen: QWidget, refused: bool = False) -> dict[str, Any]:
        assert self.kiosk is not None
        lane = self.kiosk.lane
        error = screen.findChild(QLabel, "staff_login_error")

        def settled() -> bool:
            shown = error is not None and error.isVisible() and bool(error.text())
            return lane.state is SessionState.STAFF or shown

        self._wait(settled, STEP_S, "the staff login never answered")
        if refused:
            if lane.state is SessionState.STAFF:
                raise StepFailed("the login was accepted, but the scenario expected a refusal")
            return {"refused": _normal(error.text()) if error is not None else ""}
        if lane.state is not SessionState.STAFF:
            said = _normal(error.text()) if error is not None else "?"
            raise StepFailed(f"the staff login was refused: {said}")
        return {}

    def _do_staff_pin(self, step: s.StaffPinStep) -> dict[str, Any]:
        screen = self._staff_login()
        for part in (step.login, step.pin):
            for digit in part:
                self._click(self._tappable(f"keypad_key_{digit}"))
            self._click(self._tappable("keypad_ok_button"))
        return self._wait_for_staff(screen, step.expect_refused)

    def _do_staff_badge(self, step: s.StaffBadgeStep) -> dict[str, Any]:
        assert self.kiosk is not None
        if step.open_login:
            screen = self._staff_login()
        elif self.kiosk.lane.state is SessionState.STAFF:
            raise StepFailed("a staff member is logged in already")
        else:
            screen = self.kiosk.window.router.screen(SessionState.STAFF)
        answer = self._sim("scanner").call("scan", data=step.code)
        if not answer.get("sent"):
            raise StepFailed("the scanner did not send the badge (unplugged or disabled)")
        return self._wait_for_staff(screen)

    def _do_payment(self, step: s.PaymentStep) -> dict[str, Any]:
        terminal = self._sim("payment_terminal")
        if step.outcomes is not None:
            state = terminal.call("script", outcomes=step.outcomes)
        else:
            state = terminal.call("next_outcome", outcome=step.outcome)
        return {"script": state.get("script")}

    def _do_fault(self, step: s.FaultStep) -> dict[str, Any]:
        sim = self._sim(step.device)
        if step.action is not None:
            sim.call(step.action)
        else:
            sim.call("set_fault", fault=None if step.clear else step.fault)
        return {}

    def _do_advance(self, step: s.AdvanceStep) -> dict[str, Any]:
        assert self.kiosk is not None
        left = step.seconds
        while left > 0:
            moved = min(1.0, left)
            self.clock.advance(moved)
            left -= moved
            self.kiosk.lane.tick()
            self._process()
        return {"clock": self.clock.utc_now().isoformat()}

    def _do_wait(self, step: s.WaitStep) -> dict[str, Any]:
        problems: list[str] = []

        def holds() -> bool:
            problems[:] = self._check(step)
            return not problems

        if not self._loop_until(holds, step.timeout):
            raise StepFailed(f"not within {step.timeout:g} s: " + "; ".join(problems))
        return {}

    def _do_expect(self, step: s.ExpectStep) -> dict[str, Any]:
        problems = self._check(step)
        if problems:
            raise StepFailed("; ".join(problems))
        return {}

    def _do_screenshot(self, step: s.ScreenshotStep) -> dict[str, Any]:
        return {"file": self._screenshot(step.name)}

    def _do_language(self, step: s.LanguageStep) -> dict[str, Any]:
        assert self.kiosk is not None
        self.kiosk.ui.translator.set_language(step.language)
        self._process()
        return {}

    def _do_hold(self, step: s.HoldStep) -> dict[str, Any]:
        self._loop_until(lambda: False, step.seconds)
        return {}

    # -- conditions --

    def _check(self, cond: s.Conditions) -> list[str]:
        """What does not hold now (empty: everything holds)."""
        assert self.kiosk is not None
        kiosk = self.kiosk
        lane = kiosk.lane
        problems: list[str] = []
        if cond.state is not None and lane.state.value != cond.state:
            problems.append(f"state is {lane.state.value}, not {cond.state}")
        if cond.screen is not None:
            current = kiosk.window.current_screen
            name = None if current is None else current.objectName()
            if name != cond.screen:
                problems.append(f"the screen in front is {name}, not {cond.screen}")
        if cond.text or cond.no_text:
            texts = self.visible_texts()
            for wanted in cond.text:
                if not any(_normal(wanted) in shown for shown in texts):
                    problems.append(f"no visible text contains {wanted!r}")
            for unwanted in cond.no_text:
                hits = [shown for shown in texts if _normal(unwanted) in shown]
                if hits:
                    problems.append(f"{unwanted!r} is visible: {hits[0]!r}")
        for name in cond.visible:
            if not any(w.isVisible() for w in self._widgets(name)):
                problems.append(f"{name} is not visible")
        for name in cond.hidden:
            if any(w.isVisible() for w in self._widgets(name)):
                problems.append(f"{name} is visible")
        for name in cond.enabled:
            shown = [w for w in self._widgets(name) if w.isVisible()]
            if not shown or not all(w.isEnabled() for w in shown):
                problems.append(f"{name} is not visible and enabled")
        for name in cond.disabled:
            shown = [w for w in self._widgets(name) if w.isVisible()]
            if not shown or any(w.isEnabled() for w in shown):
                problems.append(f"{name} is not visible and disabled")
        if cond.message is not None:
            message = lane.last_message
            key = None if message is None else message.key.value
            if key != cond.message:
                problems.append(f"the last message is {key}, not {cond.message}")
        if cond.cart is not None:
            problems += self._check_cart(cond.cart)
        if cond.help is not None:
            problems += self._check_help(cond.help)
        if cond.receipt is not None:
            problems += self._check_receipt(cond.receipt)
        if cond.journal is not None:
            problems += self._check_journal(cond.journal)
        return problems

    def _check_cart(self, cond: s.CartCondition) -> list[str]:
        assert self.kiosk is not None
        cart = self.kiosk.lane.snapshot()["cart"]
        problems = []
        lines = cart["lines"]
        if cond.empty is not None and (not lines) != cond.empty:
            problems.append(f"the cart {'is not' if cond.empty else 'is'} empty")
        if cond.lines is not None and len(lines) != cond.lines:
            problems.append(f"the cart has {len(lines)} lines, not {cond.lines}")
        if cond.items is not None and cart["item_count"] != cond.items:
            problems.append(f"the cart has {cart['item_count']} items, not {cond.items}")
        if cond.total_cents is not None and cart["total_cents"] != cond.total_cents:
            problems.append(f"the total is {cart['total_cents']} cents, not {cond.total_cents}")
        for wanted in cond.contains:
            names = [name for line in lines for name in (line["name_nl"], line["name_en"])]
            if not any(wanted.casefold() in name.casefold() for name in names):
                problems.append(f"no cart line is called {wanted!r}")
        return problems

    def _check_help(self, cond: s.HelpCondition) -> list[str]:
        assert self.kiosk is not None
        calls = self.kiosk.lane.open_help_calls
        problems = []
        if cond.open is not None and len(calls) != cond.open:
            problems.append(f"{len(calls)} help calls are open, not {cond.open}")
        if cond.reason is not None:
            matching = [c for c in calls if c.reason.value == cond.reason]
            if cond.status is not None:
                matching = [c for c in matching if c.status.value == cond.status]
            if not matching:
                seen = ", ".join(f"{c.reason.value} ({c.status.value})" for c in calls) or "none"
                problems.append(
                    f"no open {cond.reason} call{' ' + cond.status if cond.status else ''}; "
                    f"open: {seen}"
                )
        if cond.panel is not None and self.kiosk.window.help_visible != cond.panel:
            problems.append(f"the help layer is {'not ' if cond.panel else ''}in front")
        return problems

    def _check_receipt(self, cond: s.ReceiptCondition) -> list[str]:
        receipts = self._receipt_texts()
        problems = []
        if cond.printed is not None and len(receipts) != cond.printed:
            problems.append(f"{len(receipts)} receipts were printed, not {cond.printed}")
        if cond.contains:
            if not receipts:
                problems.append("no receipt was printed")
            else:
                last = _normal(receipts[-1])
                problems += [
                    f"the receipt does not say {wanted!r}"
                    for wanted in cond.contains
                    if _normal(wanted) not in last
                ]
        return problems

    def _receipt_texts(self) -> list[str]:
        """The printed (cut) receipts' text, oldest first."""
        printer = self._sim("printer")
        if self._tap is not None:
            simulator = self._tap.simulator
            return [r.text for r in simulator._all_receipts() if r.cut]
        last = printer.call("last_receipt")
        texts = list(printer.call("receipts"))
        if texts and last is not None and last.get("cut") is None:
            texts.pop()  # still being printed
        return texts

    def _check_journal(self, cond: s.JournalCondition) -> list[str]:
        assert self.kiosk is not None
        engine = self.kiosk.journal.engine
        problems = []
        queries = (
            ("transactions", "SELECT status, count(*) FROM journal_transaction GROUP BY status"),
            ("payments", "SELECT status, count(*) FROM payment GROUP BY status"),
            ("help_calls", "SELECT reason, count(*) FROM help_call GROUP BY reason"),
            ("outbox", "SELECT kind, count(*) FROM outbox GROUP BY kind"),
        )
        with engine.connect() as conn:
            for name, query in queries:
                wanted: dict[str, int] = getattr(cond, name)
                if not wanted:
                    continue
                counts = dict(conn.execute(sql(query)).all())
                for key, number in wanted.items():
                    have = counts.get(key, 0)
                    if (have < number) if name == "outbox" else (have != number):
                        problems.append(f"journal {name} {key}: {have}, not {number}")
        if cond.integrity is not None:
            verdict = self.kiosk.journal.integrity_check()
            if (verdict == "ok") != cond.integrity:
                problems.append(f"integrity_check says {verdict}")
        return problems

    # -- widgets --

    def visible_texts(self) -> list[str]:
        """Every text a shopper can read now: labels, buttons, fields, item views."""
        assert self.kiosk is not None
        texts = []
        for widget in self.kiosk.window.findChildren(QWidget):
            if not widget.isVisible():
                continue
            if isinstance(widget, QLabel):
                texts.append(_label_text(widget))
            elif isinstance(widget, QAbstractButton | QLineEdit):
                texts.append(widget.text())
            elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
                model = widget.model()
                root = QModelIndex()
                listing = isinstance(model, QAbstractListModel)
                columns = 1 if listing else model.columnCount(root)
                for row in range(model.rowCount(root)):
                    for column in range(columns):
                        value = model.index(row, column).data()
                        if isinstance(value, str):
                            texts.append(value)
        return [_normal(text) for text in texts if text]

    def _widgets(self, name: str) -> list[QWidget]:
        assert self.kiosk is not None
        window = self.kiosk.window
        found = list(window.findChildren(QWidget, name))
        if window.objectName() == name:
            found.insert(0, window)
        return found

    def _tappable(self, name: str) -> QWidget:
        """The one visible widget called ``name`` that a finger can reach; waits briefly
        for one to appear (a screen that is about to come to the front)."""
        assert self.kiosk is not None
        found: list[QWidget] = []

        def one() -> bool:
            found[:] = [w for w in self._widgets(name) if w.isVisible()]
            return len(found) == 1 and found[0].isEnabled()

        self._loop_until(one, 1.0)
        if not found:
            hidden = self._widgets(name)
            where = self._front_name()
            if hidden:
                raise StepFailed(f"{name} is hidden (screen in front: {where})")
            raise StepFailed(f"no widget is called {name} (screen in front: {where})")
        if len(found) > 1:
            raise StepFailed(f"{len(found)} visible widgets are called {name}")
        widget = found[0]
        if not widget.isEnabled():
            raise StepFailed(f"{name} is disabled")
        panel = self.kiosk.window.help_panel
        if (
            self.kiosk.window.help_visible
            and panel is not None
            and widget is not panel
            and not panel.isAncestorOf(widget)
        ):
            raise StepFailed(f"{name} is under the help layer; close it first")
        return widget

    def _click(self, widget: QWidget) -> None:
        center = widget.rect().center()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(center.x(), center.y()))  # fmt: skip
        self._process()

    def _front_name(self) -> str:
        assert self.kiosk is not None
        if self.kiosk.window.help_visible:
            return "help_panel"
        current = self.kiosk.window.current_screen
        return "none" if current is None else current.objectName()

    def _screenshot(self, name: str) -> str:
        assert self.kiosk is not None
        self._process()
        path = self.output / "screenshots" / f"{name}.png"
        if not self.kiosk.window.grab().save(str(path)):
            raise StepFailed(f"could not write {path}")
        self._screenshots.append(f"screenshots/{name}.png")
        return f"screenshots/{name}.png"

    # -- simulators --

    def _sim(self, kind: str) -> Any:
        """The control handle of the simulator behind ``kind``: its own process's (from
        ``--sim``) or the one the kiosk started."""
        assert self.kiosk is not None
        if kind in self._clients:
            return self._clients[kind]
        try:
            return self.kiosk.simulator(kind)
        except (LookupError, KeyError):
            raise StepFailed(
                f"this lane has no simulated {kind} (give --sim {kind}=HOST:PORT for a "
                "simulator in its own process)"
            ) from None

    # -- the event loop --

    def _process(self, turns: int = 1) -> None:
        for _ in range(turns):
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
            self.app.sendPostedEvents()

    def _loop_until(self, condition: Callable[[], bool], seconds: float) -> bool:
        """Run the event loop until ``condition()`` is true (True) or ``seconds`` pass."""
        deadline = time.monotonic() + seconds
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        while True:
            self._process()
            if condition():
                return True
            if time.monotonic() >= deadline:
                return False
            timer.start(POLL_MS)
            loop.exec()

    def _wait(self, condition: Callable[[], bool], seconds: float, what: str) -> None:
        if not self._loop_until(condition, seconds):
            raise StepFailed(f"{what} (waited {seconds:g} s)")
