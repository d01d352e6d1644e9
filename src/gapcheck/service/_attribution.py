"""The two ends of a comparison, and the chain of re-analyses that tells the causes apart.

From the earlier end `a` to the later end `b`, one factor is changed per step — first the date
(calendar), then the inputs, then the catalogs and pins (law) — and each step's result is
computed from the stored files (docs/runs.md, "compare"). When an intermediate does not load
(the later inputs name a requirement only the later law has), the law goes before the inputs;
when neither order loads, the two are one step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gapcheck import __version__
from gapcheck.errors import GapcheckError
from gapcheck.model.result import AnalysisResult
from gapcheck.model.runs import CauseKind, RunMeasure, RunSummary
from gapcheck.service._capture import Captured
from gapcheck.service._replay import Stored, analyze_stored
from gapcheck.store import FileSet

__all__ = ["Side", "Step", "chain", "side_of_current", "side_of_stored"]


@dataclass(frozen=True)
class Side:
    """One end of a comparison: a saved run, or the current analysis (run None)."""

    run: RunSummary | None
    result: AnalysisResult
    measures: list[RunMeasure]
    inputs: FileSet
    catalog_files: FileSet
    pins: dict[str, str]
    gapcheck_version: str
    current: Captured | None = None


def side_of_stored(stored: Stored) -> Side:
    run = stored.run
    return Side(
        run,
        stored.result,
        stored.measures,
        stored.inputs,
        stored.catalog_files,
        run.pins,
        run.gapcheck_version,
    )


def side_of_current(
    captured: Captured, result: AnalysisResult, pins: dict[str, str] | None = None
) -> Side:
    """The analysis just made (not necessarily saved) as the later end of a comparison."""
    measures = [
        RunMeasure(id=m.id, title=m.title, status=m.status, due=m.effective_due, owner=m.owner)
        for m in captured.org.measures
    ]
    return Side(
        None,
        result,
        measures,
        captured.inputs,
        captured.catalog_files,
        dict(pins or {}),
        __version__,
        captured,
    )


@dataclass(frozen=True)
class _State:
    inputs: Side
    law: Side
    as_of: dt.date


def _analyse(state: _State, current: Captured | None) -> AnalysisResult:
    return analyze_stored(
        state.inputs.inputs, state.law.catalog_files, state.as_of, state.law.pins, current
    )


Step = tuple[list[CauseKind], AnalysisResult]


def _factors(a: Side, b: Side) -> list[CauseKind]:
    """What differs between the two ends, in the order the steps apply it."""
    differs = {
        CauseKind.CALENDAR: a.result.as_of != b.result.as_of,
        CauseKind.INPUTS: a.inputs.hash != b.inputs.hash,
        CauseKind.LAW: a.catalog_files.hash != b.catalog_files.hash or a.pins != b.pins,
    }
    return [kind for kind, yes in differs.items() if yes]


def chain(a: Side, b: Side) -> tuple[list[Step], bool]:
    """The results from `a` to `b`, each with the factors its step changed (the first, `a`
    itself, with none); and whether every factor got a step of its own."""
    factors = _factors(a, b)
    try:
        return _attributed(a, b, factors)
    except GapcheckError:  # an old run whose files this gapcheck no longer loads
        kinds = factors + ([CauseKind.GAPCHECK] if _engine_differs(a, b) else [])
        return [([], a.result), (kinds, b.result)], False


def _engine_differs(a: Side, b: Side) -> bool:
    return a.gapcheck_version != b.gapcheck_version


def _attributed(a: Side, b: Side, factors: list[CauseKind]) -> tuple[list[Step], bool]:
    current = b.current or a.current
    chain: list[Step] = [([], a.result)]
    if a.gapcheck_version != __version__:
        chain.append(([CauseKind.GAPCHECK], _analyse(_State(a, a, a.result.as_of), current)))
    head: list[list[CauseKind]] = [[CauseKind.CALENDAR]] if CauseKind.CALENDAR in factors else []
    rest: list[CauseKind] = [k for k in factors if k is not CauseKind.CALENDAR]
    attempts: list[list[list[CauseKind]]] = [head + [[k] for k in rest]]
    if len(rest) == 2:
        attempts += [head + [[k] for k in rest[::-1]], [*head, rest]]
    groups: list[list[CauseKind]] = attempts[-1]
    middle: list[Step] = []
    exact = False
    for number, attempt in enumerate(attempts):
        try:
            middle = _middle(a, b, attempt, current)
        except GapcheckError:
            continue
        groups, exact = attempt, number < 2 or len(rest) < 2
        break
    chain += middle
    last = groups[-1] if groups else []
    if b.gapcheck_version != __version__:
        chain.append((last, _analyse(_State(b, b, b.result.as_of), current)))
        last = [CauseKind.GAPCHECK]
    chain.append((last, b.result))
    return chain, exact


def _middle(
    a: Side, b: Side, groups: list[list[CauseKind]], current: Captured | None
) -> list[tuple[list[CauseKind], AnalysisResult]]:
    """Results after each group but the last (the last gives `b` itself)."""
    state = _State(a, a, a.result.as_of)
    out = []
    for group in groups[:-1]:
        for kind in group:
            if kind is CauseKind.CALENDAR:
                state = _State(state.inputs, state.law, b.result.as_of)
            elif kind is CauseKind.INPUTS:
                state = _State(b, state.law, state.as_of)
            elif kind is CauseKind.LAW:
                state = _State(state.inputs, b, state.as_of)
        out.append((group, _analyse(state, current)))
    return out
