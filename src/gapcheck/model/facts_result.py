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
    "ClockStart",
    "DayOff",
    "DayOffKind",
    "DeadlineReport",
    "OmittedDeadline",
    "ReportDeadline",
    "TimeWarning",
    "TimeWarningCode",
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
    manual: bool = Field(
        default=False, description="may apply: the profile cannot tell, judge manually (notes)"
    )
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


class DayOffKind(StrEnum):
    """Why a day is not a weekday (vardag) under lag (1930:173) om beräkning av lagstadgad
    tid 2 §."""

    SATURDAY = "saturday"
    SUNDAY = "sunday"
    PUBLIC_HOLIDAY = "public_holiday"  # allmän helgdag, lag (1989:253) 1 §
    TREATED_AS_HOLIDAY = "treated_as_holiday"  # midsommarafton, julafton, nyårsafton


class DayOff(OutputModel):
    """One day a last day fell on and was moved past."""

    date: dt.date
    kind: DayOffKind
    name: LocalizedText | None = Field(default=None, description="the holiday's name, if one")


class ClockStart(StrEnum):
    """Where the start of a deadline's clock comes from."""

    AWARENESS = "awareness"  # --aware
    GIVEN = "given"  # the event's real time, given with --event
    ASSUMED_LATEST = "assumed_latest"  # the latest due time of the report producing the event


class TimeWarningCode(StrEnum):
    """What is doubtful about a time given by the user."""

    NONEXISTENT = "time.nonexistent"  # a local time skipped when summer time starts
    AMBIGUOUS = "time.ambiguous"  # a local time that occurs twice when summer time ends
    BEFORE_AWARENESS = "time.before_awareness"  # an event before the incident was known
    AFTER_DUE = "time.after_due"  # an event later than the report producing it was due


class TimeWarning(OutputModel):
    """A doubt about a given time, and how gapcheck read it."""

    code: TimeWarningCode
    about: str = Field(description="'aware' or the event code (--event)")
    given: str = Field(description="the time as given, ISO 8601")
    read_as: dt.datetime = Field(description="the instant used, local time with UTC offset")
    other: dt.datetime | None = Field(
        default=None, description="the other possible reading of an ambiguous/nonexistent time"
    )
    requirement: str | None = Field(
        default=None, description="for after_due: the report whose due time was passed"
    )
    due: dt.datetime | None = Field(default=None, description="for after_due: that due time")


class ReportDeadline(OutputModel):
    """One report due after an incident: when, to whom and why."""

    requirement: str
    source: str
    ref: str
    ref_sv: str | None = Field(
        default=None, description="the reference as the Swedish text cites it, where it differs"
    )
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
    start: dt.datetime | None = Field(default=None, description="when this clock started")
    start_kind: ClockStart | None = None
    moved_from: dt.datetime | None = Field(
        default=None,
        description="the due time by the period alone, when lag (1930:173) 2 § moved the "
        "last day to the next weekday",
    )
    moved_over: list[DayOff] = Field(
        default_factory=list, description="the days the last day was moved past, in order"
    )


class OmittedDeadline(OutputModel):
    requirement: str
    reason: str = Field(description="translation key, e.g. 'deadline.omitted.transposed'")
    by: list[str] = Field(default_factory=list)
    in_force: dt.date | None = Field(
        default=None, description="for not_in_force: the date the provision enters into force"
    )


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
    warnings: list[TimeWarning] = Field(default_factory=list)
