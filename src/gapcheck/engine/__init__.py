"""The analysis engine: graph, coverage, gap categories, priorities and explanations.

Pure computation on `gapcheck.model` objects: no I/O, no YAML, no CLI.
"""

from __future__ import annotations

from gapcheck.engine.analysis import analyze, selected_versions
from gapcheck.engine.coverage import Mode, measure_factor
from gapcheck.engine.graph import GraphCycleError, build_graph
from gapcheck.engine.order import natural_key, natural_sorted

__all__ = [
    "GraphCycleError",
    "Mode",
    "analyze",
    "build_graph",
    "measure_factor",
    "natural_key",
    "natural_sorted",
    "selected_versions",
]
