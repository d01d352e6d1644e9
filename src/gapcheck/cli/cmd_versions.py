"""`gapcheck diff` and `gapcheck review-mappings`: law versions (issue 6)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gapcheck.cli._common import (
    AsOfOpt,
    CatalogOpt,
    LangOpt,
    app,
    as_of_date,
    lang_of,
    progress,
    service,
    write_changes_xlsx,
    write_or_print,
    write_xlsx,
)
from gapcheck.cli._errors import SafeConsole, handle_errors
from gapcheck.cli._lifetime import load_workspace
from gapcheck.i18n import t
from gapcheck.lang import Lang

__all__: list[str] = []

if TYPE_CHECKING:
    from gapcheck.model import OrgData


# --- Versions: diff and mapping review (issue 6); rendering in cli/render_diff.py ------------


@app.command("diff", rich_help_panel="Law versions")
@handle_errors
def diff_cmd(
    source: Annotated[
        str, typer.Argument(metavar="SOURCE", help="Source id, e.g. csl.", show_default=False)
    ],
    from_version: Annotated[
        str, typer.Argument(metavar="FROM", help="Earlier version id.", show_default=False)
    ],
    to_version: Annotated[
        str, typer.Argument(metavar="TO", help="Later version id.", show_default=False)
    ],
    org: Annotated[
        Path | None,
        typer.Option("--org", help="Also compare this organisation's gap picture (gap delta)."),
    ] = None,
    json_out: Annotated[
        str | None, typer.Option("--json", help="Write the JSON report to FILE, or - for stdout.")
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Limit to ids under this prefix, e.g. csl:2.3 (repeatable)."),
    ] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    catalog: CatalogOpt = None,
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx",
            help="Also write an Excel workbook with the Changes sheet to FILE (with --org: the "
            "whole workbook, analysed under TO).",
        ),
    ] = None,
) -> None:
    """Compare two versions of a source: added, removed, renumbered, changed (editorial or
    substantive, with a word-level diff), unchanged; with --org, the gap delta as well."""
    from gapcheck.cli import render_diff

    scope = service.parse_scope(only or [])
    default: Lang = "sv"
    data: OrgData | None = None
    if org is None:
        cat = service.load_catalogs(catalog)
        report = service.diff_loaded(
            cat, source, from_version, to_version, None, as_of_date(as_of), scope or None
        )
    else:
        with progress(t("cli.loading", "en")):
            cat, data = load_workspace(org, catalog)
            report = service.diff_loaded(
                cat, source, from_version, to_version, data, as_of_date(as_of), scope or None
            )
        default = data.organisation.language
    language = lang_of(lang, default)
    if xlsx is not None:
        if data is None:
            write_changes_xlsx(report, cat, xlsx, language, as_of_date(as_of))
        else:
            result = service.diff_result(cat, data, report)
            write_xlsx(result, cat, data, xlsx, language, changes=report)
    if write_or_print(json_out, service.diff_json(report), language):
        return
    render_diff.report(SafeConsole(), report, language)


@app.command("review-mappings", rich_help_panel="Law versions")
@handle_errors
def review_mappings_cmd(
    source: Annotated[
        str, typer.Argument(metavar="SOURCE", help="Source id, e.g. csl.", show_default=False)
    ],
    org: Annotated[
        Path | None,
        typer.Option("--org", help="Also review this organisation's direct links and assessments."),
    ] = None,
    version: Annotated[
        str | None,
        typer.Option("--version", help="Review against this version (default: the one analysed)."),
    ] = None,
    json_out: Annotated[
        str | None, typer.Option("--json", help="Write the JSON report to FILE, or - for stdout.")
    ] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """List mapping edges, direct measure links and assessments whose requirement text changed
    in substance, was renumbered or removed since the version they were reviewed against."""
    from gapcheck.cli import render_diff

    default: Lang = "sv"
    if org is None:
        report = service.review_mappings(source, None, version, as_of_date(as_of), catalog)
    else:
        cat, data = load_workspace(org, catalog)
        report = service.review_loaded(cat, source, data, version, as_of_date(as_of))
        default = data.organisation.language
    language = lang_of(lang, default)
    if write_or_print(json_out, service.diff_json(report), language):
        return
    render_diff.review(SafeConsole(), report, language)
