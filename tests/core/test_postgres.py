"""The same models on PostgreSQL, as a chain runs them: the catalog (migrations, import,
lookups equal to SQLite's, a dropped connection survived) and the store database (roster,
lockout, the append-only audit log enforced by the server).

The server is our own throwaway cluster (tests/postgres.py), never a running one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from kiosk.core.catalog.admin import ensure_categories, import_products, open_catalog_for_writing
from kiosk.core.catalog.models import CATALOG_METADATA
from kiosk.core.catalog.repository import Catalog
from kiosk.core.catalog.source import read_source
from kiosk.core.database import current_revision
from kiosk.core.staff import (
    AuditLog,
    AuthFailed,
    HashParameters,
    Roster,
    SystemActor,
    create_key_file,
    load_key_file,
)
from kiosk.core.staff.models import STORE_METADATA
from kiosk.core.staff.store import open_store
from tests.postgres import PostgresServer

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "assets" / "catalog"
FAST = HashParameters(time_cost=1, memory_cost=64, parallelism=1)


def no_drift(engine: sqlalchemy.Engine, metadata: sqlalchemy.MetaData) -> list[object]:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


@pytest.fixture
def pg_catalog(pg_database: str) -> str:
    engine = open_catalog_for_writing(pg_database)
    try:
        source = read_source(SOURCE)
        ensure_categories(engine, [(c.slug, c.name_nl, c.name_en) for c in source.categories])
        imported = import_products(engine, (SOURCE / "products.csv").read_text(encoding="utf-8"))
        assert imported == len(source.products)
    finally:
        engine.dispose()
    return pg_database


def test_catalog_migrations_build_the_models_on_postgresql(pg_catalog: str) -> None:
    engine = sqlalchemy.create_engine(pg_catalog)
    try:
        assert current_revision(engine) is not None
        assert no_drift(engine, CATALOG_METADATA) == []
    finally:
        engine.dispose()


def test_lookups_on_postgresql_equal_sqlite(pg_catalog: str) -> None:
    source = read_source(SOURCE)
    with Catalog(ROOT / "catalog.db") as sqlite, Catalog(pg_catalog) as pg:
        assert pg.count() == sqlite.count()
        for row in source.products:
            if row.gtin:
                assert pg.by_gtin(row.gtin) == sqlite.by_gtin(row.gtin), row.gtin
            if row.plu:
                assert pg.by_plu(row.plu) == sqlite.by_plu(row.plu), row.plu
        assert pg.by_gtin("0000000000000") is None
        for words in ("appel", "kaas", "Banaan"):
            assert [p.id for p in pg.search(words)] == [p.id for p in sqlite.search(words)]


def test_a_lookup_survives_the_server_dropping_its_connection(
    pg_catalog: str, postgres_server: PostgresServer
) -> None:
    """A central database restarts or kills idle sessions; the kiosk's next scan still works."""
    gtin = next(r.gtin for r in read_source(SOURCE).products if r.gtin)
    database = pg_catalog.rsplit("/", 1)[1]
    with Catalog(pg_catalog) as pg:
        before = pg.by_gtin(gtin)
        assert before is not None
        killed = postgres_server.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{database}' AND pid <> pg_backend_pid()"
        )
        assert killed and all(ok for (ok,) in killed)  # the kiosk's session really was cut
        assert pg.by_gtin(gtin) == before


def test_store_on_postgresql_roster_and_lockout(pg_database: str, tmp_path: Path) -> None:
    key_path = tmp_path / "secrets" / "staff.key"
    create_key_file(path=key_path)
    tool = SystemActor("tests")
    with Roster(pg_database, key_path, parameters=FAST) as roster:
        roster.add_staff(tool, "1042", "Sam", "attendant", "4826", badge="STAFF-1042")
        assert roster.authenticate_pin("1042", "4826", "kiosk-1").name == "Sam"
        assert roster.authenticate_badge("STAFF-1042", "kiosk-1").name == "Sam"
        for _ in range(5):
            with pytest.raises(AuthFailed):
                roster.authenticate_pin("1042", "0000", "kiosk-1")
        with pytest.raises(AuthFailed) as locked:
            roster.authenticate_pin("1042", "4826", "kiosk-1")
        assert locked.value.locked_until is not None
    # a restart (a new roster on the same database) keeps the lock
    with Roster(pg_database, key_path, parameters=FAST) as again, pytest.raises(AuthFailed):
        again.authenticate_pin("1042", "4826", "kiosk-1")
    engine = open_store(pg_database)
    try:
        assert no_drift(engine, STORE_METADATA) == []
    finally:
        engine.dispose()


def test_audit_log_is_append_only_on_postgresql(pg_database: str, tmp_path: Path) -> None:
    key_path = tmp_path / "staff.key"
    create_key_file(path=key_path)
    engine = open_store(pg_database)
    try:
        log = AuditLog(engine, load_key_file(key_path))
        for n in range(3):
            log.record(SystemActor("tests"), "lock_lane", kiosk_id="kiosk-1", after={"n": n})
        assert log.verify().ok
        for statement in (
            "UPDATE audit_entry SET action = 'nothing'",
            "DELETE FROM audit_entry",
            "TRUNCATE audit_entry",
        ):
            with pytest.raises(DBAPIError), engine.begin() as conn:
                conn.execute(text(statement))
        assert len(log.entries()) == 3
        assert log.verify().ok
    finally:
        engine.dispose()
