"""The attendant console's configuration file (TOML), validated like a kiosk's.

It shares the store and broker sections with the kiosk's public contract, so
both sides of the store network read the same settings the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from kiosk.config import (
    SCHEMA_VERSION,
    BrokerSettings,
    Identifier,
    Language,
    Paths,
    Section,
    StoreSettings,
    load_toml_model,
    resolve_broker,
    resolve_paths,
)


class ConsoleSettings(Section):
    id: Identifier
    name: str = Field(
        min_length=1, max_length=40, description="shown on kiosks, e.g. 'Servicebalie'"
    )


class HelpQueueSettings(Section):
    amber_after_s: int = Field(default=30, ge=5, le=600)
    red_after_s: int = Field(default=60, ge=10, le=1200)
    sound: bool = True

    @model_validator(mode="after")
    def _order(self) -> HelpQueueSettings:
        if self.red_after_s <= self.amber_after_s:
            raise ValueError("red_after_s must be later than amber_after_s")
        return self


class LoginSettings(Section):
    auto_logout_min: int = Field(
        default=10, ge=1, le=240, description="log staff out after this long without use"
    )


class ConsoleConfig(Section):
    schema_version: Literal[1] = SCHEMA_VERSION
    store: StoreSettings
    console: ConsoleSettings
    language: Language = Language.NL
    broker: BrokerSettings = BrokerSettings()
    help_queue: HelpQueueSettings = HelpQueueSettings()
    login: LoginSettings = LoginSettings()
    kiosks: tuple[Identifier, ...] = Field(
        default=(), description="the store's kiosk ids; used to generate broker accounts and ACLs"
    )
    paths: Paths = Paths()


def load_console_config(path: Path | str) -> ConsoleConfig:
    """Load and validate a console's file; relative paths (``[paths]``, and the broker's
    password and CA files) are taken from the file's folder, as for a kiosk's."""
    config = load_toml_model(path, ConsoleConfig)
    base = Path(path).resolve().parent
    return config.model_copy(
        update={
            "paths": resolve_paths(config.paths, base),
            "broker": resolve_broker(config.broker, base),
        }
    )
