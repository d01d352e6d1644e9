"""Swedish legal time: when a period ends, and how a local time given by a user is read.

- Lag (1930:173) om beräkning av lagstadgad tid, 1 §: a period in weeks, months or years ends
  on the day with the same name or number as the day it runs from; if the last month has no
  such day, on its last day (`add_months`).
- 2 §: when the last day falls on a Sunday, another public holiday (allmän helgdag, lag
  (1989:253) om allmänna helgdagar), a Saturday, midsommarafton, julafton or nyårsafton, the
  action may be taken the next weekday (`move_to_weekday`). The holidays and the three eves
  come from the maintained `holidays` package (Sweden, categories PUBLIC and DE_FACTO).
- A period with an hour part is elapsed time: it has no "last day" and never moves.
- A local time that a DST change skips or repeats is read as the earlier instant it can mean,
  so that no deadline ends later than the law allows; the caller is told (`read_local`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from gapcheck.model import Deadline
from gapcheck.model.common import LocalizedText
from gapcheck.model.facts_result import DayOff, DayOffKind, TimeWarningCode

__all__ = [
    "TIMEZONE",
    "Due",
    "LocalReading",
    "add_months",
    "compute_due",
    "day_off",
    "move_to_weekday",
    "read_local",
]

# Swedish law counts its deadlines in Swedish time.
TIMEZONE = "Europe/Stockholm"
_UTC = dt.UTC
_SATURDAY, _SUNDAY = 5, 6


def add_months(when: dt.datetime, months: int) -> dt.datetime:
    """Same wall-clock time `months` later: the same day, or the month's last day (1 §)."""
    index = when.month - 1 + months
    year, month = when.year + index // 12, index % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


@lru_cache(maxsize=64)
def _named_days(year: int) -> dict[dt.date, tuple[DayOffKind, LocalizedText]]:
    """The public holidays and the eves of 2 § in `year`, with their names in both languages.

    Imported here: the package loads every country's calendar (about 0.1 s), which only
    `gapcheck deadlines` needs."""
    from holidays.constants import DE_FACTO, PUBLIC
    from holidays.countries.sweden import Sweden

    out: dict[dt.date, tuple[DayOffKind, LocalizedText]] = {}
    for category, kind in (
        (DE_FACTO, DayOffKind.TREATED_AS_HOLIDAY),
        (PUBLIC, DayOffKind.PUBLIC_HOLIDAY),  # second: a public holiday wins
    ):
        names = {
            lang: Sweden(years=year, categories=(category,), language=code, include_sundays=False)
            for lang, code in (("sv", "sv"), ("en", "en_US"))
        }
        for day, sv in names["sv"].items():
            out[day] = (kind, LocalizedText(sv=sv, en=names["en"].get(day)))
    return out


def day_off(day: dt.date) -> DayOff | None:
    """Why `day` is not a weekday under 1930:173 2 §, or None when it is one."""
    named = _named_days(day.year).get(day)
    if named is not None:
        return DayOff(date=day, kind=named[0], name=named[1])
    if day.weekday() == _SUNDAY:
        return DayOff(date=day, kind=DayOffKind.SUNDAY)
    if day.weekday() == _SATURDAY:
        return DayOff(date=day, kind=DayOffKind.SATURDAY)
    return None


def move_to_weekday(day: dt.date) -> tuple[dt.date, list[DayOff]]:
    """The first weekday on or after `day`, and the days passed over to reach it."""
    passed: list[DayOff] = []
    while (off := day_off(day)) is not None:
        passed.append(off)
        day += dt.timedelta(days=1)
    return day, passed


@dataclass(frozen=True, slots=True)
class Due:
    """When a report is due; `moved_from` and `moved_over` when 2 § moved its last day."""

    at: dt.datetime
    moved_from: dt.datetime | None = None
    moved_over: tuple[DayOff, ...] = ()


def _normalised(local: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    # A wall-clock time a DST change skipped becomes the instant its earlier offset gives.
    return local.astimezone(_UTC).astimezone(tz)


def compute_due(start: dt.datetime, deadline: Deadline, tz: ZoneInfo) -> Due:
    """When a report is due, counted from an aware `start`, as local time in `tz`.

    Years, months and days are calendar periods at the start's wall-clock time (the law makes
    the whole last day available; keeping the start's time is on the safe side). Hours are
    elapsed time; a period with hours never moves. A calendar period whose last day is not a
    weekday moves to the next weekday, same wall-clock time."""
    local = start.astimezone(tz)
    months = 12 * (deadline.years or 0) + (deadline.months or 0)
    if months:
        local = add_months(local, months)
    if deadline.days:
        local = local + dt.timedelta(days=deadline.days)  # wall-clock arithmetic in `tz`
    if deadline.hours or not (months or deadline.days):
        # Elapsed hours are added in UTC: aware arithmetic in `tz` would add wall-clock time.
        at = local.astimezone(_UTC) + dt.timedelta(hours=deadline.hours or 0)
        return Due(at=at.astimezone(tz))
    day, passed = move_to_weekday(local.date())
    if not passed:
        return Due(at=_normalised(local, tz))
    moved = dt.datetime.combine(day, local.timetz()).replace(tzinfo=tz)
    return Due(
        at=_normalised(moved, tz), moved_from=_normalised(local, tz), moved_over=tuple(passed)
    )


@dataclass(frozen=True, slots=True)
class LocalReading:
    """A time as read in `tz`; `doubt` and `other` when a DST change made it doubtful."""

    at: dt.datetime
    doubt: TimeWarningCode | None = None
    other: dt.datetime | None = None


def read_local(when: dt.datetime, tz: ZoneInfo) -> LocalReading:
    """An aware time in `tz`; a naive `when` is local time in `tz`.

    A local time skipped when summer time starts (2026-03-29 02:30) or repeated when it ends
    (2026-10-25 02:30) can mean two instants: the earlier one is used, so that every deadline
    counted from it ends no later than the law allows, and the doubt is returned."""
    if when.tzinfo is not None:
        return LocalReading(at=when.astimezone(tz))
    first, second = when.replace(tzinfo=tz, fold=0), when.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return LocalReading(at=first)
    earlier, later = sorted((first.astimezone(_UTC), second.astimezone(_UTC)))
    exists = first.astimezone(_UTC).astimezone(tz).replace(tzinfo=None) == when
    doubt = TimeWarningCode.AMBIGUOUS if exists else TimeWarningCode.NONEXISTENT
    return LocalReading(at=earlier.astimezone(tz), doubt=doubt, other=later.astimezone(tz))
