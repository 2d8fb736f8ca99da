"""The journal's outbox as the consoles' events: which outbox kinds become which
protocol :class:`~kiosk.link.protocol.Event`, and which stay on the kiosk.

Every event's ``id`` is its outbox id, so the same event keeps its id on every re-send
and after a restart, and consoles de-duplicate by it. ``occurred_at`` is when the
journal wrote it (the same write as the change itself).

=========================  ====================================================
outbox kind                event
=========================  ====================================================
``help_call``              ``help_raised`` (the call with its context)
``help_call_update``       ``help_updated`` (acknowledged, claimed: with its
                           owner) or ``help_resolved`` (resolved, cancelled)
``help_call_escalated``    ``help_updated`` (``escalated``: nobody came in time)
``rating`` of a call       ``help_rated``
``intervention``           ``intervention`` (every staff action but the login)
``transaction_closed``     ``sale`` (outcome, method, total, pieces, and how many
                           interventions the transaction had)
``device_fault``           ``device_fault``
``device_recovered``       ``device_recovered``
=========================  ====================================================

The other kinds are the kiosk's own bookkeeping, not for consoles (:data:`LOCAL_KINDS`
says why for each); the link confirms them locally at once, so they never hold up the
queue, and they stay in the journal (``Journal.outbox_items`` reads them). A kind this
module does not know (written by a newer lane) and an item that cannot be expressed in
the protocol are logged and confirmed locally too: a queue that never drains would
stop every later event.

A help call's reason, context and raising time never change after it was raised: an
update's event takes them from the journal's ``help_call`` row; the status, owner and
outcome are the update's own. Qt-free; imports no MQTT client.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from kiosk.core.journal import Journal, OutboxItem
from kiosk.core.journal.journal import HELP_CALL_ESCALATED, INTERVENTION
from kiosk.core.lane.context import journal_time
from kiosk.link import protocol as p
from kiosk.link.lane_state import device_info, help_call_info, staff_ref

__all__ = ["LOCAL_KINDS", "EventMapper", "Unpublishable", "flat"]

log = logging.getLogger("kiosk.link")

LOCAL_KINDS: Mapping[str, str] = {
    "unknown_item": "a code for staff to price later; the unknown_item help call carries it",
    "receipt_printed": "the lane's own record that a sale's receipt was handed out",
    "receipt_chosen": "the lane's own record of the shopper's receipt choice",
    "digital_receipt": "the receipt behind the QR code, for the receipt service",
    "late_payment_result": "a terminal answer after staff settled the payment: for a "
    "supervisor reading the journal (also logged as a warning)",
    "lane_unlocked": "the journal writes again; the unlock itself is an intervention",
    "rating": "the shopper's rating of the visit (a rating of a help call is help_rated)",
}
"""Outbox kinds that stay on the kiosk, and why (``rating`` only when not of a call)."""

_CLOSED = {"resolved", "cancelled"}
_OUTCOMES = {
    "paid": (p.SaleOutcome.PAID, p.PaymentMethod.CARD),
    "paid_elsewhere": (p.SaleOutcome.PAID_ELSEWHERE, p.PaymentMethod.SERVICE_DESK),
    "cancelled": (p.SaleOutcome.CANCELLED, p.PaymentMethod.NONE),
    "suspended": (p.SaleOutcome.SUSPENDED, p.PaymentMethod.NONE),
}
_FLAT_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz_")
_MAX_FLAT = 20


class Unpublishable(ValueError):
    """An outbox item that cannot be expressed as a protocol event."""


def _key(name: str) -> str:
    text = "".join(c if c in _FLAT_KEY_CHARS else "_" for c in name.lower()).strip("_")
    return text[:40] or "value"


def flat(data: Any) -> dict[str, Any]:
    """A before/after of the lane (any JSON) as the protocol's small flat object: nested
    objects become ``outer_inner`` names, texts are cut to 200 characters, numbers that
    are no whole cents, lists and more than 20 entries are left out."""
    found: dict[str, Any] = {}

    def add(prefix: str, value: Any) -> None:
        if len(found) >= _MAX_FLAT:
            return
        if isinstance(value, Mapping):
            for name, inner in value.items():
                add(_key(f"{prefix}_{name}" if prefix else str(name)), inner)
            return
        key = _key(prefix)
        if value is None or isinstance(value, bool):
            found[key] = value
        elif isinstance(value, int):
            if abs(value) <= 10**9:
                found[key] = value
        elif isinstance(value, str):
            found[key] = value if len(value) <= 200 else value[:199] + "…"
        elif hasattr(value, "value") and isinstance(value.value, str):  # an enum
            found[key] = value.value

    if isinstance(data, Mapping):
        add("", data)
    elif data is not None:
        add("value", data)
    return found


class EventMapper:
    """Turns outbox items into protocol events for kiosk ``sender`` (see the module doc)."""

    def __init__(
        self,
        journal: Journal,
        *,
        sender: str,
        device_names: Mapping[str, str] | None = None,
    ) -> None:
        self._journal = journal
        self._sender = sender
        self._names = dict(device_names or {})
        self._map: dict[str, Callable[[OutboxItem, dict[str, Any]], p.Event | None]] = {
            "help_call": self._help,
            "help_call_update": self._help,
            HELP_CALL_ESCALATED: self._help,
            "rating": self._rating,
            INTERVENTION: self._intervention,
            "transaction_closed": self._sale,
            "device_fault": self._device,
            "device_recovered": self._device,
        }

    def event(self, item: OutboxItem, sent_at: datetime) -> p.Event | None:
        """The event for ``item``, or None when it stays on the kiosk; raises
        :class:`Unpublishable` (or a validation error) when it cannot be published."""
        mapper = self._map.get(item.kind)
        if mapper is None:
            if item.kind not in LOCAL_KINDS:
                log.warning("outbox kind %r is not for the consoles (unknown here)", item.kind)
            return None
        self._sent_at = sent_at
        return mapper(item, item.payload)

    def _common(self, item: OutboxItem, transaction_id: Any) -> dict[str, Any]:
        occurred = journal_time(item.created_at)
        if occurred is None:
            raise Unpublishable(f"outbox time {item.created_at!r}")
        return {
            "id": item.id,
            "sender": self._sender,
            "sent_at": self._sent_at,
            "occurred_at": occurred,
            "transaction_id": transaction_id,
        }

    # -- help calls ----------------------------------------------------------------------

    def _help(self, item: OutboxItem, payload: dict[str, Any]) -> p.Event:
        call_id = payload.get("help_call_id")
        if not isinstance(call_id, str):
            raise Unpublishable("no help_call_id")
        if item.kind == "help_call":
            source: Mapping[str, Any] = payload
            status, owner, outcome, escalated = "raised", None, None, False
        else:
            row = self._journal.help_call(call_id)
            if row is None:
                raise Unpublishable(f"help call {call_id} is not in the journal")
            source = row
            if item.kind == HELP_CALL_ESCALATED:  # only a call nobody took is escalated
                status, owner, outcome, escalated = "raised", None, None, True
            else:
                status = payload.get("status")
                owner = payload.get("owner")
                outcome = payload.get("outcome")
                escalated = bool(row.get("escalated"))
        raised = journal_time(source.get("raised_at"))
        if raised is None:
            raise Unpublishable(f"help call {call_id}: raised_at {source.get('raised_at')!r}")
        context = source.get("context")
        call = help_call_info(
            call_id=call_id,
            reason=source.get("reason"),
            status=status,
            raised_at=raised,
            topic=context.get("topic") if isinstance(context, Mapping) else None,
            escalated=escalated,
            owner=owner,
            outcome=outcome,
            context=context if isinstance(context, Mapping) else None,
        )
        common = self._common(item, source.get("transaction_id"))
        if item.kind == "help_call":
            return p.HelpRaised(**common, call=call)
        if status in _CLOSED:
            return p.HelpResolved(**common, call=call)
        return p.HelpUpdated(**common, call=call)

    def _rating(self, item: OutboxItem, payload: dict[str, Any]) -> p.Event | None:
        call_id = payload.get("help_call_id")
        if payload.get("of") != "help" or not isinstance(call_id, str):
            return None  # the visit's rating stays on the kiosk
        row = self._journal.help_call(call_id)
        transaction = None if row is None else row.get("transaction_id")
        return p.HelpRated(
            **self._common(item, transaction), call_id=call_id, rating=payload.get("score")
        )

    # -- staff, sales, devices -------------------------------------------------------------

    def _intervention(self, item: OutboxItem, payload: dict[str, Any]) -> p.Event:
        staff = staff_ref(payload.get("staff"))
        if staff is None:
            raise Unpublishable(f"intervention without a staff member: {payload.get('staff')!r}")
        return p.Intervention(
            **self._common(item, payload.get("transaction_id")),
            staff=staff,
            role=payload.get("role"),
            action=payload.get("action"),
            call_id=payload.get("call_id"),
            command_id=payload.get("command_id"),
            before=flat(payload.get("before")),
            after=flat(payload.get("after")),
        )

    def _sale(self, item: OutboxItem, payload: dict[str, Any]) -> p.Event:
        transaction = payload.get("transaction_id")
        outcome = _OUTCOMES.get(str(payload.get("status")))
        if not isinstance(transaction, str) or outcome is None:
            raise Unpublishable(f"a sale of {transaction!r} closed as {payload.get('status')!r}")
        interventions = len(self._journal.outbox_items(INTERVENTION, transaction_id=transaction))
        total = payload.get("total_cents")
        items = payload.get("items")
        return p.SaleSummary(
            **self._common(item, transaction),
            outcome=outcome[0],
            payment_method=outcome[1],
            total_cents=total if isinstance(total, int) else 0,
            items=items if isinstance(items, int) else 0,
            interventions=interventions,
        )

    def _device(self, item: OutboxItem, payload: dict[str, Any]) -> p.Event:
        role = payload.get("device")
        if role not in p.DeviceKind._value2member_map_:
            raise Unpublishable(f"device {role!r}")
        recovered = item.kind == "device_recovered"
        device = device_info(
            str(role),
            None,
            name=self._names.get(str(role)),
            state=payload.get("state") or ("online" if recovered else "error"),
            reason=payload.get("reason"),
            detail=str(payload.get("detail") or ""),
        )
        common = self._common(item, payload.get("transaction_id"))
        if recovered:
            return p.DeviceRecovered(**common, device=device)
        return p.DeviceFault(**common, device=device)
