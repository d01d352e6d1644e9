"""The coverage a measure adds: the incremental method equals re-running the engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapcheck.catalog import load_catalog, load_org
from gapcheck.catalog.paths import default_catalog_root
from gapcheck.engine import MeasureImpact, measure_impacts, overall_coverage
from gapcheck.model import Catalog, OrgData
from gapcheck.model.common import Extent
from gapcheck.model.org import ControlLink, Measure, MeasureStatus, RequirementLink
from tests.support.report_helpers import EXAMPLE, run

CONTROLS = ["iso27001:A.5.1", "iso27001:A.5.24", "iso27001:A.6.3", "iso27001:A.8.5"]
REQUIREMENTS = ["nat:3", "nat:2.2", "dir:1.b", "dir:1.c"]
DUES = [None, dt.date(2026, 3, 1), dt.date(2026, 12, 31), dt.date(2027, 6, 30)]


def _same(a: dict[str, MeasureImpact], b: dict[str, MeasureImpact]) -> None:
    assert set(a) == set(b)
    for key in a:
        assert a[key].now == pytest.approx(b[key].now, abs=1e-9), key
        assert a[key].projected == pytest.approx(b[key].projected, abs=1e-9), key


@pytest.mark.parametrize("engine_step", [True, False])
def test_incremental_equals_reanalysis_on_the_tiny_org(tiny: Any, engine_step: bool) -> None:
    catalog, org, result = tiny
    fast = measure_impacts(catalog, org, result, engine_step=engine_step)
    slow = measure_impacts(catalog, org, result, method="reanalyse")
    _same(fast, slow)
    assert all(i.recomputed for i in slow.values())


def test_impact_is_the_difference_of_the_means(tiny: Any) -> None:
    catalog, org, result = tiny
    impact = measure_impacts(catalog, org, result)["M-01"]
    without = org.model_copy(update={"measures": org.measures[1:]})
    other = run(catalog, without)
    assert impact.now == pytest.approx(overall_coverage(result) - overall_coverage(other))
    assert impact.now > 0


def test_a_measure_that_changes_no_control_level_costs_nothing(tiny: Any) -> None:
    catalog, org, _ = tiny
    twin = org.measures[0].model_copy(update={"id": "M-01b"})  # implemented, same control
    data = org.model_copy(update={"measures": (*org.measures, twin)})
    impacts = measure_impacts(catalog, data, run(catalog, data))
    assert impacts["M-01"] == MeasureImpact("M-01", 0.0, {2026: 0.0, 2027: 0.0}, False)
    assert impacts["M-01b"].recomputed is False


def test_only_selects_measures(tiny: Any) -> None:
    catalog, org, result = tiny
    assert set(measure_impacts(catalog, org, result, only={"M-02"})) == {"M-02"}
    assert set(measure_impacts(catalog, org, result, method="reanalyse", only={"M-02"})) == {"M-02"}


@st.composite
def _measures(draw: st.DrawFn) -> list[Measure]:
    out = []
    for i in range(draw(st.integers(1, 6))):
        controls = draw(st.lists(st.sampled_from(CONTROLS), max_size=3, unique=True))
        reqs = draw(st.lists(st.sampled_from(REQUIREMENTS), max_size=2, unique=True))
        if not controls and not reqs:
            controls = [CONTROLS[i % len(CONTROLS)]]
        out.append(
            Measure(
                id=f"M-{i}",
                title=f"Measure {i}",
                status=draw(st.sampled_from(list(MeasureStatus))),
                due=(due := draw(st.sampled_from(DUES))),
                plan_year=draw(st.sampled_from([None, due.year if due else 2027])),
                controls=[
                    ControlLink(control=c, extent=draw(st.sampled_from(list(Extent))))
                    for c in controls
                ],
                requirements=[
                    RequirementLink(requirement=r, extent=draw(st.sampled_from(list(Extent))))
                    for r in reqs
                ],
            )
        )
    return out


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(measures=_measures())
def test_incremental_equals_reanalysis_for_any_measures(tiny: Any, measures: list[Measure]) -> None:
    catalog, org, _ = tiny
    data = org.model_copy(update={"measures": tuple(measures), "risks": ()})
    result = run(catalog, data)
    slow = measure_impacts(catalog, data, result, method="reanalyse")
    _same(measure_impacts(catalog, data, result), slow)
    _same(measure_impacts(catalog, data, result, engine_step=False), slow)


@pytest.fixture(scope="module")
def example() -> tuple[Catalog, OrgData]:
    if not (EXAMPLE / "measures.yaml").is_file():
        pytest.skip("the example organisation is not there")
    catalog = load_catalog(default_catalog_root())
    return catalog, load_org(EXAMPLE, catalog)


def test_incremental_equals_reanalysis_on_the_example(example: tuple[Catalog, OrgData]) -> None:
    catalog, org = example
    result = run(catalog, org, dt.date(2026, 11, 28))
    fast = measure_impacts(catalog, org, result)
    recomputed = [k for k, v in fast.items() if v.recomputed][:5]
    skipped = [k for k, v in fast.items() if not v.recomputed][:3]
    chosen = {*recomputed, *skipped}
    slow = measure_impacts(catalog, org, result, method="reanalyse", only=chosen)
    _same({k: fast[k] for k in chosen}, slow)
    _same(measure_impacts(catalog, org, result, engine_step=False, only=chosen), slow)
    assert any(fast[k].now or any(fast[k].projected.values()) for k in recomputed)
