"""The city-wide portfolio: many organisations analysed in one run, and what they share.

Serialised as JSON with `schema_version` (`PORTFOLIO_SCHEMA_VERSION`); field-by-field
documentation in docs/portfolio.md. Built by `gapcheck.service.portfolio` from each
organisation's `AnalysisResult`.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from gapcheck.model.common import LocalizedText, OutputModel
from gapcheck.model.org import OrgGroup
from gapcheck.model.result import Category, GapCategory, NextStepKind

__all__ = [
    "HEADLINE",
    "PORTFOLIO_SCHEMA_VERSION",
    "PROBLEMS_SHOWN",
    "GroupRow",
    "OrgComparison",
    "OrgGap",
    "OrgInput",
    "OrgProblem",
    "OrgRow",
    "OverdueMeasure",
    "PortfolioComparison",
    "PortfolioFilters",
    "PortfolioResult",
    "PortfolioSource",
    "PortfolioTotals",
    "PreviousRun",
    "SharedClosing",
    "SharedGap",
    "SourceCell",
    "SourceChange",
]

# 1.0: the first city-wide view (issue 12). 1.1: `comparison` with the previous saved runs.
PORTFOLIO_SCHEMA_VERSION = "1.2"
# Problems listed per broken organisation (the API's 422 bodies show as many).
PROBLEMS_SHOWN = 50

HEADLINE = "*"
"""In `OrgComparison.fell`: the headline coverage (all binding sources) fell."""


class PortfolioFilters(OutputModel):
    """What the portfolio was narrowed to (null: not narrowed)."""

    group: OrgGroup | None = Field(default=None, description="only organisations of this group")
    source: str | None = Field(default=None, description="only this binding source")
    category: GapCategory | None = Field(default=None, description="only gaps of this category")
    min_priority: int | None = Field(default=None, ge=0, le=100)


class SourceCell(OutputModel):
    """One organisation's coverage of one binding source."""

    requirements: int = Field(description="the source's counted requirements")
    coverage: float | None = Field(ge=0, le=1, description="null when it counts none")
    projected: dict[str, float] = Field(default_factory=dict, description="empty when null")
    gaps: int = Field(description="its gaps (after the category and priority filters)")


class OrgGap(OutputModel):
    """One of an organisation's gaps, as the portfolio lists it."""

    requirement: str
    source: str
    ref: str
    title: LocalizedText | None = None
    category: Category
    priority: int = Field(ge=0, le=100)
    coverage: float = Field(ge=0, le=1)
    next_step: NextStepKind | None = None
    measure: str | None = Field(default=None, description="the measure the next step names")
    measure_title: str | None = None
    due: dt.date | None = None
    overdue: bool = Field(default=False, description="that measure is overdue")


class OverdueMeasure(OutputModel):
    id: str
    title: str
    due: dt.date
    owner: str | None = None


class OrgRow(OutputModel):
    """One analysed organisation: its headline, its binding sources and its top gaps."""

    organisation: str
    name: str
    group: OrgGroup | None = None
    folder: str
    coverage: float = Field(ge=0, le=1, description="headline coverage (binding sources)")
    projected: dict[str, float] = Field(default_factory=dict)
    requirements: int
    gaps: int = Field(description="counted gaps (after the filters)")
    gap_counts: dict[str, int] = Field(description="gap category → number (after the filters)")
    sources: dict[str, SourceCell] = Field(description="binding source id → its coverage")
    overdue: list[OverdueMeasure] = Field(default_factory=list)
    top_gaps: list[OrgGap] = Field(default_factory=list, description="highest priority first")


class GroupRow(OutputModel):
    """The organisations of one group (or of none), aggregated: means of their coverage."""

    group: OrgGroup | None
    organisations: list[str]
    coverage: float = Field(ge=0, le=1)
    projected: dict[str, float] = Field(default_factory=dict)
    sources: dict[str, float] = Field(
        default_factory=dict, description="binding source → mean coverage of those it binds"
    )
    gaps: int
    gap_counts: dict[str, int]
    overdue: int = Field(description="overdue measures in all of them")


class SharedClosing(OutputModel):
    """A measure that closes a shared gap in some organisations (by its id and title)."""

    measure: str
    title: str
    organisations: list[str]
    overdue: list[str] = Field(default_factory=list, description="where it is overdue")


class SharedGap(OutputModel):
    """A requirement that is a gap in several organisations."""

    requirement: str
    source: str
    ref: str
    title: LocalizedText | None = None
    organisations: list[str] = Field(description="the organisations with this gap")
    count: int
    priority_sum: int
    priority_max: int
    categories: dict[str, int] = Field(description="gap category → organisations")
    closing: list[SharedClosing] = Field(
        default_factory=list, description="the measures their next steps name, most used first"
    )
    unplanned: list[str] = Field(
        default_factory=list, description="organisations where no planned measure closes it"
    )
    same_measure: bool = Field(description="one measure (id and title) closes it everywhere")


class OrgProblem(OutputModel):
    """One problem in one organisation's input."""

    file: str
    line: int | None = None
    entry: str | None = None
    message: str
    hint: str = ""


class OrgInput(OutputModel):
    """An organisation folder that could not be analysed: the first `PROBLEMS_SHOWN` problems
    found and how many there are in all (one broken file can hold thousands)."""

    folder: str
    organisation: str | None = None
    problems: list[OrgProblem]
    problems_total: int = Field(ge=0, description="how many problems there are in all")

    @classmethod
    def of(
        cls, folder: str, problems: list[OrgProblem], organisation: str | None = None
    ) -> OrgInput:
        """The folder with its first `PROBLEMS_SHOWN` problems and their total."""
        return cls(
            folder=folder,
            organisation=organisation,
            problems=problems[:PROBLEMS_SHOWN],
            problems_total=len(problems),
        )


class PortfolioSource(OutputModel):
    source: str
    short: str
    title: LocalizedText
    organisations: int = Field(description="how many organisations it binds")


class PortfolioTotals(OutputModel):
    folders: int = Field(description="organisation folders found")
    analysed: int
    with_problems: int
    coverage: float = Field(ge=0, le=1, description="mean headline coverage")
    projected: dict[str, float] = Field(default_factory=dict)
    gaps: int
    gap_counts: dict[str, int]
    overdue: int = Field(description="overdue measures")


class PreviousRun(OutputModel):
    """An organisation's latest saved run before this analysis (`gapcheck runs`)."""

    run: str = Field(description="the saved run's id")
    saved_at: dt.datetime = Field(description="when it was saved (UTC)")
    label: str | None = None
    as_of: dt.date
    coverage: float = Field(ge=0, le=1, description="its headline coverage (binding sources)")
    sources: dict[str, float] = Field(description="binding source → its coverage then")


class SourceChange(OutputModel):
    """One coverage then (the previous saved run) and now; null where a side has none."""

    before: float | None = Field(ge=0, le=1)
    now: float | None = Field(ge=0, le=1)
    change: float | None = Field(description="now − before; null when a side is missing")


class OrgComparison(OutputModel):
    """One organisation now against its previous saved run."""

    organisation: str
    previous: PreviousRun | None = Field(description="null: no earlier saved run")
    coverage: SourceChange = Field(description="the headline coverage")
    sources: dict[str, SourceChange] = Field(description="binding source → then and now")
    fell: list[str] = Field(
        default_factory=list,
        description="binding sources whose coverage fell ('*' first: the headline fell)",
    )


class PortfolioComparison(OutputModel):
    """Every organisation now against its latest saved run before this one."""

    organisations: list[OrgComparison] = Field(description="by organisation id")
    fell: list[str] = Field(description="organisations whose coverage fell, largest fall first")
    without_previous: list[str] = Field(description="organisations with no earlier saved run")


class PortfolioResult(OutputModel):
    schema_version: str = PORTFOLIO_SCHEMA_VERSION
    as_of: dt.date
    plan_years: list[int]
    filters: PortfolioFilters
    totals: PortfolioTotals
    sources: list[PortfolioSource]
    organisations: list[OrgRow] = Field(description="by organisation id")
    groups: list[GroupRow]
    shared_gaps: list[SharedGap] = Field(
        description="most organisations first, then summed priority, then id"
    )
    overdue: list[str] = Field(
        default_factory=list, description="organisations with overdue measures, most first"
    )
    problems: list[OrgInput] = Field(default_factory=list)
    comparison: PortfolioComparison | None = Field(
        default=None, description="with the previous saved runs (--compare); null otherwise"
    )
