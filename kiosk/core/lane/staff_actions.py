"""What staff do at the lane, each checked and audited.

Every action takes the acting member (any object with ``id``, ``name``, ``role``), is
checked with the injected ``can(member, action)`` (refused: ``not_permitted``) and, when
done, recorded with the injected ``audit(actor, action, kiosk_id, transaction_id,
before, after)``. Actions (:class:`~kiosk.core.lane.settings.StaffAction`): ``login``
(log in and out), ``approve_age``, ``approve_void`` (or refuse), ``key_in_item``
(optionally at a price), ``cancel_transaction`` (never with a payment in flight),
``lock_lane`` / ``unlock_lane`` (lock only without an open transaction; unlock after a
journal failure only once a real write succeeds), ``diagnostics``, ``resolve_payment``
(settle an unknown payment) and ``reverse_payment``.

For the attendant console (and a staff member at the lane alike) there are also: a claim
of a help call (``answer_help``: the first member to claim or acknowledge it owns it),
resolving a call, refusing an age check (``approve_age``: the restricted lines are
removed), removing a line (``approve_void``), marking the transaction paid at the
service desk (``resolve_payment``: closed ``paid_elsewhere``), reprinting an earlier
sale's receipt (``answer_help``) and reading the devices' health (``diagnostics``).

Every action but the login is also an ``intervention`` outbox event for the consoles:
who (and from which console), their role, the action, the transaction, the help call it
answered and the console command that caused it (``LaneContext.origin``, set by
``LaneController.on_command``), with the same before and after as the audit entry.

While staff are logged in (``staff``) or the lane is out of service or in diagnostics,
a flow's result that would move the shopper's screen is held back
(``LaneContext.go``); leaving puts the lane where it belongs (:meth:`StaffActions.home_state`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from drivers.device import DeviceStatus
from kiosk.core.barcodes import InvalidBarcode, parse_barcode
from kiosk.core.cart import CartError, CartEvent
from kiosk.core.journal.journal import INTERVENTION
from kiosk.core.lane.context import (
    CommandOrigin,
    LaneContext,
    OutOfService,
    guarded,
    line_dict,
    member_dict,
    product_params,
    staff_ref,
)
from kiosk.core.lane.help import APPROVAL_REASONS, HelpReason, HelpStatus
from kiosk.core.lane.messages import MessageKey
from kiosk.core.lane.payment_flow import PaymentPhase
from kiosk.core.lane.settings import Audit, Can, DeviceRole, OutOfServiceReason, StaffAction
from kiosk.core.session import SessionState, Trigger

if TYPE_CHECKING:
    from kiosk.core.lane.checkout import Checkout
    from kiosk.core.lane.help_desk import HelpCalls
    from kiosk.core.lane.resume import Resume
    from kiosk.core.lane.shopping import Shopping

__all__ = ["StaffActions"]

_log = logging.getLogger("kiosk.lane")

S = SessionState
T = Trigger

_CURRENT: Any = object()
"""Default of :meth:`StaffActions._record_audit`'s keywords: the lane's current value."""

CART_STAFF_STATES = (
    S.SHOPPING,
    S.STAFF,
    S.AWAITING_ATTENDANT,
    S.DECLINED,
    S.IDLE_PROMPT,
    S.SUSPENDED,
)
"""Where staff may change the shopper's cart (never while paying or once paid)."""


class StaffActions:
    """Staff at the lane: permission-checked, audited actions."""

    def __init__(
        self,
        ctx: LaneContext,
        calls: HelpCalls,
        shopping: Shopping,
        checkout: Checkout,
        resume: Resume,
        *,
        can: Can,
        audit: Audit,
    ) -> None:
        self.ctx = ctx
        self.calls = calls
        self.shopping = shopping
        self.checkout = checkout
        self.resume = resume
        self._can = can
        self._audit = audit

    def _permitted(self, member: Any, action: StaffAction) -> bool:
        if self._can(member, action.value):
            return True
        _log.warning("%s may not %s", getattr(member, "id", member), action.value)
        self.ctx.say(MessageKey.NOT_PERMITTED, action=action.value)
        return False

    def may(self, member: Any, action: StaffAction | str) -> bool:
        """Whether ``member`` may take ``action`` here (the injected ``can``), saying nothing."""
        return bool(self._can(member, StaffAction(action).value))

    def _record_audit(
        self,
        member: Any,
        action: StaffAction | str,
        before: Any,
        after: Any,
        *,
        call_id: str | None = None,
        transaction_id: Any = _CURRENT,
        origin: Any = _CURRENT,
    ) -> None:
        """The audit entry, and (but for a login) the ``intervention`` outbox event."""
        ctx = self.ctx
        name = str(getattr(action, "value", action))
        transaction = ctx.transaction_id if transaction_id is _CURRENT else transaction_id
        self._audit(member, name, ctx.settings.kiosk_id, transaction, before, after)
        if name == StaffAction.LOGIN.value:
            return
        cause: CommandOrigin | None = ctx.origin if origin is _CURRENT else origin
        role = getattr(member, "role", None)
        ctx.journal.enqueue(
            INTERVENTION,
            {
                "transaction_id": transaction,
                "staff": staff_ref(member),
                "role": None if role is None else str(getattr(role, "value", role)),
                "action": name,
                "call_id": (cause.call_id if cause is not None else None) or call_id,
                "command_id": None if cause is None else cause.command_id,
                "before": before,
                "after": after,
            },
        )

    # ------------------------------------------------------------------ login

    def staff_login(self, member: Any) -> bool:
        """A staff member identified at the lane (PIN or badge, checked by the staff module)."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.LOGIN):
            return False
        if not ctx.machine.can(S.STAFF, T.STAFF_LOGIN):
            return ctx.not_now("staff_login")
        ctx.staff = member
        ctx.go(S.STAFF, T.STAFF_LOGIN)
        self._record_audit(member, StaffAction.LOGIN, None, member_dict(member))
        return True

    def staff_logout(self) -> bool:
        ctx = self.ctx
        if ctx.state is not S.STAFF:
            return ctx.not_now("staff_logout")
        member = ctx.staff
        ctx.staff = None
        ctx.go(self.home_state(), T.STAFF_LOGOUT)
        if member is not None:
            self._record_audit(member, StaffAction.LOGIN, member_dict(member), None)
        return True

    def home_state(self) -> SessionState:
        """Where the lane belongs when staff leave it."""
        ctx = self.ctx
        if ctx.out_of_service is not None:
            return S.OUT_OF_SERVICE
        if ctx.payment is not None:
            return S.PAYMENT_UNKNOWN
        if ctx.receipt is not None:
            return S.RECEIPT
        if ctx.cart is not None:
            return S.SHOPPING
        return S.ATTRACT

    # ------------------------------------------------------------------ approvals

    @guarded
    def approve_age(self, member: Any) -> bool:
        """A staff member checked the shopper's age: the cart's age-restricted items may
        be paid (also those scanned later up to that age)."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.APPROVE_AGE):
            return False
        cart = ctx.cart
        if cart is None or cart.needs_age_check <= ctx.approved_age:
            return ctx.not_now("approve_age")
        before = ctx.approved_age
        ctx.approved_age = cart.needs_age_check
        answered = None
        for call in ctx.open_help_calls:
            if call.reason is HelpReason.AGE_CHECK:
                answered = answered or call.id
                self.calls.update_call(
                    call,
                    HelpStatus.RESOLVED,
                    staff=member.name,
                    outcome=f"approved:{ctx.approved_age}",
                )
        self._record_audit(
            member,
            StaffAction.APPROVE_AGE,
            {"approved_age": before},
            {"approved_age": ctx.approved_age},
            call_id=answered,
        )
        ctx.say(MessageKey.AGE_APPROVED, age=ctx.approved_age, name=member.name)
        self.shopping.recheck_blocks()
        return True

    @guarded
    def approve_void(self, member: Any, call_id: str, approve: bool = True) -> bool:
        """Approve (or refuse) a removal or quantity decrease the shopper asked for."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.APPROVE_VOID):
            return False
        call = ctx.calls.get(call_id)
        pending = ctx.pending_changes.get(call_id)
        if call is None or pending is None or not call.is_open or ctx.cart is None:
            return ctx.not_now("approve_void")
        if ctx.payment is not None:
            return ctx.not_now("approve_void")
        cart = ctx.cart
        before = line_dict(cart.line(pending.line_id))
        outcome = "refused"
        if approve:
            try:
                event: CartEvent = (
                    cart.void_line(pending.line_id, f"void approved by {member.name}")
                    if pending.quantity is None
                    else cart.set_quantity(pending.line_id, pending.quantity)
                )
            except CartError as error:
                outcome = f"not applicable: {type(error).__name__}"
            else:
                self.shopping.record(event)
                outcome = "approved"
        del ctx.pending_changes[call_id]
        self.calls.update_call(call, HelpStatus.RESOLVED, staff=member.name, outcome=outcome)
        after = line_dict(cart.line(pending.line_id))
        # the permission is approve_void either way; the record says which it was
        action = StaffAction.APPROVE_VOID.value if approve else "refuse_void"
        self._record_audit(member, action, before, after, call_id=call_id)
        key = MessageKey.VOID_APPROVED if outcome == "approved" else MessageKey.VOID_REJECTED
        ctx.say(key, line_id=pending.line_id, name=member.name)
        self.shopping.recheck_blocks()
        return True

    # ------------------------------------------------------------------ the cart

    @guarded
    def key_in_item(
        self, member: Any, code: str, price_cents: int | None = None, quantity: int = 1
    ) -> bool:
        """A staff member keys in an item (optionally at a price: a price-label item);
        ``quantity`` pieces of it, as that many scans (without a price)."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.KEY_IN_ITEM):
            return False
        if ctx.cart is None or ctx.payment is not None:
            return ctx.not_now("key_in_item")
        if ctx.state not in (
            S.SHOPPING,
            S.STAFF,
            S.AWAITING_ATTENDANT,
            S.DECLINED,
            S.IDLE_PROMPT,
            S.SUSPENDED,
        ):
            return ctx.not_now("key_in_item")
        parsed = parse_barcode(str(code), prefixes=ctx.settings.prefixes)
        if isinstance(parsed, InvalidBarcode):
            return self.shopping.invalid(parsed, keyed=True)
        cart = ctx.cart
        before = cart.totals.total_cents
        if price_cents is None:
            if ctx.state is not S.STAFF and not self.shopping.ready_to_sell("key_in_item"):
                return False
            done = self.shopping.sell(parsed)
            for _ in range(max(1, int(quantity)) - 1):
                if not (done and self.shopping.sell(parsed)):
                    break
        else:
            product = (
                ctx.catalog.by_plu(parsed.plu)
                if parsed.plu is not None
                else ctx.catalog.by_gtin(parsed.lookup_gtin or "")
            )
            if product is None:
                ctx.say(MessageKey.UNKNOWN_BARCODE, code=str(code))
                return False
            try:
                event = cart.add_priced(
                    product,
                    price_cents,
                    barcode=parsed.raw,
                    promotions=ctx.catalog.promotions_for(product.id, cart.today),
                )
            except CartError as error:
                ctx.say(MessageKey.ITEM_REFUSED, problem=type(error).__name__,
                        **product_params(product))  # fmt: skip
                return False
            self.shopping.record(event)
            self.shopping.set_last_item(event.line_id, product)
            self.shopping.check_age(product)
            done = True
        if done:
            self._record_audit(
                member,
                StaffAction.KEY_IN_ITEM,
                {"total_cents": before},
                {"code": str(code), "price_cents": price_cents, "quantity": quantity,
                 "total_cents": cart.totals.total_cents},
            )  # fmt: skip
        return done

    @guarded
    def cancel_transaction(self, member: Any) -> bool:
        """A staff member cancels the shopper's transaction (never with a payment in flight)."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.CANCEL_TRANSACTION):
            return False
        cart = ctx.cart
        if cart is None or ctx.payment is not None:
            return ctx.not_now("cancel_transaction")
        if ctx.state is S.IDLE_PROMPT:
            ctx.go(S.SHOPPING, T.TOUCH)
        if not ctx.machine.can(S.ATTRACT, T.CANCEL_TRANSACTION):
            return ctx.not_now("cancel_transaction")
        self._close_by_staff(member, "cancelled", StaffAction.CANCEL_TRANSACTION)
        ctx.say(MessageKey.TRANSACTION_CANCELLED, name=member.name)
        return True

    @guarded
    def paid_at_desk(self, member: Any) -> bool:
        """The shopper paid at the service desk: the transaction closes as
        ``paid_elsewhere``, its open calls are resolved, the lane is free for the next
        shopper (never with a payment in flight: settle that first)."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.RESOLVE_PAYMENT):
            return False
        if ctx.cart is None or ctx.payment is not None:
            return ctx.not_now("paid_at_desk")
        if ctx.state is S.IDLE_PROMPT:
            ctx.go(S.SHOPPING, T.TOUCH)
        if not ctx.machine.can(S.ATTRACT, T.CANCEL_TRANSACTION):
            return ctx.not_now("paid_at_desk")
        self._close_by_staff(member, "paid_elsewhere", "paid_at_desk")
        ctx.say(MessageKey.THANK_YOU)
        return True

    def _close_by_staff(self, member: Any, status: str, action: StaffAction | str) -> None:
        """End the shopper's transaction without a card payment at the lane (cancelled, or
        paid at the desk): journal, its open calls, the record, back to attract. The
        session table's ``cancel_transaction`` trigger covers both: the lane goes back to
        attract because staff ended the transaction."""
        ctx = self.ctx
        cart = ctx.cart
        assert cart is not None
        before = ctx.cart_summary()
        totals = cart.totals
        ctx.journal.close_transaction(
            cart.transaction_id, status, totals.total_cents, items=totals.item_count
        )
        closed, outcome = (
            (HelpStatus.CANCELLED, "transaction cancelled")
            if status == "cancelled"
            else (HelpStatus.RESOLVED, "paid at the service desk")
        )
        for call in ctx.open_help_calls:
            if call.transaction_id == cart.transaction_id:
                self.calls.update_call(call, closed, staff=member.name, outcome=outcome)
        self._record_audit(
            member, action, before, None if status == "cancelled" else {"status": status}
        )
        ctx.staff = None
        ctx.end_session(T.CANCEL_TRANSACTION)

    # ------------------------------------------------------------------ the lane

    @guarded
    def lock_lane(self, member: Any, reason: str = "") -> bool:
        """Take the lane out of service (only without an open transaction)."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.LOCK_LANE):
            return False
        if ctx.cart is not None or not ctx.machine.can(S.OUT_OF_SERVICE, T.LOCK):
            return ctx.not_now("lock_lane")
        ctx.out_of_service = OutOfService(
            OutOfServiceReason.LOCKED_BY_STAFF, str(reason), getattr(member, "name", None)
        )
        ctx.staff = None
        ctx.go(S.OUT_OF_SERVICE, T.LOCK)
        self._record_audit(member, StaffAction.LOCK_LANE, None, {"reason": str(reason)})
        ctx.say(MessageKey.OUT_OF_SERVICE, reason=OutOfServiceReason.LOCKED_BY_STAFF)
        return True

    @guarded
    def unlock_lane(self, member: Any) -> bool:
        """Back in service: after a lock, or after a journal failure once the journal
        writes again (checked with a real write); the open transaction is taken up again."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.UNLOCK_LANE):
            return False
        oos = ctx.out_of_service
        if oos is None or ctx.state not in (S.OUT_OF_SERVICE, S.STAFF):
            return ctx.not_now("unlock_lane")
        if oos.reason is OutOfServiceReason.JOURNAL_WRITE_FAILED:
            ctx.journal.enqueue("lane_unlocked", {"by": getattr(member, "id", None)})
        ctx.out_of_service = None
        # from OUT_OF_SERVICE straight to where the journal says; from STAFF on logout
        self.resume.from_journal(T.UNLOCK)
        self._record_audit(member, StaffAction.UNLOCK_LANE, {"reason": oos.reason.value}, None)
        ctx.say(MessageKey.BACK_IN_SERVICE)
        return True

    @guarded
    def enter_diagnostics(self, member: Any) -> bool:
        """A technician opens diagnostics (only without an open transaction)."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.DIAGNOSTICS):
            return False
        if ctx.cart is not None or not ctx.machine.can(S.DIAGNOSTICS, T.ENTER_DIAGNOSTICS):
            return ctx.not_now("enter_diagnostics")
        ctx.go(S.DIAGNOSTICS, T.ENTER_DIAGNOSTICS)
        self._record_audit(member, StaffAction.DIAGNOSTICS, None, {"diagnostics": True})
        return True

    def leave_diagnostics(self) -> bool:
        ctx = self.ctx
        if ctx.state is not S.DIAGNOSTICS:
            return ctx.not_now("leave_diagnostics")
        target = S.STAFF if ctx.staff is not None else self.home_state()
        ctx.go(target, T.LEAVE_DIAGNOSTICS)
        return True

    # ------------------------------------------------------------------ payments

    @guarded
    def resolve_payment(self, member: Any, approved: bool, note: str = "") -> bool:
        """A supervisor settles an unknown payment after looking at the terminal's own
        journal: approved (finish, receipt) or not taken (back to shopping)."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.RESOLVE_PAYMENT):
            return False
        attempt = ctx.payment
        if attempt is None or attempt.phase is not PaymentPhase.UNKNOWN or attempt.job_running:
            return ctx.not_now("resolve_payment")
        record = {
            "resolved_by": getattr(member, "id", None),
            "outcome": "approved" if approved else "cancelled",
            "note": note,
        }
        self.checkout.lift_terminal_block(approved, note)
        self._record_audit(
            member,
            StaffAction.RESOLVE_PAYMENT,
            attempt.to_dict(),
            {**record},
            call_id=attempt.help_call_id,
        )
        self.checkout.apply_staff_verdict(attempt, approved, record)
        return True

    @guarded
    def reverse_payment(
        self,
        member: Any,
        reference: str,
        terminal_reference: str | None = None,
        *,
        transaction_id: str | None = None,
    ) -> bool:
        """A supervisor reverses a mistaken charge (an approved payment of this lane);
        ``transaction_id``: the sale it belongs to, for the record (default: the open one).
        The terminal answers later: the reversal is recorded once it said yes."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.REVERSE_PAYMENT):
            return False
        if ctx.devices.payment is None or ctx.payment is not None:
            return ctx.not_now("reverse_payment")
        origin = ctx.origin  # the answer comes after the console's command is done
        transaction = ctx.transaction_id if transaction_id is None else transaction_id

        def audit() -> None:
            self._record_audit(
                member, StaffAction.REVERSE_PAYMENT, {"reference": reference, "status": "approved"},
                {"reference": reference, "status": "reversed"}, transaction_id=transaction,
                origin=origin,
            )  # fmt: skip

        self.checkout.reverse(reference, terminal_reference, audit)
        return True

    # ------------------------------------------------------------------ help calls

    @guarded
    def claim_help(self, member: Any, call_id: str) -> bool:
        """``member`` takes the call ("Sam is on the way", shown at once). The first
        member to claim or acknowledge it owns it: another member's claim is refused; the
        owner's own claim again changes nothing."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.ANSWER_HELP):
            return False
        call = ctx.calls.get(call_id)
        if call is None or not call.is_open:
            return ctx.not_now("claim_help")
        owner = call.owner
        me = staff_ref(member)
        if owner is not None and owner.get("staff_id") is not None:
            if owner.get("staff_id") == me["staff_id"]:
                return True
            return ctx.not_now("claim_help")
        self.calls.update_call(call, HelpStatus.ACKNOWLEDGED, owner=me)
        ctx.say(MessageKey.HELP_ON_THE_WAY, name=member.name, reason=call.reason, call_id=call_id)
        return True

    @guarded
    def resolve_help(self, member: Any, call_id: str, outcome: str = "helped") -> bool:
        """``member`` dealt with the call. Approvals and unknown payments are settled by
        their own actions (approve_age, approve_void, resolve_payment)."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.ANSWER_HELP):
            return False
        call = ctx.calls.get(call_id)
        if call is None or not call.is_open:
            return ctx.not_now("resolve_help")
        if call.reason in APPROVAL_REASONS or call.reason is HelpReason.PAYMENT_UNKNOWN:
            return ctx.not_now("resolve_help")
        before = {"status": call.status.value}
        self.calls.update_call(call, HelpStatus.RESOLVED, staff=member.name, outcome=outcome)
        self._record_audit(
            member,
            "resolve_help",
            before,
            {"status": HelpStatus.RESOLVED.value, "outcome": outcome},
            call_id=call_id,
            transaction_id=call.transaction_id,
        )
        ctx.say(MessageKey.HELP_RESOLVED, reason=call.reason, call_id=call_id)
        return True

    # ------------------------------------------------------------------ age and lines

    @guarded
    def refuse_age(self, member: Any) -> bool:
        """The shopper could not show they are old enough: every line that needs more than
        the age approved is removed (journal first, one void each), the age check is
        resolved as ``refused`` and shopping goes on."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.APPROVE_AGE):
            return False
        cart = ctx.cart
        if cart is None or cart.needs_age_check <= ctx.approved_age or ctx.payment is not None:
            return ctx.not_now("refuse_age")
        if ctx.state not in CART_STAFF_STATES:
            return ctx.not_now("refuse_age")
        before = {"total_cents": cart.totals.total_cents, "lines": len(cart.active_lines)}
        removed = []
        for line in cart.active_lines:
            if line.product.min_age > ctx.approved_age:
                self.shopping.record(cart.void_line(line.line_id, f"age not shown ({member.name})"))
                removed.append(line)
        if ctx.last_item is not None and ctx.last_item.get("line_id") in {
            line.line_id for line in removed
        }:
            ctx.last_item = None
            ctx.last_item_changed.emit(None)
        answered = None
        for call in ctx.open_help_calls:
            if call.reason is HelpReason.AGE_CHECK:
                answered = answered or call.id
                self.calls.update_call(
                    call, HelpStatus.RESOLVED, staff=member.name, outcome="refused"
                )
        self._record_audit(
            member,
            "refuse_age",
            before,
            {"total_cents": cart.totals.total_cents, "removed": len(removed)},
            call_id=answered,
        )
        for line in removed:
            ctx.say(MessageKey.LINE_REMOVED, line_id=line.line_id, **product_params(line.product))
        self.shopping.recheck_blocks()
        return True

    @guarded
    def remove_item(self, member: Any, line_id: str) -> bool:
        """``member`` removes a line from the shopper's cart (a void by staff: no approval
        needed, a void the shopper asked for of that line is settled with it)."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.APPROVE_VOID):
            return False
        cart = ctx.cart
        if cart is None or ctx.payment is not None or ctx.state not in CART_STAFF_STATES:
            return ctx.not_now("remove_item")
        try:
            line = cart.line(line_id)
            event = cart.void_line(line_id, f"removed by {member.name}")
        except CartError as error:
            ctx.say(MessageKey.QUANTITY_REFUSED, problem=type(error).__name__, line_id=line_id)
            return False
        before = line_dict(line)
        self.shopping.record(event)
        answered = None
        for call_id, pending in tuple(ctx.pending_changes.items()):
            call = ctx.calls.get(call_id)
            if pending.line_id == line_id and call is not None and call.is_open:
                answered = answered or call_id
                self.calls.update_call(
                    call, HelpStatus.RESOLVED, staff=member.name, outcome="removed by staff"
                )
            if pending.line_id == line_id:
                del ctx.pending_changes[call_id]
        if ctx.last_item is not None and ctx.last_item.get("line_id") == line_id:
            ctx.last_item = None
            ctx.last_item_changed.emit(None)
        self._record_audit(
            member, "remove_item", before, line_dict(cart.line(line_id)), call_id=answered
        )
        ctx.say(MessageKey.LINE_REMOVED, line_id=line_id, **product_params(line.product))
        self.shopping.recheck_blocks()
        return True

    # ------------------------------------------------------------------ receipts, devices

    @guarded
    def reprint_receipt(self, member: Any, transaction_id: str) -> bool:
        """Print the receipt of an earlier sale of this lane paid by card again."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.ANSWER_HELP):
            return False
        if ctx.devices.printer is None or not ctx.device_ok(DeviceRole.PRINTER):
            ctx.say(MessageKey.PRINTER_PROBLEM, device=DeviceRole.PRINTER.value)
            return False
        sale = ctx.journal.paid_sale(transaction_id)
        if sale is None:
            return ctx.not_now("reprint_receipt")
        self.checkout.reprint(sale)
        self._record_audit(
            member,
            "reprint_receipt",
            None,
            {"reprinted": transaction_id},
            transaction_id=transaction_id,
        )
        return True

    def device_health(self) -> dict[DeviceRole, DeviceStatus | None]:
        """Every configured device and its last known status (None: it reports none)."""
        ctx = self.ctx
        return {
            role: ctx.device_status.get(role) or getattr(port, "status", None)
            for role, port in ctx.devices.items()
        }

    @guarded
    def run_diagnostics(
        self, member: Any, roles: tuple[DeviceRole | str, ...] = ()
    ) -> dict[DeviceRole, DeviceStatus | None] | None:
        """The health of the lane's devices (``roles``, or all), as their drivers report
        it, without taking the lane out of the shopper's hands; None when not permitted."""
        if not self._permitted(member, StaffAction.DIAGNOSTICS):
            return None
        health = self.device_health()
        wanted = [DeviceRole(role) for role in roles] or list(health)
        report = {role: health[role] for role in wanted if role in health}
        self._record_audit(
            member,
            "run_diagnostics",
            None,
            {
                role.value: "unknown" if status is None else str(status)
                for role, status in report.items()
            },
        )
        return report
