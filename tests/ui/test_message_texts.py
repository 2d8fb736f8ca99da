"""Every lane message has words, in English and Dutch, that its parameters can fill."""

from __future__ import annotations

import pytest

from kiosk.core.lane.messages import MESSAGE_INFO, Message, MessageKey
from kiosk.ui.message_texts import PARAMETERS, SEVERITY, lane_text, shopper_params
from kiosk.ui.messages import MESSAGES, placeholders


def _available(key: MessageKey) -> set[str]:
    sent = PARAMETERS.get(key, frozenset())
    return set(shopper_params({name: 1 for name in sent}))


@pytest.mark.parametrize("key", list(MessageKey))
def test_every_key_has_a_title_body_and_colour_and_needs_only_what_the_lane_sends(key) -> None:
    assert key in MESSAGES
    template = MESSAGES.template(key)
    assert template.title and template.body
    assert template.parameters() <= _available(key)
    if key.value not in {"unknown_barcode", "help_called", "payment_approved"}:
        assert template.severity is SEVERITY[MESSAGE_INFO[key][1]]


@pytest.mark.parametrize("key", list(MessageKey))
def test_every_key_is_translated_to_dutch(key, translator) -> None:
    template = MESSAGES.template(key)
    params = {name: f"<{name}>" for name in template.parameters()}
    translator.set_language("en")
    english = MESSAGES.text(key, **params)
    translator.set_language("nl")
    dutch = MESSAGES.text(key, **params)
    assert english.title == template.title.format_map(params)
    for source, words in zip(english.lines(), dutch.lines(), strict=True):
        assert words and words != source, f"{key.value}: {source!r} is not in Dutch"
        assert placeholders(words) == set()  # every parameter was filled


def test_amounts_are_shown_as_euros(translator) -> None:
    translator.set_language("en")
    text = lane_text(Message(MessageKey.FOLLOW_TERMINAL, amount_cents=123456))
    assert text.title == "Pay € 1.234,56 on the terminal"
    restored = lane_text(Message(MessageKey.CART_RESTORED, item_count=3, total_cents=519))
    assert "3" in restored.body and "€ 5,19" in restored.body
    translator.set_language("nl")
    assert lane_text(Message(MessageKey.FOLLOW_TERMINAL, amount_cents=100)).title == (
        "Betaal € 1,00 op de betaalautomaat"
    )


def test_shopper_params_leave_what_is_not_money_alone() -> None:
    shown = shopper_params({"amount_cents": 5, "code": "123", "flag_cents": True})
    assert shown == {"amount_cents": 5, "amount": "€ 0,05", "code": "123", "flag_cents": True}
