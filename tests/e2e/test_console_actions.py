"""Every console action reaches a real kiosk over a real broker and shows there.

One kiosk (``build_kiosk``, simulated devices, voids need approval) and one console link
(``build_console_link``) on the embedded broker, the store's default. For each of the 16
commands of the store network: bring the lane into the situation the command is for, send
it as the console's staff member, wait for the kiosk's answer, and check what the kiosk
now shows (its lane and its screen). Each command also leaves an ``intervention`` event
that the console stores (the audit trail as at the lane).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from kiosk.app import Kiosk
from kiosk.core.lane import HelpReason, HelpStatus, HelpTopic
from kiosk.core.session import SessionState
from kiosk.core.staff import Role, StaffMember
from kiosk.link.protocol import CommandKind
from kiosk.ui.router import SCREENS, load_class
from tests.broker import Broker
from tests.broker import embedded_broker as embedded_broker
from tests.e2e.test_store_network import (
    MILK,
    WAIT_MS,
    lane_seen,
    outcome_of,
    start_console,  # noqa: F401 (fixture)
)
from tests.e2e.test_store_network import kiosk_file as plain_kiosk_file

BEER = "8715864193462"  # Lager bottle 30 cl, 18+, in the sample catalog
KIM = StaffMember(id=1043, login="1043", name="Kim", role=Role.SUPERVISOR)
TOM = StaffMember(id=1044, login="1044", name="Tom", role=Role.TECHNICIAN)
S = SessionState
K = CommandKind
HELP_ANSWERS = (K.ACKNOWLEDGE, K.CLAIM, K.RESOLVE_HELP)
"""Answering a call is recorded as the call's update (owner, outcome), not an intervention."""


@pytest.fixture
def kiosk(tmp_path, qapp, qtbot, embedded_broker: Broker):
    from kiosk.app import build_kiosk
    from kiosk.config import load_kiosk_config

    path = plain_kiosk_file(tmp_path, embedded_broker)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("voids_need_approval = false", "voids_need_approval = true"))
    built = build_kiosk(
        load_kiosk_config(path), app=qapp, windowed=True, screen_size=(1280, 800), audible=False
    )
    yield built
    built.close()


@pytest.fixture
def console(qtbot, kiosk, embedded_broker, start_console):  # noqa: F811
    link = start_console(embedded_broker, "console-1", KIM)
    qtbot.waitUntil(lambda: lane_seen(link, kiosk), timeout=WAIT_MS)
    return link


def screen_is(kiosk: Kiosk, state: SessionState) -> bool:
    return isinstance(kiosk.window.current_screen, load_class(SCREENS[state]))


def help_call(kiosk: Kiosk, reason: HelpReason | None = None) -> Any:
    calls = [c for c in kiosk.lane.help_calls if reason is None or c.reason is reason]
    return calls[-1]


def paid_sale(qtbot, kiosk: Kiosk) -> str:
    """Milk paid by card (the terminal simulator approves), receipt printed: the id."""
    assert kiosk.lane.key_in(MILK)
    transaction_id = kiosk.lane.transaction_id
    assert kiosk.lane.pay()
    qtbot.waitUntil(lambda: kiosk.lane.state is S.RECEIPT, timeout=WAIT_MS)
    return transaction_id


@dataclass
class Case:
    """Set the lane up (returns the command's fields), then check what the kiosk shows."""

    kind: CommandKind
    setup: Callable[[Any, Kiosk], dict[str, Any]]
    shows: Callable[[Kiosk, dict[str, Any]], bool]
    actor: StaffMember = KIM


def _shopper_call(_qtbot, kiosk: Kiosk) -> dict[str, Any]:
    assert kiosk.lane.key_in(MILK)
    call_id = kiosk.lane.call_help(HelpReason.SHOPPER_REQUEST, HelpTopic.OTHER)
    return {"call_id": call_id}


def _age_check(_qtbot, kiosk: Kiosk) -> dict[str, Any]:
    assert kiosk.lane.key_in(BEER)
    call = help_call(kiosk, HelpReason.AGE_CHECK)
    return {"transaction_id": kiosk.lane.transaction_id, "call_id": call.id}


def _void(_qtbot, kiosk: Kiosk) -> dict[str, Any]:
    assert kiosk.lane.key_in(MILK)
    line = kiosk.lane.cart.lines[0]
    assert kiosk.lane.remove_line(line.line_id)
    call = help_call(kiosk, HelpReason.VOID_APPROVAL)
    return {"transaction_id": kiosk.lane.transaction_id, "call_id": call.id}


def _cart(_qtbot, kiosk: Kiosk) -> dict[str, Any]:
    assert kiosk.lane.key_in(MILK)
    return {"transaction_id": kiosk.lane.transaction_id}


def _line(_qtbot, kiosk: Kiosk) -> dict[str, Any]:
    assert kiosk.lane.key_in(MILK)
    return {
        "transaction_id": kiosk.lane.transaction_id,
        "line_id": kiosk.lane.cart.lines[0].line_id,
    }


def _paid(qtbot, kiosk: Kiosk) -> dict[str, Any]:
    return {"transaction_id": paid_sale(qtbot, kiosk)}


def _locked(_qtbot, kiosk: Kiosk) -> dict[str, Any]:
    member = StaffMember(id=1043, login="1043", name="Kim", role=Role.SUPERVISOR)
    assert kiosk.lane.lock_lane(member, "cleaning")
    return {}


def _items(kiosk: Kiosk) -> int:
    return kiosk.lane.cart.totals.item_count if kiosk.lane.cart is not None else 0


def _printed(kiosk: Kiosk) -> int:
    return len(kiosk.simulator("printer").call("receipts") or [])


CASES = [
    Case(
        K.ACKNOWLEDGE,
        _shopper_call,
        lambda k, f: (
            help_call(k).status is HelpStatus.ACKNOWLEDGED and help_call(k).staff_name == "Kim"
        ),
    ),
    Case(K.CLAIM, _shopper_call, lambda k, f: help_call(k).staff_name == "Kim"),
    Case(
        K.APPROVE_AGE,
        _age_check,
        lambda k, f: k.lane.state is S.SHOPPING and _items(k) >= 1 and screen_is(k, S.SHOPPING),
    ),
    Case(K.REFUSE_AGE, _age_check, lambda k, f: _items(k) == 0),
    Case(K.APPROVE_VOID, _void, lambda k, f: _items(k) == 0),
    Case(
        K.REFUSE_VOID,
        _void,
        lambda k, f: _items(k) == 1 and help_call(k).status is HelpStatus.RESOLVED,
    ),
    Case(K.ADD_ITEM, _cart, lambda k, f: _items(k) == 2),
    Case(K.REMOVE_ITEM, _line, lambda k, f: _items(k) == 0),
    Case(
        K.CANCEL_TRANSACTION,
        _cart,
        lambda k, f: k.lane.transaction_id != f["transaction_id"] and screen_is(k, S.ATTRACT),
    ),
    Case(
        K.PAID_AT_DESK,
        _cart,
        lambda k, f: k.journal.transaction_status(f["transaction_id"]) == "paid_elsewhere",
    ),
    Case(
        K.REVERSE_CHARGE,
        _paid,
        lambda k, f: any(p.status == "reversed" for p in k.journal.payments(f["transaction_id"])),
    ),
    Case(
        K.LOCK_LANE, lambda q, k: {"reason": "spill"}, lambda k, f: screen_is(k, S.OUT_OF_SERVICE)
    ),
    Case(K.UNLOCK_LANE, _locked, lambda k, f: k.lane.state is not S.OUT_OF_SERVICE),
    Case(K.REPRINT_RECEIPT, _paid, lambda k, f: True),  # checked by the printer below
    Case(K.RUN_DIAGNOSTICS, lambda q, k: {}, lambda k, f: True, TOM),  # checked by the result
    Case(
        K.RESOLVE_HELP,
        lambda q, k: {**_shopper_call(q, k), "outcome": "helped"},
        lambda k, f: help_call(k).status is HelpStatus.RESOLVED,
    ),
]


def test_every_command_kind_has_a_case() -> None:
    assert {case.kind for case in CASES} == set(CommandKind)


@pytest.mark.parametrize("case", CASES, ids=[c.kind.value for c in CASES])
def test_a_console_action_reaches_the_kiosk_and_shows_there(qtbot, kiosk, console, case) -> None:
    fields = case.setup(qtbot, kiosk)
    if case.kind is K.ADD_ITEM:
        fields = {**fields, "code": MILK}
    printed_before = _printed(kiosk) if case.kind is K.REPRINT_RECEIPT else 0
    # the console sees what it acts on (its lane view follows the kiosk's state)
    version = kiosk.link.lane_link.version
    qtbot.waitUntil(lambda: console.store.lane("kiosk-1").state.version >= version, timeout=WAIT_MS)

    console.actor = case.actor
    command_id = console.send(case.kind, "kiosk-1", **fields)
    outcome = outcome_of(qtbot, console, command_id)
    assert outcome.status == "done", outcome.refusal
    qtbot.waitUntil(lambda: case.shows(kiosk, fields), timeout=WAIT_MS)
    if case.kind is K.REPRINT_RECEIPT:
        qtbot.waitUntil(lambda: _printed(kiosk) == printed_before + 1, timeout=WAIT_MS)
    if case.kind is K.RUN_DIAGNOSTICS:
        assert {d.kind.value for d in outcome.result.devices} >= {"scanner", "printer"}

    # the console's store gets the record: an intervention with the command's id, or for
    # answering a call the call's own update naming who answered it
    def recorded() -> bool:
        for stored in console.store.log.events("kiosk-1"):
            event = stored.event
            if getattr(event, "command_id", None) == command_id:
                return True
            call = getattr(event, "call", None)
            if (
                case.kind in HELP_ANSWERS
                and call is not None
                and call.id == fields["call_id"]
                and call.owner is not None
                and call.owner.name == "Kim"
            ):
                return True
        return False

    qtbot.waitUntil(recorded, timeout=WAIT_MS)


@pytest.mark.parametrize("kind", list(CommandKind), ids=[k.value for k in CommandKind])
def test_the_console_offers_an_action_to_exactly_the_roles_the_kiosk_accepts(kind) -> None:
    """The console greys out what the kiosk would refuse, and nothing else: its table
    (attendant.staff) against the kiosk's (the command's lane action and the lane's
    roster permissions)."""
    from attendant.staff import allowed_roles
    from kiosk.core.staff import PERMISSIONS
    from kiosk.link.lane_link import COMMAND_ACTIONS
    from kiosk.ui.staff_auth import LANE_ACTIONS

    needed = LANE_ACTIONS[COMMAND_ACTIONS[kind].value]
    kiosk_roles = (
        needed
        if isinstance(needed, frozenset)
        else frozenset(role for role in Role if needed in PERMISSIONS[role])
    )
    assert allowed_roles(kind) == kiosk_roles
