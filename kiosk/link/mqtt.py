"""The MQTT transport of the store network: one paho-mqtt client on its own thread, seen
through Qt signals.

Kiosks and attendant consoles both talk to the store's broker through ``MqttLink``; it
knows topics and bytes only (the messages are ``kiosk.link.protocol``'s business, the
topics ``kiosk.link.topics``'s). What it promises:

* **Its own thread, Qt signals out.** paho-mqtt runs its network loop on a thread of its
  own (``loop_start``). Its callbacks do nothing but emit private signals, each wrapped in
  ``try/except`` (a failure is logged and the loop carries on: an exception escaping a
  paho callback ends paho's thread, and with it the link). Those signals reach the link's
  own thread (the GUI thread) through queued connections, where the public signals are
  emitted, so every receiver, a widget's slot or a plain function, runs on the GUI thread
  and may touch widgets. Nothing on paho's thread blocks or touches a widget.
* **Reconnects by itself.** ``start()`` connects asynchronously, so a broker that is not up
  yet is fine; a lost connection is retried after 1 s, 2 s, 4 s ... at most 10 s. Every
  subscription is remembered and renewed on each connect (``on_connect``), because a
  clean session starts with none.
* **Clean sessions, on purpose.** The broker keeps nothing for us between connections.
  Durability is the kiosk's own outbox (``kiosk.core``): help calls, interventions and
  sales are re-published until a console confirms them, and receivers de-duplicate by
  id. A persistent session would add a second, weaker queue (amqtt loses it at a restart,
  Mosquitto caps it), would deliver commands that expired while a lane was off, and would
  pile up messages for a replaced lane. The lane's picture after a reconnect comes from
  retained ``state`` and ``presence`` instead.
* **Publish only while connected.** ``publish`` returns ``False`` when there is no
  connection, and the caller keeps what must not be lost in its outbox. A QoS 1 message
  already handed to paho when the connection drops is sent again after the reconnect
  (MQTT's at-least-once), which the receivers' de-duplication absorbs.
* **Each problem reported once.** ``disconnected(reason)`` is emitted when a connection is
  lost and whenever the reason for not being connected changes (broker unreachable, a
  wrong password, a certificate not trusted), and logged once at that moment, not at
  every retry; the recovery is logged once too (``failed_attempts`` counts the retries).
* **Small messages go out at once.** The socket has ``TCP_NODELAY`` (set in
  ``on_socket_open``, at every connect). Without it Nagle's algorithm holds a message
  back while an earlier small segment waits for its TCP acknowledgement, and the broker
  acknowledges a PUBACK (to which it sends nothing back) only after the kernel's
  delayed-ACK timer, 40 ms on Linux: a console's command sent just after it acked the
  lanes' messages reached the kiosk 40 ms late (``bench/bench_network.py``). Mosquitto's
  generated configuration sets ``set_tcp_nodelay`` for the broker's side; asyncio (the
  embedded broker) does by default.
* **Plain TCP only on loopback.** ``MqttSettings`` refuses a broker on another machine
  without TLS, as the broker's own store file does (docs/operations.md).

MQTT 3.1.1: the embedded amqtt broker speaks it, and the payloads carry what MQTT 5 would
(message id, correlation, expiry).
"""

from __future__ import annotations

import logging
import socket
import ssl
import stat
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.reasoncodes import ReasonCode
from PySide6.QtCore import QObject, Qt, Signal

from kiosk.config import BrokerSettings, is_loopback

__all__ = ["LastWill", "MqttLink", "MqttSettings", "MqttSettingsError"]

log = logging.getLogger("kiosk.link.mqtt")

RECONNECT_DELAY_S = (1, 10)
"""The first and the longest wait before connecting again (doubling in between)."""
GOODBYE_TIMEOUT_S = 2.0
"""How long ``stop(goodbye=...)`` waits for the broker to take the goodbye message."""

_AUTH_REFUSALS = {
    134,
    135,
}  # CONNACK 4 / 5 in MQTT 3.1.1: bad user name or password, not authorised


class MqttSettingsError(ValueError):
    """Settings the link cannot use; the message says which and why."""


@dataclass(frozen=True)
class LastWill:
    """The message the broker publishes for a client that vanishes without a goodbye."""

    topic: str
    payload: bytes
    qos: int = 1
    retain: bool = True

    def __post_init__(self) -> None:
        if not self.topic or "+" in self.topic or "#" in self.topic:
            raise MqttSettingsError(f"Last Will topic {self.topic!r}: a topic, not a filter")
        if self.qos not in (0, 1, 2):
            raise MqttSettingsError(f"Last Will QoS {self.qos}: 0, 1 or 2")


@dataclass(frozen=True)
class MqttSettings:
    """Where the broker is and who we are; the password is never shown in ``repr``."""

    host: str
    port: int
    client_id: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    tls: bool = False
    ca_file: Path | None = None
    keepalive_s: int = 15
    will: LastWill | None = None
    """A ``(topic, payload)`` pair is taken as ``LastWill(topic, payload)``: QoS 1, retained."""

    def __post_init__(self) -> None:
        if isinstance(self.will, tuple):
            object.__setattr__(self, "will", LastWill(*self.will))
        if not self.host or any(c.isspace() for c in self.host) or "/" in self.host:
            raise MqttSettingsError(f"broker host {self.host!r}: a host name or IP address")
        if not 1 <= self.port <= 65535:
            raise MqttSettingsError(f"broker port {self.port}: 1 to 65535")
        if not self.client_id:
            raise MqttSettingsError("client_id: required (the broker's logs name clients by it)")
        if self.keepalive_s < 1:
            raise MqttSettingsError(f"keepalive_s {self.keepalive_s}: at least 1")
        if not self.tls and not is_loopback(self.host):
            raise MqttSettingsError(
                f"broker host {self.host!r} is not this machine, and plain TCP is allowed only "
                "on loopback: set broker.tls = true and broker.ca_file (docs/operations.md)"
            )
        if self.ca_file is not None and not self.tls:
            raise MqttSettingsError("broker.ca_file is given, but broker.tls is false")
        if self.ca_file is not None and not self.ca_file.is_file():
            raise MqttSettingsError(f"broker.ca_file {self.ca_file}: no such file")

    @property
    def address(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    @classmethod
    def from_broker(
        cls,
        broker: BrokerSettings,
        *,
        client_id: str,
        username: str | None = None,
        will: LastWill | tuple[str, bytes] | None = None,
    ) -> MqttSettings:
        """Settings from a kiosk's or console's ``[broker]`` section.

        ``username`` is used when the section names none (a kiosk's account is its id).
        The password is read from ``broker.password_file``: a missing, empty or
        group/other-readable file is refused with a message naming it.
        """
        account = broker.username or username
        if not account:
            raise MqttSettingsError("broker.username: required (the broker refuses anonymous)")
        if broker.password_file is None:
            raise MqttSettingsError(
                "broker.password_file: required (the file holding this account's password)"
            )
        return cls(
            host=broker.host,
            port=broker.port,
            client_id=client_id,
            username=account,
            password=read_password_file(broker.password_file),
            tls=broker.tls,
            ca_file=broker.ca_file,
            keepalive_s=broker.keepalive_s,
            will=will,  # type: ignore[arg-type]  # a tuple is converted in __post_init__
        )


def read_password_file(path: Path) -> str:
    """The password in ``path``; refused when missing, unreadable, empty or readable by others."""
    where = f"broker.password_file {path}"
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MqttSettingsError(f"{where}: no such file") from None
    except IsADirectoryError:
        raise MqttSettingsError(f"{where}: a folder, not a file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MqttSettingsError(f"{where}: cannot read it ({exc})") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise MqttSettingsError(f"{where}: readable by group or others; chmod 600 it")
    password = text.strip()
    if not password:
        raise MqttSettingsError(f"{where}: empty")
    if any(c.isspace() for c in password):
        raise MqttSettingsError(f"{where}: more than one word (one password on one line)")
    return password


def _no_delay(_client: mqtt.Client, _userdata: object, sock: Any) -> None:
    """paho's ``on_socket_open``: send each message at once (the module docstring says why).
    A TLS socket takes the option as well; a socket that has no such option is left as
    it is."""
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except (AttributeError, OSError) as error:
        log.debug("TCP_NODELAY not set on %r: %s", sock, error)


class _ClosingSSLSocket(ssl.SSLSocket):
    """An SSL socket that closes itself when its handshake fails."""

    def do_handshake(self, block: bool = False) -> None:
        try:
            super().do_handshake(block)
        except BaseException:
            self.close()
            raise


class MqttLink(QObject):
    """One MQTT connection of a kiosk or a console, on paho's thread, reported by signals.

    Create and use it on the GUI thread; ``publish`` and ``subscribe`` may also be called
    from other threads. Signals are emitted on the thread the link lives in.
    """

    connected = Signal()
    """The broker accepted us; subscriptions are being renewed."""
    disconnected = Signal(str)
    """Not connected, and why (plain English, for the log and the diagnostics screen)."""
    message_received = Signal(str, bytes, bool)
    """topic, payload, retained (a retained message is the last one kept by the broker)."""
    subscribed = Signal(str, bool)
    """The broker answered a subscription (at every connect): filter, granted. A refusal
    is also logged, once per filter."""

    # emitted on paho's thread; connected queued to the public ones above
    _paho_connected = Signal()
    _paho_disconnected = Signal(str)
    _paho_message = Signal(str, bytes, bool)
    _paho_subscribed = Signal(str, bool)

    def __init__(
        self,
        settings: MqttSettings,
        parent: QObject | None = None,
        *,
        reconnect_delay_s: tuple[int, int] = RECONNECT_DELAY_S,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._reconnect_delay_s = reconnect_delay_s
        queued = Qt.ConnectionType.QueuedConnection
        self._paho_connected.connect(self.connected, queued)
        self._paho_disconnected.connect(self.disconnected, queued)
        self._paho_message.connect(self.message_received, queued)
        self._paho_subscribed.connect(self.subscribed, queued)

        self._lock = threading.Lock()  # guards the subscription bookkeeping
        self._subscriptions: dict[str, int] = {}
        self._pending_subacks: dict[int, list[str]] = {}
        self._refusals_logged: set[str] = set()
        self._started = self._stopped = False
        # paho's thread only:
        self._problem: str | None = None  # the reason last reported, until connected again
        self._refused = False  # the CONNACK refused us; its disconnect is already reported
        self._was_connected = False
        self._failed_attempts = 0

        self._client = self._make_client()

    # -- public, GUI thread -------------------------------------------------------------

    @property
    def settings(self) -> MqttSettings:
        return self._settings

    @property
    def is_connected(self) -> bool:
        """Connected to the broker right now (paho's view; thread-safe)."""
        return self._client.is_connected()

    @property
    def failed_attempts(self) -> int:
        """Connection attempts that failed since the last successful connect (counted after
        the failure was logged and, when new, signalled)."""
        return self._failed_attempts

    def start(self) -> None:
        """Start paho's thread and connect in the background; a missing broker is retried."""
        if self._stopped:
            raise RuntimeError("this MqttLink was stopped; make a new one")
        if self._started:
            return
        self._started = True
        settings = self._settings
        log.info("%s: connecting to %s", settings.client_id, settings.address)
        self._client.connect_async(settings.host, settings.port, keepalive=settings.keepalive_s)
        self._client.loop_start()

    def stop(self, goodbye: tuple[str, bytes] | None = None) -> None:
        """Disconnect cleanly and join paho's thread; nothing when already stopped.

        ``goodbye`` (topic, payload) is published retained with QoS 1 first, when connected,
        and waited for (at most ``GOODBYE_TIMEOUT_S``): e.g. ``offline`` presence, since
        after a clean disconnect the broker does not send the Last Will. Joining paho's
        thread can take up to a second while it waits to retry (it sleeps in 1 s steps),
        longer while a connection attempt to an unreachable host is under way (5 s).
        """
        if self._stopped:
            return
        self._stopped = True
        if not self._started:
            return
        client = self._client
        if goodbye is not None and client.is_connected():
            topic, payload = goodbye
            info = client.publish(topic, payload, qos=1, retain=True)
            try:
                info.wait_for_publish(GOODBYE_TIMEOUT_S)
            except (RuntimeError, ValueError) as exc:
                log.warning("%s: goodbye on %s not sent: %s", self._settings.client_id, topic, exc)
            else:
                if not info.is_published():
                    log.warning(
                        "%s: the broker did not take the goodbye on %s within %.0f s",
                        self._settings.client_id,
                        topic,
                        GOODBYE_TIMEOUT_S,
                    )
        client.disconnect()
        client.loop_stop()  # joins paho's thread
        log.info("%s: stopped", self._settings.client_id)

    def subscribe(self, topic_filter: str, qos: int = 1) -> None:
        """Subscribe now (when connected) and again after every reconnect."""
        with self._lock:
            self._subscriptions[topic_filter] = qos
            if self._client.is_connected():
                self._subscribe_locked([(topic_filter, qos)])

    def publish(self, topic: str, payload: bytes, *, qos: int = 1, retain: bool = False) -> bool:
        """Hand a message to the broker connection; ``False`` when not connected.

        ``True`` means paho has it (QoS 1: it is re-sent until the broker acknowledges it,
        also across a reconnect), not that any subscriber got it: what must not be lost
        stays in the caller's outbox until a console confirms it. Thread-safe.
        """
        if not self._client.is_connected():
            return False
        info = self._client.publish(topic, payload, qos=qos, retain=retain)
        return info.rc == mqtt.MQTT_ERR_SUCCESS

    # -- paho's thread --------------------------------------------------------------------

    def _make_client(self) -> mqtt.Client:
        settings = self._settings
        client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=settings.client_id,
            clean_session=True,  # see the module's docstring: the outbox gives durability
            protocol=mqtt.MQTTv311,
        )
        client.reconnect_delay_set(*self._reconnect_delay_s)
        if settings.username is not None:
            client.username_pw_set(settings.username, settings.password)
        if settings.will is not None:
            will = settings.will
            client.will_set(will.topic, will.payload, qos=will.qos, retain=will.retain)
        if settings.tls:
            client.tls_set_context(self._tls_context())
        client.on_connect = self._guarded("on_connect", self._on_connect)
        client.on_connect_fail = self._guarded("on_connect_fail", self._on_connect_fail)
        client.on_disconnect = self._guarded("on_disconnect", self._on_disconnect)
        client.on_message = self._guarded("on_message", self._on_message)
        client.on_subscribe = self._guarded("on_subscribe", self._on_subscribe)
        client.on_socket_open = self._guarded("on_socket_open", _no_delay)
        return client

    def _tls_context(self) -> ssl.SSLContext:
        """Server certificate and host name checked; the store's own CA when given."""
        ca_file = self._settings.ca_file
        try:
            context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
        except (OSError, ssl.SSLError) as exc:
            raise MqttSettingsError(
                f"broker.ca_file {ca_file}: not a CA certificate ({exc})"
            ) from None
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        # paho drops the socket of a failed handshake without closing it (one leaked
        # descriptor per retry until the collector finds it): close it ourselves
        context.sslsocket_class = _ClosingSSLSocket
        return context

    def _guarded(self, name: str, handler: Callable[..., None]) -> Callable[..., None]:
        """``handler`` for paho: any exception is logged, never raised into paho's loop."""
        client_id = self._settings.client_id

        def call(*args: Any) -> None:
            try:
                handler(*args)
            except Exception:
                log.exception("%s: %s failed; the connection carries on", client_id, name)

        return call

    def _subscribe_locked(self, filters: list[tuple[str, int]]) -> None:
        result, mid = self._client.subscribe(filters)
        if result == mqtt.MQTT_ERR_SUCCESS and mid is not None:
            self._pending_subacks[mid] = [f for f, _ in filters]

    def _report(self, reason: str, level: int = logging.WARNING) -> None:
        """Tell about a problem once: logged and signalled only when the reason changed."""
        if reason == self._problem:
            return
        self._problem = reason
        log.log(level, "%s: %s", self._settings.client_id, reason)
        self._paho_disconnected.emit(reason)

    def _on_connect(
        self,
        client: mqtt.Client,
        _userdata: object,
        _flags: mqtt.ConnectFlags,
        reason: ReasonCode,
        _properties: object,
    ) -> None:
        where, settings = self._settings.address, self._settings
        if reason.is_failure:
            self._refused = True
            if reason.value in _AUTH_REFUSALS:
                self._report(
                    f"the broker at {where} refused account {settings.username!r}: wrong "
                    f"password, or not an account of this store ({reason})",
                    logging.ERROR,
                )
            else:
                self._report(f"the broker at {where} refused the connection ({reason})")
            self._failed_attempts += 1  # after the report: a watcher sees both in order
            return
        with self._lock:
            wanted = list(self._subscriptions.items())
            if wanted:
                self._subscribe_locked(wanted)
        if self._problem is not None:
            log.info(
                "%s: connected to %s again after %d failed attempts",
                settings.client_id,
                where,
                self._failed_attempts,
            )
        else:
            log.info("%s: connected to %s", settings.client_id, where)
        self._problem = None
        self._refused = False
        self._was_connected = True
        self._failed_attempts = 0
        self._paho_connected.emit()

    def _on_connect_fail(self, _client: mqtt.Client, _userdata: object) -> None:
        # paho calls this inside its ``except OSError``: the error is the one being handled
        self._report(self._unreachable(sys.exc_info()[1]))
        self._failed_attempts += 1

    def _unreachable(self, error: BaseException | None) -> str:
        where = self._settings.address
        if isinstance(error, ssl.SSLCertVerificationError):
            return (
                f"TLS: the certificate of the broker at {where} is not trusted "
                f"({error.verify_message}); check broker.ca_file and broker.host"
            )
        if isinstance(error, ssl.SSLError):
            return f"TLS with the broker at {where} failed ({error.reason or error})"
        if isinstance(error, ConnectionRefusedError):
            return f"cannot reach the broker at {where}: nothing listens there (not running?)"
        if isinstance(error, OSError):
            return f"cannot reach the broker at {where}: {error.strerror or error}"
        return f"cannot reach the broker at {where}"

    def _on_disconnect(
        self,
        _client: mqtt.Client,
        _userdata: object,
        _flags: mqtt.DisconnectFlags,
        reason: ReasonCode,
        _properties: object,
    ) -> None:
        where = self._settings.address
        if self._refused:  # the refusal in on_connect said it already
            self._refused = False
            return
        if self._stopped:
            if self._was_connected:
                self._was_connected = False
                self._paho_disconnected.emit("stopped")
            return
        if self._was_connected:
            self._was_connected = False
            self._problem = None  # a lost connection is always news
            self._report(f"lost the connection to the broker at {where} ({reason})")
        else:
            self._report(f"the broker at {where} closed the connection before accepting it")
            self._failed_attempts += 1

    def _on_message(self, _client: mqtt.Client, _userdata: object, message: Any) -> None:
        self._paho_message.emit(message.topic, bytes(message.payload), bool(message.retain))

    def _on_subscribe(
        self,
        _client: mqtt.Client,
        _userdata: object,
        mid: int,
        codes: list[ReasonCode],
        _properties: object,
    ) -> None:
        with self._lock:
            filters = self._pending_subacks.pop(mid, [])
            refused = [f for f, code in zip(filters, codes, strict=False) if code.is_failure]
            new = [f for f in refused if f not in self._refusals_logged]
            self._refusals_logged.update(new)
        for topic_filter in new:
            log.warning(
                "%s: the broker refused the subscription to %r (not allowed for this account?)",
                self._settings.client_id,
                topic_filter,
            )
        for topic_filter in filters:
            self._paho_subscribed.emit(topic_filter, topic_filter not in refused)
