"""Alembic environment for journal.db (run in process by kiosk.core.database.upgrade)."""

from alembic import context

from kiosk.core.journal.models import JOURNAL_METADATA

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=JOURNAL_METADATA,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
