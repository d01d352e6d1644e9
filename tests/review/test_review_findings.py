"""Review findings: each test pins one verified bug (all fixed; they guard the fixes).

They were written as strict xfails by a review and unmarked as each bug was fixed. The
fixtures are built in Python (a two-source catalog: `dir` a directive, `nat` the national
law) or are small copies of `tests/data`, so the module runs in well under a second.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

from gapcheck.atomic import write_text_atomic
from gapcheck.catalog import collect_catalog, collect_org, load_catalog
from gapcheck.engine import analyze
from gapcheck.engine.transfers import evaluate_transfers
from gapcheck.model import (
    Assessment,
    AssessmentResult,
    Control,
    ControlLink,
    ControlTheme,
    Edge,
    EdgeType,
    EntityType,
    LocalizedText,
    Measure,
    MeasureStatus,
    Nis2Class,
    Organisation,
    Relationship,
    Requirement,
    Source,
    SourceKind,
    SourceVersion,
    Supplier,
    VersionStatus,
)
from gapcheck.model.bundle import Catalog, LoadedVersion, OrgData
from gapcheck.model.facts import Facts, TransferMechanism, TransferMechanismsFacts
from gapcheck.model.result import AnalysisResult, Category, RequirementResult
from gapcheck.versions import review_report

DATA = Path(__file__).parents[1] / "data"
AS_OF = dt.date(2026, 6, 1)


# --- tiny builders -----------------------------------------------------------------------------


def _source(sid: str, kind: SourceKind = SourceKind.EU_DIRECTIVE) -> Source:
    return Source(
        id=sid, title=LocalizedText(en=sid), short=sid.upper(), kind=kind, jurisdiction="EU"
    )


def _version(
    src: Source, ids: Sequence[tuple[str, str | None]], version: str = "v1"
) -> LoadedVersion:
    """A final version in force since 2023 with requirements given as (id, parent)."""
    return LoadedVersion(
        source=src,
        version=SourceVersion(
            id=version,
            status=VersionStatus.FINAL,
            published=dt.date(2022, 12, 27),
            in_force=dt.date(2023, 1, 16),
            citation=f"{src.id} {version}",
        ),
        requirements=tuple(
            Requirement(id=i, ref=i.split(":", 1)[1], parent=p, title=LocalizedText(en=i))
            for i, p in ids
        ),
        path=f"mappings/sources/{src.id}/{version}.yaml",
    )


def _catalog(versions: Iterable[LoadedVersion], edges: Iterable[Edge]) -> Catalog:
    controls = tuple(
        Control(id=c, ref=c, title=LocalizedText(en=c), theme=ControlTheme.ORGANIZATIONAL)
        for c in ("ctl:A.1", "ctl:A.2")
    )
    return Catalog(versions=tuple(versions), controls=controls, edges=tuple(edges))


def _edge(frm: str, to: str, etype: EdgeType = EdgeType.MAPS_TO) -> Edge:
    # `equal`: the control (or provision) covers the whole requirement, so it alone can meet it.
    return Edge(source=frm, target=to, type=etype, relationship=Relationship.EQUAL)


def _measure(mid: str, status: MeasureStatus, control: str, due: dt.date | None = None) -> Measure:
    return Measure(
        id=mid, title=mid, status=status, due=due, controls=[ControlLink(control=control)]
    )


def _assessment(target: str, result: AssessmentResult) -> Assessment:
    return Assessment(
        target=target,
        result=result,
        justification="judged",
        assessor="LIS",
        date=dt.date(2026, 3, 1),
    )


def _org(measures: Iterable[Measure] = (), assessments: Iterable[Assessment] = ()) -> OrgData:
    return OrgData(
        organisation=Organisation(
            id="org",
            name="Org",
            entity_type=EntityType.MUNICIPALITY,
            nis2_class=Nis2Class.ESSENTIAL,
            plan_years=[2026, 2027],
        ),
        measures=tuple(measures),
        assessments=tuple(assessments),
    )


def _row(result: AnalysisResult, rid: str) -> RequirementResult:
    [row] = [r for r in result.requirements if r.id == rid]
    return row


def _simple_catalog() -> Catalog:
    """dir:1 maps to ctl:A.1 (one requirement, one control)."""
    return _catalog([_version(_source("dir"), [("dir:1", None)])], [_edge("dir:1", "ctl:A.1")])


# --- engine ------------------------------------------------------------------------------------


def test_parent_and_child_transposing_the_same_provision_can_be_analysed() -> None:
    # nat:1 has its own control (so dir:1, with no edges, inherits from it via transposed_by),
    # and nat:1.1, its child, transposes dir:1 too. The loader sees no cycle (nat:1 → nat:1.1,
    # nat:1 → dir:1, nat:1.1 → dir:1), but dependency_order adds dir:1 → nat:1 and keeps the
    # contains edge nat:1 → nat:1.1, which nat:1 never uses (it has own members).
    catalog = _catalog(
        [
            _version(_source("dir"), [("dir:1", None)]),
            _version(
                _source("nat", SourceKind.NATIONAL_LAW), [("nat:1", None), ("nat:1.1", "nat:1")]
            ),
        ],
        [
            _edge("nat:1", "ctl:A.1"),
            _edge("nat:1", "dir:1", EdgeType.TRANSPOSES),
            _edge("nat:1.1", "dir:1", EdgeType.TRANSPOSES),
        ],
    )
    org = _org([_measure("M-1", MeasureStatus.IMPLEMENTED, "ctl:A.1")])
    result = analyze(catalog, org, AS_OF)
    assert _row(result, "dir:1").coverage == _row(result, "nat:1").coverage == 1.0


def test_a_manual_control_assessment_is_a_floor_for_projections() -> None:
    planned = _measure("M-1", MeasureStatus.PLANNED, "ctl:A.1", due=dt.date(2026, 9, 30))
    catalog = _simple_catalog()
    on_requirement = analyze(
        catalog, _org([planned], [_assessment("dir:1", AssessmentResult.NON_COMPLIANT)]), AS_OF
    )
    on_control = analyze(
        catalog, _org([planned], [_assessment("ctl:A.1", AssessmentResult.NON_COMPLIANT)]), AS_OF
    )
    assert _row(on_requirement, "dir:1").projected["2026"] == 1.0  # the floor, as documented
    assert _row(on_control, "dir:1").projected["2026"] == 1.0  # today: stays 0.0


def test_a_partially_implemented_measure_past_due_makes_the_requirement_overdue() -> None:
    due = dt.date(2025, 6, 30)
    measure = _measure("M-1", MeasureStatus.PARTIALLY_IMPLEMENTED, "ctl:A.1", due=due)
    row = _row(analyze(_simple_catalog(), _org([measure]), AS_OF), "dir:1")
    # Overdue: the rest counts in no projection until the measure is re-planned (v2).
    assert row.projected["2026"] == 0.5
    assert (row.category, row.next_due) == (Category.OVERDUE, due)  # today: partial, None


def test_an_assessment_made_after_as_of_is_not_used_for_that_date() -> None:
    judged = _assessment("dir:1", AssessmentResult.COMPLIANT)  # dated 2026-03-01
    before = analyze(_simple_catalog(), _org(assessments=[judged]), dt.date(2026, 2, 1))
    after = analyze(_simple_catalog(), _org(assessments=[judged]), AS_OF)
    assert _row(before, "dir:1").explanation.assessment is None
    assert _row(after, "dir:1").coverage == 1.0


def test_an_expired_transfer_names_the_end_of_the_period_that_ended() -> None:
    mechanism = TransferMechanism.model_validate(
        {
            "id": "us-adequacy",
            "kind": "adequacy",
            "title": {"en": "US adequacy"},
            "countries": ["US"],
            "citation": "decisions",
            "periods": [
                {"valid_from": "2016-08-01", "valid_until": "2020-07-16", "citation": "first"},
                # Adopted (known) before it starts: at 2023-03-01 an officer knows both.
                {"valid_from": "2023-07-10", "adopted": "2023-01-01", "citation": "second"},
            ],
        }
    )
    facts = Facts(
        transfers=TransferMechanismsFacts(eea=["SE"], eea_citation="EEA", mechanisms=[mechanism])
    )
    supplier = Supplier(
        id="S-1", name="S", country="US", personal_data=True, mechanism="us-adequacy"
    )
    [row] = evaluate_transfers([supplier], facts, dt.date(2023, 3, 1))
    assert row.reasons[0].code == "transfer.expired"
    assert row.reasons[0].detail == "2020-07-16"  # today: "None"


# --- catalog and organisation loading ----------------------------------------------------------


def _org_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "org"
    shutil.copytree(DATA / "org_tiny", folder)
    return folder


def test_an_impossible_plan_year_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    folder = _org_copy(tmp_path)
    path = folder / "organisation.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("[2026, 2027]", "[2026, 20270]"),
        encoding="utf-8",
    )
    catalog = load_catalog(DATA / "catalog_tiny")
    org, problems = collect_org(folder, catalog)
    if not problems:
        assert org is not None
        analyze(catalog, org, AS_OF)  # today: ValueError
    assert any("plan_years" in p.message for p in problems)


def test_conflicting_assessments_on_the_same_date_are_a_problem(tmp_path: Path) -> None:
    folder = _org_copy(tmp_path)
    (folder / "assessments.yaml").write_text(
        textwrap.dedent(
            """\
            assessments:
              - target: nat:2.2
                result: non_compliant
                justification: No incident routine.
                assessor: LIS
                date: 2026-03-01
              - target: nat:2.2
                result: not_applicable
                justification: Not our activity.
                assessor: IT-chef
                date: 2026-03-01
            """
        ),
        encoding="utf-8",
    )
    catalog = load_catalog(DATA / "catalog_tiny")
    org, problems = collect_org(folder, catalog)
    assert problems, "the conflict is resolved silently"
    # What it costs today: the requirement leaves the analysis as not applicable.
    assert org is None


def test_an_assessment_the_analysis_cannot_apply_is_reported_somewhere() -> None:
    nat = _source("nat", SourceKind.NATIONAL_LAW)
    old = _version(nat, [("nat:1", None), ("nat:9", None)], version="draft")
    old = old.model_copy(
        update={"version": old.version.model_copy(update={"status": VersionStatus.PROPOSAL})}
    )
    new = _version(nat, [("nat:1", None)], version="final")
    reviewed = _edge("nat:1", "ctl:A.1").model_copy(update={"reviewed_against": "final"})
    catalog = _catalog([old, new], [reviewed])
    org = _org(assessments=[_assessment("nat:9", AssessmentResult.NON_COMPLIANT)])
    result = analyze(catalog, org, AS_OF)
    assert result.source_versions == {"nat": "final"}
    assert not any(row.needs_review for row in result.requirements)
    report = review_report(catalog, new, org)
    [item] = report.items
    assert (item.kind, item.requirement, item.reason) == ("assessment", "nat:9", "not_in_version")


def test_parents_of_different_versions_do_not_form_a_cycle(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog_tiny", root)
    # v1: nat:2 ⊃ nat:2.1; v2 turns it round (nat:2.1 becomes the heading). No single version
    # has a cycle.
    (root / "mappings" / "sources" / "nat" / "v2.yaml").write_text(
        textwrap.dedent(
            """\
            source:
              id: nat
              short: NAT
              title: {sv: Testlagen, en: The test act}
              kind: national_law
              jurisdiction: SE
            version:
              id: v2
              status: final
              published: 2026-06-01
              in_force: 2027-01-01
              supersedes: v1
              citation: "Testlag (SFS 0000:2)"
            requirements:
              - id: nat:2.1
                ref: "2 kap. 1 §"
                assessable: false
              - id: nat:2
                ref: "2 kap. 1 § p. 1"
                parent: nat:2.1
            """
        ),
        encoding="utf-8",
    )
    _, problems = collect_catalog(root)
    assert problems == []


def test_overlapping_validity_periods_are_a_problem(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog_tiny", root)
    facts = root / "mappings" / "facts"
    facts.mkdir()
    (facts / "transfer-mechanisms.yaml").write_text(
        textwrap.dedent(
            """\
            eea: [SE]
            eea_citation: "EEA"
            mechanisms:
              - id: us-adequacy
                kind: adequacy
                title: {en: US adequacy}
                countries: [US]
                citation: decision
                periods:
                  - {valid_from: 2020-01-01, valid_until: 2025-12-31, citation: first}
                  - {valid_from: 2024-01-01, valid_until: 2030-12-31, citation: second}
            """
        ),
        encoding="utf-8",
    )
    _, problems = collect_catalog(root)
    assert any("overlap" in p.message for p in problems)


# --- atomic writes -----------------------------------------------------------------------------


def test_an_atomic_rewrite_keeps_the_mode_of_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text("{}\n", encoding="utf-8")
    path.chmod(0o600)
    mask = os.umask(0o022)  # the usual umask, so the result does not depend on the runner's
    try:
        write_text_atomic(path, '{"gaps": []}')
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
