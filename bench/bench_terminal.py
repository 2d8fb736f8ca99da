"""Benchmark of the ZVT payment terminal driver on the simulator (a script, not a test).

    .venv/bin/python bench/bench_terminal.py [--drops 30] [--freezes 20] [--kills 10]
                                             [--payments 200]

Terminal loss during a transaction, as the driver sees it (target: <= 2 s):

* ``drop``: the terminal drops the connection mid-payment (a TCP reset), in process;
* ``freeze``: the terminal stops sending mid-payment but keeps the connection (a hung
  terminal): seen when the timeout its last intermediate status announced (1 s in the
  simulator) plus ``status_grace`` (0.5 s) passes without a byte;
* ``kill``: the terminal's process is killed (``SIGKILL``) mid-payment.

Each is timed from the moment the terminal went (the simulator's clock, in process; the
kill call for ``kill``) to the moment ``start_payment`` returns UNKNOWN. Then the round
trip of an approved payment (the simulator with no card, PIN or host delay: 2 x 10
receipt lines, each acknowledged). Prints a table, writes ``bench/results/terminal.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.config import DeviceConfig, DeviceKind
from drivers.payment.interface import PaymentOutcome
from drivers.payment.zvt import ZvtTerminal
from drivers.sim.control import SimProcess
from drivers.sim.zvt import ZvtTerminalSimulator

TARGET_LOSS_S = 2.0
RESULTS = Path(__file__).resolve().parent / "results" / "terminal.json"
FAST = {"card_delay": 0.0, "pin_delay": 0.0, "auth_delay": 0.0}


def percentile(sorted_values: list[float], q: float) -> float:
    index = min(len(sorted_values) - 1, round(q * (len(sorted_values) - 1)))
    return sorted_values[index]


def summary(values: list[float]) -> dict[str, float | int]:
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50": percentile(ordered, 0.50),
        "p99": percentile(ordered, 0.99),
        "max": ordered[-1],
    }


def driver(config: DeviceConfig) -> ZvtTerminal:
    options = {**config.options, "probe_interval": 60}
    terminal = ZvtTerminal(
        DeviceConfig(kind=config.kind, driver=config.driver, url=config.url, options=options),
        reconnect_interval=0.05,
    )
    terminal.open()
    terminal.enable()
    return terminal


def in_process_losses(outcome: str, trials: int) -> list[float]:
    """``disconnect`` or ``timeout`` mid-payment: seconds until the driver notices."""
    sim = ZvtTerminalSimulator(**FAST)
    sim.start()
    terminal = driver(sim.driver_config())
    seen: list[float] = []
    try:
        for trial in range(trials):
            sim.script([f"{outcome}:approve"])
            result = terminal.start_payment(100 + trial, reference=f"{outcome}-{trial}")
            noticed = time.monotonic()
            lost_at = sim.state()["lost_at"]
            if result.outcome is not PaymentOutcome.UNKNOWN or lost_at is None:
                raise RuntimeError(f"trial {trial}: {result.outcome} ({result.detail})")
            seen.append(noticed - lost_at)
            resolved = terminal.transaction_status()
            if not resolved.approved:
                raise RuntimeError(f"trial {trial}: resolved as {resolved.outcome}")
    finally:
        terminal.close()
        sim.stop()
    return seen


def process_kills(trials: int) -> list[float]:
    """The terminal's process is killed while the host is being asked."""
    seen: list[float] = []
    for trial in range(trials):
        sim = SimProcess(DeviceKind.PAYMENT_TERMINAL, options={**FAST, "slow_seconds": 60})
        terminal = driver(sim.driver_config)
        try:
            sim.call("script", outcomes=["slow"])
            killed: list[float] = []

            def kill_when_authorising(
                event: object, sim: SimProcess = sim, killed: list[float] = killed
            ) -> None:
                step = getattr(getattr(event, "payload", None), "step", None)
                if step == "authorising" and not killed:
                    killed.append(time.monotonic())
                    os.kill(sim.pid, signal.SIGKILL)

            terminal.add_listener(kill_when_authorising)
            result = terminal.start_payment(100, reference=f"kill-{trial}")
            noticed = time.monotonic()
            if result.outcome is not PaymentOutcome.UNKNOWN or not killed:
                raise RuntimeError(f"trial {trial}: {result.outcome} ({result.detail})")
            seen.append(noticed - killed[0])
        finally:
            terminal.close()
            sim.kill()
    return seen


def round_trips(payments: int) -> list[float]:
    sim = ZvtTerminalSimulator(**FAST)
    sim.start()
    terminal = driver(sim.driver_config())
    seen: list[float] = []
    try:
        for index in range(payments + 10):
            start = time.perf_counter()
            result = terminal.start_payment(1234, reference=f"rt-{index}")
            elapsed = time.perf_counter() - start
            if not result.approved:
                raise RuntimeError(f"payment {index}: {result.outcome} ({result.detail})")
            if index >= 10:  # the first ten warm up
                seen.append(elapsed)
    finally:
        terminal.close()
        sim.stop()
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drops", type=int, default=30)
    parser.add_argument("--freezes", type=int, default=20)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--payments", type=int, default=200)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the losses are on purpose: no warnings

    losses = {
        "drop": in_process_losses("disconnect", args.drops),
        "freeze": in_process_losses("timeout", args.freezes),
        "kill": process_kills(args.kills),
    }
    trips = round_trips(args.payments)

    report: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "target_loss_s": TARGET_LOSS_S,
        "loss_during_transaction_s": {},
        "approved_payment_round_trip_ms": {},
    }
    print(f"{'loss during a payment':<24} {'n':>4} {'p50 s':>8} {'p99 s':>8} {'max s':>8}  ok")
    for name, values in losses.items():
        stats = summary(values)
        ok = stats["max"] <= TARGET_LOSS_S
        report["loss_during_transaction_s"][name] = {**stats, "within_target": ok}  # type: ignore[index]
        print(
            f"{name:<24} {stats['n']:>4} {stats['p50']:>8.3f} {stats['p99']:>8.3f} "
            f"{stats['max']:>8.3f}  {'yes' if ok else 'NO'}"
        )
    stats = summary([t * 1000 for t in trips])
    report["approved_payment_round_trip_ms"] = stats
    print(f"\n{'approved payment':<24} {'n':>4} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    print(
        f"{'round trip (sim)':<24} {stats['n']:>4} {stats['p50']:>8.2f} {stats['p99']:>8.2f} "
        f"{stats['max']:>8.2f}"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()
