"""An analysis makes no reference cycles: what makes it sound for `analyze` to pause the
cyclic garbage collector while it runs (its objects are freed by their reference counts)."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest

from gapcheck import service
from gapcheck.engine import analyze
from gapcheck.model import Catalog, OrgData

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
