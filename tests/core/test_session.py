"""The session state machine: every allowed transition works, every other is refused."""

from __future__ import annotations

import itertools
import re
from collections import deque
from pathlib import Path

import pytest

from kiosk.core.session import (
    SHOPPER_STATES,
    TRANSITIONS,
    IllegalTransition,
    SessionMachine,
    SessionState,
    Trigger,
    transition_table_markdown,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "session.md"
ALLOWED = [(s, t, trig) for (s, t), trigs in TRANSITIONS.items() for trig in sorted(trigs)]


@pytest.mark.parametrize(("source", "target", "trigger"), ALLOWED)
def test_every_allowed_transition_works(source, target, trigger) -> None:
    machine = SessionMachine(source)
    heard: list[tuple[SessionState, SessionState, Trigger]] = []
    machine.add_listener(lambda *args: heard.append(args))
    made = machine.transition(target, trigger)
    assert machine.state is target
    assert (made.old, made.new, made.trigger, made.number) == (source, target, trigger, 1)
    assert heard == [(source, target, trigger)]
    assert machine.history == (made,)


def test_every_other_pair_and_trigger_is_refused() -> None:
    refused = 0
    for source, target, trigger in itertools.product(SessionState, SessionState, Trigger):
        if trigger in TRANSITIONS.get((source, target), frozenset()):
            continue
        machine = SessionMachine(source)
        heard: list[object] = []
        machine.add_listener(lambda *args, heard=heard: heard.append(args))
        with pytest.raises(IllegalTransition) as caught:
            machine.transition(target, trigger)
        assert (caught.value.source, caught.value.target, caught.value.trigger) == (
            source,
            target,
            trigger,
        )
        assert machine.state is source and machine.history == () and heard == []
        refused += 1
    # the product really was walked (a loop that refuses nothing proves nothing)
    assert refused == len(SessionState) ** 2 * len(Trigger) - len(ALLOWED)
    assert refused > 4000


def test_no_state_stays_in_place_and_every_trigger_is_used() -> None:
    assert all(source is not target for source, target in TRANSITIONS)
    used = {trigger for triggers in TRANSITIONS.values() for trigger in triggers}
    assert used == set(Trigger)


def _reachable(start: SessionState, forward: bool = True) -> set[SessionState]:
    seen = {start}
    todo = deque([start])
    while todo:
        here = todo.popleft()
        for source, target in TRANSITIONS:
            step = (source, target) if forward else (target, source)
            if step[0] is here and step[1] not in seen:
                seen.add(step[1])
                todo.append(step[1])
    return seen


def test_every_state_is_reachable_and_can_get_back_to_attract() -> None:
    assert _reachable(SessionState.ATTRACT) == set(SessionState)
    assert _reachable(SessionState.ATTRACT, forward=False) == set(SessionState)


def test_a_fault_can_stop_every_shopper_state() -> None:
    for state in SHOPPER_STATES:
        assert Trigger.FAULT in TRANSITIONS[(state, SessionState.OUT_OF_SERVICE)]


def test_the_machine_accepts_names_and_refuses_unknown_ones() -> None:
    machine = SessionMachine()
    machine.transition("shopping", "start")  # type: ignore[arg-type]
    assert machine.state is SessionState.SHOPPING
    with pytest.raises(ValueError, match="nowhere"):
        machine.transition("nowhere", "start")  # type: ignore[arg-type]
    assert machine.state is SessionState.SHOPPING


def test_a_listener_that_transitions_again_is_heard_in_order() -> None:
    machine = SessionMachine()
    first: list[tuple[str, str, str]] = []
    second: list[tuple[str, str, str]] = []

    def bounce(old, new, trigger) -> None:
        first.append((old, new, trigger))
        if new is SessionState.SHOPPING and trigger is Trigger.START:
            machine.transition(SessionState.PAYING, Trigger.PAY)

    machine.add_listener(bounce)
    machine.add_listener(lambda *args: second.append(args))
    machine.transition(SessionState.SHOPPING, Trigger.START)
    expected = [
        (SessionState.ATTRACT, SessionState.SHOPPING, Trigger.START),
        (SessionState.SHOPPING, SessionState.PAYING, Trigger.PAY),
    ]
    # every listener heard every transition, oldest first: none lost, none out of order
    assert first == expected and second == expected
    assert [t.number for t in machine.history] == [1, 2]
    assert machine.state is SessionState.PAYING


def test_a_failing_listener_does_not_stop_the_others(caplog) -> None:
    machine = SessionMachine()
    heard: list[object] = []

    def broken(*_args: object) -> None:
        raise RuntimeError("widget bug")

    machine.add_listener(broken)
    machine.add_listener(lambda *args: heard.append(args))
    machine.transition(SessionState.SHOPPING, Trigger.START)
    assert len(heard) == 1 and machine.state is SessionState.SHOPPING
    assert "widget bug" in caplog.text
    machine.remove_listener(broken)
    machine.transition(SessionState.ATTRACT, Trigger.EMPTY_CART)
    assert len(heard) == 2


def test_an_illegal_transition_says_what_is_allowed() -> None:
    machine = SessionMachine(SessionState.SHOPPING)
    with pytest.raises(IllegalTransition, match="allowed only by pay"):
        machine.transition(SessionState.PAYING, Trigger.RETRY)
    with pytest.raises(IllegalTransition, match="not in the transition table"):
        machine.transition(SessionState.RECEIPT, Trigger.PAYMENT_APPROVED)


def test_the_document_holds_the_table_of_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(
        r"<!-- transition-table:start -->\n(.*?)<!-- transition-table:end -->", text, re.S
    )
    assert found is not None, "docs/session.md lost its transition-table markers"
    assert found.group(1) == transition_table_markdown(), (
        "docs/session.md is out of date: paste transition_table_markdown() between the markers"
    )
