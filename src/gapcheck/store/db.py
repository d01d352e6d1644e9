"""Where the runs database is, opening it, and bringing its tables up to date.

`GAPCHECK_DATABASE_URL` names the database (any SQLAlchemy URL: `sqlite:///path`, or
`postgresql+psycopg://user:pass@host/db` for a server several API workers or hosts share).
Without it, an SQLite file in the user's data folder: `$XDG_DATA_HOME/gapcheck/runs.sqlite3`
(`~/.local/share/…` on Linux), `~/Library/Application Support/gapcheck/…` on macOS,
`%LOCALAPPDATA%\\gapcheck\\…` on Windows.

Opening a database brings its tables to `schema.HEAD` (Alembic, under a lock so that several
processes opening a new database at once do not race). Commands that only read never create
a missing SQLite file: there are simply no runs yet.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

from gapcheck.errors import StorageError
from gapcheck.store.schema import HEAD

__all__ = [
    "ENV_URL",
    "Database",
    "close_database",
    "current_revision",
    "database_url",
    "default_path",
    "open_database",
    "safe_url",
    "upgrade",
]

ENV_URL = "GAPCHECK_DATABASE_URL"
_MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x6761_7063  # "gapc": PostgreSQL advisory lock held while migrating


def default_path() -> Path:
    """The SQLite file used when `GAPCHECK_DATABASE_URL` is not set."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "gapcheck" / "runs.sqlite3"


def database_url() -> str:
    """`GAPCHECK_DATABASE_URL`, else the default SQLite file's URL."""
    return os.environ.get(ENV_URL) or f"sqlite:///{default_path()}"


def safe_url(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a database URL)"


@dataclass(frozen=True)
class Database:
    """An open runs database at `schema.HEAD`."""

    engine: Engine
    url: str

    @property
    def shown(self) -> str:
        return safe_url(self.url)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in a transaction: committed at the end, rolled back on any error."""
        with _errors(self.url), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reading."""
        with _errors(self.url), self.engine.connect() as conn:
            yield conn


_engines: dict[str, Engine] = {}
_ready: set[str] = set()
_guard = threading.Lock()


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    name = parsed.database or ""
    return None if name in ("", ":memory:") or name.startswith("file:") else Path(name)


def open_database(
    url: str | None = None, *, create: bool = True, migrate: bool = True
) -> Database | None:
    """The database at `url` (default `database_url()`), its tables brought to HEAD (unless
    `migrate` is false: `gapcheck db upgrade` reports what it does).

    With `create=False` a missing SQLite file is None (no runs), not created."""
    url = url or database_url()
    try:
        path = _sqlite_file(url)
    except ArgumentError:
        raise StorageError(
            f"{ENV_URL} is not a database URL — use sqlite:///PATH or "
            "postgresql+psycopg://USER:PASSWORD@HOST/DATABASE"
        ) from None
    if path is not None and not path.exists():
        if not create:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"cannot create the runs database folder {path.parent}: {exc.strerror} — set "
                f"{ENV_URL} to a writable place, e.g. sqlite:///{Path.cwd() / 'runs.sqlite3'}"
            ) from exc
    with _guard:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = _engine(url)
    db = Database(engine, url)
    if migrate and url not in _ready:
        _migrate(db, path)
        _ready.add(url)
    return db


def close_database(url: str | None = None) -> None:
    """Close the pooled connections to `url` (default: every database opened), so that the
    database can be dropped or the file removed; the next open connects afresh."""
    with _guard:
        urls = [url] if url is not None else list(_engines)
        for key in urls:
            engine = _engines.pop(key, None)
            _ready.discard(key)
            if engine is not None:
                engine.dispose()


# The CLI ends its process with os._exit after the atexit handlers: close the pooled
# connections there, so a PostgreSQL server sees each session end rather than a dropped socket.
atexit.register(close_database)


def _engine(url: str) -> Engine:
    try:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        hint = (
            "pip install 'gapcheck[postgres]'"
            if "psycopg" in str(exc) or "postgres" in url
            else "use sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE"
        )
        raise StorageError(f"cannot use the database {safe_url(url)}: {exc} — {hint}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # the cascades that prune relies on
    cursor.execute("PRAGMA busy_timeout=30000")  # wait for another writer, do not fail at once
    cursor.close()


def current_revision(conn: Connection) -> str | None:
    """The database's Alembic revision, None when it has no tables yet."""
    try:
        with conn.begin_nested():
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    except (OperationalError, ProgrammingError):
        return None  # no alembic_version table: an empty database
    return None if row is None else str(row[0])


def _migrate(db: Database, path: Path | None) -> None:
    with db.connect() as conn:
        revision = current_revision(conn)
        conn.rollback()
    if revision == HEAD:
        return
    if revision is not None and revision > HEAD:
        raise StorageError(
            f"the runs database {db.shown} is at revision {revision}, newer than this gapcheck "
            f"knows ({HEAD}) — upgrade gapcheck"
        )
    upgrade(db, path)


def upgrade(db: Database, path: Path | None = None) -> tuple[str | None, str]:
    """Run the migrations to HEAD under a lock; (revision before, revision after)."""
    from alembic import command  # only when a database is new or old: alembic is slow to load
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    path = path if path is not None else _sqlite_file(db.url)
    with _migration_lock(db, path), db.begin() as conn:
        before = current_revision(conn)
        if before != HEAD:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    return before, HEAD


@contextmanager
def _migration_lock(db: Database, path: Path | None) -> Iterator[None]:
    if path is not None:
        from filelock import FileLock

        with FileLock(str(path) + ".lock", timeout=60):
            yield
        return
    if db.engine.dialect.name == "postgresql":
        with db.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _LOCK_KEY})
                conn.commit()
        return
    yield


@contextmanager
def _errors(url: str) -> Iterator[None]:
    """A database that cannot be reached or used becomes one StorageError naming it."""
    try:
        yield
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StorageError(
            f"the runs database {safe_url(url)} cannot be used: {reason} — check "
            f"{ENV_URL} (or unset it for the default SQLite file)"
        ) from exc
