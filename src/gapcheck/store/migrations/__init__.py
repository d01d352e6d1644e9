"""Alembic migrations of the runs database (run by `gapcheck.store.db`)."""
