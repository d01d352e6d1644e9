"""Reading the Action plan sheet (and the hidden sheet saying where it came from) out of an
opened workbook: `read_sheets`.

The plan sheet is scanned once by `xlsxscan` (damaged XML, cells openpyxl could not convert,
formula cells, the last row holding a value), so openpyxl reads only up to that row; the header
row is found within the first rows, and each row becomes a measure in `planrows`. The checks
before the file is opened, the caps on problems listed and the entry points (`read_workbook`,
`read_plan`) are in `gapcheck.report.xlsxread`, which re-exports `PlanRead` and
`MAX_PLAN_ROWS` (import them from there).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from gapcheck.errors import Msg, Problem
from gapcheck.i18n import LANGS, t
from gapcheck.model import Lang
from gapcheck.model.org import Measure
from gapcheck.report.codec import FIELDS, header_fields
from gapcheck.report.meta import MAX_META_ROWS, META_SHEET, MetaError, WorkbookMeta, parse_meta
from gapcheck.report.planrows import REQUIRED, Plan, Row, header_lang, problem, row_measure
from gapcheck.report.xlsxscan import Scan, ScanError, last_value_row, scan_sheet

__all__ = ["MAX_PLAN_ROWS", "PlanRead", "read_sheets"]

MAX_PLAN_ROWS = 10_000
"""Rows with values in the Action plan sheet; a plan of ten thousand measures is unheard of."""
_HEADER_SCAN_ROWS = 10


@dataclass(frozen=True)
class PlanRead:
    """What a workbook holds: the measures of its Action plan sheet (in sheet order), every
    problem, warnings (e.g. formula cells), the sheet's language, and where it came from
    (`meta`, or why that is unknown in `meta_problem`)."""

    measures: list[Measure]
    problems: list[Problem]
    warnings: list[Problem] = field(default_factory=list)
    lang: Lang = "sv"
    meta: WorkbookMeta | None = None
    meta_problem: Msg | None = None  # why `meta` is None


def _sheets(wb: Any) -> tuple[Any, Lang, Any]:
    """The Action plan sheet (None when missing), its title's language, the hidden sheet."""
    titles = {t("report.sheet.plan", lang).casefold(): lang for lang in LANGS}
    plan, lang, meta = None, LANGS[0], None
    for ws in wb.worksheets:
        found = titles.get(ws.title.casefold())
        if found is not None and plan is None:
            plan, lang = ws, found
        elif ws.title == META_SHEET:
            meta = ws
    return plan, lang, meta


def _scan(ws: Any) -> Scan:
    with ws._get_source() as source:  # the sheet's XML part, as openpyxl itself reads it
        xml = source.read()
    shared = len(getattr(ws, "_shared_strings", ())) if hasattr(ws, "_shared_strings") else 2**31
    return scan_sheet(io.BytesIO(xml), shared, MAX_PLAN_ROWS, last_value_row(xml))


def _header(rows: Iterator[tuple[object, ...]], lang: Lang) -> tuple[dict[str, int], Lang, int]:
    known = header_fields()
    number = 0
    for number, cells in enumerate(rows, start=1):
        found = {
            known[str(v).strip().casefold()]: i
            for i, v in enumerate(cells)
            if v is not None and str(v).strip().casefold() in known
        }
        if "id" in found and len(found) >= len(REQUIRED):
            return found, header_lang(tuple(cells), lang), number
        if number >= _HEADER_SCAN_ROWS:
            break
    return {}, lang, number


def _read_rows(ws: Any, scan: Scan, file: str, lang: Lang) -> tuple[Plan, list[Row], list[Problem]]:
    ws.reset_dimensions()
    rows = ws.iter_rows(values_only=True, max_row=max(scan.last_row, 1))
    columns, lang, number = _header(rows, lang)
    plan = Plan(ws.title, columns, lang)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        names = ", ".join(
            t(next(x.header_key for x in FIELDS if x.name == f), lang) for f in missing
        )
        message = Msg.of("import.no_header", names=names)
        hint = Msg.of("import.no_header.fix")
        where = Msg.of("import.where.sheet", sheet=ws.title)
        return plan, [], [problem(file, None, where, message, hint)]
    out: list[Row] = []
    for offset, cells in enumerate(rows, start=number + 1):
        values = {f: cells[i] if i < len(cells) else None for f, i in columns.items()}
        if any(v is not None and str(v).strip() for v in values.values()):
            out.append(Row(offset, values))
    return plan, out, []


def _measures(plan: Plan, rows: list[Row], file: str) -> tuple[list[Measure], list[Problem]]:
    measures: list[Measure] = []
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    for row in rows:
        measure, found = row_measure(row, plan, file)
        problems += found
        if measure is None:
            continue
        if measure.id in first_row:
            message = Msg.of("import.duplicate_id", first=first_row[measure.id])
            where = plan.where(row.number, "id")
            hint = Msg.of("import.duplicate_id.fix")
            problems.append(problem(file, measure.id, where, message, hint))
            continue
        first_row[measure.id] = row.number
        measures.append(measure)
    return measures, problems


def _formula_warnings(plan: Plan, scan: Scan, file: str) -> list[Problem]:
    out = []
    for row, column in sorted(scan.formulas):
        name = plan.field_at(column)
        if name is None or row <= 1:
            continue
        message = Msg.of("import.formula")
        hint = Msg.of("import.formula.fix")
        out.append(problem(file, None, plan.where(row, name), message, hint))
    return out


def _meta(ws: Any) -> tuple[WorkbookMeta | None, Msg | None]:
    if ws is None:
        return None, Msg.of("import.meta.missing")
    rows = list(ws.iter_rows(values_only=True, max_row=MAX_META_ROWS, max_col=2))
    try:
        return parse_meta(rows), None
    except MetaError as exc:
        return None, exc.msg


def read_sheets(wb: Any, file: str) -> PlanRead:
    """The plan sheet's measures, problems and warnings and the hidden sheet's origin, from
    an opened workbook (problems not yet capped)."""
    ws, lang, meta_ws = _sheets(wb)
    if ws is None:
        names = " / ".join(t("report.sheet.plan", x) for x in LANGS)
        hint = Msg.of("import.export_first.fix")
        message = Msg.of("import.no_sheet", names=names)
        return PlanRead([], [problem(file, None, None, message, hint)])
    try:
        scan = _scan(ws)
    except ScanError as exc:
        where = Msg.of("import.where.sheet", sheet=ws.title)
        return PlanRead([], [problem(file, None, where, exc.msg)], lang=lang)
    if scan.bad:
        bare = Plan(ws.title, {}, lang)
        return PlanRead(
            [],
            [
                problem(file, None, bare.where_column(b.row, b.column), Msg.of(b.what))
                for b in scan.bad
            ],
            lang=lang,
        )
    plan, rows, problems = _read_rows(ws, scan, file, lang)
    if problems:
        return PlanRead([], problems, lang=plan.lang)
    measures, problems = _measures(plan, rows, file)
    meta, why = _meta(meta_ws)
    warned = _formula_warnings(plan, scan, file)
    return PlanRead(measures, problems, warned, plan.lang, meta, why)
