"""The explanation behind each number: requirement → (transposes/specified_by) → control →
measure, with statuses, due dates and evidence."""

from __future__ import annotations

from collections.abc import Mapping

from gapcheck.engine.coverage import CURRENT, Coverage, measure_factor, output_value
from gapcheck.engine.index import Index
from gapcheck.engine.order import natural_key
from gapcheck.model import Extent
from gapcheck.model.result import (
    AssessmentRef,
    Category,
    ControlPath,
    Explanation,
    InheritedPath,
    MeasureRef,
)

__all__ = ["Explainer", "measure_ref"]


def measure_ref(ix: Index, measure_id: str, extent: Extent) -> MeasureRef:
    """One measure as shown in an explanation, with today's factor through this link."""
    m = ix.measures[measure_id]
    return MeasureRef(
        id=m.id,
        title=m.title,
        status=m.status,
        extent=extent,
        factor=output_value(measure_factor(m, extent, CURRENT)),
        due=m.effective_due,
        owner=m.owner,
        # Sorted: evidence is a set of references; file order must not leak out.
        evidence=sorted(m.evidence),
    )


class Explainer:
    """Builds explanations for one analysis. A control's measures are listed under every
    requirement mapped to it, so their (immutable) MeasureRefs are built once per link."""

    def __init__(
        self,
        ix: Index,
        coverage: Mapping[str, Coverage],
        levels: Mapping[str, float],
        categories: Mapping[str, Category],
    ) -> None:
        """`levels` are today's control levels; `categories` those of all requirements
        (the inherited paths show them)."""
        self._ix = ix
        self._coverage = coverage
        self._levels = levels
        self._categories = categories
        self._refs: dict[tuple[str, Extent], MeasureRef] = {}

    def _measure_refs(self, links: list[tuple[str, Extent]]) -> list[MeasureRef]:
        refs = []
        for link in sorted(links, key=lambda p: natural_key(p[0])):
            ref = self._refs.get(link)
            if ref is None:
                ref = self._refs[link] = measure_ref(self._ix, *link)
            refs.append(ref)
        return refs

    def explain(self, req_id: str) -> Explanation:
        """The explanation of one requirement's coverage."""
        ix, cov = self._ix, self._coverage[req_id]
        edges = dict(ix.maps_to.get(req_id, []))
        controls = [
            ControlPath(
                control=c,
                title=ix.controls[c].title,
                relationship=edges[c].relationship,
                weight=edges[c].weight,
                level=output_value(self._levels[c]),
                measures=self._measure_refs(ix.implementers.get(c, [])),
            )
            for c in cov.controls
        ]
        inherited = [
            InheritedPath(
                via=via,
                requirement=t,
                coverage=output_value(self._coverage[t].values[0]),
                category=self._categories[t],
            )
            for t, via in cov.sub
        ]
        a = ix.assessments.get(req_id)
        return Explanation(
            basis=cov.basis,
            controls=controls,
            direct_measures=self._measure_refs(ix.direct.get(req_id, [])),
            inherited=inherited,
            assessment=AssessmentRef(
                result=a.result, justification=a.justification, assessor=a.assessor, date=a.date
            )
            if a is not None
            else None,
            capped=cov.capped,
            cap_rationale=ix.insufficient.get(req_id),
            computed_coverage=output_value(cov.computed[0]) if cov.manual is not None else None,
        )
