"""`analyze`: the whole gap analysis of one organisation at one date, as an AnalysisResult."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from gapcheck.engine.applicability import Scope, compute_scopes
from gapcheck.engine.authorities import authorities
from gapcheck.engine.categorize import (
    GAP_CATEGORIES,
    categorize,
    linked_risks,
    next_due,
    prioritize,
)
from gapcheck.engine.coverage import (
    CURRENT,
    Coverage,
    Mode,
    compute_coverage,
    control_levels,
    output_value,
)
from gapcheck.engine.explain import Explainer
from gapcheck.engine.index import Index, build_index
from gapcheck.engine.order import natural_key
from gapcheck.engine.transfers import evaluate_transfers, with_transfer_reasons
from gapcheck.model.bundle import Catalog, LoadedVersion, OrgData, select_versions
from gapcheck.model.result import (
    AnalysisResult,
    Category,
    GapCategory,
    PriorityReason,
    RequirementResult,
    SourceSummary,
)
from gapcheck.versions import needs_review

__all__ = ["analyze", "selected_versions"]


def selected_versions(
    catalog: Catalog, org: OrgData, as_of: dt.date, pins: Mapping[str, str] | None = None
) -> dict[str, LoadedVersion]:
    """The version analysed per source: the organisation's own pins
    (`organisation.source_versions`), overridden by `pins`, else `select_versions`' default."""
    merged = {**org.organisation.source_versions, **(pins or {})}
    return select_versions(catalog, as_of, merged)


def analyze(
    catalog: Catalog, org: OrgData, as_of: dt.date, pins: dict[str, str] | None = None
) -> AnalysisResult:
    """Coverage, categories, priorities and explanations of every requirement of the selected
    source versions for `org` at `as_of`, projected to the end of each plan year."""
    # An assessment made after `as_of` was not known then: analysing a past date must not use it.
    if any(x.date > as_of for x in org.assessments):
        known = tuple(x for x in org.assessments if x.date <= as_of)
        org = org.model_copy(update={"assessments": known})
    versions = selected_versions(catalog, org, as_of, pins)
    review = needs_review(catalog, versions, org)
    ix = build_index(catalog, org, versions)
    scopes = compute_scopes(ix, org.organisation, as_of)
    years = sorted(set(org.organisation.plan_years))
    modes = (CURRENT, *(Mode(projected_to=dt.date(y, 12, 31)) for y in years))
    levels = control_levels(ix, modes)
    coverage = compute_coverage(ix, scopes, modes, levels)

    today = {r: output_value(c.values[0]) for r, c in coverage.items()}
    categories = {r: categorize(coverage[r], today[r], scopes[r], ix, as_of) for r in coverage}
    explainer = Explainer(ix, coverage, {c: lv[0] for c, lv in levels.items()}, categories)
    results = [
        _requirement_result(
            r,
            ix,
            scopes[r],
            coverage[r],
            categories[r],
            explainer,
            years,
            as_of,
            review.get(r, []),
        )
        for r in sorted(ix.reqs, key=natural_key)
    ]
    # Supplier transfers at as_of; a transfer gap adds priority to the GDPR rows it concerns.
    transfers = evaluate_transfers(org.suppliers, catalog.facts, as_of)
    results = with_transfer_reasons(results, transfers)
    gap_results = sorted(
        (r for r in results if r.priority is not None),
        key=lambda r: (-(r.priority or 0), natural_key(r.id)),
    )
    gap_counts = {g.value: 0 for g in GapCategory}
    for r in gap_results:
        gap_counts[r.category.value] += 1
    return AnalysisResult(
        organisation=org.organisation.id,
        organisation_name=org.organisation.name,
        as_of=as_of,
        source_versions={s: v.version.id for s, v in sorted(versions.items())},
        plan_years=years,
        sources=_summaries(versions, results, years),
        gap_counts=gap_counts,
        requirements=results,
        gaps=[r.id for r in gap_results],
        authorities=authorities(org.organisation, catalog.facts),
        transfers=transfers,
        transfer_gaps=[
            t.supplier
            for t in sorted(
                (t for t in transfers if t.gap),
                key=lambda t: (-(t.priority or 0), natural_key(t.supplier)),
            )
        ],
    )


def _requirement_result(
    req_id: str,
    ix: Index,
    scope: Scope,
    cov: Coverage,
    category: Category,
    explainer: Explainer,
    years: Sequence[int],
    as_of: dt.date,
    review: list[str],
) -> RequirementResult:
    info = ix.reqs[req_id]
    req = info.requirement
    value = output_value(cov.values[0])
    risks = linked_risks(req_id, cov, ix)
    priority: int | None = None
    reasons: list[PriorityReason] = []
    # Only applicable assessable requirements are gaps; the others keep their category
    # for display (and for the paths that inherit from them) but get no priority.
    if scope.applicable and req.assessable and category in GAP_CATEGORIES:
        priority, reasons = prioritize(category, value, scope, risks, as_of)
    return RequirementResult(
        id=req_id,
        source=info.source.id,
        version=info.version.id,
        ref=req.ref,
        title=req.title,
        parent=req.parent,
        assessable=req.assessable,
        applicable=scope.applicable,
        in_force=scope.in_force,
        coverage=value,
        projected={str(y): output_value(cov.values[i + 1]) for i, y in enumerate(years)},
        category=category,
        priority=priority,
        reasons=reasons,
        next_due=next_due(cov, ix),
        risks=[r.id for r in risks],
        # Edges, links and assessments reviewed against a text that changed substantively.
        needs_review=review,
        explanation=explainer.explain(req_id),
    )


def _summaries(
    versions: Mapping[str, LoadedVersion],
    results: Sequence[RequirementResult],
    years: Sequence[int],
) -> list[SourceSummary]:
    rows = []
    for source_id in sorted(versions, key=natural_key):
        loaded = versions[source_id]
        counted = [r for r in results if r.source == source_id and r.applicable and r.assessable]
        n = len(counted)
        rows.append(
            SourceSummary(
                source=source_id,
                short=loaded.source.short,
                title=loaded.source.title,
                version=loaded.version.id,
                version_status=loaded.version.status.value,
                binding=loaded.source.binding,
                requirements=n,
                coverage=output_value(sum(r.coverage for r in counted) / n) if n else 0.0,
                projected={
                    str(y): output_value(sum(r.projected[str(y)] for r in counted) / n)
                    if n
                    else 0.0
                    for y in years
                },
                gaps=sum(1 for r in counted if r.priority is not None),
            )
        )
    return rows
