"""Crash resume: after a restart, the lane takes up what the journal says was going on.

``resume()`` in ``attract`` (and ``unlock_lane`` after a fault) reads
``journal.restore()``:

* an open transaction: its cart is the replay of its journalled events (nothing lost,
  nothing added); its open help calls, the age staff approved (from its resolved
  ``age_check`` calls, ``journal.help_calls``) and the pending void approvals come back.
  Then: an approved payment → close the sale and offer the receipt; a payment in flight
  → ``payment_unknown`` and the terminal is asked before anything else (never charged
  twice); otherwise ``shopping`` (``cart_restored``).
* no open transaction, but the last sale was paid and its receipt never handed out
  (the kiosk stopped between the payment and the receipt: no ``receipt_chosen`` in the
  journal, ``journal.receipt_pending()``): ``receipt`` again with
  ``receipt_after_restart`` ("your payment went through; here is your receipt"), print
  or digital as usual.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kiosk.core.cart import Cart
from kiosk.core.journal.journal import ClosedSale
from kiosk.core.lane.context import PAYMENTS_UNKNOWN, LaneContext, PendingChange, guarded
from kiosk.core.lane.help import HelpReason, HelpStatus
from kiosk.core.lane.messages import MessageKey
from kiosk.core.lane.payment_flow import PaymentAttempt, PaymentPhase
from kiosk.core.session import SessionState, Trigger

if TYPE_CHECKING:
    from kiosk.core.lane.checkout import Checkout
    from kiosk.core.lane.help_desk import HelpCalls

__all__ = ["Resume"]

S = SessionState
T = Trigger


class Resume:
    """Taking up the journal's open transaction (or an unhanded receipt) after a restart."""

    def __init__(self, ctx: LaneContext, calls: HelpCalls, checkout: Checkout) -> None:
        self.ctx = ctx
        self.calls = calls
        self.checkout = checkout

    @guarded
    def resume(self) -> bool:
        """After a restart: the open transaction's cart, or its payment's reconciliation.

        Nothing lost (the cart is the journal's replay), nothing added, nothing charged
        twice (a payment in flight is asked of the terminal before anything else).
        Returns whether there was something to resume.
        """
        if self.ctx.state is not S.ATTRACT:
            return self.ctx.not_now("resume")
        return self.from_journal(T.RESUME)

    def from_journal(self, trigger: Trigger) -> bool:
        ctx = self.ctx
        restored = ctx.journal.restore()
        ctx.reset_session()
        self.calls.restore()
        if restored is None:
            if ctx.state is S.OUT_OF_SERVICE and ctx.out_of_service is None:
                ctx.go(S.ATTRACT, trigger)
            ctx.update_situation()
            if trigger is T.RESUME and ctx.state is S.ATTRACT:
                sale = ctx.journal.receipt_pending()
                if sale is not None:
                    self._offer_receipt_again(sale)
                    return True
            return False
        ctx.cart = Cart.replay(restored.id, restored.business_date, restored.events)
        ctx.approved_age = self._approved_age(restored.id)
        for call in ctx.calls.values():
            if call.reason is HelpReason.VOID_APPROVAL and call.is_open:
                change = call.context.get("change", {})
                ctx.pending_changes[call.id] = PendingChange(
                    str(change.get("line_id")), change.get("quantity")
                )
        ctx.cart_changed.emit(ctx.cart.totals)
        approved = restored.approved_payment
        in_flight = restored.payment_in_flight
        if approved is not None:
            self.checkout.finish_paid(
                approved.reference, approved.amount_cents, trigger, settled=True
            )
        elif in_flight is not None:
            ctx.payment = PaymentAttempt(
                in_flight.reference,
                in_flight.amount_cents,
                PaymentPhase.UNKNOWN,
                started_at=ctx.clock.monotonic(),
            )
            ctx.statistics.increment(PAYMENTS_UNKNOWN)
            ctx.go(S.PAYMENT_UNKNOWN, trigger)
            ctx.say(MessageKey.PAYMENT_CHECKING, amount_cents=in_flight.amount_cents)
            self.checkout.reconcile()
        else:
            ctx.go(S.SHOPPING, trigger)
            totals = ctx.cart.totals
            ctx.say(
                MessageKey.CART_RESTORED,
                item_count=totals.item_count,
                total_cents=totals.total_cents,
            )
        return True

    def _offer_receipt_again(self, sale: ClosedSale) -> None:
        """The kiosk stopped after the sale was paid, before its receipt was dealt with:
        the shopper who comes back gets it (print, digital or none, as usual)."""
        ctx = self.ctx
        ctx.cart = Cart.replay(sale.id, sale.business_date, sale.events)
        ctx.cart_changed.emit(ctx.cart.totals)
        customer_receipt = sale.payment.result.get("customer_receipt")
        lines = (
            [str(line) for line in customer_receipt] if isinstance(customer_receipt, list) else None
        )
        self.checkout.offer_receipt(lines, when=_parse_time(sale.closed_at))
        ctx.go(S.RECEIPT, T.RESUME)
        payment = sale.payment
        ctx.say(
            MessageKey.RECEIPT_AFTER_RESTART,
            amount_cents=payment.amount_cents,
            reference=payment.reference,
        )
        receipt = ctx.receipt
        assert receipt is not None
        if receipt.printer_failed:
            ctx.say(MessageKey.PRINTER_FAILED_DIGITAL, url=receipt.url)

    def _approved_age(self, transaction_id: str) -> int:
        """The age staff approved in this transaction, from its resolved age-check calls."""
        ages = [
            int(outcome.split(":", 1)[1])
            for call in self.ctx.journal.help_calls(transaction_id)
            if call["reason"] == HelpReason.AGE_CHECK.value
            and call["status"] == HelpStatus.RESOLVED.value
            and (outcome := call["outcome"])
            and outcome.startswith("approved:")
            and outcome.split(":", 1)[1].isdigit()
        ]
        return max(ages, default=0)


def _parse_time(text: str) -> datetime | None:
    """A journal time (``2026-11-23T09:00:00.000000Z``) as an aware datetime."""
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return None
