"""`analyze`: the whole gap analysis of one organisation at one date, as an AnalysisResult."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Mapping, Sequence

from gapcheck import gcpause
from gapcheck.engine.applicability import Scope, source_role
from gapcheck.engine.authorities import authorities
from gapcheck.engine.categorize import (
    GAP_CATEGORIES,
    categorize,
    linked_risks,
    next_due,
    next_step,
    prioritize,
)
from gapcheck.engine.closing import closing_measures
from gapcheck.engine.coverage import (
    Coverage,
    analysis_modes,
    compute_coverage,
    control_levels,
    output_value,
)
from gapcheck.engine.explain import Explainer, measure_entries
from gapcheck.engine.index import Index
from gapcheck.engine.order import natural_key, natural_sorted
from gapcheck.engine.paths import Paths
from gapcheck.engine.scope_at import scopes_at
from gapcheck.engine.summary import summarize, totals
from gapcheck.engine.transfers import unlawful_transfers, with_transfer_reasons
from gapcheck.model import Risk
from gapcheck.model.bundle import Catalog, OrgData
from gapcheck.model.result import (
    AnalysisResult,
    Basis,
    Category,
    ClosingMeasure,
    Explanation,
    GapCategory,
    PriorityReason,
    RequirementResult,
    Rule,
    SourceRole,
    analysis_result,
    referenced_measures,
)
from gapcheck.model.trusted import trusted
from gapcheck.versions import needs_review

__all__ = ["analyze"]


def analyze(
    catalog: Catalog,
    org: OrgData,
    as_of: dt.date,
    pins: dict[str, str] | None = None,
    *,
    explain: bool = True,
) -> AnalysisResult:
    """Coverage, categories, priorities and explanations of every requirement of the selected
    source versions for `org` at `as_of`, projected to the end of each plan year.

    With `explain=False` each explanation holds only its basis and rule, not the paths: for
    callers that keep a summary and never show a path (the portfolio without `--save`), which
    saves about a third of the analysis. Every other field is the same either way."""
    # No cyclic garbage collection inside: the analysis makes tens of thousands of short-lived
    # acyclic objects (freed by their reference counts), and each collection they set off
    # scans them with the whole catalog (a sixth of an organisation's analysis, in the
    # portfolio's loop). Collection resumes afterwards, unless it was off already.
    gcpause.pause()
    try:
        return _analyze(catalog, org, as_of, pins, explain=explain)
    finally:
        # A result with explanations is kept, to be shown or written: the young-generation
        # collection its objects are due once the collector is back on runs here, not at the
        # caller's next allocation inside whatever comes next (at 100× the example's
        # measures, 28 ms of writing the JSON). A summary's result (the portfolio's) is mostly
        # dropped at once, its objects freed before any collection sees them: scanning them
        # here would cost 2.5 % of an organisation.
        if gcpause.resume() and explain and gc.get_count()[0] > gc.get_threshold()[0]:
            gc.collect(0)


def _analyze(
    catalog: Catalog,
    org: OrgData,
    as_of: dt.date,
    pins: dict[str, str] | None = None,
    *,
    explain: bool = True,
) -> AnalysisResult:
    # What applies then, with what was known then: assessments made after `as_of` are left out,
    # and the supplier register evaluated at `as_of` decides the GDPR ch. V articles.
    view = scopes_at(catalog, org, as_of, pins)
    org, versions, ix, transfers, scopes = (
        view.org,
        view.versions,
        view.index,
        view.transfers,
        view.scopes,
    )
    review = needs_review(catalog, versions, org)
    years = sorted(set(org.organisation.plan_years))
    modes = analysis_modes(years, as_of)
    levels = control_levels(ix, modes)
    # A transfer without a valid mechanism makes the articles it concerns non-compliant.
    coverage = compute_coverage(ix, scopes, modes, levels, unlawful_transfers(transfers))

    outputs = _outputs(coverage, years)
    today = {r: out[0] for r, out in outputs.items()}
    open_rows = [r for r in coverage if scopes[r].applicable and today[r] < 1]
    paths = Paths(ix, coverage)
    closing = closing_measures(ix, scopes, levels, coverage, paths, as_of, open_rows)
    in_place = paths.in_place()
    risks = paths.risks()
    # Most requirements share their set of risks (none, or a path's few): each sorted once.
    risk_lists = {ids: linked_risks(ids, ix) for ids in set(risks.values())}
    categories = {
        r: categorize(coverage[r], today[r], scopes[r], closing.get(r, ()), in_place[r])
        for r in coverage
    }
    explainer: Explainer | _BasisOnly = (
        Explainer(ix, coverage, {c: lv[0] for c, lv in levels.items()}, categories)
        if explain
        else _BasisOnly(coverage)
    )
    results = _requirement_results(
        ix,
        scopes,
        coverage,
        outputs,
        categories,
        closing,
        risks,
        risk_lists,
        explainer,
        as_of,
        review,
    )
    results = with_transfer_reasons(results, transfers)
    gap_results = sorted(
        (r for r in results if r.priority is not None),
        key=lambda r: (-(r.priority or 0), natural_key(r.id)),
    )
    gap_counts = {g.value: 0 for g in GapCategory}
    for r in gap_results:
        gap_counts[r.category.value] += 1
    with_overdue = {r: out[2] for r, out in outputs.items()}
    roles = {s: source_role(v.source, v.version) for s, v in versions.items()}
    summaries = summarize(versions, scopes, results, years, roles, with_overdue)
    return analysis_result(
        organisation=org.organisation.id,
        organisation_name=org.organisation.name,
        as_of=as_of,
        source_versions={s: v.version.id for s, v in sorted(versions.items())},
        plan_years=years,
        sources=summaries,
        totals=totals(summaries, results, years, with_overdue),
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
        measures=measure_entries(ix, referenced_measures(results)),
    )


class _BasisOnly:
    """Explanations without the paths (`explain=False`): basis and rule only, one shared
    (immutable) instance per pair."""

    def __init__(self, coverage: Mapping[str, Coverage]) -> None:
        self._coverage = coverage
        self._made: dict[tuple[Basis, Rule], Explanation] = {}

    def explain(self, req_id: str) -> Explanation:
        cov = self._coverage[req_id]
        key = (cov.basis, cov.rule)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = Explanation(basis=cov.basis, rule=cov.rule)
        return made


# Per requirement, its values as written: today, projected per plan year ('YYYY'), and the
# projections with overdue measures counted as done.
_Outputs = tuple[float, dict[str, float], dict[str, float]]


def _outputs(coverage: Mapping[str, Coverage], years: Sequence[int]) -> dict[str, _Outputs]:
    """The output values of every requirement, made once per distinct tuple of values (most
    requirements share one: uncovered, or covered, in every mode). The dicts are shared
    between requirements: read them, never change them."""
    keys = [str(y) for y in years]
    n = len(keys)
    made: dict[tuple[float, ...], _Outputs] = {}
    out = {}
    for req_id, cov in coverage.items():
        v = cov.values
        got = made.get(v)
        if got is None:
            got = made[v] = (
                output_value(v[0]),
                dict(zip(keys, map(output_value, v[1 : 1 + n]), strict=True)),
                dict(zip(keys, map(output_value, v[1 + n : 1 + 2 * n]), strict=True)),
            )
        out[req_id] = got
    return out


def _requirement_results(
    ix: Index,
    scopes: Mapping[str, Scope],
    coverage: Mapping[str, Coverage],
    outputs: Mapping[str, _Outputs],
    categories: Mapping[str, Category],
    closing: Mapping[str, list[ClosingMeasure]],
    risks: Mapping[str, frozenset[str]],
    risk_lists: Mapping[frozenset[str], list[Risk]],
    explainer: Explainer | _BasisOnly,
    as_of: dt.date,
    review: Mapping[str, list[str]],
) -> list[RequirementResult]:
    """One row per requirement, in natural id order.

    Each row is what `requirement_row` makes of its fields (a test holds the two equal, field
    by field and type by type), built here as the dict `trusted` takes: the keyword call and
    its copies cost as much as the rest of the row (one row per requirement, 45,000 for the
    city's portfolio). The lists given are made here for the row, the dicts copied."""
    rows: list[RequirementResult] = []
    for req_id in ix.natural_order or natural_sorted(ix.reqs):
        info = ix.reqs[req_id]
        req = info.requirement
        scope = scopes[req_id]
        cov = coverage[req_id]
        category = categories[req_id]
        value, projected, _ = outputs[req_id]
        closes = closing.get(req_id)
        linked = risk_lists[risks[req_id]]
        applicable = scope.applicable
        priority: int | None = None
        reasons: list[PriorityReason] = []
        # A duty as its source would count it (headings aggregate their points, never gaps).
        duty = applicable and req.assessable and not cov.aggregate
        gap = duty and category in GAP_CATEGORIES
        # Only counted requirements are gaps; the others (lenses, the watch list, headings)
        # keep their category for display and for the paths that inherit from them.
        counted = duty and scope.role is SourceRole.BINDING
        if counted and gap:
            priority, reasons = prioritize(category, value, scope, linked, as_of)
        # Edges, links and assessments reviewed against a text that changed substantively.
        to_review = review.get(req_id)
        values = {
            "id": req_id,
            "source": info.source.id,
            "role": scope.role,
            "version": info.version.id,
            "ref": req.ref,
            "ref_sv": req.ref_sv,
            "title": req.title,
            "parent": req.parent,
            "assessable": req.assessable,
            "applicable": applicable,
            "counted": counted,
            "pending": scope.pending,
            "in_force": scope.in_force,
            "coverage": value,
            "projected": dict(projected),
            "category": category,
            "priority": priority,
            "reasons": list(reasons) if reasons else [],
            "next_due": next_due(closes) if closes else None,
            "closing": list(closes) if gap and closes else [],
            "next_step": next_step(category, closes or [], cov) if gap else None,
            "risks": [r.id for r in linked] if linked else [],
            "needs_review": list(to_review) if to_review else [],
            "explanation": explainer.explain(req_id),
        }
        rows.append(trusted(RequirementResult, values))
    return rows
