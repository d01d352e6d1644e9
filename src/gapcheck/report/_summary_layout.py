"""Fonts, column widths and the section and header rows the Summary sheet's parts share."""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.report.cells import HEADER_FILL, font, put_text, row_height

__all__ = [
    "BOLD",
    "CHART_ROWS",
    "HEADER_FONT",
    "NOTE",
    "NUMBER_WIDTH",
    "PAGE_FILL",
    "SECTION",
    "TEXT_WIDTHS",
    "WIDE",
    "WRAP",
    "header",
    "section",
]

SECTION = font(bold=True, size=12, color="1F3864")
BOLD = font(bold=True)
HEADER_FONT = font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
# Fixed text columns, then one narrow column per number, then one wide text column.
TEXT_WIDTHS = (12.0, 16.0, 40.0, 25.0)
NUMBER_WIDTH = 12.0
WIDE = 46.0
CHART_ROWS = 16  # rows a 7.5 cm chart covers
NOTE = font(size=9, color="595959")
# Share of the computed page height page 1 may fill: LibreOffice and Excel round the scale.
PAGE_FILL = 0.95


def section(ws: Worksheet, row: int, col: int, text: str) -> None:
    put_text(ws, row, col, text).font = SECTION


def header(ws: Worksheet, row: int, first: int, labels: list[str], lines: int = 2) -> None:
    for i, label in enumerate(labels):
        cell = put_text(ws, row, first + i, label)
        cell.fill, cell.font, cell.alignment = HEADER_FILL, HEADER_FONT, WRAP
    ws.row_dimensions[row].height = row_height(lines)
