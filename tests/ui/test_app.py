"""selfscan-kiosk: refusing a broken configuration, and a whole lane built in-process on
simulated devices (the real screens, drivers and simulators; nothing faked)."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk.app import Kiosk, KioskStartError, build_kiosk, main, parse_screen
from kiosk.config import load_kiosk_config
from kiosk.core.session import SessionState
from kiosk.ui.router import SCREENS, check_screens, load_class

ROOT = Path(__file__).resolve().parents[2]
MILK = "8780588066811"  # in the sample catalog: 1,19
WAIT_MS = 20_000


def kiosk_file(tmp_path: Path, **replace: str) -> Path:
    """examples/kiosk-1.toml, its data and store in ``tmp_path``, the real catalog."""
    text = (ROOT / "examples" / "kiosk-1.toml").read_text(encoding="utf-8")
    values = {
        "data_dir": str(tmp_path / "data"),
        "catalog": str(ROOT / "catalog.db"),
        "store": str(tmp_path / "store.db"),
        "staff_key": str(tmp_path / "staff.key"),
        **replace,
    }
    for key, value in values.items():
        text, count = re.subn(rf'^{key} = ".*"$', f'{key} = "{value}"', text, flags=re.M)
        assert count == 1, key
    # a lane on its own here; tests/e2e/test_store_network.py runs kiosks on a real broker
    text = text.replace("[broker]\n", "[broker]\nenabled = false\n", 1)
    path = tmp_path / "kiosk-1.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_broken_config_exits_2_naming_the_key_before_any_window(tmp_path, capsys, qapp):
    path = kiosk_file(tmp_path)
    path.write_text(path.read_text().replace('id = "kiosk-1"', 'id = "Kiosk 1!"'))
    windows = set(QApplication.topLevelWidgets())
    assert main(["--config", str(path)]) == 2
    error = capsys.readouterr().err
    assert "kiosk.id" in error and "configuration refused" in error
    assert set(QApplication.topLevelWidgets()) == windows
    assert not (tmp_path / "data").exists()  # nothing started, not even the log


def test_a_missing_config_file_exits_2(tmp_path, capsys) -> None:
    assert main(["--config", str(tmp_path / "nope.toml")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_a_wrong_command_line_exits_2(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--config", str(kiosk_file(tmp_path)), "--screen", "big"])
    assert stop.value.code == 2
    assert "WIDTHxHEIGHT" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["--config", "x.toml", "--language", "de"])
    assert stop.value.code == 2


def test_parse_screen() -> None:
    assert parse_screen("1280x800") == (1280, 800)
    assert parse_screen("1920X1080") == (1920, 1080)
    for wrong in ("1280", "x800", "12x8", "1280x800x2", "-1x5"):
        with pytest.raises(ValueError, match="screen size"):
            parse_screen(wrong)


def test_build_kiosk_refuses_a_language_it_does_not_ship(tmp_path, qapp) -> None:
    config = load_kiosk_config(kiosk_file(tmp_path))
    with pytest.raises(KioskStartError, match="not 'de'"):
        build_kiosk(config, app=qapp, language="de")


def test_every_screen_of_the_router_exists() -> None:
    check_screens()  # raises ScreenMissing naming the module


@pytest.fixture
def kiosk(tmp_path, qapp) -> Iterator[Kiosk]:
    config = load_kiosk_config(kiosk_file(tmp_path))
    kiosk = build_kiosk(config, app=qapp, windowed=True, screen_size=(1280, 800), audible=False)
    yield kiosk
    kiosk.close()


def test_a_lane_on_simulators_shows_attract_and_sells_a_scanned_item(kiosk, qtbot) -> None:
    attract = load_class(SCREENS[SessionState.ATTRACT])
    qtbot.waitUntil(lambda: isinstance(kiosk.window.current_screen, attract), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: kiosk.window.current_screen.isVisible(), timeout=WAIT_MS)
    assert kiosk.lane.state is SessionState.ATTRACT
    assert not kiosk.staff_auth.available  # no store database: the lane sells anyway
    assert "no store database" in kiosk.staff_auth.problem

    # The scanner simulator sends real bytes down its pty; the real driver frames them.
    kiosk.simulator("scanner").call("scan", data=MILK)

    def sold() -> None:
        cart = kiosk.lane.cart
        assert cart is not None
        assert [line.product.gtin for line in cart.totals.lines] == [MILK.zfill(14)]

    qtbot.waitUntil(sold, timeout=WAIT_MS)
    shopping = load_class(SCREENS[SessionState.SHOPPING])
    qtbot.waitUntil(lambda: isinstance(kiosk.window.current_screen, shopping), timeout=WAIT_MS)
    assert kiosk.lane.cart.totals.total_cents == 119
    log = kiosk.config.paths.data_dir
    assert (log / "journal.db").exists()


def test_staff_auth_maps_the_lanes_actions_onto_the_roles(tmp_path) -> None:
    from kiosk.core.staff import Role, StaffMember
    from kiosk.ui.staff_auth import StaffLoginUnavailable, open_staff_auth

    auth = open_staff_auth(str(tmp_path / "store.db"), tmp_path / "staff.key", "kiosk-1")
    assert not auth.available and "no store database" in auth.problem
    assert not (tmp_path / "store.db").exists()  # the kiosk never creates the store
    with pytest.raises(StaffLoginUnavailable, match="staff login unavailable"):
        auth.login_pin("sam", "1234")

    def member(role: Role, active: bool = True) -> StaffMember:
        return StaffMember(id=1, login="sam", name="Sam", role=role, active=active)

    attendant, supervisor = member(Role.ATTENDANT), member(Role.SUPERVISOR)
    technician = member(Role.TECHNICIAN)
    assert auth.can(attendant, "approve_age") and auth.can(attendant, "answer_help")
    assert not auth.can(attendant, "resolve_payment")
    assert auth.can(supervisor, "resolve_payment")
    assert auth.can(technician, "diagnostics") and not auth.can(technician, "approve_age")
    assert all(auth.can(m, "login") for m in (attendant, supervisor, technician))
    assert not auth.can(member(Role.SUPERVISOR, active=False), "approve_age")
    assert not auth.can(attendant, "no_such_action")
    assert not auth.can(object(), "login")


def test_the_shell_wires_the_staff_login_and_diagnostics(kiosk, qtbot) -> None:
    window, lane = kiosk.window, kiosk.lane
    attract = load_class(SCREENS[SessionState.ATTRACT])
    qtbot.waitUntil(lambda: isinstance(window.current_screen, attract), timeout=WAIT_MS)
    assert window.router.screen(SessionState.DIAGNOSTICS).bridge is kiosk.devices
    staff = window.show_staff_login()
    assert staff.staff_auth is kiosk.staff_auth
    assert window.stack.currentWidget() is staff and lane.state is SessionState.ATTRACT

    # A badge scanned on the real scanner goes to the login (here: login unavailable,
    # no store database), not to the lane: no sale starts.
    error = staff.findChild(QLabel, "staff_login_error")
    assert error.isHidden()
    kiosk.simulator("scanner").call("scan", data="BADGE0042")
    qtbot.waitUntil(lambda: error.isVisible() and error.text() != "", timeout=WAIT_MS)
    assert lane.state is SessionState.ATTRACT and lane.cart is None

    # Back: the lane's screen again, and scans sell again.
    qtbot.mouseClick(staff.findChild(QWidget, "staff_login_back_button"), Qt.LeftButton)
    assert isinstance(window.current_screen, attract)
    kiosk.simulator("scanner").call("scan", data=MILK)
    qtbot.waitUntil(lambda: lane.cart is not None and lane.cart.totals.total_cents == 119,
                    timeout=WAIT_MS)  # fmt: skip


LEAVE_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kiosk.app import main
from kiosk.core.session import SessionState

app = QApplication([sys.argv[0]])

def leave():
    window = next(w for w in app.topLevelWidgets() if w.objectName() == "main_window")
    window.router.show(SessionState.DIAGNOSTICS).exit_requested.emit()

QTimer.singleShot(0, leave)  # runs once the kiosk's event loop runs
QTimer.singleShot(60_000, lambda: app.exit(3))  # the wiring is broken: fail, don't hang
sys.exit(main(["--config", sys.argv[1], "--windowed", "--screen", "1280x800"]))
"""


def test_leave_the_app_quits_the_application_cleanly(tmp_path) -> None:
    """In its own process: quitting ends the test process's Qt event loop for good."""
    path = kiosk_file(tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", LEAVE_SCRIPT, str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=100, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    log = (tmp_path / "data" / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "a technician left the app" in log
    assert log.rstrip().endswith("selfscan-kiosk stopped")


# -- staff at any lane screen: a badge scanned anywhere, Staff where staff are awaited -----

BEER = "8715864680771"  # 18+: an age check
SAM_BADGE = "STAFF-SAM"
GONE_BADGE = "STAFF-GONE"  # a disabled member's


@pytest.fixture
def staffed(tmp_path, qapp) -> Iterator[Kiosk]:
    """A lane on simulators whose store database has Sam (attendant, badge STAFF-SAM),
    Gone (disabled, badge STAFF-GONE) and Milky, whose "badge" is a product's GTIN
    (MILK): a valid retail code must reach the lane whatever the roster says."""
    from kiosk.core.staff import HashParameters, Roster, SystemActor, create_key_file

    config = load_kiosk_config(kiosk_file(tmp_path))
    key = create_key_file(config.paths.staff_key)
    fast = HashParameters(time_cost=1, memory_cost=64, parallelism=1)
    with Roster(str(config.paths.store), key, parameters=fast) as roster:
        actor = SystemActor("test")
        roster.add_staff(actor, "1042", "Sam", "attendant", "4826", badge=SAM_BADGE)
        roster.add_staff(actor, "1043", "Gone", "attendant", "4827", badge=GONE_BADGE)
        roster.disable(actor, "1043")
        roster.add_staff(actor, "1044", "Milky", "attendant", "4828", badge=MILK)
    kiosk = build_kiosk(
        config, app=qapp, windowed=True, screen_size=(1280, 800), language="en", audible=False
    )
    assert kiosk.staff_auth.available
    yield kiosk
    kiosk.close()


def _shopping_with(kiosk: Kiosk, qtbot, code: str) -> None:
    kiosk.simulator("scanner").call("scan", data=code)
    qtbot.waitUntil(
        lambda: kiosk.lane.cart is not None and kiosk.lane.cart.totals.item_count >= 1,
        timeout=WAIT_MS,
    )
    shopping = load_class(SCREENS[SessionState.SHOPPING])
    qtbot.waitUntil(lambda: isinstance(kiosk.window.current_screen, shopping), timeout=WAIT_MS)


def _tap(qtbot, screen: QWidget, name: str) -> None:
    """A click on the one visible, enabled ``name`` (the staff screen has two keypads)."""
    shown: list[QWidget] = []

    def ready() -> None:
        shown[:] = [w for w in screen.findChildren(QWidget, name) if w.isVisible()]
        assert len(shown) == 1 and shown[0].isEnabled(), name

    qtbot.waitUntil(ready, timeout=WAIT_MS)
    qtbot.mouseClick(shown[0], Qt.LeftButton)


def _audit(kiosk: Kiosk) -> list[tuple[str, str | None, dict]]:
    entries = kiosk.staff_auth.roster.audit.entries()
    return [(e.action, e.actor_name, e.detail) for e in entries]


def test_a_staff_badge_scanned_while_shopping_opens_staff_mode_to_approve_the_age(
    staffed, qtbot, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    kiosk, lane, window = staffed, staffed.lane, staffed.window
    _shopping_with(kiosk, qtbot, BEER)
    assert lane.snapshot()["cart"]["min_age"] == 18 and lane.snapshot()["approved_age"] < 18

    kiosk.simulator("scanner").call("scan", data=SAM_BADGE)  # the lane's own scanner
    qtbot.waitUntil(lambda: lane.state is SessionState.STAFF, timeout=WAIT_MS)
    staff = window.current_screen
    assert staff is window.router.screen(SessionState.STAFF)
    assert "Sam" in staff.findChild(QLabel, "staff_menu_title").text()
    approve = staff.findChild(QWidget, "staff_approve_age_button")
    qtbot.waitUntil(approve.isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(approve, Qt.LeftButton)
    assert lane.snapshot()["approved_age"] >= 18
    qtbot.mouseClick(staff.findChild(QWidget, "staff_logout_button"), Qt.LeftButton)
    assert lane.state is SessionState.SHOPPING
    assert lane.cart.totals.item_count == 1  # the badge was never sold nor refused

    # The login went through the roster (audited as a badge login); the badge itself is
    # in no journal, log or audit entry.
    logins = [e for e in _audit(kiosk) if e[0] == "staff_login"]
    assert logins == [("staff_login", "Sam", {"method": "badge"})]
    folder = Path(kiosk.config.paths.store).parent  # journal, logs, store database
    files = [path for path in folder.rglob("*") if path.is_file()]
    assert any(path.name == "journal.db" for path in files)
    for path in files:
        assert SAM_BADGE.encode() not in path.read_bytes(), path
    assert "a staff badge was scanned on the shopping screen" in caplog.text
    assert SAM_BADGE not in caplog.text


def test_a_code_that_is_no_badge_goes_on_to_the_lane_in_its_place(staffed, qtbot) -> None:
    kiosk, lane = staffed, staffed.lane
    _shopping_with(kiosk, qtbot, BEER)
    seen: list[str] = []
    lane.message.connect(lambda message: seen.append(message.key.value))
    lane.cart_changed.connect(lambda totals: seen.append(f"items {totals.item_count}"))
    # A code that is nobody's badge, then a product, in one burst: the lane says it does
    # not know the first (its usual handling) and sells the second after it, not before.
    assert kiosk.simulator("scanner").call("burst", codes=["NO-SUCH-BADGE", MILK]) == 2
    qtbot.waitUntil(lambda: lane.cart.totals.item_count == 2, timeout=WAIT_MS)
    assert "unknown_barcode" in seen
    assert seen.index("unknown_barcode") < seen.index("items 2")
    assert lane.state is SessionState.SHOPPING
    assert not window_shows_staff(kiosk)
    assert [e[0] for e in _audit(kiosk)].count("login_refused") == 0
    assert kiosk.staff_auth.roster.locked_until(kiosk_id=kiosk.config.kiosk.id) is None


def window_shows_staff(kiosk: Kiosk) -> bool:
    return kiosk.window.current_screen is kiosk.window.router.screen(SessionState.STAFF)


def test_a_valid_product_code_is_never_offered_as_a_badge(staffed, qtbot) -> None:
    kiosk, lane = staffed, staffed.lane
    _shopping_with(kiosk, qtbot, BEER)
    kiosk.simulator("scanner").call("scan", data=MILK)  # also Milky's "badge"
    qtbot.waitUntil(lambda: lane.cart.totals.item_count == 2, timeout=WAIT_MS)
    assert lane.state is SessionState.SHOPPING and not window_shows_staff(kiosk)
    assert [e[0] for e in _audit(kiosk)].count("staff_login") == 0


def test_a_disabled_members_badge_is_refused_with_the_logins_message(staffed, qtbot) -> None:
    kiosk, lane, window = staffed, staffed.lane, staffed.window
    _shopping_with(kiosk, qtbot, BEER)
    seen: list[str] = []
    lane.message.connect(lambda message: seen.append(message.key.value))
    kiosk.simulator("scanner").call("scan", data=GONE_BADGE)
    qtbot.waitUntil(lambda: window_shows_staff(kiosk), timeout=WAIT_MS)
    error = window.current_screen.findChild(QLabel, "staff_login_error")
    qtbot.waitUntil(lambda: error.isVisible(), timeout=WAIT_MS)
    assert error.text() == "This staff account is disabled. Ask a supervisor."
    assert lane.state is SessionState.SHOPPING and seen == []  # the lane never saw it
    assert ("login_refused", "Gone", {"method": "badge", "reason": "disabled"}) in _audit(kiosk)
    qtbot.mouseClick(window.current_screen.findChild(QWidget, "staff_login_back_button"),
                     Qt.LeftButton)  # fmt: skip
    assert not window_shows_staff(kiosk)


def test_staff_buttons_where_staff_are_awaited_open_the_login(staffed, qtbot) -> None:
    kiosk, lane, window = staffed, staffed.lane, staffed.window
    _shopping_with(kiosk, qtbot, BEER)
    # The help layer's status page of the age check: Staff opens the login, the layer
    # steps aside (its call stays open).
    window.show_help()
    panel = window.help_panel
    staff_button = panel.findChild(QWidget, "help_staff_button")
    qtbot.waitUntil(staff_button.isVisible, timeout=WAIT_MS)
    qtbot.mouseClick(staff_button, Qt.LeftButton)
    assert window_shows_staff(kiosk) and not window.help_visible
    assert lane.state is SessionState.SHOPPING and len(lane.open_help_calls) == 1
    back = window.current_screen.findChild(QWidget, "staff_login_back_button")
    qtbot.mouseClick(back, Qt.LeftButton)
    assert not window_shows_staff(kiosk)

    # Paying waits for staff: Staff on that screen, then a PIN.
    qtbot.mouseClick(window.current_screen.findChild(QWidget, "shopping_pay_button"),
                     Qt.LeftButton)  # fmt: skip
    qtbot.waitUntil(lambda: lane.state is SessionState.AWAITING_ATTENDANT, timeout=WAIT_MS)
    awaiting = window.current_screen
    qtbot.waitUntil(awaiting.isVisible, timeout=WAIT_MS)
    qtbot.mouseClick(awaiting.findChild(QWidget, "awaiting_attendant_staff_button"),
                     Qt.LeftButton)  # fmt: skip
    staff = window.current_screen
    assert window_shows_staff(kiosk) and lane.state is SessionState.AWAITING_ATTENDANT
    for part in ("1042", "4826"):
        for digit in part:
            _tap(qtbot, staff, f"keypad_key_{digit}")
        _tap(qtbot, staff, "keypad_ok_button")
    qtbot.waitUntil(lambda: lane.state is SessionState.STAFF, timeout=WAIT_MS)


def test_the_scan_gate_keeps_the_order_behind_a_code_offered_as_a_badge(qtbot) -> None:
    """A product code passes at once on the scanner's thread; once a code waits for the
    badge look-up on the GUI thread, later scans queue behind it and keep their order."""
    from kiosk.ui.main_window import ScanGate
    from kiosk.ui.staff_auth import may_be_badge
    from tests.core.test_lane_fakes import FakeScanner

    scanner = FakeScanner()  # calls the gate on a thread of its own, one scan at a time
    gate = ScanGate(scanner)
    lane_saw: list[str] = []
    gate.add_listener(lambda event: lane_saw.append(event.payload.data))
    asked: list[str] = []
    gate.set_badge_reader(
        lambda code: asked.append(code) or False, lambda scan: may_be_badge(scan.data)
    )
    scanner.scan(MILK)
    assert lane_saw == [MILK] and asked == []  # at once, never offered
    scanner.scan("NO-SUCH-BADGE")
    scanner.scan("8711158843402")  # a product, read after it: waits behind it
    assert lane_saw == [MILK]
    qtbot.waitUntil(lambda: len(lane_saw) == 3, timeout=5000)
    assert lane_saw == [MILK, "NO-SUCH-BADGE", "8711158843402"]
    assert asked == ["NO-SUCH-BADGE"]  # the product was never offered
    scanner.scan(MILK)
    assert lane_saw[-1] == MILK  # nothing waits any more: at once again
    gate.close()
    gate.deleteLater()


def test_a_badge_look_up_counts_nothing_and_is_capped_per_minute(tmp_path) -> None:
    from kiosk.core.staff import HashParameters, Roster, SystemActor, create_key_file
    from kiosk.ui.staff_auth import StaffAuth

    key = create_key_file(tmp_path / "staff.key")
    fast = HashParameters(time_cost=1, memory_cost=64, parallelism=1)
    with Roster(str(tmp_path / "store.db"), key, parameters=fast) as roster:
        roster.add_staff(SystemActor("test"), "1042", "Sam", "attendant", "4826", badge=SAM_BADGE)
        now = [100.0]
        auth = StaffAuth(roster, "kiosk-1", monotonic=lambda: now[0])
        for _ in range(auth.probe_limit - 1):  # a shopper's misreads, many of them
            assert auth.badge_holder("NO-SUCH-BADGE") is None
        assert roster.locked_until(kiosk_id="kiosk-1") is None  # nothing counted
        assert roster.audit.entries(action="login_locked") == []
        assert auth.badge_holder(SAM_BADGE).name == "Sam"  # the last one this minute
        assert auth.badge_holder(SAM_BADGE) is None  # capped: goes to the lane unchecked
        now[0] += auth.probe_window_s
        assert auth.badge_holder(SAM_BADGE).name == "Sam"
        assert roster.audit.entries(action="staff_login") == []  # a look-up logs nobody in
