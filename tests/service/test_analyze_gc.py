"""`analyze_loaded` runs the engine with the cyclic garbage collector paused, which is sound only
because an analysis makes no reference cycles: both are pinned here."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest

from gapcheck import service
from gapcheck.engine import analyze
from gapcheck.model import Catalog, OrgData
from gapcheck.service import _core

EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"
AS_OF = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def loaded() -> tuple[Catalog, OrgData]:
    return service.load_workspace(EXAMPLE)


@pytest.mark.parametrize("explain", [True, False])
def test_an_analysis_leaves_no_cyclic_garbage(loaded, explain: bool) -> None:
    catalog, org = loaded
    analyze(catalog, org, AS_OF, explain=explain)  # first use imports lazily: module cycles
    gc.collect()
    gc.disable()
    try:
        analyze(catalog, org, AS_OF, explain=explain)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_engine_runs_with_the_collector_paused_and_it_resumes(loaded, monkeypatch) -> None:
    catalog, org = loaded
    seen: list[bool] = []

    def engine(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return analyze(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_core, "analyze", engine)
    assert gc.isenabled()
    # Without a date (today's): the test suite's memo of analyses passes it through.
    _core.analyze_loaded(catalog, org)
    assert seen == [False]
    assert gc.isenabled()

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("engine fault")

    monkeypatch.setattr(_core, "analyze", broken)
    with pytest.raises(RuntimeError):
        _core.analyze_loaded(catalog, org)
    assert gc.isenabled()
