"""The lane grid repaints what changed and nothing else.

Every help call reaches the console as a queue change, and the console ticks once a
second; with 200 lanes, repainting every tile on each of them held the event loop for
milliseconds (docs/performance.md, "Store network"). A tile's ``view`` is the
:class:`~attendant.store.LaneView` it was last painted from: a tile that was not
repainted still holds the very same object.
"""

from __future__ import annotations

from datetime import timedelta

from kiosk.link import protocol as p
from tests.attendant.ui.conftest import T0, login


def _shown(qtbot, console, *lanes) -> None:
    """Each lane beat and published a state; wait until its tile shows both."""
    for lane in lanes:
        lane.beat()
        lane.state(transaction_id="tx-" + lane.kiosk_id)
    grid = console.window.grid

    def ok() -> bool:
        tiles = [grid.tile(lane.kiosk_id) for lane in lanes]
        return all(t is not None and t.view.online and t.view.state is not None for t in tiles)

    qtbot.waitUntil(ok, timeout=5000)


def _beat(qtbot, console, *lanes) -> None:
    """The lanes beat now (they stay online while the clock moves); wait until heard."""
    now = console.link.clock()
    for lane in lanes:
        lane.beat()
    qtbot.waitUntil(
        lambda: all(console.link.store.lane(lane.kiosk_id).last_heartbeat == now for lane in lanes),
        timeout=5000,
    )


def test_a_help_call_repaints_its_own_lane_and_no_other_tile(
    qtbot, make_console, lanes, clock
) -> None:
    console = make_console()
    calling, quiet = lanes["kiosk-1"], lanes["kiosk-2"]
    _shown(qtbot, console, calling, quiet)
    grid, queue = console.window.grid, console.window.queue
    tile = grid.tile("kiosk-2")
    painted = tile.view
    texts = [label.text() for label in (tile.status_chip, tile.cart_label, tile.time_label)]

    call = p.HelpCallInfo(
        id="call-1", reason="shopper_request", status="raised", raised_at=T0 - timedelta(seconds=5)
    )
    calling.state(transaction_id="tx-kiosk-1", help_calls=[call])
    calling.raise_call(call)
    qtbot.waitUntil(lambda: queue.order() == ["call-1"], timeout=5000)
    assert grid.tile("kiosk-1").status == "Needs help"
    assert grid.tile("kiosk-1").calls_label.text() == "1 help call open"
    assert grid.tile("kiosk-1").property("tone") == "waiting"
    # the other lane's tile was left alone: not painted again from a new view
    assert grid.tile("kiosk-2") is tile and tile.view is painted
    assert [label.text() for label in (tile.status_chip, tile.cart_label, tile.time_label)] == texts

    calling.state(transaction_id="tx-kiosk-1", help_calls=[])  # the call is over
    qtbot.waitUntil(lambda: queue.order() == [], timeout=5000)
    assert grid.tile("kiosk-1").status == "Shopping"
    assert grid.tile("kiosk-1").calls_label.isHidden()
    assert tile.view is painted


def test_the_tick_repaints_a_tile_only_when_its_time_text_changes(
    qtbot, make_console, lanes, clock
) -> None:
    console = make_console()
    lane = lanes["kiosk-1"]
    _shown(qtbot, console, lane)  # in its state since 90 s ago
    tile = console.window.grid.tile("kiosk-1")
    assert tile.time_label.text() == "Shopping for 1 min"
    painted = tile.view

    for _ in range(2):  # 110 s: the text stays "1 min", the tile is not repainted
        clock.advance(10)
        _beat(qtbot, console, lane)
        console.link.tick()
        assert tile.view is painted
        assert tile.time_label.text() == "Shopping for 1 min"

    clock.advance(10)  # 120 s
    _beat(qtbot, console, lane)
    console.link.tick()
    assert tile.time_label.text() == "Shopping for 2 min"
    assert tile.view is not painted and tile.view.in_state_s == 120
    assert tile.status == "Shopping" and tile.property("tone") == "go"


def test_a_lane_detail_left_for_the_overview_is_not_read_again_on_every_change(
    qtbot, make_console, lanes, clock
) -> None:
    """The detail page reads the lane's recent events from the event log; once the
    attendant went back to the overview, queue changes and ticks leave it alone."""
    console = make_console()
    login(qtbot, console)
    lane = lanes["kiosk-1"]
    _shown(qtbot, console, lane)
    window, store = console.window, console.link.store
    reads: list[str] = []
    real = store.recent_events

    def counting(kiosk_id, *args, **kwargs):
        reads.append(kiosk_id)
        return real(kiosk_id, *args, **kwargs)

    store.recent_events = counting  # type: ignore[method-assign]
    window.open_lane("kiosk-1")
    assert window.page is window.detail and reads == ["kiosk-1"]
    window.refresh_times()
    assert len(reads) == 2, "the detail in front follows the clock"
    window.show_overview()
    reads.clear()
    call = p.HelpCallInfo(
        id="call-9", reason="shopper_request", status="raised", raised_at=T0 - timedelta(seconds=5)
    )
    lane.state(transaction_id="tx-kiosk-1", help_calls=[call])
    lane.raise_call(call)
    qtbot.waitUntil(lambda: window.queue.order() == ["call-9"], timeout=5000)
    window.refresh_times()
    assert reads == []
