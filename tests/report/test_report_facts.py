"""The facts in the workbook, read back with openpyxl: the Transfers sheet and the Summary's
supervision table and transfer-gap figure equal the engine's result for examples/aldreforvaltningen
on the shipped catalogs, at two dates either side of the UK adequacy renewal.

The catalogs are loaded, and each date analysed and each workbook written, once for the module
(without the measure impacts, which only the Action plan sheet shows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gapcheck.catalog import collect_catalog, load_org
from gapcheck.i18n import t
from gapcheck.model import Catalog, Lang, OrgData
from gapcheck.model.common import LocalizedText
from gapcheck.model.facts import RoleKind
from gapcheck.model.facts_result import AuthorityRef, AuthorityRole, TransferStatus
from gapcheck.model.result import AnalysisResult
from gapcheck.report import build_workbook, write_workbook
from gapcheck.report.cells import CATEGORY_FILLS, TRANSFER_FILLS
from tests.support.report_helpers import EXAMPLE, fill_of, rows_of, run

REPO = Path(__file__).parents[2]
BEFORE = dt.date(2025, 10, 1)  # the UK decision still ends on 2025-12-27
AFTER = dt.date(2026, 11, 28)  # renewed on 2025-12-19 until 2031-12-27
DATES = [BEFORE, AFTER]
LANGS: list[Lang] = ["sv", "en"]
# The workbooks written (each ~0.5 s): both dates in Swedish, the later one in English too.
WRITTEN: list[tuple[dt.date, Lang]] = [(BEFORE, "sv"), (AFTER, "sv"), (AFTER, "en")]
WRITTEN_IDS = [f"{date}-{lang}" for date, lang in WRITTEN]
HEADERS = [
    "report.col.id",
    "facts.supplier",
    "facts.country",
    "report.col.personal_data",
    "facts.mechanism",
    "report.col.mechanism_name",
    "facts.valid_until",
    "facts.status",
    "report.col.priority",
    "report.col.findings",
    "report.col.exit_plan",
    "report.col.tia",
    "report.col.reqs_concerned",
    "report.col.notes",
]


@pytest.fixture(scope="module")
def example() -> tuple[Catalog, OrgData]:
    catalog, problems = collect_catalog(REPO)
    assert catalog is not None, problems
    return catalog, load_org(EXAMPLE, catalog)


@pytest.fixture(scope="module")
def results(example: tuple[Catalog, OrgData]) -> dict[dt.date, AnalysisResult]:
    catalog, org = example
    return {d: run(catalog, org, d) for d in DATES}


@pytest.fixture(scope="module")
def workbooks(
    tmp_path_factory: pytest.TempPathFactory,
    example: tuple[Catalog, OrgData],
    results: dict[dt.date, AnalysisResult],
) -> Callable[[dt.date, Lang], Any]:
    """`workbooks(date, lang)`: the example's workbook written to a file and opened (cached)."""
    catalog, org = example
    cache: dict[tuple[dt.date, Lang], Any] = {}

    def get(date: dt.date, lang: Lang) -> Any:
        if (date, lang) not in cache:
            path = tmp_path_factory.mktemp("facts") / f"example-{date}-{lang}.xlsx"
            # No measure impacts: they fill only the Action plan sheet, which this module does
            # not read, and cost ~5 s of CPU per workbook on the example (issue 10 item 19).
            write_workbook(results[date], catalog, org, path, lang, impacts={})
            cache[date, lang] = openpyxl.load_workbook(path)
        return cache[date, lang]

    return get


def _date(value: Any) -> Any:
    return value.date() if isinstance(value, dt.datetime) else value


def _yes_no(value: bool, lang: Lang) -> str:
    return t("report.yes" if value else "report.no", lang)


def _transfers(wb: Any, lang: Lang) -> tuple[Any, list[dict[str, Any]]]:
    ws = wb[t("report.sheet.transfers", lang)]
    return ws, rows_of(ws)


def _col(key: str, lang: Lang) -> str:
    return t(key, lang)


@pytest.mark.parametrize(("date", "lang"), WRITTEN, ids=WRITTEN_IDS)
def test_transfer_rows_equal_the_result(
    workbooks: Any,
    results: dict[dt.date, AnalysisResult],
    example: tuple[Catalog, OrgData],
    date: dt.date,
    lang: Lang,
) -> None:
    catalog, org = example
    result = results[date]
    ws, rows = _transfers(workbooks(date, lang), lang)
    assert [row[_col("report.col.id", lang)] for row in rows] == [
        r.supplier for r in result.transfers
    ]
    assert len(rows) == len(org.suppliers) == 4
    status_col = HEADERS.index("facts.status") + 1
    for i, (row, r) in enumerate(zip(rows, result.transfers, strict=True), start=2):
        mechanism = catalog.facts.mechanism(r.mechanism) if r.mechanism else None
        assert row[_col("facts.supplier", lang)] == r.name
        assert row[_col("facts.country", lang)] == r.country
        assert row[_col("report.col.personal_data", lang)] == _yes_no(r.personal_data, lang)
        assert row[_col("facts.mechanism", lang)] == r.mechanism
        assert row[_col("report.col.mechanism_name", lang)] == (
            mechanism.title.get(lang) if mechanism else None
        )
        until = _date(row[_col("facts.valid_until", lang)])
        if r.valid_until is not None:
            assert until == r.valid_until
        elif r.status in (TransferStatus.OK, TransferStatus.AT_RISK):
            assert until == t("facts.open_ended", lang)
        else:
            assert until is None
        assert row[_col("facts.status", lang)] == t(f"transfer.status.{r.status.value}", lang)
        assert fill_of(ws.cell(row=i, column=status_col)) == _rgb(TRANSFER_FILLS[r.status.value])
        assert row[_col("report.col.priority", lang)] == r.priority
        reasons = "; ".join(t(x.code, lang, detail=x.detail) for x in r.reasons)
        assert (row[_col("report.col.findings", lang)] or "") == reasons
        assert row[_col("report.col.exit_plan", lang)] == _yes_no(r.exit_plan, lang)
        assert row[_col("report.col.tia", lang)] == _yes_no(r.transfer_impact_assessment, lang)
        assert (row[_col("report.col.reqs_concerned", lang)] or "") == ", ".join(r.requirements)


def _rgb(style: Any) -> str:
    return str(style[0].start_color.rgb)[-6:]


def _row(wb: Any, lang: Lang, supplier: str) -> dict[str, Any]:
    _, rows = _transfers(wb, lang)
    return next(row for row in rows if row[_col("report.col.id", lang)] == supplier)


def test_uk_supplier_expiring_before_the_renewal_ok_after(
    workbooks: Any, results: dict[dt.date, AnalysisResult]
) -> None:
    before, after = (_row(workbooks(d, "sv"), "sv", "S-02") for d in DATES)
    engine = {d: next(r for r in results[d].transfers if r.supplier == "S-02") for d in DATES}
    assert engine[BEFORE].status is TransferStatus.EXPIRING
    assert engine[AFTER].status is TransferStatus.OK
    assert before["Status"] == "Upphör snart"
    assert _date(before["Giltig till"]) == dt.date(2025, 12, 27)
    assert before["Prioritet"] == engine[BEFORE].priority is not None
    assert "upphör 2025-12-27 (87 d)" in before["Skäl"]
    assert after["Status"] == "OK"
    assert _date(after["Giltig till"]) == dt.date(2031, 12, 27)
    assert after["Prioritet"] is None
    assert after["Skäl"] is None


@pytest.mark.parametrize(("date", "lang"), WRITTEN, ids=WRITTEN_IDS)
def test_us_cloud_without_exit_plan_is_a_gap(
    workbooks: Any, results: dict[dt.date, AnalysisResult], date: dt.date, lang: Lang
) -> None:
    result = results[date]
    engine = next(r for r in result.transfers if r.supplier == "S-01")
    assert engine.gap
    assert "S-01" in result.transfer_gaps
    ws, rows = _transfers(workbooks(date, lang), lang)
    i, row = next((i, r) for i, r in enumerate(rows, start=2) if r["ID"] == "S-01")
    assert row[_col("facts.country", lang)] == "US"
    assert row[_col("report.col.priority", lang)] == engine.priority is not None
    assert row[_col("report.col.exit_plan", lang)] == t("report.no", lang)
    exit_col = HEADERS.index("report.col.exit_plan") + 1
    assert fill_of(ws.cell(row=i, column=exit_col)) == _rgb(CATEGORY_FILLS["no_measure"])
    reasons = row[_col("report.col.findings", lang)]
    assert t("transfer.exit_plan_advised", lang) in reasons
    # The pending court case is known only after it was lodged.
    assert ("C-703/25 P" in reasons) is (date == AFTER)


@pytest.mark.parametrize("lang", LANGS)
def test_transfers_sheet_headers_and_layout(workbooks: Any, lang: Lang) -> None:
    wb = workbooks(AFTER, lang)
    title = t("report.sheet.transfers", lang)
    assert title == {"sv": "Överföringar", "en": "Transfers"}[lang]
    assert wb.sheetnames.index(title) == wb.sheetnames.index(t("report.sheet.risks", lang)) + 1
    ws = wb[title]
    assert [c.value for c in ws[1]] == [t(key, lang) for key in HEADERS]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:N{ws.max_row}"
    assert ws.print_title_rows == "$1:$1"
    assert ws.print_area.endswith(f"!$A$1:$M${ws.max_row}")  # the notes are for the screen
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.cell(row=3, column=7).number_format == "yyyy-mm-dd"  # S-02, a date


def test_headers_are_swedish_and_english(workbooks: Any) -> None:
    sv = workbooks(AFTER, "sv")["Överföringar"]
    en = workbooks(AFTER, "en")["Transfers"]
    assert [c.value for c in sv[1]][:4] == ["ID", "Leverantör", "Land", "Personuppgifter"]
    assert [c.value for c in en[1]][:4] == ["ID", "Supplier", "Country", "Personal data"]
    assert en["K1"].value == "Exit plan"
    assert sv["K1"].value == "Exitplan"


def _find(ws: Any, text: str) -> Any:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not on {ws.title}")


def _kpi(ws: Any, label: str) -> Any:
    cell = _find(ws, label)
    assert cell.column == 1
    return ws.cell(row=cell.row, column=4).value


@pytest.mark.parametrize(("date", "lang"), WRITTEN, ids=WRITTEN_IDS)
def test_transfer_gap_kpi(
    workbooks: Any, results: dict[dt.date, AnalysisResult], date: dt.date, lang: Lang
) -> None:
    gaps = {BEFORE: 2, AFTER: 1}[date]  # S-02 and S-01, then S-01 alone
    ws = workbooks(date, lang).worksheets[0]
    assert _kpi(ws, t("report.kpi.transfer_gaps", lang)) == len(results[date].transfer_gaps) == gaps
    # The key figures above it are where they were.
    assert _kpi(ws, t("report.kpi.gaps", lang)) == len(results[date].gaps)


def _authority_table(ws: Any, lang: Lang, count: int) -> tuple[int, list[list[Any]]]:
    """(title row, rows of [role, authority, basis, requirements]) of the supervision table."""
    title = _find(ws, t("facts.authorities", lang))
    header = title.row + 1
    reqs_col = _find(ws, t("report.col.catalog_reqs", lang)).column
    assert ws.cell(row=header, column=1).value == t("facts.role", lang)
    assert ws.cell(row=header, column=3).value == t("facts.authority", lang)
    assert ws.cell(row=header, column=4).value == t("report.col.legal_basis", lang)
    rows = [
        [ws.cell(row=r, column=c).value for c in (1, 3, 4, reqs_col)]
        for r in range(header + 1, header + 1 + count)
    ]
    return title.row, rows


@pytest.mark.parametrize("lang", LANGS)
def test_summary_authorities_equal_the_result(
    workbooks: Any, results: dict[dt.date, AnalysisResult], lang: Lang
) -> None:
    result = results[AFTER]
    ws = workbooks(AFTER, lang).worksheets[0]
    assert len(result.authorities) == 5  # with IVO, to judge manually
    title, rows = _authority_table(ws, lang, len(result.authorities))
    unverified = f" ({t('facts.unverified', lang)})"
    manual = f" ({t('facts.manual', lang)})"
    expected = [
        [
            t(f"role.{a.role.value}", lang),
            a.authority.name.get(lang) + (manual if a.manual else ""),
            a.basis + ("" if a.verified else unverified),
            ", ".join(a.requirements),
        ]
        for a in result.authorities
    ]
    assert rows == expected
    # Unverified facts are marked: text, amber fill, and the footnote under the table.
    for i, a in enumerate(result.authorities):
        basis = ws.cell(row=title + 2 + i, column=4)
        assert fill_of(basis) == ("" if a.verified else _rgb(CATEGORY_FILLS["partial"]))
        assert (basis.comment.text if basis.comment else None) == a.notes
    assert [a.authority.id for a in result.authorities if not a.verified] == ["imy"]
    note = ws.cell(row=title + 2 + len(result.authorities), column=1)
    assert note.value == t("report.note.unverified", lang)
    # Same table before the UK renewal: the profile, not the date, decides the authorities.
    assert results[BEFORE].authorities == result.authorities


def test_authorities_on_page_1_below_the_charts(workbooks: Any) -> None:
    ws = workbooks(AFTER, "en").worksheets[0]
    title = _find(ws, "Supervision and reporting").row
    (page_break,) = ws.row_breaks.brk
    charts_end = max(c.anchor._from.row for c in ws._charts) + 16  # 0-based anchors
    assert charts_end < title < page_break.id
    assert _find(ws, t("report.section.sources", "en")).row > page_break.id
    assert ws.print_area.endswith(f"!$A$1:$K${ws.max_row}")


def _role(i: int) -> AuthorityRole:
    name = LocalizedText(sv=f"Myndighet {i}", en=f"Authority {i}")
    return AuthorityRole(
        role=RoleKind.SUPERVISION,
        authority=AuthorityRef(id=f"a{i}", short=f"A{i}", name=name),
        basis="SFS 2025:1507 7 §; " + "mycket lång hänvisning " * 6,
        rule=f"rule-{i}",
        verified=True,
    )


def test_a_long_authority_list_moves_to_page_2(tiny: Any) -> None:
    """Page 1 keeps its key figures and charts: a table too long for it follows the sources."""
    catalog, org, result = tiny
    fits = build_workbook(result.model_copy(update={"authorities": [_role(1)]}), catalog, org, "en")
    ws = fits.worksheets[0]
    assert _find(ws, "Supervision and reporting").row < ws.row_breaks.brk[0].id
    many = [_role(i) for i in range(30)]
    wb = build_workbook(result.model_copy(update={"authorities": many}), catalog, org, "en")
    ws = wb.worksheets[0]
    title, rows = _authority_table(ws, "en", len(many))
    (page_break,) = ws.row_breaks.brk
    assert _find(ws, t("report.section.sources", "en")).row == page_break.id + 1 < title
    assert title < _find(ws, t("cli.top_gaps", "en", n=min(10, len(result.gaps)))).row
    assert [r[1] for r in rows] == [f"Authority {i}" for i in range(30)]


def test_no_register_no_transfer_figure(workbook: Any, tiny: Any) -> None:
    """Without suppliers: no transfer KPI, a Transfers sheet with its header only, and no
    supervision table when no authority is known."""
    _, _, result = tiny
    assert not result.transfers
    assert not result.authorities
    wb = workbook("sv")
    labels = {c.value for c in wb.worksheets[0]["A"]}
    assert t("report.kpi.transfer_gaps", "sv") not in labels
    assert t("facts.authorities", "sv") not in labels
    ws = wb[t("report.sheet.transfers", "sv")]
    assert [c.value for c in ws[1]] == [t(key, "sv") for key in HEADERS]
    assert rows_of(ws) == []
