"""The store network file (TOML): which kiosks and consoles exist and how the broker listens.

One file per store, read by ``selfscan-broker``. Every kiosk and console is a broker
account named by its id; the broker's passwords, access rules and configuration are
generated from this list, so adding a lane means adding one id here. Mistakes are
reported like every other configuration file (``listener.cert_file: ...``) and refuse
the file whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from kiosk.config import (
    SCHEMA_VERSION,
    Identifier,
    Section,
    StoreSettings,
    is_loopback,
    load_toml_model,
    resolve_path,
)

from .acl import Account, Role

__all__ = ["RESERVED_ACCOUNTS", "Listener", "Sessions", "StoreNetwork", "load_store_network"]

RESERVED_ACCOUNTS = frozenset({"admin"})
"""Ids no account may have: some brokers (amqtt) let ``admin`` through every access rule."""


class Listener(Section):
    """Where the broker listens, and its TLS files (required unless on loopback)."""

    host: str = "127.0.0.1"
    port: int = Field(default=1883, ge=1, le=65535)
    cert_file: Path | None = Field(default=None, description="the server's certificate (PEM)")
    key_file: Path | None = Field(default=None, description="its private key (PEM)")
    ca_file: Path | None = Field(
        default=None, description="the CA that signed it, handed to kiosks and consoles"
    )

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        if not value or any(c.isspace() for c in value) or "/" in value:
            raise ValueError("a host name or IP address, without scheme or port")
        return value

    @property
    def tls(self) -> bool:
        return self.cert_file is not None

    @model_validator(mode="after")
    def _tls(self) -> Listener:
        if (self.cert_file is None) != (self.key_file is None):
            missing = "key_file" if self.key_file is None else "cert_file"
            raise ValueError(f"listener.{missing} is missing: TLS needs a certificate and its key")
        if self.ca_file is not None and self.cert_file is None:
            raise ValueError("listener.ca_file is given, but no cert_file and key_file")
        if not self.tls and not is_loopback(self.host):
            raise ValueError(
                f"plain TCP is allowed only on loopback, and host {self.host!r} is reachable "
                "from the network: give listener.cert_file and listener.key_file (TLS), or "
                "listen on 127.0.0.1"
            )
        return self


class Sessions(Section):
    """How long the broker keeps a disconnected client's session and queue."""

    expire_after_h: int = Field(
        default=24, ge=1, le=24 * 30, description="a session unused this long is dropped"
    )
    max_queued_messages: int = Field(
        default=1000, ge=10, le=1_000_000, description="per disconnected client, then dropped"
    )


class StoreNetwork(Section):
    """One store's network: its kiosks and consoles, the listener, the secrets folder."""

    schema_version: Literal[1] = SCHEMA_VERSION
    store: StoreSettings
    kiosks: tuple[Identifier, ...] = Field(min_length=1)
    consoles: tuple[Identifier, ...] = Field(min_length=1)
    secrets_dir: Path = Field(
        default=Path("secrets"),
        description="one <id>.password file per account; relative to the store file",
    )
    listener: Listener = Listener()
    sessions: Sessions = Sessions()

    @model_validator(mode="after")
    def _accounts(self) -> StoreNetwork:
        seen: set[str] = set()
        for key, ids in (("kiosks", self.kiosks), ("consoles", self.consoles)):
            for ident in ids:
                if ident in RESERVED_ACCOUNTS:
                    raise ValueError(f"{key}: {ident!r} is reserved and cannot be an account")
                if ident in seen:
                    raise ValueError(f"{key}: {ident!r} is listed twice (ids are account names)")
                seen.add(ident)
        return self

    @property
    def accounts(self) -> tuple[Account, ...]:
        """Every broker account: the kiosks, then the consoles."""
        store = self.store.id
        return tuple(Account(store, k, Role.KIOSK) for k in self.kiosks) + tuple(
            Account(store, c, Role.CONSOLE) for c in self.consoles
        )

    def account(self, ident: str) -> Account:
        """The account named ``ident``; ``KeyError`` when the store has none."""
        for account in self.accounts:
            if account.id == ident:
                return account
        raise KeyError(ident)


def load_store_network(path: Path | str) -> StoreNetwork:
    """Load and validate a store network file; relative paths are taken from its folder."""
    network = load_toml_model(path, StoreNetwork)
    base = Path(path).resolve().parent
    listener = network.listener
    files = {
        name: resolve_path(value, base)
        for name in ("cert_file", "key_file", "ca_file")
        if (value := getattr(listener, name)) is not None
    }
    return network.model_copy(
        update={
            "secrets_dir": resolve_path(network.secrets_dir, base),
            "listener": listener.model_copy(update=files),
        }
    )
