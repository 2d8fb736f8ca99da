"""``selfscan-demo``: a small store: kiosks on simulated devices, the store network (the
embedded broker and the attendant console) and a panel to play the hardware.

    selfscan-demo [--kiosks 1|2] [--data DIR] [--fresh] [--screen WxH] [--catalog FILE]
    selfscan-demo --headless --screenshots DIR [...]
    selfscan-demo --text [--data DIR] [--language nl|en] [--catalog FILE]

What starts (see docs/demo.md), each its own process: the store's embedded broker on a
free loopback port (:mod:`selfscan_demo.network`), for each kiosk its five simulators
(scanner, scale, receipt printer, payment terminal, lane light), the attendant console
``console-1`` and the kiosks, on configurations written into the run folder
(``var/demo`` by default); and in this process the simulator panel
(:mod:`selfscan_demo.panel`). Closing the panel, Ctrl+C or SIGTERM stops the kiosks, the
console, the broker and then the simulators; ``<run>/processes.json`` lists every process
the demo started.

``--headless --screenshots DIR`` does the same offscreen (the kiosks and the console too),
plays a short tour through the simulators (a few scans on each kiosk, produce weighed on
the scale; on the last kiosk an age-restricted product, whose help call must reach the
console: :func:`_prove_the_network`), saves every window as PNG into DIR
(``panel-<kiosk>.png``, ``<kiosk>.png``, ``console-1.png`` and each program's own pictures
in ``DIR/<kiosk>/`` and ``DIR/console/``) and exits: 0 when everything came up and did
what the tour expected, 1 with a message saying what did not. ``--text`` runs the
terminal walkthrough of the lane's domain (:mod:`selfscan_demo.text`).

Exit status: 0 done, 1 something did not come up, 2 a wrong command line.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from selfscan_demo.lanes import EXAMPLES, ROOT, DemoError, DemoLane, DemoStore
from selfscan_demo.network import DemoNetwork

__all__ = ["TOUR_ITEMS", "main"]

TOUR_ITEMS = {
    "kiosk-1": ("plain", "deposit", "promotion", "produce"),
    "kiosk-2": ("deposit", "plain"),
}
"""What the headless tour scans on each kiosk (suggestion keys; others get kiosk-1's)."""
TOUR_TIMEOUT_S = 30.0


class _Stop(Exception):
    """SIGINT/SIGTERM arrived before the panel's event loop ran."""


def _screen(text: str) -> str:
    width, sep, height = text.lower().partition("x")
    if not (sep and width.isdigit() and height.isdigit()):
        raise argparse.ArgumentTypeError(
            f"a screen size is WIDTHxHEIGHT, e.g. 1280x800, not {text!r}"
        )
    if not (640 <= int(width) <= 7680 and 480 <= int(height) <= 4320):
        raise argparse.ArgumentTypeError(
            f"screen size {text!r} is out of range (640x480 to 7680x4320)"
        )
    return f"{int(width)}x{int(height)}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selfscan-demo",
        description="A small store: kiosks on simulated devices, the store network (the "
        "embedded MQTT broker on a free loopback port and the attendant console "
        "console-1), each its own process, and a panel that plays the shopper's hands and "
        "the hardware. The run folder keeps the configurations, journals and logs "
        "(broker.log, console-1.log, kiosk-N.output.log); see docs/demo.md.",
        epilog="Exit status: 0 done, 1 something did not come up, 2 a wrong command line.",
    )
    parser.add_argument(
        "--kiosks", type=int, choices=(1, 2), default=2, help="how many kiosks (default 2)"
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=ROOT / "var" / "demo",
        metavar="DIR",
        help="the run folder: configurations, journals, logs (default var/demo)",
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="forget what earlier runs left first: carts, logs, the console's events, the "
        "broker's retained states (the staff and the passwords stay)",
    )
    parser.add_argument(
        "--screen",
        type=_screen,
        default="1280x800",
        metavar="WxH",
        help="each kiosk window's size, and the console's when at least 1024x600 "
        "(default 1280x800)",
    )
    parser.add_argument(
        "--catalog", type=Path, default=ROOT / "catalog.db", help="the store catalog"
    )
    parser.add_argument(
        "--headless",
        action="store_true",
        help="offscreen: play a short tour (scans on each kiosk; a help call that the "
        "console must confirm), save every window into --screenshots, exit",
    )
    parser.add_argument(
        "--screenshots", type=Path, metavar="DIR", help="with --headless: where the PNGs go"
    )
    parser.add_argument(
        "--text", action="store_true", help="the terminal walkthrough instead (no windows)"
    )
    parser.add_argument(
        "--language", choices=("nl", "en"), default="nl", help="with --text: the receipt's"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.headless and args.screenshots is None:
        parser.error("--headless needs --screenshots DIR (where the pictures go)")
    if args.screenshots is not None and not args.headless:
        parser.error("--screenshots goes with --headless")
    if args.text and args.headless:
        parser.error("--text and --headless do not go together")
    if args.text:
        from selfscan_demo.text import run

        return run(args.catalog, args.data / "text", args.language)
    if not args.catalog.is_file():
        print(
            f"selfscan-demo: the catalog {args.catalog} is missing (make catalog)", file=sys.stderr
        )
        return 1
    return _run(args)


def _has_display() -> bool:
    """Whether Qt can open windows: a display, or a platform chosen on purpose."""
    return bool(
        os.environ.get("QT_QPA_PLATFORM")
        or os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
    )


def _say(text: str) -> None:
    print(f"selfscan-demo: {text}", flush=True)


def _run(args: argparse.Namespace) -> int:
    env: dict[str, str] = {}
    screenshots: Path | None = None
    if not args.headless and not _has_display():
        print(
            "selfscan-demo: there is no display to show windows on (no DISPLAY or "
            "WAYLAND_DISPLAY);\n  run `selfscan-demo --headless --screenshots DIR` to get "
            "the windows as pictures instead.",
            file=sys.stderr,
        )
        return 1
    if args.headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        env["QT_QPA_PLATFORM"] = "offscreen"
        screenshots = args.screenshots.resolve()
        screenshots.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.core.catalog.repository import Catalog
    from selfscan_demo.panel import SimulatorPanel
    from selfscan_demo.products import suggestions

    store = DemoStore(
        args.data,
        examples=EXAMPLES[: args.kiosks],
        catalog=args.catalog,
        screen=args.screen,
        screenshots=screenshots,
        env=env,
        fresh=args.fresh,
    )
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "selfscan-demo"])
    assert isinstance(app, QApplication)
    app.setApplicationName("selfscan-demo")
    in_loop = False

    def on_signal(number: int, _frame: object) -> None:
        if in_loop:
            app.quit()
        else:
            raise _Stop(signal.Signals(number).name)

    previous = {n: signal.signal(n, on_signal) for n in (signal.SIGINT, signal.SIGTERM)}
    catalog: Catalog | None = None
    panel: SimulatorPanel | None = None
    status = 0
    try:
        _say(f"run folder {store.run_dir}")
        store.start(on_step=_say)
        catalog = Catalog(str(store.catalog))
        today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
        panel = SimulatorPanel(
            store.lanes, suggestions(catalog, today), catalog, network=store.network
        )
        if args.headless:
            assert screenshots is not None
            status = _tour(app, panel, store, screenshots)
        else:
            panel.closed.connect(app.quit)
            panel.show()
            panel.start()
            _say("the panel is open; close it (or press Ctrl+C) to stop the demo")
            wakeup = QTimer()  # lets Python run the signal handler while Qt waits
            wakeup.start(250)
            wakeup.timeout.connect(lambda: None)
            in_loop = True
            app.exec()
            in_loop = False
            wakeup.stop()
    except _Stop as stop:
        _say(f"{stop}: stopping")
    except DemoError as error:
        print(f"selfscan-demo: {error}", file=sys.stderr)
        status = 1
    finally:
        in_loop = False
        if panel is not None:
            panel.timer.stop()
            panel.close()
            panel.deleteLater()
        _say("stopping the kiosks, the console, the broker and the simulators")
        started = time.monotonic()
        try:
            store.stop()
            _say(f"stopped everything in {time.monotonic() - started:.1f} s")
        finally:
            if catalog is not None:
                catalog.close()
            for number, handler in previous.items():
                signal.signal(number, handler)
    if args.headless and status == 0:
        status = _collect_pictures(store, screenshots)  # type: ignore[arg-type]
    _say("stopped" if status == 0 else f"stopped (status {status})")
    return status


# -- the headless tour ------------------------------------------------------------------------


def _wait(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise DemoError(f"the tour waited {timeout:.0f} s in vain for {what}")


def _cart_changes(lane: DemoLane) -> int:
    """Cart changes in the kiosk's journal: a new line, or a line's quantity going up when
    the run folder still holds an earlier run's cart."""
    return len(lane.journal_events())


def _tour(app, panel, store: DemoStore, directory: Path) -> int:  # type: ignore[no-untyped-def]
    """Scan a few products on every kiosk through the panel, weigh produce, wait for the
    kiosks' journals to show them, and save the panel's tabs."""
    for index, tab in enumerate(panel.lane_tabs):
        lane: DemoLane = tab.lane
        panel.tabs.setCurrentIndex(index)
        by_key = {s.key: s for s in tab.suggestions}
        keys = TOUR_ITEMS.get(lane.kiosk_id, TOUR_ITEMS["kiosk-1"])
        before = _cart_changes(lane)
        expected = 0
        for key in keys:
            suggestion = by_key.get(key)
            if suggestion is None:
                continue
            if suggestion.grams is not None:
                tab.put_on(suggestion.grams)
                _wait(
                    lambda lane=lane: lane.call("scale", "state")["status"] == "stable",
                    5,
                    f"{lane.name}'s scale to settle",
                )
            tab.scan(suggestion.code, suggestion.symbology, suggestion.label)
            expected += 1
            _wait(
                lambda lane=lane, n=before + expected: _cart_changes(lane) >= n,
                TOUR_TIMEOUT_S,
                f"{lane.name} to add {suggestion.label} (see {lane.log_path})",
            )
        _say(f"{lane.name}: {expected} items scanned and in its journal")
        if index == len(panel.lane_tabs) - 1 and store.network is not None:
            _prove_the_network(tab, store.network)
        panel.refresh()  # the store network's line, and this tab
        app.processEvents()
        path = directory / f"panel-{lane.kiosk_id}.png"
        if not panel.grab().save(str(path), "PNG"):
            raise DemoError(f"cannot write {path}")
        _say(f"saved {path}")
    return 0


LINK_MARK = " kiosk.link"
"""What the kiosk's log lines of its store-network link start with (logger ``kiosk.link``
and ``kiosk.link.mqtt``): a kiosk that logs none has no link to the network."""


def _prove_the_network(tab, network: DemoNetwork) -> None:  # type: ignore[no-untyped-def]
    """End to end, seen from outside the processes: an age-restricted product scanned on
    ``tab``'s kiosk raises an ``age_check`` help call, which the kiosk's journal queues in
    its outbox (``help_call``); the event counts as delivered once ``confirmed_at`` is
    set, i.e. a console stored it and acknowledged it through the broker.

    A kiosk whose log shows no store-network link (no ``kiosk.link`` line: a kiosk built
    before the link was wired into ``kiosk.app``) cannot deliver it; that is said, and
    not counted as a failure. A kiosk with a link must have the call confirmed in time.
    """
    lane: DemoLane = tab.lane
    beer = next((s for s in tab.suggestions if s.key == "age"), None)
    if beer is None:
        _say(f"{lane.name}: the catalog has no age-restricted product: no help call to send")
        return
    known = {e["id"] for e in lane.outbox_events("help_call")}
    already = [c["id"] for c in lane.open_help_calls() if c["reason"] == "age_check"]
    before = _cart_changes(lane)
    tab.scan(beer.code, beer.symbology, beer.label)

    def the_call() -> dict | None:  # type: ignore[type-arg]
        calls = lane.outbox_events("help_call")
        new = [e for e in calls if e["id"] not in known]
        if new:
            return new[-1]
        if already and _cart_changes(lane) > before:  # the earlier run's call stays open
            return next((e for e in calls if e["payload"]["help_call_id"] == already[-1]), None)
        return None

    _wait(
        lambda: _cart_changes(lane) > before,
        TOUR_TIMEOUT_S,
        f"{lane.name} to add {beer.label} (see {lane.log_path})",
    )
    # the call is written right after the line, by the same scan
    _wait(
        lambda: the_call() is not None,
        5,
        f"{lane.name} to raise an age check for {beer.label} (a cart with the age approved "
        "in an earlier run raises none: try --fresh)",
    )
    call = the_call()
    assert call is not None
    reason = call["payload"]["reason"]
    _say(f"{lane.name}: {beer.label} scanned: help call {call['id']} ({reason}) in its outbox")
    if not lane.logged(LINK_MARK):
        _say(
            f"{lane.name}: its log shows no store-network link (no kiosk.link line), so no "
            "console can confirm the help call: not checked"
        )
        return

    def confirmed() -> bool:
        return any(
            e["id"] == call["id"] and e["confirmed_at"] for e in lane.outbox_events("help_call")
        )

    _wait(
        confirmed,
        TOUR_TIMEOUT_S,
        f"a console to confirm {lane.name}'s help call {call['id']} (see {lane.log_path}, "
        f"{network.console_log} and {network.broker_log})",
    )
    _say(f"{lane.name}: help call {call['id']} confirmed by the console {network.console_id}")


def _last_picture(folder: Path, target: Path, who: str, output: str) -> bool:
    """Copy the last of ``folder``'s pictures (taken as the program stopped) to ``target``."""
    pictures = sorted(folder.glob("*.png"))
    if not pictures or "-exit" not in pictures[-1].name:
        print(
            f"selfscan-demo: {who} saved no picture at exit; its output:\n{output}",
            file=sys.stderr,
        )
        return False
    shutil.copyfile(pictures[-1], target)
    _say(f"saved {target} ({len(pictures)} pictures in {folder})")
    return True


def _collect_pictures(store: DemoStore, directory: Path) -> int:
    """``<kiosk>.png`` and ``<console>.png``: each one's last picture."""
    status = 0
    for lane in store.lanes:
        if not _last_picture(
            directory / lane.kiosk_id,
            directory / f"{lane.kiosk_id}.png",
            lane.name,
            lane.output_tail(),
        ):
            status = 1
    network = store.network
    if network is None or network.screenshots is None:
        return status
    console = network.console_id
    if not _last_picture(
        network.screenshots,
        directory / f"{console}.png",
        f"the console {console}",
        network.output_tail(),
    ):
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
