"""Configuration files: one TOML file per kiosk and one per console.

Typed and validated with pydantic. Every mistake is reported with the key it
is about and what is wrong (``kiosk.id: ...``); a file with any mistake is
refused whole, so nothing starts half-configured. The sections shared by
kiosks and consoles (store, broker, paths) live here, in the kiosk's public
contract; ``attendant.config`` builds the console's file from them.

See docs/config.md for every key.
"""

from __future__ import annotations

import enum
import ipaddress
import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from drivers.config import DeviceConfig, DeviceName, one_device_per_role
from kiosk.core.barcodes import DEFAULT_PREFIXES, PrefixTable
from kiosk.core.calendar import DEFAULT_TIMEZONE, store_zone

SCHEMA_VERSION = 1

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9\-]{0,31}$", strip_whitespace=True)
]
"""Store, kiosk and console ids: lower-case letters, digits and '-', at most 32 characters."""


class Language(enum.StrEnum):
    NL = "nl"
    EN = "en"


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoreSettings(Section):
    id: Identifier
    name: str = Field(min_length=1, max_length=80)
    timezone: str = Field(default=DEFAULT_TIMEZONE, description="IANA time zone of the store")

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        store_zone(value)
        return value


class KioskSettings(Section):
    id: Identifier
    name: str = Field(min_length=1, max_length=40, description="shown to staff, e.g. 'Kassa 3'")


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1 or ``localhost``): the
    one place plain TCP to a broker is allowed (kiosk, console and broker tools agree)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class BrokerSettings(Section):
    """How to reach the store's MQTT broker."""

    enabled: bool = Field(
        default=True,
        description="join the store network; false only for a lane on its own (a test bench, "
        "a scenario run): its help calls are then shown on the lane only",
    )
    embedded: bool = Field(
        default=True, description="start/use selfscan-broker on this machine instead of Mosquitto"
    )
    host: str = "127.0.0.1"
    port: int = Field(default=1883, ge=1, le=65535)
    tls: bool = False
    ca_file: Path | None = None
    username: str | None = None
    password_file: Path | None = Field(
        default=None, description="file holding the password; secrets never live in this file"
    )
    keepalive_s: int = Field(default=15, ge=5, le=300)

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        if not value or any(c.isspace() for c in value) or "/" in value:
            raise ValueError("a host name or IP address, without scheme or port")
        return value


class Policies(Section):
    voids_need_approval: bool = Field(
        default=False, description="removing an item asks a staff member to approve it"
    )
    digital_receipt: bool = True
    carrier_bags_offered: bool = True


class Timeouts(Section):
    idle_prompt_s: int = Field(default=60, ge=10, le=3600, description="ask 'Are you still there?'")
    idle_suspend_s: int = Field(default=30, ge=5, le=600, description="after the prompt, suspend")
    payment_s: int = Field(default=130, ge=30, le=600)
    help_escalate_s: int = Field(default=60, ge=10, le=600)
    attract_after_receipt_s: int = Field(default=15, ge=3, le=120)


class Paths(Section):
    data_dir: Path = Path("var")
    catalog: str = Field(
        default="catalog.db", description="a SQLite file, or a postgresql:// URL of the catalog"
    )
    store: str = Field(
        default="store.db",
        description="the store database (staff roster, lockouts, audit log): a SQLite file "
        "or a postgresql:// URL",
    )
    staff_key: Path = Field(
        default=Path("secrets/staff.key"),
        description="the secret key mixed into every PIN hash; kept out of every database",
    )

    @property
    def journal(self) -> Path:
        return self.data_dir / "journal.db"


class SoundSettings(Section):
    """The lane's sounds (added / unknown / needs-a-person ...); see docs/ui.md."""

    enabled: bool = True
    volume: int = Field(default=80, ge=0, le=100, description="percent")
    player: tuple[str, ...] | None = Field(
        default=None,
        description="a command that plays a WAV file given as its last argument, e.g. "
        '["aplay", "-q"]; by default Qt Multimedia when installed, else the first of '
        "pw-play, paplay or aplay found on PATH",
    )

    @field_validator("player")
    @classmethod
    def _player(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is not None and (not value or not value[0].strip()):
            raise ValueError('a command and its options, e.g. ["aplay", "-q"]')
        return value


class BarcodeSettings(Section):
    """In-store (restricted-circulation) barcode layouts; see docs/barcodes.md."""

    prefixes: dict[str, dict[str, Any]] | None = Field(
        default=None, description="replaces the built-in prefix table when given"
    )

    @field_validator("prefixes")
    @classmethod
    def _table(cls, value: dict[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]] | None:
        if value is not None:
            PrefixTable.from_mapping(value)  # raises ValueError naming the prefix and problem
        return value

    @property
    def prefix_table(self) -> PrefixTable:
        return (
            DEFAULT_PREFIXES if self.prefixes is None else PrefixTable.from_mapping(self.prefixes)
        )


class KioskConfig(Section):
    schema_version: Literal[1] = SCHEMA_VERSION
    store: StoreSettings
    kiosk: KioskSettings
    language: Language = Language.NL
    languages: tuple[Language, ...] = (Language.NL, Language.EN)
    policies: Policies = Policies()
    timeouts: Timeouts = Timeouts()
    broker: BrokerSettings = BrokerSettings()
    paths: Paths = Paths()
    barcodes: BarcodeSettings = BarcodeSettings()
    sound: SoundSettings = SoundSettings()
    devices: dict[DeviceName, DeviceConfig] = Field(default_factory=dict)

    @field_validator("devices")
    @classmethod
    def _devices(cls, value: dict[str, DeviceConfig]) -> dict[str, DeviceConfig]:
        return one_device_per_role(value)


class ConfigError(Exception):
    """A configuration file that cannot be used; ``problems`` lists every mistake found."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = Path(path)
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{self.path}: configuration refused:\n{lines}")


def _location(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif isinstance(item, str) and item.startswith(("function-after[", "function-before[")):
            continue  # pydantic's validator wrappers; not a key the user wrote
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def describe_validation_error(error: ValidationError) -> list[str]:
    """Turn pydantic's report into one line per mistake, each naming its key."""
    problems = []
    for item in error.errors(include_url=False):
        where = _location(item["loc"])
        kind = item["type"]
        if kind == "extra_forbidden":
            problems.append(f"{where}: unknown key (misspelt, or in the wrong section?)")
        elif kind == "missing":
            problems.append(f"{where}: required, but missing")
        else:
            message = item["msg"].removeprefix("Value error, ")
            given = item.get("input")
            shown = "" if isinstance(given, dict | list) else f" (got {given!r})"
            problems.append(f"{where}: {message}{shown}")
    return problems


Model = TypeVar("Model", bound=BaseModel)


def load_toml_model(path: Path | str, model: type[Model]) -> Model:
    """Read ``path`` as TOML and validate it as ``model``; raise ``ConfigError`` on any mistake."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, ["file not found"]) from None
    except OSError as exc:
        raise ConfigError(path, [f"cannot read the file: {exc.strerror}"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, [f"not UTF-8 text (byte {exc.start})"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, [f"not valid TOML: {exc}"]) from None
    except RecursionError:  # tomllib recurses per nested array or inline table
        raise ConfigError(path, ["not valid TOML: arrays or tables nested too deeply"]) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(path, describe_validation_error(exc)) from None


def load_kiosk_config(path: Path | str) -> KioskConfig:
    """Load and validate one kiosk's configuration file."""
    config = load_toml_model(path, KioskConfig)
    base = Path(path).resolve().parent
    return config.model_copy(
        update={
            "paths": resolve_paths(config.paths, base),
            "broker": resolve_broker(config.broker, base),
        }
    )


def resolve_broker(broker: BrokerSettings, base: Path) -> BrokerSettings:
    """The broker's password and CA files, relative to the config file like ``paths``."""
    return broker.model_copy(
        update={
            "password_file": None
            if broker.password_file is None
            else resolve_path(broker.password_file, base),
            "ca_file": None if broker.ca_file is None else resolve_path(broker.ca_file, base),
        }
    )


def resolve_paths(paths: Paths, base: Path) -> Paths:
    """Relative paths in a config file are relative to the file, not to the working directory."""
    return Paths(
        data_dir=resolve_path(paths.data_dir, base),
        catalog=resolve_target(paths.catalog, base),
        store=resolve_target(paths.store, base),
        staff_key=resolve_path(paths.staff_key, base),
    )


def resolve_target(target: str, base: Path) -> str:
    """A database URL as it is; a file path resolved like ``resolve_path``."""
    return target if "://" in target else str(resolve_path(Path(target), base))


def resolve_path(path: Path, base: Path) -> Path:
    """An absolute path as it is; a relative one taken from ``base``, normalised."""
    return path if path.is_absolute() else Path(os.path.normpath(base / path))
