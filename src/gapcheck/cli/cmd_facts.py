"""`gapcheck deadlines`: reports due after an incident (issue 3)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console

from gapcheck.cli._common import (
    CatalogOpt,
    LangOpt,
    OrgArg,
    VersionOpt,
    app,
    lang_of,
    service,
    write_or_print,
)
from gapcheck.cli._errors import err_console, handle_errors

__all__: list[str] = []


# --- Report deadlines after an incident (issue 3); rendering in cli/render_facts.py ----------


@app.command("deadlines", rich_help_panel="Incidents")
@handle_errors
def deadlines_cmd(
    org: OrgArg,
    aware: Annotated[
        dt.datetime,
        typer.Option(
            "--aware",
            # With an offset (+01:00) a time at a DST change is unambiguous.
            formats=[
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
                "%Y-%m-%dT%H:%M:%S",
                "%Y-%m-%dT%H:%M%z",
                "%Y-%m-%dT%H:%M:%S%z",
            ],
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
    language = lang_of(lang, data.organisation.language)
    if json_out == "-":  # the JSON has them under "warnings"; whoever runs it sees them too
        render_facts.time_warnings(err_console, report, language)
    if write_or_print(json_out, service.deadlines_json(report), language):
        return
    render_facts.deadlines(Console(), report, language)
