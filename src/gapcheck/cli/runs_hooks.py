"""What `gapcheck analyze` and `gapcheck report` do with saved runs (issue 11): refuse option
combinations that mean nothing, load with the bytes of the files parsed, save, reproduce a
saved run, say which run reflects a past date, and build the Uppföljning sheet's data.

SQLAlchemy loads only when one of these is used (`--save`, `--from-run`, `--xlsx`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gapcheck.cli._common import lang_of, progress
from gapcheck.cli._errors import err_console
from gapcheck.cli._lifetime import keep_to_the_end, load_workspace
from gapcheck.cli._usage import UsageText
from gapcheck.i18n import t
from gapcheck.lang import Lang

if TYPE_CHECKING:
    from gapcheck.model import Catalog, OrgData
    from gapcheck.model.result import AnalysisResult
    from gapcheck.model.runs import FollowUp
    from gapcheck.service.runs import Captured

__all__ = [
    "after_analysis",
    "check_options",
    "followup_of",
    "load",
    "org_ref",
    "past_date_note",
    "reproduced",
    "runs_service",
]


def runs_service() -> Any:
    """`gapcheck.service.runs`, imported on first use."""
    from gapcheck.service import runs  # loads SQLAlchemy

    return runs


def org_ref(org: str) -> tuple[str, Lang]:
    """The organisation id and its language (sv when the folder is not at hand)."""
    ident, language = runs_service().org_ref(org)
    return ident, language


def check_options(
    save: bool,
    label: str | None,
    by: str | None,
    from_run: str | None,
    as_of: dt.date | None,
    pins: dict[str, str],
) -> None:
    """Refuse combinations of the run options that cannot mean anything."""
    if (label is not None or by is not None) and not save:
        raise UsageText("usage.label_needs_save")
    if from_run is not None and (save or as_of is not None or pins):
        raise UsageText("usage.from_run", param_hint="--from-run")


def load(
    org: Path, catalog: Path | None, capture: bool
) -> tuple[Catalog, OrgData, Captured | None]:
    """The workspace; with `capture`, also the bytes of the files parsed (to save a run, or to
    compare with saved runs)."""
    if not capture:
        cat, data = load_workspace(org, catalog)
        return cat, data, None
    captured = runs_service().load_captured(org, catalog)
    keep_to_the_end()
    return captured.catalog, captured.org, captured


def followup_of(
    captured: Captured | None,
    result: AnalysisResult,
    pins: dict[str, str],
    compare_to: str | None,
    lang: Lang,
) -> FollowUp | None:
    """The Uppföljning sheet's data when saved runs exist (or --compare-to names one); a
    database that cannot be read is a warning, not a failed workbook."""
    from gapcheck.errors import StorageError

    if captured is None:
        return None
    try:
        with progress(t("runs.comparing", lang)):
            followup: FollowUp | None = runs_service().followup(captured, result, compare_to, pins)
    except StorageError as exc:
        if compare_to is not None:
            raise
        err_console.print(t("runs.followup.unreadable", lang, error=str(exc)), markup=False)
        return None
    return followup


def reproduced(org: Path, run: str, lang: str | None) -> tuple[AnalysisResult, OrgData, Any, Lang]:
    """`analyze --from-run`: the run's stored inputs analysed again; says whether the result
    is what was saved."""
    from gapcheck.cli import render_runs

    ident, default = org_ref(str(org))
    replay = runs_service().reproduce_run(ident, run)
    language = lang_of(lang, replay.org.organisation.language or default)
    key = "runs.reproduced" if replay.identical else "runs.reproduced_differs"
    err_console.print(
        t(
            key,
            language,
            run=render_runs.run_line(replay.run, language),
            then=replay.run.gapcheck_version,
            now=replay.gapcheck_version,
        ),
        markup=False,
    )
    return replay.result, replay.org, replay.catalog, language


def past_date_note(org: Path, data: OrgData, as_of: dt.date | None, lang: Lang) -> None:
    """`analyze --as-of` a past date: the statuses are today's; which saved run reflects it."""
    if as_of is None or as_of >= dt.date.today():
        return
    from gapcheck.cli import render_runs
    from gapcheck.errors import StorageError

    try:
        found = runs_service().run_reflecting(data.organisation.id, as_of)
    except StorageError as exc:
        err_console.print(t("runs.past.unreadable", lang, error=str(exc)), markup=False)
        return
    day = as_of.isoformat()
    if found.total == 0:
        err_console.print(t("runs.past.none", lang, date=day), markup=False)
    elif found.run is None:
        assert found.earliest is not None
        line = render_runs.run_line(found.earliest, lang)
        err_console.print(t("runs.past.later", lang, date=day, run=line), markup=False)
    else:
        err_console.print(
            t(
                "runs.past.reflects",
                lang,
                date=day,
                run=render_runs.run_line(found.run, lang),
                org=str(org),
                id=render_runs.short_id(found.run.id),
            ),
            markup=False,
        )


def after_analysis(
    captured: Captured | None,
    result: AnalysisResult,
    label: str | None,
    by: str | None,
    pins: dict[str, str],
    lang: Lang,
) -> None:
    """`analyze --save`: store the run, or say which saved run has the same content."""
    from gapcheck.cli import render_runs

    assert captured is not None  # loaded with capture=True for --save

    runs = runs_service()
    outcome = runs.save_run(captured, result, label=label, by=by, pins=pins)
    key = "runs.saved" if outcome.created else "runs.duplicate"
    line = render_runs.run_line(outcome.run, lang)
    err_console.print(t(key, lang, run=line, db=runs.database_shown()), markup=False)
