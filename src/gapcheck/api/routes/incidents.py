"""Reports due after an incident: `gapcheck deadlines ORG --aware … --json -` over HTTP (issue 3).

Computed per request (a few tens of milliseconds; the answer depends on a timestamp, so a cache
would rarely hit). Times without an offset are Swedish local time (Europe/Stockholm), as in the CLI.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.exceptions import RequestValidationError
from pydantic import StringConstraints
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from gapcheck import service
from gapcheck.api.deps import OrgDep
from gapcheck.api.params import DAY, PinQuery, parse_pin_list
from gapcheck.api.routes._common import CACHE_CONTROL, errors
from gapcheck.model.facts_result import DeadlineReport

__all__ = ["AWARE_PATTERN", "DEADLINES_EXAMPLE", "EVENT_PATTERN", "parse_time", "router"]

router = APIRouter(tags=["incidents"])

# An ISO 8601 date and time in 2000–2099 that always exists in the calendar (so that every
# string the pattern admits parses: the OpenAPI document promises no more than the server
# accepts), seconds and a UTC offset (Z or ±HH:MM) optional, `T` or a space between.
_DAY = DAY
_TIME = "[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?"
_OFFSET = "(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?"
_DATETIME = _DAY + _TIME + _OFFSET
AWARE_PATTERN = f"^{_DATETIME}$"
EVENT_PATTERN = f"^[a-z][a-z0-9_]*={_DATETIME}$"
_AWARE = re.compile(AWARE_PATTERN)
_TIME_HINT = "YYYY-MM-DDTHH:MM in 2000–2099, seconds and an offset (Z, +01:00) optional"

EventStr = Annotated[str, StringConstraints(pattern=EVENT_PATTERN, max_length=100)]

AwareQuery = Annotated[
    str,
    Query(
        max_length=40,
        # Documented here, checked by `parse_time` (a readable 422 instead of the pattern).
        json_schema_extra={"pattern": AWARE_PATTERN},
        description="When the organisation became aware of the incident: YYYY-MM-DDTHH:MM, "
        "seconds optional, in 2000–2099. Without an offset (`Z`, `+01:00`) it is Swedish "
        "local time (Europe/Stockholm), as `--aware` in the CLI.",
        examples=["2026-11-28T09:00"],
    ),
]
EventQuery = Annotated[
    list[EventStr] | None,
    Query(
        max_length=20,
        description="When a later event happened, EVENT=YYYY-MM-DDTHH:MM (repeatable), as "
        "`--event`; otherwise a report's latest due time is assumed.",
        examples=[["incident_notification=2026-11-30T10:00"]],
    ),
]

# A real answer (aldreforvaltningen, aware=2026-11-28T09:00), shortened to two rows and one
# omission.
DEADLINES_EXAMPLE: dict[str, Any] = {
    "organisation": "aldreforvaltningen",
    "aware": "2026-11-28T09:00:00+01:00",
    "timezone": "Europe/Stockholm",
    "personal_data": False,
    "trust_service": False,
    "events": {},
    "source_versions": {"csl": "sfs-2025-1506", "gdpr": "oj-2016-05-04", "nis2": "oj-2022-12-27"},
    "deadlines": [
        {
            "requirement": "cer:15.1",
            "source": "cer",
            "ref": "Art. 15(1)",
            "title": {
                "sv": "Underrätta den behöriga myndigheten om betydande incidenter; första "
                "underrättelse inom 24 timmar",
                "en": "Notify the competent authority of significant incidents; initial "
                "notification within 24 hours",
            },
            "after": "awareness",
            "after_title": {
                "sv": "kännedom om incidenten",
                "en": "becoming aware of the incident",
            },
            "period": "24h",
            "due": "2026-11-29T09:00:00+01:00",
            "on_request": False,
            "recipient": "competent_authority",
            "recipient_title": {
                "sv": "behörig myndighet enligt CER-direktivet",
                "en": "the competent authority under the CER Directive",
            },
            "authorities": [],
            "unresolved": {
                "sv": "Ingen svensk lag som genomför CER-direktivet … Bedöm manuellt vart "
                "underrättelsen ska.",
                "en": "No Swedish law transposing the CER Directive … Decide manually where "
                "it goes.",
            },
            "basis": [],
            "assumed_from": None,
            "start": "2026-11-28T09:00:00+01:00",
            "start_kind": "awareness",
            "moved_from": None,
            "moved_over": [],
        },
        {
            "requirement": "csl:2.8",
            "source": "csl",
            "ref": "2 kap. 8 §",
            "title": {
                "sv": "Slutrapport inom en månad (lägesrapport om incidenten pågår)",
                "en": "Final report within one month (progress report if still ongoing)",
            },
            "after": "incident_notification",
            "after_title": {"sv": "incidentanmälan", "en": "the incident notification"},
            "period": "1mo",
            "due": "2027-01-04T09:00:00+01:00",
            "on_request": False,
            "recipient": "csirt",
            "recipient_title": {"sv": "CSIRT-enheten", "en": "the CSIRT"},
            "authorities": [
                {
                    "id": "mcf",
                    "short": "MCF",
                    "name": {
                        "sv": "Myndigheten för civilt försvar",
                        "en": "Swedish Civil Defence Agency (MCF)",
                    },
                }
            ],
            "unresolved": None,
            "basis": ["SFS 2025:1506 2 kap. 5–8 §§; SFS 2025:1507 6 § och 31 §"],
            # No `event` given: the notification is assumed at csl:2.6's latest time.
            "assumed_from": "csl:2.6",
            "start": "2026-12-01T09:00:00+01:00",
            "start_kind": "assumed_latest",
            # 1 January 2027 is nyårsdagen: lag (1930:173) 2 § moves the last day.
            "moved_from": "2027-01-01T09:00:00+01:00",
            "moved_over": [
                {
                    "date": "2027-01-01",
                    "kind": "public_holiday",
                    "name": {"sv": "Nyårsdagen", "en": "New Year's Day"},
                },
                {"date": "2027-01-02", "kind": "saturday", "name": None},
                {"date": "2027-01-03", "kind": "sunday", "name": None},
            ],
        },
    ],
    "omitted": [
        {
            "requirement": "gdpr:33.1",
            "reason": "deadline.omitted.flag.personal_data",
            "by": [],
            "in_force": None,
        }
    ],
    "warnings": [],
}


def parse_time(value: str, loc: tuple[str | int, ...]) -> dt.datetime:
    """A date and time matching `AWARE_PATTERN` (naive, or with an offset); else 422 naming
    `loc`."""
    when = None
    if _AWARE.fullmatch(value):
        try:
            when = dt.datetime.fromisoformat(value)
        except ValueError:  # not reached: the pattern admits only times that exist
            when = None
    if when is None:
        error = {"type": "datetime_parsing", "loc": loc, "input": value}
        raise RequestValidationError([{**error, "msg": f"Input should be {_TIME_HINT}"}])
    return when


@router.get(
    "/orgs/{org}/deadlines",
    summary="Reports due after an incident (as `gapcheck deadlines --json`)",
    description="Every report an incident triggers for the organisation: its deadline as a "
    "timestamp with UTC offset (Swedish time), the clock it runs from, where it goes and why "
    "others were left out — the JSON of `gapcheck deadlines ORG --aware … --json -`. Hours "
    "are elapsed time (across a DST change too); days, months and years are calendar periods "
    "whose last day, when it is a Saturday, Sunday, public holiday, midsommarafton, julafton "
    "or nyårsafton, moves to the next weekday (lag (1930:173) 2 §; `moved_from`, "
    "`moved_over`). A local time that does not exist or occurs twice at a DST change is read "
    "as the earlier instant and reported in `warnings`.",
    response_model=DeadlineReport,
    responses={
        200: {
            "description": "The deadline report.",
            "content": {"application/json": {"example": DEADLINES_EXAMPLE}},
            "headers": {"Cache-Control": {"schema": {"type": "string"}}},
        },
        **errors(401, 403, 404, 422),
    },
)
async def get_deadlines(
    ctx: OrgDep,
    aware: AwareQuery,
    personal_data: Annotated[
        bool, Query(description="The incident is also a personal data breach (GDPR art. 33).")
    ] = False,
    trust_service: Annotated[
        bool, Query(description="The incident affects a trust service.")
    ] = False,
    event: EventQuery = None,
    pin: PinQuery = None,
) -> Response:
    when = parse_time(aware, ("query", "aware"))
    events = service.parse_events(event or [])  # each matched EVENT_PATTERN, so it parses
    report = await run_in_threadpool(
        service.deadlines_loaded,
        ctx.catalog,
        ctx.data,
        when,
        personal_data=personal_data,
        trust_service=trust_service,
        events=events,
        pins=parse_pin_list(pin, ("query", "pin")),
    )
    return Response(
        report.model_dump_json(),
        media_type="application/json",
        headers={"Cache-Control": CACHE_CONTROL},
    )
