"""Reading the human-editable catalog source (CSV files under ``assets/catalog``).

Every bad row is reported with its file, line number and reason, and nothing is
returned until the whole file is good: a catalog is never half-imported. The
column formats are documented in ``assets/README.md``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kiosk.core.barcodes import is_valid_gtin
from kiosk.core.money import VatRate, format_cents, parse_euros

PRODUCT_COLUMNS = (
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
)
CATEGORY_COLUMNS = ("slug", "name_nl", "name_en", "sort")
PROMOTION_COLUMNS = (
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
)
KINDS = ("product", "deposit", "bag")
PROMOTION_KINDS = ("multi_buy", "second_half_price", "percent_off")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_VAT = {str(int(rate)): int(rate) for rate in VatRate}
MAX_ERRORS = 1000  # a file that is wrong everywhere is reported in part, not in full


@dataclass(frozen=True, slots=True)
class CategoryRow:
    slug: str
    name_nl: str
    name_en: str
    sort: int


@dataclass(frozen=True, slots=True)
class ProductRow:
    id: int
    kind: str
    gtin: str | None  # GTIN-14
    plu: str | None
    name_nl: str
    name_en: str
    category: str
    price_cents: int
    sold_by_weight: bool
    vat: int
    deposit_id: int | None
    min_age: int
    image: str | None
    active: bool


@dataclass(frozen=True, slots=True)
class PromotionRow:
    id: int
    code: str
    kind: str
    name_nl: str
    name_en: str
    product_ids: tuple[int, ...]
    starts: date
    ends: date
    quantity: int
    bundle_price_cents: int
    percent: int


@dataclass(frozen=True, slots=True)
class RowError:
    file: str
    line: int  # 1-based line of the file; 0 for the file as a whole
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.reason}"
            if self.line
            else f"{self.file}: {self.reason}"
        )


class SourceError(Exception):
    """The source has bad rows; ``errors`` lists each with its line number."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        shown = "\n".join(f"  {e}" for e in errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} problem(s) in the catalog source:\n{shown}{more}")


class _RowProblem(ValueError):
    pass


def _rows(
    text: str, name: str, columns: tuple[str, ...], errors: list[RowError]
) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        errors.append(RowError(name, 1, f"unreadable header: {exc}"))
        return
    if header is None:
        errors.append(RowError(name, 0, "the file is empty (a header row is required)"))
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    if tuple(header) != columns:
        errors.append(
            RowError(name, 1, f"header must be {','.join(columns)}; found {','.join(header)}")
        )
        return
    line = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            errors.append(RowError(name, reader.line_num, f"unreadable row: {exc}"))
            return
        line = reader.line_num
        if not values or all(not v.strip() for v in values):
            continue  # blank lines are allowed
        if len(values) != len(columns):
            errors.append(
                RowError(name, line, f"expected {len(columns)} columns, found {len(values)}")
            )
            continue
        yield line, dict(zip(columns, [v.strip() for v in values], strict=True))


def _int(value: str, what: str, low: int, high: int) -> int:
    if not (value.isascii() and value.isdigit()):
        raise _RowProblem(f"{what} must be a whole number, not {value!r}")
    number = int(value)
    if not low <= number <= high:
        raise _RowProblem(f"{what} must be between {low} and {high}, not {number}")
    return number


def _text(value: str, what: str, limit: int = 120) -> str:
    if not value:
        raise _RowProblem(f"{what} is empty")
    if len(value) > limit:
        raise _RowProblem(f"{what} is longer than {limit} characters")
    if _CONTROL.search(value):
        raise _RowProblem(f"{what} contains control characters")
    return value


def _bool(value: str, what: str) -> bool:
    lowered = value.lower()
    if lowered in ("1", "true", "yes", "ja"):
        return True
    if lowered in ("0", "false", "no", "nee"):
        return False
    raise _RowProblem(f"{what} must be 1 or 0, not {value!r}")


def _price(value: str) -> int:
    try:
        cents = parse_euros(value)
    except ValueError as exc:
        raise _RowProblem(f"price: {exc}") from None
    if cents < 0:
        raise _RowProblem("price is negative")
    if cents > 10_000_000:
        raise _RowProblem("price is over € 100.000")
    return cents


def parse_product(raw: dict[str, str]) -> ProductRow:
    """One validated product row; raises ``ValueError`` with the reason."""
    kind = raw["kind"]
    if kind not in KINDS:
        raise _RowProblem(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    gtin = raw["gtin"] or None
    if gtin is not None:
        if not (gtin.isascii() and gtin.isdigit()) or len(gtin) not in (8, 12, 13, 14):
            raise _RowProblem(f"gtin {gtin!r} must be 8, 12, 13 or 14 digits")
        if not is_valid_gtin(gtin):
            raise _RowProblem(f"gtin {gtin} has a wrong check digit")
        gtin = gtin.zfill(14)
    plu = raw["plu"] or None
    if plu is not None and (not (plu.isascii() and plu.isdigit()) or len(plu) not in (4, 5)):
        raise _RowProblem(f"plu {plu!r} must be 4 or 5 digits")
    if gtin is None and plu is None:
        raise _RowProblem("a product needs a gtin, a plu or both")
    unit = raw["unit"]
    if unit not in ("item", "kg"):
        raise _RowProblem(f"unit must be item or kg, not {unit!r}")
    vat = _VAT.get(raw["vat"])
    if vat is None:
        try:
            vat = int(VatRate.parse(raw["vat"]))
        except ValueError as exc:
            raise _RowProblem(f"vat: {exc}") from None
    deposit_id = _int(raw["deposit_id"], "deposit_id", 1, 2**31) if raw["deposit_id"] else None
    if deposit_id is not None and kind != "product":
        raise _RowProblem(f"a {kind} cannot carry a deposit")
    product_id = _int(raw["id"], "id", 1, 2**31)
    if deposit_id == product_id:
        raise _RowProblem("a product cannot be its own deposit")
    category = raw["category"]
    if not category:
        raise _RowProblem("category is empty")
    return ProductRow(
        id=product_id,
        kind=kind,
        gtin=gtin,
        plu=plu,
        name_nl=_text(raw["name_nl"], "name_nl"),
        name_en=_text(raw["name_en"], "name_en"),
        category=category,
        price_cents=_price(raw["price"]),
        sold_by_weight=unit == "kg",
        vat=vat,
        deposit_id=deposit_id,
        min_age=_int(raw["min_age"] or "0", "min_age", 0, 25),
        image=_text(raw["image"], "image", 200) if raw["image"] else None,
        active=_bool(raw["active"] or "1", "active"),
    )


def read_products(
    text: str,
    name: str = "products.csv",
    *,
    known_categories: Iterable[str] | None = None,
    known_deposit_ids: Iterable[int] = (),
) -> list[ProductRow]:
    """Parse and cross-check a products file; raise ``SourceError`` listing every bad row.

    ``known_deposit_ids`` are deposit products already in the target catalog, for
    an import that refers to them without repeating them.
    """
    products, errors = check_products(
        text, name, known_categories=known_categories, known_deposit_ids=known_deposit_ids
    )
    if errors:
        raise SourceError(errors)
    return products


def check_products(
    text: str,
    name: str = "products.csv",
    *,
    known_categories: Iterable[str] | None = None,
    known_deposit_ids: Iterable[int] = (),
) -> tuple[list[ProductRow], list[RowError]]:
    """The good rows and the problems of a products file (sorted by line), without raising.

    Callers that add their own checks (an import against a live catalog) report all
    problems together, so a file is fixed in one round.
    """
    errors: list[RowError] = []
    products: list[ProductRow] = []
    lines: dict[int, int] = {}
    seen_id: dict[int, int] = {}
    seen_gtin: dict[str, int] = {}
    seen_plu: dict[str, int] = {}
    categories = set(known_categories) if known_categories is not None else None
    for line, raw in _rows(text, name, PRODUCT_COLUMNS, errors):
        if len(errors) >= MAX_ERRORS:
            break
        try:
            row = parse_product(raw)
        except _RowProblem as exc:
            errors.append(RowError(name, line, str(exc)))
            continue
        problem = None
        if row.id in seen_id:
            problem = f"id {row.id} is also on line {seen_id[row.id]}"
        elif row.gtin is not None and row.gtin in seen_gtin:
            problem = f"gtin {raw['gtin']} is also on line {seen_gtin[row.gtin]}"
        elif row.plu is not None and row.plu in seen_plu:
            problem = f"plu {row.plu} is also on line {seen_plu[row.plu]}"
        elif categories is not None and row.category not in categories:
            problem = f"unknown category {row.category!r}"
        if problem:
            errors.append(RowError(name, line, problem))
            continue
        seen_id[row.id] = line
        if row.gtin is not None:
            seen_gtin[row.gtin] = line
        if row.plu is not None:
            seen_plu[row.plu] = line
        lines[row.id] = line
        products.append(row)
    deposits = {p.id for p in products if p.kind == "deposit"} | set(known_deposit_ids)
    for row in products:
        if row.deposit_id is not None and row.deposit_id not in deposits:
            errors.append(
                RowError(
                    name, lines[row.id], f"deposit_id {row.deposit_id} is not a deposit product"
                )
            )
    return products, sorted(errors, key=lambda e: e.line)


def read_categories(text: str, name: str = "categories.csv") -> list[CategoryRow]:
    errors: list[RowError] = []
    rows: list[CategoryRow] = []
    seen: set[str] = set()
    for line, raw in _rows(text, name, CATEGORY_COLUMNS, errors):
        try:
            slug = _text(raw["slug"], "slug", 40)
            if slug in seen:
                raise _RowProblem(f"slug {slug!r} appears twice")
            seen.add(slug)
            rows.append(
                CategoryRow(
                    slug,
                    _text(raw["name_nl"], "name_nl", 80),
                    _text(raw["name_en"], "name_en", 80),
                    _int(raw["sort"] or "0", "sort", 0, 10_000),
                )
            )
        except _RowProblem as exc:
            errors.append(RowError(name, line, str(exc)))
    if errors:
        raise SourceError(errors)
    return rows


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _RowProblem(f"{what} must be a date like 2026-01-31, not {value!r}") from None


def read_promotions(
    text: str, product_ids: Iterable[int], name: str = "promotions.csv"
) -> list[PromotionRow]:
    errors: list[RowError] = []
    rows: list[PromotionRow] = []
    known = set(product_ids)
    seen_ids: set[int] = set()
    seen_codes: set[str] = set()
    for line, raw in _rows(text, name, PROMOTION_COLUMNS, errors):
        try:
            kind = raw["kind"]
            if kind not in PROMOTION_KINDS:
                raise _RowProblem(f"kind must be one of {', '.join(PROMOTION_KINDS)}, not {kind!r}")
            promotion_id = _int(raw["id"], "id", 1, 2**31)
            code = _text(raw["code"], "code", 40)
            if promotion_id in seen_ids or code in seen_codes:
                raise _RowProblem(f"id {promotion_id} or code {code!r} appears twice")
            ids = raw["product_ids"].split()
            if not ids:
                raise _RowProblem("product_ids is empty")
            products = tuple(_int(i, "product id", 1, 2**31) for i in ids)
            missing = [str(i) for i in products if i not in known]
            if missing:
                raise _RowProblem(f"unknown product id(s) {' '.join(missing)}")
            starts, ends = _date(raw["starts"], "starts"), _date(raw["ends"], "ends")
            if ends < starts:
                raise _RowProblem("ends before it starts")
            quantity = _int(raw["quantity"] or "2", "quantity", 1, 99)
            bundle = _price(raw["bundle_price"]) if raw["bundle_price"] else 0
            percent = _int(raw["percent"] or "0", "percent", 0, 100)
            if kind == "multi_buy" and (quantity < 2 or bundle <= 0):
                raise _RowProblem("multi_buy needs quantity >= 2 and a bundle_price")
            if kind == "percent_off" and not 1 <= percent <= 100:
                raise _RowProblem("percent_off needs percent between 1 and 100")
            seen_ids.add(promotion_id)
            seen_codes.add(code)
            rows.append(
                PromotionRow(
                    promotion_id,
                    code,
                    kind,
                    _text(raw["name_nl"], "name_nl"),
                    _text(raw["name_en"], "name_en"),
                    tuple(sorted(set(products))),
                    starts,
                    ends,
                    quantity if kind == "multi_buy" else 2,
                    bundle,
                    percent,
                )
            )
        except _RowProblem as exc:
            errors.append(RowError(name, line, str(exc)))
    if errors:
        raise SourceError(errors)
    return rows


def product_to_csv_values(row: ProductRow, gtin_text: str | None) -> list[str]:
    """The CSV cells for a product row (the inverse of ``parse_product``)."""
    return [
        str(row.id),
        row.kind,
        gtin_text or "",
        row.plu or "",
        row.name_nl,
        row.name_en,
        row.category,
        format_cents(row.price_cents, symbol=False).replace(".", ""),
        "kg" if row.sold_by_weight else "item",
        str(row.vat),
        "" if row.deposit_id is None else str(row.deposit_id),
        str(row.min_age),
        row.image or "",
        "1" if row.active else "0",
    ]


@dataclass(frozen=True)
class CatalogSource:
    categories: list[CategoryRow]
    products: list[ProductRow]
    promotions: list[PromotionRow]


def read_source(folder: Path) -> CatalogSource:
    """Read categories.csv, products.csv and promotions.csv from ``folder``, all or nothing."""
    errors: list[RowError] = []

    def text_of(name: str) -> str:
        try:
            return (folder / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            errors.append(RowError(name, 0, f"missing in {folder}"))
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(RowError(name, 0, f"cannot read: {exc}"))
        return ""

    texts = {n: text_of(n) for n in ("categories.csv", "products.csv", "promotions.csv")}
    if errors:
        raise SourceError(errors)
    categories = products = promotions = None
    try:
        categories = read_categories(texts["categories.csv"])
    except SourceError as exc:
        errors.extend(exc.errors)
    try:
        products = read_products(
            texts["products.csv"],
            known_categories=None if categories is None else [c.slug for c in categories],
        )
    except SourceError as exc:
        errors.extend(exc.errors)
    if products is not None:
        try:
            promotions = read_promotions(texts["promotions.csv"], [p.id for p in products])
        except SourceError as exc:
            errors.extend(exc.errors)
    if errors or categories is None or products is None or promotions is None:
        raise SourceError(errors)
    return CatalogSource(categories, products, promotions)
