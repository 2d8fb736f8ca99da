"""The lane controller's flows and failures, on the real catalog and a real journal, with
fake devices and a manual scheduler and clock (nothing sleeps, nothing races)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drivers.device import DeviceState, DeviceStatus, FaultReason, StatusEvent
from drivers.lane_light.pattern import LaneSituation, pattern_for
from drivers.payment.interface import DeclineReason
from kiosk.core.journal import Journal, JournalWriteError, WriteFailure
from kiosk.core.lane import HelpReason, HelpStatus, HelpTopic, MessageKey, Tone
from kiosk.core.lane.controller import ReceiptChoice
from kiosk.core.lane.payment_flow import DECLINE_MESSAGES
from kiosk.core.session import TRANSITIONS, SessionState
from tests.core.test_lane_fakes import (
    ATTENDANT,
    BAD_CHECK_DIGIT,
    BAG,
    BANANAS,
    BEER,
    COLA,
    DEPOSIT,
    LEMON,
    MILK,
    OLD_MILK,
    SUPERVISOR,
    TECHNICIAN,
    UNKNOWN,
    WINE,
    Lane,
    ScaleFailure,
    build_lane,
    lanes,  # noqa: F401  (fixture)
)

S = SessionState
K = MessageKey


@pytest.fixture
def lane(tmp_path: Path, lanes: list[Lane]) -> Lane:  # noqa: F811
    made = build_lane(tmp_path)
    lanes.append(made)
    return made


@pytest.fixture
def make_lane(tmp_path: Path, lanes: list[Lane]):  # noqa: F811
    def make(**kwargs) -> Lane:
        made = build_lane(tmp_path, **kwargs)
        lanes.append(made)
        return made

    return make


def outbox(lane: Lane, kind: str) -> list[dict]:
    return [item.payload for item in lane.journal.unconfirmed(1000) if item.kind == kind]


def in_table(lane: Lane) -> bool:
    return all((t.old, t.new) in TRANSITIONS for t in lane.controller.history)


def pay_and_approve(lane: Lane) -> None:
    assert lane.controller.pay()
    lane.run()
    assert lane.controller.state is S.RECEIPT


# -- starting and scanning ----------------------------------------------------------------


def test_a_tap_starts_a_transaction_in_the_journal(lane: Lane) -> None:
    assert lane.controller.start()
    assert lane.controller.state is S.SHOPPING
    restored = lane.journal.restore()
    assert restored is not None and restored.id == lane.controller.transaction_id
    assert not lane.controller.start()  # only from attract
    assert lane.last().key is K.NOT_NOW and lane.last()["operation"] == "start"


def test_a_scan_in_attract_starts_and_adds_journal_first(lane: Lane) -> None:
    heard: list[int] = []
    c = lane.controller
    c.cart_changed.connect(lambda totals: heard.append(totals.total_cents))
    assert c.scan(MILK)
    assert c.state is S.SHOPPING
    message = lane.last()
    assert message.key is K.ITEM_ADDED and message.tone is Tone.ADDED
    assert message["name_en"] == "Semi-skimmed milk 1 L"
    assert heard[-1] == 119
    assert lane.replay_matches()
    assert c.snapshot()["last_item"]["net_cents"] == 119
    assert c.scan(MILK)  # the same again: one line, quantity 2
    assert [line.quantity for line in c.cart.active_lines] == [2]
    assert c.snapshot()["cart"]["total_cents"] == 238
    assert lane.replay_matches()


def test_a_scan_from_the_driver_has_its_aim_id(lane: Lane) -> None:
    from drivers.scanner.framing import Scan

    assert lane.controller.scan(Scan(MILK, "]E0"))
    assert lane.controller.cart.totals.total_cents == 119


def test_an_unknown_barcode_is_recorded_for_staff_and_help_carries_it(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    assert not c.scan(UNKNOWN)
    message = lane.last()
    assert message.key is K.UNKNOWN_BARCODE and message.tone is Tone.UNKNOWN
    assert message["code"] == UNKNOWN.zfill(14) and message["help_offered"]
    recorded = outbox(lane, "unknown_item")
    assert [r["code"] for r in recorded] == [UNKNOWN.zfill(14)]
    assert recorded[0]["transaction_id"] == c.transaction_id
    assert c.cart.totals.total_cents == 119  # nothing added
    call_id = c.call_help(HelpReason.UNKNOWN_ITEM)
    assert call_id is not None
    (row,) = lane.journal.open_help_calls()
    assert row["reason"] == "unknown_item"
    assert row["context"]["unknown"]["code"] == UNKNOWN.zfill(14)
    assert row["context"]["cart"]["total_cents"] == 119
    assert c.state is S.SHOPPING  # help is not a state


def test_a_bad_check_digit_is_a_soft_tone_and_counted(lane: Lane) -> None:
    c = lane.controller
    assert not c.scan(BAD_CHECK_DIGIT)
    assert lane.last().key is K.INVALID_CHECK_DIGIT and lane.last().tone is Tone.SOFT
    assert c.statistics["invalid_check_digits"] == 1
    assert c.state is S.ATTRACT and lane.journal.restore() is None  # nothing started
    assert not c.scan("12")
    assert lane.last().key is K.UNREADABLE_BARCODE and lane.last()["reason"] == "bad_length"
    assert c.statistics["unreadable_scans"] == 1


def test_inactive_and_lone_deposit_products_are_refused(lane: Lane) -> None:
    c = lane.controller
    assert not c.scan(OLD_MILK)
    assert lane.last().key is K.NOT_FOR_SALE
    assert not c.scan(DEPOSIT)
    assert lane.last().key is K.DEPOSIT_ALONE
    assert c.cart.active_lines == ()


def test_a_deposit_follows_its_item(lane: Lane) -> None:
    lane.controller.scan(COLA)
    totals = lane.controller.cart.totals
    assert totals.total_cents == 199 + 25 and totals.deposit_cents == 25


def test_key_in_adds_by_barcode_digits(lane: Lane) -> None:
    assert lane.controller.key_in(MILK)
    assert lane.controller.cart.totals.total_cents == 119


# -- produce, scale, bags -----------------------------------------------------------------


def test_loose_produce_is_weighed_on_the_scale(lane: Lane) -> None:
    c = lane.controller
    lane.scale.put(1234)
    assert c.add_produce(BANANAS)
    assert lane.last().key is K.PUT_ON_SCALE
    assert c.cart.active_lines == ()  # nothing yet: the scale has not answered
    assert not c.pay()  # not while weighing
    assert lane.last().key is K.STILL_WEIGHING
    lane.run()
    (line,) = c.cart.active_lines
    assert line.grams == 1234
    # 1,234 kg x 1,99 = 2,46 minus the 20% banana promotion
    assert c.cart.totals.gross_cents == 246
    assert lane.replay_matches()


def test_produce_per_piece_needs_no_scale(lane: Lane) -> None:
    assert lane.controller.add_produce(LEMON)
    assert lane.controller.cart.totals.total_cents == 45
    assert lane.scale.asked == 0


@pytest.mark.parametrize(
    ("failure", "key"),
    [
        (FaultReason.OVERLOAD, K.SCALE_OVERLOAD),
        (FaultReason.UNDER_ZERO, K.SCALE_UNDER_ZERO),
        (FaultReason.TIMEOUT, K.SCALE_UNSTABLE),
        (FaultReason.UNPLUGGED, K.SCALE_UNAVAILABLE),
    ],
)
def test_scale_problems_are_told_and_nothing_is_added(lane: Lane, failure, key) -> None:
    lane.scale.readings.append(ScaleFailure(failure))
    lane.controller.add_produce(BANANAS)
    lane.run()
    assert lane.last().key is key
    assert lane.controller.cart.active_lines == ()


def test_without_a_scale_produce_by_weight_is_refused(make_lane) -> None:
    lane = make_lane()
    lane.scale.status = DeviceStatus(DeviceState.OFFLINE, FaultReason.UNPLUGGED)
    assert not lane.controller.add_produce(BANANAS)
    assert lane.last().key is K.SCALE_UNAVAILABLE and lane.last()["help_offered"]
    assert not lane.controller.add_produce("12")
    assert lane.last().key is K.UNKNOWN_BARCODE


def test_bags(lane: Lane) -> None:
    c = lane.controller
    assert c.add_bag(BAG, 2)
    assert c.cart.totals.total_cents == 50 and c.cart.item_count == 2
    assert not c.add_bag(MILK)
    assert lane.last().key is K.NOT_A_BAG


# -- quantities and voids ------------------------------------------------------------------


def test_quantity_and_removal_are_free_without_the_policy(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    (line,) = c.cart.active_lines
    assert c.set_quantity(line.line_id, 3)
    assert c.cart.totals.total_cents == 357
    assert c.set_quantity(line.line_id, 1)
    assert c.remove_line(line.line_id)
    assert c.cart.active_lines == () and lane.replay_matches()
    assert not c.remove_line("no-such-line")
    assert lane.last().key is K.QUANTITY_REFUSED


def test_a_weighed_line_keeps_quantity_one(lane: Lane) -> None:
    lane.scale.put(500)
    lane.controller.add_produce(BANANAS)
    lane.run()
    (line,) = lane.controller.cart.active_lines
    assert not lane.controller.set_quantity(line.line_id, 2)
    assert lane.last().key is K.QUANTITY_REFUSED and lane.last()["problem"] == "WeighedLine"


def test_voids_wait_for_staff_when_the_policy_says_so(make_lane) -> None:
    lane = make_lane(voids_need_approval=True)
    c = lane.controller
    c.scan(MILK)
    c.scan(COLA)
    milk = c.cart.active_lines[0]
    assert c.remove_line(milk.line_id)
    assert lane.last().key is K.VOID_NEEDS_APPROVAL
    call_id = lane.last()["call_id"]
    assert len(c.cart.active_lines) == 2  # not yet
    assert c.situation is LaneSituation.APPROVAL_NEEDED
    assert c.scan(MILK)  # shopping goes on
    assert not c.pay()
    assert c.state is S.AWAITING_ATTENDANT and lane.last().key is K.PAY_BLOCKED_VOID
    assert not c.approve_void(TECHNICIAN, call_id)
    assert lane.last().key is K.NOT_PERMITTED
    assert c.approve_void(ATTENDANT, call_id)
    assert c.state is S.SHOPPING
    assert [line.product.name_en for line in c.cart.active_lines] == ["Cola 1.5 L"]
    assert lane.replay_matches()
    actor, action, kiosk, transaction, before, after = lane.audits[-1]
    assert (actor, action, kiosk) == (ATTENDANT, "approve_void", "kiosk-1")
    assert before["voided"] is False and after["voided"] is True
    assert transaction == c.transaction_id
    assert not lane.journal.open_help_calls()


def test_a_quantity_decrease_is_a_void_and_can_be_refused(make_lane) -> None:
    lane = make_lane(voids_need_approval=True)
    c = lane.controller
    c.scan(MILK)
    (line,) = c.cart.active_lines
    assert c.set_quantity(line.line_id, 3)  # more is free
    assert c.set_quantity(line.line_id, 1)
    call_id = lane.last()["call_id"]
    assert c.cart.line(line.line_id).quantity == 3
    assert c.approve_void(ATTENDANT, call_id, approve=False)
    assert lane.last().key is K.VOID_REJECTED
    assert c.cart.line(line.line_id).quantity == 3


def test_the_shopper_may_withdraw_a_void_request(make_lane) -> None:
    lane = make_lane(voids_need_approval=True)
    c = lane.controller
    c.scan(MILK)
    c.remove_line(c.cart.active_lines[0].line_id)
    call_id = lane.last()["call_id"]
    assert c.cancel_help(call_id)
    assert c.pay()  # no longer blocked


# -- age ----------------------------------------------------------------------------------


def test_age_check_lets_shopping_go_on_and_blocks_paying(lane: Lane) -> None:
    c = lane.controller
    c.scan(BEER)
    assert lane.last().key is K.AGE_CHECK_NEEDED and lane.last()["age"] == 18
    assert lane.last().tone is Tone.NEEDS_PERSON
    (call,) = c.open_help_calls
    assert call.reason is HelpReason.AGE_CHECK
    assert c.state is S.SHOPPING and c.situation is LaneSituation.APPROVAL_NEEDED
    assert c.scan(MILK) and c.scan(WINE)  # one call for the whole cart
    assert len(c.open_help_calls) == 1
    assert not c.pay()
    assert c.state is S.AWAITING_ATTENDANT and lane.last().key is K.PAY_BLOCKED_AGE
    assert lane.terminal.started == [] and lane.journal.payments(c.transaction_id) == []
    assert not c.cancel_help(call.id)  # only staff or removing the item clears it
    assert lane.last().key is K.HELP_NOT_CANCELLABLE
    assert c.approve_age(ATTENDANT)
    assert c.state is S.SHOPPING and not c.open_help_calls
    assert c.scan(BEER)  # approved for 18: no new call
    assert not c.open_help_calls
    pay_and_approve(lane)
    assert lane.audits[-1][1] == "approve_age"


def test_removing_the_restricted_item_ends_the_age_check(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    c.scan(BEER)
    beer = c.cart.active_lines[-1]
    c.pay()
    assert c.state is S.AWAITING_ATTENDANT
    assert c.remove_line(beer.line_id)  # back to shopping to remove it
    assert not c.open_help_calls and c.state is S.SHOPPING
    (call,) = c.help_calls
    assert call.status is HelpStatus.CANCELLED
    pay_and_approve(lane)


# -- paying -------------------------------------------------------------------------------


def test_an_approved_payment_was_journalled_first_then_receipt_and_rating(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    c.scan(COLA)
    transaction = c.transaction_id
    assert c.pay()
    assert c.state is S.PAYING and lane.last().key is K.FOLLOW_TERMINAL
    assert lane.last()["amount_cents"] == 119 + 199 + 25
    assert c.situation is LaneSituation.PAYING
    lane.run()
    assert lane.terminal.journal_had_it == [True]  # pending in the journal before the terminal
    assert c.state is S.RECEIPT and lane.message_keys()[-1] == "payment_approved"
    assert lane.journal.transaction_status(transaction) == "paid"
    assert [p.status for p in lane.journal.payments(transaction)] == ["approved"]
    assert c.choose_receipt(ReceiptChoice.PRINT)
    lane.run()
    (printed,) = lane.printer.printed
    assert any("TOTAAL" in row for row in printed) and "GOEDGEKEURD" in printed
    assert c.state is S.FEEDBACK
    assert c.rate(5)
    assert c.state is S.ATTRACT and c.cart is None
    assert outbox(lane, "rating")[0]["score"] == 5
    assert in_table(lane)


def test_pay_needs_something_to_pay(lane: Lane) -> None:
    lane.controller.start()
    assert not lane.controller.pay()
    assert lane.last().key is K.NOTHING_TO_PAY


@pytest.mark.parametrize("reason", [r for r in DeclineReason if not r.startswith("cancelled")])
def test_every_decline_reason_says_what_to_do(make_lane, reason) -> None:
    lane = make_lane()
    c = lane.controller
    c.scan(MILK)
    lane.terminal.script.append(f"decline:{reason}")
    c.pay()
    lane.run()
    assert c.state is S.DECLINED
    assert lane.last().key is DECLINE_MESSAGES[reason] and lane.last()["reason"] == reason
    calls = [call.reason for call in c.open_help_calls]
    assert calls == ([HelpReason.PAYMENT_DECLINED]
                     if DECLINE_MESSAGES[reason] is K.DECLINED_PAY_AT_DESK else [])  # fmt: skip
    assert c.pay()  # another card
    assert c.state is S.PAYING
    lane.run()
    assert c.state is S.RECEIPT


def test_insert_card_is_its_own_advice(lane: Lane) -> None:
    lane.controller.scan(MILK)
    lane.terminal.script.append("decline:insert_card")
    lane.controller.pay()
    lane.run()
    assert lane.last().key is K.DECLINED_INSERT_CARD


def test_three_declines_call_staff(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    lane.terminal.script.extend(["decline:refused"] * 3)
    for _ in range(3):
        c.pay()
        lane.run()
    (call,) = c.open_help_calls
    assert call.reason is HelpReason.PAYMENT_DECLINED
    assert call.context["decline"]["reason"] == "refused"


def test_after_a_decline_the_shopper_can_go_back_to_scanning(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    lane.terminal.script.append("decline:refused")
    c.pay()
    lane.run()
    assert c.scan(COLA)
    assert c.state is S.SHOPPING and lane.replay_matches()


def test_a_cancelled_payment_goes_back_to_shopping(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    lane.terminal.script.append("cancel")
    c.pay()
    assert c.cancel_payment()
    lane.run()
    assert lane.terminal.cancels == 1
    assert c.state is S.SHOPPING and lane.message_keys()[-1] == "payment_cancelled"
    assert [p.status for p in lane.journal.payments(c.transaction_id)] == ["cancelled"]
    assert not c.cancel_payment()


def test_never_a_second_payment_while_one_is_in_flight(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    assert c.pay()
    assert not c.pay()
    assert lane.last().key is K.PAYMENT_ALREADY_RUNNING
    assert not c.scan(COLA)  # the cart is frozen while paying
    assert lane.scheduler.pending("payment") == ["payment"]
    lane.run()
    assert len(lane.terminal.started) == 1


def test_an_unknown_outcome_asks_the_terminal_first_and_never_pays_twice(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    lane.terminal.script.append("unknown:approve")
    c.pay()
    lane.scheduler.run_next("payment")  # the terminal answers: unknown
    assert c.state is S.PAYMENT_UNKNOWN and lane.last().key is K.PAYMENT_CHECKING
    assert lane.jobs() == ["payment"]  # the status question is queued first
    assert not c.pay()
    assert lane.last().key is K.PAYMENT_ALREADY_RUNNING
    lane.run()
    assert lane.terminal.status_asked == [lane.terminal.started[0][1]]
    assert c.state is S.RECEIPT
    assert len(lane.terminal.started) == 1 and lane.terminal.violations == []
    assert [p.status for p in lane.journal.payments(c.cart.transaction_id)] == ["approved"]


def test_an_unknown_outcome_that_was_not_taken_goes_back_to_shopping(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    lane.terminal.script.append("unknown:cancel")
    c.pay()
    lane.run()
    assert c.state is S.SHOPPING and lane.message_keys()[-1] == "payment_not_taken"
    assert c.pay()  # now a new payment is fine
    lane.run()
    assert c.state is S.RECEIPT and lane.terminal.violations == []


def test_still_unknown_calls_staff_and_a_supervisor_settles_it(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    lane.terminal.script.append("unknown:unknown")
    c.pay()
    lane.run()
    assert c.state is S.PAYMENT_UNKNOWN
    assert lane.last().key is K.PAYMENT_STAFF_CHECKING
    (call,) = c.open_help_calls
    assert call.reason is HelpReason.PAYMENT_UNKNOWN and not call.shopper_cancellable
    assert call.context["amount_cents"] == 119
    assert c.situation is LaneSituation.HELP_REQUESTED
    # the lane keeps asking the terminal, not paying
    lane.clock.advance(c.settings.reconcile_retry_s)
    c.tick()
    lane.run()
    assert len(lane.terminal.status_asked) == 2 and len(lane.terminal.started) == 1
    assert len(c.open_help_calls) == 1  # the same call, not a second one
    assert not c.resolve_payment(ATTENDANT, approved=False)
    assert lane.last().key is K.NOT_PERMITTED
    assert c.staff_login(SUPERVISOR)
    assert c.resolve_payment(SUPERVISOR, approved=False, note="terminal journal: no sale")
    lane.run()
    assert lane.terminal.manual and lane.terminal.unresolved is None
    assert c.staff_logout()
    assert c.state is S.SHOPPING
    assert [p.status for p in lane.journal.payments(c.transaction_id)] == ["cancelled"]
    assert not c.open_help_calls
    assert lane.audits[-2][1] == "resolve_payment"
    assert c.pay()
    lane.run()
    assert c.state is S.RECEIPT


def test_a_supervisor_can_settle_an_unknown_payment_as_approved(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    lane.terminal.script.append("unknown:unknown")
    c.pay()
    lane.run()
    assert c.resolve_payment(SUPERVISOR, approved=True)
    assert c.state is S.RECEIPT
    assert lane.journal.transaction_status(c.transaction_id) == "paid"


def test_a_terminal_that_is_offline_is_not_asked(make_lane) -> None:
    lane = make_lane()
    lane.terminal.status = DeviceStatus(DeviceState.OFFLINE, FaultReason.CONNECTION_LOST)
    c = lane.controller
    c.scan(MILK)
    assert not c.pay()
    assert lane.last().key is K.HELP_CALLED or K.PAYMENT_UNAVAILABLE.value in lane.message_keys()
    assert K.PAYMENT_UNAVAILABLE.value in lane.message_keys()
    assert lane.journal.payments(c.transaction_id) == [] and lane.terminal.started == []
    (call,) = c.open_help_calls
    assert call.reason is HelpReason.DEVICE_FAULT


def test_terminal_unavailable_means_nothing_was_sent(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    lane.terminal.script.append("unavailable")
    c.pay()
    lane.run()
    assert c.state is S.SHOPPING and K.PAYMENT_UNAVAILABLE.value in lane.message_keys()
    assert [p.status for p in lane.journal.payments(c.transaction_id)] == ["failed"]
    assert c.pay()
    lane.run()
    assert c.state is S.RECEIPT


def test_an_unexpected_error_is_an_unknown_outcome(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    lane.terminal.script.append("error")
    c.pay()
    lane.run()
    assert c.state is S.PAYMENT_UNKNOWN
    assert [call.reason for call in c.open_help_calls] == [HelpReason.PAYMENT_UNKNOWN]
    assert lane.terminal.violations == []


def test_a_terminal_that_does_not_answer_times_out_into_reconciliation(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    c.pay()  # the job is never run: the terminal hangs
    lane.clock.advance(c.settings.payment_s)
    c.tick()
    assert lane.last().key is K.PAYMENT_CANCELLING
    assert lane.jobs() == ["payment", "payment_cancel"]
    lane.scheduler.run_next("payment_cancel")
    assert lane.terminal.cancels == 1
    lane.clock.advance(30)
    c.tick()
    assert c.state is S.PAYMENT_UNKNOWN
    assert [call.reason for call in c.open_help_calls] == [HelpReason.PAYMENT_UNKNOWN]
    assert not c.resolve_payment(SUPERVISOR, approved=True)  # the terminal is still busy
    lane.run()  # the stuck call ends after all: approved
    assert c.state is S.RECEIPT and len(lane.terminal.started) == 1


def test_payment_progress_is_shown(lane: Lane) -> None:
    from drivers.device import DataEvent
    from drivers.payment.interface import PaymentProgress, ProgressStep

    c = lane.controller
    c.scan(MILK)
    c.pay()
    c.device_event("payment_terminal", DataEvent(PaymentProgress(ProgressStep.ENTER_PIN, "PIN")))
    assert lane.last().key is K.PAYMENT_PROGRESS and lane.last()["step"] == "enter_pin"


def test_a_supervisor_reverses_a_mistaken_charge(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    transaction = c.transaction_id
    pay_and_approve(lane)
    reference = lane.journal.payments(transaction)[0].reference
    assert not c.reverse_payment(ATTENDANT, reference)
    assert c.reverse_payment(SUPERVISOR, reference)
    lane.run()
    assert lane.terminal.reversed == [reference]
    assert [p.status for p in lane.journal.payments(transaction)] == ["reversed"]
    assert lane.last().key is K.PAYMENT_REVERSED


# -- receipts -----------------------------------------------------------------------------


def test_a_printer_failure_offers_the_digital_receipt_and_tells_staff(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    pay_and_approve(lane)
    lane.printer.fail_with = FaultReason.PAPER_OUT
    c.choose_receipt("print")
    lane.run()
    assert c.state is S.RECEIPT
    assert lane.last().key is K.PRINTER_FAILED_DIGITAL and lane.last()["reason"] == "paper_out"
    (fault,) = outbox(lane, "device_fault")
    assert fault["device"] == "printer" and fault["reason"] == "paper_out"
    assert not c.choose_receipt(ReceiptChoice.PRINT)
    assert c.choose_receipt(ReceiptChoice.DIGITAL)
    (digital,) = outbox(lane, "digital_receipt")
    assert digital["url"].endswith(c.transaction_id) and digital["lines"]
    assert c.state is S.FEEDBACK
    # the lane keeps selling
    lane.clock.advance(c.settings.attract_after_receipt_s)
    c.tick()
    assert c.state is S.ATTRACT
    assert c.scan(MILK)


def test_a_printer_known_to_be_out_offers_digital_at_once(lane: Lane) -> None:
    c = lane.controller
    c.attach()
    lane.printer.status = DeviceStatus(DeviceState.ERROR, FaultReason.COVER_OPEN)
    c.device_event("printer", StatusEvent(DeviceStatus(DeviceState.ONLINE), lane.printer.status))
    c.scan(MILK)
    pay_and_approve(lane)
    assert lane.last().key is K.PRINTER_FAILED_DIGITAL
    assert c.snapshot()["receipt"]["can_print"] is False


def test_no_receipt_and_timeouts_lead_back_to_attract(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    pay_and_approve(lane)
    lane.clock.advance(c.settings.attract_after_receipt_s)
    c.tick()
    assert c.state is S.FEEDBACK and K.NO_RECEIPT.value in lane.message_keys()
    lane.clock.advance(c.settings.attract_after_receipt_s)
    c.tick()
    assert c.state is S.ATTRACT


def test_the_next_shopper_scanning_on_the_feedback_screen_starts_anew(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    first = c.transaction_id
    pay_and_approve(lane)
    c.choose_receipt("none")
    assert c.scan(COLA)
    assert c.state is S.SHOPPING and c.transaction_id != first
    assert c.cart.totals.total_cents == 224


# -- help ---------------------------------------------------------------------------------


def test_a_help_call_from_the_shopper_and_its_life(lane: Lane) -> None:
    c = lane.controller
    heard: list[str] = []
    c.help_changed.connect(lambda call: heard.append(call.status.value))
    c.scan(MILK)
    call_id = c.call_help(topic=HelpTopic.PRICE_QUESTION)
    assert lane.last().key is K.HELP_CALLED
    (call,) = c.open_help_calls
    assert call.topic is HelpTopic.PRICE_QUESTION
    assert [key.value for key in call.self_help] == ["price_on_shelf_label", "staff_comes"]
    assert c.situation is LaneSituation.HELP_REQUESTED
    lane.run()
    assert lane.light.shown[-1] == pattern_for(LaneSituation.HELP_REQUESTED)
    assert c.call_help(topic=HelpTopic.PRICE_QUESTION) == call_id  # no duplicate
    assert c.acknowledge_help(call_id, "Sam")
    assert lane.last().key is K.HELP_ON_THE_WAY and lane.last()["name"] == "Sam"
    assert c.resolve_help(call_id, "Sam", "price explained")
    assert c.rate_help(call_id, 4)
    assert not c.rate_help(call_id, 5)  # once
    assert heard == ["raised", "acknowledged", "resolved", "resolved"]
    kinds = [item.kind for item in lane.journal.unconfirmed(1000)]
    assert kinds.count("help_call") == 1 and kinds.count("help_call_update") == 2
    assert outbox(lane, "rating")[0] == {
        "help_call_id": call_id, "score": 4, "of": "help", "kiosk_id": "kiosk-1",
    }  # fmt: skip
    lane.run()
    assert lane.light.shown[-1] == pattern_for(LaneSituation.SHOPPING)


def test_the_shopper_can_cancel_a_call(lane: Lane) -> None:
    c = lane.controller
    call_id = c.call_help()
    assert c.state is S.ATTRACT  # help from the start screen, no transaction needed
    assert c.cancel_help(call_id)
    assert not lane.journal.open_help_calls()
    assert not c.cancel_help(call_id)


def test_the_lane_raises_some_calls_only_itself(lane: Lane) -> None:
    with pytest.raises(ValueError, match="raises age_check"):
        lane.controller.call_help(HelpReason.AGE_CHECK)


def test_help_while_the_network_is_down_turns_the_light_red(lane: Lane) -> None:
    c = lane.controller
    c.set_link_up(False)
    assert c.situation is LaneSituation.READY
    c.call_help()
    assert c.situation is LaneSituation.HELP_UNREACHABLE
    c.set_link_up(True)
    assert c.situation is LaneSituation.HELP_REQUESTED


# -- idle ---------------------------------------------------------------------------------


def test_idle_prompt_then_suspend_then_welcome_back(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    lane.clock.advance(c.settings.idle_prompt_s - 1)
    c.tick()
    assert c.state is S.SHOPPING
    lane.clock.advance(1)
    c.tick()
    assert c.state is S.IDLE_PROMPT and lane.last().key is K.ARE_YOU_STILL_THERE
    lane.clock.advance(c.settings.idle_suspend_s)
    c.tick()
    assert c.state is S.SUSPENDED
    (call,) = c.open_help_calls
    assert call.reason is HelpReason.IDLE and call.context["cart"]["total_cents"] == 119
    assert lane.journal.restore() is not None  # the cart is kept
    assert c.touch()
    assert c.state is S.SHOPPING and lane.last().key is K.WELCOME_BACK
    assert not c.open_help_calls and c.cart.totals.total_cents == 119


def test_a_touch_answers_the_prompt(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    lane.clock.advance(c.settings.idle_prompt_s)
    c.tick()
    assert c.touch() and c.state is S.SHOPPING
    assert not c.open_help_calls


def test_an_empty_cart_left_alone_goes_back_to_attract(lane: Lane) -> None:
    c = lane.controller
    c.start()
    transaction = c.transaction_id
    lane.clock.advance(c.settings.idle_prompt_s)
    c.tick()
    lane.clock.advance(c.settings.idle_suspend_s)
    c.tick()
    assert c.state is S.ATTRACT and not c.open_help_calls
    assert lane.journal.transaction_status(transaction) == "cancelled"


def test_no_idle_prompt_while_waiting_for_help(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    c.call_help()
    lane.clock.advance(c.settings.idle_prompt_s * 3)
    c.tick()
    assert c.state is S.SHOPPING


# -- staff at the lane ---------------------------------------------------------------------


def test_staff_log_in_and_out_and_the_lane_returns_where_it_was(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    assert c.staff_login(ATTENDANT)
    assert c.state is S.STAFF and c.snapshot()["staff"]["name"] == "Sam"
    assert not c.scan(COLA)  # the shopper's scanning waits
    assert c.key_in_item(ATTENDANT, COLA)
    assert c.staff_logout()
    assert c.state is S.SHOPPING and c.cart.totals.total_cents == 119 + 224
    assert [a[1] for a in lane.audits] == ["login", "key_in_item", "login"]


def test_staff_key_in_an_item_at_a_price(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    assert c.key_in_item(ATTENDANT, MILK, price_cents=99)
    assert c.cart.totals.total_cents == 119 + 99
    assert not c.key_in_item(TECHNICIAN, MILK)
    assert lane.last().key is K.NOT_PERMITTED


def test_staff_cancel_the_transaction(lane: Lane) -> None:
    c = lane.controller
    c.scan(BEER)
    transaction = c.transaction_id
    assert c.cancel_transaction(ATTENDANT)
    assert c.state is S.ATTRACT and c.cart is None
    assert lane.journal.transaction_status(transaction) == "cancelled"
    assert not lane.journal.open_help_calls()  # the age check went with it
    assert lane.audits[-1][4]["total_cents"] == 114


def test_lock_unlock_and_diagnostics(lane: Lane) -> None:
    c = lane.controller
    assert not c.lock_lane(ATTENDANT, "cleaning")
    assert c.lock_lane(SUPERVISOR, "cleaning")
    assert c.state is S.OUT_OF_SERVICE and c.situation is LaneSituation.OUT_OF_SERVICE
    assert not c.scan(MILK)
    assert c.snapshot()["out_of_service"]["reason"] == "locked_by_staff"
    assert not c.enter_diagnostics(SUPERVISOR)
    assert c.enter_diagnostics(TECHNICIAN)
    assert c.state is S.DIAGNOSTICS
    assert c.leave_diagnostics()
    assert c.state is S.OUT_OF_SERVICE  # still locked
    assert c.unlock_lane(TECHNICIAN)
    assert c.state is S.ATTRACT and c.scan(MILK)
    assert not c.lock_lane(SUPERVISOR)  # not with a transaction open
    assert in_table(lane)


# -- devices ------------------------------------------------------------------------------


def test_scans_from_a_driver_thread_arrive_on_the_controller_thread(lane: Lane) -> None:
    c = lane.controller
    c.attach()
    lane.scanner.scan(MILK, "]E0")
    assert c.cart is None  # not until the controller's thread drains
    assert lane.scheduler.drain() == 1
    assert c.cart.totals.total_cents == 119


def test_an_unplugged_scanner_is_told_and_staff_learn_it(lane: Lane) -> None:
    c = lane.controller
    c.attach()
    c.scan(MILK)
    online, gone = (
        DeviceStatus(DeviceState.ONLINE),
        DeviceStatus(DeviceState.OFFLINE, FaultReason.UNPLUGGED),
    )
    lane.scanner.emit(StatusEvent(online, gone))
    lane.scheduler.drain()
    assert lane.last().key is K.SCANNER_OFFLINE and lane.last()["reason"] == "unplugged"
    assert outbox(lane, "device_fault")[0]["device"] == "scanner"
    assert c.key_in(COLA)  # key-in keeps working
    lane.scanner.emit(StatusEvent(gone, online))
    lane.scheduler.drain()
    assert lane.last().key is K.SCANNER_BACK
    assert outbox(lane, "device_recovered")[0]["device"] == "scanner"


# -- journal failures ----------------------------------------------------------------------


class FailingJournal(Journal):
    """A journal whose disk fails on demand (as a read-only or full disk would)."""

    fail = False

    def _write(self):  # type: ignore[override]
        if self.fail:
            raise JournalWriteError(WriteFailure.READ_ONLY, "attempt to write a readonly database")
        return super()._write()


def test_a_journal_write_failure_stops_selling_and_loses_nothing(make_lane, tmp_path) -> None:
    journal = FailingJournal(tmp_path / "journal.db", kiosk_id="kiosk-1")
    lane = make_lane(journal=journal)
    c = lane.controller
    c.scan(MILK)
    c.scan(COLA)
    journal.fail = True
    assert not c.scan(BEER)
    assert c.state is S.OUT_OF_SERVICE
    assert lane.last().key is K.OUT_OF_SERVICE and lane.last()["reason"] == "journal_write_failed"
    assert lane.last()["detail"] == "read_only"
    assert c.situation is LaneSituation.HELP_UNREACHABLE  # the lamp calls staff
    lane.run()
    assert lane.light.shown[-1] == pattern_for(LaneSituation.HELP_UNREACHABLE)
    # nothing half-applied: the cart is what the journal holds
    assert [line.product.name_en for line in c.cart.active_lines] == ["Semi-skimmed milk 1 L",
                                                                      "Cola 1.5 L"]  # fmt: skip
    assert lane.replay_matches()
    assert not c.scan(MILK) and not c.pay()
    assert not c.unlock_lane(SUPERVISOR)  # the journal still fails: stays out of service
    assert c.state is S.OUT_OF_SERVICE
    journal.fail = False
    assert c.unlock_lane(SUPERVISOR)
    assert c.state is S.SHOPPING and c.cart.totals.total_cents == 119 + 224
    assert c.scan(MILK) and lane.replay_matches()


def test_a_journal_failure_while_paying_reconciles_after_the_restart(make_lane, tmp_path) -> None:
    journal = FailingJournal(tmp_path / "journal.db", kiosk_id="kiosk-1")
    lane = make_lane(journal=journal)
    c = lane.controller
    c.scan(MILK)
    c.pay()
    journal.fail = True  # the approval cannot be written
    lane.run()
    assert c.state is S.OUT_OF_SERVICE
    assert len(lane.terminal.started) == 1
    journal.fail = False
    restarted = make_lane(journal=journal, devices={"terminal": lane.terminal})
    assert restarted.controller.resume()
    restarted.run()
    assert restarted.controller.state is S.RECEIPT
    assert len(lane.terminal.started) == 1 and lane.terminal.violations == []


# -- crash resume -------------------------------------------------------------------------


def test_resume_restores_the_same_cart(make_lane, tmp_path) -> None:
    first = make_lane()
    first.controller.scan(MILK)
    first.controller.scan(MILK)
    first.controller.scan(BEER)
    before = first.controller.snapshot()["cart"]
    # kill -9: a new controller on the same journal file
    second = make_lane(journal=Journal(tmp_path / "journal.db", kiosk_id="kiosk-1"))
    assert second.controller.state is S.ATTRACT
    assert second.controller.resume()
    assert second.controller.state is S.SHOPPING
    assert second.controller.snapshot()["cart"] == before
    assert second.last().key is K.CART_RESTORED
    # the open age check came back too, and still blocks paying
    assert [call.reason for call in second.controller.open_help_calls] == [HelpReason.AGE_CHECK]
    assert not second.controller.pay()


def test_resume_keeps_an_age_approval(make_lane, tmp_path) -> None:
    first = make_lane()
    first.controller.scan(BEER)
    first.controller.approve_age(ATTENDANT)
    second = make_lane(journal=Journal(tmp_path / "journal.db", kiosk_id="kiosk-1"))
    second.controller.resume()
    assert second.controller.pay()


def test_resume_with_nothing_open_stays_in_attract(lane: Lane) -> None:
    assert not lane.controller.resume()
    assert lane.controller.state is S.ATTRACT


@pytest.mark.parametrize(
    ("truth", "state", "statuses"),
    [
        ("approve", S.RECEIPT, ["approved"]),
        (None, S.SHOPPING, ["cancelled"]),  # the terminal never had it
        ("unknown", S.PAYMENT_UNKNOWN, ["pending"]),
    ],
)
def test_a_crash_mid_payment_resumes_into_reconciliation(
    make_lane, tmp_path, truth, state, statuses
) -> None:
    first = make_lane()
    first.controller.scan(MILK)
    transaction = first.controller.transaction_id
    first.controller.pay()  # crash before the terminal answered
    reference = first.journal.payments(transaction)[0].reference
    terminal = first.terminal
    if truth is not None:
        terminal.started.append((119, reference))
        terminal.truth[reference] = truth
    second = make_lane(
        journal=Journal(tmp_path / "journal.db", kiosk_id="kiosk-1"),
        devices={"terminal": terminal},
    )
    assert second.controller.resume()
    assert second.controller.state is S.PAYMENT_UNKNOWN
    assert second.jobs() == ["payment"]
    second.run()
    assert terminal.status_asked == [reference]
    assert second.controller.state is state
    assert [p.status for p in second.journal.payments(transaction)] == statuses
    assert len(terminal.started) == (0 if truth is None else 1)  # never started again
    if state is S.PAYMENT_UNKNOWN:
        assert [c.reason for c in second.controller.open_help_calls] == [HelpReason.PAYMENT_UNKNOWN]


def test_a_crash_after_approval_finishes_the_sale(make_lane, tmp_path) -> None:
    first = make_lane()
    first.controller.scan(MILK)
    transaction = first.controller.transaction_id
    record = first.journal.begin_payment(transaction, 119)
    first.journal.settle_payment(record.reference, "approved", {})  # then the crash
    second = make_lane(journal=Journal(tmp_path / "journal.db", kiosk_id="kiosk-1"))
    assert second.controller.resume()
    assert second.controller.state is S.RECEIPT
    assert second.journal.transaction_status(transaction) == "paid"
    assert second.terminal.started == [] and second.terminal.status_asked == []


# -- the snapshot -------------------------------------------------------------------------


def test_the_snapshot_is_json_and_complete(lane: Lane) -> None:
    c = lane.controller
    c.scan(COLA)
    c.scan(BEER)
    snapshot = json.loads(json.dumps(c.snapshot()))
    assert snapshot["state"] == "shopping" and snapshot["situation"] == "approval_needed"
    assert snapshot["cart"]["total_cents"] == 199 + 25 + 99 + 15
    assert [line["is_deposit"] for line in snapshot["cart"]["lines"]] == [
        False, True, False, True,
    ]  # fmt: skip
    assert snapshot["pay_blocked_by"] == ["age_check"]
    assert snapshot["help_calls"][0]["reason"] == "age_check"
    assert snapshot["message"]["key"] == "age_check_needed"
    assert snapshot["transaction_id"] == c.transaction_id
