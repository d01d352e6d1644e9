"""Helpers for the workbook tests (importable by name: pytest puts this rootless test directory
on sys.path, and the name is unique across the test tree)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from gapcheck.catalog import load_org
from gapcheck.engine import analyze
from gapcheck.model import Catalog, Lang, OrgData
from gapcheck.model.result import AnalysisResult
from gapcheck.report import import_measures, write_workbook

DATA = Path(__file__).parents[1] / "data"
EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"
AS_OF = dt.date(2026, 6, 1)


def run(catalog: Catalog, org: OrgData, as_of: dt.date = AS_OF) -> AnalysisResult:
    """The engine's result (the organisation's own version pins apply)."""
    return analyze(catalog, org, as_of, dict(org.organisation.source_versions))


def rows_of(ws: Any) -> list[dict[str, Any]]:
    """A table sheet's data rows as dicts keyed by header text (header in row 1)."""
    values = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in values[0]]
    return [dict(zip(header, row, strict=True)) for row in values[1:] if any(row)]


def fill_of(cell: Any) -> str:
    """A cell's solid fill colour as six hex digits ('' when none)."""
    if cell.fill is None or cell.fill.fill_type != "solid":
        return ""
    return str(cell.fill.start_color.rgb)[-6:]


def visible(wb: Any) -> list[str]:
    """The titles of the sheets a reader sees (not the hidden gapcheck sheet)."""
    return [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]


def export(catalog: Catalog, org_dir: Path, path: Path, lang: Lang = "sv") -> OrgData:
    """Write the workbook of the organisation in `org_dir` to `path`, as `gapcheck report`."""
    org = load_org(org_dir, catalog)
    write_workbook(run(catalog, org), catalog, org, path, lang)
    return org


def import_into(catalog: Catalog, org_dir: Path, xlsx: Path, **kw: Any) -> Any:
    """`import_measures` of `xlsx` into the organisation in `org_dir`, freshly loaded."""
    return import_measures(xlsx, org_dir, catalog, load_org(org_dir, catalog), **kw)


def exported(
    catalog: Catalog,
    org_dir: Path,
    path: Path,
    edits: dict[tuple[str, str], Any],
    lang: Lang = "sv",
) -> Path:
    """Export the organisation's workbook to `path` and make `edits` — {(measure id, column
    header): value} — in its Action plan sheet, as an officer would in Excel."""
    export(catalog, org_dir, path, lang)
    sheet = Sheet(path)
    for (ident, header), value in edits.items():
        sheet.set(ident, header, value)
    return sheet.save()


class Sheet:
    """The Action plan sheet of a workbook, edited the way an officer would in Excel."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wb = openpyxl.load_workbook(path)
        self.ws = next(ws for ws in self.wb if ws.title in ("Åtgärdsplan", "Action plan"))
        self.cols = {c.value: c.column for c in self.ws[1]}

    def row_of(self, measure_id: str) -> int:
        col = self.cols["ID"]
        return next(
            r for r in range(2, self.ws.max_row + 1) if self.ws.cell(r, col).value == measure_id
        )

    def set(self, measure_id: str, header: str, value: Any) -> None:
        self.ws.cell(self.row_of(measure_id), self.cols[header]).value = value

    def append(self, values: dict[str, Any]) -> int:
        row = self.ws.max_row + 1
        for header, value in values.items():
            self.ws.cell(row, self.cols[header]).value = value
        return row

    def delete(self, measure_id: str) -> None:
        self.ws.delete_rows(self.row_of(measure_id))

    def save(self) -> Path:
        self.wb.save(self.path)
        return self.path


def sheet_part(xlsx: Path, title: str) -> str:
    """The name of the zip part holding the sheet `title` (via workbook.xml and its rels)."""
    import re
    import zipfile

    with zipfile.ZipFile(xlsx) as book:
        workbook = book.read("xl/workbook.xml").decode("utf-8")
        rels = book.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="([^"]+)"', workbook)
    assert rid is not None, title
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
    if target is None:  # attributes in the other order
        target = re.search(rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target is not None, title
    return "xl/" + target.group(1).removeprefix("/xl/")


def rewrite_part(xlsx: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one part of the workbook's zip file in place (a hostile edit)."""
    import zipfile

    with zipfile.ZipFile(xlsx) as book:
        parts = [(info, book.read(info.filename)) for info in book.infolist()]
    with zipfile.ZipFile(xlsx, "w", zipfile.ZIP_DEFLATED) as book:
        for info, data in parts:
            book.writestr(info.filename, change(data) if info.filename == part else data)
    return xlsx
