"""The kiosk's side of the store network, without the network: what a lane publishes and
how it answers the consoles' commands.

:class:`LaneLink` sits between one :class:`~kiosk.core.lane.LaneController` (and its
journal) and the MQTT transport. It is Qt-free and knows no MQTT client: the kiosk's
service (``kiosk.link.service``) calls it on the GUI thread, where the lane lives, and
hands what it returns to the transport (``kiosk.link.mqtt``).

* **State.** :meth:`LaneLink.state` is the lane's complete, retained
  :class:`~kiosk.link.protocol.KioskState` (:mod:`kiosk.link.lane_state`). ``version``
  goes up by one only when the content changed, so the service may ask
  :meth:`LaneLink.state_if_changed` on every lane signal without flooding the broker.
  ``run_id`` is new for every ``LaneLink`` (every kiosk start).
* **Events.** :meth:`LaneLink.pending_events` maps the journal's unconfirmed outbox to
  protocol events (:mod:`kiosk.link.lane_events`; the outbox id is the event id, so a
  re-send and a restart keep it); :meth:`LaneLink.mark_sent` counts the attempts,
  :meth:`LaneLink.confirm` takes a console's :class:`~kiosk.link.protocol.Ack`. Outbox
  kinds that are not for consoles are confirmed locally at once.
* **Commands.** :meth:`LaneLink.handle_command` carries out a console's command through
  the lane's own staff actions, for a :class:`~kiosk.core.staff.StaffMember` built from
  the command's ``actor`` (asserted by the authenticated console, marked with that
  console), and answers with a :class:`~kiosk.link.protocol.CommandResult`. It refuses,
  with the protocol's :class:`~kiosk.link.protocol.RefusalReason`, an expired command,
  an actor whose role may not do it (the lane's own ``can``: the same rules as at the
  lane), a transaction that is not the lane's current one, an unknown or closed call, a
  call another member claimed first (``already_claimed`` with ``claimed_by``: the kiosk
  decides, the first claim wins), an unknown line or product, a lane in the wrong state
  and a device that cannot do it. A command id seen before gets its first result again,
  without acting twice (a bounded memory, :data:`REMEMBERED_COMMANDS`, far more than
  ten minutes of commands). :meth:`LaneLink.refuse` answers a command that arrived on
  this kiosk's own ``cmd`` topic but was expired or unreadable.

Commands that wait for a device (``reverse_charge``: the terminal; ``reprint_receipt``:
the printer) are answered when the lane has started them: ``ok`` means the device was
available and the job is under way. A reversal the terminal then refuses is shown at
the lane and leaves no ``intervention`` event; a print that fails becomes a
``device_fault`` event, as any failed print does. ``run_diagnostics`` reports each
device's health as its driver last reported it, without taking the lane from the
shopper.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from kiosk.core.journal import Journal, JournalWriteError
from kiosk.core.lane import HelpCall, HelpReason, LaneController, Message, MessageKey
from kiosk.core.lane.help import APPROVAL_REASONS
from kiosk.core.lane.settings import DeviceRole, OutOfServiceReason, StaffAction
from kiosk.core.pricing import DEPOSIT_LINE_SUFFIX
from kiosk.core.staff.members import StaffMember
from kiosk.core.staff.permissions import Role
from kiosk.link import protocol as p
from kiosk.link.lane_events import EventMapper
from kiosk.link.lane_state import device_info, staff_ref, state_content
from kiosk.link.topics import KioskTopic, StoreTopics, TopicKind

__all__ = ["COMMAND_ACTIONS", "REMEMBERED_COMMANDS", "LaneLink"]

log = logging.getLogger("kiosk.link")

REMEMBERED_COMMANDS = 4096
"""Command results kept for repeated ids (the oldest forgotten first). The protocol asks
for at least ten minutes (``MAX_COMMAND_LIFETIME``): this is six a second for that long."""
_CACHED_EVENTS = 2048
_LINES_SURELY_FIT = 300
"""Below this many cart lines a state is far under the payload limit (about 0.4 KiB a line)."""
_LATER = object()
"""An outbox item to try again on the next round (see ``LaneLink._event``)."""

C = p.CommandKind
A = StaffAction
COMMAND_ACTIONS: Mapping[p.CommandKind, StaffAction] = {
    C.ACKNOWLEDGE: A.ANSWER_HELP,
    C.CLAIM: A.ANSWER_HELP,
    C.RESOLVE_HELP: A.ANSWER_HELP,
    C.REPRINT_RECEIPT: A.ANSWER_HELP,
    C.APPROVE_AGE: A.APPROVE_AGE,
    C.REFUSE_AGE: A.APPROVE_AGE,
    C.APPROVE_VOID: A.APPROVE_VOID,
    C.REFUSE_VOID: A.APPROVE_VOID,
    C.REMOVE_ITEM: A.APPROVE_VOID,
    C.ADD_ITEM: A.KEY_IN_ITEM,
    C.CANCEL_TRANSACTION: A.CANCEL_TRANSACTION,
    C.REVERSE_CHARGE: A.REVERSE_PAYMENT,
    C.LOCK_LANE: A.LOCK_LANE,
    C.UNLOCK_LANE: A.UNLOCK_LANE,
    C.PAID_AT_DESK: A.RESOLVE_PAYMENT,
    C.RUN_DIAGNOSTICS: A.DIAGNOSTICS,
}
"""The lane's staff action (``can(member, action)``) each command needs: the same rules
as at the lane. Removing a line is a void by staff; reprinting a receipt is helping a
shopper; marking "paid at the desk" settles a payment."""

_CURRENT_TRANSACTION = frozenset(
    {
        C.APPROVE_AGE,
        C.REFUSE_AGE,
        C.APPROVE_VOID,
        C.REFUSE_VOID,
        C.ADD_ITEM,
        C.REMOVE_ITEM,
        C.CANCEL_TRANSACTION,
        C.PAID_AT_DESK,
    }
)
"""Commands whose ``transaction_id`` must be the lane's open transaction (a reversal and
a reprint name an earlier sale)."""
_CALL_REASONS: Mapping[p.CommandKind, HelpReason] = {
    C.APPROVE_AGE: HelpReason.AGE_CHECK,
    C.REFUSE_AGE: HelpReason.AGE_CHECK,
    C.APPROVE_VOID: HelpReason.VOID_APPROVAL,
    C.REFUSE_VOID: HelpReason.VOID_APPROVAL,
}
_MESSAGE_REFUSALS: Mapping[MessageKey, p.RefusalReason] = {
    MessageKey.NOT_PERMITTED: p.RefusalReason.NOT_PERMITTED,
    MessageKey.NOT_NOW: p.RefusalReason.WRONG_STATE,
    MessageKey.UNKNOWN_BARCODE: p.RefusalReason.UNKNOWN_PRODUCT,
    MessageKey.INVALID_CHECK_DIGIT: p.RefusalReason.INVALID,
    MessageKey.UNREADABLE_BARCODE: p.RefusalReason.INVALID,
    MessageKey.NOT_FOR_SALE: p.RefusalReason.INVALID,
    MessageKey.DEPOSIT_ALONE: p.RefusalReason.INVALID,
    MessageKey.ITEM_REFUSED: p.RefusalReason.INVALID,
    MessageKey.QUANTITY_REFUSED: p.RefusalReason.INVALID,
    MessageKey.STILL_WEIGHING: p.RefusalReason.WRONG_STATE,
    MessageKey.SCALE_UNAVAILABLE: p.RefusalReason.DEVICE_ERROR,
    MessageKey.PRINTER_PROBLEM: p.RefusalReason.DEVICE_ERROR,
    MessageKey.PAYMENT_REVERSAL_FAILED: p.RefusalReason.DEVICE_ERROR,
    MessageKey.OUT_OF_SERVICE: p.RefusalReason.DEVICE_ERROR,
}
"""What the lane said when it did not do a command, as the console's refusal."""
_MESSAGE_ID = re.compile(r"\A[0-9a-f]{32}\Z")


def _fitting(state: p.KioskState) -> p.KioskState:
    """``state`` within the protocol's payload limit: a huge cart's lines are cut (the
    newest kept out; ``items`` and ``total_cents`` stay whole), since a console refuses a
    larger state and would stay on the lane's last one that fitted."""
    lines = state.cart.lines
    keep = len(lines)
    while keep > 0 and len(p.encode(state)) > p.MAX_PAYLOAD_BYTES:
        keep = keep * 3 // 4
        cart = state.cart.model_copy(update={"lines": lines[:keep]})
        state = state.model_copy(update={"cart": cart})
    if keep < len(lines):
        log.warning("state of %d cart lines too large: %d lines sent", len(lines), keep)
    return state


class _Refused(Exception):
    """A command refused before or while the lane acts (carries the refusal)."""

    def __init__(self, reason: p.RefusalReason, detail: str = "", **extra: Any) -> None:
        super().__init__(detail)
        self.refusal = p.Refusal(reason=reason, detail=detail[:500], **extra)


def _said(said: list[Message], fallback: str) -> p.Refusal:
    """Why the lane did not do it, from what it said meanwhile (the last reason counts)."""
    for message in reversed(said):
        reason = _MESSAGE_REFUSALS.get(message.key)
        if reason is None:
            continue
        if message.key is MessageKey.OUT_OF_SERVICE and message.params.get("reason") != (
            OutOfServiceReason.JOURNAL_WRITE_FAILED.value
        ):
            continue  # the lane was locked meanwhile: that is not why
        params = ", ".join(f"{k}={v}" for k, v in message.params.items() if v is not None)
        return p.Refusal(reason=reason, detail=f"{message.key.value}: {params}"[:500])
    return p.Refusal(reason=p.RefusalReason.WRONG_STATE, detail=fallback[:500])


class LaneLink:
    """One lane on the store network (see the module docstring). Use it on the lane's
    thread (the GUI thread in the kiosk)."""

    def __init__(
        self,
        lane: LaneController,
        journal: Journal,
        *,
        topics: StoreTopics,
        kiosk_name: str,
        clock: Callable[[], datetime],
        device_names: Mapping[str, str] | None = None,
        remember: int = REMEMBERED_COMMANDS,
    ) -> None:
        """``device_names``: each device role's name in the kiosk's configuration (shown
        to the technician; by default the role's name). ``remember``: how many command
        results are kept for repeated ids."""
        self.lane = lane
        self.journal = journal
        self.topics = topics
        self.kiosk_id = lane.settings.kiosk_id
        self.kiosk_name = kiosk_name
        self.run_id = p.new_id()
        self._clock = clock
        self._names = dict(device_names or {})
        self._started = clock()
        self._version = 0
        self._content: dict[str, Any] | None = None
        self._published = -1
        self._results: OrderedDict[str, p.CommandResult] = OrderedDict()
        self._remember_at_most = max(1, remember)
        self._events = EventMapper(journal, sender=self.kiosk_id, device_names=self._names)
        self._mapped: OrderedDict[str, p.Event] = OrderedDict()
        self._handlers: dict[p.CommandKind, Callable[[Any, StaffMember], bool]] = {
            C.ACKNOWLEDGE: self._claim,
            C.CLAIM: self._claim,
            C.APPROVE_AGE: self._approve_age,
            C.REFUSE_AGE: self._refuse_age,
            C.APPROVE_VOID: self._void,
            C.REFUSE_VOID: self._void,
            C.ADD_ITEM: self._add_item,
            C.REMOVE_ITEM: self._remove_item,
            C.CANCEL_TRANSACTION: self._cancel,
            C.REVERSE_CHARGE: self._reverse,
            C.LOCK_LANE: self._lock,
            C.UNLOCK_LANE: self._unlock,
            C.PAID_AT_DESK: self._paid_at_desk,
            C.REPRINT_RECEIPT: self._reprint,
            C.RUN_DIAGNOSTICS: self._diagnostics,
            C.RESOLVE_HELP: self._resolve,
        }
        self._diagnosed: list[p.DeviceInfo] = []

    # ------------------------------------------------------------------ state

    @property
    def version(self) -> int:
        """The state's version now (after the lane's last change was looked at)."""
        return self._version

    def _refresh(self) -> None:
        content = state_content(self.lane, device_names=self._names, fallback_time=self._started)
        if self._content is None:
            self._content = content
        elif content != self._content:
            self._content = content
            self._version += 1

    def _state(self) -> p.KioskState:
        assert self._content is not None
        self._published = self._version
        state = p.KioskState(
            sender=self.kiosk_id,
            sent_at=self._clock(),
            kiosk_name=self.kiosk_name,
            run_id=self.run_id,
            version=self._version,
            **self._content,
        )
        return _fitting(state) if len(state.cart.lines) > _LINES_SURELY_FIT else state

    def state(self) -> p.KioskState:
        """The lane's complete state now, to publish (retained). Counts as published."""
        self._refresh()
        return self._state()

    def state_if_changed(self) -> p.KioskState | None:
        """The state when it changed since the last one handed out, else None."""
        self._refresh()
        if self._version == self._published:
            return None
        return self._state()

    # ------------------------------------------------------------------ events

    def pending_events(self, limit: int = 100) -> list[p.Event]:
        """The outbox's unconfirmed events, oldest first, at most ``limit``, each with
        its outbox id. Items that are not for consoles are confirmed locally on the way."""
        now = self._clock()
        while True:
            items = self.journal.unconfirmed(limit)
            events: list[p.Event] = []
            local: list[str] = []
            for item in items:
                event = self._event(item, now)
                if event is _LATER:
                    continue  # the journal could not be read just now: next round
                if event is None:
                    local.append(item.id)
                else:
                    events.append(event)  # type: ignore[arg-type]
            if not local:
                return events
            try:
                self.journal.confirm_many(local)
            except JournalWriteError:
                log.exception("could not confirm %d local outbox items", len(local))
                return events
            if len(items) < limit:
                return events

    def _event(self, item: Any, now: datetime) -> p.Event | object | None:
        """The protocol event of outbox ``item``; None when it is not for consoles (or can
        never be expressed: confirmed locally); :data:`_LATER` when the journal could not
        be read for it just now (a locked database): it stays queued and is tried again."""
        cached = self._mapped.get(item.id)
        if cached is not None:
            return cached.model_copy(update={"sent_at": now})
        try:
            event = self._events.event(item, now)
        except (SQLAlchemyError, OSError):
            log.warning("outbox item %s (%s): the journal could not be read, tried again later",
                        item.id, item.kind, exc_info=True)  # fmt: skip
            return _LATER
        except Exception:
            log.exception(
                "outbox item %s (%s) cannot be published: kept in the journal, confirmed locally",
                item.id,
                item.kind,
            )
            return None
        if event is not None:
            self._mapped[item.id] = event
            while len(self._mapped) > _CACHED_EVENTS:
                self._mapped.popitem(last=False)
        return event

    def mark_sent(self, events: Iterable[p.Event]) -> None:
        """The transport handed these events to the broker (one more attempt each)."""
        try:
            self.journal.mark_attempts(event.id for event in events)
        except JournalWriteError:
            log.exception("could not count the outbox's send attempts")

    def confirm(self, ack: p.Ack) -> int:
        """A console stored these events: they are not sent again. Unknown ids (another
        kiosk's, or confirmed already) change nothing. Returns how many were confirmed."""
        for event_id in ack.event_ids:
            self._mapped.pop(event_id, None)
        try:
            return self.journal.confirm_many(ack.event_ids)
        except JournalWriteError:
            log.exception("could not record %d confirmed events", len(ack.event_ids))
            return 0

    # ------------------------------------------------------------------ commands

    def handle_command(self, command: p.Command) -> p.CommandResult:
        """Carry out ``command`` (on the lane's thread) and give its result. A repeated
        command id gets the first result again, without acting twice."""
        known = self._results.get(command.id)
        if known is not None:
            self._results.move_to_end(command.id)
            log.info("command %s (%s) again: its first result", command.id, command.command)
            return known
        if self._done_before(command.id):
            # carried out before this kiosk restarted (the journal says so): not twice
            log.info("command %s (%s) again after a restart: done before", command.id,
                     command.command)  # fmt: skip
            result = self._result(command.id, p.CommandKind(command.command), None)
            self._remember(command.id, result)
            return result
        self._diagnosed = []
        try:
            refusal = self._execute(command)
        except _Refused as refused:
            refusal = refused.refusal
        except Exception as error:  # a bug of ours must not stop the lane
            log.exception("command %s (%s) failed", command.id, command.command)
            refusal = p.Refusal(
                reason=p.RefusalReason.INVALID, detail=f"the kiosk failed: {type(error).__name__}"
            )
        if refusal is None:
            log.info(
                "command %s (%s) by %s from %s: done",
                command.id, command.command, command.actor.staff_id, command.sender,
            )  # fmt: skip
        else:
            log.info(
                "command %s (%s) by %s from %s: refused (%s: %s)",
                command.id, command.command, command.actor.staff_id, command.sender,
                refusal.reason, refusal.detail,
            )  # fmt: skip
        result = self._result(command.id, p.CommandKind(command.command), refusal)
        self._remember(command.id, result)
        return result

    def refuse(self, rejected: p.Rejected) -> p.CommandResult | None:
        """The answer to a command on this kiosk's own ``cmd`` topic that ``decode``
        dropped as ``expired`` (refused ``expired``) or as a ``schema_error``
        (``unsupported`` for a kind this kiosk does not know, else ``invalid``). None when
        no answer is due: anything else, another kiosk's topic, or no readable id. A
        command id already answered gets that answer again."""
        topic = rejected.topic
        if rejected.reason not in (p.RejectReason.EXPIRED, p.RejectReason.SCHEMA_ERROR):
            return None
        if not isinstance(topic, KioskTopic) or topic.kind is not TopicKind.KIOSK_COMMAND:
            return None
        if topic.kiosk != self.kiosk_id or rejected.message_id is None:
            return None
        if not _MESSAGE_ID.match(rejected.message_id):
            return None
        known = self._results.get(rejected.message_id)
        if known is not None:
            return known
        if rejected.reason is p.RejectReason.EXPIRED:
            reason = p.RefusalReason.EXPIRED
        elif rejected.command is None:
            reason = p.RefusalReason.UNSUPPORTED
        else:
            reason = p.RefusalReason.INVALID
        self._refresh()
        result = self._result(
            rejected.message_id,
            rejected.command,
            p.Refusal(reason=reason, detail=rejected.detail[:500]),
        )
        self._remember(rejected.message_id, result)
        return result

    def _result(
        self, command_id: str, kind: p.CommandKind | None, refusal: p.Refusal | None
    ) -> p.CommandResult:
        self._refresh()
        return p.CommandResult(
            sender=self.kiosk_id,
            sent_at=self._clock(),
            correlation_id=command_id,
            command=kind,
            ok=refusal is None,
            refusal=refusal,
            run_id=self.run_id,
            state_version=self._version,
            devices=self._diagnosed if refusal is None else [],
        )

    def _done_before(self, command_id: str) -> bool:
        """Whether the journal holds an intervention caused by ``command_id``: the command
        was carried out by an earlier run of this kiosk (results are remembered in memory
        only, and a command may be delivered again within its lifetime)."""
        try:
            return bool(self.journal.outbox_items("intervention", command_id=command_id))
        except SQLAlchemyError:
            log.warning("could not look command %s up in the journal", command_id, exc_info=True)
            return False

    def _remember(self, command_id: str, result: p.CommandResult) -> None:
        self._results[command_id] = result
        while len(self._results) > self._remember_at_most:
            self._results.popitem(last=False)

    def _execute(self, command: p.Command) -> p.Refusal | None:
        kind = p.CommandKind(command.command)
        if command.expires_at <= self._clock():
            return p.Refusal(reason=p.RefusalReason.EXPIRED, detail="arrived after expires_at")
        handler = self._handlers.get(kind)
        if handler is None:  # pragma: no cover - every kind of this schema has one
            return p.Refusal(reason=p.RefusalReason.UNSUPPORTED, detail=str(kind))
        member = self._member(command)
        action = COMMAND_ACTIONS[kind]
        if not self.lane.may(member, action):
            return p.Refusal(
                reason=p.RefusalReason.NOT_PERMITTED,
                detail=f"a {member.role} may not {action.value.replace('_', ' ')}",
            )
        transaction = getattr(command, "transaction_id", None)
        if kind in _CURRENT_TRANSACTION and transaction != self.lane.transaction_id:
            return p.Refusal(
                reason=p.RefusalReason.NOT_CURRENT_TRANSACTION,
                detail=f"the lane's transaction is {self.lane.transaction_id or 'none'}",
            )
        call_id = getattr(command, "call_id", None)
        if call_id is not None:
            self._check_call(kind, call_id, member)
        with self.lane.on_command(command.id, call_id) as said:
            if not handler(command, member):
                return _said(said, f"the lane did not {kind.value}")
            self._answer_call(kind, call_id, member)
        return None

    # -- who and which call ----------------------------------------------------------------

    def _member(self, command: p.Command) -> StaffMember:
        """The staff member the console acts for, as the lane's actions expect one."""
        actor = command.actor
        staff_id: Any = actor.staff_id
        if staff_id.isdigit() and str(int(staff_id)) == staff_id:
            staff_id = int(staff_id)  # the staff database's ids are numbers
        return StaffMember(
            id=staff_id,
            login="",
            name=actor.name,
            role=Role(actor.role.value),
            console=command.sender,
        )

    def _call(self, call_id: str) -> HelpCall | None:
        return next((call for call in self.lane.help_calls if call.id == call_id), None)

    def _check_call(self, kind: p.CommandKind, call_id: str, member: StaffMember) -> None:
        call = self._call(call_id)
        if call is None:
            row = self.journal.help_call(call_id)
            if row is not None and row["status"] not in ("raised", "acknowledged"):
                raise _Refused(p.RefusalReason.CALL_CLOSED, f"the call is {row['status']}")
            raise _Refused(p.RefusalReason.UNKNOWN_CALL, f"no open call {call_id} at this lane")
        if not call.is_open:
            raise _Refused(p.RefusalReason.CALL_CLOSED, f"the call is {call.status.value}")
        wanted = _CALL_REASONS.get(kind)
        if wanted is not None and call.reason is not wanted:
            raise _Refused(
                p.RefusalReason.INVALID, f"the call is a {call.reason.value}, not a {wanted.value}"
            )
        if kind is C.RESOLVE_HELP and (
            call.reason in APPROVAL_REASONS or call.reason is HelpReason.PAYMENT_UNKNOWN
        ):
            raise _Refused(
                p.RefusalReason.INVALID,
                f"a {call.reason.value} call is settled by its own command, not resolve_help",
            )
        if kind in (C.ACKNOWLEDGE, C.CLAIM):
            owner = call.owner
            if owner and owner.get("staff_id") not in (None, str(member.id)):
                raise _Refused(
                    p.RefusalReason.ALREADY_CLAIMED,
                    f"{owner.get('name')} has the call",
                    claimed_by=staff_ref(owner),
                )

    def _answer_call(self, kind: p.CommandKind, call_id: str | None, member: StaffMember) -> None:
        """A command that names the call it answers (an unknown item keyed in, a question
        settled by a removal ...) resolves that call when its own action did not."""
        if call_id is None or kind in (C.ACKNOWLEDGE, C.CLAIM, C.RESOLVE_HELP):
            return
        call = self._call(call_id)
        if call is None or not call.is_open:
            return
        if call.reason in APPROVAL_REASONS or call.reason is HelpReason.PAYMENT_UNKNOWN:
            return
        self.lane.resolve_help(call_id, member.name, kind.value)

    # -- the commands (True: done; False: the lane said no; _Refused: refused first) -------

    def _claim(self, command: Any, member: StaffMember) -> bool:
        if command.command == C.ACKNOWLEDGE:
            return bool(self.lane.acknowledge_help(command.call_id, member))
        return bool(self.lane.claim_help(member, command.call_id))

    def _approve_age(self, command: Any, member: StaffMember) -> bool:
        return bool(self.lane.approve_age(member))

    def _refuse_age(self, command: Any, member: StaffMember) -> bool:
        return bool(self.lane.refuse_age(member))

    def _void(self, command: Any, member: StaffMember) -> bool:
        approve = command.command == C.APPROVE_VOID
        return bool(self.lane.approve_void(member, command.call_id, approve))

    def _add_item(self, command: Any, member: StaffMember) -> bool:
        return bool(self.lane.key_in_item(member, command.code, quantity=command.quantity))

    def _remove_item(self, command: Any, member: StaffMember) -> bool:
        cart = self.lane.cart
        line_id = command.line_id
        active = set() if cart is None else {line.line_id for line in cart.active_lines}
        if line_id not in active:
            if line_id.endswith(DEPOSIT_LINE_SUFFIX) and line_id[: -len(DEPOSIT_LINE_SUFFIX)] in (
                active
            ):
                raise _Refused(p.RefusalReason.INVALID, "a deposit goes with its item")
            raise _Refused(p.RefusalReason.UNKNOWN_LINE, f"no line {line_id} in the cart")
        return bool(self.lane.remove_item(member, line_id))

    def _cancel(self, command: Any, member: StaffMember) -> bool:
        return bool(self.lane.cancel_transaction(member))

    def _paid_at_desk(self, command: Any, member: StaffMember) -> bool:
        return bool(self.lane.paid_at_desk(member))

    def _device_ready(self, role: DeviceRole) -> None:
        health = self.lane.device_health()
        if role not in health:
            raise _Refused(p.RefusalReason.DEVICE_ERROR, f"this lane has no {role.value}")
        status = health[role]
        if status is not None and status.state.value != "online":
            raise _Refused(p.RefusalReason.DEVICE_ERROR, f"the {role.value} is {status}")

    def _sale(self, transaction_id: str) -> None:
        if self.journal.transaction_status(transaction_id) is None:
            raise _Refused(p.RefusalReason.INVALID, f"no transaction {transaction_id} here")

    def _reverse(self, command: Any, member: StaffMember) -> bool:
        self._sale(command.transaction_id)
        approved = [
            payment
            for payment in self.journal.payments(command.transaction_id)
            if payment.status == "approved"
        ]
        if not approved:
            raise _Refused(p.RefusalReason.INVALID, "the transaction has no card payment to undo")
        self._device_ready(DeviceRole.PAYMENT)
        return bool(
            self.lane.reverse_payment(
                member, approved[-1].reference, transaction_id=command.transaction_id
            )
        )

    def _reprint(self, command: Any, member: StaffMember) -> bool:
        self._sale(command.transaction_id)
        if self.journal.paid_sale(command.transaction_id) is None:
            raise _Refused(p.RefusalReason.INVALID, "only a sale paid by card has a receipt here")
        self._device_ready(DeviceRole.PRINTER)
        return bool(self.lane.reprint_receipt(member, command.transaction_id))

    def _lock(self, command: Any, member: StaffMember) -> bool:
        return bool(self.lane.lock_lane(member, command.reason))

    def _unlock(self, command: Any, member: StaffMember) -> bool:
        return bool(self.lane.unlock_lane(member))

    def _diagnostics(self, command: Any, member: StaffMember) -> bool:
        health = self.lane.device_health()
        roles = tuple(DeviceRole(kind.value) for kind in command.devices)
        missing = [role.value for role in roles if role not in health]
        if missing:
            raise _Refused(p.RefusalReason.INVALID, f"this lane has no {', '.join(missing)}")
        report = self.lane.run_diagnostics(member, roles)
        if report is None:
            return False
        self._diagnosed = [
            device_info(role, status, name=self._names.get(role.value))
            for role, status in report.items()
        ]
        return True

    def _resolve(self, command: Any, member: StaffMember) -> bool:
        return bool(self.lane.resolve_help(command.call_id, member, command.outcome))
