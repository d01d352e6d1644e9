"""Gap category, next step, linked risks and priority of a requirement (brief §5).

Materiality: category, next step and next due date come from the measures that would close
the gap (`closing.closing_measures`), never from any measure somewhere on the path.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence

from gapcheck.engine.applicability import Scope
from gapcheck.engine.coverage import Coverage
from gapcheck.engine.index import Index
from gapcheck.engine.order import natural_key, natural_sorted
from gapcheck.model import AssessmentResult, Risk
from gapcheck.model.categories import CATEGORIES, gap_categories
from gapcheck.model.result import (
    Category,
    ClosingMeasure,
    NextStep,
    NextStepKind,
    PriorityReason,
)
from gapcheck.model.result_rows import next_step_entry, priority_reason

__all__ = [
    "CATEGORY_POINTS",
    "GAP_CATEGORIES",
    "categorize",
    "linked_risks",
    "next_due",
    "next_step",
    "prioritize",
]

# Coverage at or above 1 − this is "covered" (guards against float sums like 0.1 + 0.2).
COVERED_EPSILON = 1e-9
# Priority = category + shortfall + in force + risk, clamped to 0..100 (brief §5); the
# category component comes from the one category table.
GAP_CATEGORIES = gap_categories()
CATEGORY_POINTS: dict[Category, int] = {c: CATEGORIES[c].points for c in GAP_CATEGORIES}
SHORTFALL_POINTS = 20  # × (1 − coverage)
IN_FORCE_POINTS = 20  # in force at as_of
ENTERING_POINTS = 10  # enters into force within ENTERING_WINDOW
ENTERING_WINDOW = dt.timedelta(days=365)
RISK_POINTS = 20  # × the highest likelihood × impact / MAX_RISK_SCORE
MAX_RISK_SCORE = 25


def _half_up(x: float) -> int:
    # Half-up rounding (as in Excel's ROUND), not Python's round-half-to-even, so that
    # officers can recompute the points by hand; the epsilon absorbs float noise like 2.4999….
    return math.floor(x + 0.5 + 1e-9)


def next_due(closing: Sequence[ClosingMeasure]) -> dt.date | None:
    """The earliest due date among the measures that materially close the gap."""
    return min((c.due for c in closing if c.material and c.due is not None), default=None)


def categorize(
    cov: Coverage,
    coverage: float,
    scope: Scope,
    closing: Sequence[ClosingMeasure],
    in_place: bool,
) -> Category:
    """The requirement's category; `coverage` is today's (output) value, `closing` the
    measures that would raise it, and `in_place` whether a measure on its path is implemented
    (or partly; `Paths.in_place`)."""
    if not scope.applicable:
        return Category.NOT_APPLICABLE
    if cov.manual is AssessmentResult.NON_COMPLIANT or cov.facts:
        return Category.NON_COMPLIANT
    if cov.manual is AssessmentResult.COMPLIANT or coverage >= 1 - COVERED_EPSILON:
        return Category.COVERED
    if not cov.has_path:
        return Category.UNMAPPED
    material = [c for c in closing if c.material]
    if any(c.overdue for c in material):
        return Category.OVERDUE
    if not material and (not in_place or coverage <= COVERED_EPSILON):
        return Category.NO_MEASURE
    if coverage <= COVERED_EPSILON:
        return Category.PLANNED_ONLY
    return Category.PARTIAL


def next_step(category: Category, closing: Sequence[ClosingMeasure], cov: Coverage) -> NextStep:
    """What to do next about a gap: follow up the overdue measure that closes most of it,
    complete the open one that does, plan one, map the requirement, or assess it."""
    if category is Category.UNMAPPED:
        return next_step_entry(kind=NextStepKind.MAP, measure=None, due=None)
    material = [c for c in closing if c.material]
    late = [c for c in material if c.overdue]
    if late:
        return next_step_entry(
            kind=NextStepKind.FOLLOW_UP, measure=late[0].measure, due=late[0].due
        )
    if material:
        return next_step_entry(
            kind=NextStepKind.COMPLETE, measure=material[0].measure, due=material[0].due
        )
    if cov.capped:
        return next_step_entry(kind=NextStepKind.ASSESS, measure=None, due=None)
    return next_step_entry(kind=NextStepKind.PLAN, measure=None, due=None)


def linked_risks(ids: Iterable[str], ix: Index) -> list[Risk]:
    """The risks `ids` (`Paths.risks` of a requirement: about it or anything on its path,
    the requirements it inherits from or aggregates and their controls), in id order. A
    measure a risk names is its mitigation, not its subject, so it links the risk to no gap
    (an umbrella measure would spread one risk everywhere)."""
    if not ids:  # most requirements: nothing to sort
        return []
    return [ix.risks[r] for r in natural_sorted(ids)]


def prioritize(
    category: Category,
    coverage: float,
    scope: Scope,
    risks: Iterable[Risk],
    as_of: dt.date,
) -> tuple[int, list[PriorityReason]]:
    """Priority 0–100 of a gap and the reasons behind it, one per component."""
    reasons = [
        priority_reason(
            code="priority.category", points=CATEGORY_POINTS[category], detail=category.value
        ),
        priority_reason(
            code="priority.shortfall",
            points=_half_up(SHORTFALL_POINTS * (1 - coverage)),
            detail=f"{round(1 - coverage, 4):g}",
        ),
        _in_force_reason(scope, as_of),
        _risk_reason(risks),
    ]
    total = sum(r.points for r in reasons)
    return max(0, min(100, total)), reasons


def _in_force_reason(scope: Scope, as_of: dt.date) -> PriorityReason:
    date = scope.in_force_date
    detail = date.isoformat() if date is not None else "-"
    if scope.in_force:
        points = IN_FORCE_POINTS
    elif date is not None and date - as_of <= ENTERING_WINDOW:
        points = ENTERING_POINTS
    else:
        points = 0
    return priority_reason(code="priority.in_force", points=points, detail=detail)


def _risk_reason(risks: Iterable[Risk]) -> PriorityReason:
    ranked = sorted(risks, key=lambda r: (-r.score, natural_key(r.id)))
    if not ranked:
        return priority_reason(code="priority.risk", points=0, detail="-")
    points = _half_up(RISK_POINTS * ranked[0].score / MAX_RISK_SCORE)
    detail = ", ".join(f"{r.id} {r.likelihood}×{r.impact}" for r in ranked)
    return priority_reason(code="priority.risk", points=points, detail=detail)
