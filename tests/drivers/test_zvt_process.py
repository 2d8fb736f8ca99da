"""The ZVT terminal simulator as its own process: it outlives a kiosk killed mid-payment.

A child Python process plays the kiosk: it opens the real driver and starts a payment;
once the terminal is asking the host, the test kills it (SIGKILL: no clean-up at all).
The simulator, in its own process (``python -m drivers.sim payment_terminal``), books
the payment as a real terminal would. A new driver, with the state file the killed one
left, finds the payment unresolved, refuses the next one, and learns the truth from
the terminal.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from drivers.config import DeviceConfig, DeviceKind
from drivers.device import DataEvent, DeviceEvent, DeviceState, FaultReason, StatusEvent
from drivers.payment.interface import OutcomeUnknown, PaymentOutcome
from drivers.payment.zvt import ZvtTerminal
from drivers.registry import create_device, statistics_path
from drivers.sim.control import SimControlError, SimProcess
from drivers.sim.host import SimulatorHost

ROOT = Path(__file__).resolve().parents[2]
WAIT = 20.0  # seconds; only ever reached when a test fails

SIM_OPTIONS = {"card_delay": 0.01, "pin_delay": 0.01, "auth_delay": 0.01, "status_timeout": 2}

KIOSK = textwrap.dedent(
    """
    import json, sys
    from drivers.config import DeviceConfig
    from drivers.device import DataEvent
    from drivers.payment.zvt import ZvtTerminal

    config = DeviceConfig.model_validate_json(sys.argv[1])
    terminal = ZvtTerminal(config, reconnect_interval=0.05)

    def tell(event):
        if isinstance(event, DataEvent) and hasattr(event.payload, "step"):
            print(json.dumps({"progress": event.payload.step.value}), flush=True)

    terminal.add_listener(tell)
    terminal.open()
    terminal.enable()
    result = terminal.start_payment(int(sys.argv[2]), reference=sys.argv[3])
    print(json.dumps({"result": result.outcome.value}), flush=True)
    """
)


def wait_for(check: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    """Poll ``check`` until it returns something true; fail after ``timeout`` seconds."""
    done = threading.Event()
    deadline = threading.Timer(timeout, done.set)
    deadline.start()
    try:
        while not done.is_set():
            value = check()
            if value:
                return value
            done.wait(0.02)
    finally:
        deadline.cancel()
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def terminal_process() -> Iterator[SimProcess]:
    process = SimProcess(DeviceKind.PAYMENT_TERMINAL, name="lane-1", options=SIM_OPTIONS)
    yield process
    process.stop()


def driver_config(sim: SimProcess, **options: Any) -> DeviceConfig:
    base = sim.driver_config
    return DeviceConfig(
        kind=base.kind, driver=base.driver, url=base.url, options={**base.options, **options}
    )


def test_the_simulator_process_serves_its_control_api(terminal_process: SimProcess) -> None:
    state = terminal_process.call("state")
    assert state["listening"] and state["fault"] is None
    assert terminal_process.call("faults") == ["offline", "not_registered", "busy"]
    with pytest.raises(SimControlError, match="unknown outcome"):
        terminal_process.call("script", outcomes=["approve", "explode"])
    with pytest.raises(SimControlError, match="Luhn"):
        terminal_process.call("seed_cards", pans=["4111111111111112"])
    assert terminal_process.call("next_outcome", outcome="decline:pin_wrong")["script"] == [
        "decline:pin_wrong"
    ]
    assert terminal_process.driver_config.url.startswith("tcp://127.0.0.1:")


def test_the_terminal_outlives_a_kiosk_killed_mid_payment(
    terminal_process: SimProcess, tmp_path: Path
) -> None:
    state_file = tmp_path / "terminal.payment.json"
    config = driver_config(terminal_process, state_file=str(state_file), probe_interval=60)
    terminal_process.call("script", outcomes=["slow:60"])  # the host answers when it answers
    kiosk = subprocess.Popen(
        [sys.executable, "-c", KIOSK, config.model_dump_json(), "4321", "kill-01"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert kiosk.stdout is not None
    reader = threading.Thread(target=lambda: [lines.put(x) for x in kiosk.stdout], daemon=True)
    reader.start()
    try:
        while json.loads(lines.get(timeout=WAIT)).get("progress") != "authorising":
            pass
        os.kill(kiosk.pid, signal.SIGKILL)
        assert kiosk.wait(timeout=WAIT) == -signal.SIGKILL
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
        kiosk.stdout.close()

    # the terminal lives on, and books the payment the host approved
    [txn] = wait_for(lambda: terminal_process.call("transactions"), "the terminal's booking")
    assert (txn["outcome"], txn["amount_cents"]) == ("approved", 4321)
    assert terminal_process.process.poll() is None
    assert json.loads(state_file.read_text())["pending"]["reference"] == "kill-01"

    # the kiosk comes back: same state file, a new driver
    restarted = ZvtTerminal(config, reconnect_interval=0.05)
    events: queue.Queue[DeviceEvent] = queue.Queue()
    restarted.add_listener(events.put)
    try:
        restarted.open()
        restarted.enable()
        while True:
            event = events.get(timeout=WAIT)
            if isinstance(event, StatusEvent) and event.new.reason is FaultReason.OUTCOME_UNKNOWN:
                break
        assert restarted.unresolved == "kill-01"
        with pytest.raises(OutcomeUnknown):
            restarted.start_payment(100, reference="kill-02")
        resolved = restarted.transaction_status("kill-01")
        assert resolved.outcome is PaymentOutcome.APPROVED
        assert resolved.amount_cents == 4321 and resolved.reference == "kill-01"
        assert resolved.terminal.trace_number == f"{txn['trace']:06d}"
        assert restarted.status.state is DeviceState.ONLINE
        assert restarted.start_payment(100, reference="kill-02").approved
        assert any(
            isinstance(e, DataEvent) and getattr(e.payload, "reference", None) == "kill-02"
            for e in list(events.queue)
        )
        assert restarted.statistics["unknown_outcomes"] == 1  # found at open, mid-payment
    finally:
        restarted.close()


def test_a_simulated_lane_runs_the_terminal_in_its_own_process(tmp_path: Path) -> None:
    config = DeviceConfig(
        kind="payment_terminal", driver="sim", url="sim:", options={"card_delay": 0.01}
    )
    with SimulatorHost() as host:
        device = create_device("terminal", config, data_dir=tmp_path, simulators=host)
        assert isinstance(device, ZvtTerminal)
        handle = host["terminal"]
        assert isinstance(handle, SimProcess)  # the terminal gets a process of its own
        try:
            device.open()
            device.enable()
            assert device.status.state is DeviceState.ONLINE
            assert device.start_payment(995, reference="lane-01").approved
            assert handle.call("state")["transactions"] == 1
        finally:
            device.close()
    stats = json.loads(statistics_path(tmp_path, "terminal").read_text())
    assert stats["approved"] == 1
    state = json.loads((tmp_path / "devices" / "terminal.payment.json").read_text())
    assert state["pending"] is None and state["recent"][0]["reference"] == "lane-01"
