"""Who the organisation is: its profile (`Organisation`) and the closed vocabularies it uses.

The profile decides which requirements apply: NIS2 class, entity type, county, 7 § sectors,
CER status, and the portfolio group. `ProfileCondition` (a source's or requirement's
`applies_if`, an authority rule's `when`) and `ProfileEvent` are judged against it.
`gapcheck.model.org` re-exports every name here (import them from there, or from
`gapcheck.model`); what the organisation does and has (measures, risks, assessments,
suppliers) is defined in `gapcheck.model.org`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from gapcheck.model.common import Date, Id, Lang, StrictModel

__all__ = [
    "County",
    "EntityType",
    "Nis2Class",
    "Nis2Sector",
    "OrgGroup",
    "Organisation",
    "ProfileCondition",
    "ProfileEvent",
    "TransferGround",
]


class Nis2Class(StrEnum):
    ESSENTIAL = "essential"
    IMPORTANT = "important"
    NONE = "none"


class EntityType(StrEnum):
    MUNICIPALITY = "municipality"
    REGION = "region"
    STATE_AGENCY = "state_agency"
    COMPANY = "company"
    DIGITAL_INFRASTRUCTURE = "digital_infrastructure"
    OTHER = "other"


class County(StrEnum):
    """Swedish county (län), ISO 3166-2:SE letter code."""

    AB = "AB"  # Stockholms län
    AC = "AC"  # Västerbottens län
    BD = "BD"  # Norrbottens län
    C = "C"  # Uppsala län
    D = "D"  # Södermanlands län
    E = "E"  # Östergötlands län
    F = "F"  # Jönköpings län
    G = "G"  # Kronobergs län
    H = "H"  # Kalmar län
    I = "I"  # Gotlands län  # noqa: E741
    K = "K"  # Blekinge län
    M = "M"  # Skåne län
    N = "N"  # Hallands län
    O = "O"  # Västra Götalands län  # noqa: E741
    S = "S"  # Värmlands län
    T = "T"  # Örebro län
    U = "U"  # Västmanlands län
    W = "W"  # Dalarnas län
    X = "X"  # Gävleborgs län
    Y = "Y"  # Västernorrlands län
    Z = "Z"  # Jämtlands län


class Nis2Sector(StrEnum):
    """The sectors of cybersäkerhetsförordningen (2025:1507) 7 §, which decide supervision."""

    ENERGY = "energy"
    TRANSPORT = "transport"
    MANUFACTURING_MOTOR_VEHICLES = "manufacturing_motor_vehicles"
    MANUFACTURING_OTHER_TRANSPORT = "manufacturing_other_transport"
    BANKING = "banking"
    FINANCIAL_MARKET_INFRASTRUCTURE = "financial_market_infrastructure"
    HEALTH = "health"
    MANUFACTURING_MEDICAL_DEVICES = "manufacturing_medical_devices"
    WASTE_WATER = "waste_water"
    DRINKING_WATER = "drinking_water"
    FOOD = "food"
    DIGITAL_INFRASTRUCTURE = "digital_infrastructure"
    DIGITAL_PROVIDERS = "digital_providers"
    ICT_SERVICE_MANAGEMENT = "ict_service_management"
    POSTAL_COURIER = "postal_courier"
    SPACE = "space"
    WASTE_MANAGEMENT = "waste_management"
    RESEARCH = "research"
    PUBLIC_ADMINISTRATION = "public_administration"
    CHEMICALS = "chemicals"
    MANUFACTURING_ELECTRONICS = "manufacturing_electronics"
    MANUFACTURING_ELECTRICAL_EQUIPMENT = "manufacturing_electrical_equipment"
    MANUFACTURING_MACHINERY = "manufacturing_machinery"


class OrgGroup(StrEnum):
    """The kind of organisation within a city, by which a portfolio aggregates
    (`gapcheck portfolio`): a district administration, a specialist administration, or a
    municipal company."""

    STADSDELSFORVALTNING = "stadsdelsförvaltning"
    FACKFORVALTNING = "fackförvaltning"
    BOLAG = "bolag"


class TransferGround(StrEnum):
    """What a third-country transfer rests on at a date: a mechanism kind, or none valid."""

    ADEQUACY = "adequacy"
    SCC = "scc"
    BCR = "bcr"
    DEROGATION = "derogation"
    NONE = "none"


class ProfileCondition(StrictModel):
    """Conditions on the organisation profile, all given ones must hold: a source's or
    requirement's `applies_if` and an authority rule's `when` are this one model, judged by one
    function (`engine.applicability.profile_matches`)."""

    nis2_class: list[Nis2Class] | None = None
    entity_types: list[EntityType] | None = None
    counties: list[County] | None = None
    # Holds when the profile names any of them.
    sectors: list[Nis2Sector] | None = None
    cer_critical: bool | None = None
    healthcare_provider: bool | None = None
    processes_personal_data: bool | None = None
    transfers_outside_eea: bool | None = None
    trust_service_provider: bool | None = None
    # The grounds of the organisation's third-country transfers (from its supplier register at
    # as_of); holds when any transfer rests on one of them ("none": no valid mechanism).
    transfer_grounds: list[TransferGround] | None = None


class ProfileEvent(StrEnum):
    """An event in the organisation's situation from which duties start (`Requirement.starts`)."""

    # Notified that it is identified as a critical entity (CER art. 6(3)).
    CER_IDENTIFICATION = "cer_identification"


class Organisation(StrictModel):
    """The profile that decides which requirements apply."""

    id: Id
    name: str
    entity_type: EntityType
    nis2_class: Nis2Class
    # The organisation is, or expects to be, identified as a critical entity under CER: its
    # CER duties are listed for preparation until `cer_identified_on` says they apply.
    cer_critical: bool = False
    # The date the organisation was notified of its identification (CER art. 6(3)).
    cer_identified_on: Date | None = None
    processes_personal_data: bool = True
    transfers_outside_eea: bool = False
    trust_service_provider: bool = False
    # Vårdgivare in the health sector (hälso- och sjukvårdslagen): IVO supervises that activity.
    healthcare_provider: bool = False
    # The county a kommun or region belongs to, or the county of the operator's seat (säte).
    county: County | None = None
    sector: str | None = None
    # Where the organisation belongs in a city-wide portfolio (its groups are aggregated).
    group: OrgGroup | None = None
    # The 7 § sector(s) of cybersäkerhetsförordningen; a kommun or region needs none.
    nis2_sectors: list[Nis2Sector] = Field(default_factory=list)
    plan_years: list[Annotated[int, Field(ge=2000, le=2100)]] = Field(default_factory=list)
    language: Lang = "sv"
    # Pin a source version by source id, e.g. {"csl": "sfs-2025-1506"}.
    source_versions: dict[str, Id] = Field(default_factory=dict)
    notes: str | None = None

    @model_validator(mode="after")
    def _identified_is_critical(self) -> Organisation:
        if self.cer_identified_on is not None and not self.cer_critical:
            raise ValueError(
                "cer_identified_on is set but cer_critical is false: an identified organisation "
                "is a critical entity; set cer_critical: true"
            )
        return self

    def event_date(self, event: ProfileEvent) -> dt.date | None:
        """When `event` happened for this organisation, if it has."""
        if event is ProfileEvent.CER_IDENTIFICATION:
            return self.cer_identified_on
        return None
