"""The lane as the store network sees it: the lane controller's state in protocol models.

:func:`state_content` reads a :class:`~kiosk.core.lane.LaneController` and gives the
fields of a :class:`~kiosk.link.protocol.KioskState` that describe the lane (everything
but the envelope, the run and the version), as frozen pydantic models that compare by
value: the link publishes a new version only when they differ. :func:`help_call_info`,
:func:`help_context`, :func:`device_info` and :func:`staff_ref` turn the lane's records
(dicts and dataclasses that grew with the lane) into the wire's models; the outbox's
events (:mod:`kiosk.link.lane_events`) use the same ones, so a help call reads alike in
the state and in an event.

The lane's records are loose on purpose (a help call's context differs per reason, an
old journal may lack a field): every conversion here is lenient, keeping what is valid
and dropping what is not (logged), because a state that cannot be built is a lane the
consoles cannot see. Qt-free; imports no MQTT client.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from drivers.device import DeviceStatus
from drivers.lane_light.pattern import pattern_for
from kiosk.core.lane import HelpCall, LaneController
from kiosk.core.lane.payment_flow import PaymentPhase
from kiosk.core.lane.settings import DeviceRole
from kiosk.core.lane.settings import OutOfServiceReason as LaneOutOfService
from kiosk.link import protocol as p

__all__ = [
    "MAX_CART_LINES",
    "MAX_HELP_CALLS",
    "device_info",
    "help_call_info",
    "help_context",
    "staff_ref",
    "state_content",
]

log = logging.getLogger("kiosk.link")

MAX_CART_LINES = 1000
"""The protocol's limit of cart lines in one state (the totals always count them all)."""
MAX_HELP_CALLS = 100
"""The protocol's limit of help calls in one state (open ones first, then the newest)."""

Model = TypeVar("Model", bound=BaseModel)


def lenient(model: type[Model], data: Mapping[str, Any]) -> Model:
    """``model`` from ``data``, leaving out each field that does not validate (the model's
    default takes its place); raises only when a required field is wrong."""
    values = {key: value for key, value in data.items() if value is not None}
    for _ in range(len(values) + 1):
        try:
            return model.model_validate(values)
        except ValidationError as error:
            bad = {str(e["loc"][0]) for e in error.errors() if e["loc"]}
            required = {name for name, field in model.model_fields.items() if field.is_required()}
            if not bad or bad & required or not bad & values.keys():
                raise
            log.debug("%s: dropped %s (%s)", model.__name__, sorted(bad), error.error_count())
            values = {key: value for key, value in values.items() if key not in bad}
    raise AssertionError("unreachable")  # pragma: no cover


def _text(value: Any, limit: int) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _enum(kind: type[Any], value: Any) -> Any:
    """``kind(value)`` (value or its ``.value``), or None when it is not one."""
    raw = getattr(value, "value", value)
    return kind(raw) if raw in kind._value2member_map_ else None


# --- people and devices --------------------------------------------------------------------


def staff_ref(owner: Mapping[str, Any] | None) -> p.StaffRef | None:
    """A lane's staff dict (``kiosk.core.lane.context.staff_ref``) as a ``StaffRef``;
    None when it names nobody the network can identify (no id)."""
    if not owner or owner.get("staff_id") is None or not owner.get("name"):
        return None
    try:
        return lenient(
            p.StaffRef,
            {
                "staff_id": str(owner["staff_id"]),
                "name": _text(owner["name"], 200),
                "console": owner.get("console"),
            },
        )
    except ValidationError:
        log.warning("staff %r cannot be named on the network", owner.get("staff_id"))
        return None


def device_info(
    role: DeviceRole | str,
    status: DeviceStatus | None,
    *,
    name: str | None = None,
    state: str | None = None,
    reason: Any = None,
    detail: str | None = None,
) -> p.DeviceInfo:
    """One device as the network sees it. A port that reports no status counts as online
    (as it does for the lane: ``LaneContext.device_ok``)."""
    kind = p.DeviceKind(getattr(role, "value", role))
    if status is not None:
        state = state or status.state.value
        reason = reason if reason is not None else status.reason
        detail = status.detail if detail is None else detail
    elif state is None:
        state = p.DeviceState.ONLINE.value
        detail = "no status reported" if detail is None else detail
    fault = _enum(p.FaultReason, reason) if reason is not None else None
    if reason is not None and fault is None:
        fault = p.FaultReason.OTHER
    return p.DeviceInfo(
        name=_text(name or kind.value, 200) or kind.value,
        kind=kind,
        state=_enum(p.DeviceState, state) or p.DeviceState.ERROR,
        reason=fault,
        detail=_text(detail or "", 500) or "",
    )


# --- help calls ----------------------------------------------------------------------------


def _fault_of(status_text: Any) -> str | None:
    """The reason in a ``DeviceStatus`` written as text (``"error/paper_out: ..."``)."""
    if not isinstance(status_text, str) or "/" not in status_text:
        return None
    return status_text.split("/", 1)[1].split(":", 1)[0].strip() or None


def help_context(context: Mapping[str, Any] | None) -> p.HelpContext:
    """What the lane recorded with a call (its keys differ per reason: ``unknown``,
    ``product``, ``change``, ``decline``, ``device``/``devices``, ``cart`` ...) as the
    network's ``HelpContext``; whatever does not fit is left out."""
    if not isinstance(context, Mapping):
        return p.HelpContext()
    found: dict[str, Any] = {}
    unknown = context.get("unknown")
    if isinstance(unknown, Mapping):
        found["barcode"] = unknown.get("barcode") or unknown.get("code")
    product = context.get("product")
    if isinstance(product, Mapping):
        found["product_nl"] = _text(product.get("name_nl"), 200)
        found["product_en"] = _text(product.get("name_en"), 200)
    change = context.get("change")
    if isinstance(change, Mapping):
        found["line_id"] = change.get("line_id")
    decline = context.get("decline")
    if isinstance(decline, Mapping):
        found["decline_reason"] = decline.get("reason")
        found["amount_cents"] = decline.get("amount_cents")
    if isinstance(context.get("amount_cents"), int):
        found["amount_cents"] = context["amount_cents"]
    device = context.get("device")
    devices = context.get("devices")
    if device is None and isinstance(devices, Mapping) and devices:
        device = next(iter(devices))
        found["fault"] = _fault_of(devices[device])
    found["device"] = device
    cart = context.get("cart")
    if isinstance(cart, Mapping):
        found["cart"] = {"items": cart.get("items"), "total_cents": cart.get("total_cents")}
    return lenient(p.HelpContext, found)


def help_call_info(
    *,
    call_id: str,
    reason: Any,
    status: Any,
    raised_at: datetime,
    topic: Any = None,
    escalated: bool = False,
    owner: Mapping[str, Any] | None = None,
    outcome: Any = None,
    rating: Any = None,
    context: Mapping[str, Any] | None = None,
) -> p.HelpCallInfo:
    """A help call on the wire, from the lane's or the journal's record of it."""
    return p.HelpCallInfo(
        id=call_id,
        reason=p.HelpReason(getattr(reason, "value", reason)),
        topic=_enum(p.HelpTopic, topic) if topic is not None else None,
        status=p.HelpStatus(getattr(status, "value", status)),
        escalated=bool(escalated),
        owner=staff_ref(owner),
        raised_at=raised_at,
        outcome=_text(outcome, 500),
        rating=rating if isinstance(rating, int) and 1 <= rating <= 5 else None,
        context=help_context(context),
    )


def _lane_call(call: HelpCall, fallback_time: datetime) -> p.HelpCallInfo | None:
    try:
        return help_call_info(
            call_id=call.id,
            reason=call.reason,
            status=call.status,
            raised_at=call.raised_utc or fallback_time,
            topic=call.topic,
            escalated=call.escalated,
            owner=call.owner,
            outcome=call.outcome,
            rating=call.rating,
            context=call.context,
        )
    except (ValidationError, ValueError):
        log.exception("help call %s cannot be shown on the network", call.id)
        return None


# --- the whole lane ------------------------------------------------------------------------


def _status(lane: LaneController) -> p.LaneStatus:
    ctx = lane.ctx
    oos = ctx.out_of_service
    staff = ctx.staff
    at_lane = None
    if staff is not None:
        at_lane = staff_ref(
            {"staff_id": getattr(staff, "id", None), "name": getattr(staff, "name", None)}
        )
    return p.LaneStatus(
        session=p.SessionState(lane.state.value),
        since=ctx.state_entered_utc,
        locked=oos is not None and oos.reason is LaneOutOfService.LOCKED_BY_STAFF,
        out_of_service=None if oos is None else p.OutOfServiceReason(oos.reason.value),
        staff_at_lane=at_lane,
    )


def _cart(lane: LaneController) -> p.CartSummary:
    cart = lane.cart
    if cart is None:
        return p.CartSummary(items=0, total_cents=0)
    totals = cart.totals
    priced = totals.lines
    if len(priced) > MAX_CART_LINES:
        log.warning("a cart of %d lines: the state shows the first %d", len(priced), MAX_CART_LINES)
        priced = priced[:MAX_CART_LINES]
    lines = [
        p.CartLine(
            line_id=line.line_id,
            name_nl=_text(line.product.name_nl, 200) or "-",
            name_en=_text(line.product.name_en, 200) or "-",
            quantity=max(1, line.quantity),
            grams=line.grams if line.grams else None,
            net_cents=line.net_cents,
            is_deposit=line.is_deposit,
            min_age=line.min_age,
        )
        for line in priced
    ]
    return p.CartSummary(items=totals.item_count, total_cents=totals.total_cents, lines=lines)


def _help_calls(lane: LaneController, fallback_time: datetime) -> list[p.HelpCallInfo]:
    calls = lane.help_calls  # the open ones and this session's closed ones, oldest first
    open_calls = [call for call in calls if call.is_open]
    closed = [call for call in calls if not call.is_open]
    chosen = open_calls[:MAX_HELP_CALLS]
    chosen += closed[len(closed) - (MAX_HELP_CALLS - len(chosen)) :] if closed else []
    keep = {call.id for call in chosen}
    infos = (_lane_call(call, fallback_time) for call in calls if call.id in keep)
    return [info for info in infos if info is not None]


def _payment(lane: LaneController) -> p.PendingPayment | None:
    attempt = lane.payment
    if attempt is not None:
        status = (
            p.PaymentStatus.PENDING
            if attempt.phase is PaymentPhase.IN_FLIGHT
            else p.PaymentStatus.UNKNOWN
        )
        return p.PendingPayment(amount_cents=attempt.amount_cents, status=status)
    decline = lane.ctx.last_decline
    if lane.state.value == p.SessionState.DECLINED and isinstance(decline, Mapping):
        cart = lane.cart
        amount = decline.get("amount_cents")
        if not isinstance(amount, int):
            amount = 0 if cart is None else cart.totals.total_cents
        return p.PendingPayment(
            amount_cents=amount,
            status=p.PaymentStatus.DECLINED,
            decline_reason=_enum(p.DeclineReason, decline.get("reason")),
        )
    return None


def state_content(
    lane: LaneController,
    *,
    device_names: Mapping[str, str] | None = None,
    fallback_time: datetime,
) -> dict[str, Any]:
    """The lane's part of a ``KioskState`` (keyword arguments for it), built from the lane
    now. Equal results mean an equal state: nothing here reads a clock.

    ``device_names``: the name each device role has in the kiosk's configuration (by
    default the role's name). ``fallback_time``: the time for a call whose raising time
    the lane does not know (a record older than this link; normally none)."""
    names = dict(device_names or {})
    light = pattern_for(lane.situation)
    return {
        "status": _status(lane),
        "transaction_id": lane.transaction_id,
        "cart": _cart(lane),
        "help_calls": _help_calls(lane, fallback_time),
        "devices": [
            device_info(role, status, name=names.get(role.value))
            for role, status in lane.device_health().items()
        ],
        "lane_light": p.LightInfo(
            colour=p.LightColour(light.colour.value),
            mode=p.LightMode(light.mode.value),
            buzzer=light.buzzer,
        ),
        "payment": _payment(lane),
    }
