"""The lane's devices talking to it: scans, payment progress, misreads and status changes.

Each driver event reaches the controller's thread through ``scheduler.post`` (see
``LaneController.attach``) and then :meth:`DeviceEvents.device_event`: a scanner's
``Scan`` is sold like any scan; a terminal's ``PaymentProgress`` while paying becomes
``payment_progress``; a scanner's ``ErrorEvent`` is a counted ``unreadable_barcode``.
Every status change is announced (``device_changed``); one between online and not
online goes to the outbox (``device_fault`` / ``device_recovered``), tells a shopper
about the scanner (``scanner_offline`` / ``scanner_back``), turns a receipt screen's
printer to digital, and updates the lamp.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drivers.device import (
    DataEvent,
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    ErrorEvent,
    StatusEvent,
)
from drivers.payment.interface import PaymentProgress
from drivers.scanner.framing import Scan
from kiosk.core.lane.context import SHOPPER_HELP_STATES, UNREADABLE_SCANS, LaneContext, guarded
from kiosk.core.lane.messages import MessageKey
from kiosk.core.lane.settings import DeviceRole
from kiosk.core.session import SessionState

if TYPE_CHECKING:
    from kiosk.core.lane.shopping import Shopping

__all__ = ["DeviceEvents"]

S = SessionState


class DeviceEvents:
    """Handles the events of the lane's devices on the controller's thread."""

    def __init__(self, ctx: LaneContext, shopping: Shopping) -> None:
        self.ctx = ctx
        self.shopping = shopping

    @guarded
    def device_event(self, role: DeviceRole | str, event: DeviceEvent) -> None:
        """An event of one of the lane's devices, on the controller's thread."""
        ctx = self.ctx
        role = DeviceRole(role)
        if isinstance(event, DataEvent):
            payload = event.payload
            if role is DeviceRole.SCANNER and isinstance(payload, Scan):
                self.shopping.scan(payload)
            elif isinstance(payload, PaymentProgress) and ctx.state is S.PAYING:
                ctx.say(MessageKey.PAYMENT_PROGRESS, step=payload.step)
        elif isinstance(event, ErrorEvent):
            if role is DeviceRole.SCANNER:
                ctx.statistics.increment(UNREADABLE_SCANS)
                ctx.say(MessageKey.UNREADABLE_BARCODE, reason=event.reason)
        elif isinstance(event, StatusEvent):
            self._status_changed(role, event.old, event.new)

    def _status_changed(self, role: DeviceRole, old: DeviceStatus, new: DeviceStatus) -> None:
        ctx = self.ctx
        ctx.device_status[role] = new
        ctx.device_changed.emit(role, new)
        was_ok = old.state is DeviceState.ONLINE
        is_ok = new.state is DeviceState.ONLINE
        if was_ok == is_ok or new.state is DeviceState.CLOSED:
            return
        ctx.journal.enqueue(
            "device_fault" if not is_ok else "device_recovered",
            {
                "device": role.value,
                "state": new.state.value,
                "reason": None if new.reason is None else new.reason.value,
                "detail": new.detail,
                "transaction_id": ctx.transaction_id,
            },
        )
        receipt = ctx.receipt
        if role is DeviceRole.SCANNER and ctx.state in SHOPPER_HELP_STATES:
            key = MessageKey.SCANNER_BACK if is_ok else MessageKey.SCANNER_OFFLINE
            ctx.say(key, reason=None if new.reason is None else new.reason.value)
        elif (
            role is DeviceRole.PRINTER
            and not is_ok
            and ctx.state is S.RECEIPT
            and receipt is not None
            and not receipt.printing
        ):
            receipt.printer_failed = True
            ctx.say(MessageKey.PRINTER_FAILED_DIGITAL, url=receipt.url)
        ctx.update_situation()
