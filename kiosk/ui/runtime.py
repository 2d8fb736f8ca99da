"""What a selfscan program on Qt needs around its window: logging, the screen-size option,
a heap frozen after start, and a clean stop on SIGINT/SIGTERM.

Shared by ``selfscan-kiosk`` (:mod:`kiosk.app`) and ``selfscan-attendant``
(:mod:`attendant.app`), so both write the same one-line log format, read ``--screen`` the
same way and stop the same way.
"""

from __future__ import annotations

import gc
import logging
import logging.handlers
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, QtMsgType, qInstallMessageHandler

__all__ = [
    "OneLineFormatter",
    "freeze_heap",
    "parse_screen",
    "setup_logging",
    "stop_on_signals",
]

log = logging.getLogger("kiosk.ui.runtime")


class OneLineFormatter(logging.Formatter):
    """One event per line: line breaks inside a message or a traceback become ``\\n``."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "").replace("\n", "\\n")


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: Any, text: str) -> None:
    category = getattr(context, "category", None) or "default"
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s: %s", category, text)


def setup_logging(data_dir: Path, name: str, *, level: int = logging.INFO) -> Path:
    """Log to ``data_dir/logs/<name>.log`` (5 files of 5 MB) and stderr (warnings); Qt's
    messages (logger ``qt``) and uncaught exceptions go there too. Returns the file's path."""
    directory = Path(data_dir) / "logs"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.log"
    formatter = OneLineFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=5 * 1024 * 1024, backupCount=4, encoding="utf-8"
    )
    file_handler.setFormatter(formatter)
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(formatter)
    console.setLevel(logging.WARNING)
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(file_handler)
    root.addHandler(console)
    qInstallMessageHandler(_qt_message)

    def excepthook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        log.critical("unexpected error", exc_info=(kind, value, tb))

    sys.excepthook = excepthook
    return path


def parse_screen(text: str, *, smallest: tuple[int, int] = (640, 480)) -> tuple[int, int]:
    """``"1280x800"`` -> ``(1280, 800)``; ``ValueError`` for anything else, or a size out
    of ``smallest`` .. 7680x4320."""
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        raise ValueError(f"a screen size is WIDTHxHEIGHT, e.g. 1920x1080, not {text!r}")
    size = int(width), int(height)
    low_w, low_h = smallest
    if not (low_w <= size[0] <= 7680 and low_h <= size[1] <= 4320):
        raise ValueError(f"screen size {text!r} is out of range ({low_w}x{low_h} to 7680x4320)")
    return size


def freeze_heap() -> None:
    """Collect once, then leave every object alive now out of the garbage collector's
    walks (``gc.freeze``). Call it once, when the program is built.

    Why: a full (generation-2) collection walks every object the collector tracks, and a
    kiosk or a console holds 130,000-140,000 of them (Qt wrappers, pydantic models,
    SQLAlchemy, translations), nearly all made at start and alive until exit: such a
    collection took 80 ms on a quiet machine and 95-125 ms under a store's traffic, every
    10-20 s, the longest stall of the GUI thread (a scan, a help call or a command
    arriving then waited for it). With the start-up objects frozen it took 12 ms in the
    network benchmark (docs/performance.md, "Store network").

    Objects made later are collected as before; garbage cycles among the frozen ones
    would stay, but those live as long as the process anyway. Called from each program's
    ``main`` (the command, and so the demo), not where the program is built: tests and
    benchmarks build many in one process and must get their objects back.
    """
    started = time.perf_counter()
    gc.collect()
    gc.freeze()
    log.info(
        "%d start-up objects frozen out of garbage collection (collected in %.0f ms)",
        gc.get_freeze_count(),
        (time.perf_counter() - started) * 1000,
    )


def stop_on_signals(app: QCoreApplication) -> Callable[[], bool]:
    """Make SIGINT/SIGTERM stop ``app`` cleanly, also one that comes while the program is
    still being built (the demo may stop everything right after starting it): the quit is
    posted, so it takes effect once the loop runs. Returns ``stop_requested()``: True
    once a signal came (then do not enter the loop at all). A timer wakes the loop four
    times a second so Python sees the signal while Qt waits."""
    requested = False

    def request_stop(*_args: object) -> None:
        nonlocal requested
        requested = True
        QTimer.singleShot(0, app.quit)

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, request_stop)
    wakeup = QTimer(app)
    wakeup.start(250)
    wakeup.timeout.connect(lambda: None)
    return lambda: requested
