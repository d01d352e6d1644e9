"""The city workbook, read back with openpyxl: heat map with traffic lights and links to one
sheet per organisation, a chart, shared gaps, top gaps, overdue measures, input problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from gapcheck import service
from gapcheck.model.portfolio import OrgRow, PortfolioResult
from gapcheck.report.city import write_city_workbook
from gapcheck.report.city_sheets import AMBER_FROM, GREEN_FROM
from gapcheck.service import PortfolioRun


@pytest.fixture(scope="module")
def portfolio(run: PortfolioRun) -> PortfolioResult:
    return service.build_portfolio(run)


@pytest.fixture(scope="module")
def book(portfolio: PortfolioResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("book") / "stad.xlsx"
    write_city_workbook(portfolio, path, "sv")
    return path


def test_sheets_are_swedish_and_one_per_organisation(book: Path, portfolio: PortfolioResult):
    wb = load_workbook(book)
    fixed = ["Sammanfattning", "Grupper", "Gemensamma gap", "Toppgap per organisation"]
    assert wb.sheetnames[:4] == fixed
    assert "Problem i indata" in wb.sheetnames
    assert len(wb.sheetnames) == 6 + len(portfolio.organisations)


def test_heat_map_rows_link_to_their_sheets_and_fill_by_coverage(
    book: Path, portfolio: PortfolioResult
) -> None:
    wb = load_workbook(book)
    ws = wb["Sammanfattning"]
    header = [c.value for c in ws[4]]
    now = header.index("Nu") + 1
    for i, row in enumerate(portfolio.organisations, start=5):
        name = ws.cell(row=i, column=1)
        assert name.value == row.name
        target = name.hyperlink.location.strip("'").split("'!")[0]
        assert target in wb.sheetnames
        assert wb[target]["A1"].value == row.name
        cell = ws.cell(row=i, column=now)
        assert cell.value == pytest.approx(row.coverage)
        colour = cell.fill.start_color.rgb[-6:]
        expected = (
            "C6EFCE"
            if row.coverage >= GREEN_FROM
            else "FFEB9C"
            if row.coverage >= AMBER_FROM
            else "FFC7CE"
        )
        assert colour == expected
    assert ws._charts, "the summary has its chart"


def test_shared_and_top_gap_sheets_have_a_row_each(book: Path, portfolio: PortfolioResult):
    wb = load_workbook(book)
    shared = wb["Gemensamma gap"]
    assert shared.max_row == 1 + len(portfolio.shared_gaps)
    first = portfolio.shared_gaps[0]
    assert shared["A2"].value == first.requirement
    assert shared["C2"].value == first.count
    top = wb["Toppgap per organisation"]
    assert top.max_row == 1 + len(portfolio.organisations)
    assert str(top["E2"].value).startswith(str(portfolio.organisations[0].top_gaps[0].priority))


def test_input_problems_are_listed_with_file_line_and_fix(book: Path, portfolio):
    ws = load_workbook(book)["Problem i indata"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == sum(len(p.problems) for p in portfolio.problems)
    assert any("almost_done" in str(r[4]) for r in rows)


def test_text_from_input_is_never_a_formula(portfolio: PortfolioResult, tmp_path: Path):
    evil = portfolio.organisations[0].model_copy(update={"name": '=HYPERLINK("http://x")'})
    rows: list[OrgRow] = [evil, *portfolio.organisations[1:]]
    path = tmp_path / "evil.xlsx"
    write_city_workbook(portfolio.model_copy(update={"organisations": rows}), path, "en")
    wb = load_workbook(path)
    cell = wb["Summary"]["A5"]
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"
    assert cell.quotePrefix
