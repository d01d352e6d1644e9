"""The NIS2 / IR 2024/2690 catalogs and the ENISA mapping built by scripts/build_eu_catalogs.py.

One test per defect repaired in the reference data, plus structural checks. The YAML files are
loaded directly (yaml.safe_load + the pydantic file models), not through the catalog loader.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from gapcheck.catalog.files import ControlCatalogFile, MappingFile, SourceVersionFile
from gapcheck.model.catalog import Edge, EdgeType, Relationship, Requirement

REPO = Path(__file__).parents[2]
NIS2 = REPO / "mappings/sources/nis2/oj-2022-12-27.yaml"
IR = REPO / "mappings/sources/ir2690/oj-2024-10-18.yaml"
ENISA = REPO / "mappings/edges/enisa-ir2690-iso27001.yaml"
GAPS = REPO / "mappings/edges/gapcheck-ir2690-gaps.yaml"
SPEC = REPO / "mappings/edges/nis2-specified-by-ir2690.yaml"
CONTROLS = REPO / "controls/iso27001-2022.yaml"

ISO_CLAUSE = re.compile(r"^iso27001:(?:[4-9]|10)(?:\.\d+)+$")
ISO_ANNEX_A = re.compile(r"^iso27001:A\.[5-8]\.\d+$")


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def source(path: Path) -> SourceVersionFile:
    return SourceVersionFile.model_validate(_load(path))


@cache
def mapping(path: Path) -> MappingFile:
    return MappingFile.model_validate(_load(path))


def requirements(path: Path) -> dict[str, Requirement]:
    return {req.id: req for req in source(path).requirements}


def pairs(path: Path) -> set[tuple[str, str]]:
    return {(edge.source, edge.target) for edge in mapping(path).edges}


def targets_of(path: Path, requirement: str) -> set[str]:
    return {edge.target for edge in mapping(path).edges if edge.source == requirement}


def descendants(reqs: dict[str, Requirement], root: str) -> set[str]:
    out = {root}
    for req in reqs.values():  # parents precede children in the file
        if req.parent in out:
            out.add(req.id)
    return out


# --- every file parses ----------------------------------------------------------------------


@pytest.mark.parametrize("path", [NIS2, IR], ids=lambda p: p.name)
def test_source_files_parse_and_parents_precede_children(path: Path) -> None:
    seen: set[str] = set()
    for req in source(path).requirements:
        assert req.id not in seen, f"duplicate requirement {req.id}"
        assert req.parent is None or req.parent in seen, f"{req.id}: parent {req.parent}"
        seen.add(req.id)


@pytest.mark.parametrize("path", [ENISA, GAPS, SPEC], ids=lambda p: p.name)
def test_mapping_files_parse(path: Path) -> None:
    assert mapping(path).edges


# --- ENISA defects ---------------------------------------------------------------------------


def test_malformed_ir_ref_12_5_colon_1_is_repaired() -> None:
    edges = mapping(ENISA).edges
    sources = {edge.source for edge in edges}
    assert not any(":" in s.removeprefix("ir2690:") for s in sources), "a colon survived in an id"
    # The mangled row pointed at the section-1 heading; ENISA maps points, never headings.
    assert "ir2690:1" not in sources
    assert targets_of(ENISA, "ir2690:12.5.1") == {
        "iso27001:A.5.11",
        "iso27001:A.5.18",
        "iso27001:A.8.24",
    }
    assert "12.5:1" in (mapping(ENISA).mapping.changes or "")


def test_miskeyed_6_1_3_row_is_read_as_6_10_3_and_dropped_as_duplicate() -> None:
    assert ("ir2690:6.1.3", "iso27001:A.8.8") not in pairs(ENISA)
    assert ("ir2690:6.10.3", "iso27001:A.8.8") in pairs(ENISA)
    assert targets_of(ENISA, "ir2690:6.1.3") == {"iso27001:A.5.21", "iso27001:A.5.23"}


def test_every_enisa_source_is_an_annex_point_with_text() -> None:
    reqs = requirements(IR)
    for edge in mapping(ENISA).edges:
        assert edge.source in reqs, edge.source
        assert reqs[edge.source].text is not None, f"{edge.source} is a heading"


def test_no_duplicate_edges() -> None:
    for path in (ENISA, GAPS, SPEC):
        keys = Counter((e.source, e.target, e.type) for e in mapping(path).edges)
        assert [k for k, n in keys.items() if n > 1] == [], path.name
    # gapcheck's gap edges do not repeat an ENISA edge either
    assert pairs(ENISA).isdisjoint(pairs(GAPS))


def test_duplicate_enisa_rows_were_removed_and_recorded() -> None:
    changes = mapping(ENISA).mapping.changes or ""
    assert "29 duplicate rows removed" in changes
    assert ("ir2690:2.1.1", "iso27001:6.1.2") in pairs(ENISA)


def test_at_least_900_enisa_edges() -> None:
    edges = mapping(ENISA).edges
    assert 900 <= len(edges) <= 954
    assert len(edges) == 925  # 954 rows − 28 duplicates − the miskeyed 6.1.3 row


def test_enisa_relationship_is_intersects_and_documented() -> None:
    meta = mapping(ENISA).mapping
    assert {edge.relationship for edge in mapping(ENISA).edges} == {Relationship.INTERSECTS}
    assert {edge.type for edge in mapping(ENISA).edges} == {EdgeType.MAPS_TO}
    assert "'intersect'" in (meta.changes or "")
    assert "correspondence, not equivalence" in (meta.changes or "")
    assert meta.source == "ENISA"
    assert meta.license == "CC BY 4.0"
    assert meta.reviewed_against == {"ir2690": "oj-2024-10-18"}


def test_clause_refs_and_annex_a_refs_are_told_apart() -> None:
    targets = {edge.target for edge in mapping(ENISA).edges}
    clauses = {t for t in targets if ISO_CLAUSE.match(t)}
    annex_a = {t for t in targets if ISO_ANNEX_A.match(t)}
    assert clauses | annex_a == targets, targets - clauses - annex_a
    assert clauses
    assert annex_a
    # the same point maps to clause 5.2 (Policy) and to control A.5.1 (Policies ...)
    assert {"iso27001:5.2", "iso27001:A.5.1"} <= targets_of(ENISA, "ir2690:1.1.1.a")
    # clause 8.2 (risk assessment) is not control A.8.2 (privileged access rights)
    assert "iso27001:8.2" in targets_of(ENISA, "ir2690:2.1.2.e")
    assert "iso27001:A.8.2" in targets_of(ENISA, "ir2690:11.3.1")
    assert "iso27001:A.8.2" not in targets_of(ENISA, "ir2690:2.1.2.e")


# --- IR sections without ENISA edges ---------------------------------------------------------


def test_ir_sections_7_2_7_3_9_2_9_3_have_edges() -> None:
    reqs = requirements(IR)
    enisa_sources = {edge.source for edge in mapping(ENISA).edges}
    gap_sources = {edge.source for edge in mapping(GAPS).edges}
    for section in ("ir2690:7.2", "ir2690:7.3", "ir2690:9.2", "ir2690:9.3"):
        points = descendants(reqs, section)
        assert points.isdisjoint(enisa_sources), f"ENISA now maps {section}; revisit the gaps"
        for point in points:
            if reqs[point].assessable:
                assert point in gap_sources, f"{point} has no edge"
    assert targets_of(GAPS, "ir2690:7.2.a") == {"iso27001:9.1"}
    assert "iso27001:A.8.24" in targets_of(GAPS, "ir2690:9.2.c.vi")


def test_gap_edges_are_gapchecks_own_with_rationale() -> None:
    meta = mapping(GAPS).mapping
    assert meta.source == "gapcheck"
    for edge in mapping(GAPS).edges:
        assert edge.type is EdgeType.MAPS_TO
        assert edge.rationale, f"{edge.source} → {edge.target} lacks a rationale"


def test_every_assessable_ir_point_has_an_iso_edge() -> None:
    mapped = {e.source for path in (ENISA, GAPS) for e in mapping(path).edges}
    unmapped = [
        req.id
        for req in source(IR).requirements
        if req.assessable and req.text is not None and req.id not in mapped
    ]
    assert unmapped == []


# --- IR annex CSV defects --------------------------------------------------------------------


def test_ir_annex_unnumbered_rows_are_repaired() -> None:
    reqs = requirements(IR)
    sp2 = reqs["ir2690:4.3.2.sp2"]
    assert sp2.parent == "ir2690:4.3.2"
    assert sp2.text is not None
    assert sp2.text.en is not None
    assert sp2.text.en.startswith("For the purpose of point (b)")
    registry = reqs["ir2690:5.2"]
    assert registry.text is not None
    assert registry.assessable
    assert "registry of their direct suppliers" in (registry.text.en or "")
    assert reqs["ir2690:5.2.a"].parent == "ir2690:5.2"
    assert reqs["ir2690:5.2.b"].parent == "ir2690:5.2"


def test_ir_annex_heading_10_2_is_verification_of_background() -> None:
    title = requirements(IR)["ir2690:10.2"].title
    assert title is not None
    assert title.en == "Verification of background"


def test_ir_annex_line_break_hyphens_are_removed() -> None:
    texts = [req.text.en or "" for req in source(IR).requirements if req.text is not None]
    assert not [t for t in texts if re.search(r"[a-z]- [a-z]", t)]
    text = requirements(IR)["ir2690:8.1.2.b"].text
    assert text is not None
    assert "topic-specific policies" in (text.en or "")


def test_ir_source_is_guidance_for_digital_infrastructure_only() -> None:
    doc = source(IR)
    assert doc.source.binding is False
    assert doc.source.applies_if.entity_types is not None
    assert [str(t) for t in doc.source.applies_if.entity_types] == ["digital_infrastructure"]
    headings = [req for req in doc.requirements if req.title is not None]
    assert all(req.title is not None and req.title.sv for req in headings)


# --- NIS2 ------------------------------------------------------------------------------------


def test_nis2_articles_20_21_23_are_present_with_titles() -> None:
    reqs = requirements(NIS2)
    expected = (
        ["nis2:20", "nis2:20.1", "nis2:20.2", "nis2:21", "nis2:21.1", "nis2:21.1.sp2"]
        + ["nis2:21.2"]
        + [f"nis2:21.2.{p}" for p in "abcdefghij"]
        + ["nis2:21.3", "nis2:21.4", "nis2:21.5", "nis2:23", "nis2:23.1", "nis2:23.2"]
        + ["nis2:23.3", "nis2:23.4"]
        + [f"nis2:23.4.{p}" for p in "abcde"]
    )
    assert set(expected) <= set(reqs)
    for req in reqs.values():
        assert req.title is not None
        assert req.title.en
        assert req.title.sv, req.id
    assert reqs["nis2:21.2.b"].title is not None
    assert reqs["nis2:21.2.b"].title.sv == "Incidenthantering"
    # the CSV's assessable flags are kept, but art. 21(2)'s chapeau is the heading of (a)–(j)
    assert not reqs["nis2:21.3"].assessable
    assert not reqs["nis2:21.2"].assessable


def test_nis2_article_23_4_deadlines() -> None:
    reqs = requirements(NIS2)

    def deadline(point: str) -> tuple[int | None, int | None, str]:
        d = reqs[f"nis2:23.4.{point}"].deadline
        assert d is not None
        return d.hours, d.months, d.after

    assert deadline("a") == (24, None, "awareness")
    assert deadline("b") == (72, None, "awareness")
    assert deadline("c") == (None, None, "request")
    assert deadline("d") == (None, 1, "incident_notification")
    assert deadline("e") == (None, None, "final_report_due")
    tsp = reqs["nis2:23.4.sp2"]
    assert tsp.applies_if is not None
    assert tsp.applies_if.trust_service_provider is True


def test_nis2_version_records_where_the_text_came_from() -> None:
    version = source(NIS2).version
    notes = version.notes or ""
    assert "search tool" in notes
    assert "https://" in notes
    # verified only if the official EUR-Lex text itself was read
    assert version.verified is False


# --- NIS2 art. 21 → IR annex (specified_by) ---------------------------------------------------


def _heading_points(title: str) -> set[str]:
    """`... (ARTICLE 21(2), POINTS (I) AND (J), OF ...)` → {"i", "j"}."""
    inside = re.search(r"\(ARTICLE 21\(2\),? POINTS? (.*?),? OF DIRECTIVE", title)
    assert inside, title
    return {p.lower() for p in re.findall(r"\(([A-J])\)", inside.group(1))}


def test_every_art_21_2_point_is_specified_by_the_sections_whose_heading_names_it() -> None:
    reqs = requirements(IR)
    edges = [e for e in mapping(SPEC).edges if e.source.startswith("nis2:21.2.")]
    assert {e.type for e in mapping(SPEC).edges} == {EdgeType.SPECIFIED_BY}
    sections = {r.id: r for r in reqs.values() if r.parent is None}
    named: dict[str, set[str]] = {
        sid: _heading_points(sec.title.en or "") for sid, sec in sections.items() if sec.title
    }
    # each edge's target lies in a section whose heading names the point
    for edge in edges:
        point = edge.source.rsplit(".", 1)[1]
        section = "ir2690:" + edge.target.removeprefix("ir2690:").split(".")[0]
        assert point in named[section], f"{edge.source} → {edge.target}"
    # and every point a heading names has an edge into that section
    for section, points in named.items():
        for point in points:
            assert any(
                e.source == f"nis2:21.2.{point}" and e.target in descendants(reqs, section)
                for e in edges
            ), f"{section} names point ({point}) but has no edge from it"
    assert {e.source for e in edges} == {f"nis2:21.2.{p}" for p in "abcdefghij"}


def test_nis2_21_2_itself_maps_to_nothing() -> None:
    assert targets_of(SPEC, "nis2:21.2") == set()


def test_art_21_1_is_linked_to_the_risk_management_framework_with_rationale() -> None:
    assert targets_of(SPEC, "nis2:21.1") == {"ir2690:2.1"}
    assert targets_of(SPEC, "nis2:21.1.sp2") == {"ir2690:2.1.3"}
    assert all(edge.rationale for edge in mapping(SPEC).edges)


# --- endpoints -------------------------------------------------------------------------------


def _all_edges() -> list[Edge]:
    return [edge for path in (ENISA, GAPS, SPEC) for edge in mapping(path).edges]


def test_every_requirement_endpoint_exists() -> None:
    known = set(requirements(NIS2)) | set(requirements(IR))
    for edge in _all_edges():
        assert edge.source in known, edge.source
        if edge.type is EdgeType.SPECIFIED_BY:
            assert edge.target in known, edge.target
        else:
            assert ISO_CLAUSE.match(edge.target) or ISO_ANNEX_A.match(edge.target), edge.target


def test_every_edge_endpoint_exists() -> None:
    if not CONTROLS.exists():
        pytest.skip("controls/iso27001-2022.yaml not built yet")
    controls = {c.id: c for c in ControlCatalogFile.model_validate(_load(CONTROLS)).controls}
    known = set(requirements(NIS2)) | set(requirements(IR)) | set(controls)
    for edge in _all_edges():
        assert edge.source in known, edge.source
        assert edge.target in known, edge.target
        if edge.target in controls:
            control = controls[edge.target]
            is_clause = control.theme.value == "clause"
            assert is_clause == bool(ISO_CLAUSE.match(edge.target)), edge.target
