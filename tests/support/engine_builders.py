"""Small builders for engine tests: a tiny catalog and organisation, constructed in Python.

The base catalog has three sources:
- `dir` (EU directive: a lens for the organisation, applies to NIS2 essential/important
  entities): dir:1 (not assessable) ⊃ dir:1.1, dir:1.2, dir:1.3 (CER critical entities only);
  dir:2.
- `nat` (national law transposing it, binding): nat:1 (not assessable) ⊃ nat:1.1 → dir:1.1,
  nat:1.2 → dir:1.2; nat:2 → dir:2; nat:3 (a direct duty, no edges).
- `impl` (implementing act, binding false: a lens): dir:1.2 is specified_by impl:1 and impl:2.
Controls ctl:A.1 … ctl:A.6; dir:1.1 maps to A.1 (weight 1) and A.2 (weight 2), impl:1 → A.3,
impl:2 → A.4, dir:1.3 → A.5, dir:2 → A.6.

Every edge is `intersects` (the model's default) unless a test says otherwise, so without a
declared jointly sufficient set a value is partial credit: CAP × the weighted mean.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from gapcheck.engine import analyze
from gapcheck.model import (
    Applicability,
    Assessment,
    AssessmentResult,
    Control,
    ControlLink,
    ControlTheme,
    Edge,
    EdgeType,
    EntityType,
    Extent,
    LocalizedText,
    MappingSet,
    Measure,
    MeasureStatus,
    Nis2Class,
    Organisation,
    Relationship,
    Requirement,
    RequirementLink,
    Risk,
    Source,
    SourceKind,
    SourceVersion,
    VersionStatus,
)
from gapcheck.model.bundle import Catalog, LoadedVersion, OrgData
from gapcheck.model.result import AnalysisResult, RequirementResult

AS_OF = dt.date(2026, 6, 1)
PLAN_YEARS = (2026, 2027)
CONTROL_IDS = tuple(f"ctl:A.{i}" for i in range(1, 7))
S = MeasureStatus


def req(
    rid: str,
    parent: str | None = None,
    *,
    assessable: bool = True,
    applies_if: Applicability | None = None,
    in_force: dt.date | None = None,
) -> Requirement:
    return Requirement(
        id=rid,
        ref=rid.split(":", 1)[1],
        parent=parent,
        assessable=assessable,
        title=LocalizedText(en=f"Title of {rid}"),
        applies_if=applies_if,
        in_force=in_force,
    )


def source(
    sid: str,
    *,
    kind: SourceKind = SourceKind.EU_DIRECTIVE,
    binding: bool = True,
    applies_if: Applicability | None = None,
) -> Source:
    return Source(
        id=sid,
        title=LocalizedText(en=f"Source {sid}"),
        short=sid.upper(),
        kind=kind,
        jurisdiction="EU",
        binding=binding,
        applies_if=applies_if or Applicability(),
    )


def loaded(
    src: Source,
    reqs: Sequence[Requirement],
    *,
    version: str = "v1",
    status: VersionStatus = VersionStatus.FINAL,
    published: dt.date | None = dt.date(2022, 12, 27),
    in_force: dt.date | None = dt.date(2023, 1, 16),
    verified: bool = False,
) -> LoadedVersion:
    return LoadedVersion(
        source=src,
        version=SourceVersion(
            id=version,
            status=status,
            published=published,
            in_force=in_force,
            citation=f"{src.id} {version}",
            verified=verified,
        ),
        requirements=tuple(reqs),
        path=f"mappings/sources/{src.id}/{version}.yaml",
    )


def control(cid: str, parent: str | None = None) -> Control:
    return Control(
        id=cid,
        ref=cid.split(":", 1)[1],
        parent=parent,
        title=LocalizedText(en=f"Control {cid}", sv=f"Kontroll {cid}"),
        theme=ControlTheme.ORGANIZATIONAL,
    )


def edge(
    frm: str,
    to: str,
    etype: EdgeType = EdgeType.MAPS_TO,
    weight: float = 1.0,
    relationship: Relationship = Relationship.INTERSECTS,
) -> Edge:
    return Edge(source=frm, target=to, type=etype, weight=weight, relationship=relationship)


def mapping_set(rid: str, rationale: str = "direct duty") -> MappingSet:
    """A `sufficient: false` statement: no control set can show the duty met."""
    return MappingSet(requirement=rid, sufficient=False, rationale=rationale)


def joint_set(rid: str, controls: Sequence[str], rationale: str = "together whole") -> MappingSet:
    """A reviewed declaration that `controls` together cover the whole requirement."""
    return MappingSet(
        requirement=rid,
        sufficient=True,
        controls=list(controls),
        rationale=rationale,
        reviewer="reviewer",
        reviewed=dt.date(2026, 1, 1),
        reviewed_against="v1",
    )


def measure(
    mid: str,
    status: MeasureStatus,
    controls: Iterable[str] = (),
    requirements: Iterable[str] = (),
    *,
    due: dt.date | None = None,
    plan_year: int | None = None,
    partial: Iterable[str] = (),
    evidence: Sequence[str] = (),
) -> Measure:
    """A measure; ids in `partial` are linked with extent partial."""
    half = set(partial)

    def extent(x: str) -> Extent:
        return Extent.PARTIAL if x in half else Extent.FULL

    return Measure(
        id=mid,
        title=f"Measure {mid}",
        owner="CISO",
        status=status,
        due=due,
        plan_year=plan_year,
        evidence=list(evidence),
        controls=[ControlLink(control=c, extent=extent(c)) for c in controls],
        requirements=[RequirementLink(requirement=r, extent=extent(r)) for r in requirements],
    )


def assessment(
    target: str, result: AssessmentResult, date: dt.date = dt.date(2026, 3, 1)
) -> Assessment:
    return Assessment(
        target=target, result=result, justification="judged", assessor="LIS", date=date
    )


def risk(rid: str, likelihood: int, impact: int, concerns: Iterable[str]) -> Risk:
    return Risk(
        id=rid,
        title=LocalizedText(en=f"Risk {rid}"),
        likelihood=likelihood,
        impact=impact,
        concerns=list(concerns),
    )


DIR = source("dir", applies_if=Applicability(nis2_class=[Nis2Class.ESSENTIAL, Nis2Class.IMPORTANT]))
NAT = source("nat", kind=SourceKind.NATIONAL_LAW)
IMPL = source("impl", kind=SourceKind.EU_IMPLEMENTING_ACT, binding=False)


def base_versions(*, nat_in_force: dt.date | None = dt.date(2025, 1, 15)) -> list[LoadedVersion]:
    return [
        loaded(
            DIR,
            [
                req("dir:1", assessable=False),
                req("dir:1.1", "dir:1"),
                req("dir:1.2", "dir:1"),
                req("dir:1.3", "dir:1", applies_if=Applicability(cer_critical=True)),
                req("dir:2"),
            ],
        ),
        loaded(
            NAT,
            [
                req("nat:1", assessable=False),
                req("nat:1.1", "nat:1"),
                req("nat:1.2", "nat:1"),
                req("nat:2"),
                req("nat:3"),
            ],
            version="sfs",
            published=dt.date(2024, 12, 1),
            in_force=nat_in_force,
        ),
        loaded(IMPL, [req("impl:1"), req("impl:2")], version="oj"),
    ]


BASE_EDGES = (
    edge("dir:1.1", "ctl:A.1"),
    edge("dir:1.1", "ctl:A.2", weight=2.0),
    edge("dir:1.2", "impl:1", EdgeType.SPECIFIED_BY),
    edge("dir:1.2", "impl:2", EdgeType.SPECIFIED_BY),
    edge("impl:1", "ctl:A.3"),
    edge("impl:2", "ctl:A.4"),
    edge("dir:1.3", "ctl:A.5"),
    edge("dir:2", "ctl:A.6"),
    edge("nat:1.1", "dir:1.1", EdgeType.TRANSPOSES),
    edge("nat:1.2", "dir:1.2", EdgeType.TRANSPOSES),
    edge("nat:2", "dir:2", EdgeType.TRANSPOSES),
)


def base_catalog(
    *,
    extra_edges: Iterable[Edge] = (),
    sets: Iterable[MappingSet] = (),
    versions: Sequence[LoadedVersion] | None = None,
    relationships: dict[tuple[str, str], Relationship] | None = None,
    controls: Iterable[Control] = (),
) -> Catalog:
    """The base catalog; `relationships` re-labels base edges by (from, to); `controls` are
    added to ctl:A.1 … A.6."""
    rel = relationships or {}
    edges = tuple(
        e.model_copy(update={"relationship": rel[(e.source, e.target)]})
        if (e.source, e.target) in rel
        else e
        for e in BASE_EDGES
    )
    return Catalog(
        versions=tuple(versions if versions is not None else base_versions()),
        controls=(*(control(c) for c in CONTROL_IDS), *controls),
        edges=(*edges, *extra_edges),
        sets=tuple(sets),
    )


def org(
    measures: Iterable[Measure] = (),
    *,
    risks: Iterable[Risk] = (),
    assessments: Iterable[Assessment] = (),
    plan_years: Sequence[int] = PLAN_YEARS,
    entity_type: EntityType = EntityType.MUNICIPALITY,
    nis2_class: Nis2Class = Nis2Class.ESSENTIAL,
    cer_critical: bool = False,
    source_versions: dict[str, str] | None = None,
    **profile: object,
) -> OrgData:
    return OrgData(
        organisation=Organisation(
            id="org",
            name="Test organisation",
            entity_type=entity_type,
            nis2_class=nis2_class,
            cer_critical=cer_critical,
            plan_years=list(plan_years),
            source_versions=source_versions or {},
            **profile,
        ),
        measures=tuple(measures),
        risks=tuple(risks),
        assessments=tuple(assessments),
    )


def run(
    measures: Iterable[Measure] = (),
    *,
    catalog: Catalog | None = None,
    as_of: dt.date = AS_OF,
    **org_kwargs: object,
) -> AnalysisResult:
    """Analyse the base catalog (or `catalog`) for an organisation with `measures`."""
    return analyze(catalog or base_catalog(), org(measures, **org_kwargs), as_of)


def by_id(result: AnalysisResult, rid: str) -> RequirementResult:
    matches = [r for r in result.requirements if r.id == rid]
    assert len(matches) == 1, rid
    return matches[0]
