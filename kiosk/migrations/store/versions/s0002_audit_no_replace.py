"""audit_entry: refuse INSERT OR REPLACE (SQLite)

SQLite's REPLACE conflict resolution deletes the row that is in the way without firing
its DELETE triggers (unless ``PRAGMA recursive_triggers`` is on, which a connection of
the sqlite3 shell or any other tool does not set). So ``INSERT OR REPLACE INTO
audit_entry`` with an existing ``id`` (or ``prev_hash``) rewrote an entry in place,
past ``audit_entry_no_update`` and ``audit_entry_no_delete``. A BEFORE INSERT trigger
that refuses an insert that would collide closes that: it lives in the file, so it holds
for every connection. (The hash chain detected such an edit all along; this is about the
database refusing it.) PostgreSQL has no REPLACE, and ``INSERT ... ON CONFLICT DO UPDATE``
fires its UPDATE trigger already: nothing to do there.

Revision ID: s0002
Revises: s0001
"""

from alembic import op

revision = "s0002"
down_revision = "s0001"
branch_labels = None
depends_on = None

APPEND_ONLY_MESSAGE = "audit_entry is append-only"

SQLITE_NO_REPLACE = f"""CREATE TRIGGER audit_entry_no_replace BEFORE INSERT ON audit_entry
    WHEN EXISTS (
        SELECT 1 FROM audit_entry WHERE id = NEW.id OR prev_hash = NEW.prev_hash
    )
    BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(SQLITE_NO_REPLACE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_replace")
