"""`gapcheck runs`, `gapcheck compare` and `gapcheck db`: saved runs and follow-up (issue 11).

SQLAlchemy loads only inside these commands (and in `analyze --save/--from-run`), never for
`gapcheck --help`. Rendering lives in cli/render_runs.py.
"""

from __future__ import annotations

import json
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
from gapcheck.cli._errors import handle_errors
from gapcheck.cli.runs_hooks import org_ref, runs_service
from gapcheck.i18n import t

if TYPE_CHECKING:
    from pydantic import BaseModel


__all__ = ["db_app", "runs_app"]


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

    ident, default = org_ref(org)
    language = lang_of(lang, default)
    page = runs_service().list_runs(ident, limit=limit)
    if write_or_print(json_out, dump(page), language):
        return
    render_runs.run_list(_console(), page, language)


@runs_app.command("show", cls=_Command)
@handle_errors
def show_cmd(org: OrgRef, run: RunArg, json_out: JsonOpt = None, lang: LangOpt = None) -> None:
    """Show one saved run: coverage per binding source, its gaps, measures and stored files."""
    from gapcheck.cli import render_runs

    ident, default = org_ref(org)
    language = lang_of(lang, default)
    detail = runs_service().run_detail(ident, run)
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

    ident, default = org_ref(org)
    language = lang_of(lang, default)
    outcome = runs_service().prune_runs(ident, keep, include_labelled, dry_run)
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

    ident, default = org_ref(org)
    language = lang_of(lang, default)
    with progress(t("runs.comparing", language)):
        cmp = runs_service().compare_runs(ident, run_a, run_b)
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
    status = runs_service().db_upgrade()
    if write_or_print(json_out, dump(status), language):
        return
    render_runs.database(_console(), status, language)


@db_app.command("status", cls=_Command)
@handle_errors
def db_status_cmd(json_out: JsonOpt = None, lang: LangOpt = None) -> None:
    """Where the runs database is, its revision, and how many runs it holds."""
    from gapcheck.cli import render_runs

    language = lang_of(lang, "sv")
    status = runs_service().db_status()
    if write_or_print(json_out, dump(status), language):
        return
    render_runs.database(_console(), status, language)
