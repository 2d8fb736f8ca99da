"""The store's embedded MQTT broker: ``selfscan-broker serve --store FILE [--data DIR]``.

An amqtt broker run in its own process (never inside the console's or the demo's GUI
interpreter), listening where the store network file says (loopback, or the store LAN
with TLS), with two plugins of ours and none of amqtt's defaults, in :class:`StoreBroker`
(amqtt's broker with the login decided before any session is touched):

* :class:`StoreAuthPlugin`: a client connects only as an account of the store, with that
  account's password (compared in constant time). Anonymous clients, unknown accounts,
  wrong passwords and the reserved name ``admin`` (which amqtt's own topic plugins let
  through every rule) are refused, and so is a Last Will on a topic the account may not
  publish to (amqtt sends a Will without asking the topic plugins). The broker logs each
  refusal once, with the reason the plugin gives.
* :class:`StoreTopicPlugin`: every publish, subscribe and delivery is asked of
  :func:`selfscan_broker.acl.allowed`. A refused publish is acknowledged and dropped; a
  refused subscription gets SUBACK 0x80.

With ``--data DIR`` the retained messages (kiosk states, presence) are written to
``DIR/retained.json`` when the broker stops and read back when it starts, so a restart
does not blank the consoles. Logs go to stderr, one event per line. Exit status: 0
stopped by SIGTERM or SIGINT, 1 could not start (port taken, TLS files unreadable), 2 a
bad store file.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hmac
import json
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amqtt.adapters import ReaderAdapter, WriterAdapter
from amqtt.broker import Broker, Server
from amqtt.contexts import Action as AmqttAction
from amqtt.contexts import BaseContext, ListenerConfig
from amqtt.errors import AMQTTError, NoDataError
from amqtt.events import BrokerEvents, MQTTEvents
from amqtt.mqtt.connack import NOT_AUTHORIZED, ConnackPacket
from amqtt.mqtt.protocol.broker_handler import BrokerProtocolHandler
from amqtt.plugins.base import BaseAuthPlugin, BaseTopicPlugin
from amqtt.session import Session

from .accounts import PasswordError, read_password
from .acl import Account, Action, allowed
from .network import RESERVED_ACCOUNTS, StoreNetwork, load_store_network

__all__ = [
    "REFUSAL",
    "RETAINED_FILE",
    "Refusal",
    "StoreAuthPlugin",
    "StoreBroker",
    "StoreTopicPlugin",
    "broker_config",
    "configure_logging",
    "run_broker",
    "serve",
]

log = logging.getLogger("selfscan_broker.embedded")

RETAINED_FILE = "retained.json"
EXIT_OK, EXIT_NOT_STARTED = 0, 1


class _OneLineFormatter(logging.Formatter):
    """One event per line: a traceback or a newline in a message stays on that line."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\n", " | ")


def configure_logging() -> None:
    """Log our events (INFO) and amqtt's warnings to stderr, one line each."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    log.setLevel(logging.INFO)
    # amqtt reports every refused client as an error with a traceback; ours say it better
    logging.getLogger("amqtt").setLevel(logging.CRITICAL)


def _account(network: StoreNetwork, username: str | None) -> Account | None:
    """The store's account named ``username``; never one of the reserved names."""
    if username is None or username in RESERVED_ACCOUNTS:
        return None
    try:
        return network.account(username)
    except KeyError:
        return None


@dataclass(frozen=True)
class Refusal:
    """Why :class:`StoreAuthPlugin` refused a login; :class:`StoreBroker` logs it, once.

    ``fault``: the store's fault (an unusable password file), not the client's, so it is
    logged as an error rather than a warning.
    """

    reason: str
    fault: bool = False


REFUSAL = "selfscan_broker.refusal"
"""Key in amqtt's ``Session.attributes`` under which the plugin leaves its :class:`Refusal`."""


class StoreAuthPlugin(BaseAuthPlugin):
    """Password authentication against the store's account password files.

    It decides and says why (a :class:`Refusal` in the session's attributes), but logs
    nothing: the broker logs each login's outcome once, when it has acted on it.
    """

    @dataclass
    class Config:
        store_file: str = ""

    def __init__(self, context: BaseContext) -> None:
        super().__init__(context)
        self.network = load_store_network(self.config.store_file)

    async def authenticate(self, *, session: Session) -> bool:
        refusal = self._refusal(session)
        if refusal is not None:
            session.attributes[REFUSAL] = refusal
            return False
        return True

    def _refusal(self, session: Session) -> Refusal | None:
        name = session.username
        if name is None:
            return Refusal("anonymous")
        if name in RESERVED_ACCOUNTS:
            return Refusal(f"account {name!r} is reserved")
        account = _account(self.network, name)
        if account is None:
            return Refusal("no such account in the store")
        try:
            expected = read_password(self.network.secrets_dir, account).encode()
        except PasswordError as exc:
            return Refusal(str(exc), fault=True)
        given = (session.password or "").encode()
        if not hmac.compare_digest(given, expected):
            return Refusal("wrong password")
        if session.will_flag and not allowed(account, Action.PUBLISH, session.will_topic or ""):
            return Refusal(f"Last Will on {session.will_topic!r}")
        return None


class StoreTopicPlugin(BaseTopicPlugin):
    """Every publish, subscribe and delivery checked against the store's access rules."""

    @dataclass
    class Config:
        store_file: str = ""

    def __init__(self, context: BaseContext) -> None:
        super().__init__(context)
        self.network = load_store_network(self.config.store_file)

    async def topic_filtering(
        self,
        *,
        session: Session | None = None,
        topic: str | None = None,
        action: AmqttAction | None = None,
    ) -> bool:
        account = _account(self.network, session.username if session else None)
        if account is None or not topic:
            return False
        if action == AmqttAction.PUBLISH:
            ok = allowed(account, Action.PUBLISH, topic)
            if not ok:
                log.warning("dropped a publish by %s on %r: not allowed", account.id, topic)
            return ok
        if action == AmqttAction.SUBSCRIBE:
            ok = allowed(account, Action.SUBSCRIBE, topic)
            if not ok:
                log.warning("refused a subscription of %s to %r", account.id, topic)
            return ok
        if action == AmqttAction.RECEIVE:
            # a concrete topic: readable only when a subscribe rule covers it
            return allowed(account, Action.SUBSCRIBE, topic)
        return False

    async def on_broker_client_disconnected(self, *, client_id: str, **_: Any) -> None:
        log.info("disconnected client %r", client_id)


def _bind(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


# -- the broker ---------------------------------------------------------------------------


TAKEOVER_WAIT_S = 5.0
"""How long a login that takes over a client id waits for the earlier connection to end."""
SETTLE_WAIT_S = 2.0
"""How long a stopping broker waits for messages it has acknowledged to be routed."""
_LOOP_TURNS = 5
"""Event-loop turns from a message taken off a session's queue to amqtt routing it."""


class _NotServed(AMQTTError):
    """A connection that ended before a login (no CONNECT, or not a valid one).

    An :class:`AMQTTError`, because that is what amqtt's ``_client_connected`` catches to
    release the listener's connection slot; anything else would escape it.
    """


def _reason(exc: BaseException) -> str:
    text = str(exc.args[0]) if exc.args and exc.args[0] else ""
    return text or type(exc).__name__


def _client(session: Session) -> str:
    """The client as our log lines name it: its id and address (its login is the caller's)."""
    where = _bind(str(session.remote_address), session.remote_port or 0)
    return f"client {session.client_id!r} from {where}"


def _claimed(session: Session) -> str:
    """A client that has not logged in: its claimed account quoted (it is its input), never
    its password."""
    name = session.username
    return _client(session) + (f" as {name!r}" if name is not None else "")


_NEW_ON_EACH_CONNECT = (
    "will_flag",
    "will_message",
    "will_topic",
    "will_qos",
    "will_retain",
    "keep_alive",
    "username",
    "password",
    "remote_address",
    "remote_port",
    "ssl_object",
)
"""What a resumed session takes from the new CONNECT: its Will, keep-alive, login, peer."""


@dataclass
class _Admission:
    lock: asyncio.Lock
    users: int = 0


class StoreBroker(Broker):
    """amqtt's broker, with the login decided before any session of the client id is touched.

    amqtt 0.12 looks up the session of a CONNECT's client id before it authenticates: a
    clean-session CONNECT deletes the earlier session (its subscriptions and queued
    messages), a persistent one overwrites its Will and credentials, and a connection still
    using the id is taken over, all before the plugins say no. Anyone on the store LAN who
    knows a lane's client id could keep the lane off the network with a wrong password. Here
    the CONNECT is read, the login decided, and only then:

    * refused: CONNACK "not authorised" (session present 0), the connection closed, one log
      line; no session is looked at;
    * accepted: an earlier connection with the same client id is closed and waited for
      (its Last Will goes out before the newcomer's CONNACK, so a lane's retained
      "offline" cannot land after its new "online"), then the session is started afresh
      (clean session) or resumed (persistent) as amqtt does.

    It also closes every connection whose handling ends, whatever error amqtt raised
    (a first packet that is not a CONNECT used to leave the socket open), and, for a
    resumed session, re-sends retained messages only for that session's own
    subscriptions (amqtt sends those of every filter any client subscribed to, past the
    access rules). Everything else (keep-alive, Will, queued QoS 1/2 messages, session
    expiry) is amqtt's. The overridden methods are private in amqtt, hence the
    ``amqtt<0.13`` pin; ``tests/brokers`` fail if a new amqtt stops calling them.
    """

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self._admissions: dict[str, _Admission] = {}
        self._serving: dict[str, asyncio.Task[Any]] = {}
        self._routing = 0

    async def settle(self, timeout: float) -> bool:
        """Wait until the messages clients have handed over are routed (and retained);
        whether that happened within ``timeout`` seconds.

        amqtt answers a QoS 1 PUBLISH before it routes it: a stop right after the PUBACK
        would otherwise keep the retained messages without that one.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for _ in range(_LOOP_TURNS):  # a message loop woken by a message starts on it
                await asyncio.sleep(0)
            waiting = any(
                s.transitions.is_connected() and not s.delivered_message_queue.empty()
                for s, _ in self._sessions.values()
            )
            if not waiting and not self._routing:
                return True
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.005)

    async def _handle_message_delivery(
        self, client_session: Session, handler: BrokerProtocolHandler, wait_deliver: Any
    ) -> bool:
        self._routing += 1  # counted for settle()
        try:
            return await super()._handle_message_delivery(client_session, handler, wait_deliver)
        finally:
            self._routing -= 1

    async def stream_connected(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, listener_name: str
    ) -> None:
        try:
            await super().stream_connected(reader, writer, listener_name)
        except asyncio.CancelledError:
            # the broker is stopping while this client was still connecting: end quietly
            # (asyncio would log the cancelled connection task as an error)
            pass
        finally:
            writer.close()  # amqtt leaves the socket open on some errors; closing twice is fine

    async def _initialize_client_session(
        self, reader: ReaderAdapter, writer: WriterAdapter, remote_address: str, remote_port: int
    ) -> tuple[BrokerProtocolHandler, Session]:
        """Read the CONNECT, and nothing more: sessions wait until the login is decided."""
        try:
            return await BrokerProtocolHandler.init_from_connect(
                reader, writer, self.plugins_manager
            )
        except Exception as exc:  # amqtt raises its own errors, and others on bad input
            if not isinstance(exc, NoDataError):  # a port probe says nothing: no event
                where = _bind(remote_address, remote_port)
                log.info("closed a connection from %s before login: %s", where, _reason(exc))
            raise _NotServed(_reason(exc)) from exc

    async def _handle_client_session(
        self,
        reader: ReaderAdapter,
        writer: WriterAdapter,
        client_session: Session,
        handler: BrokerProtocolHandler,
        server: Server,
        listener_name: str,
    ) -> None:
        """Log in; refused, answer and close; accepted, take the client id over and serve."""
        if not await self._login(client_session, self.listeners_config[listener_name]):
            await self._refuse(writer)
            return
        client_id = str(client_session.client_id)
        try:
            async with self._admission(client_id):
                session, how = await self._admit(client_session)
                handler.attach(session, reader, writer)
                self._sessions[client_id] = (session, handler)
                self._serving[client_id] = asyncio.current_task()  # type: ignore[assignment]
        except Exception as exc:  # not expected; the connection is closed without a CONNACK
            log.error("could not admit %s: %s", _claimed(client_session), _reason(exc))
            return
        try:
            try:
                await self._serve(session, handler, how)
            except Exception as exc:  # amqtt's errors, or a socket's: the connection ends here
                log.warning("connection of client %r ended: %s", client_id, _reason(exc))
            await self._end_if_left_open(session, handler)
        finally:
            if self._serving.get(client_id) is asyncio.current_task():
                del self._serving[client_id]

    async def _login(self, session: Session, listener: ListenerConfig) -> bool:
        """Ask the plugins (once per CONNECT) and log a refusal with its reason."""
        try:
            accepted = await self._authenticate(session, listener)
        except Exception as exc:  # a plugin's bug must not take the connection task down
            log.error("refused %s: the login check failed: %s", _claimed(session), _reason(exc))
            return False
        if not accepted:
            refusal = session.attributes.get(REFUSAL) or Refusal("no plugin accepted it")
            level = logging.ERROR if refusal.fault else logging.WARNING
            log.log(level, "refused %s: %s", _claimed(session), refusal.reason)
        return accepted

    async def _refuse(self, writer: WriterAdapter) -> None:
        connack = ConnackPacket.build(0, NOT_AUTHORIZED)  # [MQTT-3.2.2-4] session present 0
        try:
            await self.plugins_manager.fire_event(MQTTEvents.PACKET_SENT, packet=connack)
            await connack.to_stream(writer)
            await writer.close()
        except Exception as exc:  # the client may be gone already; stream_connected closes
            log.debug("could not answer a refused client: %s", _reason(exc))

    @contextlib.asynccontextmanager
    async def _admission(self, client_id: str) -> AsyncIterator[None]:
        """One admission at a time per client id, so two logins cannot both take it over."""
        admission = self._admissions.setdefault(client_id, _Admission(asyncio.Lock()))
        admission.users += 1
        try:
            async with admission.lock:
                yield
        finally:
            admission.users -= 1
            if not admission.users:
                del self._admissions[client_id]

    async def _admit(self, incoming: Session) -> tuple[Session, str]:
        """The session an accepted CONNECT continues with, and how ("" for a new one)."""
        client_id = str(incoming.client_id)
        how = ""
        known = self._sessions.get(client_id)
        if known is not None and known[0].transitions.is_connected():
            await self._take_over(client_id, *known)
            how = " (took over its earlier connection)"
            known = self._sessions.get(client_id)
        if not incoming.clean_session and known is not None:
            session = known[0]
            for name in _NEW_ON_EACH_CONNECT:
                setattr(session, name, getattr(incoming, name))
            session.parent = 1
            how += " (resumed its session)"
        else:
            await self._delete_session(client_id)
            session = incoming
            session.parent = 0
        delay = self.config.get("timeout-disconnect-delay", 0)
        if session.keep_alive > 0 and isinstance(delay, int):
            session.keep_alive += delay
        session.transitions.connect()
        return session, how

    async def _take_over(
        self, client_id: str, old: Session, old_handler: BrokerProtocolHandler
    ) -> None:
        """Close the connection now using ``client_id`` and wait until amqtt has ended it
        (Will sent, session disconnected), as MQTT requires of a new CONNECT [MQTT-3.1.4-2]."""
        old_task = self._serving.get(client_id)
        try:
            await old_handler.handle_connection_closed()
            await old_handler.stop()
        except Exception as exc:
            log.warning("closing the earlier connection of %r: %s", client_id, _reason(exc))
        if old_task is not None and not old_task.done():
            done, _ = await asyncio.wait({old_task}, timeout=TAKEOVER_WAIT_S)
            if not done:
                log.warning(
                    "the earlier connection of %r did not end within %.0f s; replaced anyway",
                    client_id,
                    TAKEOVER_WAIT_S,
                )
        if old.transitions.is_connected():
            old.transitions.disconnect()

    async def _serve(self, session: Session, handler: BrokerProtocolHandler, how: str) -> None:
        await handler.mqtt_connack_authorize(True)
        log.info("connected %s as %s%s", _client(session), session.username, how)
        await self.plugins_manager.fire_event(
            BrokerEvents.CLIENT_CONNECTED, client_id=session.client_id, client_session=session
        )
        await handler.start()
        await self._publish_session_retained_messages(session)  # queued while it was away
        own = [
            (topic_filter, qos)
            for topic_filter, subscribers in list(self._subscriptions.items())
            for subscriber, qos in subscribers
            if subscriber.client_id == session.client_id
        ]
        for subscription in own:
            await self._publish_retained_messages_for_subscription(subscription, session)
        await self._client_message_loop(session, handler)

    async def _end_if_left_open(self, session: Session, handler: BrokerProtocolHandler) -> None:
        """End the session as a lost connection (Will included) when amqtt stopped serving it
        without doing so: after an error, or a PUBLISH its loop rejects ('$', '#' or '+' in
        the topic), which leaves the session "connected" with nobody reading its messages.
        Nothing when it ended normally or another connection has taken it over."""
        if not session.transitions.is_connected() or self._get_handler(session) is not handler:
            return
        try:
            lost: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            lost.set_result(None)
            await self._handle_disconnect(session, handler, lost)
        except Exception as exc:
            log.error("could not end the connection of %r: %s", session.client_id, _reason(exc))


def broker_config(network: StoreNetwork, store_file: Path) -> dict[str, Any]:
    """amqtt's configuration for ``network``: our listener, our two plugins, nothing else."""
    listener = network.listener
    default: dict[str, Any] = {"type": "tcp", "bind": _bind(listener.host, listener.port)}
    if listener.tls:
        default |= {
            "ssl": True,
            "certfile": str(listener.cert_file),
            "keyfile": str(listener.key_file),
        }
        if listener.ca_file is not None:
            default["cafile"] = str(listener.ca_file)
    plugin = {"store_file": str(store_file.resolve())}
    return {
        "listeners": {"default": default},
        "session_expiry_interval": network.sessions.expire_after_h * 3600,
        "plugins": {
            f"{__name__}.StoreAuthPlugin": plugin,
            f"{__name__}.StoreTopicPlugin": plugin,
        },
    }


# -- retained messages across restarts --------------------------------------------------


def _load_retained(path: Path) -> list[tuple[str, bytes, int]]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        return [(e["topic"], base64.b64decode(e["data"]), int(e["qos"])) for e in entries]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.error("ignored %s: %s", path, exc)
        return []


def _save_retained(path: Path, broker: Broker) -> None:
    entries = [
        {"topic": topic, "data": base64.b64encode(bytes(m.data)).decode(), "qos": m.qos or 0}
        for topic, m in broker.retained_messages.items()
        if m.data
    ]
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump(entries, file)
    partial.replace(path)
    log.info("kept %d retained messages in %s", len(entries), path)


# -- running ------------------------------------------------------------------------------


async def run_broker(
    network: StoreNetwork, store_file: Path, data: Path | None, stop: asyncio.Event
) -> int:
    """Run the broker until ``stop`` is set; the exit status."""
    broker = StoreBroker(broker_config(network, store_file))
    try:
        await broker.start()
    except Exception as exc:  # amqtt wraps every start failure in BrokerError
        log.error("could not start: %s", exc.__cause__ or exc)
        return EXIT_NOT_STARTED
    listener = network.listener
    if data is not None:
        retained = _load_retained(data / RETAINED_FILE)
        for topic, payload, qos in retained:
            await broker.retain_message(None, topic, payload, qos)
        if retained:
            log.info("restored %d retained messages", len(retained))
    log.info(
        "store %s: listening on %s (%s), %d accounts",
        network.store.id,
        _bind(listener.host, listener.port),
        "TLS" if listener.tls else "plain TCP, loopback",
        len(network.accounts),
    )
    await stop.wait()
    log.info("stopping")
    if not await broker.settle(SETTLE_WAIT_S):
        log.warning("stopping with messages not yet routed")
    if data is not None:
        try:
            _save_retained(data / RETAINED_FILE, broker)
        except OSError as exc:
            log.error("could not keep retained messages: %s", exc)
    await broker.shutdown()
    log.info("stopped")
    return EXIT_OK


def serve(network: StoreNetwork, store_file: Path, data: Path | None) -> int:
    """Run the embedded broker in this process until SIGTERM or SIGINT; the exit status."""
    configure_logging()
    if data is not None:
        data.mkdir(mode=0o700, parents=True, exist_ok=True)

    async def main() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        return await run_broker(network, store_file, data, stop)

    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(main())
    return EXIT_OK
