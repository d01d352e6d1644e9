"""The closing measures' incremental what-ifs against the definition: each open measure set to
implemented and the whole coverage computed again, on the example and generated organisations.
The incremental computation recomputes only what a wanted requirement rests on; this pins that
it misses nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from gapcheck import service
from gapcheck.engine.closing import closing_measures
from gapcheck.engine.coverage import (
    CURRENT,
    OPEN_STATUSES,
    analysis_modes,
    compute_coverage,
    control_levels,
    output_value,
)
from gapcheck.engine.paths import Paths
from gapcheck.engine.scope_at import scopes_at
from gapcheck.model import Catalog, MeasureStatus, OrgData
from tests.portfolio.conftest import synth_module

EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"
AS_OF = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def orgs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, list[OrgData]]:
    catalog, example = service.load_workspace(EXAMPLE)
    folders = synth_module().generate(tmp_path_factory.mktemp("city"), count=2, seed=12)
    return catalog, [example, *(service.load_workspace(f)[1] for f in folders)]


def _by_definition(ix, scopes, wanted: set[str]) -> dict[str, dict[str, float]]:
    """Requirement → measure → gain, each measure implemented and everything recomputed."""
    ix = dataclasses.replace(
        ix, assessments={t: a for t, a in ix.assessments.items() if t not in ix.reqs}, plans={}
    )
    today = (CURRENT,)
    base = compute_coverage(ix, scopes, today, control_levels(ix, today))
    gains: dict[str, dict[str, float]] = {}
    for mid, measure in sorted(ix.measures.items()):
        if measure.status not in OPEN_STATUSES:
            continue
        done = measure.model_copy(update={"status": MeasureStatus.IMPLEMENTED})
        what_if = dataclasses.replace(ix, measures={**ix.measures, mid: done}, plans={})
        after = compute_coverage(what_if, scopes, today, control_levels(what_if, today))
        for req in wanted:
            gain = output_value(after[req].computed[0]) - output_value(base[req].computed[0])
            if gain > 0:
                gains.setdefault(req, {})[mid] = round(gain, 4)
    return gains


def test_closing_measures_are_what_implementing_each_one_would_add(orgs) -> None:
    catalog, organisations = orgs
    checked = 0
    for org in organisations:
        view = scopes_at(catalog, org, AS_OF)
        ix, scopes = view.index, view.scopes
        modes = analysis_modes(sorted(set(view.org.organisation.plan_years)), AS_OF)
        levels = control_levels(ix, modes)
        coverage = compute_coverage(ix, scopes, modes, levels)
        wanted = {r for r, c in coverage.items() if scopes[r].applicable and c.values[0] < 1}
        found = closing_measures(ix, scopes, levels, coverage, Paths(ix, coverage), AS_OF, wanted)
        got = {req: {c.measure: c.gain for c in rows} for req, rows in found.items() if rows}
        assert got == _by_definition(ix, scopes, wanted)
        checked += sum(len(v) for v in got.values())
    assert checked > 100  # the organisations have open measures that close gaps
