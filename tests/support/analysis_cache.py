"""Analyses made once per test process for the same inputs (issue 10 item 19).

Many CLI, API and report tests analyse the example organisation on the same date: the
analysis is most of what such a command costs once the catalogs are shared
(`tests/support/catalog_cache.py`). `service.analyze_loaded` is a pure function of the
catalog, the organisation, the date and the pins; `cached` memoises it on exactly those (the
catalog by identity, held so its id cannot be reused; the organisation by its whole content).
An analysis without a date (today's) is never cached, so a test that moves the clock sees it.
The engine's own tests call the engine, never this. Results are frozen models.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable

from gapcheck.model import Catalog, OrgData
from gapcheck.model.result import AnalysisResult

__all__ = ["cached"]

Analyze = Callable[[Catalog, OrgData, dt.date | None, dict[str, str] | None], AnalysisResult]

_KEEP = 16


def cached(analyze: Analyze) -> Analyze:
    """`analyze` (`service.analyze_loaded`) memoised on its arguments."""
    memo: OrderedDict[tuple[object, ...], tuple[Catalog, AnalysisResult]] = OrderedDict()

    def analyze_cached(
        catalog: Catalog,
        org: OrgData,
        as_of: dt.date | None = None,
        pins: dict[str, str] | None = None,
    ) -> AnalysisResult:
        if as_of is None:
            return analyze(catalog, org, as_of, pins)
        key = (id(catalog), org.model_dump_json(), as_of, tuple(sorted((pins or {}).items())))
        hit = memo.get(key)
        if hit is not None and hit[0] is catalog:
            memo.move_to_end(key)
            return hit[1]
        result = analyze(catalog, org, as_of, pins)
        memo[key] = (catalog, result)
        while len(memo) > _KEEP:
            memo.popitem(last=False)
        return result

    return analyze_cached
