"""Runs databases for tests: a fresh SQLite file, or a fresh PostgreSQL database on the server
that `GAPCHECK_TEST_DATABASE_URL` names (`.ci/run` starts one; README, "PostgreSQL").

Without that variable the PostgreSQL cases skip, and say why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_ENV = "GAPCHECK_TEST_DATABASE_URL"
PG_URL = os.environ.get(PG_ENV, "")
PG_SKIP = (
    f"PostgreSQL tests need {PG_ENV}=postgresql+psycopg://… (bash .ci/run starts a throw-away "
    "server and sets it; README, 'Tests against PostgreSQL')"
)

ENGINES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql", id="postgresql", marks=pytest.mark.skipif(not PG_URL, reason=PG_SKIP)
    ),
]


@contextmanager
def fresh_database(engine: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of `engine`, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from gapcheck.store import close_database

    if engine == "sqlite":
        url = f"sqlite:///{tmp_path / 'runs.sqlite3'}"
        try:
            yield url
        finally:
            close_database(url)
        return
    name = f"gapcheck_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        close_database(url)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
