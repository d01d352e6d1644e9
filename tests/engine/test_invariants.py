"""Invariants of brief §4, checked with hypothesis on random catalogs and organisations built
around the base catalog's three sources."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.engine import analyze
from gapcheck.engine.coverage import CAP, is_overdue
from gapcheck.model import (
    AssessmentResult,
    EdgeType,
    Extent,
    Measure,
    MeasureStatus,
    Nis2Class,
    Relationship,
)
from gapcheck.model.bundle import Catalog, OrgData
from gapcheck.model.result import AnalysisResult, Basis, RequirementResult, Rule, SourceRole
from tests.support.engine_builders import (
    AS_OF,
    CONTROL_IDS,
    base_catalog,
    base_versions,
    edge,
    joint_set,
    mapping_set,
    risk,
)
from tests.support.engine_builders import S as St
from tests.support.engine_builders import assessment as assess
from tests.support.engine_builders import measure as make_measure
from tests.support.engine_builders import org as make_org

# Status order for "improving a measure" (cancelled is outside the order).
ORDER = (St.NOT_STARTED, St.PLANNED, St.IN_PROGRESS, St.PARTIALLY_IMPLEMENTED, St.IMPLEMENTED)
REQ_IDS = tuple(r.id for v in base_versions() for r in v.requirements)
MAPPABLE = ("dir:1.1", "dir:1.2", "dir:1.3", "dir:2", "nat:1.2", "nat:2", "nat:3", "impl:1")
DATES = st.one_of(st.none(), st.dates(dt.date(2025, 1, 1), dt.date(2029, 12, 31)))
TARGETS = st.sampled_from(REQ_IDS + CONTROL_IDS)
SETTINGS = settings(max_examples=50, deadline=None)


@st.composite
def catalogs(
    draw: st.DrawFn, relationships: tuple[Relationship, ...] = tuple(Relationship)
) -> Catalog:
    rel = st.sampled_from(relationships)
    edges = [
        edge(r, c, weight=draw(st.sampled_from([0.5, 1.0, 2.0, 3.0])), relationship=draw(rel))
        for r in MAPPABLE
        for c in draw(st.lists(st.sampled_from(CONTROL_IDS), max_size=3, unique=True))
    ]
    # Acyclic by construction: nat → dir (transposes), dir → impl (specified_by).
    edges += [
        edge(n, d, EdgeType.TRANSPOSES, relationship=draw(rel))
        for n, d in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["nat:1.1", "nat:2", "nat:3"]), st.sampled_from(REQ_IDS[:5])
                ),
                max_size=3,
            )
        )
    ]
    edges += [
        edge(d, i, EdgeType.SPECIFIED_BY, relationship=draw(rel))
        for d, i in draw(
            st.lists(
                st.tuples(st.sampled_from(REQ_IDS[:5]), st.sampled_from(["impl:1", "impl:2"])),
                max_size=2,
            )
        )
    ]
    insufficient = draw(st.lists(st.sampled_from(REQ_IDS), max_size=2, unique=True))
    sets = [mapping_set(r) for r in insufficient]
    if draw(st.booleans()):
        # Jointly sufficient sets over some of a requirement's mapped controls.
        mapped: dict[str, list[str]] = {}
        for e in edges:
            if e.type is EdgeType.MAPS_TO and e.source not in insufficient:
                mapped.setdefault(e.source, []).append(e.target)
        for r, cs in sorted(mapped.items())[: draw(st.integers(0, 2))]:
            sets.append(joint_set(r, draw(st.lists(st.sampled_from(cs), min_size=1, unique=True))))
    catalog = base_catalog(sets=sets)
    return catalog.model_copy(update={"edges": tuple(edges)})


@st.composite
def measures(draw: st.DrawFn, mid: str) -> Measure:
    controls = draw(st.lists(st.sampled_from(CONTROL_IDS), max_size=3, unique=True))
    reqs = draw(st.lists(st.sampled_from(REQ_IDS), max_size=2, unique=True))
    if not controls and not reqs:
        controls = [draw(st.sampled_from(CONTROL_IDS))]
    due = draw(DATES)
    # A due date and a plan year, when both are given, are in the same year (a model rule).
    years = st.integers(2025, 2029) if due is None else st.just(due.year)
    return make_measure(
        mid,
        draw(st.sampled_from(list(MeasureStatus))),
        controls,
        reqs,
        due=due,
        plan_year=draw(st.one_of(st.none(), years)),
        partial=draw(st.lists(st.sampled_from(controls + reqs), max_size=2))
        if controls + reqs
        else (),
        evidence=draw(
            st.lists(st.sampled_from(["doc-a", "doc-b", "doc-c"]), max_size=3, unique=True)
        ),
    )


@st.composite
def orgs(draw: st.DrawFn, *, with_measures: bool = True, with_assessments: bool = True) -> OrgData:
    n = draw(st.integers(0, 6)) if with_measures else 0
    ms = [draw(measures(f"M-{i}")) for i in range(n)]
    assessments = (
        [
            assess(
                t,
                draw(st.sampled_from(list(AssessmentResult))),
                draw(st.dates(dt.date(2025, 1, 1), dt.date(2025, 1, 3))),
            )
            for t in draw(st.lists(TARGETS, max_size=4))
        ]
        if with_assessments
        else []
    )
    risks = [
        risk(
            f"R-{i}",
            draw(st.integers(1, 5)),
            draw(st.integers(1, 5)),
            draw(st.lists(TARGETS | st.sampled_from([m.id for m in ms] or ["x"]), max_size=3)),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    return make_org(
        ms,
        risks=risks,
        assessments=assessments,
        plan_years=draw(st.lists(st.integers(2025, 2029), max_size=3, unique=True)),
        nis2_class=draw(st.sampled_from(list(Nis2Class))),
        cer_critical=draw(st.booleans()),
    )


def values(result: AnalysisResult) -> dict[tuple[str, str], float]:
    """Every coverage number of a result: (requirement, 'now' or year) → value."""
    out = {}
    for r in result.requirements:
        out[(r.id, "now")] = r.coverage
        out.update({(r.id, y): v for y, v in r.projected.items()})
    return out


def assert_not_lower(before: AnalysisResult, after: AnalysisResult) -> None:
    b, a = values(before), values(after)
    lowered = {k: (b[k], a[k]) for k in b if a[k] < b[k]}
    assert not lowered


@SETTINGS
@given(catalogs(), orgs())
def test_coverage_is_between_zero_and_one(catalog: Catalog, org: OrgData) -> None:
    result = analyze(catalog, org, AS_OF)
    assert all(0.0 <= v <= 1.0 for v in values(result).values())
    assert all(0 <= (r.priority or 0) <= 100 for r in result.requirements)


@SETTINGS
@given(catalogs(), orgs(), st.data())
def test_improving_a_measure_status_never_lowers_coverage(
    catalog: Catalog, org: OrgData, data: st.DataObject
) -> None:
    improvable = [i for i, m in enumerate(org.measures) if m.status in ORDER[:-1]]
    if not improvable:
        return
    i = data.draw(st.sampled_from(improvable))
    old = org.measures[i]
    status = data.draw(st.sampled_from(ORDER[ORDER.index(old.status) + 1 :]))
    changed = list(org.measures)
    changed[i] = old.model_copy(update={"status": status})
    better = org.model_copy(update={"measures": tuple(changed)})
    assert_not_lower(analyze(catalog, org, AS_OF), analyze(catalog, better, AS_OF))


@SETTINGS
@given(catalogs(), orgs(), measures("M-new"))
def test_adding_a_measure_never_lowers_coverage(
    catalog: Catalog, org: OrgData, new: Measure
) -> None:
    more = org.model_copy(update={"measures": (*org.measures, new)})
    assert_not_lower(analyze(catalog, org, AS_OF), analyze(catalog, more, AS_OF))


@SETTINGS
@given(catalogs(), orgs(with_measures=False, with_assessments=False))
def test_without_measures_and_assessments_every_coverage_is_zero(
    catalog: Catalog, org: OrgData
) -> None:
    assert set(values(analyze(catalog, org, AS_OF)).values()) <= {0.0}


def _shuffled(catalog: Catalog, org: OrgData, rnd: random.Random) -> tuple[Catalog, OrgData]:
    def mix(items: tuple[object, ...] | list[object]) -> list[object]:
        out = list(items)
        rnd.shuffle(out)
        return out

    versions = [
        v.model_copy(update={"requirements": tuple(mix(v.requirements))}) for v in catalog.versions
    ]
    new_catalog = catalog.model_copy(
        update={
            "versions": tuple(mix(versions)),
            "controls": tuple(mix(catalog.controls)),
            "edges": tuple(mix(catalog.edges)),
            "sets": tuple(mix(catalog.sets)),
        }
    )
    ms = [
        m.model_copy(
            update={
                "controls": mix(m.controls),
                "requirements": mix(m.requirements),
                "evidence": mix(m.evidence),
            }
        )
        for m in org.measures
    ]
    risks = [r.model_copy(update={"concerns": mix(r.concerns)}) for r in org.risks]
    profile = org.organisation.model_copy(update={"plan_years": mix(org.organisation.plan_years)})
    new_org = org.model_copy(
        update={
            "organisation": profile,
            "measures": tuple(mix(ms)),
            "risks": tuple(mix(risks)),
            "assessments": tuple(mix(org.assessments)),
        }
    )
    return new_catalog, new_org


@SETTINGS
@given(catalogs(), orgs(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(
    catalog: Catalog, org: OrgData, rnd: random.Random
) -> None:
    shuffled_catalog, shuffled_org = _shuffled(catalog, org, rnd)
    expected = analyze(catalog, org, AS_OF).model_dump()
    assert analyze(shuffled_catalog, shuffled_org, AS_OF).model_dump() == expected


@SETTINGS
@given(catalogs(), orgs())
def test_projected_is_never_below_current_nor_below_an_earlier_year(
    catalog: Catalog, org: OrgData
) -> None:
    result = analyze(catalog, org, AS_OF)
    for r in [*result.requirements, *result.sources]:
        series = [r.coverage] + [r.projected[str(y)] for y in result.plan_years]  # type: ignore[attr-defined]
        assert series == sorted(series), r


@SETTINGS
@given(catalogs(), orgs(), st.data())
def test_removing_an_overdue_measure_changes_no_projection(
    catalog: Catalog, org: OrgData, data: st.DataObject
) -> None:
    # An overdue measure that contributes nothing today (not partially implemented) counts in
    # no projection until it is re-planned.
    late = [
        m
        for m in org.measures
        if is_overdue(m, AS_OF) and m.status is not MeasureStatus.PARTIALLY_IMPLEMENTED
    ]
    if not late:
        return
    gone = data.draw(st.sampled_from(late))
    fewer = org.model_copy(update={"measures": tuple(m for m in org.measures if m is not gone)})
    before, after = analyze(catalog, org, AS_OF), analyze(catalog, fewer, AS_OF)
    assert values(after) == values(before)
    assert [s.projected for s in after.sources] == [s.projected for s in before.sources]


def _met_without_a_route(row: RequirementResult, rows: dict[str, RequirementResult]) -> bool:
    """Whether a requirement at 1.0 got there without a manual assessment, a sufficient direct
    measure or (for a heading) points that are all met that way."""
    ex = row.explanation
    if ex.assessment is not None and ex.assessment.result is AssessmentResult.COMPLIANT:
        return False
    if any(m.extent is Extent.FULL and m.factor == 1.0 for m in ex.direct_measures):
        return False
    if ex.rule is Rule.AGGREGATE:
        return any(_met_without_a_route(rows[p.requirement], rows) for p in ex.inherited)
    return True


@SETTINGS
@given(catalogs(relationships=(Relationship.INTERSECTS,)), orgs())
def test_intersects_edges_alone_never_make_a_requirement_met(
    catalog: Catalog, org: OrgData
) -> None:
    plain = catalog.model_copy(update={"sets": tuple(s for s in catalog.sets if not s.sufficient)})
    result = analyze(plain, org, AS_OF)
    rows = {r.id: r for r in result.requirements}
    met = [r for r in result.requirements if r.coverage == 1.0]
    assert not [r.id for r in met if _met_without_a_route(r, rows)]
    partial = [
        r
        for r in result.requirements
        if r.explanation.rule is Rule.PARTIAL and r.explanation.basis is not Basis.MANUAL
    ]
    assert all(r.coverage <= CAP for r in partial)


@SETTINGS
@given(catalogs(), orgs())
def test_binding_totals_never_count_a_requirement_twice(catalog: Catalog, org: OrgData) -> None:
    result = analyze(catalog, org, AS_OF)
    counted = [r for r in result.requirements if r.counted]
    assert len({r.id for r in counted}) == len(counted) == result.totals.requirements
    binding = [s for s in result.sources if s.role is SourceRole.BINDING]
    assert sum(s.requirements for s in binding) == result.totals.requirements
    assert all(r.role is SourceRole.BINDING and r.assessable for r in counted)
    assert not [r.id for r in counted if r.explanation.rule is Rule.AGGREGATE]
    assert set(result.gaps) <= {r.id for r in counted}
