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
from collections import ChainMap
from collections.abc import Collection, Mapping

from gapcheck.engine.applicability import Scope
from gapcheck.engine.coverage import (
    CURRENT,
    OPEN_STATUSES,
    Coverage,
    control_levels,
    is_overdue,
    output_value,
    requirement_coverage,
)
from gapcheck.engine.index import Index
from gapcheck.engine.order import natural_key
from gapcheck.model import MeasureStatus
from gapcheck.model.result import ClosingMeasure

__all__ = ["MATERIAL_GAIN", "closing_measures"]

# A measure is material for a gap when implementing it would add at least this much coverage
# (5 percentage points); smaller gains are listed but decide nothing.
MATERIAL_GAIN = 0.05


def closing_measures(
    ix: Index,
    scopes: Mapping[str, Scope],
    levels: Mapping[str, tuple[float, ...]],
    base: Mapping[str, Coverage],
    as_of: dt.date,
    wanted: Collection[str],
) -> dict[str, list[ClosingMeasure]]:
    """Requirement id (of `wanted`) → the open measures that would raise its computed coverage
    today, largest gain first (then earliest due, then id)."""
    wanted = set(wanted)
    on_control: dict[str, set[str]] = {}
    on_requirement: dict[str, set[str]] = {}
    candidates: set[str] = set()
    for req, cov in base.items():
        for control in cov.path_controls:
            on_control.setdefault(control, set()).add(req)
        for dep in cov.path_requirements | {req}:
            on_requirement.setdefault(dep, set()).add(req)
        if req in wanted:
            candidates |= cov.path_measures
    implements: dict[str, list[str]] = {}
    for control, links in ix.implementers.items():
        for m, _ in links:
            implements.setdefault(m, []).append(control)
    addresses: dict[str, list[str]] = {}
    for req, links in ix.direct.items():
        for m, _ in links:
            addresses.setdefault(m, []).append(req)
    position = {r: i for i, r in enumerate(ix.order)}
    today = {c: lv[:1] for c, lv in levels.items()}
    frozen = dict(base)

    found: dict[str, list[ClosingMeasure]] = {}
    for measure_id in sorted(candidates, key=natural_key):
        measure = ix.measures[measure_id]
        if measure.status not in OPEN_STATUSES:
            continue
        done = measure.model_copy(update={"status": MeasureStatus.IMPLEMENTED})
        sub = dataclasses.replace(ix, measures={**ix.measures, measure_id: done})
        changed = _raised_controls(sub, implements.get(measure_id, []), today)
        affected: set[str] = set()
        for c in changed:
            affected |= on_control.get(c, set())
        for r in addresses.get(measure_id, []):
            affected |= on_requirement.get(r, set())
        if not affected & wanted:
            continue
        new: dict[str, Coverage] = {}
        view = ChainMap(new, frozen)
        lv = {**today, **changed}
        for req in sorted(affected, key=position.__getitem__):
            new[req] = requirement_coverage(sub, scopes, (CURRENT,), lv, view, req)
        for req in affected & wanted:
            gain = output_value(new[req].computed[0]) - output_value(base[req].computed[0])
            if gain > 0:
                found.setdefault(req, []).append(
                    ClosingMeasure(
                        measure=measure_id,
                        title=measure.title,
                        status=measure.status,
                        due=measure.effective_due,
                        overdue=is_overdue(measure, as_of),
                        gain=round(gain, 4),
                        material=gain >= MATERIAL_GAIN - 1e-9,
                    )
                )
    for rows in found.values():
        rows.sort(key=lambda c: (-c.gain, c.due or dt.date.max, natural_key(c.measure)))
    return found


def _raised_controls(
    ix: Index, controls: list[str], today: Mapping[str, tuple[float, ...]]
) -> dict[str, tuple[float, ...]]:
    """Today's level of the controls a measure implements and of their parent clauses, where
    implementing the measure raises it."""
    todo: set[str] = set()
    for c in controls:
        node: str | None = c
        while node is not None and node in ix.controls and node not in todo:
            todo.add(node)
            node = ix.controls[node].parent
    order = [c for c in ix.control_order if c in todo]
    new = control_levels(dataclasses.replace(ix, control_order=order), (CURRENT,), today)
    return {c: lv for c, lv in new.items() if c in today and lv[0] > today[c][0]}
