"""The lane grid and the help queue, fed by a kiosk on a real broker: what a tile says,
offline lanes, the queue's order, its timers turning amber and red on the injected clock,
the bell for a new call, and the acks for the events."""

from __future__ import annotations

from datetime import timedelta

from kiosk.link import protocol as p
from tests.attendant.ui.conftest import T0, login

LINES = [
    p.CartLine(
        line_id="line-1", name_nl="Bier 6-pack", name_en="Beer 6-pack", quantity=1,
        net_cents=749, min_age=18,
    ),
    p.CartLine(
        line_id="line-1:deposit", name_nl="Statiegeld", name_en="Deposit", quantity=1,
        net_cents=90, is_deposit=True,
    ),
    p.CartLine(
        line_id="line-2", name_nl="Bananen", name_en="Bananas", quantity=1, grams=1234,
        net_cents=228,
    ),
]  # fmt: skip
DEVICES = [
    p.DeviceInfo(name="scanner", kind="scanner", state="online"),
    p.DeviceInfo(name="printer", kind="printer", state="error", reason="paper_out"),
]


def _wait_tile(qtbot, console, kiosk_id, predicate):
    def ok() -> bool:
        tile = console.window.grid.tile(kiosk_id)
        return tile is not None and predicate(tile)

    qtbot.waitUntil(ok, timeout=5000)
    return console.window.grid.tile(kiosk_id)


def _beat(qtbot, console, *beating) -> None:
    """The lanes beat now; wait until the console heard it."""
    now = console.link.clock()
    for lane in beating:
        lane.beat()
    qtbot.waitUntil(
        lambda: all(
            console.link.store.lane(lane.kiosk_id).last_heartbeat == now for lane in beating
        ),
        timeout=5000,
    )


def test_a_tile_shows_what_the_lane_publishes(qtbot, make_console, lanes, clock) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    lane.beat()
    lane.state(
        transaction_id="tx-1",
        cart=p.CartSummary(items=3, total_cents=1067, lines=LINES),
        devices=DEVICES,
        lane_light=p.LightInfo(colour="amber", mode="flashing"),
    )
    tile = _wait_tile(
        qtbot, console, "kiosk-1", lambda t: t.view.state is not None and t.view.online
    )
    assert tile.name_label.text() == "Kassa 1"
    assert tile.status == "Shopping" and tile.property("tone") == "go"
    assert tile.status_chip.property("tone") == "go"
    assert tile.cart_label.text() == "3 items · € 10,67"
    assert tile.time_label.text() == "Shopping for 1 min"
    assert tile.devices_label.text() == "Receipt printer: paper is out"
    assert tile.light_label.text() == "Lane light: amber, flashing"
    # the other lane of the store has not been heard of: listed, grey, offline
    other = console.window.grid.tile("kiosk-2")
    assert other is not None and other.status == "Offline"
    assert other.property("tone") == "offline"


def test_a_lane_that_stops_beating_turns_grey_and_says_since_when(
    qtbot, make_console, lanes, clock
) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    lane.beat()
    lane.state()
    _wait_tile(qtbot, console, "kiosk-1", lambda t: t.view.online and t.view.state is not None)
    after = console.link.store.offline_after_s  # a few missed beats: at most 15 s
    assert after <= 15
    clock.advance(after - 1)
    console.link.tick()
    assert console.window.grid.tile("kiosk-1").view.online
    clock.advance(1)
    console.link.tick()
    tile = console.window.grid.tile("kiosk-1")
    assert tile.status == "Offline since 10:00"  # the last beat came at 08:00 UTC
    assert tile.property("tone") == "offline"
    lane.beat()
    _wait_tile(qtbot, console, "kiosk-1", lambda t: t.view.online)


def test_the_queue_orders_by_urgency_and_waiting_and_the_timers_turn_amber_then_red(
    qtbot, make_console, lanes, clock, player
) -> None:
    console = make_console()
    login(qtbot, console)
    age = p.HelpCallInfo(
        id="call-age", reason="age_check", status="raised", raised_at=T0 - timedelta(seconds=10),
        context=p.HelpContext(product_nl="Bier 6-pack", product_en="Beer 6-pack"),
    )  # fmt: skip
    declined = p.HelpCallInfo(
        id="call-card", reason="payment_declined", status="raised",
        raised_at=T0 - timedelta(seconds=40),
        context=p.HelpContext(amount_cents=1067, decline_reason="insufficient_funds"),
    )  # fmt: skip
    raised = {}
    for lane, call in ((lanes["kiosk-1"], age), (lanes["kiosk-2"], declined)):
        lane.beat()
        lane.state(transaction_id="tx-" + lane.kiosk_id, help_calls=[call])
        raised[lane.kiosk_id] = lane.raise_call(call).id
    queue = console.window.queue
    qtbot.waitUntil(lambda: queue.order() == ["call-card", "call-age"], timeout=5000)
    card, age_card = queue.card("call-card"), queue.card("call-age")
    assert card.timer_chip.text() == "Waiting 0:40" and card.property("tone") == "waiting"
    assert age_card.timer_chip.text() == "New 0:10" and age_card.property("tone") == "idle"
    assert age_card.reason_label.text() == "Age check"
    assert age_card.context_label.text() == "Beer 6-pack"
    assert card.reason_label.text() == "Card declined"
    assert card.context_label.text() == "Amount € 10,67 · Declined: not enough money"
    assert card.owner_label.text() == "Nobody is on the way yet"
    assert queue.title.text() == "Help calls (2)"

    for step in (10, 10):  # the lanes go on beating, so they stay online
        clock.advance(step)
        _beat(qtbot, console, lanes["kiosk-1"], lanes["kiosk-2"])
    clock.advance(5)
    console.link.tick()
    assert queue.order() == ["call-card", "call-age"]
    assert card.timer_chip.text() == "Waiting long 1:05" and card.property("tone") == "error"
    assert age_card.timer_chip.text() == "Waiting 0:35" and age_card.property("tone") == "waiting"
    # the lane's tile turns red with its call
    assert console.window.grid.tile("kiosk-2").property("tone") == "error"
    assert console.window.grid.tile("kiosk-1").property("tone") == "waiting"

    # each new call rang, through the player program (the second cuts the first short)
    _script, log = player
    qtbot.waitUntil(lambda: log.read_text().strip() != "", timeout=5000)
    assert all(line.endswith("needs-person.wav") for line in log.read_text().splitlines())
    assert [kind.value for kind in console.sound.history] == ["needs-person", "needs-person"]
    assert console.window.rang == 2
    # and the console confirmed each event to its lane
    qtbot.waitUntil(
        lambda: all(lanes[k].acks() == [event_id] for k, event_id in raised.items()), timeout=5000
    )


def test_an_owner_shows_on_the_call(qtbot, make_console, lanes, clock) -> None:
    console = make_console()
    call = p.HelpCallInfo(
        id="call-1", reason="shopper_request", topic="item_wont_scan", status="acknowledged",
        raised_at=T0, owner=p.StaffRef(staff_id="7", name="Sam", console="console-2"),
    )  # fmt: skip
    lane = lanes["kiosk-1"]
    lane.beat()
    lane.state(help_calls=[call])
    qtbot.waitUntil(lambda: console.window.queue.card("call-1") is not None, timeout=5000)
    card = console.window.queue.card("call-1")
    assert card.owner_label.text() == "Sam is on the way"
    assert card.context_label.text() == "Asks about: an item will not scan"


def test_a_malformed_message_is_dropped_and_the_console_goes_on(
    qtbot, make_console, lanes, caplog
) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    lane.client.publish(lane.topics.kiosk_event("kiosk-1"), b'{"schema": "1.0", "type":')
    lane.client.publish(lane.topics.kiosk_event("kiosk-1"), b'{"schema": "9.0", "type": "event"}')
    lane.beat()
    lane.state()
    _wait_tile(qtbot, console, "kiosk-1", lambda t: t.view.state is not None)
    assert console.link.stats["rejected"] >= 2
    assert "dropped a message" in caplog.text


def test_the_language_switches_at_run_time(qtbot, make_console, lanes) -> None:
    console = make_console()
    login(qtbot, console)
    lane = lanes["kiosk-1"]
    lane.beat()
    lane.state(cart=p.CartSummary(items=1, total_cents=228, lines=LINES[2:]))
    tile = _wait_tile(qtbot, console, "kiosk-1", lambda t: t.view.state is not None)
    assert console.window.language_button.text() == "Nederlands"
    console.window.language_button.click()
    assert console.translator.language == "nl"
    assert tile.status == "Aan het scannen"
    assert tile.cart_label.text() == "1 artikel · € 2,28"
    assert console.window.nav_lanes_button.text() == "Kassa’s"
    assert console.window.language_button.text() == "English"
    assert console.window.staff_label.text() == "Sam · Medewerker"
