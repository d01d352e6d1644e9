"""Loading, analysing and serialising: the core service functions."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path

from gapcheck.catalog import (
    closest,
    collect_catalog,
    collect_org,
    default_catalog_root,
    load_org,
)
from gapcheck.engine import analyze
from gapcheck.errors import Msg, NotFoundError, Problem
from gapcheck.model import (
    Catalog,
    OrgData,
)
from gapcheck.model.result import AnalysisResult, GapCategory, RequirementResult
from gapcheck.service._cache import keep_derived, load_catalog_cached
from gapcheck.service._init import org_warnings
from gapcheck.service._jsonout import result_bytes

__all__ = [
    "analyze_loaded",
    "analyze_org",
    "filter_gaps",
    "find_requirement",
    "fingerprint",
    "load_catalogs",
    "load_workspace",
    "parse_pins",
    "resolve_pins",
    "result_json",
    "result_json_bytes",
    "validate_paths",
]


def load_workspace(org_dir: Path, catalog_root: Path | None = None) -> tuple[Catalog, OrgData]:
    """Load the catalogs (from the catalog cache when unchanged: service._cache) and one
    organisation, raising one error with every problem."""
    catalog = load_catalog_cached(catalog_root or default_catalog_root())
    return catalog, load_org(org_dir, catalog)


def parse_pins(items: list[str]) -> dict[str, str]:
    """`["csl=sfs-2025-1506"]` → `{"csl": "sfs-2025-1506"}`."""
    pins: dict[str, str] = {}
    for item in items:
        source, sep, version = item.partition("=")
        if not sep or not source or not version:
            raise NotFoundError("version pin", item, Msg.of("fix.version_pin"))
        pins[source.strip()] = version.strip()
    return pins


def _check_pins(catalog: Catalog, pins: dict[str, str]) -> None:
    for source, version in sorted(pins.items()):
        known = [v.version.id for v in catalog.versions_of(source)]
        if not known:
            sources = ", ".join(sorted(catalog.sources()))
            raise NotFoundError("source", source, Msg.of("fix.known", known=sources))
        if version not in known:
            hint = Msg.of("fix.known", known=", ".join(known))
            raise NotFoundError(f"version of {source}", version, hint)


def analyze_org(
    org_dir: Path,
    as_of: dt.date | None = None,
    pins: dict[str, str] | None = None,
    catalog_root: Path | None = None,
) -> AnalysisResult:
    """Analyse the organisation in `org_dir` at `as_of` (default: today)."""
    catalog, org = load_workspace(org_dir, catalog_root)
    return analyze_loaded(catalog, org, as_of, pins)


def analyze_loaded(
    catalog: Catalog,
    org: OrgData,
    as_of: dt.date | None = None,
    pins: dict[str, str] | None = None,
    *,
    explain: bool = True,
) -> AnalysisResult:
    """Analyse already loaded data; organisation pins apply, explicit pins win. `explain=False`
    leaves the paths out of the explanations (summaries only: `engine.analyze`)."""
    merged = org.version_pins(pins)
    _check_pins(catalog, merged)
    result = analyze(catalog, org, as_of or dt.date.today(), merged, explain=explain)
    keep_derived(catalog)  # the catalog cache keeps the engine's catalog part for next time
    return result


def find_requirement(result: AnalysisResult, requirement_id: str) -> RequirementResult:
    """The result row for one requirement, or NotFoundError naming close matches."""
    for row in result.requirements:
        if row.id == requirement_id:
            return row
    ids = [r.id for r in result.requirements]
    near = closest(requirement_id, ids)
    if not near:
        prefix = requirement_id.rsplit(".", 1)[0]
        near = [i for i in ids if i.startswith(prefix)][:5]
    hint = (
        Msg.of("fix.did_you_mean_ids", near=", ".join(near))
        if near
        else Msg.of("fix.id_form", examples="csl:2.3.p2, nis2:21.2.b")
    )
    raise NotFoundError("requirement", requirement_id, hint)


def validate_paths(
    org_dirs: list[Path], catalog_root: Path | None = None
) -> tuple[Catalog | None, list[OrgData], list[Problem]]:
    """Validate the catalogs and each organisation folder; every problem, nothing raised."""
    catalog, problems = collect_catalog(catalog_root or default_catalog_root())
    orgs: list[OrgData] = []
    for folder in org_dirs:
        org, found = collect_org(folder, catalog)
        problems += found
        if org is not None:
            orgs.append(org)
            if catalog is not None:  # warnings (severity warning) do not fail validate
                problems += org_warnings(folder, org, catalog)
    return catalog, orgs, problems


def resolve_pins(
    catalog: Catalog, org: OrgData, pins: dict[str, str] | None = None
) -> dict[str, str]:
    """The pins an analysis of `org` uses (its own, explicit ones winning); unknown ones raise."""
    merged = org.version_pins(pins)
    _check_pins(catalog, merged)
    return merged


def filter_gaps(
    result: AnalysisResult,
    category: GapCategory | None = None,
    source: str | None = None,
    min_priority: int | None = None,
) -> list[RequirementResult]:
    """The result's gaps, highest priority first, narrowed by category, source and priority."""
    rows = {r.id: r for r in result.requirements}
    out = []
    for ident in result.gaps:
        row = rows[ident]
        if category is not None and row.category.value != category.value:
            continue
        if source is not None and row.source != source:
            continue
        if min_priority is not None and (row.priority or 0) < min_priority:
            continue
        out.append(row)
    return out


def fingerprint(files: Iterable[str | Path]) -> str:
    """sha256 over the names and bytes of `files` in sorted order: the identity of an input.

    A file that cannot be read counts as absent, so the value still changes when it comes back.
    """
    digest = hashlib.sha256()
    for name in sorted({str(f) for f in files}):
        digest.update(name.encode() + b"\0")
        try:
            data = Path(name).read_bytes()
        except OSError:
            digest.update(b"-\0")
            continue
        digest.update(str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()


def result_json(result: AnalysisResult) -> str:
    """The result as JSON: sorted keys, stable ordering, UTF-8 text."""
    return result_json_bytes(result).decode()


def result_json_bytes(result: AnalysisResult) -> bytes:
    """`result_json(result)` encoded as UTF-8: what files and HTTP bodies hold; the same bytes
    as `dumps_sorted(result.model_dump(mode="json"))` (`_jsonout.result_bytes`)."""
    return result_bytes(result)


def load_catalogs(catalog_root: Path | None = None) -> Catalog:
    """The catalogs alone (`--catalog`, else the shipped ones), for commands without an
    organisation; from the catalog cache when unchanged."""
    return load_catalog_cached(catalog_root or default_catalog_root())
