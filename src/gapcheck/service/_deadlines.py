"""Reports due after an incident."""

from __future__ import annotations

import datetime as dt
import json

from gapcheck.engine.deadlines import report_deadlines
from gapcheck.errors import NotFoundError
from gapcheck.model import (
    Catalog,
    OrgData,
)
from gapcheck.model.facts_result import DeadlineReport
from gapcheck.service._core import resolve_pins

__all__ = [
    "deadlines_json",
    "deadlines_loaded",
    "parse_events",
]


# --- Reporting deadlines after an incident (issue 3) -----------------------------------------


def deadlines_loaded(
    catalog: Catalog,
    org: OrgData,
    aware: dt.datetime,
    *,
    personal_data: bool = False,
    trust_service: bool = False,
    events: dict[str, dt.datetime] | None = None,
    pins: dict[str, str] | None = None,
) -> DeadlineReport:
    """Every report due after becoming aware of an incident at `aware` (naive = Swedish time)."""
    facts = catalog.facts.authorities
    known = {e.code for e in (facts.events if facts else [])}
    for code in sorted(events or {}):
        if code not in known:
            raise NotFoundError("reporting event", code, f"known: {', '.join(sorted(known))}")
    return report_deadlines(
        catalog,
        org,
        aware,
        personal_data=personal_data,
        trust_service=trust_service,
        events=events,
        pins=resolve_pins(catalog, org, pins),
    )


def parse_events(items: list[str]) -> dict[str, dt.datetime]:
    """`["incident_notification=2026-11-30T10:00"]` → {code: datetime}."""
    events: dict[str, dt.datetime] = {}
    for item in items:
        code, sep, when = item.partition("=")
        try:
            events[code.strip()] = dt.datetime.fromisoformat(when.strip())
        except ValueError:
            sep = ""
        if not sep or not code.strip():
            raise NotFoundError(
                "event time", item, "write EVENT=YYYY-MM-DDTHH:MM, e.g. incident_notification=…"
            )
    return events


def deadlines_json(report: DeadlineReport) -> str:
    """A deadline report as JSON: sorted keys, UTF-8 text."""
    return json.dumps(report.model_dump(mode="json"), sort_keys=True, indent=2, ensure_ascii=False)
