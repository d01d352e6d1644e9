"""Coverage rules (semantics v2), each checked against a hand-computed value.

Base catalog (engine_builders): every edge `intersects` unless relabelled, CAP = 0.5, so a
value without a route is partial credit 0.5 × the weighted mean of the mapped levels.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gapcheck.engine import Mode, measure_factor
from gapcheck.model import AssessmentResult, Extent, Relationship
from gapcheck.model.result import Basis, MeetKind, Rule, Via
from tests.support.engine_builders import (
    CONTROL_IDS,
    base_catalog,
    by_id,
    control,
    edge,
    joint_set,
    mapping_set,
    measure,
    run,
)
from tests.support.engine_builders import S as St
from tests.support.engine_builders import assessment as assess

A = AssessmentResult
R = Relationship
# dir:2 → A.6 relabelled `subset`: A.6 alone can meet dir:2.
CARRIER = base_catalog(relationships={("dir:2", "ctl:A.6"): R.SUBSET})


def test_without_measures_a_mapped_requirement_has_zero_coverage() -> None:
    r = by_id(run(), "dir:1.1")
    assert r.coverage == 0.0
    assert r.explanation.basis is Basis.MAPPED
    assert r.explanation.rule is Rule.PARTIAL


def test_control_level_is_the_max_over_its_measures() -> None:
    # A.1 level = max(0.5, 0) = 0.5; dir:1.1 = CAP × (1·0.5 + 2·0) / 3.
    result = run(
        [
            measure("M1", St.PARTIALLY_IMPLEMENTED, ["ctl:A.1"]),
            measure("M2", St.PLANNED, ["ctl:A.1"]),
        ]
    )
    r = by_id(result, "dir:1.1")
    assert r.coverage == round(0.5 * 0.5 / 3, 4)
    assert r.explanation.controls[0].level == 0.5


def test_intersects_edges_alone_never_meet_a_requirement() -> None:
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.1", "ctl:A.2"])]
    r = by_id(run(ms), "dir:1.1")
    assert r.coverage == 0.5
    assert r.explanation.rule is Rule.PARTIAL
    assert r.explanation.partial_mean == 1.0
    kinds = [m.kind for m in r.explanation.to_meet]
    assert kinds == [MeetKind.DECLARE_SET, MeetKind.DIRECT_MEASURE, MeetKind.ASSESS]


def test_partial_credit_is_the_cap_times_the_weighted_mean() -> None:
    # CAP × (1·1.0 + 2·0.5) / 3
    result = run(
        [
            measure("M1", St.IMPLEMENTED, ["ctl:A.1"]),
            measure("M2", St.PARTIALLY_IMPLEMENTED, ["ctl:A.2"]),
        ]
    )
    assert by_id(result, "dir:1.1").coverage == round(0.5 * 2 / 3, 4)


@pytest.mark.parametrize("rel", [R.EQUAL, R.EQUIVALENT, R.SUBSET])
def test_an_edge_covering_the_whole_requirement_meets_it_alone(rel: Relationship) -> None:
    catalog = base_catalog(extra_edges=[edge("dir:2", "ctl:A.5", relationship=rel)])
    r = by_id(run([measure("M1", St.IMPLEMENTED, ["ctl:A.5"])], catalog=catalog), "dir:2")
    assert r.coverage == 1.0
    assert r.explanation.rule is Rule.CONTROL
    assert [c.carries for c in r.explanation.controls] == [True, False]  # A.5, A.6


@pytest.mark.parametrize("rel", [R.SUPERSET, R.INTERSECTS])
def test_superset_and_intersects_edges_give_partial_credit(rel: Relationship) -> None:
    catalog = base_catalog(extra_edges=[edge("dir:2", "ctl:A.5", relationship=rel)])
    r = by_id(run([measure("M1", St.IMPLEMENTED, ["ctl:A.5"])], catalog=catalog), "dir:2")
    assert r.coverage == 0.25  # CAP × mean(A.5 = 1, A.6 = 0)
    assert r.explanation.rule is Rule.PARTIAL


def test_a_supporting_edge_never_carries_a_requirement_alone() -> None:
    # Weight 0.5 says "supports": subset or not, it gives only partial credit.
    supporting = edge("dir:2", "ctl:A.5", weight=0.5, relationship=R.SUBSET)
    catalog = base_catalog(extra_edges=[supporting])
    r = by_id(run([measure("M1", St.IMPLEMENTED, ["ctl:A.5"])], catalog=catalog), "dir:2")
    assert r.coverage == round(0.5 * 0.5 / 1.5, 4)


def test_a_jointly_sufficient_set_is_met_when_all_its_controls_are_implemented() -> None:
    catalog = base_catalog(sets=[joint_set("dir:1.1", ["ctl:A.1", "ctl:A.2"])])
    both = [measure("M1", St.IMPLEMENTED, ["ctl:A.1", "ctl:A.2"])]
    r = by_id(run(both, catalog=catalog), "dir:1.1")
    assert (r.coverage, r.explanation.rule) == (1.0, Rule.JOINT_SET)
    assert r.explanation.joint_set is not None
    assert r.explanation.joint_set.reviewer == "reviewer"
    assert all(c.joint for c in r.explanation.controls)
    one = by_id(run([measure("M1", St.IMPLEMENTED, ["ctl:A.1"])], catalog=catalog), "dir:1.1")
    assert one.coverage == round(1 / 3, 4)  # the set's weighted mean beats CAP × 1/3
    assert one.explanation.to_meet[0].kind is MeetKind.IMPLEMENT
    assert one.explanation.to_meet[0].ids == ["ctl:A.2"]


def test_a_jointly_sufficient_set_may_name_part_of_the_mapping() -> None:
    catalog = base_catalog(sets=[joint_set("dir:1.1", ["ctl:A.2"])])
    r = by_id(run([measure("M1", St.IMPLEMENTED, ["ctl:A.2"])], catalog=catalog), "dir:1.1")
    assert r.coverage == 1.0


def test_a_direct_measure_with_extent_full_is_a_route_of_its_own() -> None:
    r = by_id(run([measure("M1", St.IMPLEMENTED, requirements=["nat:3"])]), "nat:3")
    assert (r.coverage, r.explanation.rule, r.explanation.basis) == (1.0, Rule.DIRECT, Basis.MAPPED)
    assert [m.id for m in r.explanation.direct_measures] == ["M1"]
    r = by_id(run([measure("M1", St.IMPLEMENTED, requirements=["dir:2"])]), "dir:2")
    assert r.coverage == 1.0


def test_a_direct_measure_with_extent_partial_gives_partial_credit() -> None:
    m = measure("M1", St.IMPLEMENTED, requirements=["nat:3"], partial=["nat:3"])
    assert by_id(run([m]), "nat:3").coverage == 0.25  # CAP × factor 0.5


def test_a_partial_direct_measure_is_never_reported_as_the_direct_route() -> None:
    # Planned today: factor 0, partial credit 0 — a tie, which only a `full` link may win.
    m = measure("M1", St.PLANNED, requirements=["nat:3"], partial=["nat:3"])
    r = by_id(run([m]), "nat:3")
    assert (r.coverage, r.explanation.rule) == (0.0, Rule.PARTIAL)
    full = by_id(run([measure("M1", St.PLANNED, requirements=["nat:3"])]), "nat:3")
    assert (full.coverage, full.explanation.rule) == (0.0, Rule.DIRECT)


def test_direct_member_takes_the_best_direct_measure() -> None:
    result = run(
        [
            measure("M1", St.PARTIALLY_IMPLEMENTED, requirements=["nat:3"]),
            measure("M2", St.PLANNED, requirements=["nat:3"]),
        ]
    )
    assert by_id(result, "nat:3").coverage == 0.5


def test_direct_member_never_lowers_coverage() -> None:
    # A.6 implemented: dir:2 = CAP × 1; a planned direct measure must not lower it today.
    result = run(
        [
            measure("M1", St.IMPLEMENTED, ["ctl:A.6"]),
            measure("M2", St.PLANNED, requirements=["dir:2"], due=dt.date(2027, 3, 1)),
        ]
    )
    r = by_id(result, "dir:2")
    assert r.coverage == 0.5
    assert r.projected == {"2026": 0.5, "2027": 1.0}


def test_inheriting_from_a_requirement_that_covers_the_whole_one_takes_its_value() -> None:
    catalog = base_catalog(
        relationships={("nat:2", "dir:2"): R.EQUAL},
        sets=[joint_set("dir:2", ["ctl:A.6"])],
    )
    r = by_id(run([measure("M1", St.IMPLEMENTED, ["ctl:A.6"])], catalog=catalog), "nat:2")
    assert r.coverage == 1.0
    assert (r.explanation.basis, r.explanation.rule) == (Basis.INHERITED, Rule.INHERITED)
    path = r.explanation.inherited[0]
    assert (path.requirement, path.via, path.whole) == ("dir:2", Via.TRANSPOSES, True)


def test_inheriting_through_an_intersects_edge_is_partial_credit() -> None:
    catalog = base_catalog(sets=[joint_set("dir:2", ["ctl:A.6"])])
    r = by_id(run([measure("M1", St.IMPLEMENTED, ["ctl:A.6"])], catalog=catalog), "nat:2")
    assert (
        by_id(run([measure("M1", St.IMPLEMENTED, ["ctl:A.6"])], catalog=catalog), "dir:2").coverage
        == 1.0
    )
    assert r.coverage == 0.5
    assert r.explanation.inherited[0].whole is False


def test_partial_credit_does_not_compound_along_a_chain() -> None:
    # impl:1 = CAP × 1 (raw 1), impl:2 = 0: dir:1.2 = CAP × mean(raw 1, raw 0) = 0.25, and
    # nat:1.2 (intersects again) = CAP × raw(dir:1.2) = 0.25, not 0.125.
    result = run([measure("M1", St.IMPLEMENTED, ["ctl:A.3"])])
    d = by_id(result, "dir:1.2")
    assert d.coverage == 0.25
    assert d.explanation.basis is Basis.INHERITED
    assert {p.via for p in d.explanation.inherited} == {Via.SPECIFIED_BY}
    assert by_id(result, "nat:1.2").coverage == 0.25


def test_heading_is_the_mean_of_its_applicable_points() -> None:
    # dir:1.1 = CAP × 1 = 0.5, dir:1.2 = 0.25, dir:1.3 not applicable (not CER).
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.1", "ctl:A.2", "ctl:A.3"])]
    r = by_id(run(ms), "dir:1")
    assert r.coverage == 0.375
    assert (r.explanation.basis, r.explanation.rule) == (Basis.AGGREGATED, Rule.AGGREGATE)
    assert [p.requirement for p in r.explanation.inherited] == ["dir:1.1", "dir:1.2"]
    assert all(p.via is None for p in r.explanation.inherited)
    # For a CER critical entity dir:1.3 (A.5, nothing) joins the mean.
    assert by_id(run(ms, cer_critical=True), "dir:1").coverage == 0.25


def test_a_headings_own_edge_never_hides_its_points() -> None:
    # dir:1 → A.1 (subset): its own path (1.0) is one more member beside its points.
    catalog = base_catalog(extra_edges=[edge("dir:1", "ctl:A.1", relationship=R.SUBSET)])
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.1", "ctl:A.2", "ctl:A.3"])]
    r = by_id(run(ms, catalog=catalog), "dir:1")
    assert r.coverage == round((0.5 + 0.25 + 1.0) / 3, 4)
    assert r.explanation.rule is Rule.AGGREGATE
    assert not r.counted


def test_manual_assessment_overrides_and_keeps_the_computed_value() -> None:
    catalog = base_catalog(relationships={("nat:2", "dir:2"): R.EQUAL})
    result = run(
        [measure("M1", St.PARTIALLY_IMPLEMENTED, ["ctl:A.6"])],
        assessments=[assess("dir:2", A.COMPLIANT)],
        catalog=catalog,
    )
    r = by_id(result, "dir:2")
    assert r.coverage == 1.0
    assert r.explanation.basis is Basis.MANUAL
    assert r.explanation.computed_coverage == 0.25
    assert r.explanation.assessment is not None
    assert r.explanation.assessment.result is A.COMPLIANT
    # Inheritance sees the overridden value.
    assert by_id(result, "nat:2").coverage == 1.0


@pytest.mark.parametrize(
    ("result_", "today", "p2026", "p2027"),
    [
        (A.PARTIALLY_COMPLIANT, 0.5, 0.5, 1.0),  # max(0.5, projection 0 / 1)
        (A.NON_COMPLIANT, 0.0, 0.0, 1.0),
        (A.COMPLIANT, 1.0, 1.0, 1.0),
    ],
)
def test_projection_of_a_manual_assessment_is_the_max_of_manual_and_computed(
    result_: AssessmentResult, today: float, p2026: float, p2027: float
) -> None:
    result = run(
        [measure("M1", St.PLANNED, ["ctl:A.6"], due=dt.date(2027, 6, 30))],
        assessments=[assess("dir:2", result_)],
        catalog=CARRIER,
    )
    r = by_id(result, "dir:2")
    assert (r.coverage, r.projected) == (today, {"2026": p2026, "2027": p2027})


def test_latest_assessment_by_date_wins() -> None:
    result = run(
        assessments=[
            assess("dir:2", A.COMPLIANT, dt.date(2026, 5, 1)),
            assess("dir:2", A.NON_COMPLIANT, dt.date(2025, 5, 1)),
        ]
    )
    assert by_id(result, "dir:2").coverage == 1.0


def test_insufficient_mapping_set_leaves_only_partial_credit_until_manual_compliant() -> None:
    catalog = base_catalog(
        relationships={("dir:2", "ctl:A.6"): R.SUBSET},
        sets=[mapping_set("dir:2", "ISO cannot show the report was sent")],
    )
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.6"])]
    r = by_id(run(ms, catalog=catalog), "dir:2")
    assert r.coverage == 0.5
    assert r.projected == {"2026": 0.5, "2027": 0.5}
    assert r.explanation.capped
    assert r.explanation.cap_rationale is not None
    assert r.explanation.cap_rationale.en == "ISO cannot show the report was sent"
    assert [c.carries for c in r.explanation.controls] == [False]
    manual = run(ms, catalog=catalog, assessments=[assess("dir:2", A.COMPLIANT)])
    assert by_id(manual, "dir:2").coverage == 1.0


def test_fully_implemented_direct_measure_meets_a_capped_duty() -> None:
    catalog = base_catalog(sets=[mapping_set("dir:2", "only the report itself shows it")])
    controls_only = [measure("M1", St.IMPLEMENTED, ["ctl:A.6"])]
    assert by_id(run(controls_only, catalog=catalog), "dir:2").coverage == 0.5
    report_due = measure("M2", St.PLANNED, requirements=["dir:2"], due=dt.date(2027, 6, 1))
    r = by_id(run([*controls_only, report_due], catalog=catalog), "dir:2")
    assert r.coverage == 0.5  # today the direct measure is only planned
    assert r.projected == {"2026": 0.5, "2027": 1.0}
    partial_link = measure("M3", St.IMPLEMENTED, requirements=["dir:2"], partial=["dir:2"])
    assert by_id(run([*controls_only, partial_link], catalog=catalog), "dir:2").coverage == 0.5


@pytest.mark.parametrize(
    ("kwargs", "today", "p2026", "p2027"),
    [
        ({"status": St.PLANNED, "due": dt.date(2027, 3, 1)}, 0.0, 0.0, 1.0),
        ({"status": St.IN_PROGRESS, "due": dt.date(2026, 12, 31)}, 0.0, 1.0, 1.0),
        ({"status": St.NOT_STARTED, "plan_year": 2026}, 0.0, 1.0, 1.0),
        ({"status": St.PARTIALLY_IMPLEMENTED, "due": dt.date(2027, 1, 1)}, 0.5, 0.5, 1.0),
        ({"status": St.PARTIALLY_IMPLEMENTED}, 0.5, 0.5, 0.5),
        ({"status": St.PLANNED}, 0.0, 0.0, 0.0),  # no due date: never projected
        ({"status": St.CANCELLED, "due": dt.date(2026, 1, 1)}, 0.0, 0.0, 0.0),
        ({"status": St.IMPLEMENTED, "due": dt.date(2030, 1, 1)}, 1.0, 1.0, 1.0),
        # Overdue at as_of (2026-06-01): counts in no projection until re-planned.
        ({"status": St.IN_PROGRESS, "due": dt.date(2026, 3, 1)}, 0.0, 0.0, 0.0),
        ({"status": St.PARTIALLY_IMPLEMENTED, "due": dt.date(2026, 3, 1)}, 0.5, 0.5, 0.5),
    ],
)
def test_projection_counts_measures_due_by_the_end_of_the_plan_year_unless_overdue(
    kwargs: dict[str, object], today: float, p2026: float, p2027: float
) -> None:
    r = by_id(run([measure("M1", controls=["ctl:A.6"], **kwargs)], catalog=CARRIER), "dir:2")
    assert (r.coverage, r.projected) == (today, {"2026": p2026, "2027": p2027})


def test_an_overdue_measure_counts_again_once_re_planned() -> None:
    late = measure("M1", St.IN_PROGRESS, ["ctl:A.6"], due=dt.date(2026, 3, 1))
    assert by_id(run([late], catalog=CARRIER), "dir:2").projected == {"2026": 0.0, "2027": 0.0}
    again = late.model_copy(update={"due": dt.date(2026, 9, 30)})
    assert by_id(run([again], catalog=CARRIER), "dir:2").projected == {"2026": 1.0, "2027": 1.0}


def test_what_overdue_measures_cost_is_reported_per_source() -> None:
    late = measure("M1", St.IN_PROGRESS, ["ctl:A.6"], due=dt.date(2026, 3, 1))
    result = run(
        [late],
        catalog=base_catalog(
            relationships={("nat:2", "dir:2"): R.EQUAL, ("dir:2", "ctl:A.6"): R.SUBSET}
        ),
    )
    nat = next(s for s in result.sources if s.source == "nat")
    # nat counts nat:1.1, nat:1.2, nat:2, nat:3; nat:2 would be 1.0 if M1 were done.
    assert nat.overdue_cost == {"2026": 0.25, "2027": 0.25}
    assert result.totals.overdue_cost == {"2026": 0.25, "2027": 0.25}


def test_partial_extent_halves_the_factor() -> None:
    m = measure("M1", St.PARTIALLY_IMPLEMENTED, ["ctl:A.6"], partial=["ctl:A.6"])
    assert measure_factor(m, Extent.PARTIAL) == 0.25
    assert measure_factor(m, Extent.FULL) == 0.5
    assert measure_factor(m, Extent.PARTIAL, Mode(projected_to=dt.date(2030, 1, 1))) == 0.25
    r = by_id(run([m], catalog=CARRIER), "dir:2")
    assert r.coverage == 0.25
    assert r.explanation.controls[0].measures[0].factor == 0.25
    assert r.explanation.controls[0].measures[0].extent is Extent.PARTIAL


def test_control_assessed_not_applicable_leaves_every_mean() -> None:
    # A.1 implemented (weight 1), A.2 nothing (weight 2): CAP × 1/3; without A.2: CAP × 1.
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.1"])]
    assert by_id(run(ms), "dir:1.1").coverage == round(0.5 / 3, 4)
    r = by_id(run(ms, assessments=[assess("ctl:A.2", A.NOT_APPLICABLE)]), "dir:1.1")
    assert r.coverage == 0.5
    assert [c.control for c in r.explanation.controls] == ["ctl:A.1"]


def test_control_assessment_overrides_its_level() -> None:
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.1"])]
    r = by_id(run(ms, assessments=[assess("ctl:A.1", A.NON_COMPLIANT)]), "dir:1.1")
    assert r.coverage == 0.0
    r = by_id(run(assessments=[assess("ctl:A.2", A.PARTIALLY_COMPLIANT)]), "dir:1.1")
    assert r.coverage == round(0.5 / 3, 4)  # CAP × (1·0 + 2·0.5) / 3
    assert r.explanation.controls[1].level == 0.5


def test_a_parent_clause_is_at_least_the_mean_of_its_sub_clauses() -> None:
    # nat:3 → ctl:B (a clause with sub-clauses B.1, B.2), relationship subset.
    catalog = base_catalog(
        controls=[control("ctl:B"), control("ctl:B.1", "ctl:B"), control("ctl:B.2", "ctl:B")],
        extra_edges=[edge("nat:3", "ctl:B", relationship=R.SUBSET)],
    )
    both = [measure("M1", St.IMPLEMENTED, ["ctl:B.1", "ctl:B.2"])]
    r = by_id(run(both, catalog=catalog), "nat:3")
    assert (r.coverage, r.explanation.controls[0].level) == (1.0, 1.0)
    one = [measure("M1", St.IMPLEMENTED, ["ctl:B.1"])]
    assert by_id(run(one, catalog=catalog), "nat:3").coverage == 0.5
    own = [*one, measure("M2", St.IMPLEMENTED, ["ctl:B"])]
    assert by_id(run(own, catalog=catalog), "nat:3").coverage == 1.0


def test_requirement_without_any_path_is_unmapped_with_zero_coverage() -> None:
    r = by_id(run([measure("M1", St.IMPLEMENTED, list(CONTROL_IDS))]), "nat:3")
    assert r.coverage == 0.0
    assert r.explanation.basis is Basis.UNMAPPED
    assert r.explanation.rule is Rule.NONE


def test_own_controls_take_precedence_over_inheritance() -> None:
    catalog = base_catalog(extra_edges=[edge("nat:2", "ctl:A.1")])
    r = by_id(run([measure("M1", St.IMPLEMENTED, ["ctl:A.6"])], catalog=catalog), "nat:2")
    assert r.coverage == 0.0
    assert r.explanation.basis is Basis.MAPPED
    assert r.explanation.inherited == []


def test_specified_by_edges_with_the_source_within_the_target_inherit_whole() -> None:
    catalog = base_catalog(
        relationships={("dir:1.2", "impl:1"): R.SUBSET},
        sets=[joint_set("impl:1", ["ctl:A.3"])],
    )
    result = run([measure("M1", St.IMPLEMENTED, ["ctl:A.3"])], catalog=catalog)
    assert by_id(result, "impl:1").coverage == 1.0
    assert by_id(result, "dir:1.2").coverage == 1.0
