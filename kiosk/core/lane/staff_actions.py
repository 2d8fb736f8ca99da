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

While staff are logged in (``staff``) or the lane is out of service or in diagnostics,
a flow's result that would move the shopper's screen is held back
(``LaneContext.go``); leaving puts the lane where it belongs (:meth:`StaffActions.home_state`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from kiosk.core.barcodes import InvalidBarcode, parse_barcode
from kiosk.core.cart import CartError, CartEvent
from kiosk.core.lane.context import (
    LaneContext,
    OutOfService,
    guarded,
    line_dict,
    member_dict,
    product_params,
)
from kiosk.core.lane.help import HelpReason, HelpStatus
from kiosk.core.lane.messages import MessageKey
from kiosk.core.lane.payment_flow import PaymentPhase
from kiosk.core.lane.settings import Audit, Can, OutOfServiceReason, StaffAction
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

    def _record_audit(self, member: Any, action: StaffAction, before: Any, after: Any) -> None:
        ctx = self.ctx
        self._audit(member, action.value, ctx.settings.kiosk_id, ctx.transaction_id, before, after)

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
        for call in ctx.open_help_calls:
            if call.reason is HelpReason.AGE_CHECK:
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
        self._record_audit(member, StaffAction.APPROVE_VOID, before, after)
        key = MessageKey.VOID_APPROVED if outcome == "approved" else MessageKey.VOID_REJECTED
        ctx.say(key, line_id=pending.line_id, name=member.name)
        self.shopping.recheck_blocks()
        return True

    # ------------------------------------------------------------------ the cart

    @guarded
    def key_in_item(self, member: Any, code: str, price_cents: int | None = None) -> bool:
        """A staff member keys in an item (optionally at a price: a price-label item)."""
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
                {"code": str(code), "price_cents": price_cents,
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
        before = ctx.cart_summary()
        ctx.journal.close_transaction(cart.transaction_id, "cancelled", cart.totals.total_cents)
        for call in ctx.open_help_calls:
            if call.transaction_id == cart.transaction_id:
                self.calls.update_call(
                    call, HelpStatus.CANCELLED, staff=member.name, outcome="transaction cancelled"
                )
        self._record_audit(member, StaffAction.CANCEL_TRANSACTION, before, None)
        ctx.staff = None
        ctx.end_session(T.CANCEL_TRANSACTION)
        ctx.say(MessageKey.TRANSACTION_CANCELLED, name=member.name)
        return True

    # ------------------------------------------------------------------ the lane

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
        self._record_audit(member, StaffAction.RESOLVE_PAYMENT, attempt.to_dict(), {**record})
        self.checkout.apply_staff_verdict(attempt, approved, record)
        return True

    @guarded
    def reverse_payment(
        self, member: Any, reference: str, terminal_reference: str | None = None
    ) -> bool:
        """A supervisor reverses a mistaken charge (an approved payment of this lane)."""
        ctx = self.ctx
        if not self._permitted(member, StaffAction.REVERSE_PAYMENT):
            return False
        if ctx.devices.payment is None or ctx.payment is not None:
            return ctx.not_now("reverse_payment")

        def audit() -> None:
            self._record_audit(
                member, StaffAction.REVERSE_PAYMENT, {"reference": reference, "status": "approved"},
                {"reference": reference, "status": "reversed"},
            )  # fmt: skip

        self.checkout.reverse(reference, terminal_reference, audit)
        return True
