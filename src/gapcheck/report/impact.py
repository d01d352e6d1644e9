"""How much coverage each measure adds: the analysis with and without it.

A service-level function (the CLI, the workbook and the HTTP API share it). The impact of a
measure is the mean coverage of the reported requirements (applicable, assessable, binding
source; `texts.overall_coverage`) with the measure minus the same mean without it — today and
projected at the end of the last plan year. It is computed by re-running the engine on the
already loaded data with the one measure left out: no file is read again.

Re-running is skipped, with an exact result of zero, where the outcome cannot change:
- the measure reaches nothing the result depends on (none of its controls is on any
  requirement's path and none of its direct links names an analysed requirement), or
- it has no direct requirement links and every control it implements is either manually
  assessed (the assessment fixes the control's level) or also implemented in full by another
  measure with status `implemented` — a control's level is the maximum over its measures, so
  that control stays at 1.0 today and in every projection.
The remaining measures are re-analysed one at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gapcheck.model import Catalog, Extent, OrgData
from gapcheck.model.org import Measure, MeasureStatus
from gapcheck.model.result import AnalysisResult
from gapcheck.report.texts import overall_coverage

__all__ = ["MeasureImpact", "measure_impacts"]


@dataclass(frozen=True)
class MeasureImpact:
    """Coverage points (0–1) a measure adds today and at the end of `year`."""

    measure: str
    now: float
    projected: float
    year: int | None
    reanalysed: bool


Analyzer = Callable[[Catalog, OrgData], AnalysisResult]


def _default_analyzer(result: AnalysisResult) -> Analyzer:
    from gapcheck.engine import analyze

    def run(catalog: Catalog, org: OrgData) -> AnalysisResult:
        # The versions the base result used, pinned, so the comparison is like for like.
        return analyze(catalog, org, result.as_of, dict(result.source_versions))

    return run


def _relevant(result: AnalysisResult) -> tuple[set[str], set[str]]:
    controls = {c.control for r in result.requirements for c in r.explanation.controls}
    return controls, {r.id for r in result.requirements}


_ANY = "*"


def _fully_implemented_by(org: OrgData) -> dict[str, set[str]]:
    """Control id → ids of implemented measures that implement it in full; a manually
    assessed control maps to a marker that no measure id equals."""
    out: dict[str, set[str]] = {a.target: {_ANY} for a in org.assessments}
    for m in org.measures:
        if m.status is MeasureStatus.IMPLEMENTED:
            for link in m.controls:
                if link.extent is Extent.FULL:
                    out.setdefault(link.control, set()).add(m.id)
    return out


def _cannot_matter(
    m: Measure, controls: set[str], requirements: set[str], full: dict[str, set[str]]
) -> bool:
    linked = [c.control for c in m.controls if c.control in controls]
    direct = [r.requirement for r in m.requirements if r.requirement in requirements]
    if direct:
        return False
    return all(full.get(c, set()) - {m.id} for c in linked)


def measure_impacts(
    catalog: Catalog,
    org: OrgData,
    result: AnalysisResult,
    *,
    analyzer: Analyzer | None = None,
    shortcut: bool = True,
) -> dict[str, MeasureImpact]:
    """Impact of every measure of `org`, keyed by measure id.

    `result` is the engine's result for `catalog` and `org`; its as-of date and source
    versions are reused. `analyzer` replaces the engine (tests); `shortcut=False` re-analyses
    every measure, which gives the same numbers, only slower.
    """
    run = analyzer or _default_analyzer(result)
    year = max(result.plan_years) if result.plan_years else None
    base_now = overall_coverage(result)
    base_end = overall_coverage(result, year)
    controls, requirements = _relevant(result)
    full = _fully_implemented_by(org)
    out: dict[str, MeasureImpact] = {}
    for m in org.measures:
        if shortcut and _cannot_matter(m, controls, requirements, full):
            out[m.id] = MeasureImpact(m.id, 0.0, 0.0, year, reanalysed=False)
            continue
        without = org.model_copy(update={"measures": tuple(x for x in org.measures if x is not m)})
        other = run(catalog, without)
        out[m.id] = MeasureImpact(
            m.id,
            _clean(base_now - overall_coverage(other)),
            _clean(base_end - overall_coverage(other, year)),
            year,
            reanalysed=True,
        )
    return out


def _clean(delta: float) -> float:
    """Round away float noise so an unchanged mean reads as exactly 0."""
    value = round(delta, 9)
    return 0.0 if value == 0 else value
