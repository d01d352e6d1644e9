"""Service functions: the one place that orchestrates load → analyse → output.

The CLI and the HTTP API are thin adapters over these; neither holds business logic.
"""

from __future__ import annotations

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
