"""Help escalation: a call nobody acknowledged within ``help_escalate_s`` turns the lamp
red (flashing + buzzer), tells the shopper to wave to a staff member, and is recorded
for the consoles; driven by ``tick()`` on a manual clock (nothing sleeps)."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.lane_light.pattern import LaneSituation, pattern_for
from kiosk.config import KioskConfig
from kiosk.core.journal import Journal
from kiosk.core.lane import HelpReason, HelpStatus, MessageKey
from kiosk.core.lane.settings import LaneSettings
from kiosk.core.session import SessionState
from tests.core.test_lane import FailingJournal
from tests.core.test_lane_fakes import (
    ATTENDANT,
    BEER,
    MILK,
    Lane,
    build_lane,
    lanes,  # noqa: F401  (fixture)
)

S = SessionState
K = MessageKey
ESCALATE_S = 45.0


@pytest.fixture
def make_lane(tmp_path: Path, lanes: list[Lane]):  # noqa: F811
    def make(**kwargs) -> Lane:
        made = build_lane(tmp_path, help_escalate_s=ESCALATE_S, **kwargs)
        lanes.append(made)
        return made

    return make


@pytest.fixture
def lane(make_lane) -> Lane:
    return make_lane()


def escalations(lane: Lane) -> list[dict]:
    return [item.payload for item in lane.journal.outbox_items("help_call_escalated")]


def test_an_unanswered_call_is_escalated_once_after_the_timeout(lane: Lane) -> None:
    c = lane.controller
    c.scan(MILK)
    call_id = c.call_help("shopper_request", "other")
    assert c.situation is LaneSituation.HELP_REQUESTED
    lane.clock.advance(ESCALATE_S - 1)
    c.tick()
    assert not c.open_help_calls[0].escalated and escalations(lane) == []
    assert c.situation is LaneSituation.HELP_REQUESTED
    lane.clock.advance(1)
    c.tick()
    (call,) = c.open_help_calls
    assert call.id == call_id and call.escalated and call.status is HelpStatus.RAISED
    assert call.to_dict()["escalated"] is True
    assert c.situation is LaneSituation.HELP_UNREACHABLE
    lane.run()
    assert lane.light.shown[-1] == pattern_for(LaneSituation.HELP_UNREACHABLE)
    assert lane.light.shown[-1].buzzer
    message = lane.last()
    assert message.key is K.HELP_STILL_LOOKING and message["call_id"] == call_id
    (event,) = escalations(lane)
    assert event["help_call_id"] == call_id and event["reason"] == "shopper_request"
    assert event["transaction_id"] == c.transaction_id
    assert c.statistics["help_escalations"] == 1
    assert c.snapshot()["help_calls"][0]["escalated"] is True
    # once only
    lane.clock.advance(ESCALATE_S * 3)
    c.tick()
    assert len(escalations(lane)) == 1 and c.statistics["help_escalations"] == 1


def test_a_call_acknowledged_in_time_is_not_escalated(lane: Lane) -> None:
    c = lane.controller
    call_id = c.call_help()
    lane.clock.advance(ESCALATE_S - 1)
    c.tick()
    assert c.acknowledge_help(call_id, "Sam")
    lane.clock.advance(ESCALATE_S * 2)
    c.tick()
    assert escalations(lane) == [] and not c.open_help_calls[0].escalated
    assert c.situation is LaneSituation.HELP_REQUESTED
    assert K.HELP_STILL_LOOKING.value not in lane.message_keys()


def test_acknowledging_an_escalated_call_calms_the_lamp(lane: Lane) -> None:
    c = lane.controller
    call_id = c.call_help()
    lane.clock.advance(ESCALATE_S)
    c.tick()
    assert c.situation is LaneSituation.HELP_UNREACHABLE
    assert c.acknowledge_help(call_id, "Sam")  # "Sam is on the way": amber flashing again
    assert c.situation is LaneSituation.HELP_REQUESTED
    assert c.resolve_help(call_id, "Sam")
    assert c.situation is LaneSituation.READY


def test_each_call_has_its_own_clock(lane: Lane) -> None:
    c = lane.controller
    c.scan(BEER)  # an age check, raised now
    lane.clock.advance(ESCALATE_S - 10)
    question = c.call_help()  # raised 35 s later
    lane.clock.advance(10)
    c.tick()
    assert [(call.reason, call.escalated) for call in c.open_help_calls] == [
        (HelpReason.AGE_CHECK, True),
        (HelpReason.SHOPPER_REQUEST, False),
    ]
    assert c.situation is LaneSituation.HELP_UNREACHABLE
    c.approve_age(ATTENDANT)  # the escalated one is settled; the question is still young
    assert c.situation is LaneSituation.HELP_REQUESTED
    lane.clock.advance(ESCALATE_S - 10)
    c.tick()
    assert [e["help_call_id"] for e in escalations(lane)][1:] == [question]
    assert c.situation is LaneSituation.HELP_UNREACHABLE


def test_the_escalation_survives_a_restart(make_lane, tmp_path: Path) -> None:
    first = make_lane()
    first.controller.scan(MILK)
    call_id = first.controller.call_help()
    first.clock.advance(ESCALATE_S)
    first.controller.tick()
    # kill -9: a new controller on the same journal file
    second = make_lane(journal=Journal(tmp_path / "journal.db", kiosk_id="kiosk-1"))
    assert second.controller.resume()
    (call,) = second.controller.open_help_calls
    assert call.id == call_id and call.escalated
    assert second.controller.situation is LaneSituation.HELP_UNREACHABLE
    second.clock.advance(ESCALATE_S)
    second.controller.tick()
    assert len(escalations(second)) == 1  # not escalated a second time


def test_an_unescalated_call_waits_the_full_time_again_after_a_restart(
    make_lane, tmp_path: Path
) -> None:
    first = make_lane()
    first.controller.scan(MILK)
    first.controller.call_help()
    first.clock.advance(ESCALATE_S - 1)
    second = make_lane(journal=Journal(tmp_path / "journal.db", kiosk_id="kiosk-1"))
    second.controller.resume()
    second.clock.advance(ESCALATE_S - 1)
    second.controller.tick()
    assert escalations(second) == []
    second.clock.advance(1)
    second.controller.tick()
    assert len(escalations(second)) == 1


def test_a_failed_escalation_write_stops_selling(make_lane, tmp_path: Path) -> None:
    journal = FailingJournal(tmp_path / "journal.db", kiosk_id="kiosk-1")
    lane = make_lane(journal=journal)
    c = lane.controller
    c.call_help()
    lane.clock.advance(ESCALATE_S)
    journal.fail = True
    c.tick()
    assert c.state is S.OUT_OF_SERVICE
    assert c.situation is LaneSituation.HELP_UNREACHABLE
    assert not c.open_help_calls[0].escalated  # nothing half-applied


def test_the_timeout_comes_from_the_kiosk_configuration() -> None:
    config = KioskConfig.model_validate(
        {
            "store": {"id": "store-1", "name": "Super"},
            "kiosk": {"id": "kiosk-1", "name": "Kassa 1"},
            "timeouts": {"help_escalate_s": 90},
        }
    )
    assert LaneSettings.from_config(config).help_escalate_s == 90.0
