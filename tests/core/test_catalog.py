"""The catalog: a deterministic build from the source, migrations that match the models,
lookups on the hot path, all-or-nothing imports, export round trips."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kiosk.core.barcodes import is_valid_gtin
from kiosk.core.catalog.admin import (
    build,
    dump,
    export_products,
    generate_catalog,
    import_products,
    open_catalog_for_writing,
)
from kiosk.core.catalog.models import CATALOG_METADATA
from kiosk.core.catalog.repository import Catalog
from kiosk.core.catalog.source import PRODUCT_COLUMNS, SourceError, read_source
from kiosk.core.database import (
    alembic_config,
    current_revision,
    make_engine,
    upgrade,
    write_transaction,
)
from kiosk.core.journal.models import JOURNAL_METADATA
from kiosk.core.money import VatRate

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "assets" / "catalog"
HEADER = ",".join(PRODUCT_COLUMNS)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("catalog") / "catalog.db"
    build(SOURCE, out)
    return out


@pytest.fixture
def catalog(built: Path):  # type: ignore[no-untyped-def]
    with Catalog(built, today=lambda: date(2026, 11, 23)) as c:
        yield c


@pytest.fixture
def writable(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "catalog.db"
    shutil.copy(built, copy)
    return copy


def test_build_is_deterministic(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    build(SOURCE, again)
    assert dump(again) == dump(built)
    assert again.read_bytes() == built.read_bytes()  # the same SQLite gives the same bytes


def test_reading_a_catalog_leaves_the_file_untouched(built: Path) -> None:
    before = built.read_bytes()
    with Catalog(built) as c:
        assert c.by_plu("4011") is not None
        c.promotions_for(1)
        c.loose_produce()
    assert built.read_bytes() == before
    assert not Path(f"{built}-wal").exists()


def test_hot_path_queries_use_their_index(catalog: Catalog) -> None:
    """The lookups the scan path runs, as compiled, search the unique indexes."""
    raw = catalog._raw  # the very connection and SQL the hot path uses
    for prepared, index in (
        (catalog._by_gtin, "ix_product_gtin"),
        (catalog._by_plu, "ix_product_plu"),
    ):
        plan = raw.execute(f"EXPLAIN QUERY PLAN {prepared.sql}", prepared.params(gtin="x", plu="x"))
        steps = " ".join(str(row) for row in plan.fetchall())
        assert f"USING INDEX {index}" in steps, steps
        assert "SCAN p" not in steps and "SCAN product" not in steps


def test_committed_catalog_matches_its_source(built: Path) -> None:
    committed = ROOT / "catalog.db"
    assert committed.is_file(), "catalog.db is missing: run `make catalog` and commit it"
    assert dump(committed) == dump(built), "catalog.db is stale: run `make catalog` and commit it"


def test_source_has_what_a_store_needs() -> None:
    source = read_source(SOURCE)
    products = source.products
    assert len(products) >= 300
    assert sum(p.min_age == 18 for p in products) >= 10
    assert sum(p.deposit_id is not None for p in products) >= 10
    assert sum(p.plu is not None and p.image is not None for p in products) >= 20
    assert sum(p.kind == "bag" for p in products) >= 1
    assert sum(p.gtin is not None and p.gtin.startswith("02") for p in products) >= 4
    assert all(is_valid_gtin(p.gtin) for p in products if p.gtin)
    for p in products:
        if p.image:
            assert (ROOT / "assets" / p.image).is_file(), p.image


@pytest.mark.parametrize(
    ("metadata", "schema"), [(CATALOG_METADATA, "catalog"), (JOURNAL_METADATA, "journal")]
)
def test_migrations_build_exactly_the_models(tmp_path: Path, metadata, schema) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(tmp_path / f"{schema}.db")
    upgrade(engine, schema)
    assert current_revision(engine) is not None
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []
    # and they run backwards and forwards again (a store can roll an upgrade back)
    config = alembic_config(schema)
    with write_transaction(engine) as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert current_revision(engine) is None
    upgrade(engine, schema)
    assert current_revision(engine) is not None
    engine.dispose()


def test_lookup_by_gtin_plu_and_id(catalog: Catalog) -> None:
    source = read_source(SOURCE)
    with_deposit = next(p for p in source.products if p.deposit_id is not None)
    product = catalog.by_gtin(with_deposit.gtin)  # type: ignore[arg-type]
    assert product is not None
    assert product.id == with_deposit.id
    assert product.price_cents == with_deposit.price_cents
    assert product.deposit is not None and product.deposit.id == with_deposit.deposit_id
    assert product.deposit.is_deposit and product.deposit.vat is VatRate.ZERO
    loose = next(p for p in source.products if p.plu and p.sold_by_weight)
    found = catalog.by_plu(loose.plu)  # type: ignore[arg-type]
    assert found is not None and found.sold_by_weight and found.image == loose.image
    assert catalog.by_id(loose.id) == found
    # short GTIN forms are padded: an EAN-13 finds its GTIN-14 row
    assert catalog.by_gtin(with_deposit.gtin.lstrip("0")) == product  # type: ignore[union-attr]
    assert catalog.by_gtin("00000000000000") is None
    assert catalog.by_plu("00000") is None


def test_inactive_products_are_found_and_flagged(catalog: Catalog) -> None:
    inactive = [p for p in read_source(SOURCE).products if not p.active]
    assert inactive, "the sample catalog should show a delisted product"
    product = catalog.by_id(inactive[0].id)
    assert product is not None and product.active is False


def test_promotions_follow_the_calendar(catalog: Catalog) -> None:
    source = read_source(SOURCE)
    running = next(p for p in source.promotions if p.starts <= date(2026, 11, 23) <= p.ends)
    product_id = running.product_ids[0]
    codes = {p.code for p in catalog.promotions_for(product_id, date(2026, 11, 23))}
    assert running.code in codes
    before = running.starts.replace(year=running.starts.year - 5)
    assert running.code not in {p.code for p in catalog.promotions_for(product_id, before)}


def test_search_and_loose_produce(catalog: Catalog) -> None:
    produce = catalog.loose_produce()
    assert len(produce) >= 20
    assert all(p.plu and p.active for p in produce)
    banana = catalog.search("banaan") + catalog.search("BANANA")
    assert banana and all("anan" in (p.name_nl + p.name_en).lower() for p in banana)
    percent = catalog.search("%")  # wildcards are matched literally ("0,0%" beer)
    assert percent and all("%" in p.name_nl + p.name_en for p in percent)
    assert catalog.search("_") == []
    assert catalog.bags()


def test_import_reports_every_bad_row_and_writes_nothing(writable: Path) -> None:
    engine = open_catalog_for_writing(writable)
    before = dump(writable)
    taken = next(p for p in read_source(SOURCE).products if p.gtin and p.kind == "product")
    csv_text = "\n".join(
        [
            HEADER,
            '9001,product,8712345678906,,Goed,Good,zuivel,"1,00",item,9,,0,,1',
            '9002,product,8712345678907,,Fout,Bad,zuivel,"1,00",item,9,,0,,1',
            '9003,product,,,Geen code,No code,zuivel,"1,00",item,9,,0,,1',
            '9004,product,8712345678913,,Prijs,Price,zuivel,"1,001",item,9,,0,,1',
            '9005,product,8712345678920,,Cat,Cat,nergens,"1,00",item,9,,0,,1',
            '9006,product,8712345678937,,Btw,Vat,zuivel,"1,00",item,19,,0,,1',
            '9001,product,8712345678944,,Dubbel,Double,zuivel,"1,00",item,9,,0,,1',
            '9007,product,8712345678951,,Statiegeld,Deposit,zuivel,"1,00",item,9,9001,0,,1',
            "9008,product,8712345678968,,Te kort,Too short",
            # a GTIN another product already has: reported in the same round as the rest
            f'9009,product,{taken.gtin},,Kopie,Copy,zuivel,"1,00",item,9,,0,,1',
        ]
    )
    with pytest.raises(SourceError) as caught:
        import_products(engine, csv_text, "new.csv")
    engine.dispose()
    reported = {(e.line, e.reason.split(" ")[0]) for e in caught.value.errors}
    assert {line for line, _ in reported} == {3, 4, 5, 6, 7, 8, 9, 10, 11}
    assert any("already belongs to product" in e.reason for e in caught.value.errors)
    assert any("check digit" in e.reason for e in caught.value.errors if e.line == 3)
    assert any("deposit" in e.reason for e in caught.value.errors if e.line == 9)
    assert all(str(e).startswith(f"new.csv:{e.line}: ") for e in caught.value.errors)
    assert dump(writable) == before  # nothing half-imported


def test_import_refuses_a_gtin_another_product_has(writable: Path, catalog: Catalog) -> None:
    taken = next(p for p in read_source(SOURCE).products if p.gtin and p.kind == "product")
    engine = open_catalog_for_writing(writable)
    csv_text = f'{HEADER}\n9100,product,{taken.gtin},,Kopie,Copy,zuivel,"1,00",item,9,,0,,1\n'
    with pytest.raises(SourceError, match=f"already belongs to product {taken.id}"):
        import_products(engine, csv_text)
    engine.dispose()


def test_import_upserts_by_id(writable: Path) -> None:
    engine = open_catalog_for_writing(writable)
    first = read_source(SOURCE).products[10]
    gtin = first.gtin.lstrip("0") if first.gtin else ""
    csv_text = (
        f"{HEADER}\n"
        f"{first.id},product,{gtin},{first.plu or ''},Nieuw,New,{first.category},"
        '"9,99",item,21,,0,,1\n'
        f'9200,product,8712345678906,,Nieuw product,New product,zuivel,"0,99",item,9,,0,,1\n'
    )
    assert import_products(engine, csv_text) == 2
    engine.dispose()
    with Catalog(writable) as c:
        assert c.by_id(first.id).price_cents == 999  # type: ignore[union-attr]
        assert c.by_gtin("8712345678906").name_en == "New product"  # type: ignore[union-attr]


def test_export_then_import_round_trips(built: Path, tmp_path: Path) -> None:
    engine = make_engine(built)
    text = io.StringIO()
    count = export_products(engine, text)
    engine.dispose()
    assert count == len(read_source(SOURCE).products)
    fresh = tmp_path / "fresh.db"
    shutil.copy(built, fresh)
    target = open_catalog_for_writing(fresh)
    with target.begin() as conn:
        conn.exec_driver_sql("DELETE FROM promotion_product")
        conn.exec_driver_sql("DELETE FROM product")
    import_products(target, text.getvalue())
    target.dispose()
    products = [line for line in dump(built) if line.startswith('INSERT INTO "product"')]
    assert [line for line in dump(fresh) if line.startswith('INSERT INTO "product"')] == products


def test_generate_makes_a_valid_synthetic_catalog(tmp_path: Path) -> None:
    """Large enough for the bulk path (indexes dropped and rebuilt around the load)."""
    out = tmp_path / "big.db"
    assert generate_catalog(25_000, out) == 25_000
    engine = make_engine(out, read_only=True)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), CATALOG_METADATA)
    engine.dispose()
    assert differences == []  # every index is back after the bulk load
    with Catalog(out) as c:
        assert c.count() == 25_000
        product = c.by_id(21_500)
        assert product is not None and is_valid_gtin(product.gtin)  # type: ignore[arg-type]
        assert c.by_gtin(product.gtin) == product  # type: ignore[arg-type]
