"""Builders for version tests: sources, versions and organisations made in Python."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from gapcheck.model import (
    Assessment,
    AssessmentResult,
    Control,
    ControlLink,
    ControlTheme,
    Deadline,
    Edge,
    EdgeType,
    EntityType,
    LocalizedText,
    Measure,
    MeasureStatus,
    Nis2Class,
    Organisation,
    Requirement,
    RequirementLink,
    Source,
    SourceKind,
    VersionStatus,
)
from gapcheck.model.bundle import Catalog, LoadedVersion, OrgData
from tests.support.engine_builders import loaded

LAW = Source(
    id="law",
    title=LocalizedText(sv="Testlag", en="Test act"),
    short="LAW",
    kind=SourceKind.NATIONAL_LAW,
    jurisdiction="SE",
)
OTHER = Source(
    id="oth",
    title=LocalizedText(en="Other act"),
    short="OTH",
    kind=SourceKind.EU_DIRECTIVE,
    jurisdiction="EU",
)

# Long enough that one changed word keeps the similarity above the editorial ratio.
DUTY = (
    "Verksamhetsutövare ska vidta lämpliga och proportionella tekniska, driftsrelaterade och "
    "organisatoriska åtgärder för att skydda nätverks- och informationssystem som de använder "
    "för sin verksamhet mot incidenter."
)
TRAINING = "De personer som ingår i ledningen ska genomgå utbildning om säkerhetsåtgärder."
REPORT = (
    "Verksamhetsutövare ska upplysa myndigheten om en betydande incident så snart det kan ske, "
    "dock senast 24 timmar efter det att verksamhetsutövaren har fått kännedom om incidenten."
)
REGISTER = (
    "Verksamhetsutövare ska så snart det kan ske anmäla sig till den myndighet som regeringen "
    "bestämmer."
)


def r(
    rid: str,
    text: str | None = None,
    *,
    ref: str | None = None,
    parent: str | None = None,
    title: str | None = None,
    assessable: bool = True,
    deadline: Deadline | None = None,
    in_force: dt.date | None = None,
) -> Requirement:
    return Requirement(
        id=rid,
        ref=ref or rid.split(":", 1)[1],
        parent=parent,
        assessable=assessable,
        title=LocalizedText(sv=title or f"Rubrik {rid}"),
        text=LocalizedText(sv=text) if text is not None else None,
        deadline=deadline,
        in_force=in_force,
    )


def version(
    vid: str,
    reqs: Sequence[Requirement],
    *,
    src: Source = LAW,
    status: VersionStatus = VersionStatus.FINAL,
    published: dt.date = dt.date(2025, 1, 1),
    verified: bool = True,
) -> LoadedVersion:
    return loaded(
        src,
        reqs,
        version=vid,
        status=status,
        published=published,
        in_force=published,
        verified=verified,
    )


CONTROLS = tuple(
    Control(
        id=f"ctl:A.{i}",
        ref=f"A.{i}",
        title=LocalizedText(en=f"Control {i}"),
        theme=ControlTheme.ORGANIZATIONAL,
    )
    for i in range(1, 5)
)


def edge(frm: str, to: str, reviewed: str | None) -> Edge:
    return Edge(source=frm, target=to, type=EdgeType.MAPS_TO, reviewed_against=reviewed)


def catalog(versions: Iterable[LoadedVersion], edges: Iterable[Edge] = ()) -> Catalog:
    return Catalog(versions=tuple(versions), controls=CONTROLS, edges=tuple(edges))


def measure(
    mid: str,
    requirements: Iterable[str] = (),
    *,
    controls: Iterable[str] = (),
    status: MeasureStatus = MeasureStatus.IMPLEMENTED,
    reviewed: str | None = None,
) -> Measure:
    return Measure(
        id=mid,
        title=f"Åtgärd {mid}",
        status=status,
        controls=[ControlLink(control=c) for c in controls],
        requirements=[
            RequirementLink(requirement=q, reviewed_against=reviewed) for q in requirements
        ],
    )


def assessment(
    target: str,
    result: AssessmentResult = AssessmentResult.COMPLIANT,
    *,
    version: str | None = None,
    assessor: str = "LIS",
) -> Assessment:
    return Assessment(
        target=target,
        result=result,
        justification="bedömd",
        assessor=assessor,
        date=dt.date(2026, 3, 1),
        version=version,
    )


def org(
    measures: Iterable[Measure] = (),
    assessments: Iterable[Assessment] = (),
) -> OrgData:
    return OrgData(
        organisation=Organisation(
            id="org",
            name="Testkommun",
            entity_type=EntityType.MUNICIPALITY,
            nis2_class=Nis2Class.ESSENTIAL,
            plan_years=[2026],
        ),
        measures=tuple(measures),
        assessments=tuple(assessments),
    )
