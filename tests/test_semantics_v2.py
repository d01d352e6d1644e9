"""Coverage semantics v2 on the shipped example: the nine cases of issue 9, each as the answer a
lead auditor would give (docs/architecture.md, "Coverage semantics (v2)").

Each test failed on v1 (the semantics before issue 9) and pins the v2 answer; all run on
examples/aldreforvaltningen at 2026-11-28 unless they change the input on purpose.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gapcheck import service
from gapcheck.engine import analyze
from gapcheck.engine.coverage import CAP, MANUAL_VALUES
from gapcheck.model import AssessmentResult, Catalog, MeasureStatus, OrgData, ProfileEvent
from gapcheck.model.result import (
    AnalysisResult,
    Basis,
    Category,
    MeetKind,
    NextStepKind,
    RequirementResult,
    Rule,
    SourceRole,
)

EXAMPLE = Path(__file__).parents[1] / "examples" / "aldreforvaltningen"
AS_OF = dt.date(2026, 11, 28)
Rows = dict[str, RequirementResult]


@pytest.fixture(scope="module")
def loaded() -> tuple[Catalog, OrgData]:
    return service.load_workspace(EXAMPLE)


@pytest.fixture(scope="module")
def result(loaded: tuple[Catalog, OrgData]) -> AnalysisResult:
    return analyze(*loaded, AS_OF)


@pytest.fixture(scope="module")
def rows(result: AnalysisResult) -> Rows:
    return {r.id: r for r in result.requirements}


def _changed(org: OrgData, **update: object) -> OrgData:
    return org.model_copy(update=update)


# 1. Credit follows the relationship ------------------------------------------------------------


def test_1_mfa_alone_does_not_meet_secured_communications(rows: Rows) -> None:
    # CSL 2 kap. 3 § p. 10 and NIS2 art. 21(2)(j) ask for MFA *and* secured voice, video, text
    # and emergency communications; IR 2024/2690 11.7 specifies only MFA (an intersects edge).
    for rid in ("csl:2.3.p10", "nis2:21.2.j"):
        row = rows[rid]
        assert row.coverage <= CAP, rid
        assert row.category is not Category.COVERED, rid
    nis2 = rows["nis2:21.2.j"].explanation
    assert [(p.requirement, p.whole) for p in nis2.inherited] == [("ir2690:11.7", False)]
    assert nis2.rule is Rule.PARTIAL
    assert MeetKind.DECLARE_SET in {m.kind for m in nis2.to_meet}
    # The organisation's own risk about exactly this (R-03, 4×4) stays on the gap.
    assert "R-03" in rows["csl:2.3.p10"].risks
    assert "csl:2.3.p10" in {r.id for r in rows.values() if r.priority is not None}


# 2. Projections do not count overdue measures --------------------------------------------------


def test_2_an_overdue_measure_counts_in_no_projection(
    loaded: tuple[Catalog, OrgData], result: AnalysisResult
) -> None:
    catalog, org = loaded
    late = next(m for m in org.measures if m.id == "M-2026-03")
    assert late.status is MeasureStatus.IN_PROGRESS
    assert late.due is not None
    assert late.due < AS_OF
    without = analyze(
        catalog, _changed(org, measures=tuple(m for m in org.measures if m is not late)), AS_OF
    )
    # Removing the overdue measure changes no projection at all.
    assert [s.projected for s in without.sources] == [s.projected for s in result.sources]
    assert without.totals.projected == result.totals.projected
    # ... but the summary says what it would add if done: the price of the delay.
    csl = next(s for s in result.sources if s.source == "csl")
    assert csl.overdue_cost["2026"] > 0
    assert result.totals.overdue_cost["2026"] > 0
    # Re-planned, it counts again.
    replanned = late.model_copy(update={"due": dt.date(2026, 12, 31)})
    again = analyze(
        catalog,
        _changed(org, measures=tuple(replanned if m is late else m for m in org.measures)),
        AS_OF,
    )
    assert again.totals.projected["2026"] > result.totals.projected["2026"]


# 3. Materiality: the measures that close a gap decide it ---------------------------------------


def test_3_an_umbrella_measure_decides_only_the_gaps_it_materially_closes(
    result: AnalysisResult, rows: Rows
) -> None:
    gaps = [rows[g] for g in result.gaps]
    for row in gaps:
        assert row.next_step is not None, row.id
        if row.next_step.measure is not None:
            closing = {c.measure: c for c in row.closing}
            assert closing[row.next_step.measure].material, row.id
    # Continuity and registration changes are not M-2026-03's gaps any more.
    continuity = rows["csl:2.3.p3"]
    assert continuity.category is not Category.OVERDUE
    assert continuity.next_step is not None
    assert continuity.next_step.measure != "M-2026-03"
    assert rows["csl:2.2.st2"].category is Category.COVERED  # M-LIS-16 handles changes
    # The MCFFS 2026:1 registration topic is on the watch list, never a gap with priority 88.
    assert rows["mcffs-2026-1:anmalan"].priority is None
    assert rows["mcffs-2026-1:anmalan"].role is SourceRole.WATCH
    # R-04 (access control) is about access control, not incident reporting.
    with_r04 = [g.id for g in gaps if "R-04" in g.risks]
    assert with_r04 == ["csl:2.3.p9"]
    for rid in ("csl:2.5", "csl:2.6", "csl:2.7", "csl:2.8"):
        assert "R-04" not in rows[rid].risks, rid


# 4. No double counting --------------------------------------------------------------------------


def test_4_binding_totals_count_each_duty_once_and_headings_are_not_gaps(
    result: AnalysisResult, rows: Rows
) -> None:
    counted = [r for r in result.requirements if r.counted]
    assert {r.source for r in counted} <= {"csl", "csf", "gdpr"}
    assert result.totals.sources == ["csf", "csl", "gdpr"]
    assert result.totals.requirements == len(counted)
    assert not [g for g in result.gaps if g.startswith(("nis2:", "mcffs-", "cer:", "ir2690:"))]
    for heading in ("nis2:21.2", "csl:2.3"):
        row = rows[heading]
        assert not row.counted, heading
        assert row.priority is None, heading
        assert row.explanation.rule is Rule.AGGREGATE, heading
    # The heading's own edge (through NIS2 art. 21(1) and IR 2.1) no longer hides its points.
    points = {p.requirement for p in rows["csl:2.3"].explanation.inherited}
    assert {f"csl:2.3.p{i}" for i in range(1, 11)} <= points


# 5. Directives are lenses ----------------------------------------------------------------------


def test_5_a_directive_provision_sweden_did_not_transpose_is_not_a_gap(rows: Rows) -> None:
    row = rows["nis2:20.1"]
    assert row.role is SourceRole.LENS
    assert row.priority is None
    assert not row.counted
    assert not row.in_force  # no Swedish provision transposes it


# 6. CER applies from identification ------------------------------------------------------------


def test_6_cer_applies_only_after_identification(
    loaded: tuple[Catalog, OrgData], result: AnalysisResult, rows: Rows
) -> None:
    catalog, org = loaded
    cer = [r for r in result.requirements if r.source == "cer" and r.assessable]
    assert cer
    assert all(not r.applicable and r.pending is ProfileEvent.CER_IDENTIFICATION for r in cer)
    assert next(s for s in result.sources if s.source == "cer").pending == len(cer)
    deadlines = service.deadlines_loaded(catalog, org, dt.datetime(2026, 11, 28, 9))
    assert not [d for d in deadlines.deadlines if d.source == "cer"]
    # Identified on 2026-01-10: art. 12 applies, due nine months later; art. 13 ten months.
    profile = org.organisation.model_copy(update={"cer_identified_on": dt.date(2026, 1, 10)})
    identified = analyze(catalog, _changed(org, organisation=profile), AS_OF)
    after = {r.id: r for r in identified.requirements}
    assert after["cer:12.1"].applicable
    assert after["cer:12.1"].in_force  # 2026-10-10 ≤ as_of
    assert after["cer:13.1.a"].in_force  # 2026-11-10 ≤ as_of


# 7. Transfers decide GDPR chapter V --------------------------------------------------------------


def test_7_a_transfer_without_a_valid_mechanism_makes_the_transfer_articles_non_compliant(
    loaded: tuple[Catalog, OrgData], rows: Rows
) -> None:
    catalog, org = loaded
    broken = tuple(
        s.model_copy(update={"mechanism": None}) if s.id in ("S-01", "S-04") else s
        for s in org.suppliers
    )
    result = analyze(catalog, _changed(org, suppliers=broken), AS_OF)
    gdpr44 = next(r for r in result.requirements if r.id == "gdpr:44")
    assert gdpr44.coverage == 0.0
    assert gdpr44.category is Category.NON_COMPLIANT
    assert gdpr44.explanation.basis is Basis.FACTS
    assert gdpr44.explanation.facts == ["S-01", "S-04"]
    # A permission is not scored as a duty; a derogation article needs a derogation transfer.
    assert not rows["gdpr:45.1"].assessable
    assert not rows["gdpr:45.1"].counted
    assert not rows["gdpr:49.6"].applicable
    assert "gdpr:49.6" not in set(result.gaps)


# 8. Direct duties --------------------------------------------------------------------------------


def test_8_an_implemented_sufficient_direct_measure_meets_its_duty(
    loaded: tuple[Catalog, OrgData], rows: Rows
) -> None:
    # The registration was made (M-LIS-16, implemented, linked with extent full).
    registration = rows["csl:2.2"].explanation
    assert registration.computed_coverage == 1.0
    assert registration.rule is Rule.DIRECT
    # Management training: with every manager trained by the end of 2026 (M-2026-01, due
    # 2026-12-31, extent full), 2 kap. 4 § is met at the end of 2026, not 57 %.
    assert rows["csl:2.4"].projected["2026"] == 1.0
    assert rows["csl:2.4"].coverage == MANUAL_VALUES[AssessmentResult.PARTIALLY_COMPLIANT]


# 9. A control edge to a parent clause ----------------------------------------------------------


def test_9_a_parent_clause_is_at_least_the_mean_of_its_implemented_sub_clauses(
    rows: Rows,
) -> None:
    controls = {c.control: c for c in rows["nis2:20.1"].explanation.controls}
    # The management review (M-LIS-*) implements 9.3.1–9.3.3; nis2:20.1 maps to 9.3.
    assert controls["iso27001:9.3"].level == 1.0
    assert not controls["iso27001:9.3"].measures


# The headline ----------------------------------------------------------------------------------


def test_the_headline_counts_only_binding_duties(result: AnalysisResult) -> None:
    binding = [s for s in result.sources if s.role is SourceRole.BINDING]
    assert sum(s.requirements for s in binding) == result.totals.requirements
    assert result.totals.gaps == len(result.gaps)

    def shares(role):
        return [s.source for s in result.sources if s.role is role]

    assert shares(SourceRole.LENS) == ["cer", "ir2690", "nis2"]
    assert set(shares(SourceRole.WATCH)) == {
        "mcffs-2026-1",
        "mcffs-2026-8",
        "mcffs-2026-11",
        "mcffs-2026-12",
    }
    assert NextStepKind.FOLLOW_UP in {
        r.next_step.kind for r in result.requirements if r.next_step is not None
    }
