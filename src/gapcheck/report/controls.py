"""The Controls sheet, in the style of a Statement of Applicability (SoA).

Every ISO/IEC 27001:2022 control of the catalog is listed. A control is applicable when an
applicable requirement maps to it or a (not cancelled) measure implements it, unless a manual
assessment declares it not applicable. Its implementation level is the engine's (the best
implementing measure, or the manual assessment), taken from the result where the control lies on
a requirement's path and otherwise computed with the engine's own `measure_factor`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.engine import measure_factor
from gapcheck.engine.coverage import MANUAL_VALUES
from gapcheck.engine.index import latest_assessments
from gapcheck.engine.order import natural_key
from gapcheck.i18n import t
from gapcheck.model import Catalog, EdgeType, Lang, OrgData
from gapcheck.model.org import Assessment, AssessmentResult, Measure, MeasureStatus
from gapcheck.model.result import AnalysisResult
from gapcheck.report.cells import BAND_FILL, Column, Value, font, level_fill, write_table

__all__ = ["ControlRow", "control_rows", "write_controls"]

_MAX_IDS = 8
_BOLD = font(bold=True)


@dataclass(frozen=True)
class ControlRow:
    """One control's applicability and implementation, as the sheet shows it."""

    id: str
    ref: str
    title: str
    theme: str
    heading: bool
    applicable: bool | None
    level: float | None
    required_by: tuple[str, ...]
    measures: tuple[Measure, ...]
    assessment: Assessment | None


def _listed(ids: Sequence[str]) -> str:
    more = len(ids) - _MAX_IDS
    return ", ".join(ids[:_MAX_IDS]) + (f" (+{more})" if more > 0 else "")


def control_rows(
    result: AnalysisResult, catalog: Catalog, org: OrgData, lang: Lang
) -> list[ControlRow]:
    """Every catalog control in natural id order with its applicability and level."""
    applicable = {r.id for r in result.requirements if r.applicable}
    required: dict[str, list[str]] = {}
    for e in catalog.edges:
        if e.type is EdgeType.MAPS_TO and e.source in applicable:
            required.setdefault(e.target, []).append(e.source)
    implementing: dict[str, list[Measure]] = {}
    for m in org.measures:
        if m.status is not MeasureStatus.CANCELLED:
            for link in m.controls:
                implementing.setdefault(link.control, []).append(m)
    path_level = {c.control: c.level for r in result.requirements for c in r.explanation.controls}
    assessed = latest_assessments(org.assessments)
    rows = []
    for control in sorted(catalog.controls, key=lambda c: natural_key(c.id)):
        cid = control.id
        by = tuple(sorted(set(required.get(cid, [])), key=natural_key))
        measures = tuple(
            sorted(
                {m.id: m for m in implementing.get(cid, [])}.values(),
                key=lambda m: natural_key(m.id),
            )
        )
        assessment = assessed.get(cid)
        heading = not control.assessable
        if heading:
            is_applicable: bool | None = None
        elif assessment is not None and assessment.result is AssessmentResult.NOT_APPLICABLE:
            is_applicable = False
        else:
            is_applicable = bool(by or measures)
        level: float | None = None
        if is_applicable:
            level = path_level.get(cid)
            if level is None:
                level = _level(cid, measures, assessment)
        rows.append(
            ControlRow(
                cid,
                control.ref,
                control.title.get(lang),
                control.theme.value,
                heading,
                is_applicable,
                level,
                by,
                measures,
                assessment,
            )
        )
    return rows


def _level(cid: str, measures: Sequence[Measure], assessment: Assessment | None) -> float:
    if assessment is not None and assessment.result in MANUAL_VALUES:
        return MANUAL_VALUES[assessment.result]
    factors = [
        measure_factor(m, link.extent)
        for m in measures
        for link in m.controls
        if link.control == cid
    ]
    return max(factors, default=0.0)


def _justification(row: ControlRow, lang: Lang) -> str:
    a = row.assessment
    if row.applicable is False and a is not None:
        return t("report.soa.assessed_na", lang, why=a.justification)
    if not row.applicable:
        return t("report.soa.not_required", lang)
    parts = []
    if row.required_by:
        parts.append(
            t("report.soa.required", lang, n=len(row.required_by), ids=_listed(row.required_by))
        )
    if row.measures:
        parts.append(t("report.soa.implemented", lang, ids=_listed([m.id for m in row.measures])))
    return "; ".join(parts)


def _assessment_text(a: Assessment | None, lang: Lang) -> str | None:
    if a is None:
        return None
    label = t(f"assessment.{a.result.value}", lang)
    return f"{label} – {a.assessor} {a.date.isoformat()}: {a.justification}"


def write_controls(
    ws: Worksheet, result: AnalysisResult, catalog: Catalog, org: OrgData, lang: Lang
) -> None:
    rows = control_rows(result, catalog, org, lang)
    yes, no = t("report.yes", lang), t("report.no", lang)
    columns = [
        Column(t("report.col.ref", lang), 9),
        Column(t("report.col.title", lang), 46, "wrap"),
        Column(t("report.col.theme", lang), 22, "wrap"),
        Column(t("report.col.applicable", lang), 11),
        Column(t("report.col.justification", lang), 50, "wrap"),
        Column(t("report.col.level", lang), 12, "pct"),
        Column(t("report.col.measures", lang), 36, "wrap"),
        Column(t("report.col.assessment", lang), 36, "wrap"),
        Column(t("report.col.id", lang), 18),
    ]
    data: list[list[Value]] = []
    for r in rows:
        measures = "\n".join(f"{m.id} ({t(f'status.{m.status.value}', lang)})" for m in r.measures)
        data.append(
            [
                r.ref,
                r.title,
                t(f"report.theme.{r.theme}", lang),
                None if r.applicable is None else (yes if r.applicable else no),
                None if r.heading else _justification(r, lang),
                r.level,
                measures or None,
                _assessment_text(r.assessment, lang),
                r.id,
            ]
        )

    def style(i: int, _: Sequence[Value]) -> dict[int, tuple[PatternFill, Font]]:
        r = rows[i]
        if r.heading:
            return dict.fromkeys(range(len(columns)), (BAND_FILL, _BOLD))
        return {5: level_fill(r.level)} if r.level is not None else {}

    write_table(ws, columns, data, styler=style, freeze_cols=2)
