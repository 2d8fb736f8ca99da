"""The console's GUI tests: a real broker, a real roster, the real window, offscreen.

``console`` builds the whole console with :func:`attendant.app.build_console` against the
embedded broker of the test store (``tests/broker.py``: ``selfscan-broker serve`` in its
own process), a store database with a staff roster (fast argon2 parameters: the test is
about the console, not the hash's cost), a clock and a monotonic clock the test moves,
and a sound player that is a real script writing what it plays to a file.

``lane`` is a kiosk as far as the console can tell: a plain paho client logged in as
``kiosk-1`` (or ``kiosk-2``) that publishes the protocol's models (state, presence,
events, command results) and records the commands it receives. Retained messages of
the kiosks and the console are cleared before and after each test, since the broker
lives for the whole session.
"""

from __future__ import annotations

import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QLocale
from PySide6.QtWidgets import QApplication

from attendant.app import Console, build_console
from attendant.config import ConsoleConfig
from attendant.staff import ConsoleStaff
from kiosk.core.staff import HashParameters, Roster, SystemActor, create_key_file
from kiosk.link import protocol as p
from selfscan_broker.accounts import password_path
from tests.broker import CONSOLES, KIOSKS, STORE, Broker, MqttClient, embedded_broker  # noqa: F401

ROOT = Path(__file__).resolve().parents[3]
FAST = HashParameters(time_cost=1, memory_cost=64, parallelism=1)
T0 = datetime(2030, 5, 4, 8, 0, 0, tzinfo=UTC)
"""10:00 in Amsterdam (summer time)."""

PINS = {"1001": "4827", "1002": "5938", "1003": "6049"}
BADGE = "SAM-BADGE-0001"


class Clock:
    """UTC time that stands still until the test moves it."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


class Monotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# -- the store database ------------------------------------------------------------------


@dataclass
class StaffDb:
    store: Path
    key: Path
    roster: Roster
    members: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def staff_db(tmp_path: Path) -> Iterator[StaffDb]:
    """A store database with Sam (attendant, badge), Kim (supervisor), Tom (technician)."""
    key = tmp_path / "secrets" / "staff.key"
    create_key_file(key)
    store = tmp_path / "store.db"
    roster = Roster(store, key, parameters=FAST)
    admin = SystemActor("tests")
    db = StaffDb(store, key, roster)
    db.members["sam"] = roster.add_staff(
        admin, "1001", "Sam", "attendant", PINS["1001"], badge=BADGE
    )
    db.members["kim"] = roster.add_staff(admin, "1002", "Kim", "supervisor", PINS["1002"])
    db.members["tom"] = roster.add_staff(admin, "1003", "Tom", "technician", PINS["1003"])
    yield db
    roster.close()


# -- the kiosk side ----------------------------------------------------------------------


class Lane:
    """A kiosk on the wire: publishes the protocol's models, records commands."""

    def __init__(self, broker: Broker, kiosk_id: str, clock: Clock) -> None:
        self.kiosk_id = kiosk_id
        self.topics = broker.topics
        self.clock = clock
        self.client = self._connect(broker)
        self.run_id = p.new_id()
        self.version = 0
        self.sequence = 0

    def _connect(self, broker: Broker, attempts: int = 3) -> MqttClient:
        """Connected, subscribed, and proven served: its retained state and presence are
        cleared, each acknowledged (see :func:`_clear` for why a new connection may be
        needed on the embedded broker)."""
        for attempt in range(1, attempts + 1):
            client = broker.connected(self.kiosk_id)
            try:
                client.subscribe(*self.topics.kiosk_subscriptions(self.kiosk_id))
                client.publish(self.topics.kiosk_state(self.kiosk_id), b"", retain=True)
                client.publish(self.topics.kiosk_presence(self.kiosk_id), b"", retain=True)
                return client
            except (RuntimeError, AssertionError):
                client.close()
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")

    def state(self, **fields: Any) -> p.KioskState:
        """Publish a complete state (retained) with the next version."""
        self.version += 1
        status = fields.pop("status", None) or p.LaneStatus(
            session=fields.pop("session", p.SessionState.SHOPPING),
            since=fields.pop("since", self.clock() - timedelta(seconds=90)),
            locked=fields.pop("locked", False),
        )
        message = p.KioskState(
            sender=self.kiosk_id,
            sent_at=self.clock(),
            kiosk_name=fields.pop("kiosk_name", f"Kassa {self.kiosk_id[-1]}"),
            run_id=self.run_id,
            version=self.version,
            status=status,
            **fields,
        )
        self.client.publish(self.topics.kiosk_state(self.kiosk_id), p.encode(message), retain=True)
        return message

    def beat(self) -> None:
        self.sequence += 1
        message = p.Presence(
            sender=self.kiosk_id,
            status=p.PresenceStatus.ONLINE,
            since=T0,
            sequence=self.sequence,
            interval_s=2.0,
            sent_at=self.clock(),
        )
        self.client.publish(
            self.topics.kiosk_presence(self.kiosk_id), p.encode(message), retain=True
        )

    def event(self, event: p.Event) -> None:
        self.client.publish(self.topics.kiosk_event(self.kiosk_id), p.encode(event))

    def raise_call(self, call: p.HelpCallInfo) -> p.HelpRaised:
        event = p.HelpRaised(
            sender=self.kiosk_id, sent_at=self.clock(), occurred_at=call.raised_at, call=call
        )
        self.event(event)
        return event

    def commands(self) -> list[p.Command]:
        found = []
        for received in self.client.messages():
            decoded = p.decode(
                received.topic, received.payload, now=self.clock(), topics=self.topics
            )
            if isinstance(decoded, p.Decoded) and isinstance(decoded.message, p.Command):
                found.append(decoded.message)
        return found

    def acks(self) -> list[str]:
        ids: list[str] = []
        for received in self.client.messages():
            decoded = p.decode(
                received.topic, received.payload, now=self.clock(), topics=self.topics
            )
            if isinstance(decoded, p.Decoded) and isinstance(decoded.message, p.Ack):
                ids.extend(decoded.message.event_ids)
        return ids

    def wait_for_command(self, qtbot: Any, kind: str, count: int = 1) -> p.Command:
        qtbot.waitUntil(
            lambda: len([c for c in self.commands() if c.command == kind]) >= count, timeout=5000
        )
        return [c for c in self.commands() if c.command == kind][count - 1]

    def answer(self, command: p.Command, *, refusal: p.Refusal | None = None, **extra: Any) -> None:
        result = p.CommandResult(
            sender=self.kiosk_id,
            sent_at=self.clock(),
            correlation_id=command.id,
            command=command.command,
            ok=refusal is None,
            refusal=refusal,
            run_id=self.run_id,
            state_version=self.version,
            **extra,
        )
        self.client.publish(self.topics.command_result(self.kiosk_id), p.encode(result))

    def close(self) -> None:
        self.client.close()


def _clear(broker: Broker, account: str, topics: list[str], attempts: int = 3) -> None:
    """Publish empty retained payloads on ``topics`` as ``account``.

    amqtt 0.12 (the embedded broker) now and then never starts serving a client that
    connects while another client's subscriptions change (``dictionary changed size
    during iteration`` in its log): the connection stays up, nothing is acknowledged.
    Between tests clients come and go, so this house-keeping tries a new connection."""
    for attempt in range(1, attempts + 1):
        client = broker.connected(account)
        try:
            for topic in topics:
                client.publish(topic, b"", retain=True)
            return
        except (RuntimeError, AssertionError):
            if attempt == attempts:
                raise
        finally:
            client.close()


def clear_retained(broker: Broker) -> None:
    """Empty every retained topic of the test store's kiosks and consoles."""
    topics = broker.topics
    for kiosk in KIOSKS:
        _clear(broker, kiosk, [topics.kiosk_state(kiosk), topics.kiosk_presence(kiosk)])
    for console_id in CONSOLES:
        _clear(broker, console_id, [topics.console_presence(console_id)])


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def monotonic() -> Monotonic:
    return Monotonic()


@pytest.fixture
def store_broker(embedded_broker: Broker) -> Iterator[Broker]:  # noqa: F811
    """The embedded broker, its retained messages cleared before and after the test."""
    clear_retained(embedded_broker)
    yield embedded_broker
    clear_retained(embedded_broker)


@pytest.fixture
def lanes(store_broker: Broker, clock: Clock) -> Iterator[dict[str, Lane]]:
    made = {kiosk: Lane(store_broker, kiosk, clock) for kiosk in KIOSKS}
    yield made
    for lane in made.values():
        lane.close()


# -- the console -------------------------------------------------------------------------


def console_config(
    tmp_path: Path, broker: Broker, staff_db: StaffDb, **changes: Any
) -> ConsoleConfig:
    data: dict[str, Any] = {
        "store": {"id": STORE, "name": "Testwinkel"},
        "console": {"id": "console-1", "name": "Servicebalie"},
        "language": "en",
        "kiosks": list(KIOSKS),
        "broker": {
            "embedded": False,
            "host": broker.host,
            "port": broker.port,
            "username": "console-1",
            "password_file": str(password_path(broker.network.secrets_dir, "console-1")),
        },
        "paths": {
            "data_dir": str(tmp_path / "console"),
            "catalog": str(ROOT / "catalog.db"),
            "store": str(staff_db.store),
            "staff_key": str(staff_db.key),
        },
    }
    data.update(changes)
    return ConsoleConfig.model_validate(data)


PLAYER = """#!{python}
import sys
with open({log!r}, "a") as f:
    f.write(sys.argv[-1] + "\\n")
"""


@pytest.fixture
def player(tmp_path: Path) -> tuple[Path, Path]:
    """A sound player that is a real program: it writes the file it plays to a log."""
    log = tmp_path / "played.log"
    log.touch()
    script = tmp_path / "player"
    script.write_text(PLAYER.format(python=sys.executable, log=str(log)))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, log


@pytest.fixture
def make_console(
    qapp: QApplication,
    qtbot: Any,
    tmp_path: Path,
    store_broker: Broker,
    staff_db: StaffDb,
    clock: Clock,
    monotonic: Monotonic,
    player: tuple[Path, Path],
) -> Iterator[Callable[..., Console]]:
    """Build a console (connected, window shown); closed after the test."""
    made: list[Console] = []
    locale = QLocale()

    def make(
        *, language: str = "en", screen: tuple[int, int] = (1920, 1080), **changes: Any
    ) -> Console:
        config = console_config(tmp_path, store_broker, staff_db, language=language, **changes)
        staff = ConsoleStaff(Roster(staff_db.store, staff_db.key, parameters=FAST), "console-1")
        console = build_console(
            config,
            app=qapp,
            clock=clock,
            monotonic=monotonic,
            screen_size=screen,
            language=language,
            sound_player=[str(player[0])],
            staff=staff,
        )
        made.append(console)
        qtbot.waitUntil(
            lambda: console.window.connection_status.tone == "go", timeout=10000
        )  # connected, and the window says so
        return console

    yield make
    for console in made:
        console.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QLocale.setDefault(locale)


def login(qtbot: Any, console: Console, login: str = "1001") -> None:
    """Log in through the login page as a staff member would (keys, then OK)."""
    page = console.window.login_page
    page.set_mode("pin")
    page.login_field.setText(login)
    page.pin_field.setFocus()
    for digit in PINS[login]:
        page.pad.keys[digit].click()
    page.pad.ok_button.click()
    qtbot.waitUntil(lambda: console.window.member is not None, timeout=5000)
