"""Typed messages to translated words, and the bridge that carries them."""

from __future__ import annotations

import enum

import pytest

from kiosk.ui.messages import (
    MESSAGES,
    Message,
    MessageBridge,
    MessageError,
    MessageRegistry,
    Severity,
    placeholders,
)


class MessageKey(enum.StrEnum):
    """Stands in for the core's enum (kiosk/core/lane/messages.py)."""

    UNKNOWN_BARCODE = "unknown_barcode"
    CARD_DECLINED = "card_declined"


def test_a_message_answers_three_questions_in_dutch_and_english(qapp, translator) -> None:
    translator.set_language("nl")
    text = MESSAGES.text(MessageKey.CARD_DECLINED)
    assert text.lines() == (
        "Deze kaart is geweigerd",
        "Er is niets betaald.",
        "Probeer een andere kaart, of druk op Hulp.",
    )
    assert text.severity is Severity.ERROR and text.key == "card_declined"
    translator.set_language("en")
    assert MESSAGES.text("card_declined").title == "This card was declined"


def test_parameters_are_filled_in_the_translation(qapp, translator) -> None:
    translator.set_language("nl")
    text = MESSAGES.text(Message("staff_on_the_way", {"name": "Sam"}))
    assert text.title == "Sam komt eraan"
    body = MESSAGES.text(MessageKey.UNKNOWN_BARCODE, code="8712345678906", extra="kept").body
    assert body == "Code 8712345678906 staat niet in onze lijst. Er is niets toegevoegd."
    with pytest.raises(MessageError, match="needs code"):
        MESSAGES.text(MessageKey.UNKNOWN_BARCODE)


def test_every_registered_message_is_complete_and_translated(qapp, translator) -> None:
    assert len(MESSAGES) >= 10
    for language in ("nl", "en"):
        translator.set_language(language)
        for key in MESSAGES:
            template = MESSAGES.template(key)
            params = {name: "X" for name in template.parameters()}
            text = MESSAGES.text(key, **params)
            assert text.title and text.body, key
            # A confirmation ("the product is removed") needs no "what can I do": the shopper
            # carries on; while waiting, "what happens now" is the body. Anything that went
            # wrong must say what the shopper can do.
            if text.severity is Severity.ERROR:
                assert text.action, f"{key} says what happened but not what to do"
            if language == "nl":
                assert text.title != template.title.format_map(params), f"{key} not in Dutch"


def test_unknown_keys_and_bad_registrations_are_refused() -> None:
    registry = MessageRegistry()
    registry.register("paper_low", title="Paper is low", body="", severity=Severity.WAITING)
    assert "paper_low" in registry and "other" not in registry and 42 not in registry
    with pytest.raises(MessageError, match="twice"):
        registry.register("paper_low", title="Again", body="")
    with pytest.raises(MessageError, match="needs a title"):
        registry.register("empty", title="", body="")
    with pytest.raises(MessageError, match="lower_case"):
        registry.register("Not A Key", title="x", body="")
    with pytest.raises(MessageError, match="no message 'nope'"):
        registry.text("nope")
    assert placeholders("{a} and {b_c}") == {"a", "b_c"}


def test_the_bridge_records_and_emits_each_message(qtbot, translator) -> None:
    bridge = MessageBridge()
    with qtbot.waitSignal(bridge.posted) as posted:
        message = bridge.post(MessageKey.UNKNOWN_BARCODE, code="123")
    assert posted.args == [message]
    assert bridge.history == [Message("unknown_barcode", {"code": "123"})]
    with qtbot.assertNotEmitted(bridge.posted), pytest.raises(MessageError):
        bridge.post("unknown_barcode")  # a missing parameter fails in the caller
    assert len(bridge.history) == 1
