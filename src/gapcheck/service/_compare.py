"""What moved between two runs and why (`gapcheck compare`, the Uppföljning sheet).

Three things can change between two runs: the calendar (the later date: due dates pass,
provisions come into force), the organisation's inputs, and the law (the catalogs and the
pinned versions); a fourth, gapcheck itself, when the runs were made by different versions.
To tell them apart, the earlier run's stored inputs are analysed again one factor at a time —
first at the later date, then with the later inputs, then with the later catalogs — and each
requirement's change is put down to the steps in which it moved (docs/runs.md). When the later
inputs do not load against the earlier catalogs (they name a requirement only the new law
has), the law is taken before the inputs; when neither order loads, the two are one step.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from gapcheck.engine.order import natural_key
from gapcheck.errors import NotFoundError
from gapcheck.model.org import MeasureStatus
from gapcheck.model.result import AnalysisResult, RequirementResult, SourceRole
from gapcheck.model.runs import (
    Cause,
    CauseKind,
    Comparison,
    GapChange,
    MeasureChange,
    PriorityChange,
    RunMeasure,
    RunSummary,
    SourceDelta,
)
from gapcheck.service._attribution import Side, Step, chain, side_of_current, side_of_stored
from gapcheck.service._replay import stored_run
from gapcheck.service._runs import open_runs
from gapcheck.service._runs_read import resolve_run
from gapcheck.store import FileSet, repo

__all__ = ["Side", "compare", "compare_runs", "side_of_current", "side_of_stored"]

_DONE = {MeasureStatus.IMPLEMENTED, MeasureStatus.CANCELLED}


def compare_runs(org: str, ref_from: str | None = None, ref_to: str | None = None) -> Comparison:
    """Compare two saved runs; by default the two newest (one given: it and the newest)."""
    db = open_runs()
    newest: list[RunSummary] = []
    if db is not None:
        with db.connect() as conn:
            newest = repo.list_runs(conn, org, limit=2)
    if ref_to is not None:
        to_run = resolve_run(org, ref_to, db)
    elif newest:
        to_run = newest[0]
    else:
        raise NotFoundError("saved run of", org, "save one with `gapcheck analyze ORG --save`")
    if ref_from is not None:
        from_run = resolve_run(org, ref_from, db)
    elif len(newest) > 1:
        from_run = newest[1]
    else:
        raise NotFoundError(
            "earlier saved run of", org, "compare needs two: save another with `analyze --save`"
        )
    if from_run.id == to_run.id:
        raise NotFoundError("second run to compare", from_run.id[:8], "name two different runs")
    assert db is not None
    return compare(side_of_stored(stored_run(db, from_run)), side_of_stored(stored_run(db, to_run)))


# ---------------------------------------------------------------------------------- comparison

Rows = dict[str, RequirementResult]


def _key(row: RequirementResult | None) -> tuple[object, ...]:
    """What a requirement's change is judged on."""
    if row is None:
        return ()
    return (row.counted, row.category, round(row.coverage, 4), row.priority)


def _because(ident: str, rows: list[tuple[list[CauseKind], Rows]]) -> list[CauseKind]:
    """The factors of the steps in which requirement `ident` moved."""
    kinds: list[CauseKind] = []
    for (_, before), (step, after) in pairwise(rows):
        if _key(before.get(ident)) != _key(after.get(ident)):
            kinds += [k for k in step if k not in kinds]
    return kinds


def _gap_change(ident: str, a: Rows, b: Rows, because: list[CauseKind]) -> GapChange:
    old, new = a.get(ident), b.get(ident)
    row = new or old
    assert row is not None
    return GapChange(
        id=ident,
        source=row.source,
        ref=row.ref,
        title=row.title,
        category_from=old.category if old else None,
        category_to=new.category if new else None,
        coverage_from=old.coverage if old else None,
        coverage_to=new.coverage if new else None,
        priority=row.priority,
        because=because,
    )


def _binding(result: AnalysisResult) -> dict[str, tuple[str, float, int]]:
    return {
        s.source: (s.short, s.coverage, s.gaps)
        for s in result.sources
        if s.role is SourceRole.BINDING
    }


def _deltas(steps: list[Step]) -> tuple[SourceDelta, list[SourceDelta]]:
    """Binding coverage then and now, in total and per source, split by the steps' causes."""
    per_step = [(kinds, _binding(result), result.totals) for kinds, result in steps]
    first, last = per_step[0], per_step[-1]
    totals: dict[CauseKind, float] = {}
    for (_, _, before), (kinds, _, after) in pairwise(per_step):
        if len(kinds) == 1 and after.coverage != before.coverage:
            totals[kinds[0]] = round(
                totals.get(kinds[0], 0.0) + after.coverage - before.coverage, 4
            )
    total = SourceDelta(
        source="total",
        short="",
        coverage_from=first[2].coverage,
        coverage_to=last[2].coverage,
        gaps_from=first[2].gaps,
        gaps_to=last[2].gaps,
        by_cause=totals,
    )
    out = []
    for source in sorted(first[1].keys() | last[1].keys(), key=natural_key):
        split: dict[CauseKind, float] = {}
        for (_, s_before, _), (kinds, s_after, _) in pairwise(per_step):
            if len(kinds) == 1 and source in s_before and source in s_after:
                change = s_after[source][1] - s_before[source][1]
                if change:
                    split[kinds[0]] = round(split.get(kinds[0], 0.0) + change, 4)
        old, new = first[1].get(source), last[1].get(source)
        out.append(
            SourceDelta(
                source=source,
                short=(new or old or ("", 0.0, 0))[0],
                coverage_from=old[1] if old else None,
                coverage_to=new[1] if new else None,
                gaps_from=old[2] if old else None,
                gaps_to=new[2] if new else None,
                by_cause=split,
            )
        )
    return total, out


def _measures(a: Side, b: Side) -> list[MeasureChange]:
    def overdue(m: RunMeasure | None, as_of: dt.date) -> bool:
        return m is not None and m.status not in _DONE and m.due is not None and m.due < as_of

    before = {m.id: m for m in a.measures}
    after = {m.id: m for m in b.measures}
    out = []
    for ident in sorted(before.keys() | after.keys(), key=natural_key):
        old, new = before.get(ident), after.get(ident)
        moved = old is None or new is None or (old.status, old.due) != (new.status, new.due)
        slipped = overdue(new, b.result.as_of) and not overdue(old, a.result.as_of)
        if moved or slipped:
            shown = new or old
            assert shown is not None
            out.append(
                MeasureChange(
                    id=ident,
                    title=shown.title,
                    status_from=old.status if old else None,
                    status_to=new.status if new else None,
                    due_from=old.due if old else None,
                    due_to=new.due if new else None,
                    slipped=slipped,
                )
            )
    return out


def _file_changes(a: FileSet, b: FileSet) -> list[str]:
    return sorted(
        path
        for path in a.digests.keys() | b.digests.keys()
        if a.digests.get(path) != b.digests.get(path)
    )


def _causes(a: Side, b: Side) -> list[Cause]:
    out = []
    if a.result.as_of != b.result.as_of:
        out.append(Cause(kind=CauseKind.CALENDAR, details=[f"{a.result.as_of} → {b.result.as_of}"]))
    if a.inputs.hash != b.inputs.hash:
        out.append(Cause(kind=CauseKind.INPUTS, details=_file_changes(a.inputs, b.inputs)))
    if a.catalog_files.hash != b.catalog_files.hash or a.pins != b.pins:
        va, vb = a.result.source_versions, b.result.source_versions
        versions = [
            f"{s}: {va.get(s, '–')} → {vb.get(s, '–')}"
            for s in sorted(va.keys() | vb.keys())
            if va.get(s) != vb.get(s)
        ]
        out.append(
            Cause(
                kind=CauseKind.LAW,
                details=versions + _file_changes(a.catalog_files, b.catalog_files),
            )
        )
    if a.gapcheck_version != b.gapcheck_version:
        out.append(
            Cause(kind=CauseKind.GAPCHECK, details=[f"{a.gapcheck_version} → {b.gapcheck_version}"])
        )
    return out


def compare(a: Side, b: Side) -> Comparison:
    """What moved from `a` to `b`, each change with the factors that moved it."""
    steps, exact = chain(a, b)
    rows = [(kinds, _rows(result)) for kinds, result in steps]
    first, last = rows[0][1], rows[-1][1]
    gaps_a, gaps_b = set(a.result.gaps), set(b.result.gaps)
    priorities = [
        PriorityChange(
            id=ident,
            source=last[ident].source,
            ref=last[ident].ref,
            title=last[ident].title,
            priority_from=first[ident].priority or 0,
            priority_to=last[ident].priority or 0,
            because=_because(ident, rows),
        )
        for ident in gaps_a & gaps_b
        if first[ident].priority != last[ident].priority
    ]
    priorities.sort(key=lambda p: (-abs(p.priority_to - p.priority_from), natural_key(p.id)))
    total, sources = _deltas(steps)
    org = b.run or a.run
    return Comparison(
        organisation=b.result.organisation if org is None else org.organisation,
        from_run=_summary(a),
        to_run=b.run,
        to_as_of=b.result.as_of,
        causes=_causes(a, b),
        attributed=exact,
        totals=total,
        sources=sources,
        gaps_closed=[
            _gap_change(i, first, last, _because(i, rows))
            for i in sorted(gaps_a - gaps_b, key=natural_key)
        ],
        new_gaps=[
            _gap_change(i, first, last, _because(i, rows))
            for i in sorted(gaps_b - gaps_a, key=natural_key)
        ],
        measures=_measures(a, b),
        priorities=priorities,
    )


def _rows(result: AnalysisResult) -> Rows:
    return {r.id: r for r in result.requirements}


def _summary(side: Side) -> RunSummary:
    if side.run is None:  # pragma: no cover - the earlier end is always a saved run
        raise NotFoundError("saved run", "(current)", "compare from a saved run")
    return side.run
