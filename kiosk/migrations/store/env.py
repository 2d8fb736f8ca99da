"""Alembic environment for the store database (run in process by kiosk.core.database.upgrade)."""

from alembic import context

from kiosk.core.staff.models import STORE_METADATA

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=STORE_METADATA,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
