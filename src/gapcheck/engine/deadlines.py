"""Report deadlines after an incident: the `deadline` data of the applicable requirements, the
clock each starts from, and the authority each report goes to. A pure function.

Rules (docs/architecture.md, "Deadlines"):
- a requirement is listed when it applies to the organisation at the day of awareness (the
  analysis' own scopes, `engine.scope_at`, with the assessments known that day), is in force
  that day, has a deadline, and its recipient is part of the incident reporting chain
  (mappings/facts); a recipient marked `only_with` (IMY: personal data breaches) needs that flag;
- a directive provision (or one under a directive heading) that an applicable national
  provision with a deadline transposes is not listed again: the organisation reports under the
  national law (CSL 2 kap. 5–8 §§), which is how NIS2 art. 23 reaches it;
- a provision whose sub-provision has the same clock and recipient and also applies is
  replaced by it (CSL 2 kap. 6 §: 24 h for trust services instead of 72 h);
- when a period ends follows Swedish legal time (`engine.legal_time`: lag (1930:173)).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from gapcheck.engine.authorities import authorities, roles_for
from gapcheck.engine.deadline_select import Listed, select_deadlines
from gapcheck.engine.legal_time import TIMEZONE, Due, compute_due, read_local
from gapcheck.engine.order import natural_key
from gapcheck.engine.scope_at import scopes_at
from gapcheck.model import Deadline
from gapcheck.model.bundle import Catalog, OrgData
from gapcheck.model.facts import IncidentFlag, ReportingEvent
from gapcheck.model.facts_result import (
    AuthorityRole,
    ClockStart,
    DeadlineReport,
    ReportDeadline,
    TimeWarning,
    TimeWarningCode,
)

__all__ = ["TIMEZONE", "period_text", "report_deadlines"]


def period_text(deadline: Deadline) -> str:
    """The period as written: '24h', '1mo', '1y 6mo' ('' when there is none)."""
    parts = [
        f"{n}{unit}"
        for n, unit in (
            (deadline.years, "y"),
            (deadline.months, "mo"),
            (deadline.days, "d"),
            (deadline.hours, "h"),
        )
        if n
    ]
    return " ".join(parts)


@dataclass(frozen=True, slots=True)
class _Start:
    at: dt.datetime | None
    kind: ClockStart | None = None
    producer: str | None = None


class _Clocks:
    """Each listed report's due time, from --aware, a given event time, or the latest due time
    of the report that produces its event."""

    def __init__(
        self,
        final: Mapping[str, Listed],
        events: Mapping[str, ReportingEvent],
        aware: dt.datetime,
        given: Mapping[str, dt.datetime],
        tz: ZoneInfo,
    ) -> None:
        self._final, self._events, self._aware, self._given, self._tz = (
            final,
            events,
            aware,
            given,
            tz,
        )
        self._due: dict[str, tuple[_Start, Due | None]] = {}

    def due(self, ident: str, depth: int = 0) -> tuple[_Start, Due | None]:
        if ident not in self._due:
            deadline = self._final[ident].deadline
            start = self._start(deadline.after, depth)
            when = None if start.at is None else compute_due(start.at, deadline, self._tz)
            self._due[ident] = (start, when)
        return self._due[ident]

    def _start(self, code: str, depth: int) -> _Start:
        if code in self._given:
            return _Start(self._given[code], ClockStart.GIVEN)
        event = self._events.get(code)
        # The depth bound stops a cycle of events in the facts data (each report produces the
        # event of another).
        if event is None or event.on_request or depth > len(self._final):
            return _Start(None)
        if event.start:
            return _Start(self._aware, ClockStart.AWARENESS)
        producer = next((p for p in event.produced_by if p in self._final), None)
        if producer is None:
            return _Start(None)
        due = self.due(producer, depth + 1)[1]
        return _Start(due.at if due else None, ClockStart.ASSUMED_LATEST, producer)


def _row(
    ident: str,
    item: Listed,
    clocks: _Clocks,
    events: Mapping[str, ReportingEvent],
    found: list[AuthorityRole],
) -> ReportDeadline:
    start, due = clocks.due(ident)
    mine = roles_for(item.recipient.role, found)
    event = events.get(item.deadline.after)
    return ReportDeadline(
        requirement=ident,
        source=item.source,
        ref=item.req.ref,
        ref_sv=item.req.ref_sv,
        title=item.req.title,
        after=item.deadline.after,
        after_title=event.title if event else None,
        period=period_text(item.deadline),
        due=due.at if due else None,
        on_request=bool(event and event.on_request),
        recipient=item.deadline.recipient,
        recipient_title=item.recipient.title,
        authorities=[r.authority for r in mine],
        unresolved=item.recipient.unresolved,
        basis=sorted({r.basis for r in mine}),
        assumed_from=start.producer,
        start=start.at,
        start_kind=start.kind,
        moved_from=due.moved_from if due else None,
        moved_over=list(due.moved_over) if due else [],
    )


def _read_time(
    about: str, when: dt.datetime, tz: ZoneInfo, warnings: list[TimeWarning]
) -> dt.datetime:
    """`when` in `tz`, adding a warning when a DST change makes the local time doubtful."""
    reading = read_local(when, tz)
    if reading.doubt is not None:
        warnings.append(
            TimeWarning(
                code=reading.doubt,
                about=about,
                given=when.isoformat(),
                read_as=reading.at,
                other=reading.other,
            )
        )
    return reading.at


def _event_warnings(
    aware: dt.datetime,
    given: Mapping[str, dt.datetime],
    written: Mapping[str, dt.datetime],
    events: Mapping[str, ReportingEvent],
    clocks: _Clocks,
    final: Mapping[str, Listed],
) -> list[TimeWarning]:
    """A given event before awareness, or after the report that produces it was due."""
    warnings: list[TimeWarning] = []
    for code, when in sorted(given.items()):
        event = events.get(code)
        producer = next((p for p in event.produced_by if p in final), None) if event else None
        due = clocks.due(producer)[1] if producer else None
        if when < aware:
            warnings.append(_warning(TimeWarningCode.BEFORE_AWARENESS, code, when, written[code]))
        if due is not None and when > due.at:
            warnings.append(
                _warning(TimeWarningCode.AFTER_DUE, code, when, written[code], producer, due.at)
            )
    return warnings


def _warning(
    code: TimeWarningCode,
    about: str,
    when: dt.datetime,
    written: dt.datetime,
    requirement: str | None = None,
    due: dt.datetime | None = None,
) -> TimeWarning:
    return TimeWarning(
        code=code,
        about=about,
        given=written.isoformat(),
        read_as=when,
        requirement=requirement,
        due=due,
    )


def report_deadlines(
    catalog: Catalog,
    org: OrgData,
    aware: dt.datetime,
    *,
    personal_data: bool = False,
    trust_service: bool = False,
    events: Mapping[str, dt.datetime] | None = None,
    pins: Mapping[str, str] | None = None,
) -> DeadlineReport:
    """Every report due after becoming aware of an incident at `aware` (a naive time is local
    Swedish time). `events` fixes the time of later events (e.g. when the incident
    notification was actually made); otherwise a report's latest due time is assumed."""
    tz = ZoneInfo(TIMEZONE)
    warnings: list[TimeWarning] = []
    aware = _read_time("aware", aware, tz, warnings)
    given = {c: _read_time(c, t, tz, warnings) for c, t in sorted((events or {}).items())}
    profile = org.organisation
    if trust_service:
        profile = profile.model_copy(update={"trust_service_provider": True})
    view = scopes_at(catalog, org.model_copy(update={"organisation": profile}), aware.date(), pins)
    flags = {IncidentFlag.PERSONAL_DATA: personal_data, IncidentFlag.TRUST_SERVICE: trust_service}
    final, omitted = select_deadlines(view, catalog, flags)
    facts = catalog.facts.authorities
    event_defs = {e.code: e for e in (facts.events if facts else [])}
    clocks = _Clocks(final, event_defs, aware, given, tz)
    found = authorities(profile, catalog.facts)
    rows = [_row(ident, item, clocks, event_defs, found) for ident, item in final.items()]
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    rows.sort(key=lambda r: (r.due is None, r.due or far, natural_key(r.requirement)))
    return DeadlineReport(
        organisation=org.organisation.id,
        aware=aware,
        timezone=TIMEZONE,
        personal_data=personal_data,
        trust_service=trust_service,
        events=dict(sorted(given.items())),
        source_versions={s: v.version.id for s, v in sorted(view.versions.items())},
        deadlines=rows,
        omitted=omitted,
        warnings=[
            *warnings,
            *_event_warnings(aware, given, events or {}, event_defs, clocks, final),
        ],
    )
