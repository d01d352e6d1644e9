"""Law versions: diff, gap delta, mapping review, and workbooks with a Changes sheet."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

from gapcheck.catalog import (
    default_catalog_root,
    load_catalog,
    load_org,
)
from gapcheck.engine import analyze
from gapcheck.errors import NotFoundError
from gapcheck.model import (
    Catalog,
    OrgData,
    select_versions,
)
from gapcheck.model.result import AnalysisResult
from gapcheck.service._core import (
    analyze_loaded,
    resolve_pins,
)
from gapcheck.service._lookup import find_source_versions, find_version
from gapcheck.versions import (
    DiffReport,
    ReviewReport,
    diff_versions,
    rerun,
    review_report,
)

__all__ = [
    "diff_json",
    "diff_loaded",
    "diff_result",
    "parse_diff_specs",
    "parse_scope",
    "report_loaded",
    "review_loaded",
    "review_mappings",
]


# --- Versions: diff, gap delta, mapping review (issue 6) -------------------------------------


def diff_loaded(
    catalog: Catalog,
    source: str,
    from_version: str,
    to_version: str,
    org: OrgData | None = None,
    as_of: dt.date | None = None,
    scope: list[str] | None = None,
    pins: dict[str, str] | None = None,
) -> DiffReport:
    """Diff two versions of `source`; with `org`, also its gap picture under each (gap delta).

    `scope` limits the diff to id prefixes; `pins` fix the versions of the other sources.
    """
    old = find_version(catalog, source, from_version)
    new = find_version(catalog, source, to_version)
    diff = diff_versions(old, new, scope)
    if org is None:
        return DiffReport(diff=diff)
    others = resolve_pins(catalog, org, pins)
    delta = rerun(catalog, org, diff, as_of or dt.date.today(), analyze, others)
    return DiffReport(diff=diff, delta=delta)


def review_loaded(
    catalog: Catalog,
    source: str,
    org: OrgData | None = None,
    version: str | None = None,
    as_of: dt.date | None = None,
) -> ReviewReport:
    """Edges, direct links and assessments on `source` to review against the version analysed
    (`version`, else the organisation's pin, else the default selection at `as_of`)."""
    find_source_versions(catalog, source)
    if version is not None:
        selected = find_version(catalog, source, version)
    else:
        pins = org.organisation.source_versions if org is not None else {}
        chosen = select_versions(catalog, as_of or dt.date.today(), pins)
        selected = chosen[source]
    return review_report(catalog, selected, org)


def review_mappings(
    source: str,
    org_dir: Path | None = None,
    version: str | None = None,
    as_of: dt.date | None = None,
    catalog_root: Path | None = None,
) -> ReviewReport:
    """`gapcheck review-mappings`: load, then `review_loaded`."""
    catalog = load_catalog(catalog_root or default_catalog_root())
    org = load_org(org_dir, catalog) if org_dir is not None else None
    return review_loaded(catalog, source, org, version, as_of)


def parse_diff_specs(items: list[str]) -> list[tuple[str, str, str]]:
    """`["csl:sou-2024-18:sfs-2025-1506"]` → `[("csl", "sou-2024-18", "sfs-2025-1506")]`."""
    specs: list[tuple[str, str, str]] = []
    for item in items:
        parts = [p.strip() for p in item.split(":")]
        if len(parts) != 3 or not all(parts):
            raise NotFoundError(
                "diff", item, "write SOURCE:FROM:TO, e.g. csl:sou-2024-18:sfs-2025-1506"
            )
        specs.append((parts[0], parts[1], parts[2]))
    return specs


def parse_scope(items: Iterable[str]) -> list[str]:
    """`--only` / `only=` values → id prefixes: each value may hold several, comma-separated.

    `["csl:2.3,csl:2.4", " csl:2.5 "]` → `["csl:2.3", "csl:2.4", "csl:2.5"]`; empty parts are
    dropped, so no values give `[]` (the whole source).
    """
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def report_loaded(
    catalog: Catalog,
    org: OrgData,
    as_of: dt.date | None = None,
    pins: dict[str, str] | None = None,
    diffs: Iterable[tuple[str, str, str]] = (),
) -> tuple[AnalysisResult, list[DiffReport]]:
    """`gapcheck report --diff`: the analysis behind the workbook, and one `DiffReport` (with
    the gap delta) per (source, FROM, TO) for its Changes sheet.

    A diffed source is analysed in its TO version, so that the other sheets show the picture
    the Changes sheet leads to; an explicit pin (`pins`) of that source wins.
    """
    when = as_of or dt.date.today()
    specs = list(diffs)
    reports = [diff_loaded(catalog, s, old, new, org, when, None, pins) for s, old, new in specs]
    to_pins = {source: new for source, _, new in specs}
    return analyze_loaded(catalog, org, when, {**to_pins, **(pins or {})}), reports


def diff_result(
    catalog: Catalog, org: OrgData, report: DiffReport, as_of: dt.date | None = None
) -> AnalysisResult:
    """The organisation analysed with the diffed source in its TO version, at the gap delta's
    date: the workbook `gapcheck diff --org --xlsx` writes around its Changes sheet."""
    when = report.delta.as_of if report.delta is not None else as_of
    return analyze_loaded(catalog, org, when, {report.diff.source: report.diff.to_version})


def diff_json(report: DiffReport | ReviewReport) -> str:
    """A diff or review report as JSON: sorted keys, UTF-8 text."""
    return json.dumps(report.model_dump(mode="json"), sort_keys=True, indent=2, ensure_ascii=False)
