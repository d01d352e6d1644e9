"""Reading measures from the Action plan sheet of an untrusted workbook.

Every row is validated by the same `Measure` model (and the same messages and hints) as
`measures.yaml`; every problem is collected, each a `Problem` naming the workbook, the measure
id and, in the message, the sheet, row and column. The file is opened with limits: its size,
its unpacked size and its number of parts are capped, and openpyxl parses the XML through
defusedxml, which must be installed.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gapcheck.catalog.validate import validate_doc
from gapcheck.catalog.yamlio import YamlDoc
from gapcheck.errors import Problem
from gapcheck.i18n import LANGS, t
from gapcheck.model.org import Measure
from gapcheck.report.codec import FIELDS, LinkError, header_fields, parse_links, parse_status
from gapcheck.report.codec import split_evidence as _split_evidence

__all__ = ["MAX_PARTS", "MAX_UNPACKED_BYTES", "MAX_UPLOAD_BYTES", "problem", "read_plan"]

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 2_000
_HEADER_SCAN_ROWS = 10
_REQUIRED = ("id", "title", "status")


def problem(file: str, entry: str | None, where: str, message: str, hint: str = "") -> Problem:
    """A problem in the workbook `file`; `where` (sheet, row, column) prefixes the message."""
    return Problem(file, None, entry, f"{where}: {message}" if where else message, hint)


def _check_file(path: Path, file: str) -> Problem | None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        return problem(file, None, "", f"cannot read the file: {exc.strerror}")
    if size > MAX_UPLOAD_BYTES:
        return problem(
            file,
            None,
            "",
            f"the file is {size // (1024 * 1024)} MB; the limit is "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
            "import the workbook gapcheck wrote, without embedded pictures or extra sheets",
        )
    if not zipfile.is_zipfile(path):
        return problem(file, None, "", "not an .xlsx workbook", "save the file as .xlsx")
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            return problem(file, None, "", "the workbook unpacks to too much data")
    return None


def _open(path: Path, file: str) -> tuple[Any, list[Problem]]:
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        return None, [
            problem(file, None, "", "defusedxml is not installed", "pip install gapcheck[excel]")
        ]
    refused = _check_file(path, file)
    if refused is not None:
        return None, [refused]
    try:
        return load_workbook(path, read_only=True, data_only=True), []
    except Exception as exc:  # openpyxl raises many types for a damaged file
        return None, [problem(file, None, "", f"cannot read the workbook: {exc}")]


def _sheet(wb: Any) -> Any:
    titles = {t("report.sheet.plan", lang).casefold() for lang in LANGS}
    for ws in wb.worksheets:
        if ws.title.casefold() in titles:
            return ws
    return None


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    text = str(value).strip()
    return text or None


def _date(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        from openpyxl.utils.datetime import from_excel

        converted = from_excel(value)
        return converted.date() if isinstance(converted, dt.datetime) else converted
    return _text(value)


def _year(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else _text(value)


@dataclass(frozen=True)
class _Row:
    number: int
    values: dict[str, object]


def _rows(ws: Any, file: str, sheet: str) -> tuple[dict[str, int], list[_Row], list[Problem]]:
    known = header_fields()
    ws.reset_dimensions()
    rows = ws.iter_rows(values_only=True)
    columns: dict[str, int] = {}
    number = 0
    for number, cells in enumerate(rows, start=1):
        found = {
            known[str(v).strip().casefold()]: i
            for i, v in enumerate(cells)
            if v is not None and str(v).strip().casefold() in known
        }
        if "id" in found and len(found) >= len(_REQUIRED):
            columns = found
            break
        if number >= _HEADER_SCAN_ROWS:
            break
    missing = [f for f in _REQUIRED if f not in columns]
    if missing:
        names = ", ".join(
            t(next(x.header_key for x in FIELDS if x.name == f), "sv") for f in missing
        )
        return (
            {},
            [],
            [
                problem(
                    file,
                    None,
                    f"sheet '{sheet}'",
                    f"header row with columns {names} not found",
                    "import a workbook written by gapcheck report; keep its header row",
                )
            ],
        )
    out: list[_Row] = []
    for offset, cells in enumerate(rows, start=number + 1):
        values = {f: cells[i] if i < len(cells) else None for f, i in columns.items()}
        if all(_text(v) is None for v in values.values()):
            continue
        out.append(_Row(offset, values))
    return columns, out, []


def _column_name(columns: dict[str, int], field: str) -> str:
    from openpyxl.utils import get_column_letter

    header = next((f.header_key for f in FIELDS if f.name == field), "")
    return f"column {get_column_letter(columns[field] + 1)} ({t(header, 'en')})"


def _row_data(
    row: _Row, columns: dict[str, int], file: str, sheet: str
) -> tuple[dict[str, object], list[Problem]]:
    data: dict[str, object] = {}
    problems: list[Problem] = []
    entry = _text(row.values.get("id"))
    for field, raw in row.values.items():
        if field in ("controls", "requirements"):
            text = _text(raw)
            if text is None:
                continue
            try:
                key = "control" if field == "controls" else "requirement"
                data[field] = [{key: i, "extent": e} for i, e in parse_links(text)]
            except LinkError as exc:
                where = f"sheet '{sheet}', row {row.number}, {_column_name(columns, field)}"
                problems.append(problem(file, entry, where, str(exc)))
            continue
        if field == "due":
            value = _date(raw)
        elif field == "plan_year":
            value = _year(raw)
        elif field == "evidence":
            text = _text(raw)
            value = _split_evidence(text) if text else None
        elif field == "status":
            text = _text(raw)
            value = parse_status(text) if text else None
        else:
            value = _text(raw)
        if value is not None:
            data[field] = value
    return data, problems


def _validate(
    row: _Row, data: dict[str, object], columns: dict[str, int], file: str, sheet: str
) -> tuple[Measure | None, list[Problem]]:
    parsed, found = validate_doc(YamlDoc(file, data, None), Measure)
    problems = []
    for p in found:
        field, sep, message = p.message.partition(": ")
        first = field.split(".", 1)[0]
        if not sep or first not in columns:
            # A rule about the whole measure (e.g. it links nothing): point at the link columns.
            first, message = ("controls" if "controls" in columns else "id"), p.message
        where = f"sheet '{sheet}', row {row.number}, {_column_name(columns, first)}"
        problems.append(problem(file, p.entry, where, message, p.hint))
    return parsed, problems


def read_plan(path: Path, file: str | None = None) -> tuple[list[Measure], list[Problem]]:
    """The measures in the workbook's Action plan sheet, in sheet order, and every problem."""
    file = file or str(path)
    wb, problems = _open(path, file)
    if wb is None:
        return [], problems
    try:
        ws = _sheet(wb)
        if ws is None:
            names = " / ".join(t("report.sheet.plan", lang) for lang in LANGS)
            return [], [
                problem(
                    file,
                    None,
                    "",
                    f"no sheet named {names}",
                    "import a workbook written by gapcheck report",
                )
            ]
        sheet = ws.title
        columns, rows, problems = _rows(ws, file, sheet)
        measures: list[Measure] = []
        first_row: dict[str, int] = {}
        for row in rows:
            data, found = _row_data(row, columns, file, sheet)
            measure, invalid = _validate(row, data, columns, file, sheet)
            if found:  # an unreadable link cell: its "links nothing" echo would mislead
                reported = {p.message.split(":", 1)[0] for p in found}
                invalid = [p for p in invalid if p.message.split(":", 1)[0] not in reported]
            problems += found + invalid
            if measure is None or found:
                continue
            if measure.id in first_row:
                where = f"sheet '{sheet}', row {row.number}, {_column_name(columns, 'id')}"
                problems.append(
                    problem(
                        file,
                        measure.id,
                        where,
                        f"duplicate measure id (first in row {first_row[measure.id]})",
                        "give each measure its own id",
                    )
                )
                continue
            first_row[measure.id] = row.number
            measures.append(measure)
        return measures, problems
    finally:
        wb.close()
