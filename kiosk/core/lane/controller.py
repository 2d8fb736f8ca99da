"""The lane controller: every shopper flow and failure of one kiosk, Qt-free.

:class:`LaneController` is the one façade the UI and the store network call. Widgets
call its operations (``scan``, ``pay``, ``call_help`` ...) and observe its signals
(``state_changed``, ``cart_changed``, ``message``, ``help_changed``,
``last_item_changed``, ``situation_changed``, ``device_changed``);
:meth:`LaneController.snapshot` is everything the UI or the store network needs,
JSON-able. The controller is used from one thread (the GUI thread in the kiosk, the
test's thread in tests): blocking device work goes through the injected
:class:`~kiosk.core.lane.scheduler.Scheduler`, whose results come back on that thread;
time comes from the injected :class:`~kiosk.core.lane.clock.Clock` and moves on
:meth:`LaneController.tick`.

The work is done by cohesive parts that share one
:class:`~kiosk.core.lane.context.LaneContext` (the session's state, the injected
collaborators, the signals and the machine):

=============================  ==========================================================
part                           what it does
=============================  ==========================================================
``shopping.Shopping``          start, scan, key-in, produce and weighing, bags, quantity,
                               voids, the age gate
``checkout.Checkout``          pay, cancel, declines, unknown outcome and reconciliation,
                               receipt choice and printing, reversal, rating
``help_desk.HelpCalls``        the help-call register (journal in step), escalation
``help_desk.HelpDesk``         call, cancel, acknowledge, resolve and rate help
``staff_actions.StaffActions`` login/logout, approvals and refusals, key-in and removal
                               by staff, cancel, paid at the desk, lock and unlock,
                               diagnostics, settling and reversing payments, reprints,
                               claiming and resolving help calls
``idle.Idle``                  "are you still there?", suspend, welcome back
``resume.Resume``              crash resume (cart, payment, an unhanded receipt)
``device_events.DeviceEvents`` the devices' scans, progress, misreads and status changes
=============================  ==========================================================

Rules kept everywhere:

* **Journal first.** A cart change is written to the journal, then applied to the cart,
  then announced. A payment is written (``begin_payment``) before the terminal is
  asked. A failed write (:class:`~kiosk.core.journal.JournalWriteError`) stops the sale
  safely: ``OUT_OF_SERVICE`` (reason ``journal_write_failed``), nothing half-applied,
  the light calls staff (red flashing; the journal that carries help calls is down).
* **Never twice.** One payment at a time; an unknown outcome is asked of the terminal
  before anything else (``docs/session.md``).
* **Help is orthogonal.** Calls (age check, void approval, unknown item, decline,
  unknown payment, device fault, shopper's request, idle) live beside the state; the
  shopper keeps scanning while they are open; only paying waits for approvals.
* **Operations never raise for a shopper's mistake or the wrong moment.** They return
  False and emit a :class:`~kiosk.core.lane.messages.Message` saying why (``NOT_NOW``
  with the operation and state, ``NOT_PERMITTED`` for a staff role, or the flow's own).

Staff actions take the acting member (any object with ``id``, ``name``, ``role``, and
``console`` when they act from an attendant console), are checked with the injected
``can(member, action)`` and recorded with the injected ``audit(actor, action, kiosk_id,
transaction_id, before, after)`` and as an ``intervention`` outbox event. The store
network's link runs a console's command inside :meth:`LaneController.on_command`, so the
record names the command, and a refusal is told to the console instead of the shopper.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from drivers.device import DeviceEvent, DeviceStatus, Statistics
from drivers.lane_light.pattern import LaneSituation
from drivers.scanner.framing import Scan
from kiosk.core.cart import Cart
from kiosk.core.journal import Journal
from kiosk.core.lane.checkout import Checkout
from kiosk.core.lane.clock import Clock, SystemClock
from kiosk.core.lane.context import (
    CommandOrigin,
    LaneContext,
    guarded,
    member_dict,
    priced_line_dict,
)
from kiosk.core.lane.device_events import DeviceEvents
from kiosk.core.lane.help import HelpCall, HelpReason, HelpTopic
from kiosk.core.lane.help_desk import HelpCalls, HelpDesk
from kiosk.core.lane.idle import Idle
from kiosk.core.lane.messages import Message
from kiosk.core.lane.payment_flow import PaymentAttempt
from kiosk.core.lane.ports import EventSource
from kiosk.core.lane.resume import Resume
from kiosk.core.lane.scheduler import Scheduler
from kiosk.core.lane.settings import (
    Audit,
    Can,
    DeviceRole,
    LaneCatalog,
    LaneDevices,
    LaneSettings,
    Member,
    OutOfServiceReason,
    ReceiptChoice,
    StaffAction,
)
from kiosk.core.lane.shopping import Shopping
from kiosk.core.lane.staff_actions import StaffActions
from kiosk.core.pricing import CartTotals
from kiosk.core.session import SessionState, Transition

__all__ = [
    "Audit",
    "Can",
    "DeviceRole",
    "LaneCatalog",
    "LaneController",
    "LaneDevices",
    "LaneSettings",
    "Member",
    "OutOfServiceReason",
    "ReceiptChoice",
    "StaffAction",
]

_log = logging.getLogger("kiosk.lane")


def _deny_all(_member: Any, _action: str) -> bool:
    return False


def _log_audit(actor: Any, action: str, kiosk_id: str, transaction_id: Any, before: Any,
               after: Any) -> None:  # fmt: skip
    _log.info("audit: %s %s on %s (%s)", getattr(actor, "id", actor), action, kiosk_id,
              transaction_id)  # fmt: skip


class LaneController:
    """One kiosk's session: see the module docstring."""

    def __init__(
        self,
        settings: LaneSettings,
        catalog: LaneCatalog,
        journal: Journal,
        devices: LaneDevices | None = None,
        *,
        clock: Clock | None = None,
        scheduler: Scheduler,
        can: Can = _deny_all,
        audit: Audit = _log_audit,
        statistics: Statistics | None = None,
    ) -> None:
        ctx = LaneContext(
            settings,
            catalog,
            journal,
            devices or LaneDevices(),
            clock=clock or SystemClock(),
            scheduler=scheduler,
            statistics=statistics or Statistics(logger="kiosk.lane"),
        )
        self.ctx = ctx
        self.settings = ctx.settings
        self.catalog = ctx.catalog
        self.journal = ctx.journal
        self.devices = ctx.devices
        self.clock: Clock = ctx.clock
        self.scheduler = ctx.scheduler
        self.statistics = ctx.statistics

        self.state_changed = ctx.state_changed  # (old, new, trigger)
        self.cart_changed = ctx.cart_changed  # (CartTotals)
        self.message = ctx.message  # (Message)
        self.help_changed = ctx.help_changed  # (HelpCall)
        self.last_item_changed = ctx.last_item_changed  # (dict | None)
        self.situation_changed = ctx.situation_changed  # (LaneSituation)
        self.device_changed = ctx.device_changed  # (DeviceRole, DeviceStatus)

        self._calls = HelpCalls(ctx)
        self._idle = Idle(ctx, self._calls)
        self._checkout = Checkout(ctx, self._calls)
        self._resume = Resume(ctx, self._calls, self._checkout)
        self._shopping = Shopping(ctx, self._calls, self._idle, self._resume)
        self._help = HelpDesk(ctx, self._calls, self._idle, self._shopping)
        self._staff = StaffActions(
            ctx, self._calls, self._shopping, self._checkout, self._resume, can=can, audit=audit
        )
        self._devices = DeviceEvents(ctx, self._shopping)

    # ------------------------------------------------------------------ read side

    @property
    def state(self) -> SessionState:
        return self.ctx.state

    @property
    def history(self) -> tuple[Transition, ...]:
        return self.ctx.machine.history

    @property
    def cart(self) -> Cart | None:
        return self.ctx.cart

    @property
    def transaction_id(self) -> str | None:
        return self.ctx.transaction_id

    @property
    def payment(self) -> PaymentAttempt | None:
        return self.ctx.payment

    @property
    def help_calls(self) -> tuple[HelpCall, ...]:
        """Every call the lane knows of in this session, oldest first."""
        return tuple(self.ctx.calls.values())

    @property
    def open_help_calls(self) -> tuple[HelpCall, ...]:
        return self.ctx.open_help_calls

    @property
    def situation(self) -> LaneSituation:
        assert self.ctx.situation is not None
        return self.ctx.situation

    @property
    def last_message(self) -> Message | None:
        return self.ctx.last_message

    @property
    def link_up(self) -> bool:
        return self.ctx.link_up

    def snapshot(self) -> dict[str, Any]:
        """Everything the UI and the store network (``state`` topic) need, JSON-able."""
        ctx = self.ctx
        cart = ctx.cart
        totals = cart.totals if cart is not None else CartTotals.empty()
        receipt = ctx.receipt
        oos = ctx.out_of_service
        return {
            "kiosk_id": ctx.settings.kiosk_id,
            "store_id": ctx.settings.store_id,
            "state": self.state.value,
            "state_since": ctx.state_entered_utc.isoformat(),
            "situation": self.situation.value,
            "transaction_id": self.transaction_id,
            "cart": {
                "lines": [priced_line_dict(line) for line in totals.lines],
                "total_cents": totals.total_cents,
                "item_count": totals.item_count,
                "saving_cents": totals.saving_cents,
                "deposit_cents": totals.deposit_cents,
                "min_age": totals.min_age,
            },
            "last_item": ctx.last_item,
            "approved_age": ctx.approved_age,
            "pay_blocked_by": [reason.value for reason in ctx.pay_blocks()],
            "weighing": ctx.weighing is not None,
            "payment": None if ctx.payment is None else ctx.payment.to_dict(),
            "last_decline": ctx.last_decline,
            "receipt": None
            if receipt is None
            else {
                "url": receipt.url,
                "printer_failed": receipt.printer_failed,
                "printing": receipt.printing,
                "choice": None if receipt.choice is None else receipt.choice.value,
                "can_print": ctx.can_print(),
            },
            "help_calls": [call.to_dict() for call in ctx.calls.values()],
            "out_of_service": None
            if oos is None
            else {"reason": oos.reason.value, "detail": oos.detail, "by": oos.by},
            "staff": None if ctx.staff is None else member_dict(ctx.staff),
            "devices": {
                role.value: {
                    "state": status.state.value,
                    "reason": None if status.reason is None else status.reason.value,
                }
                for role, status in ctx.device_status.items()
            },
            "link_up": ctx.link_up,
            "message": None if ctx.last_message is None else ctx.last_message.to_dict(),
        }

    # ------------------------------------------------------------------ wiring

    def attach(self) -> None:
        """Listen to the devices that report events; each event is handed to the
        controller's thread through ``scheduler.post``."""
        ctx = self.ctx
        for role, port in ctx.devices.items():
            if isinstance(port, EventSource):
                ctx.device_status[role] = port.status

                def listener(event: DeviceEvent, role: DeviceRole = role) -> None:
                    ctx.scheduler.post(lambda: self.device_event(role, event))

                port.add_listener(listener)
        ctx.update_situation()

    def set_link_up(self, up: bool) -> None:
        """The store network's state (the light turns red + buzzer for help when down)."""
        self.ctx.link_up = bool(up)
        self.ctx.update_situation()

    def device_event(self, role: DeviceRole | str, event: DeviceEvent) -> None:
        """An event of one of the lane's devices, on the controller's thread."""
        self._devices.device_event(role, event)

    # ------------------------------------------------------------------ shopper: shopping

    def start(self) -> bool:
        """The shopper tapped "start" (a scan starts by itself)."""
        return self._shopping.start()

    def resume(self) -> bool:
        """After a restart: the open transaction's cart, its payment's reconciliation, or
        the receipt of a sale paid just before the stop (see :mod:`~kiosk.core.lane.resume`)."""
        return self._resume.resume()

    def scan(self, raw: str | Scan) -> bool:
        """A scan from the scanner (a :class:`~drivers.scanner.Scan` or its text)."""
        return self._shopping.scan(raw)

    def key_in(self, code: str) -> bool:
        """A code the shopper typed: a barcode's digits or a produce code (PLU)."""
        return self._shopping.key_in(code)

    def add_produce(self, plu: str) -> bool:
        """Loose produce picked from the picture grid; weighed if sold per kilogram."""
        return self._shopping.add_produce(plu)

    def add_bag(self, code: str, quantity: int = 1) -> bool:
        """Add carrier bags by the bag's barcode (``Catalog.bags()`` lists them)."""
        return self._shopping.add_bag(code, quantity)

    def set_quantity(self, line_id: str, quantity: int) -> bool:
        """Change a piece line's quantity; less than before is a void (per policy)."""
        return self._shopping.set_quantity(line_id, quantity)

    def remove_line(self, line_id: str) -> bool:
        """Remove a line: at once, or after a staff member's approval (policy)."""
        return self._shopping.remove_line(line_id)

    # ------------------------------------------------------------------ shopper: checkout

    def pay(self) -> bool:
        """Pay the cart's total: journal first, then the terminal (never twice)."""
        return self._checkout.pay()

    def cancel_payment(self) -> bool:
        """The shopper pressed cancel: ask the terminal to stop. Its answer decides (a
        card already authorised stays approved)."""
        return self._checkout.cancel_payment()

    def choose_receipt(self, choice: ReceiptChoice | str) -> bool:
        """Print, digital (QR) or no receipt."""
        return self._checkout.choose_receipt(choice)

    def rate(self, score: int) -> bool:
        """The shopper's one-tap rating (1-5) of the visit; then back to attract."""
        return self._checkout.rate(score)

    # ------------------------------------------------------------------ idle and time

    def touch(self) -> bool:
        """Any touch on the screen: counts as activity, answers "are you still there?"."""
        return self._idle.touch()

    @guarded
    def tick(self) -> None:
        """Let time act: idle prompt and suspend, payment timeout, reconciliation retry,
        receipt and feedback screens timing out, unanswered help calls escalated. Call it
        about once a second."""
        now = self.ctx.clock.monotonic()
        state = self.ctx.state
        if state in Idle.STATES:
            self._idle.tick(now, state)
        elif state in Checkout.STATES:
            self._checkout.tick(now, state)
        self._calls.tick(now)

    # ------------------------------------------------------------------ help

    def call_help(
        self,
        reason: HelpReason | str = HelpReason.SHOPPER_REQUEST,
        topic: HelpTopic | str | None = None,
    ) -> str | None:
        """The shopper asks for help (from every shopper screen); returns the call's id.

        ``reason`` is ``shopper_request`` (with the ``topic`` picked), or one the lane
        offered: ``unknown_item``, ``payment_declined``, ``device_fault``.
        """
        return self._help.call_help(reason, topic)

    def cancel_help(self, call_id: str) -> bool:
        """The shopper no longer needs the call (not for age checks or unknown payments)."""
        return self._help.cancel_help(call_id)

    def acknowledge_help(self, call_id: str, staff: Any) -> bool:
        """A staff member took the call ("Sam is on the way"). ``staff``: their name, or
        the member (then checked like a claim, and the first member owns the call)."""
        if isinstance(staff, str):
            return self._help.acknowledge_help(call_id, staff)
        return self._staff.claim_help(staff, call_id)

    def claim_help(self, member: Any, call_id: str) -> bool:
        """``member`` takes the call: the first member to claim or acknowledge it owns it
        (another's claim is refused); the shopper sees the name at once."""
        return self._staff.claim_help(member, call_id)

    def resolve_help(self, call_id: str, staff: Any, outcome: str = "helped") -> bool:
        """A staff member dealt with the call (``staff``: their name, or the member: then
        permission-checked and recorded). Approvals and unknown payments are settled by
        their own actions (approve_age, approve_void, resolve_payment)."""
        if isinstance(staff, str):
            return self._help.resolve_help(call_id, staff, outcome)
        return self._staff.resolve_help(staff, call_id, outcome)

    def rate_help(self, call_id: str, score: int) -> bool:
        """The shopper's rating (1-5) of a finished call."""
        return self._help.rate_help(call_id, score)

    # ------------------------------------------------------------------ staff

    def staff_login(self, member: Any) -> bool:
        """A staff member identified at the lane (PIN or badge, checked by the staff module)."""
        return self._staff.staff_login(member)

    def staff_logout(self) -> bool:
        return self._staff.staff_logout()

    def approve_age(self, member: Any) -> bool:
        """A staff member checked the shopper's age: the cart's age-restricted items may
        be paid (also those scanned later up to that age)."""
        return self._staff.approve_age(member)

    def approve_void(self, member: Any, call_id: str, approve: bool = True) -> bool:
        """Approve (or refuse) a removal or quantity decrease the shopper asked for."""
        return self._staff.approve_void(member, call_id, approve)

    def key_in_item(
        self, member: Any, code: str, price_cents: int | None = None, quantity: int = 1
    ) -> bool:
        """A staff member keys in an item (optionally at a price: a price-label item);
        ``quantity`` pieces, as that many scans."""
        return self._staff.key_in_item(member, code, price_cents, quantity)

    def refuse_age(self, member: Any) -> bool:
        """The shopper could not show their age: the lines that need it are removed, the
        age check is resolved as refused, shopping goes on."""
        return self._staff.refuse_age(member)

    def remove_item(self, member: Any, line_id: str) -> bool:
        """A staff member removes a line (a void by staff, no approval needed)."""
        return self._staff.remove_item(member, line_id)

    def cancel_transaction(self, member: Any) -> bool:
        """A staff member cancels the shopper's transaction (never with a payment in flight)."""
        return self._staff.cancel_transaction(member)

    def paid_at_desk(self, member: Any) -> bool:
        """The shopper paid at the service desk: the transaction closes ``paid_elsewhere``."""
        return self._staff.paid_at_desk(member)

    def lock_lane(self, member: Any, reason: str = "") -> bool:
        """Take the lane out of service (only without an open transaction)."""
        return self._staff.lock_lane(member, reason)

    def unlock_lane(self, member: Any) -> bool:
        """Back in service: after a lock, or after a journal failure once the journal
        writes again (checked with a real write); the open transaction is taken up again."""
        return self._staff.unlock_lane(member)

    def enter_diagnostics(self, member: Any) -> bool:
        """A technician opens diagnostics (only without an open transaction)."""
        return self._staff.enter_diagnostics(member)

    def leave_diagnostics(self) -> bool:
        return self._staff.leave_diagnostics()

    def resolve_payment(self, member: Any, approved: bool, note: str = "") -> bool:
        """A supervisor settles an unknown payment after looking at the terminal's own
        journal: approved (finish, receipt) or not taken (back to shopping)."""
        return self._staff.resolve_payment(member, approved, note)

    def reverse_payment(
        self,
        member: Any,
        reference: str,
        terminal_reference: str | None = None,
        *,
        transaction_id: str | None = None,
    ) -> bool:
        """A supervisor reverses a mistaken charge (an approved payment of this lane, of
        the sale ``transaction_id``: by default the open one)."""
        return self._staff.reverse_payment(
            member, reference, terminal_reference, transaction_id=transaction_id
        )

    def reprint_receipt(self, member: Any, transaction_id: str) -> bool:
        """Print an earlier card sale's receipt again (the lane's screen stays as it is)."""
        return self._staff.reprint_receipt(member, transaction_id)

    def run_diagnostics(
        self, member: Any, roles: tuple[DeviceRole | str, ...] = ()
    ) -> dict[DeviceRole, DeviceStatus | None] | None:
        """The health of the devices (``roles`` or all), as their drivers report it,
        without leaving the shopper's flow; None (or False) when refused."""
        result = self._staff.run_diagnostics(member, roles)
        return result if isinstance(result, dict) else None

    def device_health(self) -> dict[DeviceRole, DeviceStatus | None]:
        """Every configured device and its last known status (None: it reports none)."""
        return self._staff.device_health()

    def may(self, member: Any, action: StaffAction | str) -> bool:
        """Whether ``member`` may take the staff ``action`` at this lane (the rules of the
        injected ``can``), without saying anything to anyone."""
        return self._staff.may(member, action)

    @contextmanager
    def on_command(self, command_id: str, call_id: str | None = None) -> Iterator[list[Message]]:
        """Carry out a console's command: staff actions inside are recorded as caused by
        ``command_id`` (and answering ``call_id``); every message the lane says meanwhile
        is collected in the list given, and a refusal (``not_now``, ``not_permitted``) is
        told only there, not on the shopper's screen."""
        ctx = self.ctx
        previous = ctx.origin
        origin = CommandOrigin(command_id, call_id)
        ctx.origin = origin
        try:
            yield origin.said
        finally:
            ctx.origin = previous
