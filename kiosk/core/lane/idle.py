"""Idle: "are you still there?", then the suspended cart, and the shopper's return.

No activity in ``shopping`` for ``idle_prompt_s`` (and no open help call, no weighing):
``idle_prompt``. ``idle_suspend_s`` more: ``suspended`` with an ``idle`` help call (the
cart stays in the journal), or back to ``attract`` with the transaction cancelled when
the cart is empty. Any touch, scan or help request brings the shopper back to
``shopping`` (``welcome_back``) and resolves the idle call. Time moves on ``tick(now)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.core.lane.context import LaneContext, guarded
from kiosk.core.lane.help import HelpReason, HelpStatus
from kiosk.core.lane.messages import MessageKey
from kiosk.core.pricing import CartTotals
from kiosk.core.session import SessionState, Trigger

if TYPE_CHECKING:
    from kiosk.core.lane.help_desk import HelpCalls

__all__ = ["Idle"]

S = SessionState
T = Trigger


class Idle:
    """The idle prompt and suspend, and welcoming the shopper back."""

    STATES = (S.SHOPPING, S.IDLE_PROMPT)
    """The states whose time this part watches."""

    def __init__(self, ctx: LaneContext, calls: HelpCalls) -> None:
        self.ctx = ctx
        self.calls = calls

    def touch(self) -> bool:
        """Any touch on the screen: counts as activity, answers "are you still there?"."""
        self.ctx.activity()
        if self.ctx.state in (S.IDLE_PROMPT, S.SUSPENDED):
            return bool(self._guarded_welcome_back())
        return True

    @guarded
    def _guarded_welcome_back(self) -> bool:
        self.welcome_back()
        return True

    def welcome_back(self) -> None:
        ctx = self.ctx
        was_suspended = ctx.state is S.SUSPENDED
        ctx.go(S.SHOPPING, T.TOUCH)
        if was_suspended:
            call = self.calls.open_call(HelpReason.IDLE)
            if call is not None:
                self.calls.update_call(call, HelpStatus.RESOLVED, outcome="shopper returned")
        ctx.say(MessageKey.WELCOME_BACK)

    def tick(self, now: float, state: SessionState) -> None:
        ctx = self.ctx
        settings = ctx.settings
        if state is S.SHOPPING:
            if (
                ctx.weighing is None
                and not ctx.open_help_calls
                and now - ctx.last_activity >= settings.idle_prompt_s
            ):
                ctx.idle_prompt_at = now
                ctx.go(S.IDLE_PROMPT, T.IDLE)
                ctx.say(MessageKey.ARE_YOU_STILL_THERE)
        elif state is S.IDLE_PROMPT and now - ctx.idle_prompt_at >= settings.idle_suspend_s:
            self._suspend()

    def _suspend(self) -> None:
        ctx = self.ctx
        cart = ctx.cart
        assert cart is not None
        if not cart.active_lines:
            ctx.journal.close_transaction(cart.transaction_id, "cancelled", 0, items=0)
            ctx.go(S.ATTRACT, T.IDLE_TIMEOUT)
            ctx.reset_session()
            ctx.cart_changed.emit(CartTotals.empty())
            ctx.last_item_changed.emit(None)
            return
        ctx.go(S.SUSPENDED, T.IDLE_TIMEOUT)
        self.calls.raise_call(HelpReason.IDLE, {"idle_s": int(ctx.settings.idle_prompt_s)})
        ctx.say(MessageKey.SESSION_SUSPENDED)
