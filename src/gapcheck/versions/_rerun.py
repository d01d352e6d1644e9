"""Rerun with gap delta: the organisation's gap picture under FROM and under TO, compared.

Assessments and direct measure links on requirements of the diffed source are never dropped:
each is listed with a status (`AttachmentStatus`). Those on a renumbered requirement are
carried over to the new id for the TO run (unless the new id already has its own), those on a
removed requirement are orphaned: kept in the organisation's files, listed, not applied.

Pure functions; the analysis function is passed in (`gapcheck.service` passes the engine's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from typing import TypeVar

from gapcheck.model import Assessment, Catalog, Measure, OrgData, RequirementLink
from gapcheck.model.result import AnalysisResult, Category, RequirementResult
from gapcheck.versions.diff import in_scope
from gapcheck.versions.models import (
    Attachment,
    AttachmentStatus,
    ChangeKind,
    DeltaRow,
    GapDelta,
    RequirementChange,
    RowState,
    VersionDiff,
)
from gapcheck.versions.text import natural_key

__all__ = ["Analyze", "carry_over", "gap_delta", "rerun"]

_M = TypeVar("_M", Assessment, RequirementLink)

Analyze = Callable[[Catalog, OrgData, dt.date, dict[str, str]], AnalysisResult]


def _resolve(
    diff: VersionDiff,
    by_old: Mapping[str, RequirementChange],
    by_new: Mapping[str, RequirementChange],
    target: str,
    taken: Collection[str],
) -> tuple[AttachmentStatus, str | None, RequirementChange | None]:
    """Status of an item on `target`, the id it applies to in TO, and the change behind it; an
    item carried over to an id in `taken` (which has an item of its own) is superseded."""
    status, new_id, change = _status(diff, by_old, by_new, target)
    if status is AttachmentStatus.CARRIED_OVER and new_id in taken:
        status = AttachmentStatus.SUPERSEDED
    return status, new_id, change


def _kept(item: _M, status: AttachmentStatus, new_id: str | None, field: str) -> _M | None:
    """What the TO run keeps of an item: moved to its new id (`field` is its target) when
    carried over, nothing when superseded, else the item as it is."""
    if status is AttachmentStatus.CARRIED_OVER and new_id is not None:
        return item.model_copy(update={field: new_id})
    return None if status is AttachmentStatus.SUPERSEDED else item


def _status(
    diff: VersionDiff,
    by_old: Mapping[str, RequirementChange],
    by_new: Mapping[str, RequirementChange],
    target: str,
) -> tuple[AttachmentStatus, str | None, RequirementChange | None]:
    if target in by_old:
        change = by_old[target]
        if change.kind is ChangeKind.REMOVED:
            return AttachmentStatus.ORPHANED, None, change
        if change.kind is ChangeKind.RENUMBERED:
            return AttachmentStatus.CARRIED_OVER, change.new_id, change
        return AttachmentStatus.KEPT, target, change
    if target in by_new:
        return AttachmentStatus.NEW_TARGET, target, by_new[target]
    # Named in neither version (e.g. an id of a third version): not applied in TO.
    return AttachmentStatus.ORPHANED, None, None


def carry_over(org: OrgData, diff: VersionDiff) -> tuple[OrgData, list[Attachment]]:
    """The organisation as the TO run sees it, and the status of every attachment.

    Only targets of `diff.source` inside the diff's scope are touched and listed. A carried
    assessment keeps its `version` and a carried link its `reviewed_against`, so the mapping
    review still flags them.
    """
    prefix = f"{diff.source}:"

    def ours(target: str) -> bool:
        return target.startswith(prefix) and in_scope(target, diff.scope)

    by_old, by_new = diff.by_old(), diff.by_new()
    attachments: list[Attachment] = []

    assessed = {a.target for a in org.assessments}
    assessments: list[Assessment] = []
    for a in org.assessments:
        if not ours(a.target):
            assessments.append(a)
            continue
        status, new_id, change = _resolve(diff, by_old, by_new, a.target, assessed)
        kept = _kept(a, status, new_id, "target")
        if kept is not None:
            assessments.append(kept)
        attachments.append(
            _attachment(
                "assessment",
                f"{a.assessor} {a.date.isoformat()}",
                a.target,
                status,
                new_id,
                change,
                a.result.value,
            )
        )

    measures: list[Measure] = []
    for m in org.measures:
        linked = {link.requirement for link in m.requirements}
        links: list[RequirementLink] = []
        for link in m.requirements:
            if not ours(link.requirement):
                links.append(link)
                continue
            status, new_id, change = _resolve(diff, by_old, by_new, link.requirement, linked)
            kept_link = _kept(link, status, new_id, "requirement")
            if kept_link is not None:
                links.append(kept_link)
            attachments.append(
                _attachment(
                    "link", m.id, link.requirement, status, new_id, change, link.extent.value
                )
            )
        measures.append(
            m.model_copy(update={"requirements": links}) if links != m.requirements else m
        )

    attachments.sort(key=lambda x: (natural_key(x.target), x.kind, x.owner))
    carried = org.model_copy(
        update={"assessments": tuple(assessments), "measures": tuple(measures)}
    )
    return carried, attachments


def _attachment(
    kind: str,
    owner: str,
    target: str,
    status: AttachmentStatus,
    new_id: str | None,
    change: RequirementChange | None,
    detail: str,
) -> Attachment:
    return Attachment.model_validate(
        {
            "kind": kind,
            "owner": owner,
            "target": target,
            "status": status,
            "new_target": new_id,
            "level": change.level if change is not None else None,
            "related": change.related if change is not None else None,
            "detail": detail,
        }
    )


def _state(row: RequirementResult | None) -> RowState | None:
    if row is None:
        return None
    return RowState(
        coverage=row.coverage,
        category=row.category,
        applicable=row.applicable,
        assessable=row.assessable,
    )


def _noise(state: RowState | None) -> bool:
    """Absent, or a heading/definition with nothing behind it: not worth a delta row."""
    return state is None or (
        not state.assessable and state.category is Category.UNMAPPED and state.coverage == 0.0
    )


def _differs(a: RowState | None, b: RowState | None) -> bool:
    if a is None or b is None:
        return a is not b
    return (
        round(a.coverage, 4) != round(b.coverage, 4)
        or a.category is not b.category
        or a.applicable != b.applicable
    )


def gap_delta(
    diff: VersionDiff,
    before: AnalysisResult,
    after: AnalysisResult,
    attachments: list[Attachment],
) -> GapDelta:
    """Compare the FROM and TO analyses of the same organisation on `diff.source`."""
    rows_before = {r.id: r for r in before.requirements if r.source == diff.source}
    rows_after = {r.id: r for r in after.requirements if r.source == diff.source}
    rows: list[DeltaRow] = []
    new_unmapped: list[str] = []
    for change in diff.changes:
        b = _state(rows_before.get(change.old_id or ""))
        a = _state(rows_after.get(change.new_id or ""))
        if _differs(b, a) and not (_noise(b) and _noise(a)):
            rows.append(
                DeltaRow(
                    old_id=change.old_id,
                    new_id=change.new_id,
                    change=change.kind,
                    level=change.level,
                    before=b,
                    after=a,
                )
            )
        if (
            change.kind in (ChangeKind.ADDED, ChangeKind.RENUMBERED)
            and a is not None
            and a.assessable
            and a.applicable
            and a.category is Category.UNMAPPED
        ):
            assert change.new_id is not None
            new_unmapped.append(change.new_id)

    def summary(result: AnalysisResult) -> tuple[float, int]:
        for s in result.sources:
            if s.source == diff.source:
                return s.coverage, s.gaps
        return 0.0, 0

    from_cov, from_gaps = summary(before)
    to_cov, to_gaps = summary(after)
    return GapDelta(
        organisation=after.organisation,
        as_of=after.as_of,
        from_coverage=from_cov,
        to_coverage=to_cov,
        from_gaps=from_gaps,
        to_gaps=to_gaps,
        rows=rows,
        new_unmapped=new_unmapped,
        attachments=attachments,
    )


def rerun(
    catalog: Catalog,
    org: OrgData,
    diff: VersionDiff,
    as_of: dt.date,
    analyze: Analyze,
    pins: Mapping[str, str] | None = None,
) -> GapDelta:
    """Analyse `org` with `diff.source` pinned to FROM, then (attachments carried over) to TO.

    Other sources use the organisation's pins, then `pins`, then the default selection.
    """
    base = org.version_pins(pins)
    before = analyze(catalog, org, as_of, {**base, diff.source: diff.from_version})
    carried, attachments = carry_over(org, diff)
    after = analyze(catalog, carried, as_of, {**base, diff.source: diff.to_version})
    return gap_delta(diff, before, after, attachments)
