"""Integrity of the shipped catalogs, across all sources.

Every assessable requirement of a binding source has a path to coverage, the edges connect the
kinds of sources they are meant to connect, everything is cited, and assessable provisions carry
their text. Known exceptions are pinned as exact sets, so adding one is a deliberate act: a new
exception fails the test until it is listed here with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from gapcheck.catalog import default_catalog_root, load_catalog
from gapcheck.catalog.files import MappingFile
from gapcheck.catalog.validate import validate_doc
from gapcheck.catalog.yamlio import read_yaml
from gapcheck.model import (
    Catalog,
    EdgeType,
    LoadedVersion,
    Requirement,
    Source,
    SourceKind,
    VersionStatus,
    select_versions,
)

AS_OF = dt.date(2026, 11, 28)

# Assessable requirements of a binding source with no path to coverage at all (no own maps_to
# edge, no transposes/specified_by edge, no `sets` statement, no assessable child, not
# transposed by a mapped provision). Each is a finding, not a wish: fix the data, then remove it.
KNOWN_UNREACHABLE: dict[str, str] = {
    # Empty: every assessable requirement of a binding source has a path. An addition here must
    # be deliberate and explained.
}

# Assessable requirements without text: the MCFFS topic placeholders of the draft,
# unverified versions (docs/content.md: the official texts could not be read).
KNOWN_WITHOUT_TEXT: set[str] = {
    "mcffs-2026-1:anmalan",
    "mcffs-2026-11:sakerhetsatgarder",
    "mcffs-2026-11:utbildning",
    "mcffs-2026-8:information",
    "mcffs-2026-8:rapportering",
}

# Which kinds of source may be at either end of a `specified_by` edge.
GENERAL_KINDS = {SourceKind.EU_DIRECTIVE, SourceKind.NATIONAL_LAW}
SPECIFIC_KINDS = {SourceKind.EU_IMPLEMENTING_ACT, SourceKind.AUTHORITY_REGULATION}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(default_catalog_root())


@pytest.fixture(scope="module")
def selected(catalog: Catalog) -> dict[str, LoadedVersion]:
    return select_versions(catalog, AS_OF)


@pytest.fixture(scope="module")
def source_of(catalog: Catalog) -> dict[str, Source]:
    """Requirement id (of any version) → its source."""
    return {r.id: v.source for v in catalog.versions for r in v.requirements}


def _targets(catalog: Catalog, etype: EdgeType) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for edge in catalog.edges:
        if edge.type is etype:
            out[edge.source].add(edge.target)
    return out


def _has_text(req: Requirement) -> bool:
    return req.text is not None and bool((req.text.sv or "").strip() or (req.text.en or "").strip())


def _unreachable(catalog: Catalog, selected: dict[str, LoadedVersion]) -> set[str]:
    maps_to = _targets(catalog, EdgeType.MAPS_TO)
    inherits = {e.source for e in catalog.edges if e.type is not EdgeType.MAPS_TO}
    direct = {s.requirement for s in catalog.sets}
    transposed_by_mapped = {
        e.target for e in catalog.edges if e.type is EdgeType.TRANSPOSES and maps_to.get(e.source)
    }
    out: set[str] = set()
    for loaded in selected.values():
        if not loaded.source.binding:
            continue
        assessable_parents = {r.parent for r in loaded.requirements if r.assessable and r.parent}
        for req in loaded.requirements:
            if not req.assessable:
                continue
            if not (
                maps_to.get(req.id)
                or req.id in inherits
                or req.id in direct
                or req.id in assessable_parents
                or req.id in transposed_by_mapped
            ):
                out.add(req.id)
    return out


def test_every_assessable_binding_requirement_is_reachable(
    catalog: Catalog, selected: dict[str, LoadedVersion]
) -> None:
    unreachable = _unreachable(catalog, selected)
    new = sorted(unreachable - set(KNOWN_UNREACHABLE))
    fixed = sorted(set(KNOWN_UNREACHABLE) - unreachable)
    assert not new, f"assessable requirements with no path to coverage: {new}"
    assert not fixed, f"now reachable, remove from KNOWN_UNREACHABLE: {fixed}"


def test_the_selected_versions_are_the_expected_ones(selected: dict[str, LoadedVersion]) -> None:
    # The reachability check above is about these versions; a new version must be looked at.
    assert selected["csl"].version.id == "sfs-2025-1506"
    assert selected["nis2"].version.id == "oj-2022-12-27"
    assert not selected["ir2690"].source.binding


def test_each_csl_2_3_point_transposes_exactly_its_nis2_21_2_point(
    catalog: Catalog, selected: dict[str, LoadedVersion]
) -> None:
    transposes = _targets(catalog, EdgeType.TRANSPOSES)
    points = sorted(
        (r.id for r in selected["csl"].requirements if r.parent == "csl:2.3"),
        key=lambda i: int(i.rsplit(".p", 1)[1]),
    )
    assert points == [f"csl:2.3.p{n}" for n in range(1, 11)]
    wrong = {
        point: sorted(transposes.get(point, set()))
        for n, point in enumerate(points)
        if transposes.get(point, set()) != {f"nis2:21.2.{'abcdefghij'[n]}"}
    }
    assert not wrong, f"CSL 2 kap. 3 § points not transposing exactly their NIS2 point: {wrong}"


def test_transposes_edges_go_from_swedish_to_eu_sources(
    catalog: Catalog, source_of: dict[str, Source]
) -> None:
    bad = [
        f"{e.source} ({source_of[e.source].jurisdiction}) → {e.target} "
        f"({source_of[e.target].jurisdiction})"
        for e in catalog.edges
        if e.type is EdgeType.TRANSPOSES
        and (source_of[e.source].jurisdiction != "SE" or source_of[e.target].jurisdiction != "EU")
    ]
    assert not bad, bad
    assert any(e.type is EdgeType.TRANSPOSES for e in catalog.edges)


def test_specified_by_edges_go_from_an_act_to_a_more_specific_one(
    catalog: Catalog, source_of: dict[str, Source]
) -> None:
    bad = [
        f"{e.source} ({source_of[e.source].kind}) → {e.target} ({source_of[e.target].kind})"
        for e in catalog.edges
        if e.type is EdgeType.SPECIFIED_BY
        and (
            source_of[e.source].kind not in GENERAL_KINDS
            or source_of[e.target].kind not in SPECIFIC_KINDS
        )
    ]
    assert not bad, bad
    assert any(e.type is EdgeType.SPECIFIED_BY for e in catalog.edges)


def test_every_edge_file_and_every_edge_is_cited(catalog: Catalog) -> None:
    folder = default_catalog_root() / "mappings" / "edges"
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    assert files
    uncited: list[str] = []
    for path in files:
        doc, problems = read_yaml(path, str(path))
        assert doc is not None, problems
        parsed, problems = validate_doc(doc, MappingFile)
        assert parsed is not None, problems
        if not parsed.mapping.citation.strip():
            uncited.append(path.name)
    assert not uncited, f"edge files without a citation: {uncited}"
    loaded = {Path(f).name for f in catalog.files if Path(f).parent.name == "edges"}
    assert loaded == {p.name for p in files}
    assert not [e for e in catalog.edges if not (e.citation or "").strip()]


def test_every_source_version_is_cited(catalog: Catalog) -> None:
    uncited = [
        f"{v.source.id}/{v.version.id}" for v in catalog.versions if not v.version.citation.strip()
    ]
    assert not uncited, uncited


def test_every_requirement_id_starts_with_its_source_id(catalog: Catalog) -> None:
    bad = [
        f"{r.id} in {v.path}"
        for v in catalog.versions
        for r in v.requirements
        if not r.id.startswith(f"{v.source.id}:")
    ]
    assert not bad, bad


def test_assessable_requirements_have_text(catalog: Catalog) -> None:
    without = {
        r.id: v
        for v in catalog.versions
        for r in v.requirements
        if r.assessable and not _has_text(r)
    }
    assert set(without) == KNOWN_WITHOUT_TEXT, sorted(set(without) ^ KNOWN_WITHOUT_TEXT)
    # The exceptions are only tolerable as unverified drafts.
    for req_id, loaded in without.items():
        assert loaded.version.status is VersionStatus.DRAFT, req_id
        assert loaded.version.verified is False, req_id


def test_nis2_article_3_is_applicability_data_only(selected: dict[str, LoadedVersion]) -> None:
    reqs = {r.id: r for r in selected["nis2"].requirements}
    art3 = {i for i in reqs if i == "nis2:3" or i.startswith("nis2:3.")}
    assert art3 == {"nis2:3", "nis2:3.1", "nis2:3.2"} | {f"nis2:3.1.{p}" for p in "abcdefg"}
    assert not [i for i in art3 if reqs[i].assessable]
    assert all(_has_text(reqs[i]) for i in art3 - {"nis2:3"})
    for req_id in art3:
        title = reqs[req_id].title
        assert title is not None, req_id
        assert title.en, req_id
        assert title.sv, req_id
    notes = selected["nis2"].version.notes or ""
    assert "nis2_class" in notes
    assert "1 kap. 9 §" in notes


_OFFICIAL = ("official", "oj text", "sfst")
_NOT_OFFICIAL = ("copies", "reproduction", "secondary")


def test_verified_follows_one_rule_for_every_source(catalog: Catalog) -> None:
    # docs/content.md: verified = every text from the official publication (or an extract of
    # it that says so); one provision from a reproduction or a secondary source makes it false.
    for loaded in catalog.versions:
        notes = (loaded.version.notes or "").lower()
        names_official = any(k in notes for k in _OFFICIAL)
        names_other = any(k in notes for k in _NOT_OFFICIAL)
        where = f"{loaded.source.id} {loaded.version.id}"
        assert names_official or names_other, f"{where}: the notes say where the text was read"
        assert loaded.version.verified is (names_official and not names_other), where
