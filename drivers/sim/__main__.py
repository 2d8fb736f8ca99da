"""``python -m drivers.sim KIND``: run one simulator as its own process.

Prints one JSON line, ``{"kind", "pid", "control", "driver_config"}``, then serves the
control API until a ``shutdown`` command, SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading

from drivers.config import DeviceKind
from drivers.sim.base import simulator_class
from drivers.sim.control import ControlServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m drivers.sim", description="Run one device simulator as a process."
    )
    parser.add_argument("kind", choices=[kind.value for kind in DeviceKind])
    parser.add_argument("--name", default="")
    parser.add_argument("--control-port", type=int, default=0)
    parser.add_argument(
        "--options", default="{}", help="JSON object of keyword arguments for the simulator"
    )
    parser.add_argument("--log-level", default="WARNING")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr)
    try:
        options = json.loads(args.options)
        if not isinstance(options, dict):
            raise ValueError("not an object")
    except ValueError as error:
        parser.error(f"--options must be a JSON object: {error}")
    simulator = simulator_class(args.kind)(name=args.name, **options)
    simulator.start()
    server = ControlServer(simulator, args.control_port)
    server.start()

    def stop_soon(*_: object) -> None:
        # Not Event.set() here: the handler runs on the main thread, which may be inside
        # on_shutdown.wait() holding the event's lock; set() would wait on it forever.
        threading.Thread(target=server.on_shutdown.set, daemon=True).start()

    signal.signal(signal.SIGTERM, stop_soon)
    signal.signal(signal.SIGINT, stop_soon)
    hello = {
        "kind": args.kind,
        "pid": os.getpid(),
        "control": server.address,
        "driver_config": simulator.driver_config().model_dump(mode="json"),
    }
    sys.stdout.write(json.dumps(hello) + "\n")
    sys.stdout.flush()
    try:
        # Wait in short steps: a signal handler runs only when the main thread runs Python
        # code, and the kernel may deliver SIGTERM to another thread, which would leave a
        # main thread blocked in one long wait() asleep for good.
        while not server.on_shutdown.wait(0.2):
            pass
    finally:
        server.stop()
        simulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
