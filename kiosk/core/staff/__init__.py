"""Staff at the lane: the roster, PIN and badge logins with lockout, roles and the audit log.

See docs/staff.md. Qt-free; the kiosk and the console call it from a worker thread
(an argon2id verification takes a noticeable fraction of a second by design).
"""

from kiosk.core.staff.audit import GENESIS, AuditEntry, AuditLog, AuditVerification
from kiosk.core.staff.hashing import (
    PRODUCTION_PARAMETERS,
    BadgeRefused,
    HashParameters,
    PinHasher,
    PinRefused,
    check_badge,
    check_pin,
)
from kiosk.core.staff.keys import KeyFileError, StaffKey, create_key_file, load_key_file
from kiosk.core.staff.members import Actor, StaffMember, SystemActor
from kiosk.core.staff.permissions import PERMISSIONS, Action, NotPermitted, Role, can, require
from kiosk.core.staff.roster import (
    AuthFailed,
    AuthFailure,
    Roster,
    StaffError,
    ThrottlePolicy,
    normalise_login,
)
from kiosk.core.staff.store import StoreNotInitialised, WrongKey, bind_key, open_store

__all__ = [
    "GENESIS",
    "PERMISSIONS",
    "PRODUCTION_PARAMETERS",
    "Action",
    "Actor",
    "AuditEntry",
    "AuditLog",
    "AuditVerification",
    "AuthFailed",
    "AuthFailure",
    "BadgeRefused",
    "HashParameters",
    "KeyFileError",
    "NotPermitted",
    "PinHasher",
    "PinRefused",
    "Role",
    "Roster",
    "StaffError",
    "StaffKey",
    "StaffMember",
    "StoreNotInitialised",
    "SystemActor",
    "ThrottlePolicy",
    "WrongKey",
    "bind_key",
    "can",
    "check_badge",
    "check_pin",
    "create_key_file",
    "load_key_file",
    "normalise_login",
    "open_store",
    "require",
]
