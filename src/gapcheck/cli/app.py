"""The `gapcheck` commands. Heavy libraries (pandas, openpyxl, fastapi) load only when used."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import re
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from gapcheck.cli._errors import err_console, handle_errors
from gapcheck.i18n import t
from gapcheck.lang import Lang

__all__ = ["app"]


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
OrgArg = Annotated[Path, typer.Argument(help="The organisation's folder.", show_default=False)]
AsOfOpt = Annotated[
    dt.datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="Analysis date (default: today)."),
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="sv or en (default: the organisation's language).")
]
VersionOpt = Annotated[
    list[str] | None,
    typer.Option("--version", help="Pin a source version, SOURCE=VERSION (repeatable)."),
]


def _lang(value: str | None, default: Lang) -> Lang:
    if value is None:
        return default
    if value not in ("sv", "en"):
        raise typer.BadParameter("use sv or en", param_hint="--lang")
    return "sv" if value == "sv" else "en"


def _as_of(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


@app.command()
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


@app.command()
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
    with (
        err_console.status(t("cli.loading", "en"))
        if sys.stderr.isatty()
        else contextlib.nullcontext()
    ):
        cat, data = service.load_workspace(org, catalog)
        result = service.analyze_loaded(cat, data, _as_of(as_of), service.parse_pins(version or []))
    language = _lang(lang, data.organisation.language)
    if xlsx is not None:
        _write_xlsx(result, cat, data, xlsx, language)
    if json_out == "-":
        sys.stdout.write(service.result_json(result) + "\n")
        return
    render.summary(Console(), result, language, top, org_dir=str(org))
    if json_out:
        service.write_text_atomic(Path(json_out), service.result_json(result))
        err_console.print(t("cli.json_written", language, path=json_out))


@app.command()
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
    result = service.analyze_loaded(cat, data, _as_of(as_of), service.parse_pins(version or []))
    row = service.find_requirement(result, requirement)
    render.explanation(Console(), result, row, _lang(lang, data.organisation.language), depth)


@app.command()
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


# ---------------------------------------------------------------------------- HTTP API
# `serve` and `token` import the API modules inside the function, so `gapcheck --help` and
# the other commands never load fastapi or uvicorn.

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
@handle_errors
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; the default keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    orgs: Annotated[
        list[Path] | None,
        typer.Option(
            "--orgs",
            help="A folder of organisation folders, or one organisation folder (repeatable). "
            "Overrides GAPCHECK_ORGS_DIRS.",
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="YAML settings file (else GAPCHECK_CONFIG); docs/api.md."),
    ] = None,
    catalog: CatalogOpt = None,
) -> None:
    """Start the HTTP API (JSON under /api/v1, docs at /docs); needs the api extra."""
    import copy
    import json
    import os

    try:
        import uvicorn
        from uvicorn.config import LOGGING_CONFIG

        from gapcheck.api.config import load_settings
    except ImportError as exc:
        err_console.print(f"[bold red]error:[/] {exc.name} is missing: pip install 'gapcheck[api]'")
        raise typer.Exit(1) from None
    # Settings travel to the workers through the environment.
    if orgs:
        os.environ["GAPCHECK_ORGS_DIRS"] = json.dumps([str(p.resolve()) for p in orgs])
    if config is not None:
        os.environ["GAPCHECK_CONFIG"] = str(config.resolve())
    if catalog is not None:
        os.environ["GAPCHECK_CATALOG_DIR"] = str(catalog.resolve())
    settings = load_settings()  # fail here, once, on bad settings
    if not settings.tokens:
        err_console.print(
            "[yellow]warning:[/] no tokens configured: every endpoint but /api/v1/health "
            "answers 401. Make one with `gapcheck token`."
        )
    if not settings.orgs_dirs:
        err_console.print("[yellow]warning:[/] no organisation folders: use --orgs DIR.")
    if host not in _LOOPBACK:
        err_console.print(
            f"[yellow]note:[/] listening on {host} over plain HTTP; put a TLS reverse proxy in "
            "front so tokens never cross the network in clear text."
        )
    log_config = copy.deepcopy(LOGGING_CONFIG)
    log_config["loggers"]["gapcheck"] = {"handlers": ["default"], "level": "INFO"}
    uvicorn.run(
        "gapcheck.api.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=log_config,
        server_header=False,
    )


@app.command()
def token(
    scope: Annotated[
        list[str] | None,
        typer.Option("--scope", help="read (default) or write; write includes read. Repeatable."),
    ] = None,
    name: Annotated[str, typer.Option(help="Who holds the token, for people reading config.")] = "",
) -> None:
    """Make a new API token; print it once, with the hash line for the server's config."""
    import json
    import shlex

    from gapcheck.api.tokens import hash_token, new_token

    scopes = sorted(set(scope or ["read"]))
    for value in scopes:
        if value not in ("read", "write"):
            raise typer.BadParameter("use read or write", param_hint="--scope")
    secret = new_token()
    spec: dict[str, object] = {"hash": hash_token(secret), "scopes": scopes}
    if name:
        spec["name"] = name
    typer.echo(f"token: {secret}")
    typer.echo(f"yaml:  - {json.dumps(spec, ensure_ascii=False)}")
    typer.echo(f"env:   GAPCHECK_TOKENS={shlex.quote(json.dumps([spec], ensure_ascii=False))}")
    err_console.print(
        "Give the token to the client now; it is not stored anywhere. Put the yaml line under "
        "`tokens:` in the server's config file (or set GAPCHECK_TOKENS); see docs/api.md."
    )


# --- Versions: diff and mapping review (issue 6); rendering in cli/render_diff.py ------------


def _write_or_print(json_out: str | None, text: str, lang: Lang) -> bool:
    """Write JSON to FILE, or to stdout for '-'; True when stdout got it (print nothing else)."""
    if json_out == "-":
        sys.stdout.write(text + "\n")
        return True
    if json_out:
        service.write_text_atomic(Path(json_out), text)
        err_console.print(t("cli.json_written", lang, path=json_out))
    return False


@app.command("diff")
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

    scope = [p.strip() for item in (only or []) for p in item.split(",") if p.strip()]
    default: Lang = "sv"
    data: OrgData | None = None
    if org is None:
        cat = service.load_catalogs(catalog)
        report = service.diff_loaded(
            cat, source, from_version, to_version, None, _as_of(as_of), scope or None
        )
    else:
        with (
            err_console.status(t("cli.loading", "en"))
            if sys.stderr.isatty()
            else contextlib.nullcontext()
        ):
            cat, data = service.load_workspace(org, catalog)
            report = service.diff_loaded(
                cat, source, from_version, to_version, data, _as_of(as_of), scope or None
            )
        default = data.organisation.language
    language = _lang(lang, default)
    if xlsx is not None:
        if data is None:
            _write_changes_xlsx(report, cat, xlsx, language, _as_of(as_of))
        else:
            result = service.diff_result(cat, data, report)
            _write_xlsx(result, cat, data, xlsx, language, changes=report)
    if _write_or_print(json_out, service.diff_json(report), language):
        return
    render_diff.report(Console(), report, language)


@app.command("review-mappings")
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
        report = service.review_mappings(source, None, version, _as_of(as_of), catalog)
    else:
        cat, data = service.load_workspace(org, catalog)
        report = service.review_loaded(cat, source, data, version, _as_of(as_of))
        default = data.organisation.language
    language = _lang(lang, default)
    if _write_or_print(json_out, service.diff_json(report), language):
        return
    render_diff.review(Console(), report, language)


def _write_xlsx(
    result: AnalysisResult,
    cat: Catalog,
    data: OrgData,
    path: Path,
    lang: Lang,
    changes: DiffReport | list[DiffReport] | None = None,
) -> None:
    from gapcheck.report import write_workbook  # loads openpyxl, only when asked for

    with (
        err_console.status(t("report.writing", lang))
        if sys.stderr.isatty()
        else contextlib.nullcontext()
    ):
        write_workbook(result, cat, data, path, lang, changes=changes)
    err_console.print(t("report.written", lang, path=path))


def _write_changes_xlsx(
    report: DiffReport, cat: Catalog, path: Path, lang: Lang, as_of: dt.date | None
) -> None:
    from gapcheck.report import write_changes_workbook  # loads openpyxl

    write_changes_workbook(report, cat, path, lang, as_of or dt.date.today())
    err_console.print(t("report.written", lang, path=path))


@app.command()
@handle_errors
def report(
    org: OrgArg,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The .xlsx file to write.", show_default=False)
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
) -> None:
    """Write the management workbook (Excel): summary, gaps, action plan, SoA, risks, and the
    changes between law versions with the mappings to review."""
    specs = service.parse_diff_specs(diff or [])
    with (
        err_console.status(t("cli.loading", "en"))
        if sys.stderr.isatty()
        else contextlib.nullcontext()
    ):
        cat, data = service.load_workspace(org, catalog)
        result, reports = service.report_loaded(
            cat, data, _as_of(as_of), service.parse_pins(version or []), specs
        )
    _write_xlsx(result, cat, data, output, _lang(lang, data.organisation.language), reports)


@app.command("import-measures")
@handle_errors
def import_measures_cmd(
    workbook: Annotated[
        Path, typer.Argument(help="A workbook written by gapcheck report, edited in Excel.")
    ],
    org: OrgArg,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the changes without writing measures.yaml.")
    ] = False,
    lang: LangOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """Read the Action plan sheet back into the organisation's measures.yaml."""
    from gapcheck.report import import_measures  # loads openpyxl, only when asked for

    cat, data = service.load_workspace(org, catalog)
    language = _lang(lang, data.organisation.language)
    outcome = import_measures(workbook, org, cat, data, dry_run=dry_run, file=str(workbook))
    console = Console(highlight=False)
    if not outcome.changes:
        console.print(t("report.import.none", language, path=outcome.target))
        return
    for change in outcome.changes:
        console.print(t(f"report.import.{change.kind}", language, id=change.id), markup=False)
        for f in change.fields:
            line = t("report.import.field", language, field=f.field, old=f.old, new=f.new)
            console.print(f"  {line}", markup=False)
    n = len(outcome.changes)
    key = "report.import.written" if outcome.written else "report.import.dry_run"
    console.print(t(key, language, path=outcome.target, n=n))


# --- Report deadlines after an incident (issue 3); rendering in cli/render_facts.py ----------


@app.command("deadlines")
@handle_errors
def deadlines_cmd(
    org: OrgArg,
    aware: Annotated[
        dt.datetime,
        typer.Option(
            "--aware",
            formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
            help="When the organisation became aware of the incident (Swedish local time).",
            show_default=False,
        ),
    ],
    personal_data: Annotated[
        bool, typer.Option("--personal-data", help="The incident is also a personal data breach.")
    ] = False,
    trust_service: Annotated[
        bool, typer.Option("--trust-service", help="The incident affects a trust service.")
    ] = False,
    event: Annotated[
        list[str] | None,
        typer.Option(
            "--event",
            help="When a later event happened, EVENT=YYYY-MM-DDTHH:MM, e.g. "
            "incident_notification=2026-11-30T10:00 (repeatable).",
        ),
    ] = None,
    json_out: Annotated[
        str | None, typer.Option("--json", help="Write the JSON report to FILE, or - for stdout.")
    ] = None,
    lang: LangOpt = None,
    version: VersionOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """List every report an incident triggers: its deadline as a timestamp and where it goes."""
    from gapcheck.cli import render_facts

    cat, data = service.load_workspace(org, catalog)
    report = service.deadlines_loaded(
        cat,
        data,
        aware,
        personal_data=personal_data,
        trust_service=trust_service,
        events=service.parse_events(event or []),
        pins=service.parse_pins(version or []),
    )
    language = _lang(lang, data.organisation.language)
    if _write_or_print(json_out, service.deadlines_json(report), language):
        return
    render_facts.deadlines(Console(), report, language)
