"""Start -> attract screen shown, for one kiosk on simulated devices (target: <= 2 s).

Each run is a fresh Python process (so imports count, as on a lane that boots): it copies
examples/kiosk-1.toml into a temporary folder (data, store and key there; the sample
catalog), builds the kiosk with ``kiosk.app.build_kiosk`` offscreen at 1920x1080 and stops
the clock when the attract screen has painted. The clock starts at the child's first
line, before Qt or any kiosk module is imported (the interpreter's own start is left out).

Two ways, since this development machine runs with ``PYTHONDONTWRITEBYTECODE=1``:

* ``deployed``: the children keep compiled bytecode (in ``var/bench/pycache``, warmed by
  one run that is not counted), as on a lane, where ``pip install`` compiled it;
* ``no-bytecode``: every start compiles the project's own modules from source again (the
  environment's setting; what the previous figure, 2.47 s, measured).

    python bench/bench_kiosk_start.py [--runs 5]

Writes ``bench/results/kiosk_start.json``; the verdict is on the ``deployed`` figures.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 2.0
RESULTS = ROOT / "bench" / "results"
PYCACHE = ROOT / "var" / "bench" / "pycache"


def child(config_path: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_kiosk
    from kiosk.config import load_kiosk_config

    app = QApplication([])
    painted: list[float] = []

    class PaintWatch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    kiosk = build_kiosk(
        load_kiosk_config(config_path), app=app, screen_size=(1920, 1080), audible=False
    )
    screen = kiosk.window.current_screen
    assert screen is not None and kiosk.lane.state.value == "attract"
    watch = PaintWatch()
    screen.installEventFilter(watch)
    deadline = time.perf_counter() + 30
    while not painted and time.perf_counter() < deadline:
        app.processEvents()
    print(
        json.dumps(
            {
                "start_s": painted[0] - _T0,
                "build_s": kiosk.start_seconds,
                "cpu_s": time.process_time(),
            }
        )
    )
    kiosk.close()


def _start(folder: Path, bytecode: bool) -> dict[str, float]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.catalogs import kiosk_config  # here: the child's start does not pay for it

    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(kiosk_config(folder, ROOT / "catalog.db"))],
        capture_output=True, text=True, check=False, cwd=ROOT, env=env,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _figures(values: list[float]) -> dict[str, object]:
    return {
        "runs": len(values),
        "median_s": round(statistics.median(values), 3),
        "min_s": round(min(values), 3),
        "max_s": round(max(values), 3),
        "all_s": [round(v, 3) for v in values],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    load_before = [round(x, 2) for x in os.getloadavg()]
    results: dict[str, object] = {}
    for mode, bytecode in (("deployed", True), ("no-bytecode", False)):
        starts, builds, cpus = [], [], []
        with tempfile.TemporaryDirectory() as folder:
            if bytecode:
                _start(Path(folder), True)  # compiles into the cache; not counted
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as folder:
                result = _start(Path(folder), bytecode)
            starts.append(result["start_s"])
            builds.append(result["build_s"])
            cpus.append(result["cpu_s"])
        results[mode] = {
            "start": _figures(starts),
            "build_kiosk": _figures(builds),
            "cpu": _figures(cpus),  # CPU seconds of the process up to the paint: less load-bound
        }
        print(
            f"{mode}: kiosk start -> attract painted: median {statistics.median(starts):.2f} s, "
            f"min {min(starts):.2f}, max {max(starts):.2f} s over {args.runs} runs "
            f"(target <= {TARGET_S:.0f} s); build_kiosk alone: median "
            f"{statistics.median(builds):.2f} s"
        )
    out = {
        "benchmark": "kiosk_start",
        "target_s": TARGET_S,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_before": load_before,
            "load_after": [round(x, 2) for x in os.getloadavg()],
        },
        **results,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "kiosk_start.json").write_text(json.dumps(out, indent=2) + "\n")
    print(f"written {RESULTS / 'kiosk_start.json'} (the verdict: bench/kiosk_report.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
