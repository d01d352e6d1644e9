"""Coverage per source and the headline totals (binding sources only, each requirement once)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from gapcheck.engine.applicability import Scope
from gapcheck.engine.coverage import output_value
from gapcheck.engine.order import natural_key
from gapcheck.model.bundle import LoadedVersion
from gapcheck.model.result import (
    AnalysisResult,
    RequirementResult,
    Rule,
    SourceRole,
    SourceSummary,
    Totals,
)

__all__ = ["overall_coverage", "reported_rows", "summarize", "totals"]

# Per requirement and plan year: the projection with overdue measures counted as done.
WithOverdue = Mapping[str, Mapping[str, float]]


def _would_count(r: RequirementResult) -> bool:
    # What the source would count if it bound the organisation: applicable duties, no headings.
    return r.applicable and r.assessable and r.explanation.rule is not Rule.AGGREGATE


def _mean(values: Sequence[float]) -> float:
    return output_value(sum(values) / len(values)) if values else 0.0


def _figures(
    rows: Sequence[RequirementResult], years: Sequence[int], with_overdue: WithOverdue
) -> tuple[float, dict[str, float], dict[str, float]]:
    keys = [str(y) for y in years]
    projected = {k: _mean([r.projected[k] for r in rows]) for k in keys}
    cost = {
        k: output_value(_mean([with_overdue[r.id][k] for r in rows]) - projected[k]) for k in keys
    }
    return _mean([r.coverage for r in rows]), projected, cost


def summarize(
    versions: Mapping[str, LoadedVersion],
    scopes: Mapping[str, Scope],
    results: Sequence[RequirementResult],
    years: Sequence[int],
    as_of_role: Mapping[str, SourceRole],
    with_overdue: WithOverdue,
) -> list[SourceSummary]:
    """One row per selected source: its role, and the mean coverage of the duties it would
    count (applicable assessable requirements that are not headings)."""
    by_source: dict[str, list[RequirementResult]] = {}
    for r in results:
        by_source.setdefault(r.source, []).append(r)
    rows = []
    for source_id in sorted(versions, key=natural_key):
        loaded = versions[source_id]
        mine = by_source.get(source_id, [])
        counted = [r for r in mine if _would_count(r)]
        coverage, projected, cost = _figures(counted, years, with_overdue)
        role = as_of_role[source_id]
        rows.append(
            SourceSummary(
                source=source_id,
                short=loaded.source.short,
                title=loaded.source.title,
                kind=loaded.source.kind,
                version=loaded.version.id,
                version_status=loaded.version.status.value,
                role=role,
                requirements=len(counted),
                coverage=coverage,
                projected=projected,
                overdue_cost=cost,
                gaps=sum(1 for r in counted if r.priority is not None),
                pending=sum(1 for r in mine if r.assessable and scopes[r.id].pending is not None),
            )
        )
    return rows


def totals(
    summaries: Sequence[SourceSummary],
    results: Sequence[RequirementResult],
    years: Sequence[int],
    with_overdue: WithOverdue,
) -> Totals:
    """The headline figures management reads: binding sources only, each duty counted once."""
    counted = [r for r in results if r.counted]
    coverage, projected, cost = _figures(counted, years, with_overdue)
    return Totals(
        sources=[s.source for s in summaries if s.role is SourceRole.BINDING],
        requirements=len(counted),
        coverage=coverage,
        projected=projected,
        overdue_cost=cost,
        gaps=sum(1 for r in counted if r.priority is not None),
    )


def reported_rows(result: AnalysisResult) -> list[RequirementResult]:
    """The requirements the headline figures average over: the counted ones (binding sources,
    applicable, assessable, no headings), each once."""
    return [r for r in result.requirements if r.counted]


def overall_coverage(result: AnalysisResult, year: int | None = None) -> float:
    """Mean coverage of the counted requirements, today or projected at the end of `year`;
    0.0 when there are none (the unrounded `result.totals`)."""
    rows = reported_rows(result)
    if not rows:
        return 0.0
    if year is None:
        return sum(r.coverage for r in rows) / len(rows)
    key = str(year)
    return sum(r.projected.get(key, r.coverage) for r in rows) / len(rows)
