"""Gap categories, next due date, risk linking and priority."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gapcheck.model import AssessmentResult, Measure
from gapcheck.model.result import Category
from tests.support.engine_builders import (
    AS_OF,
    base_catalog,
    base_versions,
    by_id,
    edge,
    measure,
    risk,
    run,
)
from tests.support.engine_builders import S as St
from tests.support.engine_builders import assessment as assess

A = AssessmentResult


def category(rid: str, *ms: Measure, **kw: Any) -> Category:
    return by_id(run(ms, **kw), rid).category


def test_fully_covered_requirement_is_covered() -> None:
    assert category("dir:2", measure("M1", St.IMPLEMENTED, ["ctl:A.6"])) is Category.COVERED


def test_manual_compliant_is_covered_and_manual_non_compliant_is_non_compliant() -> None:
    ms = measure("M1", St.IMPLEMENTED, ["ctl:A.6"])
    assert category("dir:2", assessments=[assess("dir:2", A.COMPLIANT)]) is Category.COVERED
    bad = category("dir:2", ms, assessments=[assess("dir:2", A.NON_COMPLIANT)])
    assert bad is Category.NON_COMPLIANT


def test_requirement_without_path_is_unmapped() -> None:
    assert category("nat:3") is Category.UNMAPPED


def test_requirement_inheriting_only_unmapped_paths_is_unmapped() -> None:
    # Drop dir:2's control edge: nat:2 → dir:2 → nothing.
    catalog = base_catalog()
    catalog = catalog.model_copy(
        update={"edges": tuple(e for e in catalog.edges if e.source != "dir:2")}
    )
    assert category("nat:2", catalog=catalog) is Category.UNMAPPED


def test_mapped_requirement_without_measures_has_no_measure() -> None:
    assert category("dir:2") is Category.NO_MEASURE
    # A cancelled measure is no measure.
    assert category("dir:2", measure("M1", St.CANCELLED, ["ctl:A.6"])) is Category.NO_MEASURE


def test_only_planned_measures_is_planned_only_with_the_due_date() -> None:
    due = dt.date(2026, 12, 31)
    r = by_id(run([measure("M1", St.PLANNED, ["ctl:A.6"], due=due)]), "dir:2")
    assert r.category is Category.PLANNED_ONLY
    assert r.next_due == due


def test_open_measure_past_due_at_as_of_is_overdue() -> None:
    before = measure("M1", St.IN_PROGRESS, ["ctl:A.6"], due=AS_OF - dt.timedelta(days=1))
    assert category("dir:2", before) is Category.OVERDUE
    # Due on the as-of date itself is not yet overdue.
    on_the_day = measure("M1", St.IN_PROGRESS, ["ctl:A.6"], due=AS_OF)
    assert category("dir:2", on_the_day) is Category.PLANNED_ONLY
    # A plan year counts as due on 31 December of that year.
    last_year = measure("M1", St.NOT_STARTED, ["ctl:A.6"], plan_year=AS_OF.year - 1)
    assert category("dir:2", last_year) is Category.OVERDUE


def test_overdue_wins_over_partial() -> None:
    ms = (
        measure("M1", St.PARTIALLY_IMPLEMENTED, ["ctl:A.6"]),
        measure("M2", St.PLANNED, ["ctl:A.6"], due=dt.date(2026, 1, 31)),
    )
    assert category("dir:2", *ms) is Category.OVERDUE


def test_some_coverage_below_full_is_partial() -> None:
    ms = (
        measure("M1", St.PARTIALLY_IMPLEMENTED, ["ctl:A.6"]),
        measure("M2", St.PLANNED, ["ctl:A.6"], due=dt.date(2026, 12, 31)),
    )
    assert category("dir:2", *ms) is Category.PARTIAL


def test_manual_partially_compliant_falls_through_to_the_path_rules() -> None:
    manual = [assess("dir:2", A.PARTIALLY_COMPLIANT)]
    assert category("dir:2", assessments=manual) is Category.NO_MEASURE
    ms = measure("M1", St.IMPLEMENTED, ["ctl:A.1"])
    assert category("dir:2", ms, assessments=manual) is Category.NO_MEASURE
    ms = measure("M1", St.PLANNED, ["ctl:A.6"], due=dt.date(2026, 12, 31))
    assert category("dir:2", ms, assessments=manual) is Category.PARTIAL


def test_category_follows_the_inherited_path() -> None:
    ms = [measure("M1", St.PLANNED, ["ctl:A.6"], due=dt.date(2027, 5, 1))]
    r = by_id(run(ms), "nat:2")
    assert r.category is Category.PLANNED_ONLY
    assert r.next_due == dt.date(2027, 5, 1)
    assert r.explanation.inherited[0].category is Category.PLANNED_ONLY


def test_next_due_is_the_earliest_open_measure_on_the_path() -> None:
    ms = [
        measure("M1", St.PLANNED, ["ctl:A.1"], due=dt.date(2027, 5, 1)),
        measure("M2", St.IN_PROGRESS, ["ctl:A.2"], due=dt.date(2026, 9, 1)),
        measure("M3", St.IMPLEMENTED, ["ctl:A.2"], due=dt.date(2026, 7, 1)),
    ]
    assert by_id(run(ms), "nat:1.1").next_due == dt.date(2026, 9, 1)


def test_non_applicable_requirement_is_not_applicable_without_priority() -> None:
    r = by_id(run(), "dir:1.3")  # CER critical entities only
    assert r.category is Category.NOT_APPLICABLE
    assert r.priority is None
    assert r.reasons == []


def test_non_assessable_requirement_gets_a_category_but_is_never_a_gap() -> None:
    result = run()
    r = by_id(result, "dir:1")
    assert r.category is Category.NO_MEASURE
    assert r.priority is None
    assert "dir:1" not in result.gaps


def test_priority_sums_category_shortfall_in_force_and_risk() -> None:
    ms = [measure("M1", St.IN_PROGRESS, ["ctl:A.6"], due=dt.date(2026, 1, 31))]
    r = by_id(run(ms, risks=[risk("R-1", 4, 4, ["ctl:A.6"])]), "dir:2")
    reasons = {x.code: (x.points, x.detail) for x in r.reasons}
    assert reasons == {
        "priority.category": (35, "overdue"),
        "priority.shortfall": (20, "1"),
        "priority.in_force": (20, "2023-01-16"),
        "priority.risk": (13, "R-1 4×4"),  # 20 × 16 / 25 = 12.8
    }
    assert r.priority == 88


def test_shortfall_rounds_half_up() -> None:
    # dir:2 → A.1, A.2, A.3, A.6 (weight 1 each) at levels 1, 1, 1, 0.5: coverage 0.875 and
    # shortfall 20 × 0.125 = 2.5 → 3 (Python's round() would give 2).
    catalog = base_catalog(
        extra_edges=[edge("dir:2", c) for c in ("ctl:A.1", "ctl:A.2", "ctl:A.3")]
    )
    ms = [
        measure("M1", St.IMPLEMENTED, ["ctl:A.1", "ctl:A.2", "ctl:A.3"]),
        measure("M2", St.PARTIALLY_IMPLEMENTED, ["ctl:A.6"]),
    ]
    r = by_id(run(ms, catalog=catalog), "dir:2")
    assert r.coverage == 0.875
    assert [(x.points, x.detail) for x in r.reasons if x.code == "priority.shortfall"] == [
        (3, "0.125")
    ]


@pytest.mark.parametrize(
    ("in_force", "points"),
    [
        (dt.date(2025, 1, 15), 20),  # in force at as_of
        (None, 20),  # no date: in force
        (AS_OF + dt.timedelta(days=365), 10),  # enters into force within a year
        (AS_OF + dt.timedelta(days=366), 0),
    ],
)
def test_in_force_points(in_force: dt.date | None, points: int) -> None:
    catalog = base_catalog(versions=base_versions(nat_in_force=in_force))
    r = by_id(run(catalog=catalog), "nat:3")
    assert [x.points for x in r.reasons if x.code == "priority.in_force"] == [points]
    assert r.in_force is (points == 20)


def test_requirement_in_force_date_overrides_the_version() -> None:
    versions = base_versions()
    nat = versions[1]
    later = tuple(
        r.model_copy(update={"in_force": dt.date(2030, 1, 1)}) if r.id == "nat:3" else r
        for r in nat.requirements
    )
    versions[1] = nat.model_copy(update={"requirements": later})
    result = run(catalog=base_catalog(versions=versions))
    assert not by_id(result, "nat:3").in_force
    assert by_id(result, "nat:2").in_force


def test_risks_link_through_requirement_control_and_measure_paths() -> None:
    ms = [measure("M1", St.PLANNED, ["ctl:A.6"], due=dt.date(2026, 12, 1))]
    risks = [
        risk("R-1", 2, 2, ["nat:2"]),  # the requirement itself
        risk("R-2", 3, 3, ["dir:2"]),  # a requirement nat:2 inherits from
        risk("R-10", 5, 4, ["M1"]),  # a measure on the path
        risk("R-3", 1, 1, ["ctl:A.6"]),  # a control on the path
        risk("R-4", 5, 5, ["ctl:A.1", "unknown"]),  # elsewhere
    ]
    result = run(ms, risks=risks)
    r = by_id(result, "nat:2")
    assert r.risks == ["R-1", "R-2", "R-3", "R-10"]
    reason = next(x for x in r.reasons if x.code == "priority.risk")
    assert reason.points == 16  # 20 × 20 / 25
    assert reason.detail == "R-10 5×4, R-2 3×3, R-1 2×2, R-3 1×1"
    assert by_id(result, "dir:2").risks == ["R-2", "R-3", "R-10"]
    assert by_id(result, "dir:1.1").risks == ["R-4"]


def test_gaps_are_ordered_by_priority_then_natural_id() -> None:
    result = run(
        [measure("M1", St.PARTIALLY_IMPLEMENTED, ["ctl:A.6"])],
        assessments=[assess("nat:1.2", A.NON_COMPLIANT)],
    )
    priorities = [by_id(result, g).priority or 0 for g in result.gaps]
    assert priorities == sorted(priorities, reverse=True)
    assert result.gaps[0] == "nat:1.2"  # non_compliant 40 + 20 + 20
    # dir:1.1 and dir:1.2 and nat:1.1 tie at no_measure 30 + 20 + 20: natural id order.
    tied = [g for g in result.gaps if by_id(result, g).priority == 70]
    assert tied == ["dir:1.1", "dir:1.2", "nat:1.1"]
    assert "impl:1" not in result.gaps  # not binding
    assert "dir:1.3" not in result.gaps  # not applicable
