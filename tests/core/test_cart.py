"""The event-sourced cart: commands, apply, merging, deposits, voids and replay."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.cart import (
    MAX_QUANTITY,
    Cart,
    CartError,
    CartEvent,
    DuplicateLine,
    InactiveProduct,
    InvalidEvent,
    InvalidPrice,
    InvalidProduct,
    InvalidPromotion,
    InvalidQuantity,
    InvalidReason,
    InvalidWeight,
    LineAdded,
    LineVoided,
    NotSoldByWeight,
    PriceLabelLine,
    QuantityChanged,
    UnknownLine,
    VoidedLine,
    WeighedLine,
    WeightRequired,
    event_from_dict,
)
from kiosk.core.catalog.records import ProductInfo, PromotionInfo, PromotionKind
from kiosk.core.money import VatRate

TODAY = date(2024, 5, 1)

DEPOSIT = ProductInfo(900, "Statiegeld", "Deposit", 15, VatRate.ZERO, "deposit", is_deposit=True)
COLA = ProductInfo(
    1, "Cola", "Cola", 189, VatRate.LOW, "drinks", gtin="08710000000011", deposit=DEPOSIT
)
BEER = ProductInfo(2, "Bier", "Beer", 129, VatRate.HIGH, "drinks", min_age=18, deposit=DEPOSIT)
TEA = ProductInfo(3, "Thee", "Tea", 199, VatRate.LOW, "drinks")
APPLES = ProductInfo(
    4, "Appels", "Apples", 299, VatRate.LOW, "fruit", plu="4011", sold_by_weight=True
)
CHEESE = ProductInfo(5, "Kaas", "Cheese", 1299, VatRate.LOW, "cheese", sold_by_weight=True)
BAG = ProductInfo(6, "Tas", "Bag", 25, VatRate.HIGH, "bags", is_bag=True)
CIGARS = ProductInfo(7, "Sigaren", "Cigars", 950, VatRate.HIGH, "tobacco", min_age=21)

TWO_FOR_THREE = PromotionInfo(
    id=10,
    code="2V300",
    kind=PromotionKind.MULTI_BUY,
    name_nl="2 voor € 3,00",
    name_en="2 for € 3.00",
    product_ids=frozenset({1, 3}),
    starts=date(2024, 4, 29),
    ends=date(2024, 5, 5),
    quantity=2,
    bundle_price_cents=300,
)
QUARTER_OFF = PromotionInfo(
    id=11,
    code="25PCT",
    kind=PromotionKind.PERCENT_OFF,
    name_nl="25% korting",
    name_en="25% off",
    product_ids=frozenset({3, 4, 5}),
    starts=date(2024, 5, 1),
    ends=date(2024, 5, 1),
    percent=25,
)


def new_cart() -> Cart:
    return Cart("T-0001", TODAY)


def do(cart: Cart, event: CartEvent) -> CartEvent:
    cart.apply(event)
    return event


def roundtrip(event: CartEvent) -> CartEvent:
    return event_from_dict(json.loads(json.dumps(event.to_dict())))


def assert_json_safe(value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            assert type(key) is str
            assert_json_safe(item)
    elif isinstance(value, list):
        for item in value:
            assert_json_safe(item)
    else:
        assert type(value) in (str, int, bool, type(None)), f"{value!r} is {type(value)}"


# --- commands and apply -----------------------------------------------------------------


def test_commands_return_events_and_change_nothing() -> None:
    cart = new_cart()
    event = cart.add_product(COLA, barcode="8710000000011")
    assert isinstance(event, LineAdded)
    assert len(event.line_id) == 32
    assert cart.lines == ()
    assert cart.events == ()
    assert cart.totals.total_cents == 0
    cart.apply(event)
    assert cart.events == (event,)
    (line,) = cart.lines
    assert (line.line_id, line.product, line.quantity, line.barcode) == (
        event.line_id,
        COLA,
        1,
        "8710000000011",
    )
    cart.set_quantity(line.line_id, 5)
    cart.void_line(line.line_id, "klant wil het niet")
    assert cart.line(line.line_id).quantity == 1
    assert not cart.line(line.line_id).voided


def test_scanning_the_same_item_again_increments_the_line() -> None:
    cart = new_cart()
    first = do(cart, cart.add_product(COLA))
    do(cart, cart.add_product(TEA))
    again = cart.add_product(COLA, quantity=2)
    assert again == QuantityChanged(first.line_id, 3)
    cart.apply(again)
    assert [(line.product.id, line.quantity) for line in cart.lines] == [(1, 3), (3, 1)]
    assert cart.item_count == 4
    assert len(cart.events) == 3


def test_lines_that_are_not_merged() -> None:
    cart = new_cart()
    cola = do(cart, cart.add_product(COLA))
    do(cart, cart.void_line(cola.line_id, "verkeerd gescand"))
    # a voided line is never revived
    assert isinstance(cart.add_product(COLA), LineAdded)
    do(cart, cart.add_weighed(APPLES, 500))
    # weighed and label-priced items are separate packages
    assert isinstance(cart.add_weighed(APPLES, 500), LineAdded)
    do(cart, cart.add_priced(CHEESE, 450))
    assert isinstance(cart.add_priced(CHEESE, 450), LineAdded)
    # a changed catalog snapshot or other promotions make a new line
    do(cart, cart.add_product(TEA))
    assert isinstance(cart.add_product(replace(TEA, price_cents=189)), LineAdded)
    assert isinstance(cart.add_product(TEA, promotions=[QUARTER_OFF]), LineAdded)
    assert isinstance(cart.add_product(TEA), QuantityChanged)


def test_merging_beyond_the_line_limit_is_refused() -> None:
    cart = new_cart()
    do(cart, cart.add_product(TEA, quantity=MAX_QUANTITY - 1))
    assert cart.add_product(TEA) == QuantityChanged(cart.lines[0].line_id, MAX_QUANTITY)
    with pytest.raises(InvalidQuantity, match="more than 999"):
        cart.add_product(TEA, quantity=2)


def test_merge_goes_to_the_most_recent_identical_line() -> None:
    cart = new_cart()
    old = do(cart, cart.add_product(TEA))
    do(cart, cart.add_product(TEA, promotions=[QUARTER_OFF]))
    # a line with the same product and promotions added by replay (e.g. older version)
    newer = LineAdded("newer", TEA, 1, None, None, None, ())
    cart.apply(newer)
    merged = cart.add_product(TEA)
    assert isinstance(merged, QuantityChanged)
    assert merged.line_id == "newer" != old.line_id


def test_deposit_follows_quantity_and_void() -> None:
    cart = new_cart()
    cola = do(cart, cart.add_product(COLA))
    do(cart, cart.add_product(TEA))
    lines = cart.totals.lines
    assert [line.product.name_nl for line in lines] == ["Cola", "Statiegeld", "Thee"]
    assert lines[1].parent_line_id == cola.line_id
    assert cart.totals.deposit_cents == 15

    do(cart, cart.set_quantity(cola.line_id, 4))
    deposit = cart.totals.lines[1]
    assert (deposit.quantity, deposit.net_cents, deposit.vat) == (4, 60, VatRate.ZERO)
    assert cart.totals.total_cents == 4 * 189 + 60 + 199

    do(cart, cart.void_line(cola.line_id, "klant wil het niet"))
    assert [line.product.name_nl for line in cart.totals.lines] == ["Thee"]
    assert cart.totals.deposit_cents == 0
    assert cart.totals.total_cents == 199


def test_void_then_total() -> None:
    cart = new_cart()
    beer = do(cart, cart.add_product(BEER, quantity=6))
    do(cart, cart.add_weighed(APPLES, 1234))
    assert cart.needs_age_check == 18
    do(cart, cart.void_line(beer.line_id, "  geen legitimatie  "))
    line = cart.line(beer.line_id)
    assert line.voided
    assert line.void_reason == "geen legitimatie"
    assert len(cart.lines) == 2  # kept for the record
    assert [line.product for line in cart.active_lines] == [APPLES]
    assert cart.totals.total_cents == 369  # 1.234 kg × 2.99 = 3.68966
    assert cart.item_count == 1
    assert cart.needs_age_check == 0


def test_item_count_and_age_check() -> None:
    cart = new_cart()
    do(cart, cart.add_product(BEER, quantity=2))
    do(cart, cart.add_weighed(APPLES, 2000))
    do(cart, cart.add_product(BAG, quantity=2))
    do(cart, cart.add_priced(CHEESE, 675))
    assert cart.item_count == 2 + 1 + 2 + 1  # deposits do not count, bags do
    assert cart.needs_age_check == 18
    do(cart, cart.add_product(CIGARS))
    assert cart.needs_age_check == 21


def test_promotions_are_snapshotted_and_applied() -> None:
    expired = replace(QUARTER_OFF, id=12, code="OLD", ends=date(2024, 4, 30))
    cart = new_cart()
    tea = do(cart, cart.add_product(TEA, promotions=[TWO_FOR_THREE, expired]))
    assert isinstance(tea, LineAdded)
    assert tea.promotions == (TWO_FOR_THREE,)  # only what runs today is kept
    do(cart, cart.add_product(COLA, promotions=[TWO_FOR_THREE]))
    totals = cart.totals
    # mix and match: 1.99 + 1.89 = 3.88 -> 3.00, saving 88 split 199:189 -> 45 / 43
    assert [line.saving_cents for line in totals.lines] == [45, 43, 0]
    assert totals.saving_cents == 88
    assert totals.total_cents == 300 + 15


def test_weighed_percent_off() -> None:
    cart = new_cart()
    do(cart, cart.add_weighed(CHEESE, 437, promotions=[QUARTER_OFF]))
    (line,) = cart.totals.lines
    # 0.437 kg × 12.99 = 5.67663 -> 5.68; 25% = 1.42
    assert (line.gross_cents, line.saving_cents, line.net_cents) == (568, 142, 426)
    assert line.promotion_codes == ("25PCT",)


# --- illegal commands and events --------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "error", "message"),
    [
        (lambda c: c.add_product(APPLES), WeightRequired, "sold by weight"),
        (lambda c: c.add_weighed(TEA, 500), NotSoldByWeight, "per piece"),
        (lambda c: c.add_product(TEA, quantity=0), InvalidQuantity, "1..999"),
        (lambda c: c.add_product(TEA, quantity=1000), InvalidQuantity, "1..999"),
        (lambda c: c.add_product(TEA, quantity=True), InvalidQuantity, "whole number"),
        (lambda c: c.add_weighed(APPLES, 0), InvalidWeight, "grams"),
        (lambda c: c.add_weighed(APPLES, 100_001), InvalidWeight, "grams"),
        (lambda c: c.add_priced(CHEESE, 0), InvalidPrice, "positive"),
        (lambda c: c.add_priced(CHEESE, -450), InvalidPrice, "positive"),
        (lambda c: c.add_product(replace(TEA, active=False)), InactiveProduct, "no longer"),
        (lambda c: c.add_product(DEPOSIT), InvalidProduct, "deposit"),
        (lambda c: c.add_product(replace(TEA, price_cents=-1)), InvalidProduct, "price"),
        (lambda c: c.add_product(BEER, promotions=[TWO_FOR_THREE]), InvalidPromotion, "include"),
        (
            lambda c: c.add_product(TEA, promotions=[replace(QUARTER_OFF, percent=120)]),
            InvalidPromotion,
            "percent",
        ),
        (
            lambda c: c.add_product(TEA, promotions=[QUARTER_OFF, replace(QUARTER_OFF, code="X")]),
            InvalidPromotion,
            "twice",
        ),
        (lambda c: c.set_quantity("nope", 2), UnknownLine, "no line"),
        (lambda c: c.void_line("nope", "x"), UnknownLine, "no line"),
    ],
)
def test_illegal_commands_are_refused(command: Any, error: type[CartError], message: str) -> None:
    cart = new_cart()
    with pytest.raises(error, match=message):
        command(cart)
    assert cart.events == ()


def test_changes_to_lines_are_checked() -> None:
    cart = new_cart()
    tea = do(cart, cart.add_product(TEA))
    apples = do(cart, cart.add_weighed(APPLES, 800))
    with pytest.raises(InvalidQuantity):
        cart.set_quantity(tea.line_id, 0)
    with pytest.raises(WeighedLine, match="weigh"):
        cart.set_quantity(apples.line_id, 2)
    with pytest.raises(InvalidReason):
        cart.void_line(tea.line_id, "   ")
    do(cart, cart.void_line(tea.line_id, "dubbel"))
    with pytest.raises(VoidedLine):
        cart.set_quantity(tea.line_id, 2)
    with pytest.raises(VoidedLine):
        cart.void_line(tea.line_id, "nog een keer")
    with pytest.raises(VoidedLine):
        cart.apply(QuantityChanged(tea.line_id, 3))


@pytest.mark.parametrize(
    ("event", "error"),
    [
        (LineAdded("a", TEA, 1, 500, None, None, ()), NotSoldByWeight),
        (LineAdded("a", APPLES, 1, None, None, None, ()), WeightRequired),
        (LineAdded("a", APPLES, 2, 500, None, None, ()), WeighedLine),
        (LineAdded("a", CHEESE, 5, None, 666, None, ()), PriceLabelLine),
        (LineAdded("a", TEA, 2, None, 666, None, ()), PriceLabelLine),
        (LineAdded("a", APPLES, 1, -5, None, None, ()), InvalidWeight),
        (LineAdded("a", CHEESE, 1, 500, 450, None, ()), InvalidEvent),
        (LineAdded("a", TEA, 1, None, 0, None, ()), InvalidPrice),
        (LineAdded("", TEA, 1, None, None, None, ()), InvalidEvent),
        (LineAdded("a", TEA, 1, None, None, "", ()), InvalidEvent),
        (LineAdded("a", TEA, -1, None, None, None, ()), InvalidQuantity),
        (LineAdded("a", replace(TEA, active=False), 1, None, None, None, ()), InactiveProduct),
        (
            LineAdded(
                "a",
                replace(COLA, deposit=replace(DEPOSIT, deposit=DEPOSIT)),
                1,
                None,
                None,
                None,
                (),
            ),
            InvalidProduct,
        ),
        (LineAdded("a", TEA, 1, None, None, None, (QUARTER_OFF, QUARTER_OFF)), InvalidPromotion),
        (QuantityChanged("ghost", 2), UnknownLine),
        (QuantityChanged("tea", 1000), InvalidQuantity),
        (LineVoided("ghost", "x"), UnknownLine),
        (LineVoided("tea", ""), InvalidReason),
    ],
)
def test_illegal_events_are_refused_by_apply(event: CartEvent, error: type[CartError]) -> None:
    cart = new_cart()
    cart.apply(LineAdded("tea", TEA, 1, None, None, None, ()))
    before = (cart.lines, cart.events, cart.totals)
    with pytest.raises(error):
        cart.apply(event)
    assert (cart.lines, cart.events, cart.totals) == before


def test_a_price_label_line_keeps_quantity_one() -> None:
    """Review finding: one € 6,66 label must not become € 33,30 by a quantity change."""
    cart = new_cart()
    label = do(cart, cart.add_priced(CHEESE, 666, barcode="2214010200666"))
    tea = do(cart, cart.add_priced(TEA, 150))  # a label on a per-piece product, too
    for line_id in (label.line_id, tea.line_id):
        for quantity in (5, 2, 1):
            with pytest.raises(PriceLabelLine, match="scan each package"):
                cart.set_quantity(line_id, quantity)
            with pytest.raises(PriceLabelLine, match="scan each package"):
                cart.apply(QuantityChanged(line_id, quantity))
    assert issubclass(PriceLabelLine, InvalidQuantity)  # callers catching that still do
    assert [line.quantity for line in cart.lines] == [1, 1]
    assert cart.totals.total_cents == 666 + 150
    assert len(cart.events) == 2
    # Another label scanned is another package: a line of its own.
    second = do(cart, cart.add_priced(CHEESE, 666))
    assert isinstance(second, LineAdded)
    assert cart.totals.total_cents == 2 * 666 + 150
    assert cart.item_count == 3


def test_replay_refuses_a_quantity_change_on_a_price_label_line() -> None:
    label = LineAdded("label", CHEESE, 1, None, 666, "2214010200666", ())
    tampered = [label, QuantityChanged("label", 5)]
    with pytest.raises(PriceLabelLine):
        Cart.replay("T-0001", TODAY, tampered)
    stored = [event_from_dict(json.loads(json.dumps(e.to_dict()))) for e in tampered]
    with pytest.raises(PriceLabelLine):
        Cart.replay("T-0001", TODAY, stored)
    # the same on a weighed line, and a pieces line still changes
    weighed = LineAdded("kg", APPLES, 1, 800, None, None, ())
    with pytest.raises(WeighedLine):
        Cart.replay("T-0001", TODAY, [weighed, QuantityChanged("kg", 2)])
    tea = LineAdded("tea", TEA, 1, None, None, None, ())
    assert Cart.replay("T-0001", TODAY, [tea, QuantityChanged("tea", 5)]).line("tea").quantity == 5


def test_a_line_id_is_used_once() -> None:
    cart = new_cart()
    cart.apply(LineAdded("a", TEA, 1, None, None, None, ()))
    with pytest.raises(DuplicateLine):
        cart.apply(LineAdded("a", COLA, 1, None, None, None, ()))


def test_apply_refuses_what_is_not_an_event() -> None:
    with pytest.raises(InvalidEvent, match="not a cart event"):
        new_cart().apply({"type": "line_added"})  # type: ignore[arg-type]


def test_cart_needs_an_id_and_a_day() -> None:
    with pytest.raises(ValueError, match="transaction id"):
        Cart("", TODAY)
    with pytest.raises(TypeError):
        Cart("T", datetime(2024, 5, 1, 12, 0))  # noqa: DTZ001


# --- serialisation ----------------------------------------------------------------------


def test_events_are_json_safe_and_round_trip() -> None:
    cart = new_cart()
    events = [
        do(cart, cart.add_product(COLA, barcode="8710000000011", promotions=[TWO_FOR_THREE])),
        do(cart, cart.add_weighed(CHEESE, 437, barcode="2812340004375", promotions=[QUARTER_OFF])),
        do(cart, cart.add_priced(CHEESE, 675, barcode="2299990006758")),
    ]
    events.append(do(cart, cart.set_quantity(events[0].line_id, 2)))
    events.append(do(cart, cart.void_line(events[2].line_id, "verkeerd etiket")))
    for event in events:
        data = event.to_dict()
        assert_json_safe(data)
        assert roundtrip(event) == event
    assert events[0].to_dict()["type"] == "line_added"
    assert events[3].to_dict() == {
        "type": "quantity_changed",
        "line_id": events[0].line_id,
        "quantity": 2,
    }


def good_line_added() -> dict[str, Any]:
    return LineAdded("a", COLA, 1, None, None, "8710000000011", (TWO_FOR_THREE,)).to_dict()


def broken(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = good_line_added()
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "line_exploded", "line_id": "a"}, "unknown cart event type 'line_exploded'"),
        ({"line_id": "a", "quantity": 2}, "unknown cart event type None"),
        ({"type": "quantity_changed", "line_id": "a"}, "lacks quantity"),
        ({"type": "quantity_changed", "line_id": "a", "quantity": "2"}, "quantity must be int"),
        ({"type": "quantity_changed", "line_id": "a", "quantity": True}, "quantity must be int"),
        ({"type": "quantity_changed", "line_id": "a", "quantity": 2.0}, "quantity must be int"),
        ({"type": "quantity_changed", "line_id": "a", "quantity": 2, "x": 1}, "unknown field"),
        ({"type": "line_voided", "line_id": 7, "reason": "x"}, "line_id must be str"),
        (broken(("grams",), KeyError), "lacks grams"),
        (broken(("product",), "cola"), "product must be dict"),
        (broken(("product", "price_cents"), "1,89"), "price_cents must be int"),
        (broken(("product", "vat"), 6), "malformed"),
        (broken(("product", "color"), "red"), "unknown field"),
        (broken(("product", "name_nl"), KeyError), "lacks name_nl"),
        (broken(("product", "deposit", "price_cents"), None), r"deposit: price_cents"),
        (broken(("promotions",), {}), "promotions must be list"),
        (broken(("promotions", 0, "kind"), "buy_all"), "malformed"),
        (broken(("promotions", 0, "starts"), "gisteren"), "malformed"),
        (broken(("promotions", 0, "product_ids"), ["1"]), "list of integers"),
    ],
)
def test_malformed_event_data_is_refused(data: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        event_from_dict(data)


def test_event_from_dict_refuses_non_objects() -> None:
    with pytest.raises(ValueError, match="must be an object"):
        event_from_dict([1, 2])  # type: ignore[arg-type]


# --- properties: a model of the cart, and replay ----------------------------------------

CATALOG = [COLA, BEER, TEA, APPLES, CHEESE, BAG, CIGARS]


def d_round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@st.composite
def sessions(draw: st.DrawFn) -> tuple[Cart, dict[str, dict[str, Any]]]:
    """Drive a cart through random commands; keep an independent model of its lines."""
    cart = new_cart()
    model: dict[str, dict[str, Any]] = {}
    for _ in range(draw(st.integers(0, 25))):
        action = draw(st.sampled_from(["scan", "scan", "scan", "quantity", "void"]))
        try:
            if action == "scan" or not model:
                item = draw(st.sampled_from(CATALOG))
                offers = draw(
                    st.lists(st.sampled_from([TWO_FOR_THREE, QUARTER_OFF]), unique=True).map(
                        lambda ps, item=item: [p for p in ps if item.id in p.product_ids]
                    )
                )
                if item.sold_by_weight and draw(st.booleans()):
                    event = cart.add_weighed(item, draw(st.integers(1, 100_000)), promotions=offers)
                elif draw(st.integers(0, 4)) == 0:
                    price = draw(st.integers(1, 9999))
                    event = cart.add_priced(item, price, promotions=offers)
                else:
                    amount = draw(st.integers(1, 12))
                    event = cart.add_product(item, quantity=amount, promotions=offers)
            elif action == "quantity":
                line_id = draw(st.sampled_from(list(model)))
                event = cart.set_quantity(line_id, draw(st.integers(1, 40)))
            else:
                line_id = draw(st.sampled_from(list(model)))
                event = cart.void_line(line_id, "test")
        except CartError:
            continue  # refused commands are part of the test: nothing must change
        cart.apply(event)
        if isinstance(event, LineAdded):
            model[event.line_id] = {
                "product": event.product,
                "quantity": event.quantity,
                "grams": event.grams,
                "price": event.price_override_cents,
                "voided": False,
            }
        elif isinstance(event, QuantityChanged):
            model[event.line_id]["quantity"] = event.quantity
        else:
            model[event.line_id]["voided"] = True
    return cart, model


def model_amount(entry: dict[str, Any]) -> int:
    product: ProductInfo = entry["product"]
    if entry["grams"] is not None:
        return d_round(Decimal(entry["grams"]) * product.price_cents / 1000)
    unit = entry["price"] if entry["price"] is not None else product.price_cents
    return int(Decimal(unit) * entry["quantity"])


@settings(deadline=None, max_examples=150)
@given(sessions())
def test_cart_matches_an_independent_model(session: tuple[Cart, dict[str, Any]]) -> None:
    cart, model = session
    assert [line.line_id for line in cart.lines] == list(model)
    active = {k: v for k, v in model.items() if not v["voided"]}
    assert [line.line_id for line in cart.active_lines] == list(active)
    for line in cart.lines:
        entry = model[line.line_id]
        assert (line.quantity, line.voided, line.grams) == (
            entry["quantity"],
            entry["voided"],
            entry["grams"],
        )
    # weighed and price-label lines never have another quantity than 1
    assert all(line.quantity == 1 for line in cart.lines if line.grams is not None)
    assert all(line.quantity == 1 for line in cart.lines if line.price_override_cents is not None)
    # the same product never has two active identical piece lines
    pieces = [
        (line.product, frozenset(line.promotions))
        for line in cart.active_lines
        if line.grams is None and line.price_override_cents is None
    ]
    assert len(pieces) == len(set(pieces))

    totals = cart.totals
    gross = sum(model_amount(e) for e in active.values())
    deposits = sum(
        e["product"].deposit.price_cents * e["quantity"]
        for e in active.values()
        if e["product"].deposit is not None
    )
    assert totals.gross_cents == gross + deposits
    assert totals.deposit_cents == deposits
    assert totals.total_cents == gross + deposits - totals.saving_cents
    assert 0 <= totals.saving_cents <= gross
    assert cart.item_count == sum(
        1 if e["grams"] is not None else e["quantity"] for e in active.values()
    )
    assert cart.needs_age_check == max((e["product"].min_age for e in active.values()), default=0)
    assert sum(part.gross_cents for part in totals.vat_breakdown) == totals.total_cents
    for part in totals.vat_breakdown:
        rate = int(part.rate)
        assert part.vat_cents == d_round(Decimal(part.gross_cents) * rate / (100 + rate))


@settings(deadline=None, max_examples=150)
@given(sessions())
def test_replay_through_json_rebuilds_the_same_cart(session: tuple[Cart, Any]) -> None:
    cart, _ = session
    stored = [json.dumps(event.to_dict()) for event in cart.events]
    for text in stored:
        assert_json_safe(json.loads(text))
    rebuilt = Cart(cart.transaction_id, cart.today)
    for text in stored:
        rebuilt.apply(event_from_dict(json.loads(text)))
    assert rebuilt.events == cart.events
    assert rebuilt.lines == cart.lines
    assert rebuilt.totals == cart.totals
    assert Cart.replay(cart.transaction_id, cart.today, cart.events).totals == cart.totals


@settings(deadline=None, max_examples=100)
@given(sessions(), st.randoms(use_true_random=False))
def test_promotion_order_in_events_does_not_change_totals(
    session: tuple[Cart, Any], rnd: Any
) -> None:
    cart, _ = session
    shuffled = [
        replace(e, promotions=tuple(rnd.sample(e.promotions, len(e.promotions))))
        if isinstance(e, LineAdded)
        else e
        for e in cart.events
    ]
    assert Cart.replay("T-0002", TODAY, shuffled).totals == cart.totals
