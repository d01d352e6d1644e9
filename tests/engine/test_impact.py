"""The incremental impact of a measure where a sub-heading's only path is the measure itself."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.engine import MeasureImpact, analyze, measure_impacts
from gapcheck.model import EdgeType, Measure, SourceKind
from gapcheck.model.bundle import Catalog
from tests.support.engine_builders import (
    AS_OF,
    CONTROL_IDS,
    S,
    control,
    edge,
    loaded,
    measure,
    org,
    req,
    source,
)


def _catalog() -> Catalog:
    """nat:1 (heading) ⊃ nat:1.1 (sub-heading, no edges), nat:1.2 → ctl:A.1; nat:9 inherits
    from the heading nat:1 (specified_by)."""
    nat = source("nat", kind=SourceKind.NATIONAL_LAW)
    version = loaded(
        nat,
        [
            req("nat:1", assessable=False),
            req("nat:1.1", "nat:1", assessable=False),
            req("nat:1.2", "nat:1"),
            req("nat:9"),
        ],
        version="sfs",
        published=dt.date(2024, 12, 1),
        in_force=dt.date(2025, 1, 15),
    )
    return Catalog(
        versions=(version,),
        controls=tuple(control(c) for c in CONTROL_IDS),
        edges=(edge("nat:1.2", "ctl:A.1"), edge("nat:9", "nat:1", EdgeType.SPECIFIED_BY)),
        sets=(),
    )


def test_removing_a_sub_headings_only_path_drops_it_from_its_heading_as_reanalysis_does() -> None:
    # Without M1 the sub-heading nat:1.1 has no path, so it no longer counts among nat:1's
    # children: nat:1, and nat:9 that inherits from it, are as without nat:1.1 at all. The
    # incremental method reused nat:1's plan from the base (nat:1.1 counted, at 0) and gave
    # M1 an impact of 0.125 where re-running the engine gives 0.
    catalog = _catalog()
    data = org(
        [
            measure("M1", S.IMPLEMENTED, requirements=["nat:1.1"]),
            measure("M2", S.IMPLEMENTED, controls=["ctl:A.1"]),
        ]
    )
    result = analyze(catalog, data, AS_OF)
    fast = measure_impacts(catalog, data, result)
    slow = measure_impacts(catalog, data, result, method="reanalyse")
    assert fast == slow
    assert fast["M1"].now == 0.0
    assert fast["M2"].now > 0


_CATALOG = _catalog()


@st.composite
def _measures(draw: st.DrawFn) -> list[Measure]:
    out = []
    for i in range(draw(st.integers(1, 5))):
        reqs = draw(
            st.lists(
                st.sampled_from(["nat:1", "nat:1.1", "nat:1.2", "nat:9"]), max_size=2, unique=True
            )
        )
        ctls = draw(st.lists(st.sampled_from(["ctl:A.1", "ctl:A.2"]), max_size=1))
        if not reqs and not ctls:
            ctls = ["ctl:A.1"]
        status = draw(st.sampled_from([S.IMPLEMENTED, S.PLANNED, S.IN_PROGRESS]))
        partial = (
            draw(st.lists(st.sampled_from([*reqs, *ctls]), max_size=1)) if reqs or ctls else []
        )
        due = dt.date(2026, 12, 31) if status is not S.IMPLEMENTED else None
        out.append(measure(f"M{i}", status, ctls, reqs, due=due, partial=partial))
    return out


def _same(a: dict[str, MeasureImpact], b: dict[str, MeasureImpact]) -> None:
    assert set(a) == set(b)
    for key in a:
        assert a[key].now == pytest.approx(b[key].now, abs=1e-9), key
        assert a[key].projected == pytest.approx(b[key].projected, abs=1e-9), key


@settings(max_examples=60, deadline=None)
@given(measures=_measures())
def test_incremental_equals_reanalysis_under_headings_for_any_measures(
    measures: list[Measure],
) -> None:
    data = org(measures)
    result = analyze(_CATALOG, data, AS_OF)
    _same(
        measure_impacts(_CATALOG, data, result),
        measure_impacts(_CATALOG, data, result, method="reanalyse"),
    )
