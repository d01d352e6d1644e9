"""Rerun with gap delta: assessments and direct links carried over or orphaned, never dropped."""

from __future__ import annotations

import datetime as dt

import pytest

from gapcheck.model import AssessmentResult, Catalog, OrgData
from gapcheck.model.result import AnalysisResult, Category, Totals
from gapcheck.versions import AttachmentStatus, carry_over, diff_versions, rerun
from tests.support.versions_builders import (
    DUTY,
    REGISTER,
    REPORT,
    TRAINING,
    assessment,
    catalog,
    edge,
    measure,
    org,
    r,
    version,
)

S = AttachmentStatus
AS_OF = dt.date(2026, 6, 1)

OLD = version(
    "draft",
    [
        r("law:3.1", DUTY),
        r("law:3.2", TRAINING),
        r("law:3.3", "Ledningen ska godkänna åtgärderna och övervaka genomförandet av dem."),
        r("law:4", REGISTER),
    ],
    published=dt.date(2024, 3, 5),
)
NEW = version(
    "final",
    [
        r("law:2.3", DUTY),  # renumbered
        r("law:2.4", TRAINING.replace("ledningen", "ledningen för en verksamhetsutövare")),
        r("law:4", REGISTER),  # kept
        r("law:2.5", REPORT),  # added
    ],
)
DIFF = diff_versions(OLD, NEW)


def test_the_fixture_diff_is_what_the_tests_assume() -> None:
    assert DIFF.id_map() == {"law:3.1": "law:2.3", "law:3.2": "law:2.4", "law:4": "law:4"}
    assert DIFF.by_old()["law:3.3"].kind.value == "removed"


def test_assessment_on_a_renumbered_requirement_is_carried_to_the_new_id() -> None:
    data = org(assessments=[assessment("law:3.1", version="draft")])
    carried, atts = carry_over(data, DIFF)
    assert [a.target for a in carried.assessments] == ["law:2.3"]
    assert carried.assessments[0].version == "draft"  # so the mapping review still flags it
    assert [(a.kind, a.target, a.status, a.new_target) for a in atts] == [
        ("assessment", "law:3.1", S.CARRIED_OVER, "law:2.3")
    ]


def test_assessment_on_a_removed_requirement_is_orphaned_and_kept() -> None:
    data = org(assessments=[assessment("law:3.3", AssessmentResult.NON_COMPLIANT)])
    carried, atts = carry_over(data, DIFF)
    assert carried.assessments == data.assessments  # kept in the data, not applied in TO
    assert [(a.status, a.new_target, a.detail) for a in atts] == [
        (S.ORPHANED, None, "non_compliant")
    ]


def test_existing_assessment_on_the_new_id_wins_and_the_old_one_is_superseded() -> None:
    data = org(assessments=[assessment("law:3.1"), assessment("law:2.3", assessor="CISO")])
    carried, atts = carry_over(data, DIFF)
    assert [(a.target, a.assessor) for a in carried.assessments] == [("law:2.3", "CISO")]
    assert {a.target: a.status for a in atts} == {"law:3.1": S.SUPERSEDED, "law:2.3": S.NEW_TARGET}


def test_kept_and_other_source_items_are_untouched() -> None:
    data = org(assessments=[assessment("law:4"), assessment("oth:1")])
    carried, atts = carry_over(data, DIFF)
    assert carried.assessments == data.assessments
    assert [(a.target, a.status) for a in atts] == [("law:4", S.KEPT)]


def test_direct_links_are_carried_orphaned_or_superseded() -> None:
    data = org(
        measures=[
            measure("M-1", ["law:3.2", "law:3.3"], reviewed="draft"),
            measure("M-2", ["law:3.1", "law:2.3"]),
        ]
    )
    carried, atts = carry_over(data, DIFF)
    links = {m.id: [link.requirement for link in m.requirements] for m in carried.measures}
    assert links == {"M-1": ["law:2.4", "law:3.3"], "M-2": ["law:2.3"]}
    assert carried.measures[0].requirements[0].reviewed_against == "draft"
    assert [(a.owner, a.target, a.status) for a in atts] == [
        ("M-2", "law:2.3", S.NEW_TARGET),
        ("M-2", "law:3.1", S.SUPERSEDED),
        ("M-1", "law:3.2", S.CARRIED_OVER),
        ("M-1", "law:3.3", S.ORPHANED),
    ]


def test_nothing_is_dropped_every_item_on_the_source_is_listed() -> None:
    data = org(
        measures=[measure("M-1", ["law:3.1", "law:3.3", "law:4", "law:2.5"])],
        assessments=[assessment(t) for t in ("law:3.1", "law:3.2", "law:3.3", "law:4", "law:2.5")],
    )
    _, atts = carry_over(data, DIFF)
    assert len(atts) == 4 + 5


def _catalog() -> Catalog:
    edges = [
        edge("law:3.1", "ctl:A.1", "draft"),
        edge("law:2.3", "ctl:A.1", "final"),
        edge("law:4", "ctl:A.2", "final"),
    ]
    return catalog([OLD, NEW], edges)


def _org() -> OrgData:
    return org(
        measures=[
            measure("M-1", controls=["ctl:A.1", "ctl:A.2"]),
            measure("M-2", ["law:3.2"], reviewed="draft"),
        ],
        assessments=[assessment("law:3.3", AssessmentResult.NON_COMPLIANT, version="draft")],
    )


def test_gap_delta_with_the_engine() -> None:
    engine = pytest.importorskip("gapcheck.engine")
    delta = rerun(_catalog(), _org(), DIFF, AS_OF, engine.analyze)
    rows = {(row.old_id, row.new_id): row for row in delta.rows}
    # The training duty was covered only by M-2's direct link: carried over, so still covered.
    assert ("law:3.2", "law:2.4") not in rows
    # The management-approval duty was assessed non-compliant; it is gone in TO.
    gone = rows[("law:3.3", None)]
    assert gone.before is not None
    assert gone.before.category is Category.NON_COMPLIANT
    assert gone.after is None
    # The new reporting duty has no mapping.
    assert rows[(None, "law:2.5")].after is not None
    assert delta.new_unmapped == ["law:2.5"]
    statuses = {(a.kind, a.target): a.status for a in delta.attachments}
    assert statuses == {("link", "law:3.2"): S.CARRIED_OVER, ("assessment", "law:3.3"): S.ORPHANED}


def test_rerun_pins_the_source_to_each_version_and_passes_the_carried_org() -> None:
    calls: list[tuple[dict[str, str], list[str]]] = []

    def fake(cat: Catalog, data: OrgData, as_of: dt.date, pins: dict[str, str]) -> AnalysisResult:
        calls.append((pins, [a.target for a in data.assessments]))
        return AnalysisResult(
            organisation="org",
            organisation_name="Testkommun",
            as_of=as_of,
            source_versions=pins,
            plan_years=[],
            sources=[],
            totals=Totals(sources=[], requirements=0, coverage=0.0, gaps=0),
            gap_counts={},
            requirements=[],
            gaps=[],
        )

    data = org(assessments=[assessment("law:3.1")])
    delta = rerun(_catalog(), data, DIFF, AS_OF, fake, pins={"oth": "x"})
    assert calls == [
        ({"oth": "x", "law": "draft"}, ["law:3.1"]),
        ({"oth": "x", "law": "final"}, ["law:2.3"]),
    ]
    assert (delta.rows, delta.from_coverage, delta.to_coverage) == ([], 0.0, 0.0)
