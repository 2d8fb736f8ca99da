"""Money is integer euro cents everywhere; this module formats and parses it.

No float ever carries an amount: parsing goes through ``Decimal`` and is
exact or refused.
"""

from __future__ import annotations

import enum
import re


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


# Dutch notation (thousands dots only together with a decimal comma) or a plain decimal
# point; ASCII digits only. "1.234" is read as 1.234 euros and refused (three decimals).
_AMOUNT = re.compile(
    r"^(?P<sign>-)?(?:"
    r"(?P<nl_whole>[0-9]{1,3}(?:\.[0-9]{3})+(?=,)|[0-9]+)(?:,(?P<nl_cents>[0-9]+))?"
    r"|(?P<whole>[0-9]+)\.(?P<cents>[0-9]+)"
    r")$"
)


def parse_euros(text: str) -> int:
    """Parse an amount in euros into cents: ``"2,49"``, ``"2.49"``, ``"€ 1.234,50"``, ``"3"``.

    Only these forms are accepted; anything else (``"1e3"``, ``"1_000"``, ``"2,4.9"``,
    other scripts' digits) raises ``ValueError`` naming the text, as does an amount
    with more than two decimals.
    """
    raw = str(text).strip().replace("€", "").replace(" ", "")
    if not raw:
        raise ValueError("empty amount")
    match = _AMOUNT.match(raw)
    if match is None:
        raise ValueError(f"not an amount: {text!r} (write it like 2,49 or 1.234,50)")
    whole = (match["nl_whole"] or match["whole"]).replace(".", "")
    decimals = match["nl_cents"] if match["nl_whole"] is not None else match["cents"]
    decimals = decimals or ""
    if len(decimals) > 2:
        raise ValueError(f"amount has more than two decimals: {text!r}")
    cents = int(whole) * 100 + int(decimals.ljust(2, "0"))
    return -cents if match["sign"] else cents


def round_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounding halves away from zero (commercial rounding)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return -magnitude if numerator < 0 else magnitude
