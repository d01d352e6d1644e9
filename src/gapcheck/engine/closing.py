"""Closing measures: the coverage each open measure would add to a requirement if it were
implemented today.

This is what materiality rests on: a gap's category, its next step and its due date come from
the measures that would actually close it, not from any measure somewhere on its path. The
gain is measured on the computed value (before a manual assessment or a transfer fact), so a
measure that would close a gap assessed non-compliant still shows what it adds.

Incremental: per open measure only the controls it implements (and their parent clauses) and
the requirements whose path contains them are recomputed, with the engine's own functions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from gapcheck.engine.applicability import Scope
from gapcheck.engine.coverage import (
    CURRENT,
    OPEN_STATUSES,
    Coverage,
    control_levels,
    is_overdue,
    measure_factor,
    output_value,
    requirement_coverage,
)
from gapcheck.engine.index import Index
from gapcheck.engine.levels import own_levels
from gapcheck.engine.order import NaturalKey, natural_key
from gapcheck.engine.paths import Paths
from gapcheck.model import Extent, Measure, MeasureStatus
from gapcheck.model.result import ClosingMeasure
from gapcheck.model.result_rows import closing_measure

__all__ = ["MATERIAL_GAIN", "closing_measures"]

# A measure is material for a gap when implementing it would add at least this much coverage
# (5 percentage points); smaller gains are listed but decide nothing.
MATERIAL_GAIN = 0.05


def closing_measures(
    ix: Index,
    scopes: Mapping[str, Scope],
    levels: Mapping[str, tuple[float, ...]],
    base: Mapping[str, Coverage],
    paths: Paths,
    as_of: dt.date,
    wanted: Collection[str],
) -> dict[str, list[ClosingMeasure]]:
    """Requirement id (of `wanted`) → the open measures that would raise its computed coverage
    today, largest gain first (then earliest due, then id). `base` is the analysis' coverage
    and `paths` its `Paths` (the structure is reused; the values are recomputed without manual
    assessments, which the paths do not depend on)."""
    wanted = set(wanted)
    # Gains are measured as if no requirement were assessed by hand: a measure that would close
    # a duty judged non-compliant still shows what it adds there and wherever that duty is
    # inherited (a judgement stands until it is made again; the measure is how to change it).
    ix = dataclasses.replace(
        ix, assessments={t: a for t, a in ix.assessments.items() if t not in ix.reqs}
    )
    position = {r: i for i, r in enumerate(ix.order)}
    today = {c: lv[:1] for c, lv in levels.items()}
    base = _unassessed(ix, scopes, today, base, paths, position)
    needed = paths.below(wanted)
    candidates = paths.measures_of(needed)
    implements: dict[str, list[tuple[str, Extent]]] = {}
    for control, links in ix.implementers.items():
        for m, extent in links:
            implements.setdefault(m, []).append((control, extent))
    addresses: dict[str, list[tuple[str, Extent]]] = {}
    for req, links in ix.direct.items():
        for m, extent in links:
            addresses.setdefault(m, []).append((req, extent))
    ctx = _Ctx(paths, position, wanted, needed)
    # Each control's best implementing measure today, computed once: implementing one measure
    # raises it to at most that measure's factor, so no candidate rescans every implementer
    # (which made the closing measures quadratic in the number of measures).
    own_today = {c: own_levels(ix, (CURRENT,), c) for c in ix.implementers}

    found: dict[str, list[ClosingMeasure]] = {}
    # Measures with the same effect (the controls they raise, the requirements they address)
    # add the same: a plan with many alike measures is computed once per kind of effect.
    seen: dict[tuple[object, ...], dict[str, float]] = {}
    # One private copy of the index whose measures table holds the candidate implemented
    # (set before and restored after each one), instead of a copy per candidate.
    sub = dataclasses.replace(ix, measures=dict(ix.measures))
    for measure_id in sorted(candidates, key=natural_key):
        measure = ix.measures[measure_id]
        if measure.status not in OPEN_STATUSES:
            continue
        done = measure.model_copy(update={"status": MeasureStatus.IMPLEMENTED})
        sub.measures[measure_id] = done
        changed = _raised_controls(sub, done, implements.get(measure_id, []), today, own_today)
        links = addresses.get(measure_id, [])
        key = (frozenset(changed.items()), frozenset(links))
        gains = seen.get(key)
        if gains is None:
            gains = seen[key] = _gains(sub, scopes, today, changed, links, base, ctx)
        sub.measures[measure_id] = measure
        # One (immutable) entry per measure and gain, shared by every requirement it raises
        # alike: the provisions inheriting from one heading all get the heading's entries.
        made: dict[float, ClosingMeasure] = {}
        for req, gain in gains.items():
            if gain > 0:
                entry = made.get(gain)
                if entry is None:
                    entry = made[gain] = closing_measure(
                        measure=measure_id,
                        title=measure.title,
                        status=measure.status,
                        due=measure.effective_due,
                        overdue=is_overdue(measure, as_of),
                        gain=round(gain, 4),
                        material=gain >= MATERIAL_GAIN - 1e-9,
                    )
                found.setdefault(req, []).append(entry)
    # Largest gain first, then earliest due, then measure id. Requirements that share their
    # entries in the same order (the inheritors of one heading) are sorted once.
    ordered: dict[tuple[int, ...], list[ClosingMeasure]] = {}
    for req, rows in found.items():
        signature = tuple(map(id, rows))
        done_rows = ordered.get(signature)
        if done_rows is None:
            done_rows = ordered[signature] = sorted(rows, key=_closing_order)
        found[req] = list(done_rows)
    return found


def _unassessed(
    ix: Index,
    scopes: Mapping[str, Scope],
    today: Mapping[str, tuple[float, ...]],
    analysed: Mapping[str, Coverage],
    paths: Paths,
    position: Mapping[str, int],
) -> dict[str, Coverage]:
    """Today's coverage as if no requirement were assessed and no transfer fact decided it
    (`ix` without requirement assessments): the analysis' own coverage except where a manual
    result or a fact overrode a value and everywhere that value is inherited, which are
    recomputed. Only mode 0 (today) of the entries is read from here on."""
    overridden = [r for r, c in analysed.items() if c.manual is not None or c.facts]
    if not overridden:
        return dict(analysed)
    new = _recompute(ix, scopes, today, analysed, paths.dependents(overridden), position)
    return {**analysed, **new}


def _recompute(
    ix: Index,
    scopes: Mapping[str, Scope],
    today: Mapping[str, tuple[float, ...]],
    known: Mapping[str, Coverage],
    reqs: Iterable[str],
    position: Mapping[str, int],
) -> dict[str, Coverage]:
    """Today's coverage of `reqs`, recomputed in dependency order on top of `known` (which is
    left as it is): the new entries."""
    view = dict(known)  # a copy to overwrite: faster to read than a ChainMap
    new: dict[str, Coverage] = {}
    for req in sorted(reqs, key=position.__getitem__):
        new[req] = view[req] = requirement_coverage(ix, scopes, (CURRENT,), today, view, req)
    return new


def _closing_order(c: ClosingMeasure) -> tuple[float, dt.date, NaturalKey]:
    return (-c.gain, c.due or dt.date.max, natural_key(c.measure))


@dataclass(frozen=True, slots=True)
class _Ctx:
    paths: Paths  # who rests on what
    position: Mapping[str, int]  # dependency order
    wanted: set[str]
    needed: set[str]  # the wanted requirements and everything on their paths


def _gains(
    ix: Index,
    scopes: Mapping[str, Scope],
    today: Mapping[str, tuple[float, ...]],
    changed: Mapping[str, tuple[float, ...]],
    links: list[tuple[str, Extent]],
    base: Mapping[str, Coverage],
    ctx: _Ctx,
) -> dict[str, float]:
    """Wanted requirement → computed coverage added, for one measure implemented (`ix`)."""
    affected = ctx.paths.dependents([r for r, _ in links], changed)
    if not affected & ctx.wanted:
        return {}
    # Only what a wanted requirement rests on is recomputed: an affected requirement no
    # wanted one depends on changes no gain.
    lv = {**today, **changed}
    new = _recompute(ix, scopes, lv, base, affected & ctx.needed, ctx.position)
    return {
        req: output_value(new[req].computed[0]) - output_value(base[req].computed[0])
        for req in affected & ctx.wanted
    }


def _raised_controls(
    ix: Index,
    done: Measure,
    links: list[tuple[str, Extent]],
    today: Mapping[str, tuple[float, ...]],
    own_today: Mapping[str, tuple[float, ...]],
) -> dict[str, tuple[float, ...]]:
    """Today's level of the controls measure `done` implements (`links`; `ix` has it
    implemented) and of their parent clauses, where implementing the measure raises it."""
    todo: set[str] = set()
    own: dict[str, tuple[float, ...]] = {}
    for c, extent in links:
        best = max(own.get(c, own_today.get(c, (0.0,)))[0], measure_factor(done, extent))
        own[c] = (best,)
        node: str | None = c
        while node is not None and node in ix.controls and node not in todo:
            todo.add(node)
            node = ix.controls[node].parent
    order = [c for c in ix.control_order if c in todo]
    own.update({c: own_today.get(c, (0.0,)) for c in order if c not in own})
    new = control_levels(ix, (CURRENT,), today, own, order=order)
    return {c: lv for c, lv in new.items() if c in today and lv[0] > today[c][0]}
