"""Synthetic catalogs for benchmarks, generated once and reused.

Building a 1,000,000-product catalog takes about a minute, so the kiosk benchmarks keep one
under ``var/bench/`` (on the real disk, like the foundation benchmark's) and build it
again only when it is missing or incomplete. The rows come from the same generator as
``bench/foundation.py``'s import (:func:`kiosk.core.catalog.admin.generate_catalog`), so
the benchmarks look up the same GTINs (:func:`kiosk.core.catalog.admin.synthetic_gtin`).

    python bench/catalogs.py [--count 1000000]     # build (or check) the cached catalog
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
MILLION = 1_000_000


def kiosk_config(folder: Path, catalog: Path) -> Path:
    """``examples/kiosk-1.toml`` (simulated devices) with its data, store and key in
    ``folder`` and ``catalog`` as the catalog: the kiosk the benchmarks start."""
    text = (ROOT / "examples" / "kiosk-1.toml").read_text(encoding="utf-8")
    for key, value in {
        "data_dir": folder / "data",
        "catalog": catalog,
        "store": folder / "store.db",
        "staff_key": folder / "staff.key",
    }.items():
        text = re.sub(rf'^{key} = ".*"$', f'{key} = "{value}"', text, flags=re.M)
    # the lane alone: bench/bench_network.py measures the store network
    text = text.replace("[broker]\n", "[broker]\nenabled = false\n", 1)
    path = folder / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _complete(path: Path, count: int) -> bool:
    """Whether ``path`` holds a finished catalog of ``count`` products (a run cut short
    leaves none: the import is one transaction)."""
    if not path.exists():
        return False
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (rows,) = connection.execute("SELECT count(*) FROM product").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return bool(rows == count)


def synthetic_catalog(count: int = MILLION, *, folder: Path = WORK, quiet: bool = False) -> Path:
    """The path of a synthetic catalog of ``count`` products, built now if need be."""
    path = folder / f"kiosk-catalog-{count}.db"
    if _complete(path, count):
        return path
    sys.path.insert(0, str(ROOT))
    from kiosk.core.catalog.admin import generate_catalog

    folder.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building.db")
    if not quiet:
        print(f"building a {count:,}-product catalog at {path} (once) ...", flush=True)
    start = time.perf_counter()
    imported = generate_catalog(count, building)
    assert imported == count, (imported, count)
    building.replace(path)
    if not quiet:
        print(f"  built in {time.perf_counter() - start:.0f} s", flush=True)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=MILLION)
    args = parser.parse_args()
    print(synthetic_catalog(args.count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
