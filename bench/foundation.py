"""Benchmarks of the foundation (issue #2): catalog lookup, 1M import, journal commit.

    python bench/foundation.py            # the full run: a 1,000,000-product catalog
    python bench/foundation.py --quick    # 100,000 products, fewer samples

Measured in one run, side by side with its floor:
* catalog lookup p50/p99/max through the production path (``Catalog.by_gtin``, and
  ``parse_barcode`` + ``by_gtin`` as a scan does it) next to a raw ``sqlite3`` indexed lookup
  of the same rows on the same file, with the p99 ratio;
* importing the generated CSV (1M rows) into an empty catalog;
* journal commit p50/p99/max (``record_cart_event``, ``synchronous=FULL``), next to a raw
  sqlite3 ``INSERT`` + ``COMMIT`` with the same pragmas.

Writes ``bench/results/foundation.json``. Targets: lookup p99 <= 1 ms and <= 20x raw p99;
import <= 60 s; journal commit p99 <= 20 ms.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import random
import sqlite3
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.docs_sections import replace_section  # noqa: E402
from kiosk.core.barcodes import parse_barcode  # noqa: E402
from kiosk.core.cart import Cart  # noqa: E402
from kiosk.core.catalog.admin import (  # noqa: E402
    SYNTHETIC_CATEGORIES,
    ensure_categories,
    import_products,
    open_catalog_for_writing,
    synthetic_gtin,
    write_generated_csv,
)
from kiosk.core.catalog.records import ProductInfo  # noqa: E402
from kiosk.core.catalog.repository import Catalog  # noqa: E402
from kiosk.core.journal import Journal  # noqa: E402
from kiosk.core.money import VatRate  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"  # on the real disk: fsync must be measured where it happens


def percentiles(samples_s: list[float]) -> dict[str, float]:
    ordered = sorted(samples_s)
    cut = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "n": len(ordered),
        "p50_us": round(cut[49] * 1e6, 2),
        "p99_us": round(cut[98] * 1e6, 2),
        "max_us": round(ordered[-1] * 1e6, 2),
    }


def timed(fn, args_list) -> list[float]:  # type: ignore[no-untyped-def]
    clock = time.perf_counter
    samples = []
    for args in args_list:
        start = clock()
        fn(*args)
        samples.append(clock() - start)
    return samples


def bench_import(count: int) -> tuple[Path, dict[str, float]]:
    WORK.mkdir(parents=True, exist_ok=True)
    target = WORK / f"catalog-{count}.db"
    for stale in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        stale.unlink(missing_ok=True)
    buffer = io.StringIO()
    write_generated_csv(count, buffer)
    text = buffer.getvalue()
    engine = open_catalog_for_writing(target)
    ensure_categories(engine, SYNTHETIC_CATEGORIES)
    start = time.perf_counter()
    imported = import_products(engine, text, "generated.csv")
    seconds = time.perf_counter() - start
    engine.dispose()
    assert imported == count
    return target, {"rows": count, "seconds": round(seconds, 2), "rows_per_s": int(count / seconds)}


def bench_lookup(target: Path, count: int, samples: int) -> dict[str, object]:
    rng = random.Random(7)
    indexes = [rng.randint(2, count) for _ in range(samples)]
    gtins = [synthetic_gtin(i).zfill(14) for i in indexes]
    raw_scans = [f"]E0{synthetic_gtin(i)}" for i in indexes]

    raw = sqlite3.connect(target)
    sql = (
        "SELECT p.id, p.kind, p.gtin, p.plu, p.name_nl, p.name_en, p.category, p.price_cents, "
        "p.sold_by_weight, p.vat, p.min_age, p.image, p.active, d.id, d.kind, d.gtin, d.plu, "
        "d.name_nl, d.name_en, d.category, d.price_cents, d.sold_by_weight, d.vat, d.min_age, "
        "d.image, d.active FROM product p LEFT OUTER JOIN product d ON d.id = p.deposit_id "
        "WHERE p.gtin = ?"
    )
    plan = " ".join(str(r) for r in raw.execute("EXPLAIN QUERY PLAN " + sql, ("x",)))
    assert "ix_product_gtin" in plan, plan

    def raw_lookup(gtin: str) -> None:
        assert raw.execute(sql, (gtin,)).fetchone() is not None

    with Catalog(target, today=lambda: date(2026, 11, 23)) as catalog:

        def product_lookup(gtin: str) -> None:
            assert catalog.by_gtin(gtin) is not None

        def scan_lookup(scan: str) -> None:
            parsed = parse_barcode(scan)
            assert catalog.by_gtin(parsed.lookup_gtin) is not None  # type: ignore[union-attr]

        # warm the page cache and statement caches the same way for both
        for gtin in gtins[:2000]:
            raw_lookup(gtin)
            product_lookup(gtin)
        results: dict[str, object] = {}
        # interleave runs so neither side gets a quieter machine
        raw_samples: list[float] = []
        product_samples: list[float] = []
        scan_samples: list[float] = []
        for start in range(0, samples, 1000):
            chunk = slice(start, start + 1000)
            raw_samples += timed(raw_lookup, [(g,) for g in gtins[chunk]])
            product_samples += timed(product_lookup, [(g,) for g in gtins[chunk]])
            scan_samples += timed(scan_lookup, [(s,) for s in raw_scans[chunk]])
    raw.close()
    results["raw_sqlite3"] = percentiles(raw_samples)
    results["catalog_by_gtin"] = percentiles(product_samples)
    results["scan_parse_and_lookup"] = percentiles(scan_samples)
    results["p99_ratio_by_gtin_vs_raw"] = round(
        results["catalog_by_gtin"]["p99_us"] / results["raw_sqlite3"]["p99_us"],
        2,  # type: ignore[index]
    )
    results["p99_ratio_scan_vs_raw"] = round(
        results["scan_parse_and_lookup"]["p99_us"] / results["raw_sqlite3"]["p99_us"],
        2,  # type: ignore[index]
    )
    return results


def bench_journal(commits: int) -> dict[str, object]:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "journal-bench.db"
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    product = ProductInfo(1, "Melk", "Milk", 129, VatRate.LOW, "zuivel", gtin="08710400000018")
    journal = Journal(path, kiosk_id="bench")
    samples: list[float] = []
    transaction = journal.open_transaction()
    cart = Cart(transaction, date(2026, 11, 23))
    for i in range(commits):
        if i and i % 100 == 0:  # a new shopper every 100 scans, like a real lane
            journal.close_transaction(transaction, "cancelled")
            transaction = journal.open_transaction()
            cart = Cart(transaction, date(2026, 11, 23))
        change = cart.add_product(product, quantity=1 + i % 3)
        start = time.perf_counter()
        journal.record_cart_event(transaction, change)
        samples.append(time.perf_counter() - start)
        cart.apply(change)
    journal.close()

    raw_path = WORK / "raw-bench.db"
    for stale in (raw_path, Path(f"{raw_path}-wal"), Path(f"{raw_path}-shm")):
        stale.unlink(missing_ok=True)
    raw = sqlite3.connect(raw_path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)")
    raw_samples: list[float] = []
    for i in range(commits):
        start = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO t (payload) VALUES (?)", ("x" * 400 + str(i),))
        raw.execute("COMMIT")
        raw_samples.append(time.perf_counter() - start)
    raw.close()
    return {
        "record_cart_event": percentiles(samples),
        "raw_sqlite3_insert_commit": percentiles(raw_samples),
    }


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render_markdown(results: dict) -> str:  # type: ignore[type-arg]
    """The foundation section of docs/performance.md, from one run's results."""
    imp = results["catalog_import"]
    look = results["catalog_lookup"]
    jour = results["journal_commit"]
    raw, by_gtin, scan = look["raw_sqlite3"], look["catalog_by_gtin"], look["scan_parse_and_lookup"]
    rec, raw_commit = jour["record_cart_event"], jour["raw_sqlite3_insert_commit"]
    machine = results["machine"]
    ms = 1000.0

    def row(name: str, figures: dict, target: str, ok: bool | None) -> str:  # type: ignore[type-arg]
        shown = verdict(ok) if ok is not None else "floor"
        return (
            f"| {name} | {figures['p50_us']:.1f} | {figures['p99_us']:.1f} | "
            f"{figures['max_us']:.1f} | {figures['n']} | {target} | {shown} |"
        )

    lines = [
        "# Performance",
        "",
        "Measured by `python bench/foundation.py` (`make bench`) on the project's 2-core machine",
        f"(Python {machine['python']}, SQLite {machine['sqlite']}). Latencies in microseconds;",
        "each figure stands beside its floor, measured in the same run on the same file.",
        "Regenerate with `python bench/foundation.py --docs`.",
        "",
        f"## Catalog lookup ({imp['rows']:,} products)",
        "",
        "| path | p50 µs | p99 µs | max µs | samples | target | verdict |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        row("raw sqlite3, indexed (floor)", raw, "", None),
        row(
            "`Catalog.by_gtin`",
            by_gtin,
            "p99 ≤ 1000 µs and ≤ 20× raw",
            by_gtin["p99_us"] <= ms and look["p99_ratio_by_gtin_vs_raw"] <= 20,
        ),
        row(
            "scan: `parse_barcode` + `by_gtin`",
            scan,
            "p99 ≤ 1000 µs and ≤ 20× raw",
            scan["p99_us"] <= ms and look["p99_ratio_scan_vs_raw"] <= 20,
        ),
        "",
        f"p99 ratio to raw sqlite3: `by_gtin` {look['p99_ratio_by_gtin_vs_raw']}×, "
        f"scan path {look['p99_ratio_scan_vs_raw']}×.",
        "",
        "## Catalog import",
        "",
        "| rows | seconds | rows/s | target | verdict |",
        "| --- | --- | --- | --- | --- |",
        f"| {imp['rows']:,} | {imp['seconds']} | {imp['rows_per_s']:,} | ≤ 60 s for 1M | "
        f"{verdict(imp['seconds'] <= 60 * imp['rows'] / 1_000_000)} |",
        "",
        "## Journal commit (`synchronous=FULL`, WAL, fsync on every commit)",
        "",
        "| path | p50 µs | p99 µs | max µs | samples | target | verdict |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        row("raw sqlite3 INSERT + COMMIT (floor)", raw_commit, "", None),
        row("`Journal.record_cart_event`", rec, "p99 ≤ 20000 µs", rec["p99_us"] <= 20_000),
        "",
    ]
    if results["quick"]:
        lines.insert(
            2, "**Quick run** (100k products, fewer samples): not the figures of record.\n"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100k products, fewer samples")
    parser.add_argument(
        "--docs", action="store_true", help="only rewrite docs/performance.md from the last results"
    )
    args = parser.parse_args()
    if args.docs:
        results = json.loads((RESULTS / "foundation.json").read_text())
        replace_section("foundation", render_markdown(results))
        return
    count = 100_000 if args.quick else 1_000_000
    samples = 5_000 if args.quick else 50_000
    commits = 300 if args.quick else 2_000

    print(f"import {count} products ...", flush=True)
    target, imported = bench_import(count)
    print(f"  {imported}", flush=True)
    print(f"lookup x {samples} ...", flush=True)
    lookup = bench_lookup(target, count, samples)
    print(f"  {lookup}", flush=True)
    print(f"journal commit x {commits} ...", flush=True)
    journal = bench_journal(commits)
    print(f"  {journal}", flush=True)

    results = {
        "benchmark": "foundation",
        "quick": args.quick,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "sqlite": sqlite3.sqlite_version,
        },
        "catalog_import": imported,
        "catalog_lookup": lookup,
        "journal_commit": journal,
        "targets": {
            "lookup_p99_us": 1000,
            "lookup_p99_ratio": 20,
            "import_1m_s": 60,
            "journal_commit_p99_us": 20_000,
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / ("foundation-quick.json" if args.quick else "foundation.json")
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {out}")
    if not args.quick:
        replace_section("foundation", render_markdown(results))
        print("written docs/performance.md")


if __name__ == "__main__":
    main()
