"""Opening the kiosk's databases the same, safe way every time.

SQLite files (catalog.db, journal.db, store.db) get their pragmas on *every* connection, in
SQLAlchemy's ``connect`` event: the journal mode (WAL for the journal, the rollback
journal for catalogs), foreign keys, a busy timeout and the requested ``synchronous``
level. Write transactions (``write_transaction``) start with
``BEGIN IMMEDIATE`` so two writers never deadlock half-way through. A ``postgresql://``
URL opens the same models on PostgreSQL (a chain's central catalog), where none of this
applies.

Schema changes go through Alembic (``kiosk/migrations/<name>``); ``upgrade()`` runs
them in process. Alembic is imported only when a database actually needs a migration:
``upgrade()`` first compares the revision the file records with the newest revision of
the migration scripts (read from the scripts' ``revision`` / ``down_revision`` lines), so
a kiosk whose files are up to date starts without it (importing Alembic costs about
0.15 s of the kiosk's start).
"""

from __future__ import annotations

import ast
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.pool import NullPool, QueuePool

if TYPE_CHECKING:
    from alembic.config import Config

Synchronous = Literal["OFF", "NORMAL", "FULL", "EXTRA"]
JournalMode = Literal["WAL", "DELETE"]
BUSY_TIMEOUT_MS = 5000

Schema = Literal["catalog", "journal", "store"]


def database_url(target: str | Path) -> str:
    """A filesystem path becomes a SQLite URL; a URL (``postgresql://...``) stays as it is."""
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text)}"


def make_engine(
    target: str | Path,
    *,
    synchronous: Synchronous = "FULL",
    pool_size: int = 2,
    journal_mode: JournalMode = "WAL",
    read_only: bool = False,
) -> Engine:
    """An engine for ``target`` (a file path or URL) with our pragmas on each connection.

    ``read_only`` opens a SQLite file so that nothing, not even a pragma, can change it
    (a kiosk's view of the catalog). The journal uses WAL; catalogs use the rollback
    journal (``DELETE``), so read-only readers never need to create WAL side files.
    """
    url = database_url(target)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    if url in ("sqlite://", "sqlite:///:memory:"):
        raise ValueError("an in-memory database cannot be shared or recovered; give a file path")
    if read_only:
        path = Path(url.removeprefix("sqlite:///")).resolve()
        if not path.is_file():
            raise FileNotFoundError(f"no database at {path}")
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    engine = create_engine(
        url,
        poolclass=QueuePool if pool_size else NullPool,
        pool_size=max(pool_size, 1),
        max_overflow=2,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(
        engine, "connect", _sqlite_pragmas(synchronous, None if read_only else journal_mode)
    )
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _sqlite_pragmas(synchronous: Synchronous, journal_mode: JournalMode | None) -> Any:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if journal_mode is not None:
                cursor.execute(f"PRAGMA journal_mode={journal_mode}")
            cursor.execute(f"PRAGMA synchronous={synchronous}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        finally:
            cursor.close()

    return on_connect


def _begin_immediate(connection: Connection) -> None:
    # Writes (``write_transaction``) take the write lock up front; reads stay deferred so
    # they never hold a lock a writer waits for.
    mode = connection.get_execution_options().get("selfscan_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that starts with ``BEGIN IMMEDIATE`` on SQLite; commits on success.

    Taking the write lock at the start means a write never fails half-way because
    another writer got there first (SQLITE_BUSY on lock upgrade), and the busy timeout
    applies while waiting for the lock.
    """
    with engine.connect() as connection:
        connection = connection.execution_options(selfscan_begin="IMMEDIATE")
        with connection.begin():
            yield connection


def pragmas(engine: Engine) -> dict[str, Any]:
    """The pragmas a fresh connection of ``engine`` has (for tests and diagnostics)."""
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        return {
            name: raw.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }


def alembic_config(schema: Schema) -> Config:
    from alembic.config import Config

    config = Config()
    location = resources.files("kiosk") / "migrations" / schema
    config.set_main_option("script_location", str(location))
    return config


@cache
def script_heads(schema: Schema) -> frozenset[str]:
    """The newest revisions of ``schema``'s migration scripts, without importing Alembic:
    every ``revision`` that no script names as its ``down_revision``. The scripts are
    parsed, not run (their module-level assignments, as Alembic's template writes them);
    a test checks the answer against Alembic's own ``ScriptDirectory.get_heads()``."""
    folder = resources.files("kiosk") / "migrations" / schema / "versions"
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in folder.iterdir():
        if not script.name.endswith(".py") or script.name.startswith("_"):
            continue
        for node in ast.parse(script.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.Assign) or len(node.targets) != 1:
                continue
            target = node.targets[0]
            if not isinstance(target, ast.Name) or target.id not in ("revision", "down_revision"):
                continue
            value = ast.literal_eval(node.value)
            names = {value} if isinstance(value, str) else set(value or ())
            (revisions if target.id == "revision" else parents).update(names)
    return frozenset(revisions - parents)


def stored_revisions(engine: Engine) -> frozenset[str]:
    """The revisions the database behind ``engine`` records (none for a new file)."""
    with engine.connect() as connection:
        try:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
        except exc.DBAPIError:
            # No table yet (nothing migrated), or a file that cannot be read: either way
            # Alembic runs, and reports the latter as it always did.
            return frozenset()
        return frozenset(row[0] for row in rows)


def upgrade(engine: Engine, schema: Schema, revision: str = "head") -> None:
    """Bring the database behind ``engine`` to ``revision`` of ``schema``'s migrations.

    For ``head``, a database already there is left alone without importing Alembic."""
    if revision == "head":
        heads = script_heads(schema)
        if heads and stored_revisions(engine) == heads:
            return
    from alembic import command

    config = alembic_config(schema)
    with write_transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
