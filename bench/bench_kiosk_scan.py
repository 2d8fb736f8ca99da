"""Scan -> cart row painted, GUI event-loop lag under a scan burst, and memory: the real kiosk.

    python bench/bench_kiosk_scan.py              # 300 measured scans, a 12 s burst
    python bench/bench_kiosk_scan.py --quick      # 60 scans, a 10 s burst (not of record)

One process runs the real kiosk (:func:`kiosk.app.build_kiosk`) offscreen at 1920x1080 on
simulated devices (the scanner simulator on a real pseudo-terminal, the real serial
driver reading it), with a 1,000,000-product catalog (built once by
``bench/catalogs.py``, the foundation benchmark's generator) and a fresh journal
(``synchronous=FULL``: every scan is committed to disk before the cart changes).

1. **Fill**: the cart is scanned up to 150 rows (products and their deposit lines).
2. **Scan -> painted**: ``--scans`` scans, one at a time at a random 40-120 ms gap, each
   a random product of the million (2 in 3) or the last product again (its row's
   quantity changes). t0 = the scanner simulator's ``frame_written`` hook (the
   ``perf_counter()`` just before the ``write()`` carrying the terminator byte); t1 =
   the end of the cart view's viewport paint event that shows the new or changed row
   (an event filter here paints the event itself and then looks: the row must hold the
   expected product and quantity and lie inside the painted region). Target: p99 <= 16 ms.
3. **Burst**: 20 scans/s for ``--burst-seconds`` from another thread, while a 1 ms
   precise ``QTimer`` on the GUI thread measures the event loop's lag (how late each
   tick fires); the same probe first runs idle for 2 s (the floor). Target: lag p99 <=
   16 ms. Scan -> painted is reported for the burst too.
4. **Memory**: ``VmRSS`` and ``VmHWM`` (the peak) from ``/proc/self/status`` after the
   kiosk started with the catalog, after the fill, after the measured scans and after
   the burst. Target: <= 250 MB.

Writes ``bench/results/kiosk_scan.json``; ``bench/kiosk_report.py`` turns it (and the
start benchmark's results) into the kiosk section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView, QApplication  # noqa: E402

from bench.catalogs import MILLION, kiosk_config, synthetic_catalog  # noqa: E402
from kiosk.app import Kiosk, build_kiosk  # noqa: E402
from kiosk.config import load_kiosk_config  # noqa: E402
from kiosk.core.catalog.admin import synthetic_gtin  # noqa: E402

RESULTS = ROOT / "bench" / "results"
FILL_ROWS = 150
PAINT_TARGET_MS = 16.0
LAG_TARGET_MS = 16.0
RSS_TARGET_MB = 250.0
BURST_RATE = 20
WAIT_S = 5.0
AGE_RESTRICTED = 4  # synthetic product i is in SYNTHETIC_CATEGORIES[i % 6]; 4 = beer and wine


def memory() -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of this process, in MB."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = round(int(value.split()[0]) / 1024, 1)
    return found


def summary(values_s: list[float]) -> dict[str, float]:
    ordered = sorted(values_s)
    if not ordered:
        return {"n": 0}
    cut = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else []
    return {
        "n": len(ordered),
        "p50_ms": round((cut[49] if cut else ordered[0]) * 1e3, 3),
        "p99_ms": round((cut[98] if cut else ordered[0]) * 1e3, 3),
        "max_ms": round(ordered[-1] * 1e3, 3),
    }


@dataclass
class Expected:
    """One scan in flight: which row must be painted, holding what."""

    product_id: int
    quantity: int
    written_at: float | None = None
    painted_at: float | None = None


class PaintWatch(QObject):
    """Event filter on the cart view's viewport: paints each paint event itself (so the
    time taken is after the painting), then settles every scan in flight whose row is
    now in the model with the expected quantity and inside the painted region."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self.lock = threading.Lock()
        self.pending: list[Expected] = []
        self.settled = threading.Condition(self.lock)
        self._inside = False
        self.paints = 0

    def expect(self, item: Expected) -> None:
        with self.lock:
            self.pending.append(item)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint or self._inside:
            return False
        self._inside = True
        try:
            self.view.viewportEvent(event)  # the view paints its rows now
        finally:
            self._inside = False
        now = time.perf_counter()
        self.paints += 1
        region = event.region()  # type: ignore[attr-defined]
        with self.lock:
            if self.pending:
                rows = self._rows({item.product_id for item in self.pending})
                still = []
                for item in self.pending:
                    row = rows.get(item.product_id)
                    if (
                        row is not None
                        and row[1] >= item.quantity  # a later paint may show a later count
                        and region.intersects(self.view.visualRect(row[0]))
                    ):
                        item.painted_at = now
                    else:
                        still.append(item)
                if len(still) != len(self.pending):
                    self.pending = still
                    self.settled.notify_all()
        return True

    def _rows(self, wanted: set[int]) -> dict[int, tuple[Any, int]]:
        """Row index and quantity of the wanted products (looked for from the end: the
        row asked for is the new or the last one)."""
        model = self.view.model()
        lines = model.lines  # type: ignore[attr-defined]
        rows: dict[int, tuple[Any, int]] = {}
        for row in range(len(lines) - 1, -1, -1):
            line = lines[row]
            if not line.is_deposit and line.product.id in wanted and line.product.id not in rows:
                rows[line.product.id] = (model.index(row, 0), line.quantity)
                if len(rows) == len(wanted):
                    break
        return rows


class Bench(QObject):
    """Runs the scenario on its own thread while the GUI thread runs the event loop."""

    finished = Signal()
    find_view = Signal()
    probe_on = Signal(bool)

    def __init__(self, kiosk: Kiosk, app: QApplication, args: argparse.Namespace) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.app = app
        self.args = args
        self.rng = random.Random(2026)
        self.sim = kiosk.simulator("scanner").simulator
        self.sim.frame_written = self._written
        self.watch: PaintWatch | None = None
        self.view_ready = threading.Event()
        self.in_flight: dict[bytes, Expected] = {}
        self.quantities: dict[int, int] = {}
        self.last_product: int | None = None
        self.results: dict[str, Any] = {"memory": {"started": memory()}}
        self.error: BaseException | None = None
        self.lag_ticks: list[float] = []
        self.probe = QTimer()
        self.probe.setTimerType(Qt.TimerType.PreciseTimer)
        self.probe.setInterval(1)
        self.probe.timeout.connect(self._tick)
        self.find_view.connect(self._install, Qt.ConnectionType.QueuedConnection)
        self.probe_on.connect(self._switch_probe, Qt.ConnectionType.QueuedConnection)
        self.probe_switched = threading.Event()
        self.finished.connect(app.quit, Qt.ConnectionType.QueuedConnection)

    # -- GUI thread --

    def _install(self) -> None:
        view = self.kiosk.window.findChild(QAbstractItemView, "cart_view")
        if view is not None and view.isVisible():
            self.watch = PaintWatch(view)
            view.viewport().installEventFilter(self.watch)
            self.view_ready.set()
        else:
            QTimer.singleShot(5, self._install)

    def _switch_probe(self, on: bool) -> None:
        if on:
            self.lag_ticks.clear()
            self.probe.start()
        else:
            self.probe.stop()
        self.probe_switched.set()

    def _tick(self) -> None:
        self.lag_ticks.append(time.perf_counter())

    # -- scanner thread --

    def _written(self, frame: bytes, at: float) -> None:
        item = self.in_flight.pop(frame, None)
        if item is not None:
            item.written_at = at

    def _product(self) -> int:
        while True:
            index = self.rng.randint(2, MILLION)
            if index % 6 != AGE_RESTRICTED and index not in self.quantities:
                return index

    def _scan(self, product_id: int, register: bool = True) -> Expected:
        quantity = self.quantities.get(product_id, 0) + 1
        self.quantities[product_id] = quantity
        self.last_product = product_id
        item = Expected(product_id, quantity)
        gtin = synthetic_gtin(product_id)
        frame = self.sim._frame(gtin, None, "ean13")  # what scan() will write
        self.in_flight[frame] = item
        if register and self.watch is not None:
            self.watch.expect(item)
        answer = self.sim.scan(gtin, symbology="ean13")
        assert answer["sent"], answer
        return item

    def _wait(self, items: list[Expected], timeout: float = WAIT_S) -> None:
        assert self.watch is not None
        deadline = time.monotonic() + timeout
        with self.watch.settled:
            while any(i.painted_at is None for i in items):
                left = deadline - time.monotonic()
                if left <= 0:
                    missing = [i for i in items if i.painted_at is None]
                    lines = self.watch.view.model().lines  # type: ignore[attr-defined]
                    shown = {
                        line.product.id: line.quantity for line in lines if not line.is_deposit
                    }
                    raise TimeoutError(
                        f"{len(missing)} of {len(items)} scans never painted: "
                        f"{[(i, shown.get(i.product_id)) for i in missing[:3]]}; lane "
                        f"{self.kiosk.lane.state.value}, {len(lines)} rows, "
                        f"view: {self._where(missing[0].product_id)}"
                    )
                self.watch.settled.wait(left)

    def _where(self, product_id: int) -> str:
        assert self.watch is not None
        view = self.watch.view
        found = self.watch._rows({product_id}).get(product_id)
        bar = view.verticalScrollBar()
        rect = None if found is None else view.visualRect(found[0])
        return (
            f"row rect {rect}, viewport {view.viewport().rect()}, "
            f"scroll {bar.value()}/{bar.maximum()}"
        )

    def _rows(self) -> int:
        assert self.watch is not None
        return int(self.watch.view.model().rowCount())

    def run(self) -> None:
        try:
            self._run()
        except BaseException as error:  # reported by main()
            self.error = error
        finally:
            self.finished.emit()

    def _run(self) -> None:
        args = self.args
        # the first scan opens the shopping screen; then the watch goes on its cart view
        first = self._scan(self._product(), register=False)
        self.find_view.emit()
        if not self.view_ready.wait(WAIT_S):
            raise TimeoutError("the cart view never showed")
        del first
        while self._rows() < FILL_ROWS:
            item = self._scan(self._product())
            self._wait([item])
        self.results["fill"] = {"rows": self._rows()}
        self.results["memory"]["after_fill"] = memory()

        samples: list[float] = []
        kinds = {"new_row": 0, "changed_row": 0}
        for i in range(args.scans):
            time.sleep(self.rng.uniform(0.04, 0.12))
            repeat = i % 3 == 2 and self.last_product is not None
            item = self._scan(self.last_product if repeat else self._product())  # type: ignore[arg-type]
            self._wait([item])
            assert item.written_at is not None and item.painted_at is not None
            samples.append(item.painted_at - item.written_at)
            kinds["changed_row" if repeat else "new_row"] += 1
        self.results["scan_to_paint"] = {
            **summary(samples),
            **kinds,
            "rows_before": self.results["fill"]["rows"],
            "rows_after": self._rows(),
        }
        self.results["memory"]["after_scans"] = memory()

        # event-loop lag: idle floor, then the burst
        self.results["lag_idle"] = self._probe(2.0, None)
        self.results["memory"]["before_burst"] = memory()
        rows_before = self._rows()
        burst_paint: list[float] = []
        self.results["lag_burst"] = self._probe(args.burst_seconds, burst_paint)
        self.results["burst"] = {
            "rate_per_s": BURST_RATE,
            "seconds": args.burst_seconds,
            "scan_to_paint": summary(burst_paint),
            "rows_before": rows_before,
            "rows_after": self._rows(),
        }
        self.results["memory"]["after_burst"] = memory()

    def _probe(self, seconds: float, paint: list[float] | None) -> dict[str, Any]:
        """Run the 1 ms probe for ``seconds`` (scanning at BURST_RATE when ``paint`` is a
        list, which then gets the scans' latencies); the lag of each tick in ms."""
        self.probe_switched.clear()
        self.probe_on.emit(True)
        if not self.probe_switched.wait(WAIT_S):
            raise TimeoutError("the probe did not start")
        begin = time.perf_counter()
        items: list[Expected] = []
        if paint is None:
            time.sleep(seconds)
        else:
            total = int(seconds * BURST_RATE)
            for i in range(total):
                pause = begin + i / BURST_RATE - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                repeat = i % 3 == 2 and self.last_product is not None
                items.append(self._scan(self.last_product if repeat else self._product()))  # type: ignore[arg-type]
        self.probe_switched.clear()
        self.probe_on.emit(False)  # queued behind the scans a busy GUI thread has not done
        if not self.probe_switched.wait(120):
            raise TimeoutError("the probe did not stop")
        unpainted = 0
        if paint is not None:
            # A scan's row can be pushed out of view by the next ones before any paint
            # shows it (scans queued up behind a busy GUI thread): counted, not timed.
            try:
                self._wait(items, timeout=60)
            except TimeoutError as error:
                print(f"burst: {error}", file=sys.stderr)
            paint += [i.painted_at - i.written_at for i in items if i.painted_at is not None]  # type: ignore[operator]
            unpainted = sum(i.painted_at is None for i in items)
            with self.watch.lock:  # type: ignore[union-attr]
                self.watch.pending.clear()  # type: ignore[union-attr]
        ticks = list(self.lag_ticks)
        lags = [max(0.0, b - a - 0.001) for a, b in itertools.pairwise(ticks)]
        result = {**summary(lags), "ticks": len(ticks), "seconds": round(seconds, 1)}
        if paint is not None:
            result["scans"] = len(items)
            result["never_painted"] = unpainted
        return result


def run_once(args: argparse.Namespace, catalog: Path) -> dict[str, Any]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory(prefix="selfscan-bench-") as folder:
        config = load_kiosk_config(kiosk_config(Path(folder), catalog))
        kiosk = build_kiosk(config, app=app, screen_size=(1920, 1080), audible=False)
        try:
            bench = Bench(kiosk, app, args)
            worker = threading.Thread(target=bench.run, name="bench scans", daemon=True)
            QTimer.singleShot(200, worker.start)  # the first paints done, devices up
            app.exec()
            worker.join(5)
            if bench.error is not None:
                raise bench.error
            return bench.results
        finally:
            kiosk.close()


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer scans; not of record")
    parser.add_argument("--scans", type=int, default=None)
    parser.add_argument("--burst-seconds", type=float, default=None)
    parser.add_argument("--run", type=int, help="a repeat run for the spread: kiosk_scan-runN.json")
    args = parser.parse_args()
    args.scans = args.scans or (60 if args.quick else 300)
    args.burst_seconds = args.burst_seconds or (10.0 if args.quick else 12.0)
    catalog = synthetic_catalog(MILLION)
    info = machine()
    results = run_once(args, catalog)
    info["load_after"] = [round(x, 2) for x in os.getloadavg()]
    results = {
        "benchmark": "kiosk_scan",
        "quick": args.quick,
        "catalog_products": MILLION,
        "machine": info,
        "targets": {
            "scan_to_paint_p99_ms": PAINT_TARGET_MS,
            "lag_p99_ms": LAG_TARGET_MS,
            "rss_mb": RSS_TARGET_MB,
        },
        **results,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "kiosk_scan" + ("-quick" if args.quick else "")
    name += f"-run{args.run}" if args.run else ""
    out = RESULTS / f"{name}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    paint = results["scan_to_paint"]
    burst = results["burst"]["scan_to_paint"]
    lag = results["lag_burst"]
    peak = max(m["VmHWM"] for m in results["memory"].values())
    print(
        f"scan -> row painted: p50 {paint['p50_ms']} / p99 {paint['p99_ms']} / max "
        f"{paint['max_ms']} ms (n={paint['n']}, rows {paint['rows_before']}->"
        f"{paint['rows_after']}); burst {BURST_RATE}/s: scan -> painted p99 {burst['p99_ms']} "
        f"ms, event-loop lag p50 {lag['p50_ms']} / p99 {lag['p99_ms']} / max {lag['max_ms']} ms; "
        f"peak RSS {peak} MB"
    )
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
