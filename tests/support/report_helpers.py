"""Helpers for the workbook tests (importable by name: pytest puts this rootless test directory
on sys.path, and the name is unique across the test tree)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from gapcheck.engine import analyze
from gapcheck.model import Catalog, OrgData
from gapcheck.model.result import AnalysisResult

DATA = Path(__file__).parents[1] / "data"
EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"
AS_OF = dt.date(2026, 6, 1)


def run(catalog: Catalog, org: OrgData, as_of: dt.date = AS_OF) -> AnalysisResult:
    """The engine's result (the organisation's own version pins apply)."""
    return analyze(catalog, org, as_of, dict(org.organisation.source_versions))


def rows_of(ws: Any) -> list[dict[str, Any]]:
    """A table sheet's data rows as dicts keyed by header text (header in row 1)."""
    values = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in values[0]]
    return [dict(zip(header, row, strict=True)) for row in values[1:] if any(row)]


def fill_of(cell: Any) -> str:
    """A cell's solid fill colour as six hex digits ('' when none)."""
    if cell.fill is None or cell.fill.fill_type != "solid":
        return ""
    return str(cell.fill.start_color.rgb)[-6:]


def visible(wb: Any) -> list[str]:
    """The titles of the sheets a reader sees (not the hidden gapcheck sheet)."""
    return [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
