"""Stopping the demo: SIGTERM (as a desktop session or a service manager sends it) or
Ctrl+C in its terminal (SIGINT to the whole process group: the demo and every process it
started get it at once) while the panel is open stops the kiosks, the console, the broker
and the simulators cleanly; nothing is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import pytest

from tests.demo.helpers import ROOT, assert_none_left, started_processes


def _signal_demo(demo: subprocess.Popen[str], how: str) -> None:
    if how == "sigterm":
        demo.send_signal(signal.SIGTERM)
    else:  # the terminal's Ctrl+C reaches the foreground process group
        os.killpg(demo.pid, signal.SIGINT)


@pytest.mark.parametrize("how", ["sigterm", "ctrl-c"])
def test_a_signal_with_the_panel_open_stops_everything(tmp_path, how) -> None:
    run = tmp_path / "run"
    demo = subprocess.Popen(
        [sys.executable, "-m", "selfscan_demo.app", "--kiosks", "1", "--data", str(run)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,  # its own process group, as a shell gives a job
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
        listed = sorted(str(p["what"]) for p in started_processes(run))
        # five simulators, the kiosk, the broker and the console
        assert len(listed) == 8, listed
        assert {"broker", "console-1 console", "kiosk-1 kiosk"} <= set(listed)
        _signal_demo(demo, how)
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
    console = (run / "console-1" / "logs" / "console.log").read_text(encoding="utf-8")
    assert console.rstrip().endswith("selfscan-attendant stopped")
    broker = (run / "broker.log").read_text(encoding="utf-8").splitlines()
    assert broker[-1].endswith("selfscan_broker.embedded: stopped"), broker[-3:]
    if how == "ctrl-c":
        return  # every process got the SIGINT at once: they stop in any order
    # the demo stopped the console before the broker (its disconnect is in the broker's log)
    stopping = next(i for i, line in enumerate(broker) if line.endswith(": stopping"))
    assert any("disconnected client 'console-1'" in line for line in broker[:stopping]), broker
