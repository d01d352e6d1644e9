"""Coverage rules, each checked against a hand-computed value."""

from __future__ import annotations

import datetime as dt

import pytest

from gapcheck.engine import Mode, measure_factor
from gapcheck.model import AssessmentResult, Extent
from gapcheck.model.result import Basis, Via
from tests.support.engine_builders import (
    CONTROL_IDS,
    base_catalog,
    by_id,
    edge,
    mapping_set,
    measure,
    run,
)
from tests.support.engine_builders import S as St
from tests.support.engine_builders import assessment as assess

A = AssessmentResult


def test_without_measures_a_mapped_requirement_has_zero_coverage() -> None:
    r = by_id(run(), "dir:1.1")
    assert r.coverage == 0.0
    assert r.explanation.basis is Basis.MAPPED


def test_control_level_is_the_max_over_its_measures() -> None:
    # A.1 level = max(0.5, 0) = 0.5; dir:1.1 = (1·0.5 + 2·0) / 3.
    result = run(
        [
            measure("M1", St.PARTIALLY_IMPLEMENTED, ["ctl:A.1"]),
            measure("M2", St.PLANNED, ["ctl:A.1"]),
        ]
    )
    r = by_id(result, "dir:1.1")
    assert r.coverage == round(0.5 / 3, 4)
    assert r.explanation.controls[0].level == 0.5


def test_weighted_mean_of_control_levels() -> None:
    # (1·1.0 + 2·0.5) / 3
    result = run(
        [
            measure("M1", St.IMPLEMENTED, ["ctl:A.1"]),
            measure("M2", St.PARTIALLY_IMPLEMENTED, ["ctl:A.2"]),
        ]
    )
    assert by_id(result, "dir:1.1").coverage == round(2 / 3, 4)


def test_direct_measure_link_counts_as_one_fully_weighted_member() -> None:
    # dir:2 maps to A.6 (level 0); a direct implemented measure adds a member of weight 1.
    result = run([measure("M1", St.IMPLEMENTED, requirements=["dir:2"])])
    r = by_id(result, "dir:2")
    assert r.coverage == 0.5
    assert r.explanation.basis is Basis.MAPPED
    assert [m.id for m in r.explanation.direct_measures] == ["M1"]


def test_direct_member_takes_the_best_direct_measure() -> None:
    result = run(
        [
            measure("M1", St.PARTIALLY_IMPLEMENTED, requirements=["nat:3"]),
            measure("M2", St.PLANNED, requirements=["nat:3"]),
        ]
    )
    r = by_id(result, "nat:3")
    assert r.coverage == 0.5
    assert r.explanation.basis is Basis.MAPPED


def test_direct_member_never_lowers_coverage() -> None:
    # With A.6 implemented dir:2 is 1.0; a planned direct measure would give (1 + 0) / 2,
    # so the direct member is left out of today's value (it still counts in projections).
    result = run(
        [
            measure("M1", St.IMPLEMENTED, ["ctl:A.6"]),
            measure("M2", St.PLANNED, requirements=["dir:2"], due=dt.date(2027, 3, 1)),
        ]
    )
    r = by_id(result, "dir:2")
    assert r.coverage == 1.0
    assert r.projected == {"2026": 1.0, "2027": 1.0}


def test_direct_measure_does_not_hide_a_better_inherited_value() -> None:
    # nat:2 inherits dir:2 (1.0); a planned direct measure on nat:2 must not drop it to 0.
    result = run(
        [
            measure("M1", St.IMPLEMENTED, ["ctl:A.6"]),
            measure("M2", St.PLANNED, requirements=["nat:2"]),
        ]
    )
    r = by_id(result, "nat:2")
    assert r.coverage == 1.0
    assert r.explanation.basis is Basis.INHERITED
    assert [p.requirement for p in r.explanation.inherited] == ["dir:2"]


def test_inheritance_through_transposes() -> None:
    result = run([measure("M1", St.IMPLEMENTED, ["ctl:A.1"])])
    nat = by_id(result, "nat:1.1")
    assert nat.coverage == by_id(result, "dir:1.1").coverage == round(1 / 3, 4)
    assert nat.explanation.basis is Basis.INHERITED
    assert nat.explanation.inherited[0].via is Via.TRANSPOSES


def test_inheritance_through_specified_by_is_the_mean_of_the_specifying_points() -> None:
    # impl:1 → A.3 implemented (1.0), impl:2 → A.4 nothing (0): dir:1.2 = 0.5, nat:1.2 too.
    result = run([measure("M1", St.IMPLEMENTED, ["ctl:A.3"])])
    d = by_id(result, "dir:1.2")
    assert d.coverage == 0.5
    assert d.explanation.basis is Basis.INHERITED
    assert {p.via for p in d.explanation.inherited} == {Via.SPECIFIED_BY}
    assert by_id(result, "nat:1.2").coverage == 0.5


def test_parent_aggregates_its_applicable_assessable_children() -> None:
    # dir:1.1 = 1.0 (A.1, A.2 implemented), dir:1.2 = 0.5, dir:1.3 not applicable (not CER).
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.1", "ctl:A.2", "ctl:A.3"])]
    r = by_id(run(ms), "dir:1")
    assert r.coverage == 0.75
    assert r.explanation.basis is Basis.AGGREGATED
    assert [p.requirement for p in r.explanation.inherited] == ["dir:1.1", "dir:1.2"]
    assert all(p.via is None for p in r.explanation.inherited)
    # For a CER critical entity dir:1.3 (A.5, nothing) joins the mean.
    assert by_id(run(ms, cer_critical=True), "dir:1").coverage == 0.5


def test_parent_of_national_points_aggregates_inherited_values() -> None:
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.1", "ctl:A.2"])]
    assert by_id(run(ms), "nat:1").coverage == 0.5  # mean(nat:1.1 = 1.0, nat:1.2 = 0)


def test_manual_assessment_overrides_and_keeps_the_computed_value() -> None:
    result = run(
        [measure("M1", St.PARTIALLY_IMPLEMENTED, ["ctl:A.6"])],
        assessments=[assess("dir:2", A.COMPLIANT)],
    )
    r = by_id(result, "dir:2")
    assert r.coverage == 1.0
    assert r.explanation.basis is Basis.MANUAL
    assert r.explanation.computed_coverage == 0.5
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


def test_insufficient_mapping_set_caps_coverage_until_manual_compliant() -> None:
    catalog = base_catalog(sets=[mapping_set("dir:2", "ISO cannot show the report was sent")])
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.6"])]
    r = by_id(run(ms, catalog=catalog), "dir:2")
    assert r.coverage == 0.5
    assert r.projected == {"2026": 0.5, "2027": 0.5}
    assert r.explanation.capped
    assert r.explanation.cap_rationale == "ISO cannot show the report was sent"
    manual = run(ms, catalog=catalog, assessments=[assess("dir:2", A.COMPLIANT)])
    assert by_id(manual, "dir:2").coverage == 1.0


def test_fully_implemented_direct_measure_lifts_the_cap() -> None:
    catalog = base_catalog(sets=[mapping_set("dir:2", "only the report itself shows it")])
    controls_only = [measure("M1", St.IMPLEMENTED, ["ctl:A.6"])]
    assert by_id(run(controls_only, catalog=catalog), "dir:2").coverage == 0.5
    report_due = measure("M2", St.PLANNED, requirements=["dir:2"], due=dt.date(2027, 6, 1))
    r = by_id(run([*controls_only, report_due], catalog=catalog), "dir:2")
    assert r.coverage == 0.5  # today the direct measure is only planned: still capped
    assert r.projected == {"2026": 0.5, "2027": 1.0}
    partial_link = measure("M3", St.IMPLEMENTED, requirements=["dir:2"], partial=["dir:2"])
    assert by_id(run([*controls_only, partial_link], catalog=catalog), "dir:2").coverage == 0.5


def test_cap_leaves_lower_values_alone() -> None:
    catalog = base_catalog(sets=[mapping_set("dir:2")])
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.6"], partial=["ctl:A.6"])]
    r = by_id(run(ms, catalog=catalog), "dir:2")
    assert r.coverage == 0.5
    ms = [measure("M1", St.PARTIALLY_IMPLEMENTED, ["ctl:A.6"], partial=["ctl:A.6"])]
    assert by_id(run(ms, catalog=catalog), "dir:2").coverage == 0.25


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
    ],
)
def test_projection_treats_measures_due_by_the_end_of_the_plan_year_as_implemented(
    kwargs: dict[str, object], today: float, p2026: float, p2027: float
) -> None:
    r = by_id(run([measure("M1", controls=["ctl:A.6"], **kwargs)]), "dir:2")
    assert (r.coverage, r.projected) == (today, {"2026": p2026, "2027": p2027})


def test_partial_extent_halves_the_factor() -> None:
    m = measure("M1", St.PARTIALLY_IMPLEMENTED, ["ctl:A.6"], partial=["ctl:A.6"])
    assert measure_factor(m, Extent.PARTIAL) == 0.25
    assert measure_factor(m, Extent.FULL) == 0.5
    assert measure_factor(m, Extent.PARTIAL, Mode(projected_to=dt.date(2030, 1, 1))) == 0.25
    r = by_id(run([m]), "dir:2")
    assert r.coverage == 0.25
    assert r.explanation.controls[0].measures[0].factor == 0.25
    assert r.explanation.controls[0].measures[0].extent is Extent.PARTIAL


def test_control_assessed_not_applicable_leaves_every_mean() -> None:
    # A.1 implemented (weight 1), A.2 nothing (weight 2): 1/3; without A.2: 1.0.
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.1"])]
    assert by_id(run(ms), "dir:1.1").coverage == round(1 / 3, 4)
    r = by_id(run(ms, assessments=[assess("ctl:A.2", A.NOT_APPLICABLE)]), "dir:1.1")
    assert r.coverage == 1.0
    assert [c.control for c in r.explanation.controls] == ["ctl:A.1"]


def test_control_assessment_overrides_its_level() -> None:
    ms = [measure("M1", St.IMPLEMENTED, ["ctl:A.1"])]
    r = by_id(run(ms, assessments=[assess("ctl:A.1", A.NON_COMPLIANT)]), "dir:1.1")
    assert r.coverage == 0.0
    r = by_id(run(assessments=[assess("ctl:A.2", A.PARTIALLY_COMPLIANT)]), "dir:1.1")
    assert r.coverage == round(1 / 3, 4)  # (1·0 + 2·0.5) / 3
    assert r.explanation.controls[1].level == 0.5


def test_requirement_without_any_path_is_unmapped_with_zero_coverage() -> None:
    r = by_id(run([measure("M1", St.IMPLEMENTED, list(CONTROL_IDS))]), "nat:3")
    assert r.coverage == 0.0
    assert r.explanation.basis is Basis.UNMAPPED


def test_own_controls_take_precedence_over_inheritance() -> None:
    catalog = base_catalog(extra_edges=[edge("nat:2", "ctl:A.1")])
    r = by_id(run([measure("M1", St.IMPLEMENTED, ["ctl:A.6"])], catalog=catalog), "nat:2")
    assert r.coverage == 0.0
    assert r.explanation.basis is Basis.MAPPED
    assert r.explanation.inherited == []
