"""The AnalysisResult as a whole: shape, sorting, explanations, source summaries, speed."""

from __future__ import annotations

import datetime as dt
import gc
import json
from pathlib import Path
from typing import Any

import pytest

from gapcheck import service
from gapcheck.engine import GraphCycleError, analyze, build_graph, natural_key, natural_sorted
from gapcheck.model import AssessmentResult, EdgeType, Extent, Relationship
from gapcheck.model.bundle import Catalog
from gapcheck.model.result import (
    SCHEMA_VERSION,
    AnalysisResult,
    Basis,
    Category,
    GapCategory,
    SourceRole,
)
from tests.support.engine_builders import (
    AS_OF,
    CONTROL_IDS,
    DIR,
    IMPL,
    NAT,
    base_catalog,
    by_id,
    control,
    edge,
    loaded,
    measure,
    req,
    risk,
    run,
)
from tests.support.engine_builders import S as St
from tests.support.engine_builders import assessment as assess
from tests.support.engine_builders import org as make_org

EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"

MEASURES = [
    measure(
        "M-2",
        St.IMPLEMENTED,
        ["ctl:A.1"],
        evidence=["Policy 2026", "Board minutes"],
    ),
    measure(
        "M-10", St.PLANNED, ["ctl:A.2", "ctl:A.6"], due=dt.date(2026, 9, 30), partial=["ctl:A.6"]
    ),
    measure("M-3", St.PARTIALLY_IMPLEMENTED, requirements=["nat:3"], plan_year=2027),
]


@pytest.fixture(scope="module")
def result() -> AnalysisResult:
    return run(
        MEASURES,
        risks=[risk("R-1", 3, 4, ["ctl:A.6"])],
        assessments=[assess("nat:1.2", AssessmentResult.NON_COMPLIANT)],
        plan_years=[2027, 2026, 2027],
    )


def test_no_garbage_collection_runs_inside_an_analysis_and_it_resumes_after() -> None:
    started: list[int] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(info["generation"])

    catalog, organisation = base_catalog(), make_org(MEASURES)
    threshold = gc.get_threshold()
    gc.set_threshold(1)  # any allocation would start a collection
    gc.callbacks.append(seen)
    try:
        analyze(catalog, organisation, AS_OF)
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*threshold)
    # None while it runs; at most the young generation's, once the pause ends.
    assert started in ([], [0])
    assert gc.isenabled()
    gc.disable()
    try:
        analyze(catalog, organisation, AS_OF)
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_the_collection_an_analysis_makes_due_runs_before_it_returns() -> None:
    catalog, org = service.load_workspace(EXAMPLE)
    analyze(catalog, org, AS_OF)  # (warm: first-use work allocates outside the pause too)
    gc.collect()
    result = analyze(catalog, org, AS_OF)
    assert len(result.requirements) > gc.get_threshold()[0]  # it made enough to be due one
    assert gc.get_count()[0] <= gc.get_threshold()[0]


def test_natural_key_orders_numbers_numerically() -> None:
    ids = ["nis2:21.10", "nis2:21.2.a", "nis2:21.2", "nis2:3", "iso27001:A.5.10", "iso27001:A.5.9"]
    assert natural_sorted(ids) == [
        "iso27001:A.5.9",
        "iso27001:A.5.10",
        "nis2:3",
        "nis2:21.2",
        "nis2:21.2.a",
        "nis2:21.10",
    ]
    assert natural_key("csl:2.3.p2") < natural_key("csl:2.3.p10")


def test_result_header(result: AnalysisResult) -> None:
    assert result.schema_version == SCHEMA_VERSION
    assert (result.organisation, result.organisation_name) == ("org", "Test organisation")
    assert result.as_of == AS_OF
    assert result.source_versions == {"dir": "v1", "impl": "oj", "nat": "sfs"}
    assert result.plan_years == [2026, 2027]  # sorted, duplicates dropped


def test_gap_counts_have_every_category_and_match_the_gaps(result: AnalysisResult) -> None:
    assert set(result.gap_counts) == {g.value for g in GapCategory}
    counted = {g.value: 0 for g in GapCategory}
    for gid in result.gaps:
        counted[by_id(result, gid).category.value] += 1
    assert result.gap_counts == counted
    assert result.gap_counts["non_compliant"] == 1


def test_requirements_are_in_natural_id_order_and_gaps_by_priority(result: AnalysisResult) -> None:
    ids = [r.id for r in result.requirements]
    assert ids == natural_sorted(ids)
    keys = [(-(by_id(result, g).priority or 0), natural_key(g)) for g in result.gaps]
    assert keys == sorted(keys)
    for r in result.requirements:
        is_gap = r.counted and r.category.value in result.gap_counts
        assert (r.id in result.gaps) is is_gap
        assert (r.priority is not None) is is_gap


def test_control_path_explains_levels_and_measures(result: AnalysisResult) -> None:
    r = by_id(result, "dir:1.1")
    assert r.explanation.basis is Basis.MAPPED
    a1, a2 = r.explanation.controls
    assert (a1.control, a1.title.en, a1.weight, a1.level) == (
        "ctl:A.1",
        "Control ctl:A.1",
        1.0,
        1.0,
    )
    assert a1.relationship is Relationship.INTERSECTS
    (m2,) = a1.measures
    assert (m2.id, m2.factor, m2.extent) == ("M-2", 1.0, Extent.FULL)
    # The measure's own data is in the result's table, once (schema 3.0).
    e2 = result.measures["M-2"]
    assert (e2.id, e2.status, e2.owner) == ("M-2", St.IMPLEMENTED, "CISO")
    assert e2.evidence == ["Board minutes", "Policy 2026"]
    assert (a2.control, a2.weight, a2.level) == ("ctl:A.2", 2.0, 0.0)
    assert [(m.id, result.measures[m.id].due, m.factor) for m in a2.measures] == [
        ("M-10", dt.date(2026, 9, 30), 0.0)
    ]
    assert r.coverage == round(0.5 / 3, 4)  # CAP × (1·1 + 2·0) / 3: intersects edges only
    assert r.projected == {"2026": 0.5, "2027": 0.5}


def test_direct_measures_and_inherited_paths_are_explained(result: AnalysisResult) -> None:
    nat3 = by_id(result, "nat:3")
    (m3,) = nat3.explanation.direct_measures
    assert (m3.id, m3.factor, m3.extent) == ("M-3", 0.5, Extent.FULL)
    assert result.measures["M-3"].due == dt.date(2027, 12, 31)  # the end of its plan year
    assert (nat3.coverage, nat3.projected) == (0.5, {"2026": 0.5, "2027": 1.0})
    nat2 = by_id(result, "nat:2")
    (path,) = nat2.explanation.inherited
    assert (path.via, path.requirement, path.coverage, path.category) == (  # type: ignore[comparison-overlap]
        EdgeType.TRANSPOSES,
        "dir:2",
        0.0,
        Category.PLANNED_ONLY,
    )
    assert nat2.risks == ["R-1"]  # through dir:2 → A.6


def test_manual_result_is_explained(result: AnalysisResult) -> None:
    r = by_id(result, "nat:1.2")
    assert r.category is Category.NON_COMPLIANT
    assert r.explanation.basis is Basis.MANUAL
    assert r.explanation.assessment is not None
    assert r.explanation.assessment.assessor == "LIS"
    assert r.explanation.computed_coverage == 0.0
    assert result.gaps[0] == "nat:1.2"


def test_source_summaries(result: AnalysisResult) -> None:
    rows = {s.source: s for s in result.sources}
    assert [s.source for s in result.sources] == ["dir", "impl", "nat"]
    d = rows["dir"]
    assert (d.short, d.version, d.version_status, d.role) == ("DIR", "v1", "final", SourceRole.LENS)
    counted = [
        r for r in result.requirements if r.source == "dir" and r.applicable and r.assessable
    ]
    assert d.requirements == len(counted) == 3  # dir:1.1, dir:1.2, dir:2 (dir:1.3 is CER only)
    assert d.coverage == round(sum(r.coverage for r in counted) / 3, 4)
    assert d.projected == {
        y: round(sum(r.projected[y] for r in counted) / 3, 4) for y in ("2026", "2027")
    }
    assert d.gaps == 0  # a directive is a lens: never the organisation's own gap
    i = rows["impl"]
    assert (i.role, i.requirements, i.coverage, i.gaps) == (SourceRole.LENS, 2, 0.0, 0)
    n = rows["nat"]
    assert n.role is SourceRole.BINDING
    assert n.gaps == len(result.gaps) == result.totals.gaps
    assert result.totals.sources == ["nat"]
    assert result.totals.requirements == n.requirements == 4  # nat:1 is a heading


def test_result_round_trips_through_json(result: AnalysisResult) -> None:
    text = result.model_dump_json()
    assert AnalysisResult.model_validate_json(text) == result
    numbers = [r.coverage for r in result.requirements]
    assert all(round(x, 4) == x for x in numbers)
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION


def test_graph_has_typed_nodes_and_edges() -> None:
    catalog = base_catalog(extra_edges=[edge("dir:2", "unknown:ctl"), edge("gone:1", "ctl:A.1")])
    org = make_org(MEASURES, risks=[risk("R-1", 1, 1, ["M-2", "nat:3", "nope"])])
    g = build_graph(catalog, org, {v.source.id: v for v in catalog.versions})
    assert g.nodes["requirement", "dir:2"]["kind"] == "requirement"
    assert g.edges[("requirement", "dir:1"), ("requirement", "dir:1.1")]["type"] == "contains"
    assert g.edges[("requirement", "nat:2"), ("requirement", "dir:2")]["type"] == "transposes"
    assert g.edges[("measure", "M-10"), ("control", "ctl:A.6")]["extent"] is Extent.PARTIAL
    assert g.edges[("measure", "M-3"), ("requirement", "nat:3")]["type"] == "addresses"
    assert sorted(v for _, v in g.out_edges(("risk", "R-1"))) == [
        ("measure", "M-2"),
        ("requirement", "nat:3"),
    ]
    assert ("control", "unknown:ctl") not in g
    assert ("requirement", "gone:1") not in g


def test_cycle_is_reported_with_its_ids() -> None:
    # dir:1.2 and nat:1.2 have no own controls, so each would inherit from the other.
    catalog = base_catalog(extra_edges=[edge("dir:1.2", "nat:1.2", EdgeType.SPECIFIED_BY)])
    with pytest.raises(GraphCycleError, match=r"dir:1\.2") as err:
        analyze(catalog, make_org(), AS_OF)
    assert set(err.value.ids) == {"dir:1.2", "nat:1.2"}


def test_inheritance_edges_of_a_requirement_with_own_controls_are_no_cycle() -> None:
    # dir:2 maps to ctl:A.6 itself, so its edge to nat:2 is never followed.
    catalog = base_catalog(extra_edges=[edge("dir:2", "nat:2", EdgeType.SPECIFIED_BY)])
    analyze(catalog, make_org(), AS_OF)


def test_duplicate_edges_count_once_with_the_heaviest_weight() -> None:
    catalog = base_catalog(extra_edges=[edge("dir:1.1", "ctl:A.1", weight=3.0)])
    r = by_id(run([measure("M1", St.IMPLEMENTED, ["ctl:A.1"])], catalog=catalog), "dir:1.1")
    assert [c.weight for c in r.explanation.controls] == [3.0, 2.0]
    assert r.coverage == 0.3  # CAP × (3·1 + 2·0) / 5


def _large_catalog(n_points: int = 1500, n_edges: int = 1000) -> Catalog:
    controls = [control(f"iso:A.{i // 40 + 5}.{i % 40 + 1}") for i in range(120)]
    reqs = []
    for a in range(n_points // 10):
        reqs.append(req(f"dir:{a}", assessable=False))
        reqs += [req(f"dir:{a}.{p}", f"dir:{a}") for p in range(1, 10)]
    nat = [req(f"nat:{a}.{p}") for a in range(n_points // 20) for p in range(1, 4)]
    edges = [
        edge(f"dir:{(k * 7) % (n_points // 10)}.{k % 9 + 1}", controls[k % 120].id)
        for k in range(n_edges - len(nat))
    ]
    edges += [
        edge(r.id, f"dir:{k % (n_points // 10)}.{k % 9 + 1}", EdgeType.TRANSPOSES)
        for k, r in enumerate(nat)
    ]
    return Catalog(
        versions=(
            loaded(DIR, reqs),
            loaded(NAT, nat, version="sfs"),
            loaded(IMPL, [req("impl:1")]),
        ),
        controls=tuple(controls),
        edges=tuple(edges),
    )


def test_full_size_catalog_analyses_every_requirement() -> None:
    # Speed is measured by benchmarks/analysis.py, not asserted here.
    catalog = _large_catalog()
    statuses = list(St)
    ms = [
        measure(
            f"M-{i}",
            statuses[i % len(statuses)],
            [catalog.controls[(i * 13) % 120].id, catalog.controls[(i * 5) % 120].id],
            due=dt.date(2026 + i % 3, 6, 30),
        )
        for i in range(100)
    ]
    org = make_org(ms, plan_years=[2026, 2027, 2028], risks=[risk("R-1", 4, 4, list(CONTROL_IDS))])
    result = analyze(catalog, org, AS_OF)
    assert len(result.requirements) > 1500
    assert all(0.0 <= r.coverage <= 1.0 for r in result.requirements)
    assert sum(result.gap_counts.values()) == len(result.gaps)
