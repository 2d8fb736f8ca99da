"""``selfscan-staff`` end to end: init, add with --pin-stdin, list --json, a login through
the API, reset-pin, disable, audit --verify; exit codes 0 done / 1 refused / 2 usage."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.staff import AuthFailed, AuthFailure, HashParameters, Roster
from kiosk.staff_cli import main

FAST = HashParameters(time_cost=1, memory_cost=64, parallelism=1)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def where(tmp_path: Path) -> list[str]:
    return ["--store", str(tmp_path / "store.db"), "--key", str(tmp_path / "secrets" / "staff.key")]


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    code = main(list(argv), parameters=FAST, stdin=io.StringIO(stdin))
    out, err = capsys.readouterr()
    return code, out, err


def test_end_to_end(capsys: pytest.CaptureFixture[str], where: list[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, *where, "init")
    assert code == 0 and "staff key created" in out
    key = tmp_path / "secrets" / "staff.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    code, out, _ = run(capsys, *where, "init")  # again: harmless, key kept
    assert code == 0 and "(kept)" in out

    code, out, _ = run(
        capsys, *where, "add", "1042", "Sam", "--role", "attendant", "--pin-stdin",
        "--badge", "STAFF-1042", stdin="4826\n",
    )  # fmt: skip
    assert code == 0 and "added 1042 (Sam, attendant)" in out
    assert "4826" not in out
    code, _, _ = run(capsys, *where, "add", "2001", "Noor", "--role", "supervisor", "--pin-stdin",
                     stdin="7391\n")  # fmt: skip
    assert code == 0

    code, out, _ = run(capsys, *where, "list", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [(m["login"], m["name"], m["role"], m["active"], m["badge"]) for m in listed] == [
        ("1042", "Sam", "attendant", True, True),
        ("2001", "Noor", "supervisor", True, False),
    ]
    assert "argon2" not in out and "4826" not in out

    roster = Roster(where[1], where[3], parameters=FAST)
    try:
        assert roster.authenticate_pin("1042", "4826", "kiosk-1").name == "Sam"
        assert roster.authenticate_badge("STAFF-1042", "kiosk-1").name == "Sam"

        code, out, _ = run(capsys, *where, "reset-pin", "1042", "--pin-stdin", stdin="5930\n")
        assert code == 0
        with pytest.raises(AuthFailed):
            roster.authenticate_pin("1042", "4826", "kiosk-1")
        assert roster.authenticate_pin("1042", "5930", "kiosk-1").login == "1042"

        assert run(capsys, *where, "set-role", "1042", "technician")[0] == 0
        assert run(capsys, *where, "disable", "1042")[0] == 0
        with pytest.raises(AuthFailed) as refused:
            roster.authenticate_pin("1042", "5930", "kiosk-1")
        assert refused.value.reason is AuthFailure.DISABLED
    finally:
        roster.close()

    code, out, _ = run(capsys, *where, "list")
    assert code == 0
    assert "disabled" in out.splitlines()[0] and "technician" in out.splitlines()[0]

    code, out, _ = run(capsys, *where, "audit", "--json")
    actions = [e["action"] for e in json.loads(out)]
    assert actions == [
        "store_initialised", "store_initialised", "staff_added", "staff_added",
        "staff_login", "staff_login", "pin_reset", "staff_login", "role_changed",
        "staff_disabled", "login_refused",
    ]  # fmt: skip
    assert all(
        "os user" in e["actor"]["name"] for e in json.loads(out) if e["actor"]["role"] == "system"
    )
    code, out, _ = run(capsys, *where, "audit", "--verify")
    assert code == 0 and "audit log intact: 11 entries" in out
    code, out, _ = run(capsys, *where, "audit", "--limit", "2", "--action", "staff_login")
    assert code == 0 and len(out.splitlines()) == 2


def test_refusals_exit_1(capsys: pytest.CaptureFixture[str], where: list[str]) -> None:
    code, _, err = run(capsys, *where, "list")
    assert code == 1 and "selfscan-staff init" in err
    assert run(capsys, *where, "init")[0] == 0
    add = [*where, "add", "1042", "Sam", "--role", "attendant", "--pin-stdin"]
    code, _, err = run(capsys, *add, stdin="1234\n")
    assert code == 1 and "consecutive" in err and "1234" not in err
    code, _, err = run(capsys, *add, stdin="")
    assert code == 1 and "no PIN" in err
    assert run(capsys, *add, stdin="4826\n")[0] == 0
    code, _, err = run(capsys, *add, stdin="4826\n")
    assert code == 1 and "taken" in err
    code, _, err = run(capsys, *where, "disable", "9999")
    assert code == 1 and "no staff member" in err


def test_audit_verify_fails_on_tampering(
    capsys: pytest.CaptureFixture[str], where: list[str]
) -> None:
    import sqlite3

    assert run(capsys, *where, "init")[0] == 0
    assert run(capsys, *where, "add", "1042", "Sam", "--role", "attendant", "--pin-stdin",
               stdin="4826\n")[0] == 0  # fmt: skip
    conn = sqlite3.connect(where[1], isolation_level=None)
    conn.execute("DROP TRIGGER audit_entry_no_update")
    conn.execute("UPDATE audit_entry SET actor_name = 'nobody' WHERE id = 1")
    conn.close()
    code, out, _ = run(capsys, *where, "audit", "--verify", "--json")
    assert code == 1
    assert json.loads(out)["broken_at"] == 1


def test_unsafe_key_file_is_refused(capsys: pytest.CaptureFixture[str], where: list[str]) -> None:
    assert run(capsys, *where, "init")[0] == 0
    os.chmod(where[3], 0o644)
    code, _, err = run(capsys, *where, "list")
    assert code == 1 and "chmod 600" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], where: list[str]) -> None:
    with pytest.raises(SystemExit) as no_store:
        run(capsys, "list")
    assert no_store.value.code == 2
    with pytest.raises(SystemExit) as bad_role:
        run(capsys, *where, "add", "1042", "Sam", "--role", "cashier")
    assert bad_role.value.code == 2
    with pytest.raises(SystemExit) as no_command:
        run(capsys, *where)
    assert no_command.value.code == 2


def test_paths_from_a_config_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "etc" / "kiosk.toml"
    config.parent.mkdir()
    config.write_text(
        'schema_version = 1\n[store]\nid = "s"\nname = "S"\n[kiosk]\nid = "k"\nname = "K"\n'
        '[paths]\nstore = "../var/store.db"\nstaff_key = "../var/secrets/staff.key"\n'
    )
    assert run(capsys, "--config", str(config), "init")[0] == 0
    assert (tmp_path / "var" / "store.db").is_file()
    assert (tmp_path / "var" / "secrets" / "staff.key").is_file()
    code, _, err = run(capsys, "--config", str(tmp_path / "missing.toml"), "list")
    assert code == 1 and "file not found" in err


def test_the_installed_command_runs_as_a_process(tmp_path: Path) -> None:
    """``python -m kiosk.staff_cli`` with the production hash parameters, PIN on stdin."""
    where = ["--store", str(tmp_path / "store.db"), "--key", str(tmp_path / "staff.key")]

    def cli(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kiosk.staff_cli", *where, *argv],
            input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
        )  # fmt: skip

    assert cli("init").returncode == 0
    added = cli("add", "1042", "Sam", "--role", "supervisor", "--pin-stdin", stdin="4826\n")
    assert added.returncode == 0, added.stderr
    verified = cli("audit", "--verify")
    assert verified.returncode == 0 and "2 entries" in verified.stdout
    with Roster(where[1], where[3]) as roster:  # production parameters
        assert roster.authenticate_pin("1042", "4826", "kiosk-1").name == "Sam"
