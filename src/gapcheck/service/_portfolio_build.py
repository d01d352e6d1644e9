"""The city-wide view of a portfolio run: per organisation, per group, and the shared gaps.

Pure aggregation of `OrgAnalysis` records (no engine work), so the CLI, the workbook and the
API narrow one run by group, source, category and priority without analysing again. Means are
rounded like the engine's figures (4 decimals); every list has a fixed order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gapcheck.engine import natural_key
from gapcheck.model import OrgGroup
from gapcheck.model.portfolio import (
    HEADLINE,
    GroupRow,
    OrgComparison,
    OrgGap,
    OrgRow,
    PortfolioComparison,
    PortfolioFilters,
    PortfolioResult,
    PortfolioSource,
    PortfolioTotals,
    SharedClosing,
    SharedGap,
    SourceCell,
    SourceChange,
)
from gapcheck.model.result import GapCategory, SourceSummary
from gapcheck.service._jsonout import dumps_sorted
from gapcheck.service._lookup import find_source_versions
from gapcheck.service._portfolio import OrgAnalysis, PortfolioRun

__all__ = ["DEFAULT_TOP", "build_portfolio", "portfolio_json"]

DEFAULT_TOP = 5
"""Gaps listed per organisation."""

_DIGITS = 4


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), _DIGITS) if values else 0.0


def _keeps(gap: OrgGap, f: PortfolioFilters) -> bool:
    return (
        (f.source is None or gap.source == f.source)
        and (f.category is None or gap.category.value == f.category.value)
        and (f.min_priority is None or gap.priority >= f.min_priority)
    )


def _counts(gaps: Iterable[OrgGap]) -> dict[str, int]:
    counts = {g.value: 0 for g in GapCategory}
    for gap in gaps:
        counts[gap.category.value] += 1
    return counts


def _org_row(a: OrgAnalysis, f: PortfolioFilters, top: int) -> OrgRow:
    gaps = [g for g in a.gaps if _keeps(g, f)]
    cells = {
        s.source: SourceCell(
            requirements=s.requirements,
            coverage=s.coverage if s.requirements else None,
            projected=dict(s.projected) if s.requirements else {},
            gaps=sum(1 for g in gaps if g.source == s.source),
        )
        for s in a.sources
        if f.source is None or s.source == f.source
    }
    return OrgRow(
        organisation=a.organisation,
        name=a.name,
        group=a.group,
        folder=a.folder,
        coverage=a.totals.coverage,
        projected=dict(a.totals.projected),
        requirements=a.totals.requirements,
        gaps=len(gaps),
        gap_counts=_counts(gaps),
        sources=dict(sorted(cells.items(), key=lambda kv: natural_key(kv[0]))),
        overdue=list(a.overdue),
        top_gaps=gaps[:top],
    )


def _projected_means(rows: Sequence[OrgRow], years: Sequence[int]) -> dict[str, float]:
    out = {}
    for y in years:
        values = [r.projected[str(y)] for r in rows if str(y) in r.projected]
        if values:
            out[str(y)] = _mean(values)
    return out


def _sum_counts(rows: Iterable[OrgRow]) -> dict[str, int]:
    total = {g.value: 0 for g in GapCategory}
    for r in rows:
        for k, v in r.gap_counts.items():
            total[k] += v
    return total


def _groups(rows: Sequence[OrgRow], years: Sequence[int]) -> list[GroupRow]:
    order: list[OrgGroup | None] = [*OrgGroup, None]
    out = []
    for group in order:
        mine = [r for r in rows if r.group == group]
        if not mine:
            continue
        sources: dict[str, list[float]] = {}
        for r in mine:
            for s, cell in r.sources.items():
                if cell.coverage is not None:
                    sources.setdefault(s, []).append(cell.coverage)
        out.append(
            GroupRow(
                group=group,
                organisations=[r.organisation for r in mine],
                coverage=_mean([r.coverage for r in mine]),
                projected=_projected_means(mine, years),
                sources={s: _mean(sources[s]) for s in sorted(sources, key=natural_key)},
                gaps=sum(r.gaps for r in mine),
                gap_counts=_sum_counts(mine),
                overdue=sum(len(r.overdue) for r in mine),
            )
        )
    return out


def _shared(
    rows: Sequence[OrgRow], analyses: Sequence[OrgAnalysis], f: PortfolioFilters
) -> list[SharedGap]:
    by_req: dict[str, list[tuple[str, OrgGap]]] = {}
    for a in analyses:
        for g in a.gaps:
            if _keeps(g, f):
                by_req.setdefault(g.requirement, []).append((a.organisation, g))
    out = []
    for req, items in by_req.items():
        items.sort(key=lambda p: natural_key(p[0]))
        first = items[0][1]
        closing: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        unplanned = []
        for org, g in items:
            if g.measure is None:
                unplanned.append(org)
                continue
            orgs, late = closing.setdefault((g.measure, g.measure_title or ""), ([], []))
            orgs.append(org)
            if g.overdue:
                late.append(org)
        categories = {c.value: 0 for c in GapCategory}
        for _, g in items:
            categories[g.category.value] += 1
        out.append(
            SharedGap(
                requirement=req,
                source=first.source,
                ref=first.ref,
                title=first.title,
                organisations=[o for o, _ in items],
                count=len(items),
                priority_sum=sum(g.priority for _, g in items),
                priority_max=max(g.priority for _, g in items),
                categories=categories,
                closing=[
                    SharedClosing(measure=m, title=title, organisations=orgs, overdue=late)
                    for (m, title), (orgs, late) in sorted(
                        closing.items(), key=lambda kv: (-len(kv[1][0]), natural_key(kv[0][0]))
                    )
                ],
                unplanned=unplanned,
                same_measure=len(closing) == 1 and not unplanned,
            )
        )
    out.sort(key=lambda s: (-s.count, -s.priority_sum, natural_key(s.requirement)))
    return out


def _change(before: float | None, now: float | None) -> SourceChange:
    diff = None if before is None or now is None else round(now - before, _DIGITS)
    return SourceChange(before=before, now=now, change=diff)


def _compared(a: OrgAnalysis, run: PortfolioRun, f: PortfolioFilters) -> OrgComparison:
    prev = (run.previous or {}).get(a.organisation)
    then = prev.sources if prev is not None else {}
    now = {s.source: s.coverage for s in a.sources if s.requirements}
    ids = sorted((s for s in {*then, *now} if f.source is None or s == f.source), key=natural_key)
    sources = {s: _change(then.get(s), now.get(s)) for s in ids}
    headline = _change(prev.coverage if prev is not None else None, a.totals.coverage)
    fell = [k for k, c in ((HEADLINE, headline), *sources.items()) if (c.change or 0) < 0]
    return OrgComparison(
        organisation=a.organisation,
        previous=prev,
        coverage=headline,
        sources=sources,
        fell=fell,
    )


def _comparison(
    run: PortfolioRun, analyses: Sequence[OrgAnalysis], f: PortfolioFilters
) -> PortfolioComparison | None:
    """Each organisation now against its previous saved run (when the run was compared)."""
    if run.previous is None:
        return None
    rows = [_compared(a, run, f) for a in analyses]

    def worst(r: OrgComparison) -> float:
        changes = [r.coverage.change, *(c.change for c in r.sources.values())]
        return min(c for c in changes if c is not None)

    fell = sorted(
        (r for r in rows if r.fell), key=lambda r: (worst(r), natural_key(r.organisation))
    )
    return PortfolioComparison(
        organisations=sorted(rows, key=lambda r: natural_key(r.organisation)),
        fell=[r.organisation for r in fell],
        without_previous=[r.organisation for r in rows if r.previous is None],
    )


def build_portfolio(
    run: PortfolioRun, filters: PortfolioFilters | None = None, top: int = DEFAULT_TOP
) -> PortfolioResult:
    """The city-wide view of `run`, narrowed by `filters`: `group` selects organisations,
    `source` the binding source shown, `category` and `min_priority` the gaps that count."""
    f = filters or PortfolioFilters()
    if f.source is not None:
        find_source_versions(run.catalog, f.source)  # NotFoundError naming the known ones
    analyses = [a for a in run.analyses if f.group is None or a.group == f.group]
    rows = [_org_row(a, f, top) for a in analyses]
    years = sorted({y for a in analyses for y in a.plan_years})
    bound: dict[str, list[OrgAnalysis]] = {}
    meta: dict[str, SourceSummary] = {}
    for a in analyses:
        for s in a.sources:
            if f.source is None or s.source == f.source:
                bound.setdefault(s.source, []).append(a)
                meta.setdefault(s.source, s)
    sources = [
        PortfolioSource(
            source=s, short=meta[s].short, title=meta[s].title, organisations=len(bound[s])
        )
        for s in sorted(bound, key=natural_key)
    ]
    overdue = sorted(
        (r for r in rows if r.overdue), key=lambda r: (-len(r.overdue), r.organisation)
    )
    return PortfolioResult(
        as_of=run.as_of,
        plan_years=years,
        filters=f,
        totals=PortfolioTotals(
            folders=run.folders,
            analysed=len(rows),
            with_problems=len(run.problems),
            coverage=_mean([r.coverage for r in rows]),
            projected=_projected_means(rows, years),
            gaps=sum(r.gaps for r in rows),
            gap_counts=_sum_counts(rows),
            overdue=sum(len(r.overdue) for r in rows),
        ),
        sources=sources,
        organisations=rows,
        groups=_groups(rows, years),
        shared_gaps=_shared(rows, analyses, f),
        overdue=[r.organisation for r in overdue],
        problems=list(run.problems),
        comparison=_comparison(run, analyses, f),
    )


def portfolio_json(result: PortfolioResult) -> str:
    """The portfolio as JSON: sorted keys, stable ordering, UTF-8 text."""
    return dumps_sorted(result.model_dump(mode="json"))
