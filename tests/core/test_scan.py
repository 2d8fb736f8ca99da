"""From a parsed barcode to a cart event: every branch of kiosk.core.scan.resolve_scan."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest

from kiosk.core.barcodes import (
    DEFAULT_PREFIXES,
    ParsedBarcode,
    PrefixRule,
    PrefixTable,
    gtin_check_digit,
    parse_barcode,
    price_check_digit,
)
from kiosk.core.cart import (
    MAX_QUANTITY,
    Cart,
    InvalidPrice,
    InvalidProduct,
    InvalidQuantity,
    LineAdded,
    NotSoldByWeight,
    QuantityChanged,
)
from kiosk.core.catalog.records import ProductInfo, PromotionInfo, PromotionKind
from kiosk.core.money import VatRate
from kiosk.core.scan import ProductSource, ScanKind, ScanOutcome, resolve_scan

TODAY = date(2024, 5, 1)
GS = "\x1d"


def ean(body: str) -> str:
    """An EAN-13 from its first 12 digits."""
    assert len(body) == 12
    return body + str(gtin_check_digit(body))


def g14(body: str) -> str:
    return ean(body).zfill(14)


# Item codes of in-store labels: the lookup GTIN has the value (and verifier) zeroed.
CHEESE_LABEL_ITEM = "2112345"  # prefix 21: 5-digit item, price in cents
CHEESE_KG_ITEM = "2800042"  # prefix 28: 5-digit item, weight in grams
SOAP_ITEM = "2800043"  # a weight label wrongly set up for a per-piece product

DEPOSIT = ProductInfo(
    90, "Statiegeld", "Deposit", 15, VatRate.ZERO, "deposit", gtin=g14("200010100000"),
    is_deposit=True,
)  # fmt: skip
TEA = ProductInfo(1, "Thee", "Tea", 199, VatRate.LOW, "drinks", gtin=g14("871000000001"))
COLA = ProductInfo(
    2, "Cola", "Cola", 189, VatRate.LOW, "drinks", gtin=g14("871000000002"), deposit=DEPOSIT
)
COFFEE = ProductInfo(  # a pack of fixed weight: its DataBar states 500 g net, price per piece
    3, "Koffie 500 g", "Coffee 500 g", 649, VatRate.LOW, "coffee", gtin=g14("871000000003")
)
HAM = ProductInfo(  # sold per kilogram, pre-packed with a GS1 DataBar (01)(3103)
    4, "Ham", "Ham", 1890, VatRate.LOW, "meat", gtin=g14("871000000004"), sold_by_weight=True
)
EGGS = ProductInfo(5, "Eieren", "Eggs", 35, VatRate.LOW, "eggs", gtin=g14("871000000005"))
CHEESE_LABEL = ProductInfo(  # a piece of cheese, priced by the deli's label
    6, "Kaas stuk", "Cheese piece", 629, VatRate.LOW, "cheese",
    gtin=g14(f"{CHEESE_LABEL_ITEM}00000"),
)  # fmt: skip
CHEESE_KG = ProductInfo(
    7, "Kaas", "Cheese", 1299, VatRate.LOW, "cheese", gtin=g14(f"{CHEESE_KG_ITEM}00000"),
    sold_by_weight=True,
)  # fmt: skip
SOAP = ProductInfo(8, "Zeep", "Soap", 249, VatRate.HIGH, "care", gtin=g14(f"{SOAP_ITEM}00000"))
APPLES = ProductInfo(
    9, "Appels", "Apples", 299, VatRate.LOW, "fruit", plu="4011", sold_by_weight=True
)
OLD = ProductInfo(
    10, "Oud", "Discontinued", 99, VatRate.LOW, "misc", gtin=g14("871000000010"), active=False
)
PRODUCTS = (DEPOSIT, TEA, COLA, COFFEE, HAM, EGGS, CHEESE_LABEL, CHEESE_KG, SOAP, APPLES, OLD)

QUARTER_OFF = PromotionInfo(
    id=11, code="25PCT", kind=PromotionKind.PERCENT_OFF, name_nl="25% korting",
    name_en="25% off", product_ids=frozenset({1, 7, 9}), starts=date(2024, 5, 1),
    ends=date(2024, 5, 5), percent=25,
)  # fmt: skip
EXPIRED = replace(QUARTER_OFF, id=12, code="OLD", ends=date(2024, 4, 30))


@dataclass
class FakeCatalog:
    """A tiny in-memory ProductSource that records what it was asked."""

    products: tuple[ProductInfo, ...] = PRODUCTS
    promotions: tuple[PromotionInfo, ...] = (QUARTER_OFF, EXPIRED)
    asked: list[tuple[str, object]] = field(default_factory=list)

    def by_gtin(self, gtin: str, /) -> ProductInfo | None:
        self.asked.append(("gtin", gtin))
        return next((p for p in self.products if p.gtin == gtin), None)

    def by_plu(self, plu: str, /) -> ProductInfo | None:
        self.asked.append(("plu", plu))
        return next((p for p in self.products if p.plu == plu), None)

    def promotions_for(self, product_id: int, day: date, /) -> tuple[PromotionInfo, ...]:
        self.asked.append(("promotions", (product_id, day)))
        return tuple(p for p in self.promotions if product_id in p.product_ids)


def parsed(raw: str, prefixes: PrefixTable = DEFAULT_PREFIXES) -> ParsedBarcode:
    result = parse_barcode(raw, prefixes=prefixes)
    assert isinstance(result, ParsedBarcode), result
    return result


def resolve(
    raw: str,
    *,
    grams: int | None = None,
    cart: Cart | None = None,
    catalog: ProductSource | None = None,
    prefixes: PrefixTable = DEFAULT_PREFIXES,
) -> ScanOutcome:
    cart = cart if cart is not None else Cart("T-0001", TODAY)
    before = (cart.events, cart.lines)
    code = parsed(raw, prefixes)
    outcome = resolve_scan(cart, catalog or FakeCatalog(), code, grams=grams)
    assert (cart.events, cart.lines) == before, "resolve_scan must change nothing"
    assert outcome.parsed is code
    return outcome


def added(outcome: ScanOutcome) -> LineAdded:
    assert outcome.kind is ScanKind.ADD, outcome
    assert (outcome.error, outcome.kind.value) == (None, "add")
    assert isinstance(outcome.event, LineAdded), outcome.event
    return outcome.event


def shape(event: LineAdded) -> tuple[ProductInfo, int, int | None, int | None]:
    return (event.product, event.quantity, event.grams, event.price_override_cents)


# --------------------------------------------------------------------------- pieces


def test_a_plain_ean_adds_one_piece() -> None:
    catalog = FakeCatalog()
    raw = "]E0" + TEA.gtin[1:]  # type: ignore[index]
    outcome = resolve(raw, catalog=catalog)
    event = added(outcome)
    assert shape(event) == (TEA, 1, None, None)
    assert (outcome.product, outcome.code, event.barcode) == (TEA, TEA.gtin, raw)
    assert catalog.asked[0] == ("gtin", TEA.gtin)


def test_the_scale_reading_is_ignored_for_a_product_sold_per_piece() -> None:
    assert shape(added(resolve(TEA.gtin, grams=480))) == (TEA, 1, None, None)  # type: ignore[arg-type]


def test_the_event_goes_to_the_cart_and_a_second_scan_merges() -> None:
    cart = Cart("T-0001", TODAY)
    first = added(resolve(TEA.gtin, cart=cart))  # type: ignore[arg-type]
    cart.apply(first)
    again = resolve(TEA.gtin, cart=cart)  # type: ignore[arg-type]
    assert again.kind is ScanKind.ADD
    assert again.event == QuantityChanged(first.line_id, 2)


def test_a_product_with_a_deposit_is_added_as_usual() -> None:
    assert shape(added(resolve(COLA.gtin))) == (COLA, 1, None, None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- produce and the scale


def test_a_keyed_plu_is_looked_up_by_plu_and_weighed_on_the_scale() -> None:
    catalog = FakeCatalog()
    outcome = resolve("4011", grams=1234, catalog=catalog)
    assert shape(added(outcome)) == (APPLES, 1, 1234, None)
    assert outcome.code == "4011"
    assert [kind for kind, _ in catalog.asked] == ["plu", "promotions"]


def test_a_per_kg_product_scanned_by_gtin_is_weighed_on_the_scale() -> None:
    assert shape(added(resolve(HAM.gtin, grams=250))) == (HAM, 1, 250, None)  # type: ignore[arg-type]


@pytest.mark.parametrize("grams", [None, 0])
@pytest.mark.parametrize("raw", ["4011", HAM.gtin])
def test_a_per_kg_product_without_a_weight_needs_the_scale(raw: str, grams: int | None) -> None:
    catalog = FakeCatalog()
    outcome = resolve(raw, grams=grams, catalog=catalog)
    assert outcome.kind is ScanKind.NEEDS_WEIGHT
    assert outcome.product in (APPLES, HAM)
    assert (outcome.event, outcome.error) == (None, None)
    assert all(kind != "promotions" for kind, _ in catalog.asked)


def test_a_scale_reading_below_zero_is_refused_by_the_cart() -> None:
    outcome = resolve("4011", grams=-20)
    assert outcome.kind is ScanKind.REFUSED
    assert "grams" in str(outcome.error)


# --------------------------------------------------------------------------- in-store labels


def test_a_price_label_adds_a_priced_line() -> None:
    raw = ean(f"{CHEESE_LABEL_ITEM}00666")  # € 6,66
    outcome = resolve("]E0" + raw, grams=999)  # a scale reading changes nothing
    event = added(outcome)
    assert shape(event) == (CHEESE_LABEL, 1, None, 666)
    assert outcome.code == CHEESE_LABEL.gtin  # the item's code, the price zeroed
    assert outcome.parsed.gtin == "0" + raw  # the full label is kept too


def test_a_price_label_on_a_per_kg_product_is_priced_not_weighed() -> None:
    # 22 | 1234 | verifier | price: make CHEESE_KG's code a prefix-22 label for this test
    price = "01250"
    label = ean(f"221234{price_check_digit(price)}{price}")
    item = replace(CHEESE_KG, gtin=g14(f"221234{price_check_digit('00000')}00000"))
    outcome = resolve(label, catalog=FakeCatalog(products=(item,)))
    assert shape(added(outcome)) == (item, 1, None, 1250)


def test_a_weight_label_adds_a_weighed_line_whatever_the_scale_says() -> None:
    outcome = resolve("]E0" + ean(f"{CHEESE_KG_ITEM}01500"), grams=999)
    event = added(outcome)
    assert shape(event) == (CHEESE_KG, 1, 1500, None)
    assert event.promotions == (QUARTER_OFF,)


def test_a_weight_label_on_a_product_sold_per_piece_is_refused() -> None:
    outcome = resolve(ean(f"{SOAP_ITEM}00500"))
    assert outcome.kind is ScanKind.REFUSED
    assert isinstance(outcome.error, NotSoldByWeight)
    assert (outcome.product, outcome.event) == (SOAP, None)


def test_a_price_label_of_zero_is_refused() -> None:
    outcome = resolve(ean(f"{CHEESE_LABEL_ITEM}00000"))
    assert outcome.kind is ScanKind.REFUSED
    assert isinstance(outcome.error, InvalidPrice)


COUNT_TABLE = PrefixTable(
    (*DEFAULT_PREFIXES.rules, PrefixRule("23", "count", item_digits=7, value_digits=3))
)


def test_a_count_label_adds_that_many_pieces() -> None:
    item = replace(EGGS, gtin=g14("230000005000"))
    catalog = FakeCatalog(products=(item,))
    outcome = resolve(ean("230000005012"), catalog=catalog, prefixes=COUNT_TABLE)
    assert shape(added(outcome)) == (item, 12, None, None)


# --------------------------------------------------------------------------- GS1 data


def test_ai_30_count_adds_that_many_pieces() -> None:
    outcome = resolve(f"(01){EGGS.gtin}(30)12")
    assert shape(added(outcome)) == (EGGS, 12, None, None)


def test_ai_30_count_of_zero_is_refused() -> None:
    outcome = resolve(f"(01){EGGS.gtin}(30)0")
    assert outcome.kind is ScanKind.REFUSED
    assert isinstance(outcome.error, InvalidQuantity)


def test_a_count_on_a_per_kg_product_still_needs_a_weight() -> None:
    assert resolve(f"(01){HAM.gtin}(30)3").kind is ScanKind.NEEDS_WEIGHT
    assert shape(added(resolve(f"(01){HAM.gtin}(30)3", grams=640))) == (HAM, 1, 640, None)


def test_ai_310x_weighs_a_per_kg_product() -> None:
    outcome = resolve(f"]e001{HAM.gtin}3103000437", grams=999)
    assert shape(added(outcome)) == (HAM, 1, 437, None)


def test_ai_310x_on_a_product_sold_per_piece_is_only_its_net_content() -> None:
    outcome = resolve(f"]C101{COFFEE.gtin}3103000500")
    assert shape(added(outcome)) == (COFFEE, 1, None, None)
    digital_link = resolve(f"https://id.gs1.org/01/{COFFEE.gtin}?3103=000500")
    assert shape(added(digital_link)) == (COFFEE, 1, None, None)


def test_ai_310x_and_a_count_on_a_product_sold_per_piece_adds_the_count() -> None:
    outcome = resolve(f"(01){EGGS.gtin}(3103)000600(30)10")
    assert shape(added(outcome)) == (EGGS, 10, None, None)


@pytest.mark.parametrize("product", [HAM, COFFEE])
def test_ai_392x_price_adds_a_priced_line(product: ProductInfo) -> None:
    outcome = resolve(f"(01){product.gtin}(3103)000437(3922)0826", grams=999)
    assert shape(added(outcome)) == (product, 1, None, 826)


# --------------------------------------------------------------------------- no sale


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (ean("871234567890"), g14("871234567890")),  # a valid code the store does not sell
        ("4999", "4999"),  # a PLU the store does not sell
        # an in-store label of an unknown item: the item's code, the full label in parsed
        (ean("219999901234"), g14("219999900000")),
    ],
)
def test_a_valid_code_not_in_the_catalog_is_unknown_and_kept(raw: str, code: str) -> None:
    catalog = FakeCatalog()
    outcome = resolve(raw, grams=500, catalog=catalog)
    assert outcome.kind is ScanKind.UNKNOWN_PRODUCT
    assert outcome.code == code
    assert (outcome.product, outcome.event, outcome.error) == (None, None, None)
    assert [kind for kind, _ in catalog.asked] == ["plu" if len(raw) == 4 else "gtin"]


def test_a_barcode_without_a_product_code_is_unknown_without_asking_the_catalog() -> None:
    catalog = FakeCatalog()
    outcome = resolve("]Q1https://example.com/recipes", catalog=catalog)
    assert (outcome.kind, outcome.code) == (ScanKind.UNKNOWN_PRODUCT, "https://example.com/recipes")
    assert catalog.asked == []


def test_an_inactive_product_is_not_for_sale() -> None:
    outcome = resolve(OLD.gtin)  # type: ignore[arg-type]
    assert (outcome.kind, outcome.product, outcome.event) == (ScanKind.NOT_FOR_SALE, OLD, None)


def test_an_inactive_deposit_is_not_for_sale_either() -> None:
    gone = replace(DEPOSIT, active=False)
    outcome = resolve(DEPOSIT.gtin, catalog=FakeCatalog(products=(gone,)))  # type: ignore[arg-type]
    assert outcome.kind is ScanKind.NOT_FOR_SALE


def test_a_deposit_scanned_alone_is_not_added() -> None:
    catalog = FakeCatalog()
    outcome = resolve(DEPOSIT.gtin, catalog=catalog)  # type: ignore[arg-type]
    assert (outcome.kind, outcome.product, outcome.event) == (ScanKind.DEPOSIT_ALONE, DEPOSIT, None)
    # the cart would refuse it too: DEPOSIT_ALONE is decided before asking it
    with pytest.raises(InvalidProduct, match="deposit"):
        Cart("T-0001", TODAY).add_product(DEPOSIT)


def test_a_cart_refusal_is_returned_not_raised() -> None:
    cart = Cart("T-0001", TODAY)
    cart.apply(cart.add_product(EGGS, quantity=MAX_QUANTITY))
    outcome = resolve(EGGS.gtin, cart=cart)  # type: ignore[arg-type]
    assert (outcome.kind, outcome.product, outcome.event) == (ScanKind.REFUSED, EGGS, None)
    assert isinstance(outcome.error, InvalidQuantity)
    assert "more than 999" in str(outcome.error)


def test_other_errors_are_not_swallowed() -> None:
    class Broken(FakeCatalog):
        def by_gtin(self, gtin: str, /) -> ProductInfo | None:
            raise RuntimeError("database is locked")

    with pytest.raises(RuntimeError, match="locked"):
        resolve(TEA.gtin, catalog=Broken())  # type: ignore[arg-type]


# --------------------------------------------------------------------------- promotions


def test_promotions_come_from_the_catalog_for_that_day() -> None:
    catalog = FakeCatalog()
    event = added(resolve(TEA.gtin, catalog=catalog))  # type: ignore[arg-type]
    assert ("promotions", (TEA.id, TODAY)) in catalog.asked
    assert event.promotions == (QUARTER_OFF,)  # the expired one is not kept by the cart
    assert added(resolve(COLA.gtin)).promotions == ()  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the API itself


def test_an_invalid_barcode_is_a_programming_error() -> None:
    bad = parse_barcode("]E08710400311141")
    with pytest.raises(TypeError, match="ParsedBarcode"):
        resolve_scan(Cart("T", TODAY), FakeCatalog(), bad)  # type: ignore[arg-type]


def test_outcomes_are_consistent() -> None:
    code = parsed("4011")
    event = LineAdded("a", TEA, 1, None, None, None, ())
    with pytest.raises(ValueError, match="event"):
        ScanOutcome(kind=ScanKind.ADD, parsed=code, code="4011", product=TEA)
    with pytest.raises(ValueError, match="event"):
        ScanOutcome(kind=ScanKind.NEEDS_WEIGHT, parsed=code, code="4011", product=TEA, event=event)
    with pytest.raises(ValueError, match="error"):
        ScanOutcome(kind=ScanKind.REFUSED, parsed=code, code="4011", product=TEA)
    with pytest.raises(ValueError, match="product"):
        ScanOutcome(kind=ScanKind.NOT_FOR_SALE, parsed=code, code="4011")
    with pytest.raises(ValueError, match="no product"):
        ScanOutcome(kind=ScanKind.UNKNOWN_PRODUCT, parsed=code, code="4011", product=TEA)
    with pytest.raises(AttributeError):
        ScanOutcome(kind=ScanKind.UNKNOWN_PRODUCT, parsed=code, code="4011").code = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------- the real catalog

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample_catalog(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from kiosk.core.catalog.admin import build
    from kiosk.core.catalog.repository import Catalog

    out = tmp_path_factory.mktemp("catalog") / "catalog.db"
    build(ROOT / "assets" / "catalog", out)
    with Catalog(out, today=lambda: TODAY) as catalog:
        yield catalog


def test_the_real_catalog_is_a_product_source(sample_catalog) -> None:  # type: ignore[no-untyped-def]
    source: ProductSource = sample_catalog
    cart = Cart("T-0001", TODAY)
    bananas = resolve_scan(cart, source, parsed("4011"), grams=1234)
    assert bananas.kind is ScanKind.ADD
    assert bananas.product is not None
    assert bananas.product.plu == "4011"
    assert resolve_scan(cart, source, parsed("4011")).kind is ScanKind.NEEDS_WEIGHT
    unknown = resolve_scan(cart, source, parsed("]E08712345678906"))
    assert (unknown.kind, unknown.code) == (ScanKind.UNKNOWN_PRODUCT, "08712345678906")
    deposit = sample_catalog.search("statiegeld", limit=5)[0]
    assert deposit.is_deposit
    alone = resolve_scan(cart, source, parsed(deposit.gtin))
    assert alone.kind is ScanKind.DEPOSIT_ALONE
