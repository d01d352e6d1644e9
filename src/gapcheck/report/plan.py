"""The Action plan sheet: the organisation's measures by plan year, with the coverage each adds.

Its editable columns (`codec.FIELDS`) are exactly what `gapcheck import-measures` reads back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.engine.impact import MeasureImpact
from gapcheck.engine.order import natural_key
from gapcheck.i18n import t
from gapcheck.model import Lang, OrgData
from gapcheck.model.org import Measure, MeasureStatus
from gapcheck.report.cells import CATEGORY_FILLS, Column, Value, write_table
from gapcheck.report.codec import FIELDS, measure_cells, status_label
from gapcheck.report.texts import OPEN_STATUSES

__all__ = ["DELTA_FORMAT", "plan_order", "write_plan"]

DELTA_FORMAT = "+0.0%;-0.0%;0.0%"
_STATUS_FILL = {
    MeasureStatus.IMPLEMENTED: "covered",
    MeasureStatus.PARTIALLY_IMPLEMENTED: "partial",
    MeasureStatus.IN_PROGRESS: "planned_only",
    MeasureStatus.CANCELLED: "not_applicable",
}


def _year(m: Measure) -> int | None:
    return m.plan_year if m.plan_year is not None else (m.due.year if m.due else None)


def plan_order(measures: Sequence[Measure]) -> list[Measure]:
    """Measures grouped by plan year (or due year), those without a year last, then by id."""
    return sorted(
        measures,
        key=lambda m: (_year(m) is None, _year(m) or 0, natural_key(m.id)),
    )


def write_plan(
    ws: Worksheet,
    org: OrgData,
    impacts: Mapping[str, MeasureImpact],
    as_of: dt.date,
    plan_years: Sequence[int],
    lang: Lang,
) -> None:
    """Fill the Action plan sheet."""
    columns = [Column(t(f.header_key, lang), f.width, f.kind) for f in FIELDS]
    columns += [Column(t("report.col.impact_now", lang), 11, "num")]
    columns += [Column(t("report.col.impact_end", lang, year=y), 11, "num") for y in plan_years]
    ordered = plan_order(org.measures)
    status_col = [f.name for f in FIELDS].index("status")
    due_col = [f.name for f in FIELDS].index("due")
    data: list[list[Value]] = []
    for m in ordered:
        impact = impacts.get(m.id)
        data.append(
            [
                *measure_cells(m, lang),
                impact.now if impact else None,
                *(impact.projected.get(y) if impact else None for y in plan_years),
            ]
        )

    def style(i: int, _: Sequence[Value]) -> dict[int, tuple[PatternFill, Font]]:
        m = ordered[i]
        out: dict[int, tuple[PatternFill, Font]] = {}
        if m.status in _STATUS_FILL:
            out[status_col] = CATEGORY_FILLS[_STATUS_FILL[m.status]]
        due = m.effective_due
        if m.status in OPEN_STATUSES and due is not None and due < as_of:
            out[due_col] = CATEGORY_FILLS["overdue"]
            out[status_col] = CATEGORY_FILLS["overdue"]
        return out

    def group(values: Sequence[Value]) -> object:
        return _group_of(values, due_col)

    last_row = write_table(ws, columns, data, styler=style, group_of=group, freeze_cols=2)
    for c in range(len(FIELDS) + 1, len(columns) + 1):
        for r in range(2, last_row + 1):
            ws.cell(row=r, column=c).number_format = DELTA_FORMAT
    _validations(ws, status_col + 1, due_col + 1, last_row, lang)
    names = [f.name for f in FIELDS]
    notes = {
        names.index("controls") + 1: "report.note.links",
        names.index("requirements") + 1: "report.note.links",
        names.index("evidence") + 1: "report.note.evidence",
        **dict.fromkeys(range(len(FIELDS) + 1, len(columns) + 1), "report.note.impact"),
    }
    for col, key in notes.items():
        ws.cell(row=1, column=col).comment = Comment(t(key, lang), "gapcheck", 260, 90)


def _group_of(values: Sequence[Value], due_col: int) -> object:
    year = values[0]
    if isinstance(year, int):
        return year
    due = values[due_col]
    return due.year if isinstance(due, dt.date) else None


def _validations(ws: Worksheet, status_col: int, due_col: int, last_row: int, lang: Lang) -> None:
    """Drop-down of status labels and a date check, on the rows written and room for more."""
    end = max(last_row, 2) + 200
    labels = ",".join(status_label(s, lang) for s in MeasureStatus)
    status = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
    status.error = t("report.validation.status", lang)
    status.showErrorMessage = True
    letter = get_column_letter(status_col)
    status.add(f"{letter}2:{letter}{end}")
    due = DataValidation(
        type="date", operator="greaterThan", formula1="DATE(2000,1,1)", allow_blank=True
    )
    due.error = t("report.validation.date", lang)
    due.showErrorMessage = True
    letter = get_column_letter(due_col)
    due.add(f"{letter}2:{letter}{end}")
    ws.add_data_validation(status)
    ws.add_data_validation(due)
