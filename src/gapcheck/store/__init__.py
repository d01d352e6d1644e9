"""The runs database (issue 11): SQLAlchemy Core tables, Alembic migrations shipped in the
package, and the reads and writes the service layer makes (docs/runs.md).

Importing this package loads SQLAlchemy: the CLI imports it only in the commands that use
saved runs, so `gapcheck --help` stays fast.
"""

from __future__ import annotations

from gapcheck.store.db import (
    ENV_URL,
    Database,
    close_database,
    current_revision,
    database_url,
    default_path,
    open_database,
    safe_url,
    upgrade,
)
from gapcheck.store.repo import FileSet, NewRun
from gapcheck.store.schema import HEAD

__all__ = [
    "ENV_URL",
    "HEAD",
    "Database",
    "FileSet",
    "NewRun",
    "close_database",
    "current_revision",
    "database_url",
    "default_path",
    "open_database",
    "safe_url",
    "upgrade",
]
