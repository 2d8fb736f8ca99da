"""The kiosk's side of the store network without the network (kiosk.link.lane_link): the
retained state, the outbox as events, acks, and every console command carried out
through the lane. A real journal on a SQLite file, a real lane controller on the sample
catalog with fake devices, the production permission rules (``StaffAuth.can`` over
``kiosk.core.staff``), a manual clock; every message goes through protocol.encode and
protocol.decode on its real topic, as it would over MQTT."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from drivers.device import DeviceState, DeviceStatus, FaultReason, StatusEvent
from drivers.lane_light.pattern import pattern_for
from kiosk.core.journal import Journal
from kiosk.core.lane import HelpReason, HelpTopic, MessageKey
from kiosk.link import protocol as p
from kiosk.link.lane_events import LOCAL_KINDS
from kiosk.link.lane_link import COMMAND_ACTIONS, REMEMBERED_COMMANDS, LaneLink
from kiosk.link.topics import StoreTopics
from kiosk.ui.staff_auth import LANE_ACTIONS, StaffAuth
from tests.core.test_lane import FailingJournal
from tests.core.test_lane_fakes import (
    BEER,
    COLA,
    MILK,
    UNKNOWN,
    Lane,
    build_lane,
    lanes,  # noqa: F401  (fixture)
)

ROOT = Path(__file__).resolve().parents[2]
TOPICS = StoreTopics("store-1")
KIOSK = "kiosk-1"
RULES = StaffAuth(None, KIOSK)  # the kiosk's own permission rules (no roster needed for them)
SAM = p.Actor(staff_id="7", name="Sam", role=p.Role.ATTENDANT)
ILSE = p.Actor(staff_id="8", name="Ilse", role=p.Role.SUPERVISOR)
TOM = p.Actor(staff_id="9", name="Tom", role=p.Role.TECHNICIAN)
R = p.RefusalReason
C = p.CommandKind
K = MessageKey


@dataclass
class Kiosk:
    lane: Lane
    link: LaneLink

    @property
    def c(self):  # the lane controller
        return self.lane.controller

    def now(self):
        return self.lane.clock.utc_now()

    def decode(self, topic: str, message: p.Message) -> Any:
        decoded = p.decode(topic, p.encode(message), now=self.now(), topics=TOPICS)
        assert isinstance(decoded, p.Decoded), decoded
        return decoded.message

    def command(
        self, model: type[p.Command], actor: p.Actor = SAM, console: str = "console-1", **fields
    ) -> p.Command:
        now = self.now()
        return model(
            sender=console,
            sent_at=now,
            expires_at=now + timedelta(seconds=30),
            actor=actor,
            **fields,
        )

    def send(self, command: p.Command) -> p.CommandResult:
        """The command over the wire (its console's topic), carried out, and its answer
        over the wire."""
        received = self.decode(TOPICS.command(KIOSK, command.sender), command)
        result = self.link.handle_command(received)
        answer = self.decode(TOPICS.command_result(KIOSK), result)
        assert answer.correlation_id == command.id and answer.run_id == self.link.run_id
        return answer

    def state(self) -> p.KioskState:
        state = self.link.state()
        assert self.decode(TOPICS.kiosk_state(KIOSK), state) == state
        return state

    def events(self, limit: int = 1000) -> list[p.Event]:
        events = self.link.pending_events(limit)
        for event in events:
            assert self.decode(TOPICS.kiosk_event(KIOSK), event) == event
        return events

    def call(self, reason: HelpReason):
        return next(call for call in self.c.help_calls if call.reason is reason)


@pytest.fixture
def make_kiosk(tmp_path: Path, lanes: list[Lane]):  # noqa: F811
    def make(journal: Journal | None = None, **settings: Any) -> Kiosk:
        lane = build_lane(tmp_path, journal=journal, permissions=RULES.can, **settings)
        lanes.append(lane)
        link = LaneLink(
            lane.controller,
            lane.journal,
            topics=TOPICS,
            kiosk_name="Kassa 1",
            clock=lane.clock.utc_now,
            device_names={"printer": "bonprinter"},
        )
        return Kiosk(lane, link)

    return make


@pytest.fixture
def kiosk(make_kiosk) -> Kiosk:
    return make_kiosk()


def refused(result: p.CommandResult, reason: p.RefusalReason) -> bool:
    return not result.ok and result.refusal is not None and result.refusal.reason is reason


def sell_by_card(kiosk: Kiosk, *codes: str) -> str:
    """A paid sale, its receipt declined, and the next shopper scanning: the sale's id."""
    c = kiosk.c
    for code in codes or (MILK,):
        c.scan(code)
    transaction = c.transaction_id
    assert c.pay()
    kiosk.lane.run()
    assert c.choose_receipt("none")
    c.scan(COLA)
    return transaction


# -- state ------------------------------------------------------------------------------------


def test_the_state_is_complete_and_goes_over_the_wire_unchanged(kiosk: Kiosk) -> None:
    c = kiosk.c
    c.attach()
    c.scan(COLA)
    c.scan(BEER)
    question = c.call_help(topic=HelpTopic.PRICE_QUESTION)
    assert kiosk.send(kiosk.command(p.ClaimCall, call_id=question)).ok
    paper_out = DeviceStatus(DeviceState.ERROR, FaultReason.PAPER_OUT, "roll empty")
    c.device_event("printer", StatusEvent(DeviceStatus(DeviceState.ONLINE), paper_out))
    state = kiosk.state()
    assert (state.sender, state.kiosk_name, state.run_id) == (KIOSK, "Kassa 1", kiosk.link.run_id)
    assert state.status == p.LaneStatus(session="shopping", since=kiosk.now())
    assert state.transaction_id == c.transaction_id
    assert (state.cart.items, state.cart.total_cents) == (2, 199 + 25 + 99 + 15)
    assert [(line.name_en, line.is_deposit, line.min_age) for line in state.cart.lines] == [
        ("Cola 1.5 L", False, 0),
        ("Deposit large bottle (over 1 L)", True, 0),
        ("Lager can 33 cl", False, 18),
        ("Deposit small bottle or can (up to 1 L)", True, 0),
    ]
    assert state.cart.lines[0].line_id == c.cart.active_lines[0].line_id
    age, asked = state.help_calls
    assert (age.reason, age.status, age.owner) == ("age_check", "raised", None)
    assert (age.context.product_en, age.context.cart.items) == ("Lager can 33 cl", 2)
    assert age.raised_at == kiosk.now()
    assert (asked.id, asked.topic, asked.status) == (question, "price_question", "acknowledged")
    assert asked.owner == p.StaffRef(staff_id="7", name="Sam", console="console-1")
    printer = next(d for d in state.devices if d.kind is p.DeviceKind.PRINTER)
    assert printer == p.DeviceInfo(
        name="bonprinter", kind="printer", state="error", reason="paper_out", detail="roll empty"
    )
    assert {d.kind for d in state.devices} == set(p.DeviceKind)
    light = pattern_for(c.situation)
    assert (state.lane_light.colour, state.lane_light.mode) == (light.colour, light.mode)
    assert state.payment is None


def test_the_state_shows_payments_locks_and_staff_at_the_lane(kiosk: Kiosk) -> None:
    c = kiosk.c
    c.scan(MILK)
    c.pay()  # the terminal has it: not answered yet
    assert kiosk.state().payment == p.PendingPayment(amount_cents=119, status="pending")
    kiosk.lane.run()  # approved
    assert kiosk.state().payment is None
    c.choose_receipt("none")
    c.scan(MILK)
    kiosk.lane.terminal.script.append("decline:insufficient_funds")
    c.pay()
    kiosk.lane.run()
    declined = kiosk.state()
    assert declined.status.session is p.SessionState.DECLINED
    assert declined.payment == p.PendingPayment(
        amount_cents=119, status="declined", decline_reason="insufficient_funds"
    )
    kiosk.lane.terminal.script.append("unknown:unknown")
    c.pay()
    kiosk.lane.run()
    assert kiosk.state().payment.status is p.PaymentStatus.UNKNOWN
    desk = kiosk.command(p.PaidAtDesk, ILSE, transaction_id=c.transaction_id)
    assert refused(kiosk.send(desk), R.WRONG_STATE)  # settle the unknown payment first
    supervisor = RULES_MEMBER("Ilse", "supervisor")
    assert c.resolve_payment(supervisor, approved=False)
    assert kiosk.send(kiosk.command(p.PaidAtDesk, ILSE, transaction_id=c.transaction_id)).ok
    c.staff_login(supervisor)
    at_lane = kiosk.state().status
    assert at_lane.session is p.SessionState.STAFF
    assert at_lane.staff_at_lane == p.StaffRef(staff_id="8", name="Ilse")
    c.lock_lane(supervisor, "cleaning")
    locked = kiosk.state().status
    assert locked.locked and locked.out_of_service is p.OutOfServiceReason.LOCKED_BY_STAFF


def RULES_MEMBER(name: str, role: str):
    from kiosk.core.staff import Role, StaffMember

    return StaffMember(id=8, login="x", name=name, role=Role(role))


def test_the_version_goes_up_only_when_the_state_changed(kiosk: Kiosk, make_kiosk) -> None:
    link, c = kiosk.link, kiosk.c
    first = link.state()
    assert first.version == 0
    assert link.state_if_changed() is None
    kiosk.lane.clock.advance(10)
    c.tick()
    assert link.state_if_changed() is None  # time passing is no change
    assert link.state().version == 0  # asking again is no change either
    c.scan(MILK)
    changed = link.state_if_changed()
    assert changed is not None and changed.version == 1
    assert link.state_if_changed() is None
    c.scan(MILK)
    c.scan(COLA)
    assert link.state_if_changed().version == 2  # two changes, one state to publish
    result = kiosk.send(kiosk.command(p.LockLane, ILSE))  # refused: a cart is open
    assert refused(result, R.WRONG_STATE) and result.state_version == 2
    assert link.state_if_changed() is None
    kiosk.c.touch()  # a touch changes nothing visible
    assert link.state_if_changed() is None
    again = LaneLink(c, kiosk.lane.journal, topics=TOPICS, kiosk_name="Kassa 1",
                     clock=kiosk.lane.clock.utc_now)  # fmt: skip
    assert again.state().version == 0 and again.run_id != link.run_id


def test_a_device_that_fails_changes_the_state_though_the_lamp_stays_the_same(kiosk) -> None:
    heard: list[tuple] = []
    kiosk.c.device_changed.connect(lambda role, status: heard.append((role, status.state)))
    kiosk.c.attach()
    kiosk.link.state()
    situation = kiosk.c.situation
    jammed = DeviceStatus(DeviceState.ERROR, FaultReason.CUTTER_ERROR)
    kiosk.c.device_event("printer", StatusEvent(DeviceStatus(DeviceState.ONLINE), jammed))
    assert kiosk.c.situation is situation and heard == [("printer", DeviceState.ERROR)]
    changed = kiosk.link.state_if_changed()
    assert changed is not None
    (printer,) = [d for d in changed.devices if d.kind is p.DeviceKind.PRINTER]
    assert (printer.state, printer.reason) == ("error", "cutter_error")


# -- events -------------------------------------------------------------------------------------


def test_every_outbox_kind_becomes_an_event_or_is_confirmed_on_the_kiosk(make_kiosk) -> None:
    kiosk = make_kiosk(help_escalate_s=30.0)
    c, lane, journal = kiosk.c, kiosk.lane, kiosk.lane.journal
    c.attach()
    lost = DeviceStatus(DeviceState.OFFLINE, FaultReason.UNPLUGGED)
    c.device_event("scanner", StatusEvent(DeviceStatus(DeviceState.ONLINE), lost))
    c.device_event("scanner", StatusEvent(lost, DeviceStatus(DeviceState.ONLINE)))
    c.scan(MILK)
    c.scan(UNKNOWN)  # unknown_item
    unknown = c.call_help(HelpReason.UNKNOWN_ITEM)
    kiosk.send(kiosk.command(p.AddItem, transaction_id=c.transaction_id, code=COLA,
                             call_id=unknown))  # fmt: skip
    c.rate_help(unknown, 4)
    c.call_help(topic=HelpTopic.BAGS)
    lane.clock.advance(30)
    c.tick()  # escalated
    c.pay()
    lane.run()
    c.choose_receipt("print")
    lane.run()  # receipt_printed
    c.rate(5)  # the visit's rating
    sell_by_card(kiosk)  # receipt_chosen
    c.pay()
    lane.run()
    c.choose_receipt("digital")  # digital_receipt
    journal.enqueue("late_payment_result", {"reference": "x-01", "error": "Timeout: late"})
    journal.enqueue("lane_unlocked", {"by": 8})
    journal.enqueue("something_new", {"from": "a newer lane"})
    written = {item.kind for item in journal.outbox_items()}
    assert written >= set(LOCAL_KINDS) | {"device_fault", "device_recovered", "help_call",
                                          "help_call_update", "help_call_escalated", "rating",
                                          "intervention", "transaction_closed"}  # fmt: skip

    events = kiosk.events()
    assert {e.event for e in events} == set(p.EventKind)
    left = journal.unconfirmed(1000)
    assert [item.id for item in left] == [event.id for event in events]  # the outbox ids
    assert {item.kind for item in left} == {
        "device_fault", "device_recovered", "help_call", "help_call_update",
        "help_call_escalated", "rating", "intervention", "transaction_closed",
    }  # fmt: skip
    local = {item.kind for item in journal.outbox_items()} - {i.kind for i in left}
    assert local == set(LOCAL_KINDS) - {"rating"} | {"something_new"}
    sessions = [i for i in journal.outbox_items("rating") if i.payload["of"] == "session"]
    assert sessions and sessions[0].id not in {item.id for item in left}


def test_help_events_tell_the_calls_life(kiosk: Kiosk) -> None:
    c = kiosk.c
    c.scan(MILK)
    call_id = c.call_help(topic=HelpTopic.PRICE_QUESTION)
    kiosk.send(kiosk.command(p.AcknowledgeCall, call_id=call_id))
    kiosk.send(kiosk.command(p.ResolveHelp, call_id=call_id, outcome="price explained"))
    c.rate_help(call_id, 5)
    raised, updated, resolved, _intervention, rated = kiosk.events()
    assert isinstance(raised, p.HelpRaised) and raised.call.status is p.HelpStatus.RAISED
    assert raised.call.topic is p.HelpTopic.PRICE_QUESTION
    assert raised.call.context.cart == p.CartBrief(items=1, total_cents=119)
    assert raised.transaction_id == c.transaction_id and raised.occurred_at == kiosk.now()
    assert isinstance(updated, p.HelpUpdated)
    assert updated.call.owner == p.StaffRef(staff_id="7", name="Sam", console="console-1")
    assert isinstance(resolved, p.HelpResolved)
    assert (resolved.call.status, resolved.call.outcome) == ("resolved", "price explained")
    assert resolved.call.owner == updated.call.owner and resolved.call.raised_at == kiosk.now()
    assert isinstance(rated, p.HelpRated) and (rated.call_id, rated.rating) == (call_id, 5)


def test_interventions_and_sales_for_the_service_figures(kiosk: Kiosk) -> None:
    c = kiosk.c
    c.scan(BEER)
    age = kiosk.call(HelpReason.AGE_CHECK).id
    approve = kiosk.command(p.ApproveAge, transaction_id=c.transaction_id, call_id=age)
    kiosk.send(approve)
    c.pay()
    kiosk.lane.run()
    events = kiosk.events()
    (intervention,) = [e for e in events if isinstance(e, p.Intervention)]
    assert intervention.staff == p.StaffRef(staff_id="7", name="Sam", console="console-1")
    assert (intervention.role, intervention.action) == ("attendant", "approve_age")
    assert (intervention.call_id, intervention.command_id) == (age, approve.id)
    assert (intervention.before, intervention.after) == ({"approved_age": 0}, {"approved_age": 18})
    (sale,) = [e for e in events if isinstance(e, p.SaleSummary)]
    assert (sale.outcome, sale.payment_method, sale.total_cents) == ("paid", "card", 114)
    assert (sale.items, sale.interventions) == (1, 1)
    c.choose_receipt("none")
    c.scan(MILK)
    kiosk.send(kiosk.command(p.CancelTransaction, transaction_id=c.transaction_id))
    c.scan(MILK)
    c.scan(MILK)
    kiosk.send(kiosk.command(p.PaidAtDesk, ILSE, transaction_id=c.transaction_id))
    cancelled, desk = [e for e in kiosk.events() if isinstance(e, p.SaleSummary)][1:]
    assert (cancelled.outcome, cancelled.payment_method) == ("cancelled", "none")
    assert (cancelled.items, cancelled.interventions) == (1, 1)
    assert (desk.outcome, desk.payment_method, desk.items) == ("paid_elsewhere", "service_desk", 2)


def test_events_survive_a_restart_with_the_same_ids(make_kiosk, tmp_path: Path) -> None:
    first = make_kiosk()
    first.c.scan(MILK)
    first.c.call_help()
    sent = first.events()
    first.link.mark_sent(sent)
    first.link.mark_sent(sent[:1])
    # kill -9: a new lane and link on the same journal file
    second = make_kiosk(journal=Journal(tmp_path / "journal.db", kiosk_id=KIOSK))
    second.c.resume()
    again = second.events()
    assert [e.id for e in again] == [e.id for e in sent]
    assert [e.model_dump(exclude={"sent_at"}) for e in again] == [
        e.model_dump(exclude={"sent_at"}) for e in sent
    ]
    assert [i.attempts for i in second.lane.journal.unconfirmed()] == [2]
    assert second.link.run_id != first.link.run_id


def test_an_ack_confirms_and_unknown_ids_change_nothing(kiosk: Kiosk) -> None:
    kiosk.c.call_help()
    kiosk.c.call_help(topic=HelpTopic.BAGS)
    one, two = kiosk.events()
    ack = p.Ack(sender="console-1", event_ids=[one.id, p.new_id()])
    received = kiosk.decode(TOPICS.ack(KIOSK, "console-1"), ack)
    assert kiosk.link.confirm(received) == 1
    assert [e.id for e in kiosk.events()] == [two.id]
    assert kiosk.link.confirm(received) == 0  # a duplicate ack (another console's) is harmless


def test_events_that_stay_on_the_kiosk_never_hold_up_the_queue(kiosk: Kiosk) -> None:
    for number in range(250):
        kiosk.lane.journal.enqueue("receipt_printed", {"transaction_id": f"t{number}"})
    kiosk.c.call_help()
    (event,) = kiosk.events(limit=100)
    assert isinstance(event, p.HelpRaised)
    assert [i.kind for i in kiosk.lane.journal.unconfirmed(1000)] == ["help_call"]


def test_an_outbox_item_that_cannot_be_an_event_is_logged_and_set_aside(
    kiosk: Kiosk, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk.lane.journal.enqueue("device_fault", {"device": "toaster"})
    kiosk.c.call_help()
    with caplog.at_level("ERROR", logger="kiosk.link"):
        (event,) = kiosk.events()
    assert isinstance(event, p.HelpRaised)
    assert "cannot be published" in caplog.text
    caplog.clear()
    assert [i.kind for i in kiosk.lane.journal.unconfirmed()] == ["help_call"]


def test_a_journal_that_cannot_be_read_for_a_moment_loses_no_event(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A locked database while mapping an event is no reason to give the event up: it
    stays queued and goes out on the next round, with the same id."""
    from sqlalchemy.exc import OperationalError

    call_id = kiosk.c.call_help()
    kiosk.link._mapped.clear()  # the update below is mapped afresh
    kiosk.c.acknowledge_help(call_id, "Sam")
    real = kiosk.lane.journal.help_call
    failures = iter([OperationalError("SELECT", {}, Exception("database is locked"))])

    def flaky(*args: Any, **kwargs: Any) -> Any:
        error = next(failures, None)
        if error is not None:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(kiosk.lane.journal, "help_call", flaky)
    first = kiosk.events()
    kinds = [i.kind for i in kiosk.lane.journal.unconfirmed()]
    assert "help_call_update" in kinds, "kept in the outbox, not confirmed locally"
    second = kiosk.events()
    assert len(second) == len(kinds) and len(second) > len(first)
    assert any(isinstance(e, p.HelpUpdated) for e in second)


# -- commands -----------------------------------------------------------------------------------


def _voids(make_kiosk) -> tuple[Kiosk, str]:
    kiosk = make_kiosk(voids_need_approval=True)
    kiosk.c.scan(MILK)
    kiosk.c.scan(COLA)
    kiosk.c.remove_line(kiosk.c.cart.active_lines[0].line_id)
    return kiosk, kiosk.call(HelpReason.VOID_APPROVAL).id


def _names(snapshot: dict) -> list[str]:
    return [line["name_en"] for line in snapshot["cart"]["lines"] if not line["is_deposit"]]


Scenario = Callable[[Any], tuple[Kiosk, p.Command, Callable[[dict], None]]]
SCENARIOS: dict[p.CommandKind, Scenario] = {}


def scenario(kind: p.CommandKind):
    def register(function: Scenario) -> Scenario:
        SCENARIOS[kind] = function
        return function

    return register


@scenario(C.ACKNOWLEDGE)
def _acknowledge(make_kiosk):
    kiosk = make_kiosk()
    call_id = kiosk.c.call_help()

    def check(snapshot: dict) -> None:
        (call,) = snapshot["help_calls"]
        assert call["status"] == "acknowledged" and call["owner"]["name"] == "Sam"
        assert snapshot["message"]["key"] == "help_on_the_way"
        assert snapshot["message"]["params"]["name"] == "Sam"

    return kiosk, kiosk.command(p.AcknowledgeCall, call_id=call_id), check


@scenario(C.CLAIM)
def _claim(make_kiosk):
    kiosk = make_kiosk()
    call_id = kiosk.c.call_help()

    def check(snapshot: dict) -> None:
        assert snapshot["help_calls"][0]["owner"]["console"] == "console-1"

    return kiosk, kiosk.command(p.ClaimCall, call_id=call_id), check


@scenario(C.APPROVE_AGE)
def _approve_age(make_kiosk):
    kiosk = make_kiosk()
    kiosk.c.scan(BEER)
    call_id = kiosk.call(HelpReason.AGE_CHECK).id
    command = kiosk.command(p.ApproveAge, transaction_id=kiosk.c.transaction_id, call_id=call_id)

    def check(snapshot: dict) -> None:
        assert snapshot["approved_age"] == 18 and snapshot["pay_blocked_by"] == []
        assert snapshot["help_calls"][0]["outcome"] == "approved:18"

    return kiosk, command, check


@scenario(C.REFUSE_AGE)
def _refuse_age(make_kiosk):
    kiosk = make_kiosk()
    kiosk.c.scan(MILK)
    kiosk.c.scan(BEER)
    call_id = kiosk.call(HelpReason.AGE_CHECK).id
    command = kiosk.command(p.RefuseAge, transaction_id=kiosk.c.transaction_id, call_id=call_id)

    def check(snapshot: dict) -> None:
        assert _names(snapshot) == ["Semi-skimmed milk 1 L"]
        assert snapshot["help_calls"][0]["outcome"] == "refused"
        assert snapshot["pay_blocked_by"] == []

    return kiosk, command, check


@scenario(C.APPROVE_VOID)
def _approve_void(make_kiosk):
    kiosk, call_id = _voids(make_kiosk)
    command = kiosk.command(p.ApproveVoid, transaction_id=kiosk.c.transaction_id, call_id=call_id)

    def check(snapshot: dict) -> None:
        assert _names(snapshot) == ["Cola 1.5 L"]

    return kiosk, command, check


@scenario(C.REFUSE_VOID)
def _refuse_void(make_kiosk):
    kiosk, call_id = _voids(make_kiosk)
    command = kiosk.command(p.RefuseVoid, transaction_id=kiosk.c.transaction_id, call_id=call_id)

    def check(snapshot: dict) -> None:
        assert _names(snapshot) == ["Semi-skimmed milk 1 L", "Cola 1.5 L"]
        assert snapshot["help_calls"][0]["outcome"] == "refused"
        assert snapshot["message"]["key"] == "void_rejected"

    return kiosk, command, check


@scenario(C.ADD_ITEM)
def _add_item(make_kiosk):
    kiosk = make_kiosk()
    kiosk.c.scan(MILK)
    command = kiosk.command(p.AddItem, transaction_id=kiosk.c.transaction_id, code=COLA, quantity=2)

    def check(snapshot: dict) -> None:
        assert snapshot["cart"]["item_count"] == 3
        assert [line["quantity"] for line in snapshot["cart"]["lines"]] == [1, 2, 2]

    return kiosk, command, check


@scenario(C.REMOVE_ITEM)
def _remove_item(make_kiosk):
    kiosk = make_kiosk()
    kiosk.c.scan(MILK)
    kiosk.c.scan(COLA)
    cola = kiosk.c.cart.active_lines[1].line_id
    command = kiosk.command(p.RemoveItem, transaction_id=kiosk.c.transaction_id, line_id=cola)

    def check(snapshot: dict) -> None:
        assert _names(snapshot) == ["Semi-skimmed milk 1 L"]
        assert snapshot["message"]["key"] == "line_removed"

    return kiosk, command, check


@scenario(C.CANCEL_TRANSACTION)
def _cancel(make_kiosk):
    kiosk = make_kiosk()
    kiosk.c.scan(MILK)
    transaction = kiosk.c.transaction_id
    command = kiosk.command(p.CancelTransaction, transaction_id=transaction)

    def check(snapshot: dict) -> None:
        assert snapshot["state"] == "attract" and snapshot["transaction_id"] is None
        assert kiosk.lane.journal.transaction_status(transaction) == "cancelled"

    return kiosk, command, check


@scenario(C.REVERSE_CHARGE)
def _reverse(make_kiosk):
    kiosk = make_kiosk()
    transaction = sell_by_card(kiosk)
    command = kiosk.command(p.ReverseCharge, ILSE, transaction_id=transaction)

    def check(snapshot: dict) -> None:
        kiosk.lane.run()  # the terminal answers
        assert [pay.status for pay in kiosk.lane.journal.payments(transaction)] == ["reversed"]
        assert kiosk.c.snapshot()["message"]["key"] == "payment_reversed"
        (done,) = [e for e in kiosk.events() if isinstance(e, p.Intervention)]
        assert (done.action, done.transaction_id, done.command_id) == (
            "reverse_payment", transaction, command.id,
        )  # fmt: skip

    return kiosk, command, check


@scenario(C.LOCK_LANE)
def _lock(make_kiosk):
    kiosk = make_kiosk()

    def check(snapshot: dict) -> None:
        assert snapshot["state"] == "out_of_service"
        assert snapshot["out_of_service"] == {"reason": "locked_by_staff", "detail": "cleaning",
                                              "by": "Sam"}  # fmt: skip

    return kiosk, kiosk.command(p.LockLane, reason="cleaning"), check


@scenario(C.UNLOCK_LANE)
def _unlock(make_kiosk):
    kiosk = make_kiosk()
    assert kiosk.send(kiosk.command(p.LockLane, TOM)).ok

    def check(snapshot: dict) -> None:
        assert snapshot["state"] == "attract" and snapshot["out_of_service"] is None

    return kiosk, kiosk.command(p.UnlockLane, TOM), check


@scenario(C.PAID_AT_DESK)
def _paid_at_desk(make_kiosk):
    kiosk = make_kiosk()
    kiosk.c.scan(MILK)
    transaction = kiosk.c.transaction_id
    command = kiosk.command(p.PaidAtDesk, ILSE, transaction_id=transaction)

    def check(snapshot: dict) -> None:
        assert snapshot["state"] == "attract" and snapshot["message"]["key"] == "thank_you"
        assert kiosk.lane.journal.transaction_status(transaction) == "paid_elsewhere"

    return kiosk, command, check


@scenario(C.REPRINT_RECEIPT)
def _reprint(make_kiosk):
    kiosk = make_kiosk()
    transaction = sell_by_card(kiosk)
    before = kiosk.c.snapshot()

    def check(snapshot: dict) -> None:
        assert snapshot == before  # the next shopper's screen is left alone
        kiosk.lane.run()  # the printer prints
        (printed,) = kiosk.lane.printer.printed
        assert any(transaction in line for line in printed)

    return kiosk, kiosk.command(p.ReprintReceipt, transaction_id=transaction), check


@scenario(C.RUN_DIAGNOSTICS)
def _diagnostics(make_kiosk):
    kiosk = make_kiosk()
    kiosk.c.scan(MILK)
    kiosk.lane.printer.status = DeviceStatus(DeviceState.ERROR, FaultReason.COVER_OPEN)

    def check(snapshot: dict) -> None:
        assert snapshot["state"] == "shopping"  # the shopper goes on

    return kiosk, kiosk.command(p.RunDiagnostics, TOM, devices=["printer", "scanner"]), check


@scenario(C.RESOLVE_HELP)
def _resolve(make_kiosk):
    kiosk = make_kiosk()
    call_id = kiosk.c.call_help()

    def check(snapshot: dict) -> None:
        (call,) = snapshot["help_calls"]
        assert (call["status"], call["outcome"]) == ("resolved", "bags brought")

    return kiosk, kiosk.command(p.ResolveHelp, call_id=call_id, outcome="bags brought"), check


def test_every_command_kind_has_a_scenario_and_a_permission() -> None:
    assert set(SCENARIOS) == set(p.CommandKind) == set(COMMAND_ACTIONS)
    # the lane's action names are those the kiosk's permission rules know
    assert {action.value for action in COMMAND_ACTIONS.values()} <= set(LANE_ACTIONS)


@pytest.mark.parametrize("kind", list(p.CommandKind), ids=str)
def test_every_command_is_carried_out_by_the_lane_and_shows_there(make_kiosk, kind) -> None:
    kiosk, command, check = SCENARIOS[kind](make_kiosk)
    result = kiosk.send(command)
    assert result.ok, result.refusal
    assert result.command is kind
    assert result.state_version == kiosk.link.version
    check(kiosk.c.snapshot())
    if kind is C.RUN_DIAGNOSTICS:
        assert [(d.name, d.state, d.reason) for d in result.devices] == [
            ("bonprinter", "error", "cover_open"),
            ("scanner", "online", None),
        ]
    else:
        assert result.devices == []


def test_a_repeated_command_id_gets_the_first_result_and_acts_once(kiosk: Kiosk) -> None:
    kiosk.c.scan(MILK)
    add = kiosk.command(p.AddItem, transaction_id=kiosk.c.transaction_id, code=COLA)
    first = kiosk.send(add)
    again = kiosk.send(add)
    assert first.ok and again == first
    assert kiosk.c.cart.totals.item_count == 2
    assert len(kiosk.lane.journal.outbox_items("intervention")) == 1
    lock = kiosk.command(p.LockLane, ILSE)
    refused_once = kiosk.send(lock)
    kiosk.c.cancel_transaction(RULES_MEMBER("Ilse", "supervisor"))
    assert kiosk.send(lock) == refused_once  # still the first answer, though it would work now
    assert kiosk.c.state.value == "attract"


def test_a_command_delivered_again_after_a_restart_is_not_carried_out_twice(
    make_kiosk, tmp_path: Path
) -> None:
    """Results are remembered in memory; the journal remembers what a command did. A
    kiosk killed right after adding an item, asked again within the command's lifetime,
    answers "done" without adding it again."""
    first = make_kiosk()
    first.c.scan(MILK)
    add = first.command(p.AddItem, transaction_id=first.c.transaction_id, code=COLA)
    assert first.send(add).ok
    # kill -9: a new lane and link on the same journal file; the cart comes back
    second = make_kiosk(journal=Journal(tmp_path / "journal.db", kiosk_id=KIOSK))
    second.c.resume()
    items = second.c.cart.totals.item_count
    again = second.send(add)
    assert again.ok and again.run_id == second.link.run_id
    assert second.c.cart.totals.item_count == items
    assert len(second.lane.journal.outbox_items("intervention", command_id=add.id)) == 1


def test_the_memory_of_command_ids_is_bounded_and_keeps_the_recent_ones(kiosk: Kiosk) -> None:
    assert REMEMBERED_COMMANDS > 6 * 600  # over six commands a second for ten minutes
    link = LaneLink(kiosk.c, kiosk.lane.journal, topics=TOPICS, kiosk_name="Kassa 1",
                    clock=kiosk.lane.clock.utc_now, remember=3)  # fmt: skip
    kiosk.c.scan(MILK)
    call_id = kiosk.c.call_help()
    add = kiosk.command(p.AddItem, transaction_id=kiosk.c.transaction_id, code=MILK)
    assert link.handle_command(add).ok
    for _ in range(2):
        link.handle_command(kiosk.command(p.ClaimCall, call_id=call_id))
    link.handle_command(add)  # remembered: not acted on, and now the most recent
    for _ in range(2):
        link.handle_command(kiosk.command(p.ClaimCall, call_id=call_id))
    link.handle_command(add)
    assert kiosk.c.cart.totals.item_count == 2
    for _ in range(3):
        link.handle_command(kiosk.command(p.ClaimCall, call_id=call_id))
    # forgotten in memory, but the journal's intervention names the command: not again
    assert link.handle_command(add).ok
    assert kiosk.c.cart.totals.item_count == 2


def test_the_first_claim_wins_across_two_consoles(kiosk: Kiosk) -> None:
    kiosk.c.scan(MILK)
    call_id = kiosk.c.call_help()
    sam = kiosk.send(kiosk.command(p.ClaimCall, SAM, "console-1", call_id=call_id))
    ilse = kiosk.send(kiosk.command(p.ClaimCall, ILSE, "console-2", call_id=call_id))
    assert sam.ok and refused(ilse, R.ALREADY_CLAIMED)
    assert ilse.refusal.claimed_by == p.StaffRef(staff_id="7", name="Sam", console="console-1")
    ack = kiosk.send(kiosk.command(p.AcknowledgeCall, ILSE, "console-2", call_id=call_id))
    assert refused(ack, R.ALREADY_CLAIMED)
    assert kiosk.send(kiosk.command(p.AcknowledgeCall, SAM, "console-1", call_id=call_id)).ok
    (call,) = kiosk.state().help_calls
    assert call.owner.name == "Sam" and call.status is p.HelpStatus.ACKNOWLEDGED
    assert kiosk.lane.last().key is K.HELP_ON_THE_WAY and kiosk.lane.last()["name"] == "Sam"


# -- refusals -----------------------------------------------------------------------------------

REFUSALS: dict[p.RefusalReason, Callable[[Any], tuple[Kiosk, p.CommandResult]]] = {}


def refusal(reason: p.RefusalReason):
    def register(function):
        REFUSALS[reason] = function
        return function

    return register


@refusal(R.EXPIRED)
def _expired(make_kiosk):
    kiosk = make_kiosk()
    call_id = kiosk.c.call_help()
    command = kiosk.command(p.ClaimCall, call_id=call_id)
    kiosk.lane.clock.advance(30)  # it waited in a queue until its expiry
    return kiosk, kiosk.link.handle_command(command)


@refusal(R.NOT_CURRENT_TRANSACTION)
def _old_transaction(make_kiosk):
    kiosk = make_kiosk()
    kiosk.c.scan(BEER)
    call_id = kiosk.call(HelpReason.AGE_CHECK).id
    old = kiosk.c.transaction_id
    kiosk.c.cancel_transaction(RULES_MEMBER("Ilse", "supervisor"))
    kiosk.c.scan(BEER)  # another shopper, another age check
    return kiosk, kiosk.send(kiosk.command(p.ApproveAge, transaction_id=old, call_id=call_id))


@refusal(R.NOT_PERMITTED)
def _not_permitted(make_kiosk):
    kiosk = make_kiosk()
    transaction = sell_by_card(kiosk)
    assert refused(kiosk.send(kiosk.command(p.ReverseCharge, SAM, transaction_id=transaction)),
                   R.NOT_PERMITTED)  # fmt: skip
    assert refused(kiosk.send(kiosk.command(p.RunDiagnostics, ILSE)), R.NOT_PERMITTED)
    return kiosk, kiosk.send(kiosk.command(p.AddItem, TOM, transaction_id=kiosk.c.transaction_id,
                                           code=MILK))  # fmt: skip


@refusal(R.ALREADY_CLAIMED)
def _claimed(make_kiosk):
    kiosk = make_kiosk()
    call_id = kiosk.c.call_help()
    kiosk.send(kiosk.command(p.ClaimCall, ILSE, "console-2", call_id=call_id))
    return kiosk, kiosk.send(kiosk.command(p.ClaimCall, call_id=call_id))


@refusal(R.UNKNOWN_CALL)
def _unknown_call(make_kiosk):
    kiosk = make_kiosk()
    return kiosk, kiosk.send(kiosk.command(p.ClaimCall, call_id=p.new_id()))


@refusal(R.CALL_CLOSED)
def _closed(make_kiosk):
    kiosk = make_kiosk()
    call_id = kiosk.c.call_help()
    kiosk.c.cancel_help(call_id)
    assert refused(kiosk.send(kiosk.command(p.ClaimCall, call_id=call_id)), R.CALL_CLOSED)
    kiosk.c.scan(MILK)  # a new session: the old call is only in the journal now
    kiosk.c.cancel_transaction(RULES_MEMBER("Ilse", "supervisor"))
    return kiosk, kiosk.send(kiosk.command(p.ResolveHelp, call_id=call_id, outcome="x"))


@refusal(R.UNKNOWN_LINE)
def _unknown_line(make_kiosk):
    kiosk = make_kiosk()
    kiosk.c.scan(MILK)
    return kiosk, kiosk.send(kiosk.command(p.RemoveItem, transaction_id=kiosk.c.transaction_id,
                                           line_id="no-such-line"))  # fmt: skip


@refusal(R.UNKNOWN_PRODUCT)
def _unknown_product(make_kiosk):
    kiosk = make_kiosk()
    kiosk.c.scan(MILK)
    return kiosk, kiosk.send(kiosk.command(p.AddItem, transaction_id=kiosk.c.transaction_id,
                                           code=UNKNOWN))  # fmt: skip


@refusal(R.WRONG_STATE)
def _wrong_state(make_kiosk):
    kiosk = make_kiosk()
    assert refused(kiosk.send(kiosk.command(p.UnlockLane, ILSE)), R.WRONG_STATE)
    kiosk.c.scan(MILK)
    shown = len(kiosk.lane.messages)
    result = kiosk.send(kiosk.command(p.LockLane, ILSE))
    assert len(kiosk.lane.messages) == shown  # the shopper is not told about the console's try
    return kiosk, result


@refusal(R.INVALID)
def _invalid(make_kiosk):
    kiosk = make_kiosk()
    kiosk.c.scan(COLA)
    transaction = kiosk.c.transaction_id
    asked = kiosk.c.call_help()
    wrong_call = kiosk.command(p.ApproveAge, transaction_id=transaction, call_id=asked)
    assert refused(kiosk.send(wrong_call), R.INVALID)
    deposit = kiosk.c.cart.totals.lines[1].line_id
    remove = kiosk.command(p.RemoveItem, transaction_id=transaction, line_id=deposit)
    assert refused(kiosk.send(remove), R.INVALID)
    assert refused(kiosk.send(kiosk.command(p.ReprintReceipt, transaction_id=transaction)),
                   R.INVALID)  # fmt: skip
    kiosk.c.scan(BEER)
    age = kiosk.call(HelpReason.AGE_CHECK).id
    assert refused(kiosk.send(kiosk.command(p.ResolveHelp, call_id=age, outcome="ok")), R.INVALID)
    return kiosk, kiosk.send(kiosk.command(p.ReverseCharge, ILSE, transaction_id=transaction))


@refusal(R.UNSUPPORTED)
def _unsupported(make_kiosk):
    kiosk = make_kiosk()
    now = kiosk.now()
    payload = p.encode(kiosk.command(p.UnlockLane)).replace(b'"unlock_lane"', b'"teleport"')
    rejected = p.decode(TOPICS.command(KIOSK, "console-1"), payload, now=now, topics=TOPICS)
    assert isinstance(rejected, p.Rejected) and rejected.reason is p.RejectReason.SCHEMA_ERROR
    return kiosk, kiosk.link.refuse(rejected)


@refusal(R.DEVICE_ERROR)
def _device_error(make_kiosk):
    kiosk = make_kiosk()
    transaction = sell_by_card(kiosk)
    kiosk.c.attach()
    kiosk.lane.terminal.status = DeviceStatus(DeviceState.OFFLINE, FaultReason.CONNECTION_LOST)
    reverse = kiosk.command(p.ReverseCharge, ILSE, transaction_id=transaction)
    assert refused(kiosk.send(reverse), R.DEVICE_ERROR)
    assert kiosk.lane.terminal.reversed == []
    kiosk.lane.printer.status = DeviceStatus(DeviceState.ERROR, FaultReason.PAPER_OUT)
    return kiosk, kiosk.send(kiosk.command(p.ReprintReceipt, transaction_id=transaction))


def test_a_journal_that_cannot_write_refuses_commands_and_the_queue_waits(
    make_kiosk, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    journal = FailingJournal(tmp_path / "journal.db", kiosk_id=KIOSK)
    kiosk = make_kiosk(journal=journal)
    kiosk.c.scan(MILK)
    kiosk.c.call_help()
    journal.fail = True
    add = kiosk.command(p.AddItem, transaction_id=kiosk.c.transaction_id, code=COLA)
    result = kiosk.send(add)
    assert refused(result, R.DEVICE_ERROR) and "journal_write_failed" in result.refusal.detail
    assert kiosk.state().status.out_of_service is p.OutOfServiceReason.JOURNAL_WRITE_FAILED
    with caplog.at_level("ERROR", logger="kiosk.link"):
        (raised,) = kiosk.events()  # reading the outbox still works
        kiosk.link.mark_sent([raised])  # counting the attempt cannot: logged, not raised
        ack = p.Ack(sender="console-1", event_ids=[raised.id])
        assert kiosk.link.confirm(ack) == 0  # not recorded: it comes again, and is acked again
    assert caplog.text.count("Traceback") == 2
    caplog.clear()
    journal.fail = False
    assert [e.id for e in kiosk.events()] == [raised.id]
    assert kiosk.link.confirm(ack) == 1


def test_every_refusal_reason_has_a_case() -> None:
    assert set(REFUSALS) == set(p.RefusalReason)


@pytest.mark.parametrize("reason", list(p.RefusalReason), ids=str)
def test_each_refusal_reason(make_kiosk, reason: p.RefusalReason) -> None:
    kiosk, result = REFUSALS[reason](make_kiosk)
    assert refused(result, reason), result
    assert result.refusal.detail
    assert kiosk.decode(TOPICS.command_result(KIOSK), result) == result
    assert result.state_version == kiosk.link.version


def test_a_refused_command_changes_nothing_on_the_lane(kiosk: Kiosk) -> None:
    kiosk.c.scan(BEER)
    call_id = kiosk.call(HelpReason.AGE_CHECK).id
    before = kiosk.c.snapshot()
    command = kiosk.command(p.ApproveAge, TOM, transaction_id=kiosk.c.transaction_id,
                            call_id=call_id)  # fmt: skip
    assert refused(kiosk.send(command), R.NOT_PERMITTED)
    assert kiosk.c.snapshot() == before
    assert kiosk.lane.journal.outbox_items("intervention") == []


def test_answers_to_commands_that_could_not_be_read(kiosk: Kiosk) -> None:
    topic = TOPICS.command(KIOSK, "console-1")
    lock = kiosk.command(p.LockLane, ILSE)
    later = kiosk.now() + timedelta(seconds=31)
    expired = p.decode(topic, p.encode(lock), now=later, topics=TOPICS)
    assert isinstance(expired, p.Rejected)
    answer = kiosk.link.refuse(expired)
    assert refused(answer, R.EXPIRED) and answer.correlation_id == lock.id
    assert answer.command is C.LOCK_LANE
    assert kiosk.link.refuse(expired) == answer
    broken = p.encode(kiosk.command(p.LockLane, ILSE)).replace(b'"reason":""', b'"reason":17')
    invalid = p.decode(topic, broken, now=kiosk.now(), topics=TOPICS)
    assert refused(kiosk.link.refuse(invalid), R.INVALID)
    # no answer: another kiosk's command, an unreadable id, a payload nobody proved
    elsewhere = p.decode(TOPICS.command("kiosk-2", "console-1"), p.encode(lock), now=later,
                         topics=TOPICS)  # fmt: skip
    assert kiosk.link.refuse(elsewhere) is None
    assert kiosk.link.refuse(p.decode(topic, b"{", now=later, topics=TOPICS)) is None
    forged = p.encode(lock).replace(b'"sender":"console-1"', b'"sender":"console-2"')
    assert kiosk.link.refuse(p.decode(topic, forged, now=kiosk.now(), topics=TOPICS)) is None
    # a command answered before gets its first answer, not "expired"
    done = kiosk.send(kiosk.command(p.LockLane, ILSE))
    late = p.decode(topic, p.encode(kiosk.command(p.LockLane, ILSE).model_copy(
        update={"id": done.correlation_id})), now=later, topics=TOPICS)  # fmt: skip
    assert kiosk.link.refuse(late) == done


# -- layering ------------------------------------------------------------------------------------


def test_the_link_core_imports_neither_qt_nor_an_mqtt_client() -> None:
    script = textwrap.dedent(
        """
        import sys

        class Blocked:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6", "paho"):
                    raise ImportError(f"blocked: {name}")
                return None

        sys.meta_path.insert(0, Blocked())
        import kiosk.link.lane_link, kiosk.link.lane_state, kiosk.link.lane_events
        print("imported")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "imported"


def test_a_state_too_large_for_the_protocol_is_cut_to_fit(kiosk: Kiosk) -> None:
    """A console refuses a payload over MAX_PAYLOAD_BYTES; a huge cart's lines are cut
    so the lane still shows (items and total stay whole), and a decoder accepts it."""
    from kiosk.link.lane_link import _fitting

    state = kiosk.link.state()
    long_name = "Extra lange productnaam " * 8
    lines = [
        p.CartLine(
            line_id=f"{n:032x}",
            name_nl=long_name[:200],
            name_en=long_name[:200],
            quantity=1,
            net_cents=99,
        )
        for n in range(1000)
    ]
    big = state.model_copy(
        update={"cart": p.CartSummary(items=1000, total_cents=99_000, lines=lines)}
    )
    assert len(p.encode(big)) > p.MAX_PAYLOAD_BYTES
    fitted = _fitting(big)
    assert len(p.encode(fitted)) <= p.MAX_PAYLOAD_BYTES
    assert fitted.cart.items == 1000 and fitted.cart.total_cents == 99_000
    assert fitted.cart.lines == lines[: len(fitted.cart.lines)] and len(fitted.cart.lines) > 300
    assert kiosk.decode(TOPICS.kiosk_state(KIOSK), fitted).cart.items == 1000
