"""The staff roster: who works here, how they log in, and the throttle on guessing.

``Roster(store, key)`` opens the store database (a SQLite path, a ``postgresql://`` URL or
an ``Engine``) with the staff key (a ``StaffKey`` or the key file's path), with an
injected clock, argon2 parameters and throttle policy.

Logging in, at a lane (``kiosk_id``):

- ``authenticate_pin(login, pin, kiosk_id)`` and ``authenticate_badge(code, kiosk_id)``
  return a ``StaffMember`` (id, login, name, role) or raise ``AuthFailed`` whose
  ``reason`` is ``unknown``, ``wrong``, ``locked`` (with ``locked_until``) or
  ``disabled``. The *message* of ``unknown`` and ``wrong`` is the same ("login or PIN
  not accepted"): show that, never the reason, to the person at the lane.
- An unknown login costs the same argon2 work as a wrong PIN, and is throttled exactly
  like a real one, so neither time nor a lock tells whether a login exists.
  ``disabled`` is only said after the right PIN.
- Throttle (``ThrottlePolicy``): failures are counted per typed login (all lanes) and per
  lane (every failed PIN or badge there, so one PIN cannot be tried on many logins).
  ``max_failures`` (5) failures of a login, or ``lane_max_failures`` (10) at a lane,
  within ``window`` (15 min) lock it for the next step of ``lock_steps`` (1, 5, 15, then
  60 minutes each time); the steps start over after ``forget_after`` (24 h) without a
  failure. While locked nothing is checked. A success clears the login's record and the
  lane's count. It is all in the store database, so a restart changes nothing.
- A badge is something the staff member carries: a lock on their *login* (PIN guesses)
  does not stop their badge; a lane lock stops both.
- A successful login is audited (``staff_login``), and so is every lock
  (``login_locked``: scope, until; the staff id when the login exists; never what was
  typed).

Managing the roster (``add_staff``, ``reset_pin``, ``set_role``, ``set_badge``,
``disable``, ``enable``, ``unlock``) takes the acting ``StaffMember`` (who must have
``manage_staff``) or a ``SystemActor`` (``selfscan-staff``, run by someone with access to
the key file); each change and its audit entry are committed together.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.core.database import upgrade, write_transaction
from kiosk.core.staff.audit import AuditLog
from kiosk.core.staff.hashing import (
    PRODUCTION_PARAMETERS,
    BadgeRefused,
    HashParameters,
    PinHasher,
    check_badge,
    check_pin,
)
from kiosk.core.staff.keys import StaffKey, load_key_file
from kiosk.core.staff.members import Actor, StaffMember, SystemActor
from kiosk.core.staff.models import LoginThrottleRow, StaffRow
from kiosk.core.staff.permissions import Action, Role, require
from kiosk.core.staff.store import (
    Clock,
    bind_key,
    open_store,
    parse_timestamp,
    timestamp,
    utc_now,
)

__all__ = [
    "AuthFailed",
    "AuthFailure",
    "Roster",
    "StaffError",
    "ThrottlePolicy",
    "normalise_login",
]

STAFF = StaffRow.__table__  # type: ignore[attr-defined]
THROTTLE = LoginThrottleRow.__table__  # type: ignore[attr-defined]
LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")
NAME_MAX_LENGTH = 40


class AuthFailure(enum.StrEnum):
    UNKNOWN = "unknown"  # no such login / badge
    WRONG = "wrong"  # wrong PIN
    LOCKED = "locked"  # too many failures: try again after ``locked_until``
    DISABLED = "disabled"  # right PIN (or badge) of a disabled staff member


_MESSAGES = {
    AuthFailure.UNKNOWN: "login or PIN not accepted",
    AuthFailure.WRONG: "login or PIN not accepted",
    AuthFailure.LOCKED: "too many failed attempts; try again later",
    AuthFailure.DISABLED: "this staff account is disabled",
}


class AuthFailed(Exception):
    """A refused login. ``str()`` is safe to show; ``reason`` is for the kiosk and logs.

    ``locked_until`` is set when the login or lane is locked, including when this very
    failure started the lock.
    """

    def __init__(self, reason: AuthFailure, *, locked_until: datetime | None = None):
        self.reason = reason
        self.locked_until = locked_until
        super().__init__(_MESSAGES[reason])


class StaffError(Exception):
    """A roster change that is refused (taken login, unknown login, bad name...)."""


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    max_failures: int = 5
    lane_max_failures: int = 10
    window: timedelta = timedelta(minutes=15)
    lock_steps: tuple[timedelta, ...] = (
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(minutes=60),
    )
    forget_after: timedelta = timedelta(hours=24)

    def __post_init__(self) -> None:
        if self.max_failures < 1 or self.lane_max_failures < 1 or not self.lock_steps:
            raise ValueError("a throttle needs limits of at least 1 and at least one lock step")

    def limit(self, scope: str) -> int:
        return self.max_failures if scope == "login" else self.lane_max_failures

    def lock_for(self, level: int) -> timedelta:
        return self.lock_steps[min(level, len(self.lock_steps) - 1)]


def normalise_login(login: str) -> str:
    """Logins are compared without surrounding spaces and case."""
    return login.strip().lower()


def _check_kiosk(kiosk_id: str) -> None:
    if not 0 < len(kiosk_id) <= 32:
        raise ValueError("kiosk_id: 1 to 32 characters")


def _member(row: Any) -> StaffMember:
    return StaffMember(
        id=row.id,
        login=row.login,
        name=row.name,
        role=Role(row.role),
        active=bool(row.active),
        has_badge=row.badge_hash is not None,
    )


def _public(member: StaffMember) -> dict[str, Any]:
    """What the audit log may say about a staff member (no hashes)."""
    return {
        "login": member.login,
        "name": member.name,
        "role": member.role.value,
        "active": member.active,
        "badge": member.has_badge,
    }


class Roster:
    """The store's staff directory. Thread-safe: every call is its own transaction."""

    def __init__(
        self,
        store: Engine | str | Path,
        key: StaffKey | str | Path,
        *,
        clock: Clock = utc_now,
        parameters: HashParameters = PRODUCTION_PARAMETERS,
        policy: ThrottlePolicy | None = None,
    ):
        self._owns_engine = not isinstance(store, Engine)
        if isinstance(store, Engine):
            self._engine = store
            upgrade(self._engine, "store")
        else:
            self._engine = open_store(store)
        try:
            self._key = key if isinstance(key, StaffKey) else load_key_file(key)
            bind_key(self._engine, self._key)
        except BaseException:
            self.close()
            raise
        self._clock = clock
        self._hasher = PinHasher(self._key, parameters)
        self.policy = policy or ThrottlePolicy()
        self.audit = AuditLog(self._engine, self._key, clock=clock)

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        if self._owns_engine:
            self._engine.dispose()

    def __enter__(self) -> Roster:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- logging in ------------------------------------------------------------------

    def authenticate_pin(self, login: str, pin: str, kiosk_id: str) -> StaffMember:
        """The staff member whose login and PIN these are, or raise ``AuthFailed``."""
        _check_kiosk(kiosk_id)
        now = self._clock()
        typed = normalise_login(login)
        subjects = [("lane", kiosk_id), ("login", self._key.mac_hex("login", typed))]
        with self._engine.connect() as conn:
            locked_until = self._locked_until(conn, subjects, now)
            row = conn.execute(select(STAFF).where(STAFF.c.login == typed)).one_or_none()
        if locked_until is not None:
            raise AuthFailed(AuthFailure.LOCKED, locked_until=locked_until)
        if row is None:
            self._hasher.spend_like_a_verify(pin)
            self._failed(subjects, kiosk_id, now, staff_id=None, reason=AuthFailure.UNKNOWN)
        if not self._hasher.verify_pin(row.pin_hash, pin):
            self._failed(subjects, kiosk_id, now, staff_id=row.id, reason=AuthFailure.WRONG)
        member = _member(row)
        new_hash = None
        if self._hasher.needs_rehash(row.pin_hash):
            new_hash = self._hasher.hash_pin(pin)  # before the write lock: it takes a while
        return self._succeeded(member, subjects, kiosk_id, now, "pin", (row.pin_hash, new_hash))

    def authenticate_badge(self, code: str, kiosk_id: str) -> StaffMember:
        """The staff member this badge belongs to, or raise ``AuthFailed``."""
        _check_kiosk(kiosk_id)
        now = self._clock()
        subjects = [("lane", kiosk_id)]
        try:
            badge_hash = self._hasher.badge_hash(check_badge(code))
        except BadgeRefused:
            badge_hash = None
        with self._engine.connect() as conn:
            locked_until = self._locked_until(conn, subjects, now)
            row = (
                None
                if badge_hash is None
                else conn.execute(
                    select(STAFF).where(STAFF.c.badge_hash == badge_hash)
                ).one_or_none()
            )
        if locked_until is not None:
            raise AuthFailed(AuthFailure.LOCKED, locked_until=locked_until)
        if row is None or badge_hash is None or not self._hasher.same(row.badge_hash, badge_hash):
            self._failed(subjects, kiosk_id, now, staff_id=None, reason=AuthFailure.UNKNOWN)
        return self._succeeded(_member(row), subjects, kiosk_id, now, "badge", None)

    def badge_holder(self, code: str) -> StaffMember | None:
        """Whose badge ``code`` is (active or not), or None: a look-up only. Nothing is
        counted, locked or audited, so a shopper's misread offered to it costs staff
        nothing; a hit must still go through :meth:`authenticate_badge` to log in."""
        try:
            badge_hash = self._hasher.badge_hash(check_badge(code))
        except BadgeRefused:
            return None
        with self._engine.connect() as conn:
            row = conn.execute(select(STAFF).where(STAFF.c.badge_hash == badge_hash)).one_or_none()
        if row is None or not self._hasher.same(row.badge_hash, badge_hash):
            return None
        return _member(row)

    def locked_until(
        self, *, kiosk_id: str | None = None, login: str | None = None
    ) -> datetime | None:
        """When the lane and/or ``login`` may be tried again; None: not locked."""
        subjects = []
        if kiosk_id is not None:
            subjects.append(("lane", kiosk_id))
        if login is not None:
            subjects.append(("login", self._key.mac_hex("login", normalise_login(login))))
        with self._engine.connect() as conn:
            return self._locked_until(conn, subjects, self._clock())

    def _locked_until(
        self, conn: Connection, subjects: list[tuple[str, str]], now: datetime
    ) -> datetime | None:
        until = None
        for scope, subject in subjects:
            stored = conn.execute(
                select(THROTTLE.c.locked_until).where(
                    THROTTLE.c.scope == scope, THROTTLE.c.subject == subject
                )
            ).scalar_one_or_none()
            if stored is not None:
                moment = parse_timestamp(stored)
                if moment > now and (until is None or moment > until):
                    until = moment
        return until

    def _failed(
        self,
        subjects: list[tuple[str, str]],
        kiosk_id: str,
        now: datetime,
        *,
        staff_id: int | None,
        reason: AuthFailure,
    ) -> NoReturn:
        """Count one failure against each subject, lock what reached its limit, raise."""
        locked_until = None
        with write_transaction(self._engine) as conn:
            for scope, subject in subjects:
                until = self._count_failure(conn, scope, subject, now)
                if until is not None:
                    locked_until = until if locked_until is None else max(locked_until, until)
                    detail: dict[str, Any] = {"scope": scope, "until": timestamp(until)}
                    if scope == "login" and staff_id is not None:
                        detail["staff_id"] = staff_id
                    self.audit.record_in(
                        conn, None, "login_locked", kiosk_id=kiosk_id, detail=detail
                    )
            # Old records of logins nobody tried for a long time: forget them.
            stale = timestamp(now - self.policy.forget_after)
            conn.execute(
                delete(THROTTLE).where(
                    THROTTLE.c.last_failure_at < stale,
                    (THROTTLE.c.locked_until.is_(None)) | (THROTTLE.c.locked_until < stale),
                )
            )
        raise AuthFailed(reason, locked_until=locked_until)

    def _count_failure(
        self, conn: Connection, scope: str, subject: str, now: datetime
    ) -> datetime | None:
        where = (THROTTLE.c.scope == scope) & (THROTTLE.c.subject == subject)
        row = conn.execute(select(THROTTLE).where(where)).one_or_none()
        if row is None:
            conn.execute(insert(THROTTLE).values(scope=scope, subject=subject))
            failures, level, window_start, last = 0, 0, None, None
        else:
            failures, level = row.failures, row.lock_level
            window_start = parse_timestamp(row.window_started_at) if row.window_started_at else None
            last = parse_timestamp(row.last_failure_at) if row.last_failure_at else None
        if last is not None and now - last >= self.policy.forget_after:
            level = 0
        if window_start is None or now - window_start >= self.policy.window:
            failures, window_start = 0, now
        failures += 1
        locked_until = None
        if failures >= self.policy.limit(scope):
            locked_until = now + self.policy.lock_for(level)
            failures, level, window_start = 0, level + 1, None
        conn.execute(
            update(THROTTLE)
            .where(where)
            .values(
                failures=failures,
                lock_level=level,
                window_started_at=timestamp(window_start) if window_start else None,
                last_failure_at=timestamp(now),
                **({"locked_until": timestamp(locked_until)} if locked_until else {}),
            )
        )
        return locked_until

    def _succeeded(
        self,
        member: StaffMember,
        subjects: list[tuple[str, str]],
        kiosk_id: str,
        now: datetime,
        method: str,
        rehash: tuple[str, str | None] | None,
    ) -> StaffMember:
        with write_transaction(self._engine) as conn:
            # A lock may have started while the PIN was being checked: it wins.
            locked_until = self._locked_until(conn, subjects, now)
            if locked_until is not None:
                raise AuthFailed(AuthFailure.LOCKED, locked_until=locked_until)
            if not member.active:
                self.audit.record_in(
                    conn,
                    member,
                    "login_refused",
                    kiosk_id=kiosk_id,
                    detail={"method": method, "reason": AuthFailure.DISABLED.value},
                )
            else:
                for scope, subject in subjects:
                    where = (THROTTLE.c.scope == scope) & (THROTTLE.c.subject == subject)
                    if scope == "login":
                        conn.execute(delete(THROTTLE).where(where))
                    else:  # the lane keeps its lock level; only the count starts over
                        conn.execute(
                            update(THROTTLE).where(where).values(failures=0, window_started_at=None)
                        )
                if rehash is not None and rehash[1] is not None:
                    old_hash, new_hash = rehash
                    conn.execute(
                        update(STAFF)
                        .where(STAFF.c.id == member.id, STAFF.c.pin_hash == old_hash)
                        .values(pin_hash=new_hash)
                    )
                self.audit.record_in(
                    conn,
                    member,
                    "staff_login",
                    kiosk_id=kiosk_id,
                    detail={
                        "method": method,
                        **({"rehashed": True} if rehash and rehash[1] else {}),
                    },
                )
        if not member.active:
            raise AuthFailed(AuthFailure.DISABLED)
        return member

    # -- reading the roster -------------------------------------------------------------

    def get(self, login: str) -> StaffMember | None:
        with self._engine.connect() as conn:
            row = conn.execute(
                select(STAFF).where(STAFF.c.login == normalise_login(login))
            ).one_or_none()
        return None if row is None else _member(row)

    def members(self, *, include_disabled: bool = True) -> list[StaffMember]:
        query = select(STAFF).order_by(STAFF.c.login)
        if not include_disabled:
            query = query.where(STAFF.c.active.is_(True))
        with self._engine.connect() as conn:
            return [_member(row) for row in conn.execute(query)]

    # -- managing the roster ------------------------------------------------------------

    def _may_manage(self, actor: Actor) -> None:
        if isinstance(actor, StaffMember):
            require(actor, Action.MANAGE_STAFF)
        elif not isinstance(actor, SystemActor):
            raise TypeError("actor must be a StaffMember or a SystemActor")

    def _row(self, conn: Connection, login: str) -> Any:
        row = conn.execute(
            select(STAFF).where(STAFF.c.login == normalise_login(login))
        ).one_or_none()
        if row is None:
            raise StaffError(f"no staff member with login {normalise_login(login)!r}")
        return row

    def _badge_hash(self, badge: str) -> str:
        try:
            return self._hasher.badge_hash(check_badge(badge))
        except BadgeRefused as exc:
            raise StaffError(str(exc)) from None

    def add_staff(
        self,
        actor: Actor,
        login: str,
        name: str,
        role: Role | str,
        pin: str,
        *,
        badge: str | None = None,
    ) -> StaffMember:
        """Add a staff member; raise ``StaffError`` or ``PinRefused`` if refused."""
        self._may_manage(actor)
        login = normalise_login(login)
        if not LOGIN_PATTERN.match(login):
            raise StaffError(
                "a login is 1 to 32 characters: letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        name = " ".join(name.split())
        if not 0 < len(name) <= NAME_MAX_LENGTH or not name.isprintable():
            raise StaffError(f"a display name has 1 to {NAME_MAX_LENGTH} printable characters")
        try:
            role = Role(role)
        except ValueError:
            raise StaffError(
                f"unknown role {role!r}; one of: {', '.join(r.value for r in Role)}"
            ) from None
        check_pin(pin, login=login)
        badge_hash = None if badge is None else self._badge_hash(badge)
        pin_hash = self._hasher.hash_pin(pin)
        now = timestamp(self._clock())
        try:
            with write_transaction(self._engine) as conn:
                if conn.execute(select(STAFF.c.id).where(STAFF.c.login == login)).first():
                    raise StaffError(f"login {login!r} is taken")
                if (
                    badge_hash is not None
                    and conn.execute(
                        select(STAFF.c.id).where(STAFF.c.badge_hash == badge_hash)
                    ).first()
                ):
                    raise StaffError("this badge already belongs to another staff member")
                staff_id = conn.execute(
                    insert(STAFF).values(
                        login=login,
                        name=name,
                        role=role.value,
                        pin_hash=pin_hash,
                        badge_hash=badge_hash,
                        active=True,
                        created_at=now,
                        updated_at=now,
                    )
                ).inserted_primary_key[0]
                member = StaffMember(staff_id, login, name, role, True, badge_hash is not None)
                self.audit.record_in(conn, actor, "staff_added", after=_public(member))
        except IntegrityError:  # a concurrent add of the same login or badge
            raise StaffError("login or badge taken") from None
        return member

    def _change(self, actor: Actor, login: str, action: str, values: dict[str, Any]) -> StaffMember:
        self._may_manage(actor)
        try:
            with write_transaction(self._engine) as conn:
                row = self._row(conn, login)
                before = _member(row)
                conn.execute(
                    update(STAFF)
                    .where(STAFF.c.id == row.id)
                    .values(updated_at=timestamp(self._clock()), **values)
                )
                after = _member(conn.execute(select(STAFF).where(STAFF.c.id == row.id)).one())
                if "pin_hash" in values:  # a new PIN: the old lock on the login goes
                    conn.execute(
                        delete(THROTTLE).where(
                            THROTTLE.c.scope == "login",
                            THROTTLE.c.subject == self._key.mac_hex("login", row.login),
                        )
                    )
                self.audit.record_in(
                    conn,
                    actor,
                    action,
                    before=_public(before),
                    after=_public(after),
                    detail={
                        "staff_id": row.id,
                        **({"pin": "changed"} if "pin_hash" in values else {}),
                    },
                )
        except IntegrityError:
            raise StaffError("this badge already belongs to another staff member") from None
        return after

    def reset_pin(self, actor: Actor, login: str, pin: str) -> StaffMember:
        """Give ``login`` a new PIN (and lift a lock on the login)."""
        check_pin(pin, login=normalise_login(login))
        return self._change(actor, login, "pin_reset", {"pin_hash": self._hasher.hash_pin(pin)})

    def set_role(self, actor: Actor, login: str, role: Role | str) -> StaffMember:
        try:
            role = Role(role)
        except ValueError:
            raise StaffError(
                f"unknown role {role!r}; one of: {', '.join(r.value for r in Role)}"
            ) from None
        return self._change(actor, login, "role_changed", {"role": role.value})

    def set_badge(self, actor: Actor, login: str, badge: str | None) -> StaffMember:
        """Give ``login`` a badge, or take it away (None)."""
        badge_hash = None if badge is None else self._badge_hash(badge)
        action = "badge_cleared" if badge is None else "badge_set"
        return self._change(actor, login, action, {"badge_hash": badge_hash})

    def disable(self, actor: Actor, login: str) -> StaffMember:
        return self._change(actor, login, "staff_disabled", {"active": False})

    def enable(self, actor: Actor, login: str) -> StaffMember:
        return self._change(actor, login, "staff_enabled", {"active": True})

    def unlock(self, actor: Actor, login: str, *, kiosk_id: str | None = None) -> None:
        """Lift the lock on ``login`` (and on lane ``kiosk_id``, if given)."""
        self._may_manage(actor)
        typed = normalise_login(login)
        with write_transaction(self._engine) as conn:
            row = self._row(conn, typed)
            conn.execute(
                delete(THROTTLE).where(
                    THROTTLE.c.scope == "login",
                    THROTTLE.c.subject == self._key.mac_hex("login", typed),
                )
            )
            if kiosk_id is not None:
                conn.execute(
                    delete(THROTTLE).where(
                        THROTTLE.c.scope == "lane", THROTTLE.c.subject == kiosk_id
                    )
                )
            self.audit.record_in(
                conn, actor, "login_unlocked", kiosk_id=kiosk_id, detail={"staff_id": row.id}
            )
