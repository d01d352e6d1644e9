"""Shared pieces of the CLI: the Typer app, option types, lazy modules and output helpers."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gapcheck.cli._errors import err_console
from gapcheck.i18n import t
from gapcheck.lang import Lang

__all__ = [
    "AsOfOpt",
    "CatalogOpt",
    "LangOpt",
    "OrgArg",
    "VersionOpt",
    "app",
    "as_of_date",
    "lang_of",
    "progress",
    "render",
    "service",
    "write_changes_xlsx",
    "write_or_print",
    "write_xlsx",
]


class _Lazy:
    """A module imported on first use: `gapcheck --help` need not load the engine."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._name), attr)


if TYPE_CHECKING:
    from gapcheck import service
    from gapcheck.cli import render
    from gapcheck.model import Catalog, OrgData
    from gapcheck.model.result import AnalysisResult
    from gapcheck.versions import DiffReport
else:
    service = _Lazy("gapcheck.service")
    render = _Lazy("gapcheck.cli.render")

app = typer.Typer(
    name="gapcheck",
    help="Gap analysis of NIS2, Cybersäkerhetslagen, CER and GDPR against ISO/IEC 27001:2022 "
    "and your organisation's measures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Markdown joins the wrapped lines of a docstring into one paragraph in --help.
    rich_markup_mode="markdown",
)

CatalogOpt = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        help="Folder with controls/ and mappings/ (default: shipped).",
        envvar="GAPCHECK_CATALOG_DIR",
        show_envvar=True,
    ),
]
OrgArg = Annotated[
    Path, typer.Argument(help="The organisation's folder.", show_default=False, metavar="ORG")
]
AsOfOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Analysis date (default: today).",
    ),
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="sv or en (default: the organisation's language).")
]
VersionOpt = Annotated[
    list[str] | None,
    typer.Option("--version", help="Pin a source version, SOURCE=VERSION (repeatable)."),
]


def lang_of(value: str | None, default: Lang) -> Lang:
    if value is None:
        return default
    if value not in ("sv", "en"):
        raise typer.BadParameter("use sv or en", param_hint="--lang")
    return "sv" if value == "sv" else "en"


def as_of_date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def write_or_print(json_out: str | None, text: str, lang: Lang) -> bool:
    """Write JSON to FILE, or to stdout for '-'; True when stdout got it (print nothing else)."""
    if json_out == "-":
        sys.stdout.write(text + "\n")
        return True
    if json_out:
        service.write_text_atomic(Path(json_out), text)
        err_console.print(t("cli.json_written", lang, path=json_out))
    return False


def write_xlsx(
    result: AnalysisResult,
    cat: Catalog,
    data: OrgData,
    path: Path,
    lang: Lang,
    changes: DiffReport | list[DiffReport] | None = None,
) -> None:
    from gapcheck.report import write_workbook  # loads openpyxl, only when asked for

    with progress(t("report.writing", lang)):
        write_workbook(result, cat, data, path, lang, changes=changes)
    err_console.print(t("report.written", lang, path=path))


def progress(message: str) -> contextlib.AbstractContextManager[object]:
    """A spinner on stderr while long work runs, only when a person is watching a terminal."""
    return err_console.status(message) if sys.stderr.isatty() else contextlib.nullcontext()


def write_changes_xlsx(
    report: DiffReport, cat: Catalog, path: Path, lang: Lang, as_of: dt.date | None
) -> None:
    from gapcheck.report import write_changes_workbook  # loads openpyxl

    write_changes_workbook(report, cat, path, lang, as_of or dt.date.today())
    err_console.print(t("report.written", lang, path=path))
