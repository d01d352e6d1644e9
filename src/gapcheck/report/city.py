"""The city workbook: the portfolio for the coordinating office (Swedish by default).

Sheets: Summary (a heat map of coverage per organisation × binding source with traffic-light
fills, each organisation linked to its own sheet, and a chart of the groups), Groups, Shared
gaps, Top gaps (one row per organisation), Overdue measures, Input problems (when there are
any), Comparison with the previous saved runs (with --compare), then one sheet per
organisation. All text goes through `put_text` (formula injection is
neutralised there); the file is written atomically.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.model.portfolio import OrgRow, PortfolioResult
from gapcheck.report.cells import Column, Value, font, put_text, setup_print, write_table
from gapcheck.report.city_compare import write_comparison
from gapcheck.report.city_sheets import (
    AMBER_FROM,
    GREEN_FROM,
    fills,
    group_label,
    heat_fill,
    link,
    write_groups,
    write_org_sheet,
    write_overdue,
    write_problems,
    write_shared,
    write_top_gaps,
)
from gapcheck.report.workbook import save_atomic

__all__ = [
    "AMBER_FROM",
    "GREEN_FROM",
    "build_city_workbook",
    "heat_fill",
    "org_sheet_titles",
    "write_city_workbook",
]

_TITLE = font(bold=True, size=16, color="1F3864")
_NOTE = font(size=9, color="595959")
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\']")
_HEAT_ROW = 4  # header row of the heat map


def org_sheet_titles(rows: list[OrgRow]) -> dict[str, str]:
    """Organisation id → a sheet title: its name, cut to Excel's 31 characters, without the
    characters Excel forbids, made unique with a number."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for row in rows:
        base = _SHEET_CHARS.sub(" ", row.name.split(",")[0]).strip()[:28] or row.organisation[:28]
        title, n = base, 1
        while title.lower() in taken:
            n += 1
            title = f"{base[: 28 - len(str(n))]} {n}"
        taken.add(title.lower())
        out[row.organisation] = title
    return out


def _heat_map(ws: Worksheet, p: PortfolioResult, lang: Lang, titles: dict[str, str]) -> int:
    years = p.plan_years
    columns = [
        Column(t("portfolio.organisation", lang), 38, "wrap"),
        Column(t("portfolio.group", lang), 20, "wrap"),
        *(Column(s.short, 9, "pct") for s in p.sources),
        Column(t("cli.now", lang), 9, "pct"),
        *(Column(t("cli.end_of", lang, year=y), 9, "pct") for y in years),
        Column(t("cli.gaps", lang), 8, "int"),
        Column(t("portfolio.overdue_measures", lang), 11, "int"),
    ]
    first_value = 2  # 0-based index of the first coverage column

    def values(r: OrgRow) -> list[Value]:
        cells = [r.sources[s.source].coverage if s.source in r.sources else None for s in p.sources]
        return [
            r.name,
            group_label(r.group, lang),
            *cells,
            r.coverage,
            *(r.projected.get(str(y)) for y in years),
            r.gaps,
            len(r.overdue),
        ]

    def styler(_: int, vals: Sequence[Value]) -> dict[int, tuple[PatternFill, Font]]:
        return fills(vals, range(first_value, first_value + len(p.sources) + 1 + len(years)))

    rows = [values(r) for r in p.organisations]
    last = write_table(ws, columns, rows, styler=styler, header_row=_HEAT_ROW, freeze_cols=1)
    for i, r in enumerate(p.organisations):
        link(ws, _HEAT_ROW + 1 + i, 1, r.name, titles[r.organisation])
    return last


def _chart(ws: Worksheet, p: PortfolioResult, lang: Lang, groups_ws: Worksheet, col: int) -> None:
    """Coverage per group, now and at the end of each plan year, from the Groups sheet."""
    if not p.groups:
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = t("report.city.chart", lang)
    chart.y_axis.title = t("cli.coverage", lang)
    chart.y_axis.numFmt = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.majorGridlines = None
    n = len(p.groups)
    data = Reference(groups_ws, min_col=3, max_col=3 + len(p.plan_years), min_row=1, max_row=1 + n)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(groups_ws, min_col=1, max_col=1, min_row=2, max_row=1 + n))
    for i, series in enumerate(chart.series):
        colours = ("1F3864", "2E75B6", "9DC3E6", "BDD7EE", "DEEBF7")
        series.graphicalProperties = GraphicalProperties(solidFill=colours[min(i, 4)])
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = 16.5, 7.5
    ws.add_chart(chart, f"{get_column_letter(col)}{_HEAT_ROW}")


def build_city_workbook(p: PortfolioResult, lang: Lang = "sv") -> Workbook:
    """The city workbook of portfolio `p` in memory."""
    wb = Workbook()
    summary = wb.worksheets[0]
    summary.title = t("report.city.sheet.summary", lang)
    groups = wb.create_sheet(t("report.city.sheet.groups", lang))
    shared = wb.create_sheet(t("report.city.sheet.shared", lang))
    top = wb.create_sheet(t("report.city.sheet.top", lang))
    overdue = wb.create_sheet(t("report.city.sheet.overdue", lang))
    titles = org_sheet_titles(p.organisations)
    put_text(summary, 1, 1, t("report.city.title", lang, as_of=p.as_of.isoformat())).font = _TITLE
    tot = p.totals
    line = t(
        "portfolio.title",
        lang,
        n=tot.analysed,
        folders=tot.folders,
        problems=tot.with_problems,
        as_of=p.as_of,
    )
    put_text(summary, 2, 1, line)
    note = t(
        "report.city.legend", lang, green=round(GREEN_FROM * 100), amber=round(AMBER_FROM * 100)
    )
    put_text(summary, 3, 1, note).font = _NOTE
    _heat_map(summary, p, lang, titles)
    write_groups(groups, p, lang)
    _chart(summary, p, lang, groups, col=6 + len(p.sources) + len(p.plan_years))
    write_shared(shared, p, lang)
    write_top_gaps(top, p, lang, titles)
    write_overdue(overdue, p, lang, titles)
    sheets = [summary, groups, shared, top, overdue]
    if p.problems:
        problems = wb.create_sheet(t("report.city.sheet.problems", lang))
        write_problems(problems, p, lang)
        sheets.append(problems)
    if p.comparison is not None:
        compared = wb.create_sheet(t("report.city.sheet.compare", lang))
        write_comparison(compared, p, lang, titles)
        sheets.append(compared)
    back = summary.title
    for row in p.organisations:
        ws = wb.create_sheet(titles[row.organisation])
        write_org_sheet(ws, row, p, lang, back)
        sheets.append(ws)
    for ws in sheets:
        setup_print(ws, t("report.city.doc_title", lang), p.as_of, lang)
    props = wb.properties
    props.title = t("report.city.title", lang, as_of=p.as_of.isoformat())
    props.creator = props.lastModifiedBy = "gapcheck"
    props.language = "sv-SE" if lang == "sv" else "en-GB"
    # The analysis date, not the wall clock: the same input gives the same properties.
    props.created = props.modified = dt.datetime.combine(p.as_of, dt.time())
    return wb


def write_city_workbook(p: PortfolioResult, path: Path, lang: Lang = "sv") -> None:
    """Write the city workbook to `path` atomically."""
    save_atomic(build_city_workbook(p, lang), path)
