"""Hypothesis strategies for every message of ``kiosk.link.protocol``, built from the models'
own field types and constraints (so a new field is generated without touching this file)."""

from __future__ import annotations

import enum
import types
import typing
from datetime import UTC, datetime, timedelta
from typing import Any

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel, StringConstraints
from pydantic.fields import FieldInfo

from kiosk.link import protocol as p
from kiosk.link.topics import StoreTopics

TOPICS = StoreTopics("demo-store")
TIMES = st.datetimes(  # hypothesis wants naive bounds; the zone comes from ``timezones``
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)

COMMANDS: tuple[type[p.Command], ...] = typing.get_args(typing.get_args(p.AnyCommand)[0])
EVENTS: tuple[type[p.Event], ...] = typing.get_args(typing.get_args(p.AnyEvent)[0])
MESSAGES: tuple[type[p.Envelope], ...] = (
    p.KioskState,
    *EVENTS,
    *COMMANDS,
    p.CommandResult,
    p.Ack,
    p.Presence,
)
"""Every concrete message a publisher may send."""


def _regex(pattern: str) -> st.SearchStrategy[str]:
    return st.from_regex(pattern.replace("^", r"\A", 1).removesuffix("$") + r"\Z", fullmatch=True)


def _limits(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, StringConstraints):
            found.update(
                {k: v for k, v in vars(item).items() if v is not None and not k.startswith("_")}
            )
        elif isinstance(item, FieldInfo):
            found.update(_limits(item.metadata))
        elif isinstance(item, annotated_types.Ge):
            found["ge"] = item.ge
        elif isinstance(item, annotated_types.Gt):
            found["gt"] = item.gt
        elif isinstance(item, annotated_types.Le):
            found["le"] = item.le
        elif isinstance(item, annotated_types.MinLen):
            found["min_length"] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            found["max_length"] = item.max_length
        elif hasattr(item, "pattern") and item.pattern is not None:
            found["pattern"] = item.pattern
    return found


def for_type(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> st.SearchStrategy[Any]:
    """Valid values of ``annotation`` under the constraints in ``metadata``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return for_type(base, [*metadata, *extra])
    if origin in (typing.Union, types.UnionType):
        return st.one_of([for_type(arm, metadata) for arm in typing.get_args(annotation)])
    if annotation is type(None):
        return st.none()
    limits = _limits(list(metadata))
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(annotation))
    if origin is list:
        (item,) = typing.get_args(annotation)
        low = limits.get("min_length", 0)
        return st.lists(for_type(item), min_size=low, max_size=max(low, 3))
    if origin is dict:
        key, value = typing.get_args(annotation)
        return st.dictionaries(for_type(key), for_type(value), max_size=3)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_data(annotation).map(annotation.model_validate)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return st.sampled_from(list(annotation))
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.integers(limits.get("ge", -(2**40)), limits.get("le", 2**40))
    if annotation is float:
        return st.floats(
            min_value=limits.get("gt", 0.0), max_value=limits.get("le", 1e9), exclude_min=True
        )
    if annotation is datetime:
        return TIMES
    if annotation is str:
        if "pattern" in limits:
            return _regex(limits["pattern"])
        return st.text(min_size=limits.get("min_length", 0), max_size=limits.get("max_length", 30))
    raise NotImplementedError(f"no strategy for {annotation!r}")


@st.composite
def model_data(draw: st.DrawFn, model: type[BaseModel]) -> dict[str, Any]:
    """The field values of a valid ``model`` (by field name), cross-field rules kept."""
    data: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if field.is_required() or draw(st.booleans()):
            data[name] = draw(for_type(field.annotation, field.metadata))
    if issubclass(model, p.Envelope):  # any minor of our major
        data["schema_version"] = f"{p.SCHEMA_MAJOR}.{draw(st.integers(0, 9999))}"
    if issubclass(model, p.Command):
        sent_at = data.setdefault("sent_at", draw(TIMES))
        data["expires_at"] = sent_at + timedelta(milliseconds=draw(st.integers(1, 600_000)))
    if model is p.CommandResult:
        if data["ok"]:
            data["refusal"] = None
        elif data.get("refusal") is None:
            data["refusal"] = draw(for_type(p.Refusal))
    return data


def messages(model: type[p.Envelope]) -> st.SearchStrategy[p.Envelope]:
    return model_data(model).map(model.model_validate)


def topic_for(message: p.Envelope, kiosk: str = "kiosk-1") -> str:
    """The topic ``message`` is published on (its sender owns it)."""
    match message:
        case p.KioskState():
            return TOPICS.kiosk_state(message.sender)
        case p.Event():
            return TOPICS.kiosk_event(message.sender)
        case p.Command():
            return TOPICS.command(kiosk, message.sender)
        case p.CommandResult():
            return TOPICS.command_result(message.sender)
        case p.Ack():
            return TOPICS.ack(kiosk, message.sender)
        case p.Presence():
            return TOPICS.kiosk_presence(message.sender)
    raise AssertionError(message)
