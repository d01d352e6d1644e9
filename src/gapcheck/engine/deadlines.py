"""Report deadlines after an incident: the `deadline` data of the applicable requirements, the
clock each starts from, and the authority each report goes to. A pure function.

Rules (docs/architecture.md, "Deadlines"):
- a requirement is listed when it applies to the organisation (as in the analysis), has a
  deadline, and its recipient is part of the incident reporting chain (mappings/facts); a
  recipient marked `only_with` (IMY: personal data breaches) needs that flag;
- a directive provision (or one under a directive heading) that an applicable national
  provision with a deadline transposes is not listed again: the organisation reports under the
  national law (CSL 2 kap. 5–8 §§), which is how NIS2 art. 23 reaches it;
- a provision whose sub-provision has the same clock and recipient and also applies is
  replaced by it (CSL 2 kap. 6 §: 24 h for trust services instead of 72 h);
- hours are elapsed time (a 72-hour period across a DST change ends at a different wall-clock
  hour); days, months and years are calendar periods in local time, a month ending on the same
  day of the next month or on its last day when that day does not exist.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from gapcheck.engine.analysis import selected_versions
from gapcheck.engine.applicability import profile_matches
from gapcheck.engine.authorities import authorities, recipient, roles_for
from gapcheck.engine.index import latest_assessments
from gapcheck.engine.order import natural_key, natural_sorted
from gapcheck.model import AssessmentResult, Deadline, EdgeType, Organisation, Requirement
from gapcheck.model.bundle import Catalog, LoadedVersion, OrgData
from gapcheck.model.facts import IncidentFlag
from gapcheck.model.facts_result import DeadlineReport, OmittedDeadline, ReportDeadline

__all__ = ["TIMEZONE", "add_months", "due_time", "period_text", "report_deadlines"]

# Swedish law counts its deadlines in Swedish time.
TIMEZONE = "Europe/Stockholm"
_UTC = dt.UTC


def add_months(when: dt.datetime, months: int) -> dt.datetime:
    """Same wall-clock time `months` later: the same day, or the month's last day."""
    index = when.month - 1 + months
    year, month = when.year + index // 12, index % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def due_time(start: dt.datetime, deadline: Deadline, tz: ZoneInfo) -> dt.datetime:
    """When a report is due, counted from an aware `start`, as local time in `tz`."""
    local = start.astimezone(tz)
    if deadline.years:
        local = add_months(local, 12 * deadline.years)
    if deadline.months:
        local = add_months(local, deadline.months)
    if deadline.days:
        local = local + dt.timedelta(days=deadline.days)
    # Normalise a wall-clock time that a DST change skipped, then add elapsed hours.
    utc = local.astimezone(_UTC) + dt.timedelta(hours=deadline.hours or 0)
    return utc.astimezone(tz)


def period_text(deadline: Deadline) -> str:
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


_Req = tuple[Requirement, LoadedVersion]


def _applicable(catalog_reqs: Mapping[str, _Req], org: OrgData, profile: Organisation) -> set[str]:
    """Requirements that apply to `profile`, as the analysis decides it: binding source, own
    (else the source's) `applies_if`, every ancestor's own `applies_if`, no not_applicable
    assessment on it or an ancestor."""
    excluded = {
        t
        for t, a in latest_assessments(org.assessments).items()
        if a.result is AssessmentResult.NOT_APPLICABLE
    }
    out: set[str] = set()
    for ident, (req, loaded) in catalog_reqs.items():
        if not loaded.source.binding:
            continue
        holds = profile_matches(req.applies_if or loaded.source.applies_if, profile)
        node: Requirement | None = req
        seen: set[str] = set()
        while holds and node is not None and node.id not in seen:
            seen.add(node.id)
            if node.id in excluded or (
                node is not req
                and node.applies_if is not None
                and not profile_matches(node.applies_if, profile)
            ):
                holds = False
            parent = node.parent
            node = (
                catalog_reqs[parent][0] if parent is not None and parent in catalog_reqs else None
            )
        if holds:
            out.add(ident)
    return out


def _ancestors(ident: str, reqs: Mapping[str, _Req]) -> list[str]:
    chain, node = [ident], reqs[ident][0].parent
    while node is not None and node in reqs and node not in chain:
        chain.append(node)
        node = reqs[node][0].parent
    return chain


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
    aware = aware.replace(tzinfo=tz) if aware.tzinfo is None else aware.astimezone(tz)
    fixed = {
        code: (t.replace(tzinfo=tz) if t.tzinfo is None else t.astimezone(tz))
        for code, t in (events or {}).items()
    }
    profile = org.organisation
    if trust_service:
        profile = profile.model_copy(update={"trust_service_provider": True})
    versions = selected_versions(catalog, org, aware.date(), dict(pins or {}))
    reqs: dict[str, _Req] = {r.id: (r, v) for v in versions.values() for r in v.requirements}
    applicable = _applicable(reqs, org, profile)
    flags = {IncidentFlag.PERSONAL_DATA: personal_data, IncidentFlag.TRUST_SERVICE: trust_service}
    facts = catalog.facts
    omitted: list[OmittedDeadline] = []
    listed: list[str] = []
    for ident in sorted(applicable, key=natural_key):
        req = reqs[ident][0]
        rec = recipient(req.deadline.recipient if req.deadline else None, facts)
        if req.deadline is None or rec is None or not rec.incident_report:
            continue
        if rec.only_with is not None and not flags[rec.only_with]:
            omitted.append(
                OmittedDeadline(
                    requirement=ident,
                    reason=f"deadline.omitted.flag.{rec.only_with.value}",
                    by=[],
                )
            )
            continue
        listed.append(ident)
    transposers: dict[str, list[str]] = {}
    for edge in catalog.edges:
        if edge.type is EdgeType.TRANSPOSES and edge.source in listed:
            transposers.setdefault(edge.target, []).append(edge.source)
    kept: list[str] = []
    for ident in listed:
        # The nearest provision (itself, else its closest ancestor) that is transposed.
        nearest = next((a for a in _ancestors(ident, reqs) if a in transposers), None)
        by = natural_sorted(set(transposers[nearest])) if nearest else []
        if by:
            omitted.append(
                OmittedDeadline(requirement=ident, reason="deadline.omitted.transposed", by=by)
            )
            continue
        kept.append(ident)
    final: list[str] = []
    for ident in kept:
        dl = reqs[ident][0].deadline
        assert dl is not None
        children = [
            c
            for c in kept
            if c != ident
            and ident in _ancestors(c, reqs)
            and (cd := reqs[c][0].deadline) is not None
            and (cd.after, cd.recipient) == (dl.after, dl.recipient)
        ]
        if children:
            omitted.append(
                OmittedDeadline(
                    requirement=ident, reason="deadline.omitted.superseded", by=children
                )
            )
            continue
        final.append(ident)
    found_roles = authorities(profile, facts)
    due: dict[str, dt.datetime | None] = {}
    assumed: dict[str, str | None] = {}
    event_defs = {e.code: e for e in (facts.authorities.events if facts.authorities else [])}

    def event_time(code: str, depth: int) -> tuple[dt.datetime | None, str | None]:
        if code in fixed:
            return fixed[code], None
        event = event_defs.get(code)
        if event is None or event.on_request or depth > len(final):
            return None, None
        if event.start:
            return aware, None
        for producer in event.produced_by:
            if producer in final:
                return compute(producer, depth + 1), producer
        return None, None

    def compute(ident: str, depth: int) -> dt.datetime | None:
        if ident in due:
            return due[ident]
        dl = reqs[ident][0].deadline
        assert dl is not None
        start, source = event_time(dl.after, depth)
        due[ident] = None if start is None else due_time(start, dl, tz)
        assumed[ident] = source
        return due[ident]

    rows: list[ReportDeadline] = []
    for ident in final:
        req, loaded = reqs[ident]
        dl = req.deadline
        assert dl is not None
        when = compute(ident, 0)
        rec = recipient(dl.recipient, facts)
        assert rec is not None
        mine = roles_for(rec.role, found_roles)
        event = event_defs.get(dl.after)
        rows.append(
            ReportDeadline(
                requirement=ident,
                source=loaded.source.id,
                ref=req.ref,
                title=req.title,
                after=dl.after,
                after_title=event.title if event else None,
                period=period_text(dl),
                due=when,
                on_request=bool(event and event.on_request),
                recipient=dl.recipient,
                recipient_title=rec.title,
                authorities=[r.authority for r in mine],
                unresolved=rec.unresolved,
                basis=sorted({r.basis for r in mine}),
                assumed_from=assumed.get(ident),
            )
        )
    far = dt.datetime.max.replace(tzinfo=_UTC)
    rows.sort(key=lambda r: (r.due is None, r.due or far, natural_key(r.requirement)))
    return DeadlineReport(
        organisation=org.organisation.id,
        aware=aware,
        timezone=TIMEZONE,
        personal_data=personal_data,
        trust_service=trust_service,
        events=dict(sorted(fixed.items())),
        source_versions={s: v.version.id for s, v in sorted(versions.items())},
        deadlines=rows,
        omitted=sorted(omitted, key=lambda o: natural_key(o.requirement)),
    )
