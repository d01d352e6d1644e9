"""Which requirements apply (profile conditions, ancestors, binding, assessments) and which
source versions are analysed."""

from __future__ import annotations

import datetime as dt

import pytest

from gapcheck.engine import analyze, selected_versions
from gapcheck.engine.applicability import profile_matches
from gapcheck.model import (
    Applicability,
    AssessmentResult,
    EntityType,
    LocalizedText,
    Nis2Class,
    Organisation,
    ProfileEvent,
    Requirement,
    Start,
    VersionStatus,
)
from gapcheck.model.bundle import LoadedVersion
from gapcheck.model.facts import TransferGround
from gapcheck.model.result import AnalysisResult, Category, SourceRole
from tests.support.engine_builders import (
    AS_OF,
    NAT,
    base_catalog,
    base_versions,
    by_id,
    loaded,
    measure,
    req,
    run,
)
from tests.support.engine_builders import S as St
from tests.support.engine_builders import assessment as assess
from tests.support.engine_builders import org as make_org

A = AssessmentResult


def applicable(result: AnalysisResult, rid: str) -> bool:
    return by_id(result, rid).applicable


PROFILE = Organisation(
    id="o",
    name="o",
    entity_type=EntityType.MUNICIPALITY,
    nis2_class=Nis2Class.IMPORTANT,
    cer_critical=True,
    processes_personal_data=True,
    transfers_outside_eea=False,
    trust_service_provider=False,
)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (Applicability(), True),
        (Applicability(nis2_class=[Nis2Class.ESSENTIAL, Nis2Class.IMPORTANT]), True),
        (Applicability(nis2_class=[Nis2Class.ESSENTIAL]), False),
        (Applicability(entity_types=[EntityType.MUNICIPALITY, EntityType.REGION]), True),
        (Applicability(entity_types=[EntityType.COMPANY]), False),
        (Applicability(cer_critical=True), True),
        (Applicability(cer_critical=False), False),
        (Applicability(processes_personal_data=True), True),
        (Applicability(transfers_outside_eea=True), False),
        (Applicability(transfers_outside_eea=False), True),
        (Applicability(trust_service_provider=True), False),
        (Applicability(cer_critical=True, transfers_outside_eea=True), False),  # all must hold
    ],
)
def test_every_given_condition_must_hold(condition: Applicability, expected: bool) -> None:
    assert profile_matches(condition, PROFILE) is expected


def test_source_conditions_apply_to_its_requirements() -> None:
    result = run(nis2_class=Nis2Class.NONE)
    assert not applicable(result, "dir:2")
    assert by_id(result, "dir:2").category is Category.NOT_APPLICABLE
    assert applicable(result, "nat:2")  # nat has no conditions


def test_requirement_conditions_replace_the_source_conditions() -> None:
    # dir:1.3 has its own applies_if (cer_critical) instead of the source's nis2_class;
    # its parent dir:1 has none of its own, so the source's condition is not checked again.
    assert applicable(run(nis2_class=Nis2Class.NONE, cer_critical=True), "dir:1.3")
    assert not applicable(run(cer_critical=False), "dir:1.3")


def test_an_ancestors_own_conditions_must_hold() -> None:
    versions = base_versions()
    municipal = Applicability(entity_types=[EntityType.MUNICIPALITY])
    reqs = tuple(
        r.model_copy(update={"applies_if": municipal}) if r.id == "nat:1" else r
        for r in versions[1].requirements
    )
    versions[1] = versions[1].model_copy(update={"requirements": reqs})
    catalog = base_catalog(versions=versions)
    company = run(catalog=catalog, entity_type=EntityType.COMPANY)
    assert not applicable(company, "nat:1.1")
    assert not applicable(company, "nat:1")
    assert applicable(company, "nat:2")
    assert applicable(run(catalog=catalog), "nat:1.1")


def test_guidance_and_directives_are_lenses_computed_but_never_counted() -> None:
    result = run([measure("M1", St.IMPLEMENTED, ["ctl:A.3"])])
    impl = by_id(result, "impl:1")
    assert impl.applicable
    assert not impl.counted
    assert impl.role is SourceRole.LENS
    assert impl.coverage == 0.5  # computed all the same (partial credit: intersects)
    assert by_id(result, "dir:1.2").coverage == 0.25  # and inherited from
    summary = next(s for s in result.sources if s.source == "impl")
    assert (summary.role, summary.requirements, summary.gaps) == (SourceRole.LENS, 2, 0)
    directive = by_id(result, "dir:2")
    assert (directive.role, directive.counted, directive.priority) == (SourceRole.LENS, False, None)


@pytest.mark.parametrize(
    ("status", "in_force", "role"),
    [
        (VersionStatus.FINAL, dt.date(2025, 1, 15), SourceRole.BINDING),
        (VersionStatus.CONSOLIDATED, None, SourceRole.BINDING),
        (VersionStatus.FINAL, dt.date(2027, 1, 1), SourceRole.BINDING),  # binds from then
        (VersionStatus.PROPOSAL, None, SourceRole.WATCH),
        (VersionStatus.DRAFT, dt.date(2025, 1, 1), SourceRole.WATCH),
    ],
)
def test_a_national_act_binds_once_final(
    status: VersionStatus, in_force: dt.date | None, role: SourceRole
) -> None:
    nat = loaded(NAT, [req("nat:2")], version="x", status=status, in_force=in_force)
    result = analyze(base_catalog(versions=[*base_versions()[::2], nat]), make_org(), AS_OF)
    row = by_id(result, "nat:2")
    assert row.role is role
    assert row.counted is (role is SourceRole.BINDING)


def test_a_directive_provision_is_in_force_for_the_organisation_with_its_transposition() -> None:
    # dir:2 is transposed by nat:2 (in force 2025-01-15), not in force by the directive's date.
    later = run(catalog=base_catalog(versions=base_versions(nat_in_force=dt.date(2026, 9, 1))))
    assert not by_id(later, "dir:2").in_force
    assert by_id(run(), "dir:2").in_force
    assert not by_id(run(cer_critical=True), "dir:1.3").in_force  # nothing transposes it


def _starting(months: int) -> list[LoadedVersion]:
    duty = Requirement(
        id="nat:9",
        ref="9",
        title=LocalizedText(en="A duty from identification"),
        starts=Start(after=ProfileEvent.CER_IDENTIFICATION, months=months),
    )
    versions = base_versions()
    versions[1] = versions[1].model_copy(update={"requirements": (*versions[1].requirements, duty)})
    return versions


def test_a_duty_that_starts_with_identification_waits_for_it() -> None:
    catalog = base_catalog(versions=_starting(9))
    candidate = by_id(run(catalog=catalog, cer_critical=True), "nat:9")
    assert not candidate.applicable
    assert candidate.pending is ProfileEvent.CER_IDENTIFICATION
    assert candidate.category is Category.NOT_APPLICABLE
    summary = next(s for s in run(catalog=catalog, cer_critical=True).sources if s.source == "nat")
    assert summary.pending == 1


def test_an_identified_organisation_has_the_duty_in_force_months_later() -> None:
    catalog = base_catalog(versions=_starting(9))
    identified = {"cer_critical": True, "cer_identified_on": dt.date(2026, 1, 10)}
    r = by_id(run(catalog=catalog, **identified), "nat:9")
    assert r.applicable
    assert r.counted
    assert r.pending is None
    assert not r.in_force  # 2026-10-10 > as_of 2026-06-01
    assert [x.detail for x in r.reasons if x.code == "priority.in_force"] == ["2026-10-10"]
    late = run(catalog=catalog, as_of=dt.date(2026, 11, 1), **identified)
    assert by_id(late, "nat:9").in_force


def test_identification_after_the_analysis_date_is_not_known_then() -> None:
    catalog = base_catalog(versions=_starting(0))
    future = {"cer_critical": True, "cer_identified_on": AS_OF + dt.timedelta(days=1)}
    assert by_id(run(catalog=catalog, **future), "nat:9").pending is ProfileEvent.CER_IDENTIFICATION


def test_an_identified_organisation_must_be_critical() -> None:
    with pytest.raises(ValueError, match="cer_critical: true"):
        make_org(cer_identified_on=dt.date(2026, 1, 1))


@pytest.mark.parametrize(
    ("grounds", "expected"),
    [
        ((), False),
        ((TransferGround.ADEQUACY,), False),
        ((TransferGround.ADEQUACY, TransferGround.DEROGATION), True),
    ],
)
def test_transfer_grounds_condition_holds_when_any_transfer_rests_on_one(
    grounds: tuple[TransferGround, ...], expected: bool
) -> None:
    cond = Applicability(transfer_grounds=[TransferGround.DEROGATION])
    assert profile_matches(cond, PROFILE, grounds) is expected


def test_not_applicable_assessment_takes_out_the_requirement_and_its_descendants() -> None:
    result = run(assessments=[assess("dir:1", A.NOT_APPLICABLE)])
    for rid in ("dir:1", "dir:1.1", "dir:1.2"):
        assert by_id(result, rid).category is Category.NOT_APPLICABLE
    assert applicable(result, "dir:2")
    r = by_id(result, "dir:1")
    assert r.explanation.assessment is not None
    assert r.explanation.computed_coverage is None  # not_applicable is not a value


def test_a_later_assessment_replaces_not_applicable() -> None:
    result = run(
        assessments=[
            assess("dir:2", A.NOT_APPLICABLE, dt.date(2025, 1, 1)),
            assess("dir:2", A.PARTIALLY_COMPLIANT, dt.date(2026, 1, 1)),
        ]
    )
    assert applicable(result, "dir:2")
    assert by_id(result, "dir:2").coverage == 0.5


def test_child_assessed_not_applicable_leaves_the_parent_mean() -> None:
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.1", "ctl:A.2"])]
    assert by_id(run(ms), "dir:1").coverage == 0.25  # mean(0.5, 0)
    result = run(ms, assessments=[assess("dir:1.2", A.NOT_APPLICABLE)])
    assert by_id(result, "dir:1").coverage == 0.5


def test_out_of_scope_parent_still_aggregates_all_assessable_children() -> None:
    # For a non-NIS2 organisation dir:1 is out of scope, but nat:1.x still inherits dir:1.x
    # and dir:1's value is computed over every assessable child.
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.1", "ctl:A.2", "ctl:A.5"])]
    result = run(ms, nis2_class=Nis2Class.NONE)
    assert by_id(result, "dir:1").coverage == round(1 / 3, 4)  # mean(0.5, 0, 0.5)
    assert by_id(result, "nat:1.1").coverage == 0.5


def _nat(
    version: str, status: VersionStatus, published: dt.date, in_force: dt.date | None
) -> LoadedVersion:
    return loaded(
        NAT,
        [req("nat:2"), req("nat:9")],
        version=version,
        status=status,
        published=published,
        in_force=in_force,
    )


def test_newest_final_version_in_force_is_selected() -> None:
    newer = _nat("sfs-2026", VersionStatus.FINAL, dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    future = _nat("sfs-2027", VersionStatus.FINAL, dt.date(2026, 5, 1), dt.date(2027, 1, 1))
    draft = _nat("draft", VersionStatus.PROPOSAL, dt.date(2026, 5, 2), None)
    catalog = base_catalog(versions=[*base_versions(), newer, future, draft])
    result = analyze(catalog, make_org(), AS_OF)
    assert result.source_versions["nat"] == "sfs-2026"
    ids = {r.id for r in result.requirements if r.source == "nat"}
    assert ids == {"nat:2", "nat:9"}  # only the selected version's requirements
    # nat:2 → dir:2 still resolves (transposes edge), nat:1.1's edge is simply skipped.
    assert by_id(result, "nat:2").explanation.inherited[0].requirement == "dir:2"


def test_newest_final_version_is_used_before_any_is_in_force() -> None:
    only_future = [
        base_versions()[0],
        _nat("sfs-2027", VersionStatus.FINAL, dt.date(2026, 5, 1), dt.date(2027, 1, 1)),
        _nat("prop", VersionStatus.PROPOSAL, dt.date(2026, 5, 20), None),
    ]
    result = analyze(base_catalog(versions=only_future), make_org(), AS_OF)
    assert result.source_versions["nat"] == "sfs-2027"
    assert not by_id(result, "nat:2").in_force


def test_newest_version_is_used_when_there_is_no_final_text() -> None:
    drafts = [
        base_versions()[0],
        _nat("draft", VersionStatus.DRAFT, dt.date(2025, 1, 1), None),
        _nat("prop", VersionStatus.PROPOSAL, dt.date(2025, 6, 1), None),
    ]
    result = analyze(base_catalog(versions=drafts), make_org(), AS_OF)
    assert result.source_versions["nat"] == "prop"


def test_pins_override_the_default_and_explicit_pins_override_the_organisations() -> None:
    newer = _nat("sfs-2026", VersionStatus.FINAL, dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    catalog = base_catalog(versions=[*base_versions(), newer])
    pinned_org = make_org(source_versions={"nat": "sfs"})
    assert analyze(catalog, pinned_org, AS_OF).source_versions["nat"] == "sfs"
    explicit = analyze(catalog, pinned_org, AS_OF, pins={"nat": "sfs-2026"})
    assert explicit.source_versions["nat"] == "sfs-2026"
    # An unknown pin falls back to the default.
    assert analyze(catalog, make_org(), AS_OF, pins={"nat": "nope"}).source_versions["nat"] == (
        "sfs-2026"
    )
    assert set(selected_versions(catalog, make_org(), AS_OF)) == {"dir", "impl", "nat"}


def test_version_of_another_source_is_unaffected_by_pins() -> None:
    assert analyze(base_catalog(), make_org(), AS_OF, pins={"nat": "sfs"}).source_versions == {
        "dir": "v1",
        "impl": "oj",
        "nat": "sfs",
    }
