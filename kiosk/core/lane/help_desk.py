"""Help calls at the lane: the register of calls, and what the shopper and staff do with them.

:class:`HelpCalls` keeps the lane's calls (``LaneContext.calls``) in step with the
journal: raise one (one open call per reason and subject: asking again returns the same
call), update or close one, bring the open ones back after a restart, and **escalate**
a call nobody acknowledged within ``LaneSettings.help_escalate_s`` (driven by
``tick(now)`` with the injected clock): the call is marked ``escalated`` (an outbox
event ``help_call_escalated`` for the consoles, which also survives a restart), the
lane's situation becomes ``help_unreachable`` (red flashing + buzzer: the consoles did
not bring anyone, so the lamp calls the floor) and the shopper is told
``help_still_looking`` ("we are still looking for someone: please wave to a staff
member"). Acknowledging, resolving or cancelling the call ends the escalation.

:class:`HelpDesk` holds the operations: the shopper's ``call_help``, ``cancel_help`` and
``rate_help``; staff's ``acknowledge_help`` and ``resolve_help``. Approvals (age check,
void) and unknown payments are settled by their own actions, not here.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from drivers.device import DeviceState
from kiosk.core.journal.journal import HELP_CALL_ESCALATED
from kiosk.core.lane.context import (
    HELP_CALLS,
    HELP_ESCALATIONS,
    SHOPPER_HELP_STATES,
    LaneContext,
    guarded,
    journal_time,
)
from kiosk.core.lane.help import APPROVAL_REASONS, HelpCall, HelpReason, HelpStatus, HelpTopic
from kiosk.core.lane.messages import MessageKey
from kiosk.core.session import SessionState

if TYPE_CHECKING:
    from kiosk.core.lane.idle import Idle
    from kiosk.core.lane.shopping import Shopping

__all__ = ["HelpCalls", "HelpDesk"]

_log = logging.getLogger("kiosk.lane")

S = SessionState


class HelpCalls:
    """The lane's help calls, kept in step with the journal."""

    def __init__(self, ctx: LaneContext) -> None:
        self.ctx = ctx

    def open_call(self, reason: HelpReason, subject: str | None = None) -> HelpCall | None:
        for call in self.ctx.calls.values():
            if call.is_open and call.reason is reason and call.subject == subject:
                return call
        return None

    def raise_call(
        self,
        reason: HelpReason,
        context: dict[str, Any],
        *,
        topic: HelpTopic | None = None,
        subject: str | None = None,
    ) -> HelpCall:
        ctx = self.ctx
        existing = self.open_call(reason, subject)
        if existing is not None and (topic is None or existing.topic is topic):
            return existing
        full = {
            **context,
            "kiosk_id": ctx.settings.kiosk_id,
            "state": ctx.state.value,
            "cart": ctx.cart_summary(),
            "topic": None if topic is None else topic.value,
            "subject": subject,
        }
        transaction_id = ctx.transaction_id
        raised_utc = ctx.clock.utc_now()
        call_id = ctx.journal.raise_help_call(
            reason.value, full, transaction_id, raised_at=raised_utc
        )
        ctx.statistics.increment(HELP_CALLS)
        call = HelpCall(
            id=call_id,
            reason=reason,
            context=full,
            topic=topic,
            transaction_id=transaction_id,
            subject=subject,
            raised_at=ctx.clock.monotonic(),
            raised_utc=raised_utc,
        )
        ctx.calls[call_id] = call
        ctx.help_changed.emit(call)
        ctx.update_situation()
        return call

    def update_call(
        self,
        call: HelpCall,
        status: HelpStatus,
        *,
        staff: str | None = None,
        outcome: str | None = None,
        owner: dict[str, Any] | None = None,
    ) -> None:
        """Change a call (journal first); ``owner`` (:func:`~kiosk.core.lane.context.
        staff_ref`) takes the call, and every later update carries the owner along."""
        ctx = self.ctx
        if owner is not None:
            staff = staff or owner.get("name")
        ctx.journal.update_help_call(
            call.id,
            status.value,
            staff=staff or call.staff_name,
            outcome=outcome,
            owner=owner or call.owner,
        )
        call.status = status
        if owner is not None:
            call.owner = owner
        if staff is not None:
            call.staff_name = staff
        call.outcome = outcome
        ctx.help_changed.emit(call)
        ctx.update_situation()

    def close_call(self, call_id: str | None, status: HelpStatus, outcome: str) -> None:
        call = self.ctx.calls.get(call_id or "")
        if call is not None and call.is_open:
            self.update_call(call, status, outcome=outcome)

    def restore(self) -> None:
        """After a restart: the journal's open calls (the escalated ones stay escalated;
        the others wait ``help_escalate_s`` again from now)."""
        ctx = self.ctx
        now = ctx.clock.monotonic()
        for row in ctx.journal.open_help_calls():
            try:
                reason = HelpReason(row["reason"])
            except ValueError:
                _log.warning("open help call %s has an unknown reason %r", row["id"], row["reason"])
                continue
            context = row["context"] if isinstance(row["context"], dict) else {}
            topic = context.get("topic")
            call = HelpCall(
                id=row["id"],
                reason=reason,
                context=context,
                status=HelpStatus(row["status"]),
                topic=HelpTopic(topic) if topic in set(HelpTopic) else None,
                staff_name=row["staff"],
                transaction_id=row["transaction_id"],
                subject=context.get("subject"),
                raised_at=now,
                escalated=bool(row.get("escalated")),
                owner=row.get("owner") if isinstance(row.get("owner"), dict) else None,
                raised_utc=journal_time(row.get("raised_at")),
            )
            ctx.calls[call.id] = call
            ctx.help_changed.emit(call)

    def tick(self, now: float) -> None:
        """Escalate every raised call nobody acknowledged within ``help_escalate_s``."""
        ctx = self.ctx
        limit = ctx.settings.help_escalate_s
        for call in tuple(ctx.calls.values()):
            if (
                call.status is HelpStatus.RAISED
                and not call.escalated
                and now - call.raised_at >= limit
            ):
                self.escalate(call)

    def escalate(self, call: HelpCall) -> None:
        ctx = self.ctx
        ctx.journal.enqueue(
            HELP_CALL_ESCALATED,
            {
                "help_call_id": call.id,
                "reason": call.reason.value,
                "transaction_id": call.transaction_id,
                "waited_s": int(ctx.settings.help_escalate_s),
            },
        )
        call.escalated = True
        ctx.statistics.increment(HELP_ESCALATIONS)
        _log.warning("help call %s (%s) not answered: escalated", call.id, call.reason.value)
        ctx.help_changed.emit(call)
        ctx.update_situation()
        ctx.say(MessageKey.HELP_STILL_LOOKING, reason=call.reason, call_id=call.id)


class HelpDesk:
    """The shopper's and staff's operations on help calls."""

    def __init__(self, ctx: LaneContext, calls: HelpCalls, idle: Idle, shopping: Shopping) -> None:
        self.ctx = ctx
        self.calls = calls
        self.idle = idle
        self.shopping = shopping

    @guarded
    def call_help(
        self,
        reason: HelpReason | str = HelpReason.SHOPPER_REQUEST,
        topic: HelpTopic | str | None = None,
    ) -> str | None:
        ctx = self.ctx
        ctx.activity()
        reason = HelpReason(reason)
        topic = None if topic is None else HelpTopic(topic)
        if reason not in (
            HelpReason.SHOPPER_REQUEST,
            HelpReason.UNKNOWN_ITEM,
            HelpReason.PAYMENT_DECLINED,
            HelpReason.DEVICE_FAULT,
        ):
            raise ValueError(f"the lane raises {reason} calls itself")
        if ctx.state not in (*SHOPPER_HELP_STATES, S.OUT_OF_SERVICE):
            ctx.not_now("call_help")
            return None
        if ctx.state in (S.IDLE_PROMPT, S.SUSPENDED):
            self.idle.welcome_back()
        context: dict[str, Any] = {}
        if reason is HelpReason.UNKNOWN_ITEM and ctx.last_unknown is not None:
            context["unknown"] = ctx.last_unknown
        if reason is HelpReason.PAYMENT_DECLINED and ctx.last_decline is not None:
            context["decline"] = ctx.last_decline
        if reason is HelpReason.DEVICE_FAULT:
            context["devices"] = {
                role.value: str(status)
                for role, status in ctx.device_status.items()
                if status.state is not DeviceState.ONLINE
            }
        call = self.calls.raise_call(reason, context, topic=topic)
        ctx.say(MessageKey.HELP_CALLED, reason=reason, call_id=call.id)
        return call.id

    @guarded
    def cancel_help(self, call_id: str) -> bool:
        ctx = self.ctx
        ctx.activity()
        call = ctx.calls.get(call_id)
        if call is None or not call.is_open:
            return ctx.not_now("cancel_help")
        if not call.shopper_cancellable:
            ctx.say(MessageKey.HELP_NOT_CANCELLABLE, reason=call.reason, call_id=call_id)
            return False
        self.calls.update_call(call, HelpStatus.CANCELLED, outcome="cancelled by the shopper")
        ctx.pending_changes.pop(call_id, None)
        ctx.say(MessageKey.HELP_CANCELLED, reason=call.reason, call_id=call_id)
        self.shopping.recheck_blocks()
        return True

    @guarded
    def acknowledge_help(self, call_id: str, staff_name: str) -> bool:
        ctx = self.ctx
        call = ctx.calls.get(call_id)
        if call is None or call.status is not HelpStatus.RAISED:
            return ctx.not_now("acknowledge_help")
        self.calls.update_call(call, HelpStatus.ACKNOWLEDGED, staff=staff_name)
        ctx.say(MessageKey.HELP_ON_THE_WAY, name=staff_name, reason=call.reason, call_id=call_id)
        return True

    @guarded
    def resolve_help(self, call_id: str, staff_name: str, outcome: str = "helped") -> bool:
        ctx = self.ctx
        call = ctx.calls.get(call_id)
        if call is None or not call.is_open:
            return ctx.not_now("resolve_help")
        if call.reason in APPROVAL_REASONS or call.reason is HelpReason.PAYMENT_UNKNOWN:
            return ctx.not_now("resolve_help")
        self.calls.update_call(call, HelpStatus.RESOLVED, staff=staff_name, outcome=outcome)
        ctx.say(MessageKey.HELP_RESOLVED, reason=call.reason, call_id=call_id)
        return True

    @guarded
    def rate_help(self, call_id: str, score: int) -> bool:
        ctx = self.ctx
        call = ctx.calls.get(call_id)
        if call is None or call.is_open or call.rating is not None:
            return ctx.not_now("rate_help")
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ValueError(f"a rating is 1-5, not {score!r}")
        ctx.journal.enqueue("rating", {"help_call_id": call_id, "score": score, "of": "help"})
        call.rating = score
        ctx.help_changed.emit(call)
        return True
