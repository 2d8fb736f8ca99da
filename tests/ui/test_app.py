"""selfscan-kiosk: refusing a broken configuration, and a whole lane built in-process on
simulated devices (the real screens, drivers and simulators; nothing faked)."""

from __future__ import annotations

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
    error = staff.findChild(QLabel, "staffLoginError")
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
