"""Shared pieces of the CLI: the Typer app, option types, lazy modules and output helpers."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from typer._click import Context as _Context  # Typer's own copy of click
from typer._click.exceptions import UsageError as _UsageError
from typer.core import TyperCommand, TyperGroup, TyperOption

from gapcheck.cli._errors import err_console
from gapcheck.cli._lazy import LazyCommands, LazyTyper
from gapcheck.cli._usage import UsageText, fail, parse_date, parse_datetime
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
    "parse_date",
    "parse_datetime",
    "progress",
    "render",
    "require_extra",
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
    from gapcheck.model.runs import FollowUp
    from gapcheck.versions import DiffReport
else:
    service = _Lazy("gapcheck.service")
    render = _Lazy("gapcheck.cli.render")


class _NoFlagPlaceholder:
    """A flag takes no value, so its help shows none (Typer prints `<bool>` for it)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
                param.metavar = ""
        return params

    def parse_args(self, ctx: _Context, args: list[str]) -> list[str]:
        try:
            rest: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        except _UsageError as exc:
            # The parser raises some errors (an option without its value) without the
            # context, which the usage line and help hint of the error need.
            if exc.ctx is None:
                exc.ctx, exc.cmd = ctx, ctx.command
            raise
        return rest


class _Command(_NoFlagPlaceholder, TyperCommand):
    pass


# The raw arguments, kept in the context's shared meta: the usage error names --lang.
_ARGV = "gapcheck.argv"


class _Group(_NoFlagPlaceholder, TyperGroup):
    """Usage errors (exit code 2) are shown in the language of --lang (see `_usage`).

    Parsing the group's own options raises them in `make_context`; a command's options,
    arguments and our own checks of their values raise them in `invoke`."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: _Context | None = None,
        **extra: Any,
    ) -> _Context:
        raw = list(args)  # click's parser consumes the list it is given
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except _UsageError as exc:
            fail(exc, raw)
        ctx.meta.setdefault(_ARGV, raw)
        return ctx

    def invoke(self, ctx: _Context) -> Any:
        try:
            return super().invoke(ctx)
        except _UsageError as exc:
            fail(exc, ctx.meta.get(_ARGV, []))


class _App(LazyTyper):
    """Every command of this app is a `_Command` unless it names its own class; each is built
    only when looked up (see `_lazy`)."""

    def command(  # type: ignore[override]
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return super().command(name, cls=cls or _Command, **kwargs)


class _Root(_Group):
    """The `gapcheck` group: its commands come from `app`, built when looked up."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(app)

    def list_commands(self, ctx: _Context) -> list[str]:
        return list(self.commands)  # Typer's own reads each value: it would build them all


app = _App(
    name="gapcheck",
    cls=_Root,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Gap analysis of NIS2, Cybersäkerhetslagen, CER and GDPR against ISO/IEC 27001:2022 "
    "and your organisation's measures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Markdown joins the wrapped lines of a docstring into one paragraph in --help.
    rich_markup_mode="markdown",
)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"gapcheck {version('gapcheck')}")
        raise typer.Exit()


@app.callback()
def _main(
    _version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Show gapcheck's version and exit.",
        ),
    ] = False,
) -> None:
    # Only the options above: the commands are registered by the cmd_* modules.
    pass


CatalogOpt = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        metavar="DIR",
        help="Folder with controls/ and mappings/ (default: shipped).",
        envvar="GAPCHECK_CATALOG_DIR",
        show_envvar=True,
    ),
]
OrgArg = Annotated[
    Path, typer.Argument(help="The organisation's folder.", show_default=False, metavar="ORG")
]
AsOfOpt = Annotated[
    dt.date | None,
    typer.Option(
        "--as-of",
        parser=parse_date,
        metavar="YYYY-MM-DD",
        help="Analysis date (default: today).",
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang", metavar="sv|en", help="sv or en (default: the organisation's language)."
    ),
]
VersionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--version",
        metavar="SOURCE=VERSION",
        help="Pin a source version, e.g. csl=sfs-2025-1506 (repeatable).",
    ),
]


def lang_of(value: str | None, default: Lang) -> Lang:
    if value is None:
        return default
    if value not in ("sv", "en"):
        raise UsageText("usage.lang", param_hint="--lang")
    return "sv" if value == "sv" else "en"


def as_of_date(value: dt.date | None) -> dt.date | None:
    """The --as-of value as a date (a datetime, from older callers, loses its time)."""
    return value.date() if isinstance(value, dt.datetime) else value


# The optional parts of gapcheck: the extra that installs each, and the modules it brings.
EXTRAS: dict[str, tuple[str, ...]] = {
    "api": ("fastapi", "starlette", "uvicorn", "pydantic_settings", "fastapi_offline"),
}


def require_extra(extra: str, what: str) -> None:
    """Stop with one line and the install command when an optional part is not installed."""
    missing = [m for m in EXTRAS[extra] if importlib.util.find_spec(m) is None]
    if missing:
        command = f"pip install 'gapcheck[{extra}]'"
        text = f"{what} needs {', '.join(missing)}, which is not installed: {command}"
        err_console.print(f"[bold red]error:[/] {escape(text)}")  # escape: Rich eats [api]
        raise typer.Exit(1)


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
    followup: FollowUp | None = None,
) -> None:
    from gapcheck.report import write_workbook  # loads openpyxl, only when asked for

    with progress(t("report.writing", lang)):
        write_workbook(result, cat, data, path, lang, changes=changes, followup=followup)
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
