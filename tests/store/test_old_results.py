"""Runs saved before result schema 3.0 keep working: their stored 2.x result is upgraded on
read (`service._replay.stored_result`) by compare, `report --compare-to` and `--from-run`.

The run is saved by today's code and its stored result then replaced by the 2.1 result main
saved for the same inputs and date (tests/data/results/tiny-2.1.json), as a database written
before the change holds it."""

from __future__ import annotations

import datetime as dt
import zlib
from pathlib import Path

import pytest
from sqlalchemy import update

from gapcheck import service
from gapcheck.errors import StorageError
from gapcheck.model.runs import CauseKind, RunSummary
from gapcheck.service import runs
from gapcheck.store import open_database
from gapcheck.store.schema import runs as runs_table

SAVED_2_1 = Path(__file__).parents[1] / "data" / "results" / "tiny-2.1.json"
NOV = dt.date(2026, 11, 28)


def _save(org: Path, catalog: Path, as_of: dt.date) -> RunSummary:
    captured = runs.load_captured(org, catalog)
    result = service.analyze_loaded(captured.catalog, captured.org, as_of)
    return runs.save_run(captured, result).run


def _store_as(url: str, run_id: str, data: bytes, schema: str) -> None:
    db = open_database(url)
    assert db is not None
    with db.connect() as conn, conn.begin():
        conn.execute(
            update(runs_table)
            .where(runs_table.c.id == run_id)
            .values(result=zlib.compress(data, 6), schema_version=schema)
        )


def test_a_run_saved_as_2_1_is_reproduced_identically_and_compared(
    db_url: str, tiny: tuple[Path, Path]
) -> None:
    catalog, org = tiny
    old = _save(org, catalog, NOV)
    _store_as(db_url, old.id, SAVED_2_1.read_bytes(), "2.1")
    replay = runs.reproduce_run("tiny", old.id)
    assert replay.identical  # the upgraded 2.1 result is byte for byte today's
    assert set(replay.result.measures) == {"M-01", "M-02", "M-03"}
    new = _save(org, catalog, dt.date(2027, 1, 15))  # M-02, due 2026-12-31, slips
    cmp = runs.compare_runs("tiny", old.id, new.id)
    assert [c.kind for c in cmp.causes] == [CauseKind.CALENDAR]
    assert [(m.id, m.slipped) for m in cmp.measures] == [("M-02", True)]


def test_the_workbooks_follow_up_compares_with_a_run_saved_as_2_1(
    db_url: str, tiny: tuple[Path, Path]
) -> None:
    catalog, org = tiny
    old = _save(org, catalog, NOV)
    _store_as(db_url, old.id, SAVED_2_1.read_bytes(), "2.1")
    captured = runs.load_captured(org, catalog)
    result = service.analyze_loaded(captured.catalog, captured.org, dt.date(2027, 1, 15))
    follow = runs.followup(captured, result, compare_to=old.id)
    assert follow is not None
    assert follow.comparison is not None
    assert follow.comparison.from_run.id == old.id


def test_a_stored_result_of_an_unknown_schema_is_refused_with_the_run_named(
    db_url: str, tiny: tuple[Path, Path]
) -> None:
    catalog, org = tiny
    old = _save(org, catalog, NOV)
    _store_as(db_url, old.id, SAVED_2_1.read_bytes().replace(b'"2.1"', b'"9.0"', 1), "9.0")
    with pytest.raises(StorageError, match=f"saved run {old.id} of tiny: result schema '9.0'"):
        runs.reproduce_run("tiny", old.id)
