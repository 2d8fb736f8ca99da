"""The real kiosk for ``bench/bench_network.py``: "on my way" from the console, shown here.

    python bench/network_kiosk.py --config kiosk-1.toml

Run as a child process of the benchmark (a lane is its own machine): the real kiosk
(:func:`kiosk.app.build_kiosk`, simulated devices, offscreen at 1920x1080, then
:func:`kiosk.app.freeze_heap` as ``selfscan-kiosk`` does) joined to the store network
as its configuration says. One item is keyed in (the lane is shopping),
then it obeys its stdin, one word a line:

* ``raise``: the shopper presses Help and picks a topic (``MainWindow.show_help`` and
  ``HelpPanel.choose_topic``: the lane raises the call, the layer shows its status).
  Prints ``{"raised": id, "t0_ns": ...}`` (``time.monotonic_ns()`` just before the
  topic is picked).
* ``stop``: closes the kiosk and exits.

When a console's ``acknowledge`` arrives, three moments are noted (all
``time.monotonic_ns()``, CLOCK_MONOTONIC: the console's process compares them with its
own): ``cmd_ns`` the command on the kiosk's paho thread, ``lane_ns`` the lane's call
turning "acknowledged" (``help_changed``, GUI thread), ``paint_ns`` the end of the first
paint of the help layer's title that says "<name> is on the way". Then it prints
``{"shown": id, ...}``, resolves the call at the lane (Sam helped), rates it (the
layer closes) and prints ``{"resolved": id}``. ``{"ready": true}`` comes
once the kiosk is connected and sees a console online.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from kiosk.app import Kiosk, build_kiosk, freeze_heap  # noqa: E402
from kiosk.config import load_kiosk_config  # noqa: E402
from kiosk.core.lane import HelpStatus, HelpTopic  # noqa: E402

MILK = "8780588066811"  # in the sample catalog


def out(**fields: Any) -> None:
    sys.stdout.write(json.dumps(fields, separators=(",", ":")) + "\n")
    sys.stdout.flush()


class Driver(QObject):
    """Runs on the GUI thread; stdin's words arrive through a queued signal."""

    word = Signal(str)

    def __init__(self, kiosk: Kiosk, app: QApplication) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.app = app
        self.lane = kiosk.lane
        self.call_id: str | None = None
        self.cmd_ns: int | None = None
        self.lane_ns: int | None = None
        self.title: QWidget | None = None
        self._inside = False
        self._ready = False
        self.word.connect(self._obey, Qt.ConnectionType.QueuedConnection)
        self.lane.help_changed.connect(self._help_changed)
        link = kiosk.link
        assert link is not None, "the kiosk is not on the store network ([broker] enabled)"
        # the command's arrival on paho's thread (a direct connection: noted right there)
        link.transport._paho_message.connect(self._on_paho, Qt.ConnectionType.DirectConnection)
        self._poll = QTimer(self)
        self._poll.setInterval(50)
        self._poll.timeout.connect(self._check_ready)
        self._poll.start()

    def _on_paho(self, topic: str, _payload: bytes, _retained: bool) -> None:
        if "/cmd/" in topic and self.cmd_ns is None:
            self.cmd_ns = time.monotonic_ns()

    def _check_ready(self) -> None:
        link = self.kiosk.link
        if link is not None and link.transport.is_connected and self.lane.link_up:
            self._poll.stop()
            if not self._ready:
                self._ready = True
                out(ready=True)

    def _obey(self, word: str) -> None:
        if word == "raise":
            self.cmd_ns = self.lane_ns = None
            window = self.kiosk.window
            window.show_help()  # the shopper presses Help: the topics
            panel = window.help_panel
            t0 = time.monotonic_ns()
            panel.choose_topic(HelpTopic.OTHER)  # type: ignore[union-attr]
            call = panel.call  # type: ignore[union-attr]
            if call is None or call.status is not HelpStatus.RAISED:
                out(error=f"no call raised in state {self.lane.state.value}")
                return
            self.call_id = call.id
            self._watch_title()
            out(raised=call.id, t0_ns=t0)
        elif word == "stop":
            self.app.quit()

    def _watch_title(self) -> None:
        if self.title is not None:
            return
        panel = self.kiosk.window.help_panel
        title = panel.findChild(QWidget, "help_status_title") if panel is not None else None
        if title is None:
            out(error="the help layer did not open")
            return
        self.title = title
        title.installEventFilter(self)

    def _help_changed(self, call: Any) -> None:
        if (
            call.id == self.call_id
            and call.status is HelpStatus.ACKNOWLEDGED
            and self.lane_ns is None
        ):
            self.lane_ns = time.monotonic_ns()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint or self._inside or watched is not self.title:
            return False
        self._inside = True
        try:
            watched.event(event)  # the label paints now
        finally:
            self._inside = False
        now = time.monotonic_ns()
        text = watched.text()  # type: ignore[attr-defined]
        if self.lane_ns is not None and self.call_id is not None and "Sam" in text:
            call_id, self.call_id = self.call_id, None
            out(shown=call_id, cmd_ns=self.cmd_ns, lane_ns=self.lane_ns, paint_ns=now, text=text)
            QTimer.singleShot(0, lambda: self._resolve(call_id))
        return True

    def _resolve(self, call_id: str) -> None:
        self.lane.resolve_help(call_id, "Sam")  # Sam helped at the lane
        panel = self.kiosk.window.help_panel
        if panel is not None:
            panel.rate(5)  # the shopper rates the help: the layer closes
        out(resolved=call_id)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, required=True)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    config = load_kiosk_config(args.config)
    kiosk = build_kiosk(config, app=app, screen_size=(1920, 1080), language="en", audible=False)
    freeze_heap()  # as selfscan-kiosk does once the kiosk is built
    try:
        if not kiosk.lane.key_in(MILK):
            out(error="could not key in the first item")
            return 1
        driver = Driver(kiosk, app)

        def read() -> None:
            for line in sys.stdin:
                driver.word.emit(line.strip())
            driver.word.emit("stop")

        threading.Thread(target=read, name="stdin", daemon=True).start()
        app.exec()
        return 0
    finally:
        kiosk.close()


if __name__ == "__main__":
    sys.exit(main())
