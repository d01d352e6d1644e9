"""Three-way merge of measures: as exported (base), as in the file now (disk), as in the sheet.

The workbook carries the measures it was exported from (`meta`), so an import knows which
edits are the officer's (base → sheet) and which someone else made to the file meanwhile
(base → disk). Field by field: a side that did not change a field takes the other side's
value; both sides changing it to different values is a conflict, never silently resolved.

Deleting is explicit: a measure whose row was removed from the sheet is kept (and listed)
unless `allow_delete`; a measure added to the file after the export is never deleted by the
sheet, which could not have shown it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from gapcheck.errors import Msg
from gapcheck.model.org import Measure, RequirementLink

__all__ = [
    "FIELD_NAMES",
    "Conflict",
    "FieldChange",
    "MeasureChange",
    "Merge",
    "diff_measures",
    "keep_hidden",
    "merge_three_way",
]

FIELD_NAMES: tuple[str, ...] = tuple(Measure.model_fields)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class MeasureChange:
    """What happened to one measure between two versions of the measure list."""

    id: str
    kind: Literal["added", "changed", "removed"]
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed differently (values as exported, in the file, in the
    sheet), or — with `field` "" — a measure the two sides treated differently (`reason`)."""

    id: str
    field: str
    base: str = ""
    disk: str = ""
    sheet: str = ""
    reason: Msg | None = None


@dataclass(frozen=True)
class Merge:
    """The merged measure list and how it came about."""

    measures: tuple[Measure, ...]
    kept: tuple[str, ...]  # rows removed from the sheet, kept for want of allow_delete
    removed: tuple[str, ...]  # measures the merge removes
    foreign: tuple[str, ...]  # measures with changes from the file the sheet does not have
    conflicts: tuple[Conflict, ...]


def show(value: object) -> str:
    """A field value as text: links as `id (extent)`, lists joined with '; '."""
    if isinstance(value, list | tuple):
        return "; ".join(show(v) for v in value)
    if isinstance(value, dict):
        ident = value.get("control") or value.get("requirement")
        return f"{ident} ({value.get('extent')})"
    return "" if value is None else str(value)


def _fields(m: Measure) -> dict[str, Any]:
    return m.model_dump(mode="json")


def diff_measures(current: Sequence[Measure], new: Sequence[Measure]) -> list[MeasureChange]:
    """Added, removed and changed measures (with each changed field, old → new)."""
    old_by = {m.id: m for m in current}
    new_ids = {m.id for m in new}
    changes: list[MeasureChange] = []
    for m in new:
        old = old_by.get(m.id)
        if old is None:
            changes.append(MeasureChange(m.id, "added"))
        elif old != m:
            a, b = _fields(old), _fields(m)
            fields = tuple(FieldChange(k, show(a[k]), show(b[k])) for k in a if a[k] != b[k])
            changes.append(MeasureChange(m.id, "changed", fields))
    changes += [MeasureChange(m.id, "removed") for m in current if m.id not in new_ids]
    return changes


def keep_hidden(old: Measure | None, new: Measure) -> Measure:
    """`new` (read from the sheet) with what the sheet does not show taken from `old`: a
    requirement link's `reviewed_against`."""
    if old is None:
        return new
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


class _Merger:
    def __init__(self, base: Sequence[Measure], disk: Sequence[Measure]) -> None:
        self.base = {m.id: m for m in base}
        self.disk = {m.id: m for m in disk}
        self.conflicts: list[Conflict] = []
        self.foreign: list[str] = []

    def whole(self, ident: str, reason: Msg) -> None:
        self.conflicts.append(Conflict(ident, "", reason=reason))

    def fields(self, base: Measure, disk: Measure, sheet: Measure) -> Measure | None:
        """The field-by-field merge of one measure; None (and conflicts) when it cannot be."""
        b, d, s = _fields(base), _fields(disk), _fields(sheet)
        out: dict[str, Any] = {}
        clash = False
        for name in FIELD_NAMES:
            if s[name] == b[name] or s[name] == d[name]:
                out[name] = d[name]
                if d[name] != s[name]:
                    self.foreign.append(base.id)
            elif d[name] == b[name]:
                out[name] = s[name]
            else:
                clash = True
                conflict = Conflict(base.id, name, show(b[name]), show(d[name]), show(s[name]))
                self.conflicts.append(conflict)
        if clash:
            return None
        try:
            return Measure.model_validate(out)
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
            self.whole(base.id, Msg.of("import.merge.invalid", reason=reason))
            return None


def merge_three_way(
    base: Sequence[Measure],
    disk: Sequence[Measure],
    sheet: Sequence[Measure],
    *,
    allow_delete: bool = False,
) -> Merge:
    """Merge the sheet's edits (base → sheet) into the file's measures (disk).

    The result keeps the file's order, with measures new in the sheet appended in sheet
    order. `sheet` measures lack what the sheet does not show; it is taken from base (or disk).
    """
    merger = _Merger(base, disk)
    sheet_by = {m.id: keep_hidden(merger.base.get(m.id) or merger.disk.get(m.id), m) for m in sheet}
    out: list[Measure] = []
    kept: list[str] = []
    removed: list[str] = []
    for d in disk:
        b, s = merger.base.get(d.id), sheet_by.get(d.id)
        if b is None:  # added to the file after the export
            if s is not None and s != d:
                merger.whole(d.id, Msg.of("import.merge.added_both"))
            elif s is None:
                merger.foreign.append(d.id)
            out.append(d)
        elif s is None:  # the row was deleted from the sheet
            if not allow_delete:
                kept.append(d.id)
                out.append(d)
                if d != b:
                    merger.foreign.append(d.id)
            elif d != b:
                merger.whole(d.id, Msg.of("import.merge.deleted_changed"))
                out.append(d)
            else:
                removed.append(d.id)
        else:
            merged = merger.fields(b, d, s)
            out.append(merged if merged is not None else d)
    for ident, b in merger.base.items():
        s = sheet_by.get(ident)
        if ident not in merger.disk and s is not None and s != b:
            merger.whole(ident, Msg.of("import.merge.removed_edited"))
        elif ident not in merger.disk and s is not None:
            merger.foreign.append(ident)  # removed from the file: stays removed
    new = merger.base.keys() | merger.disk.keys()
    out += [s for ident, s in sheet_by.items() if ident not in new]
    return Merge(
        tuple(out),
        tuple(kept),
        tuple(removed),
        tuple(dict.fromkeys(merger.foreign)),
        tuple(merger.conflicts),
    )
