"""Light lanes for ``bench/bench_network.py``: plain paho clients that publish as kiosks do.

    python bench/network_lanes.py --port P --secrets DIR --kiosks kiosk-2,kiosk-3 ...

Run as a child process of the benchmark (the lanes of a store are other machines: they
must not share the console's interpreter). Each lane is one paho-mqtt client (MQTT 3.1.1,
QoS 1, its own network thread, ``TCP_NODELAY`` as :class:`kiosk.link.mqtt.MqttLink`)
logged in with its kiosk account, and publishes what
:class:`kiosk.link.service.KioskLinkService` publishes, built from the protocol's own
models (so the console's decoder takes every message):

* its **presence** (retained "online") every ``--heartbeat`` seconds;
* its complete **state** (retained, ``version`` one higher each time) every
  ``--state-every A,B`` seconds (uniform between A and B): a shopper scanning, one cart
  line more each time, up to ``--max-lines`` lines, then the sale ends (an empty cart,
  a new transaction);
* **help calls** at ``--help-rate`` calls a second over all its lanes (Poisson), each on
  a lane without an open call: first the state listing the call, then the
  ``help_raised`` event (the order a kiosk sends them in), and ``--help-open A,B``
  seconds later the state without it and the ``help_resolved`` event.

It prints one JSON object a line on stdout: ``{"ready": n}`` when every lane is
connected, ``{"help": call_id, "kiosk": id, "t0_ns": ...}`` for each call, where
``t0_ns`` is ``time.monotonic_ns()`` just before the call's first message was handed to
paho (CLOCK_MONOTONIC is the same clock in every process on Linux, so the console
process can subtract it from its own), and at the end ``{"done": {...}}`` with counts
and, with ``--floor``, the floor: the round trips (ns) of the lanes' heartbeats from
publish to a subscriber's ``on_message`` in this same process (account ``console-2``
subscribed to every kiosk's presence), i.e. the broker's delivery under this load.

It stops on ``stop`` (or end of file) on stdin. Qt-free.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import json
import random
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import paho.mqtt.client as mqtt  # noqa: E402

from kiosk.link import protocol as p  # noqa: E402
from kiosk.link.topics import StoreTopics  # noqa: E402

CONNECT_S = 30.0

_PRODUCTS = [
    ("Halfvolle melk 1L", "Semi-skimmed milk 1L", 119),
    ("Volkorenbrood", "Wholemeal bread", 249),
    ("Appels 1kg", "Apples 1kg", 299),
    ("Kaas jong belegen", "Young Gouda cheese", 459),
    ("Koffiebonen 500g", "Coffee beans 500g", 699),
    ("Bananen", "Bananas", 189),
    ("Pindakaas", "Peanut butter", 279),
    ("Spa rood 1,5L", "Sparkling water 1.5L", 99),
]
_DEVICES = [
    p.DeviceInfo(name=name, kind=kind, state=p.DeviceState.ONLINE)
    for name, kind in (
        ("scanner", p.DeviceKind.SCANNER),
        ("scale", p.DeviceKind.SCALE),
        ("printer", p.DeviceKind.PRINTER),
        ("terminal", p.DeviceKind.PAYMENT),
        ("light", p.DeviceKind.LIGHT),
    )
]


class Out:
    """One JSON object a line on stdout, from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __call__(self, **fields: Any) -> None:
        line = json.dumps(fields, separators=(",", ":"))
        with self._lock:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()


@dataclass
class LightLane:
    """One simulated kiosk: its client and what it has published."""

    kiosk_id: str
    client: mqtt.Client
    topics: StoreTopics
    rng: random.Random
    max_lines: int
    run_id: str = field(default_factory=p.new_id)
    since: datetime = field(default_factory=p.utc_now)
    version: int = 0
    sequence: int = 0
    transaction: int = 0
    lines: list[p.CartLine] = field(default_factory=list)
    session: p.SessionState = p.SessionState.ATTRACT
    session_since: datetime = field(default_factory=p.utc_now)
    calls: dict[str, p.HelpCallInfo] = field(default_factory=dict)
    connected: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    """The scheduler and nobody else publishes, but the floor reads ``beats``."""
    beats: dict[int, int] = field(default_factory=dict)
    """Heartbeat sequence -> monotonic_ns when it was handed to paho (for the floor)."""

    def _publish(self, topic: str, message: p.Message, *, retain: bool) -> None:
        self.client.publish(topic, p.encode(message), qos=1, retain=retain)

    def state(self) -> p.KioskState:
        self.version += 1
        total = sum(line.net_cents for line in self.lines)
        return p.KioskState(
            sender=self.kiosk_id,
            kiosk_name=f"Kassa {self.kiosk_id.rsplit('-', 1)[-1]}",
            run_id=self.run_id,
            version=self.version,
            status=p.LaneStatus(session=self.session, since=self.session_since),
            transaction_id=f"t{self.transaction}" if self.lines else None,
            cart=p.CartSummary(
                items=sum(line.quantity for line in self.lines),
                total_cents=total,
                lines=list(self.lines),
            ),
            help_calls=list(self.calls.values()),
            devices=_DEVICES,
            lane_light=p.LightInfo(
                colour=p.LightColour.AMBER if self.calls else p.LightColour.GREEN
            ),
        )

    def publish_state(self) -> None:
        self._publish(self.topics.kiosk_state(self.kiosk_id), self.state(), retain=True)

    def beat(self) -> None:
        self.sequence += 1
        message = p.Presence(
            sender=self.kiosk_id,
            status=p.PresenceStatus.ONLINE,
            since=self.since,
            sequence=self.sequence,
            interval_s=2.0,
        )
        payload = p.encode(message)
        with self.lock:
            self.beats[self.sequence] = time.monotonic_ns()
        self.client.publish(self.topics.kiosk_presence(self.kiosk_id), payload, qos=1, retain=True)

    def scan(self) -> None:
        """A shopper's next step: one more line, or the sale ends and the lane is free."""
        now = p.utc_now()
        if len(self.lines) >= self.max_lines:
            self.lines = []
            self.session, self.session_since = p.SessionState.ATTRACT, now
        else:
            if not self.lines:
                self.transaction += 1
                self.session, self.session_since = p.SessionState.SHOPPING, now
            name_nl, name_en, cents = self.rng.choice(_PRODUCTS)
            self.lines.append(
                p.CartLine(
                    line_id=f"l{len(self.lines) + 1}",
                    name_nl=name_nl,
                    name_en=name_en,
                    quantity=1,
                    net_cents=cents,
                )
            )
        self.publish_state()

    def raise_call(self) -> tuple[str, int]:
        """State with the call, then its event, as a kiosk sends them; (id, t0_ns)."""
        now = p.utc_now()
        call = p.HelpCallInfo(
            id=f"h{uuid.uuid4().hex[:12]}",
            reason=p.HelpReason.SHOPPER_REQUEST,
            topic=self.rng.choice(list(p.HelpTopic)),
            status=p.HelpStatus.RAISED,
            raised_at=now,
            context=p.HelpContext(
                cart=p.CartBrief(
                    items=len(self.lines), total_cents=sum(x.net_cents for x in self.lines)
                )
            ),
        )
        self.calls[call.id] = call
        state = self.state()
        event = p.HelpRaised(sender=self.kiosk_id, occurred_at=now, call=call)
        t0 = time.monotonic_ns()
        self._publish(self.topics.kiosk_state(self.kiosk_id), state, retain=True)
        self._publish(self.topics.kiosk_event(self.kiosk_id), event, retain=False)
        return call.id, t0

    def resolve_call(self, call_id: str) -> None:
        call = self.calls.pop(call_id, None)
        if call is None:
            return
        now = p.utc_now()
        self.publish_state()
        done = call.model_copy(update={"status": p.HelpStatus.RESOLVED, "outcome": "helped"})
        event = p.HelpResolved(sender=self.kiosk_id, occurred_at=now, call=done)
        self._publish(self.topics.kiosk_event(self.kiosk_id), event, retain=False)


def make_client(
    host: str, port: int, account: str, password: str, *, client_id: str | None = None
) -> mqtt.Client:
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2,
        client_id=client_id or f"bench-{account}-{uuid.uuid4().hex[:6]}",
        protocol=mqtt.MQTTv311,
        clean_session=True,
    )
    client.username_pw_set(account, password)
    client.reconnect_delay_set(1, 10)
    client.max_inflight_messages_set(100)
    client.max_queued_messages_set(0)
    client.on_socket_open = _no_delay  # as kiosk.link.mqtt does: no Nagle on the wire
    return client


def _no_delay(_client: object, _userdata: object, sock: socket.socket) -> None:
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def read_password(secrets: Path, account: str) -> str:
    return (secrets / f"{account}.password").read_text(encoding="utf-8").strip()


def round_trips(host: str, port: int, secrets: Path, kiosk: str, count: int) -> list[int]:
    """The floor with nothing else running: ``count`` QoS 1 publishes by ``kiosk`` on its
    event topic, each timed to ``console-2``'s ``on_message`` (ns), one at a time."""
    topics = StoreTopics("test-store")
    got = threading.Condition()
    received: list[int] = []
    subscribed = threading.Event()
    sub = make_client(host, port, "console-2", read_password(secrets, "console-2"))

    def on_message(_c: object, _u: object, _m: object) -> None:
        now = time.monotonic_ns()
        with got:
            received.append(now)
            got.notify_all()

    sub.on_message = on_message
    sub.on_subscribe = lambda *_a: subscribed.set()
    sub.on_connect = lambda c, *_a: c.subscribe(topics.kiosk_event(kiosk), qos=1)
    pub = make_client(host, port, kiosk, read_password(secrets, kiosk))
    ready = threading.Event()
    pub.on_connect = lambda *_a: ready.set()
    for client in (sub, pub):
        client.connect(host, port, keepalive=30)
        client.loop_start()
    try:
        if not (subscribed.wait(CONNECT_S) and ready.wait(CONNECT_S)):
            raise TimeoutError("the floor's clients did not connect")
        trips = []
        for i in range(count):
            sent = time.monotonic_ns()
            with got:
                pub.publish(topics.kiosk_event(kiosk), b"floor %d" % i, qos=1)
                if not got.wait_for(lambda n=i: len(received) > n, 5.0):
                    raise TimeoutError(f"floor message {i} never arrived")
            trips.append(received[i] - sent)
            time.sleep(0.005)
        return trips
    finally:
        for client in (sub, pub):
            client.disconnect()
            client.loop_stop()


class Floor:
    """``console-2`` subscribed to every kiosk's presence: each heartbeat of ours that
    comes back is a round trip through the broker under the benchmark's load."""

    def __init__(self, host: str, port: int, secrets: Path, lanes: dict[str, LightLane]) -> None:
        self.lanes = lanes
        self.trips: list[int] = []
        self.topics = StoreTopics("test-store")
        self.subscribed = threading.Event()
        client = self.client = make_client(
            host, port, "console-2", read_password(secrets, "console-2")
        )
        pattern = f"{self.topics.root}/kiosk/+/presence"
        client.on_connect = lambda c, *_a: c.subscribe(pattern, qos=1)
        client.on_subscribe = lambda *_a: self.subscribed.set()
        client.on_message = self._on_message
        client.connect(host, port, keepalive=30)
        client.loop_start()

    def _on_message(self, _c: object, _u: object, message: Any) -> None:
        now = time.monotonic_ns()
        if message.retain:
            return  # a copy the broker kept, not this publish
        try:
            kiosk = message.topic.split("/")[4]
            sequence = json.loads(message.payload)["sequence"]
        except (IndexError, KeyError, ValueError):
            return
        lane = self.lanes.get(kiosk)
        if lane is None:
            return
        with lane.lock:
            sent = lane.beats.pop(sequence, None)
        if sent is not None:
            self.trips.append(now - sent)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class Scheduler:
    """One thread runs every lane's next step at its time (a heap of due times)."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Callable[[], float | None]]] = []
        self._order = itertools.count()
        self.stop = threading.Event()
        self.late: list[float] = []

    def at(self, due: float, step: Callable[[], float | None]) -> None:
        """Run ``step`` at monotonic ``due``; it returns the delay to its next run, or None."""
        heapq.heappush(self._heap, (due, next(self._order), step))

    def run(self) -> None:
        while self._heap and not self.stop.is_set():
            due, _, step = self._heap[0]
            wait = due - time.monotonic()
            if wait > 0 and self.stop.wait(wait):
                break
            heapq.heappop(self._heap)
            self.late.append(max(0.0, time.monotonic() - due))
            again = step()
            if again is not None:
                self.at(due + again, step)


def _span(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    return float(low), float(high or low)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secrets", type=Path, required=True)
    parser.add_argument("--kiosks", required=True, help="comma-separated kiosk ids")
    parser.add_argument("--state-every", type=_span, default=(2.0, 5.0), metavar="A,B")
    parser.add_argument("--heartbeat", type=float, default=2.0)
    parser.add_argument("--help-rate", type=float, default=0.0, help="calls/s over all lanes")
    parser.add_argument("--help-open", type=_span, default=(1.0, 2.0), metavar="A,B")
    parser.add_argument("--max-lines", type=int, default=30)
    parser.add_argument("--floor", action="store_true", help="time the heartbeats' round trip")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    out = Out()
    rng = random.Random(args.seed)
    topics = StoreTopics("test-store")
    lanes: dict[str, LightLane] = {}
    for kiosk in args.kiosks.split(","):
        client = make_client(args.host, args.port, kiosk, read_password(args.secrets, kiosk))
        lane = LightLane(kiosk, client, topics, random.Random(rng.random()), args.max_lines)
        client.on_connect = lambda *_a, lane=lane: lane.connected.set()
        client.connect_async(args.host, args.port, keepalive=15)
        client.loop_start()
        lanes[kiosk] = lane
    floor = Floor(args.host, args.port, args.secrets, lanes) if args.floor else None
    deadline = time.monotonic() + CONNECT_S
    for lane in lanes.values():
        if not lane.connected.wait(max(0.0, deadline - time.monotonic())):
            out(error=f"{lane.kiosk_id} did not connect")
            return 1
    if floor is not None and not floor.subscribed.wait(CONNECT_S):
        out(error="the floor's subscriber did not connect")
        return 1

    scheduler = Scheduler()
    start = time.monotonic()
    counts = {"states": 0, "beats": 0, "calls": 0, "resolved": 0}
    for lane in lanes.values():
        lane.beat()  # online and a first state at once, as a kiosk on connect
        lane.publish_state()

        def beat(lane: LightLane = lane) -> float:
            lane.beat()
            counts["beats"] += 1
            return args.heartbeat

        def scan(lane: LightLane = lane) -> float:
            lane.scan()
            counts["states"] += 1
            return lane.rng.uniform(*args.state_every)

        scheduler.at(start + rng.uniform(0, args.heartbeat), beat)
        scheduler.at(start + rng.uniform(0, args.state_every[1]), scan)

    if args.help_rate > 0:

        def call() -> float:
            free = [lane for lane in lanes.values() if not lane.calls]
            if free:
                lane = rng.choice(free)
                call_id, t0 = lane.raise_call()
                counts["calls"] += 1
                out(help=call_id, kiosk=lane.kiosk_id, t0_ns=t0)

                def resolve(lane: LightLane = lane, call_id: str = call_id) -> None:
                    lane.resolve_call(call_id)
                    counts["resolved"] += 1

                scheduler.at(time.monotonic() + rng.uniform(*args.help_open), resolve)
            return rng.expovariate(args.help_rate)

        scheduler.at(start + rng.expovariate(args.help_rate), call)

    worker = threading.Thread(target=scheduler.run, name="lanes", daemon=True)
    worker.start()
    out(ready=len(lanes))
    for line in sys.stdin:
        if line.strip() == "stop":
            break
    scheduler.stop.set()
    worker.join(5)
    seconds = time.monotonic() - start
    late = sorted(scheduler.late)
    done: dict[str, Any] = {
        **counts,
        "lanes": len(lanes),
        "seconds": round(seconds, 1),
        "late_p99_ms": round(late[int(len(late) * 0.99)] * 1e3, 2) if late else None,
    }
    if floor is not None:
        floor.close()
        done["floor_ns"] = floor.trips
    for lane in lanes.values():
        lane.client.disconnect()
        lane.client.loop_stop()
    out(done=done)
    return 0


if __name__ == "__main__":
    sys.exit(main())
