"""Check the human-editable sample catalog source in ``assets/catalog/``.

Usage::

    python tools/check_catalog_source.py [assets/catalog]

prints one line per problem and exits 1 if there is any. As a library::

    from check_catalog_source import check
    problems = check(Path("assets/catalog"))  # [] when all is well

The file format (columns, GTIN check digits, prices, VAT rates, duplicates,
categories, deposit and promotion references) is validated by the production
reader, ``kiosk.core.catalog.source.read_source``, which ``selfscan-catalog build``
uses too; its errors are reported as they are (``file:line: reason``). Only a
source that reads cleanly is then held to the sample catalog's own policy, which
the reader does not know: enough rows, Dutch VAT and age rules, in-store barcode
prefixes that the kiosk's default prefix table reads back to the right row,
pictures for loose produce, and promotions that save money and obey the Alcoholwet.
"""

from __future__ import annotations

import csv
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from kiosk.core.barcodes import DEFAULT_PREFIXES, ParsedBarcode, gtin_check_digit, parse_barcode
from kiosk.core.catalog.source import (
    CatalogSource,
    ProductRow,
    PromotionRow,
    SourceError,
    read_source,
)
from kiosk.core.money import format_cents

MIN_PRODUCT_ROWS = 300
ADULT_CATEGORIES = {"bier-wijn", "tabak"}  # alcohol and tobacco: 18+, 21% VAT
ALCOHOL_CATEGORY = "bier-wijn"
DEPOSIT_CATEGORY = "statiegeld"
# In-store EAN-13s (2 + prefix digit + 5 item digits + 5 value digits + check digit).
# 21 and 28 must be read by the kiosk's DEFAULT_PREFIXES as price and weight labels;
# 20 is not in that table, so it reads as a plain in-store code: deposits only.
# 22 and 29 carry a verifier digit and 23-27 are unmapped: not used in the sample.
VARIABLE_MEASURE = {"21": "price", "28": "weight"}
FIXED_IN_STORE = "20"
LABEL_VALUE = 1234  # a label is printed with € 12,34 or 1,234 kg in it
# Alcoholwet (NL): a price promotion on alcohol may not exceed 25% off.
MAX_ALCOHOL_DISCOUNT_PERCENT = 25

_SLUG = re.compile(r"^[a-z]+(-[a-z]+)*$")


def _lines(path: Path, key: str) -> dict[str, int]:
    """``{key column value: line number}``, lines counted as the production reader counts."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip().lstrip("\ufeff") for h in next(reader, [])]
        column = header.index(key)
        keys = ((row[column].strip() if len(row) > column else "") for row in reader)
        # ids as read_source reads them ("007" is 7), mapped to the line that ends the row
        return {str(int(k)) if k.isascii() and k.isdigit() else k: reader.line_num for k in keys}


def _locator(name: str, lines: dict[str, int]) -> Callable[[str, str], str]:
    """``where(key, label)`` -> ``"products.csv:12 (id 201)"`` (no line if not found)."""

    def where(key: str, label: str) -> str:
        line = lines.get(key)
        return f"{name}:{line} ({label})" if line else f"{name} ({label})"

    return where


def _check_categories(source: CatalogSource, folder: Path) -> list[str]:
    where = _locator("categories.csv", _lines(folder / "categories.csv", "slug"))
    return [
        f"{where(c.slug, c.slug)}: slug must be lower-case words joined by '-'"
        for c in source.categories
        if not _SLUG.match(c.slug)
    ]


def _check_gtin(p: ProductRow) -> list[str]:
    """In-store prefix policy, and the code (as a label, if it embeds a value) scans to ``p``."""
    gtin = p.gtin
    assert gtin is not None
    if gtin[0] != "0":
        return [
            f"gtin {gtin} is a GTIN-14 with indicator digit {gtin[0]}; a till scans the "
            "EAN-13, EAN-8 or UPC-A on the item"
        ]
    code = gtin[6:] if gtin.startswith("000000") else gtin[1:]
    problems: list[str] = []
    rule = None
    if len(code) == 13 and code[0] == "2":
        prefix = code[:2]
        if prefix in VARIABLE_MEASURE:
            rule = DEFAULT_PREFIXES.get(prefix)
            kind = VARIABLE_MEASURE[prefix]
            if rule is None or rule.kind != kind or rule.verifier_digit:
                return [
                    f"gtin {code}: the kiosk's default prefix table no longer reads prefix "
                    f"{prefix} as a {kind} label without verifier digit"
                ]
            if p.kind != "product":
                problems.append(f"gtin prefix {prefix} is for products only")
            if p.sold_by_weight != (kind == "weight"):
                unit = "kg" if kind == "weight" else "item"
                problems.append(f"gtin prefix {prefix} ({kind} embedded) needs unit {unit}")
        elif prefix == FIXED_IN_STORE:
            if p.kind == "product":
                problems.append(f"gtin prefix {prefix} is reserved for deposits")
        else:
            return [
                f"in-store gtin prefix {prefix} is not used here: 21 price, 28 weight (5 item "
                "+ 5 value digits, kiosk/core/barcodes.py DEFAULT_PREFIXES), 20 deposits; "
                "22 and 29 carry a verifier digit and 23-27 are unmapped"
            ]
    if rule is not None:
        body = code[: 12 - rule.value_digits] + str(LABEL_VALUE).zfill(rule.value_digits)
        label = body + str(gtin_check_digit(body))
    else:
        label = code
    scanned = parse_barcode(label, prefixes=DEFAULT_PREFIXES)
    if not isinstance(scanned, ParsedBarcode):
        problems.append(f"gtin {code}: the kiosk cannot read {label} ({scanned.detail})")
        return problems
    embedded = scanned.embedded.kind if scanned.embedded else None
    if scanned.lookup_gtin != gtin:
        what = f"a {rule.kind} label {label}" if rule else f"gtin {code}"
        hint = f"; the {rule.kind} digits 8-12 must be 00000" if rule else ""
        problems.append(f"{what} is looked up as {scanned.lookup_gtin}, not this row{hint}")
    elif embedded != (rule.kind if rule else None):
        problems.append(f"gtin {code}: the kiosk reads an embedded {embedded} from {label}")
    return problems


def _check_image(p: ProductRow, assets: Path, svg_checked: set[Path]) -> list[str]:
    assert p.image is not None
    image = Path(p.image)
    if image.is_absolute() or ".." in image.parts or "\\" in p.image:
        return [f"image {p.image!r} must be a path under assets/"]
    if not (assets / image).is_file():
        return [f"image {p.image!r} does not exist under assets/"]
    if image.suffix == ".svg" and image not in svg_checked:
        svg_checked.add(image)
        try:
            ET.parse(assets / image)
        except ET.ParseError as exc:
            return [f"image {p.image!r} is not valid XML ({exc})"]
    return []


def _check_product(p: ProductRow, assets: Path, svg_checked: set[Path]) -> list[str]:
    problems: list[str] = []
    if p.gtin is not None:
        problems += _check_gtin(p)
    elif p.kind in ("deposit", "bag"):
        problems.append(f"a {p.kind} needs a gtin so it can be looked up")

    if p.plu is not None:
        if len(p.plu) == 5 and p.plu[0] != "9":
            problems.append(f"plu {p.plu} must be 4 digits, or 5 starting with 9 (organic)")
        if p.kind != "product":
            problems.append("only products have a plu")
        if p.image is None:
            problems.append("loose produce (plu) needs an image for the picture grid")

    if p.price_cents == 0 and p.kind != "deposit":
        problems.append("price is zero")
    if p.sold_by_weight and p.kind != "product":
        problems.append("only products are sold per kg")

    if p.kind == "deposit":
        if p.vat != 0:
            problems.append("deposits carry vat 0")
        if p.category != DEPOSIT_CATEGORY:
            problems.append(f"deposits belong in category {DEPOSIT_CATEGORY}")
    elif p.kind == "bag" and p.vat != 21:
        problems.append("bags carry vat 21")
    elif p.kind == "product" and p.vat == 0:
        problems.append("products carry vat 9 or 21, not 0")

    if p.category in ADULT_CATEGORIES:
        if p.min_age != 18:
            problems.append(f"{p.category} (alcohol/tobacco) needs min_age 18")
        if p.vat != 21:
            problems.append(f"{p.category} (alcohol/tobacco) needs vat 21")

    if p.image is not None:
        problems += _check_image(p, assets, svg_checked)
    return problems


def _check_products(source: CatalogSource, folder: Path) -> list[str]:
    where = _locator("products.csv", _lines(folder / "products.csv", "id"))
    problems: list[str] = []
    svg_checked: set[Path] = set()
    last_id = 0
    for p in source.products:
        found = _check_product(p, folder.parent, svg_checked)
        if p.id < last_id:
            found.insert(0, f"id {p.id} out of order (rows are sorted by id)")
        last_id = max(last_id, p.id)
        problems += [f"{where(str(p.id), f'id {p.id}')}: {problem}" for problem in found]
    if len(source.products) < MIN_PRODUCT_ROWS:
        problems.append(
            f"products.csv: {len(source.products)} rows, want at least {MIN_PRODUCT_ROWS}"
        )
    return problems


def _check_promotion(promo: PromotionRow, products: dict[int, ProductRow]) -> list[str]:
    problems: list[str] = []
    if any(ch.isspace() for ch in promo.code):
        problems.append("code must not contain spaces")
    members: list[ProductRow] = []
    for pid in promo.product_ids:
        if products[pid].kind != "product":
            problems.append(f"product id {pid} is a {products[pid].kind}")
        else:
            members.append(products[pid])

    unused = {
        "multi_buy": ("percent",),
        "second_half_price": ("bundle_price", "percent"),
        "percent_off": ("bundle_price",),
    }[promo.kind]
    filled = {"bundle_price": promo.bundle_price_cents != 0, "percent": promo.percent != 0}
    problems += [f"{c} must be empty for {promo.kind}" for c in unused if filled[c]]

    per_kg = any(m.sold_by_weight for m in members)
    discount = 0.0  # largest discount on the normal price, in percent
    prices = [m.price_cents for m in members]
    if promo.kind == "multi_buy":
        if per_kg:
            problems.append("multi_buy only works on items sold per piece")
        if prices and min(prices) > 0:
            cheapest = promo.quantity * min(prices)
            if promo.bundle_price_cents >= cheapest:
                problems.append(
                    f"bundle_price {format_cents(promo.bundle_price_cents, symbol=False)} "
                    f"saves nothing: {promo.quantity} of the cheapest member cost "
                    f"{format_cents(cheapest)}"
                )
            discount = 100 * (1 - promo.bundle_price_cents / (promo.quantity * max(prices)))
    elif promo.kind == "second_half_price":
        if per_kg:
            problems.append("second_half_price only works on items sold per piece")
        discount = 25.0  # one of every two at half price
    elif promo.kind == "percent_off":
        discount = float(promo.percent)
    if any(m.category == ALCOHOL_CATEGORY for m in members) and (
        discount > MAX_ALCOHOL_DISCOUNT_PERCENT + 1e-9
    ):
        problems.append(
            f"about {discount:.0f}% off alcohol; the Alcoholwet allows at most "
            f"{MAX_ALCOHOL_DISCOUNT_PERCENT}%"
        )
    return problems


def _check_promotions(source: CatalogSource, folder: Path) -> list[str]:
    where = _locator("promotions.csv", _lines(folder / "promotions.csv", "id"))
    products = {p.id: p for p in source.products}
    return [
        f"{where(str(promo.id), promo.code)}: {problem}"
        for promo in source.promotions
        for problem in _check_promotion(promo, products)
    ]


def check(folder: Path | str) -> list[str]:
    """Every problem found in the catalog source ``folder`` (``assets/catalog``).

    Format problems (from ``read_source``) come alone; the sample policy is only
    checked on a source that reads cleanly. Image paths in ``products.csv`` are
    resolved against the folder's parent (``assets/``). An empty list means the
    source is good to build from.
    """
    folder = Path(folder)
    try:
        source = read_source(folder)
    except SourceError as exc:
        return [str(e) for e in exc.errors]
    return [
        *_check_categories(source, folder),
        *_check_products(source, folder),
        *_check_promotions(source, folder),
    ]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "assets/catalog"
    problems = check(folder)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"{folder}: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
