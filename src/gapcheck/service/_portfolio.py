"""Analysing many organisations in one run: the catalogs loaded once, one broken organisation
never stopping the others.

Each organisation is analysed with the engine as `gapcheck analyze` would (the same
`analyze_loaded`), and only what the city-wide view needs is kept of its result
(`OrgAnalysis`), so fifty organisations fit in little memory and can be analysed in worker
processes that share the loaded catalogs (forked after loading them).
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
from collections.abc import Callable, Sequence
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from gapcheck.catalog import collect_org, default_catalog_root
from gapcheck.catalog._common import display_path
from gapcheck.engine import natural_key
from gapcheck.errors import GapcheckError, InputError, Msg, Problem
from gapcheck.lang import Lang
from gapcheck.model import Catalog, OrgData
from gapcheck.model.portfolio import OrgInput, OrgProblem
from gapcheck.service._cache import load_catalog_cached
from gapcheck.service._core import analyze_loaded
from gapcheck.service._portfolio_org import (
    Analysed,
    OrgAnalysis,
    PortfolioRun,
    Progress,
    find_org_folders,
    problem_items,
    summarize_org,
)

__all__ = [
    "Analysed",
    "OrgAnalysis",
    "PortfolioRun",
    "Progress",
    "analyse_portfolio",
    "collect_portfolio",
    "find_org_folders",
    "summarize_org",
]

log = logging.getLogger("gapcheck.service")

_Outcome = OrgAnalysis | OrgInput | Analysed


def _collect(
    folder: Path, catalog: Catalog, keep: bool
) -> tuple[OrgData | None, list[Problem], dict[str, bytes]]:
    if not keep:
        return (*collect_org(folder, catalog), {})
    from gapcheck.service._capture import (
        read_capturing,
    )  # SQLAlchemy: only when saving or comparing

    (org, problems), files = read_capturing(lambda: collect_org(folder, catalog), folder)
    return org, problems, files


def _analyse_one(
    catalog: Catalog,
    folder: Path,
    as_of: dt.date,
    pins: dict[str, str],
    lang: Lang,
    keep: bool = False,
) -> _Outcome:
    """The organisation's summary, or its problems; with `keep`, also its whole result and
    input files (`Analysed`)."""
    where = display_path(folder)
    org, problems, files = _collect(folder, catalog, keep)
    if org is None:
        return OrgInput.of(where, problem_items(problems, lang))
    try:
        # The summary never shows a path; a kept (saved) result has its explanations.
        result = analyze_loaded(catalog, org, as_of, pins, explain=keep)
    except InputError as exc:
        items = problem_items(exc.problems, lang)
    except GapcheckError as exc:
        items = [OrgProblem(file=where, message=exc.render(lang))]
    except Exception as exc:  # one organisation must never stop the others
        log.exception("analysing %s failed unexpectedly", where)
        items = [
            OrgProblem(
                file=where,
                message=Msg.of("portfolio.internal", error=f"{type(exc).__name__}: {exc}").render(
                    lang
                ),
                hint=Msg.of("portfolio.internal_fix").render(lang),
            )
        ]
    else:
        summary = summarize_org(result, org, where)
        return Analysed(summary, org, result, files) if keep else summary
    return OrgInput.of(where, items, org.organisation.id)


# The catalog a forked worker inherits from its parent (set just before the pool starts).
_SHARED: dict[str, object] = {}


def _worker(folder: Path, as_of: dt.date, pins: dict[str, str], lang: Lang, keep: bool) -> _Outcome:
    catalog = _SHARED["catalog"]
    assert isinstance(catalog, Catalog)
    return _analyse_one(catalog, folder, as_of, pins, lang, keep)


def _workers(requested: int | None, jobs: int) -> int:
    if requested is not None:
        return max(1, min(requested, jobs))
    # fork shares the loaded catalogs for free; elsewhere one process is simpler and enough.
    if "fork" not in get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, jobs, 8))


def analyse_portfolio(
    dirs: Sequence[Path],
    as_of: dt.date | None = None,
    pins: dict[str, str] | None = None,
    catalog_root: Path | None = None,
    *,
    lang: Lang = "sv",
    workers: int | None = None,
    progress: Progress | None = None,
    catalog: Catalog | None = None,
    on_analysed: Callable[[Analysed], None] | None = None,
) -> PortfolioRun:
    """Analyse every organisation under `dirs` at `as_of` (default today) against catalogs
    loaded once (or `catalog`, loaded already). A folder whose input has problems is listed
    with them (in `lang`) and the others are analysed; the catalogs themselves must load
    (else CatalogError).

    `workers` processes (default: one per core when processes can be forked) share the
    loaded catalogs. `on_analysed` is called in this process with each organisation's whole
    result and input files, in the order of the folders (saving runs uses it)."""
    day = as_of or dt.date.today()
    catalog = catalog or load_catalog_cached(catalog_root or default_catalog_root())
    folders = find_org_folders(dirs)
    pins = dict(pins or {})
    n = _workers(workers, len(folders))
    keep = on_analysed is not None
    outcomes: list[OrgAnalysis | OrgInput] = []

    def done(i: int, folder: Path, outcome: _Outcome) -> None:
        if isinstance(outcome, Analysed):
            assert on_analysed is not None
            on_analysed(outcome)
            outcome = outcome.summary
        outcomes.append(outcome)
        if progress is not None:
            progress(i, len(folders), display_path(folder))

    if n <= 1:
        for i, folder in enumerate(folders, start=1):
            done(i, folder, _analyse_one(catalog, folder, day, pins, lang, keep))
    else:
        # Imported only here: one worker (or one folder) needs no process pool (its modules
        # are some 16 M instructions to import, callgrind).
        from concurrent.futures import ProcessPoolExecutor

        _SHARED["catalog"] = catalog
        # The gc module's advice for a process that forks without exec: what is loaded now
        # goes out of the cyclic collector's way (gc.freeze), so the workers' collections
        # neither scan the catalogs again nor write to the pages they share with this process.
        gc.freeze()
        try:
            with ProcessPoolExecutor(n, mp_context=get_context("fork")) as pool:
                futures = [pool.submit(_worker, f, day, pins, lang, keep) for f in folders]
                for i, (folder, future) in enumerate(zip(folders, futures, strict=True), 1):
                    done(i, folder, future.result())
        finally:
            _SHARED.clear()
            gc.unfreeze()  # a caller that goes on collects its garbage as before
    return collect_portfolio(day, outcomes, catalog, lang)


def collect_portfolio(
    day: dt.date, outcomes: Sequence[OrgAnalysis | OrgInput], catalog: Catalog, lang: Lang = "sv"
) -> PortfolioRun:
    """Outcomes as a run: analyses by organisation id, a second folder with an id already seen
    listed as a problem (the portfolio keys organisations by id). For callers that analysed
    (or cached) the organisations themselves, such as the API."""
    analyses: dict[str, OrgAnalysis] = {}
    problems = [o for o in outcomes if isinstance(o, OrgInput)]
    for o in outcomes:
        if not isinstance(o, OrgAnalysis):
            continue
        first = analyses.get(o.organisation)
        if first is None:
            analyses[o.organisation] = o
            continue
        problems.append(
            OrgInput.of(
                o.folder,
                [
                    OrgProblem(
                        file=f"{o.folder}/organisation.yaml",
                        entry=o.organisation,
                        message=Msg.of(
                            "portfolio.duplicate_id", id=o.organisation, folder=first.folder
                        ).render(lang),
                        hint=Msg.of("portfolio.duplicate_id_fix").render(lang),
                    )
                ],
                o.organisation,
            )
        )
    return PortfolioRun(
        as_of=day,
        analyses=tuple(analyses[k] for k in sorted(analyses, key=natural_key)),
        problems=tuple(sorted(problems, key=lambda p: p.folder)),
        catalog=catalog,
    )
