"""The explanation behind each number: requirement → (transposes/specified_by) → control →
measure, the rule that decided the value, and what is missing for the requirement to be met.

A path names each measure by id with what belongs to the link (extent, today's factor); the
measure's own data (title, status, due, owner, evidence) is one `MeasureEntry` in the result's
`measures` table (`measure_entries`), not a copy under every requirement that reaches it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gapcheck.engine.coverage import CURRENT, Coverage, measure_factor, output_value
from gapcheck.engine.index import Index
from gapcheck.engine.order import natural_key
from gapcheck.model import Extent
from gapcheck.model.catalog import Edge, Relationship
from gapcheck.model.explanation import inherited_path, make_explanation
from gapcheck.model.result import (
    AssessmentRef,
    Category,
    ControlPath,
    Explanation,
    JointSetRef,
    MeasureEntry,
    MeasureRef,
    MeetKind,
    ToMeet,
)

__all__ = ["Explainer", "measure_entries", "measure_ref"]

_MET = 1 - 1e-9


def measure_ref(ix: Index, measure_id: str, extent: Extent) -> MeasureRef:
    """One measure on an explanation's path, with today's factor through this link."""
    m = ix.measures[measure_id]
    return MeasureRef(
        id=m.id, extent=extent, factor=output_value(measure_factor(m, extent, CURRENT))
    )


def measure_entries(ix: Index, ids: Iterable[str]) -> dict[str, MeasureEntry]:
    """The result's table of measures: each of `ids` once, in plain string order (the order
    JSON's sorted keys give, and `model.result_compat.upgrade_result`'s)."""
    out = {}
    for measure_id in sorted(ids):
        m = ix.measures[measure_id]
        out[measure_id] = MeasureEntry(
            id=m.id,
            title=m.title,
            status=m.status,
            due=m.effective_due,
            owner=m.owner,
            # Sorted: evidence is a set of references; file order must not leak out.
            evidence=sorted(m.evidence),
        )
    return out


class Explainer:
    """Builds explanations for one analysis. Their parts repeat: a control's path (its
    measures, level and the edge's terms) under every requirement mapped to it alike, and the
    same ways to "met" (an inherited path, though, is mostly one requirement's own).
    Each distinct (immutable) part is built once per analysis and shared."""

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
        self._implemented: dict[str, list[MeasureRef]] = {}
        self._paths: dict[tuple[str, Relationship, float, str | None, bool, bool], ControlPath] = {}
        self._ways: dict[tuple[MeetKind, tuple[str, ...]], ToMeet] = {}

    def _measure_refs(self, links: list[tuple[str, Extent]]) -> list[MeasureRef]:
        refs = []
        for link in sorted(links, key=lambda p: natural_key(p[0])):
            ref = self._refs.get(link)
            if ref is None:
                ref = self._refs[link] = measure_ref(self._ix, *link)
            refs.append(ref)
        return refs

    def _control_path(self, c: str, edge: Edge, carries: bool, joint: bool) -> ControlPath:
        key = (c, edge.relationship, edge.weight, edge.mapped_by, carries, joint)
        path = self._paths.get(key)
        if path is None:
            refs = self._implemented.get(c)
            if refs is None:
                refs = self._implemented[c] = self._measure_refs(self._ix.implementers.get(c, []))
            path = self._paths[key] = ControlPath(
                control=c,
                title=self._ix.controls[c].title,
                relationship=edge.relationship,
                weight=edge.weight,
                level=output_value(self._levels[c]),
                carries=carries,
                joint=joint,
                measures=refs,
                mapped_by=edge.mapped_by,
            )
        return path

    def _way(self, kind: MeetKind, ids: Iterable[str] = ()) -> ToMeet:
        key = (kind, tuple(ids))
        way = self._ways.get(key)
        if way is None:
            way = self._ways[key] = ToMeet(kind=kind, ids=list(key[1]))
        return way

    def explain(self, req_id: str) -> Explanation:
        """The explanation of one requirement's coverage."""
        ix, cov = self._ix, self._coverage[req_id]
        controls: list[ControlPath] = []
        if cov.controls:
            edges = dict(ix.maps_to.get(req_id, []))
            controls = [
                self._control_path(c, edges[c], c in cov.carriers, c in cov.joint)
                for c in cov.controls
            ]
        inherited = [
            inherited_path(
                via=s.via,
                requirement=s.id,
                relationship=s.relationship,
                whole=s.whole,
                coverage=output_value(self._coverage[s.id].values[0]),
                category=self._categories[s.id],
            )
            for s in cov.sub
        ]
        a = ix.assessments.get(req_id)
        declared = ix.joint.get(req_id)
        overridden = cov.manual is not None or bool(cov.facts)
        return make_explanation(
            basis=cov.basis,
            rule=cov.rule,
            partial_mean=output_value(cov.computed_raw[0])
            if cov.has_path and not cov.aggregate
            else None,
            joint_set=JointSetRef(
                controls=list(cov.joint),
                rationale=declared.rationale,
                reviewer=declared.reviewer or "",
                reviewed=declared.reviewed,
                reviewed_against=declared.reviewed_against,
            )
            if declared is not None and cov.joint and declared.reviewed is not None
            else None,
            to_meet=self._to_meet(req_id) if cov.values[0] < _MET else [],
            facts=list(cov.facts),
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
            computed_coverage=output_value(cov.computed[0]) if overridden else None,
        )

    def _to_meet(self, req_id: str) -> list[ToMeet]:
        """The ways to "met" that are open, best route first; the last is always a manual
        assessment."""
        ix, cov = self._ix, self._coverage[req_id]
        if cov.aggregate or not cov.has_path or cov.facts:
            return []
        short = [c for c in cov.controls if self._levels[c] < _MET]
        out: list[ToMeet] = []
        carriers = sorted((c for c in cov.carriers if c in short), key=natural_key)
        if carriers:
            out.append(self._way(MeetKind.IMPLEMENT, carriers))
        if cov.joint:
            out.append(self._way(MeetKind.IMPLEMENT, [c for c in cov.joint if c in short]))
        whole = [s.id for s in cov.sub if s.whole and self._coverage[s.id].values[0] < _MET]
        if whole:
            out.append(self._way(MeetKind.IMPLEMENT, whole))
        if cov.controls and not cov.carriers and not cov.joint and not cov.capped:
            out.append(self._way(MeetKind.DECLARE_SET))
        if not cov.controls and cov.sub and not any(s.whole for s in cov.sub):
            out.append(self._way(MeetKind.DECLARE_SET))
        full = [m for m, e in ix.direct.get(req_id, []) if e is Extent.FULL]
        out.append(self._way(MeetKind.DIRECT_MEASURE, sorted(full, key=natural_key)))
        out.append(self._way(MeetKind.ASSESS))
        return out
