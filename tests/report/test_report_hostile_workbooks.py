"""Damaged and hostile workbooks are problems, never tracebacks (issue 14 items 7, 8, 14), and
a Swedish workbook is Swedish in every value a user reads or types (issue 10 item 6).

Each hostile workbook is made here from a real export, by editing its XML as a broken program
or an attacker would."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from gapcheck.errors import OrganisationError
from gapcheck.model import Catalog, Lang
from gapcheck.report import xlsxread
from tests.support.report_helpers import Sheet, export, import_into, rewrite_part, sheet_part

SV_PLAN = "Åtgärdsplan"


@pytest.fixture
def xlsx(catalog: Catalog, org_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    export(catalog, org_dir, path)
    return path


def _plan_xml(xlsx: Path, change: Any) -> Path:
    return rewrite_part(xlsx, sheet_part(xlsx, SV_PLAN), change)


def _problems(catalog: Catalog, org_dir: Path, xlsx: Path) -> list[str]:
    with pytest.raises(OrganisationError) as info:
        import_into(catalog, org_dir, xlsx, file="plan.xlsx")
    return [str(p) for p in info.value.problems]


def _cell(xml: bytes, ref: str, replacement: bytes) -> bytes:
    """Replace the cell `ref` (self-closed or not) with `replacement`."""
    pattern = rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)'
    new, n = re.subn(pattern, replacement, xml, count=1, flags=re.S)
    assert n == 1, ref
    return new


def test_truncated_sheet_xml(catalog: Catalog, org_dir: Path, xlsx: Path) -> None:
    _plan_xml(xlsx, lambda xml: xml[: len(xml) // 2])
    (message,) = _problems(catalog, org_dir, xlsx)
    assert "sheet 'Åtgärdsplan': the sheet's XML is damaged" in message


def test_a_shared_string_index_out_of_range(catalog: Catalog, org_dir: Path, xlsx: Path) -> None:
    _plan_xml(xlsx, lambda xml: _cell(xml, "E2", b'<c r="E2" t="s"><v>99999</v></c>'))
    (message,) = _problems(catalog, org_dir, xlsx)
    assert "row 2, column E: the cell refers to a text the workbook does not have" in message


def test_a_date_cell_that_is_no_date(catalog: Catalog, org_dir: Path, xlsx: Path) -> None:
    _plan_xml(xlsx, lambda xml: _cell(xml, "F2", b'<c r="F2" t="d"><v>9999-99-99</v></c>'))
    (message,) = _problems(catalog, org_dir, xlsx)
    assert "row 2, column F: the cell is marked as a date but does not hold a valid one" in message


def test_nan_in_the_plan_year(catalog: Catalog, org_dir: Path, xlsx: Path) -> None:
    _plan_xml(xlsx, lambda xml: xml.replace(b"<v>2027</v>", b"<v>NaN</v>", 1))
    (message,) = _problems(catalog, org_dir, xlsx)
    assert "row 3, column A: the cell holds an infinite or undefined number (NaN)" in message


def test_damaged_styles_show_the_cause_not_see_the_exception(
    catalog: Catalog, org_dir: Path, xlsx: Path
) -> None:
    rewrite_part(xlsx, "xl/styles.xml", lambda xml: xml.replace(b"<fonts", b"<fonts><<", 1))
    (message,) = _problems(catalog, org_dir, xlsx)
    assert "cannot read the workbook" in message
    assert "see the exception" not in message
    assert "caused by" in message


def test_reading_stops_after_the_last_row_with_a_value(
    catalog: Catalog, org_dir: Path, xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl.worksheet._reader import WorkSheetParser

    blank = b"".join(b'<row r="%d"><c r="A%d" s="1"/></row>' % (i, i) for i in range(5, 200_001))
    _plan_xml(xlsx, lambda xml: xml.replace(b"</sheetData>", blank + b"</sheetData>"))
    parsed = []
    original = WorkSheetParser.parse_row

    def counting(self: Any, row: Any) -> Any:
        parsed.append(1)
        return original(self, row)

    monkeypatch.setattr(WorkSheetParser, "parse_row", counting)
    assert import_into(catalog, org_dir, xlsx).changes == ()
    assert len(parsed) < 20, "the 199,996 formatted blank rows are never parsed by openpyxl"


def test_a_formula_cell_is_imported_with_a_warning(
    catalog: Catalog, org_dir: Path, xlsx: Path
) -> None:
    formula = b'<c r="E2" t="str"><f>"IT-"&amp;"chef"</f><v>IT-chef</v></c>'
    _plan_xml(xlsx, lambda xml: _cell(xml, "E2", formula))
    outcome = import_into(catalog, org_dir, xlsx)
    (warning,) = outcome.warnings
    assert "row 2, column E (Ansvarig): the cell holds a formula" in str(warning)
    assert "last saved was imported" in str(warning)
    assert [f.new for c in outcome.changes for f in c.fields] == ["IT-chef"]


def test_problems_are_capped_with_a_count(catalog: Catalog, org_dir: Path, xlsx: Path) -> None:
    sheet = Sheet(xlsx)
    for i in range(120):
        sheet.append(
            {"ID": f"X-{i}", "Rubrik": "x", "Status": "okänd", "Kontroller": "iso27001:A.5.1"}
        )
    messages = _problems(catalog, org_dir, sheet.save())
    assert len(messages) == xlsxread.MAX_PROBLEMS + 1
    assert any("… and 70 more problems" in m for m in messages)


def test_an_unedited_workbook_with_control_characters_reimports_unchanged(
    catalog: Catalog, org_dir: Path, tmp_path: Path
) -> None:
    path = org_dir / "measures.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "title: Informationssäkerhetspolicy",
        'title: "Policy\\a med\\r\\nradbrytning och _x0041_ och \\x1b[31m"',
    )
    path.write_text(text, encoding="utf-8")
    for lang in ("sv", "en"):
        xlsx = tmp_path / f"plan-{lang}.xlsx"
        export(catalog, org_dir, xlsx, lang)
        assert import_into(catalog, org_dir, xlsx).changes == ()


# --- Swedish all the way -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words"), [("sv", ("hel", "delvis")), ("en", ("full", "partial"))]
)
def test_extents_are_written_in_the_sheets_language(
    catalog: Catalog, org_dir: Path, tmp_path: Path, lang: Lang, words: tuple[str, str]
) -> None:
    xlsx = tmp_path / "plan.xlsx"
    export(catalog, org_dir, xlsx, lang)
    sheet = Sheet(xlsx)
    links = "Kontroller" if lang == "sv" else "Controls"
    cell = sheet.ws.cell(sheet.row_of("M-02"), sheet.cols[links]).value
    assert cell == f"iso27001:A.5.24 ({words[1]}); iso27001:A.6.3 ({words[0]})"
    note = sheet.ws.cell(1, sheet.cols[links]).comment.text
    assert f"({words[0]})" in note
    assert f"({words[1]})" in note


def test_extents_are_read_in_either_language(catalog: Catalog, org_dir: Path, xlsx: Path) -> None:
    sheet = Sheet(xlsx)
    sheet.set("M-02", "Kontroller", "iso27001:A.5.24 (Hel); iso27001:A.6.3 (partial)")
    sheet.set("M-01", "Kontroller", "iso27001:A.5.1 (DELVIS)")
    outcome = import_into(catalog, org_dir, sheet.save())
    by_id = {m.id: m for m in outcome.measures}
    assert [c.extent.value for c in by_id["M-02"].controls] == ["full", "partial"]
    assert [c.extent.value for c in by_id["M-01"].controls] == ["partial"]


def test_an_unknown_extent_names_the_sheets_words(
    catalog: Catalog, org_dir: Path, xlsx: Path
) -> None:
    sheet = Sheet(xlsx)
    sheet.set("M-01", "Kontroller", "iso27001:A.5.1 (halv)")
    (message,) = _problems(catalog, org_dir, sheet.save())
    assert "unknown extent 'halv' in 'iso27001:A.5.1 (halv)'; use 'hel' or 'delvis'" in message


def test_changes_show_extents_in_the_chosen_language(
    catalog: Catalog, org_dir: Path, xlsx: Path
) -> None:
    from gapcheck.report.importer import change_lines

    sheet = Sheet(xlsx)
    sheet.set("M-01", "Kontroller", "iso27001:A.5.1 (delvis)")
    (change,) = import_into(catalog, org_dir, sheet.save(), dry_run=True).changes
    assert "  Kontroller: iso27001:A.5.1 (hel) → iso27001:A.5.1 (delvis)" in change_lines(
        change, "sv"
    )
    assert "  Controls: iso27001:A.5.1 (full) → iso27001:A.5.1 (partial)" in change_lines(
        change, "en"
    )
