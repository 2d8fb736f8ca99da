"""Pricing: worked examples, and properties checked against a ``Decimal`` oracle.

The oracle functions below never call the code under test: they redo the arithmetic
with ``decimal.Decimal`` and ``ROUND_HALF_UP`` straight from the rules in docs/pricing.md.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.catalog.records import ProductInfo, PromotionInfo, PromotionKind
from kiosk.core.money import VatRate
from kiosk.core.pricing import (
    CartTotals,
    PricedLine,
    line_gross_cents,
    price_cart,
    promotion_applies,
    promotion_problem,
    vat_breakdown,
    vat_part,
    weighed_price_cents,
)

TODAY = date(2024, 5, 1)


# --- the oracle: plain Decimal arithmetic -----------------------------------------------


def d_round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def d_weighed(grams: int, per_kg: int) -> int:
    return d_round(Decimal(grams) * Decimal(per_kg) / Decimal(1000))


def d_vat(gross: int, rate: int) -> int:
    return d_round(Decimal(gross) * Decimal(rate) / Decimal(100 + rate))


def d_line_gross(line: Line) -> int:
    if line.grams is not None:
        return d_weighed(line.grams, line.product.price_cents)
    if line.price_override_cents is not None:
        return int(Decimal(line.price_override_cents) * line.quantity)
    return int(Decimal(line.product.price_cents) * line.quantity)


def d_deposit(line: Line) -> int:
    deposit = line.product.deposit
    return 0 if deposit is None else int(Decimal(deposit.price_cents) * line.quantity)


def d_promotion_saving(promotion: PromotionInfo, unit_prices: list[int]) -> int:
    """Total saving of ONE promotion over the given unit prices (nothing else competing)."""
    units = sorted((Decimal(p) for p in unit_prices), reverse=True)
    saving = Decimal(0)
    if promotion.kind is PromotionKind.MULTI_BUY:
        size = promotion.quantity
        for start in range(0, len(units) - size + 1, size):
            chunk = sum(units[start : start + size], Decimal(0))
            saving += max(Decimal(0), chunk - promotion.bundle_price_cents)
    elif promotion.kind is PromotionKind.SECOND_HALF_PRICE:
        for start in range(0, len(units) - 1, 2):
            saving += d_round(units[start + 1] / 2)
    else:
        saving += sum(d_round(u * promotion.percent / 100) for u in units)
    return int(saving)


# --- building blocks --------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A minimal line for pricing (the cart's CartLine has the same shape)."""

    line_id: str
    product: ProductInfo
    quantity: int = 1
    grams: int | None = None
    price_override_cents: int | None = None
    promotions: tuple[PromotionInfo, ...] = ()
    voided: bool = False


DEPOSIT_15 = ProductInfo(900, "Statiegeld", "Deposit", 15, VatRate.ZERO, "deposit", is_deposit=True)
DEPOSIT_25 = ProductInfo(901, "Statiegeld", "Deposit", 25, VatRate.ZERO, "deposit", is_deposit=True)


def product(pid: int, price: int, vat: VatRate = VatRate.LOW, **kw: object) -> ProductInfo:
    return ProductInfo(pid, f"Product {pid}", f"Product {pid}", price, vat, "test", **kw)  # type: ignore[arg-type]


def promo(
    pid: int,
    kind: PromotionKind,
    products: set[int],
    *,
    quantity: int = 2,
    bundle: int = 0,
    percent: int = 0,
    starts: date = date(2024, 1, 1),
    ends: date = date(2024, 12, 31),
) -> PromotionInfo:
    return PromotionInfo(
        id=pid,
        code=f"P{pid}",
        kind=kind,
        name_nl=f"Actie {pid}",
        name_en=f"Offer {pid}",
        product_ids=frozenset(products),
        starts=starts,
        ends=ends,
        quantity=quantity,
        bundle_price_cents=bundle,
        percent=percent,
    )


COLA = product(1, 189, deposit=DEPOSIT_15)
CHIPS = product(2, 219)
JUICE = product(3, 249)
TEA = product(4, 199)
APPLES = product(5, 299, sold_by_weight=True)
BEER = product(6, 129, VatRate.HIGH, min_age=18, deposit=DEPOSIT_15)


def by_id(totals: CartTotals) -> dict[str, PricedLine]:
    return {line.line_id: line for line in totals.lines}


# --- examples ---------------------------------------------------------------------------


def test_empty_cart_is_zero() -> None:
    totals = price_cart([], TODAY)
    assert totals == CartTotals.empty()
    assert totals.total_cents == 0
    assert totals.vat_breakdown == ()


def test_weighed_line_rounds_half_up() -> None:
    assert weighed_price_cents(500, 199) == 100  # 99.5 -> 100, not banker's 100/99
    assert weighed_price_cents(1500, 1) == 2  # 1.5 -> 2
    assert weighed_price_cents(2500, 1) == 3  # 2.5 -> 3 (banker's rounding would give 2)
    assert weighed_price_cents(1234, 299) == 369  # 368.966
    assert weighed_price_cents(1, 499) == 0  # 0.499
    line = Line("a", APPLES, grams=1234)
    totals = price_cart([line], TODAY)
    (priced,) = totals.lines
    assert (priced.gross_cents, priced.unit_price_cents, priced.grams) == (369, 299, 1234)
    assert totals.item_count == 1


def test_two_for_three_euros_with_three_units() -> None:
    offer = promo(10, PromotionKind.MULTI_BUY, {1}, quantity=2, bundle=300)
    totals = price_cart([Line("cola", COLA, quantity=3, promotions=(offer,))], TODAY)
    cola, deposit = totals.lines
    assert cola.gross_cents == 567
    assert cola.saving_cents == 378 - 300  # one bundle; the third can stays full price
    assert cola.net_cents == 300 + 189
    assert cola.promotion_codes == ("P10",)
    assert (deposit.parent_line_id, deposit.quantity, deposit.net_cents) == ("cola", 3, 45)
    assert totals.total_cents == 489 + 45
    assert totals.saving_cents == 78
    assert totals.deposit_cents == 45


def test_multi_buy_mix_and_match_splits_saving_by_price() -> None:
    offer = promo(10, PromotionKind.MULTI_BUY, {2, 4}, quantity=2, bundle=300)
    chips = Line("chips", CHIPS, promotions=(offer,))
    tea = Line("tea", TEA, promotions=(offer,))
    lines = by_id(price_cart([tea, chips], TODAY))
    # bundle 219 + 199 = 418 -> 300: saving 118, split 219:199 -> 61.83 / 56.17 -> 62 / 56
    assert lines["chips"].saving_cents == 62
    assert lines["tea"].saving_cents == 56
    assert lines["chips"].promotion_codes == lines["tea"].promotion_codes == ("P10",)


def test_multi_buy_is_skipped_when_it_would_cost_more() -> None:
    offer = promo(10, PromotionKind.MULTI_BUY, {4}, quantity=2, bundle=450)  # 2 × 1.99 = 3.98
    totals = price_cart([Line("tea", TEA, quantity=2, promotions=(offer,))], TODAY)
    assert totals.saving_cents == 0
    assert totals.lines[0].promotion_codes == ()
    assert totals.total_cents == 398


def test_second_half_price_with_different_prices() -> None:
    offer = promo(11, PromotionKind.SECOND_HALF_PRICE, {2, 3, 4})
    lines = [
        Line("tea", TEA, promotions=(offer,)),  # 1.99
        Line("juice", JUICE, promotions=(offer,)),  # 2.49
        Line("chips", CHIPS, quantity=2, promotions=(offer,)),  # 2.19 each
    ]
    totals = price_cart(lines, TODAY)
    priced = by_id(totals)
    # units by price: 249 juice, 219 chips | 219 chips, 199 tea
    # pair 1: chips half price -> 109.5 -> 110; pair 2: tea half price -> 99.5 -> 100
    assert priced["juice"].saving_cents == 0
    assert priced["chips"].saving_cents == 110
    assert priced["tea"].saving_cents == 100
    assert totals.saving_cents == 210
    assert totals.total_cents == 199 + 249 + 438 - 210


def test_second_half_price_leaves_an_odd_unit_alone() -> None:
    offer = promo(11, PromotionKind.SECOND_HALF_PRICE, {3})
    totals = price_cart([Line("juice", JUICE, quantity=3, promotions=(offer,))], TODAY)
    assert totals.saving_cents == 125  # one pair: 249 / 2 = 124.5 -> 125


def test_percent_off_each_unit_and_weighed_line() -> None:
    offer = promo(12, PromotionKind.PERCENT_OFF, {4, 5}, percent=25)
    lines = [
        Line("tea", TEA, quantity=3, promotions=(offer,)),
        Line("apples", APPLES, grams=1234, promotions=(offer,)),
    ]
    priced = by_id(price_cart(lines, TODAY))
    assert priced["tea"].saving_cents == 3 * 50  # 49.75 -> 50
    assert priced["apples"].saving_cents == 92  # 369 × 25% = 92.25
    assert priced["apples"].net_cents == 369 - 92


def test_weighed_and_label_priced_lines_take_only_percent_off() -> None:
    multi = promo(10, PromotionKind.MULTI_BUY, {3, 5}, quantity=2, bundle=100)
    half = promo(11, PromotionKind.SECOND_HALF_PRICE, {3, 5})
    lines = [
        Line("apples", APPLES, grams=2000, promotions=(multi, half)),
        Line("apples2", APPLES, grams=2000, promotions=(multi, half)),
        Line("label", JUICE, price_override_cents=400, promotions=(multi, half)),
        Line("label2", JUICE, price_override_cents=400, promotions=(multi, half)),
    ]
    assert price_cart(lines, TODAY).saving_cents == 0


def test_a_unit_is_used_by_one_promotion_only_lowest_id_first() -> None:
    multi = promo(5, PromotionKind.MULTI_BUY, {3}, quantity=2, bundle=400)
    percent = promo(9, PromotionKind.PERCENT_OFF, {3}, percent=10)
    for order in [(multi, percent), (percent, multi)]:
        totals = price_cart([Line("j", JUICE, quantity=3, promotions=order)], TODAY)
        # 2 units in the multi-buy (498 -> 400), the third gets 10% (24.9 -> 25)
        assert totals.saving_cents == 98 + 25
        assert totals.lines[0].promotion_codes == ("P5", "P9")


def test_inactive_or_foreign_promotions_are_ignored() -> None:
    expired = promo(1, PromotionKind.PERCENT_OFF, {3}, percent=50, ends=date(2024, 4, 30))
    future = promo(2, PromotionKind.PERCENT_OFF, {3}, percent=50, starts=date(2024, 5, 2))
    other = promo(3, PromotionKind.PERCENT_OFF, {4}, percent=50)
    line = Line("j", JUICE, promotions=(expired, future, other))
    assert price_cart([line], TODAY).saving_cents == 0
    assert not promotion_applies(expired, JUICE, TODAY)
    assert promotion_applies(replace(expired, ends=TODAY), JUICE, TODAY)  # ends is inclusive


def test_promotion_problem_matches_catalog_limits() -> None:
    assert promotion_problem(promo(1, PromotionKind.PERCENT_OFF, {1}, percent=0)) is None
    assert promotion_problem(promo(1, PromotionKind.PERCENT_OFF, {1}, percent=101))
    assert promotion_problem(promo(1, PromotionKind.MULTI_BUY, {1}, quantity=0))
    assert promotion_problem(promo(1, PromotionKind.MULTI_BUY, {1}, bundle=-1))
    assert promotion_problem(promo(1, PromotionKind.MULTI_BUY, {1}, ends=date(2023, 1, 1)))


def test_full_percent_off_makes_line_free_never_negative() -> None:
    offer = promo(1, PromotionKind.PERCENT_OFF, {3}, percent=100)
    (line,) = price_cart([Line("j", JUICE, quantity=2, promotions=(offer,))], TODAY).lines
    assert (line.gross_cents, line.saving_cents, line.net_cents) == (498, 498, 0)


def test_deposit_line_follows_parent_with_zero_vat() -> None:
    totals = price_cart([Line("beer", BEER, quantity=4), Line("tea", TEA)], TODAY)
    beer, deposit, tea = totals.lines
    assert deposit.line_id == "beer:deposit"
    assert deposit.is_deposit
    assert not beer.is_deposit
    assert (deposit.quantity, deposit.unit_price_cents, deposit.net_cents) == (4, 15, 60)
    assert deposit.vat is VatRate.ZERO
    assert tea.line_id == "tea"
    assert totals.deposit_cents == 60
    assert totals.item_count == 5  # 4 beers + 1 tea; deposits are not items
    assert totals.min_age == 18
    assert beer.min_age == 18
    assert tea.min_age == 0


def test_voided_lines_are_not_priced() -> None:
    totals = price_cart([Line("beer", BEER, voided=True), Line("tea", TEA)], TODAY)
    assert [line.line_id for line in totals.lines] == ["tea"]
    assert totals.total_cents == 199
    assert totals.min_age == 0


def test_bags_count_as_items() -> None:
    bag = product(7, 25, VatRate.HIGH, is_bag=True)
    assert price_cart([Line("bag", bag, quantity=2)], TODAY).item_count == 2


def test_vat_breakdown_example() -> None:
    lines = [Line("beer", BEER, quantity=2), Line("tea", TEA), Line("apples", APPLES, grams=1000)]
    parts = price_cart(lines, TODAY).vat_breakdown
    assert [p.rate for p in parts] == [VatRate.HIGH, VatRate.LOW, VatRate.ZERO]
    high, low, zero = parts
    assert (high.gross_cents, high.vat_cents, high.net_cents) == (258, 45, 213)  # 44.78 -> 45
    assert (low.gross_cents, low.vat_cents, low.net_cents) == (498, 41, 457)  # 41.12 -> 41
    assert (zero.gross_cents, zero.vat_cents) == (30, 0)
    assert vat_part(VatRate.HIGH, 121).vat_cents == 21


def test_vat_is_computed_on_the_total_per_rate_not_per_line() -> None:
    # six lines of 0.03: per line 0.52 -> 1 (6 in all); on the total 18 -> 3.12 -> 3
    parts = vat_breakdown([(VatRate.HIGH, 3)] * 6)
    assert parts[0].vat_cents == 3


# --- properties -------------------------------------------------------------------------

PRODUCT_IDS = range(1, 7)


@st.composite
def products(draw: st.DrawFn, pid: int) -> ProductInfo:
    by_weight = draw(st.booleans())
    return ProductInfo(
        id=pid,
        name_nl=f"Product {pid}",
        name_en=f"Product {pid}",
        price_cents=draw(st.integers(0, 5000)),
        vat=draw(st.sampled_from(VatRate)),
        category="test",
        sold_by_weight=by_weight,
        min_age=draw(st.sampled_from([0, 0, 16, 18])),
        deposit=None if by_weight else draw(st.sampled_from([None, DEPOSIT_15, DEPOSIT_25])),
    )


@st.composite
def promotions(draw: st.DrawFn, pid: int) -> PromotionInfo:
    kind = draw(st.sampled_from(PromotionKind))
    running = draw(st.integers(0, 5)) > 0  # mostly running today
    return promo(
        pid,
        kind,
        draw(st.sets(st.sampled_from(PRODUCT_IDS), min_size=1)),
        quantity=draw(st.integers(1, 5)),
        bundle=draw(st.integers(0, 6000)),
        percent=draw(st.integers(0, 100)),
        starts=date(2024, 1, 1) if running else date(2024, 6, 1),
    )


@st.composite
def carts(draw: st.DrawFn, *, with_promotions: bool = True) -> list[Line]:
    catalog = [draw(products(pid)) for pid in PRODUCT_IDS]
    offers = (
        draw(st.lists(st.integers(1, 50), max_size=4, unique=True).map(sorted))
        if with_promotions
        else []
    )
    offers_info = [draw(promotions(pid)) for pid in offers]
    lines: list[Line] = []
    for n in range(draw(st.integers(0, 10))):
        item = draw(st.sampled_from(catalog))
        mine = [p for p in offers_info if item.id in p.product_ids]
        mine = draw(st.permutations(mine))
        voided = draw(st.integers(0, 5)) == 0
        if item.sold_by_weight:
            line = Line(f"L{n}", item, grams=draw(st.integers(1, 100_000)))
        elif draw(st.integers(0, 3)) == 0:
            price = draw(st.integers(1, 5000))
            line = Line(f"L{n}", item, draw(st.integers(1, 3)), price_override_cents=price)
        else:
            line = Line(f"L{n}", item, draw(st.integers(1, 30)))
        lines.append(replace(line, promotions=tuple(mine), voided=voided))
    return lines


@given(st.integers(1, 100_000), st.integers(0, 100_000))
def test_weighed_price_matches_decimal(grams: int, per_kg: int) -> None:
    assert weighed_price_cents(grams, per_kg) == d_weighed(grams, per_kg)


@given(st.lists(st.tuples(st.sampled_from(VatRate), st.integers(0, 10**7)), max_size=20))
def test_vat_parts_match_decimal_and_sum_to_total(amounts: list[tuple[VatRate, int]]) -> None:
    parts = vat_breakdown(amounts)
    expected: dict[int, int] = {}
    for rate, cents in amounts:
        expected[int(rate)] = expected.get(int(rate), 0) + cents
    assert [int(p.rate) for p in parts] == sorted(expected, reverse=True)
    for part in parts:
        assert part.gross_cents == expected[int(part.rate)]
        assert part.vat_cents == d_vat(part.gross_cents, int(part.rate))
        assert part.vat_cents + part.net_cents == part.gross_cents
    assert sum(p.gross_cents for p in parts) == sum(cents for _, cents in amounts)


@settings(deadline=None)
@given(carts(with_promotions=False))
def test_line_amounts_and_totals_match_decimal(lines: list[Line]) -> None:
    totals = price_cart(lines, TODAY)
    active = [line for line in lines if not line.voided]
    expected_ids: list[str] = []
    for line in active:
        expected_ids.append(line.line_id)
        if line.product.deposit is not None:
            expected_ids.append(line.line_id + ":deposit")
    assert [p.line_id for p in totals.lines] == expected_ids

    priced = by_id(totals)
    for line in active:
        p = priced[line.line_id]
        assert p.gross_cents == p.net_cents == d_line_gross(line)
        assert line_gross_cents(line) == d_line_gross(line)
        if line.product.deposit is not None:
            deposit = priced[line.line_id + ":deposit"]
            assert deposit.net_cents == d_deposit(line)
            assert deposit.vat is VatRate.ZERO

    total = sum(Decimal(d_line_gross(line) + d_deposit(line)) for line in active)
    assert totals.total_cents == int(total)
    assert totals.deposit_cents == sum(d_deposit(line) for line in active)
    assert totals.saving_cents == 0
    assert totals.item_count == sum(
        1 if line.grams is not None else line.quantity for line in active
    )
    assert totals.min_age == max((line.product.min_age for line in active), default=0)

    per_rate: dict[int, int] = {}
    for line in active:
        rate = int(line.product.vat)
        per_rate[rate] = per_rate.get(rate, 0) + d_line_gross(line)
        if line.product.deposit is not None:
            per_rate[0] = per_rate.get(0, 0) + d_deposit(line)
    assert {int(p.rate): p.gross_cents for p in totals.vat_breakdown} == per_rate
    for part in totals.vat_breakdown:
        assert part.vat_cents == d_vat(part.gross_cents, int(part.rate))


@settings(deadline=None)
@given(carts())
def test_promotions_never_hurt_and_savings_add_up(lines: list[Line]) -> None:
    totals = price_cart(lines, TODAY)
    plain = price_cart([replace(line, promotions=()) for line in lines], TODAY)
    assert totals.total_cents <= plain.total_cents
    assert totals.total_cents + totals.saving_cents == plain.total_cents
    assert totals.gross_cents == plain.gross_cents
    assert totals.saving_cents == sum(p.saving_cents for p in totals.lines)
    assert totals.total_cents == sum(p.net_cents for p in totals.lines)
    assert totals.total_cents == sum(part.gross_cents for part in totals.vat_breakdown)
    for part in totals.vat_breakdown:
        assert part.vat_cents == d_vat(part.gross_cents, int(part.rate))
    source = {line.line_id: line for line in lines}
    for p in totals.lines:
        assert 0 <= p.saving_cents <= p.gross_cents
        assert p.net_cents == p.gross_cents - p.saving_cents >= 0
        if p.is_deposit:
            assert p.saving_cents == 0
        else:
            line = source[p.line_id]
            assert p.gross_cents == d_line_gross(line)
            runs = {q.code for q in line.promotions if q.active_on(TODAY)}
            assert set(p.promotion_codes) <= runs
            if p.saving_cents:
                assert p.promotion_codes


@settings(deadline=None)
@given(carts(), st.randoms(use_true_random=False))
def test_promotion_order_does_not_matter(lines: list[Line], rnd: random.Random) -> None:
    shuffled = [replace(line, promotions=tuple(rnd.sample(line.promotions, len(line.promotions))))
                for line in lines]  # fmt: skip
    assert price_cart(shuffled, TODAY) == price_cart(lines, TODAY)
    assert price_cart(lines, TODAY) == price_cart(list(lines), TODAY)


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([2, 3, 4]), st.integers(1, 8), st.integers(0, 800)),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(PromotionKind),
    st.integers(1, 4),
    st.integers(0, 2000),
    st.integers(0, 100),
)
def test_single_promotion_saving_matches_decimal(
    picks: list[tuple[int, int, int]], kind: PromotionKind, size: int, bundle: int, percent: int
) -> None:
    offer = promo(1, kind, {2, 3, 4}, quantity=size, bundle=bundle, percent=percent)
    lines = [
        Line(f"L{n}", product(pid, price), quantity, promotions=(offer,))
        for n, (pid, quantity, price) in enumerate(picks)
    ]
    units = [line.product.price_cents for line in lines for _ in range(line.quantity)]
    totals = price_cart(lines, TODAY)
    assert totals.saving_cents == d_promotion_saving(offer, units)
    assert totals.saving_cents == sum(p.saving_cents for p in totals.lines)
    assert all(p.net_cents >= 0 for p in totals.lines)


@pytest.mark.parametrize(
    ("grams", "per_kg", "expected"),
    [(1, 500, 1), (1, 499, 0), (999, 1, 1), (1500, 3, 5), (100_000, 99_999, 9_999_900)],
)
def test_weighed_rounding_table(grams: int, per_kg: int, expected: int) -> None:
    assert weighed_price_cents(grams, per_kg) == expected == d_weighed(grams, per_kg)
