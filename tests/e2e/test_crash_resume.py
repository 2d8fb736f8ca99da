"""Crash resume: the kiosk is SIGKILLed while shopping, while paying and while printing,
and started again; nothing is lost, nothing added, nothing charged twice.

The kiosk is the real ``selfscan-scenario`` command in its own process, following a
scenario and reporting each finished step on standard output; the test kills it at a
chosen step. The payment terminal and the receipt printer simulators run in processes of
their own, started here (:class:`~drivers.sim.control.SimProcess`), so they outlive the
kill exactly as real devices would: the kiosk's configuration points its real ZVT and
ESC/POS drivers at them, and the runner reaches their control ports through ``--sim``.
After each kill a second scenario checks the lane that comes back, and this test checks
the journal (``PRAGMA integrity_check``, the sale recorded once) and the terminal's own
transaction log (exactly one charge).
"""

from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from drivers.sim.control import SimProcess
from tests.e2e.helpers import ROOT, command_env, failure_of, result_json, run_command

CRASH = Path(__file__).resolve().parent / "crash"
START_S = 60.0
"""The longest a kiosk process may take to report a step (its start included)."""


@dataclass
class Lane:
    """The files and the simulators one kiosk uses across its kill and restart."""

    root: Path
    config: Path
    terminal: SimProcess
    printer: SimProcess

    @property
    def journal(self) -> Path:
        return self.root / "data" / "journal.db"

    def sims(self) -> list[str]:
        return [
            "--sim", f"payment_terminal={self.terminal.control_address}",
            "--sim", f"printer={self.printer.control_address}",
        ]  # fmt: skip

    def env(self) -> dict[str, str]:
        return {"SELFSCAN_LOCK_DIR": str(self.root / "locks")}


def _device(name: str, config: Any, **extra: Any) -> str:
    """A ``[devices.NAME]`` table for a real driver pointed at a simulator's process."""
    values = {**config.options, **extra}
    options = "{ " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in values.items()) + " }"
    options_line = f"options = {options}\n" if values else ""
    return (
        f'[devices.{name}]\nkind = "{config.kind.value}"\ndriver = "{config.driver}"\n'
        f'url = "{config.url}"\n{options_line}\n'
    )


@pytest.fixture
def lane(tmp_path: Path) -> Iterator[Lane]:
    terminal = SimProcess("payment_terminal", name="terminal")
    printer = SimProcess("printer", name="printer", options={"transport": "tcp"})
    try:
        config = tmp_path / "kiosk.toml"
        text = (
            'schema_version = 1\nlanguage = "en"\n\n'
            '[store]\nid = "crash-store"\nname = "Supermarkt De Hoek"\n\n'
            '[kiosk]\nid = "kiosk-1"\nname = "Kassa 1"\n\n'
            f'[paths]\ndata_dir = "{tmp_path / "data"}"\ncatalog = "{ROOT / "catalog.db"}"\n'
            f'store = "{tmp_path / "store.db"}"\nstaff_key = "{tmp_path / "staff.key"}"\n\n'
            '[devices.scanner]\nkind = "scanner"\ndriver = "sim"\nurl = "sim:"\n\n'
            '[devices.scale]\nkind = "scale"\ndriver = "sim"\nurl = "sim:"\n\n'
            + _device("printer", printer.driver_config, chunk_size=16)
            + _device("terminal", terminal.driver_config)
        )
        config.write_text(text, encoding="utf-8")
        (tmp_path / "locks").mkdir()
        yield Lane(tmp_path, config, terminal, printer)
    finally:
        terminal.stop()
        printer.stop()


class KioskProcess:
    """``selfscan-scenario`` running a scenario; its progress lines read on a thread."""

    def __init__(self, lane: Lane, scenario: str, output: Path) -> None:
        argv = [sys.executable, "-m", "kiosk.scenario.cli", str(CRASH / scenario),
                "--config", str(lane.config), "--output", str(output), *lane.sims()]  # fmt: skip
        self.stderr = output.with_name(output.name + ".stderr")
        with self.stderr.open("w") as errors:
            self.process = subprocess.Popen(
                argv, cwd=ROOT, env=command_env(**lane.env()), text=True,
                stdout=subprocess.PIPE, stderr=errors,
            )  # fmt: skip
        self.lines: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("{"):
                self.lines.put(json.loads(line))
        self.lines.put(None)

    def until_step(self, index: int) -> dict[str, Any]:
        """Wait for step ``index``'s progress line; it must have passed."""
        deadline = time.monotonic() + START_S
        while True:
            event = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            assert event is not None, (
                f"the kiosk ended before step {index}: {self.stderr.read_text()[-3000:]}"
            )
            if event["event"] == "step":
                assert event["ok"], event
                if event["index"] == index:
                    return event

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        assert self.process.wait(30) == -signal.SIGKILL
        self._reader.join(10)
        assert self.process.stdout is not None
        self.process.stdout.close()


def _poll(condition: Callable[[], Any], seconds: float, what: str, pace: float = 0.02) -> Any:
    """Ask until ``condition()`` is truthy (each call a round trip to a simulator), at
    most every ``pace`` seconds (0: as fast as the simulator answers)."""
    deadline = time.monotonic() + seconds
    pacer = threading.Event()
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what} (waited {seconds} s)"
        if pace:
            pacer.wait(pace)


def _restart(lane: Lane, scenario: str, output: Path) -> dict[str, Any]:
    done = run_command(
        CRASH / scenario, "--config", lane.config, "--output", output, *lane.sims(),
        **lane.env(),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:] + failure_of(output)
    return result_json(output)


def _journal(lane: Lane, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(lane.journal) as db:
        return db.execute(query).fetchall()


def _integrity(lane: Lane) -> None:
    assert _journal(lane, "PRAGMA integrity_check") == [("ok",)]


def _approved_charges(lane: Lane) -> list[dict[str, Any]]:
    return [
        t for t in lane.terminal.call("transactions")
        if t.get("result_code") == 0 and t.get("kind", "payment") == "payment"
    ]  # fmt: skip


@pytest.mark.slow
def test_killed_while_shopping_the_same_cart_comes_back(lane: Lane, tmp_path: Path) -> None:
    kiosk = KioskProcess(lane, "shopping.yaml", tmp_path / "before")
    kiosk.until_step(6)  # three scans in the cart
    kiosk.kill()
    _integrity(lane)
    assert _journal(lane, "SELECT status FROM journal_transaction") == [("open",)]
    assert _journal(lane, "SELECT count(*) FROM cart_event") == [(3,)]

    result = _restart(lane, "shopping-resumed.yaml", tmp_path / "after")
    names = [line["name_en"] for line in result["final"]["cart"]["lines"]]
    assert sorted(names) == sorted(
        ["Semi-skimmed milk 1 L", "Cola 1.5 L", "Deposit large bottle (over 1 L)",
         "Plastic carrier bag"]
    )  # fmt: skip
    assert result["final"]["cart"]["total_cents"] == 368
    assert len(_approved_charges(lane)) == 1
    assert _journal(lane, "SELECT count(*) FROM cart_event") == [(3,)], "nothing added"
    _integrity(lane)


@pytest.mark.slow
def test_killed_while_paying_the_terminal_is_asked_and_charges_once(
    lane: Lane, tmp_path: Path
) -> None:
    lane.terminal.call("configure", status_interval=0.2)
    kiosk = KioskProcess(lane, "paying.yaml", tmp_path / "before")
    kiosk.until_step(6)  # the payment is in the journal, the terminal is asked
    _poll(
        lambda: lane.terminal.call("state")["phase"] == "authorising",
        15, "the terminal never started authorising",
    )  # fmt: skip
    kiosk.kill()
    assert _journal(lane, "SELECT status, amount_cents FROM payment") == [("pending", 343)]
    # The terminal carries on without the kiosk and books the payment (a real terminal
    # does: the host said yes), so the kiosk must learn of it and never charge again.
    _poll(lambda: _approved_charges(lane), 15, "the terminal never booked the payment")
    _poll(lambda: lane.terminal.call("state")["phase"] == "idle", 15, "terminal busy")

    _restart(lane, "paying-resumed.yaml", tmp_path / "after")
    charges = _approved_charges(lane)
    assert len(charges) == 1 and charges[0]["amount_cents"] == 343, charges
    assert _journal(lane, "SELECT status, amount_cents FROM payment") == [("approved", 343)]
    assert _journal(lane, "SELECT status FROM journal_transaction") == [("paid",)]
    _integrity(lane)


@pytest.mark.slow
def test_killed_while_printing_the_sale_stands_and_the_receipt_is_offered_again(
    lane: Lane, tmp_path: Path
) -> None:
    kiosk = KioskProcess(lane, "printing.yaml", tmp_path / "before")
    kiosk.until_step(6)  # print was tapped: the receipt is on its way to the printer
    # The driver sends the receipt in small chunks with a status check after each (the
    # configuration's chunk_size), so it is on the paper for a while: kill it there.
    _poll(
        lambda: lane.printer.call("state")["receipt_in_progress"],
        15, "the receipt never started printing", pace=0,
    )  # fmt: skip
    kiosk.kill()
    state = lane.printer.call("state")
    assert state["receipts"] == 1 and state["receipt_in_progress"], "killed mid-receipt"
    assert lane.printer.call("last_receipt")["cut"] is None
    _integrity(lane)
    assert _journal(lane, "SELECT status FROM payment") == [("approved",)]

    _restart(lane, "printing-resumed.yaml", tmp_path / "after")
    assert len(_approved_charges(lane)) == 1
    assert _journal(lane, "SELECT status FROM journal_transaction") == [("paid",)]
    assert _journal(lane, "SELECT status FROM payment") == [("approved",)]
    receipts = lane.printer.call("receipts")
    assert receipts and "1,19" in receipts[-1] and "APPROVED" in receipts[-1]
    _integrity(lane)
