"""``selfscan-attendant``: the attendant console of one store.

    selfscan-attendant --config FILE [--screenshots DIR] [--screen WxH] [--language nl|en]

(until the script is installed: ``python -m attendant.app ...``). See ``docs/attendant.md``.

At start, in this order (:func:`main`, then :func:`build_console`):

1. the configuration is loaded and validated; a broken file is refused with one line per
   mistake, each naming its key, and exit status 2, before any window;
2. logging goes to ``<data_dir>/logs/console.log`` (rotating, one event per line; Qt's own
   warnings are routed into it, logger ``qt``);
3. with ``broker.embedded = true`` and nothing listening on the broker's port, the store's
   embedded broker is started as a child process (``selfscan-broker serve``, its own
   interpreter) for a store network file written from this configuration (its kiosks,
   this console, the broker's address and the folder of ``broker.password_file``) into
   ``<data_dir>/broker/``; it is stopped again when the console stops;
4. the bundled font and the console's theme (``--screen``, else the screen's size), the
   translations (``--language``, else the configuration's);
5. the staff roster (``paths.store`` and ``paths.staff_key``; when either is missing the
   console still shows the lanes' news, and logging in says it is not possible), the
   catalog for "add an item" (optional), the event log ``<data_dir>/events.db``;
6. the link to the store network and the window; the link connects in the background
   (a broker that is not up yet is retried every 1-10 s).

``--screenshots DIR`` saves the window as ``NNN-<page>.png`` in DIR each time the page
changes, and once more at exit. Exit status: 0 after a normal stop, 1 when the console
could not start, 2 for a wrong command line or configuration.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import logging.handlers
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from attendant.config import ConsoleConfig, load_console_config
from attendant.link import ConsoleLink, build_console_link
from attendant.staff import ConsoleStaff, open_console_staff
from attendant.ui.i18n import LANGUAGES, ConsoleTranslator
from attendant.ui.theme import CONSOLE_SCREENS, ConsoleTheme
from attendant.ui.window import ConsoleWindow
from kiosk.config import ConfigError
from kiosk.link.protocol import utc_now
from kiosk.ui import runtime
from kiosk.ui.runtime import freeze_heap, setup_logging, stop_on_signals

__all__ = [
    "Console",
    "ConsoleConfigProblem",
    "ConsoleStartError",
    "EmbeddedBroker",
    "ScreenshotRecorder",
    "build_console",
    "freeze_heap",
    "main",
    "parse_screen",
    "write_store_network",
]

log = logging.getLogger("attendant.app")

BROKER_START_S = 15.0
"""How long the embedded broker may take to listen."""


class ConsoleStartError(RuntimeError):
    """The console cannot start (the broker does not come up, the event log is unusable)."""


class ConsoleConfigProblem(ConsoleStartError):
    """The configuration cannot be used for what it asks (exit status 2)."""


def parse_screen(text: str) -> tuple[int, int]:
    """``"1280x800"`` -> ``(1280, 800)``; the console needs at least 1024x600."""
    return runtime.parse_screen(text, smallest=(1024, 600))


# -- the embedded broker -----------------------------------------------------------------


def listening(host: str, port: int, timeout: float = 0.3) -> bool:
    """Whether something accepts connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_store_network(config: ConsoleConfig, folder: Path) -> Path:
    """The store network file (``selfscan-broker``'s) for this console's store, from its
    configuration: the kiosks it lists, this console, the broker's host and port, and the
    secrets folder that holds ``broker.password_file``."""
    if not config.kiosks:
        raise ConsoleConfigProblem(
            "kiosks: the embedded broker needs the store's kiosk ids (its accounts); "
            "list them in the console's file, or set broker.embedded = false"
        )
    broker = config.broker
    secrets = (
        broker.password_file.parent
        if broker.password_file is not None
        else Path(config.paths.data_dir) / "secrets"
    )
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / "store.toml"
    kiosks = ", ".join(_toml_string(k) for k in config.kiosks)
    path.write_text(
        "# Written by selfscan-attendant from its configuration; rewritten at every start.\n"
        "schema_version = 1\n"
        f"kiosks = [{kiosks}]\n"
        f"consoles = [{_toml_string(config.console.id)}]\n"
        f"secrets_dir = {_toml_string(str(secrets))}\n\n"
        "[store]\n"
        f"id = {_toml_string(config.store.id)}\n"
        f"name = {_toml_string(config.store.name)}\n"
        f"timezone = {_toml_string(config.store.timezone)}\n\n"
        "[listener]\n"
        f"host = {_toml_string(broker.host)}\n"
        f"port = {broker.port}\n",
        encoding="utf-8",
    )
    return path


class EmbeddedBroker:
    """``selfscan-broker serve`` as a child process of the console."""

    def __init__(self, store_file: Path, data: Path, log_file: Path) -> None:
        self.store_file = store_file
        self.data = data
        self.log_file = log_file
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, host: str, port: int, *, timeout_s: float = BROKER_START_S) -> None:
        """Start it and wait until it listens; :class:`ConsoleStartError` when it does not."""
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as sink:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "selfscan_broker.cli",
                    "serve",
                    "--store",
                    str(self.store_file),
                    "--data",
                    str(self.data),
                ],
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                close_fds=True,
            )
        log.info("started the embedded broker (pid %d), log %s", self.process.pid, self.log_file)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log_file.read_text(errors="replace")[-600:]
                raise ConsoleStartError(
                    f"the embedded broker stopped at once (exit {self.process.returncode}): {tail}"
                )
            if listening(host, port):
                log.info("the embedded broker listens on %s:%d", host, port)
                return
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=0.1)
        self.stop()
        raise ConsoleStartError(f"the embedded broker did not listen on {host}:{port} in time")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.info("the embedded broker stopped (exit %s)", process.returncode)


def ensure_broker(config: ConsoleConfig) -> EmbeddedBroker | None:
    """Start the embedded broker when the configuration wants it and none is running."""
    broker = config.broker
    if not broker.embedded:
        return None
    if listening(broker.host, broker.port):
        log.info("a broker already listens on %s:%d: using it", broker.host, broker.port)
        return None
    folder = Path(config.paths.data_dir) / "broker"
    store_file = write_store_network(config, folder)
    embedded = EmbeddedBroker(
        store_file, folder / "data", Path(config.paths.data_dir) / "logs" / "broker.log"
    )
    embedded.start(broker.host, broker.port)
    return embedded


# -- the console -------------------------------------------------------------------------


@dataclass
class Console:
    """One running console, as :func:`build_console` made it."""

    config: ConsoleConfig
    window: ConsoleWindow
    link: ConsoleLink
    staff: ConsoleStaff
    theme: ConsoleTheme
    translator: ConsoleTranslator
    sound: Any
    _closers: list[Callable[[], object]] = field(default_factory=list, repr=False)

    def close(self) -> None:
        """Stop everything, newest first; safe to call twice."""
        closers, self._closers = self._closers, []
        for close in reversed(closers):
            try:
                close()
            except Exception:
                log.exception("closing %r failed", close)


def build_console(
    config: ConsoleConfig,
    *,
    app: QApplication,
    clock: Callable[[], datetime] = utc_now,
    monotonic: Callable[[], float] = time.monotonic,
    screen_size: tuple[int, int] | None = None,
    language: str | None = None,
    audible: bool = True,
    sound_player: Sequence[str] | None = None,
    staff: ConsoleStaff | None = None,
    start_link: bool = True,
    show: bool = True,
) -> Console:
    """Build the console in this process (the command, tests, screenshots); see the module
    docstring for the order (the broker is the caller's: :func:`ensure_broker`). ``staff``
    replaces the roster from the configuration (tests). Call :meth:`Console.close`."""
    closers: list[Callable[[], object]] = []
    try:
        return _build(config, app, clock, monotonic, screen_size, language, audible,
                      sound_player, staff, start_link, show, closers)  # fmt: skip
    except BaseException:
        for close in reversed(closers):
            with contextlib.suppress(Exception):
                close()
        raise


def _build(
    config: ConsoleConfig,
    app: QApplication,
    clock: Callable[[], datetime],
    monotonic: Callable[[], float],
    screen_size: tuple[int, int] | None,
    language: str | None,
    audible: bool,
    sound_player: Sequence[str] | None,
    staff: ConsoleStaff | None,
    start_link: bool,
    show: bool,
    closers: list[Callable[[], object]],
) -> Console:
    language = language or config.language.value
    if language not in LANGUAGES:
        raise ConsoleStartError(f"the console speaks {', '.join(LANGUAGES)}, not {language!r}")
    if screen_size is None:
        screen = app.primaryScreen()
        size = screen.availableSize() if screen is not None else None
        screen_size = (size.width(), size.height()) if size is not None else CONSOLE_SCREENS[0]
    theme = ConsoleTheme(app, screen_size=screen_size)
    theme.apply()
    closers.append(theme.clear)
    translator = ConsoleTranslator(app)
    translator.set_language(language)
    closers.append(translator.uninstall)

    if staff is None:
        staff = open_console_staff(config.paths.store, config.paths.staff_key, config.console.id)
    closers.append(staff.close)
    search = _open_catalog(config, closers)
    try:
        link = build_console_link(config, clock=clock)
    except ConsoleStartError:
        raise
    except Exception as error:
        raise ConsoleStartError(f"cannot connect the console: {error}") from error
    closers.append(link.store.log.close)

    from kiosk.ui.sound import SoundBridge  # the kiosk's sounds: one bell for the store

    sound = SoundBridge(audible=audible and config.help_queue.sound, player=sound_player)
    closers.append(sound.close)
    window = ConsoleWindow(
        config,
        link,
        staff,
        translator,
        sound=sound,
        search=search,
        auto_logout_s=config.login.auto_logout_min * 60,
        monotonic=monotonic,
    )
    closers.append(window.deleteLater)
    closers.append(window.close)
    closers.append(window.shutdown)
    if start_link:
        link.start()
        closers.append(link.stop)
    if show:
        window.resize(*screen_size)
        window.show()
    log.info(
        "console %s of store %s started: %dx%d, language %s, staff login %s",
        config.console.id,
        config.store.id,
        *screen_size,
        language,
        "available" if staff.available else f"unavailable ({staff.problem})",
    )
    return Console(config, window, link, staff, theme, translator, sound, _closers=closers)


def _open_catalog(
    config: ConsoleConfig, closers: list[Callable[[], object]]
) -> Callable[[str], list[Any]] | None:
    """The catalog's name search for "add an item", or None (the code can still be typed)."""
    target = config.paths.catalog
    if "://" not in target and not Path(target).is_file():
        log.warning("paths.catalog %s not found: adding an item by name is not possible", target)
        return None
    try:
        from kiosk.core.catalog.repository import Catalog

        catalog = Catalog(target)
    except Exception as error:
        log.warning("paths.catalog %s cannot be opened (%s): search by name is off", target, error)
        return None
    closers.append(catalog.close)
    return lambda text: catalog.search(text, limit=20)


class ScreenshotRecorder(QObject):
    """Saves the console's window as ``NNN-<page>.png`` in ``directory`` after each page
    change (a moment later, once laid out) and on :meth:`save`."""

    def __init__(
        self,
        console: Console,
        directory: Path,
        *,
        delay_ms: int = 300,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.console = console
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.name[:3]) for p in self.directory.glob("*.png") if p.name[:3].isdigit()]
        self.sequence = max(numbers, default=0)
        self.saved: list[Path] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save)
        console.window.pages.currentChanged.connect(lambda _index: self._timer.start())

    def save(self, suffix: str = "") -> Path | None:
        self._timer.stop()
        window = self.console.window
        name = window.page.objectName().replace("_", "-") or "page"
        self.sequence += 1
        path = self.directory / f"{self.sequence:03d}-{name}{'-' + suffix if suffix else ''}.png"
        if not window.grab().save(str(path), "PNG"):
            log.warning("screenshot %s could not be written", path)
            return None
        log.info("screenshot %s", path)
        self.saved.append(path)
        return path


# -- logging -----------------------------------------------------------------------------


# -- the command ---------------------------------------------------------------------------


def _screen_arg(text: str) -> tuple[int, int]:
    try:
        return parse_screen(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selfscan-attendant",
        description="Run the attendant console of a store (see docs/attendant.md).",
        epilog="Exit status: 0 stopped, 1 could not start, 2 bad command line or configuration.",
    )
    parser.add_argument("--config", required=True, type=Path, help="the console's TOML file")
    parser.add_argument(
        "--screen", type=_screen_arg, metavar="WxH", help="window size, e.g. 1280x800"
    )
    parser.add_argument(
        "--language", choices=LANGUAGES, help="start in this language (default: the config's)"
    )
    parser.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="save the window as NNN-<page>.png in DIR at every page change and at exit",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_console_config(args.config)
    except ConfigError as error:
        print(f"selfscan-attendant: {error}", file=sys.stderr)
        return 2
    log_path = setup_logging(config.paths.data_dir, "console")
    log.info("selfscan-attendant starting with %s (log: %s)", args.config, log_path)
    try:
        broker = ensure_broker(config)
    except ConsoleStartError as error:
        log.error("cannot start: %s", error)
        print(f"selfscan-attendant: cannot start: {error}", file=sys.stderr)
        return 2 if isinstance(error, ConsoleConfigProblem) else 1
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "selfscan"])
    assert isinstance(app, QApplication)
    app.setApplicationName("selfscan-attendant")
    # SIGINT/SIGTERM stop cleanly, also while the program is still being built: Qt's
    # loop is then not entered, and everything built is closed as after a normal stop
    stop_requested = stop_on_signals(app)
    try:
        console = build_console(config, app=app, screen_size=args.screen, language=args.language)
    except ConsoleStartError as error:
        if broker is not None:
            broker.stop()
        log.error("cannot start: %s", error)
        print(f"selfscan-attendant: cannot start: {error}", file=sys.stderr)
        return 1
    freeze_heap()  # the console is built: its objects stay until exit (see why there)
    recorder = None
    if args.screenshots is not None:
        recorder = ScreenshotRecorder(console, args.screenshots)
        recorder.save()
    try:
        status = 0 if stop_requested() else app.exec()
    finally:
        if recorder is not None:
            recorder.save("exit")
        console.close()
        if broker is not None:
            broker.stop()
        log.info("selfscan-attendant stopped")
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
