"""A save killed mid-transaction (SIGKILL, no chance to clean up) leaves the database as it was:
no half run, no orphan files, and the next save works."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from gapcheck import service
from gapcheck.service import runs
from gapcheck.store import close_database, open_database
from gapcheck.store.schema import metadata

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

# The child saves a run and stops for good inside the transaction, once the run's files and
# its row are written and its requirement rows are about to be.
CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from gapcheck import service
    from gapcheck.service import runs

    def stop(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO GAPCHECK_RUN_REQUIREMENT"):
            print("IN-TRANSACTION", flush=True)
            time.sleep(120)

    event.listen(Engine, "before_cursor_execute", stop)
    org, catalog = Path(sys.argv[1]), Path(sys.argv[2])
    captured = runs.load_captured(org, catalog)
    result = service.analyze_loaded(captured.catalog, captured.org)
    runs.save_run(captured, result)
    print("SAVED", flush=True)
    """
)


def _counts(url: str) -> dict[str, int]:
    db = open_database(url)
    assert db is not None
    with db.connect() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in metadata.sorted_tables
        }


def test_a_save_killed_mid_transaction_leaves_the_database_unchanged(
    db_url: str, tiny: tuple[Path, Path]
) -> None:
    catalog, org = tiny
    captured = runs.load_captured(org, catalog)
    baseline = runs.save_run(captured, service.analyze_loaded(captured.catalog, captured.org))
    before = _counts(db_url)
    close_database(db_url)  # no connection of ours in the way of the child's writes
    measures = org / "measures.yaml"  # new input bytes: the child stores new files too
    measures.write_text(measures.read_text().replace("in_progress", "implemented"))

    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(org), str(catalog)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "GAPCHECK_DATABASE_URL": db_url},
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stderr is not None
            deadline = time.monotonic() + 60
            line = ""
            while time.monotonic() < deadline and not line:
                line = child.stdout.readline().strip()
            if line != "IN-TRANSACTION":
                child.kill()
                pytest.fail(f"the child did not reach the transaction: {child.stderr.read()}")
            child.send_signal(signal.SIGKILL)
            assert child.wait(timeout=30) == -signal.SIGKILL
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()

    assert _counts(db_url) == before
    assert [r.id for r in runs.list_runs("tiny").items] == [baseline.run.id]
    db = open_database(db_url)
    assert db is not None
    if db.engine.dialect.name == "sqlite":
        with db.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    again = runs.load_captured(org, catalog)
    outcome = runs.save_run(again, service.analyze_loaded(again.catalog, again.org))
    assert outcome.created
    assert runs.list_runs("tiny").total == 2
