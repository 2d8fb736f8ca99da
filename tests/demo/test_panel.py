"""The simulator panel drives real simulator processes, and a real kiosk process sees it.

One lane (kiosk-1's simulators and its kiosk) and the store network (the broker and the
console), each its own process, for the module; the panel is built in this process
(pytest-qt) and used by clicking its buttons. What the kiosk did is read from its
journal (SQLite) and from the lane light it drives.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QPushButton

from kiosk.core.catalog.repository import Catalog
from selfscan_demo.lanes import EXAMPLES, DemoLane, DemoStore
from selfscan_demo.panel import OUTCOMES, LaneTab, SimulatorPanel
from selfscan_demo.products import suggestions
from tests.demo.helpers import ROOT, assert_none_left

WAIT_S = 20


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Iterator[DemoStore]:
    run = tmp_path_factory.mktemp("panel-run")
    store = DemoStore(run, examples=EXAMPLES[:1], env={"QT_QPA_PLATFORM": "offscreen"})
    store.start()
    yield store
    store.stop()
    assert_none_left(run)


@pytest.fixture
def panel(store, qtbot) -> Iterator[SimulatorPanel]:
    with Catalog(str(ROOT / "catalog.db")) as catalog:
        panel = SimulatorPanel(
            store.lanes,
            suggestions(catalog, datetime.now(UTC).date()),
            catalog,
            network=store.network,
        )
        qtbot.addWidget(panel)
        panel.refresh()
        yield panel
        panel.timer.stop()


def tab_of(panel: SimulatorPanel) -> LaneTab:
    tab = panel.lane_tabs[0]
    assert tab.objectName() == "lane-kiosk-1"
    return tab


def until(qtbot, condition, what: str) -> None:  # type: ignore[no-untyped-def]
    """Wait for ``condition`` with the panel's event loop running; fail naming ``what``."""
    try:
        qtbot.waitUntil(lambda: bool(condition()), timeout=int(WAIT_S * 1000))
    except qtbot.TimeoutError:
        raise AssertionError(f"waited {WAIT_S:.0f} s in vain for {what}") from None


def click(qtbot, tab: LaneTab, name: str) -> None:
    button = tab.findChild(QPushButton, name)
    assert button is not None, name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def added_gtins(lane: DemoLane) -> list[str]:
    return [
        e["payload"]["product"]["gtin"] for e in lane.journal_events() if e["type"] == "line_added"
    ]


def test_a_suggested_product_reaches_the_kiosks_journal(panel, qtbot) -> None:
    tab = tab_of(panel)
    lane = tab.lane
    plain = next(s for s in tab.suggestions if s.key == "plain")
    assert "0" + plain.code not in added_gtins(lane)  # the first scan of the run
    click(qtbot, tab, "scan-plain")
    until(
        qtbot,
        lambda: added_gtins(lane).count("0" + plain.code) == 1,
        "the kiosk to journal the scanned product",
    )


def test_a_typed_code_and_a_catalog_search_are_scanned(panel, qtbot) -> None:
    tab, lane = tab_of(panel), tab_of(panel).lane
    before = len(added_gtins(lane))
    qtbot.keyClicks(tab.typed, "8711158843402")  # cola, in the sample catalog
    click(qtbot, tab, "scanTyped")
    until(qtbot, lambda: "08711158843402" in added_gtins(lane)[before:], "the typed cola")
    tab.search.setText("bananen")
    qtbot.waitUntil(lambda: tab.results.count() > 0, timeout=5000)
    tab.results.setCurrentRow(0)
    click(qtbot, tab, "put-1250")
    click(qtbot, tab, "scanSelected")
    until(
        qtbot,
        lambda: any(e["payload"].get("grams") == 1250 for e in lane.journal_events()),
        "the weighed bananas",
    )


def test_the_devices_follow_the_panel(panel, qtbot) -> None:
    tab = tab_of(panel)
    lane = tab.lane
    click(qtbot, tab, "printer-paper_out")
    assert lane.call("printer", "state")["fault"] == "paper_out"
    assert "paper out" in tab.findChild(QLabel, "printerStatus").text()
    click(qtbot, tab, "printer-normal")
    assert lane.call("printer", "state")["fault"] is None

    combo = tab.findChild(QComboBox, "nextOutcome")
    combo.setCurrentIndex(combo.findData("decline:insufficient_funds"))
    click(qtbot, tab, "queueOutcome")
    assert lane.call("payment_terminal", "state")["script"] == ["decline:insufficient_funds"]
    assert "decline:insufficient_funds" in tab.terminal_status.text()
    click(qtbot, tab, "clearOutcomes")
    assert lane.call("payment_terminal", "state")["script"] == []
    assert {value for value, _text in OUTCOMES} >= {"approve", "decline:refused", "no_card"}

    click(qtbot, tab, "scale-overload")
    assert lane.call("scale", "state")["status"] == "overload"
    click(qtbot, tab, "scale-normal")
    click(qtbot, tab, "takeOff")

    click(qtbot, tab, "scanner-unplug")
    assert lane.call("scanner", "state")["plugged"] is False
    assert "UNPLUGGED" in tab.scanner_status.text()
    click(qtbot, tab, "scanner-plug")
    assert lane.call("scanner", "state")["plugged"] is True


def test_the_lamp_shows_what_the_kiosk_put_on_the_lane_light(panel, qtbot) -> None:
    tab = tab_of(panel)
    tab.refresh()
    # the kiosk (not the panel) switched the tower green: ready / shopping
    assert tab.lamp.outputs["green"] == "on"
    assert tab.light_words.text() == "green steady"
    click(qtbot, tab, "lane_light-unplug")
    assert tab.light_words.text() == "unplugged"
    click(qtbot, tab, "lane_light-plug")
    # the kiosk's driver finds the tower again and sends the pattern once more
    qtbot.waitUntil(lambda: (tab.refresh(), tab.lamp.outputs["green"] == "on")[1], timeout=10_000)


def test_a_refused_command_is_shown_not_raised(panel, qtbot) -> None:
    tab = tab_of(panel)
    with qtbot.waitSignal(tab.message) as said:
        tab.scan("")
    assert said.args == ["Type a code first."]
    with qtbot.waitSignal(tab.message) as said:
        tab.act("scale", "place", grams="heavy")
    assert "whole number of grams" in said.args[0]


def test_kill_and_restart_the_kiosk_keeps_its_cart(panel, qtbot) -> None:
    tab = tab_of(panel)
    lane = tab.lane
    assert tab.kiosk_status.text().startswith("Process: running (pid")
    old_pid = lane.process.pid
    events = len(lane.journal_events())
    click(qtbot, tab, "killKiosk")
    assert tab.kiosk_status.text() == "Process: exited (status -9)"
    click(qtbot, tab, "restartKiosk")
    assert lane.process.pid != old_pid
    until(qtbot, lane.ready, "the restarted kiosk")
    tab.refresh()
    assert tab.kiosk_status.text() == f"Process: running (pid {lane.process.pid})"
    # the journal still has the cart, and the restarted kiosk takes scans again
    click(qtbot, tab, "scan-plain")
    until(qtbot, lambda: len(lane.journal_events()) == events + 1, "a scan after the restart")


def test_the_panel_shows_the_store_network_and_the_console_is_on_it(store, panel, qtbot) -> None:
    network = store.network
    assert network is not None and network.port != 1883
    line = panel.findChild(QLabel, "networkStatus")
    assert line.isVisibleTo(panel)
    panel.refresh()
    assert line.text() == (
        f"Store network: broker running on 127.0.0.1:{network.port} (pid {network.broker.pid}); "
        f"console console-1 running (pid {network.console.pid})"
    )
    # the console logged in to the demo's broker with its own account (the broker says so)
    until(
        qtbot,
        lambda: "as console-1" in network.broker_log.read_text(encoding="utf-8"),
        "the console to connect to the broker",
    )


def test_closing_the_panel_is_what_stops_the_demo(panel, qtbot) -> None:
    with qtbot.waitSignal(panel.closed, timeout=1000):
        panel.close()
    assert not panel.timer.isActive()


def test_the_guide_is_at_the_top(panel) -> None:
    guide = panel.findChild(QLabel, "tryThis")
    for step in ("Buy a basket", "Weigh produce", "See a decline", "Get a receipt"):
        assert step in guide.text()
    # the age check can be finished: by the badge, or Staff and the PIN
    for words in ("Approve an age check", "Scan staff badge (Sam)", "1042", "4826", "Approve age"):
        assert words in guide.text()
    assert "Answer from the console" in guide.text()
    assert panel.findChild(QPlainTextEdit, "receiptText") is not None


def test_the_store_has_the_demo_staff_member_and_the_badge_button_logs_sam_in(
    store, panel, qtbot
) -> None:
    """Last in this module: it leaves the kiosk in staff mode, so it restarts it after."""
    from kiosk.core.staff import Role, Roster
    from selfscan_demo.staff import DEMO_STAFF, staff_paths

    database, key = staff_paths(store.run_dir)
    assert database.is_file() and key.is_file()
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    with Roster(str(database), key) as roster:
        sam = roster.get(DEMO_STAFF.login)
        assert sam is not None and sam.name == "Sam" and sam.role is Role.SUPERVISOR
        assert roster.badge_holder(DEMO_STAFF.badge) == sam
        before = len(roster.audit.entries(action="staff_login"))

    tab = tab_of(panel)
    lane = tab.lane
    sent = lane.call("scanner", "state")["scans_sent"]
    said: list[str] = []
    tab.message.connect(said.append)
    click(qtbot, tab, "scanStaffBadge")
    assert "Kassa 1: Sam's staff badge scanned" in said
    assert lane.call("scanner", "state")["scans_sent"] == sent + 1

    def logged_in() -> bool:
        with Roster(str(database), key) as roster:
            logins = roster.audit.entries(action="staff_login")[before:]
        return any(e.actor_name == "Sam" and e.kiosk_id == "kiosk-1" for e in logins)

    until(qtbot, logged_in, "the kiosk to log Sam in by the badge")
    lane.restart_kiosk()  # out of staff mode for whoever uses the kiosk next
    until(qtbot, lane.ready, "the restarted kiosk")
