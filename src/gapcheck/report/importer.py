"""Reading measures back from the Action plan sheet, and merging them into `measures.yaml`.

The officer edits gapcheck's own workbook (statuses, owners, dates, links, new rows) and
imports it. Every row is validated by the same `Measure` model as the YAML file, and every
problem is reported at once as a `Problem` naming the workbook, the measure id and, in the
message, the sheet, row and column. A row removed from the sheet removes the measure.

Untrusted files are opened with limits: the file size, the unpacked size and the number of
parts are capped, and openpyxl parses the XML through defusedxml (which must be installed).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from gapcheck.catalog.validate import validate_doc
from gapcheck.catalog.yamlio import YamlDoc
from gapcheck.errors import OrganisationError, Problem
from gapcheck.i18n import LANGS, t
from gapcheck.model import Catalog, OrgData
from gapcheck.model.org import Measure, RequirementLink
from gapcheck.report.codec import FIELDS, LinkError, header_fields, parse_links, parse_status
from gapcheck.report.codec import split_evidence as _split_evidence

__all__ = [
    "MAX_UNPACKED_BYTES",
    "MAX_UPLOAD_BYTES",
    "FieldChange",
    "ImportResult",
    "MeasureChange",
    "check_references",
    "diff_measures",
    "import_measures",
    "merge_measures",
    "read_plan",
]

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 2_000
_HEADER_SCAN_ROWS = 10
_REQUIRED = ("id", "title", "status")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class MeasureChange:
    """What an import does to one measure."""

    id: str
    kind: Literal["added", "changed", "removed"]
    fields: tuple[FieldChange, ...] = ()


def _problem(file: str, entry: str | None, where: str, message: str, hint: str = "") -> Problem:
    return Problem(file, None, entry, f"{where}: {message}" if where else message, hint)


def _check_file(path: Path, file: str) -> Problem | None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        return _problem(file, None, "", f"cannot read the file: {exc.strerror}")
    if size > MAX_UPLOAD_BYTES:
        return _problem(
            file,
            None,
            "",
            f"the file is {size // (1024 * 1024)} MB; the limit is "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
            "import the workbook gapcheck wrote, without embedded pictures or extra sheets",
        )
    if not zipfile.is_zipfile(path):
        return _problem(file, None, "", "not an .xlsx workbook", "save the file as .xlsx")
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            return _problem(file, None, "", "the workbook unpacks to too much data")
    return None


def _open(path: Path, file: str) -> tuple[Any, list[Problem]]:
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        return None, [
            _problem(file, None, "", "defusedxml is not installed", "pip install gapcheck[excel]")
        ]
    problem = _check_file(path, file)
    if problem is not None:
        return None, [problem]
    try:
        return load_workbook(path, read_only=True, data_only=True), []
    except Exception as exc:  # openpyxl raises many types for a damaged file
        return None, [_problem(file, None, "", f"cannot read the workbook: {exc}")]


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
                _problem(
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
                problems.append(_problem(file, entry, where, str(exc)))
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
        problems.append(_problem(file, p.entry, where, message, p.hint))
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
                _problem(
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
            problems += found + invalid
            if measure is None or found:
                continue
            if measure.id in first_row:
                where = f"sheet '{sheet}', row {row.number}, {_column_name(columns, 'id')}"
                problems.append(
                    _problem(
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


def check_references(
    measures: Sequence[Measure], catalog: Catalog, org: OrgData, file: str
) -> list[Problem]:
    """Links to unknown controls or requirements, and risks that would lose their measure."""
    controls = {c.id for c in catalog.controls}
    requirements = {r.id for v in catalog.versions for r in v.requirements}
    problems = []
    for m in measures:
        for c in m.controls:
            if c.control not in controls:
                problems.append(
                    _problem(
                        file,
                        m.id,
                        "",
                        f"unknown control '{c.control}'",
                        "use an id from controls/, e.g. iso27001:A.5.24",
                    )
                )
        for r in m.requirements:
            if r.requirement not in requirements:
                problems.append(
                    _problem(
                        file,
                        m.id,
                        "",
                        f"unknown requirement '{r.requirement}'",
                        "use a requirement id from mappings/sources/",
                    )
                )
    kept = {m.id for m in measures}
    removed = {m.id for m in org.measures} - kept
    for risk in org.risks:
        for ident in risk.concerns:
            if ident in removed:
                problems.append(
                    _problem(
                        file,
                        ident,
                        "",
                        f"measure '{ident}' is missing from the sheet but risk {risk.id} in "
                        "risks.yaml refers to it",
                        "keep the row (set its status to cancelled) or edit risks.yaml first",
                    )
                )
    return problems


def merge_measures(current: Sequence[Measure], imported: Sequence[Measure]) -> list[Measure]:
    """The new measure list: existing measures in their file order (updated, or dropped when
    missing from the sheet), then new ones in sheet order. What the sheet does not show — a
    requirement link's `reviewed_against` — is kept from the current measure."""
    by_id = {m.id: m for m in imported}
    out: list[Measure] = []
    for old in current:
        new = by_id.pop(old.id, None)
        if new is not None:
            out.append(_keep_hidden(old, new))
    out += [m for m in imported if m.id in by_id]
    return out


def _keep_hidden(old: Measure, new: Measure) -> Measure:
    reviewed = {r.requirement: r.reviewed_against for r in old.requirements if r.reviewed_against}
    if not reviewed:
        return new
    links = [
        RequirementLink(
            requirement=r.requirement,
            extent=r.extent,
            reviewed_against=r.reviewed_against or reviewed.get(r.requirement),
        )
        for r in new.requirements
    ]
    return new.model_copy(update={"requirements": links})


def _show(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(_show(v) for v in value)
    if isinstance(value, dict):
        ident = value.get("control") or value.get("requirement")
        return f"{ident} ({value.get('extent')})"
    return "" if value is None else str(value)


def diff_measures(current: Sequence[Measure], new: Sequence[Measure]) -> list[MeasureChange]:
    """Added, removed and changed measures (with each changed field, old → new)."""
    old_by = {m.id: m for m in current}
    new_by = {m.id: m for m in new}
    changes: list[MeasureChange] = []
    for m in new:
        old = old_by.get(m.id)
        if old is None:
            changes.append(MeasureChange(m.id, "added"))
        elif old != m:
            a, b = old.model_dump(mode="json"), m.model_dump(mode="json")
            fields = tuple(FieldChange(k, _show(a[k]), _show(b[k])) for k in a if a[k] != b[k])
            changes.append(MeasureChange(m.id, "changed", fields))
    changes += [MeasureChange(m.id, "removed") for m in current if m.id not in new_by]
    return changes


@dataclass(frozen=True)
class ImportResult:
    """The outcome of an import: the new measure list, the changes, and whether it was written."""

    measures: tuple[Measure, ...]
    changes: tuple[MeasureChange, ...]
    target: Path
    written: bool


def import_measures(
    xlsx: Path,
    org_dir: Path,
    catalog: Catalog,
    org: OrgData,
    *,
    dry_run: bool = False,
    file: str | None = None,
) -> ImportResult:
    """Read the Action plan sheet of `xlsx`, validate it against `catalog` and `org`, and write
    `org_dir/measures.yaml` atomically when something changed (never on `dry_run`).

    Raises OrganisationError with every problem found; nothing is written then.
    """
    from gapcheck.report.yamlout import comment_blocks, measures_yaml
    from gapcheck.service import write_text_atomic

    file = file or str(xlsx)
    imported, problems = read_plan(xlsx, file)
    if not problems:
        problems = check_references(imported, catalog, org, file)
    if problems:
        raise OrganisationError(problems)
    merged = merge_measures(org.measures, imported)
    changes = diff_measures(org.measures, merged)
    target = org_dir / "measures.yaml"
    if not changes or dry_run:
        return ImportResult(tuple(merged), tuple(changes), target, written=False)
    old = target.read_text(encoding="utf-8") if target.is_file() else ""
    header, above = comment_blocks(old)
    write_text_atomic(target, measures_yaml(merged, header, above))
    return ImportResult(tuple(merged), tuple(changes), target, written=True)
