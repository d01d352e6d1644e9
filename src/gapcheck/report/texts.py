"""Derived texts and figures shared by the sheets: labels, explanations, next steps, KPIs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gapcheck.engine.summary import overall_coverage, reported_rows
from gapcheck.i18n import reason_text, t
from gapcheck.model import Lang
from gapcheck.model.org import MeasureStatus
from gapcheck.model.result import (
    AnalysisResult,
    Category,
    Explanation,
    MeasureEntry,
    MeasureRef,
    NextStepKind,
    RequirementResult,
    SourceRole,
    SourceSummary,
)

__all__ = [
    "OPEN_STATUSES",
    "binding_sources",
    "category_label",
    "closing_text",
    "explanation_text",
    "gap_measure",
    "joint_set_text",
    "next_step",
    "overall_coverage",
    "pct_text",
    "reasons_text",
    "ref_title",
    "reported_rows",
    "row_measures",
    "source_label",
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


def ref_title(row: RequirementResult, lang: Lang) -> str:
    """'Artikel 33.1 Anmälan till tillsynsmyndigheten': the reference as cited in `lang`."""
    return f"{row.ref_in(lang)} {title_of(row, lang)}".strip()


def joint_set_text(ex: Explanation, control_refs: Mapping[str, str], lang: Lang) -> str:
    """The reviewed claim that the listed controls together cover the requirement."""
    js = ex.joint_set
    if js is None:
        return ""
    return t(
        "explain.joint_set",
        lang,
        controls=", ".join(control_refs.get(c, c) for c in js.controls),
        reviewer=js.reviewer,
        date=js.reviewed.isoformat(),
        why=js.rationale.get(lang),
    )


def source_label(source: SourceSummary, lang: Lang) -> str:
    """'CSL'; a lens or a watch-list source says so: 'NIS2 (perspektiv)'."""
    if source.role is SourceRole.BINDING:
        return source.short
    return f"{source.short} ({t(f'source_role.{source.role.value}', lang)})"


def binding_sources(result: AnalysisResult) -> set[str]:
    """Ids of the sources whose requirements are the organisation's own obligations."""
    return {s.source for s in result.sources if s.role is SourceRole.BINDING}


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


def closing_text(row: RequirementResult, lang: Lang) -> str:
    """The measures that would close the gap with what each adds, material ones first:
    'M-2026-03 +89 (försenad); M-LIS-08 +11; M-2026-05 +3 (marginell)'."""
    parts = []
    for c in sorted(row.closing, key=lambda c: not c.material):
        text = f"{c.measure} +{round(c.gain * 100)}"
        notes = [t("explain.overdue", lang)] if c.overdue else []
        if not c.material:
            notes.append(t("explain.immaterial", lang))
        parts.append(text + (f" ({', '.join(notes)})" if notes else ""))
    return "; ".join(parts)


def gap_measure(
    row: RequirementResult,
    rows: Mapping[str, RequirementResult],
    measures: Mapping[str, MeasureEntry],
) -> MeasureEntry | None:
    """The measure the gap waits for: the one its next step names — the overdue or open measure
    that would close most of it — or None when nothing planned closes it materially."""
    step = row.next_step
    if step is None or step.measure is None:
        return None
    on_path = any(m.id == step.measure for m in row_measures(row, rows))
    return measures.get(step.measure) if on_path else None


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
    measures: Mapping[str, MeasureEntry],
    control_refs: Mapping[str, str],
    lang: Lang,
) -> str:
    """The recommended next step for a gap: from the measures that would close it (the
    engine's `next_step`), never from any measure somewhere on its path."""
    ex = row.explanation
    step = row.next_step
    measure = gap_measure(row, rows, measures)
    owner = (measure.owner if measure else None) or t("report.owner_unknown", lang)
    if ex.facts:
        return t("report.step.transfer", lang, suppliers=", ".join(ex.facts))
    if step is not None and step.measure is not None:
        gain = next((c.gain for c in row.closing if c.measure == step.measure), 0.0)
        key = "overdue" if step.kind is NextStepKind.FOLLOW_UP else "planned_only"
        text = t(
            f"report.step.{key}",
            lang,
            id=step.measure,
            owner=owner,
            due=step.due.isoformat() if step.due else "–",
        )
        text = f"{text} {t('report.step.gain', lang, points=round(gain * 100))}"
        if row.category is Category.NON_COMPLIANT and ex.assessment is not None:
            # The judgement says what is wrong; the measure is what closes it.
            text += " " + t("report.step.judged", lang, why=ex.assessment.justification)
        return text
    if row.category is Category.NON_COMPLIANT and ex.assessment is not None:
        return t("report.step.non_compliant", lang, why=ex.assessment.justification)
    if row.category is Category.UNMAPPED:
        return t("report.step.unmapped", lang)
    if ex.capped:
        return t("report.step.partial_capped", lang, why=_cap_why(ex, lang))
    controls = _controls(ex, control_refs, partial=row.category is Category.PARTIAL)
    if controls:
        key = "partial" if row.category is Category.PARTIAL else "no_measure"
        return t(f"report.step.{key}", lang, controls=controls)
    if row.category is Category.PARTIAL:
        return t("report.step.partial_other", lang)
    return t("report.step.no_measure_direct", lang)


def _cap_why(ex: Explanation, lang: Lang) -> str:
    return ex.cap_rationale.get(lang) if ex.cap_rationale else ""


def _measure_brief(m: MeasureRef, measures: Mapping[str, MeasureEntry], lang: Lang) -> str:
    return f"{m.id} ({t(f'status.{measures[m.id].status.value}', lang)})"


def _join(items: Iterable[str]) -> str:
    return ", ".join(items)


def explanation_text(
    row: RequirementResult,
    measures: Mapping[str, MeasureEntry],
    control_refs: Mapping[str, str],
    lang: Lang,
) -> str:
    """The path behind the number, flattened to one cell: basis, controls with their levels
    and measures (their status from the result's `measures`), direct measures, inheritance,
    cap and manual assessment."""
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
        parts.append(t("explain.capped", lang, why=_cap_why(ex, lang)))
    if ex.joint_set is not None:
        parts.append(joint_set_text(ex, control_refs, lang))
    for c in ex.controls:
        ms = _join(_measure_brief(m, measures, lang) for m in c.measures) or t(
            "explain.no_measure", lang
        )
        parts.append(f"{control_refs.get(c.control, c.control)} {pct_text(c.level)}: {ms}")
    if ex.direct_measures:
        ms = _join(_measure_brief(m, measures, lang) for m in ex.direct_measures)
        parts.append(f"{t('explain.direct', lang)}: {ms}")
    for inh in ex.inherited:
        via = t(f"via.{inh.via.value}" if inh.via else "via.child", lang)
        parts.append(f"{via} {inh.requirement} {pct_text(inh.coverage)}")
    return "; ".join(parts)
