"""Staff roles and what each may do at a lane (or at the console).

=====================  =========  ==========  ==========
action                 attendant  supervisor  technician
=====================  =========  ==========  ==========
approve_age            yes        yes         no
approve_void           yes        yes         no
key_in_item            yes        yes         no
cancel_transaction     yes        yes         no
lock_lane              yes        yes         yes
unlock_lane            yes        yes         yes
reverse_payment        no         yes         no
manage_staff           no         yes         no
open_diagnostics       no         no          yes
exit_app               no         no          yes
=====================  =========  ==========  ==========

A technician services the machine, not the shoppers: no age checks or voids. Taking a
lane out of service (and back) is open to every role.
"""

from __future__ import annotations

import enum
from typing import Protocol

__all__ = ["PERMISSIONS", "Action", "NotPermitted", "Role", "can", "require"]


class Role(enum.StrEnum):
    ATTENDANT = "attendant"
    SUPERVISOR = "supervisor"
    TECHNICIAN = "technician"


class Action(enum.StrEnum):
    APPROVE_AGE = "approve_age"
    APPROVE_VOID = "approve_void"
    KEY_IN_ITEM = "key_in_item"
    CANCEL_TRANSACTION = "cancel_transaction"
    LOCK_LANE = "lock_lane"
    UNLOCK_LANE = "unlock_lane"
    REVERSE_PAYMENT = "reverse_payment"
    MANAGE_STAFF = "manage_staff"
    OPEN_DIAGNOSTICS = "open_diagnostics"
    EXIT_APP = "exit_app"


_SHOPPER_HELP = frozenset(
    {
        Action.APPROVE_AGE,
        Action.APPROVE_VOID,
        Action.KEY_IN_ITEM,
        Action.CANCEL_TRANSACTION,
        Action.LOCK_LANE,
        Action.UNLOCK_LANE,
    }
)

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.ATTENDANT: _SHOPPER_HELP,
    Role.SUPERVISOR: _SHOPPER_HELP | {Action.REVERSE_PAYMENT, Action.MANAGE_STAFF},
    Role.TECHNICIAN: frozenset(
        {Action.LOCK_LANE, Action.UNLOCK_LANE, Action.OPEN_DIAGNOSTICS, Action.EXIT_APP}
    ),
}
"""Role -> the actions it may take. Every action is allowed to at least one role."""


class HasRole(Protocol):
    @property
    def role(self) -> Role: ...


class NotPermitted(Exception):
    def __init__(self, role: Role, action: Action):
        self.role = role
        self.action = action
        super().__init__(f"a {role.value} may not {action.value.replace('_', ' ')}")


def can(member: HasRole, action: Action | str) -> bool:
    """Whether ``member``'s role allows ``action`` (an unknown action is never allowed)."""
    try:
        wanted = Action(action)
    except ValueError:
        return False
    return wanted in PERMISSIONS.get(Role(member.role), frozenset())


def require(member: HasRole, action: Action | str) -> None:
    """Raise ``NotPermitted`` unless ``member`` may take ``action``."""
    if not can(member, action):
        raise NotPermitted(Role(member.role), Action(action))
