"""Who acts: a staff member from the roster, or a system tool (``selfscan-staff``)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.staff.permissions import Role

__all__ = ["Actor", "StaffMember", "SystemActor"]


@dataclass(frozen=True, slots=True)
class StaffMember:
    """An authenticated (or listed) staff member. Holds no PIN or hash."""

    id: int
    login: str
    name: str  # what the shopper sees: "Sam"
    role: Role
    active: bool = True
    has_badge: bool = False
    console: str | None = None
    """The attendant console they act from (asserted by that authenticated console);
    None: at the lane itself or in a staff tool."""


@dataclass(frozen=True, slots=True)
class SystemActor:
    """A tool acting without a staff login, named for the audit log.

    ``role`` is always ``"system"`` so the log never mistakes it for a staff role.
    """

    name: str  # e.g. "selfscan-staff (os user alice)"

    @property
    def role(self) -> str:
        return "system"


Actor = StaffMember | SystemActor
