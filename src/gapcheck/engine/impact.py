"""How much coverage each measure adds: the analysis with and without it.

Engine logic the CLI, the workbook and the HTTP API share. The impact of a measure is the
headline coverage (the counted requirements: binding sources, each once; `overall_coverage`)
with the measure minus the same mean without it — today and projected at the end of each
plan year. Nothing is read from disk again.

Two methods give the same numbers (a test checks it):

- `reanalyse`: run `gapcheck.engine.analyze` once per measure on the organisation without it.
  Simple and obviously right, but one full analysis per measure.
- `incremental` (default): build the engine's index, control levels and coverage once, then per
  measure recompute, with the engine's own `control_levels` and `compute_coverage`, only what
  can change. A measure that does not change any control level (another measure is at least as
  good in every projection, or a manual assessment fixes the control) and does not change any
  direct requirement link's contribution adds exactly 0 and costs no recomputation; otherwise
  only the requirements whose path (`engine.paths`, from each requirement's direct links)
  contains a changed control or link are recomputed, together with the requirements they
  fall back on.
"""

from __future__ import annotations

import dataclasses
from collections import ChainMap
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from gapcheck.engine.analysis import analyze
from gapcheck.engine.applicability import Scope
from gapcheck.engine.coverage import (
    Coverage,
    Mode,
    analysis_modes,
    compute_coverage,
    control_levels,
    measure_factor,
    output_value,
    requirement_coverage,
)
from gapcheck.engine.index import Index
from gapcheck.engine.paths import Paths
from gapcheck.engine.scope_at import scopes_at
from gapcheck.engine.summary import overall_coverage, reported_rows
from gapcheck.engine.transfers import unlawful_transfers
from gapcheck.model import Catalog, Extent, Measure, OrgData
from gapcheck.model.result import AnalysisResult

__all__ = ["MeasureImpact", "Method", "measure_impacts"]

_Step = Callable[
    [
        Index,
        Mapping[str, Scope],
        Sequence[Mode],
        Mapping[str, tuple[float, ...]],
        Mapping[str, Coverage],
        str,
        Mapping[str, tuple[str, ...]] | None,
    ],
    Coverage,
]
# The engine's coverage of one requirement, given those it depends on: recomputing only what a
# measure touches is about 20× faster than the public `compute_coverage` for 5,000 measures.
# tests/report/test_report_impact.py checks both against full re-analysis.
_ENGINE_STEP: _Step | None = requirement_coverage

Method = Literal["incremental", "reanalyse"]
Analyzer = Callable[[Catalog, OrgData], AnalysisResult]


@dataclass(frozen=True)
class MeasureImpact:
    """Coverage (0–1, a difference of means) a measure adds today and at the end of each
    plan year; `recomputed` says whether anything had to be recomputed for it."""

    measure: str
    now: float
    projected: dict[int, float]
    recomputed: bool


def _top(values: Iterable[float]) -> tuple[float, int, float]:
    """(best, how many reach it, second best), with 0.0 for missing values."""
    best, count, second = 0.0, 0, 0.0
    for v in values:
        if v > best:
            best, count, second = v, 1, best
        elif v == best:
            count += 1
        elif v > second:
            second = v
    return best, count, second


def _clean(delta: float) -> float:
    """Round away float noise so an unchanged mean reads as exactly 0."""
    value = round(delta, 9)
    return 0.0 if value == 0 else value


def _reanalyse(
    catalog: Catalog,
    org: OrgData,
    result: AnalysisResult,
    analyzer: Analyzer | None,
    only: Collection[str] | None,
) -> dict[str, MeasureImpact]:
    def default(cat: Catalog, data: OrgData) -> AnalysisResult:
        # The versions the base result used, pinned, so the comparison is like for like.
        return analyze(cat, data, result.as_of, dict(result.source_versions))

    run = analyzer or default
    base_now = overall_coverage(result)
    base = {y: overall_coverage(result, y) for y in result.plan_years}
    out = {}
    for m in org.measures:
        if only is not None and m.id not in only:
            continue
        other = run(catalog, org.model_copy(update={"measures": _without(org, m.id)}))
        out[m.id] = MeasureImpact(
            m.id,
            _clean(base_now - overall_coverage(other)),
            {y: _clean(base[y] - overall_coverage(other, y)) for y in result.plan_years},
            recomputed=True,
        )
    return out


def _without(org: OrgData, measure_id: str) -> tuple[Measure, ...]:
    return tuple(x for x in org.measures if x.id != measure_id)


class _Incremental:
    """The engine's intermediate state for one organisation, computed once."""

    def __init__(
        self, catalog: Catalog, org: OrgData, result: AnalysisResult, *, step: bool = True
    ) -> None:
        self.step = _ENGINE_STEP if step else None
        view = scopes_at(catalog, org, result.as_of, result.source_versions)
        self.ix: Index = view.index
        self.scopes = view.scopes
        self.facts = unlawful_transfers(view.transfers)
        self.years = list(result.plan_years)
        # Only today and the plan years matter here (not the overdue what-if modes).
        self.modes = analysis_modes(self.years, result.as_of)[: 1 + len(self.years)]
        self.levels = control_levels(self.ix, self.modes)
        self.base = compute_coverage(self.ix, self.scopes, self.modes, self.levels, self.facts)
        self.reported = [r.id for r in reported_rows(result)]
        self.position = {r: i for i, r in enumerate(self.ix.order)}
        # Who depends on what, from each requirement's direct links (engine.paths).
        self.paths = Paths(self.ix, self.base)
        self.reported_set = set(self.reported)
        self.links: dict[str, tuple[list[str], list[str]]] = {}
        # Per control and mode: each implementer's factor, and the best, how many measures
        # reach it, and the second best — to see cheaply whether removing one can matter.
        self.factors: dict[str, dict[str, tuple[float, ...]]] = {}
        self.top: dict[str, list[tuple[float, int, float]]] = {}
        for control, impl in self.ix.implementers.items():
            per = {
                m: tuple(measure_factor(self.ix.measures[m], e, mode) for mode in self.modes)
                for m, e in impl
            }
            self.factors[control] = per
            self.top[control] = [_top(f[k] for f in per.values()) for k in range(len(self.modes))]
            for m in per:
                self.links.setdefault(m, ([], []))[0].append(control)
        for req, direct in self.ix.direct.items():
            for m, _ in direct:
                self.links.setdefault(m, ([], []))[1].append(req)

    def consistent_with(self, result: AnalysisResult) -> bool:
        """The recomputed base equals the engine's result (else the caller falls back)."""
        rows = {r.id: r for r in result.requirements}
        return set(rows) == set(self.base) and all(
            output_value(self.base[r].values[0]) == rows[r].coverage for r in self.reported
        )

    def _direct_best(self, req: str, skip: str | None) -> tuple[tuple[float, float], ...] | None:
        """Per mode, what the direct links give the engine: the best factor (a member of the
        mean) and the best factor of an extent-full link (a route of its own)."""
        links = [(self.ix.measures[m], e) for m, e in self.ix.direct.get(req, []) if m != skip]
        if not links:
            return None
        return tuple(
            (
                max(measure_factor(ms, e, mode) for ms, e in links),
                max(
                    (measure_factor(ms, e, mode) for ms, e in links if e is Extent.FULL),
                    default=-1.0,
                ),
            )
            for mode in self.modes
        )

    def _may_change(self, control: str, measure_id: str) -> bool:
        """Whether the control's level can change without the measure: only when the measure
        alone holds the maximum in a mode (a manual assessment still lets projections move)."""
        if control not in self.levels:
            return False
        mine = self.factors[control][measure_id]
        return any(
            f == best and count == 1 and f > second
            for f, (best, count, second) in zip(mine, self.top[control], strict=True)
        )

    def impact(self, measure_id: str) -> MeasureImpact:
        controls, direct_reqs = self.links.get(measure_id, ([], []))
        controls = [c for c in controls if self._may_change(c, measure_id)]
        changed_impl = {
            c: [(m, e) for m, e in self.ix.implementers[c] if m != measure_id] for c in controls
        }
        # The changed controls and their parent clauses (whose level follows their sub-clauses).
        todo: set[str] = set()
        for c in controls:
            node: str | None = c
            while node is not None and node in self.ix.controls and node not in todo:
                todo.add(node)
                node = self.ix.controls[node].parent
        sub_ix = dataclasses.replace(
            self.ix,
            control_order=[c for c in self.ix.control_order if c in todo],
            implementers={**self.ix.implementers, **changed_impl},
        )
        new_levels = control_levels(sub_ix, self.modes, known=self.levels)
        changed = [c for c, lv in new_levels.items() if lv != self.levels.get(c)]
        moved = [
            r for r in direct_reqs if self._direct_best(r, measure_id) != self._direct_best(r, None)
        ]
        zero = dict.fromkeys(self.years, 0.0)
        if not changed and not moved:
            return MeasureImpact(measure_id, 0.0, zero, recomputed=False)
        affected = self.paths.dependents(moved, changed)
        # Only the reported requirements enter the mean: compute those and what they rest on
        # (with the engine's step, only the affected part of that, reached through affected
        # requirements alone since `affected` is closed upwards; the rest is unchanged).
        reported = affected & self.reported_set
        needed = self.paths.below(reported, affected if self.step is not None else None)
        ix = dataclasses.replace(
            self.ix,
            order=sorted(needed, key=self.position.__getitem__),
            # A requirement whose only path was this measure's direct link has none without
            # it, and a sub-heading without a path no longer counts among its heading's
            # children: the plans cached with the base would still count it.
            plans={} if direct_reqs else self.ix.plans,
            implementers={**self.ix.implementers, **changed_impl},
            direct={
                **self.ix.direct,
                **{
                    r: [(m, e) for m, e in self.ix.direct[r] if m != measure_id]
                    for r in direct_reqs
                },
            },
        )
        levels = {**self.levels, **new_levels}
        new = self._coverage(ix, levels)
        deltas = self._deltas(new, reported)
        return MeasureImpact(
            measure_id,
            deltas[0],
            {y: deltas[i + 1] for i, y in enumerate(self.years)},
            recomputed=True,
        )

    def _coverage(
        self, ix: Index, levels: Mapping[str, tuple[float, ...]]
    ) -> Mapping[str, Coverage]:
        """Coverage of the requirements in `ix.order`: one engine step each, on top of the
        unchanged base; or, without that step, `compute_coverage` (which needs `ix.order` to
        hold everything they depend on)."""
        if self.step is None:
            return compute_coverage(ix, self.scopes, self.modes, levels, self.facts)
        new: dict[str, Coverage] = {}
        done = ChainMap(new, self.base)
        for req in ix.order:
            new[req] = self.step(ix, self.scopes, self.modes, levels, done, req, self.facts)
        return new

    def _deltas(self, new: Mapping[str, Coverage], affected: set[str]) -> list[float]:
        n = len(self.reported)
        out = []
        for m in range(len(self.modes)):
            diff = sum(
                output_value(self.base[r].values[m]) - output_value(new[r].values[m])
                for r in self.reported
                if r in affected
            )
            out.append(_clean(diff / n) if n else 0.0)
        return out


def measure_impacts(
    catalog: Catalog,
    org: OrgData,
    result: AnalysisResult,
    *,
    method: Method = "incremental",
    analyzer: Analyzer | None = None,
    only: Collection[str] | None = None,
    engine_step: bool = True,
) -> dict[str, MeasureImpact]:
    """Impact of every measure of `org` (or of the ids in `only`), keyed by measure id.

    `result` is the engine's result for `catalog` and `org`; its as-of date, plan years and
    source versions are reused. `analyzer` replaces `analyze` in the `reanalyse` method;
    `engine_step=False` makes the incremental method use only the engine's public functions.
    """
    if method == "reanalyse" or analyzer is not None:
        return _reanalyse(catalog, org, result, analyzer, only)
    state = _Incremental(catalog, org, result, step=engine_step)
    if not state.consistent_with(result):
        return _reanalyse(catalog, org, result, None, only)
    return {m.id: state.impact(m.id) for m in org.measures if only is None or m.id in only}
