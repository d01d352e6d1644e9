"""Report deadlines after an incident: Swedish legal time (lag 1930:173), DST, clocks from
given or assumed events, recipients, NIS2/CSL, and applicability shared with `analyze`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.catalog import default_catalog_root, load_catalog, load_org
from gapcheck.engine import analyze
from gapcheck.engine.deadlines import report_deadlines
from gapcheck.engine.legal_time import TIMEZONE, add_months, compute_due, day_off
from gapcheck.model import Assessment, AssessmentResult, Catalog, Deadline, OrgData
from gapcheck.model.facts_result import ClockStart, DayOffKind, TimeWarningCode

STHLM = ZoneInfo(TIMEZONE)
EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"
MONTH = Deadline(months=1, after="x")


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog(default_catalog_root())


@pytest.fixture(scope="module")
def example(shipped: Catalog) -> OrgData:
    return load_org(EXAMPLE, shipped)


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=STHLM)  # type: ignore[misc]


def utc(when: dt.datetime | None) -> dt.datetime | None:
    """The instant in UTC: a local time in a DST fold never compares equal across zones."""
    return None if when is None else when.astimezone(dt.UTC)


# ---- lag (1930:173) 1 §: months ----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.datetime(2027, 1, 31, 9), 1, dt.datetime(2027, 2, 28, 9)),
        (dt.datetime(2028, 1, 31, 9), 1, dt.datetime(2028, 2, 29, 9)),  # leap year
        (dt.datetime(2026, 3, 31, 9), 1, dt.datetime(2026, 4, 30, 9)),
        (dt.datetime(2026, 12, 15, 9), 1, dt.datetime(2027, 1, 15, 9)),
        (dt.datetime(2026, 8, 31, 9), 6, dt.datetime(2027, 2, 28, 9)),
    ],
)
def test_a_month_is_the_same_day_next_month_clamped(
    start: dt.datetime, months: int, expected: dt.datetime
) -> None:
    assert add_months(start, months) == expected


# ---- lag (1930:173) 2 §: a last day off moves to the next weekday ------------------------


def test_a_month_ending_on_midsommarafton_moves_past_the_midsummer_weekend() -> None:
    due = compute_due(local(2026, 5, 19, 9), MONTH, STHLM)
    assert due.at == local(2026, 6, 22, 9)  # Monday
    assert due.moved_from == local(2026, 6, 19, 9)
    assert [(d.date.day, d.kind) for d in due.moved_over] == [
        (19, DayOffKind.TREATED_AS_HOLIDAY),
        (20, DayOffKind.PUBLIC_HOLIDAY),
        (21, DayOffKind.SUNDAY),
    ]
    eve, day = due.moved_over[0].name, due.moved_over[1].name
    assert eve is not None
    assert (eve.sv, eve.en) == ("Midsommarafton", "Midsummer Eve")
    assert day is not None
    assert day.sv == "Midsommardagen"


def test_a_month_ending_on_a_sunday_moves_to_monday() -> None:
    assert dt.date(2026, 2, 22).weekday() == 6
    due = compute_due(local(2026, 1, 22, 14, 15), MONTH, STHLM)
    assert due.at == local(2026, 2, 23, 14, 15)
    assert [d.kind for d in due.moved_over] == [DayOffKind.SUNDAY]


def test_a_month_ending_on_first_of_may_moves_past_the_weekend_after_it() -> None:
    due = compute_due(local(2026, 4, 1, 9), MONTH, STHLM)  # 1 May 2026 is a Friday
    assert due.at == local(2026, 5, 4, 9)
    first = due.moved_over[0]
    assert first.kind is DayOffKind.PUBLIC_HOLIDAY
    assert first.name is not None
    assert first.name.sv == "Första maj"
    assert [d.kind for d in due.moved_over[1:]] == [DayOffKind.SATURDAY, DayOffKind.SUNDAY]


def test_julafton_and_nyarsafton_are_days_off_but_an_ordinary_friday_is_not() -> None:
    for day in (dt.date(2026, 12, 24), dt.date(2026, 12, 31)):
        off = day_off(day)
        assert off is not None
        assert off.kind is DayOffKind.TREATED_AS_HOLIDAY
    assert day_off(dt.date(2026, 12, 18)) is None
    # Påskafton is not in 2 §'s list: a Saturday, nothing more.
    easter_eve = day_off(dt.date(2026, 4, 4))
    assert easter_eve is not None
    assert easter_eve.kind is DayOffKind.SATURDAY


def test_days_are_calendar_days_and_move_too() -> None:
    due = compute_due(local(2026, 12, 10, 9), Deadline(days=14, after="x"), STHLM)
    assert due.moved_from == local(2026, 12, 24, 9)  # julafton, juldagen, annandag jul, Sunday
    assert due.at == local(2026, 12, 28, 9)


def test_hour_deadlines_never_move_even_onto_midsommarafton() -> None:
    due = compute_due(local(2026, 6, 18, 9), Deadline(hours=24, after="x"), STHLM)
    assert due.at == local(2026, 6, 19, 9)
    assert due.moved_from is None
    assert due.moved_over == ()


def test_hours_are_elapsed_time_across_dst_changes() -> None:
    h72, h24 = Deadline(hours=72, after="awareness"), Deadline(hours=24, after="awareness")
    # Summer time starts 2027-03-28: 72 h after Friday 09:00 CET is Monday 10:00 CEST.
    spring = compute_due(local(2027, 3, 26, 9), h72, STHLM).at
    assert spring == local(2027, 3, 29, 10)
    assert spring.utcoffset() == dt.timedelta(hours=2)
    # Summer time ends 2026-10-25: 24 h after Saturday 09:00 CEST is Sunday 08:00 CET.
    autumn = compute_due(local(2026, 10, 24, 9), h24, STHLM).at
    assert autumn == local(2026, 10, 25, 8)
    assert autumn.utcoffset() == dt.timedelta(hours=1)
    # A calendar month keeps the wall-clock time across the change.
    month = compute_due(local(2027, 3, 1, 9), MONTH, STHLM).at
    assert month == local(2027, 4, 1, 9)
    assert month.utcoffset() == dt.timedelta(hours=2)


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2030, 12, 31)),
    months=st.integers(0, 24),
    days=st.integers(0, 60),
    hours=st.integers(0, 200),
)
def test_calendar_deadlines_end_on_a_weekday_and_hours_are_exact(
    start: dt.datetime, months: int, days: int, hours: int
) -> None:
    aware = start.replace(tzinfo=STHLM)
    if months or days:
        due = compute_due(aware, Deadline(months=months, days=days, after="x"), STHLM)
        assert day_off(due.at.date()) is None
        unmoved = due.moved_from or due.at
        assert unmoved <= due.at
        # The days passed over are consecutive, from the last day to the eve of the new one.
        passed = [d.date for d in due.moved_over]
        assert passed == [unmoved.date() + dt.timedelta(days=i) for i in range(len(passed))]
        assert (due.at.date() - unmoved.date()).days == len(passed)
    if hours:
        due = compute_due(aware, Deadline(hours=hours, after="x"), STHLM)
        # Elapsed time: subtracting in one zone would give wall-clock time.
        assert utc(due.at) - utc(aware) == dt.timedelta(hours=hours)  # type: ignore[operator]
        assert due.moved_from is None


# ---- the report --------------------------------------------------------------------------


def test_the_example_at_2026_11_28(shipped: Catalog, example: OrgData) -> None:
    report = report_deadlines(shipped, example, dt.datetime(2026, 11, 28, 9, 0))
    rows = {r.requirement: r for r in report.deadlines}
    # No CER rows: the example is not (yet) identified as a critical entity (art. 6(3)).
    assert list(rows) == ["csl:2.5", "csl:2.6", "csl:2.8", "csl:2.7"]
    assert rows["csl:2.5"].due == local(2026, 11, 29, 9)  # a Sunday: hours do not move
    assert rows["csl:2.6"].due == local(2026, 12, 1, 9)
    # One month after the incident notification, assumed at its latest time: 1 January 2027
    # is nyårsdagen, then a weekend, so the final report is due on Monday 4 January.
    final = rows["csl:2.8"]
    assert final.due == local(2027, 1, 4, 9)
    assert final.moved_from == local(2027, 1, 1, 9)
    assert [d.kind for d in final.moved_over] == [
        DayOffKind.PUBLIC_HOLIDAY,
        DayOffKind.SATURDAY,
        DayOffKind.SUNDAY,
    ]
    assert final.assumed_from == "csl:2.6"
    assert final.start_kind is ClockStart.ASSUMED_LATEST
    assert final.start == local(2026, 12, 1, 9)
    assert rows["csl:2.5"].start_kind is ClockStart.AWARENESS
    assert rows["csl:2.7"].due is None
    assert rows["csl:2.7"].on_request
    for ident in ("csl:2.5", "csl:2.6", "csl:2.7", "csl:2.8"):
        assert [a.id for a in rows[ident].authorities] == ["mcf"]
    omitted = {o.requirement: o for o in report.omitted}
    # NIS2 art. 23(4) is reported under CSL 2 kap. 5–8 §§, which transpose it.
    assert omitted["nis2:23.4.a"].by == ["csl:2.5"]
    assert omitted["nis2:23.4.e"].reason == "deadline.omitted.transposed"
    assert omitted["gdpr:33.1"].reason == "deadline.omitted.flag.personal_data"
    assert not any(r.source == "nis2" for r in report.deadlines)
    assert report.warnings == []


def test_personal_data_and_trust_service(shipped: Catalog, example: OrgData) -> None:
    report = report_deadlines(
        shipped, example, dt.datetime(2026, 11, 28, 9), personal_data=True, trust_service=True
    )
    rows = {r.requirement: r for r in report.deadlines}
    assert rows["gdpr:33.1"].due == local(2026, 12, 1, 9)
    assert [a.id for a in rows["gdpr:33.1"].authorities] == ["imy"]
    # Trust services: 24 h (2 kap. 6 § second sentence) replaces 72 h, and the final report
    # runs from that notification.
    assert "csl:2.6" not in rows
    assert rows["csl:2.6.st2"].due == local(2026, 11, 29, 9)
    assert rows["csl:2.8"].due == local(2026, 12, 29, 9)
    omitted = {o.requirement: o for o in report.omitted}
    assert omitted["csl:2.6"].by == ["csl:2.6.st2"]
    assert omitted["nis2:23.4.sp2"].reason == "deadline.omitted.transposed"


def test_the_final_report_counts_from_the_actual_notification(
    shipped: Catalog, example: OrgData
) -> None:
    aware = dt.datetime(2026, 5, 18, 9)
    assumed = report_deadlines(shipped, example, aware)
    row = next(r for r in assumed.deadlines if r.requirement == "csl:2.8")
    # Latest notification 2026-05-21 09:00; a month later is Sunday 21 June.
    assert (row.start, row.start_kind) == (local(2026, 5, 21, 9), ClockStart.ASSUMED_LATEST)
    assert row.due == local(2026, 6, 22, 9)
    given = report_deadlines(
        shipped, example, aware, events={"incident_notification": dt.datetime(2026, 5, 19, 15)}
    )
    row = next(r for r in given.deadlines if r.requirement == "csl:2.8")
    assert (row.start, row.start_kind) == (local(2026, 5, 19, 15), ClockStart.GIVEN)
    assert row.assumed_from is None
    # 19 June 2026 is midsommarafton: the next weekday is Monday 22 June.
    assert row.moved_from == local(2026, 6, 19, 15)
    assert row.due == local(2026, 6, 22, 15)
    assert given.events == {"incident_notification": local(2026, 5, 19, 15)}
    assert given.warnings == []


def test_a_given_notification_time_and_month_end(shipped: Catalog, example: OrgData) -> None:
    report = report_deadlines(shipped, example, dt.datetime(2027, 1, 28, 9))
    rows = {r.requirement: r for r in report.deadlines}
    assert rows["csl:2.6"].due == local(2027, 1, 31, 9)  # a Sunday: hours do not move
    assert rows["csl:2.8"].due == local(2027, 2, 28, 9) + dt.timedelta(days=1)  # Sun -> Mon
    given = report_deadlines(
        shipped,
        example,
        dt.datetime(2027, 1, 28, 9),
        events={"incident_notification": dt.datetime(2027, 1, 29, 15, 30)},
    )
    row = next(r for r in given.deadlines if r.requirement == "csl:2.8")
    assert row.due == local(2027, 3, 1, 15, 30)  # 28 February 2027 is a Sunday


def test_an_event_before_awareness_or_after_its_deadline_warns(
    shipped: Catalog, example: OrgData
) -> None:
    aware = dt.datetime(2026, 11, 28, 9)
    early = report_deadlines(
        shipped, example, aware, events={"incident_notification": dt.datetime(2026, 11, 27, 9)}
    )
    assert [w.code for w in early.warnings] == [TimeWarningCode.BEFORE_AWARENESS]
    late = report_deadlines(
        shipped, example, aware, events={"incident_notification": dt.datetime(2026, 12, 2, 9)}
    )
    (warning,) = late.warnings
    assert warning.code is TimeWarningCode.AFTER_DUE
    assert (warning.about, warning.requirement) == ("incident_notification", "csl:2.6")
    assert warning.due == local(2026, 12, 1, 9)


# ---- local times at a DST change ---------------------------------------------------------


def test_a_nonexistent_local_time_warns_and_reads_as_the_earlier_instant(
    shipped: Catalog, example: OrgData
) -> None:
    report = report_deadlines(shipped, example, dt.datetime(2026, 3, 29, 2, 30))
    (warning,) = report.warnings
    assert warning.code is TimeWarningCode.NONEXISTENT
    assert warning.about == "aware"
    assert warning.given == "2026-03-29T02:30:00"
    # 02:30 read with summer time's offset is 00:30 UTC (01:30 CET); the other reading,
    # with winter time's, is an hour later.
    assert utc(report.aware) == dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)
    assert report.aware.utcoffset() == dt.timedelta(hours=1)
    assert utc(warning.other) == dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)
    early = next(r for r in report.deadlines if r.requirement == "csl:2.5")
    assert utc(early.due) == dt.datetime(2026, 3, 30, 0, 30, tzinfo=dt.UTC)


def test_an_ambiguous_local_time_warns_and_reads_as_the_first_occurrence(
    shipped: Catalog, example: OrgData
) -> None:
    report = report_deadlines(shipped, example, dt.datetime(2026, 10, 25, 2, 30))
    (warning,) = report.warnings
    assert warning.code is TimeWarningCode.AMBIGUOUS
    assert utc(report.aware) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)  # 02:30 CEST
    assert utc(warning.other) == dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)  # 02:30 CET
    early = next(r for r in report.deadlines if r.requirement == "csl:2.5")
    # 24 elapsed hours: 01:30 CET on Monday, not the same wall-clock time.
    assert early.due == local(2026, 10, 26, 1, 30)


def test_a_time_with_an_offset_or_an_ordinary_time_gives_no_warning(
    shipped: Catalog, example: OrgData
) -> None:
    offset = dt.datetime(2026, 10, 25, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert report_deadlines(shipped, example, offset).warnings == []
    assert report_deadlines(shipped, example, dt.datetime(2026, 10, 25, 3, 30)).warnings == []


def test_an_event_at_a_nonexistent_local_time_warns_too(shipped: Catalog, example: OrgData) -> None:
    report = report_deadlines(
        shipped,
        example,
        dt.datetime(2026, 3, 28, 9),
        events={"incident_notification": dt.datetime(2026, 3, 29, 2, 30)},
    )
    assert [(w.code, w.about) for w in report.warnings] == [
        (TimeWarningCode.NONEXISTENT, "incident_notification")
    ]


# ---- applicability: the analysis' own --------------------------------------------------


def _with_assessment(org: OrgData, target: str, day: dt.date) -> OrgData:
    extra = Assessment(
        target=target,
        result=AssessmentResult.NOT_APPLICABLE,
        justification="not identified as a critical entity",
        assessor="test",
        date=day,
    )
    return org.model_copy(update={"assessments": (*org.assessments, extra)})


@pytest.mark.parametrize(
    ("assessed", "listed"),
    [(dt.date(2026, 12, 15), True), (dt.date(2026, 11, 1), False)],
)
def test_an_assessment_made_after_the_incident_does_not_drop_a_deadline(
    shipped: Catalog, example: OrgData, assessed: dt.date, listed: bool
) -> None:
    org = _with_assessment(example, "csl:2.5", assessed)
    report = report_deadlines(shipped, org, dt.datetime(2026, 11, 28, 9))
    assert ("csl:2.5" in {r.requirement for r in report.deadlines}) is listed
    row = next(
        r for r in analyze(shipped, org, dt.date(2026, 11, 28)).requirements if r.id == "csl:2.5"
    )
    assert row.applicable is listed


def test_cer_deadlines_start_with_identification(shipped: Catalog, example: OrgData) -> None:
    profile = example.organisation.model_copy(update={"cer_identified_on": dt.date(2025, 12, 1)})
    identified = example.model_copy(update={"organisation": profile})
    report = report_deadlines(shipped, identified, dt.datetime(2026, 11, 28, 9))
    assert {"cer:15.1", "cer:15.1.report"} <= {r.requirement for r in report.deadlines}
    # Chapter III applies ten months after the notification: not yet on 2026-09-30.
    early = report_deadlines(shipped, identified, dt.datetime(2026, 9, 30, 9))
    assert "cer:15.1" not in {r.requirement for r in early.deadlines}
    rows = {r.requirement: r for r in report.deadlines}
    # The competent authority is not designated in Swedish law yet.
    assert rows["cer:15.1"].authorities == []
    assert rows["cer:15.1"].unresolved is not None
    assert rows["cer:15.1.report"].due == local(2026, 12, 29, 9)


def test_every_listed_deadline_applies_in_the_analysis_of_that_day(
    shipped: Catalog, example: OrgData
) -> None:
    report = report_deadlines(shipped, example, dt.datetime(2026, 11, 28, 9), personal_data=True)
    rows = {r.id: r for r in analyze(shipped, example, dt.date(2026, 11, 28)).requirements}
    for deadline in report.deadlines:
        assert rows[deadline.requirement].applicable, deadline.requirement
        assert rows[deadline.requirement].in_force, deadline.requirement


def test_a_provision_not_yet_in_force_is_omitted_with_its_date(
    shipped: Catalog, example: OrgData
) -> None:
    report = report_deadlines(shipped, example, dt.datetime(2025, 12, 1, 9))
    assert not any(r.source == "csl" for r in report.deadlines)
    omitted = {o.requirement: o for o in report.omitted}
    assert omitted["csl:2.5"].reason == "deadline.omitted.not_in_force"
    assert omitted["csl:2.5"].in_force == dt.date(2026, 1, 15)


def test_a_non_critical_entity_gets_no_cer(shipped: Catalog, example: OrgData) -> None:
    profile = example.organisation.model_copy(update={"cer_critical": False})
    org = example.model_copy(update={"organisation": profile})
    report = report_deadlines(shipped, org, dt.datetime(2026, 11, 28, 9))
    assert not any(r.source == "cer" for r in report.deadlines)
    result = analyze(shipped, org, dt.date(2026, 11, 28))
    cer = [r for r in result.requirements if r.source == "cer"]
    assert cer
    assert not any(r.applicable for r in cer)
    assert not any(g.startswith("cer:") for g in result.gaps)
    assert next(s for s in result.sources if s.source == "cer").requirements == 0


def test_outside_the_act_no_csl_deadlines(shipped: Catalog, example: OrgData) -> None:
    profile = example.organisation.model_copy(update={"nis2_class": "none", "cer_critical": False})
    org = example.model_copy(update={"organisation": profile})
    report = report_deadlines(shipped, org, dt.datetime(2026, 11, 28, 9), personal_data=True)
    assert [r.requirement for r in report.deadlines] == ["gdpr:33.1"]
