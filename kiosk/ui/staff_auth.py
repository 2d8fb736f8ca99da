"""Staff at the lane: the store roster as the screens and the lane controller need it.

:class:`StaffAuth` wraps a :class:`kiosk.core.staff.Roster` (or nothing, when the store
database or the staff key file is missing: the kiosk still sells, and staff login says
"staff login unavailable", :attr:`StaffAuth.available` False with the reason in
:attr:`StaffAuth.problem`). It gives

* the screens: :meth:`~StaffAuth.login_pin` and :meth:`~StaffAuth.login_badge`, which
  return the :class:`~kiosk.core.staff.StaffMember` or raise
  :class:`~kiosk.core.staff.AuthFailed` (its ``str()`` is safe to show) or
  :class:`StaffLoginUnavailable`. An argon2id check takes a good fraction of a second on
  purpose: call them through the lane's scheduler, never on the GUI thread;
* the lane controller: :meth:`~StaffAuth.can` (``can(member, action)`` with the lane's
  :class:`~kiosk.core.lane.controller.StaffAction` names, mapped onto the roster's
  permissions) and :meth:`~StaffAuth.audit` (every staff action at the lane into the
  store's append-only audit log).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kiosk.core.staff import (
    Action,
    KeyFileError,
    Role,
    Roster,
    StaffError,
    StaffMember,
    StoreNotInitialised,
    WrongKey,
    can,
    open_store,
)

__all__ = ["LANE_ACTIONS", "StaffAuth", "StaffLoginUnavailable", "open_staff_auth"]

log = logging.getLogger("kiosk.staff")

_HELPERS = frozenset({Role.ATTENDANT, Role.SUPERVISOR})

LANE_ACTIONS: dict[str, Action | frozenset[Role]] = {
    "login": frozenset(Role),
    "approve_age": Action.APPROVE_AGE,
    "approve_void": Action.APPROVE_VOID,
    "key_in_item": Action.KEY_IN_ITEM,
    "cancel_transaction": Action.CANCEL_TRANSACTION,
    "lock_lane": Action.LOCK_LANE,
    "unlock_lane": Action.UNLOCK_LANE,
    "diagnostics": Action.OPEN_DIAGNOSTICS,
    "answer_help": _HELPERS,
    "resolve_payment": Action.REVERSE_PAYMENT,
    "reverse_payment": Action.REVERSE_PAYMENT,
}
"""The lane's action names -> the roster's permission (or the roles allowed)."""


class StaffLoginUnavailable(RuntimeError):
    """The roster could not be opened; the message says why (for the log and staff)."""


class StaffAuth:
    """See the module docstring."""

    def __init__(
        self, roster: Roster | None, kiosk_id: str, *, problem: str = "", engine: Any = None
    ) -> None:
        self.roster = roster
        self._engine = engine
        self.kiosk_id = kiosk_id
        self.problem = "" if roster is not None else (problem or "no staff roster")

    @property
    def available(self) -> bool:
        return self.roster is not None

    def _roster(self) -> Roster:
        if self.roster is None:
            raise StaffLoginUnavailable(f"staff login unavailable: {self.problem}")
        return self.roster

    def login_pin(self, login: str, pin: str) -> StaffMember:
        return self._roster().authenticate_pin(login, pin, self.kiosk_id)

    def login_badge(self, code: str) -> StaffMember:
        return self._roster().authenticate_badge(code, self.kiosk_id)

    def can(self, member: Any, action: str) -> bool:
        """Whether ``member`` may take the lane's ``action`` (unknown actions: never)."""
        if not isinstance(member, StaffMember) or not member.active:
            return False
        wanted = LANE_ACTIONS.get(str(action))
        if wanted is None:
            return False
        if isinstance(wanted, Action):
            return can(member, wanted)
        return member.role in wanted

    def audit(
        self,
        actor: Any,
        action: str,
        kiosk_id: str,
        transaction_id: Any,
        before: Any,
        after: Any,
    ) -> None:
        """Append one entry to the store's audit log (logged when that is impossible)."""
        roster = self.roster
        if roster is None or not isinstance(actor, StaffMember):
            log.warning("audit not recorded (%s): %s by %r", self.problem, action, actor)
            return
        try:
            roster.audit.record(
                actor,
                str(action),
                kiosk_id=kiosk_id,
                transaction_id=None if transaction_id is None else str(transaction_id),
                before=before,
                after=after,
            )
        except Exception:
            log.exception("audit entry %s by staff %s could not be written", action, actor.id)

    def close(self) -> None:
        if self.roster is not None:
            self.roster.close()
            self.roster = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def open_staff_auth(store: str, staff_key: Path, kiosk_id: str) -> StaffAuth:
    """The roster at ``store`` with the key at ``staff_key``; a :class:`StaffAuth` that is
    not :attr:`~StaffAuth.available` (and says why) when either is missing or wrong.
    Never creates the store database."""
    engine = None
    try:
        engine = open_store(store, create=False)
        roster = Roster(engine, staff_key)
    except (StoreNotInitialised, KeyFileError, WrongKey, StaffError, OSError) as error:
        if engine is not None:
            engine.dispose()
        log.warning("staff login unavailable: %s", error)
        return StaffAuth(None, kiosk_id, problem=str(error))
    return StaffAuth(roster, kiosk_id, engine=engine)
