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
  store's append-only audit log);
* the shell's **badge scan anywhere** (docs/staff.md, "A badge at any lane screen"):
  :func:`may_be_badge` (on the scanner's thread: a scan that is no valid retail code and
  has the shape of a badge) and :meth:`~StaffAuth.badge_holder` (on the GUI thread:
  whether it is somebody's badge, a look-up that counts nothing; at most
  :attr:`StaffAuth.probe_limit` look-ups a minute). Where the lane can take a staff login
  at all: :data:`STAFF_LOGIN_STATES`.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.core.barcodes import DEFAULT_PREFIXES, InvalidBarcode, PrefixTable, parse_barcode
from kiosk.core.session import TRANSITIONS, SessionState, Trigger
from kiosk.core.staff import (
    Action,
    BadgeRefused,
    KeyFileError,
    Role,
    Roster,
    StaffError,
    StaffMember,
    StoreNotInitialised,
    WrongKey,
    can,
    check_badge,
    open_store,
)

__all__ = [
    "LANE_ACTIONS",
    "STAFF_LOGIN_STATES",
    "StaffAuth",
    "StaffLoginUnavailable",
    "may_be_badge",
    "open_staff_auth",
]

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

STAFF_LOGIN_STATES: frozenset[SessionState] = frozenset(
    source
    for (source, target), triggers in TRANSITIONS.items()
    if target is SessionState.STAFF and Trigger.STAFF_LOGIN in triggers
)
"""The lane states a staff member may log in from (the session's transition table):
where a badge scan is offered to the staff login and a Staff button makes sense. Not
while the terminal has a payment, nor on the receipt and thank-you screens."""


def may_be_badge(text: str, prefixes: PrefixTable = DEFAULT_PREFIXES) -> bool:
    """Whether scanned ``text`` (AIM identifier included, as the lane parses it) could be
    a staff badge: it has a badge's shape (4 to 128 printable characters) and is no valid
    retail code, i.e. :func:`~kiosk.core.barcodes.parse_barcode` (with the lane's
    ``prefixes``) finds nothing a product could be looked up by: no GTIN (EAN, UPC,
    ITF-14, a GS1 string, an in-store label) and no PLU. Plain text (Code 128, QR), a bad
    check digit or a broken GS1 string may be a badge. Pure and fast: the scan gate calls
    it on the scanner's thread, and a product code never waits for anything."""
    try:
        check_badge(text)
    except BadgeRefused:
        return False
    parsed = parse_barcode(text, prefixes=prefixes)
    if isinstance(parsed, InvalidBarcode):
        return True
    return not (parsed.gtin or parsed.lookup_gtin or parsed.plu)


class StaffLoginUnavailable(RuntimeError):
    """The roster could not be opened; the message says why (for the log and staff)."""


class StaffAuth:
    """See the module docstring."""

    probe_limit = 30
    """Badge look-ups (:meth:`badge_holder`) per :attr:`probe_window_s`; past that, a code
    scanned on a shopper screen goes to the lane without a look-up until the minute is
    over. A look-up counts no failed login (a shopper's misreads must not lock staff out
    of the lane), so this cap is what keeps guessing badges at a shopper screen slow."""
    probe_window_s = 60.0

    def __init__(
        self,
        roster: Roster | None,
        kiosk_id: str,
        *,
        problem: str = "",
        engine: Any = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.roster = roster
        self._engine = engine
        self.kiosk_id = kiosk_id
        self.problem = "" if roster is not None else (problem or "no staff roster")
        self._monotonic = monotonic
        self._probes: deque[float] = deque()
        self._capped = False

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

    def badge_holder(self, code: str) -> StaffMember | None:
        """Whose badge ``code`` is (a disabled member too), or None: not a badge, no
        roster, or the look-up cap reached. Counts, locks and audits nothing, and never
        logs the code: only :meth:`login_badge` logs anybody in. Cheap (an HMAC and one
        indexed read), so the GUI thread may call it."""
        roster = self.roster
        if roster is None:
            return None
        now = self._monotonic()
        while self._probes and now - self._probes[0] >= self.probe_window_s:
            self._probes.popleft()
        if len(self._probes) >= self.probe_limit:
            if not self._capped:
                log.warning(
                    "more than %d codes offered as badges within %.0f s: the next go to "
                    "the lane unchecked for now",
                    self.probe_limit,
                    self.probe_window_s,
                )
            self._capped = True
            return None
        self._capped = False
        self._probes.append(now)
        try:
            return roster.badge_holder(code)
        except Exception:
            log.exception("badge look-up failed; the scan goes to the lane")
            return None

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
