"""The figures panel: today's service figures from the events the lanes sent, and the CSV
export through the (replaced) file chooser."""

from __future__ import annotations

from datetime import timedelta

from attendant.figures import figures_csv, service_figures
from attendant.ui import figures_panel
from kiosk.link import protocol as p
from tests.attendant.ui.conftest import T0, login

SAM = p.StaffRef(staff_id="1", name="Sam", console="console-1")


def _history(qtbot, console, lane) -> None:
    lane.beat()
    lane.state()
    qtbot.waitUntil(
        lambda: console.link.store.lane("kiosk-1").state is not None, timeout=5000
    )  # subscribed: events are not retained
    raised = p.HelpCallInfo(
        id="c1", reason="payment_declined", status="raised", raised_at=T0 - timedelta(minutes=30),
        context=p.HelpContext(amount_cents=2599, decline_reason="card_expired"),
    )  # fmt: skip
    acked = raised.model_copy(update={"status": p.HelpStatus.ACKNOWLEDGED, "owner": SAM})
    done = acked.model_copy(update={"status": p.HelpStatus.RESOLVED, "outcome": "Helped"})
    at = raised.raised_at
    lane.event(p.HelpRaised(sender="kiosk-1", occurred_at=at, call=raised))
    lane.event(p.HelpUpdated(sender="kiosk-1", occurred_at=at + timedelta(seconds=40), call=acked))
    lane.event(p.HelpResolved(sender="kiosk-1", occurred_at=at + timedelta(seconds=160), call=done))
    lane.event(
        p.SaleSummary(
            sender="kiosk-1", occurred_at=at + timedelta(minutes=4), transaction_id="tx-1",
            outcome="paid_elsewhere", payment_method="service_desk", total_cents=2599, items=6,
        )
    )  # fmt: skip
    qtbot.waitUntil(lambda: console.link.store.log.count() == 4, timeout=5000)


def test_the_panel_shows_todays_figures_and_exports_them(
    qtbot, make_console, lanes, clock, tmp_path, monkeypatch
) -> None:
    console = make_console()
    login(qtbot, console)
    _history(qtbot, console, lanes["kiosk-1"])
    window = console.window
    window.nav_figures_button.click()
    panel = window.figures
    assert window.page is panel
    qtbot.waitUntil(lambda: panel.figures is not None, timeout=5000)
    figures = panel.figures
    assert figures.since == figures_panel.day_start(clock(), "Europe/Amsterdam")
    assert figures.total_help_calls == 1 and figures.transactions == 1
    assert panel.help_total.text() == "1 call · 0.10 per hour"  # 10 hours since midnight
    assert panel.times_big.text() == "0:40 until someone comes"
    assert panel.times_label.text().splitlines()[1] == (
        "Until the call is closed: half within 2:40, 9 in 10 within 2:40"
    )
    assert panel.declines_table.rowCount() == 1
    assert panel.declines_table.item(0, 0).text() == "card expired"
    assert panel.declines_table.item(0, 2).text() == "€ 25,99"

    target = tmp_path / "export" / "today.csv"
    target.parent.mkdir()
    asked = []

    def choose(parent, title, suggested):
        asked.append((title, suggested.name))
        return target

    monkeypatch.setattr(figures_panel.ExportPathDialog, "ask", choose)
    with qtbot.waitSignal(panel.exported, timeout=5000):
        panel.export_button.click()
    assert asked == [("Save the service figures", "service-figures-2030-05-04.csv")]
    expected = figures_csv(
        service_figures(
            console.link.store.log,
            since=figures.since,
            until=figures.until,
            timezone="Europe/Amsterdam",
            lanes=["kiosk-1", "kiosk-2"],
        )
    )
    assert target.read_bytes() == expected.encode("utf-8")
    assert panel.message.text() == f"Saved: {target}"
    assert panel.message.property("tone") == "go"


def test_a_file_that_cannot_be_written_is_said_in_words(
    qtbot, make_console, tmp_path, monkeypatch
) -> None:
    console = make_console(language="nl")
    login(qtbot, console)
    panel = console.window.figures
    console.window.nav_figures_button.click()
    qtbot.waitUntil(lambda: panel.figures is not None, timeout=5000)
    monkeypatch.setattr(
        figures_panel.ExportPathDialog, "ask", lambda *_: tmp_path / "missing" / "x.csv"
    )
    panel.export_button.click()
    qtbot.waitUntil(lambda: panel.message.isVisible(), timeout=5000)
    assert panel.message.text().startswith("Niet opgeslagen: ")
    assert panel.message.text().endswith("Kies een andere map.")
    assert panel.message.property("tone") == "error"


def test_seven_days_start_at_midnight_six_days_ago(qtbot, make_console, clock) -> None:
    console = make_console()
    login(qtbot, console)
    panel = console.window.figures
    console.window.nav_figures_button.click()
    panel.week_button.click()
    assert panel.week_button.isChecked() and not panel.today_button.isChecked()
    since, until = panel.window()
    assert until == clock()
    assert since == figures_panel.day_start(clock() - timedelta(days=6), "Europe/Amsterdam")
