"""Merging measures read from the Action plan sheet into `measures.yaml`.

The officer edits gapcheck's own workbook (statuses, owners, dates, links, new rows) and imports
it: `xlsxread.read_plan` validates the rows, `check_references` the ids against the catalogs,
the changes are listed per measure, and `measures.yaml` is written atomically in a stable layout
(`yamlout`). A row removed from the sheet removes the measure; nothing changes on no edits.
`change_lines` words the changes for the officer: fields by their column headers, statuses by
their labels, in the language asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from gapcheck.errors import OrganisationError, Problem
from gapcheck.i18n import t
from gapcheck.model import Catalog, Lang, OrgData
from gapcheck.model.org import Measure, MeasureStatus, RequirementLink
from gapcheck.report.codec import FIELDS, status_label
from gapcheck.report.xlsxread import MAX_UPLOAD_BYTES, problem, read_plan

__all__ = [
    "MAX_UPLOAD_BYTES",
    "FieldChange",
    "ImportResult",
    "MeasureChange",
    "change_lines",
    "check_references",
    "diff_measures",
    "import_measures",
    "merge_measures",
    "read_plan",
]


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
                    problem(
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
                    problem(
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
                    problem(
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


def _field_label(field: str, lang: Lang) -> str:
    """The field's column header on the Action plan sheet (owner → Ansvarig / Owner)."""
    key = next((f.header_key for f in FIELDS if f.name == field), None)
    return t(key, lang) if key else field


def _value_label(field: str, value: str, lang: Lang) -> str:
    if not value:
        return t("report.import.empty", lang)
    if field == "status" and value in {s.value for s in MeasureStatus}:
        return status_label(MeasureStatus(value), lang)
    return value  # dates are already YYYY-MM-DD, links 'id (extent)' as in the sheet


def change_lines(change: MeasureChange, lang: Lang) -> list[str]:
    """The change as the officer reads it: `ändrad åtgärd M-02`, then one indented line per
    field in sheet column order, e.g. `  Status: Pågår → Genomförd`."""
    order = {f.name: i for i, f in enumerate(FIELDS)}
    lines = [t(f"report.import.{change.kind}", lang, id=change.id)]
    for f in sorted(change.fields, key=lambda f: order.get(f.field, len(order))):
        old, new = _value_label(f.field, f.old, lang), _value_label(f.field, f.new, lang)
        field = _field_label(f.field, lang)
        lines.append("  " + t("report.import.field", lang, field=field, old=old, new=new))
    return lines


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
