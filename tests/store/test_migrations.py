"""The Alembic migrations shipped in the package: empty → head on both engines builds exactly
the tables of `gapcheck.store.schema`, and a database is upgraded on first use."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from gapcheck.errors import StorageError
from gapcheck.service import runs
from gapcheck.store import HEAD, close_database, current_revision, open_database
from gapcheck.store.schema import metadata

MIGRATIONS = Path(runs.__file__).parents[1] / "store" / "migrations"


def test_head_is_the_newest_shipped_migration() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_migrations_from_empty_to_head_build_exactly_the_schema_tables(db_url: str) -> None:
    db = open_database(db_url)  # a new database: migrated on first use
    assert db is not None
    with db.connect() as conn:
        assert current_revision(conn) == HEAD
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
        tables = set(inspect(conn).get_table_names())
    assert diffs == []
    assert tables == {t.name for t in metadata.sorted_tables} | {"alembic_version"}


def test_db_upgrade_reports_the_revision_and_changes_nothing_the_second_time(db_url: str) -> None:
    first = runs.db_upgrade()
    assert (first.exists, first.revision, first.head, first.runs) == (True, HEAD, HEAD, 0)
    close_database(db_url)
    again = runs.db_upgrade()
    assert (again.upgraded_from, again.revision) == (HEAD, HEAD)


def test_a_database_of_a_newer_gapcheck_is_refused_with_the_fix(db_url: str) -> None:
    db = open_database(db_url)
    assert db is not None
    with db.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    close_database(db_url)
    with pytest.raises(StorageError, match=r"newer than this gapcheck knows.*upgrade gapcheck"):
        open_database(db_url)


def test_reading_never_creates_the_default_sqlite_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "sub" / "runs.sqlite3"
    monkeypatch.setenv("GAPCHECK_DATABASE_URL", f"sqlite:///{path}")
    assert runs.list_runs("tiny").total == 0
    assert runs.db_status().exists is False
    assert not path.exists()
    assert runs.db_upgrade().revision == HEAD
    assert path.exists()
    close_database()


def test_an_unusable_database_url_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPCHECK_DATABASE_URL", "not a url")
    with pytest.raises(StorageError, match="GAPCHECK_DATABASE_URL is not a database URL"):
        runs.list_runs("tiny")
    monkeypatch.setenv("GAPCHECK_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(StorageError, match=r"cannot be used: .*check GAPCHECK_DATABASE_URL"):
        runs.list_runs("tiny")
    close_database()


def test_the_default_database_is_a_file_in_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from gapcheck.store import database_url, default_path

    monkeypatch.delenv("GAPCHECK_DATABASE_URL")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "gapcheck" / "runs.sqlite3"
    assert database_url() == f"sqlite:///{tmp_path / 'gapcheck' / 'runs.sqlite3'}"
