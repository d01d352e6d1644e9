"""Alembic's environment for gapcheck's runs database: always run from code
(`gapcheck.store.db.upgrade`), which passes the connection in `config.attributes`."""

from __future__ import annotations

from alembic import context

from gapcheck.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite alters a table by copying it: later revisions need batch mode there.
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
