"""Staff logins across a restart: the lockout and the PIN hashes' parameters are in the
store database, not in a process, so a new process (a restarted kiosk or console) finds
the lock where it was and each hash with the cost it was made with.

tests/core/test_staff.py shows a lock surviving a new ``Roster`` in the same process and
a login re-hashing to raised parameters. Here each step after the first is a fresh Python
process (``tests/security/staff_child.py``) given the moment it runs at, and a process
started with *lower* parameters logs in without lowering the stored hash (it did lower it
before ``PinHasher.needs_rehash`` went upward only).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.staff import (
    AuthFailed,
    AuthFailure,
    HashParameters,
    PinHasher,
    Roster,
    StaffKey,
    SystemActor,
    create_key_file,
)

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
MIDDLE = HashParameters(time_cost=2, memory_cost=256, parallelism=1)
LOWER = HashParameters(time_cost=1, memory_cost=64, parallelism=1)
HIGHER = HashParameters(time_cost=3, memory_cost=512, parallelism=1)


def child(store: Path, key: Path, now: datetime, pin: str, p: HashParameters) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.security.staff_child", str(store), str(key),
         now.isoformat(), "1042", pin, str(p.time_cost), str(p.memory_cost)],
        capture_output=True, text=True, timeout=60, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def stored_hash(store: Path) -> str:
    with sqlite3.connect(store) as conn:
        return conn.execute("SELECT pin_hash FROM staff WHERE login = '1042'").fetchone()[0]


def test_lockout_and_hash_parameters_survive_new_processes(tmp_path: Path) -> None:
    store, key = tmp_path / "store.db", tmp_path / "secrets" / "staff.key"
    create_key_file(key)
    with Roster(store, key, clock=lambda: T0, parameters=MIDDLE) as roster:
        roster.add_staff(SystemActor("tests"), "1042", "Sam", "attendant", "4826")
        for _ in range(5):
            try:
                roster.authenticate_pin("1042", "0001", "kiosk-1")
            except AuthFailed as refused:
                last = refused
    until = T0 + timedelta(minutes=1)
    assert last.locked_until == until
    made = stored_hash(store)
    assert made.startswith("$argon2id$v=19$m=256,t=2,p=1$")

    # a new process half-way through the lock: still locked, even with the right PIN
    locked = child(store, key, T0 + timedelta(seconds=30), "4826", MIDDLE)
    assert locked == {"ok": False, "reason": "locked", "locked_until": until.isoformat()}
    # one second before its end, still locked; at its end the right PIN works
    assert child(store, key, until - timedelta(seconds=1), "4826", MIDDLE)["ok"] is False
    # ... in a process with lower parameters, which does not lower the stored hash
    assert child(store, key, until, "4826", LOWER) == {"ok": True, "login": "1042"}
    assert stored_hash(store) == made
    # a process with higher parameters raises it at the login
    assert child(store, key, until + timedelta(seconds=1), "4826", HIGHER)["ok"] is True
    raised = stored_hash(store)
    assert raised.startswith("$argon2id$v=19$m=512,t=3,p=1$") and raised != made
    # and the wrong PIN after all that is still wrong (the new hash is a real one)
    refused = child(store, key, until + timedelta(seconds=2), "4827", HIGHER)
    assert refused["reason"] == "wrong"
    with Roster(store, key, clock=lambda: until, parameters=LOWER) as roster:
        assert roster.audit.verify().ok
        logins = roster.audit.entries(action="staff_login")
        assert [e.detail.get("rehashed", False) for e in logins] == [False, True]


def test_rehash_goes_upward_only() -> None:
    key = StaffKey(b"k" * 32)
    made = PinHasher(key, MIDDLE).hash_pin("4826")
    assert not PinHasher(key, MIDDLE).needs_rehash(made)
    assert not PinHasher(key, LOWER).needs_rehash(made)
    assert PinHasher(key, HIGHER).needs_rehash(made)
    # higher time but lower memory: re-hashing would lower the memory cost, so no
    mixed = HashParameters(time_cost=4, memory_cost=128, parallelism=1)
    assert not PinHasher(key, mixed).needs_rehash(made)
    # another argon2 type (argon2i) is re-hashed as argon2id; a malformed hash always
    from argon2 import PasswordHasher, Type

    other_type = PasswordHasher(time_cost=1, memory_cost=64, type=Type.I).hash(b"x")
    assert PinHasher(key, LOWER).needs_rehash(other_type)
    assert PinHasher(key, LOWER).needs_rehash("not a hash")


def test_a_lock_in_the_store_is_the_same_for_every_reader(tmp_path: Path) -> None:
    """Two rosters open at once (a kiosk and the console) share one lock."""
    store, key = tmp_path / "store.db", tmp_path / "staff.key"
    create_key_file(key)
    with (
        Roster(store, key, clock=lambda: T0, parameters=LOWER) as lane,
        Roster(store, key, clock=lambda: T0, parameters=LOWER) as console,
    ):
        lane.add_staff(SystemActor("tests"), "1042", "Sam", "attendant", "4826")
        for roster in (lane, console, lane, console, lane):
            with contextlib.suppress(AuthFailed):
                roster.authenticate_pin("1042", "0001", "kiosk-1")
        assert console.locked_until(login="1042") == T0 + timedelta(minutes=1)
        with pytest.raises(AuthFailed) as refused:
            console.authenticate_pin("1042", "4826", "kiosk-2")
        assert refused.value.reason is AuthFailure.LOCKED
