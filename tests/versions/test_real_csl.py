"""SOU 2024:18 (partly reconstructed, a test fixture) → the shipped SFS 2025:1506.

The proposal's text is not shipped (issue 13: no reconstructed words in the catalog); the
fixture tests/data/versions/csl-sou-2024-18.yaml is copied beside the shipped catalog by the
`sou_catalog` fixture. The pinned classifications were checked by hand against the fixture and
the SFS text (/work/shared/reference/sfs-2025-1506.txt).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gapcheck.catalog import load_catalog, load_org
from gapcheck.model import Catalog, LoadedVersion, OrgData
from gapcheck.versions import AttachmentStatus, ChangeKind, ChangeLevel, VersionDiff, diff_versions

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "aldreforvaltningen"
SCOPE = ["csl:2.3", "csl:2.4", "csl:2.5", "csl:2.6", "csl:2.7", "csl:2.8", "csl:sou"]


@pytest.fixture(scope="module")
def shipped(sou_catalog: Path) -> Catalog:
    """The shipped catalog with the SOU fixture beside it."""
    return load_catalog(sou_catalog)


@pytest.fixture(scope="module")
def pair(shipped: Catalog) -> tuple[LoadedVersion, LoadedVersion]:
    versions = {v.version.id: v for v in shipped.versions_of("csl")}
    return versions["sou-2024-18"], versions["sfs-2025-1506"]


@pytest.fixture(scope="module")
def diff(pair: tuple[LoadedVersion, LoadedVersion]) -> VersionDiff:
    return diff_versions(*pair)


def test_earlier_version_metadata_is_honest(pair: tuple[LoadedVersion, LoadedVersion]) -> None:
    sou, sfs = pair
    assert sou.source == sfs.source
    assert (sou.version.status.value, sou.version.verified) == ("proposal", False)
    assert sou.version.in_force is None
    assert sou.version.notes
    assert "RECONSTRUCTED" in sou.version.notes
    assert sou.version.url == "https://data.riksdagen.se/dokument/HCB318"
    assert sou.version.retrieved == dt.date(2026, 11, 28)


def test_no_id_of_the_earlier_version_names_a_provision_of_the_final(
    pair: tuple[LoadedVersion, LoadedVersion],
) -> None:
    sou, sfs = pair
    assert not {r.id for r in sou.requirements} & {r.id for r in sfs.requirements}


def test_security_measures_renumbered_and_changed_in_substance(diff: VersionDiff) -> None:
    c = diff.by_old()["csl:sou.3.1"]
    assert (c.kind, c.new_id, c.level) == (
        ChangeKind.RENUMBERED,
        "csl:2.3",
        ChangeLevel.SUBSTANTIVE,
    )
    assert (c.old_ref, c.new_ref) == ("3 kap. 1 §", "2 kap. 3 §")
    replaced = [(op.old, op.new) for op in c.words if op.op != "equal"]
    # "riskhanteringsåtgärder" became "säkerhetsåtgärder"; "en riskanalys och vara
    # proportionella" became "säkerställa en nivå på säkerheten ... som är lämplig".
    assert (
        "(riskhanteringsåtgärder). Riskhanteringsåtgärderna",
        "(säkerhetsåtgärder). Säkerhetsåtgärderna",
    ) in replaced
    assert any("riskanalys" in old for old, _ in replaced)
    assert any("säkerställa" in new for _, new in replaced)


def test_points_follow_their_paragraph(diff: VersionDiff) -> None:
    for n in range(1, 11):
        c = diff.by_old()[f"csl:sou.3.1.p{n}"]
        assert (c.kind, c.new_id) == (ChangeKind.RENUMBERED, f"csl:2.3.p{n}")
        expected = ChangeLevel.SUBSTANTIVE if n == 6 else ChangeLevel.EDITORIAL
        assert c.level is expected, n  # point 6 names the renamed measures


def test_management_training_is_an_editorial_change(diff: VersionDiff) -> None:
    c = diff.by_old()["csl:sou.3.3"]
    assert (c.kind, c.new_id, c.level) == (ChangeKind.RENUMBERED, "csl:2.4", ChangeLevel.EDITORIAL)
    assert [(op.old, op.new) for op in c.words if op.op != "equal"] == [
        ("riskhanteringsåtgärder.", "säkerhetsåtgärder.")
    ]


def test_management_approval_duty_is_gone(diff: VersionDiff) -> None:
    c = diff.by_old()["csl:sou.3.2"]
    assert (c.kind, c.new_id, c.related) == (ChangeKind.REMOVED, None, None)


def test_incident_reporting_renumbered_with_only_cross_references_changed(
    diff: VersionDiff,
) -> None:
    expected = {
        "csl:sou.3.4": ("csl:2.5", []),
        "csl:sou.3.5": ("csl:2.6", [("4 §", "5 §")]),
        "csl:sou.3.6": ("csl:2.7", [("4 §", "5 §")]),
        "csl:sou.3.7": ("csl:2.8", [("5 §", "6 §")]),
    }
    for old_id, (new_id, ops) in expected.items():
        c = diff.by_old()[old_id]
        assert (c.kind, c.new_id, c.level) == (ChangeKind.RENUMBERED, new_id, ChangeLevel.EDITORIAL)
        assert [(op.old, op.new) for op in c.words if op.op != "equal"] == ops


def test_scoped_counts(pair: tuple[LoadedVersion, LoadedVersion]) -> None:
    d = diff_versions(*pair, scope=SCOPE)
    assert d.counts == {
        "added": 0,
        "removed": 2,
        "renumbered": 18,
        "editorial": 0,
        "substantive": 0,
        "unchanged": 0,
        "renumbered_substantive": 2,
    }


@pytest.fixture(scope="module")
def example(shipped: Catalog) -> OrgData:
    if not (EXAMPLE / "organisation.yaml").is_file():
        pytest.skip("the example organisation is not there")
    return load_org(EXAMPLE, shipped)


def test_gap_delta_on_the_example_keeps_every_assessment_and_link(
    shipped: Catalog, example: OrgData, diff: VersionDiff
) -> None:
    from gapcheck.engine import analyze
    from gapcheck.versions import rerun

    delta = rerun(shipped, example, diff, dt.date(2026, 11, 28), analyze)
    on_csl = [a.target for a in example.assessments if a.target.startswith("csl:")]
    on_csl += [
        link.requirement
        for m in example.measures
        for link in m.requirements
        if link.requirement.startswith("csl:")
    ]
    assert sorted(a.target for a in delta.attachments) == sorted(on_csl)
    # Under the proposal the security-measures duty had no mapping; under SFS it has.
    row = next(r for r in delta.rows if r.new_id == "csl:2.3")
    assert row.before is not None
    assert row.before.category.value == "unmapped"
    assert row.after is not None
    assert row.after.category.value != "unmapped"


def test_officer_who_assessed_the_proposal_loses_nothing(
    shipped: Catalog, example: OrgData, diff: VersionDiff
) -> None:
    """Retarget the example's CSL assessments to the proposal's ids (as if the officer had
    assessed the proposal): carried over, the final analysis shows the same judgements."""
    from gapcheck.engine import analyze
    from gapcheck.versions import carry_over

    back = {v: k for k, v in diff.id_map().items()}
    moved = tuple(
        a.model_copy(update={"target": back[a.target], "version": "sou-2024-18"})
        if a.target in back
        else a
        for a in example.assessments
    )
    if moved == example.assessments:
        pytest.skip("the example has no assessment on a provision the proposal had")
    officer = example.model_copy(update={"assessments": moved})
    carried, attachments = carry_over(officer, diff)
    statuses = {a.target: a.status for a in attachments if a.kind == "assessment"}
    assert {t: s for t, s in statuses.items() if t in back.values()} == dict.fromkeys(
        (t for t in statuses if t in back.values()), AttachmentStatus.CARRIED_OVER
    )
    as_of, pins = dt.date(2026, 11, 28), {"csl": "sfs-2025-1506"}
    want = {
        r.id: (r.category, r.coverage) for r in analyze(shipped, example, as_of, pins).requirements
    }
    got = {
        r.id: (r.category, r.coverage) for r in analyze(shipped, carried, as_of, pins).requirements
    }
    assert got == want
