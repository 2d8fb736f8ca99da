"""Micro-benchmark of kiosk.core.barcodes.parse_barcode (a script, not a test).

    .venv/bin/python bench/bench_barcodes.py [--n 100000] [--seed 1]

Parses a mix of realistic scans one at a time and prints p50/p99 (and max) in
microseconds, per kind and overall. The scan path budget is "well under 100 µs"
for an EAN-13.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core.barcodes import ParsedBarcode, parse_barcode

GS = "\x1d"

# (kind, share of scans, examples); shares are roughly a supermarket lane.
MIX: list[tuple[str, float, list[str]]] = [
    ("EAN-13 ]E0", 0.70, ["]E08710400311140", "]E09520123456788", "]E06291041500213"]),
    ("EAN-8 ]E4", 0.06, ["]E402345673", "]E402345680"]),
    ("UPC-A ]E0", 0.02, ["]E00416000336108", "]E0416000336108"]),
    ("price label 21", 0.08, ["]E02112345678900"]),
    ("weight label 29", 0.04, ["]E02900421015004"]),
    ("keyed EAN-13", 0.03, ["8710400311140"]),
    ("keyed PLU", 0.02, ["4011", "94011"]),
    ("bad check digit", 0.01, ["]E08710400311141"]),
    (
        "GS1 DataBar",
        0.02,
        ["]e00109520123456788" + "3103000195" + "3922" + "0299" + GS + "17201225"],
    ),
    ("GS1 Digital Link", 0.02, ["]Q1https://id.gs1.org/01/09520123456788/10/ABC1?17=201225"]),
]


def percentile(sorted_values: list[float], q: float) -> float:
    index = min(len(sorted_values) - 1, round(q * (len(sorted_values) - 1)))
    return sorted_values[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of parses")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    kinds = [kind for kind, _, _ in MIX]
    examples = {kind: codes for kind, _, codes in MIX}
    picks = rng.choices(kinds, weights=[share for _, share, _ in MIX], k=args.n)
    scans = [(kind, rng.choice(examples[kind])) for kind in picks]

    for _, raw in scans[:2000]:  # warm-up: imports, caches, branch predictors
        parse_barcode(raw)
    for kind, codes in examples.items():  # sanity: the mix parses as intended
        result = parse_barcode(codes[0])
        ok = isinstance(result, ParsedBarcode) != (kind == "bad check digit")
        assert ok, (kind, result)

    timings: dict[str, list[float]] = {kind: [] for kind in kinds}
    clock = time.perf_counter_ns
    for kind, raw in scans:
        start = clock()
        parse_barcode(raw)
        timings[kind].append((clock() - start) / 1000)

    print(f"{'kind':<18} {'n':>7} {'p50 µs':>8} {'p99 µs':>8} {'max µs':>8}")
    everything: list[float] = []
    for kind in kinds:
        values = sorted(timings[kind])
        everything.extend(values)
        if values:
            print(
                f"{kind:<18} {len(values):>7} {percentile(values, 0.5):>8.1f} "
                f"{percentile(values, 0.99):>8.1f} {values[-1]:>8.1f}"
            )
    everything.sort()
    print(
        f"{'all':<18} {len(everything):>7} {percentile(everything, 0.5):>8.1f} "
        f"{percentile(everything, 0.99):>8.1f} {everything[-1]:>8.1f}"
        f"   (mean {statistics.fmean(everything):.1f})"
    )


if __name__ == "__main__":
    main()
