"""The analysis engine: graph, coverage, gap categories, priorities and explanations.

Pure computation on `gapcheck.model` objects: no I/O, no YAML, no CLI. The public surface is
this module's `__all__`; the submodules are the engine's own.
"""

from __future__ import annotations

from gapcheck.engine.analysis import analyze
from gapcheck.engine.coverage import Mode, is_overdue, measure_factor
from gapcheck.engine.graph import GraphCycleError, build_graph
from gapcheck.engine.impact import MeasureImpact, measure_impacts
from gapcheck.engine.order import natural_key, natural_sorted
from gapcheck.engine.scope_at import ScopeView, known_at, scopes_at, selected_versions
from gapcheck.engine.summary import overall_coverage, reported_rows

__all__ = [
    "GraphCycleError",
    "MeasureImpact",
    "Mode",
    "ScopeView",
    "analyze",
    "build_graph",
    "is_overdue",
    "known_at",
    "measure_factor",
    "measure_impacts",
    "natural_key",
    "natural_sorted",
    "overall_coverage",
    "reported_rows",
    "scopes_at",
    "selected_versions",
]
