"""Turning the Action plan sheet's rows into measures: headers, cells, and located problems.

Every row is validated by the same `Measure` model (and the same messages and hints) as
`measures.yaml`; every problem names the workbook, the measure id and, in the message, the
sheet, row and column. Column headers, status labels and extents are named in the language the
sheet is written in (its headers, else its title), so a Swedish sheet is answered with
"Klar senast", "Genomförd" and "delvis", not "Due", "implemented" and "partial".
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from gapcheck.catalog.validate import validate_doc
from gapcheck.catalog.yamlio import YamlDoc
from gapcheck.errors import Msg, Problem, ProblemCode
from gapcheck.i18n import LANGS, t
from gapcheck.model import Lang
from gapcheck.model.org import Measure, MeasureStatus
from gapcheck.report.codec import (
    FIELDS,
    LinkError,
    parse_links,
    parse_status,
    shorten,
    split_evidence,
    status_label,
    unescape_cell,
)

__all__ = [
    "MAX_CELL_CHARS",
    "REQUIRED",
    "Plan",
    "Row",
    "header_lang",
    "problem",
    "row_measure",
]

MAX_CELL_CHARS = 32_767
"""Excel's limit for one cell; a longer text was not typed in a spreadsheet."""
REQUIRED = ("id", "title", "status")


def problem(
    file: str,
    entry: str | None,
    where: Msg | None,
    message: Msg | str,
    hint: Msg | str = "",
    /,
) -> Problem:
    """A problem in the workbook `file`; `where` (sheet, row, column) prefixes the message.

    Given as `Msg`s (keys of messages.toml) it renders in the import's language; a `str`
    message or hint is English only (kept for the few texts not translated yet)."""
    what: Msg | str = Msg.of("import.at", where=where, what=message) if where else message
    if isinstance(what, str):
        fix = hint if isinstance(hint, Msg) else None
        text = hint.render("en") if isinstance(hint, Msg) else hint
        return Problem(file, None, entry, what, text, fix=fix)
    msg = Msg.of(f"problem.{ProblemCode.WORKBOOK.value}", what=what)
    fix = hint if isinstance(hint, Msg) else None
    english_hint = hint.render("en") if isinstance(hint, Msg) else hint
    return Problem(
        file, None, entry, msg.render("en"), english_hint, ProblemCode.WORKBOOK, msg, fix
    )


def header_lang(cells: tuple[object, ...], default: Lang) -> Lang:
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
class Plan:
    """Where the sheet's columns are and which language its headers are written in."""

    sheet: str
    columns: dict[str, int]
    lang: Lang

    def where(self, row: int, field: str) -> Msg:
        """`bladet 'Åtgärdsplan', rad 3, kolumn F (Klar senast)`: the header as the sheet
        writes it, the rest in the import's language."""
        return self.where_column(row, self.columns[field] + 1, self.header(field))

    def header(self, field: str) -> str:
        """The field's column header in the sheet's language."""
        key = next((f.header_key for f in FIELDS if f.name == field), "")
        return t(key, self.lang) if key else field

    def where_column(self, row: int, column: int, header: str = "") -> Msg:
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(column)
        if header:
            return Msg.of(
                "import.where.named", sheet=self.sheet, row=row, column=letter, header=header
            )
        return Msg.of("import.where.cell", sheet=self.sheet, row=row, column=letter)

    def field_at(self, column: int) -> str | None:
        """The field read from the 1-based `column`, if any."""
        return next((f for f, i in self.columns.items() if i + 1 == column), None)


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, object]


def text_of(value: object) -> str | None:
    """A cell's value as stripped text (None when empty), `_x0007_` escapes decoded."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    text = unescape_cell(value) if isinstance(value, str) else str(value)
    return text.strip() or None


def _date(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        from openpyxl.utils.datetime import from_excel

        converted = from_excel(value)
        return converted.date() if isinstance(converted, dt.datetime) else converted
    return text_of(value)


def _year(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else text_of(value)


def _status_problem(text: str, file: str, entry: str | None, where: Msg, lang: Lang) -> Problem:
    """An unknown status: the sheet's own labels, and the nearest one when one is close (typed
    in either language or as a code)."""
    labels = [status_label(s, lang) for s in MeasureStatus]
    spellings: dict[str, str] = {}
    for status in MeasureStatus:
        for name in (status.value, *(status_label(status, o) for o in LANGS)):
            spellings.setdefault(name.casefold(), status_label(status, lang))
    near = difflib.get_close_matches(text.casefold()[:80], list(spellings), n=1, cutoff=0.6)
    hint = Msg.of("import.did_you_mean", value=spellings[near[0]]) if near else ""
    allowed = ", ".join(f"'{label}'" for label in labels)
    message = Msg.of("import.status_unknown", value=shorten(text), allowed=allowed)
    return problem(file, entry, where, message, hint)


def _row_data(row: Row, plan: Plan, file: str) -> tuple[dict[str, object], dict[str, Problem]]:
    """The row's values by field, and the problem of each cell that cannot be read."""
    data: dict[str, object] = {}
    problems: dict[str, Problem] = {}
    entry = text_of(row.values.get("id"))
    entry = shorten(entry, 40) if entry else None
    for field, raw in row.values.items():
        if isinstance(raw, str) and len(raw) > MAX_CELL_CHARS:
            message = Msg.of("import.cell_too_long", n=f"{len(raw):,}", limit=f"{MAX_CELL_CHARS:,}")
            problems[field] = problem(file, entry, plan.where(row.number, field), message)
            continue
        if field in ("controls", "requirements"):
            text = text_of(raw)
            if text is None:
                continue
            try:
                key = "control" if field == "controls" else "requirement"
                data[field] = [{key: i, "extent": e} for i, e in parse_links(text, plan.lang)]
            except LinkError as exc:
                problems[field] = problem(file, entry, plan.where(row.number, field), exc.msg)
            continue
        if field == "due":
            value = _date(raw)
        elif field == "plan_year":
            value = _year(raw)
        elif field == "evidence":
            text = text_of(raw)
            value = split_evidence(text) if text else None
        elif field == "status":
            text = text_of(raw)
            value = parse_status(text) if text else None
            if text and value not in {s.value for s in MeasureStatus}:
                where = plan.where(row.number, field)
                problems[field] = _status_problem(text, file, entry, where, plan.lang)
        else:
            value = text_of(raw)
        if value is not None:
            data[field] = value
    return data, problems


def _relabel(msg: Msg, header: str) -> Msg:
    """`msg` naming the field by the sheet's column header instead of its YAML key."""
    return Msg(msg.key, tuple((k, header if k == "field" else v) for k, v in msg.params))


def _validate(
    row: Row, data: dict[str, object], plan: Plan, file: str
) -> tuple[Measure | None, list[tuple[str, Problem]]]:
    """The model's verdict on the row: the measure, or each problem with the column it is
    about (a rule about the whole measure points at the column it names, else the links)."""
    parsed, found = validate_doc(YamlDoc(file, data, None), Measure)
    problems = []
    for p in found:
        first = (p.field or "").split(".", 1)[0]  # the field is data, not parsed from text
        text: Msg | str = p.text if p.text is not None else p.message
        fix: Msg | str = p.fix if p.fix is not None else p.hint
        if first not in plan.columns:
            named = [f for f in ("due", "plan_year") if f in p.message and f in plan.columns]
            first = named[0] if named else ("controls" if "controls" in plan.columns else "id")
            where = plan.where(row.number, first)
        elif p.field == first and isinstance(text, Msg):
            # The message names the column (as the sheet heads it); the place need not.
            header = plan.header(first)
            text = _relabel(text, header)
            fix = _relabel(fix, header) if isinstance(fix, Msg) else fix
            where = plan.where_column(row.number, plan.columns[first] + 1)
        else:
            where = plan.where(row.number, first)
            text = text.removeprefix(f"{p.field}: ") if isinstance(text, str) else text
        entry = shorten(p.entry, 40) if p.entry else None
        problems.append((first, problem(file, entry, where, text, fix)))
    return parsed, problems


def row_measure(row: Row, plan: Plan, file: str) -> tuple[Measure | None, list[Problem]]:
    """The measure in one row, or None with every problem the row has."""
    data, found = _row_data(row, plan, file)
    measure, invalid = _validate(row, data, plan, file)
    # A cell that could not be read is reported once: the model's echo of it would mislead.
    rest = [p for field, p in invalid if field not in found]
    return (None if found else measure), [*found.values(), *rest]
