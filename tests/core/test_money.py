"""Money: formatting and parsing in integer cents, checked against Decimal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.money import VatRate, format_cents, parse_euros, round_half_up


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("2,49", 249),
        ("2.49", 249),
        ("€ 1.234,50", 123450),
        ("3", 300),
        ("12,5", 1250),
        ("-0,50", -50),
        ("0,00", 0),
        ("1.000.000,00", 100_000_000),
    ],
)
def test_accepted_forms(text: str, cents: int) -> None:
    assert parse_euros(text) == cents


@pytest.mark.parametrize(
    "text",
    ["1e3", "1_000", "2,4.9", "١٢", "", "€", ".5", "1.2.3", "1.23.456,00", "--1", "NaN", "inf"],
)
def test_refused_forms(text: str) -> None:
    with pytest.raises(ValueError, match="amount"):
        parse_euros(text)


@pytest.mark.parametrize("text", ["2,499", "1.234", "0,001"])
def test_more_than_two_decimals_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="more than two decimals"):
        parse_euros(text)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_format_then_parse_round_trips(cents: int) -> None:
    text = format_cents(cents)
    assert parse_euros(text) == cents
    # the oracle: Decimal reading of the same text, Dutch separators swapped
    plain = text.replace("€", "").replace(" ", "").replace(".", "").replace(",", ".")
    assert Decimal(plain) * 100 == cents


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=1, max_value=10**6))
def test_round_half_up_matches_decimal(numerator: int, denominator: int) -> None:
    from decimal import ROUND_HALF_UP

    expected = (Decimal(numerator) / Decimal(denominator)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    assert round_half_up(numerator, denominator) == int(expected)


def test_format_rejects_floats() -> None:
    with pytest.raises(TypeError, match="integer cents"):
        format_cents(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "rate"), [("21", 21), ("9%", 9), ("0", 0), ("low", 9)])
def test_vat_rate_parse(text: str, rate: int) -> None:
    assert VatRate.parse(text) == rate


def test_unknown_vat_rate() -> None:
    with pytest.raises(ValueError, match="unknown VAT rate"):
        VatRate.parse("19")
