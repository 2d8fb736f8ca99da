"""The drivers section of docs/performance.md, from the last results of the driver benchmarks.

Run after ``bench/bench_scanner.py``, ``bench/bench_printer.py`` and
``bench/bench_terminal.py`` (``make bench`` runs all four); each writes its JSON into
``bench/results/``. Every figure stands beside its target (issue #3) with a verdict.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.docs_sections import replace_section  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(scanner: dict, printer: dict, terminal: dict) -> str:  # type: ignore[type-arg]
    lat = scanner["latency_terminator_to_event"]
    rate = scanner["rate"]
    unplug = scanner["unplug"]["unplug_seen_s"]
    render_ms = printer["render_100_lines_ms"]
    paper = printer["paper_out_seen_s"]
    loss = terminal["loss_during_transaction_s"]
    trip = terminal["approved_payment_round_trip_ms"]
    rows = [
        (
            "scanner: terminator byte written -> scan event",
            f"{lat['p50']:.3f} / {lat['p99']:.3f} / {lat['max']:.3f} ms",
            lat["n"],
            "p99 ≤ 2 ms",
            lat["p99"] <= 2.0,
        ),
        (
            f"scanner: {rate['rate_per_s']} scans/s for {rate['seconds']:.0f} s",
            f"{rate['scans_received']} of {rate['scans_sent']} received, "
            f"{rate['lost']} lost, {rate['merged_or_extra']} merged",
            rate["scans_sent"],
            "none lost or merged",
            rate["ok"],
        ),
        (
            "scanner: unplug -> offline",
            f"{unplug['p50']:.3f} / {unplug['p99']:.3f} / {unplug['max']:.3f} s",
            unplug["n"],
            "≤ 2 s",
            unplug["max"] <= 2.0,
        ),
        (
            "printer: 100-line receipt rendered to ESC/POS",
            f"{render_ms['p50']:.2f} / {render_ms['p99']:.2f} / {render_ms['max']:.2f} ms",
            render_ms["n"],
            "≤ 10 ms",
            render_ms["p99"] <= 10.0,
        ),
    ]
    for transport, figures in paper.items():
        rows.append(
            (
                f"printer: paper out seen ({transport})",
                f"{figures['p50']:.2f} / {figures['p99']:.2f} / {figures['max']:.2f} s",
                figures["n"],
                "≤ 2 s",
                figures["max"] <= 2.0,
            )
        )
    for how, figures in loss.items():
        rows.append(
            (
                f"terminal: connection lost during a payment ({how})",
                f"{figures['p50']:.3f} / {figures['p99']:.3f} / {figures['max']:.3f} s",
                figures["n"],
                "≤ 2 s",
                figures["max"] <= 2.0,
            )
        )
    lines = [
        "## Drivers (issue #3)",
        "",
        "Measured by `bench/bench_scanner.py`, `bench/bench_printer.py` and "
        "`bench/bench_terminal.py` against the simulators over real pseudo-terminals and "
        "local sockets; regenerate this section with `python bench/drivers_report.py`. "
        "Figures are p50 / p99 / max.",
        "",
        "| measure | figures | n | target | verdict |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {a} | {b} | {n} | {t} | {_verdict(ok)} |" for a, b, n, t, ok in rows]
    lines += [
        "",
        f"An approved payment's round trip on the ZVT simulator: p50 {trip['p50']:.1f} ms, "
        f'p99 {trip["p99"]:.1f} ms (n={trip["n"]}). The terminal\'s "freeze" case (it falls '
        "silent mid-payment) is bounded by the driver's loss timeout; a connection that is "
        "dropped or a terminal process that dies is seen at once. Paper out is bounded by the "
        "printer's 1 s poll interval.",
    ]
    return "\n".join(lines)


def main() -> int:
    try:
        loaded = [
            json.loads((RESULTS / f"{name}.json").read_text())
            for name in ("scanner", "printer", "terminal")
        ]
    except FileNotFoundError as error:
        print(f"missing results: {error.filename}; run the driver benchmarks first")
        return 1
    replace_section("drivers", render(*loaded))
    print("written the drivers section of docs/performance.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
