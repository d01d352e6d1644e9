"""The Summary sheet: key figures, gaps per category, charts, supervision and reporting,
coverage per source, top gaps.

The layout of the sheet and its sections are here; the top-gaps table is in
`gapcheck.report._summary_gaps` (`TOP_GAPS` re-exported here), supervision and reporting in
`gapcheck.report.summary_authorities`, shared fonts and widths in
`gapcheck.report._summary_layout`.
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck import __version__
from gapcheck.i18n import t
from gapcheck.model import Catalog, Lang, LoadedVersion
from gapcheck.model.result import AnalysisResult, GapCategory, SourceRole
from gapcheck.report._summary_gaps import TOP_GAPS, top_gaps
from gapcheck.report._summary_layout import (
    BOLD,
    CHART_ROWS,
    NUMBER_WIDTH,
    PAGE_FILL,
    TEXT_WIDTHS,
    WIDE,
    header,
    section,
)
from gapcheck.report.cells import (
    CATEGORY_FILLS,
    DEFAULT_ROW_HEIGHT,
    Kind,
    Value,
    font,
    page_height,
    put,
    put_text,
    row_height,
    text_lines,
)
from gapcheck.report.charts import coverage_chart, gap_chart
from gapcheck.report.summary_authorities import authorities, authorities_height
from gapcheck.report.texts import (
    category_label,
    overall_coverage,
    reported_rows,
    source_label,
)

__all__ = ["TOP_GAPS", "write_summary"]

_TITLE = font(bold=True, size=16, color="1F3864")


def _version_info(catalog: Catalog, source: str, version: str) -> LoadedVersion | None:
    for v in catalog.versions:
        if v.source.id == source and v.version.id == version:
            return v
    return None


def _kpis(ws: Worksheet, result: AnalysisResult, lang: Lang, row: int) -> int:
    section(ws, row, 1, t("report.kpi.title", lang))
    figures: list[tuple[str, Value, Kind]] = [
        (t("report.kpi.requirements", lang), len(reported_rows(result)), "int"),
        (t("report.kpi.coverage_now", lang), overall_coverage(result), "pct"),
    ]
    figures += [
        (t("report.kpi.coverage_end", lang, year=y), overall_coverage(result, y), "pct")
        for y in result.plan_years
    ]
    figures.append((t("report.kpi.gaps", lang), len(result.gaps), "int"))
    if result.plan_years and any(v > 0 for v in result.totals.overdue_cost.values()):
        # What the projection lacks because overdue measures count in none until re-planned.
        first = result.plan_years[0]
        cost = result.totals.overdue_cost.get(str(first), 0.0)
        figures.append((t("report.kpi.overdue_cost", lang, year=first), cost, "pct"))
    pending = sum(s.pending for s in result.sources)
    if pending:
        figures.append((t("report.kpi.pending", lang), pending, "int"))
    if result.transfers:  # a supplier register was evaluated
        figures.append((t("report.kpi.transfer_gaps", lang), len(result.transfer_gaps), "int"))
    for label, value, kind in figures:
        row += 1
        put_text(ws, row, 1, label)
        cell = put(ws, row, 4, value, kind)
        cell.font = BOLD
    return row


def _categories(ws: Worksheet, result: AnalysisResult, lang: Lang, row: int, col: int) -> int:
    """The gap-per-category table (label, count); returns its last row."""
    section(ws, row, col, t("cli.gap_counts", lang))
    row += 1
    header(ws, row, col, [t("cli.category", lang), "", "", t("cli.count", lang)], lines=1)
    ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + 2)
    for cat in GapCategory:
        row += 1
        fill, colour = CATEGORY_FILLS[cat.value]
        for c in range(col, col + 4):
            ws.cell(row=row, column=c).fill = fill
        put_text(ws, row, col, category_label(cat, lang)).font = colour
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + 2)
        put(ws, row, col + 3, result.gap_counts.get(cat.value, 0), "int").font = colour
    return row


def _sources(
    ws: Worksheet, result: AnalysisResult, catalog: Catalog, lang: Lang, row: int
) -> tuple[int, int, int]:
    """Coverage per source; returns (header row, last binding row, last row)."""
    section(ws, row, 1, t("report.section.sources", lang))
    row += 1
    header_row = row
    years = [t("cli.end_of", lang, year=y) for y in result.plan_years]
    labels = [
        t("report.col.source", lang),
        t("report.col.version", lang),
        t("report.col.source_title", lang),
        t("report.col.version_status", lang),
        t("report.col.requirements_n", lang),
        t("report.col.gaps_n", lang),
        t("cli.now", lang),
        *years,
    ]
    header(ws, row, 1, labels)
    # Charted sources (binding, with requirements) first, so the chart reads one block of rows;
    # then the lenses and the watch list.
    roles = list(SourceRole)
    ordered = sorted(
        result.sources,
        key=lambda s: (
            not (s.role is SourceRole.BINDING and s.requirements),
            roles.index(s.role),
            s.short.casefold(),
        ),
    )
    last_binding = row
    widths = [*TEXT_WIDTHS, *([NUMBER_WIDTH] * (3 + len(result.plan_years)))]
    for s in ordered:
        row += 1
        info = _version_info(catalog, s.source, s.version)
        status = t(f"report.version_status.{s.version_status}", lang)
        if info is not None and info.version.in_force is not None:
            status += ", " + t("report.in_force_on", lang, date=info.version.in_force.isoformat())
        short = source_label(s, lang)
        values: list[tuple[Value, Kind]] = [
            (short, "wrap"),
            (s.version, "wrap"),
            (s.title.get(lang), "wrap"),
            (status, "wrap"),
            (s.requirements, "int"),
            (s.gaps, "int"),
            (s.coverage, "pct"),
            *((s.projected.get(str(y), s.coverage), "pct") for y in result.plan_years),
        ]
        lines = 1
        for c, (value, kind) in enumerate(values, start=1):
            put(ws, row, c, value, kind)
            if isinstance(value, str) and kind == "wrap":
                lines = max(lines, text_lines(value, widths[c - 1]))
        ws.row_dimensions[row].height = row_height(lines)
        if info is not None:  # the full citation, on screen, without widening the page
            ws.cell(row=row, column=2).comment = Comment(
                info.version.citation, "gapcheck", 300, 110
            )
        if s.role is SourceRole.BINDING and s.requirements:
            last_binding = row
    return header_row, last_binding, row


def _height_above(ws: Worksheet, row: int) -> float:
    """Points of the rows above `row` (a row without a set height has the default)."""
    total = 0.0
    for r in range(1, row):
        dim = ws.row_dimensions.get(r)  # .get: indexing would add empty row records
        total += dim.height if dim is not None and dim.height else DEFAULT_ROW_HEIGHT
    return total


def write_summary(
    ws: Worksheet,
    result: AnalysisResult,
    catalog: Catalog,
    control_refs: Mapping[str, str],
    lang: Lang,
) -> None:
    """Fill the Summary sheet (already created and named)."""
    numbers = 3 + len(result.plan_years)  # requirements, gaps, now, one per plan year
    wide_col = len(TEXT_WIDTHS) + numbers + 1
    for c, width in enumerate(TEXT_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    for c in range(len(TEXT_WIDTHS) + 1, wide_col):
        ws.column_dimensions[get_column_letter(c)].width = NUMBER_WIDTH
    ws.column_dimensions[get_column_letter(wide_col)].width = WIDE

    put_text(ws, 1, 1, t("report.doc_title", lang, org=result.organisation_name)).font = _TITLE
    subtitle = t("report.subtitle", lang, date=result.as_of.isoformat(), version=__version__)
    put_text(ws, 2, 1, subtitle)
    kpi_end = _kpis(ws, result, lang, 4)
    cat_col = 6
    cat_start = 4
    cat_end = _categories(ws, result, lang, cat_start, cat_col)
    # Page 1: key figures, gaps per category, both charts (a fixed size, so they always fit),
    # then supervision and reporting when the page has room for it (it has for any ordinary
    # profile). Page 2 on: the sources table the coverage chart reads, supervision and
    # reporting if it did not fit on page 1, then the top gaps.
    chart_row = max(kpi_end, cat_end) + 2
    sources_row = chart_row + CHART_ROWS
    room = page_height(
        ws.column_dimensions[get_column_letter(c)].width for c in range(1, wide_col + 1)
    )
    on_page_1 = bool(result.authorities) and (
        _height_above(ws, sources_row) + authorities_height(result, lang, wide_col)
        <= room * PAGE_FILL
    )
    if on_page_1:
        sources_row = authorities(ws, result, lang, sources_row, wide_col) + 2
    ws.row_breaks.append(Break(id=sources_row - 1))
    header_row, last_binding, src_end = _sources(ws, result, catalog, lang, sources_row)
    ws.add_chart(coverage_chart(ws, result, lang, header_row, last_binding), f"A{chart_row}")
    ws.add_chart(
        gap_chart(ws, lang, cat_start + 2, cat_col), f"{get_column_letter(cat_col)}{chart_row}"
    )
    if result.authorities and not on_page_1:
        src_end = authorities(ws, result, lang, src_end + 2, wide_col)
    top_gaps(ws, result, control_refs, lang, src_end + 2, wide_col)
    ws.sheet_view.showGridLines = False
    ws.print_area = f"A1:{get_column_letter(wide_col)}{ws.max_row}"
