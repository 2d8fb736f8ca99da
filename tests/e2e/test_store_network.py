"""A real kiosk and real consoles on a real broker (Mosquitto and the embedded one).

The kiosk is built as ``selfscan-kiosk`` builds it (:func:`kiosk.app.build_kiosk`, every
device simulated) with ``[broker]`` pointing at a broker of the test store; each console
is the console's own link (:func:`attendant.link.build_console_link`: the store model, its
event log on disk and the MQTT transport). Nothing sleeps: each step waits for the
condition it needs (``qtbot.waitUntil``), with a deadline.

What is shown here (issue #5, acceptance): a help call reaches the console and "on my
way" shows on the kiosk; a console started late sees the lane from the retained state;
help calls raised while no console runs, across a broker restart, arrive exactly once;
two consoles stay in sync and the first claim wins; an expired command is refused and
not executed.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from attendant.config import load_console_config
from attendant.link import ConsoleLink, build_console_link
from kiosk.app import Kiosk, build_kiosk
from kiosk.config import load_kiosk_config
from kiosk.core.lane import HelpReason, HelpStatus, HelpTopic
from kiosk.core.staff import Role, StaffMember
from kiosk.link import protocol
from kiosk.link.protocol import CommandKind, RefusalReason
from tests.broker import BROKERS, Broker, own_broker

# the broker fixtures, as tests/brokers/conftest.py has them
from tests.broker import broker as broker
from tests.broker import embedded_broker as embedded_broker
from tests.broker import mosquitto_broker as mosquitto_broker

ROOT = Path(__file__).resolve().parents[2]
MILK = "8780588066811"  # in the sample catalog: 1,19
WAIT_MS = 20_000
SAM = StaffMember(id=1042, login="1042", name="Sam", role=Role.ATTENDANT)
KIM = StaffMember(id=1043, login="1043", name="Kim", role=Role.SUPERVISOR)


def _fill(text: str, values: dict[str, object]) -> str:
    for key, value in values.items():
        text, count = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, flags=re.M)
        assert count == 1, key
    return text


def kiosk_file(folder: Path, broker: Broker, kiosk_id: str = "kiosk-1") -> Path:
    """examples/kiosk-1.toml on ``broker``, its data and store in ``folder``."""
    text = (ROOT / "examples" / "kiosk-1.toml").read_text(encoding="utf-8")
    text = _fill(
        text,
        {
            "data_dir": f'"{folder / kiosk_id}"',
            "catalog": f'"{ROOT / "catalog.db"}"',
            "store": f'"{folder / "store.db"}"',
            "staff_key": f'"{folder / "staff.key"}"',
            "port": broker.port,
            "username": f'"{kiosk_id}"',
            "password_file": f'"{broker.password_file(kiosk_id)}"',
        },
    )
    text = text.replace('id = "demo-store"', f'id = "{broker.network.store.id}"')
    text = text.replace('id = "kiosk-1"', f'id = "{kiosk_id}"')
    path = folder / f"{kiosk_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def console_file(folder: Path, broker: Broker, console_id: str = "console-1") -> Path:
    text = (ROOT / "examples" / "console.toml").read_text(encoding="utf-8")
    text = _fill(
        text,
        {
            "data_dir": f'"{folder / console_id}"',
            "catalog": f'"{ROOT / "catalog.db"}"',
            "store": f'"{folder / "store.db"}"',
            "staff_key": f'"{folder / "staff.key"}"',
            "username": f'"{console_id}"',
            "password_file": f'"{broker.password_file(console_id)}"',
        },
    )
    text = text.replace('id = "demo-store"', f'id = "{broker.network.store.id}"')
    text = text.replace('id = "console-1"', f'id = "{console_id}"')
    text = text.replace("[broker]\n", f"[broker]\nport = {broker.port}\n")
    path = folder / f"{console_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def start_kiosk(tmp_path, qapp) -> Iterator[Callable[[Broker], Kiosk]]:
    built: list[Kiosk] = []

    def start(broker: Broker, kiosk_id: str = "kiosk-1") -> Kiosk:
        config = load_kiosk_config(kiosk_file(tmp_path, broker, kiosk_id))
        kiosk = build_kiosk(config, app=qapp, windowed=True, screen_size=(1280, 800), audible=False)
        built.append(kiosk)
        return kiosk

    yield start
    for kiosk in reversed(built):
        kiosk.close()


@pytest.fixture
def start_console(tmp_path, qapp) -> Iterator[Callable[..., ConsoleLink]]:
    built: list[ConsoleLink] = []

    def start(broker: Broker, console_id: str = "console-1", actor=SAM) -> ConsoleLink:
        config = load_console_config(console_file(tmp_path, broker, console_id))
        link = build_console_link(config)
        link.actor = actor
        link.start()
        built.append(link)
        return link

    yield start
    for link in reversed(built):
        link.stop()
        link.store.log.close()
        link.deleteLater()


def lane_seen(console: ConsoleLink, kiosk: Kiosk) -> bool:
    view = console.store.lane(kiosk.config.kiosk.id)
    return view is not None and view.online and view.state is not None


def queue_ids(console: ConsoleLink) -> list[str]:
    return [entry.call.id for entry in console.store.help_queue()]


def outcome_of(qtbot, console: ConsoleLink, command_id: str):
    qtbot.waitUntil(lambda: console.outcome(command_id).finished, timeout=WAIT_MS)
    return console.outcome(command_id)


def unconfirmed_ids(kiosk: Kiosk) -> set[str]:
    return {item.id for item in kiosk.journal.unconfirmed()}


def test_help_call_reaches_the_console_and_on_my_way_shows_on_the_kiosk(
    qtbot, broker, start_kiosk, start_console
) -> None:
    kiosk = start_kiosk(broker)
    console = start_console(broker)
    qtbot.waitUntil(lambda: lane_seen(console, kiosk), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: kiosk.lane.link_up, timeout=WAIT_MS)  # a console is online

    assert kiosk.lane.key_in(MILK)
    with qtbot.waitSignal(console.new_help_call, timeout=WAIT_MS) as ringing:
        call_id = kiosk.lane.call_help(HelpReason.SHOPPER_REQUEST, HelpTopic.PRICE_QUESTION)
        assert call_id is not None
    entry = ringing.args[0]
    assert entry.call.id == call_id and entry.kiosk_id == "kiosk-1"
    assert entry.call.context.cart is not None and entry.call.context.cart.items == 1
    # the console stored the event and acked it: the kiosk stops re-sending
    qtbot.waitUntil(lambda: not unconfirmed_ids(kiosk), timeout=WAIT_MS)

    command_id = console.send(CommandKind.ACKNOWLEDGE, "kiosk-1", call_id=call_id)
    assert outcome_of(qtbot, console, command_id).status == "done"
    (call,) = kiosk.lane.open_help_calls
    assert call.status is HelpStatus.ACKNOWLEDGED and call.staff_name == "Sam"
    # and the console's queue shows who is on the way, from the kiosk's own state
    qtbot.waitUntil(
        lambda: [e.owner.name for e in console.store.help_queue() if e.owner] == ["Sam"],
        timeout=WAIT_MS,
    )


def test_a_console_started_late_sees_the_lane_from_the_retained_state(
    qtbot, broker, start_kiosk, start_console
) -> None:
    kiosk = start_kiosk(broker)
    qtbot.waitUntil(
        lambda: kiosk.link is not None and kiosk.link.transport.is_connected, timeout=WAIT_MS
    )
    assert kiosk.lane.key_in(MILK)
    assert kiosk.lane.key_in(MILK)
    console = start_console(broker)
    qtbot.waitUntil(lambda: lane_seen(console, kiosk), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: console.store.lane("kiosk-1").items == 2, timeout=WAIT_MS)
    view = console.store.lane("kiosk-1")
    assert view.total_cents == 2 * 119
    assert view.state.transaction_id == kiosk.lane.transaction_id


@pytest.mark.parametrize("name", BROKERS)
def test_help_raised_with_no_console_across_a_broker_restart_arrives_exactly_once(
    qtbot, name, start_kiosk, start_console
) -> None:
    with own_broker(name) as broker:
        kiosk = start_kiosk(broker)
        qtbot.waitUntil(lambda: kiosk.link.transport.is_connected, timeout=WAIT_MS)
        assert not kiosk.lane.link_up, "no console online: the lane knows nobody hears it"
        call_id = kiosk.lane.call_help(HelpReason.SHOPPER_REQUEST, HelpTopic.OTHER)
        (item,) = [i for i in kiosk.journal.unconfirmed() if i.kind == "help_call"]

        broker.stop()
        qtbot.waitUntil(lambda: not kiosk.link.transport.is_connected, timeout=WAIT_MS)
        broker.start()
        qtbot.waitUntil(lambda: kiosk.link.transport.is_connected, timeout=30_000)

        console = start_console(broker)
        qtbot.waitUntil(lambda: call_id in queue_ids(console), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: item.id not in unconfirmed_ids(kiosk), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: kiosk.lane.link_up, timeout=WAIT_MS)
        stored = [s for s in console.store.log.events("kiosk-1") if s.event.id == item.id]
        assert len(stored) == 1, "stored once, however often the kiosk sent it"
        assert queue_ids(console).count(call_id) == 1


def test_two_consoles_stay_in_sync_and_the_first_claim_wins(
    qtbot, broker, start_kiosk, start_console
) -> None:
    kiosk = start_kiosk(broker)
    first = start_console(broker, "console-1", SAM)
    second = start_console(broker, "console-2", KIM)
    for console in (first, second):
        qtbot.waitUntil(lambda c=console: lane_seen(c, kiosk), timeout=WAIT_MS)
    call_id = kiosk.lane.call_help(HelpReason.SHOPPER_REQUEST, HelpTopic.BAGS)
    for console in (first, second):
        qtbot.waitUntil(lambda c=console: call_id in queue_ids(c), timeout=WAIT_MS)

    sam = first.send(CommandKind.CLAIM, "kiosk-1", call_id=call_id)
    kim = second.send(CommandKind.CLAIM, "kiosk-1", call_id=call_id)
    results = {
        who: outcome_of(qtbot, c, i) for who, c, i in (("sam", first, sam), ("kim", second, kim))
    }
    # the kiosk took them in the order they came: Sam's was sent first on its own connection,
    # but the two connections race; exactly one wins and the other is told who has it
    statuses = sorted(r.status for r in results.values())
    assert statuses == ["done", "refused"]
    winner = "Sam" if results["sam"].status == "done" else "Kim"
    loser = results["kim"] if winner == "Sam" else results["sam"]
    assert loser.refusal.reason is RefusalReason.ALREADY_CLAIMED
    assert loser.refusal.claimed_by.name == winner
    (call,) = kiosk.lane.open_help_calls
    assert call.staff_name == winner
    for console in (first, second):  # both consoles show the same owner
        qtbot.waitUntil(
            lambda c=console: [e.owner.name for e in c.store.help_queue() if e.owner] == [winner],
            timeout=WAIT_MS,
        )


def test_an_expired_command_is_refused_and_not_executed(qtbot, broker, start_kiosk) -> None:
    kiosk = start_kiosk(broker)
    qtbot.waitUntil(lambda: kiosk.link.transport.is_connected, timeout=WAIT_MS)
    topics = broker.topics
    client = broker.connected("console-1")
    try:
        client.subscribe(topics.command_result("kiosk-1"))
        sent = protocol.utc_now() - timedelta(seconds=40)
        command = protocol.LockLane(
            sender="console-1",
            sent_at=sent,
            expires_at=sent + timedelta(seconds=30),
            actor=protocol.Actor(staff_id="1043", name="Kim", role=protocol.Role.SUPERVISOR),
            reason="late",
        )
        client.publish(topics.command("kiosk-1", "console-1"), protocol.encode(command))
        where = topics.command_result("kiosk-1")
        qtbot.waitUntil(lambda: bool(client.messages(where)), timeout=WAIT_MS)
        (answer,) = client.messages(where)
        decoded = protocol.decode(
            answer.topic, answer.payload, now=protocol.utc_now(), topics=topics
        )
        result = decoded.message
        assert result.correlation_id == command.id and not result.ok
        assert result.refusal.reason is RefusalReason.EXPIRED
        assert kiosk.lane.snapshot()["out_of_service"] is None, "the lane was not locked"
    finally:
        client.close()


def test_a_frozen_kiosk_process_is_offline_within_15_s_and_back_when_it_thaws(
    qtbot, broker, tmp_path, start_console
) -> None:
    """SIGSTOP freezes the whole kiosk (its GUI thread too): the heartbeat stops while the
    TCP connection stays open, so only the heartbeat can tell. SIGCONT: online again."""
    path = kiosk_file(tmp_path, broker)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with (tmp_path / "kiosk-process.log").open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "kiosk.app", "--config", str(path), "--windowed"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        console = start_console(broker)

        def online() -> bool:
            view = console.store.lane("kiosk-1")
            return view is not None and view.online

        qtbot.waitUntil(online, timeout=60_000)
        process.send_signal(signal.SIGSTOP)
        frozen = time.monotonic()
        qtbot.waitUntil(lambda: not online(), timeout=20_000)
        took = time.monotonic() - frozen
        assert took <= 15.0, f"offline only after {took:.1f} s"
        process.send_signal(signal.SIGCONT)
        qtbot.waitUntil(online, timeout=20_000)
    finally:
        process.send_signal(signal.SIGCONT)
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_backlog_of_help_calls_is_confirmed_in_few_acks(
    qtbot, broker, start_kiosk, start_console
) -> None:
    """After an outage the kiosk sends its backlog at once; the console confirms what came
    in one go in one ack (each ack is a journal write on the kiosk's GUI thread)."""
    kiosk = start_kiosk(broker)
    qtbot.waitUntil(lambda: kiosk.link.transport.is_connected, timeout=WAIT_MS)
    for topic in (HelpTopic.OTHER, HelpTopic.BAGS, HelpTopic.PRICE_QUESTION):
        assert kiosk.lane.call_help(HelpReason.SHOPPER_REQUEST, topic) is not None
    assert kiosk.lane.key_in(MILK)
    assert kiosk.lane.call_help(HelpReason.SHOPPER_REQUEST, HelpTopic.ITEM_WONT_SCAN)
    backlog = {i.id for i in kiosk.journal.unconfirmed() if i.kind == "help_call"}
    assert len(backlog) == 4
    observer = broker.connected("kiosk-1", client_id="test-ack-observer")
    try:
        acks = broker.topics.ack("kiosk-1", "console-1")
        observer.subscribe(acks)
        start_console(broker)
        qtbot.waitUntil(lambda: not backlog & unconfirmed_ids(kiosk), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: bool(observer.messages(acks)), timeout=WAIT_MS)
        confirmed = [
            set(protocol.decode(acks, m.payload, now=protocol.utc_now(), topics=broker.topics)
                .message.event_ids)  # type: ignore[union-attr]
            for m in observer.messages(acks)
        ]  # fmt: skip
        assert backlog <= set().union(*confirmed)
        assert len(confirmed) < len(backlog), f"one ack per event: {len(confirmed)} acks"
    finally:
        observer.close()
