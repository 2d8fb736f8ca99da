"""``selfscan-demo --headless --screenshots DIR`` as a person would run it: a real
subprocess with real simulator and kiosk processes; it saves every window and leaves
nothing running."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.demo.helpers import ROOT, assert_none_left, assert_picture


def test_headless_saves_every_window_and_leaves_no_process(tmp_path) -> None:
    shots, run = tmp_path / "shots", tmp_path / "run"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # it sets it itself
    done = subprocess.run(
        [sys.executable, "-m", "selfscan_demo.app", "--headless", "--screenshots", str(shots),
         "--data", str(run)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=110, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Kassa 1: 4 items scanned and in its journal" in done.stdout
    assert "Kassa 2: 2 items scanned and in its journal" in done.stdout

    for kiosk in ("kiosk-1", "kiosk-2"):
        assert_picture(shots / f"panel-{kiosk}.png")
        assert_picture(shots / f"{kiosk}.png", 1280, 800)  # the default --screen
        own = sorted(p.name for p in (shots / kiosk).glob("*.png"))
        assert own[0] == "001-attract.png", own
        assert own[-1].endswith("-shopping-exit.png"), own
    # the tour's scans reached the kiosks through the simulators: in their journals
    assert (run / "kiosk-1" / "journal.db").is_file()
    assert_none_left(run)
