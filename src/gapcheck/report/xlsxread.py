"""Reading the Action plan sheet (and where it came from) out of an untrusted workbook.

The file is opened with limits: its size, its unpacked size and its number of parts are capped,
and openpyxl parses the XML through defusedxml, which must be installed. The plan sheet is then
scanned once by `xlsxscan` — damaged XML, cells openpyxl could not convert, formula cells and
the last row holding a value — so openpyxl reads only up to that row and never meets a cell it
would choke on; anything else it raises is still caught, so a damaged workbook is always a
problem, never a traceback. The rows become measures in `planrows`. At most `MAX_PROBLEMS`
problems are listed, then how many more there are.

The file checks, the caps and the entry points are here; reading the sheets of the opened
workbook (`PlanRead`, `MAX_PLAN_ROWS`, the scan, the header, the rows) is in
`gapcheck.report._plansheet`, whose public names this module re-exports.
"""

from __future__ import annotations

import stat
import warnings
import zipfile
from pathlib import Path

from gapcheck.errors import Msg, Problem
from gapcheck.model.org import Measure
from gapcheck.report._plansheet import MAX_PLAN_ROWS, PlanRead, read_sheets
from gapcheck.report.codec import shorten
from gapcheck.report.planrows import problem

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
MAX_PROBLEMS = 50
"""Problems listed one by one; the rest are counted."""


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
            read = read_sheets(wb, file)
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
