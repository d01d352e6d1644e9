"""Reading measures from the Action plan sheet of an untrusted workbook.

Every row is validated by the same `Measure` model (and the same messages and hints) as
`measures.yaml`; every problem is collected, each a `Problem` naming the workbook, the measure
id and, in the message, the sheet, row and column. Column headers and status labels are named
in the language the sheet is written in (its headers, else its title), so a Swedish sheet is
answered with "Klar senast" and "Genomförd", not "Due" and "implemented". The file is opened
with limits: its size, its unpacked size and its number of parts are capped, and openpyxl
parses the XML through defusedxml, which must be installed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gapcheck.catalog.validate import validate_doc
from gapcheck.catalog.yamlio import YamlDoc
from gapcheck.errors import Problem
from gapcheck.i18n import LANGS, t
from gapcheck.model import Lang
from gapcheck.model.org import Measure, MeasureStatus
from gapcheck.report.codec import (
    FIELDS,
    LinkError,
    header_fields,
    parse_links,
    parse_status,
    status_label,
)
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


def _sheet(wb: Any) -> tuple[Any, Lang]:
    """The Action plan sheet (None when missing) and the language its title is written in."""
    titles = {t("report.sheet.plan", lang).casefold(): lang for lang in LANGS}
    for ws in wb.worksheets:
        lang = titles.get(ws.title.casefold())
        if lang is not None:
            return ws, lang
    return None, LANGS[0]


def _header_lang(cells: tuple[object, ...], default: Lang) -> Lang:
    """The language most of the header cells are written in (headers the languages share,
    such as "ID" and "Status", do not count); `default` (the sheet title's) on a tie."""
    texts = {str(v).strip().casefold() for v in cells if v is not None}
    votes = {
        lang: sum(
            1
            for f in FIELDS
            if t(f.header_key, lang).casefold() in texts
            and any(t(f.header_key, o) != t(f.header_key, lang) for o in LANGS)
        )
        for lang in LANGS
    }
    best = max(votes.values())
    winners = [lang for lang, n in votes.items() if n == best]
    return default if default in winners else winners[0]


@dataclass(frozen=True)
class _Plan:
    """Where the sheet's columns are and which language its headers are written in."""

    sheet: str
    columns: dict[str, int]
    lang: Lang

    def where(self, row: int, field: str) -> str:
        """`sheet 'Åtgärdsplan', row 3, column F (Klar senast)`."""
        from openpyxl.utils import get_column_letter

        header = next((f.header_key for f in FIELDS if f.name == field), "")
        column = get_column_letter(self.columns[field] + 1)
        return f"sheet '{self.sheet}', row {row}, column {column} ({t(header, self.lang)})"


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


def _rows(ws: Any, file: str, lang: Lang) -> tuple[_Plan, list[_Row], list[Problem]]:
    """The header row (columns and their language) and the data rows below it."""
    known = header_fields()
    sheet = ws.title
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
            lang = _header_lang(tuple(cells), lang)
            break
        if number >= _HEADER_SCAN_ROWS:
            break
    plan = _Plan(sheet, columns, lang)
    missing = [f for f in _REQUIRED if f not in columns]
    if missing:
        names = ", ".join(
            t(next(x.header_key for x in FIELDS if x.name == f), lang) for f in missing
        )
        return (
            plan,
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
    return plan, out, []


def _status_problem(text: str, file: str, entry: str | None, where: str, lang: Lang) -> Problem:
    """An unknown status: the sheet's own labels, and the nearest one when one is close (typed
    in either language or as a code)."""
    labels = [status_label(s, lang) for s in MeasureStatus]
    spellings: dict[str, str] = {}
    for status in MeasureStatus:
        for name in (status.value, *(status_label(status, o) for o in LANGS)):
            spellings.setdefault(name.casefold(), status_label(status, lang))
    near = difflib.get_close_matches(text.casefold(), list(spellings), n=1, cutoff=0.6)
    hint = f"did you mean '{spellings[near[0]]}'?" if near else ""
    allowed = ", ".join(f"'{label}'" for label in labels)
    return problem(file, entry, where, f"unknown status '{text}'; use one of {allowed}", hint)


def _row_data(row: _Row, plan: _Plan, file: str) -> tuple[dict[str, object], list[Problem]]:
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
                problems.append(problem(file, entry, plan.where(row.number, field), str(exc)))
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
            if text and value not in {s.value for s in MeasureStatus}:
                where = plan.where(row.number, field)
                problems.append(_status_problem(text, file, entry, where, plan.lang))
        else:
            value = _text(raw)
        if value is not None:
            data[field] = value
    return data, problems


def _validate(
    row: _Row, data: dict[str, object], plan: _Plan, file: str
) -> tuple[Measure | None, list[Problem]]:
    parsed, found = validate_doc(YamlDoc(file, data, None), Measure)
    problems = []
    for p in found:
        field, sep, message = p.message.partition(": ")
        first = field.split(".", 1)[0]
        if not sep or first not in plan.columns:
            # A rule about the whole measure (e.g. it links nothing): point at the link columns.
            first, message = ("controls" if "controls" in plan.columns else "id"), p.message
        problems.append(problem(file, p.entry, plan.where(row.number, first), message, p.hint))
    return parsed, problems


def read_plan(path: Path, file: str | None = None) -> tuple[list[Measure], list[Problem]]:
    """The measures in the workbook's Action plan sheet, in sheet order, and every problem."""
    file = file or str(path)
    wb, problems = _open(path, file)
    if wb is None:
        return [], problems
    try:
        ws, lang = _sheet(wb)
        if ws is None:
            names = " / ".join(t("report.sheet.plan", x) for x in LANGS)
            return [], [
                problem(
                    file,
                    None,
                    "",
                    f"no sheet named {names}",
                    "import a workbook written by gapcheck report",
                )
            ]
        plan, rows, problems = _rows(ws, file, lang)
        measures: list[Measure] = []
        first_row: dict[str, int] = {}
        for row in rows:
            data, found = _row_data(row, plan, file)
            measure, invalid = _validate(row, data, plan, file)
            if found:  # an unreadable cell: the model's echo of it would mislead
                reported = {p.message.split(":", 1)[0] for p in found}
                invalid = [p for p in invalid if p.message.split(":", 1)[0] not in reported]
            problems += found + invalid
            if measure is None or found:
                continue
            if measure.id in first_row:
                where = plan.where(row.number, "id")
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
