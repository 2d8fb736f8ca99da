"""The store model works each lane's open calls out once per change (attendant.store).

``_Lane.open_calls`` is cached because the queue and the grid ask every lane for its calls
on every message (``bench/bench_network.py``: a third of the console's work with 200
lanes). These tests feed long mixed sequences of states, help events and cleared states
to the model, look at the queue and the lanes after every message (so the cache is used),
and compare with the same figures worked out from scratch: a change the cache missed
shows as a difference.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from attendant.eventlog import EventLog
from attendant.store import StoreModel
from kiosk.link import protocol as p
from tests.attendant.wire import TOPICS, Clock, at, call, deliver, help_event, state

KIOSKS = ("kiosk-1", "kiosk-2", "kiosk-3")
STATUSES = list(p.HelpStatus)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def model(tmp_path: Path, clock: Clock) -> Iterator[StoreModel]:
    with EventLog(tmp_path / "events.db") as log:
        yield StoreModel(TOPICS, log, clock=clock, expected=("kiosk-3",))


def seen(model: StoreModel) -> tuple[object, ...]:
    queue = [(e.kiosk_id, e.call.id, e.call.status, e.owner) for e in model.help_queue()]
    lanes = [(v.kiosk_id, v.open_calls, v.status) for v in model.lanes()]
    return queue, lanes


def from_scratch(model: StoreModel) -> tuple[object, ...]:
    for lane in model._lanes.values():
        lane.open_cache = None  # not calls_changed(): the test must not trust it
    return seen(model)


@pytest.mark.parametrize("seed", range(6))
def test_queue_and_lanes_follow_every_change(model: StoreModel, clock: Clock, seed: int) -> None:
    rng = random.Random(seed)
    versions = dict.fromkeys(KIOSKS, 0)
    calls = {kiosk: [f"{kiosk[-1]}c{i}" for i in range(3)] for kiosk in KIOSKS}
    for step in range(150):
        clock.advance(1)
        kiosk = rng.choice(KIOSKS)
        when = at(step + rng.uniform(-3, 3))  # states and events overtake each other
        roll = rng.random()
        if roll < 0.45:
            versions[kiosk] += 1
            listed = tuple(
                call(call_id, status=rng.choice(STATUSES), raised_at=at(0))
                for call_id in rng.sample(calls[kiosk], rng.randint(0, 3))
            )
            message = state(kiosk, version=versions[kiosk], sent_at=when, calls=listed)
            deliver(model, TOPICS.kiosk_state(kiosk), message, clock)
        elif roll < 0.93:
            info = call(rng.choice(calls[kiosk]), status=rng.choice(STATUSES), raised_at=at(0))
            kind = rng.choice([p.HelpRaised, p.HelpUpdated, p.HelpResolved])
            event = help_event(kind, info, kiosk=kiosk, occurred_at=when)
            deliver(model, TOPICS.kiosk_event(kiosk), event, clock)
        else:
            deliver(model, TOPICS.kiosk_state(kiosk), None, clock)  # the lane taken out
            versions[kiosk] = 0
        assert seen(model) == from_scratch(model), f"step {step}"


def test_the_cached_calls_are_worked_out_again_after_each_kind_of_change(
    model: StoreModel, clock: Clock
) -> None:
    def queue() -> list[str]:
        return [entry.call.id for entry in model.help_queue()]

    deliver(model, TOPICS.kiosk_state("kiosk-1"), state(calls=(call("a"),)), clock)
    assert queue() == ["a"]
    # a help event newer than the state
    raised = help_event(p.HelpRaised, call("b"), occurred_at=at(5))
    deliver(model, TOPICS.kiosk_event("kiosk-1"), raised, clock)
    assert queue() == ["a", "b"]
    # a newer state without either
    deliver(model, TOPICS.kiosk_state("kiosk-1"), state(version=2, sent_at=at(6)), clock)
    assert queue() == []
    # a call resolved by an event after the state listed it
    deliver(
        model,
        TOPICS.kiosk_state("kiosk-1"),
        state(version=3, sent_at=at(7), calls=(call("c"),)),
        clock,
    )
    assert queue() == ["c"]
    resolved = call("c", status=p.HelpStatus.RESOLVED)
    deliver(
        model,
        TOPICS.kiosk_event("kiosk-1"),
        help_event(p.HelpResolved, resolved, occurred_at=at(8)),
        clock,
    )
    assert queue() == []
