"""Reading and writing runs: every function takes a connection inside the caller's transaction.

A save is one transaction (`Database.begin`): its files, its run row and its per-requirement
and per-measure rows commit together or not at all, so a process killed mid-save leaves the
database as it was.

The runs (their rows, summaries, results, trends) are here; the files under them (file sets,
blobs stored once by sha256) are in `gapcheck.store._files`, whose `FileSet` and `read_files`
this module re-exports (import them from here).
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, RowMapping, delete, func, insert, or_, select
from sqlalchemy.exc import IntegrityError

from gapcheck.model.runs import RunSummary
from gapcheck.store._files import FileSet, chunks, drop_unused_files, read_files, store_files
from gapcheck.store.schema import run_measures, run_requirements, runs

__all__ = [
    "FileSet",
    "NewRun",
    "count_runs",
    "database_counts",
    "delete_runs",
    "find_runs",
    "insert_run",
    "list_runs",
    "read_files",
    "read_measures",
    "read_requirements",
    "read_result",
    "read_run",
    "summary_of",
    "trend_rows",
]

_SUMMARY = (
    runs.c.id,
    runs.c.organisation,
    runs.c.organisation_name,
    runs.c.saved_at,
    runs.c.saved_by,
    runs.c.label,
    runs.c.as_of,
    runs.c.source_versions,
    runs.c.pins,
    runs.c.inputs_hash,
    runs.c.catalog_hash,
    runs.c.content_hash,
    runs.c.gapcheck_version,
    runs.c.requirements,
    runs.c.coverage,
    runs.c.gaps,
)


@dataclass(frozen=True)
class NewRun:
    """Everything one save writes."""

    id: str
    organisation: str
    organisation_name: str
    saved_at: dt.datetime  # UTC
    saved_by: str
    label: str | None
    as_of: dt.date
    content_hash: str
    inputs: FileSet
    catalog: FileSet
    source_versions: dict[str, str]
    pins: dict[str, str]
    gapcheck_version: str
    schema_version: str
    requirements: int
    coverage: float
    gaps: int
    totals: dict[str, Any]
    sources: list[dict[str, Any]]
    result_json: bytes
    requirement_rows: list[dict[str, Any]] = field(default_factory=list)
    measure_rows: list[dict[str, Any]] = field(default_factory=list)


def insert_run(conn: Connection, run: NewRun) -> bool:
    """Store `run`; False (and nothing written) when a run with its id exists already."""
    if conn.execute(select(runs.c.id).where(runs.c.id == run.id)).first() is not None:
        return False
    store_files(conn, run.inputs)
    store_files(conn, run.catalog)
    try:
        with conn.begin_nested():
            conn.execute(
                insert(runs),
                {
                    "id": run.id,
                    "organisation": run.organisation,
                    "organisation_name": run.organisation_name,
                    "saved_at": run.saved_at.astimezone(dt.UTC).replace(tzinfo=None),
                    "saved_by": run.saved_by,
                    "label": run.label,
                    "as_of": run.as_of,
                    "content_hash": run.content_hash,
                    "inputs_hash": run.inputs.hash,
                    "catalog_hash": run.catalog.hash,
                    "source_versions": run.source_versions,
                    "pins": run.pins,
                    "gapcheck_version": run.gapcheck_version,
                    "schema_version": run.schema_version,
                    "requirements": run.requirements,
                    "coverage": run.coverage,
                    "gaps": run.gaps,
                    "totals": run.totals,
                    "sources": run.sources,
                    "result": zlib.compress(run.result_json, 6),
                },
            )
    except IntegrityError:
        # Another process saved the same content between our check and insert.
        if conn.execute(select(runs.c.id).where(runs.c.id == run.id)).first() is not None:
            return False
        raise
    rows = [{"run": run.id, **r} for r in run.requirement_rows]
    if rows:
        conn.execute(insert(run_requirements), rows)
    rows = [{"run": run.id, **m} for m in run.measure_rows]
    if rows:
        conn.execute(insert(run_measures), rows)
    return True


def summary_of(m: RowMapping) -> RunSummary:
    """A `RunSummary` from a row holding the summary columns."""
    return RunSummary(
        id=m["id"],
        organisation=m["organisation"],
        organisation_name=m["organisation_name"],
        saved_at=m["saved_at"].replace(tzinfo=dt.UTC),
        saved_by=m["saved_by"],
        label=m["label"],
        as_of=m["as_of"],
        source_versions=dict(m["source_versions"]),
        pins=dict(m["pins"]),
        inputs_hash=m["inputs_hash"],
        catalog_hash=m["catalog_hash"],
        content_hash=m["content_hash"],
        gapcheck_version=m["gapcheck_version"],
        requirements=m["requirements"],
        coverage=m["coverage"],
        gaps=m["gaps"],
    )


def count_runs(conn: Connection, organisation: str) -> int:
    query = select(func.count()).select_from(runs).where(runs.c.organisation == organisation)
    return int(conn.execute(query).scalar_one())


def list_runs(
    conn: Connection, organisation: str, limit: int | None = None, offset: int = 0
) -> list[RunSummary]:
    """The organisation's runs, newest first (by saving time, then id)."""
    query = (
        select(*_SUMMARY)
        .where(runs.c.organisation == organisation)
        .order_by(runs.c.saved_at.desc(), runs.c.id.desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [summary_of(row._mapping) for row in conn.execute(query)]


def find_runs(conn: Connection, organisation: str, ref: str) -> list[RunSummary]:
    """Runs whose id starts with `ref`, or whose label is `ref` exactly."""
    query = select(*_SUMMARY).where(
        runs.c.organisation == organisation,
        or_(runs.c.id.startswith(ref.lower(), autoescape=True), runs.c.label == ref),
    )
    return [
        summary_of(row._mapping) for row in conn.execute(query.order_by(runs.c.saved_at.desc()))
    ]


def read_run(conn: Connection, run_id: str) -> tuple[RunSummary, dict[str, Any], list[Any]]:
    """(summary, totals, sources) of one run; KeyError when it does not exist."""
    row = conn.execute(
        select(*_SUMMARY, runs.c.totals, runs.c.sources).where(runs.c.id == run_id)
    ).first()
    if row is None:
        raise KeyError(run_id)
    return summary_of(row._mapping), dict(row.totals), list(row.sources)


def read_result(conn: Connection, run_id: str) -> bytes:
    """The stored result JSON of one run."""
    data = conn.execute(select(runs.c.result).where(runs.c.id == run_id)).scalar_one()
    return zlib.decompress(data)


def read_requirements(
    conn: Connection, run_id: str, counted_only: bool = True
) -> list[dict[str, Any]]:
    query = select(run_requirements).where(run_requirements.c.run == run_id)
    if counted_only:
        query = query.where(run_requirements.c.counted.is_(True))
    return [dict(row._mapping) for row in conn.execute(query.order_by(run_requirements.c.ref))]


def read_measures(conn: Connection, run_id: str) -> list[dict[str, Any]]:
    query = select(run_measures).where(run_measures.c.run == run_id)
    return [dict(row._mapping) for row in conn.execute(query.order_by(run_measures.c.measure))]


def delete_runs(conn: Connection, run_ids: Sequence[str]) -> None:
    """Delete runs (their rows cascade) and then every file no run needs any more."""
    for chunk in chunks(list(run_ids), 500):
        conn.execute(delete(run_requirements).where(run_requirements.c.run.in_(chunk)))
        conn.execute(delete(run_measures).where(run_measures.c.run.in_(chunk)))
        conn.execute(delete(runs).where(runs.c.id.in_(chunk)))
    drop_unused_files(conn)


def trend_rows(conn: Connection, organisation: str) -> list[dict[str, Any]]:
    """(id, saved_at, as_of, label, coverage, sources) of every run, oldest first."""
    query = (
        select(
            runs.c.id,
            runs.c.saved_at,
            runs.c.as_of,
            runs.c.label,
            runs.c.coverage,
            runs.c.sources,
        )
        .where(runs.c.organisation == organisation)
        .order_by(runs.c.saved_at, runs.c.id)
    )
    return [dict(row._mapping) for row in conn.execute(query)]


def database_counts(conn: Connection) -> tuple[int, int]:
    """(runs, organisations) in the whole database."""
    row = conn.execute(
        select(func.count(), func.count(runs.c.organisation.distinct())).select_from(runs)
    ).one()
    return int(row[0]), int(row[1])
