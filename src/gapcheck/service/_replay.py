"""Saved runs read back: their stored inputs loaded again, an analysis reproduced exactly
(`analyze --from-run`), and the run that reflects a past date (`analyze --as-of`)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass

import orjson

from gapcheck import __version__
from gapcheck.catalog import load_catalog, load_org
from gapcheck.engine import analyze
from gapcheck.errors import StorageError
from gapcheck.model import Catalog, OrgData
from gapcheck.model.result import AnalysisResult
from gapcheck.model.result_compat import UnknownSchemaError, upgrade_result
from gapcheck.model.runs import RunMeasure, RunSummary
from gapcheck.service._capture import Captured, file_set, materialized
from gapcheck.service._runs import open_runs
from gapcheck.service._runs_read import resolve_run
from gapcheck.store import Database, FileSet, repo

__all__ = [
    "Reflecting",
    "Replay",
    "Stored",
    "reproduce_run",
    "run_reflecting",
    "stored_result",
    "stored_run",
]


@dataclass(frozen=True)
class Stored:
    """A saved run as it was stored: summary, result, measures and its input files."""

    run: RunSummary
    result: AnalysisResult
    measures: list[RunMeasure]
    inputs: FileSet
    catalog_files: FileSet


def stored_result(raw: bytes, run: RunSummary) -> AnalysisResult:
    """A run's stored result JSON as today's schema: results saved as schema 2.x (before
    gapcheck 3.0's shared measure table) are upgraded on read (docs/runs.md)."""
    data = orjson.loads(raw)
    try:
        return AnalysisResult.model_validate(upgrade_result(data))
    except UnknownSchemaError as exc:
        raise StorageError(f"saved run {run.id} of {run.organisation}: {exc}") from None


def stored_run(db: Database, run: RunSummary) -> Stored:
    """Everything stored for `run`."""
    with db.connect() as conn:
        result = stored_result(repo.read_result(conn, run.id), run)
        measures = [
            RunMeasure(
                id=m["measure"],
                title=m["title"],
                status=m["status"],
                due=m["due"],
                owner=m["owner"],
            )
            for m in repo.read_measures(conn, run.id)
        ]
        inputs = repo.read_files(conn, run.inputs_hash)
        catalog = repo.read_files(conn, run.catalog_hash)
    return Stored(
        run,
        result,
        measures,
        file_set("inputs", {p: data for p, (_, _, data) in inputs.items()}),
        file_set("catalog", {p: data for p, (_, _, data) in catalog.items()}),
    )


# Stored catalogs loaded again, by hash: a compare reads the same few catalogs many times.
_catalogs: OrderedDict[str, Catalog] = OrderedDict()
_catalogs_lock = threading.Lock()
_KEEP_CATALOGS = 4


def stored_catalog(files: FileSet, current: Captured | None = None) -> Catalog:
    """The catalogs `files` hold, loaded (the current ones when they are the same files)."""
    if current is not None and current.catalog_files.hash == files.hash:
        return current.catalog
    with _catalogs_lock:
        if files.hash in _catalogs:
            _catalogs.move_to_end(files.hash)
            return _catalogs[files.hash]
    with materialized(files.files) as root:
        catalog = load_catalog(root)
    with _catalogs_lock:
        _catalogs[files.hash] = catalog
        while len(_catalogs) > _KEEP_CATALOGS:
            _catalogs.popitem(last=False)
    return catalog


def stored_org(files: FileSet, catalog: Catalog) -> OrgData:
    """The organisation `files` hold, loaded against `catalog` (raises like load_org)."""
    with materialized(files.files) as folder:
        org = load_org(folder, catalog)
    return org.model_copy(update={"path": "", "files": ()})


def analyze_stored(
    inputs: FileSet,
    catalog_files: FileSet,
    as_of: dt.date,
    pins: dict[str, str],
    current: Captured | None = None,
) -> AnalysisResult:
    """Analyse stored inputs against stored catalogs at `as_of`: the organisation's own pins
    apply, explicit `pins` win (as `service.analyze_loaded`)."""
    catalog = stored_catalog(catalog_files, current)
    org = stored_org(inputs, catalog)
    return analyze(catalog, org, as_of, {**org.organisation.source_versions, **pins})


@dataclass(frozen=True)
class Replay:
    """A run reproduced from its stored inputs; `identical` when the result is byte for byte
    what was stored (a newer gapcheck may compute differently: `run.gapcheck_version`)."""

    run: RunSummary
    catalog: Catalog
    org: OrgData
    result: AnalysisResult
    identical: bool
    gapcheck_version: str = __version__


def reproduce_run(org: str, ref: str, current: Captured | None = None) -> Replay:
    """Analyse run `ref`'s stored inputs again, with its catalogs, date and pins."""
    db = open_runs()
    run = resolve_run(org, ref, db)
    assert db is not None
    stored = stored_run(db, run)
    catalog = stored_catalog(stored.catalog_files, current)
    data = stored_org(stored.inputs, catalog)
    result = analyze(catalog, data, run.as_of, {**data.organisation.source_versions, **run.pins})
    same = result.model_dump_json() == stored.result.model_dump_json()
    return Replay(run, catalog, data, result, same)


@dataclass(frozen=True)
class Reflecting:
    """For a past date: the latest run saved by the end of that day, the earliest run of all
    (when none was saved by then), and how many runs there are."""

    run: RunSummary | None
    earliest: RunSummary | None
    total: int


def run_reflecting(org: str, day: dt.date) -> Reflecting:
    """Which saved run reflects the organisation's inputs as they were on `day`."""
    db = open_runs()
    if db is None:
        return Reflecting(None, None, 0)
    with db.connect() as conn:
        every = repo.list_runs(conn, org)
    # The end of `day` where the user is (saving times are stored in UTC).
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).astimezone()
    before = [r for r in every if r.saved_at < end]
    return Reflecting(before[0] if before else None, every[-1] if every else None, len(every))
