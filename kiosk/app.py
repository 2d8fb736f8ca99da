"""``selfscan-kiosk``: one self-checkout lane, fullscreen.

    selfscan-kiosk --config FILE [--windowed] [--screen WxH] [--language nl|en]
                   [--screenshots DIR]

(until the script is installed: ``python -m kiosk.app ...``). See ``docs/kiosk.md``.

At start, in this order (:func:`main`, then :func:`build_kiosk`):

1. the configuration is loaded and validated; a broken file is refused with one line per
   mistake, each naming its key, and exit status 2, before any window;
2. logging goes to ``<data_dir>/logs/kiosk.log`` (rotating, one event per line; Qt's own
   warnings are routed into it, logger ``qt``);
3. the bundled font and the theme, the translations (the configured language);
4. the catalog (read-only), the journal (``<data_dir>/journal.db``), the staff roster
   (``paths.store`` and ``paths.staff_key``; when either is missing the lane still sells
   and staff login says it is unavailable);
5. the screens are checked: a missing screen module is a start-up error naming it;
6. the devices (``sim:`` devices start their simulators, the payment terminal's in its
   own process) and the lane controller with the Qt scheduler and the system clock; the
   lane listens to the devices' events and resumes (the same cart after a crash, or the
   pending payment's reconciliation first);
7. the main window shows the lane's screen, fullscreen unless ``--windowed``; it gets the
   staff auth (the staff screen), the devices (diagnostics, the live weight) and the
   lane's scanner port (:class:`~kiosk.ui.main_window.ScanGate`: badge scans go to the
   staff login while it shows);
8. the lane joins the store network (``[broker]``, :mod:`kiosk.link.service`): it
   connects in the background and keeps selling while no broker or console answers.

``--screenshots DIR`` saves the window as a PNG into DIR each time the screen changes
(``NNN-<state>.png``, ``-help`` when the help layer is up) and once more at exit
(``NNN-<state>-exit.png``): pictures for a bug report, and the demo's headless run.

A technician's **Leave the app** (diagnostics) quits the application: :func:`main`
then stops the lane cleanly (exit status 0).

At run time nothing opens a developer dialog: an unexpected error is logged; the lane
decides what the shopper sees. Exit status: 0 after a normal stop, 1 when the kiosk
could not start, 2 for a wrong command line or configuration.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import logging.handlers
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from drivers.config import DeviceKind
from kiosk.config import ConfigError, KioskConfig, load_kiosk_config
from kiosk.core.calendar import business_day
from kiosk.core.catalog.repository import Catalog
from kiosk.core.journal import Journal
from kiosk.core.lane import Clock, LaneController, LaneSettings, SystemClock
from kiosk.core.lane import LaneDevices as LanePorts
from kiosk.link.service import KioskLinkService, start_kiosk_link
from kiosk.ui import message_texts  # noqa: F401  (registers the lane's message texts)
from kiosk.ui.devices import LaneDevices
from kiosk.ui.i18n import LANGUAGES, Translator
from kiosk.ui.main_window import MainWindow, ScanGate
from kiosk.ui.messages import MessageBridge
from kiosk.ui.router import ScreenMissing, check_screens
from kiosk.ui.runtime import freeze_heap, parse_screen, setup_logging, stop_on_signals
from kiosk.ui.scheduler import QtScheduler
from kiosk.ui.services import UiServices
from kiosk.ui.sound import SoundBridge
from kiosk.ui.staff_auth import StaffAuth, open_staff_auth
from kiosk.ui.theme import Theme

__all__ = [
    "DEFAULT_SCREEN",
    "TICK_S",
    "Kiosk",
    "KioskStartError",
    "ScreenshotRecorder",
    "build_kiosk",
    "freeze_heap",
    "main",
    "parse_screen",
]

log = logging.getLogger("kiosk.app")

DEFAULT_SCREEN = (1920, 1080)
"""The screen size the theme is sized for when none is given and none can be asked."""
TICK_S = 1.0
"""How often the lane's clock is looked at (idle prompt, payment and receipt timeouts)."""


class KioskStartError(RuntimeError):
    """The kiosk cannot start (a missing screen, an unreadable catalog ...)."""


@dataclass
class Kiosk:
    """One running lane, as :func:`build_kiosk` made it."""

    config: KioskConfig
    window: MainWindow
    lane: LaneController
    devices: LaneDevices
    scheduler: QtScheduler
    ui: UiServices
    catalog: Catalog
    journal: Journal
    staff_auth: StaffAuth
    start_seconds: float = 0.0
    """From the start of :func:`build_kiosk` to the window ready to show."""
    link: KioskLinkService | None = None
    """The lane on the store network (None: ``[broker] enabled = false`` or unusable)."""
    _closers: list[Callable[[], object]] = field(default_factory=list, repr=False)

    @property
    def simulators(self) -> Any:
        """The lane's :class:`drivers.sim.host.SimulatorHost` (``sim:`` devices), or None."""
        return self.devices.simulators

    def simulator(self, kind: DeviceKind | str) -> Any:
        """The control handle of the simulator behind the device of ``kind``:
        ``kiosk.simulator("scanner").call("scan", data=GTIN)``."""
        name = self.devices.name_of(kind)
        if name is None or self.devices.simulators is None:
            raise LookupError(f"this lane has no simulated {DeviceKind(kind).value}")
        return self.devices.simulators[name]

    def close(self) -> None:
        """Stop everything, newest first; safe to call twice."""
        closers, self._closers = self._closers, []
        for close in reversed(closers):
            try:
                close()
            except Exception:
                log.exception("closing %r failed", close)


def build_kiosk(
    config: KioskConfig,
    *,
    app: QApplication,
    clock: Clock | None = None,
    windowed: bool = True,
    screen_size: tuple[int, int] | None = None,
    language: str | None = None,
    audible: bool = True,
) -> Kiosk:
    """Build one lane in this process (the command, tests and the demo); see the module
    docstring for the order. The window is shown (``windowed``: at ``screen_size``, else
    fullscreen). Raises :class:`KioskStartError` (and stops what it started) when the
    lane cannot start. Call :meth:`Kiosk.close` to stop it."""
    started = time.perf_counter()
    clock = clock or SystemClock()
    language = language or config.language.value
    if language not in LANGUAGES:
        raise KioskStartError(f"the kiosk speaks {', '.join(LANGUAGES)}, not {language!r}")
    closers: list[Callable[[], object]] = []
    try:
        return _build(config, app, clock, windowed, screen_size, language, audible, closers,
                      started)  # fmt: skip
    except BaseException:
        for close in reversed(closers):
            with contextlib.suppress(Exception):
                close()
        raise


def _build(
    config: KioskConfig,
    app: QApplication,
    clock: Clock,
    windowed: bool,
    screen_size: tuple[int, int] | None,
    language: str,
    audible: bool,
    closers: list[Callable[[], object]],
    started: float,
) -> Kiosk:
    if screen_size is None:
        screen = app.primaryScreen()
        size = screen.size() if screen is not None and not windowed else None
        screen_size = (size.width(), size.height()) if size is not None else DEFAULT_SCREEN
    theme = Theme(app, screen_size=screen_size)
    theme.apply()
    closers.append(theme.clear)
    translator = Translator(app)
    translator.set_language(language)
    closers.append(translator.uninstall)

    paths = config.paths
    try:
        catalog = Catalog(
            paths.catalog, today=lambda: business_day(config.store.timezone, clock.utc_now())
        )
    except Exception as error:
        raise KioskStartError(f"paths.catalog: cannot open {paths.catalog}: {error}") from error
    closers.append(catalog.close)
    try:
        paths.data_dir.mkdir(parents=True, exist_ok=True)
        journal = Journal(paths.journal, kiosk_id=config.kiosk.id, clock=clock.utc_now)
    except Exception as error:
        raise KioskStartError(f"paths.data_dir: cannot open the journal: {error}") from error
    closers.append(journal.close)
    staff_auth = open_staff_auth(paths.store, paths.staff_key, config.kiosk.id)
    closers.append(staff_auth.close)

    scheduler = QtScheduler()
    closers.append(scheduler.close)
    sound = SoundBridge(
        audible=audible and config.sound.enabled,
        volume=config.sound.volume / 100,
        player=config.sound.player,
    )
    closers.append(sound.close)
    ui = UiServices(theme, translator, MessageBridge(), sound)
    lane_settings = LaneSettings.from_config(config, language=language)

    try:
        check_screens()
    except ScreenMissing as error:
        raise KioskStartError(f"the kiosk is incomplete: {error}") from error

    devices = LaneDevices(config.devices, kiosk_id=config.kiosk.id, data_dir=paths.data_dir)
    closers.append(devices.stop)
    devices.start()
    scanner = devices.device(DeviceKind.SCANNER)
    scan_gate = None if scanner is None else ScanGate(scanner)
    if scan_gate is not None:
        closers.append(scan_gate.close)
    ports = LanePorts(
        scanner=scan_gate,  # type: ignore[arg-type]
        scale=devices.device(DeviceKind.SCALE),  # type: ignore[arg-type]
        printer=devices.device(DeviceKind.PRINTER),  # type: ignore[arg-type]
        payment=devices.device(DeviceKind.PAYMENT_TERMINAL),  # type: ignore[arg-type]
        light=devices.device(DeviceKind.LANE_LIGHT),  # type: ignore[arg-type]
    )
    lane = LaneController(
        lane_settings,
        catalog,
        journal,
        ports,
        clock=clock,
        scheduler=scheduler,
        can=staff_auth.can,
        audit=staff_auth.audit,
    )
    window = MainWindow(lane, ui, staff_auth=staff_auth, devices=devices, scan_gate=scan_gate)
    window.exit_requested.connect(lambda: _leave(app))
    closers.append(window.deleteLater)
    closers.append(window.close)
    lane.attach()
    lane.resume()
    window.show_state()
    scheduler.every(TICK_S, lane.tick)
    link = start_kiosk_link(
        config,
        lane,
        journal,
        utc_now=clock.utc_now,
        device_names={device.kind.value: name for name, device in config.devices.items()},
    )
    if link is not None:
        closers.append(link.deleteLater)
        closers.append(link.stop)

    if windowed:
        window.resize(*screen_size)
        window.show()
    else:
        window.showFullScreen()
    seconds = time.perf_counter() - started
    log.info(
        "kiosk %s of store %s started in %.0f ms: %s, language %s, staff login %s",
        config.kiosk.id,
        config.store.id,
        seconds * 1000,
        lane.state.value,
        language,
        "available" if staff_auth.available else f"unavailable ({staff_auth.problem})",
    )
    return Kiosk(
        config, window, lane, devices, scheduler, ui, catalog, journal, staff_auth,
        start_seconds=seconds, link=link, _closers=closers,
    )  # fmt: skip


class ScreenshotRecorder(QObject):
    """Saves the kiosk's window as a PNG in ``directory`` after every screen change.

    Files are numbered in order (``001-attract.png``, ``002-shopping.png``, ``003-shopping-
    help.png``), carrying on after the highest number already there, so a restarted kiosk
    adds to the same folder. The picture is taken a moment after the change
    (``delay_ms``), once the new screen is laid out; changes in between are one picture.
    The first is taken at once, of the screen the lane started on. :meth:`save` takes one
    now (at exit, ``suffix="exit"``). A picture that cannot be written is logged, never an
    error for the lane.
    """

    def __init__(
        self, kiosk: Kiosk, directory: Path, *, delay_ms: int = 150, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        numbers = [
            int(path.name[:3]) for path in self.directory.glob("*.png") if path.name[:3].isdigit()
        ]
        self.sequence = max(numbers, default=0)
        self.saved: list[Path] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save)
        kiosk.window.router.screen_changed.connect(lambda *_: self._timer.start())
        kiosk.window.help_shown.connect(lambda *_: self._timer.start())
        # The first screen now, before the event loop runs: nothing a device sent yet
        # (a scan is queued to this thread) can have changed it.
        self.save()

    def save(self, suffix: str = "") -> Path | None:
        """Save the window now; returns the file (None when it could not be written)."""
        self._timer.stop()
        window = self.kiosk.window
        parts = [self.kiosk.lane.state.value]
        if window.help_visible:
            parts.append("help")
        if suffix:
            parts.append(suffix)
        self.sequence += 1
        path = self.directory / f"{self.sequence:03d}-{'-'.join(parts)}.png"
        if not window.grab().save(str(path), "PNG"):
            log.warning("screenshot %s could not be written", path)
            return None
        log.info("screenshot %s", path)
        self.saved.append(path)
        return path


def _leave(app: QApplication) -> None:
    log.info("a technician left the app: the kiosk stops")
    app.quit()


# -- logging --------------------------------------------------------------------------


# -- the command ------------------------------------------------------------------------


def _screen_arg(text: str) -> tuple[int, int]:
    try:
        return parse_screen(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selfscan-kiosk", description="Run one self-checkout lane (see docs/kiosk.md)."
    )
    parser.add_argument("--config", required=True, type=Path, help="the kiosk's TOML file")
    parser.add_argument(
        "--windowed", action="store_true", help="a window instead of fullscreen (development)"
    )
    parser.add_argument(
        "--screen", type=_screen_arg, metavar="WxH", help="screen size, e.g. 1280x800"
    )
    parser.add_argument(
        "--language", choices=LANGUAGES, help="start in this language (default: the config's)"
    )
    parser.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="save the window as NNN-<state>.png in DIR at every screen change and at exit",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_kiosk_config(args.config)
    except ConfigError as error:
        print(f"selfscan-kiosk: {error}", file=sys.stderr)
        return 2
    log_path = setup_logging(config.paths.data_dir, "kiosk")
    log.info("selfscan-kiosk starting with %s (log: %s)", args.config, log_path)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "selfscan"])
    assert isinstance(app, QApplication)
    app.setApplicationName("selfscan-kiosk")
    # SIGINT/SIGTERM stop cleanly, also while the program is still being built: Qt's
    # loop is then not entered, and everything built is closed as after a normal stop
    stop_requested = stop_on_signals(app)
    try:
        kiosk = build_kiosk(
            config,
            app=app,
            windowed=args.windowed,
            screen_size=args.screen,
            language=args.language,
        )
    except KioskStartError as error:
        log.error("cannot start: %s", error)
        print(f"selfscan-kiosk: cannot start: {error}", file=sys.stderr)
        return 1
    freeze_heap()  # the kiosk is built: its objects stay until exit (see why there)
    recorder = None if args.screenshots is None else ScreenshotRecorder(kiosk, args.screenshots)
    try:
        status = 0 if stop_requested() else app.exec()
    finally:
        if recorder is not None:
            recorder.save("exit")
        kiosk.close()
        log.info("selfscan-kiosk stopped")
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
