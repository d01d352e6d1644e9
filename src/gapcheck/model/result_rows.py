"""One row of the analysis result per requirement: its coverage, category, priority and the
measures that would close its gap (docs/json-result.md)."""

from __future__ import annotations

import datetime as dt

from pydantic import ConfigDict, Field

from gapcheck.model.common import Lang, LocalizedText, OutputModel
from gapcheck.model.explanation import Explanation
from gapcheck.model.org import MeasureStatus, ProfileEvent
from gapcheck.model.result_kinds import Category, NextStepKind, SourceRole
from gapcheck.model.trusted import trusted

__all__ = [
    "ClosingMeasure",
    "NextStep",
    "PriorityReason",
    "RequirementResult",
    "closing_measure",
    "next_step_entry",
    "priority_reason",
    "requirement_row",
]


class PriorityReason(OutputModel):
    code: str = Field(description="translation key, e.g. 'priority.category'")
    points: int
    detail: str = Field(description="the value behind the points, e.g. 'overdue' or 'R-02 4×4'")


class ClosingMeasure(OutputModel):
    """An open measure on a gap's path and the coverage it would add if implemented today."""

    measure: str
    title: str
    status: MeasureStatus
    due: dt.date | None = None
    overdue: bool
    gain: float = Field(ge=0, le=1)
    material: bool = Field(description="gain at least the materiality threshold")


class NextStep(OutputModel):
    kind: NextStepKind
    measure: str | None = None
    due: dt.date | None = None


class RequirementResult(OutputModel):
    # Its validator is built on first use: the engine builds rows with `requirement_row`,
    # and `gapcheck analyze` never validates one.
    model_config = ConfigDict(defer_build=True)

    id: str
    source: str
    role: SourceRole
    version: str
    ref: str
    ref_sv: str | None = Field(
        default=None, description="the reference as the Swedish text cites it, where it differs"
    )
    title: LocalizedText | None = None
    parent: str | None = None
    assessable: bool
    applicable: bool
    counted: bool = Field(
        description="a duty of the organisation: counted in the headline figures, may be a gap"
    )
    pending: ProfileEvent | None = Field(
        default=None, description="applies once this event happens (e.g. CER identification)"
    )
    in_force: bool
    coverage: float = Field(ge=0, le=1)
    projected: dict[str, float] = Field(
        default_factory=dict, description="coverage at the end of each plan year, key 'YYYY'"
    )
    category: Category
    priority: int | None = Field(default=None, ge=0, le=100)
    reasons: list[PriorityReason] = Field(default_factory=list)
    next_due: dt.date | None = Field(
        default=None, description="earliest due open measure that materially closes the gap"
    )
    closing: list[ClosingMeasure] = Field(
        default_factory=list, description="open measures that would raise coverage, largest first"
    )
    next_step: NextStep | None = None
    risks: list[str] = Field(default_factory=list)
    needs_review: list[str] = Field(
        default_factory=list, description="edges/links to review after a text change"
    )
    explanation: Explanation

    def ref_in(self, lang: Lang) -> str:
        """The reference as cited in `lang`."""
        return self.ref_sv if lang == "sv" and self.ref_sv else self.ref


def requirement_row(
    *,
    id: str,
    source: str,
    role: SourceRole,
    version: str,
    ref: str,
    ref_sv: str | None,
    title: LocalizedText | None,
    parent: str | None,
    assessable: bool,
    applicable: bool,
    counted: bool,
    pending: ProfileEvent | None,
    in_force: bool,
    coverage: float,
    projected: dict[str, float],
    category: Category,
    priority: int | None,
    reasons: list[PriorityReason],
    next_due: dt.date | None,
    closing: list[ClosingMeasure],
    next_step: NextStep | None,
    risks: list[str],
    needs_review: list[str],
    explanation: Explanation,
) -> RequirementResult:
    """`RequirementResult(...)` without pydantic's validation (`model.trusted`; validating a
    row took 12 of its 13 µs). Lists and dicts become the row's own, as validation makes."""
    return trusted(
        RequirementResult,
        {
            "id": id,
            "source": source,
            "role": role,
            "version": version,
            "ref": ref,
            "ref_sv": ref_sv,
            "title": title,
            "parent": parent,
            "assessable": assessable,
            "applicable": applicable,
            "counted": counted,
            "pending": pending,
            "in_force": in_force,
            "coverage": coverage,
            "projected": dict(projected),
            "category": category,
            "priority": priority,
            "reasons": list(reasons),
            "next_due": next_due,
            "closing": list(closing),
            "next_step": next_step,
            "risks": list(risks),
            "needs_review": list(needs_review),
            "explanation": explanation,
        },
    )


def closing_measure(
    *,
    measure: str,
    title: str,
    status: MeasureStatus,
    due: dt.date | None,
    overdue: bool,
    gain: float,
    material: bool,
) -> ClosingMeasure:
    """`ClosingMeasure(...)` without pydantic's validation (`model.trusted`): the closing
    measures make one per open measure and gain, about 170 per organisation analysed. `gain`
    must be within 0..1, as the field says."""
    return trusted(
        ClosingMeasure,
        {
            "measure": measure,
            "title": title,
            "status": status,
            "due": due,
            "overdue": overdue,
            "gain": gain,
            "material": material,
        },
    )


def priority_reason(*, code: str, points: int, detail: str) -> PriorityReason:
    """`PriorityReason(...)` without pydantic's validation (`model.trusted`): four per gap."""
    return trusted(PriorityReason, {"code": code, "points": points, "detail": detail})


def next_step_entry(*, kind: NextStepKind, measure: str | None, due: dt.date | None) -> NextStep:
    """`NextStep(...)` without pydantic's validation (`model.trusted`): one per gap."""
    return trusted(NextStep, {"kind": kind, "measure": measure, "due": due})
