"""Which requirements apply to the organisation, and which are in force at the as-of date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gapcheck.engine.index import Index
from gapcheck.model import Applicability, AssessmentResult, Organisation

__all__ = ["Scope", "compute_scopes", "profile_matches"]


@dataclass(frozen=True, slots=True)
class Scope:
    """Applicability and force of one requirement."""

    # The profile conditions of the requirement and its ancestors hold and no assessment on
    # them says not_applicable. Non-binding sources are still computed when this holds.
    conditions_hold: bool
    # conditions_hold and the source is binding: reported, and may be a gap.
    applicable: bool
    in_force: bool
    in_force_date: dt.date | None


def profile_matches(cond: Applicability, org: Organisation) -> bool:
    """Whether every given (non-None) condition holds for the organisation profile."""
    checks = (
        cond.nis2_class is None or org.nis2_class in cond.nis2_class,
        cond.entity_types is None or org.entity_type in cond.entity_types,
        cond.cer_critical is None or cond.cer_critical == org.cer_critical,
        cond.processes_personal_data is None
        or cond.processes_personal_data == org.processes_personal_data,
        cond.transfers_outside_eea is None
        or cond.transfers_outside_eea == org.transfers_outside_eea,
        cond.trust_service_provider is None
        or cond.trust_service_provider == org.trust_service_provider,
    )
    return all(checks)


def compute_scopes(ix: Index, org: Organisation, as_of: dt.date) -> dict[str, Scope]:
    """Scope of every selected requirement.

    The requirement's own `applies_if` replaces its source's; an ancestor's own `applies_if`
    (if set) must hold too, and a not_applicable assessment (the latest one on a target) on
    the requirement or any ancestor takes the whole branch out.
    """
    scopes: dict[str, Scope] = {}
    for req_id, info in ix.reqs.items():
        req = info.requirement
        holds = profile_matches(req.applies_if or info.source.applies_if, org)
        seen = {req_id}
        node: str | None = req_id
        while holds and node is not None:
            if node != req_id:
                own = ix.reqs[node].requirement.applies_if
                holds = own is None or profile_matches(own, org)
            assessment = ix.assessments.get(node)
            if assessment is not None and assessment.result is AssessmentResult.NOT_APPLICABLE:
                holds = False
            node = ix.parent.get(node)
            # contains is acyclic (dependency_order checked it); the guard costs nothing.
            if node in seen:
                break
            if node is not None:
                seen.add(node)
        force_date = req.in_force or info.version.in_force
        scopes[req_id] = Scope(
            conditions_hold=holds,
            applicable=holds and info.source.binding,
            in_force=force_date is None or force_date <= as_of,
            in_force_date=force_date,
        )
    return scopes
