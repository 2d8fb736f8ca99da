"""The demo's staff: the store database and staff key the kiosks' configurations point at,
with one demo-only staff member, so an age check (or a void, a key-in) can be finished
at the lane.

:func:`ensure_demo_staff` creates, in the run folder, what is missing: the key file
(``<run>/secrets/staff.key``, mode 0600 in a 0700 folder), the store database
(``<run>/store.db``, created and migrated by the roster library ``selfscan-staff`` uses)
and :data:`DEMO_STAFF` ("Sam"). What is there already is kept (an earlier run's audit
log, a PIN changed with ``selfscan-staff``). The PIN is hashed with the production
argon2id parameters, as ``selfscan-staff add`` would.

**Demo only.** The PIN and the badge code are printed in the panel and in docs/demo.md:
never create this account in a real store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEMO_STAFF", "DemoStaffMember", "ensure_demo_staff", "staff_paths"]


@dataclass(frozen=True, slots=True)
class DemoStaffMember:
    login: str
    name: str
    role: str
    pin: str
    badge: str


DEMO_STAFF = DemoStaffMember(
    login="1042", name="Sam", role="supervisor", pin="4826", badge="STAFF-SAM"
)
"""The demo's staff member. (The PIN is not 1234: the roster refuses a straight run.)"""


def staff_paths(run_dir: Path) -> tuple[Path, Path]:
    """(store database, staff key file) of a run: what :class:`~selfscan_demo.lanes.
    DemoLane` writes into the kiosks' ``[paths]``."""
    run_dir = Path(run_dir)
    return run_dir / "store.db", run_dir / "secrets" / "staff.key"


def ensure_demo_staff(run_dir: Path, member: DemoStaffMember = DEMO_STAFF) -> bool:
    """The run's store database and key with ``member`` in it; True when the member was
    added now, False when the roster had that login already."""
    from kiosk.core.staff import Roster, SystemActor, create_key_file

    store, key_path = staff_paths(run_dir)
    key: object = key_path
    if not key_path.exists():
        key = create_key_file(key_path)
    with Roster(str(store), key) as roster:  # creates and migrates the store database
        if roster.get(member.login) is not None:
            return False
        roster.add_staff(
            SystemActor("selfscan-demo"),
            member.login,
            member.name,
            member.role,
            member.pin,
            badge=member.badge,
        )
    return True
