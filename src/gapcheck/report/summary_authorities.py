"""The Summary sheet's "Supervision and reporting" table: which authority supervises the
organisation and where incidents are reported, on what legal basis."""

from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.model.result import AnalysisResult
from gapcheck.report._summary_layout import (
    HEADER_FONT,
    NOTE,
    NUMBER_WIDTH,
    TEXT_WIDTHS,
    WIDE,
    WRAP,
    section,
)
from gapcheck.report.cells import (
    CATEGORY_FILLS,
    DEFAULT_ROW_HEIGHT,
    HEADER_FILL,
    put,
    put_text,
    row_height,
    text_lines,
)

__all__ = ["authorities", "authorities_height"]


def _authority_rows(result: AnalysisResult, lang: Lang) -> list[tuple[str, str, str, str]]:
    """(role, authority, legal basis marked when not verified, catalog requirements)."""
    rows = []
    for a in result.authorities:
        basis = a.basis if a.verified else f"{a.basis} ({t('facts.unverified', lang)})"
        name = a.authority.name.get(lang)
        if a.manual:
            name += f" ({t('facts.manual', lang)})"
        rows.append(
            (
                t(f"role.{a.role.value}", lang),
                name,
                basis,
                ", ".join(a.requirements),
            )
        )
    return rows


def _authority_widths(wide_col: int) -> tuple[float, ...]:
    """Role (A:B), authority (C), legal basis (D up to the wide column), requirements (wide)."""
    a, b, c, d = TEXT_WIDTHS
    return (a + b, c, d + NUMBER_WIDTH * (wide_col - len(TEXT_WIDTHS) - 1), WIDE)


def _authority_lines(result: AnalysisResult, lang: Lang, wide_col: int) -> list[int]:
    widths = _authority_widths(wide_col)
    return [
        max(text_lines(text, width) for text, width in zip(row, widths, strict=True))
        for row in _authority_rows(result, lang)
    ]


def authorities_height(result: AnalysisResult, lang: Lang, wide_col: int) -> float:
    """Points the supervision table takes: title, header, rows and the footnote."""
    note = any(not a.verified for a in result.authorities)
    rows = sum(row_height(n) for n in _authority_lines(result, lang, wide_col))
    return DEFAULT_ROW_HEIGHT * (2 if note else 1) + row_height(2) + rows


def authorities(ws: Worksheet, result: AnalysisResult, lang: Lang, row: int, wide_col: int) -> int:
    """'Supervision and reporting': role, authority, legal basis (marked when not verified),
    the catalog requirements that state it; notes as comments. Returns the last row."""
    section(ws, row, 1, t("facts.authorities", lang))
    row += 1
    basis_end = wide_col - 1
    starts = (1, 3, 4, wide_col)
    labels = ("facts.role", "facts.authority", "report.col.legal_basis", "report.col.catalog_reqs")
    for c in range(1, wide_col + 1):
        ws.cell(row=row, column=c).fill = HEADER_FILL
    for col, key in zip(starts, labels, strict=True):
        cell = put_text(ws, row, col, t(key, lang))
        cell.font, cell.alignment = HEADER_FONT, WRAP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=basis_end)
    ws.row_dimensions[row].height = row_height(2)
    lines = _authority_lines(result, lang, wide_col)
    for a, values, n in zip(result.authorities, _authority_rows(result, lang), lines, strict=True):
        row += 1
        for col, value in zip(starts, values, strict=True):
            put(ws, row, col, value, "wrap")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=basis_end)
        basis = ws.cell(row=row, column=4)
        if not a.verified:
            basis.fill, basis.font = CATEGORY_FILLS["partial"]
        if a.notes:  # on screen, without taking room on the page
            basis.comment = Comment(a.notes, "gapcheck", 300, 110)
        ws.row_dimensions[row].height = row_height(n)
    if any(not a.verified for a in result.authorities):
        row += 1
        put_text(ws, row, 1, t("report.note.unverified", lang)).font = NOTE
    return row
