"""The Summary sheet's two charts, drawn from its tables (so they stay live in Excel)."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.model.result import AnalysisResult, GapCategory

__all__ = ["coverage_chart", "gap_chart"]

# Strong versions of the traffic-light fills, for bars.
_BAR_COLOURS = {
    "non_compliant": "7A0000",
    "overdue": "C00000",
    "no_measure": "FF5050",
    "unmapped": "7030A0",
    "planned_only": "FFC000",
    "partial": "F4B183",
}
_SERIES_COLOURS = ("1F3864", "2E75B6", "9DC3E6", "BDD7EE", "DEEBF7", "A5A5A5")


def coverage_chart(
    ws: Worksheet, result: AnalysisResult, lang: Lang, header_row: int, last_binding: int
) -> BarChart:
    """Coverage per binding source, today and at the end of each plan year (one series each),
    from the sources table: its header row, value columns G onwards, rows up to `last_binding`.
    """
    chart = BarChart()
    chart.type = "col"
    chart.title = t("report.chart.coverage", lang)
    chart.y_axis.title = t("cli.coverage", lang)
    chart.y_axis.numFmt = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.majorGridlines = None
    first_value_col = 7
    data = Reference(
        ws,
        min_col=first_value_col,
        max_col=first_value_col + len(result.plan_years),
        min_row=header_row,
        max_row=max(last_binding, header_row + 1),
    )
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(
        Reference(ws, min_col=1, max_col=1, min_row=header_row + 1, max_row=last_binding)
    )
    for i, series in enumerate(chart.series):
        colour = _SERIES_COLOURS[min(i, len(_SERIES_COLOURS) - 1)]
        series.graphicalProperties = GraphicalProperties(solidFill=colour)
    _axes(chart)
    chart.width, chart.height = 16.5, 7.5
    return chart


def gap_chart(ws: Worksheet, lang: Lang, first_row: int, col: int) -> BarChart:
    """Gaps per category as coloured horizontal bars, from the category table (labels in
    column `col`, counts three columns right, one row per category from `first_row`)."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = t("cli.gap_counts", lang)
    chart.legend = None
    count = len(GapCategory)
    data = Reference(
        ws, min_col=col + 3, max_col=col + 3, min_row=first_row, max_row=first_row + count - 1
    )
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(
        Reference(ws, min_col=col, max_col=col, min_row=first_row, max_row=first_row + count - 1)
    )
    series = chart.series[0]
    for i, cat in enumerate(GapCategory):
        point = DataPoint(idx=i)
        point.graphicalProperties = GraphicalProperties(solidFill=_BAR_COLOURS[cat.value])
        series.dPt.append(point)
    series.dLbls = DataLabelList()
    series.dLbls.showVal = True
    # Spell out the rest: LibreOffice shows series and category names unless told not to.
    series.dLbls.showSerName = False
    series.dLbls.showCatName = False
    series.dLbls.showLegendKey = False
    series.dLbls.showPercent = False
    chart.x_axis.scaling.orientation = "maxMin"  # first category on top, as in the table
    chart.y_axis.majorGridlines = None
    chart.y_axis.numFmt = "0"
    _axes(chart)
    chart.width, chart.height = 16.5, 7.5
    return chart


def _axes(chart: BarChart) -> None:
    # openpyxl ≥ 3.1 writes axes as deleted unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
