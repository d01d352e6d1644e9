"""The Summary sheet's top gaps: the `TOP_GAPS` highest-priority gaps, each with its category,
coverage now and at the end of the last plan year, its reasons and the next step.

`gapcheck.report.summary` lays out the sheet and calls `top_gaps` last; it re-exports
`TOP_GAPS`.
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.model.result import AnalysisResult, RequirementResult
from gapcheck.report._summary_layout import (
    HEADER_FONT,
    NUMBER_WIDTH,
    TEXT_WIDTHS,
    WIDE,
    WRAP,
    header,
    section,
)
from gapcheck.report.cells import CATEGORY_FILLS, HEADER_FILL, put, put_text, row_height, text_lines
from gapcheck.report.texts import category_label, next_step, reasons_text, ref_title

__all__ = ["TOP_GAPS", "top_gaps"]

TOP_GAPS = 10


def top_gaps(
    ws: Worksheet,
    result: AnalysisResult,
    control_refs: Mapping[str, str],
    lang: Lang,
    row: int,
    wide_col: int,
) -> int:
    """The `TOP_GAPS` highest-priority gaps from `row` on, with the next step of each in the
    wide column `wide_col`; returns the last row."""
    rows = {r.id: r for r in result.requirements}
    top = [rows[i] for i in result.gaps[:TOP_GAPS] if i in rows]
    section(ws, row, 1, t("cli.top_gaps", lang, n=len(top)))
    row += 1
    last = result.plan_years[-1] if result.plan_years else None
    labels = [
        t("report.col.priority", lang),
        t("report.col.id", lang),
        t("report.col.requirement", lang),
        t("report.col.category", lang),
        t("report.col.coverage", lang),
        t("cli.end_of", lang, year=last) if last else "",
        t("report.col.reasons", lang),
    ]
    header(ws, row, 1, labels)
    for c in range(7, wide_col):
        ws.cell(row=row, column=c).fill = HEADER_FILL
    cell = put_text(ws, row, wide_col, t("report.col.next_step", lang))
    cell.fill, cell.font, cell.alignment = HEADER_FILL, HEADER_FONT, WRAP
    ws.merge_cells(start_row=row, start_column=7, end_row=row, end_column=wide_col - 1)
    reasons_width = NUMBER_WIDTH * (wide_col - 7)
    for r in top:
        row += 1
        _top_gap_row(ws, row, r, result, control_refs, lang, last, wide_col, reasons_width)
    return row


def _top_gap_row(
    ws: Worksheet,
    row: int,
    r: RequirementResult,
    result: AnalysisResult,
    control_refs: Mapping[str, str],
    lang: Lang,
    last: int | None,
    wide_col: int,
    reasons_width: float,
) -> None:
    title = ref_title(r, lang)
    reasons = reasons_text(r, lang)
    rows = {x.id: x for x in result.requirements}
    step = next_step(r, rows, result.measures, control_refs, lang)
    put(ws, row, 1, r.priority, "int")
    put(ws, row, 2, r.id, "wrap")
    put(ws, row, 3, title, "wrap")
    fill, font = CATEGORY_FILLS[r.category.value]
    cell = put(ws, row, 4, category_label(r.category, lang), "wrap")
    cell.fill, cell.font = fill, font
    put(ws, row, 5, r.coverage, "pct")
    put(ws, row, 6, r.projected.get(str(last), r.coverage) if last else None, "pct")
    put(ws, row, 7, reasons, "wrap")
    ws.merge_cells(start_row=row, start_column=7, end_row=row, end_column=wide_col - 1)
    put(ws, row, wide_col, step, "wrap")
    # Merged cells do not grow with their text; size the row for the longest cell.
    lines = max(
        text_lines(title, TEXT_WIDTHS[2]),
        text_lines(reasons, reasons_width),
        text_lines(step, WIDE),
        text_lines(r.id, TEXT_WIDTHS[1]),
        text_lines(category_label(r.category, lang), TEXT_WIDTHS[3]),
    )
    ws.row_dimensions[row].height = row_height(lines)
