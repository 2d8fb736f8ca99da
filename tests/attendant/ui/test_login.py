"""Logging in at the console: PIN and badge against the store's roster, refusals in words,
the lockout with its time, logging out by hand and after inactivity, all audited."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from tests.attendant.ui.conftest import BADGE, PINS, login


def _audit(staff_db, action: str) -> list:
    return [entry for entry in staff_db.roster.audit.entries() if entry.action == action]


def test_a_pin_login_opens_the_overview_and_is_audited_at_the_console(
    qtbot, make_console, staff_db
) -> None:
    console = make_console()
    window = console.window
    assert window.page is window.login_page
    assert not window.logout_button.isVisible()
    login(qtbot, console, "1001")
    assert window.page is window.overview
    assert window.staff_label.text() == "Sam · Attendant"
    assert console.link.actor is not None and console.link.actor.name == "Sam"
    logins = _audit(staff_db, "staff_login")
    assert [(e.actor_name, e.kiosk_id) for e in logins] == [("Sam", "console-1")]
    assert window.logout_button.isVisible()


def test_a_wrong_pin_is_refused_in_plain_words_and_the_page_stays(qtbot, make_console) -> None:
    console = make_console()
    page = console.window.login_page
    page.login_field.setText("1001")
    page.pin_field.setText("0000")
    page.pad.ok_button.click()
    qtbot.waitUntil(lambda: page.message_key == "wrong", timeout=5000)
    assert page.message.text() == "Login number or PIN not accepted. Check them and try again."
    assert page.message.property("tone") == "error"
    assert page.pin_field.text() == ""  # never left behind
    assert console.window.member is None and console.window.page is page


def test_an_unknown_login_reads_exactly_like_a_wrong_pin(qtbot, make_console) -> None:
    console = make_console()
    page = console.window.login_page
    page.login_field.setText("9999")
    page.pin_field.setText(PINS["1001"])
    page.submit_pin()
    qtbot.waitUntil(lambda: page.message_key == "wrong", timeout=5000)


def test_repeated_failures_lock_the_login_and_say_until_when(qtbot, make_console, staff_db) -> None:
    console = make_console()
    page = console.window.login_page
    for _ in range(5):
        page.login_field.setText("1001")
        page.pin_field.setText("1357")
        page.submit_pin()
        qtbot.waitUntil(lambda: not page.busy, timeout=5000)
    assert page.message_key == "locked"
    until = staff_db.roster.locked_until(login="1001")
    assert until is not None
    shown = until.astimezone(ZoneInfo("Europe/Amsterdam")).strftime("%H:%M")
    assert page.message.text() == (
        f"Too many failed attempts. Logging in here is blocked until {shown}. "
        "A supervisor can lift the block sooner."
    )
    # the right PIN does not get in while locked, and the words stay
    page.login_field.setText("1001")
    page.pin_field.setText(PINS["1001"])
    page.submit_pin()
    qtbot.waitUntil(lambda: not page.busy, timeout=5000)
    assert page.message_key == "locked" and console.window.member is None
    assert _audit(staff_db, "login_locked")


def test_the_lockout_message_is_dutch_in_dutch(qtbot, make_console) -> None:
    console = make_console(language="nl")
    page = console.window.login_page
    for _ in range(5):
        page.login_field.setText("1002")
        page.pin_field.setText("1357")
        page.submit_pin()
        qtbot.waitUntil(lambda: not page.busy, timeout=5000)
    assert page.message.text().startswith("Te vaak geprobeerd. Inloggen is hier geblokkeerd tot ")


def test_a_badge_logs_in(qtbot, make_console) -> None:
    console = make_console()
    page = console.window.login_page
    page.badge_mode_button.click()
    assert page.modes.currentIndex() == 1
    page.badge_field.setText(BADGE)
    page.badge_ok_button.click()
    qtbot.waitUntil(lambda: console.window.member is not None, timeout=5000)
    assert console.window.member.name == "Sam"


def test_an_unknown_badge_is_refused(qtbot, make_console) -> None:
    console = make_console()
    page = console.window.login_page
    page.set_mode("badge")
    page.badge_field.setText("NOT-A-BADGE-9")
    page.submit_badge()
    qtbot.waitUntil(lambda: page.message_key == "wrong", timeout=5000)
    assert page.badge_field.text() == ""


def test_log_out_returns_to_the_login_and_is_audited(qtbot, make_console, staff_db) -> None:
    console = make_console()
    login(qtbot, console, "1002")
    console.window.logout_button.click()
    assert console.window.page is console.window.login_page
    assert console.window.member is None and console.link.actor is None
    assert [e.detail.get("why") for e in _audit(staff_db, "staff_logout")] == ["logout"]


def test_nobody_touching_the_console_logs_out_after_the_configured_time(
    qtbot, make_console, monotonic, staff_db
) -> None:
    console = make_console(login={"auto_logout_min": 10})
    window = console.window
    login(qtbot, console)
    monotonic.now += 599
    window.check_idle()
    assert window.member is not None
    qtbot.mouseClick(window.nav_lanes_button, Qt.MouseButton.LeftButton)  # activity
    monotonic.now += 599
    window.check_idle()
    assert window.member is not None
    monotonic.now += 1
    window.check_idle()
    assert window.member is None and window.page is window.login_page
    assert window.login_page.message_key == "timed_out_info"
    assert [e.detail.get("why") for e in _audit(staff_db, "staff_logout")] == ["inactivity"]
