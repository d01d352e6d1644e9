"""'Who supervises us, where do we report': the authority rules applied to several profiles."""

from __future__ import annotations

import pytest

from gapcheck.engine.authorities import authorities
from gapcheck.model import Catalog, EntityType, Nis2Class, Organisation
from gapcheck.model.facts import RoleKind


def _profile(**kw: object) -> Organisation:
    fields: dict[str, object] = {
        "id": "org",
        "name": "Org",
        "entity_type": "municipality",
        "nis2_class": "essential",
    }
    fields.update(kw)
    return Organisation.model_validate(fields)


def _by_role(catalog: Catalog, org: Organisation) -> dict[RoleKind, list[str]]:
    """The roles that certainly apply (a role to judge manually is left out)."""
    out: dict[RoleKind, list[str]] = {}
    for role in authorities(org, catalog.facts):
        if not role.manual:
            out.setdefault(role.role, []).append(role.authority.id)
    return out


def test_the_example_municipality_in_stockholm(shipped: Catalog) -> None:
    roles = _by_role(shipped, _profile(county="AB"))
    assert roles == {
        RoleKind.SUPERVISION: ["lst-ab"],
        RoleKind.REGISTRATION: ["mcf"],
        RoleKind.INCIDENT_REPORTING: ["mcf"],
        RoleKind.PERSONAL_DATA_BREACH: ["imy"],
    }
    [sup] = [
        r
        for r in authorities(_profile(county="AB"), shipped.facts)
        if r.role is RoleKind.SUPERVISION and not r.manual
    ]
    assert sup.authority.name.sv == "Länsstyrelsen i Stockholms län"
    assert sup.basis == "SFS 2025:1507 7 § (Offentlig förvaltning) och 12 §"  # not 9 § 2
    assert sup.verified
    assert sup.requirements == ["csf:7", "csf:12"]


def test_a_state_agency_is_supervised_under_9_section_2(shipped: Catalog) -> None:
    agency = _profile(entity_type="state_agency", county="AB")
    [sup] = [r for r in authorities(agency, shipped.facts) if r.role is RoleKind.SUPERVISION]
    assert sup.basis == "SFS 2025:1507 9 § 2 och 12 §"
    assert sup.requirements == ["csf:9.p2", "csf:12"]


def test_ivo_is_flagged_for_manual_judgement_for_a_municipality(shipped: Catalog) -> None:
    # A kommun is usually a vårdgivare (HSL): IVO may be a second supervisor, never dropped.
    roles = list(authorities(_profile(county="AB"), shipped.facts))
    flagged = [r for r in roles if r.manual]
    assert [(r.role, r.authority.id) for r in flagged] == [(RoleKind.SUPERVISION, "ivo")]
    assert "16 §" in flagged[0].basis
    assert flagged[0].notes is not None
    assert "healthcare_provider: true" in flagged[0].notes
    # Last among the supervisors, after what certainly applies.
    supervisors = [r.authority.id for r in roles if r.role is RoleKind.SUPERVISION]
    assert supervisors == ["lst-ab", "ivo"]
    # A company is not flagged; a declared vårdgivare has IVO for certain.
    company = _profile(entity_type="company", county="AB")
    assert not [r for r in authorities(company, shipped.facts) if r.manual]
    provider = authorities(_profile(county="AB", healthcare_provider=True), shipped.facts)
    assert not [r for r in provider if r.manual]


def test_a_healthcare_provider_also_has_ivo(shipped: Catalog) -> None:
    roles = _by_role(shipped, _profile(county="I", healthcare_provider=True))  # Gotland
    assert roles[RoleKind.SUPERVISION] == ["ivo", "lst-ab"]
    ivo = next(r for r in authorities(_profile(healthcare_provider=True), shipped.facts))
    assert ivo.authority.id == "ivo"
    assert "16 §" in ivo.basis


@pytest.mark.parametrize(
    ("county", "board"),
    [
        ("M", "lst-m"),
        ("O", "lst-o"),
        ("AC", "lst-bd"),
        ("C", "lst-t"),
        ("H", "lst-e"),
        ("G", "lst-m"),
    ],
)
def test_municipalities_in_other_counties(shipped: Catalog, county: str, board: str) -> None:
    assert _by_role(shipped, _profile(county=county))[RoleKind.SUPERVISION] == [board]


def test_every_county_has_exactly_one_board(shipped: Catalog) -> None:
    from gapcheck.model import County

    for county in County:
        sup = _by_role(shipped, _profile(county=county.value)).get(RoleKind.SUPERVISION, [])
        assert len(sup) == 1, county
        assert sup[0].startswith("lst-"), county


def test_no_county_no_supervisor_but_reporting_still_known(shipped: Catalog) -> None:
    roles = _by_role(shipped, _profile())
    assert RoleKind.SUPERVISION not in roles
    assert roles[RoleKind.INCIDENT_REPORTING] == ["mcf"]


def test_sector_operators(shipped: Catalog) -> None:
    company = {"entity_type": EntityType.COMPANY.value}
    assert _by_role(shipped, _profile(**company, nis2_sectors=["energy"]))[
        RoleKind.SUPERVISION
    ] == ["energimyndigheten"]
    water = _profile(**company, nis2_sectors=["drinking_water", "chemicals"], county="O")
    assert _by_role(shipped, water)[RoleKind.SUPERVISION] == ["livsmedelsverket", "lst-o"]
    health = _profile(**company, nis2_sectors=["health"])
    assert _by_role(shipped, health)[RoleKind.SUPERVISION] == ["lakemedelsverket"]


def test_outside_the_act_only_gdpr_remains(shipped: Catalog) -> None:
    roles = _by_role(shipped, _profile(nis2_class=Nis2Class.NONE.value, county="AB"))
    assert roles == {RoleKind.PERSONAL_DATA_BREACH: ["imy"]}
    none = _by_role(shipped, _profile(nis2_class="none", processes_personal_data=False))
    assert none == {}
