"""docs/protocol.md cannot rot: every model has a table listing each of its fields, no table
names a field the model lacks, and every JSON example decodes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import BaseModel

from kiosk.link import protocol as p
from tests.link.protocol_strategies import MESSAGES, TOPICS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text(encoding="utf-8")
EXAMPLES_AT = datetime(2030, 5, 4, 10, 0, 0, tzinfo=UTC)
MODELS = [
    value
    for value in vars(p).values()
    if isinstance(value, type)
    and issubclass(value, BaseModel)
    and value.__module__ == p.__name__
    and not value.__name__.startswith("_")
]


def _json_names(model: type[BaseModel]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()}


def _parent(model: type[BaseModel]) -> type[BaseModel] | None:
    return next((base for base in model.__mro__[1:] if base in MODELS), None)


def _own_fields(model: type[BaseModel]) -> set[str]:
    """The fields a model adds to the model it extends (those its table must list)."""
    parent = _parent(model)
    return _json_names(model) - (_json_names(parent) if parent else set())


def _sections() -> dict[str, tuple[str, set[str]]]:
    """Model name -> (its heading, the field names in its table)."""
    found: dict[str, tuple[str, set[str]]] = {}
    current: str | None = None
    for line in DOC.splitlines():
        heading = re.match(r"^#{2,4} `(\w+)`", line)
        if heading:
            current = heading.group(1)
            assert current not in found, f"two sections for {current}"
            found[current] = (line, set())
        elif line.startswith("#"):
            current = None
        elif current and (row := re.match(r"^\| `(\w+)` +\|", line)):
            found[current][1].add(row.group(1))
    return found


SECTIONS = _sections()
EXAMPLES = re.findall(r"^```json topic=(\S+)\n(.*?)^```$", DOC, flags=re.M | re.S)


def test_the_doc_was_parsed() -> None:
    assert len(MODELS) >= 40 and len(SECTIONS) == len(MODELS)
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_field_is_documented(model: type[BaseModel]) -> None:
    assert model.__name__ in SECTIONS, f"docs/protocol.md has no '### `{model.__name__}`'"
    heading, documented = SECTIONS[model.__name__]
    missing = _own_fields(model) - documented
    assert not missing, f"{model.__name__}: fields not in the doc's table: {sorted(missing)}"
    stale = documented - _json_names(model)
    assert not stale, f"{model.__name__}: the doc's table names unknown fields {sorted(stale)}"
    for tag in ("type", "event", "command"):  # the fixed value of a message's kind
        default = model.model_fields[tag].default if tag in model.model_fields else None
        if isinstance(default, str) and tag != "type":
            assert f"`{tag}`: `{default}`" in heading, heading


@pytest.mark.parametrize(
    ("topic", "text"), EXAMPLES, ids=[f"example-{n}" for n in range(len(EXAMPLES))]
)
def test_every_example_decodes(topic: str, text: str) -> None:
    result = p.decode(topic, text.encode(), now=EXAMPLES_AT, topics=TOPICS)
    assert isinstance(result, p.Decoded), result


def test_every_message_type_has_an_example() -> None:
    shown = {
        type(p.decode(topic, text.encode(), now=EXAMPLES_AT, topics=TOPICS).message)  # type: ignore[union-attr]
        for topic, text in EXAMPLES
    }
    for message_type in p.MessageType:
        assert any(
            model.model_fields["type"].default == message_type for model in shown & set(MESSAGES)
        ), f"no example of a {message_type}"


def test_every_rejection_reason_is_documented() -> None:
    for reason in p.RejectReason:
        assert f"`{reason}`" in DOC
    for reason in p.RefusalReason:
        assert f"`{reason}`" in DOC
