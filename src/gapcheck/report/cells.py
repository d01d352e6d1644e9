"""Cell-level building blocks: safe text, styles, traffic-light fills and table sheets.

Every text cell of the workbook is written through `put_text`, the one place that neutralises
formula injection: text that Excel or LibreOffice would read as a formula (or that a CSV
export would turn into one) is stored as a string cell with the *quote prefix* style. Both
programs show such a cell as text, keep it text when the user edits it, and the value read
back is exactly the input (no apostrophe is added to the data).

The font and the traffic-light fills (`font`, `CATEGORY_FILLS`, `TRANSFER_FILLS`,
`level_fill`, `HEADER_FILL`, `BAND_FILL`, `FONT_NAME`) are defined in
`gapcheck.report._styles` and re-exported here; cells, tables, row sizing and print set-up are
defined here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.report._styles import (
    BAND_FILL,
    CATEGORY_FILLS,
    FONT_NAME,
    HEADER_FILL,
    TRANSFER_FILLS,
    font,
    level_fill,
)

__all__ = [
    "BAND_FILL",
    "CATEGORY_FILLS",
    "DATE_FORMAT",
    "DEFAULT_ROW_HEIGHT",
    "FONT_NAME",
    "HEADER_FILL",
    "MAX_ROW_LINES",
    "PCT_FORMAT",
    "TRANSFER_FILLS",
    "Column",
    "Kind",
    "Value",
    "font",
    "header_width",
    "level_fill",
    "page_height",
    "put",
    "put_text",
    "row_height",
    "setup_print",
    "text_lines",
    "write_table",
]

Value = str | float | int | dt.date | None
Kind = Literal["text", "wrap", "pct", "date", "int", "num"]

PCT_FORMAT = "0%"
DATE_FORMAT = "yyyy-mm-dd"
# Leading characters that make a spreadsheet (or a CSV import) evaluate a text as a formula.
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Characters XML 1.0 cannot hold; openpyxl would raise IllegalCharacterError on them.
_ILLEGAL = dict.fromkeys((*range(0, 9), 11, 12, *range(14, 32)))

_HEADER_FONT = font(bold=True, color="FFFFFF")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
_HEADER_RIGHT = Alignment(wrap_text=True, vertical="center", horizontal="right")
_TEXT_KINDS = ("text", "wrap")
_TOP = Alignment(vertical="top")
_TOP_WRAP = Alignment(vertical="top", wrap_text=True)
_THIN = Side(style="thin", color="BFBFBF")
_GROUP_BORDER = Border(top=Side(style="medium", color="1F3864"))


_LINE_HEIGHT = 14.0
MAX_ROW_LINES = 12
"""Rows grow with their text up to this many lines; the rest shows in the cell when selected."""
# Characters of ordinary text per unit of column width (a unit is one '0' of the body font).
_CHARS_PER_UNIT = 1.2
_BOLD_CHARS_PER_UNIT = 1.0


def text_lines(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines `text` takes when wrapped in a column `width` units wide (greedy word
    wrap, as spreadsheets do; an estimate, erring on the generous side)."""
    per_unit = _BOLD_CHARS_PER_UNIT if bold else _CHARS_PER_UNIT
    per_line = max(int(width * per_unit) - 1, 1)
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split(" "):
            size = len(word)
            if used and used + 1 + size > per_line:
                lines += 1
                used = 0
            if size > per_line:  # a long word is broken across lines
                lines += (size - 1) // per_line
                size = (size - 1) % per_line + 1
            used += size + (1 if used else 0)
    return max(lines, 1)


def header_width(column: Column) -> float:
    """The column's width, widened so that no word of its (bold) header is broken."""
    longest = max((len(word) for word in column.header.split()), default=0)
    return max(column.width, (longest + 2) / _BOLD_CHARS_PER_UNIT)


def row_height(lines: int) -> float:
    return _LINE_HEIGHT * lines + 3


def put_text(ws: Worksheet, row: int, col: int, text: str) -> Any:
    """Write `text` as a text cell that no spreadsheet evaluates; return the cell.

    The one guard against formula injection: all text, whatever its origin, passes here.
    """
    text = text.translate(_ILLEGAL)
    cell = ws.cell(row=row, column=col)
    cell.value = text
    # openpyxl infers a formula from a leading '='; force a plain string cell instead.
    cell.data_type = "s"
    if text.startswith(_DANGEROUS):
        cell.quotePrefix = True
    return cell


def put(ws: Worksheet, row: int, col: int, value: Value, kind: Kind = "text") -> Any:
    """Write one value with the number format and alignment of its kind; return the cell."""
    if isinstance(value, str):
        cell = put_text(ws, row, col, value)
    else:
        cell = ws.cell(row=row, column=col)
        cell.value = value
        if kind == "pct":
            cell.number_format = PCT_FORMAT
        elif kind == "date":
            cell.number_format = DATE_FORMAT
    cell.alignment = _TOP_WRAP if kind == "wrap" else _TOP
    return cell


@dataclass(frozen=True)
class Column:
    """One table column: header (already translated), width in characters, and kind."""

    header: str
    width: float
    kind: Kind = "text"
    fit: bool = True  # whether the row grows to show all of this column's text


Styler = Callable[[int, Sequence[Value]], dict[int, tuple[PatternFill, Font]]]
"""For a row (0-based index, values): column index (0-based) → fill and font to apply."""


def write_table(
    ws: Worksheet,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Value]],
    *,
    styler: Styler | None = None,
    group_of: Callable[[Sequence[Value]], object] | None = None,
    header_row: int = 1,
    freeze_cols: int = 0,
) -> int:
    """Write a header row and data rows as a filterable, printable table; return the last row.

    `group_of` draws a rule above each row whose group differs from the previous row's (used to
    show plan years); the header is frozen and repeated on every printed page.
    """
    for c, column in enumerate(columns, start=1):
        cell = put_text(ws, header_row, c, column.header)
        cell.fill, cell.font = HEADER_FILL, _HEADER_FONT
        cell.alignment = _HEADER_ALIGN if column.kind in _TEXT_KINDS else _HEADER_RIGHT
        ws.column_dimensions[get_column_letter(c)].width = header_width(column)
    r = header_row
    previous: object = None
    for i, values in enumerate(rows):
        r += 1
        lines = 1
        for c, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            put(ws, r, c, value, column.kind)
            if column.kind == "wrap" and column.fit and isinstance(value, str):
                lines = max(lines, text_lines(value, column.width))
        # Neither Excel nor LibreOffice grows rows on opening a file; size them here.
        if lines > 1:
            ws.row_dimensions[r].height = row_height(min(lines, MAX_ROW_LINES))
        if styler is not None:
            for c, (fill, font) in styler(i, values).items():
                cell = ws.cell(row=r, column=c + 1)
                cell.fill, cell.font = fill, font
        if group_of is not None:
            group = group_of(values)
            if i > 0 and group != previous:
                for c in range(1, len(columns) + 1):
                    ws.cell(row=r, column=c).border = _GROUP_BORDER
            previous = group
    last_col = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A{header_row}:{last_col}{max(r, header_row + 1)}"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=freeze_cols + 1).coordinate
    ws.print_title_rows = f"{header_row}:{header_row}"
    header_lines = max(
        (text_lines(c.header, header_width(c), bold=True) for c in columns), default=1
    )
    ws.row_dimensions[header_row].height = row_height(max(header_lines, 2))
    return r


# A4 landscape in points, and the margins setup_print sets (inches).
_PAGE_WIDTH, _PAGE_HEIGHT = 842.0, 595.0
_SIDE_MARGIN, _TOP_MARGIN = 0.4, 0.6
DEFAULT_ROW_HEIGHT = 15.0
"""Points of a row without a set height (Calibri 11; LibreOffice's Carlito gives the same)."""


def page_height(widths: Iterable[float]) -> float:
    """Points of sheet rows that one printed page holds when columns `widths` (the print area)
    are fitted to one page wide by `setup_print`: the printable height over the scale."""
    # A width unit is one '0' of the body font: 7 pixels, 5.25 points.
    total = sum(widths) * 5.25
    printable_width = _PAGE_WIDTH - 2 * 72 * _SIDE_MARGIN
    scale = min(1.0, printable_width / total) if total else 1.0
    return (_PAGE_HEIGHT - 2 * 72 * _TOP_MARGIN) / scale


def setup_print(ws: Worksheet, org_name: str, as_of: dt.date, lang: Lang) -> None:
    """A4 landscape, fit to one page wide, narrow margins, page header and numbered footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = _SIDE_MARGIN
    ws.page_margins.top = ws.page_margins.bottom = _TOP_MARGIN
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.oddHeader.left.text = _header_text(org_name)
    ws.oddHeader.left.size = 8
    ws.oddHeader.center.text = "&A"
    ws.oddHeader.center.size = 8
    ws.oddHeader.right.text = _header_text(t("report.as_of", lang, date=as_of.isoformat()))
    ws.oddHeader.right.size = 8
    ws.oddFooter.center.text = t("report.page", lang)
    ws.oddFooter.center.size = 8
    ws.oddFooter.right.text = "gapcheck"
    ws.oddFooter.right.size = 8


def _header_text(text: str) -> str:
    """Page header text with the header/footer code character '&' escaped."""
    return text.translate(_ILLEGAL).replace("&", "&&")
