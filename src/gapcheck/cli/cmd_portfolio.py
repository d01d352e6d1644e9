"""`gapcheck portfolio`: many organisations in one run, and what they share (issue 12)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from gapcheck.cli._common import (
    AsOfOpt,
    CatalogOpt,
    LangOpt,
    VersionOpt,
    app,
    as_of_date,
    lang_of,
    progress,
    service,
    write_or_print,
)
from gapcheck.cli._errors import SafeConsole, err_console, handle_errors
from gapcheck.cli._lifetime import load_catalogs
from gapcheck.cli._usage import UsageText
from gapcheck.i18n import t
from gapcheck.model import OrgGroup
from gapcheck.model.result import GapCategory

__all__: list[str] = []


@app.command(rich_help_panel="Analysis")
@handle_errors
def portfolio(
    orgs_dirs: Annotated[
        list[Path],
        typer.Argument(
            help="Folders of organisations (or organisation folders themselves).",
            show_default=False,
            metavar="ORGS_DIR...",
        ),
    ],
    as_of: AsOfOpt = None,
    json_out: Annotated[
        str | None, typer.Option("--json", help="Write the JSON result to FILE, or - for stdout.")
    ] = None,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Also write the city workbook to FILE.")
    ] = None,
    lang: LangOpt = None,
    group: Annotated[
        OrgGroup | None, typer.Option(help="Only the organisations of this group.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Only this binding source, e.g. csl.", show_default=False)
    ] = None,
    category: Annotated[
        GapCategory | None, typer.Option(help="Only gaps of this category.")
    ] = None,
    min_priority: Annotated[
        int | None, typer.Option(min=0, max=100, help="Only gaps with at least this priority.")
    ] = None,
    top: Annotated[int, typer.Option(min=0, max=500, help="How many shared gaps to list.")] = 10,
    version: VersionOpt = None,
    catalog: CatalogOpt = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Processes to analyse with (default: one per core).",
            show_default=False,
        ),
    ] = None,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Save each organisation's run in the runs database (see gapcheck runs).",
        ),
    ] = False,
    label: Annotated[
        str | None,
        typer.Option("--label", help="Name the saved runs, e.g. 'Stadens uppföljning 2026'."),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who saves the runs (default: the OS user).")
    ] = None,
    compare: Annotated[
        bool,
        typer.Option(
            "--compare",
            help="Compare each organisation with its latest saved run before this one.",
        ),
    ] = False,
) -> None:
    """Analyse every organisation under the folders at once (catalogs loaded once): coverage
    per organisation and binding source, groups, the gaps most organisations share and the
    measures that close them, overdue measures, and the organisations whose input has problems
    (one broken organisation never stops the others); --xlsx writes the city workbook.
    Swedish unless --lang en. --save stores every organisation's run (one label);
    --compare shows each organisation's coverage in its previous saved run and now."""
    language = lang_of(lang, "sv")
    pins = service.parse_pins(version or [])
    if (label is not None or by is not None) and not save:
        raise UsageText("usage.label_needs_save_runs")
    status = err_console.status(t("cli.loading", language)) if sys.stderr.isatty() else None

    def advance(i: int, n: int, folder: str) -> None:
        if status is not None:
            status.update(t("portfolio.analysing", language, i=i, n=n, folder=folder))

    if status is not None:
        status.start()
    saves = None
    try:
        if save or compare:
            from gapcheck.service import runs  # loads SQLAlchemy

            run, saves = runs.portfolio_with_runs(
                orgs_dirs,
                as_of_date(as_of),
                pins,
                catalog,
                lang=language,
                workers=workers,
                progress=advance,
                save=save,
                compare=compare,
                label=label,
                by=by,
            )
        else:
            run = service.analyse_portfolio(
                orgs_dirs,
                as_of_date(as_of),
                pins,
                lang=language,
                workers=workers,
                progress=advance,
                catalog=load_catalogs(catalog),
            )
    finally:
        if status is not None:
            status.stop()
    if saves is not None and save:
        err_console.print(
            t(
                "portfolio.saved",
                language,
                new=len(saves.created),
                same=len(saves.existing),
                db=runs.database_shown(),
            ),
            markup=False,
        )
    from gapcheck.model.portfolio import PortfolioFilters

    filters = PortfolioFilters(
        group=group, source=source, category=category, min_priority=min_priority
    )
    result = service.build_portfolio(run, filters)
    if xlsx is not None:
        from gapcheck.report.city import write_city_workbook  # loads openpyxl

        with progress(t("report.writing", language)):
            write_city_workbook(result, xlsx, language)
        err_console.print(t("report.written", language, path=xlsx))
    if not write_or_print(json_out, service.portfolio_json(result), language):
        from gapcheck.cli.render_portfolio import portfolio_summary

        portfolio_summary(SafeConsole(), result, language, top)
    if not run.analyses:
        err_console.print(f"[bold red]{t('portfolio.none', language)}[/]")
        raise typer.Exit(1)
