"""Which deadlines `gapcheck deadlines` lists, and why the others are left out.

Three steps on the analysis' own scopes (`engine.scope_at`): the applicable requirements in
force with an incident-report deadline (`only_with` recipients need their flag), without the
directive provisions a listed national provision transposes, without the provisions a listed
sub-provision with the same clock and recipient replaces.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gapcheck.engine.authorities import recipient
from gapcheck.engine.order import natural_key, natural_sorted
from gapcheck.engine.scope_at import ScopeView
from gapcheck.model import Deadline, EdgeType, Requirement
from gapcheck.model.bundle import Catalog
from gapcheck.model.facts import Facts, IncidentFlag, Recipient
from gapcheck.model.facts_result import OmittedDeadline

__all__ = ["Listed", "select_deadlines"]


@dataclass(frozen=True, slots=True)
class Listed:
    """A requirement whose deadline is reported, with what its row needs."""

    req: Requirement
    source: str
    deadline: Deadline
    recipient: Recipient


def _ancestors(ident: str, parent: Mapping[str, str]) -> list[str]:
    chain, node = [ident], parent.get(ident)
    while node is not None and node not in chain:
        chain.append(node)
        node = parent.get(node)
    return chain


def _candidates(
    view: ScopeView, facts: Facts, flags: Mapping[IncidentFlag, bool]
) -> tuple[dict[str, Listed], list[OmittedDeadline]]:
    """Applicable requirements with an incident-report deadline, in natural id order."""
    listed: dict[str, Listed] = {}
    omitted: list[OmittedDeadline] = []
    for ident in sorted(view.scopes, key=natural_key):
        scope, info = view.scopes[ident], view.index.reqs[ident]
        deadline = info.requirement.deadline
        rec = recipient(deadline.recipient, facts) if deadline else None
        if not scope.applicable or deadline is None or rec is None or not rec.incident_report:
            continue
        if rec.only_with is not None and not flags[rec.only_with]:
            reason = f"deadline.omitted.flag.{rec.only_with.value}"
            omitted.append(OmittedDeadline(requirement=ident, reason=reason))
        elif not scope.in_force:
            omitted.append(
                OmittedDeadline(
                    requirement=ident,
                    reason="deadline.omitted.not_in_force",
                    in_force=scope.in_force_date,
                )
            )
        else:
            listed[ident] = Listed(info.requirement, info.source.id, deadline, rec)
    return listed, omitted


def _without_transposed(
    listed: dict[str, Listed], catalog: Catalog, parent: Mapping[str, str]
) -> tuple[dict[str, Listed], list[OmittedDeadline]]:
    """Drop a provision whose nearest transposed ancestor (or itself) a listed one transposes."""
    transposers: dict[str, set[str]] = {}
    for edge in catalog.edges:
        if edge.type is EdgeType.TRANSPOSES and edge.source in listed:
            transposers.setdefault(edge.target, set()).add(edge.source)
    kept: dict[str, Listed] = {}
    omitted: list[OmittedDeadline] = []
    for ident, item in listed.items():
        nearest = next((a for a in _ancestors(ident, parent) if a in transposers), None)
        if nearest is None:
            kept[ident] = item
            continue
        by = natural_sorted(transposers[nearest])
        omitted.append(
            OmittedDeadline(requirement=ident, reason="deadline.omitted.transposed", by=by)
        )
    return kept, omitted


def _without_superseded(
    kept: dict[str, Listed], parent: Mapping[str, str]
) -> tuple[dict[str, Listed], list[OmittedDeadline]]:
    """Replace a provision by its listed sub-provisions with the same clock and recipient."""
    final: dict[str, Listed] = {}
    omitted: list[OmittedDeadline] = []
    for ident, item in kept.items():
        clock = (item.deadline.after, item.deadline.recipient)
        children = [
            c
            for c, other in kept.items()
            if c != ident
            and ident in _ancestors(c, parent)
            and (other.deadline.after, other.deadline.recipient) == clock
        ]
        if children:
            omitted.append(
                OmittedDeadline(
                    requirement=ident, reason="deadline.omitted.superseded", by=children
                )
            )
        else:
            final[ident] = item
    return final, omitted


def select_deadlines(
    view: ScopeView, catalog: Catalog, flags: Mapping[IncidentFlag, bool]
) -> tuple[dict[str, Listed], list[OmittedDeadline]]:
    """The deadlines to list, in natural id order, and the ones left out with the reason."""
    listed, omitted = _candidates(view, catalog.facts, flags)
    kept, transposed = _without_transposed(listed, catalog, view.index.parent)
    final, superseded = _without_superseded(kept, view.index.parent)
    out = sorted([*omitted, *transposed, *superseded], key=lambda o: natural_key(o.requirement))
    return final, out
