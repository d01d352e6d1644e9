"""Reading the Action plan sheet (and where it came from) out of an untrusted workbook.

The file is opened with limits: its size, its unpacked size and its number of parts are capped,
and openpyxl parses the XML through defusedxml, which must be installed. The plan sheet is then
scanned once by `xlsxscan` — damaged XML, cells openpyxl could not convert, formula cells and
the last row holding a value — so openpyxl reads only up to that row and never meets a cell it
would choke on; anything else it raises is still caught, so a damaged workbook is always a
problem, never a traceback. The rows become measures in `planrows`. At most `MAX_PROBLEMS`
problems are listed, then how many more there are.
"""

from __future__ import annotations

import io
import stat
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gapcheck.errors import Msg, Problem
from gapcheck.i18n import LANGS, t
from gapcheck.model import Lang
from gapcheck.model.org import Measure
from gapcheck.report.codec import FIELDS, header_fields, shorten
from gapcheck.report.meta import MAX_META_ROWS, META_SHEET, MetaError, WorkbookMeta, parse_meta
from gapcheck.report.planrows import REQUIRED, Plan, Row, header_lang, problem, row_measure
from gapcheck.report.xlsxscan import Scan, ScanError, last_value_row, scan_sheet

__all__ = [
    "MAX_PARTS",
    "MAX_PLAN_ROWS",
    "MAX_PROBLEMS",
    "MAX_UNPACKED_BYTES",
    "MAX_UPLOAD_BYTES",
    "PlanRead",
    "problem",
    "read_plan",
    "read_workbook",
]

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 2_000
MAX_PLAN_ROWS = 10_000
"""Rows with values in the Action plan sheet; a plan of ten thousand measures is unheard of."""
MAX_PROBLEMS = 50
"""Problems listed one by one; the rest are counted."""
_HEADER_SCAN_ROWS = 10


@dataclass(frozen=True)
class PlanRead:
    """What a workbook holds: the measures of its Action plan sheet (in sheet order), every
    problem, warnings (e.g. formula cells), the sheet's language, and where it came from
    (`meta`, or why that is unknown in `meta_problem`)."""

    measures: list[Measure]
    problems: list[Problem]
    warnings: list[Problem] = field(default_factory=list)
    lang: Lang = "sv"
    meta: WorkbookMeta | None = None
    meta_problem: Msg | None = None  # why `meta` is None


def _check_file(path: Path, file: str) -> Problem | None:
    try:
        st = path.stat()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return problem(file, None, None, Msg.of("import.file.unreadable", reason=reason))
    except ValueError:  # a NUL byte in the name
        return problem(file, None, None, Msg.of("import.file.nul"))
    if not stat.S_ISREG(st.st_mode):
        # A FIFO would block the zip check forever and /dev/zero fill the memory.
        return problem(
            file,
            None,
            None,
            Msg.of("import.file.not_regular"),
            Msg.of("import.file.not_regular.fix"),
        )
    size = st.st_size
    if size > MAX_UPLOAD_BYTES:
        return problem(
            file,
            None,
            None,
            Msg.of(
                "import.file.too_large",
                size=size // (1024 * 1024),
                limit=MAX_UPLOAD_BYTES // (1024 * 1024),
            ),
            Msg.of("import.file.too_large.fix"),
        )
    if not zipfile.is_zipfile(path):
        message, fix = Msg.of("import.file.not_xlsx"), Msg.of("import.file.not_xlsx.fix")
        return problem(file, None, None, message, fix)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            return problem(file, None, None, Msg.of("import.file.zip_bomb"))
    return None


def describe(exc: BaseException) -> str:
    """An exception and its causes in one bounded line (openpyxl's own message ends with
    "Please see the exception for more details": this is those details)."""
    parts: list[str] = []
    seen: BaseException | None = exc
    while seen is not None and len(parts) < 3:
        lines = [ln for ln in str(seen).splitlines() if "see the exception" not in ln]
        text = " ".join(ln.strip() for ln in lines if ln.strip())
        parts.append(
            shorten(f"{type(seen).__name__}: {text}" if text else type(seen).__name__, 200)
        )
        seen = seen.__cause__ or seen.__context__
    return "; caused by ".join(parts)


def _sheets(wb: Any) -> tuple[Any, Lang, Any]:
    """The Action plan sheet (None when missing), its title's language, the hidden sheet."""
    titles = {t("report.sheet.plan", lang).casefold(): lang for lang in LANGS}
    plan, lang, meta = None, LANGS[0], None
    for ws in wb.worksheets:
        found = titles.get(ws.title.casefold())
        if found is not None and plan is None:
            plan, lang = ws, found
        elif ws.title == META_SHEET:
            meta = ws
    return plan, lang, meta


def _scan(ws: Any) -> Scan:
    with ws._get_source() as source:  # the sheet's XML part, as openpyxl itself reads it
        xml = source.read()
    shared = len(getattr(ws, "_shared_strings", ())) if hasattr(ws, "_shared_strings") else 2**31
    return scan_sheet(io.BytesIO(xml), shared, MAX_PLAN_ROWS, last_value_row(xml))


def _header(rows: Iterator[tuple[object, ...]], lang: Lang) -> tuple[dict[str, int], Lang, int]:
    known = header_fields()
    number = 0
    for number, cells in enumerate(rows, start=1):
        found = {
            known[str(v).strip().casefold()]: i
            for i, v in enumerate(cells)
            if v is not None and str(v).strip().casefold() in known
        }
        if "id" in found and len(found) >= len(REQUIRED):
            return found, header_lang(tuple(cells), lang), number
        if number >= _HEADER_SCAN_ROWS:
            break
    return {}, lang, number


def _read_rows(ws: Any, scan: Scan, file: str, lang: Lang) -> tuple[Plan, list[Row], list[Problem]]:
    ws.reset_dimensions()
    rows = ws.iter_rows(values_only=True, max_row=max(scan.last_row, 1))
    columns, lang, number = _header(rows, lang)
    plan = Plan(ws.title, columns, lang)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        names = ", ".join(
            t(next(x.header_key for x in FIELDS if x.name == f), lang) for f in missing
        )
        message = Msg.of("import.no_header", names=names)
        hint = Msg.of("import.no_header.fix")
        where = Msg.of("import.where.sheet", sheet=ws.title)
        return plan, [], [problem(file, None, where, message, hint)]
    out: list[Row] = []
    for offset, cells in enumerate(rows, start=number + 1):
        values = {f: cells[i] if i < len(cells) else None for f, i in columns.items()}
        if any(v is not None and str(v).strip() for v in values.values()):
            out.append(Row(offset, values))
    return plan, out, []


def _measures(plan: Plan, rows: list[Row], file: str) -> tuple[list[Measure], list[Problem]]:
    measures: list[Measure] = []
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    for row in rows:
        measure, found = row_measure(row, plan, file)
        problems += found
        if measure is None:
            continue
        if measure.id in first_row:
            message = Msg.of("import.duplicate_id", first=first_row[measure.id])
            where = plan.where(row.number, "id")
            hint = Msg.of("import.duplicate_id.fix")
            problems.append(problem(file, measure.id, where, message, hint))
            continue
        first_row[measure.id] = row.number
        measures.append(measure)
    return measures, problems


def _formula_warnings(plan: Plan, scan: Scan, file: str) -> list[Problem]:
    out = []
    for row, column in sorted(scan.formulas):
        name = plan.field_at(column)
        if name is None or row <= 1:
            continue
        message = Msg.of("import.formula")
        hint = Msg.of("import.formula.fix")
        out.append(problem(file, None, plan.where(row, name), message, hint))
    return out


def _meta(ws: Any) -> tuple[WorkbookMeta | None, Msg | None]:
    if ws is None:
        return None, Msg.of("import.meta.missing")
    rows = list(ws.iter_rows(values_only=True, max_row=MAX_META_ROWS, max_col=2))
    try:
        return parse_meta(rows), None
    except MetaError as exc:
        return None, exc.msg


def _read(wb: Any, file: str) -> PlanRead:
    ws, lang, meta_ws = _sheets(wb)
    if ws is None:
        names = " / ".join(t("report.sheet.plan", x) for x in LANGS)
        hint = Msg.of("import.export_first.fix")
        message = Msg.of("import.no_sheet", names=names)
        return PlanRead([], [problem(file, None, None, message, hint)])
    try:
        scan = _scan(ws)
    except ScanError as exc:
        where = Msg.of("import.where.sheet", sheet=ws.title)
        return PlanRead([], [problem(file, None, where, exc.msg)], lang=lang)
    if scan.bad:
        bare = Plan(ws.title, {}, lang)
        return PlanRead(
            [],
            [
                problem(file, None, bare.where_column(b.row, b.column), Msg.of(b.what))
                for b in scan.bad
            ],
            lang=lang,
        )
    plan, rows, problems = _read_rows(ws, scan, file, lang)
    if problems:
        return PlanRead([], problems, lang=plan.lang)
    measures, problems = _measures(plan, rows, file)
    meta, why = _meta(meta_ws)
    warned = _formula_warnings(plan, scan, file)
    return PlanRead(measures, problems, warned, plan.lang, meta, why)


def _damaged(file: str, exc: BaseException) -> Problem:
    return problem(file, None, None, Msg.of("import.file.damaged", detail=describe(exc)))


def _capped(problems: list[Problem], file: str) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    more = problem(
        file, None, None, Msg.of("import.more", n=f"{rest:,}"), Msg.of("import.more.fix")
    )
    return [*problems[:MAX_PROBLEMS], more]


def read_workbook(path: Path, file: str | None = None) -> PlanRead:
    """Everything an import needs from the workbook at `path`; never raises for bad input."""
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    file = file or str(path)
    if not DEFUSEDXML:
        message, fix = Msg.of("import.no_defusedxml"), Msg.of("import.no_defusedxml.fix")
        missing = problem(file, None, None, message, fix)
        return PlanRead([], [missing])
    refused = _check_file(path, file)
    if refused is not None:
        return PlanRead([], [refused])
    with warnings.catch_warnings():
        # openpyxl warns about what it drops (extensions, odd styles): noise for an import.
        warnings.simplefilter("ignore")
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            return PlanRead([], [_damaged(file, exc)])
        try:
            read = _read(wb, file)
        except Exception as exc:  # a damage the scan did not foresee: still no traceback
            return PlanRead([], [_damaged(file, exc)])
        finally:
            wb.close()
    return PlanRead(
        read.measures,
        _capped(read.problems, file),
        _capped(read.warnings, file),
        read.lang,
        read.meta,
        read.meta_problem,
    )


def read_plan(path: Path, file: str | None = None) -> tuple[list[Measure], list[Problem]]:
    """The measures in the workbook's Action plan sheet, in sheet order, and every problem."""
    read = read_workbook(path, file)
    return read.measures, read.problems
