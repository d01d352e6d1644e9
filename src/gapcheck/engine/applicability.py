"""Which requirements apply to the organisation, what role their source plays for it, and
when each duty starts.

One function decides this for every command (analyze, deadlines, the workbook, the API):
`compute_scopes`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from gapcheck.engine.index import Index
from gapcheck.model import (
    AssessmentResult,
    Organisation,
    ProfileEvent,
    Source,
    SourceKind,
    SourceVersion,
    Start,
    VersionStatus,
)
from gapcheck.model.org import ProfileCondition, TransferGround
from gapcheck.model.result import SourceRole

__all__ = ["Scope", "add_months", "compute_scopes", "profile_matches", "source_role"]

_FINAL = (VersionStatus.FINAL, VersionStatus.CONSOLIDATED)


@dataclass(frozen=True, slots=True)
class Scope:
    """Applicability, role and force of one requirement."""

    # The profile conditions of the requirement and its ancestors hold, no assessment on them
    # says not_applicable, and the event it starts with (if any) has happened.
    conditions_hold: bool
    # What the requirement's source is to the organisation: binding, a lens or the watch list.
    role: SourceRole
    # The conditions hold except that the starting event has not happened yet.
    pending: ProfileEvent | None
    in_force: bool
    in_force_date: dt.date | None
    # Shown as applying to the organisation (binding, lens or watch): the conditions hold. A
    # field set from them rather than a property, which cost a call at each of the analysis'
    # several reads per requirement.
    applicable: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "applicable", self.conditions_hold)


def source_role(source: Source, version: SourceVersion) -> SourceRole:
    """Binding: the final text of an act that binds the organisation itself (a Swedish act or
    regulation, an EU regulation) — from its in-force date, which the priority weighs. Lens: a
    directive (it binds the Member States; the organisation is bound by the acts transposing
    it) or guidance. Watch: a draft or a proposal (kommande krav)."""
    if version.status not in _FINAL:
        return SourceRole.WATCH
    if source.kind is SourceKind.EU_DIRECTIVE or not source.binding:
        return SourceRole.LENS
    return SourceRole.BINDING


def profile_matches(
    cond: ProfileCondition, org: Organisation, grounds: Collection[TransferGround] = ()
) -> bool:
    """Whether every given (non-None) condition holds for the organisation profile; a list
    holds when the profile's value is in it (`sectors`: when it names any of them);
    `grounds` are what its third-country transfers rest on at the analysis date."""
    checks = (
        cond.nis2_class is None or org.nis2_class in cond.nis2_class,
        cond.entity_types is None or org.entity_type in cond.entity_types,
        cond.counties is None or (org.county is not None and org.county in cond.counties),
        cond.sectors is None or any(s in cond.sectors for s in org.nis2_sectors),
        cond.cer_critical is None or cond.cer_critical == org.cer_critical,
        cond.healthcare_provider is None or cond.healthcare_provider == org.healthcare_provider,
        cond.processes_personal_data is None
        or cond.processes_personal_data == org.processes_personal_data,
        cond.transfers_outside_eea is None
        or cond.transfers_outside_eea == org.transfers_outside_eea,
        cond.trust_service_provider is None
        or cond.trust_service_provider == org.trust_service_provider,
        cond.transfer_grounds is None or bool(set(cond.transfer_grounds) & set(grounds)),
    )
    return all(checks)


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day (31 Jan + 1 month = 28/29 Feb)."""
    y, m = divmod(date.month - 1 + months, 12)
    year, month = date.year + y, m + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def _starts(ix: Index, req_id: str) -> Start | None:
    node: str | None = req_id
    seen: set[str] = set()
    while node is not None and node not in seen:
        seen.add(node)
        start = ix.reqs[node].requirement.starts
        if start is not None:
            return start
        node = ix.parent.get(node)
    return None


def compute_scopes(
    ix: Index,
    org: Organisation,
    as_of: dt.date,
    grounds: Collection[TransferGround] = (),
) -> dict[str, Scope]:
    """Scope of every selected requirement.

    The requirement's own `applies_if` replaces its source's; an ancestor's own `applies_if`
    (if set) must hold too, and a not_applicable assessment (the latest one on a target) on
    the requirement or any ancestor takes the whole branch out. A requirement that `starts`
    with an event applies once the event has happened, in force `months` after it. A
    directive provision is in force for the organisation when the first national provision
    transposing it is (never by the directive's own date).
    """
    scopes: dict[str, Scope] = {}
    facts = ix.scope_facts  # the catalog's part of each scope, shared by every organisation
    matches: dict[int, bool] = {}  # per condition object: most requirements share a few

    def match(cond: ProfileCondition) -> bool:
        held = matches.get(id(cond))
        if held is None:
            held = matches[id(cond)] = profile_matches(cond, org, grounds)
        return held

    # The targets assessed not applicable (read for every requirement and ancestor).
    not_applicable = {
        t for t, a in ix.assessments.items() if a.result is AssessmentResult.NOT_APPLICABLE
    }

    # Whether every ancestor's own applies_if holds and none is assessed not applicable, per
    # node (contains is acyclic: dependency_order checked it; the guard keeps this total).
    branch: dict[str, bool] = {}

    def branch_holds(node: str) -> bool:
        chain: list[str] = []
        seen: set[str] = set()
        here: str | None = node
        while here is not None and here not in branch and here not in seen:
            seen.add(here)
            chain.append(here)
            here = ix.parent.get(here)
        held = branch.get(here, True) if here is not None else True
        for n in reversed(chain):
            own = ix.reqs[n].requirement.applies_if
            held = held and (own is None or match(own)) and n not in not_applicable
            branch[n] = held
        return branch[node]

    # Scopes are immutable and most requirements share one of a few: each made once.
    made: dict[tuple[object, ...], Scope] = {}
    for req_id, info in ix.reqs.items():
        req = info.requirement
        parent = ix.parent.get(req_id)
        cond = req.applies_if or info.source.applies_if
        held = matches.get(id(cond))
        holds = (
            (held if held is not None else match(cond))
            and req_id not in not_applicable
            and (
                parent is None
                or parent == req_id
                or (branch[parent] if parent in branch else branch_holds(parent))
            )
        )
        role, force_date, directive, start = facts.get(req_id) or facts.setdefault(
            req_id, _static(ix, req_id)
        )
        pending: ProfileEvent | None = None
        if start is not None and holds:
            happened = org.event_date(start.after)
            if happened is None or happened > as_of:
                holds, pending = False, start.after
            else:
                begins = add_months(happened, start.months)
                force_date = max(force_date, begins) if force_date is not None else begins
        in_force = (
            force_date is not None and force_date <= as_of
            if directive
            else force_date is None or force_date <= as_of
        )
        key = (holds, role, pending, in_force, force_date)
        scope = made.get(key)
        if scope is None:
            scope = made[key] = Scope(
                conditions_hold=holds,
                role=role,
                pending=pending,
                in_force=in_force,
                in_force_date=force_date,
            )
        scopes[req_id] = scope
    return scopes


def _static(ix: Index, req_id: str) -> tuple[SourceRole, dt.date | None, bool, Start | None]:
    """What the catalog alone says of a requirement's scope: its source's role, its in-force
    date (a directive provision's: the first transposing national provision's), whether it
    is a directive provision, and the event its duty starts with (its own or an ancestor's)."""
    info = ix.reqs[req_id]
    role = source_role(info.source, info.version)
    force_date = info.requirement.in_force or info.version.in_force
    directive = info.source.kind is SourceKind.EU_DIRECTIVE
    if directive:
        dates = [_force_date(ix, n) for n in ix.transposers.get(req_id, [])]
        known = [d for d in dates if d is not None]
        force_date = min(known) if known else None
    return role, force_date, directive, _starts(ix, req_id)


def _force_date(ix: Index, req_id: str) -> dt.date | None:
    info = ix.reqs[req_id]
    return info.requirement.in_force or info.version.in_force
