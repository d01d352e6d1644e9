"""A fast first pass over a worksheet's XML, before openpyxl reads a single cell.

openpyxl's read-only mode parses lazily, so a damaged sheet (truncated XML, a shared-string
index out of range, a date cell `9999-99-99`, `NaN` in a number cell) would raise in the middle
of the read. This pass parses the sheet once with defusedxml's streaming parser and finds:

- the last row that holds a value, so the read stops there (a sheet with 1.3 million formatted
  blank rows below the plan is read up to the plan's last row);
- every cell whose stored value openpyxl could not convert, with its row and column;
- every formula cell, whose last calculated value is what gets imported;
- damaged XML, as one error instead of a traceback.

Nothing here echoes more than a few characters of what the file holds.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import IO
from xml.etree.ElementTree import Element

from gapcheck.errors import Msg

__all__ = ["BadCell", "Scan", "ScanError", "last_value_row", "scan_sheet"]

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _FORMULA, _INLINE = (
    f"{_NS}row",
    f"{_NS}c",
    f"{_NS}v",
    f"{_NS}f",
    f"{_NS}is",
)
_COORD = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?Z?$")
MAX_COLUMN = 16_384  # Excel's last column, XFD
_ROW_OF_REF = re.compile(rb'\br="\$?[A-Z]{1,3}\$?([0-9]{1,7})"')


class ScanError(ValueError):
    """The sheet's XML cannot be read; `msg` says where, never what it holds."""

    def __init__(self, msg: Msg) -> None:
        self.msg = msg
        super().__init__(msg.render("en"))


@dataclass(frozen=True)
class BadCell:
    row: int
    column: int
    what: str  # a key of messages.toml (import.cell.*)


@dataclass
class Scan:
    """What the first pass found; rows and columns are 1-based as in Excel."""

    last_row: int = 0
    rows: int = 0
    formulas: set[tuple[int, int]] = field(default_factory=set)
    bad: list[BadCell] = field(default_factory=list)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _where(ref: str | None, row: int, column: int) -> tuple[int, int] | None:
    """(row, column) of a cell: its `r` reference, else the next position in its row."""
    if ref is None:
        return row, column + 1
    match = _COORD.match(ref)
    if match is None:
        return None
    return int(match.group(2)), _column_number(match.group(1))


def _check_value(kind: str, text: str, shared: int) -> str | None:
    """Why openpyxl could not convert the stored value `text` of a cell of type `kind`."""
    if kind == "n":
        try:
            number = float(text)
        except ValueError:
            return "import.cell.not_number"
        if not math.isfinite(number):
            return "import.cell.nan"
        if "." not in text and "e" not in text.casefold():
            try:
                int(text)
            except ValueError:
                return "import.cell.not_number"
    elif kind == "s":
        if not text.isdigit() or int(text) >= shared:
            return "import.cell.shared_string"
    elif kind == "d":
        try:
            if not _ISO.match(text):
                raise ValueError(text)
            dt.date.fromisoformat(text[:10])
        except ValueError:
            return "import.cell.not_date"
    elif kind == "b" and text not in ("0", "1"):
        return "import.cell.not_bool"
    return None


def last_value_row(xml: bytes) -> int | None:
    """The last row of the sheet XML `xml` with a cell that is not empty, found by searching
    backwards from the end for the last `</c>` (a cell with content; `<c r="B7" s="1"/>` is a
    formatted empty one): milliseconds for a million blank rows. 0 when no cell has content;
    None when that cell has no `r` reference or the XML uses a prefix, so only a parse can say.
    """
    end = len(xml)
    while True:
        close = xml.rfind(b"</c>", 0, end)
        if close < 0:
            return None if b":c>" in xml else 0
        start = max(xml.rfind(b"<c ", 0, close), xml.rfind(b"<c>", 0, close))
        tag_end = xml.find(b">", start, close)
        if start < 0 or tag_end < 0:
            return None
        if tag_end + 1 < close:
            match = _ROW_OF_REF.search(xml, start, tag_end)
            return int(match.group(1)) if match is not None else None
        end = start  # `<c r="B7"></c>`: empty, look further up


def scan_sheet(
    source: IO[bytes], shared_strings: int, max_rows: int, stop_after: int | None = None
) -> Scan:
    """Scan the worksheet XML in `source`; `shared_strings` is how many the workbook has.
    With `stop_after` (from `last_value_row`), the rows below it are not parsed at all.

    Raises ScanError on damaged XML or more than `max_rows` rows holding values.
    """
    from xml.etree.ElementTree import ParseError

    from defusedxml.ElementTree import iterparse

    scan = Scan()
    row = column = data_rows = 0
    row_has_data = False
    try:
        for event, element in iterparse(source, events=("start", "end")):
            tag = element.tag
            if tag == _ROW:
                if event == "end":
                    element.clear()  # keeps memory flat on a sheet of a million rows
                    continue
                data_rows += row_has_data
                row_has_data = False
                scan.rows += 1
                ref = element.get("r")
                number = int(ref) if ref is not None and ref.isdigit() else row + 1
                if number <= row:
                    raise ScanError(Msg.of("import.scan.order", number=number, row=row))
                row = number
                column = 0
                if stop_after is not None and row > stop_after:
                    break
            elif tag == _CELL and event == "end":
                found = _where(element.get("r"), row, column)
                if found is None or not 1 <= found[1] <= MAX_COLUMN:
                    column += 1
                    scan.bad.append(BadCell(row, column, "import.cell.bad_reference"))
                    continue
                row, column = found
                if _cell(element, row, column, scan, shared_strings):
                    row_has_data = True
                    scan.last_row = max(scan.last_row, row)
                    if data_rows >= max_rows:
                        limit = f"{max_rows:,}"
                        raise ScanError(Msg.of("import.scan.too_many_rows", limit=limit))
    except ParseError as exc:
        line = getattr(exc, "position", (None,))[0]
        where = Msg.of("import.scan.xml_line", line=line) if line else ""
        raise ScanError(Msg.of("import.scan.damaged", where=where, row=row)) from None
    return scan


def _cell(element: Element, row: int, column: int, scan: Scan, shared: int) -> bool:
    """Record what is wrong with one cell; True when it holds a value (or a formula)."""
    kind = element.get("t", "n")
    formula = element.find(_FORMULA)
    if formula is not None:
        scan.formulas.add((row, column))
    if kind == "inlineStr":
        return element.find(_INLINE) is not None or formula is not None
    value = element.find(_VALUE)
    text = value.text if value is not None else None
    if text:
        problem = _check_value(kind, text.strip(), shared)
        if problem is not None:
            scan.bad.append(BadCell(row, column, problem))
        return True
    return formula is not None
