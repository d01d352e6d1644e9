"""The `gapcheck` commands. Heavy libraries (pandas, openpyxl, fastapi) load only when used.

Core commands live here; the others register themselves from cmd_*.py on import."""

from __future__ import annotations

import importlib
import os
import re
import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from gapcheck.cli._common import (
    AsOfOpt,
    CatalogOpt,
    LangOpt,
    OrgArg,
    VersionOpt,
    app,
    as_of_date,
    lang_of,
    progress,
    render,
    service,
    write_xlsx,
)
from gapcheck.cli._errors import SafeConsole, err_console, handle_errors, print_problems
from gapcheck.cli._lifetime import load_workspace
from gapcheck.cli._usage import UsageText
from gapcheck.i18n import t
from gapcheck.model.org import County

__all__ = ["app"]


@app.command(rich_help_panel="Analysis")
@handle_errors
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Organisation folders to check (the catalogs are always checked).",
            show_default=False,
        ),
    ] = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check the catalogs and organisation folders; list every problem with file and line.

    Warnings (a county the analysis needs, a folder name the API skips) are listed too but do
    not fail the check."""
    folders = list(paths or [])
    language = lang_of(lang, next(filter(None, map(service.org_language, folders)), "sv"))
    loaded, orgs, problems = service.validate_paths(folders, catalog)
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if warnings:
        key = "cli.warnings" if len(warnings) != 1 else "cli.warning"
        err_console.print(f"[yellow]{t(key, language, n=len(warnings))}[/]")
        print_problems(warnings, language)
    if errors:
        key = "cli.problems" if len(errors) != 1 else "cli.problem"
        err_console.print(f"[bold red]{t(key, language, n=len(errors))}[/]")
        print_problems(errors, language)
        raise typer.Exit(1)
    console = SafeConsole()
    if loaded is not None:
        console.print(render.catalog_line(loaded, language), markup=False)
    for org in orgs:
        console.print(render.org_line(org, language), markup=False)
    console.print(f"[green]{t('cli.valid', language)}[/]")


@app.command(rich_help_panel="Analysis")
@handle_errors
def analyze(
    org: OrgArg,
    as_of: AsOfOpt = None,
    json_out: Annotated[
        str | None, typer.Option("--json", help="Write the JSON result to FILE, or - for stdout.")
    ] = None,
    lang: LangOpt = None,
    version: VersionOpt = None,
    top: Annotated[int, typer.Option(min=0, max=100, help="How many gaps to list.")] = 10,
    catalog: CatalogOpt = None,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Also write the Excel workbook to FILE.")
    ] = None,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Save the run with its inputs in the runs database (see gapcheck runs).",
        ),
    ] = False,
    label: Annotated[
        str | None,
        typer.Option("--label", help="Name the saved run, e.g. 'Ledningens genomgång 2026'."),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who saves the run (default: the OS user).")
    ] = None,
    from_run: Annotated[
        str | None,
        typer.Option(
            "--from-run",
            metavar="RUN",
            help="Reproduce a saved run exactly: its stored inputs, catalogs, date and pins.",
        ),
    ] = None,
) -> None:
    """Analyse an organisation: coverage per source, gaps per category, top gaps with reasons."""
    from gapcheck.cli import runs_hooks  # saved runs (issue 11); SQLAlchemy only when used

    pins = service.parse_pins(version or [])
    runs_hooks.check_options(save, label, by, from_run, as_of, pins)
    captured = None
    if from_run is not None:
        result, data, cat, language = runs_hooks.reproduced(org, from_run, lang)
    else:
        with progress(t("cli.loading", "en")):
            cat, data, captured = runs_hooks.load(org, catalog, capture=save or xlsx is not None)
            result = service.analyze_loaded(cat, data, as_of_date(as_of), pins)
        language = lang_of(lang, data.organisation.language)
        runs_hooks.past_date_note(org, data, as_of_date(as_of), language)
        if save:
            runs_hooks.after_analysis(captured, result, label, by, pins, language)
    if xlsx is not None:
        followup = runs_hooks.followup_of(captured, result, pins, None, language)
        write_xlsx(result, cat, data, xlsx, language, followup=followup)
    if json_out == "-":
        # UTF-8 bytes straight to the stream: a str of a city-scale result costs twice the
        # memory (two bytes a character once one "→" is in it).
        encoded = service.result_json_bytes(result) + b"\n"
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            sys.stdout.write(encoded.decode())
        else:
            sys.stdout.flush()
            stream.write(encoded)
            stream.flush()
        return
    render.summary(SafeConsole(), result, language, top, org_dir=str(org))
    if json_out:
        service.write_bytes_atomic(Path(json_out), service.result_json_bytes(result) + b"\n")
        err_console.print(t("cli.json_written", language, path=json_out))


@app.command(rich_help_panel="Analysis")
@handle_errors
def explain(
    org: OrgArg,
    requirement: Annotated[str, typer.Argument(help="Requirement id, e.g. csl:2.3.p2.")],
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    version: VersionOpt = None,
    depth: Annotated[int, typer.Option(min=1, max=10, help="Levels of inheritance to show.")] = 4,
    catalog: CatalogOpt = None,
) -> None:
    """Explain one requirement's coverage: the path to controls and measures, with evidence."""
    cat, data = load_workspace(org, catalog)
    result = service.analyze_loaded(cat, data, as_of_date(as_of), service.parse_pins(version or []))
    row = service.find_requirement(result, requirement)
    from gapcheck.cli.render_explain import explanation

    explanation(SafeConsole(), result, row, lang_of(lang, data.organisation.language), depth)


@app.command(rich_help_panel="Analysis")
@handle_errors
def init(
    folder: Annotated[Path, typer.Argument(help="New organisation folder.")],
    org_id: Annotated[str | None, typer.Option("--id", help="Organisation id.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Organisation name.")] = None,
    county: Annotated[
        str | None,
        typer.Option(
            "--county",
            help="The county (län) as its letter code, e.g. AB for Stockholms län: it decides "
            "the supervisory authority.",
        ),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Create a new organisation skeleton that validates.

    Use a folder name of lower-case letters, digits, - and _ (the API serves the organisation
    under that name)."""
    language = lang_of(lang, "sv")
    folder_name = Path(os.path.abspath(folder)).name
    ident = org_id or service.suggest_org_id(folder_name)
    if not _ID.fullmatch(ident):
        raise UsageText("usage.id", param_hint="--id", ident=ident)
    county_code = _county(county)
    service.init_org(folder, ident, name or folder_name, county=county_code)
    shown = shlex.quote(str(folder))
    SafeConsole(highlight=False).print(t("init.done", language, path=shown), markup=False)
    warnings = service.init_warnings(folder, str(folder), ident, county_code)
    if warnings:
        key = "cli.warnings" if len(warnings) != 1 else "cli.warning"
        err_console.print(f"[yellow]{t(key, language, n=len(warnings))}[/]")
        print_problems(warnings, language)


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}")


def _county(value: str | None) -> County | None:
    if value is None:
        return None
    try:
        return County(value.strip().upper())
    except ValueError:
        known = ", ".join(c.value for c in County)
        raise UsageText("usage.county", param_hint="--county", known=known) from None


# Register the other commands (each module adds its own to `app`).
# In this order, which is the order of the panels in `gapcheck --help`.
for _module in (
    "cmd_report",
    "cmd_portfolio",
    "cmd_versions",
    "cmd_lawimport",
    "cmd_facts",
    "cmd_runs",
    "cmd_api",
):
    importlib.import_module(f"gapcheck.cli.{_module}")
