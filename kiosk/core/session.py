"""The kiosk's session state machine: explicit states, an explicit transition table.

The lane is always in exactly one :class:`SessionState`. :class:`SessionMachine` is the
one place that changes it: :meth:`SessionMachine.transition` checks the pair (from, to)
*and* the trigger against :data:`TRANSITIONS` and raises :class:`IllegalTransition` for
anything else, so a bug can never put the lane in a state the table does not allow.
Listeners hear every change as ``(old, new, trigger)``, in order, also when a listener
itself asks for the next transition (it is queued until the current one is told to
everyone). :attr:`SessionMachine.history` keeps every transition made.

Help is not a state: a help call (an age check, a void approval, "I need help") is
open *while* the shopper keeps shopping; the lane controller keeps those calls
(:mod:`kiosk.core.lane.help`). ``AWAITING_ATTENDANT`` is only for the moment the shopper
cannot go on without staff: pay was pressed while an age check or void approval is open.

The table, as documentation, is in ``docs/session.md`` (a test checks that the document
and :func:`transition_table_markdown` agree).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "SHOPPER_STATES",
    "TRANSITIONS",
    "IllegalTransition",
    "SessionListener",
    "SessionMachine",
    "SessionState",
    "Transition",
    "Trigger",
    "transition_table_markdown",
]

_log = logging.getLogger("kiosk.session")


class SessionState(enum.StrEnum):
    ATTRACT = "attract"
    """No shopper: the start screen ("scan an item or tap to start")."""
    SHOPPING = "shopping"
    """A transaction is open and the shopper scans."""
    AWAITING_ATTENDANT = "awaiting_attendant"
    """Pay was pressed while an age check or a void approval is open: wait for staff."""
    PAYING = "paying"
    """The payment is written to the journal and the terminal has it."""
    DECLINED = "declined"
    """The terminal declined: the reason and what to do (another card, insert, desk)."""
    PAYMENT_UNKNOWN = "payment_unknown"
    """The payment's outcome is unknown: the terminal is asked first, then staff."""
    RECEIPT = "receipt"
    """Paid: print, digital (QR) or no receipt."""
    FEEDBACK = "feedback"
    """A one-tap rating and thank you."""
    IDLE_PROMPT = "idle_prompt"
    """"Are you still there?" after a while without activity."""
    SUSPENDED = "suspended"
    """No answer to the prompt: the cart is parked (it is in the journal), staff told."""
    OUT_OF_SERVICE = "out_of_service"
    """The lane cannot sell: a fault (journal) or locked by staff."""
    STAFF = "staff"
    """A staff member is logged in at the lane."""
    DIAGNOSTICS = "diagnostics"
    """A technician checks the devices."""


class Trigger(enum.StrEnum):
    """Why a transition happens (named in the table, the history and the listeners)."""

    START = "start"
    RESUME = "resume"
    PAY = "pay"
    PAY_BLOCKED = "pay_blocked"
    APPROVED_BY_STAFF = "approved_by_staff"
    BACK = "back"
    IDLE = "idle"
    TOUCH = "touch"
    IDLE_TIMEOUT = "idle_timeout"
    EMPTY_CART = "empty_cart"
    PAYMENT_APPROVED = "payment_approved"
    PAYMENT_DECLINED = "payment_declined"
    PAYMENT_CANCELLED = "payment_cancelled"
    PAYMENT_UNKNOWN = "payment_unknown"
    PAYMENT_NOT_DONE = "payment_not_done"
    RETRY = "retry"
    RECEIPT_DONE = "receipt_done"
    FEEDBACK_DONE = "feedback_done"
    FAULT = "fault"
    LOCK = "lock"
    UNLOCK = "unlock"
    STAFF_LOGIN = "staff_login"
    STAFF_LOGOUT = "staff_logout"
    CANCEL_TRANSACTION = "cancel_transaction"
    ENTER_DIAGNOSTICS = "enter_diagnostics"
    LEAVE_DIAGNOSTICS = "leave_diagnostics"


S = SessionState
T = Trigger

SHOPPER_STATES: frozenset[SessionState] = frozenset(
    {
        S.ATTRACT,
        S.SHOPPING,
        S.AWAITING_ATTENDANT,
        S.PAYING,
        S.DECLINED,
        S.PAYMENT_UNKNOWN,
        S.RECEIPT,
        S.FEEDBACK,
        S.IDLE_PROMPT,
        S.SUSPENDED,
    }
)
"""States a shopper sees (the help button is on every one of them)."""


def _table() -> dict[tuple[SessionState, SessionState], frozenset[Trigger]]:
    rows: dict[tuple[SessionState, SessionState], set[Trigger]] = {}

    def allow(source: SessionState, target: SessionState, *triggers: Trigger) -> None:
        rows.setdefault((source, target), set()).update(triggers)

    # the shopper's way
    allow(S.ATTRACT, S.SHOPPING, T.START, T.RESUME)
    allow(S.SHOPPING, S.PAYING, T.PAY)
    allow(S.SHOPPING, S.AWAITING_ATTENDANT, T.PAY_BLOCKED)
    allow(S.SHOPPING, S.ATTRACT, T.EMPTY_CART, T.CANCEL_TRANSACTION)
    allow(S.AWAITING_ATTENDANT, S.SHOPPING, T.APPROVED_BY_STAFF, T.BACK)
    allow(S.AWAITING_ATTENDANT, S.ATTRACT, T.CANCEL_TRANSACTION)
    allow(S.PAYING, S.RECEIPT, T.PAYMENT_APPROVED)
    allow(S.PAYING, S.DECLINED, T.PAYMENT_DECLINED)
    allow(S.PAYING, S.SHOPPING, T.PAYMENT_CANCELLED, T.PAYMENT_NOT_DONE)
    allow(S.PAYING, S.PAYMENT_UNKNOWN, T.PAYMENT_UNKNOWN)
    allow(S.DECLINED, S.PAYING, T.RETRY)
    allow(S.DECLINED, S.SHOPPING, T.BACK)
    allow(S.DECLINED, S.ATTRACT, T.CANCEL_TRANSACTION)
    allow(S.PAYMENT_UNKNOWN, S.RECEIPT, T.PAYMENT_APPROVED)
    allow(S.PAYMENT_UNKNOWN, S.DECLINED, T.PAYMENT_DECLINED)
    allow(S.PAYMENT_UNKNOWN, S.SHOPPING, T.PAYMENT_NOT_DONE)
    allow(S.RECEIPT, S.FEEDBACK, T.RECEIPT_DONE)
    allow(S.FEEDBACK, S.ATTRACT, T.FEEDBACK_DONE)
    # idle
    allow(S.SHOPPING, S.IDLE_PROMPT, T.IDLE)
    allow(S.IDLE_PROMPT, S.SHOPPING, T.TOUCH)
    allow(S.IDLE_PROMPT, S.SUSPENDED, T.IDLE_TIMEOUT)
    allow(S.IDLE_PROMPT, S.ATTRACT, T.IDLE_TIMEOUT)  # nothing in the cart: nothing to park
    allow(S.SUSPENDED, S.SHOPPING, T.TOUCH)
    allow(S.SUSPENDED, S.ATTRACT, T.CANCEL_TRANSACTION)
    # after a restart: the same cart, or the payment's reconciliation, or its receipt
    allow(S.ATTRACT, S.PAYMENT_UNKNOWN, T.RESUME)
    allow(S.ATTRACT, S.RECEIPT, T.RESUME)
    # faults and locks: a fault can strike anywhere a journal write happens
    for source in (*SHOPPER_STATES, S.STAFF):
        allow(source, S.OUT_OF_SERVICE, T.FAULT)
    allow(S.ATTRACT, S.OUT_OF_SERVICE, T.LOCK)
    allow(S.STAFF, S.OUT_OF_SERVICE, T.LOCK)
    allow(S.OUT_OF_SERVICE, S.ATTRACT, T.UNLOCK)
    allow(S.OUT_OF_SERVICE, S.SHOPPING, T.UNLOCK)
    allow(S.OUT_OF_SERVICE, S.PAYMENT_UNKNOWN, T.UNLOCK)
    allow(S.OUT_OF_SERVICE, S.RECEIPT, T.UNLOCK)
    # staff at the lane: in from every shopper state where nothing is running, and back
    for source in (
        S.ATTRACT,
        S.SHOPPING,
        S.AWAITING_ATTENDANT,
        S.DECLINED,
        S.PAYMENT_UNKNOWN,
        S.IDLE_PROMPT,
        S.SUSPENDED,
        S.OUT_OF_SERVICE,
    ):
        allow(source, S.STAFF, T.STAFF_LOGIN)
    for target in (S.ATTRACT, S.SHOPPING, S.PAYMENT_UNKNOWN, S.OUT_OF_SERVICE):
        allow(S.STAFF, target, T.STAFF_LOGOUT)
    allow(S.STAFF, S.RECEIPT, T.STAFF_LOGOUT)  # a supervisor settled the payment meanwhile
    allow(S.STAFF, S.ATTRACT, T.CANCEL_TRANSACTION)
    # the technician
    for source in (S.ATTRACT, S.STAFF, S.OUT_OF_SERVICE):
        allow(source, S.DIAGNOSTICS, T.ENTER_DIAGNOSTICS)
    for target in (S.ATTRACT, S.STAFF, S.OUT_OF_SERVICE):
        allow(S.DIAGNOSTICS, target, T.LEAVE_DIAGNOSTICS)
    return {pair: frozenset(triggers) for pair, triggers in rows.items()}


TRANSITIONS: Mapping[tuple[SessionState, SessionState], frozenset[Trigger]] = MappingProxyType(
    _table()
)
"""Every allowed (from, to) pair and the triggers that may cause it. Nothing else is."""


class IllegalTransition(Exception):
    """A transition the table does not allow; the state is unchanged."""

    def __init__(self, source: SessionState, target: SessionState, trigger: Trigger) -> None:
        allowed = TRANSITIONS.get((source, target))
        why = (
            "not in the transition table"
            if allowed is None
            else f"allowed only by {', '.join(sorted(allowed))}"
        )
        super().__init__(f"{source} -> {target} by {trigger}: {why}")
        self.source = source
        self.target = target
        self.trigger = trigger


@dataclass(frozen=True, slots=True)
class Transition:
    number: int
    """1 for the first transition of the machine, counting up without gaps."""
    old: SessionState
    new: SessionState
    trigger: Trigger


SessionListener = Callable[[SessionState, SessionState, Trigger], object]


class SessionMachine:
    """Holds the current state; every change goes through :meth:`transition`."""

    def __init__(self, initial: SessionState = SessionState.ATTRACT) -> None:
        self._state = SessionState(initial)
        self._listeners: list[SessionListener] = []
        self._history: list[Transition] = []
        self._pending: list[Transition] = []
        self._notifying = False

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def history(self) -> tuple[Transition, ...]:
        return tuple(self._history)

    def add_listener(self, listener: SessionListener) -> None:
        """``listener(old, new, trigger)`` after every transition, in order."""
        self._listeners.append(listener)

    def remove_listener(self, listener: SessionListener) -> None:
        self._listeners.remove(listener)

    @staticmethod
    def allowed(source: SessionState, target: SessionState, trigger: Trigger) -> bool:
        return trigger in TRANSITIONS.get((source, target), frozenset())

    def can(self, target: SessionState, trigger: Trigger) -> bool:
        """Whether :meth:`transition` would accept ``(target, trigger)`` now."""
        return self.allowed(self._state, target, trigger)

    def transition(self, target: SessionState, trigger: Trigger) -> Transition:
        """Go to ``target`` because of ``trigger``; raises :class:`IllegalTransition`."""
        target = SessionState(target)
        trigger = Trigger(trigger)
        if not self.allowed(self._state, target, trigger):
            raise IllegalTransition(self._state, target, trigger)
        made = Transition(len(self._history) + 1, self._state, target, trigger)
        self._state = target
        self._history.append(made)
        _log.info("session %s -> %s (%s)", made.old, made.new, made.trigger)
        self._pending.append(made)
        if not self._notifying:
            self._notify()
        return made

    def _notify(self) -> None:
        """Tell every listener about every transition, oldest first; a listener that
        transitions again only queues its transition behind the current one."""
        self._notifying = True
        try:
            while self._pending:
                made = self._pending.pop(0)
                for listener in list(self._listeners):
                    try:
                        listener(made.old, made.new, made.trigger)
                    except Exception:
                        _log.exception("session listener %r failed", listener)
        finally:
            self._notifying = False


def transition_table_markdown() -> str:
    """The transition table as a Markdown table (``docs/session.md`` holds a copy)."""
    order = list(SessionState)
    lines = ["| from | to | triggers |", "| --- | --- | --- |"]
    for (source, target), triggers in sorted(
        TRANSITIONS.items(), key=lambda item: (order.index(item[0][0]), order.index(item[0][1]))
    ):
        names = ", ".join(f"`{t}`" for t in sorted(triggers))
        lines.append(f"| `{source}` | `{target}` | {names} |")
    return "\n".join(lines) + "\n"
