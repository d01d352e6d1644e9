"""Saving, listing, resolving, reproducing and pruning runs, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gapcheck import service
from gapcheck.errors import NotFoundError
from gapcheck.service import runs
from gapcheck.store import open_database
from gapcheck.store.schema import blobs, filesets, run_measures, run_requirements
from gapcheck.store.schema import runs as runs_table

JUNE = dt.date(2026, 6, 1)


def _save(org: Path, catalog: Path, as_of: dt.date = JUNE, **kwargs: object):
    captured = runs.load_captured(org, catalog)
    result = service.analyze_loaded(captured.catalog, captured.org, as_of)
    return runs.save_run(captured, result, **kwargs)  # type: ignore[arg-type]


def _count(url: str, table) -> int:
    db = open_database(url)
    assert db is not None
    with db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_saved_run_is_listed_with_who_when_and_its_headline_figures(db_url, tiny) -> None:
    catalog, org = tiny
    moment = dt.datetime(2026, 6, 1, 8, 30, tzinfo=dt.UTC)
    outcome = _save(org, catalog, label="Ledningens genomgång 2026", by="Anna", now=moment)
    assert outcome.created
    page = runs.list_runs("tiny")
    assert page.total == 1
    run = page.items[0]
    assert run == outcome.run
    assert (run.saved_by, run.label, run.as_of, run.saved_at) == (
        "Anna",
        "Ledningens genomgång 2026",
        JUNE,
        moment,
    )
    assert (run.requirements, run.gaps, run.coverage) == (4, 3, 0.3125)
    assert run.source_versions == {"dir": "v1", "nat": "v1"}
    # One row per applicable requirement and per measure, stored with the run.
    assert _count(db_url, run_requirements) == 9
    assert _count(db_url, run_measures) == 3


def test_saving_the_same_inputs_catalogs_and_date_twice_stores_one_run(db_url, tiny) -> None:
    catalog, org = tiny
    first = _save(org, catalog)
    again = _save(org, catalog, label="another label", by="someone else")
    assert first.created
    assert not again.created
    assert again.run == first.run  # the existing run, untouched
    assert runs.list_runs("tiny").total == 1
    assert _count(db_url, run_requirements) == 9


def test_the_run_id_is_uuid5_of_organisation_and_content_wherever_the_files_lie(
    db_url, tiny, tmp_path: Path
) -> None:
    catalog, org = tiny
    moved = tmp_path / "elsewhere" / "org"
    shutil.copytree(org, moved)
    first = _save(org, catalog)
    second = _save(moved, catalog)
    assert not second.created
    expected = uuid.uuid5(runs.RUN_NAMESPACE, f"tiny/{first.run.content_hash}")
    assert first.run.id == str(expected)


def test_a_later_date_or_a_changed_file_is_a_new_run_and_shares_the_stored_catalog(
    db_url, tiny
) -> None:
    catalog, org = tiny
    _save(org, catalog)
    assert _save(org, catalog, as_of=dt.date(2026, 7, 1)).created
    measures = org / "measures.yaml"
    measures.write_text(measures.read_text().replace("in_progress", "implemented"))
    assert _save(org, catalog, as_of=dt.date(2026, 7, 1)).created
    assert runs.list_runs("tiny").total == 3
    # two input sets and one catalog set: the catalogs are stored once
    assert _count(db_url, filesets) == 3


def test_runs_are_named_by_id_prefix_or_label_and_unknown_ones_are_not_found(db_url, tiny) -> None:
    catalog, org = tiny
    a = _save(org, catalog, label="Årsgenomgång 2026").run
    b = _save(org, catalog, as_of=dt.date(2026, 7, 1)).run
    assert runs.resolve_run("tiny", a.id).id == a.id
    assert runs.resolve_run("tiny", b.id[:6]).id == b.id
    assert runs.resolve_run("tiny", "Årsgenomgång 2026").id == a.id
    with pytest.raises(NotFoundError, match="runs tiny"):
        runs.resolve_run("tiny", "ffffffff")
    with pytest.raises(NotFoundError):
        runs.resolve_run("other-org", a.id)  # runs belong to their organisation


def test_run_detail_has_sources_counted_rows_measures_and_the_stored_files(db_url, tiny) -> None:
    catalog, org = tiny
    run = _save(org, catalog).run
    detail = runs.run_detail("tiny", run.id[:8])
    assert [s.source for s in detail.sources] == ["dir", "nat"]
    assert [g.id for g in detail.requirements][:3] == ["nat:3", "nat:2.2", "nat:2.3"]
    assert detail.requirements[-1].category.value == "covered"
    assert {m.id: m.status.value for m in detail.measures} == {
        "M-01": "implemented",
        "M-02": "in_progress",
        "M-03": "planned",
    }
    assert [f.path for f in detail.inputs] == [
        "assessments.yaml",
        "measures.yaml",
        "organisation.yaml",
        "risks.yaml",
    ]
    assert detail.catalog_files == 4


def test_a_run_is_reproduced_exactly_from_its_stored_inputs_after_the_files_changed(
    db_url, tiny
) -> None:
    catalog, org = tiny
    run = _save(org, catalog).run
    stored = runs.run_detail("tiny", run.id)
    (org / "measures.yaml").write_text("measures: []\n")  # today's files are something else
    shutil.rmtree(catalog)  # and the catalogs are gone
    replay = runs.reproduce_run("tiny", run.id)
    assert replay.identical
    assert replay.result.as_of == JUNE
    assert replay.result.totals.coverage == stored.run.coverage
    assert {m.id for m in replay.org.measures} == {"M-01", "M-02", "M-03"}


def test_prune_keeps_the_newest_and_labelled_runs_and_frees_their_files(db_url, tiny) -> None:
    catalog, org = tiny
    days = [dt.date(2026, m, 1) for m in (1, 2, 3, 4)]
    saved = [
        _save(org, catalog, as_of=d, label="Q1" if d.month == 1 else None, now=_at(d)).run
        for d in days
    ]
    dry = runs.prune_runs("tiny", keep=1, dry_run=True)
    assert [r.id for r in dry.deleted] == [saved[2].id, saved[1].id]
    assert runs.list_runs("tiny").total == 4  # a dry run deletes nothing
    outcome = runs.prune_runs("tiny", keep=1)
    assert (len(outcome.deleted), outcome.kept, outcome.kept_labelled) == (2, 2, 1)
    assert [r.id for r in runs.list_runs("tiny").items] == [saved[3].id, saved[0].id]
    everything = runs.prune_runs("tiny", keep=0, include_labelled=True)
    assert len(everything.deleted) == 2
    assert _count(db_url, runs_table) == 0
    assert _count(db_url, blobs) == 0  # no file is kept that no run needs
    assert _count(db_url, filesets) == 0


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), dt.UTC)


def test_concurrent_saves_of_the_same_content_store_it_once(db_url, tiny) -> None:
    catalog, org = tiny
    captured = runs.load_captured(org, catalog)
    result = service.analyze_loaded(captured.catalog, captured.org, JUNE)
    outcomes = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def save() -> None:
        barrier.wait()
        try:
            outcomes.append(runs.save_run(captured, result))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=save) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(o.created for o in outcomes) == [False, False, False, True]
    assert _count(db_url, runs_table) == 1


def test_the_run_reflecting_a_past_date_is_the_last_saved_by_the_end_of_that_day(
    db_url, tiny
) -> None:
    catalog, org = tiny
    spring = _save(org, catalog, as_of=dt.date(2026, 3, 1), now=_at(dt.date(2026, 3, 1))).run
    autumn = _save(org, catalog, as_of=dt.date(2026, 9, 1), now=_at(dt.date(2026, 9, 1))).run
    assert runs.run_reflecting("tiny", dt.date(2026, 6, 1)).run == spring
    assert runs.run_reflecting("tiny", dt.date(2026, 12, 1)).run == autumn
    before = runs.run_reflecting("tiny", dt.date(2026, 1, 1))
    assert (before.run, before.earliest, before.total) == (None, spring, 2)
