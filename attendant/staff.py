"""Staff at the console: logging in against the store's roster, roles, the audit log.

The console uses the same store database and staff key as the lanes
(``kiosk.core.staff``, ``docs/staff.md``): the same PINs and badges, the same throttle
and lockout (counted with the console's id as the place), the same roles. Qt-free; the
window calls :meth:`ConsoleStaff.login_pin` and :meth:`~ConsoleStaff.login_badge` off
the GUI thread (an argon2id check takes a noticeable fraction of a second by design).

Which role may send which command is :data:`COMMAND_PERMISSIONS`, the lane's table
(``kiosk/core/staff/permissions.py`` and the lane's ``answer_help``) applied to the 16
commands of the store network; :meth:`ConsoleStaff.why_not` gives the reason as a code
the window turns into words. The kiosk checks the role again itself (``not_permitted``).

Every command sent is written to the store's append-only audit log
(:meth:`ConsoleStaff.audit`): who, what (the command kind), which kiosk and
transaction, the command id and the help call, and where it came from (the console).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
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
from kiosk.link.protocol import Actor, CommandKind

__all__ = [
    "COMMAND_PERMISSIONS",
    "ConsoleStaff",
    "StaffLoginUnavailable",
    "actor_of",
    "open_console_staff",
]

log = logging.getLogger("attendant.staff")

_HELPERS = frozenset({Role.ATTENDANT, Role.SUPERVISOR})
"""Who answers shoppers' calls (the lane's ``answer_help``): not a technician."""

COMMAND_PERMISSIONS: Mapping[CommandKind, Action | frozenset[Role]] = MappingProxyType(
    {
        CommandKind.ACKNOWLEDGE: _HELPERS,
        CommandKind.CLAIM: _HELPERS,
        CommandKind.RESOLVE_HELP: _HELPERS,
        CommandKind.APPROVE_AGE: Action.APPROVE_AGE,
        CommandKind.REFUSE_AGE: Action.APPROVE_AGE,
        CommandKind.APPROVE_VOID: Action.APPROVE_VOID,
        CommandKind.REFUSE_VOID: Action.APPROVE_VOID,
        CommandKind.ADD_ITEM: Action.KEY_IN_ITEM,
        CommandKind.REMOVE_ITEM: Action.APPROVE_VOID,
        CommandKind.CANCEL_TRANSACTION: Action.CANCEL_TRANSACTION,
        CommandKind.REVERSE_CHARGE: Action.REVERSE_PAYMENT,
        CommandKind.LOCK_LANE: Action.LOCK_LANE,
        CommandKind.UNLOCK_LANE: Action.UNLOCK_LANE,
        CommandKind.PAID_AT_DESK: Action.REVERSE_PAYMENT,  # settles a payment: as at the lane
        CommandKind.REPRINT_RECEIPT: _HELPERS,
        CommandKind.RUN_DIAGNOSTICS: Action.OPEN_DIAGNOSTICS,
    }
)
"""Command -> the permission (``kiosk.core.staff.Action``) or the roles that may send it."""


def allowed_roles(kind: CommandKind | str) -> frozenset[Role]:
    """The roles that may send ``kind``."""
    wanted = COMMAND_PERMISSIONS[CommandKind(kind)]
    if isinstance(wanted, Action):
        return frozenset(r for r in Role if can(_RoleOnly(r), wanted))
    return wanted


class _RoleOnly:
    __slots__ = ("role",)

    def __init__(self, role: Role) -> None:
        self.role = role


def actor_of(member: StaffMember) -> Actor:
    """The protocol's ``Actor`` for a logged-in staff member (staff id as text)."""
    return Actor(staff_id=str(member.id), name=member.name, role=member.role.value)


class StaffLoginUnavailable(RuntimeError):
    """The roster could not be opened; the message says why."""


class ConsoleStaff:
    """The roster as the console needs it (or nothing, with :attr:`problem` saying why)."""

    def __init__(
        self,
        roster: Roster | None,
        console_id: str,
        *,
        problem: str = "",
        engine: Any = None,
    ) -> None:
        self.roster = roster
        self.console_id = console_id
        self.problem = "" if roster is not None else (problem or "no staff roster")
        self._engine = engine

    @property
    def available(self) -> bool:
        return self.roster is not None

    def _roster(self) -> Roster:
        if self.roster is None:
            raise StaffLoginUnavailable(f"staff login unavailable: {self.problem}")
        return self.roster

    def login_pin(self, login: str, pin: str) -> StaffMember:
        """The member, or ``AuthFailed`` (``reason``, ``locked_until``). Slow: argon2id."""
        return self._roster().authenticate_pin(login, pin, self.console_id)

    def login_badge(self, code: str) -> StaffMember:
        return self._roster().authenticate_badge(code, self.console_id)

    @staticmethod
    def can(member: StaffMember | None, kind: CommandKind | str) -> bool:
        return ConsoleStaff.why_not(member, kind) is None

    @staticmethod
    def why_not(member: StaffMember | None, kind: CommandKind | str) -> str | None:
        """None when ``member`` may send ``kind``; else why not, as a code:
        ``"logged_out"``, ``"disabled"``, ``"supervisor"`` (only a supervisor may),
        ``"technician"`` (only a technician may), ``"helpers"`` (attendants and
        supervisors only)."""
        if member is None:
            return "logged_out"
        if not member.active:
            return "disabled"
        roles = allowed_roles(kind)
        if member.role in roles:
            return None
        if roles == {Role.SUPERVISOR}:
            return "supervisor"
        if roles == {Role.TECHNICIAN}:
            return "technician"
        return "helpers"

    def audit(
        self,
        member: StaffMember,
        kind: CommandKind | str,
        *,
        kiosk_id: str,
        command_id: str,
        transaction_id: str | None = None,
        call_id: str | None = None,
        fields: Mapping[str, Any] | None = None,
    ) -> bool:
        """Append one entry for a command sent; False (and logged) when impossible. An
        audit problem never stops the attendant helping a shopper."""
        roster = self.roster
        if roster is None:
            log.warning(
                "audit not recorded (%s): %s by staff %s on %s",
                self.problem,
                CommandKind(kind).value,
                member.id,
                kiosk_id,
            )
            return False
        detail: dict[str, Any] = {
            "console": self.console_id,
            "command_id": command_id,
            **({"call_id": call_id} if call_id else {}),
            **{k: v for k, v in (fields or {}).items() if v is not None},
        }
        if transaction_id and len(transaction_id) > 32:  # the log's column holds 32
            detail["transaction_id"], transaction_id = transaction_id, None
        try:
            roster.audit.record(
                member,
                CommandKind(kind).value,
                kiosk_id=kiosk_id,
                transaction_id=transaction_id or None,
                detail=detail,
            )
        except Exception:
            log.exception("audit entry %s by staff %s could not be written", kind, member.id)
            return False
        return True

    def audit_logout(self, member: StaffMember, why: str) -> None:
        """Record that ``member`` left the console (``why``: ``logout`` or ``inactivity``)."""
        if self.roster is None:
            return
        try:
            self.roster.audit.record(
                member, "staff_logout", kiosk_id=self.console_id, detail={"why": why}
            )
        except Exception:
            log.exception("audit entry staff_logout of staff %s could not be written", member.id)

    def close(self) -> None:
        if self.roster is not None:
            self.roster.close()
            self.roster = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def open_console_staff(store: str, staff_key: Path, console_id: str) -> ConsoleStaff:
    """The roster at ``store`` with the key at ``staff_key``; a :class:`ConsoleStaff` that
    is not :attr:`~ConsoleStaff.available` (and says why) when either is missing or wrong.
    Never creates the store database."""
    engine = None
    try:
        engine = open_store(store, create=False)
        roster = Roster(engine, staff_key)
    except (StoreNotInitialised, KeyFileError, WrongKey, StaffError, OSError) as error:
        if engine is not None:
            engine.dispose()
        log.warning("staff login unavailable: %s", error)
        return ConsoleStaff(None, console_id, problem=str(error))
    return ConsoleStaff(roster, console_id, engine=engine)
