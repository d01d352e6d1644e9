"""`gapcheck import-law`: the officer loads a law's final text herself (issue 13).

A thin adapter over `service.import_law`; the parsers live in `gapcheck.lawtext` and load only
when the command runs (pypdf only for a PDF)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from gapcheck.cli._common import CatalogOpt, app, lang_of, progress, service
from gapcheck.cli._errors import SafeConsole, err_console, handle_errors
from gapcheck.i18n import t
from gapcheck.lang import Lang

if TYPE_CHECKING:
    from gapcheck.service import LawImport

__all__: list[str] = []

# The untitled provisions listed in full up to this many; the rest are counted.
_SHOW = 12


class Status(StrEnum):
    DRAFT = "draft"
    PROPOSAL = "proposal"
    FINAL = "final"
    CONSOLIDATED = "consolidated"


@app.command("import-law", rich_help_panel="Law versions")
@handle_errors
def import_law_cmd(
    source: Annotated[
        str,
        typer.Argument(
            metavar="SOURCE", help="Source id, e.g. csl or mcffs-2026-11.", show_default=False
        ),
    ],
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="The official text: plain text (UTF-8) or PDF.", show_default=False
        ),
    ],
    version: Annotated[
        str,
        typer.Option("--version", help="New version id, e.g. sfs-2026-123.", show_default=False),
    ],
    status: Annotated[Status, typer.Option("--status", help="What the text is.")],
    published: Annotated[
        dt.datetime,
        typer.Option(
            "--published",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="Date the text was issued or published.",
        ),
    ],
    in_force: Annotated[
        dt.datetime | None,
        typer.Option(
            "--in-force",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="Date it enters into force (default: what the text says).",
        ),
    ] = None,
    citation: Annotated[
        str | None, typer.Option("--citation", help="e.g. 'SFS 2026:123' (default: the text's).")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where the text was read.")] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the messages: sv or en (default sv).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")
    ] = False,
    catalog: CatalogOpt = None,
) -> None:
    """Read a law's text (SFS, MCFFS or an EU act; plain text or PDF) into a new version of
    SOURCE: provisions with structural ids, a diff against the previous version and the
    mappings to review."""
    language = lang_of(lang, "sv")
    with progress(t("lawimport.reading", language, file=file)):
        result = service.import_law(
            source,
            file,
            version,
            status.value,
            published.date(),
            in_force.date() if in_force else None,
            citation,
            url,
            dry_run,
            catalog,
        )
    _report(SafeConsole(), result, language, source, version)


def _report(console: Console, r: LawImport, lang: Lang, source: str, version: str) -> None:
    from gapcheck.cli import render_diff

    if r.seeded is not None:
        err_console.print(Text(t("lawimport.seeded", lang, path=r.seeded)))
    key = "lawimport.written" if r.written else "lawimport.dry_run"
    n = len(r.loaded.requirements)
    console.print(Text(t(key, lang, n=n, path=r.path)), style="bold", soft_wrap=True)
    console.print(
        Text(t("lawimport.format", lang, format=t(f"lawimport.format.{r.law.format}", lang)))
    )
    if r.new_source:
        console.print(Text(t("lawimport.new_source", lang, source=source)), style="yellow")
    for repair in r.repairs:
        console.print(Text(t("lawimport.repair", lang, id=repair.id, reason=repair.reason)))
    for repair in r.stale_repairs:
        console.print(Text(t("lawimport.repair_stale", lang, id=repair.id)), style="yellow")
    if r.law.repealed:
        console.print(Text(t("lawimport.repealed", lang, refs=", ".join(r.law.repealed))))
    for ref, when in r.law.wordings:
        console.print(Text(t("lawimport.wording", lang, ref=ref, date=when or "–")))
    for old, new in r.renamed:
        console.print(Text(t("lawimport.renamed", lang, old=old, new=new)), style="yellow")
    if r.diff is not None:
        console.print(Text(t("lawimport.previous", lang, version=r.previous, n=r.carried)))
        render_diff.diff(console, r.diff, lang)
        if r.check:
            console.print(Text(t("lawimport.check", lang, ids=", ".join(r.check))), style="yellow")
    if r.review is not None and r.diff is not None:
        render_diff.review(console, r.review, lang)
    if r.untitled:
        shown = ", ".join(f"{i} ({ref})" for i, ref in r.untitled[:_SHOW])
        more = len(r.untitled) - _SHOW
        if more > 0:
            shown += " " + t("lawimport.more", lang, n=more)
        console.print(Text(t("lawimport.untitled", lang, n=len(r.untitled), ids=shown)))
    if r.written:
        hint = f" --catalog {r.catalog}" if r.catalog is not None else ""
        steps = [f"gapcheck validate{hint}"]
        if r.previous:
            steps.append(f"gapcheck diff {source} {r.previous} {version} --org ORG{hint}")
            steps.append(f"gapcheck review-mappings {source} --version {version}{hint}")
        steps.append(f"gapcheck analyze ORG --version {source}={version}{hint}")
        console.print(Text(t("lawimport.next", lang)), style="bold")
        for step in steps:
            console.print(Text(f"  {step}"), soft_wrap=True)
