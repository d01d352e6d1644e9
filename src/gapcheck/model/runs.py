"""Saved runs and the follow-up between them (issue 11): what `gapcheck runs`, `gapcheck
compare`, the Uppföljning sheet and the `/runs`, `/compare`, `/trend` routes show.

A run is one analysis stored with the inputs it came from (docs/runs.md). These types are the
JSON of `--json` and of the API; the database rows behind them live in `gapcheck.store`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from gapcheck.model.common import LocalizedText, OutputModel
from gapcheck.model.org import MeasureStatus
from gapcheck.model.result import Category, NextStep, SourceRole

__all__ = [
    "RUNS_SCHEMA_VERSION",
    "Cause",
    "CauseKind",
    "Comparison",
    "DatabaseStatus",
    "FollowUp",
    "GapChange",
    "MeasureChange",
    "PriorityChange",
    "PruneOutcome",
    "RunDetail",
    "RunGap",
    "RunMeasure",
    "RunPage",
    "RunSummary",
    "SaveOutcome",
    "SourceCoverage",
    "SourceDelta",
    "StoredFile",
    "Trend",
    "TrendPoint",
]

RUNS_SCHEMA_VERSION = "1.0"


class SourceCoverage(OutputModel):
    """One source's headline figures in a saved run."""

    source: str
    short: str
    role: SourceRole
    version: str
    requirements: int
    coverage: float = Field(ge=0, le=1)
    gaps: int
    projected: dict[str, float] = Field(default_factory=dict)


class RunSummary(OutputModel):
    """One saved run as lists show it: who saved what when, and its headline figures."""

    id: str = Field(description="uuid5 over the organisation and the content hash")
    organisation: str
    organisation_name: str
    saved_at: dt.datetime = Field(description="when it was saved (UTC)")
    saved_by: str
    label: str | None = None
    as_of: dt.date
    source_versions: dict[str, str]
    pins: dict[str, str] = Field(default_factory=dict, description="explicit --version pins")
    inputs_hash: str = Field(description="sha256 of the organisation's input files")
    catalog_hash: str = Field(description="sha256 of the catalog files")
    content_hash: str = Field(description="sha256 over inputs, catalogs, date and versions")
    gapcheck_version: str
    requirements: int = Field(description="binding requirements counted (totals)")
    coverage: float = Field(ge=0, le=1, description="binding coverage (totals)")
    gaps: int


class StoredFile(OutputModel):
    """One input file kept with a run (content-addressed: stored once however many runs)."""

    path: str = Field(description="relative to the organisation folder or catalog root")
    sha256: str
    size: int


class RunMeasure(OutputModel):
    """A measure as it stood in the run's measures.yaml."""

    id: str
    title: str
    status: MeasureStatus
    due: dt.date | None = Field(default=None, description="due date, or end of the plan year")
    owner: str | None = None


class RunGap(OutputModel):
    """A counted requirement's result in a saved run (gaps and covered ones alike)."""

    id: str
    source: str
    ref: str
    title: LocalizedText | None = None
    category: Category
    coverage: float = Field(ge=0, le=1)
    priority: int | None = None
    projected: dict[str, float] = Field(default_factory=dict)
    next_step: NextStep | None = None
    closing: list[str] = Field(default_factory=list, description="closing measures' ids")


class RunDetail(OutputModel):
    """One saved run in full: summary, coverage per source, measures, counted rows, files."""

    schema_version: str = RUNS_SCHEMA_VERSION
    run: RunSummary
    sources: list[SourceCoverage]
    projected: dict[str, float] = Field(default_factory=dict)
    measures: list[RunMeasure]
    requirements: list[RunGap] = Field(description="counted requirements, gaps first")
    inputs: list[StoredFile]
    catalog_files: int


class RunPage(OutputModel):
    """A page of saved runs, newest first."""

    organisation: str
    total: int
    limit: int
    offset: int
    items: list[RunSummary]


class SaveOutcome(OutputModel):
    """What saving did: a new run, or the existing run with the same content."""

    run: RunSummary
    created: bool = Field(description="false: the same inputs, catalogs and date were saved")


class PruneOutcome(OutputModel):
    """What pruning deleted (or would delete, with --dry-run) and what it kept."""

    organisation: str
    deleted: list[RunSummary]
    kept: int
    kept_labelled: int = Field(description="older labelled runs kept (see --include-labelled)")
    dry_run: bool = False


class CauseKind(StrEnum):
    """Why something moved between two runs."""

    CALENDAR = "calendar"  # the later date: due dates passed, provisions came into force
    INPUTS = "inputs"  # the organisation's files: measures, assessments, suppliers, profile
    LAW = "law"  # the catalogs: a new law version, mappings, explicit version pins
    GAPCHECK = "gapcheck"  # gapcheck itself computes differently (another version)


class Cause(OutputModel):
    """One thing that differs between the runs, with what it is (dates, files, versions)."""

    kind: CauseKind
    details: list[str] = Field(default_factory=list)


class SourceDelta(OutputModel):
    """A binding source's coverage then and now, and how much of the change each cause made."""

    source: str
    short: str
    coverage_from: float | None = None
    coverage_to: float | None = None
    gaps_from: int | None = None
    gaps_to: int | None = None
    by_cause: dict[CauseKind, float] = Field(default_factory=dict)


class GapChange(OutputModel):
    """A gap that closed or opened, with its category on either side and why."""

    id: str
    source: str
    ref: str
    title: LocalizedText | None = None
    category_from: Category | None = None
    category_to: Category | None = None
    coverage_from: float | None = None
    coverage_to: float | None = None
    priority: int | None = None
    because: list[CauseKind] = Field(default_factory=list)


class MeasureChange(OutputModel):
    """A measure whose status or due date moved, or that slipped past its due date."""

    id: str
    title: str
    status_from: MeasureStatus | None = None
    status_to: MeasureStatus | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    slipped: bool = Field(description="open and past due now, not overdue then")


class PriorityChange(OutputModel):
    id: str
    source: str
    ref: str
    title: LocalizedText | None = None
    priority_from: int
    priority_to: int
    because: list[CauseKind] = Field(default_factory=list)


class Comparison(OutputModel):
    """What moved from one run to a later one, and why (docs/runs.md, "compare")."""

    schema_version: str = RUNS_SCHEMA_VERSION
    organisation: str
    from_run: RunSummary
    to_run: RunSummary | None = Field(description="null: the current analysis, not saved")
    to_as_of: dt.date
    causes: list[Cause]
    attributed: bool = Field(description="each change was traced to its causes by re-analysis")
    totals: SourceDelta
    sources: list[SourceDelta]
    gaps_closed: list[GapChange]
    new_gaps: list[GapChange]
    measures: list[MeasureChange]
    priorities: list[PriorityChange]


class TrendPoint(OutputModel):
    """One run on the coverage trend: binding coverage in total and per source."""

    run: str
    saved_at: dt.datetime
    as_of: dt.date
    label: str | None = None
    coverage: float
    sources: dict[str, float]


class Trend(OutputModel):
    """Every saved run's binding coverage, oldest first (`GET /orgs/{org}/trend`)."""

    schema_version: str = RUNS_SCHEMA_VERSION
    organisation: str
    sources: dict[str, str] = Field(description="source id → short name")
    points: list[TrendPoint]


class FollowUp(OutputModel):
    """The workbook's Uppföljning sheet: the trend across runs and the latest comparison."""

    organisation: str
    trend: list[TrendPoint]
    shorts: dict[str, str] = Field(default_factory=dict, description="source id → short name")
    comparison: Comparison | None = None


class DatabaseStatus(OutputModel):
    """`gapcheck db status` / `db upgrade`: which database, at which revision, how full."""

    url: str = Field(description="password hidden")
    exists: bool
    revision: str | None = None
    head: str
    upgraded_from: str | None = None
    runs: int = 0
    organisations: int = 0
