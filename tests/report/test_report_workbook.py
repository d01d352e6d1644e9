"""The workbook as a whole: sheets, labels per language, summary figures, charts, layout."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gapcheck.engine import overall_coverage, reported_rows
from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.model.result import GapCategory
from gapcheck.report import SHEET_KEYS
from gapcheck.report.cells import CATEGORY_FILLS
from gapcheck.report.texts import source_label
from tests.support.report_helpers import fill_of, visible

LANGS: list[Lang] = ["sv", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_sheets_are_named_in_the_language(workbook: Any, lang: Lang) -> None:
    wb = workbook(lang)
    assert visible(wb) == [t(f"report.sheet.{k}", lang) for k in SHEET_KEYS]


def test_swedish_is_swedish_and_english_is_english(workbook: Any) -> None:
    sv, en = workbook("sv"), workbook("en")
    assert visible(sv)[:4] == ["Sammanfattning", "Krav", "Gap", "Åtgärdsplan"]
    assert visible(en)[:4] == ["Summary", "Requirements", "Gaps", "Action plan"]
    assert sv["Gap"]["I1"].value == "Rekommenderat nästa steg"
    assert en["Gaps"]["I1"].value == "Recommended next step"


def test_workbook_properties(workbook: Any, tiny: Any) -> None:
    _, _, result = tiny
    props = workbook("sv").properties
    assert props.creator == "gapcheck"
    assert props.title == t("report.doc_title", "sv", org=result.organisation_name)
    assert props.created == dt.datetime.combine(result.as_of, dt.time())


def _summary_values(ws: Any) -> dict[str, Any]:
    """Label (column A) → value (column D) of the key-figure block."""
    out = {}
    for row in ws.iter_rows(min_row=5, max_row=12):
        if isinstance(row[0].value, str) and row[3].value is not None:
            out[row[0].value] = row[3].value
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_key_figures_equal_the_result(workbook: Any, tiny: Any, lang: Lang) -> None:
    _, _, result = tiny
    ws = workbook(lang).worksheets[0]
    figures = _summary_values(ws)
    assert figures[t("report.kpi.requirements", lang)] == len(reported_rows(result))
    assert figures[t("report.kpi.coverage_now", lang)] == pytest.approx(overall_coverage(result))
    for year in result.plan_years:
        label = t("report.kpi.coverage_end", lang, year=year)
        assert figures[label] == pytest.approx(overall_coverage(result, year))
    assert figures[t("report.kpi.gaps", lang)] == len(result.gaps)
    # The mean over requirements is the plain mean of the rows the engine reported.
    rows = reported_rows(result)
    assert overall_coverage(result) == pytest.approx(sum(r.coverage for r in rows) / len(rows))


def _find(ws: Any, text: str) -> Any:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not on {ws.title}")


def test_gap_counts_per_category_with_fills(workbook: Any, tiny: Any) -> None:
    _, _, result = tiny
    ws = workbook("sv").worksheets[0]
    for cat in GapCategory:
        label = _find(ws, t(f"category.{cat.value}", "sv"))
        count = ws.cell(row=label.row, column=label.column + 3)
        assert count.value == result.gap_counts[cat.value]
        assert fill_of(label) == CATEGORY_FILLS[cat.value][0].start_color.rgb[-6:]


def test_source_table_equals_the_result(workbook: Any, tiny: Any) -> None:
    _, _, result = tiny
    ws = workbook("en").worksheets[0]
    header = _find(ws, t("report.col.version", "en")).row
    for s in result.sources:
        cell = _find(ws, source_label(s, "en"))
        values = [ws.cell(row=cell.row, column=c).value for c in range(1, 9 + len(s.projected))]
        assert cell.row > header
        assert values[1] == s.version
        assert values[4:7] == [s.requirements, s.gaps, pytest.approx(s.coverage)]
        projected = [s.projected[str(y)] for y in result.plan_years]
        assert values[7 : 7 + len(projected)] == pytest.approx(projected)
        assert ws.cell(row=cell.row, column=7).number_format == "0%"


def test_top_gaps_follow_the_priority_order(workbook: Any, tiny: Any) -> None:
    _, _, result = tiny
    ws = workbook("en").worksheets[0]
    title = _find(ws, t("cli.top_gaps", "en", n=min(10, len(result.gaps))))
    ids = [ws.cell(row=title.row + 2 + i, column=2).value for i in range(len(result.gaps))]
    assert ids == result.gaps[:10]
    rows = {r.id: r for r in result.requirements}
    first = ws.cell(row=title.row + 2, column=7).value
    assert str(rows[result.gaps[0]].reasons[0].points) in first


def test_charts_exist_and_read_the_tables(workbook: Any, tiny: Any) -> None:
    _, _, result = tiny
    ws = workbook("sv").worksheets[0]
    charts = ws._charts
    assert len(charts) == 2
    coverage, gaps = charts
    assert coverage.type == "col"
    assert len(coverage.series) == 1 + len(result.plan_years)
    assert gaps.type == "bar"
    assert len(gaps.series) == 1
    # One colour per category bar.
    assert len(gaps.series[0].dPt) == len(GapCategory)
    ref = gaps.series[0].val.numRef.f
    assert ref.startswith(f"'{ws.title}'!$I$")


@pytest.mark.parametrize("key", SHEET_KEYS[1:])
def test_table_sheets_are_frozen_filtered_and_print_ready(workbook: Any, key: str) -> None:
    wb = workbook("sv")
    ws = wb[t(f"report.sheet.{key}", "sv")]
    assert ws.freeze_panes is not None
    assert ws.freeze_panes.endswith("2")
    assert ws.auto_filter.ref.startswith("A1:")
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.oddFooter.center.text == t("report.page", "sv")
    assert all(ws.column_dimensions[c].width for c in "AB")


def test_summary_prints_on_a_landscape_page(workbook: Any) -> None:
    ws = workbook("sv").worksheets[0]
    assert ws.page_setup.orientation == "landscape"
    assert ws.row_breaks.brk, "the top gaps start a new page"
