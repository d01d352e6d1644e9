"""`gapcheck report` and `gapcheck import-measures`: the workbook (issue 4)."""

from __future__ import annotations

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
    service,
)
from gapcheck.cli._errors import SafeConsole, err_console, handle_errors
from gapcheck.cli._lifetime import load_workspace
from gapcheck.i18n import t

__all__: list[str] = []


@app.command(rich_help_panel="Management workbook")
@handle_errors
def report(
    org: OrgArg,
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help="The file to write (.xlsx or .json).", show_default=False
        ),
    ],
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    version: VersionOpt = None,
    catalog: CatalogOpt = None,
    diff: Annotated[
        list[str] | None,
        typer.Option(
            "--diff",
            help="Add a Changes sheet for SOURCE:FROM:TO, e.g. csl:sou-2024-18:sfs-2025-1506; "
            "the source is then analysed in TO (repeatable).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="xlsx or json (default: from the suffix of -o, else xlsx).",
            show_default=False,
        ),
    ] = None,
    compare_to: Annotated[
        str | None,
        typer.Option(
            "--compare-to",
            metavar="RUN",
            help="The saved run the Uppföljning sheet compares with (default: the previous "
            "one; the sheet is there whenever the organisation has saved runs).",
        ),
    ] = None,
) -> None:
    """Write the management workbook (Excel): summary, gaps, action plan, SoA, risks, and the
    changes between law versions with the mappings to review. `--format json` (or `-o x.json`)
    writes the analysis as JSON instead."""
    from gapcheck.cli import runs_hooks  # saved runs: the Uppföljning sheet (issue 11)
    from gapcheck.service import formats  # the output-format registry, shared with the API

    specs = service.parse_diff_specs(diff or [])
    chosen = formats.output_format(fmt) if fmt else formats.format_for_path(output)
    chosen = chosen or formats.output_format("xlsx")
    pins = service.parse_pins(version or [])
    with progress(t("cli.loading", "en")):
        cat, data, captured = runs_hooks.load(org, catalog, capture=chosen.name == "xlsx")
        result, reports = service.report_loaded(cat, data, as_of_date(as_of), pins, specs)
    language = lang_of(lang, data.organisation.language)
    workbook: formats.WorkbookWriter | None = None
    followup = None
    if chosen.name == "xlsx":
        from gapcheck.report import write_workbook  # loads openpyxl, only when asked for

        workbook = write_workbook
        followup = runs_hooks.followup_of(captured, result, pins, compare_to, language)
    out = formats.Output(result, cat, data, language, reports, workbook=workbook, followup=followup)
    with progress(t("report.writing", language)):
        chosen.write(out, output)
    key = "report.written" if chosen.name == "xlsx" else "cli.json_written"
    err_console.print(t(key, language, path=output))


@app.command("import-measures", rich_help_panel="Management workbook")
@handle_errors
def import_measures_cmd(
    workbook: Annotated[
        Path, typer.Argument(help="A workbook written by gapcheck report, edited in Excel.")
    ],
    org: OrgArg,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the changes without writing measures.yaml.")
    ] = False,
    allow_delete: Annotated[
        bool,
        typer.Option(
            "--allow-delete",
            help="Remove the measures whose rows were deleted from the sheet (without it they "
            "are listed and kept).",
        ),
    ] = False,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="When measures.yaml changed since the export, apply the workbook's edits on "
            "top of it (never when both changed the same field).",
        ),
    ] = False,
    lang: LangOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """Read the Action plan sheet back into the organisation's measures.yaml.

    The workbook must come from this organisation. measures.yaml is locked while the import
    runs, its comments are kept, and the previous file is saved in backups/. When the file
    changed since the export, the import shows both sides and writes nothing (see --merge).
    The changes are listed in --lang (default: the organisation's language), with the sheet's
    column headers and status labels."""
    from gapcheck.report import import_measures  # loads openpyxl, only when asked for
    from gapcheck.report.importer import change_lines

    cat, data = load_workspace(org, catalog)
    language = lang_of(lang, data.organisation.language)
    outcome = import_measures(
        workbook,
        org,
        cat,
        data,
        dry_run=dry_run,
        allow_delete=allow_delete,
        merge=merge,
        lang=language,
        file=str(workbook),
    )
    console = SafeConsole(highlight=False, soft_wrap=True)
    for warning in outcome.warnings:
        text = warning.render(language)
        err_console.print(t("report.import.warning", language, text=text), markup=False)
    for ident in outcome.kept:
        console.print(t("report.import.kept", language, id=ident), markup=False)
    if not outcome.changes:
        console.print(t("report.import.none", language, path=outcome.target), markup=False)
        return
    for change in outcome.changes:
        for line in change_lines(change, language):
            console.print(line, markup=False)
    n = len(outcome.changes)
    key = "report.import.written" if outcome.written else "report.import.dry_run"
    console.print(t(key, language, path=outcome.target, n=n), markup=False)
    if outcome.backup is not None:
        console.print(t("report.import.backup", language, path=outcome.backup), markup=False)
