"""Check the human-editable sample catalog source in ``assets/catalog/``.

Usage::

    python tools/check_catalog_source.py [assets/catalog]

prints one line per problem and exits 1 if there is any. As a library::

    from check_catalog_source import check
    problems = check(Path("assets/catalog"))  # [] when all is well

The checker is deliberately self-contained (no kiosk imports, its own GS1
mod-10), so it still runs when the kiosk package is broken and it is an
independent second opinion on the barcode code.
"""

from __future__ import annotations

import csv
import re
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

PRODUCT_COLUMNS = [
    "id",
    "kind",
    "gtin",
    "plu",
    "name_nl",
    "name_en",
    "category",
    "price",
    "unit",
    "vat",
    "deposit_id",
    "min_age",
    "image",
    "active",
]
PROMOTION_COLUMNS = [
    "id",
    "code",
    "kind",
    "name_nl",
    "name_en",
    "product_ids",
    "starts",
    "ends",
    "quantity",
    "bundle_price",
    "percent",
]
CATEGORY_COLUMNS = ["slug", "name_nl", "name_en", "sort"]

KINDS = {"product", "deposit", "bag"}
UNITS = {"item", "kg"}
VAT_RATES = {0, 9, 21}
PROMOTION_KINDS = {"multi_buy", "second_half_price", "percent_off"}
ADULT_CATEGORIES = {"bier-wijn", "tabak"}  # alcohol and tobacco: 18+, 21% VAT
MIN_PRODUCT_ROWS = 300
# In-store EAN-13s (2 + prefix digit + 5 item digits + 5 value digits + check digit), as
# the kiosk's default prefix table reads them (kiosk/core/barcodes.py DEFAULT_PREFIXES,
# docs/barcodes.md). tests/test_catalog_source.py proves it with the kiosk's own parser.
VARIABLE_MEASURE = {"21": ("price", "item"), "28": ("weight", "kg")}
FIXED_IN_STORE = {"20"}  # not in the prefix table: read as a plain in-store GTIN
# Alcoholwet (NL): a price promotion on alcohol may not exceed 25% off.
MAX_ALCOHOL_DISCOUNT_PERCENT = 25

_PRICE = re.compile(r"^(0|[1-9]\d{0,4})(,\d{1,2})?$")
_PLU = re.compile(r"^(\d{4}|9\d{4})$")
_SLUG = re.compile(r"^[a-z]+(-[a-z]+)*$")


def gs1_check_digit(body: str) -> int:
    """GS1 mod-10 check digit for the digits before it (weights 3,1,3,... from the right)."""
    total = sum(int(ch) * (3 if i % 2 == 0 else 1) for i, ch in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def gtin_is_valid(code: str) -> bool:
    return (
        code.isdigit()
        and len(code) in (8, 12, 13, 14)
        and gs1_check_digit(code[:-1]) == int(code[-1])
    )


def parse_price_cents(text: str) -> int | None:
    """``"2,49"`` -> 249; ``None`` unless euros with a comma and at most two decimals."""
    if not _PRICE.match(text):
        return None
    whole, _, frac = text.partition(",")
    return int(whole) * 100 + int((frac + "00")[:2])


def _read(path: Path, columns: list[str], problems: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows as ``(line number, {column: value})``; header and shape problems are reported."""
    if not path.is_file():
        problems.append(f"{path.name}: file missing")
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{path.name}: not UTF-8 ({exc})")
        return []
    if text.startswith("\ufeff"):
        problems.append(f"{path.name}: starts with a byte-order mark; save as plain UTF-8")
        text = text[1:]
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header != columns:
        problems.append(f"{path.name}:1: header must be exactly {','.join(columns)}; got {header}")
        return []
    rows = []
    for line, fields in enumerate(reader, start=2):
        if not fields:
            problems.append(f"{path.name}:{line}: empty line")
            continue
        if len(fields) != len(columns):
            problems.append(
                f"{path.name}:{line}: {len(fields)} fields, expected {len(columns)} "
                "(a comma in a value needs quotes)"
            )
            continue
        row = dict(zip(columns, fields, strict=True))
        for column, value in row.items():
            if value != value.strip():
                problems.append(f"{path.name}:{line}: {column} has spaces around it: {value!r}")
        rows.append((line, {k: v.strip() for k, v in row.items()}))
    return rows


def _int(value: str) -> int | None:
    return int(value) if re.fullmatch(r"0|[1-9]\d*", value) else None


def _check_categories(folder: Path, problems: list[str]) -> set[str]:
    slugs: set[str] = set()
    for line, row in _read(folder / "categories.csv", CATEGORY_COLUMNS, problems):
        where = f"categories.csv:{line}"
        slug = row["slug"]
        if not _SLUG.match(slug):
            problems.append(f"{where}: slug {slug!r} must be lower-case words joined by '-'")
        if slug in slugs:
            problems.append(f"{where}: duplicate slug {slug!r}")
        slugs.add(slug)
        if not row["name_nl"] or not row["name_en"]:
            problems.append(f"{where}: name_nl and name_en are required")
        if _int(row["sort"]) is None:
            problems.append(f"{where}: sort {row['sort']!r} is not a whole number")
    return slugs


def _check_gtin(where: str, row: dict[str, str], problems: list[str]) -> None:
    gtin = row["gtin"]
    if not gtin.isdigit() or len(gtin) not in (8, 13):
        problems.append(f"{where}: gtin {gtin!r} must be 8 or 13 digits (EAN-8 / EAN-13)")
        return
    if not gtin_is_valid(gtin):
        expected = gs1_check_digit(gtin[:-1])
        problems.append(f"{where}: gtin {gtin} has a wrong check digit (expected {expected})")
    if len(gtin) == 13 and gtin[0] == "2":
        # NL restricted circulation: 2 + prefix digit + 5 item digits + 5 value digits + check
        prefix = gtin[:2]
        if prefix in VARIABLE_MEASURE:
            kind, wanted_unit = VARIABLE_MEASURE[prefix]
            if gtin[7:12] != "00000":
                problems.append(
                    f"{where}: gtin {gtin}: the embedded {kind} digits (8-12) must be 00000 "
                    "in the catalog"
                )
            if row["unit"] != wanted_unit:
                problems.append(
                    f"{where}: gtin prefix {prefix} ({kind} embedded) needs unit "
                    f"{wanted_unit}, not {row['unit']!r}"
                )
            if row["kind"] != "product":
                problems.append(f"{where}: gtin prefix {prefix} is for products only")
        elif prefix in FIXED_IN_STORE:
            if row["kind"] == "product":
                problems.append(f"{where}: gtin prefix {prefix} is reserved for deposits")
        else:
            problems.append(
                f"{where}: in-store gtin prefix {prefix} is not used here: 21 price, 28 weight "
                "(5 item + 5 value digits, like kiosk/core/barcodes.py DEFAULT_PREFIXES), "
                "20 fixed in-store codes; 22 and 29 carry a verifier digit and 23 is unmapped"
            )


def _check_products(
    folder: Path, categories: set[str], problems: list[str]
) -> dict[int, dict[str, str]]:
    assets = folder.parent
    rows = _read(folder / "products.csv", PRODUCT_COLUMNS, problems)
    by_id: dict[int, dict[str, str]] = {}
    gtins: dict[str, int] = {}
    plus: dict[str, int] = {}
    svg_checked: set[Path] = set()
    last_id = 0
    for line, row in rows:
        where = f"products.csv:{line}"
        pid = _int(row["id"])
        if pid is None or pid <= 0:
            problems.append(f"{where}: id {row['id']!r} must be a positive whole number")
            continue
        if pid in by_id:
            problems.append(f"{where}: duplicate id {pid}")
        elif pid < last_id:
            problems.append(f"{where}: id {pid} out of order (rows are sorted by id)")
        last_id = max(last_id, pid)
        by_id[pid] = row
        where = f"{where} (id {pid})"

        kind = row["kind"]
        if kind not in KINDS:
            problems.append(f"{where}: kind {kind!r} not one of {sorted(KINDS)}")

        if row["gtin"]:
            _check_gtin(where, row, problems)
            if row["gtin"] in gtins:
                problems.append(f"{where}: gtin {row['gtin']} also used by id {gtins[row['gtin']]}")
            gtins.setdefault(row["gtin"], pid)
        elif kind in ("deposit", "bag"):
            problems.append(f"{where}: a {kind} needs a gtin so it can be looked up")
        elif not row["plu"]:
            problems.append(f"{where}: a product needs a gtin or a plu")

        if row["plu"]:
            if not _PLU.match(row["plu"]):
                problems.append(
                    f"{where}: plu {row['plu']!r} must be 4 digits (or 5 starting with 9: organic)"
                )
            if row["plu"] in plus:
                problems.append(f"{where}: plu {row['plu']} also used by id {plus[row['plu']]}")
            plus.setdefault(row["plu"], pid)
            if kind != "product":
                problems.append(f"{where}: only products have a plu")
            if not row["image"]:
                problems.append(f"{where}: loose produce (plu) needs an image for the picture grid")

        for column in ("name_nl", "name_en"):
            if not row[column]:
                problems.append(f"{where}: {column} is empty")

        if row["category"] not in categories:
            problems.append(f"{where}: category {row['category']!r} not in categories.csv")

        price = parse_price_cents(row["price"])
        if price is None:
            problems.append(
                f"{where}: price {row['price']!r} must be euros with a comma and at most two "
                "decimals, e.g. 2,49"
            )
        elif price == 0 and kind != "deposit":
            problems.append(f"{where}: price is zero")

        if row["unit"] not in UNITS:
            problems.append(f"{where}: unit {row['unit']!r} not one of {sorted(UNITS)}")
        elif row["unit"] == "kg" and kind != "product":
            problems.append(f"{where}: only products are sold per kg")

        vat = _int(row["vat"])
        if vat not in VAT_RATES:
            problems.append(f"{where}: vat {row['vat']!r} not one of {sorted(VAT_RATES)}")
        elif kind == "deposit" and vat != 0:
            problems.append(f"{where}: deposits carry vat 0")
        elif kind == "bag" and vat != 21:
            problems.append(f"{where}: bags carry vat 21")
        elif kind == "product" and vat == 0:
            problems.append(f"{where}: products carry vat 9 or 21, not 0")

        min_age = _int(row["min_age"])
        if min_age is None or min_age > 25:
            problems.append(f"{where}: min_age {row['min_age']!r} must be 0 or an age like 18")
        if row["category"] in ADULT_CATEGORIES:
            if min_age != 18:
                problems.append(f"{where}: {row['category']} (alcohol/tobacco) needs min_age 18")
            if vat != 21:
                problems.append(f"{where}: {row['category']} (alcohol/tobacco) needs vat 21")

        if row["image"]:
            image = Path(row["image"])
            if image.is_absolute() or ".." in image.parts or "\\" in row["image"]:
                problems.append(f"{where}: image {row['image']!r} must be a path under assets/")
            elif not (assets / image).is_file():
                problems.append(f"{where}: image {row['image']!r} does not exist under assets/")
            elif image.suffix == ".svg" and image not in svg_checked:
                svg_checked.add(image)
                try:
                    ET.parse(assets / image)
                except ET.ParseError as exc:
                    problems.append(f"{where}: image {row['image']!r} is not valid XML ({exc})")

        if row["active"] not in ("0", "1"):
            problems.append(f"{where}: active {row['active']!r} must be 0 or 1")

    # second pass: references between rows
    for line, row in rows:
        if not row["deposit_id"]:
            continue
        where = f"products.csv:{line} (id {row['id']})"
        target = _int(row["deposit_id"])
        if row["kind"] != "product":
            problems.append(f"{where}: only products can carry a deposit")
        if target is None or target not in by_id:
            problems.append(f"{where}: deposit_id {row['deposit_id']!r} is not a product id")
        elif by_id[target]["kind"] != "deposit":
            problems.append(f"{where}: deposit_id {target} is not a kind=deposit row")

    if len(rows) < MIN_PRODUCT_ROWS:
        problems.append(f"products.csv: {len(rows)} rows, want at least {MIN_PRODUCT_ROWS}")
    return by_id


def _check_promotions(
    folder: Path, products: dict[int, dict[str, str]], problems: list[str]
) -> None:
    ids: set[int] = set()
    codes: set[str] = set()
    for line, row in _read(folder / "promotions.csv", PROMOTION_COLUMNS, problems):
        where = f"promotions.csv:{line}"
        promo_id = _int(row["id"])
        if promo_id is None or promo_id <= 0:
            problems.append(f"{where}: id {row['id']!r} must be a positive whole number")
        elif promo_id in ids:
            problems.append(f"{where}: duplicate id {promo_id}")
        ids.add(promo_id or 0)
        where = f"{where} ({row['code'] or 'no code'})"
        if not row["code"] or " " in row["code"]:
            problems.append(f"{where}: code must be non-empty without spaces")
        elif row["code"] in codes:
            problems.append(f"{where}: duplicate code")
        codes.add(row["code"])
        kind = row["kind"]
        if kind not in PROMOTION_KINDS:
            problems.append(f"{where}: kind {kind!r} not one of {sorted(PROMOTION_KINDS)}")
        if not row["name_nl"] or not row["name_en"]:
            problems.append(f"{where}: name_nl and name_en are required")

        members: list[dict[str, str]] = []
        raw_ids = row["product_ids"].split()
        if not raw_ids:
            problems.append(f"{where}: no product_ids")
        for raw in raw_ids:
            pid = _int(raw)
            if pid is None or pid not in products:
                problems.append(f"{where}: product id {raw!r} does not exist")
            elif products[pid]["kind"] != "product":
                problems.append(f"{where}: product id {pid} is a {products[pid]['kind']}")
            else:
                members.append(products[pid])
        if len(set(raw_ids)) != len(raw_ids):
            problems.append(f"{where}: a product id is listed twice")

        try:
            starts, ends = date.fromisoformat(row["starts"]), date.fromisoformat(row["ends"])
        except ValueError:
            problems.append(f"{where}: starts/ends must be ISO dates (YYYY-MM-DD)")
        else:
            if ends < starts:
                problems.append(f"{where}: ends before it starts")

        quantity = _int(row["quantity"]) if row["quantity"] else None
        bundle = parse_price_cents(row["bundle_price"]) if row["bundle_price"] else None
        percent = _int(row["percent"]) if row["percent"] else None
        unused = {
            "multi_buy": ("percent",),
            "second_half_price": ("quantity", "bundle_price", "percent"),
            "percent_off": ("quantity", "bundle_price"),
        }.get(kind, ())
        for column in unused:
            if row[column]:
                problems.append(f"{where}: {column} must be empty for {kind}")

        discount = 0.0  # largest discount on the normal price, in percent
        prices = [parse_price_cents(m["price"]) or 0 for m in members]
        if kind == "multi_buy":
            if quantity is None or quantity < 2:
                problems.append(f"{where}: multi_buy needs quantity 2 or more")
            if bundle is None or bundle == 0:
                problems.append(f"{where}: multi_buy needs a bundle_price like 3,00")
            if any(m["unit"] != "item" for m in members):
                problems.append(f"{where}: multi_buy only works on items sold per piece")
            if quantity and bundle and prices:
                cheapest = quantity * min(prices)
                if bundle >= cheapest:
                    problems.append(
                        f"{where}: bundle_price {row['bundle_price']} saves nothing: "
                        f"{quantity} of the cheapest member cost {cheapest / 100:.2f}"
                    )
                discount = 100 * (1 - bundle / (quantity * max(prices)))
        elif kind == "second_half_price":
            if any(m["unit"] != "item" for m in members):
                problems.append(f"{where}: second_half_price only works on items sold per piece")
            discount = 25.0
        elif kind == "percent_off":
            if percent is None or not 1 <= percent <= 100:
                problems.append(f"{where}: percent_off needs a percent from 1 to 100")
            discount = float(percent or 0)
        if any(m["category"] == "bier-wijn" for m in members) and (
            discount > MAX_ALCOHOL_DISCOUNT_PERCENT + 1e-9
        ):
            problems.append(
                f"{where}: about {discount:.0f}% off alcohol; the Alcoholwet allows at most "
                f"{MAX_ALCOHOL_DISCOUNT_PERCENT}%"
            )


def check(folder: Path | str) -> list[str]:
    """Every problem found in the catalog source ``folder`` (``assets/catalog``).

    Image paths in ``products.csv`` are resolved against the folder's parent
    (``assets/``). An empty list means the source is good to build from.
    """
    folder = Path(folder)
    problems: list[str] = []
    categories = _check_categories(folder, problems)
    products = _check_products(folder, categories, problems)
    _check_promotions(folder, products, problems)
    return problems


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
