"""Stopping the demo: SIGTERM (as a desktop session or a service manager sends it) while
the panel is open stops the kiosks and the simulators cleanly; nothing is left behind."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading

from tests.demo.helpers import ROOT, assert_none_left, started_processes


def test_sigterm_with_the_panel_open_stops_everything(tmp_path) -> None:
    run = tmp_path / "run"
    demo = subprocess.Popen(
        [sys.executable, "-m", "selfscan_demo.app", "--kiosks", "1", "--data", str(run)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: list[str] = []
    panel_open = threading.Event()

    def read() -> None:
        for line in demo.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if "the panel is open" in line:
                panel_open.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert panel_open.wait(60), "the panel did not open:\n" + "".join(lines)
        assert len(started_processes(run)) == 6  # five simulators and the kiosk
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(30) == 0, "".join(lines)
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
            demo.stdout.close()  # type: ignore[union-attr]
    reader.join(5)
    demo.stdout.close()  # type: ignore[union-attr]
    assert lines[-1].strip() == "selfscan-demo: stopped", "".join(lines)
    assert_none_left(run)
    log = (run / "kiosk-1" / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert log.rstrip().endswith("selfscan-kiosk stopped")  # stopped cleanly, not killed
