"""Service functions: the one place that orchestrates load → analyse → output.

The CLI and the HTTP API are thin adapters over these; neither holds business logic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gapcheck.atomic import write_bytes_atomic, write_text_atomic
    from gapcheck.service._core import (
        analyze_loaded,
        analyze_org,
        filter_gaps,
        find_requirement,
        fingerprint,
        load_catalogs,
        load_workspace,
        parse_pins,
        resolve_pins,
        result_json,
        result_json_bytes,
        validate_paths,
    )
    from gapcheck.service._deadlines import (
        deadlines_json,
        deadlines_loaded,
        parse_events,
    )
    from gapcheck.service._init import (
        county_warning,
        folder_warnings,
        init_org,
        init_warnings,
        org_language,
        org_warnings,
        suggest_org_id,
    )
    from gapcheck.service._lawimport import (
        LawImport,
        import_law,
        prepare_catalog,
    )
    from gapcheck.service._lookup import (
        edges_of,
        find_control,
        find_requirement_versions,
        find_source_versions,
        find_version,
    )
    from gapcheck.service._portfolio import (
        OrgAnalysis,
        PortfolioRun,
        analyse_portfolio,
        collect_portfolio,
        find_org_folders,
        summarize_org,
    )
    from gapcheck.service._portfolio_build import DEFAULT_TOP, build_portfolio, portfolio_json
    from gapcheck.service._versions import (
        diff_json,
        diff_loaded,
        diff_result,
        parse_diff_specs,
        parse_scope,
        report_loaded,
        review_loaded,
        review_mappings,
    )

__all__ = [
    "DEFAULT_TOP",
    "LawImport",
    "OrgAnalysis",
    "PortfolioRun",
    "analyse_portfolio",
    "analyze_loaded",
    "analyze_org",
    "build_portfolio",
    "collect_portfolio",
    "county_warning",
    "deadlines_json",
    "deadlines_loaded",
    "diff_json",
    "diff_loaded",
    "diff_result",
    "edges_of",
    "filter_gaps",
    "find_control",
    "find_org_folders",
    "find_requirement",
    "find_requirement_versions",
    "find_source_versions",
    "find_version",
    "fingerprint",
    "folder_warnings",
    "import_law",
    "init_org",
    "init_warnings",
    "load_catalogs",
    "load_workspace",
    "org_language",
    "org_warnings",
    "parse_diff_specs",
    "parse_events",
    "parse_pins",
    "parse_scope",
    "portfolio_json",
    "prepare_catalog",
    "report_loaded",
    "resolve_pins",
    "result_json",
    "result_json_bytes",
    "review_loaded",
    "review_mappings",
    "suggest_org_id",
    "summarize_org",
    "validate_paths",
    "write_bytes_atomic",
    "write_text_atomic",
]

# Each name is imported from its module on first use (PEP 562): `gapcheck analyze` does not
# pay for the portfolio, law-import or versions modules it never calls.
_WHERE: dict[str, str] = {
    "DEFAULT_TOP": "gapcheck.service._portfolio_build",
    "LawImport": "gapcheck.service._lawimport",
    "OrgAnalysis": "gapcheck.service._portfolio",
    "PortfolioRun": "gapcheck.service._portfolio",
    "analyse_portfolio": "gapcheck.service._portfolio",
    "analyze_loaded": "gapcheck.service._core",
    "analyze_org": "gapcheck.service._core",
    "build_portfolio": "gapcheck.service._portfolio_build",
    "collect_portfolio": "gapcheck.service._portfolio",
    "county_warning": "gapcheck.service._init",
    "deadlines_json": "gapcheck.service._deadlines",
    "deadlines_loaded": "gapcheck.service._deadlines",
    "diff_json": "gapcheck.service._versions",
    "diff_loaded": "gapcheck.service._versions",
    "diff_result": "gapcheck.service._versions",
    "edges_of": "gapcheck.service._lookup",
    "filter_gaps": "gapcheck.service._core",
    "find_control": "gapcheck.service._lookup",
    "find_org_folders": "gapcheck.service._portfolio",
    "find_requirement": "gapcheck.service._core",
    "find_requirement_versions": "gapcheck.service._lookup",
    "find_source_versions": "gapcheck.service._lookup",
    "find_version": "gapcheck.service._lookup",
    "fingerprint": "gapcheck.service._core",
    "folder_warnings": "gapcheck.service._init",
    "import_law": "gapcheck.service._lawimport",
    "init_org": "gapcheck.service._init",
    "init_warnings": "gapcheck.service._init",
    "load_catalogs": "gapcheck.service._core",
    "load_workspace": "gapcheck.service._core",
    "org_language": "gapcheck.service._init",
    "org_warnings": "gapcheck.service._init",
    "parse_diff_specs": "gapcheck.service._versions",
    "parse_events": "gapcheck.service._deadlines",
    "parse_pins": "gapcheck.service._core",
    "parse_scope": "gapcheck.service._versions",
    "portfolio_json": "gapcheck.service._portfolio_build",
    "prepare_catalog": "gapcheck.service._lawimport",
    "report_loaded": "gapcheck.service._versions",
    "resolve_pins": "gapcheck.service._core",
    "result_json": "gapcheck.service._core",
    "result_json_bytes": "gapcheck.service._core",
    "review_loaded": "gapcheck.service._versions",
    "review_mappings": "gapcheck.service._versions",
    "suggest_org_id": "gapcheck.service._init",
    "summarize_org": "gapcheck.service._portfolio",
    "validate_paths": "gapcheck.service._core",
    "write_bytes_atomic": "gapcheck.atomic",
    "write_text_atomic": "gapcheck.atomic",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # Not bound here: `service.X` stays whatever `X` is in its module (as tests patch it).
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
