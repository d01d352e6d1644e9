"""The scopes of an organisation at a date: the one place that decides what applies.

Every command that asks "what applies to this organisation on this day" goes through
`scopes_at`: `analyze`, `gapcheck deadlines`, the workbook's measure impacts. It selects the
versions at the date, drops the assessments made later, builds the graph index, evaluates the
supplier register (what each third-country transfer rests on decides which GDPR ch. V articles
apply) and calls `applicability.compute_scopes`. Nothing here decides applicability itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from gapcheck.engine.applicability import Scope, compute_scopes
from gapcheck.engine.index import Index, build_index
from gapcheck.engine.transfers import evaluate_transfers, transfer_grounds
from gapcheck.model.bundle import Catalog, LoadedVersion, OrgData, select_versions
from gapcheck.model.facts_result import TransferResult

__all__ = ["ScopeView", "known_at", "scopes_at", "selected_versions"]


def known_at(org: OrgData, as_of: dt.date) -> OrgData:
    """`org` without the assessments made after `as_of` (they were not known then)."""
    if not any(x.date > as_of for x in org.assessments):
        return org
    known = tuple(x for x in org.assessments if x.date <= as_of)
    return org.model_copy(update={"assessments": known})


def selected_versions(
    catalog: Catalog, org: OrgData, as_of: dt.date, pins: Mapping[str, str] | None = None
) -> dict[str, LoadedVersion]:
    """The version analysed per source: the organisation's own pins
    (`organisation.source_versions`), overridden by `pins`, else `select_versions`' default."""
    merged = org.version_pins(pins)
    return select_versions(catalog, as_of, merged)


@dataclass(frozen=True, slots=True)
class ScopeView:
    """What applies at `as_of`: the organisation as known then, the selected versions, their
    index, the supplier register evaluated then, and every scope."""

    as_of: dt.date
    org: OrgData
    versions: dict[str, LoadedVersion]
    index: Index
    transfers: list[TransferResult]
    scopes: dict[str, Scope]


def scopes_at(
    catalog: Catalog, org: OrgData, as_of: dt.date, pins: Mapping[str, str] | None = None
) -> ScopeView:
    """The scope of every selected requirement for `org` at `as_of`, with the assessments
    known then; `pins` override the organisation's own version pins."""
    org = known_at(org, as_of)
    versions = selected_versions(catalog, org, as_of, pins)
    ix = build_index(catalog, org, versions)
    transfers = evaluate_transfers(org.suppliers, catalog.facts, as_of)
    scopes = compute_scopes(ix, org.organisation, as_of, transfer_grounds(transfers))
    return ScopeView(
        as_of=as_of,
        org=org,
        versions=versions,
        index=ix,
        transfers=transfers,
        scopes=scopes,
    )
