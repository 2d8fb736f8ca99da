"""The products the demo suggests: one of each kind a newcomer should try, from the catalog.

The picks follow whatever the sample catalog holds (searched by name and kind, never by a
fixed code), so a rebuilt catalog keeps the demo working: a plain item, a bottle with
deposit, an age-restricted beer, an item on promotion, an in-store price label, an
in-store weight label, loose produce by its PLU (weighed on the scale), a code the store
does not sell and a misread (wrong check digit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kiosk.core.barcodes import DEFAULT_PREFIXES, gtin_check_digit, price_check_digit
from kiosk.core.catalog.records import ProductInfo
from kiosk.core.catalog.repository import Catalog
from kiosk.core.money import format_cents

__all__ = ["UNKNOWN_CODE", "Suggestion", "label_for", "scan_code", "suggestions"]

UNKNOWN_CODE = "8712345678906"
"""A valid EAN-13 that the sample store does not sell."""


@dataclass(frozen=True)
class Suggestion:
    """One thing to scan: what the button says, the data, and what the lane will do."""

    key: str
    """A stable name: ``plain``, ``deposit``, ``age``, ``promotion``, ``price_label``,
    ``weight_label``, ``produce``, ``unknown``, ``bad_check_digit``."""
    label: str
    code: str
    note: str
    symbology: str | None = "ean13"
    """For the scanner's AIM identifier; None for a PLU (typed codes carry none)."""
    grams: int | None = None
    """For loose produce: the weight to put on the scale."""


def label_for(product: ProductInfo, value: int) -> str:
    """The in-store label a deli scale would print for ``product`` with ``value`` embedded."""
    assert product.gtin is not None
    code = product.gtin[1:]
    rule = DEFAULT_PREFIXES.get(code[:2])
    assert rule is not None, f"{code} is not an in-store code of the default table"
    digits = f"{value:0{rule.value_digits}d}"
    head = code[: 2 + rule.item_digits]
    if rule.verifier_digit:
        head += str(price_check_digit(digits))
    body = head + digits
    return body + str(gtin_check_digit(body))


def scan_code(product: ProductInfo) -> str:
    """The EAN-13 a scanner reads from ``product``'s package (its GTIN-14 without the 0)."""
    assert product.gtin is not None
    return product.gtin[1:]


def _short(name: str, limit: int = 26) -> str:
    """``name`` cut at a word (and before a comma) to fit a button: "Matured cheese"."""
    name = name.split(",")[0].strip()
    if len(name) <= limit:
        return name
    return name[: name.rfind(" ", 0, limit)].rstrip() + "…"


def _first(
    catalog: Catalog, queries: tuple[str, ...], test: Callable[[ProductInfo], bool]
) -> ProductInfo | None:
    for query in queries:
        for product in catalog.search(query, limit=200):
            if product.active and test(product):
                return product
    return None


def _ean13(product: ProductInfo) -> bool:
    return bool(product.gtin and product.gtin.startswith("0") and product.gtin[1] != "2")


def suggestions(catalog: Catalog, today: date) -> list[Suggestion]:
    """The demo's suggested scans, in the order a newcomer meets them (missing kinds left
    out: a catalog without beer simply has no age check to show)."""
    found: list[Suggestion] = []
    plain = _first(
        catalog,
        ("melk", "brood", "kaas"),
        lambda p: _ean13(p) and not p.deposit and not p.min_age and not p.sold_by_weight,
    )
    if plain is not None:
        found.append(
            Suggestion(
                "plain",
                _short(plain.name_en),
                scan_code(plain),
                f"a plain item, {format_cents(plain.price_cents)}",
            )
        )
    cola = _first(catalog, ("cola", "water", "fris"), lambda p: _ean13(p) and p.deposit is not None)
    if cola is not None:
        found.append(
            Suggestion(
                "deposit", cola.name_en, scan_code(cola), "a bottle: the deposit line follows it"
            )
        )
    beer = _first(catalog, ("pils", "bier", "wijn"), lambda p: _ean13(p) and p.min_age >= 18)
    if beer is not None:
        found.append(
            Suggestion(
                "age",
                _short(beer.name_en),
                scan_code(beer),
                f"{beer.min_age}+: the lane asks a staff member to check the age",
            )
        )
    promoted = _first(
        catalog,
        ("chips", "koek", "chocolade", "pasta", "koffie"),
        lambda p: _ean13(p) and bool(catalog.promotions_for(p.id, today)),
    )
    if promoted is not None:
        found.append(
            Suggestion(
                "promotion",
                _short(promoted.name_en),
                scan_code(promoted),
                "on promotion: scan it twice to see the discount",
            )
        )
    cheese = _first(
        catalog, ("kaas", "taart", "brood"), lambda p: bool(p.gtin) and p.gtin[1:3] in ("21", "22")
    )
    if cheese is not None:
        price = cheese.price_cents + 37
        found.append(
            Suggestion(
                "price_label",
                f"{_short(cheese.name_en, 18)} (price label)",
                label_for(cheese, price),
                f"an in-store label with the price in it: {format_cents(price)}",
            )
        )
    weighed = _first(
        catalog,
        ("gehakt", "vlees", "vis", "kip", "worst", "salade"),
        lambda p: bool(p.gtin) and p.gtin[1:3] in ("28", "29"),
    )
    if weighed is not None:
        found.append(
            Suggestion(
                "weight_label",
                f"{_short(weighed.name_en, 22)} (weight label)",
                label_for(weighed, 734),
                "an in-store label with the weight in it: 734 g",
            )
        )
    produce = catalog.by_plu("4011") or next(iter(catalog.loose_produce()), None)
    if produce is not None and produce.plu:
        found.append(
            Suggestion(
                "produce",
                f"{produce.name_en} (PLU {produce.plu})",
                produce.plu,
                "loose produce: put a weight on the scale first (or weigh when asked)",
                symbology=None,
                grams=1250,
            )
        )
    found.append(
        Suggestion("unknown", "Unknown product", UNKNOWN_CODE, "a valid code the store never sold")
    )
    if plain is not None:
        code = scan_code(plain)
        bad = code[:-1] + str((int(code[-1]) + 1) % 10)
        found.append(
            Suggestion(
                "bad_check_digit",
                "Misread (bad check digit)",
                bad,
                "a wrong check digit: ignored with a soft tone",
                symbology=None,
            )
        )
    return found
