"""Gap categories, next due date, risk linking and priority."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gapcheck.model import AssessmentResult, Measure, Relationship
from gapcheck.model.result import Category, NextStepKind
from tests.support.engine_builders import (
    AS_OF,
    CONTROL_IDS,
    base_catalog,
    base_versions,
    by_id,
    control,
    edge,
    joint_set,
    measure,
    risk,
    run,
)
from tests.support.engine_builders import S as St
from tests.support.engine_builders import assessment as assess

A = AssessmentResult
# dir:2 → A.6 `subset` (A.6 alone meets dir:2), nat:2 → dir:2 `equal`: nat:2 is met through it.
WHOLE = base_catalog(
    relationships={
        ("dir:2", "ctl:A.6"): Relationship.SUBSET,
        ("nat:2", "dir:2"): Relationship.EQUAL,
    }
)


def category(rid: str, *ms: Measure, **kw: Any) -> Category:
    kw.setdefault("catalog", WHOLE)
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
    # Nothing on the path in place and nothing planned: no measure, though the judgement is
    # "partially"; a planned measure that would close it makes it partial.
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


def test_next_due_is_the_earliest_measure_that_would_close_the_gap() -> None:
    # M2 is due first but adds nothing (A.2 is already implemented by M3): not a closing measure.
    ms = [
        measure("M1", St.PLANNED, ["ctl:A.1"], due=dt.date(2027, 5, 1)),
        measure("M2", St.IN_PROGRESS, ["ctl:A.2"], due=dt.date(2026, 9, 1)),
        measure("M3", St.IMPLEMENTED, ["ctl:A.2"], due=dt.date(2026, 7, 1)),
    ]
    r = by_id(run(ms), "nat:1.1")
    assert r.next_due == dt.date(2027, 5, 1)
    assert [(c.measure, c.gain, c.material) for c in r.closing] == [("M1", 0.1667, True)]
    assert r.next_step is not None
    assert (r.next_step.kind, r.next_step.measure) == (NextStepKind.COMPLETE, "M1")


def test_an_umbrella_measure_that_adds_little_does_not_decide_the_category() -> None:
    # nat:3 is met by a jointly sufficient set of controls. The overdue umbrella measure
    # implements one of them partially; a planned measure implements the rest.
    def nat3(controls: list[str]) -> tuple[list[str], dict[str, tuple[float, bool, bool]]]:
        catalog = base_catalog(
            controls=[control(c) for c in controls if c not in CONTROL_IDS],
            extra_edges=[edge("nat:3", c) for c in controls],
            sets=[joint_set("nat:3", controls)],
        )
        late = AS_OF - dt.timedelta(days=30)
        umbrella = measure("M-UMB", St.IN_PROGRESS, [controls[0]], due=late, partial=[controls[0]])
        plan = measure("M-PLAN", St.PLANNED, controls[1:], due=dt.date(2026, 12, 31))
        r = by_id(run([umbrella, plan], catalog=catalog), "nat:3")
        assert r.next_step is not None
        gains = {c.measure: (c.gain, c.material, c.overdue) for c in r.closing}
        return [r.category.value, r.next_step.measure or ""], gains

    # Six controls: the umbrella adds 0.5 / 6 = 8 points — material, so the gap is overdue.
    six = [f"ctl:A.{i}" for i in range(1, 7)]
    assert nat3(six) == (
        ["overdue", "M-UMB"],
        {"M-PLAN": (0.8333, True, False), "M-UMB": (0.0833, True, True)},
    )
    # Twenty-one: it adds 0.5 / 21 = 2 points and decides nothing; the plan does.
    wide = ["ctl:A.1", *(f"ctl:X.{i}" for i in range(20))]
    assert nat3(wide) == (
        ["planned_only", "M-PLAN"],
        {"M-PLAN": (0.9524, True, False), "M-UMB": (0.0238, False, True)},
    )


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
    r = by_id(run(ms, risks=[risk("R-1", 4, 4, ["ctl:A.6"])], catalog=WHOLE), "nat:2")
    reasons = {x.code: (x.points, x.detail) for x in r.reasons}
    assert reasons == {
        "priority.category": (35, "overdue"),
        "priority.shortfall": (20, "1"),
        "priority.in_force": (20, "2025-01-15"),
        "priority.risk": (13, "R-1 4×4"),  # 20 × 16 / 25 = 12.8
    }
    assert r.priority == 88


def test_shortfall_rounds_half_up() -> None:
    # nat:3 → A.1, A.2, A.3, A.6 (weight 1 each, jointly sufficient) at levels 1, 1, 1, 0.5:
    # coverage 0.875 and shortfall 20 × 0.125 = 2.5 → 3 (Python's round() would give 2).
    four = ("ctl:A.1", "ctl:A.2", "ctl:A.3", "ctl:A.6")
    catalog = base_catalog(
        extra_edges=[edge("nat:3", c) for c in four], sets=[joint_set("nat:3", four)]
    )
    ms = [
        measure("M1", St.IMPLEMENTED, ["ctl:A.1", "ctl:A.2", "ctl:A.3"]),
        measure("M2", St.PARTIALLY_IMPLEMENTED, ["ctl:A.6"]),
    ]
    r = by_id(run(ms, catalog=catalog), "nat:3")
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
    # A provision's own in-force date (a version not yet in force is on the watch list).
    versions = base_versions()
    nat = versions[1]
    own = tuple(
        r.model_copy(update={"in_force": in_force}) if r.id == "nat:3" else r
        for r in nat.requirements
    )
    versions[1] = nat.model_copy(update={"requirements": own})
    r = by_id(run(catalog=base_catalog(versions=versions)), "nat:3")
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


def test_risks_link_through_requirements_and_controls_on_the_path_never_measures() -> None:
    ms = [measure("M1", St.PLANNED, ["ctl:A.6"], due=dt.date(2026, 12, 1))]
    risks = [
        risk("R-1", 2, 2, ["nat:2"]),  # the requirement itself
        risk("R-2", 3, 3, ["dir:2"]),  # a requirement nat:2 inherits from
        risk("R-10", 5, 4, ["M1"]),  # a measure: its mitigation, not its subject
        risk("R-3", 1, 1, ["ctl:A.6"]),  # a control on the path
        risk("R-4", 5, 5, ["ctl:A.1", "unknown"]),  # elsewhere
    ]
    result = run(ms, risks=risks)
    r = by_id(result, "nat:2")
    assert r.risks == ["R-1", "R-2", "R-3"]
    reason = next(x for x in r.reasons if x.code == "priority.risk")
    assert reason.points == 7  # 20 × 9 / 25 = 7.2
    assert reason.detail == "R-2 3×3, R-1 2×2, R-3 1×1"
    assert by_id(result, "dir:2").risks == ["R-2", "R-3"]
    assert by_id(result, "dir:1.1").risks == ["R-4"]


def test_gaps_are_ordered_by_priority_then_natural_id() -> None:
    result = run(
        [measure("M1", St.PARTIALLY_IMPLEMENTED, ["ctl:A.6"])],
        assessments=[assess("nat:1.2", A.NON_COMPLIANT)],
    )
    priorities = [by_id(result, g).priority or 0 for g in result.gaps]
    assert priorities == sorted(priorities, reverse=True)
    # non_compliant 40 + 20 + 20; no_measure 30 + 20 + 20; unmapped 25 + 20 + 20; then nat:2,
    # partial 15 + shortfall round(20 × 0.75) + 20.
    assert result.gaps == ["nat:1.2", "nat:1.1", "nat:3", "nat:2"]
    assert [by_id(result, g).priority for g in result.gaps] == [80, 70, 65, 50]
    assert not any(g.startswith(("dir:", "impl:")) for g in result.gaps)  # lenses


def test_closing_gains_are_measured_as_if_nothing_on_the_path_were_assessed() -> None:
    # dir:1.1 is judged non-compliant by hand; nat:1.1 inherits from it. What M1 adds to
    # nat:1.1 is what it adds to the graph's own value, not to the judged one.
    plan = [
        measure("M1", St.PLANNED, ["ctl:A.1"], due=dt.date(2027, 5, 1)),
        measure("M2", St.IMPLEMENTED, ["ctl:A.2"]),
    ]
    done = [measure("M1", St.IMPLEMENTED, ["ctl:A.1"]), plan[1]]
    expected = round(by_id(run(done), "nat:1.1").coverage - by_id(run(plan), "nat:1.1").coverage, 4)
    judged = run(plan, assessments=[assess("dir:1.1", A.NON_COMPLIANT)])
    assert by_id(judged, "dir:1.1").coverage == 0
    assert [(c.measure, c.gain) for c in by_id(judged, "nat:1.1").closing] == [("M1", expected)]
    assert expected > 0
