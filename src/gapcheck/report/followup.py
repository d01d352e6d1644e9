"""The Uppföljning (Follow-up) sheet: coverage per binding source across saved runs, as a
table and a line chart, and what moved since the previous run, and why (issue 11).

Present only when the organisation has saved runs (or `report --compare-to` names one); the
data comes from `gapcheck.service.runs.followup`. Every text cell goes through `put_text`.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.chart import LineChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.model.runs import CauseKind, Comparison, FollowUp, GapChange, SourceDelta
from gapcheck.report.cells import HEADER_FILL, Value, font, put, put_text

__all__ = ["FOLLOWUP_TITLE", "write_followup"]

FOLLOWUP_TITLE = "report.followup.sheet"
"""Key of the sheet's title (Uppföljning / Follow-up)."""

_WIDTHS = (18.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0)
_TITLE = font(bold=True, size=14)
_SECTION = font(bold=True, size=12)
_HEAD = font(bold=True, color="FFFFFF")
_LINE_COLOURS = ("1F3864", "C00000", "2E75B6", "FFC000", "70AD47", "7030A0", "A5A5A5")


def _head(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for c, text in enumerate(headers, start=1):
        cell = put_text(ws, row, c, text)
        cell.fill, cell.font = HEADER_FILL, _HEAD


def _row(ws: Worksheet, row: int, values: Sequence[tuple[Value, str]]) -> None:
    for c, (value, kind) in enumerate(values, start=1):
        put(ws, row, c, value, kind)  # type: ignore[arg-type]


def _trend(ws: Worksheet, followup: FollowUp, lang: Lang, top: int) -> int:
    """The trend table from row `top` and its chart beside it; the last row used."""
    sources = sorted({s for p in followup.trend for s in p.sources})
    headers = [t(f"report.followup.{k}", lang) for k in ("saved", "as_of", "label", "run")]
    headers += [t("report.followup.total", lang)] + [followup.shorts.get(s, s) for s in sources]
    _head(ws, top, headers)
    row = top
    for point in followup.trend:
        row += 1
        values: list[tuple[Value, str]] = [
            (point.saved_at.astimezone().date(), "date"),
            (point.as_of, "date"),
            (point.label or "", "text"),
            (point.run[:8], "text"),
            (point.coverage, "pct"),
        ]
        values += [(point.sources.get(s), "pct") for s in sources]
        _row(ws, row, values)
    if followup.trend:
        chart = LineChart()
        chart.title = t("report.followup.chart", lang)
        chart.y_axis.title = t("cli.coverage", lang)
        chart.y_axis.numFmt = "0%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        chart.x_axis.delete = False  # openpyxl ≥ 3.1 hides axes unless told otherwise
        chart.y_axis.delete = False
        data = Reference(ws, min_col=5, max_col=4 + 1 + len(sources), min_row=top, max_row=row)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, max_col=1, min_row=top + 1, max_row=row))
        for i, series in enumerate(chart.series):
            series.graphicalProperties.line.solidFill = _LINE_COLOURS[i % len(_LINE_COLOURS)]
            series.graphicalProperties.line.width = 28575 if i == 0 else 19050
            series.smooth = False
        chart.width, chart.height = 16.5, 7.5
        ws.add_chart(chart, f"{get_column_letter(len(headers) + 2)}{top}")
    return max(row, top + 15)  # the chart is about 15 rows high


def _because(kinds: list[CauseKind], lang: Lang) -> str:
    return ", ".join(t(f"runs.cause.{k.value}", lang) for k in kinds)


def _section(ws: Worksheet, row: int, title: str) -> int:
    put_text(ws, row, 1, title).font = _SECTION
    return row + 1


def _coverage(ws: Worksheet, cmp: Comparison, lang: Lang, row: int) -> int:
    kinds = [k for k in CauseKind if any(k in d.by_cause for d in [cmp.totals, *cmp.sources])]
    headers = [t(f"runs.col.{k}", lang) for k in ("source", "then", "now", "change")]
    _head(ws, row, headers + [t(f"runs.cause.{k.value}", lang) for k in kinds])

    def line(r: int, name: str, d: SourceDelta) -> None:
        change = (
            d.coverage_to - d.coverage_from
            if d.coverage_to is not None and d.coverage_from is not None
            else None
        )
        values: list[tuple[Value, str]] = [
            (name, "text"),
            (d.coverage_from, "pct"),
            (d.coverage_to, "pct"),
            (change, "num"),
        ]
        values += [(d.by_cause.get(k), "num") for k in kinds]
        _row(ws, r, values)
        for c in range(4, 5 + len(kinds)):
            ws.cell(row=r, column=c).number_format = "+0.0%;-0.0%;0.0%"

    for d in cmp.sources:
        row += 1
        line(row, d.short or d.source, d)
    row += 1
    line(row, t("runs.total", lang), cmp.totals)
    ws.cell(row=row, column=1).font = font(bold=True)
    return row + 2


def _gaps(ws: Worksheet, title: str, gaps: list[GapChange], lang: Lang, row: int) -> int:
    row = _section(ws, row, title)
    if not gaps:
        put_text(ws, row, 1, t("report.followup.none", lang))
        return row + 2
    _head(ws, row, [t(f"runs.col.{k}", lang) for k in ("requirement", "then", "now", "because")])
    for g in gaps:
        row += 1
        title_text = g.title.get(lang) if g.title else ""
        cat_from = t(f"category.{g.category_from.value}", lang) if g.category_from else "–"
        cat_to = t(f"category.{g.category_to.value}", lang) if g.category_to else "–"
        _row(
            ws,
            row,
            [
                (f"{g.id} {title_text}".strip(), "wrap"),
                (cat_from, "text"),
                (cat_to, "text"),
                (_because(g.because, lang), "text"),
            ],
        )
    return row + 2


def _comparison(ws: Worksheet, cmp: Comparison, lang: Lang, row: int) -> int:
    base = cmp.from_run
    label = f" «{base.label}»" if base.label else ""
    heading = t(
        "report.followup.compared",
        lang,
        run=base.id[:8] + label,
        then=base.as_of.isoformat(),
        now=cmp.to_as_of.isoformat(),
    )
    row = _section(ws, row, heading)
    for cause in cmp.causes:
        text = f"{t(f'runs.cause_line.{cause.kind.value}', lang)}: {', '.join(cause.details)}"
        put_text(ws, row, 1, text)
        row += 1
    if not cmp.attributed:
        put_text(ws, row, 1, t("runs.compare.joint", lang))
        row += 1
    row = _coverage(ws, cmp, lang, row + 1)
    row = _gaps(
        ws, t("runs.compare.closed", lang, n=len(cmp.gaps_closed)), cmp.gaps_closed, lang, row
    )
    row = _gaps(ws, t("runs.compare.new", lang, n=len(cmp.new_gaps)), cmp.new_gaps, lang, row)
    row = _section(ws, row, t("runs.compare.measures", lang, n=len(cmp.measures)))
    keys = ("measure", "status_then", "status_now", "due_then", "due_now", "slipped")
    _head(ws, row, [t(f"report.followup.{k}", lang) for k in keys])
    for m in cmp.measures:
        row += 1
        status_from = t(f"status.{m.status_from.value}", lang) if m.status_from else "–"
        status_to = t(f"status.{m.status_to.value}", lang) if m.status_to else "–"
        _row(
            ws,
            row,
            [
                (f"{m.id} {m.title}", "wrap"),
                (status_from, "text"),
                (status_to, "text"),
                (m.due_from, "date"),
                (m.due_to, "date"),
                (t("report.followup.yes", lang) if m.slipped else "", "text"),
            ],
        )
    row = _section(ws, row + 2, t("runs.compare.priorities", lang, n=len(cmp.priorities)))
    _head(ws, row, [t(f"runs.col.{k}", lang) for k in ("requirement", "then", "now", "because")])
    for p in cmp.priorities:
        row += 1
        title_text = p.title.get(lang) if p.title else ""
        _row(
            ws,
            row,
            [
                (f"{p.id} {title_text}".strip(), "wrap"),
                (p.priority_from, "int"),
                (p.priority_to, "int"),
                (_because(p.because, lang), "text"),
            ],
        )
    return row


def write_followup(ws: Worksheet, followup: FollowUp, org_name: str, lang: Lang) -> None:
    """Fill the Uppföljning sheet (already created and named)."""
    for c, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.column_dimensions["A"].width = 48
    put_text(ws, 1, 1, t("report.followup.title", lang, org=org_name)).font = _TITLE
    put_text(ws, 2, 1, t("report.followup.intro", lang, n=len(followup.trend)))
    row = _section(ws, 4, t("report.followup.trend", lang))
    row = _trend(ws, followup, lang, row)
    if followup.comparison is not None:
        _comparison(ws, followup.comparison, lang, row + 2)
    else:
        put_text(ws, row + 2, 1, t("report.followup.no_comparison", lang))
