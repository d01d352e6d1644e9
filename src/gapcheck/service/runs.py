"""Saved runs and follow-up (issue 11): the service functions the CLI and API call.

Its own module, not re-exported by `gapcheck.service`, because it loads SQLAlchemy: only the
commands and routes that use saved runs pay for that import.
"""

from __future__ import annotations

from gapcheck.service._capture import Captured, captured_from, load_captured
from gapcheck.service._compare import Side, compare, compare_runs, side_of_current
from gapcheck.service._followup import followup, previous_run, trend
from gapcheck.service._portfolio_runs import PortfolioSaves, portfolio_with_runs, previous_runs
from gapcheck.service._replay import (
    Reflecting,
    Replay,
    reproduce_run,
    run_reflecting,
)
from gapcheck.service._runs import (
    RUN_NAMESPACE,
    content_hash,
    database_shown,
    default_user,
    save_run,
)
from gapcheck.service._runs_read import (
    db_status,
    db_upgrade,
    list_runs,
    org_ref,
    prune_runs,
    resolve_run,
    run_detail,
)

__all__ = [
    "RUN_NAMESPACE",
    "Captured",
    "PortfolioSaves",
    "Reflecting",
    "Replay",
    "Side",
    "captured_from",
    "compare",
    "compare_runs",
    "content_hash",
    "database_shown",
    "db_status",
    "db_upgrade",
    "default_user",
    "followup",
    "list_runs",
    "load_captured",
    "org_ref",
    "portfolio_with_runs",
    "previous_run",
    "previous_runs",
    "prune_runs",
    "reproduce_run",
    "resolve_run",
    "run_detail",
    "run_reflecting",
    "save_run",
    "side_of_current",
    "trend",
]
