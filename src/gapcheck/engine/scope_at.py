"""The scopes of an organisation at a date, as the analysis decides them.

One entry point for every command that asks "what applies to this organisation on this day"
(`gapcheck deadlines` today; `analyze` does the same steps inline): the versions selected at
the date, the graph index built with only the assessments known then, and
`applicability.compute_scopes` on it. Nothing here decides applicability itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from gapcheck.engine.analysis import selected_versions
from gapcheck.engine.applicability import Scope, compute_scopes
from gapcheck.engine.index import Index, build_index
from gapcheck.model.bundle import Catalog, LoadedVersion, OrgData

__all__ = ["ScopeView", "known_at", "scopes_at"]


def known_at(org: OrgData, as_of: dt.date) -> OrgData:
    """`org` without the assessments made after `as_of` (they were not known then)."""
    if not any(x.date > as_of for x in org.assessments):
        return org
    known = tuple(x for x in org.assessments if x.date <= as_of)
    return org.model_copy(update={"assessments": known})


@dataclass(frozen=True, slots=True)
class ScopeView:
    """What applies at `as_of`: the selected versions, their index and every scope."""

    as_of: dt.date
    versions: dict[str, LoadedVersion]
    index: Index
    scopes: dict[str, Scope]


def scopes_at(
    catalog: Catalog, org: OrgData, as_of: dt.date, pins: Mapping[str, str] | None = None
) -> ScopeView:
    """The scope of every selected requirement for `org` at `as_of`, with the assessments
    known then; `pins` override the organisation's own version pins."""
    org = known_at(org, as_of)
    versions = selected_versions(catalog, org, as_of, pins)
    ix = build_index(catalog, org, versions)
    return ScopeView(
        as_of=as_of,
        versions=versions,
        index=ix,
        scopes=compute_scopes(ix, org.organisation, as_of),
    )
