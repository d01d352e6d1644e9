"""One module per Alembic revision."""
