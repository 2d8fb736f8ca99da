"""The lane's staff actions the attendant console needs (and a staff member at the lane
can use alike): claiming a call, refusing an age check, removing a line, paid at the
desk, reprinting a receipt, reading the devices' health; each recorded as an
``intervention`` outbox event naming the console command that caused it. Real catalog
and journal, fake devices, manual scheduler and clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.device import DeviceState, DeviceStatus, FaultReason, StatusEvent
from drivers.lane_light.pattern import LaneSituation
from kiosk.core.journal import Journal
from kiosk.core.lane import HelpReason, HelpStatus, ManualClock, MessageKey
from kiosk.core.lane.settings import DeviceRole
from kiosk.core.session import SessionState
from kiosk.core.staff import Role, StaffMember
from tests.core.test_lane_fakes import (
    ATTENDANT,
    BEER,
    COLA,
    MILK,
    SUPERVISOR,
    TECHNICIAN,
    UNKNOWN,
    WINE,
    Lane,
    build_lane,
    lanes,  # noqa: F401  (fixture)
)

S = SessionState
K = MessageKey
COMMAND = "c0ffee00c0ffee00c0ffee00c0ffee00"
SAM = StaffMember(id=7, login="1042", name="Sam", role=Role.ATTENDANT, console="console-1")
ILSE = StaffMember(id=8, login="1043", name="Ilse", role=Role.SUPERVISOR, console="console-2")


@pytest.fixture
def make_lane(tmp_path: Path, lanes: list[Lane]):  # noqa: F811
    def make(**kwargs) -> Lane:
        made = build_lane(tmp_path, **kwargs)
        lanes.append(made)
        return made

    return make


@pytest.fixture
def lane(make_lane) -> Lane:
    return make_lane()


def interventions(lane: Lane) -> list[dict]:
    return [item.payload for item in lane.journal.outbox_items("intervention")]


def age_call(lane: Lane):
    return next(c for c in lane.controller.open_help_calls if c.reason is HelpReason.AGE_CHECK)


# -- claiming and resolving calls -----------------------------------------------------------


def test_the_first_member_to_claim_a_call_owns_it_and_the_shopper_sees_the_name(lane) -> None:
    c = lane.controller
    c.scan(MILK)
    call_id = c.call_help()
    assert c.claim_help(SAM, call_id)
    assert lane.last().key is K.HELP_ON_THE_WAY and lane.last()["name"] == "Sam"
    (call,) = c.open_help_calls
    assert call.status is HelpStatus.ACKNOWLEDGED
    assert call.owner == {"staff_id": "7", "name": "Sam", "console": "console-1"}
    assert not c.claim_help(ILSE, call_id)  # the first claim won
    assert not c.acknowledge_help(call_id, ILSE)  # an acknowledgement by another, too
    assert call.owner["name"] == "Sam"
    assert c.claim_help(SAM, call_id)  # the owner again: nothing changes
    updates = lane.journal.outbox_items("help_call_update")
    assert len(updates) == 1 and updates[0].payload["owner"]["staff_id"] == "7"
    assert not c.claim_help(TECHNICIAN, call_id)  # a technician does not answer shoppers
    assert lane.last().key is K.NOT_PERMITTED


def test_a_name_only_acknowledgement_still_works_and_a_member_may_then_own_it(lane) -> None:
    c = lane.controller
    call_id = c.call_help()
    assert c.acknowledge_help(call_id, "Sam")
    assert c.open_help_calls[0].owner is None
    assert c.acknowledge_help(call_id, SAM)  # a member takes the call nobody owned
    assert c.open_help_calls[0].owner["staff_id"] == "7"


def test_a_claim_calms_an_escalated_call(make_lane) -> None:
    lane = make_lane(help_escalate_s=30.0)
    c = lane.controller
    call_id = c.call_help()
    lane.clock.advance(30)
    c.tick()
    assert c.situation is LaneSituation.HELP_UNREACHABLE
    assert c.claim_help(SAM, call_id)
    assert c.situation is LaneSituation.HELP_REQUESTED


def test_the_owner_survives_a_restart(make_lane, tmp_path: Path) -> None:
    first = make_lane()
    first.controller.scan(MILK)
    call_id = first.controller.call_help()
    first.controller.claim_help(SAM, call_id)
    second = make_lane(journal=Journal(tmp_path / "journal.db", kiosk_id="kiosk-1"))
    second.controller.resume()
    (call,) = second.controller.open_help_calls
    assert call.owner == {"staff_id": "7", "name": "Sam", "console": "console-1"}
    assert call.raised_utc == first.controller.help_calls[0].raised_utc
    assert not second.controller.claim_help(ILSE, call_id)


def test_a_member_resolves_a_call_and_it_is_recorded(lane) -> None:
    c = lane.controller
    c.scan(MILK)
    call_id = c.call_help()
    assert c.resolve_help(call_id, SAM, "price explained")
    assert lane.last().key is K.HELP_RESOLVED
    assert c.help_calls[0].outcome == "price explained"
    (record,) = interventions(lane)
    assert record["action"] == "resolve_help" and record["call_id"] == call_id
    assert record["staff"] == {"staff_id": "7", "name": "Sam", "console": "console-1"}
    c.scan(BEER)
    assert not c.resolve_help(age_call(lane).id, SAM)  # approvals are settled by their action


# -- age --------------------------------------------------------------------------------------


def test_refusing_the_age_check_removes_what_needs_the_age_and_shopping_goes_on(lane) -> None:
    c = lane.controller
    c.scan(BEER)
    c.scan(COLA)
    c.scan(WINE)
    call = age_call(lane)
    assert not c.pay()
    assert c.state is S.AWAITING_ATTENDANT
    assert not c.refuse_age(TECHNICIAN)
    assert c.refuse_age(ATTENDANT)
    assert [line.product.name_en for line in c.cart.active_lines] == ["Cola 1.5 L"]
    assert c.cart.totals.total_cents == 199 + 25  # the beer's deposit went with it
    assert c.state is S.SHOPPING and not c.snapshot()["pay_blocked_by"]
    assert call.status is HelpStatus.RESOLVED and call.outcome == "refused"
    assert [m.key for m in lane.messages[-2:]] == [K.LINE_REMOVED, K.LINE_REMOVED]
    assert lane.replay_matches()
    assert lane.audits[-1][1] == "refuse_age"
    assert interventions(lane)[-1]["after"]["removed"] == 2
    assert c.pay()  # nothing stops paying now
    assert not c.refuse_age(ATTENDANT)  # nothing left to refuse


def test_a_refused_age_is_not_an_approval_after_a_restart(make_lane, tmp_path: Path) -> None:
    first = make_lane()
    first.controller.scan(BEER)
    first.controller.scan(MILK)
    first.controller.refuse_age(ATTENDANT)
    second = make_lane(journal=Journal(tmp_path / "journal.db", kiosk_id="kiosk-1"))
    assert second.controller.resume()
    assert [line.product.name_en for line in second.controller.cart.active_lines] == [
        "Semi-skimmed milk 1 L"
    ]
    assert second.controller.snapshot()["approved_age"] == 0
    assert second.controller.scan(BEER)  # scanned again: asked again
    assert age_call(second).status is HelpStatus.RAISED


# -- lines and closing --------------------------------------------------------------------------


def test_staff_remove_a_line_and_the_shoppers_void_request_with_it(make_lane) -> None:
    lane = make_lane(voids_need_approval=True)
    c = lane.controller
    c.scan(MILK)
    c.scan(COLA)
    milk = c.cart.active_lines[0]
    c.remove_line(milk.line_id)
    call_id = lane.last()["call_id"]
    assert c.remove_item(ATTENDANT, milk.line_id)
    assert lane.last().key is K.LINE_REMOVED
    assert [line.product.name_en for line in c.cart.active_lines] == ["Cola 1.5 L"]
    assert c.help_calls[0].id == call_id and c.help_calls[0].outcome == "removed by staff"
    assert not c.snapshot()["pay_blocked_by"]
    assert lane.replay_matches()
    assert interventions(lane)[-1]["action"] == "remove_item"
    assert interventions(lane)[-1]["call_id"] == call_id
    assert not c.remove_item(ATTENDANT, milk.line_id)  # gone already
    assert lane.last().key is K.QUANTITY_REFUSED
    assert not c.remove_item(TECHNICIAN, c.cart.active_lines[0].line_id)


def test_paid_at_the_desk_closes_as_paid_elsewhere_and_frees_the_lane(lane) -> None:
    c = lane.controller
    c.scan(BEER)
    c.scan(MILK)
    transaction = c.transaction_id
    assert not c.paid_at_desk(ATTENDANT)  # settling a payment is a supervisor's
    assert c.paid_at_desk(SUPERVISOR)
    assert c.state is S.ATTRACT and c.cart is None and lane.last().key is K.THANK_YOU
    assert lane.journal.transaction_status(transaction) == "paid_elsewhere"
    assert not lane.journal.open_help_calls()
    assert c.help_calls == ()  # the session's calls went with it
    (summary,) = lane.journal.outbox_items("transaction_closed")
    assert summary.payload["status"] == "paid_elsewhere" and summary.payload["items"] == 2
    assert interventions(lane)[-1]["action"] == "paid_at_desk"
    assert interventions(lane)[-1]["transaction_id"] == transaction
    assert not c.paid_at_desk(SUPERVISOR)  # nothing open now


def test_not_paid_at_the_desk_while_the_terminal_has_the_payment(lane) -> None:
    c = lane.controller
    c.scan(MILK)
    c.pay()
    assert not c.paid_at_desk(SUPERVISOR)
    assert lane.last().key is K.NOT_NOW


def test_staff_key_in_several_pieces_at_once(lane) -> None:
    c = lane.controller
    c.scan(COLA)
    assert c.key_in_item(ATTENDANT, MILK, quantity=3)
    assert c.cart.totals.item_count == 4
    assert lane.audits[-1][5]["quantity"] == 3
    assert not c.key_in_item(ATTENDANT, UNKNOWN, quantity=2)
    assert lane.last().key is K.UNKNOWN_BARCODE


def test_a_sale_closes_with_its_piece_count(lane) -> None:
    c = lane.controller
    c.scan(MILK)
    c.scan(MILK)
    c.pay()
    lane.run()
    (summary,) = lane.journal.outbox_items("transaction_closed")
    assert summary.payload["items"] == 2 and summary.payload["status"] == "paid"


# -- receipts and devices -----------------------------------------------------------------------


def paid_sale(lane: Lane) -> str:
    c = lane.controller
    c.scan(MILK)
    transaction = c.transaction_id
    c.pay()
    lane.run()
    c.choose_receipt("none")
    c.scan(COLA)  # the next shopper
    return transaction


def test_an_earlier_receipt_is_reprinted_without_disturbing_the_next_shopper(lane) -> None:
    transaction = paid_sale(lane)
    c = lane.controller
    said = len(lane.messages)
    assert c.reprint_receipt(ATTENDANT, transaction)
    lane.run()
    (printed,) = lane.printer.printed
    assert any(transaction in line for line in printed) and "KAARTBETALING" in printed
    assert len(lane.messages) == said and c.state is S.SHOPPING
    reprints = [i.payload for i in lane.journal.outbox_items("receipt_printed")]
    assert reprints[-1] == {"transaction_id": transaction, "reprint": True, "kiosk_id": "kiosk-1"}
    assert interventions(lane)[-1]["action"] == "reprint_receipt"
    assert not c.reprint_receipt(ATTENDANT, c.transaction_id)  # not paid (yet)
    assert not c.reprint_receipt(TECHNICIAN, transaction)


def test_a_reprint_that_fails_tells_staff(lane) -> None:
    transaction = paid_sale(lane)
    lane.printer.fail_with = FaultReason.PAPER_OUT
    assert lane.controller.reprint_receipt(ATTENDANT, transaction)
    lane.run()
    (fault,) = [i.payload for i in lane.journal.outbox_items("device_fault")]
    assert fault["reason"] == "paper_out" and fault["transaction_id"] == transaction


def test_diagnostics_report_every_device_and_leave_the_shopper_alone(lane) -> None:
    c = lane.controller
    c.attach()
    c.scan(MILK)
    unplugged = DeviceStatus(DeviceState.OFFLINE, FaultReason.UNPLUGGED, "usb")
    c.device_event("scanner", StatusEvent(DeviceStatus(DeviceState.ONLINE), unplugged))
    assert c.run_diagnostics(ATTENDANT) is None  # a technician's
    report = c.run_diagnostics(TECHNICIAN)
    assert set(report) == set(DeviceRole)
    assert report[DeviceRole.SCANNER] == unplugged
    assert report[DeviceRole.LIGHT] is None  # the fake light reports no status
    assert c.run_diagnostics(TECHNICIAN, ("printer",)) == {
        DeviceRole.PRINTER: DeviceStatus(DeviceState.ONLINE)
    }
    assert c.state is S.SHOPPING
    assert interventions(lane)[-1]["after"] == {"printer": "online"}


# -- the console's command --------------------------------------------------------------------


def test_every_staff_action_is_an_intervention_naming_the_console_command(lane) -> None:
    c = lane.controller
    c.staff_login(ATTENDANT)
    c.staff_logout()
    assert interventions(lane) == []  # a login is no intervention
    c.scan(BEER)
    call_id = age_call(lane).id
    with c.on_command(COMMAND, call_id) as said:
        assert c.approve_age(SAM)
    assert [m.key for m in said] == [K.AGE_APPROVED]
    (record,) = interventions(lane)
    assert record == {
        "transaction_id": c.transaction_id,
        "staff": {"staff_id": "7", "name": "Sam", "console": "console-1"},
        "role": "attendant",
        "action": "approve_age",
        "call_id": call_id,
        "command_id": COMMAND,
        "before": {"approved_age": 0},
        "after": {"approved_age": 18},
        "kiosk_id": "kiosk-1",
    }
    c.key_in_item(ATTENDANT, MILK)  # at the lane: no command, no console
    assert interventions(lane)[-1]["command_id"] is None
    assert interventions(lane)[-1]["staff"]["console"] is None


def test_a_refusal_of_a_console_command_is_told_to_the_console_not_the_shopper(lane) -> None:
    c = lane.controller
    c.scan(MILK)
    shown = len(lane.messages)
    with c.on_command(COMMAND) as said:
        assert not c.lock_lane(SUPERVISOR, "cleaning")  # not with a cart
        assert not c.approve_age(TECHNICIAN)
    assert [m.key for m in said] == [K.NOT_NOW, K.NOT_PERMITTED]
    assert len(lane.messages) == shown
    assert not c.lock_lane(SUPERVISOR)  # at the lane the staff member is told
    assert lane.last().key is K.NOT_NOW


def test_the_snapshot_says_since_when_the_lane_is_in_its_state(lane) -> None:
    c = lane.controller
    start = c.snapshot()["state_since"]
    lane.clock.advance(5)
    c.scan(MILK)
    assert c.snapshot()["state_since"] == lane.clock.utc_now().isoformat() != start


# -- the journal's part -----------------------------------------------------------------------


def test_the_outbox_keeps_its_order_when_the_clock_stands_still(tmp_path: Path) -> None:
    moment = ManualClock().utc_now()
    with Journal(tmp_path / "journal.db", kiosk_id="kiosk-1", clock=lambda: moment) as journal:
        queued = [journal.enqueue("help_call", {"n": n}) for n in range(20)]
        assert [item.id for item in journal.unconfirmed()] == queued


def test_the_outbox_confirms_and_counts_attempts_in_one_write(tmp_path: Path) -> None:
    with Journal(tmp_path / "journal.db", kiosk_id="kiosk-1") as journal:
        first, second, third = (journal.enqueue("device_fault", {"n": n}) for n in range(3))
        journal.mark_attempts([first, first, second])  # an id named twice counts once
        assert [item.attempts for item in journal.unconfirmed()] == [1, 1, 0]
        assert journal.confirm_many([first, "not-an-event", first]) == 1
        assert journal.confirm_many([first, third]) == 1  # confirmed already: not again
        assert journal.confirm_many([]) == 0
        assert [item.id for item in journal.unconfirmed()] == [second]


def test_a_help_call_is_read_back_whatever_its_status(lane) -> None:
    c = lane.controller
    call_id = c.call_help()
    assert lane.journal.help_call("no-such-call") is None
    assert lane.journal.help_call(call_id)["owner"] is None
    c.claim_help(SAM, call_id)
    c.resolve_help(call_id, "Sam", "done")
    row = lane.journal.help_call(call_id)
    assert (row["status"], row["outcome"], row["escalated"]) == ("resolved", "done", False)
    assert row["owner"] == {"staff_id": "7", "name": "Sam", "console": "console-1"}
    assert row["raised_at"] == "2026-11-23T09:00:00.000000Z"
