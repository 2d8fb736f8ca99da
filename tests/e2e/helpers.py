"""Running scenarios for the end-to-end tests: the real command in a subprocess, or the
runner's API in this process (faster: no second Python and Qt start)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from kiosk.scenario.runner import RunResult, ScenarioRunner
from kiosk.scenario.schema import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
COMMAND_TIMEOUT_S = 90


def command_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def run_command(*args: str | Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    """``selfscan-scenario ARGS`` as a shopper's lane would be started: a new process."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk.scenario.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_S,
        cwd=ROOT,
        env=command_env(**extra_env),
        check=False,
    )


def progress_lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def run_in_process(app: QApplication, path: Path, output: Path, **kwargs: Any) -> RunResult:
    """The runner's API on the test's own QApplication; the same steps as the command."""
    events: list[dict[str, Any]] = []
    runner = ScenarioRunner(load_scenario(path), output, app=app, progress=events.append, **kwargs)
    result = runner.run()
    assert events[0]["event"] == "ready" and events[-1]["event"] == "done"
    return result


def result_json(output: Path) -> dict[str, Any]:
    return json.loads((output / "result.json").read_text(encoding="utf-8"))


def failure_of(output: Path) -> str:
    """What went wrong, for an assertion message."""
    result = result_json(output)
    failed = [step for step in result["steps"] if not step["ok"]]
    return json.dumps({"error": result["error"], "failed": failed}, indent=1)
