"""Benchmark of the serial scanner driver (a script, not a test).

    .venv/bin/python bench/bench_scanner.py            # full: 2000 scans, 60 s at 50/s
    .venv/bin/python bench/bench_scanner.py --quick    # 500 scans, 10 s at 50/s

The real :class:`drivers.scanner.SerialScanner`, with its default options, reads a real
pseudo-terminal whose device side the :class:`drivers.sim.scanner.ScannerSimulator`
holds. Three targets from issue #3:

1. latency: the bench writes a frame's data on the pty master, then its terminator
   byte; the clock runs from just before that terminator ``write()`` to the driver's
   ``DataEvent`` reaching the listener (on the driver's thread): p50 / p99 / max over
   ``--scans`` scans after a warm-up; target p99 <= 2 ms;
2. rate: ``scan`` on the simulator 50 times a second for ``--seconds`` seconds, each code
   unique and sequence-numbered (``SEQ0000001``): every code must arrive exactly once, in
   order, with no frame error (none lost, none merged); the per-scan latency is reported
   too;
3. unplug seen: from the simulator's ``unplug`` (``SimPty.unplug()``: the master closed
   and the link removed, as a pulled USB cable does) to the driver's OFFLINE/unplugged
   status event, ``--trials`` times (replugging in between); target <= 2 s.

Prints a table and writes ``bench/results/scanner.json`` (``scanner-quick.json`` with
``--quick``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import queue
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.device import (
    DataEvent,
    DeviceEvent,
    DeviceState,
    ErrorEvent,
    FaultReason,
    StatusEvent,
)
from drivers.scanner import Scan, SerialScanner
from drivers.sim.scanner import ScannerSimulator

LATENCY_TARGET_MS = 2.0
RATE_PER_S = 50
UNPLUG_TARGET_S = 2.0
RESULTS = Path(__file__).resolve().parent / "results"
WAIT = 5.0


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float], unit: float = 1e3, digits: int = 3) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50": round(percentile(ordered, 0.5) * unit, digits),
        "p99": round(percentile(ordered, 0.99) * unit, digits),
        "max": round(ordered[-1] * unit, digits),
    }


class Recorder:
    """The driver's listener: each event with the time it arrived."""

    def __init__(self) -> None:
        self.scans: queue.Queue[tuple[float, Scan]] = queue.Queue()
        self.errors: list[ErrorEvent] = []
        self.statuses: queue.Queue[tuple[float, StatusEvent]] = queue.Queue()

    def __call__(self, event: DeviceEvent) -> None:
        now = time.perf_counter()
        if isinstance(event, DataEvent):
            self.scans.put((now, event.payload))
        elif isinstance(event, ErrorEvent):
            self.errors.append(event)
        else:
            self.statuses.put((now, event))

    def wait_status(self, state: DeviceState) -> float:
        while True:
            at, event = self.statuses.get(timeout=WAIT)
            if event.new.state is state:
                return at


def open_lane() -> tuple[ScannerSimulator, SerialScanner, Recorder]:
    sim = ScannerSimulator(name="bench")
    sim.start()
    scanner = SerialScanner(sim.driver_config())  # the driver's default options
    recorder = Recorder()
    scanner.add_listener(recorder)
    scanner.open()
    recorder.wait_status(DeviceState.ONLINE)
    scanner.enable()
    return sim, scanner, recorder


def bench_latency(count: int, warmup: int = 200) -> dict[str, object]:
    sim, scanner, recorder = open_lane()
    master = sim.pty.fileno()
    assert master is not None
    samples: list[float] = []
    wrong = 0
    try:
        for i in range(warmup + count):
            code = f"{i:013d}"
            os.write(master, b"]E0" + code.encode())
            start = time.perf_counter()
            os.write(master, b"\r")
            arrived, scan = recorder.scans.get(timeout=WAIT)
            wrong += scan != Scan(code, "]E0")
            if i >= warmup:
                samples.append(arrived - start)
    finally:
        scanner.close()
        sim.stop()
    return {**summary(samples), "unit": "ms", "wrong_scans": wrong, "errors": len(recorder.errors)}


def bench_rate(seconds: float) -> dict[str, object]:
    sim, scanner, recorder = open_lane()
    total = int(seconds * RATE_PER_S)
    sent_at: list[float] = []
    late: list[float] = []
    try:
        begin = time.perf_counter() + 0.1
        for i in range(total):
            due = begin + i / RATE_PER_S
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            late.append(max(0.0, time.perf_counter() - due))
            sent_at.append(time.perf_counter())
            answer = sim.control("scan", data=f"SEQ{i:07d}", symbology="code128")
            if not answer["sent"]:
                raise RuntimeError(f"the simulator did not send scan {i}")
        received: list[tuple[float, Scan]] = []
        deadline = time.perf_counter() + WAIT
        while len(received) < total and time.perf_counter() < deadline:
            try:
                received.append(recorder.scans.get(timeout=0.1))
            except queue.Empty:
                continue
        try:  # anything more would be a duplicate or a split scan
            while True:
                received.append(recorder.scans.get(timeout=0.2))
        except queue.Empty:
            pass
    finally:
        scanner.close()
        sim.stop()
    expected = [Scan(f"SEQ{i:07d}", "]C0") for i in range(total)]
    codes = [scan for _, scan in received]
    got = set(codes)
    lost = sum(scan not in got for scan in expected)
    extra = len(codes) - len(set(codes)) + sum(scan not in set(expected) for scan in got)
    latencies = [at - sent_at[i] for i, (at, _) in enumerate(received[:total])]
    return {
        "scans_sent": total,
        "scans_received": len(codes),
        "rate_per_s": RATE_PER_S,
        "seconds": seconds,
        "lost": lost,
        "merged_or_extra": extra,
        "in_order": codes == expected,
        "frame_errors": len(recorder.errors),
        "latency_ms": summary(latencies) if codes == expected else None,
        "schedule_late_ms_max": round(max(late) * 1e3, 3) if late else 0.0,
        "ok": codes == expected and not recorder.errors,
    }


def bench_unplug(trials: int) -> dict[str, object]:
    sim, scanner, recorder = open_lane()
    seen: list[float] = []
    back: list[float] = []
    reasons: set[str] = set()
    try:
        for _ in range(trials):
            start = time.perf_counter()
            sim.unplug()  # SimPty.unplug(), with the simulator's reader kept off the port
            while True:
                at, event = recorder.statuses.get(timeout=WAIT)
                if event.new.state is DeviceState.OFFLINE:
                    break
            seen.append(at - start)
            reasons.add(str(event.new.reason))
            start = time.perf_counter()
            sim.plug()
            back.append(recorder.wait_status(DeviceState.ONLINE) - start)
    finally:
        scanner.close()
        sim.stop()
    return {
        "unplug_seen_s": summary(seen, unit=1.0, digits=4),
        "replug_online_s": summary(back, unit=1.0, digits=4),
        "reasons": sorted(reasons),
        "reconnect_interval_s": 0.5,
        "ok": reasons == {FaultReason.UNPLUGGED.value},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 scans, 10 s of rate")
    parser.add_argument("--scans", type=int, default=None, help="latency samples (2000)")
    parser.add_argument("--seconds", type=float, default=None, help="rate duration (60)")
    parser.add_argument("--trials", type=int, default=10, help="unplug trials (10)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    scans = args.scans or (500 if args.quick else 2000)
    seconds = args.seconds or (10.0 if args.quick else 60.0)

    print(f"latency x {scans} ...", flush=True)
    latency = bench_latency(scans)
    print(f"rate {RATE_PER_S}/s for {seconds:g} s ...", flush=True)
    rate = bench_rate(seconds)
    print(f"unplug x {args.trials} ...", flush=True)
    unplug = bench_unplug(args.trials)

    unplug_max = unplug["unplug_seen_s"]["max"]  # type: ignore[index]
    checks = {
        "latency_p99_ms <= 2": latency["p99"] <= LATENCY_TARGET_MS and not latency["wrong_scans"],
        "rate: none lost or merged": bool(rate["ok"]),
        "unplug seen <= 2 s": unplug_max <= UNPLUG_TARGET_S and bool(unplug["ok"]),
    }
    results = {
        "latency_terminator_to_event": latency,
        "latency_target_p99_ms": LATENCY_TARGET_MS,
        "rate": rate,
        "unplug": unplug,
        "unplug_target_s": UNPLUG_TARGET_S,
        "checks": checks,
        "targets_met": all(checks.values()),
        "quick": args.quick,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }

    rows = [
        ("terminator -> DataEvent p50 / p99 / max", "ms", latency, "p99 <= 2"),
        ("rate: per-scan latency p50 / p99 / max", "ms", rate["latency_ms"], ""),
        ("unplug -> OFFLINE p50 / p99 / max", "s", unplug["unplug_seen_s"], "max <= 2"),
        ("replug -> ONLINE p50 / p99 / max", "s", unplug["replug_online_s"], ""),
    ]
    print()
    print(f"{'measure':44} {'unit':4} {'n':>6} {'p50':>9} {'p99':>9} {'max':>9}  target")
    for name, unit, row, target in rows:
        if row is None:
            print(f"{name:44} {unit:4} {'-':>6}")
            continue
        print(
            f"{name:44} {unit:4} {row['n']:>6} {row['p50']:>9} {row['p99']:>9} "
            f"{row['max']:>9}  {target}"
        )
    print(
        f"rate: {rate['scans_sent']} sent at {RATE_PER_S}/s, {rate['scans_received']} received, "
        f"lost {rate['lost']}, merged/extra {rate['merged_or_extra']}, "
        f"in order {rate['in_order']}, frame errors {rate['frame_errors']}"
    )
    for name, passed in checks.items():
        print(f"  {'PASS' if passed else 'FAIL'}  {name}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / ("scanner-quick.json" if args.quick else "scanner.json")
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"written {out}")
    return 0 if results["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
