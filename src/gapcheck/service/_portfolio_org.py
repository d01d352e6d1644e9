"""What the portfolio keeps of each organisation, and where it finds them: the organisation
folders under the given folders, one organisation's summary of its result, and the problems
of an organisation whose input does not load (in the reader's language)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from gapcheck.catalog import ORG_FILES
from gapcheck.engine import is_overdue, natural_key
from gapcheck.errors import Problem
from gapcheck.lang import Lang
from gapcheck.model import Catalog, OrgData, OrgGroup
from gapcheck.model.portfolio import OrgGap, OrgInput, OrgProblem, OverdueMeasure, PreviousRun
from gapcheck.model.result import AnalysisResult, SourceRole, SourceSummary, Totals
from gapcheck.model.result_rows import RequirementResult
from gapcheck.model.trusted import trusted

__all__ = [
    "Analysed",
    "OrgAnalysis",
    "PortfolioRun",
    "Progress",
    "find_org_folders",
    "problem_items",
    "summarize_org",
]

log = logging.getLogger("gapcheck.service")

_ID = attrgetter("id")

Progress = Callable[[int, int, str], None]
"""Called after each organisation: (done, total, organisation folder)."""


@dataclass(frozen=True)
class OrgAnalysis:
    """What the portfolio keeps of one organisation's analysis."""

    organisation: str
    name: str
    group: OrgGroup | None
    folder: str
    plan_years: tuple[int, ...]
    totals: Totals
    sources: tuple[SourceSummary, ...]  # the binding ones
    gaps: tuple[OrgGap, ...]  # every counted gap, highest priority first
    overdue: tuple[OverdueMeasure, ...]


@dataclass(frozen=True)
class Analysed:
    """One organisation analysed, with what saving its run needs: its data, the whole result
    and the bytes of the input files it was loaded from (paths relative to its folder)."""

    summary: OrgAnalysis
    org: OrgData
    result: AnalysisResult
    files: dict[str, bytes]


@dataclass(frozen=True)
class PortfolioRun:
    """Every organisation folder found: analysed, or with its problems; and, when compared
    with saved runs, each analysed organisation's previous run (None: it has none)."""

    as_of: dt.date
    analyses: tuple[OrgAnalysis, ...]
    problems: tuple[OrgInput, ...]
    catalog: Catalog = field(repr=False)
    previous: dict[str, PreviousRun | None] | None = None

    @property
    def folders(self) -> int:
        return len(self.analyses) + len(self.problems)


def find_org_folders(dirs: Iterable[Path]) -> list[Path]:
    """The organisation folders under `dirs`: each folder that holds `organisation.yaml` is
    one; otherwise its subfolders with any organisation file are (one without
    `organisation.yaml` is kept, so that its problem is reported). A path that is not a folder
    is kept as well, for the same reason. Each folder once, in the order given, subfolders by
    name."""
    out: list[Path] = []
    seen: set[Path] = set()
    for base in dirs:
        if not base.is_dir() or (base / "organisation.yaml").is_file():
            candidates = [base]
        else:
            try:
                children = sorted(d for d in base.iterdir() if d.is_dir())
            except OSError as exc:
                log.warning("cannot list %s: %s", base, exc.strerror)
                children = []
            candidates = [d for d in children if any((d / n).is_file() for n in ORG_FILES)]
            if not candidates:
                candidates = [base]  # reported: no organisation.yaml
        for folder in candidates:
            key = folder.resolve()
            if key not in seen:
                seen.add(key)
                out.append(folder)
    return out


def summarize_org(result: AnalysisResult, org: OrgData, folder: str) -> OrgAnalysis:
    """The part of one organisation's result the portfolio uses."""
    # Only the gaps' rows are read (about 30 of 900): the index is built by C loops, and each
    # gap is made from values the result has already typed (`_gap`).
    rows = dict(zip(map(_ID, result.requirements), result.requirements, strict=True))
    gaps = [_gap(rows[ident]) for ident in result.gaps]
    overdue = sorted(
        (m for m in org.measures if is_overdue(m, result.as_of)),
        key=lambda m: (m.effective_due or dt.date.max, natural_key(m.id)),
    )
    return OrgAnalysis(
        organisation=result.organisation,
        name=result.organisation_name,
        group=org.organisation.group,
        folder=folder,
        plan_years=tuple(result.plan_years),
        totals=result.totals,
        sources=tuple(s for s in result.sources if s.role is SourceRole.BINDING),
        gaps=tuple(gaps),
        overdue=tuple(
            OverdueMeasure(id=m.id, title=m.title, due=m.effective_due, owner=m.owner)
            for m in overdue
            if m.effective_due is not None
        ),
    )


def _gap(row: RequirementResult) -> OrgGap:
    """The portfolio's record of one gap: what `OrgGap(...)` validates these values to (the
    row's fields are of their types already; tests/service/test_portfolio_org.py compares the
    two on the example and the generated organisations), without validating them again, for
    some 1,700 gaps of a city portfolio."""
    step = row.next_step
    closing = None
    if step is not None:
        closing = next((c for c in row.closing if c.measure == step.measure), None)
    return trusted(
        OrgGap,
        {
            "requirement": row.id,
            "source": row.source,
            "ref": row.ref,
            "title": row.title,
            "category": row.category,
            "priority": row.priority or 0,
            "coverage": float(row.coverage),
            "next_step": step.kind if step else None,
            "measure": step.measure if step else None,
            "measure_title": closing.title if closing else None,
            "due": step.due if step else None,
            "overdue": bool(closing and closing.overdue),
        },
    )


def problem_items(problems: Sequence[Problem], lang: Lang) -> list[OrgProblem]:
    return [
        OrgProblem(
            file=p.file,
            line=p.line,
            entry=p.entry,
            message=p.message_in(lang),
            hint=p.hint_in(lang),
        )
        for p in problems
    ]
