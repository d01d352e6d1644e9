"""The performance structures keep the results: `Paths` answers what the transitive path
sets answered, and the shared catalog part of the index gives the tables the whole graph
gave, for one organisation after another."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gapcheck import service
from gapcheck.engine import analyze
from gapcheck.engine.coverage import CURRENT, Coverage, compute_coverage, control_levels
from gapcheck.engine.graph import ADDRESSES, CONCERNS, IMPLEMENTS, MEASURE, RISK, build_graph
from gapcheck.engine.index import build_index
from gapcheck.engine.paths import Paths
from gapcheck.engine.scope_at import scopes_at, selected_versions
from gapcheck.model import Catalog, OrgData
from tests.portfolio.conftest import synth_module

REPO = Path(__file__).parents[2]
EXAMPLE = REPO / "examples" / "aldreforvaltningen"
AS_OF = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def loaded() -> tuple[Catalog, OrgData]:
    return service.load_workspace(EXAMPLE)


def _closures(ix, coverage: dict[str, Coverage]):
    """The transitive sets the engine stored per requirement before `Paths`."""
    reqs: dict[str, frozenset[str]] = {}
    controls: dict[str, frozenset[str]] = {}
    measures: dict[str, frozenset[str]] = {}
    for r, cov in coverage.items():
        subs = [s.id for s in cov.sub]
        own = {m for c in cov.controls for m, _ in ix.implementers.get(c, [])}
        own |= {m for m, _ in ix.direct.get(r, [])}
        reqs[r] = frozenset(subs).union(*(reqs[s] for s in subs))
        controls[r] = frozenset(cov.controls).union(*(controls[s] for s in subs))
        measures[r] = frozenset(own).union(*(measures[s] for s in subs))
    return reqs, controls, measures


def test_paths_answer_what_the_transitive_sets_answered(loaded) -> None:
    catalog, org = loaded
    view = scopes_at(catalog, org, AS_OF)
    ix = view.index
    coverage = compute_coverage(ix, view.scopes, (CURRENT,), control_levels(ix, (CURRENT,)))
    reqs, controls, measures = _closures(ix, coverage)
    paths = Paths(ix, coverage)
    for control in sorted(ix.controls)[:60]:
        assert paths.dependents(controls=[control]) == {
            r for r in coverage if control in controls[r]
        }
    some = sorted(coverage)[::7]
    for dep in some:
        assert paths.dependents([dep]) == {r for r in coverage if dep in reqs[r] or r == dep}
        assert paths.below([dep]) == reqs[dep] | {dep}
        assert paths.measures_below([dep]) == measures[dep]
    risks = paths.risks()
    for r in coverage:
        targets = {r} | reqs[r] | controls[r]
        assert risks[r] == {k for t in targets for k in ix.risks_by_target.get(t, [])}


def _graph_tables(catalog: Catalog, org: OrgData):
    g = build_graph(catalog, org, selected_versions(catalog, org, AS_OF))
    tables: dict[str, dict[str, list[object]]] = {IMPLEMENTS: {}, ADDRESSES: {}, CONCERNS: {}}
    for (_, u), (_, v), data in g.edges(data=True):
        if data["type"] in (IMPLEMENTS, ADDRESSES):
            tables[data["type"]].setdefault(v, []).append((u, data["extent"]))
        elif data["type"] == CONCERNS:
            tables[CONCERNS].setdefault(v, []).append(u)
    kinds = {k: [n for (kind, n) in g.nodes if kind == k] for k in (MEASURE, RISK)}
    return tables, kinds


def test_the_shared_catalog_part_gives_the_graphs_tables_for_each_organisation(
    loaded, tmp_path: Path
) -> None:
    catalog, example = loaded
    synth = synth_module()
    folders = synth.generate(tmp_path, count=3, seed=5)
    orgs = [example, *(service.load_workspace(f)[1] for f in folders)]
    for org in orgs:
        ix = build_index(catalog, org, selected_versions(catalog, org, AS_OF))
        tables, kinds = _graph_tables(catalog, org)
        assert {k: sorted(v) for k, v in ix.implementers.items()} == {
            k: sorted(v) for k, v in tables[IMPLEMENTS].items()
        }
        assert {k: sorted(v) for k, v in ix.direct.items()} == {
            k: sorted(v) for k, v in tables[ADDRESSES].items()
        }
        assert {k: sorted(v) for k, v in ix.risks_by_target.items()} == {
            k: sorted(v) for k, v in tables[CONCERNS].items()
        }
        assert sorted(ix.measures) == sorted(kinds[MEASURE])
        assert sorted(ix.risks) == sorted(kinds[RISK])


def test_analyses_in_turn_are_those_made_alone(loaded, tmp_path: Path) -> None:
    catalog, example = loaded
    synth = synth_module()
    (folder,) = synth.generate(tmp_path, count=1, seed=9)
    other = service.load_workspace(folder)[1]
    first = analyze(catalog, example, AS_OF).model_dump_json()
    analyze(catalog, other, AS_OF)
    assert analyze(catalog, example, AS_OF).model_dump_json() == first


def test_an_analysis_without_explanations_differs_only_in_the_paths(loaded) -> None:
    catalog, org = loaded
    full = analyze(catalog, org, AS_OF).model_dump(mode="json")
    brief = analyze(catalog, org, AS_OF, explain=False).model_dump(mode="json")
    assert any(row["explanation"]["controls"] for row in full["requirements"])
    assert not any(row["explanation"]["controls"] for row in brief["requirements"])
    for row in (*full["requirements"], *brief["requirements"]):
        explanation = row.pop("explanation")
        row["kept"] = (explanation["basis"], explanation["rule"])
    # The table of measures (schema 3.0) holds what the result references: without the
    # paths, the closing measures only — the same entries.
    few, every = brief.pop("measures"), full.pop("measures")
    assert few.items() <= every.items()
    assert set(few) == {c["measure"] for row in brief["requirements"] for c in row["closing"]}
    assert brief == full


def test_computing_steady_requirements_once_gives_what_every_mode_gives(
    loaded, monkeypatch
) -> None:
    import gapcheck.engine.coverage as coverage_module

    catalog, org = loaded
    shortcut = analyze(catalog, org, AS_OF).model_dump(mode="json")
    monkeypatch.setattr(coverage_module, "is_steady", lambda *args: False)
    assert analyze(catalog, org, AS_OF).model_dump(mode="json") == shortcut


def test_a_control_assessed_not_applicable_is_left_out_whatever_was_analysed_before(
    loaded, monkeypatch
) -> None:
    import gapcheck.engine.parts as parts_module
    from gapcheck.model import Assessment, AssessmentResult

    catalog, example = loaded
    # The catalog's shapes are shared by every organisation's analysis; an organisation that
    # assesses a mapped control not applicable needs its own, without that control.
    first = analyze(catalog, example, AS_OF)
    row = next(r for r in first.requirements if r.explanation.controls)
    control = row.explanation.controls[0].control
    na = Assessment(
        target=control,
        result=AssessmentResult.NOT_APPLICABLE,
        justification="Ingen sådan verksamhet",
        assessor="test",
        date=dt.date(2026, 1, 1),
    )
    org = example.model_copy(update={"assessments": [*example.assessments, na]})
    after_another = analyze(catalog, org, AS_OF)
    monkeypatch.setattr(parts_module, "_PARTS", type(parts_module._PARTS)())  # a fresh part
    alone = analyze(catalog, org, AS_OF)
    assert after_another.model_dump_json() == alone.model_dump_json()
    left_out = next(r for r in alone.requirements if r.id == row.id)
    assert control not in [c.control for c in left_out.explanation.controls]


def test_the_unmapped_shortcut_gives_what_the_general_computation_gives(
    loaded, monkeypatch
) -> None:
    from gapcheck.engine.coverage import analysis_modes
    from gapcheck.engine.plan import Shape

    catalog, org = loaded

    def coverage() -> dict[str, Coverage]:
        view = scopes_at(catalog, org, AS_OF)
        modes = analysis_modes(sorted(set(view.org.organisation.plan_years)), AS_OF)
        ix = view.index
        return compute_coverage(ix, view.scopes, modes, control_levels(ix, modes))

    import gapcheck.engine.coverage as coverage_module

    taken: list[tuple[int, bool]] = []
    unmapped = coverage_module._unmapped

    def counted(n: int, capped: bool) -> Coverage:
        taken.append((n, capped))
        return unmapped(n, capped)

    monkeypatch.setattr(coverage_module, "_unmapped", counted)
    coverage()  # the catalog's shapes, built on first use, are what the shortcut reads
    taken.clear()
    shortcut = coverage()
    assert len(taken) > 100
    monkeypatch.setattr(Shape, "bare", property(lambda self: False))
    assert coverage() == shortcut  # every field of every requirement's record
