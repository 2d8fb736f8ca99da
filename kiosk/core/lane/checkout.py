"""Checkout: paying (never twice), declines, unknown outcomes, the receipt and the rating.

``pay()`` is refused while a payment exists, while weighing, with nothing to pay, or
while approvals are open (``awaiting_attendant``). Otherwise the pending payment is
written (``journal.begin_payment``) **before** the terminal is asked; ``start_payment``
runs through the scheduler (channel ``payment``). The terminal's answer: approved →
settle, close the transaction (``paid``), ``receipt``; declined → ``declined`` with the
reason's message; cancelled → ``shopping``; unknown, an unexpected error or no answer
within ``payment_s`` (+ ``PAYMENT_CANCEL_GRACE_S`` after the cancel) → ``payment_unknown``,
and the terminal is asked (``transaction_status``) before anything else, again every
``reconcile_retry_s``, with a ``payment_unknown`` help call while it cannot tell.
``TerminalUnavailable`` / ``TerminalBusy`` / ``OutcomeUnknown`` mean nothing was sent:
the payment is ``failed``. A supervisor settles an unknown payment
(:meth:`Checkout.apply_staff_verdict`) or reverses a mistaken charge (:meth:`Checkout.reverse`);
:mod:`~kiosk.core.lane.staff_actions` checks their permission and audits them.

The receipt: print (through the scheduler, channel ``printer``), digital (an outbox
``digital_receipt`` with the lines and the QR address) or none; nothing chosen within
``attract_after_receipt_s`` counts as none. The journal records the choice and a
successful print (``receipt_chosen`` / ``receipt_printed``), so a restart can offer a
receipt that was never handed out (:mod:`~kiosk.core.lane.resume`). ``rate(score)``
ends the visit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from drivers.payment.interface import (
    OutcomeUnknown,
    PaymentOutcome,
    PaymentResult,
    TerminalBusy,
    TerminalUnavailable,
)
from kiosk.core.cart import Cart
from kiosk.core.journal import PaymentInFlight
from kiosk.core.journal.journal import (
    DIGITAL_RECEIPT,
    RECEIPT_CHOSEN,
    RECEIPT_PRINTED,
    ClosedSale,
)
from kiosk.core.lane.context import (
    PAYMENTS_APPROVED,
    PAYMENTS_DECLINED,
    PAYMENTS_STARTED,
    PAYMENTS_UNKNOWN,
    RECEIPTS_FAILED,
    LaneContext,
    ReceiptState,
    guarded,
    ignore_result,
    journal_time,
)
from kiosk.core.lane.help import HelpReason, HelpStatus
from kiosk.core.lane.messages import MessageKey
from kiosk.core.lane.payment_flow import (
    PaymentAttempt,
    PaymentPhase,
    decline_calls_staff,
    decline_message,
)
from kiosk.core.lane.scheduler import JobResult
from kiosk.core.lane.settings import DeviceRole, ReceiptChoice
from kiosk.core.receipt import ReceiptHeader, receipt_lines
from kiosk.core.session import SessionState, Trigger

if TYPE_CHECKING:
    from kiosk.core.lane.help_desk import HelpCalls

__all__ = ["PAYMENT_CANCEL_GRACE_S", "Checkout"]

_log = logging.getLogger("kiosk.lane")

S = SessionState
T = Trigger

PAYMENT_CANCEL_GRACE_S = 30.0
"""After ``payment_s`` the lane asks the terminal to stop; this much later without an
answer the outcome counts as unknown (the terminal is then asked, then staff)."""


class Checkout:
    """Paying, reconciling, the receipt and the visit's rating."""

    STATES = (S.PAYING, S.PAYMENT_UNKNOWN, S.RECEIPT, S.FEEDBACK)
    """The states whose time this part watches."""

    def __init__(self, ctx: LaneContext, calls: HelpCalls) -> None:
        self.ctx = ctx
        self.calls = calls

    # ------------------------------------------------------------------ paying

    @guarded
    def pay(self) -> bool:
        """Pay the cart's total: journal first, then the terminal (never twice)."""
        ctx = self.ctx
        ctx.activity()
        state = ctx.state
        if ctx.payment is not None:
            ctx.say(MessageKey.PAYMENT_ALREADY_RUNNING)
            return False
        if state not in (S.SHOPPING, S.DECLINED):
            return ctx.not_now("pay")
        cart = ctx.cart
        assert cart is not None
        total = cart.totals.total_cents
        if ctx.weighing is not None:
            ctx.say(MessageKey.STILL_WEIGHING)
            return False
        if total <= 0:
            ctx.say(MessageKey.NOTHING_TO_PAY)
            return False
        blocks = ctx.pay_blocks()
        if blocks:
            if state is S.DECLINED:
                ctx.go(S.SHOPPING, T.BACK)
            ctx.go(S.AWAITING_ATTENDANT, T.PAY_BLOCKED)
            for reason in blocks:
                key = (
                    MessageKey.PAY_BLOCKED_AGE
                    if reason is HelpReason.AGE_CHECK
                    else MessageKey.PAY_BLOCKED_VOID
                )
                ctx.say(key)
            return False
        terminal = ctx.devices.payment
        if terminal is None or not ctx.device_ok(DeviceRole.PAYMENT):
            self._payment_unavailable("terminal offline")
            return False
        try:
            record = ctx.journal.begin_payment(cart.transaction_id, total)
        except PaymentInFlight:
            # the journal knows a payment we do not: reconcile it, never start another
            _log.error("the journal has a payment in flight the lane did not know of")
            in_flight = ctx.journal.payment_in_flight(cart.transaction_id)
            assert in_flight is not None
            ctx.payment = PaymentAttempt(
                in_flight.reference, in_flight.amount_cents, PaymentPhase.UNKNOWN,
                started_at=ctx.clock.monotonic(),
            )  # fmt: skip
            ctx.go(S.PAYING, T.PAY if state is S.SHOPPING else T.RETRY)
            ctx.go(S.PAYMENT_UNKNOWN, T.PAYMENT_UNKNOWN)
            self.reconcile()
            return False
        ctx.statistics.increment(PAYMENTS_STARTED)
        attempt = PaymentAttempt(
            record.reference,
            total,
            PaymentPhase.IN_FLIGHT,
            started_at=ctx.clock.monotonic(),
            job_running=True,
        )
        ctx.payment = attempt
        ctx.go(S.PAYING, T.PAY if state is S.SHOPPING else T.RETRY)
        ctx.say(MessageKey.FOLLOW_TERMINAL, amount_cents=total)
        currency = ctx.settings.currency
        reference = record.reference
        ctx.scheduler.run(
            lambda: terminal.start_payment(total, currency, reference=reference),
            lambda result: self._payment_done(reference, result),
            channel="payment",
        )
        return True

    def _payment_unavailable(self, detail: str) -> None:
        self.ctx.say(MessageKey.PAYMENT_UNAVAILABLE, help_offered=True)
        self.calls.raise_call(
            HelpReason.DEVICE_FAULT,
            {"device": DeviceRole.PAYMENT.value, "detail": detail},
            subject=DeviceRole.PAYMENT.value,
        )

    @guarded
    def cancel_payment(self) -> bool:
        """The shopper pressed cancel: ask the terminal to stop. Its answer decides (a
        card already authorised stays approved)."""
        ctx = self.ctx
        ctx.activity()
        attempt = ctx.payment
        if ctx.state is not S.PAYING or attempt is None or not attempt.job_running:
            return ctx.not_now("cancel_payment")
        self._send_cancel(attempt)
        return True

    def _send_cancel(self, attempt: PaymentAttempt) -> None:
        ctx = self.ctx
        terminal = ctx.devices.payment
        if attempt.cancel_sent or terminal is None:
            return
        attempt.cancel_sent = True
        ctx.say(MessageKey.PAYMENT_CANCELLING)
        ctx.scheduler.run(terminal.cancel, ignore_result, channel="payment_cancel")

    @guarded
    def _payment_done(self, reference: str, result: JobResult[PaymentResult]) -> None:
        ctx = self.ctx
        attempt = ctx.payment
        if attempt is None or attempt.reference != reference:
            self._late_result(reference, result)
            return
        attempt.job_running = False
        if result.ok:
            self._apply_payment(attempt, result.get())
            return
        error = result.error
        if isinstance(error, TerminalUnavailable | TerminalBusy | OutcomeUnknown):
            # the interface's promise: nothing was sent to the terminal
            ctx.journal.settle_payment(
                reference,
                "failed",
                {"error": type(error).__name__, "detail": str(error)},
            )
            ctx.payment = None
            ctx.go(S.SHOPPING, T.PAYMENT_NOT_DONE)
            if isinstance(error, OutcomeUnknown):
                ctx.say(MessageKey.PAYMENT_STAFF_CHECKING)
                self.calls.raise_call(
                    HelpReason.PAYMENT_UNKNOWN,
                    {"terminal_unresolved": error.reference, "detail": str(error)},
                    subject=error.reference,
                )
            else:
                self._payment_unavailable(str(error))
            return
        # anything else: we cannot tell whether the terminal took it
        _log.warning("payment %s: %s; asking the terminal", reference, error)
        self._unknown(attempt, {"error": type(error).__name__, "detail": str(error)})

    def _late_result(self, reference: str, result: JobResult[PaymentResult]) -> None:
        """A terminal answer for a payment already settled otherwise (by staff): kept in
        the outbox for a supervisor, never acted on by itself."""
        payload: dict[str, Any] = {"reference": reference}
        if result.ok:
            payload["result"] = result.get().to_dict()
        else:
            payload["error"] = f"{type(result.error).__name__}: {result.error}"
        _log.warning("late payment result for %s: %s", reference, payload)
        self.ctx.journal.enqueue("late_payment_result", payload)

    def _apply_payment(self, attempt: PaymentAttempt, result: PaymentResult) -> None:
        ctx = self.ctx
        outcome = result.outcome
        if outcome is PaymentOutcome.UNKNOWN or result.reference != attempt.reference:
            self._unknown(attempt, result.to_dict())
            return
        if outcome is PaymentOutcome.APPROVED:
            ctx.journal.settle_payment(attempt.reference, "approved", result.to_dict())
            ctx.statistics.increment(PAYMENTS_APPROVED)
            self.finish_paid(
                attempt.reference,
                attempt.amount_cents,
                T.PAYMENT_APPROVED,
                settled=True,
                customer_receipt=list(result.customer_receipt),
            )
            return
        was_unknown = attempt.phase is PaymentPhase.UNKNOWN
        status = "declined" if outcome is PaymentOutcome.DECLINED else "cancelled"
        ctx.journal.settle_payment(attempt.reference, status, result.to_dict())
        ctx.payment = None
        self.calls.close_call(attempt.help_call_id, HelpStatus.RESOLVED, f"payment {status}")
        if outcome is PaymentOutcome.DECLINED:
            ctx.statistics.increment(PAYMENTS_DECLINED)
            ctx.declines += 1
            key = decline_message(result.reason)
            ctx.last_decline = {
                "reason": None if result.reason is None else result.reason.value,
                "result_code": result.result_code,
                "amount_cents": result.amount_cents,
                "reference": attempt.reference,
            }
            ctx.go(S.DECLINED, T.PAYMENT_DECLINED)
            ctx.say(key, reason=result.reason)
            if decline_calls_staff(key, ctx.declines):
                self.calls.raise_call(HelpReason.PAYMENT_DECLINED, {"decline": ctx.last_decline})
        elif was_unknown:
            ctx.go(S.SHOPPING, T.PAYMENT_NOT_DONE)
            ctx.say(MessageKey.PAYMENT_NOT_TAKEN)
        else:
            ctx.go(S.SHOPPING, T.PAYMENT_CANCELLED)
            ctx.say(MessageKey.PAYMENT_CANCELLED)

    def _unknown(self, attempt: PaymentAttempt, detail: dict[str, Any]) -> None:
        ctx = self.ctx
        if attempt.phase is PaymentPhase.IN_FLIGHT:
            attempt.phase = PaymentPhase.UNKNOWN
            ctx.statistics.increment(PAYMENTS_UNKNOWN)
            ctx.journal.settle_payment(attempt.reference, "unknown", detail)
            ctx.go(S.PAYMENT_UNKNOWN, T.PAYMENT_UNKNOWN)
            ctx.say(MessageKey.PAYMENT_CHECKING, amount_cents=attempt.amount_cents)
            self.reconcile()
        else:
            self._escalate_unknown(attempt, detail)

    def reconcile(self) -> None:
        """Ask the terminal what became of the unknown payment (nothing else first)."""
        ctx = self.ctx
        attempt = ctx.payment
        terminal = ctx.devices.payment
        if attempt is None or attempt.job_running:
            return
        if terminal is None:
            self._escalate_unknown(attempt, {"detail": "no payment terminal"})
            return
        attempt.job_running = True
        attempt.reconciliations += 1
        attempt.next_reconcile_at = None
        reference = attempt.reference
        ctx.scheduler.run(
            lambda: terminal.transaction_status(reference),
            lambda result: self._reconciled(reference, result),
            channel="payment",
        )

    @guarded
    def _reconciled(self, reference: str, result: JobResult[PaymentResult]) -> None:
        attempt = self.ctx.payment
        if attempt is None or attempt.reference != reference:
            self._late_result(reference, result)
            return
        attempt.job_running = False
        if not result.ok:
            self._escalate_unknown(attempt, {"error": f"{type(result.error).__name__}"})
            return
        self._apply_payment(attempt, result.get())

    def _escalate_unknown(self, attempt: PaymentAttempt, detail: dict[str, Any]) -> None:
        """Still unknown: staff must look (the lane keeps asking the terminal)."""
        ctx = self.ctx
        attempt.next_reconcile_at = ctx.clock.monotonic() + ctx.settings.reconcile_retry_s
        call = ctx.calls.get(attempt.help_call_id or "")
        if call is None or not call.is_open:
            call = self.calls.raise_call(
                HelpReason.PAYMENT_UNKNOWN,
                {
                    "reference": attempt.reference,
                    "amount_cents": attempt.amount_cents,
                    "detail": detail,
                },
                subject=attempt.reference,
            )
            attempt.help_call_id = call.id
            ctx.say(MessageKey.PAYMENT_STAFF_CHECKING, amount_cents=attempt.amount_cents)

    def finish_paid(
        self,
        reference: str,
        amount_cents: int,
        trigger: Trigger,
        *,
        settled: bool,
        customer_receipt: list[str] | None = None,
    ) -> None:
        ctx = self.ctx
        cart = ctx.cart
        assert cart is not None and settled
        totals = cart.totals
        ctx.journal.close_transaction(
            cart.transaction_id, "paid", totals.total_cents, items=totals.item_count
        )
        attempt = ctx.payment
        ctx.payment = None
        if attempt is not None:
            self.calls.close_call(attempt.help_call_id, HelpStatus.RESOLVED, "payment approved")
        for call in ctx.open_help_calls:
            if call.transaction_id == cart.transaction_id and call.reason is not HelpReason.IDLE:
                self.calls.update_call(call, HelpStatus.RESOLVED, outcome="transaction paid")
        self.offer_receipt(customer_receipt)
        ctx.go(S.RECEIPT, trigger)
        ctx.say(MessageKey.PAYMENT_APPROVED, amount_cents=amount_cents, reference=reference)
        receipt = ctx.receipt
        assert receipt is not None
        if receipt.printer_failed:
            ctx.say(MessageKey.PRINTER_FAILED_DIGITAL, url=receipt.url)

    def offer_receipt(
        self, customer_receipt: list[str] | None, *, when: datetime | None = None
    ) -> None:
        """The paid cart's receipt, ready to be chosen (``ctx.receipt``); ``when`` is the
        sale's time (default: now)."""
        ctx = self.ctx
        cart = ctx.cart
        assert cart is not None
        settings = ctx.settings
        url = settings.receipt_url.format(
            store=settings.store_id,
            kiosk=settings.kiosk_id,
            transaction=cart.transaction_id,
        )
        header = ReceiptHeader(
            store_name=settings.store_name,
            kiosk_name=settings.kiosk_name,
            transaction_id=cart.transaction_id,
            when=(when or ctx.clock.utc_now()).strftime("%Y-%m-%d %H:%M UTC"),
        )
        lines = receipt_lines(cart.totals, settings.language, header)
        if customer_receipt:
            lines += ["", *customer_receipt]
        ctx.receipt = ReceiptState(
            lines, url, printer_failed=not ctx.can_print(), transaction_id=cart.transaction_id
        )
        ctx.receipt.entered_at = ctx.clock.monotonic()

    # ------------------------------------------------------------------ a reprint

    def sale_receipt(self, sale: ClosedSale) -> list[str]:
        """The receipt of an earlier paid sale, as it was printed: its cart, its time and
        the terminal's slip."""
        settings = self.ctx.settings
        cart = Cart.replay(sale.id, sale.business_date, sale.events)
        when = journal_time(sale.closed_at) or self.ctx.clock.utc_now()
        header = ReceiptHeader(
            store_name=settings.store_name,
            kiosk_name=settings.kiosk_name,
            transaction_id=sale.id,
            when=when.strftime("%Y-%m-%d %H:%M UTC"),
        )
        lines = receipt_lines(cart.totals, settings.language, header)
        slip = sale.payment.result.get("customer_receipt")
        if isinstance(slip, list) and slip:
            lines += ["", *(str(line) for line in slip)]
        return lines

    def reprint(self, sale: ClosedSale) -> None:
        """Print an earlier sale's receipt again (staff asked), on the printer's channel.
        The lane's screen is left alone: the shopper at the lane now is someone else. A
        print that fails goes to the outbox as a ``device_fault``, like any print."""
        ctx = self.ctx
        printer = ctx.devices.printer
        assert printer is not None
        lines = self.sale_receipt(sale)
        ctx.scheduler.run(
            lambda: printer.print_receipt(lines),
            lambda result: self._reprinted(sale.id, result),
            channel="printer",
        )

    @guarded
    def _reprinted(self, transaction_id: str, result: JobResult[Any]) -> None:
        ctx = self.ctx
        outcome = result.value if result.ok else None
        if outcome is not None and getattr(outcome, "ok", False):
            ctx.journal.enqueue(
                RECEIPT_PRINTED, {"transaction_id": transaction_id, "reprint": True}
            )
            return
        ctx.statistics.increment(RECEIPTS_FAILED)
        reason = getattr(outcome, "reason", None) if outcome is not None else None
        detail = getattr(outcome, "detail", "") if outcome is not None else str(result.error)
        _log.warning("reprint of %s failed: %s %s", transaction_id, reason, detail)
        ctx.journal.enqueue(
            "device_fault",
            {
                "device": DeviceRole.PRINTER.value,
                "reason": None if reason is None else str(reason),
                "detail": detail,
                "transaction_id": transaction_id,
            },
        )

    # ------------------------------------------------------------------ staff settles

    def lift_terminal_block(self, approved: bool, note: str) -> None:
        """A supervisor settled an unknown payment: lift the driver's own block on payments."""
        ctx = self.ctx
        outcome = PaymentOutcome.APPROVED if approved else PaymentOutcome.CANCELLED
        terminal = ctx.devices.payment
        if terminal is not None:
            ctx.scheduler.run(
                lambda: terminal.resolve_manually(outcome, note=note or "resolved by staff"),
                ignore_result,
                channel="payment",
            )

    def apply_staff_verdict(
        self, attempt: PaymentAttempt, approved: bool, record: dict[str, Any]
    ) -> None:
        """Record a supervisor's verdict: approved (finish, receipt) or not taken."""
        ctx = self.ctx
        if approved:
            ctx.journal.settle_payment(attempt.reference, "approved", record)
            ctx.statistics.increment(PAYMENTS_APPROVED)
            self.finish_paid(
                attempt.reference, attempt.amount_cents, T.PAYMENT_APPROVED, settled=True
            )
        else:
            ctx.journal.settle_payment(attempt.reference, "cancelled", record)
            ctx.payment = None
            self.calls.close_call(attempt.help_call_id, HelpStatus.RESOLVED, "not taken")
            ctx.go(S.SHOPPING, T.PAYMENT_NOT_DONE)
            ctx.say(MessageKey.PAYMENT_NOT_TAKEN)

    def reverse(
        self,
        reference: str,
        terminal_reference: str | None,
        on_reversed: Callable[[], None],
    ) -> None:
        """Ask the terminal to reverse an approved payment; ``on_reversed`` runs once it did."""
        ctx = self.ctx
        terminal = ctx.devices.payment
        assert terminal is not None

        def done(result: JobResult[PaymentResult]) -> None:
            self._reversed(reference, result, on_reversed)

        ctx.scheduler.run(
            lambda: terminal.reverse(reference, terminal_reference=terminal_reference),
            done,
            channel="payment",
        )

    @guarded
    def _reversed(
        self, reference: str, result: JobResult[PaymentResult], on_reversed: Callable[[], None]
    ) -> None:
        ctx = self.ctx
        if result.ok and result.get().approved:
            ctx.journal.mark_reversed(reference, result.get().to_dict())
            on_reversed()
            ctx.say(MessageKey.PAYMENT_REVERSED, reference=reference)
        else:
            detail = result.get().to_dict() if result.ok else str(result.error)
            _log.warning("reversal of %s failed: %s", reference, detail)
            ctx.say(MessageKey.PAYMENT_REVERSAL_FAILED, reference=reference)

    # ------------------------------------------------------------------ receipt, feedback

    @guarded
    def choose_receipt(self, choice: ReceiptChoice | str) -> bool:
        """Print, digital (QR) or no receipt."""
        ctx = self.ctx
        ctx.activity()
        choice = ReceiptChoice(choice)
        receipt = ctx.receipt
        if ctx.state is not S.RECEIPT or receipt is None or receipt.printing:
            return ctx.not_now("choose_receipt")
        printer = ctx.devices.printer
        if choice is ReceiptChoice.PRINT:
            if receipt.printer_failed or printer is None:
                ctx.say(MessageKey.PRINTER_FAILED_DIGITAL, url=receipt.url)
                return False
            receipt.printing = True
            receipt.choice = choice
            ctx.say(MessageKey.RECEIPT_PRINTING)
            lines = list(receipt.lines)
            ctx.scheduler.run(
                lambda: printer.print_receipt(lines), self._printed, channel="printer"
            )
            return True
        receipt.choice = choice
        if choice is ReceiptChoice.DIGITAL:
            if not (ctx.settings.digital_receipt or receipt.printer_failed):
                return ctx.not_now("digital_receipt")
            ctx.journal.enqueue(
                DIGITAL_RECEIPT,
                {"transaction_id": receipt.transaction_id, "url": receipt.url,
                 "lines": receipt.lines},
            )  # fmt: skip
            ctx.say(MessageKey.DIGITAL_RECEIPT, url=receipt.url)
        else:
            ctx.journal.enqueue(
                RECEIPT_CHOSEN, {"transaction_id": receipt.transaction_id, "choice": choice.value}
            )
            ctx.say(MessageKey.NO_RECEIPT)
        ctx.go(S.FEEDBACK, T.RECEIPT_DONE)
        return True

    @guarded
    def _printed(self, result: JobResult[Any]) -> None:
        ctx = self.ctx
        receipt = ctx.receipt
        if receipt is None or ctx.state is not S.RECEIPT:
            return
        receipt.printing = False
        outcome = result.value if result.ok else None
        if outcome is not None and getattr(outcome, "ok", False):
            ctx.journal.enqueue(RECEIPT_PRINTED, {"transaction_id": receipt.transaction_id})
            ctx.say(MessageKey.RECEIPT_PRINTED)
            ctx.go(S.FEEDBACK, T.RECEIPT_DONE)
            return
        ctx.statistics.increment(RECEIPTS_FAILED)
        reason = getattr(outcome, "reason", None) if outcome is not None else None
        detail = getattr(outcome, "detail", "") if outcome is not None else str(result.error)
        receipt.printer_failed = True
        receipt.choice = None
        # staff told through the outbox; the lane keeps selling with digital receipts
        ctx.journal.enqueue(
            "device_fault",
            {
                "device": DeviceRole.PRINTER.value,
                "reason": None if reason is None else str(reason),
                "detail": detail,
                "transaction_id": receipt.transaction_id,
            },
        )
        ctx.say(
            MessageKey.PRINTER_FAILED_DIGITAL,
            url=receipt.url,
            reason=None if reason is None else str(reason),
        )

    @guarded
    def rate(self, score: int) -> bool:
        """The shopper's one-tap rating (1-5) of the visit; then back to attract."""
        ctx = self.ctx
        ctx.activity()
        if ctx.state is not S.FEEDBACK:
            return ctx.not_now("rate")
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ValueError(f"a rating is 1-5, not {score!r}")
        ctx.journal.enqueue(
            "rating", {"transaction_id": ctx.transaction_id, "score": score, "of": "session"}
        )
        ctx.say(MessageKey.THANK_YOU)
        ctx.end_session(T.FEEDBACK_DONE)
        return True

    # ------------------------------------------------------------------ time

    def tick(self, now: float, state: SessionState) -> None:
        ctx = self.ctx
        settings = ctx.settings
        if state is S.PAYING:
            attempt = ctx.payment
            if attempt is not None and attempt.job_running:
                waited = now - attempt.started_at
                if waited >= settings.payment_s:
                    self._send_cancel(attempt)
                if waited >= settings.payment_s + PAYMENT_CANCEL_GRACE_S:
                    # the terminal call is stuck: unknown; staff asked right away
                    self._unknown(attempt, {"detail": "no answer from the terminal in time"})
                    if attempt.job_running:
                        self._escalate_unknown(attempt, {"detail": "terminal not answering"})
        elif state is S.PAYMENT_UNKNOWN:
            attempt = ctx.payment
            if (
                attempt is not None
                and not attempt.job_running
                and attempt.next_reconcile_at is not None
                and now >= attempt.next_reconcile_at
            ):
                self.reconcile()
        elif state is S.RECEIPT:
            receipt = ctx.receipt
            if (
                receipt is not None
                and not receipt.printing
                and now - ctx.state_entered_at >= settings.attract_after_receipt_s
            ):
                self.choose_receipt(ReceiptChoice.NONE)
        elif state is S.FEEDBACK and now - ctx.state_entered_at >= settings.attract_after_receipt_s:
            ctx.end_session(T.FEEDBACK_DONE)
