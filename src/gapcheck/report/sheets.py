"""The Requirements and Gaps sheets: one row per applicable requirement, one row per gap."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.i18n import t
from gapcheck.model import Lang, SourceKind
from gapcheck.model.result import AnalysisResult, RequirementResult, SourceRole
from gapcheck.report.cells import CATEGORY_FILLS, Column, Value, write_table
from gapcheck.report.texts import (
    category_label,
    closing_text,
    explanation_text,
    gap_measure,
    next_step,
    reasons_text,
    ref_title,
    row_measures,
    source_label,
    title_of,
)

__all__ = ["gap_rows", "requirement_rows", "write_gaps", "write_requirements"]


def _shorts(result: AnalysisResult, lang: Lang) -> dict[str, str]:
    return {s.source: source_label(s, lang) for s in result.sources}


def requirement_rows(result: AnalysisResult) -> list[RequirementResult]:
    """The rows of the Requirements sheet: every applicable requirement, in result order —
    the binding duties, the directives they transpose and the watch list. Guidance (IR
    2024/2690 for a municipality: hundreds of points) is left to `explain` and the
    Traceability sheet."""
    guidance = {
        s.source
        for s in result.sources
        if s.role is SourceRole.LENS and s.kind is not SourceKind.EU_DIRECTIVE
    }
    return [r for r in result.requirements if r.applicable and r.source not in guidance]


def write_requirements(
    ws: Worksheet, result: AnalysisResult, control_refs: Mapping[str, str], lang: Lang
) -> None:
    rows = {r.id: r for r in result.requirements}
    shorts = _shorts(result, lang)
    columns = [
        Column(t("report.col.source", lang), 9, "wrap"),
        Column(t("report.col.id", lang), 15),
        Column(t("report.col.ref", lang), 14, "wrap"),
        Column(t("report.col.title", lang), 38, "wrap"),
        Column(t("report.col.coverage", lang), 9, "pct"),
        *(Column(t("cli.end_of", lang, year=y), 9, "pct") for y in result.plan_years),
        Column(t("report.col.category", lang), 16, "wrap"),
        Column(t("report.col.priority", lang), 8, "int"),
        Column(t("report.col.status", lang), 11, "wrap"),
        Column(t("report.col.controls", lang), 18, "wrap"),
        Column(t("report.col.measures", lang), 20, "wrap"),
        Column(t("report.col.next_due", lang), 12, "date"),
        Column(t("report.col.risks", lang), 17, "wrap"),
        # Detail for the screen, after the print area:
        Column(t("report.col.explanation", lang), 90, "wrap", fit=False),
        Column(t("report.col.basis", lang), 20, "wrap", fit=False),
        Column(t("report.col.needs_review", lang), 18, "wrap", fit=False),
    ]
    category_col = 5 + len(result.plan_years)
    data: list[list[Value]] = []
    for r in requirement_rows(result):
        status = t("report.in_force.yes" if r.in_force else "report.in_force.no", lang)
        data.append(
            [
                shorts.get(r.source, r.source),
                r.id,
                r.ref_in(lang),
                title_of(r, lang),
                r.coverage,
                *(r.projected.get(str(y), r.coverage) for y in result.plan_years),
                r.category.value,
                r.priority,
                status,
                "; ".join(control_refs.get(c.control, c.control) for c in r.explanation.controls),
                ", ".join(m.id for m in row_measures(r, rows, children=False)),
                r.next_due,
                ", ".join(r.risks),
                explanation_text(r, result.measures, control_refs, lang),
                t(f"basis.{r.explanation.basis.value}", lang),
                "; ".join(r.needs_review),
            ]
        )
    _write_with_labels(ws, columns, data, category_col, lang, freeze_cols=2)
    ws.print_area = f"A1:{get_column_letter(len(columns) - 3)}{len(data) + 1}"


def _write_with_labels(
    ws: Worksheet,
    columns: list[Column],
    data: list[list[Value]],
    category_col: int,
    lang: Lang,
    freeze_cols: int,
) -> None:
    """Write the table with category codes shown as labels and filled by category."""
    codes = [row[category_col] for row in data]
    for row in data:
        row[category_col] = category_label(str(row[category_col]), lang)

    def style(i: int, values: Sequence[Value]) -> dict[int, tuple[PatternFill, Font]]:
        code = codes[i]
        return {category_col: CATEGORY_FILLS[str(code)]} if str(code) in CATEGORY_FILLS else {}

    write_table(ws, columns, data, styler=style, freeze_cols=freeze_cols)


def gap_rows(result: AnalysisResult) -> list[RequirementResult]:
    """The rows of the Gaps sheet: the result's gaps, highest priority first."""
    rows = {r.id: r for r in result.requirements}
    return [rows[i] for i in result.gaps if i in rows]


def write_gaps(
    ws: Worksheet, result: AnalysisResult, control_refs: Mapping[str, str], lang: Lang
) -> None:
    rows = {r.id: r for r in result.requirements}
    shorts = _shorts(result, lang)
    last = result.plan_years[-1] if result.plan_years else None
    columns = [
        Column(t("report.col.priority", lang), 8, "int"),
        Column(t("report.col.id", lang), 15),
        Column(t("report.col.source", lang), 9, "wrap"),
        Column(t("report.col.requirement", lang), 34, "wrap"),
        Column(t("report.col.category", lang), 16, "wrap"),
        Column(t("report.col.coverage", lang), 9, "pct"),
        Column(t("cli.end_of", lang, year=last) if last else "", 9, "pct"),
        Column(t("report.col.reasons", lang), 32, "wrap"),
        Column(t("report.col.next_step", lang), 40, "wrap"),
        Column(t("report.col.closing", lang), 30, "wrap"),
        Column(t("report.col.measure", lang), 26, "wrap"),
        Column(t("report.col.owner", lang), 31, "wrap"),
        Column(t("report.col.due", lang), 11, "date"),
        Column(t("report.col.risks", lang), 17, "wrap"),
    ]
    data: list[list[Value]] = []
    for r in gap_rows(result):
        m = gap_measure(r, rows, result.measures)
        data.append(
            [
                r.priority,
                r.id,
                shorts.get(r.source, r.source),
                ref_title(r, lang),
                r.category.value,
                r.coverage,
                r.projected.get(str(last), r.coverage) if last else None,
                reasons_text(r, lang),
                next_step(r, rows, result.measures, control_refs, lang),
                closing_text(r, lang),
                f"{m.id} {m.title}" if m else None,
                m.owner if m else None,
                m.due if m else None,
                ", ".join(r.risks),
            ]
        )
    _write_with_labels(ws, columns, data, 4, lang, freeze_cols=2)
