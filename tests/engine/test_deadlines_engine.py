"""Report deadlines after an incident: clocks, month-end clamping, DST, recipients, NIS2/CSL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from gapcheck.catalog import default_catalog_root, load_catalog, load_org
from gapcheck.engine import analyze
from gapcheck.engine.deadlines import TIMEZONE, add_months, due_time, report_deadlines
from gapcheck.model import Catalog, Deadline, OrgData

STHLM = ZoneInfo(TIMEZONE)
EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog(default_catalog_root())


@pytest.fixture(scope="module")
def example(shipped: Catalog) -> OrgData:
    return load_org(EXAMPLE, shipped)


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=STHLM)


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


def test_hours_are_elapsed_time_across_dst_changes() -> None:
    h72, h24 = Deadline(hours=72, after="awareness"), Deadline(hours=24, after="awareness")
    # Summer time starts 2027-03-28: 72 h after Friday 09:00 CET is Monday 10:00 CEST.
    spring = due_time(local(2027, 3, 26, 9), h72, STHLM)
    assert spring == local(2027, 3, 29, 10)
    assert spring.utcoffset() == dt.timedelta(hours=2)
    # Summer time ends 2026-10-25: 24 h after Saturday 09:00 CEST is Sunday 08:00 CET.
    autumn = due_time(local(2026, 10, 24, 9), h24, STHLM)
    assert autumn == local(2026, 10, 25, 8)
    assert autumn.utcoffset() == dt.timedelta(hours=1)
    # A calendar month keeps the wall-clock time across the change.
    month = due_time(local(2027, 3, 1, 9), Deadline(months=1, after="x"), STHLM)
    assert month == local(2027, 4, 1, 9)
    assert month.utcoffset() == dt.timedelta(hours=2)


def test_the_example_at_2026_11_28(shipped: Catalog, example: OrgData) -> None:
    report = report_deadlines(shipped, example, dt.datetime(2026, 11, 28, 9, 0))
    rows = {r.requirement: r for r in report.deadlines}
    assert list(rows) == ["cer:15.1", "csl:2.5", "csl:2.6", "cer:15.1.report", "csl:2.8", "csl:2.7"]
    assert rows["csl:2.5"].due == local(2026, 11, 29, 9)
    assert rows["csl:2.6"].due == local(2026, 12, 1, 9)
    # One month after the incident notification, assumed at its latest time.
    assert rows["csl:2.8"].due == local(2027, 1, 1, 9)
    assert rows["csl:2.8"].assumed_from == "csl:2.6"
    assert rows["csl:2.7"].due is None
    assert rows["csl:2.7"].on_request
    for ident in ("csl:2.5", "csl:2.6", "csl:2.7", "csl:2.8"):
        assert [a.id for a in rows[ident].authorities] == ["mcf"]
    # CER: the competent authority is not designated in Swedish law yet.
    assert rows["cer:15.1"].authorities == []
    assert rows["cer:15.1"].unresolved is not None
    assert rows["cer:15.1.report"].due == local(2026, 12, 29, 9)
    omitted = {o.requirement: o for o in report.omitted}
    # NIS2 art. 23(4) is reported under CSL 2 kap. 5–8 §§, which transpose it.
    assert omitted["nis2:23.4.a"].by == ["csl:2.5"]
    assert omitted["nis2:23.4.e"].reason == "deadline.omitted.transposed"
    assert omitted["gdpr:33.1"].reason == "deadline.omitted.flag.personal_data"
    assert not any(r.source == "nis2" for r in report.deadlines)


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


def test_a_given_notification_time_and_month_end(shipped: Catalog, example: OrgData) -> None:
    report = report_deadlines(shipped, example, dt.datetime(2027, 1, 28, 9))
    rows = {r.requirement: r for r in report.deadlines}
    assert rows["csl:2.6"].due == local(2027, 1, 31, 9)
    assert rows["csl:2.8"].due == local(2027, 2, 28, 9)  # 31 January + 1 month
    given = report_deadlines(
        shipped,
        example,
        dt.datetime(2027, 1, 28, 9),
        events={"incident_notification": dt.datetime(2027, 1, 29, 15, 30)},
    )
    row = next(r for r in given.deadlines if r.requirement == "csl:2.8")
    assert row.due == local(2027, 2, 28, 15, 30)
    assert row.assumed_from is None
    assert given.events == {"incident_notification": local(2027, 1, 29, 15, 30)}


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
