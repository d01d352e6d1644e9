"""Who supervises the organisation and where it registers and reports: rules as data applied to
the profile (`mappings/facts/authorities.yaml`). Pure functions."""

from __future__ import annotations

from gapcheck.engine.applicability import profile_matches
from gapcheck.model.facts import AuthorityRule, Facts, Recipient, RoleKind, RuleCondition
from gapcheck.model.facts_result import AuthorityRef, AuthorityRole
from gapcheck.model.org import Organisation

__all__ = ["ROLE_ORDER", "authorities", "condition_holds", "recipient", "roles_for"]

# Display and sort order of the roles.
ROLE_ORDER: tuple[RoleKind, ...] = (
    RoleKind.SUPERVISION,
    RoleKind.REGISTRATION,
    RoleKind.INCIDENT_REPORTING,
    RoleKind.PERSONAL_DATA_BREACH,
)


def condition_holds(cond: RuleCondition, org: Organisation) -> bool:
    """Every given condition of an authority rule holds (the analysis' one matcher)."""
    return profile_matches(cond, org)


def _role(rule: AuthorityRule, facts: Facts) -> AuthorityRole | None:
    assert facts.authorities is not None
    found = next((a for a in facts.authorities.authorities if a.id == rule.authority), None)
    if found is None:  # the loader reports unknown authorities; stay total
        return None
    return AuthorityRole(
        role=rule.role,
        authority=AuthorityRef(id=found.id, short=found.short, name=found.name),
        basis=rule.basis,
        rule=rule.id,
        requirements=list(rule.requirements),
        verified=rule.verified,
        manual=rule.manual,
        notes=rule.notes,
    )


def authorities(profile: Organisation, facts: Facts) -> list[AuthorityRole]:
    """Every authority role whose rule matches the profile, by role then authority id.

    Several supervisory authorities may result (a kommun that is also a vårdgivare has the
    länsstyrelse and IVO; 16 § of the ordinance makes them agree how to supervise)."""
    if facts.authorities is None:
        return []
    roles = [
        role
        for rule in facts.authorities.rules
        if condition_holds(rule.when, profile) and (role := _role(rule, facts)) is not None
    ]
    # What certainly applies first; a role to judge manually after it.
    return sorted(roles, key=lambda r: (ROLE_ORDER.index(r.role), r.manual, r.authority.id, r.rule))


def recipient(code: str | None, facts: Facts) -> Recipient | None:
    """What a `deadline.recipient` code means, if the facts define it."""
    if code is None or facts.authorities is None:
        return None
    return next((r for r in facts.authorities.recipients if r.code == code), None)


def roles_for(role: RoleKind | None, found: list[AuthorityRole]) -> list[AuthorityRole]:
    """The organisation's authorities in `role` (none for None)."""
    return [r for r in found if role is not None and r.role is role]
