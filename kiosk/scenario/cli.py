"""``selfscan-scenario FILE``: play a scripted session against the real kiosk, offscreen.

    selfscan-scenario FILE [--output DIR] [--config KIOSK.toml] [--sim KIND=HOST:PORT ...]
                           [--quiet]

Writes ``result.json``, screenshots and the printed receipts into the output folder
(default ``scenario-out/<file name>``), and one JSON line per finished step on standard
output (``{"event": "step", "index": 3, "kind": "tap", "ok": true, ...}``; also ``ready``
once the kiosk is up and ``done`` at the end) so a test can follow a running scenario;
``--quiet`` leaves them out. See docs/scenarios.md.

Exit status: 0 every step passed; 1 a step or an expectation failed (or the kiosk could
not start); 2 the scenario file or the command line is wrong.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kiosk.scenario.schema import DEVICE_KINDS, ScenarioFileError, load_scenario

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _sim_arg(text: str) -> tuple[str, str]:
    kind, sep, address = text.partition("=")
    kind = "payment_terminal" if kind == "terminal" else kind
    host, colon, port = address.rpartition(":")
    if not sep or kind not in DEVICE_KINDS or not colon or not host or not port.isdigit():
        raise argparse.ArgumentTypeError(
            f"--sim takes KIND=HOST:PORT with KIND one of {', '.join(DEVICE_KINDS)}, not {text!r}"
        )
    return kind, address


_OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints", "does not support raise")
"""What the offscreen platform says on every run (it has no window manager)."""


def _qt_message(_kind: Any, _context: Any, text: str) -> None:
    """Qt's own messages into the log (``qt``); the offscreen platform's noise at debug."""
    noise = any(part in text for part in _OFFSCREEN_NOISE)
    logging.getLogger("qt").log(logging.DEBUG if noise else logging.WARNING, "%s", text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selfscan-scenario",
        description="Play a scripted session (YAML) against the real kiosk, offscreen, on "
        "simulated devices (see docs/scenarios.md). Exit status: 0 passed, 1 a step "
        "failed, 2 the file or the command line is wrong.",
    )
    parser.add_argument("file", type=Path, help="the scenario (YAML)")
    parser.add_argument(
        "--output", type=Path, help="the output folder (default: scenario-out/<file name>)"
    )
    parser.add_argument(
        "--config", type=Path, help="a kiosk TOML file instead of the scenario's own"
    )
    parser.add_argument(
        "--sim",
        action="append",
        type=_sim_arg,
        default=[],
        metavar="KIND=HOST:PORT",
        help="the control address of a simulator running in its own process "
        "(python -m drivers.sim KIND), for a device the configuration points at it",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines on standard output")
    parser.add_argument(
        "--log-level", default="WARNING", help="log level on standard error (default WARNING)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        parsed = load_scenario(args.file)
    except ScenarioFileError as error:
        print(f"selfscan-scenario: {args.file}: the scenario is wrong:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return EXIT_USAGE
    output = args.output or Path("scenario-out") / args.file.stem
    logging.basicConfig(
        level=args.log_level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(_qt_message)

    from kiosk.scenario.runner import ScenarioRunner

    app = QApplication.instance() or QApplication(["selfscan-scenario"])
    assert isinstance(app, QApplication)

    def progress(event: dict[str, Any]) -> None:
        if not args.quiet:
            sys.stdout.write(json.dumps(event, default=str) + "\n")
            sys.stdout.flush()

    runner = ScenarioRunner(
        parsed, output, app=app, config=args.config, sims=dict(args.sim), progress=progress
    )
    try:
        result = runner.run()
    except ScenarioFileError as error:
        print(f"selfscan-scenario: {args.file}: cannot run:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return EXIT_USAGE
    if result.exit_code != EXIT_OK:
        failed = next((step for step in result.steps if not step.ok), None)
        if failed is not None:
            print(
                f"selfscan-scenario: step {failed.index} ({failed.kind}) failed: {failed.error}",
                file=sys.stderr,
            )
        elif result.error:
            print(f"selfscan-scenario: {result.error}", file=sys.stderr)
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
