"""`gapcheck runs`, `gapcheck compare` and `gapcheck db`: saved runs and follow-up (issue 11).

SQLAlchemy loads only inside these commands (and in `analyze --save/--from-run`), never for
`gapcheck --help`. Rendering lives in cli/render_runs.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from gapcheck.cli._common import (
    LangOpt,
    _Command,
    _Group,
    app,
    lang_of,
    progress,
    write_or_print,
)
from gapcheck.cli._errors import err_console, handle_errors
from gapcheck.i18n import t
from gapcheck.lang import Lang

if TYPE_CHECKING:
    from pydantic import BaseModel

    from gapcheck.model import Catalog, OrgData
    from gapcheck.model.result import AnalysisResult
    from gapcheck.model.runs import FollowUp
    from gapcheck.service.runs import Captured

__all__ = [
    "after_analysis",
    "check_options",
    "followup_of",
    "load",
    "past_date_note",
    "reproduced",
]


class _ListByDefault(_Group):
    """`gapcheck runs ORG` is `gapcheck runs list ORG`: the list is what one asks for most."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["list", *args]
        result: list[str] = super().parse_args(ctx, args)
        return result


runs_app = typer.Typer(
    cls=_ListByDefault,
    no_args_is_help=True,
    rich_markup_mode="markdown",
    help="Saved runs of an organisation: `gapcheck runs ORG` lists them (newest first); "
    "`runs show ORG RUN` shows one; `runs prune ORG --keep N` deletes old ones.",
)
db_app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    help="The runs database: where it is (GAPCHECK_DATABASE_URL), its tables' revision.",
)
app.add_typer(runs_app, name="runs", rich_help_panel="Follow-up")
app.add_typer(db_app, name="db", rich_help_panel="Follow-up")

OrgRef = Annotated[
    str,
    typer.Argument(
        metavar="ORG",
        help="The organisation's folder (or its id, when the folder is not at hand).",
        show_default=False,
    ),
]
JsonOpt = Annotated[
    str | None, typer.Option("--json", help="Write the JSON to FILE, or - for stdout.")
]
RunArg = Annotated[
    str,
    typer.Argument(
        metavar="RUN",
        help="A run id, a unique prefix of it (4+), or its label.",
        show_default=False,
    ),
]


def _runs() -> Any:
    from gapcheck.service import runs  # loads SQLAlchemy

    return runs


def _org(org: str) -> tuple[str, Lang]:
    """The organisation id and its language (sv when the folder is not at hand)."""
    ident, language = _runs().org_ref(org)
    return ident, language


def dump(model: BaseModel) -> str:
    """A model as JSON the way every gapcheck JSON is: sorted keys, indented, UTF-8."""
    return json.dumps(model.model_dump(mode="json"), sort_keys=True, indent=2, ensure_ascii=False)


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


@runs_app.command("list", cls=_Command)
@handle_errors
def list_cmd(
    org: OrgRef,
    limit: Annotated[int, typer.Option(min=1, max=100_000, help="How many runs to list.")] = 50,
    json_out: JsonOpt = None,
    lang: LangOpt = None,
) -> None:
    """List the organisation's saved runs, newest first."""
    from gapcheck.cli import render_runs

    ident, default = _org(org)
    language = lang_of(lang, default)
    page = _runs().list_runs(ident, limit=limit)
    if write_or_print(json_out, dump(page), language):
        return
    render_runs.run_list(_console(), page, language)


@runs_app.command("show", cls=_Command)
@handle_errors
def show_cmd(org: OrgRef, run: RunArg, json_out: JsonOpt = None, lang: LangOpt = None) -> None:
    """Show one saved run: coverage per binding source, its gaps, measures and stored files."""
    from gapcheck.cli import render_runs

    ident, default = _org(org)
    language = lang_of(lang, default)
    detail = _runs().run_detail(ident, run)
    if write_or_print(json_out, dump(detail), language):
        return
    render_runs.run_detail(_console(), detail, language)


@runs_app.command("prune", cls=_Command)
@handle_errors
def prune_cmd(
    org: OrgRef,
    keep: Annotated[
        int, typer.Option("--keep", min=0, help="How many of the newest runs to keep.")
    ],
    include_labelled: Annotated[
        bool,
        typer.Option("--include-labelled", help="Delete older labelled runs too (kept otherwise)."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be deleted; delete nothing.")
    ] = False,
    json_out: JsonOpt = None,
    lang: LangOpt = None,
) -> None:
    """Delete all but the newest --keep N runs (labelled runs stay unless --include-labelled),
    and the stored files no remaining run needs."""
    from gapcheck.cli import render_runs

    ident, default = _org(org)
    language = lang_of(lang, default)
    outcome = _runs().prune_runs(ident, keep, include_labelled, dry_run)
    if write_or_print(json_out, dump(outcome), language):
        return
    render_runs.prune(_console(), outcome, language)


@app.command("compare", rich_help_panel="Follow-up")
@handle_errors
def compare_cmd(
    org: OrgRef,
    run_a: Annotated[
        str | None,
        typer.Argument(
            metavar="[RUN_A]",
            help="The earlier run (default: the one before the newest).",
            show_default=False,
        ),
    ] = None,
    run_b: Annotated[
        str | None,
        typer.Argument(
            metavar="[RUN_B]", help="The later run (default: the newest).", show_default=False
        ),
    ] = None,
    json_out: JsonOpt = None,
    lang: LangOpt = None,
) -> None:
    """Compare two saved runs (default: the last two): coverage per binding source then and
    now, gaps closed, new gaps, measures whose status moved or that slipped past their due
    date, priorities that changed — and why: the calendar, the inputs or the law."""
    from gapcheck.cli import render_runs

    ident, default = _org(org)
    language = lang_of(lang, default)
    with progress(t("runs.comparing", language)):
        cmp = _runs().compare_runs(ident, run_a, run_b)
    if write_or_print(json_out, dump(cmp), language):
        return
    render_runs.comparison(_console(), cmp, language)


@db_app.command("upgrade", cls=_Command)
@handle_errors
def db_upgrade_cmd(json_out: JsonOpt = None, lang: LangOpt = None) -> None:
    """Create the runs database, or bring its tables to this gapcheck's revision (every
    command does this on first use; run it to do it at a time of your choosing)."""
    from gapcheck.cli import render_runs

    language = lang_of(lang, "sv")
    status = _runs().db_upgrade()
    if write_or_print(json_out, dump(status), language):
        return
    render_runs.database(_console(), status, language)


@db_app.command("status", cls=_Command)
@handle_errors
def db_status_cmd(json_out: JsonOpt = None, lang: LangOpt = None) -> None:
    """Where the runs database is, its revision, and how many runs it holds."""
    from gapcheck.cli import render_runs

    language = lang_of(lang, "sv")
    status = _runs().db_status()
    if write_or_print(json_out, dump(status), language):
        return
    render_runs.database(_console(), status, language)


# --- Used by `gapcheck analyze` (cli/app.py) and `gapcheck report` ---------------------------


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
        raise typer.BadParameter("--label and --by describe a saved run: add --save")
    if from_run is not None and (save or as_of is not None or pins):
        raise typer.BadParameter(
            "--from-run takes the run's own date and versions and is saved already: "
            "leave out --as-of, --version and --save",
            param_hint="--from-run",
        )


def load(
    org: Path, catalog: Path | None, capture: bool
) -> tuple[Catalog, OrgData, Captured | None]:
    """The workspace; with `capture`, also the bytes of the files parsed (to save a run, or to
    compare with saved runs)."""
    if not capture:
        from gapcheck import service

        cat, data = service.load_workspace(org, catalog)
        return cat, data, None
    captured = _runs().load_captured(org, catalog)
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
            followup: FollowUp | None = _runs().followup(captured, result, compare_to, pins)
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

    ident, default = _org(str(org))
    replay = _runs().reproduce_run(ident, run)
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
    from gapcheck.cli import render_runs
    from gapcheck.errors import StorageError

    if as_of is None or as_of >= dt.date.today():
        return
    try:
        found = _runs().run_reflecting(data.organisation.id, as_of)
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

    outcome = _runs().save_run(captured, result, label=label, by=by, pins=pins)
    key = "runs.saved" if outcome.created else "runs.duplicate"
    err_console.print(
        t(key, lang, run=render_runs.run_line(outcome.run, lang), db=_runs().database_shown()),
        markup=False,
    )
