"""Staff roster: keyed argon2id PINs, PIN rules, key file safety, logins with throttling and
lockout persisted in the store database, badges, disabled staff, permissions."""

from __future__ import annotations

import os
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core.staff import (
    PERMISSIONS,
    Action,
    AuthFailed,
    AuthFailure,
    HashParameters,
    KeyFileError,
    NotPermitted,
    PinHasher,
    PinRefused,
    Role,
    Roster,
    StaffError,
    StaffKey,
    SystemActor,
    WrongKey,
    can,
    check_pin,
    create_key_file,
    load_key_file,
    require,
)

# Cheap argon2 for tests only; production keeps PRODUCTION_PARAMETERS (t=3, 64 MiB, p=1).
FAST = HashParameters(time_cost=1, memory_cost=64, parallelism=1)
OTHER = HashParameters(time_cost=2, memory_cost=128, parallelism=1)
TOOL = SystemActor("tests")
LANE = "kiosk-1"


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    path = tmp_path / "secrets" / "staff.key"
    create_key_file(path)
    return path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def roster(store: Path, key_path: Path, clock: FakeClock):
    with Roster(store, key_path, clock=clock, parameters=FAST) as roster:
        roster.add_staff(TOOL, "1042", "Sam", "attendant", "4826", badge="STAFF-1042")
        roster.add_staff(TOOL, "2001", "Noor", "supervisor", "7391")
        yield roster


def reason_of(call, *args: str) -> AuthFailed:
    with pytest.raises(AuthFailed) as info:
        call(*args)
    return info.value


# -- key file ---------------------------------------------------------------------------


def test_key_file_is_created_private_and_never_replaced(tmp_path: Path) -> None:
    path = tmp_path / "secrets" / "staff.key"
    create_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert len(path.read_bytes()) == 32
    before = path.read_bytes()
    with pytest.raises(KeyFileError, match="already exists"):
        create_key_file(path)
    assert path.read_bytes() == before
    assert "secret" in repr(load_key_file(path))


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o620])
def test_key_file_open_to_others_is_refused(key_path: Path, mode: int) -> None:
    os.chmod(key_path, mode)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_key_file(key_path)


def test_missing_or_malformed_key_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="selfscan-staff init"):
        load_key_file(tmp_path / "nothing")
    short = tmp_path / "short.key"
    short.write_bytes(b"x" * 31)
    short.chmod(0o600)
    with pytest.raises(KeyFileError, match="32 bytes"):
        load_key_file(short)


# -- PIN rules and hashing ----------------------------------------------------------------


@pytest.mark.parametrize(
    "pin",
    ["0000", "1111", "99999999", "1234", "4321", "0123", "12345678", "98765", "1212", "2580"],
)
def test_trivial_pins_are_refused(pin: str) -> None:
    with pytest.raises(PinRefused):
        check_pin(pin)


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "४८२६", " 4826"])
def test_malformed_pins_are_refused(pin: str) -> None:
    with pytest.raises(PinRefused):
        check_pin(pin)


def test_pin_equal_to_login_is_refused() -> None:
    check_pin("4826", login="1042")
    with pytest.raises(PinRefused, match="login"):
        check_pin("4826", login="4826")


def test_a_pin_error_never_repeats_the_pin() -> None:
    with pytest.raises(PinRefused) as info:
        check_pin("1212")
    assert "1212" not in str(info.value)


def test_hash_is_argon2id_with_its_parameters_and_the_key_matters() -> None:
    key, other_key = StaffKey(b"k" * 32), StaffKey(b"o" * 32)
    hasher = PinHasher(key, FAST)
    encoded = hasher.hash_pin("4826")
    assert encoded.startswith("$argon2id$v=19$m=64,t=1,p=1$")
    assert "4826" not in encoded
    assert hasher.verify_pin(encoded, "4826")
    assert not hasher.verify_pin(encoded, "4827")
    # the same PIN hashed with another key does not verify, and vice versa
    assert not PinHasher(other_key, FAST).verify_pin(encoded, "4826")
    assert not hasher.verify_pin(PinHasher(other_key, FAST).hash_pin("4826"), "4826")
    # a fresh salt each time
    assert hasher.hash_pin("4826") != encoded
    assert not hasher.verify_pin("not a hash", "4826")


def test_outdated_parameters_need_a_rehash() -> None:
    key = StaffKey(b"k" * 32)
    old = PinHasher(key, FAST).hash_pin("4826")
    assert not PinHasher(key, FAST).needs_rehash(old)
    assert PinHasher(key, OTHER).needs_rehash(old)
    assert PinHasher(key, OTHER).verify_pin(old, "4826")  # old hashes still verify


def test_production_parameters_are_not_lowered() -> None:
    from kiosk.core.staff import PRODUCTION_PARAMETERS

    assert PRODUCTION_PARAMETERS.time_cost >= 3
    assert PRODUCTION_PARAMETERS.memory_cost >= 64 * 1024
    assert PRODUCTION_PARAMETERS.parallelism == 1


# -- logging in ----------------------------------------------------------------------------


def test_pin_login(roster: Roster) -> None:
    member = roster.authenticate_pin(" 1042 ", "4826", LANE)
    assert (member.login, member.name, member.role) == ("1042", "Sam", Role.ATTENDANT)
    login = roster.audit.entries(action="staff_login")[-1]
    assert (login.actor_staff_id, login.kiosk_id, login.detail) == (
        member.id,
        LANE,
        {"method": "pin"},
    )


def test_wrong_and_unknown_look_the_same_to_the_person_at_the_lane(roster: Roster) -> None:
    wrong = reason_of(roster.authenticate_pin, "1042", "4827", LANE)
    unknown = reason_of(roster.authenticate_pin, "9999", "4826", LANE)
    assert (wrong.reason, unknown.reason) == (AuthFailure.WRONG, AuthFailure.UNKNOWN)
    assert str(wrong) == str(unknown)
    assert wrong.locked_until is None


def test_nothing_secret_is_stored_in_clear(roster: Roster, store: Path) -> None:
    reason_of(roster.authenticate_pin, "31415", "2718", LANE)  # a login nobody has
    data = store.read_bytes() + (store.parent / "store.db-wal").read_bytes()

    # Hashes, salts and keys are long runs of hex or base64 (argon2: "$argon2id$v=19$...")
    # made anew each run; a 4-digit PIN turns up inside one by chance about once in a
    # hundred runs. A secret stored in clear stands outside such a run: look there.
    def outside(blob: bytes) -> bytes:
        return re.sub(rb"[A-Za-z0-9+/=_$.,\-]{20,}", b" ", blob)

    outside_hashes = outside(data)
    assert len(outside_hashes) < len(data)  # the hashes were there, and were taken out
    assert b"7391" in outside(data + b"\x03\x017391\x02")  # a PIN in clear is still found
    for secret in (b"4826", b"7391", b"STAFF-1042", b"31415"):
        assert secret not in outside_hashes


def test_lockout_after_five_failures_then_growing(roster: Roster, clock: FakeClock) -> None:
    for _ in range(4):
        assert reason_of(roster.authenticate_pin, "1042", "0001", LANE).locked_until is None
    fifth = reason_of(roster.authenticate_pin, "1042", "0001", LANE)
    assert fifth.reason is AuthFailure.WRONG
    assert fifth.locked_until == clock.now + timedelta(minutes=1)
    # while locked even the right PIN is refused, on any lane
    locked = reason_of(roster.authenticate_pin, "1042", "4826", "kiosk-2")
    assert locked.reason is AuthFailure.LOCKED
    assert locked.locked_until == fifth.locked_until
    # other staff on the same lane are not affected
    assert roster.authenticate_pin("2001", "7391", LANE).name == "Noor"
    # the next lock lasts 5 minutes, then 15 (on other lanes: the login's lock is store-wide)
    for minutes, lane in ((5, "kiosk-2"), (15, "kiosk-3")):
        clock.advance(minutes=1 if minutes == 5 else 5)
        for _ in range(4):
            reason_of(roster.authenticate_pin, "1042", "0001", lane)
        last = reason_of(roster.authenticate_pin, "1042", "0001", lane)
        assert last.locked_until == clock.now + timedelta(minutes=minutes)
    locks = roster.audit.entries(action="login_locked")
    assert [e.detail["scope"] for e in locks] == ["login"] * 3
    assert all(e.detail["staff_id"] == 1 and e.actor_staff_id is None for e in locks)


def test_lock_expires_and_success_resets_the_count(roster: Roster, clock: FakeClock) -> None:
    for _ in range(5):
        reason_of(roster.authenticate_pin, "1042", "0001", LANE)
    clock.advance(seconds=59)
    assert reason_of(roster.authenticate_pin, "1042", "4826", LANE).reason is AuthFailure.LOCKED
    clock.advance(seconds=1)
    roster.authenticate_pin("1042", "4826", LANE)
    # the count started over: four failures lock nothing
    for _ in range(4):
        reason_of(roster.authenticate_pin, "1042", "0001", LANE)
    assert roster.authenticate_pin("1042", "4826", LANE).id == 1
    assert roster.locked_until(login="1042") is None


def test_failures_outside_the_window_do_not_add_up(roster: Roster, clock: FakeClock) -> None:
    for _ in range(4):
        reason_of(roster.authenticate_pin, "1042", "0001", LANE)
    clock.advance(minutes=15)
    for _ in range(4):
        assert reason_of(roster.authenticate_pin, "1042", "0001", LANE).locked_until is None


def test_lockout_survives_a_restart(store: Path, key_path: Path, clock: FakeClock) -> None:
    with Roster(store, key_path, clock=clock, parameters=FAST) as first:
        first.add_staff(TOOL, "1042", "Sam", "attendant", "4826")
        for _ in range(5):
            reason_of(first.authenticate_pin, "1042", "0001", LANE)
    clock.advance(seconds=30)
    with Roster(store, key_path, clock=clock, parameters=FAST) as second:
        refused = reason_of(second.authenticate_pin, "1042", "4826", LANE)
        assert refused.reason is AuthFailure.LOCKED
        clock.advance(seconds=30)
        assert second.authenticate_pin("1042", "4826", LANE).login == "1042"


def test_unknown_logins_are_throttled_like_real_ones(roster: Roster, clock: FakeClock) -> None:
    outcomes = [reason_of(roster.authenticate_pin, "5555", "4826", LANE) for _ in range(5)]
    assert [o.reason for o in outcomes] == [AuthFailure.UNKNOWN] * 5
    assert outcomes[-1].locked_until == clock.now + timedelta(minutes=1)
    assert reason_of(roster.authenticate_pin, "5555", "4826", LANE).reason is AuthFailure.LOCKED


def test_spraying_one_pin_over_many_logins_locks_the_lane(roster: Roster, clock: FakeClock) -> None:
    logins = [f"{n:04d}" for n in range(3000, 3009)] + ["1042"]
    outcomes = [reason_of(roster.authenticate_pin, login, "5820", LANE) for login in logins]
    assert outcomes[-1].locked_until == clock.now + timedelta(minutes=1)
    # the lane is locked for everyone (even the right PIN, even a badge); other lanes are not
    assert reason_of(roster.authenticate_pin, "2001", "7391", LANE).reason is AuthFailure.LOCKED
    assert reason_of(roster.authenticate_badge, "STAFF-1042", LANE).reason is AuthFailure.LOCKED
    assert roster.authenticate_pin("2001", "7391", "kiosk-2").name == "Noor"
    lane_lock = roster.audit.entries(action="login_locked")[-1]
    assert lane_lock.detail["scope"] == "lane"
    assert lane_lock.kiosk_id == LANE


def test_badge_login(roster: Roster) -> None:
    assert roster.authenticate_badge("STAFF-1042\r\n", LANE).name == "Sam"
    assert roster.audit.entries(action="staff_login")[-1].detail == {"method": "badge"}
    for code in ("STAFF-1043", "x", "\x00\x01\x02\x03"):
        assert reason_of(roster.authenticate_badge, code, LANE).reason is AuthFailure.UNKNOWN


def test_badge_works_while_the_login_is_locked(roster: Roster) -> None:
    for _ in range(5):
        reason_of(roster.authenticate_pin, "1042", "0001", LANE)
    assert roster.authenticate_badge("STAFF-1042", "kiosk-2").login == "1042"


def test_disabled_staff_are_refused_but_only_after_the_right_pin(roster: Roster) -> None:
    roster.disable(TOOL, "1042")
    assert reason_of(roster.authenticate_pin, "1042", "4827", LANE).reason is AuthFailure.WRONG
    refused = reason_of(roster.authenticate_pin, "1042", "4826", LANE)
    assert refused.reason is AuthFailure.DISABLED
    assert reason_of(roster.authenticate_badge, "STAFF-1042", LANE).reason is AuthFailure.DISABLED
    assert roster.audit.entries(action="login_refused")[-1].detail["reason"] == "disabled"
    roster.enable(TOOL, "1042")
    assert roster.authenticate_pin("1042", "4826", LANE).active


def test_login_rehashes_with_raised_parameters(store: Path, key_path: Path) -> None:
    with Roster(store, key_path, parameters=FAST) as old:
        old.add_staff(TOOL, "1042", "Sam", "attendant", "4826")
    with Roster(store, key_path, parameters=OTHER) as new:
        hash_of = "SELECT pin_hash FROM staff WHERE login = '1042'"
        with new.engine.connect() as conn:
            assert conn.exec_driver_sql(hash_of).scalar_one().startswith("$argon2id$v=19$m=64,")
        new.authenticate_pin("1042", "4826", LANE)
        with new.engine.connect() as conn:
            assert conn.exec_driver_sql(hash_of).scalar_one().startswith("$argon2id$v=19$m=128,t=2")
        assert new.audit.entries(action="staff_login")[-1].detail["rehashed"] is True
        assert new.authenticate_pin("1042", "4826", LANE).login == "1042"
        assert "rehashed" not in new.audit.entries(action="staff_login")[-1].detail


def test_another_key_file_is_refused_plainly(store: Path, key_path: Path, tmp_path: Path) -> None:
    Roster(store, key_path, parameters=FAST).close()
    other = tmp_path / "other.key"
    create_key_file(other)
    with pytest.raises(WrongKey, match="does not belong"):
        Roster(store, other, parameters=FAST)


# -- managing the roster -------------------------------------------------------------------


def test_roster_changes_are_checked_and_audited(roster: Roster) -> None:
    with pytest.raises(StaffError, match="taken"):
        roster.add_staff(TOOL, "1042", "Sam 2", "attendant", "5826")
    with pytest.raises(StaffError, match="badge"):
        roster.add_staff(TOOL, "1043", "Kim", "attendant", "5826", badge="STAFF-1042")
    with pytest.raises(StaffError, match="role"):
        roster.add_staff(TOOL, "1043", "Kim", "cashier", "5826")
    with pytest.raises(StaffError, match="login"):
        roster.add_staff(TOOL, "no spaces", "Kim", "attendant", "5826")
    with pytest.raises(PinRefused):
        roster.add_staff(TOOL, "1043", "Kim", "attendant", "1234")
    with pytest.raises(StaffError, match="no staff member"):
        roster.set_role(TOOL, "7777", "supervisor")
    assert roster.get("1043") is None

    roster.set_role(TOOL, "1042", "technician")
    change = roster.audit.entries(action="role_changed")[-1]
    assert (change.before["role"], change.after["role"]) == ("attendant", "technician")
    assert change.actor_name == "tests" and change.actor_role == "system"

    roster.reset_pin(TOOL, "1042", "5930")
    reset = roster.audit.entries(action="pin_reset")[-1]
    assert reset.detail["pin"] == "changed"
    assert "5930" not in repr(reset.detail) and "argon2" not in repr(reset.detail)
    assert reason_of(roster.authenticate_pin, "1042", "4826", LANE).reason is AuthFailure.WRONG
    assert roster.authenticate_pin("1042", "5930", LANE).role is Role.TECHNICIAN

    roster.set_badge(TOOL, "1042", None)
    assert not roster.get("1042").has_badge
    assert reason_of(roster.authenticate_badge, "STAFF-1042", LANE).reason is AuthFailure.UNKNOWN
    assert roster.audit.verify().ok


def test_reset_pin_lifts_the_lock(roster: Roster) -> None:
    for _ in range(5):
        reason_of(roster.authenticate_pin, "1042", "0001", LANE)
    roster.reset_pin(TOOL, "1042", "5930")
    assert roster.authenticate_pin("1042", "5930", LANE).login == "1042"


def test_only_a_supervisor_manages_staff(roster: Roster) -> None:
    sam = roster.authenticate_pin("1042", "4826", LANE)
    noor = roster.authenticate_pin("2001", "7391", LANE)
    with pytest.raises(NotPermitted):
        roster.disable(sam, "2001")
    roster.add_staff(noor, "1043", "Kim", "attendant", "5826")
    assert roster.audit.entries(action="staff_added")[-1].actor_staff_id == noor.id


# -- permissions -----------------------------------------------------------------------------


def test_permissions_table() -> None:
    attendant, supervisor, technician = (
        roster_member(Role.ATTENDANT),
        roster_member(Role.SUPERVISOR),
        roster_member(Role.TECHNICIAN),
    )
    assert can(attendant, Action.APPROVE_AGE) and can(supervisor, "approve_void")
    assert not can(attendant, Action.REVERSE_PAYMENT) and can(supervisor, Action.REVERSE_PAYMENT)
    assert not can(attendant, Action.MANAGE_STAFF) and can(supervisor, Action.MANAGE_STAFF)
    assert can(technician, Action.OPEN_DIAGNOSTICS) and can(technician, Action.EXIT_APP)
    assert not can(supervisor, Action.OPEN_DIAGNOSTICS) and not can(attendant, Action.EXIT_APP)
    assert not can(technician, Action.APPROVE_AGE)
    assert all(can(m, Action.LOCK_LANE) for m in (attendant, supervisor, technician))
    assert not can(supervisor, "launch_rockets")
    # every action belongs to some role
    assert set().union(*PERMISSIONS.values()) == set(Action)
    with pytest.raises(NotPermitted, match="attendant may not reverse payment"):
        require(attendant, Action.REVERSE_PAYMENT)


def roster_member(role: Role):
    from kiosk.core.staff import StaffMember

    return StaffMember(id=1, login="x", name="X", role=role)


def test_lock_steps_stop_growing_and_are_forgotten_after_a_quiet_day(
    store: Path, key_path: Path, clock: FakeClock
) -> None:
    with Roster(store, key_path, clock=clock, parameters=FAST) as roster:
        durations = []
        for _ in range(6):
            for lane in range(5):  # a different lane each time: only the login's lock counts
                failure = reason_of(roster.authenticate_pin, "4444", "5820", f"lane-{lane}")
            durations.append(failure.locked_until - clock.now)
            clock.advance(hours=1)
        minutes = [d / timedelta(minutes=1) for d in durations]
        assert minutes == [1, 5, 15, 60, 60, 60]
        clock.advance(hours=24)
        for n in range(5):
            failure = reason_of(roster.authenticate_pin, "4444", "5820", f"lane-{n}")
        assert failure.locked_until - clock.now == timedelta(minutes=1)
