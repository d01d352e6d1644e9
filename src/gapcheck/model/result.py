"""The analysis result: what the engine computes and every output (CLI, JSON, Excel, API) shows.

Serialised as JSON with `schema_version`; field-by-field documentation in docs/json-result.md.
The parts live in their own modules — the vocabularies (`result_kinds`), the explanations
(`explanation`), the rows (`result_rows`) — and are re-exported here: import them from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from operator import attrgetter

from pydantic import ConfigDict, Field, model_validator

from gapcheck.model.catalog import SourceKind
from gapcheck.model.common import LocalizedText, OutputModel
from gapcheck.model.explanation import (
    AssessmentRef,
    ControlPath,
    Explanation,
    InheritedPath,
    JointSetRef,
    MeasureEntry,
    MeasureRef,
    ToMeet,
)
from gapcheck.model.facts_result import AuthorityRole, TransferResult
from gapcheck.model.result_kinds import (
    Basis,
    Category,
    GapCategory,
    MeetKind,
    NextStepKind,
    Rule,
    SourceRole,
    Via,
)
from gapcheck.model.result_rows import (
    ClosingMeasure,
    NextStep,
    PriorityReason,
    RequirementResult,
)
from gapcheck.model.trusted import trusted

__all__ = [
    "SCHEMA_VERSION",
    "AnalysisResult",
    "AssessmentRef",
    "Basis",
    "Category",
    "ClosingMeasure",
    "ControlPath",
    "Explanation",
    "GapCategory",
    "InheritedPath",
    "JointSetRef",
    "MeasureEntry",
    "MeasureRef",
    "MeetKind",
    "NextStep",
    "NextStepKind",
    "PriorityReason",
    "RequirementResult",
    "Rule",
    "SourceRole",
    "SourceSummary",
    "ToMeet",
    "Totals",
    "Via",
    "analysis_result",
    "referenced_measures",
]

# 2.0: coverage semantics v2 (docs/architecture.md "v1 → v2"): source roles and binding
# totals, relationship-aware rules, closing measures, realistic projections.
# 2.1: mapping rationales in Swedish and English ({sv, en} objects, where 2.0 had an English
# string; a string still reads as English), Swedish references (`ref_sv`) and who made each
# control edge (`mapped_by`). See docs/json-result.md "Changes".
# 3.0: explanations reference the measures (`id`, `extent`, `factor`) of one shared table,
# `AnalysisResult.measures`, instead of repeating each measure in full under every requirement
# mapped to its controls (at 100× the example's measures, 50 of 81 MB were those copies).
# Saved 2.x results are upgraded on read (`model.result_compat.upgrade_result`).
SCHEMA_VERSION = "3.0"


class SourceSummary(OutputModel):
    source: str
    short: str
    title: LocalizedText
    kind: SourceKind
    version: str
    version_status: str
    role: SourceRole
    requirements: int = Field(description="applicable assessable requirements (no headings)")
    coverage: float = Field(ge=0, le=1)
    projected: dict[str, float] = Field(default_factory=dict)
    overdue_cost: dict[str, float] = Field(
        default_factory=dict,
        description="coverage the projections lack because overdue measures count in none",
    )
    gaps: int = Field(description="gaps (binding sources only; 0 for lenses and watch)")
    pending: int = Field(default=0, description="requirements awaiting an event")


class Totals(OutputModel):
    """The headline figures: binding sources only, each requirement once."""

    sources: list[str]
    requirements: int
    coverage: float = Field(ge=0, le=1)
    projected: dict[str, float] = Field(default_factory=dict)
    overdue_cost: dict[str, float] = Field(default_factory=dict)
    gaps: int


class AnalysisResult(OutputModel):
    # Its validator is built on first use: the engine builds results with `analysis_result`,
    # and `gapcheck analyze` never validates one (reading a saved run or an upload does).
    model_config = ConfigDict(defer_build=True)

    schema_version: str = SCHEMA_VERSION
    organisation: str
    organisation_name: str
    as_of: dt.date
    source_versions: dict[str, str]
    plan_years: list[int]
    sources: list[SourceSummary]
    totals: Totals
    gap_counts: dict[str, int]
    requirements: list[RequirementResult] = Field(description="sorted by id")
    gaps: list[str] = Field(description="requirement ids with a gap, highest priority first")
    authorities: list[AuthorityRole] = Field(
        default_factory=list, description="who supervises, where to register and report"
    )
    transfers: list[TransferResult] = Field(
        default_factory=list, description="the supplier/transfer register evaluated at as_of"
    )
    transfer_gaps: list[str] = Field(
        default_factory=list, description="supplier ids with a transfer gap, highest first"
    )
    measures: dict[str, MeasureEntry] = Field(
        default_factory=dict,
        description="every measure the requirements reference (explanations, closing), by id",
    )

    @model_validator(mode="after")
    def _measures_resolve(self) -> AnalysisResult:
        # A reference without its entry would leave a consumer with an id and nothing else.
        missing = sorted(referenced_measures(self.requirements) - self.measures.keys())
        if missing:
            raise ValueError(f"measures referenced but not in `measures`: {', '.join(missing)}")
        return self

    def measures_of(self, rows: Iterable[RequirementResult]) -> dict[str, MeasureEntry]:
        """The entries of the measures `rows` reference (a page of gaps, one explanation)."""
        return {m: self.measures[m] for m in sorted(referenced_measures(rows))}


def analysis_result(
    *,
    organisation: str,
    organisation_name: str,
    as_of: dt.date,
    source_versions: dict[str, str],
    plan_years: list[int],
    sources: list[SourceSummary],
    totals: Totals,
    gap_counts: dict[str, int],
    requirements: list[RequirementResult],
    gaps: list[str],
    authorities: list[AuthorityRole],
    transfers: list[TransferResult],
    transfer_gaps: list[str],
    measures: dict[str, MeasureEntry],
) -> AnalysisResult:
    """`AnalysisResult(...)` of the current schema without pydantic's validation
    (`model.trusted`), for the engine, whose `measures` are made from
    `referenced_measures(requirements)` (what the validator checks). Lists and dicts become
    the result's own, as validation makes."""
    return trusted(
        AnalysisResult,
        {
            "schema_version": SCHEMA_VERSION,
            "organisation": organisation,
            "organisation_name": organisation_name,
            "as_of": as_of,
            "source_versions": dict(source_versions),
            "plan_years": list(plan_years),
            "sources": list(sources),
            "totals": totals,
            "gap_counts": dict(gap_counts),
            "requirements": list(requirements),
            "gaps": list(gaps),
            "authorities": list(authorities),
            "transfers": list(transfers),
            "transfer_gaps": list(transfer_gaps),
            "measures": dict(measures),
        },
    )


def referenced_measures(rows: Iterable[RequirementResult]) -> set[str]:
    """Ids of the measures `rows` reference: explanation paths, direct links and closing."""
    found: set[str] = set()
    # The engine shares one ControlPath between the requirements mapped alike to a control
    # (at 100× the example's measures: 137,500 references in 1,128 paths, 48 distinct lists):
    # each is read once (kept in `read` meanwhile, so that no other object takes its id).
    read: dict[int, ControlPath] = {}
    for row in rows:
        ex = row.explanation
        for c in ex.controls:
            if id(c) not in read:
                read[id(c)] = c
                found.update(map(_ID, c.measures))
        found.update(map(_ID, ex.direct_measures))
        found.update(map(_MEASURE, row.closing))
    return found


_ID = attrgetter("id")
_MEASURE = attrgetter("measure")
