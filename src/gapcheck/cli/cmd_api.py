"""`gapcheck serve` and `gapcheck token`: the HTTP API (issue 5)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gapcheck.cli._common import CatalogOpt, LangOpt, app, lang_of, require_extra
from gapcheck.cli._errors import err_console, handle_errors
from gapcheck.cli._usage import UsageText
from gapcheck.i18n import t

__all__: list[str] = []


# ---------------------------------------------------------------------------- HTTP API
# `serve` and `token` import the API modules inside the function, so `gapcheck --help` and
# the other commands never load fastapi or uvicorn.

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command(rich_help_panel="HTTP API")
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
    lang: LangOpt = None,
) -> None:
    """Start the HTTP API (JSON under /api/v1, docs at /docs); needs the api extra."""
    import copy
    import json
    import os

    require_extra("api", "gapcheck serve")
    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    from gapcheck.api.config import load_settings

    # Settings travel to the workers through the environment.
    if orgs:
        os.environ["GAPCHECK_ORGS_DIRS"] = json.dumps([str(p.resolve()) for p in orgs])
    if config is not None:
        os.environ["GAPCHECK_CONFIG"] = str(config.resolve())
    if catalog is not None:
        os.environ["GAPCHECK_CATALOG_DIR"] = str(catalog.resolve())
    language = lang_of(lang, "sv")
    settings = load_settings()  # fail here, once, on bad settings
    if not settings.tokens:
        err_console.print(f"[yellow]{t('cli.serve.no_tokens', language)}[/]", markup=True)
    if not settings.orgs_dirs:
        err_console.print(f"[yellow]{t('cli.serve.no_orgs', language)}[/]", markup=True)
    if host not in _LOOPBACK:
        err_console.print(t("cli.serve.plain_http", language, host=host), markup=False)
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


@app.command(rich_help_panel="HTTP API")
def token(
    org: Annotated[
        list[str] | None,
        typer.Option(
            "--org",
            help="An organisation the token may read, by its folder name (repeatable). "
            "'*' for every organisation, only when meant: city-wide answers need it.",
        ),
    ] = None,
    scope: Annotated[
        list[str] | None,
        typer.Option("--scope", help="read (default) or write; write includes read. Repeatable."),
    ] = None,
    name: Annotated[str, typer.Option(help="Who holds the token, for people reading config.")] = "",
    lang: LangOpt = None,
) -> None:
    """Make a new API token for some organisations; print it once, with the hash line for the
    server's config."""
    import json
    import re
    import shlex

    from gapcheck.api.tokens import ALL_ORGS, ORG_ID_PATTERN, hash_token, new_token

    language = lang_of(lang, "sv")
    scopes = sorted(set(scope or ["read"]))
    for value in scopes:
        if value not in ("read", "write"):
            raise UsageText("usage.scope", param_hint="--scope")
    orgs = sorted(set(org or []))
    if not orgs:
        raise UsageText("usage.org_missing", param_hint="--org")
    for value in orgs:
        if value != ALL_ORGS and not re.fullmatch(ORG_ID_PATTERN, value):
            raise UsageText(
                "usage.org_invalid", param_hint="--org", value=repr(value), pattern=ORG_ID_PATTERN
            )
    if ALL_ORGS in orgs and len(orgs) > 1:
        raise UsageText("usage.org_star", param_hint="--org")
    secret = new_token()
    spec: dict[str, object] = {"hash": hash_token(secret), "scopes": scopes, "orgs": orgs}
    if name:
        spec["name"] = name
    typer.echo(f"token: {secret}")
    typer.echo(f"yaml:  - {json.dumps(spec, ensure_ascii=False)}")
    typer.echo(f"env:   GAPCHECK_TOKENS={shlex.quote(json.dumps([spec], ensure_ascii=False))}")
    err_console.print(t("cli.token.give_now", language), markup=False)
