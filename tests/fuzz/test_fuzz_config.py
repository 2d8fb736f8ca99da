"""Fuzzing the configuration loaders: whatever is in the file, ``load_kiosk_config`` and
``load_console_config`` return a config or raise ``ConfigError`` with its problems listed,
never anything else (a traceback at start-up tells a store manager nothing).

Inputs: arbitrary bytes, arbitrary text, TOML documents with the real section and key
names and values of every TOML type, and the shipped examples with one line mutated.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from attendant.config import load_console_config
from kiosk.config import ConfigError, load_kiosk_config
from tests.fuzz.budget import fuzz

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
KIOSK_EXAMPLE = (EXAMPLES / "kiosk-1.toml").read_text(encoding="utf-8")
CONSOLE_EXAMPLE = (EXAMPLES / "console.toml").read_text(encoding="utf-8")
LOADERS: dict[str, Callable[[Path], object]] = {
    "kiosk": load_kiosk_config,
    "console": load_console_config,
}

# Found by this fuzzing: tomllib parses nested arrays and inline tables recursively, and a
# few hundred levels ended in RecursionError instead of ConfigError.
DEEP_ARRAY = b"a = " + b"[" * 2000 + b"]" * 2000
DEEP_TABLE = b"a = " + b"{b=" * 2000 + b"1" + b"}" * 2000

# -- a small TOML writer (tomllib only reads) ------------------------------------------------


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string accepts JSON's escapes but \/
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(sections: dict[str, dict[str, Any]], top: dict[str, Any]) -> str:
    lines = [f"{json.dumps(k)} = {toml_value(v)}" for k, v in top.items()]
    for name, keys in sections.items():
        lines.append(f"[{name}]")
        lines += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in keys.items()]
    return "\n".join(lines) + "\n"


# -- strategies ----------------------------------------------------------------------------

SECTIONS = {
    "store": ["id", "name", "timezone"],
    "kiosk": ["id", "name"],
    "console": ["id", "name"],
    "broker": ["enabled", "embedded", "host", "port", "tls", "ca_file", "username",
               "password_file", "keepalive_s"],
    "policies": ["voids_need_approval", "digital_receipt", "carrier_bags_offered"],
    "timeouts": ["idle_prompt_s", "idle_suspend_s", "payment_s", "help_escalate_s",
                 "attract_after_receipt_s"],
    "paths": ["data_dir", "catalog", "store", "staff_key"],
    "sound": ["enabled", "volume", "player"],
    "barcodes": ["prefixes"],
    "help_queue": ["amber_after_s", "red_after_s", "sound"],
    "login": ["auto_logout_min"],
    "devices.scanner": ["kind", "driver", "url", "enabled", "options"],
    "devices.printer": ["kind", "driver", "url", "enabled", "options"],
    "barcodes.prefixes.21": ["kind", "item_digits", "value_digits", "verifier_digit",
                             "decimals", "description"],
    "barcodes.prefixes.x": ["kind"],
}  # fmt: skip
TOP_KEYS = ["schema_version", "language", "languages", "kiosks", "unknown"]
WORDS = [
    "kiosk-1", "s1", "Winkel", "Europe/Amsterdam", "UTC", "Europe", "zone.tab", "../x",
    "/abs", "sim:", "sim:x", "tcp://1.2.3.4:9100", "tcp://h:99999", "usb:0a0b:0c0d",
    "/dev/ttyUSB0", "socket://h:1", "scanner", "payment_terminal", "price", "weight",
    "count", "sim", "serial", "nl", "en", "postgresql://u@h/db", "", " ", "\x00", "é",
]  # fmt: skip

scalars = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=40),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, 1, 5, 10, 30, 60, 65535, 65536, -1]),
    st.floats(),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["a", "kind", "21", "item_digits", "x"]), inner, max_size=3
        )
    ),
    max_leaves=8,
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    names = draw(st.lists(st.sampled_from(sorted(SECTIONS)), unique=True, max_size=8))
    sections = {
        name: draw(st.dictionaries(st.sampled_from(SECTIONS[name]), values, max_size=5))
        for name in names
    }
    top = draw(st.dictionaries(st.sampled_from(TOP_KEYS), values, max_size=3))
    return toml_document(sections, top)


@st.composite
def mutated_examples(draw: st.DrawFn) -> str:
    """A shipped example with one line's value replaced, or a line dropped or doubled."""
    lines = draw(st.sampled_from([KIOSK_EXAMPLE, CONSOLE_EXAMPLE])).splitlines()
    at = draw(st.integers(0, len(lines) - 1))
    key, sep, _ = lines[at].partition(" = ")
    action = draw(st.sampled_from(["value", "drop", "double"]))
    if action == "value" and sep:
        lines[at] = f"{key} = {toml_value(draw(values))}"
    elif action == "drop":
        del lines[at]
    else:
        lines.insert(at, lines[at])
    return "\n".join(lines) + "\n"


toml_bytes = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    documents().map(str.encode),
    mutated_examples().map(str.encode),
    st.integers(1, 3000).map(lambda n: b"a = " + b"[" * n + b"]" * n),
)


@pytest.fixture(scope="module")
def config_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-config") / "config.toml"


@pytest.mark.parametrize("which", sorted(LOADERS))
@fuzz(200)
@given(content=toml_bytes)
@example(content=DEEP_ARRAY)
@example(content=DEEP_TABLE)
@example(content=b'[store]\nid = "s1"\nname = "W"\ntimezone = "zone.tab"\n')  # no TZif file
def test_any_file_loads_or_is_refused_with_config_error(
    config_file: Path, which: str, content: bytes
) -> None:
    config_file.write_bytes(content)
    refused: ConfigError | None = None
    try:
        LOADERS[which](config_file)
    except ConfigError as error:
        refused = error
    if refused is not None:
        assert refused.problems
        assert all(isinstance(p, str) and p for p in refused.problems)
        assert str(config_file) in str(refused)


@pytest.mark.parametrize("which", sorted(LOADERS))
def test_the_shipped_example_still_loads_after_the_fuzzing(which: str) -> None:
    """Guards the strategies above: the unmutated examples are valid."""
    name = "kiosk-1.toml" if which == "kiosk" else "console.toml"
    LOADERS[which](EXAMPLES / name)
