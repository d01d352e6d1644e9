"""Text that a spreadsheet would run as a formula is written as text, and stays text."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gapcheck.model.org import Measure
from gapcheck.report.cells import put_text
from tests.support.report_helpers import rows_of

HYPERLINK = '=HYPERLINK("http://x","y")'
HOSTILE = [HYPERLINK, "+1+1", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1", "=1+1"]


def _hostile_org(org: Any) -> Any:
    m = org.measures[0]
    evil = m.model_copy(
        update={
            "title": HYPERLINK,
            "owner": "@SUM(1,2)",
            "description": "-2+3",
            "evidence": ["+1+1", "=cmd|' /C calc'!A0"],
        }
    )
    return org.model_copy(update={"measures": (evil, *org.measures[1:])})


def test_measure_titled_as_a_formula_is_text(workbook: Any, tiny: Any) -> None:
    wb = workbook("en", _hostile_org(tiny[1]))
    ws = wb["Action plan"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    cell = cells[HYPERLINK]
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    assert cells["@SUM(1,2)"].quotePrefix is True
    assert cells["-2+3"].quotePrefix is True
    row = next(r for r in rows_of(ws) if r["ID"] == "M-01")
    assert row["Title"] == HYPERLINK
    assert row["Evidence"] == "+1+1\n=cmd|' /C calc'!A0"


def test_no_sheet_of_the_workbook_holds_a_formula(workbook: Any, tiny: Any) -> None:
    wb = workbook("sv", _hostile_org(tiny[1]))
    with zipfile.ZipFile(wb.path) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            xml = book.read(name).decode("utf-8")
            assert "<f>" not in xml, name
            assert "<f " not in xml, name
    # The title also reaches other sheets (the SoA lists measures by id, gaps by title).
    gaps = rows_of(wb["Gap"])
    assert all(not str(v).startswith("=") or v == HYPERLINK for r in gaps for v in r.values())


@pytest.mark.parametrize("text", HOSTILE)
def test_put_text_marks_every_dangerous_start(tmp_path: Path, text: str) -> None:
    wb = openpyxl.Workbook()
    put_text(wb.active, 1, 1, text)
    path = tmp_path / "x.xlsx"
    wb.save(path)
    cell = openpyxl.load_workbook(path).active["A1"]
    # XML turns a carriage return into a line feed; the text is otherwise unchanged.
    assert cell.value == text.replace("\r", "\n")
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


def test_harmless_text_gets_no_prefix(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    cell = put_text(wb.active, 1, 1, "Informationssäkerhetspolicy = styrande")
    assert cell.quotePrefix is False
    assert cell.data_type == "s"


def test_control_characters_xml_cannot_hold_are_dropped(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    put_text(wb.active, 1, 1, "a\x00b\x1bc")
    wb.save(tmp_path / "x.xlsx")
    assert openpyxl.load_workbook(tmp_path / "x.xlsx").active["A1"].value == "abc"


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice not installed")
def test_libreoffice_shows_the_formula_as_text(tmp_path: Path) -> None:
    """LibreOffice computes a sheet on loading; a formula would come out as its value 'y'."""
    wb = openpyxl.Workbook()
    for i, text in enumerate([HYPERLINK, "=1+1", "+1+1", "@SUM(1,2)"], start=1):
        put_text(wb.active, i, 1, text)
    wb.active["B1"] = "=1+1"  # a real formula, to show the conversion does compute
    source = tmp_path / "x.xlsx"
    wb.save(source)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    lines = (tmp_path / "x.csv").read_text(encoding="utf-8", errors="replace").splitlines()
    assert lines[0] == '"=HYPERLINK(""http://x"",""y"")",2'
    assert lines[1:4] == ["=1+1,", "+1+1,", '"@SUM(1,2)",']


def test_measure_model_strips_leading_whitespace_before_the_guard() -> None:
    # Tab and CR starts reach the workbook only from catalog or computed text; the model
    # strips them from measure fields, and put_text guards whatever remains.
    m = Measure.model_validate(
        {"id": "M-1", "title": "\t=1+1", "status": "planned", "controls": [{"control": "c:1"}]}
    )
    assert m.title == "=1+1"
