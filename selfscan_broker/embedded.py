"""The store's embedded MQTT broker: ``selfscan-broker serve --store FILE [--data DIR]``.

An amqtt broker run in its own process (never inside the console's or the demo's GUI
interpreter), listening where the store network file says (loopback, or the store LAN
with TLS), with two plugins of ours and none of amqtt's defaults:

* :class:`StoreAuthPlugin`: a client connects only as an account of the store, with that
  account's password (compared in constant time). Anonymous clients, unknown accounts,
  wrong passwords and the reserved name ``admin`` (which amqtt's own topic plugins let
  through every rule) are refused, and so is a Last Will on a topic the account may not
  publish to (amqtt sends a Will without asking the topic plugins).
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amqtt.broker import Broker
from amqtt.contexts import Action as AmqttAction
from amqtt.contexts import BaseContext
from amqtt.plugins.base import BaseAuthPlugin, BaseTopicPlugin
from amqtt.session import Session

from .accounts import PasswordError, read_password
from .acl import Account, Action, allowed
from .network import RESERVED_ACCOUNTS, StoreNetwork, load_store_network

__all__ = [
    "RETAINED_FILE",
    "StoreAuthPlugin",
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


class StoreAuthPlugin(BaseAuthPlugin):
    """Password authentication against the store's account password files."""

    @dataclass
    class Config:
        store_file: str = ""

    def __init__(self, context: BaseContext) -> None:
        super().__init__(context)
        self.network = load_store_network(self.config.store_file)

    async def authenticate(self, *, session: Session) -> bool:
        who = f"client {session.client_id!r} from {session.remote_address}"
        name = session.username
        if name is None:
            log.warning("refused %s: anonymous", who)
            return False
        if name in RESERVED_ACCOUNTS:
            log.warning("refused %s: account %r is reserved", who, name)
            return False
        account = _account(self.network, name)
        if account is None:
            log.warning("refused %s: no account %r in the store", who, name)
            return False
        try:
            expected = read_password(self.network.secrets_dir, account).encode()
        except PasswordError as exc:
            log.error("refused %s as %s: %s", who, name, exc)
            return False
        given = (session.password or "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("refused %s as %s: wrong password", who, name)
            return False
        if session.will_flag and not allowed(account, Action.PUBLISH, session.will_topic or ""):
            log.warning("refused %s as %s: Last Will on %r", who, name, session.will_topic)
            return False
        log.info("connected %s as %s", who, name)
        return True


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
    broker = Broker(broker_config(network, store_file))
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
