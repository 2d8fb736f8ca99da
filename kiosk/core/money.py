"""Money is integer euro cents everywhere; this module formats and parses it.

No float ever carries an amount: parsing goes through ``Decimal`` and is
exact or refused.
"""

from __future__ import annotations

import enum
from decimal import Decimal, InvalidOperation


class VatRate(enum.IntEnum):
    """Dutch VAT classes, by their percentage."""

    HIGH = 21  # general rate
    LOW = 9  # food, non-alcoholic drinks, books
    ZERO = 0  # exempt / zero-rated (e.g. deposits)

    @classmethod
    def parse(cls, text: str | int) -> VatRate:
        """Accept ``21``, ``"21"``, ``"21%"`` or a class name (``"high"``)."""
        raw = str(text).strip().rstrip("%").strip()
        if raw.isdigit():
            try:
                return cls(int(raw))
            except ValueError:
                pass
        else:
            try:
                return cls[raw.upper()]
            except KeyError:
                pass
        allowed = ", ".join(f"{r.value}" for r in cls)
        raise ValueError(f"unknown VAT rate {text!r} (allowed: {allowed})")


def format_cents(cents: int, *, symbol: bool = True) -> str:
    """Dutch notation, as shoppers read it: ``€ 1.234,56``, ``-€ 0,50``."""
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise TypeError(f"amounts are integer cents, got {type(cents).__name__}")
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    whole = f"{euros:,}".replace(",", ".")
    body = f"{whole},{rest:02d}"
    return f"{sign}€ {body}" if symbol else f"{sign}{body}"


def parse_euros(text: str) -> int:
    """Parse an amount in euros into cents: ``"2,49"``, ``"2.49"``, ``"€ 1.234,50"``, ``"3"``.

    Raises ``ValueError`` naming the text for anything that is not an exact
    amount in whole cents.
    """
    raw = str(text).strip().replace("€", "").replace(" ", "")
    if not raw:
        raise ValueError("empty amount")
    if "," in raw:  # Dutch: '.' groups thousands, ',' separates cents
        raw = raw.replace(".", "").replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"not an amount: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not an amount: {text!r}")
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"amount has more than two decimals: {text!r}")
    return int(cents)


def round_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounding halves away from zero (commercial rounding)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return -magnitude if numerator < 0 else magnitude
