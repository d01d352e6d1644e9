"""The workbook shows coverage semantics v2: the measures that close each gap, what overdue
measures cost, duties waiting for an event, and lenses kept apart from the binding duties."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gapcheck.catalog import collect_catalog, load_org
from gapcheck.i18n import t
from gapcheck.model.result import AnalysisResult
from gapcheck.report import write_workbook
from gapcheck.report.texts import closing_text
from tests.support.report_helpers import rows_of, run

REPO = Path(__file__).parents[2]
EXAMPLE = REPO / "examples" / "aldreforvaltningen"
AS_OF = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[AnalysisResult, Any]:
    catalog, problems = collect_catalog(REPO)
    assert catalog is not None, problems
    org = load_org(EXAMPLE, catalog)
    result = run(catalog, org, AS_OF)
    path = tmp_path_factory.mktemp("v2") / "example.xlsx"
    # No measure impacts: they fill only the Action plan sheet, not read here (~5 s of CPU).
    write_workbook(result, catalog, org, path, "sv", impacts={})
    return result, openpyxl.load_workbook(path)


def test_each_gap_names_the_measures_that_would_close_it(
    written: tuple[AnalysisResult, Any],
) -> None:
    result, wb = written
    rows = {r.id: r for r in result.requirements}
    gaps = rows_of(wb[t("report.sheet.gaps", "sv")])
    column = t("report.col.closing", "sv")
    assert [g[t("report.col.id", "sv")] for g in gaps] == result.gaps
    for gap in gaps:
        row = rows[gap[t("report.col.id", "sv")]]
        assert (gap[column] or "") == closing_text(row, "sv")
    top = gaps[0]  # csl:2.5: M-2026-03 would add 89 points, overdue
    assert top[column].startswith("M-2026-03 +89 (försenad)")


def test_the_summary_prices_the_overdue_measures_and_counts_pending_duties(
    written: tuple[AnalysisResult, Any],
) -> None:
    result, wb = written
    ws = wb.worksheets[0]
    labels = {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=4).value
        for r in range(1, ws.max_row + 1)
    }
    cost = labels[t("report.kpi.overdue_cost", "sv", year=2026)]
    assert cost == pytest.approx(result.totals.overdue_cost["2026"])
    assert cost > 0.1
    assert labels[t("report.kpi.pending", "sv")] == 14  # CER, not identified
    assert labels[t("report.kpi.requirements", "sv")] == result.totals.requirements


def test_the_requirements_sheet_keeps_guidance_out_and_labels_lenses(
    written: tuple[AnalysisResult, Any],
) -> None:
    _, wb = written
    rows = rows_of(wb[t("report.sheet.requirements", "sv")])
    ids = [r[t("report.col.id", "sv")] for r in rows]
    assert not [i for i in ids if i.startswith("ir2690:")]
    nis2 = [r for r in rows if r[t("report.col.id", "sv")].startswith("nis2:")]
    assert nis2
    assert {r[t("report.col.source", "sv")] for r in nis2} == {"NIS2 (perspektiv)"}
    csl = [r for r in rows if r[t("report.col.id", "sv")].startswith("csl:")]
    assert {r[t("report.col.source", "sv")] for r in csl} == {"CSL"}
