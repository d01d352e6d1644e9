"""What the engine derives from the facts: authorities, transfer evaluations, report deadlines.

Part of the analysis result (`AnalysisResult.authorities`, `.transfers`) or, for deadlines, of
`gapcheck deadlines`; field-by-field documentation in docs/json-result.md.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from gapcheck.model.common import LocalizedText, OutputModel
from gapcheck.model.facts import MechanismKind, RoleKind

__all__ = [
    "AuthorityRef",
    "AuthorityRole",
    "DeadlineReport",
    "OmittedDeadline",
    "ReportDeadline",
    "TransferReason",
    "TransferResult",
    "TransferStatus",
]


class AuthorityRef(OutputModel):
    id: str
    short: str
    name: LocalizedText


class AuthorityRole(OutputModel):
    """One authority in one role towards the organisation, and the rule that says so."""

    role: RoleKind
    authority: AuthorityRef
    basis: str = Field(description="legal basis, e.g. 'SFS 2025:1507 7 § och 12 §'")
    rule: str = Field(description="id of the rule in mappings/facts/authorities.yaml")
    requirements: list[str] = Field(default_factory=list)
    verified: bool
    notes: str | None = None


class TransferStatus(StrEnum):
    """A supplier transfer's state at `as_of`, worst first."""

    EXPIRED = "expired"  # the mechanism's known validity has ended (or not begun)
    NO_MECHANISM = "no_mechanism"  # none given, or it does not cover the country
    EXPIRING = "expiring"  # valid, but the known validity ends within the window
    AT_RISK = "at_risk"  # valid, but under legal challenge or missing a required TIA
    OK = "ok"
    NO_TRANSFER = "no_transfer"  # no personal data, or the supplier is in the EU/EEA


class TransferReason(OutputModel):
    code: str = Field(description="translation key, e.g. 'transfer.expiring'")
    detail: str = ""


class TransferResult(OutputModel):
    """One supplier of the register, evaluated at `as_of`."""

    supplier: str
    name: str
    country: str
    personal_data: bool
    mechanism: str | None = None
    mechanism_kind: MechanismKind | None = None
    status: TransferStatus
    valid_until: dt.date | None = Field(
        default=None, description="end of the validity known at as_of; null = open-ended"
    )
    days_left: int | None = None
    challenges: list[str] = Field(default_factory=list, description="pending court cases")
    exit_plan: bool
    transfer_impact_assessment: bool
    requirements: list[str] = Field(default_factory=list, description="GDPR ids concerned")
    gap: bool
    priority: int | None = Field(default=None, ge=0, le=100)
    reasons: list[TransferReason] = Field(default_factory=list)


class ReportDeadline(OutputModel):
    """One report due after an incident: when, to whom and why."""

    requirement: str
    source: str
    ref: str
    title: LocalizedText | None = None
    after: str = Field(description="what starts the clock (a reporting event code)")
    after_title: LocalizedText | None = None
    period: str = Field(description="the period as written, e.g. '24h', '1mo', '' on request")
    due: dt.datetime | None = Field(default=None, description="local time with UTC offset")
    on_request: bool = False
    recipient: str | None = None
    recipient_title: LocalizedText | None = None
    authorities: list[AuthorityRef] = Field(default_factory=list)
    unresolved: LocalizedText | None = Field(
        default=None, description="why no authority can be named: judge manually"
    )
    basis: list[str] = Field(default_factory=list, description="citations of the recipient")
    assumed_from: str | None = Field(
        default=None,
        description="the report whose latest due time is assumed as the start of this clock",
    )


class OmittedDeadline(OutputModel):
    requirement: str
    reason: str = Field(description="translation key, e.g. 'deadline.omitted.transposed'")
    by: list[str] = Field(default_factory=list)


class DeadlineReport(OutputModel):
    """`gapcheck deadlines`: every report an incident aware at `aware` triggers."""

    organisation: str
    aware: dt.datetime
    timezone: str
    personal_data: bool
    trust_service: bool
    events: dict[str, dt.datetime] = Field(
        default_factory=dict, description="event times given by the user (--event)"
    )
    source_versions: dict[str, str]
    deadlines: list[ReportDeadline]
    omitted: list[OmittedDeadline] = Field(default_factory=list)
