"""The portfolio with saved runs (issues 11 and 12): save every organisation's run with one
label, and find each organisation's latest saved run before this analysis to compare with.

The runs are the same as `gapcheck analyze --save` stores (one transaction per
organisation), so `gapcheck runs`, `gapcheck compare` and the Uppföljning sheet see them too.
Reached through `gapcheck.service.runs` only: it loads SQLAlchemy.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gapcheck.catalog import default_catalog_root
from gapcheck.lang import Lang
from gapcheck.model.portfolio import PreviousRun
from gapcheck.model.result import SourceRole
from gapcheck.service._cache import load_catalog_cached
from gapcheck.service._capture import Captured, file_set, read_capturing
from gapcheck.service._portfolio import Analysed, PortfolioRun, Progress, analyse_portfolio
from gapcheck.service._runs import open_runs, save_run
from gapcheck.store import Database, repo

__all__ = ["PortfolioSaves", "portfolio_with_runs", "previous_of", "previous_runs"]


@dataclass
class PortfolioSaves:
    """What `--save` stored: organisation ids with a new run, and those whose very content
    (inputs, catalogs, date, versions) was saved already (nothing new stored for them)."""

    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


def previous_of(db: Database | None, org: str) -> PreviousRun | None:
    """The organisation's newest saved run, with its coverage per binding source that counted
    requirements; None when it has none. Called before this analysis is saved, so it is the
    latest run before the current one (the same content when nothing changed since)."""
    if db is None:
        return None
    with db.connect() as conn:
        found = repo.list_runs(conn, org, limit=1)
        if not found:
            return None
        run = found[0]
        _, _, sources = repo.read_run(conn, run.id)
    return PreviousRun(
        run=run.id,
        saved_at=run.saved_at,
        label=run.label,
        as_of=run.as_of,
        coverage=run.coverage,
        sources={
            s["source"]: float(s["coverage"])
            for s in sources
            if s["role"] == SourceRole.BINDING.value and s["requirements"]
        },
    )


def previous_runs(orgs: Sequence[str], db: Database | None = None) -> dict[str, PreviousRun | None]:
    """`previous_of` for each organisation id, the runs database opened once (the API's
    `/portfolio?compare=previous`); every one None while no database exists yet."""
    database = db or open_runs()
    return {org: previous_of(database, org) for org in orgs}


def portfolio_with_runs(
    dirs: Sequence[Path],
    as_of: dt.date | None = None,
    pins: dict[str, str] | None = None,
    catalog_root: Path | None = None,
    *,
    lang: Lang = "sv",
    workers: int | None = None,
    progress: Progress | None = None,
    save: bool = False,
    compare: bool = False,
    label: str | None = None,
    by: str | None = None,
    now: dt.datetime | None = None,
    db: Database | None = None,
) -> tuple[PortfolioRun, PortfolioSaves]:
    """`analyse_portfolio`, and with `save` each analysed organisation's run stored (one
    transaction per organisation, all with `label`); with `compare` the run carries each
    organisation's latest saved run before this one (`PortfolioRun.previous`). A second
    folder with an id already seen is neither saved nor compared (the portfolio lists it as
    a problem)."""
    root = catalog_root or default_catalog_root()
    catalog, catalog_bytes = read_capturing(lambda: load_catalog_cached(root), root)
    catalog_files = file_set("catalog", catalog_bytes)
    explicit = dict(sorted((pins or {}).items()))
    saves = PortfolioSaves()
    previous: dict[str, PreviousRun | None] = {}
    handled: set[str] = set()
    opened: list[Database | None] = []

    def database() -> Database | None:
        # Opened in this process only after the workers are forked, never shared with them.
        if not opened:
            opened.append(db or open_runs(create=save))
        return opened[0]

    def handle(a: Analysed) -> None:
        org = a.org.organisation.id
        if org in handled:
            return
        handled.add(org)
        if compare:
            previous[org] = previous_of(database(), org)
        if save:
            captured = Captured(catalog, a.org, file_set("inputs", a.files), catalog_files)
            outcome = save_run(
                captured, a.result, label=label, by=by, pins=explicit, now=now, db=database()
            )
            (saves.created if outcome.created else saves.existing).append(org)

    run = analyse_portfolio(
        dirs,
        as_of,
        explicit,
        root,
        lang=lang,
        workers=workers,
        progress=progress,
        catalog=catalog,
        on_analysed=handle if save or compare else None,
    )
    if compare:
        run = dataclasses.replace(run, previous=previous)
    return run, saves
