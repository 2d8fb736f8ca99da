"""The scenario file: what a scripted session looks like, validated before anything runs.

A scenario is a YAML mapping with a list of ``steps``; each step is a mapping with exactly
one key, the step's kind, whose value is either a mapping of the step's fields or a
single value for its main field (``- scan: "8711158843402"`` is
``- scan: {code: "8711158843402"}``). Every model forbids unknown fields, so a misspelt
field is an error, not a silent default. :func:`load_scenario` turns every mistake into
one line naming the step number (from 1) and the field, and raises
:class:`ScenarioFileError` with all of them (the command exits 2).

The format is documented in ``docs/scenarios.md``; keep the two together.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from kiosk.core.session import SessionState

__all__ = [
    "DEVICE_KINDS",
    "STEP_TYPES",
    "CartCondition",
    "Conditions",
    "HelpCondition",
    "JournalCondition",
    "ReceiptCondition",
    "Scenario",
    "ScenarioFileError",
    "StaffEntry",
    "Step",
    "load_scenario",
    "parse_scenario",
]

DEVICE_KINDS = ("scanner", "scale", "printer", "payment_terminal", "lane_light")
"""The simulators a step can talk to (``terminal`` is accepted for ``payment_terminal``)."""

_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_STATES = tuple(state.value for state in SessionState)


class ScenarioFileError(ValueError):
    """The scenario file (or the command line) is wrong; ``problems`` says where."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


# -- conditions (wait and expect) ---------------------------------------------------------


class CartCondition(_Model):
    """What the lane's cart holds now."""

    lines: int | None = Field(default=None, ge=0)
    """Every cart line, deposits included."""
    items: int | None = Field(default=None, ge=0)
    """The item count the shopper sees."""
    total_cents: int | None = Field(default=None, ge=0)
    contains: list[str] = Field(default_factory=list)
    """Each text is part of some line's product name (Dutch or English)."""
    empty: bool | None = None

    _list = field_validator("contains", mode="before")(_as_list)


class HelpCondition(_Model):
    """The lane's help calls and the help layer."""

    open: int | None = Field(default=None, ge=0)
    """How many calls are open (not resolved or cancelled)."""
    reason: str | None = None
    """An open call has this reason (``age_check``, ``unknown_item``, ``shopper_request`` ...)."""
    status: str | None = None
    """... and, with ``reason``, this status (``raised``, ``acknowledged`` ...)."""
    panel: bool | None = None
    """The help layer is in front (True) or not (False)."""


class ReceiptCondition(_Model):
    """What the printer simulator printed."""

    printed: int | None = Field(default=None, ge=0)
    """How many receipts were printed since the kiosk started."""
    contains: list[str] = Field(default_factory=list)
    """Each text is on the last printed receipt."""

    _list = field_validator("contains", mode="before")(_as_list)


class JournalCondition(_Model):
    """Counts in the journal (``<data_dir>/journal.db``), by status, reason or kind."""

    transactions: dict[str, int] = Field(default_factory=dict)
    """Transactions per status: ``open``, ``paid``, ``cancelled``, ``suspended``,
    ``paid_elsewhere``."""
    payments: dict[str, int] = Field(default_factory=dict)
    """Payment attempts per status: ``pending``, ``approved``, ``declined``, ``unknown`` ..."""
    help_calls: dict[str, int] = Field(default_factory=dict)
    """Help calls per reason."""
    outbox: dict[str, int] = Field(default_factory=dict)
    """Outbox events per kind (at least this many)."""
    integrity: bool | None = None
    """``PRAGMA integrity_check`` says ok."""


class Conditions(_Model):
    """Everything ``wait`` and ``expect`` can look at; every field given must hold."""

    state: str | None = None
    screen: str | None = None
    """The object name of the screen in front (``shopping_screen``)."""
    text: list[str] = Field(default_factory=list)
    """Each text is visible somewhere on the window (labels, buttons, the cart)."""
    no_text: list[str] = Field(default_factory=list)
    """No visible text contains any of these."""
    visible: list[str] = Field(default_factory=list)
    """Widgets (object names) that are visible."""
    hidden: list[str] = Field(default_factory=list)
    """Widgets that are missing or not visible."""
    enabled: list[str] = Field(default_factory=list)
    disabled: list[str] = Field(default_factory=list)
    message: str | None = None
    """The key of the lane's last message (``age_check_needed``)."""
    cart: CartCondition | None = None
    help: HelpCondition | None = None
    receipt: ReceiptCondition | None = None
    journal: JournalCondition | None = None

    _lists = field_validator(
        "text", "no_text", "visible", "hidden", "enabled", "disabled", mode="before"
    )(_as_list)

    @field_validator("state")
    @classmethod
    def _known_state(cls, value: str | None) -> str | None:
        if value is not None and value not in _STATES:
            raise ValueError(f"unknown state {value!r}; the states are: {', '.join(_STATES)}")
        return value

    @model_validator(mode="after")
    def _something(self) -> Conditions:
        if not self.model_fields_set - {"timeout"}:
            raise ValueError("say what to look at (state, screen, text, cart, help ...)")
        return self


# -- steps ----------------------------------------------------------------------------------


class Step(_Model):
    kind: ClassVar[str] = ""
    main: ClassVar[str | None] = None
    """The field a bare value fills (``- tap: pay`` -> ``{name: pay}``)."""


class ScanStep(Step):
    """A scan on the scanner simulator: a code (framed as the scanner does), or raw bytes."""

    kind: ClassVar[str] = "scan"
    main: ClassVar[str | None] = "code"
    code: str | None = None
    symbology: str | None = None
    aim: str | None = None
    raw: str | None = None
    """Text written to the scanner line as it is (latin-1), terminator included."""
    raw_hex: str | None = None
    """Bytes written to the scanner line, in hex."""

    @model_validator(mode="after")
    def _one_way(self) -> ScanStep:
        given = [name for name in ("code", "raw", "raw_hex") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of code, raw, raw_hex")
        if self.code is None and (self.symbology or self.aim):
            raise ValueError("symbology and aim go with code, not with raw bytes")
        if self.raw_hex is not None:
            try:
                bytes.fromhex(self.raw_hex)
            except ValueError:
                raise ValueError(f"raw_hex is not hex: {self.raw_hex!r}") from None
        if self.raw is not None:
            try:
                self.raw.encode("latin-1")
            except UnicodeEncodeError:
                raise ValueError("raw holds characters beyond latin-1; use raw_hex") from None
        return self


class WeighStep(Step):
    """Put a weight on the scale simulator (replacing what was on it)."""

    kind: ClassVar[str] = "weigh"
    main: ClassVar[str | None] = "grams"
    grams: int = Field(ge=0, le=60_000)
    stable: bool = True


class TapStep(Step):
    """A real mouse click on a visible, enabled widget found by its object name."""

    kind: ClassVar[str] = "tap"
    main: ClassVar[str | None] = "name"
    name: str = Field(pattern=r"^[A-Za-z0-9_]+$")


class TypeStep(Step):
    """Digits typed on the keypad in front (tapping its keys), then OK unless ``submit: false``."""

    kind: ClassVar[str] = "type"
    main: ClassVar[str | None] = "text"
    text: str = Field(pattern=r"^[0-9]{1,32}$")
    submit: bool = True

    @field_validator("text", mode="before")
    @classmethod
    def _digits(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class StaffPinStep(Step):
    """The staff login in front, then the staff number and PIN on its keypad."""

    kind: ClassVar[str] = "staff_pin"
    login: str = Field(pattern=r"^[0-9]{1,16}$")
    pin: str = Field(pattern=r"^[0-9]{4,12}$")
    expect_refused: bool = False
    """The login must be refused (the error shows) instead of opening the menu."""

    @field_validator("login", "pin", mode="before")
    @classmethod
    def _digits(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class StaffBadgeStep(Step):
    """A badge scanned on the scanner simulator: with the staff login brought to the front
    first (``open_login``, the default), or on whatever screen is in front (the shell
    offers it to the staff login: badge scan anywhere)."""

    kind: ClassVar[str] = "staff_badge"
    main: ClassVar[str | None] = "code"
    code: str = Field(min_length=1, max_length=64)
    open_login: bool = True


class PaymentStep(Step):
    """What the terminal simulator does with the next payments."""

    kind: ClassVar[str] = "payment"
    main: ClassVar[str | None] = "outcome"
    outcome: str | None = None
    """Added to the terminal's queue (``approve``, ``decline:refused``, ``slow:2`` ...)."""
    outcomes: list[str] | None = None
    """Replaces the terminal's queue."""

    @model_validator(mode="after")
    def _one(self) -> PaymentStep:
        if (self.outcome is None) == (self.outcomes is None):
            raise ValueError("give outcome or outcomes")
        return self


class FaultStep(Step):
    """A device fault, its end, or an unplug / replug, on one simulator."""

    kind: ClassVar[str] = "fault"
    device: str
    fault: str | None = None
    """The simulator's fault name (``paper_out``); absent or null with ``clear``."""
    clear: bool = False
    action: Literal["unplug", "plug"] | None = None

    @field_validator("device")
    @classmethod
    def _device(cls, value: str) -> str:
        value = "payment_terminal" if value == "terminal" else value
        if value not in DEVICE_KINDS:
            raise ValueError(f"unknown device {value!r}; use one of {', '.join(DEVICE_KINDS)}")
        return value

    @model_validator(mode="after")
    def _one(self) -> FaultStep:
        given = sum((self.fault is not None, self.clear, self.action is not None))
        if given != 1:
            raise ValueError("give exactly one of fault, clear: true, action")
        return self


class AdvanceStep(Step):
    """Move the injected clock on, one lane tick per second (idle and receipt timeouts)."""

    kind: ClassVar[str] = "advance"
    main: ClassVar[str | None] = "seconds"
    seconds: float = Field(gt=0, le=24 * 3600)


class WaitStep(Conditions):
    """Process events until every condition holds, or fail after ``timeout`` seconds."""

    kind: ClassVar[str] = "wait"
    main: ClassVar[str | None] = None
    timeout: float = Field(default=5.0, gt=0, le=600)


class ExpectStep(Conditions):
    """Every condition holds now (after the events already pending)."""

    kind: ClassVar[str] = "expect"
    main: ClassVar[str | None] = None


class ScreenshotStep(Step):
    """The window as a PNG, ``screenshots/<name>.png`` in the output folder."""

    kind: ClassVar[str] = "screenshot"
    main: ClassVar[str | None] = "name"
    name: str = Field(pattern=_NAME.pattern)


class LanguageStep(Step):
    """Switch the kiosk's language, as the language button does."""

    kind: ClassVar[str] = "language"
    main: ClassVar[str | None] = "language"
    language: Literal["nl", "en"]


class HoldStep(Step):
    """Keep the kiosk running (events processed) for this many real seconds: for a test
    that kills the process at a chosen moment, or for watching."""

    kind: ClassVar[str] = "hold"
    main: ClassVar[str | None] = "seconds"
    seconds: float = Field(gt=0, le=600)


STEP_TYPES: dict[str, type[BaseModel]] = {
    cls.kind: cls
    for cls in (
        ScanStep,
        WeighStep,
        TapStep,
        TypeStep,
        StaffPinStep,
        StaffBadgeStep,
        PaymentStep,
        FaultStep,
        AdvanceStep,
        WaitStep,
        ExpectStep,
        ScreenshotStep,
        LanguageStep,
        HoldStep,
    )
}


# -- the file ---------------------------------------------------------------------------


class StaffEntry(_Model):
    """A staff member the runner puts in the store database before the kiosk starts."""

    login: str = Field(pattern=r"^[0-9]{1,16}$")
    name: str = Field(min_length=1, max_length=64)
    role: Literal["attendant", "supervisor", "technician"] = "attendant"
    pin: str = Field(pattern=r"^[0-9]{4,12}$")
    badge: str | None = None

    @field_validator("login", "pin", mode="before")
    @classmethod
    def _digits(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class Scenario(_Model):
    """A whole scenario file (see the module docstring and docs/scenarios.md)."""

    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    language: Literal["nl", "en"] = "en"
    screen: str = "1280x800"
    config: Path | None = None
    """A kiosk TOML file (relative to the scenario file). Without it the runner writes
    one with simulated devices and its data inside the output folder."""
    clock: datetime = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    """Where the injected clock starts (UTC when no offset is given)."""
    timeouts: dict[str, int] = Field(default_factory=dict)
    """``[timeouts]`` of the written configuration (``idle_prompt_s`` ...)."""
    policies: dict[str, bool] = Field(default_factory=dict)
    """``[policies]`` of the written configuration (``voids_need_approval`` ...)."""
    staff: list[StaffEntry] = Field(default_factory=list)
    steps: list[Any] = Field(min_length=1)

    @field_validator("screen")
    @classmethod
    def _screen(cls, value: str) -> str:
        width, sep, height = value.lower().partition("x")
        if not sep or not width.isdigit() or not height.isdigit():
            raise ValueError(f"a screen size is WIDTHxHEIGHT, e.g. 1280x800, not {value!r}")
        return value.lower()

    @field_validator("clock")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    @property
    def screen_size(self) -> tuple[int, int]:
        width, _, height = self.screen.partition("x")
        return int(width), int(height)


class ParsedScenario:
    """A validated scenario: the file's settings and its steps as models."""

    def __init__(self, scenario: Scenario, steps: list[BaseModel], path: Path | None) -> None:
        self.scenario = scenario
        self.steps = steps
        self.path = path

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path is not None else Path.cwd()


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(the step)"


def _step(index: int, raw: Any) -> tuple[BaseModel | None, list[str]]:
    where = f"step {index}"
    if not isinstance(raw, dict) or len(raw) != 1:
        return None, [
            f"{where}: a step is a mapping with one key, the step's kind "
            f"({', '.join(STEP_TYPES)}), not {raw!r}"
        ]
    ((kind, value),) = raw.items()
    cls = STEP_TYPES.get(kind)
    if cls is None:
        return None, [f"{where}: unknown step {kind!r}; the steps are: {', '.join(STEP_TYPES)}"]
    if not isinstance(value, dict):
        main = getattr(cls, "main", None)
        if main is None:
            return None, [f"{where} ({kind}): give a mapping of fields, not {value!r}"]
        value = {main: value}
    try:
        return cls.model_validate(value), []
    except ValidationError as error:
        return None, [
            f"{where} ({kind}): {_where(item['loc'])}: {item['msg']}" for item in error.errors()
        ]


def parse_scenario(data: Any, path: Path | None = None) -> ParsedScenario:
    """Validate a loaded YAML document; :class:`ScenarioFileError` lists every mistake."""
    if not isinstance(data, dict):
        raise ScenarioFileError(["the scenario is a mapping with name and steps"])
    problems: list[str] = []
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems += [f"scenario: {_where(item['loc'])}: {item['msg']}" for item in error.errors()]
    steps: list[BaseModel] = []
    raw_steps = data.get("steps")
    if isinstance(raw_steps, list):
        for index, raw in enumerate(raw_steps, start=1):
            step, errors = _step(index, raw)
            problems += errors
            if step is not None:
                steps.append(step)
    if problems or scenario is None:
        raise ScenarioFileError(problems)
    return ParsedScenario(scenario, steps, path)


def load_scenario(path: str | Path) -> ParsedScenario:
    """Read and validate a scenario file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioFileError([f"{path}: cannot read: {error.strerror or error}"]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ScenarioFileError([f"{path}: not YAML: {error}"]) from None
    return parse_scenario(data, path.resolve())
