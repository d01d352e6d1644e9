"""What an import says, in the words of the sheet: fields by their column headers, statuses by
their labels, extents as `hel`/`delvis` in Swedish. Values are cut to a readable length, so a
huge cell never floods the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gapcheck.errors import Msg, Problem
from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.model.common import Extent
from gapcheck.model.org import Measure, MeasureStatus
from gapcheck.report.codec import (
    FIELDS,
    LinkError,
    extent_label,
    parse_links,
    shorten,
    status_label,
)
from gapcheck.report.merge import MeasureChange, Merge, diff_measures, keep_hidden
from gapcheck.report.planrows import problem
from gapcheck.report.xlsxread import PlanRead

__all__ = ["change_lines", "field_label", "stale_problems", "value_label"]

_SHOWN = 120


def field_label(field: str, lang: Lang) -> str:
    """The field's column header on the Action plan sheet (owner → Ansvarig / Owner)."""
    key = next((f.header_key for f in FIELDS if f.name == field), None)
    return t(key, lang) if key else field


def value_label(field: str, value: str, lang: Lang) -> str:
    """A value as the sheet shows it: status labels, links with `hel`/`delvis`."""
    if not value:
        return t("report.import.empty", lang)
    if field == "status" and value in {s.value for s in MeasureStatus}:
        return status_label(MeasureStatus(value), lang)
    if field in ("controls", "requirements"):
        try:
            links = parse_links(value)
        except LinkError:
            return shorten(value, _SHOWN)
        return shorten(
            "; ".join(f"{i} ({extent_label(Extent(e), lang)})" for i, e in links), _SHOWN
        )
    return shorten(value, _SHOWN)  # dates are already YYYY-MM-DD


def change_lines(change: MeasureChange, lang: Lang) -> list[str]:
    """The change as the officer reads it: `ändrad åtgärd M-02`, then one indented line per
    field in sheet column order, e.g. `  Status: Pågår → Genomförd`."""
    order = {f.name: i for i, f in enumerate(FIELDS)}
    lines = [t(f"report.import.{change.kind}", lang, id=change.id)]
    for f in sorted(change.fields, key=lambda f: order.get(f.field, len(order))):
        old, new = value_label(f.field, f.old, lang), value_label(f.field, f.new, lang)
        field = field_label(f.field, lang)
        lines.append("  " + t("report.import.field", lang, field=field, old=old, new=new))
    return lines


def _side(changes: Sequence[MeasureChange], lang: Lang) -> dict[str, str]:
    """Per measure id, its changes on one side in one line: the fields changed, or that the
    measure was added or removed."""
    out = {}
    for change in changes:
        lines = change_lines(change, lang)
        out[change.id] = "; ".join(line.strip() for line in lines[1:]) or lines[0]
    return out


def stale_problems(
    merged: Merge,
    read: PlanRead,
    current: Sequence[Measure],
    file: str,
    target: str,
    lang: Lang,
) -> list[Problem]:
    """The three-way difference — as exported, in the file now, in the workbook — one problem
    per measure that differs, conflicts first; nothing is written."""
    assert read.meta is not None
    base = read.meta.base
    base_by = {m.id: m for m in base}
    sheet = [keep_hidden(base_by.get(m.id), m) for m in read.measures]
    in_file = _side(diff_measures(base, current), lang)
    in_sheet = _side(diff_measures(base, sheet), lang)
    name = Path(target).name
    problems = []
    conflicted = {c.id for c in merged.conflicts}
    for c in merged.conflicts:
        if c.field:
            message = Msg.of(
                "import.stale.conflict_field",
                field=field_label(c.field, lang),
                base=value_label(c.field, c.base, lang),
                disk=value_label(c.field, c.disk, lang),
                name=name,
                sheet=value_label(c.field, c.sheet, lang),
            )
        else:
            message = Msg.of("import.stale.conflict", reason=c.reason or "")
        fix = Msg.of("import.stale.conflict.fix")
        problems.append(problem(file, c.id, None, message, fix))
    for ident in sorted((in_file.keys() | in_sheet.keys()) - conflicted):
        parts = []
        if ident in in_file:
            parts.append(Msg.of("import.stale.in_file", name=name, changes=in_file[ident]))
        if ident in in_sheet and ident not in merged.kept:
            parts.append(Msg.of("import.stale.in_sheet", changes=in_sheet[ident]))
        if parts:
            text = (
                parts[0] if len(parts) == 1 else Msg.of("import.stale.join", a=parts[0], b=parts[1])
            )
            problems.append(problem(file, ident, None, text))
    hint = Msg.of("import.stale.conflicts.fix" if merged.conflicts else "import.stale.fix")
    head = Msg.of("import.stale.head", path=target)
    return [problem(file, None, None, head, hint), *problems]
