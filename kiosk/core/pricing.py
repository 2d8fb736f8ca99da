"""Pricing: from cart lines to a receipt-ready total. Pure, deterministic functions.

Everything is integer euro cents. Rounding is always commercial (halves up, via
:func:`kiosk.core.money.round_half_up`) and happens in exactly three places:

* a weighed line: ``round_half_up(grams × price_per_kg, 1000)``;
* a discount on one unit: ``round_half_up(price × percent, 100)`` (PERCENT_OFF) or
  ``round_half_up(price, 2)`` (the cheaper unit of a SECOND_HALF_PRICE pair);
* the VAT contained in the total at one rate: ``round_half_up(total × rate, 100 + rate)``.

Savings of a bundle are split over its units by the largest-remainder method, so they
always add up to the cent. ``docs/pricing.md`` describes the algorithm with an example.

The same lines, promotions and day always give the same result, whatever order the
promotions arrive in: promotions are processed by id and units by price, then scan order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from kiosk.core.catalog.records import ProductInfo, PromotionInfo, PromotionKind
from kiosk.core.money import VatRate, round_half_up

__all__ = [
    "DEPOSIT_LINE_SUFFIX",
    "GRAMS_PER_KG",
    "CartTotals",
    "PriceableLine",
    "PricedLine",
    "VatPart",
    "line_gross_cents",
    "price_cart",
    "promotion_applies",
    "promotion_problem",
    "vat_breakdown",
    "vat_part",
    "weighed_price_cents",
]

GRAMS_PER_KG = 1000
DEPOSIT_LINE_SUFFIX = ":deposit"  # a deposit line's id is its parent's id plus this


class PriceableLine(Protocol):
    """What pricing needs to know about a cart line (``kiosk.core.cart.CartLine`` is one).

    Exactly one of three kinds: a piece line (``grams`` and ``price_override_cents`` both
    ``None``: ``quantity`` × ``product.price_cents``), a weighed line (``grams`` set,
    ``product.price_cents`` is per kilogram, ``quantity`` is 1) or a price-embedded line
    (``price_override_cents`` is the label's price of one item).
    """

    @property
    def line_id(self) -> str: ...
    @property
    def product(self) -> ProductInfo: ...
    @property
    def quantity(self) -> int: ...
    @property
    def grams(self) -> int | None: ...
    @property
    def price_override_cents(self) -> int | None: ...
    @property
    def promotions(self) -> tuple[PromotionInfo, ...]: ...
    @property
    def voided(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class PricedLine:
    """One receipt line. A deposit ("Statiegeld") is its own line right under its parent."""

    line_id: str
    parent_line_id: str | None  # set on deposit lines: the line they follow
    product: ProductInfo  # for a deposit line: the deposit product
    quantity: int
    grams: int | None
    unit_price_cents: int  # per item; per kg for a weighed line; the label price if embedded
    gross_cents: int  # before promotions
    saving_cents: int  # promotion discount on this line, 0 <= saving <= gross
    net_cents: int  # gross - saving, what the shopper pays for this line
    promotion_codes: tuple[str, ...]  # promotions whose bundles used units of this line
    vat: VatRate
    min_age: int  # 0, or the age a shopper must have to buy this

    @property
    def is_deposit(self) -> bool:
        return self.parent_line_id is not None

    @property
    def is_weighed(self) -> bool:
        return self.grams is not None


@dataclass(frozen=True, slots=True)
class VatPart:
    """The VAT contained in the (tax-inclusive) amount paid at one rate."""

    rate: VatRate
    gross_cents: int  # paid at this rate, VAT included
    vat_cents: int
    net_cents: int  # gross - vat


@dataclass(frozen=True, slots=True)
class CartTotals:
    lines: tuple[PricedLine, ...]  # active lines in scan order, each deposit under its parent
    vat_breakdown: tuple[VatPart, ...]  # one part per rate present, highest rate first
    gross_cents: int  # before promotions, deposits included
    saving_cents: int  # total promotion discount
    deposit_cents: int  # deposits included in total_cents
    total_cents: int  # to pay; equals the sum of the VAT parts' gross
    item_count: int  # pieces: weighed line = 1, bags count, deposit lines do not
    min_age: int  # highest min_age of all lines, 0 if none

    @classmethod
    def empty(cls) -> CartTotals:
        return cls((), (), 0, 0, 0, 0, 0, 0)


# --- line amounts -----------------------------------------------------------------------


def weighed_price_cents(grams: int, price_per_kg_cents: int) -> int:
    """Price of ``grams`` at ``price_per_kg_cents``, rounded half up to the cent.

    >>> weighed_price_cents(1234, 299)  # 3.68966 -> 369
    369
    >>> weighed_price_cents(500, 199)  # 99.5 -> 100
    100
    """
    return round_half_up(grams * price_per_kg_cents, GRAMS_PER_KG)


def _unit_price(line: PriceableLine) -> int:
    """Price of one promotion unit of the line (a weighed line is one unit)."""
    if line.grams is not None:
        return weighed_price_cents(line.grams, line.product.price_cents)
    if line.price_override_cents is not None:
        return line.price_override_cents
    return line.product.price_cents


def _unit_count(line: PriceableLine) -> int:
    return 1 if line.grams is not None else line.quantity


def line_gross_cents(line: PriceableLine) -> int:
    """Amount of a line before promotions (without its deposit)."""
    return _unit_price(line) * _unit_count(line)


# --- promotions -------------------------------------------------------------------------


def promotion_problem(promotion: PromotionInfo) -> str | None:
    """Why this promotion can never be applied, or ``None`` if it is well formed.

    The limits are the catalog's own check constraints, so nothing the catalog can hold is
    refused; a PERCENT_OFF of 0% is well formed and simply saves nothing.
    """
    if not isinstance(promotion.kind, PromotionKind):
        return f"unknown promotion kind {promotion.kind!r}"
    if promotion.starts > promotion.ends:
        return "promotion ends before it starts"
    if promotion.kind is PromotionKind.MULTI_BUY:
        if not _is_int(promotion.quantity) or promotion.quantity < 1:
            return f"multi-buy quantity must be at least 1, got {promotion.quantity!r}"
        if not _is_int(promotion.bundle_price_cents) or promotion.bundle_price_cents < 0:
            return f"bundle price must be >= 0 cents, got {promotion.bundle_price_cents!r}"
    if promotion.kind is PromotionKind.PERCENT_OFF and (
        not _is_int(promotion.percent) or not 0 <= promotion.percent <= 100
    ):
        return f"percent must be 0..100, got {promotion.percent!r}"
    return None


def promotion_applies(promotion: PromotionInfo, product: ProductInfo, today: date) -> bool:
    """True if the promotion is well formed, runs ``today`` and lists the product."""
    return (
        promotion.active_on(today)
        and product.id in promotion.product_ids
        and promotion_problem(promotion) is None
    )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _takes_part(kind: PromotionKind, line: PriceableLine) -> bool:
    """Weighed and price-embedded lines have no countable units: only PERCENT_OFF."""
    if kind is PromotionKind.PERCENT_OFF:
        return True
    return line.grams is None and line.price_override_cents is None


def _promotion_key(promotion: PromotionInfo) -> tuple[int, str]:
    """Sort key and identity of a promotion snapshot: id first, then its full content.

    Two lines normally carry equal snapshots of a promotion; if the catalog changed between
    their scans, each snapshot applies to the lines scanned under it.
    """
    return promotion.id, json.dumps(promotion.to_dict(), sort_keys=True)


def _split(saving: int, prices: Sequence[int]) -> list[int]:
    """Split ``saving`` over units in proportion to their prices (largest remainder).

    Exact: the shares sum to ``saving``. Ties go to the earlier unit. With
    ``saving < sum(prices)`` no share exceeds its unit's price.
    """
    total = sum(prices)
    shares = [saving * price // total for price in prices]
    left = saving - sum(shares)
    by_remainder = sorted(range(len(prices)), key=lambda k: (-(saving * prices[k] % total), k))
    for k in by_remainder[:left]:
        shares[k] += 1
    return shares


def _bundles(
    promotion: PromotionInfo, units: list[int], price: Sequence[int]
) -> Iterator[tuple[list[int], list[int]]]:
    """Yield ``(units, savings)`` per bundle; ``units`` are line indexes, best price first."""
    if promotion.kind is PromotionKind.PERCENT_OFF:
        for unit in units:
            saving = round_half_up(price[unit] * promotion.percent, 100)
            if saving > 0:
                yield [unit], [saving]
    elif promotion.kind is PromotionKind.SECOND_HALF_PRICE:
        for k in range(0, len(units) - 1, 2):
            pair = units[k : k + 2]  # sorted: the second unit is the cheaper (or equal) one
            saving = round_half_up(price[pair[1]], 2)
            if saving > 0:
                yield pair, [0, saving]
    elif promotion.kind is PromotionKind.MULTI_BUY:
        size = promotion.quantity
        for k in range(0, len(units) - size + 1, size):
            group = units[k : k + size]
            prices = [price[unit] for unit in group]
            saving = sum(prices) - promotion.bundle_price_cents
            if saving > 0:  # otherwise the bundle would cost the same or more: skip it
                yield group, _split(saving, prices)


def _apply_promotions(
    lines: Sequence[PriceableLine], today: date
) -> tuple[list[int], list[list[str]]]:
    """Savings and promotion codes per line (indexes as in ``lines``)."""
    unit_price = [_unit_price(line) for line in lines]
    free_units = [_unit_count(line) for line in lines]
    savings = [0] * len(lines)
    codes: list[list[str]] = [[] for _ in lines]

    snapshots: dict[tuple[int, str], PromotionInfo] = {}
    members: dict[tuple[int, str], list[int]] = {}
    for index, line in enumerate(lines):
        for promotion in line.promotions:
            if not promotion_applies(promotion, line.product, today):
                continue
            if not _takes_part(promotion.kind, line):
                continue
            key = _promotion_key(promotion)
            snapshots.setdefault(key, promotion)
            indexes = members.setdefault(key, [])
            if not indexes or indexes[-1] != index:
                indexes.append(index)

    for key in sorted(snapshots):
        promotion = snapshots[key]
        eligible = sorted(members[key], key=lambda i: (-unit_price[i], i))
        units = [i for i in eligible for _ in range(free_units[i])]
        for bundle, shares in _bundles(promotion, units, unit_price):
            for unit, share in zip(bundle, shares, strict=True):
                free_units[unit] -= 1
                savings[unit] += share
                if promotion.code not in codes[unit]:
                    codes[unit].append(promotion.code)
    return savings, codes


# --- VAT --------------------------------------------------------------------------------


def vat_part(rate: VatRate, gross_cents: int) -> VatPart:
    """VAT contained in a tax-inclusive amount: ``round_half_up(gross × rate, 100 + rate)``."""
    vat = round_half_up(gross_cents * int(rate), 100 + int(rate))
    return VatPart(rate=rate, gross_cents=gross_cents, vat_cents=vat, net_cents=gross_cents - vat)


def vat_breakdown(amounts: Iterable[tuple[VatRate, int]]) -> tuple[VatPart, ...]:
    """One :class:`VatPart` per rate present in ``amounts``, highest rate first.

    The parts' ``gross_cents`` sum exactly to the sum of the amounts, and each part's
    ``vat_cents + net_cents`` equals its gross.
    """
    per_rate: dict[VatRate, int] = {}
    for rate, cents in amounts:
        per_rate[rate] = per_rate.get(rate, 0) + cents
    return tuple(vat_part(rate, per_rate[rate]) for rate in sorted(per_rate, reverse=True))


# --- the cart ---------------------------------------------------------------------------


def price_cart(lines: Iterable[PriceableLine], today: date) -> CartTotals:
    """Price the active (not voided) lines of a cart on ``today``.

    The lines are expected to be valid (the cart checks every event before it applies it);
    a promotion that does not apply (not running ``today``, not listing the product, or
    malformed) is ignored.
    """
    active = [line for line in lines if not line.voided]
    if not active:
        return CartTotals.empty()
    savings, codes = _apply_promotions(active, today)

    priced: list[PricedLine] = []
    item_count = 0
    for line, saving, line_codes in zip(active, savings, codes, strict=True):
        gross = line_gross_cents(line)
        product = line.product
        priced.append(
            PricedLine(
                line_id=line.line_id,
                parent_line_id=None,
                product=product,
                quantity=line.quantity,
                grams=line.grams,
                unit_price_cents=(
                    product.price_cents if line.grams is not None else _unit_price(line)
                ),
                gross_cents=gross,
                saving_cents=saving,
                net_cents=gross - saving,
                promotion_codes=tuple(line_codes),
                vat=product.vat,
                min_age=product.min_age,
            )
        )
        item_count += _unit_count(line)
        deposit = product.deposit
        if deposit is not None:
            amount = deposit.price_cents * line.quantity
            priced.append(
                PricedLine(
                    line_id=line.line_id + DEPOSIT_LINE_SUFFIX,
                    parent_line_id=line.line_id,
                    product=deposit,
                    quantity=line.quantity,
                    grams=None,
                    unit_price_cents=deposit.price_cents,
                    gross_cents=amount,
                    saving_cents=0,
                    net_cents=amount,
                    promotion_codes=(),
                    vat=VatRate.ZERO,  # statiegeld is outside the scope of VAT
                    min_age=deposit.min_age,
                )
            )

    breakdown = vat_breakdown((line.vat, line.net_cents) for line in priced)
    return CartTotals(
        lines=tuple(priced),
        vat_breakdown=breakdown,
        gross_cents=sum(line.gross_cents for line in priced),
        saving_cents=sum(line.saving_cents for line in priced),
        deposit_cents=sum(line.net_cents for line in priced if line.is_deposit),
        total_cents=sum(part.gross_cents for part in breakdown),
        item_count=item_count,
        min_age=max(line.min_age for line in priced),
    )
