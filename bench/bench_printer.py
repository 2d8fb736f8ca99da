"""Benchmark of the ESC/POS printer driver (a script, not a test).

    .venv/bin/python bench/bench_printer.py [--renders 1000] [--trials 10]

Two targets from issue #3:

* render: a 100-line receipt (header, 100 lines of 42 columns with euro signs and Dutch
  characters, QR code, barcode, cut) rendered to ESC/POS bytes by python-escpos through
  :class:`drivers.printer.ReceiptRenderer`: p50 / p99 / max over ``--renders`` runs,
  target <= 10 ms;
* paper out: from ``set_fault("paper_out")`` on the printer simulator to the driver's
  ERROR/paper_out status event, with the driver's *default* options (poll every 1 s,
  0.5 s status timeout) over a real pseudo-terminal and a real local TCP socket,
  ``--trials`` times each: target <= 2 s.

Prints a short table and writes ``bench/results/printer.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import queue
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.device import DeviceEvent, DeviceState, FaultReason, StatusEvent
from drivers.printer import EscposPrinter, Receipt, ReceiptRenderer
from drivers.sim.printer import PrinterSimulator

RENDER_TARGET_MS = 10.0
PAPER_OUT_TARGET_S = 2.0
RESULTS = Path(__file__).resolve().parent / "results" / "printer.json"


def percentile(sorted_values: list[float], q: float) -> float:
    index = min(len(sorted_values) - 1, round(q * (len(sorted_values) - 1)))
    return sorted_values[index]


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50": percentile(ordered, 0.5),
        "p99": percentile(ordered, 0.99),
        "max": ordered[-1],
    }


def hundred_line_receipt() -> Receipt:
    lines = []
    for i in range(1, 101):
        name = f"Kaas jong belegen 48+ é ë ï ö ü ĳ {i:03d}"[:32]
        lines.append(f"{name:<33} € {i % 50},{i % 100:02d}"[:42])
    return Receipt(
        lines=lines,
        header=["Super De Boer"],
        qr="T-20240611-0042",
        barcode="T-20240611-0042",
    )


def bench_render(runs: int) -> dict[str, float]:
    renderer = ReceiptRenderer()
    receipt = hundred_line_receipt()
    for _ in range(50):  # warm-up: imports, code page tables, caches
        renderer.render(receipt)
    timings = []
    clock = time.perf_counter_ns
    for _ in range(runs):
        start = clock()
        rendered = renderer.render(receipt)
        timings.append((clock() - start) / 1e6)
    assert rendered.lines == 101, rendered.lines
    result = summary(timings)
    result["bytes"] = rendered.size
    return result


def bench_paper_out(transport: str, trials: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    simulator = PrinterSimulator(transport=transport)
    simulator.start()
    statuses: queue.Queue[tuple[float, StatusEvent]] = queue.Queue()

    def listen(event: DeviceEvent) -> None:
        if isinstance(event, StatusEvent):
            statuses.put((time.monotonic(), event))

    def wait_for(state: DeviceState, reason: FaultReason | None) -> float:
        deadline = time.monotonic() + 30
        while True:
            stamp, event = statuses.get(timeout=max(deadline - time.monotonic(), 0.001))
            if (event.new.state, event.new.reason) == (state, reason):
                return stamp

    printer = EscposPrinter(simulator.driver_config())  # the driver's default options
    printer.add_listener(listen)
    try:
        printer.open()
        assert printer.status.state is DeviceState.ONLINE, printer.status
        seen = []
        for _ in range(trials):
            # a random moment in the poll cycle, as a real roll runs out at any moment
            time.sleep(rng.uniform(0, printer.poll_interval))
            start = time.monotonic()
            simulator.control("set_fault", fault="paper_out")
            seen.append(wait_for(DeviceState.ERROR, FaultReason.PAPER_OUT) - start)
            simulator.control("set_fault", fault=None)
            wait_for(DeviceState.ONLINE, None)
    finally:
        printer.close()
        simulator.stop()
    result = summary(seen)
    result["poll_interval_s"] = printer.poll_interval
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=1000)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    logging.getLogger("drivers").setLevel(logging.ERROR)  # the status changes are the point

    render = bench_render(args.renders)
    paper = {t: bench_paper_out(t, args.trials, args.seed) for t in ("pty", "tcp")}

    print(f"{'measure':<30} {'n':>5} {'p50':>9} {'p99':>9} {'max':>9} {'target':>9}")
    print(
        f"{'render 100-line receipt (ms)':<30} {render['n']:>5} {render['p50']:>9.2f} "
        f"{render['p99']:>9.2f} {render['max']:>9.2f} {RENDER_TARGET_MS:>9.1f}"
    )
    for transport, values in paper.items():
        label = f"paper out seen, {transport} (s)"
        print(
            f"{label:<30} {values['n']:>5} {values['p50']:>9.3f} "
            f"{values['p99']:>9.3f} {values['max']:>9.3f} {PAPER_OUT_TARGET_S:>9.1f}"
        )
    print(f"(receipt: {render['bytes']} bytes of ESC/POS; default poll interval 1 s)")
    ok = render["p99"] <= RENDER_TARGET_MS and all(
        v["max"] <= PAPER_OUT_TARGET_S for v in paper.values()
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "render_100_lines_ms": render,
                "render_target_ms": RENDER_TARGET_MS,
                "paper_out_seen_s": paper,
                "paper_out_target_s": PAPER_OUT_TARGET_S,
                "targets_met": ok,
                "python": platform.python_version(),
                "machine": platform.machine(),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"targets {'met' if ok else 'MISSED'}; written to {RESULTS}")


if __name__ == "__main__":
    main()
