"""Shopping: starting a transaction, scans and keyed codes, produce and weighing, bags,
quantities, removals (voids) and the age gate.

Every cart change is **journal first**: written (``record_cart_event``), then applied to
the cart, then announced (``cart_changed``). A scan in ``attract`` or on the feedback
screen opens a transaction by itself; one in ``idle_prompt``/``suspended`` welcomes the
shopper back; one in ``awaiting_attendant``/``declined`` goes back to ``shopping``.

* Codes go through ``parse_barcode`` (a bad check digit: ``invalid_check_digit``, soft
  tone, counted) and ``resolve_scan``: added, unknown (the code goes to the outbox as
  ``unknown_item`` for staff to price later; help offered), not for sale, a deposit
  alone, refused, or needs weighing.
* Weighing asks the scale (``wait_stable(weigh_timeout_s)``) through the scheduler
  (channel ``scale``); unstable, overload, under zero or offline each has its message.
* A quantity decrease or a removal is a void: at once, or (``voids_need_approval``) a
  ``void_approval`` help call that staff approve or refuse; the latest wish counts.
* An age-restricted item raises one ``age_check`` call; the shopper keeps scanning and
  only paying waits (``LaneContext.pay_blocks``). :meth:`Shopping.recheck_blocks`
  cancels a check no longer needed and lets a waiting shopper go on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from drivers.device import FaultReason
from drivers.scale.protocol import ScaleState
from drivers.scanner.framing import Scan
from kiosk.core.barcodes import InvalidBarcode, InvalidReason, ParsedBarcode, parse_barcode
from kiosk.core.calendar import business_day
from kiosk.core.cart import Cart, CartError, CartEvent, CartLine
from kiosk.core.catalog.records import ProductInfo
from kiosk.core.journal import JournalError
from kiosk.core.lane.context import (
    INVALID_CHECK_DIGITS,
    ITEMS_ADDED,
    SCANS,
    UNKNOWN_ITEMS,
    UNREADABLE_SCANS,
    LaneContext,
    PendingChange,
    guarded,
    product_params,
)
from kiosk.core.lane.help import HelpReason, HelpStatus
from kiosk.core.lane.messages import MessageKey
from kiosk.core.lane.scheduler import JobResult
from kiosk.core.lane.settings import DeviceRole
from kiosk.core.scan import ScanKind, resolve_scan
from kiosk.core.session import SessionState, Trigger

if TYPE_CHECKING:
    from kiosk.core.lane.help_desk import HelpCalls
    from kiosk.core.lane.idle import Idle
    from kiosk.core.lane.resume import Resume

__all__ = ["Shopping"]

_log = logging.getLogger("kiosk.lane")

S = SessionState
T = Trigger


class Shopping:
    """Filling the cart: scans, keyed codes, produce, bags, quantities, voids, age."""

    def __init__(self, ctx: LaneContext, calls: HelpCalls, idle: Idle, resume: Resume) -> None:
        self.ctx = ctx
        self.calls = calls
        self.idle = idle
        self.resume = resume

    # ------------------------------------------------------------------ starting

    @guarded
    def start(self) -> bool:
        """The shopper tapped "start" (a scan starts by itself)."""
        ctx = self.ctx
        ctx.activity()
        if ctx.state is not S.ATTRACT:
            return ctx.not_now("start")
        return self.open_transaction()

    def open_transaction(self) -> bool:
        ctx = self.ctx
        if ctx.out_of_service is not None:
            return ctx.not_now("start")
        day = business_day(ctx.settings.timezone, ctx.clock.utc_now())
        try:
            transaction_id = ctx.journal.open_transaction(ctx.settings.language, day)
        except JournalError:
            # one is open already (another controller on this journal?): take it up
            _log.warning("a transaction was already open: resuming it")
            return bool(self.resume.resume())
        ctx.reset_session()
        ctx.cart = Cart(transaction_id, day)
        ctx.go(S.SHOPPING, T.START)
        ctx.cart_changed.emit(ctx.cart.totals)
        return True

    # ------------------------------------------------------------------ scanning

    @guarded
    def scan(self, raw: str | Scan) -> bool:
        """A scan from the scanner (a :class:`~drivers.scanner.Scan` or its text)."""
        if isinstance(raw, Scan):
            text = (raw.aim_id or "") + raw.data
        elif isinstance(raw, str):
            text = raw
        else:
            raise TypeError(f"scan() takes a Scan or text, not {type(raw).__name__}")
        return self._code(text, keyed=False)

    @guarded
    def key_in(self, code: str) -> bool:
        """A code the shopper typed: a barcode's digits or a produce code (PLU)."""
        return self._code(str(code), keyed=True)

    @guarded
    def add_produce(self, plu: str) -> bool:
        """Loose produce picked from the picture grid; weighed if sold per kilogram."""
        plu = str(plu).strip()
        if not (plu.isascii() and plu.isdigit() and len(plu) in (4, 5)):
            self.ctx.activity()
            self.ctx.say(MessageKey.UNKNOWN_BARCODE, code=plu)
            return False
        return self._code(plu, keyed=True)

    def _code(self, text: str, *, keyed: bool) -> bool:
        ctx = self.ctx
        ctx.activity()
        ctx.statistics.increment(SCANS)
        parsed = parse_barcode(text, prefixes=ctx.settings.prefixes)
        if isinstance(parsed, InvalidBarcode):
            return self.invalid(parsed, keyed=keyed)
        if not self.ready_to_sell("scan"):
            return False
        return self.sell(parsed)

    def invalid(self, parsed: InvalidBarcode, *, keyed: bool) -> bool:
        ctx = self.ctx
        if parsed.reason in (InvalidReason.BAD_CHECK_DIGIT, InvalidReason.BAD_VERIFIER_DIGIT):
            ctx.statistics.increment(INVALID_CHECK_DIGITS)
            ctx.say(MessageKey.INVALID_CHECK_DIGIT, keyed=keyed)
        else:
            ctx.statistics.increment(UNREADABLE_SCANS)
            ctx.say(MessageKey.UNREADABLE_BARCODE, reason=parsed.reason, keyed=keyed)
        return False

    def ready_to_sell(self, operation: str) -> bool:
        """Bring the session to SHOPPING for a sale, if the state allows one."""
        ctx = self.ctx
        state = ctx.state
        if state is S.SHOPPING:
            return True
        if state is S.ATTRACT:
            return self.open_transaction()
        if state in (S.IDLE_PROMPT, S.SUSPENDED):
            self.idle.welcome_back()
            return True
        if state in (S.AWAITING_ATTENDANT, S.DECLINED):
            ctx.go(S.SHOPPING, T.BACK)
            return True
        if state is S.FEEDBACK:
            ctx.end_session(T.FEEDBACK_DONE)
            return self.open_transaction()
        return ctx.not_now(operation)

    def sell(self, parsed: ParsedBarcode, *, grams: int | None = None) -> bool:
        ctx = self.ctx
        cart = ctx.cart
        assert cart is not None
        outcome = resolve_scan(cart, ctx.catalog, parsed, grams=grams)
        product = outcome.product
        kind = outcome.kind
        if kind is ScanKind.ADD:
            assert outcome.event is not None and product is not None
            self.record(outcome.event)
            ctx.statistics.increment(ITEMS_ADDED)
            self.set_last_item(outcome.event.line_id, product)
            ctx.say(MessageKey.ITEM_ADDED, **product_params(product))
            self.check_age(product)
            return True
        if kind is ScanKind.UNKNOWN_PRODUCT:
            ctx.statistics.increment(UNKNOWN_ITEMS)
            unknown = {
                "code": outcome.code,
                "barcode": parsed.raw,
                "symbology": parsed.symbology.value,
                "transaction_id": cart.transaction_id,
            }
            # recorded for staff to price later
            ctx.journal.enqueue("unknown_item", unknown)
            ctx.last_unknown = unknown
            ctx.say(MessageKey.UNKNOWN_BARCODE, code=outcome.code, help_offered=True)
            return False
        assert product is not None
        if kind is ScanKind.NEEDS_WEIGHT:
            return self._weigh(parsed, product)
        if kind is ScanKind.NOT_FOR_SALE:
            ctx.say(MessageKey.NOT_FOR_SALE, **product_params(product))
        elif kind is ScanKind.DEPOSIT_ALONE:
            ctx.say(MessageKey.DEPOSIT_ALONE, **product_params(product))
        else:
            ctx.say(
                MessageKey.ITEM_REFUSED,
                problem=type(outcome.error).__name__,
                **product_params(product),
            )
        return False

    def record(self, event: CartEvent) -> None:
        """Journal first, then the cart, then everyone who listens."""
        ctx = self.ctx
        cart = ctx.cart
        assert cart is not None
        ctx.journal.record_cart_event(cart.transaction_id, event)
        cart.apply(event)
        ctx.cart_changed.emit(cart.totals)

    def set_last_item(self, line_id: str, product: ProductInfo) -> None:
        ctx = self.ctx
        assert ctx.cart is not None
        line = ctx.cart.line(line_id)
        priced = next((p for p in ctx.cart.totals.lines if p.line_id == line_id), None)
        ctx.last_item = {
            "line_id": line_id,
            **product_params(product),
            "image": product.image,
            "quantity": line.quantity,
            "grams": line.grams,
            "net_cents": None if priced is None else priced.net_cents,
            "unit_price_cents": None if priced is None else priced.unit_price_cents,
        }
        ctx.last_item_changed.emit(ctx.last_item)

    # ------------------------------------------------------------------ weighing

    def _weigh(self, parsed: ParsedBarcode, product: ProductInfo) -> bool:
        ctx = self.ctx
        scale = ctx.devices.scale
        if scale is None or not ctx.device_ok(DeviceRole.SCALE):
            ctx.say(MessageKey.SCALE_UNAVAILABLE, help_offered=True, **product_params(product))
            return False
        if ctx.weighing is not None:
            ctx.say(MessageKey.STILL_WEIGHING)
            return False
        ctx.weighing = parsed
        ctx.say(MessageKey.PUT_ON_SCALE, **product_params(product))
        timeout = ctx.settings.weigh_timeout_s
        ctx.scheduler.run(
            lambda: scale.wait_stable(timeout),
            lambda result: self._weighed(parsed, product, result),
            channel="scale",
        )
        return True

    @guarded
    def _weighed(self, parsed: ParsedBarcode, product: ProductInfo, result: JobResult[Any]) -> None:
        ctx = self.ctx
        ctx.weighing = None
        if ctx.state is not S.SHOPPING or ctx.cart is None:
            _log.info("a weighing finished after the shopper moved on: dropped")
            return
        if not result.ok:
            reason = getattr(result.error, "reason", None)
            key = {
                FaultReason.OVERLOAD: MessageKey.SCALE_OVERLOAD,
                FaultReason.UNDER_ZERO: MessageKey.SCALE_UNDER_ZERO,
                FaultReason.TIMEOUT: MessageKey.SCALE_UNSTABLE,
            }.get(reason, MessageKey.SCALE_UNAVAILABLE)
            ctx.say(key, **product_params(product))
            return
        reading = result.value
        state = getattr(reading, "state", None)
        grams = getattr(reading, "grams", None)
        if state is ScaleState.OVERLOAD:
            ctx.say(MessageKey.SCALE_OVERLOAD, **product_params(product))
        elif state is ScaleState.UNDER_ZERO:
            ctx.say(MessageKey.SCALE_UNDER_ZERO, **product_params(product))
        elif state is not ScaleState.STABLE or not isinstance(grams, int) or grams <= 0:
            ctx.say(MessageKey.SCALE_UNSTABLE, **product_params(product))
        else:
            self.sell(parsed, grams=grams)

    # ------------------------------------------------------------------ bags, quantities, voids

    @guarded
    def add_bag(self, code: str, quantity: int = 1) -> bool:
        """Add carrier bags by the bag's barcode (``Catalog.bags()`` lists them)."""
        ctx = self.ctx
        ctx.activity()
        parsed = parse_barcode(str(code), prefixes=ctx.settings.prefixes)
        product = None
        if isinstance(parsed, ParsedBarcode) and parsed.lookup_gtin is not None:
            product = ctx.catalog.by_gtin(parsed.lookup_gtin)
        if product is None or not product.is_bag:
            ctx.say(MessageKey.NOT_A_BAG, code=str(code))
            return False
        if not self.ready_to_sell("add_bag"):
            return False
        assert ctx.cart is not None
        try:
            event = ctx.cart.add_product(product, quantity=quantity, barcode=None)
        except CartError as error:
            ctx.say(MessageKey.ITEM_REFUSED, problem=type(error).__name__,
                    **product_params(product))  # fmt: skip
            return False
        self.record(event)
        self.set_last_item(event.line_id, product)
        ctx.say(MessageKey.ITEM_ADDED, **product_params(product))
        return True

    def _editable(self, operation: str) -> bool:
        ctx = self.ctx
        if ctx.cart is None or ctx.state in (S.ATTRACT, S.FEEDBACK):
            return ctx.not_now(operation)
        return self.ready_to_sell(operation)

    @guarded
    def set_quantity(self, line_id: str, quantity: int) -> bool:
        """Change a piece line's quantity; less than before is a void (per policy)."""
        ctx = self.ctx
        ctx.activity()
        if not self._editable("set_quantity"):
            return False
        assert ctx.cart is not None
        try:
            line = ctx.cart.line(line_id)
            if quantity == 0:
                return bool(self.remove_line(line_id))
            event = ctx.cart.set_quantity(line_id, quantity)
        except CartError as error:
            ctx.say(MessageKey.QUANTITY_REFUSED, problem=type(error).__name__, line_id=line_id)
            return False
        if quantity < line.quantity and ctx.settings.voids_need_approval:
            return self._ask_void_approval(line, quantity)
        self.record(event)
        ctx.say(MessageKey.QUANTITY_CHANGED, line_id=line_id, quantity=quantity)
        self.recheck_blocks()
        return True

    @guarded
    def remove_line(self, line_id: str) -> bool:
        """Remove a line: at once, or after a staff member's approval (policy)."""
        ctx = self.ctx
        ctx.activity()
        if not self._editable("remove_line"):
            return False
        assert ctx.cart is not None
        try:
            line = ctx.cart.line(line_id)
            event = ctx.cart.void_line(line_id, "removed by the shopper")
        except CartError as error:
            ctx.say(MessageKey.QUANTITY_REFUSED, problem=type(error).__name__, line_id=line_id)
            return False
        if ctx.settings.voids_need_approval:
            return self._ask_void_approval(line, None)
        self.record(event)
        ctx.say(MessageKey.LINE_REMOVED, line_id=line_id, **product_params(line.product))
        self.recheck_blocks()
        return True

    def _ask_void_approval(self, line: CartLine, quantity: int | None) -> bool:
        ctx = self.ctx
        for call_id, pending in ctx.pending_changes.items():
            if pending.line_id == line.line_id and ctx.calls[call_id].is_open:
                pending.quantity = quantity  # the latest wish counts
                ctx.say(MessageKey.VOID_NEEDS_APPROVAL, line_id=line.line_id,
                        **product_params(line.product))  # fmt: skip
                return True
        change = {"line_id": line.line_id, "quantity": quantity, "was": line.quantity}
        call = self.calls.raise_call(
            HelpReason.VOID_APPROVAL,
            {"change": change, "product": product_params(line.product)},
            subject=line.line_id,
        )
        ctx.pending_changes[call.id] = PendingChange(line.line_id, quantity)
        ctx.say(MessageKey.VOID_NEEDS_APPROVAL, line_id=line.line_id, call_id=call.id,
                **product_params(line.product))  # fmt: skip
        return True

    # ------------------------------------------------------------------ age

    def check_age(self, product: ProductInfo) -> None:
        ctx = self.ctx
        if product.min_age <= ctx.approved_age:
            return
        existing = self.calls.open_call(HelpReason.AGE_CHECK)
        if existing is None:
            existing = self.calls.raise_call(
                HelpReason.AGE_CHECK,
                {"min_age": product.min_age, "product": product_params(product)},
            )
        ctx.say(MessageKey.AGE_CHECK_NEEDED, age=product.min_age, call_id=existing.id)

    def recheck_blocks(self) -> None:
        """After a change: an age check no longer needed goes away; a waiting shopper
        whose blocks are gone may go on."""
        ctx = self.ctx
        call = self.calls.open_call(HelpReason.AGE_CHECK)
        if call is not None and (ctx.cart is None or ctx.cart.needs_age_check <= ctx.approved_age):
            self.calls.update_call(call, HelpStatus.CANCELLED, outcome="no longer needed")
        if ctx.state is S.AWAITING_ATTENDANT and not ctx.pay_blocks():
            ctx.go(S.SHOPPING, T.APPROVED_BY_STAFF)
