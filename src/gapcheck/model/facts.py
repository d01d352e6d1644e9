"""Time-bounded legal facts: transfer mechanisms, authorities and reporting events.

These are the facts a gap analysis applies to an organisation's profile and registers, kept as
data under `mappings/facts/` (never in code), each with its citation. Pure pydantic, no I/O.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from gapcheck.model.common import Date, Id, LocalizedText, StrictModel
from gapcheck.model.org import (
    ProfileCondition,
    TransferGround,
)

__all__ = [
    "AuthoritiesFacts",
    "Authority",
    "AuthorityRule",
    "ChallengeStatus",
    "CountryCode",
    "Facts",
    "IncidentFlag",
    "LegalChallenge",
    "MechanismKind",
    "Recipient",
    "ReportingEvent",
    "RoleKind",
    "RuleCondition",
    "TransferGround",
    "TransferMechanism",
    "TransferMechanismsFacts",
    "ValidityPeriod",
]

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class MechanismKind(StrEnum):
    """The GDPR chapter V ground a transfer rests on."""

    ADEQUACY = "adequacy"  # art. 45
    SCC = "scc"  # art. 46(2)(c)
    BCR = "bcr"  # art. 47
    DEROGATION = "derogation"  # art. 49


class ChallengeStatus(StrEnum):
    PENDING = "pending"
    DISMISSED = "dismissed"
    UPHELD = "upheld"  # the decision was annulled or declared invalid


class ValidityPeriod(StrictModel):
    """One period in which a mechanism is valid, created by one legal act.

    `adopted` is when that act was adopted: before it, the period was not known, so an
    analysis at an earlier date does not count on it (the UK decision looked like it would
    expire on 2025-06-27 until the extension was adopted).
    """

    valid_from: Date
    valid_until: Date | None = None
    adopted: Date | None = None
    citation: str = Field(min_length=1)
    url: str | None = None
    verified: bool = False
    notes: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ValidityPeriod:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise PydanticCustomError(
                "period_ends_before_start", "valid_until is before valid_from"
            )
        return self

    @property
    def known_from(self) -> dt.date:
        """The first day an analysis may rely on this period."""
        return self.adopted or self.valid_from


class LegalChallenge(StrictModel):
    """A court case that may annul the decision a mechanism rests on: a risk flag."""

    case: str = Field(min_length=1, description="e.g. 'C-703/25 P'")
    court: str
    lodged: Date
    status: ChallengeStatus
    decided: Date | None = None
    citation: str = Field(min_length=1)
    url: str | None = None
    verified: bool = False
    notes: str | None = None

    def pending_at(self, as_of: dt.date) -> bool:
        """Lodged and not yet decided at `as_of` (a later decision is not yet known)."""
        return self.lodged <= as_of and (self.decided is None or self.decided > as_of)


class TransferMechanism(StrictModel):
    """An adequacy decision, SCCs, BCRs or a derogation, with its validity over time."""

    id: Id
    kind: MechanismKind
    title: LocalizedText
    # Countries it covers; empty means any third country (SCCs, BCRs, derogations).
    countries: list[CountryCode] = Field(default_factory=list)
    periods: list[ValidityPeriod] = Field(min_length=1)
    # A transfer impact assessment must back each transfer (SCCs after Schrems II).
    requires_tia: bool = False
    # Every transfer on this ground should have an exit plan (e.g. the decision's predecessors
    # were annulled with no transition period): a missing one puts the transfer at risk.
    exit_plan_advised: bool = False
    challenges: list[LegalChallenge] = Field(default_factory=list)
    # GDPR requirement ids a transfer on this ground concerns.
    requirements: list[Id] = Field(default_factory=list)
    citation: str = Field(min_length=1)
    url: str | None = None
    verified: bool = False
    notes: str | None = None

    @model_validator(mode="after")
    def _periods_in_order(self) -> TransferMechanism:
        starts = [p.valid_from for p in self.periods]
        if starts != sorted(starts):
            raise PydanticCustomError(
                "periods_out_of_order", "periods must be listed oldest first (by valid_from)"
            )
        return self


class TransferMechanismsFacts(StrictModel):
    """`mappings/facts/transfer-mechanisms.yaml`."""

    # EU and EEA states: a supplier there is no transfer to a third country.
    eea: list[CountryCode] = Field(min_length=1)
    eea_citation: str
    # GDPR requirements a transfer without any valid mechanism concerns.
    no_mechanism_requirements: list[Id] = Field(default_factory=list)
    mechanisms: list[TransferMechanism] = Field(default_factory=list)


class RoleKind(StrEnum):
    """What an authority is to the organisation."""

    SUPERVISION = "supervision"
    REGISTRATION = "registration"
    INCIDENT_REPORTING = "incident_reporting"
    PERSONAL_DATA_BREACH = "personal_data_breach"


class Authority(StrictModel):
    id: Id
    short: str
    name: LocalizedText
    url: str | None = None


# An authority rule's `when`: the one profile-condition model (model.org.ProfileCondition).
RuleCondition = ProfileCondition


class AuthorityRule(StrictModel):
    """'For a profile matching `when`, `authority` has `role`', with its legal basis."""

    id: Id
    role: RoleKind
    authority: Id
    when: RuleCondition = RuleCondition()
    basis: str = Field(min_length=1, description="citation, e.g. 'SFS 2025:1507 7 och 12 §§'")
    # Catalog requirements that state the rule (checked against the catalogs).
    requirements: list[Id] = Field(default_factory=list)
    verified: bool = False
    # The role may apply: the profile cannot tell, so the officer must judge (notes say how).
    manual: bool = False
    notes: str | None = None


class IncidentFlag(StrEnum):
    """What the person reporting says about the incident (`gapcheck deadlines` options)."""

    PERSONAL_DATA = "personal_data"
    TRUST_SERVICE = "trust_service"


class Recipient(StrictModel):
    """A `deadline.recipient` code of the catalogs and what it means."""

    code: Id
    role: RoleKind | None = None
    # Part of the incident reporting chain (listed by `gapcheck deadlines`).
    incident_report: bool = False
    # Listed only when the person reporting sets this flag.
    only_with: IncidentFlag | None = None
    # Why no authority can be named (e.g. the Swedish CER law is pending).
    unresolved: LocalizedText | None = None
    title: LocalizedText


class ReportingEvent(StrictModel):
    """A `deadline.after` code: what starts a clock, and which report's time produces it."""

    code: Id
    title: LocalizedText
    # The --aware timestamp starts this clock.
    start: bool = False
    # Only on the recipient's request: no timestamp.
    on_request: bool = False
    # Requirements whose due time is this event, first applicable wins.
    produced_by: list[Id] = Field(default_factory=list)


class AuthoritiesFacts(StrictModel):
    """`mappings/facts/authorities.yaml`."""

    authorities: list[Authority] = Field(min_length=1)
    rules: list[AuthorityRule] = Field(default_factory=list)
    recipients: list[Recipient] = Field(default_factory=list)
    events: list[ReportingEvent] = Field(default_factory=list)


class Facts(BaseModel):
    """All facts loaded from `mappings/facts/`; empty when the folder has none."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    transfers: TransferMechanismsFacts | None = None
    authorities: AuthoritiesFacts | None = None

    def mechanism(self, ident: str) -> TransferMechanism | None:
        if self.transfers is None:
            return None
        return next((m for m in self.transfers.mechanisms if m.id == ident), None)

    def mechanism_ids(self) -> list[str]:
        return sorted(m.id for m in self.transfers.mechanisms) if self.transfers else []
