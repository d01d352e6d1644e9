"""Mapping review: needs_review after substantive changes, renumbering and removal only."""

from __future__ import annotations

from gapcheck.model.bundle import LoadedVersion
from gapcheck.versions import needs_review, review_items, review_report
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

V1 = version(
    "v1",
    [
        r("law:1", DUTY),
        r("law:2", REPORT),
        r("law:3", TRAINING),
        r("law:4", REGISTER),
        r("law:9", "Bestämmelse som upphävs i nästa version helt och hållet."),
    ],
)
V2 = version(
    "v2",
    [
        r("law:1", DUTY.replace("driftsrelaterade", "driftsmässiga")),  # editorial
        r("law:2", REPORT.replace("24 timmar", "72 timmar")),  # substantive
        r("law:3.1", TRAINING),  # renumbered (law:3)
        r("law:4", REGISTER),  # unchanged
        r("law:5", "Helt ny skyldighet att föra register över incidenter varje år."),  # added
    ],
)


def sel(v: LoadedVersion) -> dict[str, LoadedVersion]:
    return {v.source.id: v}


EDGES = [
    edge("law:1", "ctl:A.1", "v1"),
    edge("law:2", "ctl:A.2", "v1"),
    edge("law:3", "ctl:A.3", "v1"),
    edge("law:4", "ctl:A.4", "v1"),
    edge("law:9", "ctl:A.1", "v1"),
    edge("law:5", "ctl:A.2", "v1"),
]


def test_substantive_change_flags_and_editorial_does_not() -> None:
    got = needs_review(catalog([V1, V2], EDGES), sel(V2))
    assert "law:1" not in got  # editorial
    assert "law:4" not in got  # unchanged
    assert got["law:2"] == ["maps_to:ctl:A.2 (v1: substantive)"]


def test_renumbered_requirement_is_flagged_under_its_new_id() -> None:
    got = needs_review(catalog([V1, V2], EDGES), sel(V2))
    assert got["law:3.1"] == ["maps_to:ctl:A.3 (v1: renumbered)"]


def test_requirement_not_in_the_reviewed_version_is_flagged_as_added() -> None:
    got = needs_review(catalog([V1, V2], EDGES), sel(V2))
    assert got["law:5"] == ["maps_to:ctl:A.2 (v1: added)"]


def test_removed_requirement_is_listed_but_has_no_selected_id() -> None:
    cat = catalog([V1, V2], EDGES)
    items, _ = review_items(cat, sel(V2))
    removed = [i for i in items if i.reason == "removed"]
    assert [(i.requirement, i.current_id, i.target) for i in removed] == [
        ("law:9", None, "ctl:A.1")
    ]
    assert all("law:9" not in k for k in needs_review(cat, sel(V2)))


def test_nothing_to_review_when_reviewed_against_the_selected_version() -> None:
    edges = [edge(e.source, e.target, "v2") for e in EDGES if e.source in {"law:1", "law:2"}]
    assert needs_review(catalog([V1, V2], edges), sel(V2)) == {}


def test_unknown_reviewed_version_is_flagged_and_missing_one_is_counted() -> None:
    cat = catalog([V1, V2], [edge("law:2", "ctl:A.1", "v0"), edge("law:4", "ctl:A.1", None)])
    report = review_report(cat, V2)
    assert [(i.requirement, i.reason) for i in report.items] == [("law:2", "unknown_version")]
    assert report.unreviewed == 1


def test_direct_links_and_assessments_are_reviewed_too() -> None:
    data = org(
        measures=[measure("M-1", ["law:2", "law:1"], reviewed="v1")],
        assessments=[
            assessment("law:3", version="v1"),
            assessment("law:1", version="v1"),
            assessment("law:2", version=None),
        ],
    )
    got = needs_review(catalog([V1, V2]), sel(V2), data)
    assert got == {
        "law:2": ["addresses:M-1 (v1: substantive)"],
        "law:3.1": ["assessment:LIS 2026-03-01 (v1: renumbered)"],
    }


def test_only_the_source_of_the_selected_version_is_reviewed_and_output_is_sorted() -> None:
    cat = catalog([V1, V2], EDGES)
    got = needs_review(cat, sel(V2))
    assert list(got) == ["law:2", "law:3.1", "law:5"]
    assert needs_review(cat, {}) == {}


def test_organisations_in_turn_get_the_catalogs_items_and_only_their_own() -> None:
    # The catalog's own items are judged once per catalog and version, then shared.
    cat = catalog([V1, V2], EDGES)
    first = org(measures=[measure("M-1", ["law:2"], reviewed="v1")])
    second = org(assessments=[assessment("law:3", version="v1")])
    alone = [needs_review(cat, sel(V2), o) for o in (first, second, None)]
    assert [needs_review(cat, sel(V2), o) for o in (first, second, None)] == alone
    assert alone[0]["law:2"] == [
        "addresses:M-1 (v1: substantive)",
        "maps_to:ctl:A.2 (v1: substantive)",
    ]
    assert alone[1]["law:2"] == ["maps_to:ctl:A.2 (v1: substantive)"]
    assert alone[1]["law:3.1"] == [
        "assessment:LIS 2026-03-01 (v1: renumbered)",
        "maps_to:ctl:A.3 (v1: renumbered)",
    ]
    # Another selected version of the same source is judged on its own.
    assert needs_review(cat, sel(V1)) == {}
    assert needs_review(cat, sel(V2)) == alone[2]
