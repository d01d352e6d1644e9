"""Measure factors and control levels: how much of each control is in place, today and at the
end of each plan year (the first half of the coverage computation; `coverage.py` builds the
requirements' values on them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gapcheck.engine.index import Index
from gapcheck.model import AssessmentResult, Extent, Measure, MeasureStatus

__all__ = [
    "CAP",
    "CARRY_WEIGHT",
    "CURRENT",
    "DIRECT_WEIGHT",
    "MANUAL_VALUES",
    "OPEN_STATUSES",
    "Mode",
    "analysis_modes",
    "control_levels",
    "is_overdue",
    "measure_factor",
    "output_value",
    "own_levels",
]

# Today's factor per measure status; every status not listed counts 0.
CURRENT_FACTORS: dict[MeasureStatus, float] = {
    MeasureStatus.IMPLEMENTED: 1.0,
    MeasureStatus.PARTIALLY_IMPLEMENTED: 0.5,
}
# Measures still to be done. A partially implemented measure is open too: past its due date it
# is late like any other.
OPEN_STATUSES = frozenset(
    {
        MeasureStatus.PARTIALLY_IMPLEMENTED,
        MeasureStatus.IN_PROGRESS,
        MeasureStatus.PLANNED,
        MeasureStatus.NOT_STARTED,
    }
)
# A link with extent `partial` contributes this share of the measure's factor.
PARTIAL_EXTENT = 0.5
# Direct measure→requirement links form one member of this weight in the mean.
DIRECT_WEIGHT = 1.0
# Partial credit: what no route shows met counts at most half, like a manual
# "partially compliant".
CAP = 0.5
# An edge carries a requirement alone only with at least this weight (0.5 = "supports").
CARRY_WEIGHT = 1.0
# A manual assessment's value; not_applicable is not a value (it removes the target).
MANUAL_VALUES: dict[AssessmentResult, float] = {
    AssessmentResult.COMPLIANT: 1.0,
    AssessmentResult.PARTIALLY_COMPLIANT: 0.5,
    AssessmentResult.NON_COMPLIANT: 0.0,
}
# Output floats are rounded so that JSON is stable across platforms and runs.
ROUND_DIGITS = 4


@dataclass(frozen=True, slots=True)
class Mode:
    """How measure statuses are read: today (`projected_to` None), or projected to a date when
    every measure due by then counts as implemented — except measures already overdue at
    `as_of`, which count in no projection until re-planned (unless `count_overdue`, the
    what-if that prices them)."""

    projected_to: dt.date | None = None
    as_of: dt.date | None = None
    count_overdue: bool = False


CURRENT = Mode()


def analysis_modes(years: Sequence[int], as_of: dt.date) -> tuple[Mode, ...]:
    """The modes every analysis computes: today, the end of each plan year, and the end of
    each plan year with overdue measures counted (the what-if that prices them)."""
    return (
        CURRENT,
        *(Mode(projected_to=dt.date(y, 12, 31), as_of=as_of) for y in years),
        *(Mode(projected_to=dt.date(y, 12, 31), as_of=as_of, count_overdue=True) for y in years),
    )


def output_value(x: float) -> float:
    """A coverage value as written to the result: clamped to [0, 1] and rounded."""
    # min(1.0, max(0.0, x)) without the two calls (one per requirement and mode).
    x = x if x > 0.0 else 0.0
    return round(x if x < 1.0 else 1.0, ROUND_DIGITS)


def is_overdue(measure: Measure, as_of: dt.date) -> bool:
    """Still open and past its due date at `as_of`."""
    due = measure.effective_due
    return measure.status in OPEN_STATUSES and due is not None and due < as_of


def measure_factor(measure: Measure, extent: Extent, mode: Mode = CURRENT) -> float:
    """How much one measure contributes through one link (status × extent) in `mode`."""
    status = measure.status
    base = CURRENT_FACTORS.get(status, 0.0)
    projected_to = mode.projected_to
    if projected_to is not None and status is not MeasureStatus.CANCELLED:
        if status is MeasureStatus.IMPLEMENTED:
            base = 1.0
        else:
            # Due by then, and not overdue at as_of (is_overdue) unless overdue ones count.
            due = measure.effective_due
            as_of = mode.as_of
            if (
                due is not None
                and due <= projected_to
                and (
                    mode.count_overdue
                    or as_of is None
                    or status not in OPEN_STATUSES
                    or not due < as_of
                )
            ):
                base = 1.0
    return base * (PARTIAL_EXTENT if extent is Extent.PARTIAL else 1.0)


def own_levels(ix: Index, modes: Sequence[Mode], control_id: str) -> tuple[float, ...]:
    """The best implementing measure's factor per mode for one control (its own level,
    before sub-clauses and assessments)."""
    found = ix.implementers.get(control_id)
    if not found:  # most controls: no measure implements them
        return (0.0,) * len(modes)
    # Per implementing measure its factor in every mode, then the best per mode.
    factors = []
    for m, extent in found:
        measure = ix.measures[m]
        factors.append(tuple(measure_factor(measure, extent, mode) for mode in modes))
    return factors[0] if len(factors) == 1 else tuple(map(max, *factors))


def control_levels(
    ix: Index,
    modes: Sequence[Mode],
    known: Mapping[str, tuple[float, ...]] | None = None,
    own: Mapping[str, tuple[float, ...]] | None = None,
    *,
    order: Sequence[str] | None = None,
) -> dict[str, tuple[float, ...]]:
    """Level per control and mode: the best implementing measure, or — for a clause with
    sub-clauses (9.3 ⊃ 9.3.1–9.3.3) — the mean of its sub-clauses when that is higher; a manual
    assessment on the control overrides. Controls assessed not_applicable are left out.
    Only the controls of `order` (default `ix.control_order`, which puts sub-clauses first)
    are computed; sub-clause levels not computed here are taken from `known`. A control's best
    implementing measure is taken from `own` when given there (a caller that changed one
    measure knows it without scanning them all)."""
    levels: dict[str, tuple[float, ...]] = {}
    known = known or {}
    own = own or {}
    for control_id in ix.control_order if order is None else order:
        assessment = ix.assessments.get(control_id)
        if assessment is not None and assessment.result is AssessmentResult.NOT_APPLICABLE:
            continue
        computed = own.get(control_id) or own_levels(ix, modes, control_id)
        sub_clauses = ix.control_children.get(control_id)
        kids = (
            [
                levels[c] if c in levels else known[c]
                for c in sub_clauses
                if c in levels or c in known
            ]
            if sub_clauses
            else ()
        )
        if kids:
            computed = tuple(
                max(own, sum(k[i] for k in kids) / len(kids)) for i, own in enumerate(computed)
            )
        if assessment is not None:
            # Today the judgement stands; in a projection it is a floor that planned measures
            # may raise, as for a requirement's manual assessment.
            manual = MANUAL_VALUES[assessment.result]
            computed = (manual, *(max(manual, v) for v in computed[1:]))
        levels[control_id] = computed
    return levels
