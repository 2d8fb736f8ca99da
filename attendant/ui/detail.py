"""One lane in detail, and everything an attendant can do to it from the desk.

Left: the live cart (every line, the total, a payment in progress), the lane's open help
calls (pick one: the call actions act on it), its devices, and its recent events from the
console's event log. Right: the actions, in groups (the call, approvals, the cart, the
lane). An action the staff member may not take, or that makes no sense now, is greyed
out, and the reason is written under the buttons ("Only a supervisor may do this.", "No
age check is waiting."). What cannot be undone asks first (:class:`ConfirmDialog`); the
answer of the lane appears in the window's result strip (done / refused: why / no answer).

The page is a thin view: it reads a :class:`~attendant.store.LaneView`, the store's
queue entries of this lane and its stored events, and sends through
:class:`~attendant.ui.actions.ConsoleActions`.

Object names: ``lane_detail``, ``detail_back_button``, ``detail_title``,
``detail_status``, ``detail_since``, ``detail_cart_table``, ``detail_cart_total``,
``detail_payment``, ``detail_calls_list``, ``detail_devices``, ``detail_events_list``,
``action_<command kind>`` (``action_approve_age``, ``action_lock_lane`` ... one per
command of the protocol), ``action_reasons``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendant.eventlog import StoredEvent
from attendant.store import LaneStatusKey, LaneView, QueueEntry
from attendant.ui import texts
from attendant.ui.actions import ConsoleActions, permission_text
from attendant.ui.dialogs import AddItemDialog, ConfirmDialog, OutcomeDialog, ReasonDialog
from attendant.ui.grid import STATUS_TONES, devices_text, status_text
from attendant.ui.theme import current_console_metrics
from attendant.ui.widgets import Button, Card, Chip, label
from kiosk.link import protocol
from kiosk.link.protocol import CommandKind, HelpReason, HelpStatus

__all__ = ["ACTION_GROUPS", "LaneDetailPage"]

log = logging.getLogger("attendant.ui.detail")

ACTION_GROUPS: tuple[tuple[str, tuple[CommandKind, ...]], ...] = (
    ("call", (CommandKind.ACKNOWLEDGE, CommandKind.CLAIM, CommandKind.RESOLVE_HELP)),
    (
        "approvals",
        (
            CommandKind.APPROVE_AGE,
            CommandKind.REFUSE_AGE,
            CommandKind.APPROVE_VOID,
            CommandKind.REFUSE_VOID,
        ),
    ),
    (
        "cart",
        (
            CommandKind.ADD_ITEM,
            CommandKind.REMOVE_ITEM,
            CommandKind.PAID_AT_DESK,
            CommandKind.CANCEL_TRANSACTION,
            CommandKind.REVERSE_CHARGE,
            CommandKind.REPRINT_RECEIPT,
        ),
    ),
    ("lane", (CommandKind.LOCK_LANE, CommandKind.UNLOCK_LANE, CommandKind.RUN_DIAGNOSTICS)),
)
"""The action buttons, grouped as the attendant thinks of them."""

PRIMARY = frozenset({CommandKind.ACKNOWLEDGE, CommandKind.APPROVE_AGE, CommandKind.APPROVE_VOID})
APPROVAL_REASONS = {
    CommandKind.APPROVE_AGE: HelpReason.AGE_CHECK,
    CommandKind.REFUSE_AGE: HelpReason.AGE_CHECK,
    CommandKind.APPROVE_VOID: HelpReason.VOID_APPROVAL,
    CommandKind.REFUSE_VOID: HelpReason.VOID_APPROVAL,
}
NEEDS_TRANSACTION = frozenset(
    {
        CommandKind.APPROVE_AGE,
        CommandKind.REFUSE_AGE,
        CommandKind.APPROVE_VOID,
        CommandKind.REFUSE_VOID,
        CommandKind.ADD_ITEM,
        CommandKind.REMOVE_ITEM,
        CommandKind.CANCEL_TRANSACTION,
        CommandKind.PAID_AT_DESK,
    }
)
_PAYMENT_CALLS = frozenset(
    {HelpReason.PAYMENT_DECLINED, HelpReason.PAYMENT_UNKNOWN, HelpReason.SHOPPER_REQUEST}
)
CALL_FIELD: dict[CommandKind, frozenset[HelpReason]] = {
    CommandKind.ADD_ITEM: frozenset({HelpReason.UNKNOWN_ITEM, HelpReason.SHOPPER_REQUEST}),
    CommandKind.REMOVE_ITEM: frozenset({HelpReason.SHOPPER_REQUEST}),
    CommandKind.CANCEL_TRANSACTION: _PAYMENT_CALLS | {HelpReason.IDLE},
    CommandKind.PAID_AT_DESK: _PAYMENT_CALLS,
    CommandKind.REVERSE_CHARGE: _PAYMENT_CALLS,
}
"""Commands that may name the help call they answer, when the selected call is of one of
these reasons (the call is then part of the audit trail of the action)."""


class LaneDetailPage(QWidget):
    """See the module docstring. :meth:`show_lane` fills it; :attr:`back` leaves it."""

    back = Signal()

    def __init__(
        self,
        actions: ConsoleActions,
        *,
        timezone: str,
        connected: Callable[[], bool],
        search: Callable[[str], list[Any]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lane_detail")
        self.actions = actions
        self.timezone = timezone
        self.connected = connected
        self.search = search
        self.view: LaneView | None = None
        self.calls: list[QueueEntry] = []
        self.events: list[StoredEvent] = []
        self.selected_call_id: str | None = None
        metrics = current_console_metrics()

        top = QHBoxLayout()
        top.setSpacing(metrics.gap_px)
        self.back_button = Button(name="detail_back_button")
        self.back_button.clicked.connect(self.back)
        self.title = label(role="title", name="detail_title")
        self.status_chip = Chip(name="detail_status")
        self.since_label = label(role="caption", name="detail_since")
        top.addWidget(self.back_button)
        top.addWidget(self.title)
        top.addWidget(self.status_chip)
        top.addWidget(self.since_label, 1)

        # -- left: the cart, the calls, the devices, the events
        left_body = QWidget()
        left = QVBoxLayout(left_body)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(metrics.gap_px)
        cart = Card(name="detail_cart")
        cart_layout = QVBoxLayout(cart)
        cart_layout.setContentsMargins(
            metrics.pad_px, metrics.gap_px, metrics.pad_px, metrics.gap_px
        )
        self.cart_caption = label(role="caption", name="detail_cart_caption")
        self.cart_table = QTableWidget(0, 3)
        self.cart_table.setObjectName("detail_cart_table")
        self.cart_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.cart_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cart_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cart_table.verticalHeader().setVisible(False)
        header = self.cart_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.cart_table.setMinimumHeight(metrics.touch_px * 3)
        self.cart_table.itemSelectionChanged.connect(self._refresh_actions)
        self.cart_total = label(role="big", name="detail_cart_total")
        self.payment_label = label(name="detail_payment", wrap=True)
        cart_layout.addWidget(self.cart_caption)
        cart_layout.addWidget(self.cart_table, 1)
        cart_layout.addWidget(self.cart_total)
        cart_layout.addWidget(self.payment_label)
        left.addWidget(cart, 3)

        lower = QHBoxLayout()
        lower.setSpacing(metrics.gap_px)
        calls = Card(name="detail_calls")
        calls_layout = QVBoxLayout(calls)
        calls_layout.setContentsMargins(
            metrics.pad_px, metrics.gap_px, metrics.pad_px, metrics.gap_px
        )
        self.calls_caption = label(role="caption", name="detail_calls_caption")
        self.calls_list = QListWidget()
        self.calls_list.setObjectName("detail_calls_list")
        self.calls_list.setWordWrap(True)
        self.calls_list.setMinimumHeight(metrics.touch_px * 2)
        self.calls_list.currentItemChanged.connect(self._call_picked)
        calls_layout.addWidget(self.calls_caption)
        calls_layout.addWidget(self.calls_list, 1)
        devices = Card(name="detail_devices_card")
        devices_layout = QVBoxLayout(devices)
        devices_layout.setContentsMargins(
            metrics.pad_px, metrics.gap_px, metrics.pad_px, metrics.gap_px
        )
        self.devices_caption = label(role="caption", name="detail_devices_caption")
        self.devices_label = label(name="detail_devices", wrap=True)
        self.devices_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        devices_layout.addWidget(self.devices_caption)
        devices_layout.addWidget(self.devices_label, 1)
        lower.addWidget(calls, 1)
        lower.addWidget(devices, 1)
        left.addLayout(lower, 2)

        events = Card(name="detail_events")
        events_layout = QVBoxLayout(events)
        events_layout.setContentsMargins(
            metrics.pad_px, metrics.gap_px, metrics.pad_px, metrics.gap_px
        )
        self.events_caption = label(role="caption", name="detail_events_caption")
        self.events_list = QListWidget()
        self.events_list.setObjectName("detail_events_list")
        self.events_list.setWordWrap(True)
        self.events_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.events_list.setMinimumHeight(metrics.touch_px * 2)
        events_layout.addWidget(self.events_caption)
        events_layout.addWidget(self.events_list, 1)
        left.addWidget(events, 2)

        # -- right: the actions
        panel = Card(name="detail_actions")
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(
            metrics.pad_px, metrics.gap_px, metrics.pad_px, metrics.gap_px
        )
        panel_layout.setSpacing(metrics.gap_px)
        self.group_labels: dict[str, Any] = {}
        self.buttons: dict[CommandKind, Button] = {}
        for group, kinds in ACTION_GROUPS:
            caption = label(role="caption", name=f"action_group_{group}")
            self.group_labels[group] = caption
            panel_layout.addWidget(caption)
            grid = QGridLayout()
            grid.setSpacing(metrics.gap_px)
            for index, kind in enumerate(kinds):
                # calm: one colour for the everyday answers; what cannot be undone turns
                # red in its confirmation, not on the panel
                role = "primary" if kind in PRIMARY else None
                button = Button(role=role, name=f"action_{kind.value}")
                button.clicked.connect(lambda _=False, k=kind: self.act(k))
                self.buttons[kind] = button
                grid.addWidget(button, index // 2, index % 2)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
            panel_layout.addLayout(grid)
        self.reasons_label = label(role="caption", name="action_reasons", wrap=True)
        panel_layout.addWidget(self.reasons_label)
        panel_layout.addStretch(1)
        right_scroll = QScrollArea()
        right_scroll.setWidgetResizable(True)
        right_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right_scroll.setWidget(panel)
        left_scroll = QScrollArea()
        left_scroll.setWidgetResizable(True)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_scroll.setWidget(left_body)

        body = QHBoxLayout()
        body.setSpacing(metrics.gap_px)
        body.addWidget(left_scroll, 3)
        body.addWidget(right_scroll, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(metrics.gap_px)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.retranslate()

    # -- showing ---------------------------------------------------------------------------

    @property
    def kiosk_id(self) -> str | None:
        return self.view.kiosk_id if self.view is not None else None

    def show_lane(
        self,
        view: LaneView,
        calls: list[QueueEntry],
        events: list[StoredEvent],
        *,
        select_call: str | None = None,
    ) -> None:
        """Show ``view`` with its open ``calls`` and recent ``events`` (newest first)."""
        if self.view is None or self.view.kiosk_id != view.kiosk_id:
            self.selected_call_id = None
        self.view = view
        self.calls = calls
        self.events = events
        if select_call is not None:
            self.selected_call_id = select_call
        if self.selected_call_id not in {entry.call.id for entry in calls}:
            self.selected_call_id = calls[0].call.id if calls else None
        self._paint()

    def _paint(self) -> None:
        view = self.view
        if view is None:
            return
        tone = STATUS_TONES.get(view.status, "idle")
        self.title.setText(view.name)
        self.status_chip.show_status(tone, status_text(view, self.timezone))
        state = view.state
        since = []
        if state is not None and view.in_state_s is not None:
            since.append(
                self.tr("{state} for {time}").format(
                    state=texts.session_state(state.status.session),
                    time=texts.duration(view.in_state_s),
                )
            )
        if state is not None and state.status.staff_at_lane is not None:
            since.append(
                self.tr("{name} is at the lane").format(name=state.status.staff_at_lane.name)
            )
        self.since_label.setText(" · ".join(since))
        self._paint_cart()
        self._paint_calls()
        devices = [devices_text(view)]
        if state is not None and state.devices:
            devices = [
                self.tr("{device}: {state}").format(
                    device=texts.device_kind(d.kind),
                    state=(
                        f"{texts.device_state(d.state)} ({texts.fault_reason(d.reason)})"
                        if d.reason is not None
                        else texts.device_state(d.state)
                    ),
                )
                for d in state.devices
            ]
        if view.light is not None:
            devices.append(
                self.tr("Lane light: {light}").format(
                    light=texts.light(view.light.colour, view.light.mode, view.light.buzzer)
                )
            )
        self.devices_label.setText("\n".join(devices))
        self.events_list.clear()
        for stored in self.events:
            self.events_list.addItem(self._event_text(stored))
        if not self.events:
            self.events_list.addItem(self.tr("No events stored yet."))
        self._refresh_actions()

    def _paint_cart(self) -> None:
        state = self.view.state if self.view is not None else None
        selected = self.selected_line_id
        lines = state.cart.lines if state is not None else []
        self.cart_table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            name = texts.product_name(line.name_nl, line.name_en)
            amount = (
                self.tr("{grams} g").format(grams=line.grams)
                if line.grams
                else f"{line.quantity} ×"
            )
            cells = (name, amount, texts.money(line.net_cents))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, line.line_id)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.cart_table.setItem(row, column, item)
            if line.line_id == selected:
                self.cart_table.selectRow(row)
        if state is None:
            self.cart_total.setText("")
        else:
            self.cart_total.setText(
                self.tr("%n item(s) · total {total}", "", state.cart.items).format(
                    total=texts.money(state.cart.total_cents)
                )
            )
        payment = state.payment if state is not None else None
        if payment is None:
            self.payment_label.setVisible(False)
        else:
            text = self.tr("Payment of {amount}: {status}").format(
                amount=texts.money(payment.amount_cents),
                status={
                    protocol.PaymentStatus.PENDING: self.tr("at the card terminal"),
                    protocol.PaymentStatus.UNKNOWN: self.tr("outcome unclear, being checked"),
                    protocol.PaymentStatus.DECLINED: self.tr("declined"),
                }.get(payment.status, str(payment.status)),
            )
            if payment.decline_reason is not None:
                text += f" ({texts.decline_reason(payment.decline_reason)})"
            self.payment_label.setText(text)
            self.payment_label.setVisible(True)

    def _paint_calls(self) -> None:
        self.calls_list.blockSignals(True)
        self.calls_list.clear()
        for entry in self.calls:
            call = entry.call
            parts = [
                f"{texts.help_reason(call.reason)} · {texts.timer(entry.waiting_s)}",
                *texts.call_context(call),
                texts.owner_text(entry.owner, call.status is HelpStatus.ACKNOWLEDGED),
            ]
            item = QListWidgetItem("\n".join(parts))
            item.setData(Qt.ItemDataRole.UserRole, call.id)
            self.calls_list.addItem(item)
            if call.id == self.selected_call_id:
                self.calls_list.setCurrentItem(item)
        if not self.calls:
            placeholder = QListWidgetItem(self.tr("No open help calls."))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.calls_list.addItem(placeholder)
        self.calls_list.blockSignals(False)

    def _call_picked(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.selected_call_id = str(item.data(Qt.ItemDataRole.UserRole))
            self._refresh_actions()

    def _event_text(self, stored: StoredEvent) -> str:
        event = stored.event
        when = texts.clock_time(event.occurred_at, self.timezone)
        if isinstance(event, protocol.HelpRaised):
            what = self.tr("Help call: {reason}").format(
                reason=texts.help_reason(event.call.reason)
            )
        elif isinstance(event, protocol.HelpUpdated):
            what = self.tr("Help call: {reason}, {who}").format(
                reason=texts.help_reason(event.call.reason),
                who=texts.owner_text(
                    event.call.owner, event.call.status is HelpStatus.ACKNOWLEDGED
                ),
            )
        elif isinstance(event, protocol.HelpResolved):
            what = self.tr("Help call closed: {reason}").format(
                reason=texts.help_reason(event.call.reason)
            )
            if event.call.outcome:
                what += f" ({event.call.outcome})"
        elif isinstance(event, protocol.HelpRated):
            what = self.tr("The shopper rated the help {rating} of 5").format(rating=event.rating)
        elif isinstance(event, protocol.Intervention):
            where = event.staff.console or self.tr("at the lane")
            what = self.tr("{name} ({where}): {action}").format(
                name=event.staff.name,
                where=where,
                action=texts.action_name(event.action),
            )
        elif isinstance(event, protocol.SaleSummary):
            outcome = {
                protocol.SaleOutcome.PAID: self.tr("paid"),
                protocol.SaleOutcome.CANCELLED: self.tr("cancelled"),
                protocol.SaleOutcome.SUSPENDED: self.tr("set aside"),
                protocol.SaleOutcome.PAID_ELSEWHERE: self.tr("paid at the service desk"),
            }.get(event.outcome, str(event.outcome))
            what = self.tr("Purchase {outcome}: {total}").format(
                outcome=outcome, total=texts.money(event.total_cents)
            )
        elif isinstance(event, protocol.DeviceFault):
            what = self.tr("Fault: {device}, {problem}").format(
                device=texts.device_kind(event.device.kind),
                problem=(
                    texts.fault_reason(event.device.reason)
                    if event.device.reason is not None
                    else texts.device_state(event.device.state)
                ),
            )
        elif isinstance(event, protocol.DeviceRecovered):
            what = self.tr("Working again: {device}").format(
                device=texts.device_kind(event.device.kind)
            )
        else:
            what = str(event.event)
        return f"{when}  {what}"

    # -- actions ---------------------------------------------------------------------------

    @property
    def selected_line_id(self) -> str | None:
        items = self.cart_table.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def select_line(self, line_id: str) -> None:
        for row in range(self.cart_table.rowCount()):
            item = self.cart_table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == line_id:
                self.cart_table.selectRow(row)
                return
        raise LookupError(f"no cart line {line_id}")

    def select_call(self, call_id: str) -> None:
        for row in range(self.calls_list.count()):
            item = self.calls_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == call_id:
                self.calls_list.setCurrentItem(item)
                return
        raise LookupError(f"no open call {call_id}")

    def _selected_call(self) -> QueueEntry | None:
        for entry in self.calls:
            if entry.call.id == self.selected_call_id:
                return entry
        return None

    def _call_for(self, kind: CommandKind) -> QueueEntry | None:
        """The call an action is about: for an approval the selected call when it is of
        the right reason, else the oldest of that reason; otherwise the selected call."""
        wanted = APPROVAL_REASONS.get(kind)
        selected = self._selected_call()
        if wanted is None:
            return selected
        if selected is not None and selected.call.reason is wanted:
            return selected
        matching = [e for e in self.calls if e.call.reason is wanted]
        return max(matching, key=lambda e: e.waiting_s) if matching else None

    def _last_sale(self) -> str | None:
        for stored in self.events:
            if isinstance(stored.event, protocol.SaleSummary):
                return stored.event.transaction_id
        return None

    def why_disabled(self, kind: CommandKind | str) -> str | None:
        """None when ``kind`` can be sent now; else why not, as a code for
        :func:`~attendant.ui.actions.permission_text`."""
        kind = CommandKind(kind)
        refused = self.actions.why_not(kind)
        if refused is not None:
            return refused
        view = self.view
        if view is None or not view.online:
            return "offline"
        if not self.connected():
            return "link_down"
        state = view.state
        transaction = view.transaction_id
        if kind in (CommandKind.ACKNOWLEDGE, CommandKind.CLAIM, CommandKind.RESOLVE_HELP):
            return None if self._selected_call() is not None else "no_call"
        if kind in APPROVAL_REASONS and self._call_for(kind) is None:
            return (
                "no_age_call" if APPROVAL_REASONS[kind] is HelpReason.AGE_CHECK else "no_void_call"
            )
        if kind in NEEDS_TRANSACTION and transaction is None:
            return "no_transaction"
        if kind is CommandKind.REMOVE_ITEM and self.selected_line_id is None:
            return "no_line"
        if kind in (CommandKind.REVERSE_CHARGE, CommandKind.REPRINT_RECEIPT) and (
            transaction is None and self._last_sale() is None
        ):
            return "no_receipt" if kind is CommandKind.REPRINT_RECEIPT else "no_transaction"
        locked = view.status is LaneStatusKey.LOCKED or (state is not None and state.status.locked)
        if kind is CommandKind.LOCK_LANE and locked:
            return "locked"
        if kind is CommandKind.UNLOCK_LANE and not locked:
            return "unlocked"
        return None

    def _refresh_actions(self) -> None:
        reasons: list[str] = []
        for kind, button in self.buttons.items():
            why = self.why_disabled(kind)
            button.setEnabled(why is None)
            shown = permission_text(why) if why is not None else ""
            button.setToolTip(shown)
            if why in ("supervisor", "technician", "helpers", "logged_out", "disabled"):
                line = self.tr("{action}: {reason}").format(
                    action=texts.command_name(kind), reason=shown
                )
                reasons.append(line)
        view = self.view
        if view is not None:
            general = [
                code
                for code in ("offline", "link_down")
                if any(self.why_disabled(k) == code for k in self.buttons)
            ]
            reasons = [permission_text(code) for code in general] + reasons
        self.reasons_label.setText("\n".join(reasons))
        self.reasons_label.setVisible(bool(reasons))

    def refresh_permissions(self) -> None:
        """The staff member or the connection changed: re-check every button."""
        self._refresh_actions()

    def act(self, kind: CommandKind | str) -> None:
        """The button of ``kind`` was pressed: ask what is needed, confirm, send."""
        kind = CommandKind(kind)
        view = self.view
        if view is None:
            return
        if self.why_disabled(kind) is not None:
            self._refresh_actions()
            return
        fields: dict[str, Any] = {}
        transaction = view.transaction_id
        name = view.name
        call = self._call_for(kind)
        command = texts.command_name(kind)
        if kind in (CommandKind.ACKNOWLEDGE, CommandKind.CLAIM) or kind in APPROVAL_REASONS:
            assert call is not None
            fields["call_id"] = call.call.id
        if kind in CALL_FIELD and call is not None and call.call.reason in CALL_FIELD[kind]:
            fields["call_id"] = call.call.id
        if kind is CommandKind.APPROVE_AGE:
            if not ConfirmDialog.ask(
                self,
                self.tr("Age OK at {lane}?").format(lane=name),
                self.tr("Only when you have seen an ID that shows the shopper is old enough."),
                command,
                danger=False,
            ):
                return
        elif kind is CommandKind.REFUSE_AGE:
            if not ConfirmDialog.ask(
                self,
                self.tr("No proof of age at {lane}?").format(lane=name),
                self.tr("The items with an age limit are taken off the receipt."),
                command,
            ):
                return
        elif kind is CommandKind.ADD_ITEM:
            answer = AddItemDialog.ask(
                self, self.tr("Add an item at {lane}").format(lane=name), self.search
            )
            if answer is None:
                return
            fields["code"], fields["quantity"] = answer
        elif kind is CommandKind.REMOVE_ITEM:
            line_id = self.selected_line_id
            assert line_id is not None
            fields["line_id"] = line_id
            if not ConfirmDialog.ask(
                self,
                self.tr("Remove this item at {lane}?").format(lane=name),
                self._line_name(line_id),
                command,
            ):
                return
        elif kind is CommandKind.CANCEL_TRANSACTION:
            if not ConfirmDialog.ask(
                self,
                self.tr("Cancel the whole purchase at {lane}?").format(lane=name),
                self.tr("The cart is emptied and the shopper has not paid. This cannot be undone."),
                command,
            ):
                return
        elif kind is CommandKind.PAID_AT_DESK:
            if not ConfirmDialog.ask(
                self,
                self.tr("Paid at the service desk for {lane}?").format(lane=name),
                self.tr(
                    "Only when the shopper paid {total} at the desk. The lane closes the purchase."
                ).format(total=texts.money(view.total_cents)),
                command,
                danger=False,
            ):
                return
        elif kind is CommandKind.REVERSE_CHARGE:
            transaction = transaction or self._last_sale()
            if not ConfirmDialog.ask(
                self,
                self.tr("Reverse the card payment at {lane}?").format(lane=name),
                self.tr("The money goes back to the shopper's card. This cannot be undone."),
                command,
            ):
                return
        elif kind is CommandKind.REPRINT_RECEIPT:
            transaction = transaction or self._last_sale()
        elif kind is CommandKind.LOCK_LANE:
            reason = ReasonDialog.ask(
                self,
                self.tr("Close {lane}?").format(lane=name),
                self.tr("Shoppers cannot start there until it is opened again. Why? (optional)"),
                command,
            )
            if reason is None:
                return
            fields["reason"] = reason
        elif kind is CommandKind.RESOLVE_HELP:
            assert call is not None
            fields["call_id"] = call.call.id
            outcome = OutcomeDialog.ask(
                self,
                self.tr("Close the help call at {lane}").format(lane=name),
                [
                    self.tr("Helped"),
                    self.tr("Item keyed in"),
                    self.tr("Shopper left"),
                    self.tr("Nothing needed"),
                ],
            )
            if outcome is None:
                return
            fields["outcome"] = outcome
        needs_transaction = kind in NEEDS_TRANSACTION or kind in (
            CommandKind.REVERSE_CHARGE,
            CommandKind.REPRINT_RECEIPT,
        )
        self.actions.send(
            kind,
            view.kiosk_id,
            name,
            transaction_id=transaction if needs_transaction else None,
            **fields,
        )

    def _line_name(self, line_id: str) -> str:
        state = self.view.state if self.view is not None else None
        for line in state.cart.lines if state is not None else []:
            if line.line_id == line_id:
                name = texts.product_name(line.name_nl, line.name_en)
                return f"{name} · {texts.money(line.net_cents)}"
        return ""

    # -- words -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("All lanes"))
        self.cart_caption.setText(self.tr("Cart"))
        self.cart_table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Quantity"), self.tr("Price")]
        )
        self.calls_caption.setText(self.tr("Help calls: pick one to act on it"))
        self.devices_caption.setText(self.tr("Devices"))
        self.events_caption.setText(self.tr("Recent events"))
        groups = {
            "call": self.tr("The help call"),
            "approvals": self.tr("Approvals"),
            "cart": self.tr("Cart and payment"),
            "lane": self.tr("The lane"),
        }
        for group, caption in self.group_labels.items():
            caption.setText(groups[group])
        for kind, button in self.buttons.items():
            button.setText(texts.command_name(kind))
        self._paint()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
