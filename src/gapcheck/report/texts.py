"""Derived texts and figures shared by the sheets: labels, explanations, next steps, KPIs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gapcheck.i18n import reason_text, t
from gapcheck.model import Lang
from gapcheck.model.org import MeasureStatus
from gapcheck.model.result import (
    AnalysisResult,
    Category,
    Explanation,
    MeasureRef,
    RequirementResult,
)

__all__ = [
    "OPEN_STATUSES",
    "binding_sources",
    "category_label",
    "explanation_text",
    "gap_measure",
    "next_step",
    "overall_coverage",
    "pct_text",
    "reasons_text",
    "reported_rows",
    "row_measures",
    "title_of",
]

OPEN_STATUSES = frozenset(
    {
        MeasureStatus.IN_PROGRESS,
        MeasureStatus.PLANNED,
        MeasureStatus.NOT_STARTED,
        MeasureStatus.PARTIALLY_IMPLEMENTED,
    }
)
"""Statuses of a measure that still has work to do (and so a due date that matters)."""

_MAX_DEPTH = 6
_MAX_LISTED = 3


def pct_text(value: float) -> str:
    """0.4567 → '46 %' (for running text; cells use a percent number format)."""
    return f"{round(value * 100):d} %"


def category_label(category: Category | str, lang: Lang) -> str:
    value = category.value if isinstance(category, Category) else category
    return t(f"category.{value}", lang)


def title_of(row: RequirementResult, lang: Lang) -> str:
    return row.title.get(lang) if row.title else ""


def binding_sources(result: AnalysisResult) -> set[str]:
    """Ids of the sources whose requirements are the organisation's own obligations."""
    return {s.source for s in result.sources if s.binding}


def reported_rows(result: AnalysisResult) -> list[RequirementResult]:
    """The requirements the KPIs average over: applicable, assessable, of a binding source."""
    binding = binding_sources(result)
    return [r for r in result.requirements if r.applicable and r.assessable and r.source in binding]


def overall_coverage(result: AnalysisResult, year: int | None = None) -> float:
    """Mean coverage of the reported requirements, today or projected at the end of `year`.

    Each requirement counts once, whatever its source; 0.0 when there are none.
    """
    rows = reported_rows(result)
    if not rows:
        return 0.0
    if year is None:
        return sum(r.coverage for r in rows) / len(rows)
    key = str(year)
    return sum(r.projected.get(key, r.coverage) for r in rows) / len(rows)


def reasons_text(row: RequirementResult, lang: Lang) -> str:
    """The priority's reasons as one phrase, e.g. 'Försenad åtgärd +35, brist 83 % +17'."""
    return ", ".join(reason_text(r.code, r.detail, r.points, lang) for r in row.reasons)


def row_measures(
    row: RequirementResult,
    rows: Mapping[str, RequirementResult],
    depth: int = _MAX_DEPTH,
    *,
    children: bool = True,
) -> list[MeasureRef]:
    """Every measure behind a requirement: its controls', its direct links and, through
    inheritance, those of the requirements it inherits from (and of its sub-provisions when
    `children`); each measure once, by id."""
    found: dict[str, MeasureRef] = {}
    seen: set[str] = set()

    def walk(r: RequirementResult, level: int) -> None:
        if r.id in seen:
            return
        seen.add(r.id)
        ex = r.explanation
        for ref in [m for c in ex.controls for m in c.measures] + list(ex.direct_measures):
            found.setdefault(ref.id, ref)
        if level > 0:
            for inh in ex.inherited:
                child = rows.get(inh.requirement)
                if child is not None and (children or inh.via is not None):
                    walk(child, level - 1)

    walk(row, depth)
    return sorted(found.values(), key=lambda m: m.id)


def gap_measure(row: RequirementResult, rows: Mapping[str, RequirementResult]) -> MeasureRef | None:
    """The open measure a gap waits for: the one due first (the row's `next_due`)."""
    open_refs = [m for m in row_measures(row, rows) if m.status in OPEN_STATUSES]
    dated = sorted((m for m in open_refs if m.due is not None), key=lambda m: (m.due, m.id))
    if row.next_due is not None:
        for m in dated:
            if m.due == row.next_due:
                return m
    return dated[0] if dated else (open_refs[0] if open_refs else None)


def _controls(ex: Explanation, refs: Mapping[str, str], *, partial: bool) -> str:
    """Refs of the controls to act on: without any measure, or (partial) below full level."""
    ids = [
        refs.get(c.control, c.control)
        for c in ex.controls
        if (c.level < 1.0 if partial else not c.measures and c.level < 1.0)
    ]
    more = len(ids) - _MAX_LISTED
    text = ", ".join(ids[:_MAX_LISTED])
    return text + (f" (+{more})" if more > 0 else "")


def next_step(
    row: RequirementResult,
    rows: Mapping[str, RequirementResult],
    control_refs: Mapping[str, str],
    lang: Lang,
) -> str:
    """The recommended next step for a gap, derived from its category."""
    ex = row.explanation
    category = row.category
    measure = gap_measure(row, rows)
    owner = (measure.owner if measure else None) or t("report.owner_unknown", lang)
    if category in (Category.OVERDUE, Category.PLANNED_ONLY) and measure is not None:
        return t(
            f"report.step.{category.value}",
            lang,
            id=measure.id,
            owner=owner,
            due=measure.due.isoformat() if measure.due else "–",
        )
    if category is Category.NON_COMPLIANT:
        why = ex.assessment.justification if ex.assessment else ""
        return t("report.step.non_compliant", lang, why=why)
    if category is Category.UNMAPPED:
        return t("report.step.unmapped", lang)
    if category is Category.PARTIAL and ex.capped:
        return t("report.step.partial_capped", lang, why=ex.cap_rationale or "")
    controls = _controls(ex, control_refs, partial=category is Category.PARTIAL)
    if category is Category.PARTIAL:
        if controls:
            return t("report.step.partial", lang, controls=controls)
        return t("report.step.partial_other", lang)
    if controls:
        return t("report.step.no_measure", lang, controls=controls)
    return t("report.step.no_measure_direct", lang)


def _measure_brief(m: MeasureRef, lang: Lang) -> str:
    return f"{m.id} ({t(f'status.{m.status.value}', lang)})"


def _join(items: Iterable[str]) -> str:
    return ", ".join(items)


def explanation_text(row: RequirementResult, control_refs: Mapping[str, str], lang: Lang) -> str:
    """The path behind the number, flattened to one cell: basis, controls with their levels
    and measures, direct measures, inheritance, cap and manual assessment."""
    ex = row.explanation
    parts = [t(f"basis.{ex.basis.value}", lang)]
    if ex.assessment is not None:
        a = ex.assessment
        parts.append(
            t(
                "explain.manual",
                lang,
                result=t(f"assessment.{a.result.value}", lang),
                assessor=a.assessor,
                date=a.date.isoformat(),
                why=a.justification,
                computed=pct_text(ex.computed_coverage or 0.0),
            )
        )
    if ex.capped:
        parts.append(t("explain.capped", lang, why=ex.cap_rationale or ""))
    for c in ex.controls:
        ms = _join(_measure_brief(m, lang) for m in c.measures) or t("explain.no_measure", lang)
        parts.append(f"{control_refs.get(c.control, c.control)} {pct_text(c.level)}: {ms}")
    if ex.direct_measures:
        ms = _join(_measure_brief(m, lang) for m in ex.direct_measures)
        parts.append(f"{t('explain.direct', lang)}: {ms}")
    for inh in ex.inherited:
        via = t(f"via.{inh.via.value}" if inh.via else "via.child", lang)
        parts.append(f"{via} {inh.requirement} {pct_text(inh.coverage)}")
    return "; ".join(parts)
