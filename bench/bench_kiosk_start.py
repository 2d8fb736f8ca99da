"""Start -> attract screen shown, for one kiosk on simulated devices (target: <= 2 s).

Each run is a fresh Python process (so imports count, as on a lane that boots): it copies
examples/kiosk-1.toml into a temporary folder (data, store and key there; the sample
catalog), builds the kiosk with ``kiosk.app.build_kiosk`` offscreen at 1920x1080 and stops
the clock when the attract screen has painted. The clock starts at the child's first
line, before Qt or any kiosk module is imported (the interpreter's own start is left out).

    python bench/bench_kiosk_start.py [--runs 5]
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 2.0


def _config(folder: Path) -> Path:
    text = (ROOT / "examples" / "kiosk-1.toml").read_text(encoding="utf-8")
    for key, value in {
        "data_dir": folder / "data",
        "catalog": ROOT / "catalog.db",
        "store": folder / "store.db",
        "staff_key": folder / "staff.key",
    }.items():
        text = re.sub(rf'^{key} = ".*"$', f'{key} = "{value}"', text, flags=re.M)
    path = folder / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


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
    print(json.dumps({"start_s": painted[0] - _T0, "build_s": kiosk.start_seconds}))
    kiosk.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    starts, builds = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(_config(Path(folder)))],
                capture_output=True, text=True, check=False, cwd=ROOT,
            )  # fmt: skip
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
            result = json.loads(done.stdout.strip().splitlines()[-1])
            starts.append(result["start_s"])
            builds.append(result["build_s"])
    print(
        f"kiosk start -> attract painted: median {statistics.median(starts):.2f} s, "
        f"max {max(starts):.2f} s over {args.runs} runs (target <= {TARGET_S:.0f} s); "
        f"build_kiosk alone: median {statistics.median(builds):.2f} s"
    )
    return 0 if max(starts) <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
