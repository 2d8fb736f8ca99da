"""Writing catalogs: build from the source folder, import and export CSV, generate synthetic ones.

All writes happen in one database transaction: a catalog is either fully updated or
left as it was. The schema is created by the Alembic migrations, so a built file,
an upgraded file and a PostgreSQL catalog all have the same tables.
"""

from __future__ import annotations

import csv
import io
import random
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from kiosk.core.barcodes import format_gtin, gtin_check_digit
from kiosk.core.catalog.models import Category, Product, Promotion, PromotionProduct
from kiosk.core.catalog.source import (
    PRODUCT_COLUMNS,
    CatalogSource,
    ProductRow,
    RowError,
    SourceError,
    check_products,
    product_to_csv_values,
    read_source,
)
from kiosk.core.database import make_engine, upgrade, write_transaction

PRODUCT = Product.__table__  # type: ignore[attr-defined]
CATEGORY = Category.__table__  # type: ignore[attr-defined]
PROMOTION = Promotion.__table__  # type: ignore[attr-defined]
PROMOTION_PRODUCT = PromotionProduct.__table__  # type: ignore[attr-defined]
BATCH = 20_000


def open_catalog_for_writing(target: str | Path) -> Engine:
    """An engine on ``target`` with the schema brought up to date."""
    engine = make_engine(target, synchronous="NORMAL", journal_mode="DELETE")
    upgrade(engine, "catalog")
    return engine


def _product_values(row: ProductRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "gtin": row.gtin,
        "plu": row.plu,
        "name_nl": row.name_nl,
        "name_en": row.name_en,
        "category": row.category,
        "price_cents": row.price_cents,
        "sold_by_weight": row.sold_by_weight,
        "vat": row.vat,
        "deposit_id": row.deposit_id,
        "min_age": row.min_age,
        "image": row.image,
        "active": row.active,
    }


def _batches(rows: Iterable[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _deposits_first(rows: list[ProductRow]) -> list[ProductRow]:
    # A product refers to its deposit product: insert the deposits before the rest.
    return sorted(rows, key=lambda r: (r.kind != "deposit", r.id))


def build(source_folder: Path, out: Path) -> CatalogSource:
    """Build a fresh catalog file at ``out`` from the source folder, replacing any old one.

    The build is deterministic: the same source gives the same rows in the same
    order (``sqlite3 catalog.db .dump`` is identical), so the committed file can be
    checked against its source.
    """
    source = read_source(source_folder)
    tmp = out.with_name(out.name + ".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    engine = open_catalog_for_writing(tmp)
    try:
        with write_transaction(engine) as conn:
            conn.execute(
                insert(CATEGORY),
                [
                    {"slug": c.slug, "name_nl": c.name_nl, "name_en": c.name_en, "sort": c.sort}
                    for c in source.categories
                ],
            )
            for batch in _batches(_product_values(r) for r in _deposits_first(source.products)):
                conn.execute(insert(PRODUCT), batch)
            _insert_promotions(conn, source)
    finally:
        engine.dispose()
    _finalise(tmp)
    for stale in (Path(f"{out}-wal"), Path(f"{out}-shm")):
        stale.unlink(missing_ok=True)
    tmp.replace(out)
    return source


def _finalise(path: Path) -> None:
    """Fold the WAL into the file and compact it: one self-contained file to commit or ship.

    Catalogs stay in the rollback-journal mode, so kiosks can open them read-only.
    """
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("VACUUM")
    finally:
        connection.close()


def _insert_promotions(conn: Connection, source: CatalogSource) -> None:
    if not source.promotions:
        return
    conn.execute(
        insert(PROMOTION),
        [
            {
                "id": p.id,
                "code": p.code,
                "kind": p.kind,
                "name_nl": p.name_nl,
                "name_en": p.name_en,
                "starts": p.starts,
                "ends": p.ends,
                "quantity": p.quantity,
                "bundle_price_cents": p.bundle_price_cents,
                "percent": p.percent,
            }
            for p in source.promotions
        ],
    )
    conn.execute(
        insert(PROMOTION_PRODUCT),
        [{"promotion_id": p.id, "product_id": i} for p in source.promotions for i in p.product_ids],
    )


def _upsert(conn: Connection):  # type: ignore[no-untyped-def]
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(PRODUCT)
    updated = {c.name: statement.excluded[c.name] for c in PRODUCT.columns if c.name != "id"}
    return statement.on_conflict_do_update(index_elements=["id"], set_=updated)


def import_products(engine: Engine, csv_text: str, name: str = "products.csv") -> int:
    """Insert or update (by id) every product of a CSV file, all or nothing.

    Every bad row is reported (``SourceError``) with its line number before anything is
    written: wrong cells, unknown categories, duplicate ids, GTINs or PLUs (in the
    file, or against other products already in the catalog).
    """
    with engine.connect() as conn:
        categories = {row[0] for row in conn.execute(select(CATEGORY.c.slug))}
        deposit_ids = {
            row[0] for row in conn.execute(select(PRODUCT.c.id).where(PRODUCT.c.kind == "deposit"))
        }
    rows, errors = check_products(
        csv_text, name, known_categories=categories, known_deposit_ids=deposit_ids
    )
    with write_transaction(engine) as conn:
        errors += _conflicts_with_catalog(conn, rows, csv_text, name)
        if errors:
            raise SourceError(sorted(errors, key=lambda e: e.line))
        if conn.dialect.name == "sqlite":
            # Random GTINs land all over the indexes: a page cache that holds them (up to
            # 256 MiB, this connection only) keeps a million-row import from thrashing.
            conn.exec_driver_sql("PRAGMA cache_size=-262144")
        # Compiled once, run as DB-API executemany: the per-row work of the ORM and of
        # Core's parameter processing would double the time of a million-row import.
        compiled = _upsert(conn).compile(dialect=conn.dialect)
        names = list(compiled.positiontup or ())
        # Loading an empty table: build the secondary indexes once at the end (a sort)
        # instead of row by row; the file's rows were checked for duplicates already.
        bulk = len(rows) > BATCH and _is_empty(conn)
        secondary = sorted(PRODUCT.indexes, key=lambda index: index.name) if bulk else []
        for index in secondary:
            index.drop(conn)
        for batch in _batches(_product_values(r) for r in _deposits_first(rows)):
            if names:
                conn.exec_driver_sql(str(compiled), [tuple(v[n] for n in names) for v in batch])
            else:
                conn.exec_driver_sql(str(compiled), batch)
        for index in secondary:
            index.create(conn)
    return len(rows)


def _is_empty(conn: Connection) -> bool:
    return conn.execute(select(func.count()).select_from(PRODUCT)).scalar_one() == 0


def _conflicts_with_catalog(
    conn: Connection, rows: list[ProductRow], csv_text: str, name: str
) -> list[RowError]:
    """GTINs and PLUs in the file that another product in the catalog already has."""
    if _is_empty(conn):
        return []
    line_of = _line_numbers(csv_text)
    errors: list[RowError] = []
    for column in ("gtin", "plu"):
        wanted = {getattr(r, column): r.id for r in rows if getattr(r, column) is not None}
        keys = list(wanted)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            found = conn.execute(
                select(PRODUCT.c[column], PRODUCT.c.id).where(PRODUCT.c[column].in_(chunk))
            )
            for value, owner in found:
                if owner != wanted[value]:
                    errors.append(
                        RowError(
                            name,
                            line_of.get(wanted[value], 0),
                            f"{column} {value} already belongs to product {owner}",
                        )
                    )
    return sorted(errors, key=lambda e: e.line)


def _line_numbers(csv_text: str) -> dict[int, int]:
    reader = csv.reader(io.StringIO(csv_text, newline=""))
    lines: dict[int, int] = {}
    for values in reader:
        if values and values[0].strip().isascii() and values[0].strip().isdigit():
            lines[int(values[0])] = reader.line_num
    return lines


def export_products(engine: Engine, out: TextIO) -> int:
    """Write every product as CSV in the source format (the inverse of ``import_products``)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PRODUCT_COLUMNS)
    count = 0
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=BATCH).execute(
            select(PRODUCT).order_by(PRODUCT.c.id)
        )
        for r in result.mappings():
            row = ProductRow(
                id=r["id"],
                kind=r["kind"],
                gtin=r["gtin"],
                plu=r["plu"],
                name_nl=r["name_nl"],
                name_en=r["name_en"],
                category=r["category"],
                price_cents=r["price_cents"],
                sold_by_weight=bool(r["sold_by_weight"]),
                vat=r["vat"],
                deposit_id=r["deposit_id"],
                min_age=r["min_age"],
                image=r["image"],
                active=bool(r["active"]),
            )
            gtin = format_gtin(row.gtin) if row.gtin else None
            writer.writerow(product_to_csv_values(row, gtin))
            count += 1
    return count


SYNTHETIC_CATEGORIES = (
    ("groente-fruit", "Groente en fruit", "Fruit and vegetables"),
    ("zuivel", "Zuivel", "Dairy"),
    ("brood", "Brood", "Bread"),
    ("dranken", "Dranken", "Drinks"),
    ("bier-wijn", "Bier en wijn", "Beer and wine"),
    ("huishouden", "Huishouden", "Household"),
    ("statiegeld", "Statiegeld", "Deposits"),
)


def synthetic_gtin(index: int) -> str:
    """A valid, unique GTIN-13 for synthetic product ``index`` (GS1 prefix 871, invented)."""
    body = f"871{index:09d}"
    return body + str(gtin_check_digit(body))


def generate_rows(count: int, seed: int = 2026) -> Iterator[list[str]]:
    """CSV rows (source format) for a synthetic catalog of ``count`` products."""
    rng = random.Random(seed)
    words_nl = ("Appel", "Kaas", "Melk", "Brood", "Sap", "Koek", "Thee", "Soep", "Rijst", "Zeep")
    words_en = (
        "Apple",
        "Cheese",
        "Milk",
        "Bread",
        "Juice",
        "Biscuit",
        "Tea",
        "Soup",
        "Rice",
        "Soap",
    )
    yield [
        "1",
        "deposit",
        synthetic_gtin(0),
        "",
        "Statiegeld",
        "Deposit",
        "statiegeld",
        "0,15",
        "item",
        "0",
        "",
        "0",
        "",
        "1",
    ]
    for i in range(2, count + 1):
        category = SYNTHETIC_CATEGORIES[i % 6][0]
        w = i % len(words_nl)
        cents = rng.randint(19, 2999)
        drink = category == "dranken"
        yield [
            str(i), "product", synthetic_gtin(i), "",
            f"{words_nl[w]} {i}", f"{words_en[w]} {i}", category,
            f"{cents // 100},{cents % 100:02d}", "item",
            "21" if category in ("bier-wijn", "huishouden") else "9",
            "1" if drink else "", "18" if category == "bier-wijn" else "0", "", "1",
        ]  # fmt: skip


def write_generated_csv(count: int, out: TextIO, seed: int = 2026) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PRODUCT_COLUMNS)
    writer.writerows(generate_rows(count, seed))


def ensure_categories(engine: Engine, rows: Iterable[tuple[str, str, str]]) -> None:
    with write_transaction(engine) as conn:
        present = {r[0] for r in conn.execute(select(CATEGORY.c.slug))}
        missing = [
            {"slug": s, "name_nl": nl, "name_en": en, "sort": i}
            for i, (s, nl, en) in enumerate(rows)
            if s not in present
        ]
        if missing:
            conn.execute(insert(CATEGORY), missing)


def generate_catalog(count: int, out: Path, seed: int = 2026) -> int:
    """A synthetic catalog database of ``count`` products at ``out`` (for benchmarks)."""
    for leftover in (out, Path(f"{out}-wal"), Path(f"{out}-shm")):
        leftover.unlink(missing_ok=True)
    engine = open_catalog_for_writing(out)
    try:
        ensure_categories(engine, SYNTHETIC_CATEGORIES)
        buffer = io.StringIO()
        write_generated_csv(count, buffer, seed)
        return import_products(engine, buffer.getvalue(), out.name)
    finally:
        engine.dispose()


def dump(target: Path) -> list[str]:
    """The SQL text dump of a SQLite catalog (what ``sqlite3 FILE .dump`` prints)."""
    connection = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


__all__ = [
    "build",
    "dump",
    "export_products",
    "generate_catalog",
    "import_products",
    "open_catalog_for_writing",
]
