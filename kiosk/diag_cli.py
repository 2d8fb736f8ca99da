"""``selfscan-diag``: a technician's check of a lane's devices.

Lists the machine's serial ports with their USB ids, then checks every device in the
kiosk's configuration: health, identity, state, statistics and recent errors, plus the
tests asked for. ``--simulated`` starts the simulators and points every device at them.
A device held by a running kiosk is reported as "in use by kiosk X", not fought over.

Exit status: 0 every device checked is healthy, 1 a device failed, 2 usage or
configuration error, 3 nothing failed but a device was in use and not checked.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import platform
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn

from drivers.config import DeviceConfig, DeviceKind
from drivers.device import HealthLevel
from drivers.diagnostics import DiagnosticsReport, Test, diagnose, simulated_actor
from drivers.registry import statistics_path
from kiosk.config import ConfigError, KioskConfig, load_kiosk_config

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_IN_USE = 0, 1, 2, 3

SIMULATED_DEVICES: dict[str, DeviceKind] = {
    "scanner": DeviceKind.SCANNER,
    "scale": DeviceKind.SCALE,
    "printer": DeviceKind.PRINTER,
    "terminal": DeviceKind.PAYMENT_TERMINAL,
    "light": DeviceKind.LANE_LIGHT,
}
"""The lane --simulated checks when no configuration is given."""

SECRET_WORDS = ("password", "secret", "token", "pin")
LOG_TAIL_BYTES = 256 * 1024


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="selfscan-diag",
        description="Check a lane's devices: ports, health, identity, statistics, tests.",
        epilog="Exit status: 0 all healthy, 1 a device failed, 2 usage or configuration "
        "error, 3 a device was in use by a kiosk and not checked.",
    )
    parser.add_argument("--config", type=Path, help="the kiosk's configuration file")
    parser.add_argument(
        "--simulated",
        action="store_true",
        help="start the simulators and point every device at them "
        "(without --config: scanner, scale, printer, terminal and lane light)",
    )
    parser.add_argument(
        "--device",
        action="append",
        default=[],
        metavar="NAME",
        help="check only this device (repeatable)",
    )
    parser.add_argument(
        "--interactive",
        action="store_true",
        help="person-in-the-loop checks: scan the test code, weigh, read the test print",
    )
    parser.add_argument("--test-print", action="store_true", help="print a test receipt")
    parser.add_argument("--test-scan", action="store_true", help="wait for a test scan")
    parser.add_argument("--test-weigh", action="store_true", help="put on and take off a weight")
    parser.add_argument("--test-light", action="store_true", help="cycle the lane light")
    parser.add_argument(
        "--terminal",
        action="store_true",
        help="ask the payment terminal for its last transaction (the handshake is always done)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds an interactive test waits for the person (default 30)",
    )
    parser.add_argument(
        "--sim-fault",
        action="append",
        default=[],
        metavar="NAME=FAULT",
        help="with --simulated: set a simulator fault first, e.g. printer=paper_out",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--verbose", action="store_true", help="also print the drivers' log on standard error"
    )
    parser.add_argument(
        "--bundle",
        type=Path,
        metavar="FILE",
        help="also write a support bundle (zip): config without secrets, report, statistics, logs",
    )
    return parser


def _tests(args: argparse.Namespace) -> set[Test]:
    chosen = {
        Test.PRINT: args.test_print,
        Test.SCAN: args.test_scan,
        Test.WEIGH: args.test_weigh,
        Test.LIGHT: args.test_light,
        Test.TERMINAL: args.terminal,
    }
    if args.interactive:
        return set(Test)
    return {test for test, wanted in chosen.items() if wanted}


def _faults(parser: argparse.ArgumentParser, items: list[str], names: set[str]) -> dict[str, str]:
    faults: dict[str, str] = {}
    for item in items:
        name, sep, fault = item.partition("=")
        if not sep or not name or not fault:
            parser.error(f"--sim-fault wants NAME=FAULT, got {item!r}")
        if name not in names:
            parser.error(f"--sim-fault: there is no device {name!r} (devices: {', '.join(names)})")
        faults[name] = fault
    return faults


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (
                "<redacted>"
                if any(word in key.lower() for word in SECRET_WORDS) and item is not None
                else _redact(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redact(item) for item in value]
    return value


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "platform": platform.platform()}
    for package in ("selfscan", "pyserial", "python-escpos", "pyusb"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def _capture_log(*, verbose: bool) -> io.StringIO:
    """The drivers' log of this run: kept for the bundle, on stderr only with --verbose."""
    buffer = io.StringIO()
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = [logging.StreamHandler(buffer)]
    if verbose:
        handlers.append(logging.StreamHandler(sys.stderr))
    root = logging.getLogger()
    for handler in handlers:
        handler.setFormatter(formatter)
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return buffer


def write_bundle(
    path: Path,
    report: DiagnosticsReport,
    config: KioskConfig | None,
    data_dir: Path | None,
    log: str = "",
) -> None:
    """A zip a technician sends to support: nothing secret, everything needed."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("report.json", json.dumps(report.to_dict(), indent=2))
        bundle.writestr("selfscan-diag.log", log)
        bundle.writestr("versions.json", json.dumps(_versions(), indent=2))
        if config is not None:
            shown = _redact(config.model_dump(mode="json"))
            bundle.writestr("config.json", json.dumps(shown, indent=2))
        if data_dir is not None:
            for device in report.devices:
                stats = statistics_path(data_dir, device.name)
                if stats.is_file():
                    bundle.write(stats, f"statistics/{stats.name}")
            logs = data_dir / "logs"
            if logs.is_dir():
                for log in sorted(logs.glob("*.log*")):
                    if log.is_file():
                        with log.open("rb") as file:
                            size = log.stat().st_size
                            file.seek(max(0, size - LOG_TAIL_BYTES))
                            bundle.writestr(f"logs/{log.name}", file.read())


def _text(report: DiagnosticsReport, title: str) -> str:
    out = io.StringIO()
    out.write(f"{title}\n\nSerial ports\n")
    if not report.ports:
        out.write("  (none found)\n")
    for port in report.ports:
        if "error" in port:
            out.write(f"  cannot list ports: {port['error']}\n")
            continue
        ids = f"{port['usb_vid']}:{port['usb_pid']}" if port.get("usb_vid") else "-"
        out.write(f"  {port['device']:<20} {ids:<10} {port.get('description') or ''}\n")
    out.write("\nDevices\n")
    if not report.devices:
        out.write("  (no enabled devices)\n")
    for device in report.devices:
        out.write(
            f"  {device.name:<10} {device.kind:<17} {device.driver:<19} {device.summary}\n"
            f"    address: {device.address}\n"
        )
        if device.identity:
            shown = ", ".join(f"{k} {v}" for k, v in device.identity.items() if k != "kind")
            out.write(f"    identity: {shown}\n")
        if device.health and device.health.get("facts"):
            facts = ", ".join(f"{k}: {v}" for k, v in device.health["facts"].items())
            out.write(f"    health: {facts}\n")
        for name, test in device.tests.items():
            verdict = "passed" if test.get("ok") else "FAILED"
            detail = test.get("detail") or ""
            out.write(f"    test {name}: {verdict}{' - ' + detail if detail else ''}\n")
        if device.statistics:
            counts = ", ".join(f"{k} {v}" for k, v in sorted(device.statistics.items()))
            out.write(f"    statistics: {counts}\n")
        for error in device.errors:
            out.write(f"    ! {error}\n")
    verdict = "all devices healthy" if report.ok else "SOME DEVICES FAILED"
    if report.ok and report.in_use:
        verdict = "nothing failed, but some devices were in use and not checked"
    out.write(f"\n{verdict}\n")
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        return _main(argv)
    except SystemExit as stop:  # argparse's --help and usage errors
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    finally:  # leave logging as it was (main may be called more than once in a process)
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.config is None and not args.simulated:
        parser.error("give --config FILE, or --simulated to check the simulators")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    config: KioskConfig | None = None
    if args.config is not None:
        try:
            config = load_kiosk_config(args.config)
        except ConfigError as error:
            print(f"selfscan-diag: {error}", file=sys.stderr)
            return EXIT_USAGE
    if config is not None:
        devices = dict(config.devices)
        title = f"selfscan-diag: {config.kiosk.id} ({config.kiosk.name}), store {config.store.id}"
    else:
        devices = {
            name: DeviceConfig(kind=kind, driver="sim", url="sim:")
            for name, kind in SIMULATED_DEVICES.items()
        }
        title = "selfscan-diag: simulated lane"
    if args.simulated:
        devices = {
            name: DeviceConfig(kind=device.kind, driver="sim", url="sim:", enabled=device.enabled)
            for name, device in devices.items()
        }
    unknown = [name for name in args.device if name not in devices]
    if unknown:
        parser.error(f"no device named {', '.join(unknown)} (devices: {', '.join(devices)})")
    if args.device:
        devices = {name: devices[name] for name in args.device}
    faults = _faults(parser, args.sim_fault, set(devices))
    if faults and not args.simulated:
        parser.error("--sim-fault needs --simulated")

    log = _capture_log(verbose=args.verbose)
    tests = _tests(args)
    level = HealthLevel.EXTERNAL
    with tempfile.TemporaryDirectory(prefix="selfscan-diag-") as scratch:
        data_dir = config.paths.data_dir if config is not None else Path(scratch)
        simulators = None
        if any(device.simulated for device in devices.values()):
            from drivers.sim.host import SimulatorHost

            simulators = SimulatorHost()
        try:
            report = diagnose(
                devices,
                data_dir=data_dir,
                simulators=simulators,
                tests=tests,
                level=level,
                timeout=args.timeout,
                actor=simulated_actor(simulators) if simulators is not None else None,
                faults=faults,
            )
        finally:
            if simulators is not None:
                simulators.stop()
        if args.bundle is not None:
            try:
                write_bundle(args.bundle, report, config, data_dir, log.getvalue())
            except OSError as error:
                print(f"selfscan-diag: cannot write {args.bundle}: {error}", file=sys.stderr)
                return EXIT_USAGE
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(_text(report, title), end="")
    if not report.ok:
        return EXIT_FAILED
    return EXIT_IN_USE if report.in_use else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
