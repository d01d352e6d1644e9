"""Who rests on what: the paths behind the coverages, read from each requirement's direct
links (the requirements it falls back on, `Coverage.sub`, and its own controls).

A requirement's path is everything its value is built from, transitively. Storing that set
on every requirement made the cost quadratic: each of a thousand provisions inheriting from
one wide heading carried (and was scanned through) a copy of the heading's whole path. Here
only the direct links are kept, in both directions, and each question walks them once:

- `dependents`: the requirements whose path holds given controls or requirements (what a
  changed measure can move), walking up;
- `below` / `measures_below`: the requirements and measures on the paths of given
  requirements, walking down;
- `in_place` and `risks`: per requirement, computed for all of them in one pass in dependency
  order (small values passed up, never whole paths).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from gapcheck.engine.coverage import Coverage
from gapcheck.engine.index import Index
from gapcheck.model import MeasureStatus

__all__ = ["IN_PLACE", "Paths"]

# Statuses that count as something already in place on a path.
IN_PLACE = frozenset({MeasureStatus.IMPLEMENTED, MeasureStatus.PARTIALLY_IMPLEMENTED})
_NONE: frozenset[str] = frozenset()


class Paths:
    """The direct links of one set of coverages (`coverage` in dependency order, as
    `compute_coverage` returns it) and the walks over them."""

    def __init__(self, ix: Index, coverage: Mapping[str, Coverage]) -> None:
        self._ix = ix
        self._coverage = coverage
        self._up: dict[str, list[str]] = {}
        self._owners: dict[str, list[str]] = {}
        for req, cov in coverage.items():
            for s in cov.sub:
                self._up.setdefault(s.id, []).append(req)
            for c in cov.controls:
                self._owners.setdefault(c, []).append(req)

    def own_measures(self, req: str) -> set[str]:
        """Measures linked to the requirement itself or implementing its own controls."""
        cov = self._coverage[req]
        out = {m for c in cov.controls for m, _ in self._ix.implementers.get(c, [])}
        out.update(m for m, _ in self._ix.direct.get(req, []))
        return out

    def dependents(
        self, requirements: Iterable[str] = (), controls: Iterable[str] = ()
    ) -> set[str]:
        """Every requirement that is one of `requirements` or has one of them or of `controls`
        on its path."""
        todo = [r for r in requirements if r in self._coverage]
        for c in controls:
            todo.extend(self._owners.get(c, ()))
        seen: set[str] = set()
        while todo:
            req = todo.pop()
            if req not in seen:
                seen.add(req)
                todo.extend(self._up.get(req, ()))
        return seen

    def below(self, requirements: Iterable[str], within: Collection[str] | None = None) -> set[str]:
        """`requirements` and every requirement on their paths; with `within`, only through
        requirements in it (enough when `within` is closed upwards, as `dependents` is)."""
        todo = list(requirements)
        seen: set[str] = set()
        coverage = self._coverage
        while todo:
            req = todo.pop()
            if req in seen or req not in coverage:
                continue
            seen.add(req)
            subs = coverage[req].sub
            if subs:  # (most requirements rest on no other: no generator for them)
                todo.extend(s.id for s in subs if within is None or s.id in within)
        return seen

    def measures_below(self, requirements: Iterable[str]) -> set[str]:
        """Every measure on the paths of `requirements`."""
        return self.measures_of(self.below(requirements))

    def measures_of(self, requirements: Iterable[str]) -> set[str]:
        """The own measures (`own_measures`) of every one of `requirements`, each control's
        implementers read once however many requirements it is mapped to."""
        coverage, direct = self._coverage, self._ix.direct
        controls: set[str] = set()
        out: set[str] = set()
        for req in requirements:
            controls.update(coverage[req].controls)
            links = direct.get(req)
            if links:
                out.update(m for m, _ in links)
        implementers = self._ix.implementers
        for c in controls:
            links = implementers.get(c)
            if links:
                out.update(m for m, _ in links)
        return out

    def in_place(self) -> dict[str, bool]:
        """Per requirement: a measure implemented (or partly) somewhere on its path."""
        ix = self._ix
        measures = ix.measures

        def placed(links: Iterable[tuple[str, object]]) -> bool:
            return any(measures[m].status in IN_PLACE for m, _ in links)

        # Each control's implementers are read once, not under every requirement mapped to it.
        control: dict[str, bool] = {}
        done: dict[str, bool] = {}
        for req, cov in self._coverage.items():
            found = False
            for c in cov.controls:
                known = control.get(c)
                if known is None:
                    known = control[c] = placed(ix.implementers.get(c, ()))
                if known:
                    found = True
                    break
            if not found:
                links = ix.direct.get(req)
                found = links is not None and placed(links)
            if not found:
                for s in cov.sub:
                    if done.get(s.id, False):
                        found = True
                        break
            done[req] = found
        return done

    def risks(self) -> dict[str, frozenset[str]]:
        """Per requirement: the ids of the risks concerning it or anything on its path (the
        requirements it rests on and all their controls)."""
        by_target = self._ix.risks_by_target
        below: dict[str, frozenset[str]] = {}  # risks of the path, the requirement excluded
        out: dict[str, frozenset[str]] = {}
        # Most requirements have no risk anywhere on their path: they share one empty set,
        # and a set is made only where a risk is found.
        for req, cov in self._coverage.items():
            found: set[str] | None = None
            for c in cov.controls:
                got = by_target.get(c)
                if got:
                    found = found or set()
                    found.update(got)
            for s in cov.sub:
                got = by_target.get(s.id)
                if got:
                    found = found or set()
                    found.update(got)
                more = below.get(s.id)
                if more:
                    found = found or set()
                    found |= more
            mine = below[req] = frozenset(found) if found else _NONE
            own = by_target.get(req)
            out[req] = mine | frozenset(own) if own else mine
        return out
