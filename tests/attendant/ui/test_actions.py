"""The lane detail's actions: each button builds the right command and sends it to the lane
on the real broker, for the logged-in staff member; the lane's answer (done, refused, none
before the expiry) shows in words; what the role may not do is greyed out with the reason;
every command is audited at the console with its id."""

from __future__ import annotations

from datetime import timedelta

import pytest

from attendant.ui import detail as detail_module
from attendant.ui.actions import ActionStatus
from kiosk.link import protocol as p
from tests.attendant.ui.conftest import T0, login

LINES = [
    p.CartLine(
        line_id="line-1", name_nl="Bier 6-pack", name_en="Beer 6-pack", quantity=1,
        net_cents=749, min_age=18,
    ),
    p.CartLine(
        line_id="line-2", name_nl="Bananen", name_en="Bananas", quantity=1, grams=1234,
        net_cents=228,
    ),
]  # fmt: skip
AGE = p.HelpCallInfo(
    id="call-age", reason="age_check", status="raised", raised_at=T0 - timedelta(seconds=5)
)
VOID = p.HelpCallInfo(
    id="call-void", reason="void_approval", status="raised", raised_at=T0 - timedelta(seconds=3),
    context=p.HelpContext(line_id="line-2", product_nl="Bananen", product_en="Bananas"),
)  # fmt: skip


def _press(detail, kind: str) -> None:
    button = detail.buttons[p.CommandKind(kind)]
    assert button.isEnabled(), detail.why_disabled(kind)
    button.click()


def _open_lane(qtbot, console, lane, *, who="1002", **state):
    login(qtbot, console, who)
    lane.beat()
    fields = {
        "transaction_id": "tx-42",
        "cart": p.CartSummary(items=2, total_cents=977, lines=LINES),
        "help_calls": [AGE, VOID],
        "session": "awaiting_attendant",
    }
    fields.update(state)
    lane.state(**fields)
    window = console.window
    qtbot.waitUntil(
        lambda: (
            (tile := window.grid.tile(lane.kiosk_id)) is not None
            and tile.view.state is not None
            and tile.view.online
        ),
        timeout=5000,
    )
    window.grid.tile(lane.kiosk_id).clicked.emit()
    assert window.page is window.detail
    return window.detail


@pytest.fixture
def answers(monkeypatch):
    """Every dialog says yes (the confirmation tests look at the other answer)."""
    asked = []

    def confirm(parent, title, text, confirm, *, danger=True):
        asked.append(title)
        return True

    monkeypatch.setattr(detail_module.ConfirmDialog, "ask", confirm)
    monkeypatch.setattr(
        detail_module.AddItemDialog, "ask", lambda parent, title, search: ("8710000000017", 2)
    )
    monkeypatch.setattr(
        detail_module.ReasonDialog, "ask", lambda parent, title, text, confirm: "cleaning"
    )
    monkeypatch.setattr(detail_module.OutcomeDialog, "ask", lambda parent, title, choices: "Helped")
    return asked


EXPECTED = {
    "acknowledge": {"call_id": "call-age"},
    "claim": {"call_id": "call-age"},
    "approve_age": {"transaction_id": "tx-42", "call_id": "call-age"},
    "refuse_age": {"transaction_id": "tx-42", "call_id": "call-age"},
    "approve_void": {"transaction_id": "tx-42", "call_id": "call-void"},
    "refuse_void": {"transaction_id": "tx-42", "call_id": "call-void"},
    "add_item": {"transaction_id": "tx-42", "code": "8710000000017", "quantity": 2},
    "remove_item": {"transaction_id": "tx-42", "line_id": "line-2"},
    "cancel_transaction": {"transaction_id": "tx-42"},
    "paid_at_desk": {"transaction_id": "tx-42"},
    "reverse_charge": {"transaction_id": "tx-42"},
    "reprint_receipt": {"transaction_id": "tx-42"},
    "lock_lane": {"reason": "cleaning"},
    "resolve_help": {"call_id": "call-age", "outcome": "Helped"},
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_action_sends_its_command_for_the_staff_member(
    qtbot, make_console, lanes, answers, staff_db, kind
) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    detail = _open_lane(qtbot, console, lane)
    detail.select_line("line-2")
    button = detail.buttons[p.CommandKind(kind)]
    assert button.objectName() == f"action_{kind}"
    assert button.isEnabled(), detail.why_disabled(kind)
    button.click()
    command = lane.wait_for_command(qtbot, kind)
    for name, value in EXPECTED[kind].items():
        assert getattr(command, name) == value, name
    assert command.sender == "console-1"
    assert command.actor == p.Actor(
        staff_id=str(staff_db.members["kim"].id), name="Kim", role="supervisor"
    )
    assert command.expires_at - command.sent_at == timedelta(seconds=30)
    # the result strip says it is on its way, the audit log says who did what where
    result = console.window.result
    assert result.status is ActionStatus.SENT and result.command_id == command.id
    assert console.window.result_label.text().startswith("Kassa 1: “")
    entry = [e for e in staff_db.roster.audit.entries() if e.action == kind][-1]
    assert (entry.actor_name, entry.kiosk_id) == ("Kim", "kiosk-1")
    assert entry.detail["command_id"] == command.id and entry.detail["console"] == "console-1"
    if "transaction_id" in EXPECTED[kind]:
        assert entry.transaction_id == "tx-42"


def test_the_answer_of_the_lane_shows_done_then_refused_in_words(
    qtbot, make_console, lanes, answers
) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    detail = _open_lane(qtbot, console, lane)
    _press(detail, "approve_age")
    command = lane.wait_for_command(qtbot, "approve_age")
    assert answers == ["Age OK at Kassa 1?"]
    lane.answer(command)
    window = console.window
    qtbot.waitUntil(lambda: window.result.status is ActionStatus.DONE, timeout=5000)
    assert window.result_label.text() == "Kassa 1: “Age OK” done."
    assert window.result_label.property("tone") == "go"

    _press(detail, "claim")
    claim = lane.wait_for_command(qtbot, "claim")
    lane.answer(
        claim,
        refusal=p.Refusal(
            reason="already_claimed",
            claimed_by=p.StaffRef(staff_id="9", name="Sam", console="console-2"),
        ),
    )
    qtbot.waitUntil(lambda: window.result.status is ActionStatus.REFUSED, timeout=5000)
    assert window.result_label.text() == (
        "Kassa 1 did not do “Take the call”: Sam took this call first."
    )
    assert window.result_label.property("tone") == "error"


def test_no_answer_before_the_expiry_says_so(qtbot, make_console, lanes, clock) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    detail = _open_lane(qtbot, console, lane)
    _press(detail, "acknowledge")
    lane.wait_for_command(qtbot, "acknowledge")
    clock.advance(34)
    console.link.tick()
    assert console.window.result.status is ActionStatus.SENT
    clock.advance(2)  # expiry (30 s) and the grace period (5 s) are over
    console.link.tick()
    assert console.window.result.status is ActionStatus.EXPIRED
    assert console.window.result_label.text() == (
        "Kassa 1 did not answer “On my way” in time. Look at the lane, and try again if needed."
    )


def test_diagnostics_show_what_each_device_said(qtbot, make_console, lanes) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    detail = _open_lane(qtbot, console, lane, who="1003")
    _press(detail, "run_diagnostics")
    command = lane.wait_for_command(qtbot, "run_diagnostics")
    lane.answer(
        command,
        devices=[
            p.DeviceInfo(name="scanner", kind="scanner", state="online"),
            p.DeviceInfo(name="printer", kind="printer", state="error", reason="cover_open"),
        ],
    )
    window = console.window
    qtbot.waitUntil(lambda: window.result.status is ActionStatus.DONE, timeout=5000)
    assert window.result_label.text() == (
        "Kassa 1: “Check the devices” done. Scanner: working; Receipt printer: cover is open"
    )


def test_a_cancelled_confirmation_sends_nothing(qtbot, make_console, lanes, monkeypatch) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    detail = _open_lane(qtbot, console, lane)
    monkeypatch.setattr(detail_module.ConfirmDialog, "ask", lambda *a, **k: False)
    detail.buttons[p.CommandKind.CANCEL_TRANSACTION].click()
    _press(detail, "acknowledge")  # no question: goes at once
    lane.wait_for_command(qtbot, "acknowledge")
    assert [c.command for c in lane.commands()] == ["acknowledge"]


def test_what_a_role_may_not_do_is_greyed_out_with_the_reason(qtbot, make_console, lanes) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    detail = _open_lane(qtbot, console, lane, who="1001")  # Sam, attendant
    reverse = detail.buttons[p.CommandKind.REVERSE_CHARGE]
    diagnostics = detail.buttons[p.CommandKind.RUN_DIAGNOSTICS]
    assert not reverse.isEnabled() and not diagnostics.isEnabled()
    assert detail.buttons[p.CommandKind.APPROVE_AGE].isEnabled()
    assert reverse.toolTip() == "Only a supervisor may do this."
    reasons = detail.reasons_label.text().splitlines()
    assert "Reverse the card payment: Only a supervisor may do this." in reasons
    assert "Check the devices: Only a technician may do this." in reasons

    console.window.logout_button.click()
    detail = _open_lane(qtbot, console, lane, who="1003")  # Tom, technician
    assert detail.buttons[p.CommandKind.RUN_DIAGNOSTICS].isEnabled()
    assert detail.buttons[p.CommandKind.LOCK_LANE].isEnabled()
    approve = detail.buttons[p.CommandKind.APPROVE_AGE]
    assert not approve.isEnabled()
    assert approve.toolTip() == "Only attendants and supervisors help shoppers."


def test_actions_that_make_no_sense_now_say_why(qtbot, make_console, lanes) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    detail = _open_lane(
        qtbot, console, lane, transaction_id=None, help_calls=[],
        cart=p.CartSummary(items=0, total_cents=0), session="attract",
    )  # fmt: skip
    assert detail.why_disabled("approve_age") == "no_age_call"
    assert detail.why_disabled("acknowledge") == "no_call"
    assert detail.why_disabled("cancel_transaction") == "no_transaction"
    assert detail.why_disabled("unlock_lane") == "unlocked"
    assert detail.why_disabled("lock_lane") is None
    assert detail.buttons[p.CommandKind.CANCEL_TRANSACTION].toolTip() == (
        "No shopper is checking out."
    )
    lane.state(transaction_id=None, session="out_of_service", locked=True)
    qtbot.waitUntil(lambda: detail.why_disabled("unlock_lane") is None, timeout=5000)
    assert detail.why_disabled("lock_lane") == "locked"
    _press(detail, "unlock_lane")
    lane.wait_for_command(qtbot, "unlock_lane")


def test_on_my_way_from_the_queue(qtbot, make_console, lanes) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    _open_lane(qtbot, console, lane, who="1001")
    console.window.show_overview()
    card = console.window.queue.card("call-age")
    assert card is not None and card.acknowledge_button.isEnabled()
    card.acknowledge_button.click()
    command = lane.wait_for_command(qtbot, "acknowledge")
    assert command.call_id == "call-age" and command.actor.name == "Sam"
    card.open_button.click()
    assert console.window.page is console.window.detail
    assert console.window.detail.selected_call_id == "call-age"


def test_the_detail_shows_the_cart_calls_devices_and_recent_events(
    qtbot, make_console, lanes, clock
) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    detail = _open_lane(
        qtbot, console, lane,
        devices=[p.DeviceInfo(name="printer", kind="printer", state="error", reason="paper_out")],
        payment=p.PendingPayment(amount_cents=977, status="declined", decline_reason="pin_wrong"),
    )  # fmt: skip
    # (the console is subscribed once it shows the state: events are not retained)
    lane.event(
        p.SaleSummary(
            sender="kiosk-1", occurred_at=T0 - timedelta(minutes=3), transaction_id="tx-41",
            outcome="paid", payment_method="card", total_cents=1234, items=4,
        )
    )  # fmt: skip
    qtbot.waitUntil(lambda: console.link.store.log.count() == 1, timeout=5000)
    console.link.tick()  # repaint with the stored event
    table = detail.cart_table
    assert table.rowCount() == 2
    assert [table.item(0, c).text() for c in range(3)] == ["Beer 6-pack", "1 ×", "€ 7,49"]
    assert [table.item(1, c).text() for c in range(3)] == ["Bananas", "1234 g", "€ 2,28"]
    assert detail.cart_total.text() == "2 items · total € 9,77"
    assert detail.payment_label.text() == "Payment of € 9,77: declined (wrong PIN)"
    assert detail.calls_list.count() == 2
    assert detail.devices_label.text().splitlines()[0] == "Receipt printer: fault (paper is out)"
    assert detail.events_list.item(0).text() == "09:57  Purchase paid: € 12,34"
    # reprint and reverse may name the last purchase when no transaction is open
    lane.state(transaction_id=None, help_calls=[], session="attract")
    qtbot.waitUntil(lambda: detail.view.transaction_id is None, timeout=5000)
    assert detail.why_disabled("reprint_receipt") is None
    _press(detail, "reprint_receipt")
    assert lane.wait_for_command(qtbot, "reprint_receipt").transaction_id == "tx-41"


def test_a_code_the_protocol_refuses_is_not_sent_and_says_why(
    qtbot, make_console, lanes, monkeypatch
) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    detail = _open_lane(qtbot, console, lane)
    monkeypatch.setattr(detail_module.AddItemDialog, "ask", lambda *_: ("8" * 65, 1))
    _press(detail, "add_item")
    assert console.window.result.status is ActionStatus.NOT_SENT
    assert console.window.result_label.text() == (
        "“Add an item” was not sent: What was typed cannot be sent to the lane."
    )
    assert lane.commands() == []
