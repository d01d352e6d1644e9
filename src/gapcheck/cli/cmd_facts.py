"""`gapcheck deadlines`: reports due after an incident (issue 3)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from gapcheck.cli._common import (
    CatalogOpt,
    LangOpt,
    OrgArg,
    VersionOpt,
    app,
    lang_of,
    parse_datetime,
    service,
    write_or_print,
)
from gapcheck.cli._errors import SafeConsole, err_console, handle_errors
from gapcheck.cli._lifetime import load_workspace

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
            parser=parse_datetime,
            metavar="YYYY-MM-DDTHH:MM",
            help="When the organisation became aware of the incident (Swedish local time), "
            "e.g. 2026-11-28T09:00; an offset (2026-10-25T02:30+01:00) makes a time at a "
            "daylight-saving change unambiguous.",
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
            metavar="EVENT=TIME",
            help="When a later event happened, as EVENT=YYYY-MM-DDTHH:MM (repeatable); "
            "see the example above.",
        ),
    ] = None,
    json_out: Annotated[
        str | None,
        typer.Option(
            "--json", metavar="FILE", help="Write the JSON report to FILE, or - for stdout."
        ),
    ] = None,
    lang: LangOpt = None,
    version: VersionOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """List every report an incident triggers: its deadline as a timestamp and where it goes.

    Example, with the time the incident notification was actually sent: `gapcheck deadlines
    ORG --aware 2026-11-28T09:00 --event incident_notification=2026-11-30T10:00`"""
    from gapcheck.cli import render_facts

    cat, data = load_workspace(org, catalog)
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
    render_facts.deadlines(SafeConsole(), report, language)
