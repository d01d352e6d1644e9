"""How the API's portfolio is computed and cached (the routes are `gapcheck.api.routes.portfolio`).

A portfolio is keyed by its date and every organisation's and the catalogs' fingerprints
(`PortfolioKey`, whose hash is the ETag), plus, with compare=previous, each organisation's
newest saved run. Each organisation's part comes from (and goes into) the same analysis cache
as `/orgs/{org}/analysis`; the last `_RUNS` portfolios are kept in the app's
`portfolio_cache`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import threading
from dataclasses import dataclass
from functools import cached_property

from fastapi import Request

from gapcheck import __version__, service
from gapcheck.api.cache import AnalysisKey, CachedAnalysis, ResultCache
from gapcheck.api.state import AppState
from gapcheck.errors import GapcheckError, InputError
from gapcheck.model.portfolio import PORTFOLIO_SCHEMA_VERSION, OrgInput, OrgProblem, PreviousRun
from gapcheck.service import OrgAnalysis, PortfolioRun

__all__ = [
    "PortfolioKey",
    "compute_portfolio",
    "newest_runs",
    "org_part",
    "portfolio_cache",
    "portfolio_key",
]

_RUNS = 8  # portfolios kept (dates × input states)


@dataclass(frozen=True)
class PortfolioKey:
    """What a portfolio depends on: the date and every organisation's and the catalogs' bytes."""

    as_of: dt.date
    inputs: tuple[tuple[str, str, str], ...]  # (org id, org fingerprint, catalog fingerprint)
    # With compare=previous: (organisation id, its newest saved run's id or None), sorted.
    previous: tuple[tuple[str, str | None], ...] | None = None

    @property
    def org(self) -> str | None:
        return None

    @cached_property
    def etag(self) -> str:
        """A strong entity tag: quoted hex of the key's hash."""
        material: list[object] = ["portfolio", __version__, PORTFOLIO_SCHEMA_VERSION]
        material += [self.as_of.isoformat(), *(list(i) for i in self.inputs)]
        if self.previous is not None:
            material += ["previous", *(list(p) for p in self.previous)]
        return '"' + hashlib.sha256(json.dumps(material).encode()).hexdigest()[:40] + '"'


_lock = threading.Lock()


def portfolio_cache(request: Request) -> ResultCache[PortfolioKey, PortfolioRun]:
    """The app's cache of portfolios (made on first use)."""
    with _lock:
        cache: ResultCache[PortfolioKey, PortfolioRun] | None = getattr(
            request.app.state, "portfolio_cache", None
        )
        if cache is None:
            cache = request.app.state.portfolio_cache = ResultCache(_RUNS)
        return cache


def portfolio_key(state: AppState, as_of: dt.date) -> PortfolioKey:
    """The key of the portfolio at `as_of` of every organisation as its files are now."""
    entries = state.entries()
    return PortfolioKey(as_of, tuple((e.id, e.fingerprint, e.catalog_fingerprint) for e in entries))


def org_part(state: AppState, org: str, as_of: dt.date) -> OrgAnalysis | OrgInput:
    """One organisation's part, its analysis from the shared analysis cache."""
    try:
        ctx = state.org(org)
        pins = service.resolve_pins(ctx.catalog, ctx.data)
        key = AnalysisKey.of(ctx.id, as_of, pins, ctx.fingerprint)
        cached: CachedAnalysis = state.cache.get_or_compute(
            key, lambda: service.analyze_loaded(ctx.catalog, ctx.data, as_of, pins)
        )
    except InputError as exc:
        items = [
            OrgProblem(file=p.file, line=p.line, entry=p.entry, message=p.message, hint=p.hint)
            for p in exc.problems
        ]
        return OrgInput.of(org, items)
    except GapcheckError as exc:
        return OrgInput.of(org, [OrgProblem(file=org, message=str(exc))])
    return service.summarize_org(cached.result, ctx.data, org)


def compute_portfolio(
    state: AppState, key: PortfolioKey, previous: dict[str, PreviousRun | None] | None
) -> PortfolioRun:
    """The portfolio of `key`, with each organisation's newest saved run when `previous`."""
    outcomes = [org_part(state, org, key.as_of) for org, _, _ in key.inputs]
    run = service.collect_portfolio(key.as_of, outcomes, state.catalog(), "en")
    return run if previous is None else dataclasses.replace(run, previous=previous)


def newest_runs(state: AppState) -> dict[str, PreviousRun | None]:
    """Every loadable organisation's newest saved run, by organisation id (as the CLI's
    `portfolio --compare` finds them; loads SQLAlchemy on first use)."""
    from gapcheck.service import runs

    ids = sorted({e.data.organisation.id for e in state.entries() if e.data is not None})
    previous: dict[str, PreviousRun | None] = runs.previous_runs(ids)
    return previous
