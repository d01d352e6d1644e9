"""The follow-up across saved runs: the coverage trend and the comparison the workbook's
Uppföljning sheet shows for the analysis it is made of."""

from __future__ import annotations

import datetime as dt

from gapcheck.model.result import AnalysisResult
from gapcheck.model.runs import FollowUp, RunSummary, TrendPoint
from gapcheck.service._capture import Captured
from gapcheck.service._compare import compare, side_of_current, side_of_stored
from gapcheck.service._replay import stored_run
from gapcheck.service._runs import binding_coverage, content_hash, open_runs
from gapcheck.service._runs_read import resolve_run
from gapcheck.store import repo

__all__ = ["followup", "previous_run", "trend"]


def trend(org: str) -> tuple[list[TrendPoint], dict[str, str]]:
    """Binding coverage of every saved run, oldest first; and the sources' short names."""
    db = open_runs()
    if db is None:
        return [], {}
    with db.connect() as conn:
        rows = repo.trend_rows(conn, org)
    shorts: dict[str, str] = {}
    points = []
    for row in rows:
        for source in row["sources"]:
            shorts.setdefault(source["source"], source["short"])
        points.append(
            TrendPoint(
                run=row["id"],
                saved_at=row["saved_at"].replace(tzinfo=dt.UTC),
                as_of=row["as_of"],
                label=row["label"],
                coverage=row["coverage"],
                sources=binding_coverage(row["sources"]),
            )
        )
    return points, shorts


def previous_run(
    captured: Captured, result: AnalysisResult, pins: dict[str, str] | None = None
) -> RunSummary | None:
    """The newest saved run of this organisation that is not this very analysis."""
    org = captured.org.organisation.id
    db = open_runs()
    if db is None:
        return None
    this = content_hash(
        org,
        captured.inputs.hash,
        captured.catalog_files.hash,
        result.as_of,
        result.source_versions,
        dict(sorted((pins or {}).items())),
    )
    with db.connect() as conn:
        for run in repo.list_runs(conn, org, limit=2):
            if run.content_hash != this:
                return run
    return None


def followup(
    captured: Captured,
    result: AnalysisResult,
    compare_to: str | None = None,
    pins: dict[str, str] | None = None,
) -> FollowUp | None:
    """The trend and the comparison of `result` with `compare_to` (default: the previous
    saved run); None when the organisation has no saved runs and none was asked for."""
    org = captured.org.organisation.id
    points, shorts = trend(org)
    if compare_to is not None:
        base: RunSummary | None = resolve_run(org, compare_to)
    else:
        base = previous_run(captured, result, pins)
    if not points and base is None:
        return None
    comparison = None
    if base is not None:
        db = open_runs()
        assert db is not None
        comparison = compare(
            side_of_stored(stored_run(db, base)), side_of_current(captured, result, pins)
        )
    return FollowUp(organisation=org, trend=points, shorts=shorts, comparison=comparison)
