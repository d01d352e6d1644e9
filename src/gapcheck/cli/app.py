"""The `gapcheck` commands. Heavy libraries (pandas, openpyxl, fastapi) load only when used.

Core commands live here; the others register themselves from cmd_*.py on import."""

from __future__ import annotations

import importlib
import re
import sys
import unicodedata
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

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
from gapcheck.cli._errors import err_console, handle_errors
from gapcheck.i18n import t

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
) -> None:
    """Check the catalogs and organisation folders; list every problem with file and line."""
    loaded, orgs, problems = service.validate_paths(list(paths or []), catalog)
    if problems:
        key = "cli.problems" if len(problems) != 1 else "cli.problem"
        err_console.print(f"[bold red]{t(key, 'en', n=len(problems))}[/]")
        for problem in problems:
            err_console.print(f"  {problem}", markup=False)
        raise typer.Exit(1)
    console = Console()
    if loaded is not None:
        console.print(render.catalog_line(loaded), markup=False)
    for org in orgs:
        console.print(render.org_line(org), markup=False)
    console.print(f"[green]{t('cli.valid', 'en')}[/]")


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
) -> None:
    """Analyse an organisation: coverage per source, gaps per category, top gaps with reasons."""
    with progress(t("cli.loading", "en")):
        cat, data = service.load_workspace(org, catalog)
        result = service.analyze_loaded(
            cat, data, as_of_date(as_of), service.parse_pins(version or [])
        )
    language = lang_of(lang, data.organisation.language)
    if xlsx is not None:
        write_xlsx(result, cat, data, xlsx, language)
    if json_out == "-":
        sys.stdout.write(service.result_json(result) + "\n")
        return
    render.summary(Console(), result, language, top, org_dir=str(org))
    if json_out:
        service.write_text_atomic(Path(json_out), service.result_json(result))
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
    cat, data = service.load_workspace(org, catalog)
    result = service.analyze_loaded(cat, data, as_of_date(as_of), service.parse_pins(version or []))
    row = service.find_requirement(result, requirement)
    from gapcheck.cli.render_explain import explanation

    explanation(Console(), result, row, lang_of(lang, data.organisation.language), depth)


@app.command(rich_help_panel="Analysis")
@handle_errors
def init(
    folder: Annotated[Path, typer.Argument(help="New organisation folder.")],
    org_id: Annotated[str | None, typer.Option("--id", help="Organisation id.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Organisation name.")] = None,
) -> None:
    """Create a new organisation skeleton that validates."""
    ident = org_id or _slug(folder.resolve().name)
    if not _ID.fullmatch(ident):
        raise typer.BadParameter(
            f"'{ident}' is not a valid id (ASCII letters, digits, . _ -)", param_hint="--id"
        )
    service.init_org(folder, ident, name or folder.resolve().name)
    Console().print(t("init.done", "en", path=folder))


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}")


def _slug(text: str) -> str:
    """'Min kommun' → 'min-kommun', 'Ängby' → 'angby': a folder name made into a valid id."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "organisation"


# Register the other commands (each module adds its own to `app`).
# In this order, which is the order of the panels in `gapcheck --help`.
for _module in ("cmd_report", "cmd_versions", "cmd_lawimport", "cmd_facts", "cmd_api"):
    importlib.import_module(f"gapcheck.cli.{_module}")
