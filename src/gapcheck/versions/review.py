"""Mapping review: which edges, direct measure links and assessments need a second look.

An item names a requirement and the source version it was last reviewed against
(`Edge.reviewed_against`, `RequirementLink.reviewed_against`, `Assessment.version`). When the
version analysed differs, the two are diffed; the item needs review when its requirement was,
between them, changed substantively, renumbered, removed, or did not exist yet (added).
Editorial changes and unchanged text need nothing. Items without a recorded version cannot be
judged and are only counted (`unreviewed`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gapcheck.model import Catalog, LoadedVersion, OrgData
from gapcheck.versions.text import natural_key

if TYPE_CHECKING:
    from gapcheck.versions.models import RequirementChange, ReviewItem, ReviewReport, VersionDiff

# The diff and its pydantic models load only when an item was reviewed against another
# version than the one analysed: every `gapcheck analyze` calls `needs_review`, few need them.

__all__ = [
    "UNRECORDED",
    "DiffCache",
    "needs_review",
    "review_items",
    "review_report",
    "source_of",
]

_ItemKind = str

# `reviewed_against` of an item that recorded no version.
UNRECORDED = "unrecorded"


def source_of(requirement_id: str) -> str:
    """`csl:2.3.p1` → `csl`."""
    return requirement_id.split(":", 1)[0]


@dataclass
class DiffCache:
    """Diffs computed once per (source, FROM, TO), with their lookup tables."""

    catalog: Catalog
    _diffs: dict[tuple[str, str, str], tuple[VersionDiff, dict[str, RequirementChange]]] = field(
        default_factory=dict
    )

    def version(self, source: str, version_id: str) -> LoadedVersion | None:
        for v in self.catalog.versions_of(source):
            if v.version.id == version_id:
                return v
        return None

    def by_old(
        self, old: LoadedVersion, new: LoadedVersion
    ) -> tuple[VersionDiff, dict[str, RequirementChange]]:
        key = (old.source.id, old.version.id, new.version.id)
        if key not in self._diffs:
            from gapcheck.versions.diff import diff_versions

            diff = diff_versions(old, new)
            self._diffs[key] = (diff, diff.by_old())
        return self._diffs[key]


def _judge(
    cache: DiffCache, selected: LoadedVersion, sel_ids: set[str], rid: str, reviewed: str
) -> tuple[str, str | None, str | None] | None:
    """(reason, id in the selected version, related) — or None when nothing needs review."""
    if reviewed == selected.version.id:
        return None if rid in sel_ids else ("not_in_version", None, None)
    old = cache.version(selected.source.id, reviewed)
    if old is None:
        return ("unknown_version", rid if rid in sel_ids else None, None)
    from gapcheck.versions.models import ChangeKind, ChangeLevel

    _, by_old = cache.by_old(old, selected)
    change = by_old.get(rid)
    if change is None:
        return ("added", rid, None) if rid in sel_ids else ("not_in_version", None, None)
    if change.kind is ChangeKind.REMOVED:
        return ("removed", None, change.related)
    if change.kind is ChangeKind.RENUMBERED:
        return ("renumbered", change.new_id, None)
    if change.level is ChangeLevel.SUBSTANTIVE:
        return ("substantive", change.new_id, None)
    return None


def _item(fields: dict[str, object]) -> ReviewItem:
    from gapcheck.versions.models import ReviewItem

    return ReviewItem.model_validate(fields)


def _catalog_items(
    catalog: Catalog, source: str
) -> Iterable[tuple[_ItemKind, str, str, str | None]]:
    """(kind, requirement id, target, reviewed version) for every catalog edge on `source`."""
    prefix = f"{source}:"
    for edge in catalog.edges:
        if edge.source.startswith(prefix):
            yield edge.type.value, edge.source, edge.target, edge.reviewed_against


def _org_items(org: OrgData, source: str) -> Iterable[tuple[_ItemKind, str, str, str | None]]:
    """The same for the organisation's direct measure links and assessments on `source`."""
    prefix = f"{source}:"
    for measure in org.measures:
        for link in measure.requirements:
            if link.requirement.startswith(prefix):
                yield "addresses", link.requirement, measure.id, link.reviewed_against
    for a in org.assessments:
        if a.target.startswith(prefix):
            yield "assessment", a.target, f"{a.assessor} {a.date.isoformat()}", a.version


# Per catalog, by identity (each entry keeps its catalog, so an id is not reused while it is
# here): the diffs, and the catalog's own items judged per selected version — the same for
# every organisation analysed against it (a portfolio judges them once, not fifty times).
_SHARED: OrderedDict[
    int,
    tuple[Catalog, DiffCache, dict[tuple[str, str], tuple[LoadedVersion, list[ReviewItem], int]]],
] = OrderedDict()
_SHARED_KEPT = 4
_LOCK = threading.Lock()


def _shared(
    catalog: Catalog,
) -> tuple[DiffCache, dict[tuple[str, str], tuple[LoadedVersion, list[ReviewItem], int]]]:
    with _LOCK:
        entry = _SHARED.get(id(catalog))
        if entry is None or entry[0] is not catalog:
            entry = _SHARED[id(catalog)] = (catalog, DiffCache(catalog), {})
            while len(_SHARED) > _SHARED_KEPT:
                _SHARED.popitem(last=False)
        else:
            _SHARED.move_to_end(id(catalog))
        return entry[1], entry[2]


def _judged(
    cache: DiffCache,
    selected: LoadedVersion,
    sel_ids: set[str],
    found: Iterable[tuple[_ItemKind, str, str, str | None]],
) -> tuple[list[ReviewItem], int]:
    """The items of `found` that need review against `selected`, and how many recorded no
    version (assessments apart)."""
    items: list[ReviewItem] = []
    unreviewed = 0
    for kind, rid, target, reviewed in found:
        if reviewed is None:
            if rid not in sel_ids:
                # Recorded against no version and absent from the analysed one: it cannot
                # apply, so it must be listed rather than dropped without a word.
                items.append(
                    _item(
                        {
                            "kind": kind,
                            "requirement": rid,
                            "current_id": None,
                            "target": target,
                            "reviewed_against": UNRECORDED,
                            "selected_version": selected.version.id,
                            "reason": "not_in_version",
                        }
                    )
                )
            elif kind != "assessment":
                unreviewed += 1
            continue
        verdict = _judge(cache, selected, sel_ids, rid, reviewed)
        if verdict is None:
            continue
        reason, current, related = verdict
        items.append(
            _item(
                {
                    "kind": kind,
                    "requirement": rid,
                    "current_id": current,
                    "target": target,
                    "reviewed_against": reviewed,
                    "selected_version": selected.version.id,
                    "reason": reason,
                    "related": related,
                }
            )
        )
    return items, unreviewed


def review_items(
    catalog: Catalog,
    selected_versions: Mapping[str, LoadedVersion],
    org: OrgData | None = None,
    sources: Iterable[str] | None = None,
    cache: DiffCache | None = None,
) -> tuple[list[ReviewItem], dict[str, int]]:
    """Items needing review for each selected source, and per source how many items had no
    recorded version. Sorted by requirement id (natural order), kind, target."""
    shared_cache, catalog_judged = _shared(catalog)
    cache = cache or shared_cache
    wanted = set(sources) if sources is not None else set(selected_versions)
    items: list[ReviewItem] = []
    unreviewed: dict[str, int] = {}
    for source in sorted(wanted & set(selected_versions)):
        selected = selected_versions[source]
        sel_ids = {r.id for r in selected.requirements}
        key = (source, selected.version.id)
        known = catalog_judged.get(key)
        if known is None or known[0] is not selected:
            found, count = _judged(cache, selected, sel_ids, _catalog_items(catalog, source))
            known = catalog_judged[key] = (selected, found, count)
        items += known[1]
        unreviewed[source] = known[2]
        if org is not None:
            found, count = _judged(cache, selected, sel_ids, _org_items(org, source))
            items += found
            unreviewed[source] += count
    items.sort(
        key=lambda i: (natural_key(i.current_id or i.requirement), i.kind, natural_key(i.target))
    )
    return items, unreviewed


def needs_review(
    catalog: Catalog,
    selected_versions: Mapping[str, LoadedVersion],
    org: OrgData | None = None,
) -> dict[str, list[str]]:
    """Requirement id (in the selected version) → labels of the items to review on it.

    Labels look like `maps_to:iso27001:A.5.24 (sou-2024-18: substantive)`; see
    `ReviewItem.label`. Items whose requirement was removed have no selected id and appear
    only in `review_items` / `gapcheck review-mappings`. Pure: no I/O, deterministic.
    """
    items, _ = review_items(catalog, selected_versions, org)
    out: dict[str, list[str]] = {}
    for item in items:
        if item.current_id is not None:
            out.setdefault(item.current_id, []).append(item.label())
    return {k: sorted(set(v)) for k, v in sorted(out.items(), key=lambda kv: natural_key(kv[0]))}


def review_report(
    catalog: Catalog, selected: LoadedVersion, org: OrgData | None = None
) -> ReviewReport:
    """Everything on one source that needs review against its `selected` version."""
    from gapcheck.versions.models import ReviewReport

    source = selected.source.id
    items, unreviewed = review_items(catalog, {source: selected}, org, [source])
    return ReviewReport(
        source=source,
        selected_version=selected.version.id,
        items=items,
        unreviewed=unreviewed.get(source, 0),
    )
