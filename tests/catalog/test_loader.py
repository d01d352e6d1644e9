"""gapcheck.catalog.loader: every bad catalog input is a Problem naming file, line and entry.

Each test corrupts a copy of tests/data/catalog_tiny. Replaced files are written out in full
below, so the expected line numbers can be read off the test.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gapcheck.catalog import collect_catalog, default_catalog_root, load_catalog
from gapcheck.errors import (
    CatalogError,
    GapcheckError,
    InputError,
    MappingError,
    OrganisationError,
    Problem,
)
from gapcheck.model import EdgeType

DIR = "mappings/sources/dir/v1.yaml"
NAT = "mappings/sources/nat/v1.yaml"
EDGES = "mappings/edges/edges.yaml"
ISO = "controls/iso.yaml"

# 11 lines; requirement i (0-based) of dir_file() is on line 12 + i.
_DIR_HEADER = """\
source:
  id: dir
  short: DIR
  title: {en: Test directive}
  kind: eu_directive
  jurisdiction: EU
version:
  id: v1
  status: final
  citation: Test directive
requirements:
"""
_DIR_REQS = (
    '{id: dir:1, ref: "Art. 1", assessable: false}',
    '{id: dir:1.a, ref: "Art. 1(a)", parent: dir:1}',
    '{id: dir:1.b, ref: "Art. 1(b)", parent: dir:1}',
    '{id: dir:1.c, ref: "Art. 1(c)", parent: dir:1}',
)

# 6 lines; edge i (0-based) of edges_file() is on line 7 + i.
_EDGES_HEADER = """\
mapping:
  id: tiny
  title: Tiny test mapping
  source: gapcheck
  citation: gapcheck test data
edges:
"""

# 6 lines; control i (0-based) of controls_file() is on line 7 + i.
_CONTROLS_HEADER = """\
catalog:
  id: iso27001
  title: ISO/IEC 27001:2022 (test subset)
  version: "2022"
  citation: test subset
controls:
"""
_CONTROLS = (
    "{id: iso27001:A.5, ref: A.5, assessable: false, title: {en: Org}, theme: organizational}",
    "{id: iso27001:A.5.1, ref: A.5.1, parent: iso27001:A.5, title: {en: P}, theme: organizational}",
    "{id: iso27001:A.5.24, ref: A.5.24, title: {en: I}, theme: organizational}",
    "{id: iso27001:A.6.3, ref: A.6.3, title: {en: T}, theme: people}",
    "{id: iso27001:A.8.5, ref: A.8.5, title: {en: A}, theme: technological}",
    "{id: iso27001:9.3, ref: '9.3', title: {en: M}, theme: clause}",
)


def _items(header: str, items: tuple[str, ...] | list[str]) -> str:
    return header + "".join(f"  - {item}\n" for item in items)


def dir_file(*reqs: str) -> str:
    return _items(_DIR_HEADER, reqs or _DIR_REQS)


def edges_file(*edges: str, sets: tuple[str, ...] = ()) -> str:
    text = _items(_EDGES_HEADER, edges) if edges else _EDGES_HEADER.replace("edges:", "edges: []")
    return text + (_items("sets:\n", sets) if sets else "")


def controls_file(*controls: str) -> str:
    return _items(_CONTROLS_HEADER, controls or _CONTROLS)


@pytest.fixture
def cat(copy_tree: Callable[..., Path], tiny_catalog_root: Path) -> Path:
    """A writable copy of the tiny catalog."""
    return copy_tree(tiny_catalog_root)


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(root: Path) -> list[Problem]:
    catalog, problems = collect_catalog(root)
    assert problems, "expected problems"
    assert catalog is None
    return problems


def in_file(problems: list[Problem], rel: str) -> list[Problem]:
    return [p for p in problems if p.file.endswith(rel)]


def only(problems: list[Problem], rel: str) -> Problem:
    """The one problem reported for the file `rel`."""
    found = in_file(problems, rel)
    assert len(found) == 1, "\n".join(map(str, problems))
    return found[0]


def raised(root: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_catalog(root)
    return info.value


# --- the valid fixtures -----------------------------------------------------------------------


def test_tiny_catalog_loads_without_problems(tiny_catalog_root: Path) -> None:
    catalog, problems = collect_catalog(tiny_catalog_root)
    assert problems == []
    assert catalog is not None
    assert [c.id for c in catalog.controls] == [
        "iso27001:A.5",
        "iso27001:A.5.1",
        "iso27001:A.5.24",
        "iso27001:A.6.3",
        "iso27001:A.8.5",
        "iso27001:9.3",
    ]
    assert sorted(catalog.sources()) == ["dir", "nat"]
    assert [r.id for r in catalog.versions_of("dir")[0].requirements] == [
        "dir:1",
        "dir:1.a",
        "dir:1.b",
        "dir:1.c",
    ]
    assert len(catalog.edges) == 8
    assert {e.type for e in catalog.edges} == {EdgeType.MAPS_TO, EdgeType.TRANSPOSES}
    [mset] = catalog.sets
    assert (mset.requirement, mset.sufficient) == ("nat:3", False)
    assert len(catalog.files) == 4


def test_edges_inherit_the_mapping_files_citation_and_reviewed_version(
    tiny_catalog_root: Path,
) -> None:
    catalog = load_catalog(tiny_catalog_root)
    edge = next(e for e in catalog.edges if e.source == "nat:2.1")
    assert (edge.target, edge.reviewed_against, edge.citation) == (
        "dir:1.a",
        "v1",
        "gapcheck test data",
    )


_SHIPPED = default_catalog_root()


@pytest.mark.skipif(
    not any((_SHIPPED / "mappings" / "sources").glob("*/*.yaml")),
    reason="the shipped mappings/sources/ is still being written",
)
def test_shipped_catalogs_load_without_problems() -> None:
    catalog, problems = collect_catalog(default_catalog_root())
    assert problems == [], "\n".join(map(str, problems))
    assert catalog is not None


# --- YAML-level problems ----------------------------------------------------------------------


def test_yaml_syntax_error_names_file_and_line(cat: Path) -> None:
    write(cat, DIR, _DIR_HEADER + '  - id: dir:1\n    ref: "Art. 1"\n   assessable: false\n')
    p = only(problems_of(cat), DIR)
    assert p.line == 14
    assert p.message.startswith("YAML syntax error:")
    assert p.hint


def test_duplicate_yaml_key_names_both_lines(cat: Path) -> None:
    text = dir_file().replace("  status: final\n", "  status: final\n  status: draft\n")
    write(cat, DIR, text)
    p = only(problems_of(cat), DIR)
    assert p.line == 10
    assert p.message == "duplicate key 'status' (first on line 9)"


def test_yaml_anchors_and_aliases_are_rejected(cat: Path) -> None:
    write(
        cat,
        EDGES,
        edges_file(
            "{from: dir:1.a, to: iso27001:A.5.1, type: maps_to, rationale: &why Same topic}",
            "{from: dir:1.b, to: iso27001:A.5.24, type: maps_to, rationale: *why}",
        ),
    )
    err = raised(cat)
    assert type(err) is MappingError
    [p] = err.problems
    assert p.file.endswith(EDGES)
    assert p.line == 8  # the alias, not the anchor on line 7
    assert "anchors and aliases are not supported" in p.message


def test_non_utf8_file_names_the_file(cat: Path) -> None:
    text = (cat / NAT).read_text(encoding="utf-8")
    (cat / NAT).write_bytes(text.encode("latin-1"))
    p = only(problems_of(cat), NAT)
    first = next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())
    assert p.line == first
    assert "not UTF-8" in p.message


def test_top_level_list_instead_of_a_mapping_is_one_problem(cat: Path) -> None:
    write(cat, ISO, "- id: iso27001:A.5.1\n  ref: A.5.1\n")
    p = only(problems_of(cat), ISO)
    assert p.line == 1
    assert "must be a YAML mapping at the top level" in p.message
    assert "catalog" in p.hint
    assert "controls" in p.hint


# --- schema problems --------------------------------------------------------------------------


def test_unknown_field_names_file_line_and_key(cat: Path) -> None:
    write(
        cat,
        ISO,
        _CONTROLS_HEADER
        + "  - id: iso27001:A.5.1\n"
        + "    ref: A.5.1\n"
        + "    titel: {en: Policies}\n"
        + "    theme: organizational\n",
    )
    problems = in_file(problems_of(cat), ISO)
    extra = next(p for p in problems if "titel" in p.message)
    assert extra.line == 9
    assert extra.entry == "iso27001:A.5.1"
    assert extra.message == "titel: unknown field"
    assert extra.field == "controls.0.titel"
    assert "spelling" in extra.hint
    missing = next(p for p in problems if p.field == "controls.0.title")
    assert missing.message == "title: field missing"


def test_unknown_field_in_edge_names_line_and_edge(cat: Path) -> None:
    write(
        cat,
        EDGES,
        edges_file(
            "{from: dir:1.a, to: iso27001:A.5.1, type: maps_to}",
            "from: dir:1.b\n    to: iso27001:A.5.24\n    type: maps_to\n    relation: equal",
        ),
    )
    err = raised(cat)
    assert type(err) is MappingError
    [p] = err.problems
    assert (p.line, p.entry) == (11, "dir:1.b")
    assert p.message == "relation: unknown field"
    assert p.field == "edges.1.relation"
    assert "spelling" in p.hint


def test_wrong_enum_value_lists_the_allowed_values(cat: Path) -> None:
    controls = list(_CONTROLS)
    controls[3] = "{id: iso27001:A.6.3, ref: A.6.3, title: {en: T}, theme: organisational}"
    write(cat, ISO, controls_file(*controls))
    p = only(problems_of(cat), ISO)
    assert (p.line, p.entry) == (10, "iso27001:A.6.3")
    assert p.message.startswith("theme: 'organisational' is not one of ")
    for allowed in ("clause", "organizational", "people", "physical", "technological"):
        assert allowed in p.message
    # British spelling of an American-spelled value: the closest one is suggested.
    assert p.hint == "did you mean 'organizational'?"


def test_wrong_edge_type_lists_the_edge_types(cat: Path) -> None:
    write(cat, EDGES, edges_file("{from: dir:1.a, to: iso27001:A.5.1, type: mapsto}"))
    err = raised(cat)
    assert type(err) is MappingError
    [p] = err.problems
    assert (p.line, p.entry) == (7, "dir:1.a")
    assert p.message.startswith("type: 'mapsto' is not one of ")
    assert all(t.value in p.message for t in EdgeType)


@pytest.mark.parametrize("value", ["2023-02-29", "next year", "16.01.2023"])
def test_date_that_is_not_a_date_names_line_and_asks_for_iso_format(cat: Path, value: str) -> None:
    text = dir_file().replace("  status: final\n", f"  status: final\n  in_force: {value}\n")
    write(cat, DIR, text)
    p = only(problems_of(cat), DIR)
    assert p.line == 10
    assert p.message == f"in_force: '{value}' is not a valid date"
    assert "YYYY-MM-DD" in p.hint


# --- ids, duplicates and parents --------------------------------------------------------------


def test_duplicate_requirement_id_in_source_file_names_both_locations(cat: Path) -> None:
    write(cat, DIR, dir_file(*_DIR_REQS, '{id: dir:1.b, ref: "Art. 1(b) again", parent: dir:1}'))
    p = only(problems_of(cat), DIR)
    assert (p.line, p.entry) == (16, "dir:1.b")
    assert p.message.startswith("duplicate requirement id (first in ")
    assert p.message.endswith(f"{DIR}:14)")


def test_duplicate_control_id_in_two_files_names_both_files(cat: Path) -> None:
    write(cat, ISO, controls_file())
    write(cat, "controls/extra.yaml", controls_file(_CONTROLS[2]))
    p = only(problems_of(cat), ISO)
    assert (p.line, p.entry) == (9, "iso27001:A.5.24")
    assert p.message.endswith("controls/extra.yaml:7)")


def test_duplicate_source_version_names_both_files(cat: Path) -> None:
    write(cat, DIR, dir_file())
    write(cat, "mappings/sources/dir/v1-copy.yaml", dir_file())
    p = only(problems_of(cat), "dir/v1.yaml")
    assert (p.line, p.entry) == (8, "dir/v1")
    assert p.message.startswith("duplicate source version id (first in ")
    assert "dir/v1-copy.yaml:8" in p.message


def test_requirement_id_not_prefixed_by_its_source_id(cat: Path) -> None:
    write(cat, DIR, dir_file(*_DIR_REQS, '{id: nat:9, ref: "Art. 9"}'))
    p = only(problems_of(cat), DIR)
    assert (p.line, p.entry) == (16, "nat:9")
    assert p.message == "requirement id does not start with 'dir:'"
    assert "'dir:<ref>'" in p.hint


def test_unknown_requirement_parent_names_the_parent(cat: Path) -> None:
    write(cat, DIR, dir_file(*_DIR_REQS, '{id: dir:2.a, ref: "Art. 2(a)", parent: dir:2}'))
    p = only(problems_of(cat), DIR)
    assert (p.line, p.entry) == (16, "dir:2.a")
    assert p.message == "unknown parent 'dir:2'"


def test_unknown_control_parent_names_the_parent(cat: Path) -> None:
    controls = list(_CONTROLS)
    controls[3] = (
        "{id: iso27001:A.6.3, ref: A.6.3, parent: iso27001:A.6, title: {en: T}, theme: people}"
    )
    write(cat, ISO, controls_file(*controls))
    p = only(problems_of(cat), ISO)
    assert (p.line, p.entry) == (10, "iso27001:A.6.3")
    assert p.message == "unknown parent 'iso27001:A.6'"


@pytest.mark.parametrize(
    ("first", "cycle", "line"),
    [
        pytest.param(
            '{id: dir:1, ref: "Art. 1", parent: dir:1.a}',
            "dir:1 -> dir:1.a -> dir:1",
            13,  # the child's line, for the edge dir:1 -> dir:1.a
            id="two",
        ),
        pytest.param('{id: dir:1, ref: "Art. 1", parent: dir:1}', "dir:1 -> dir:1", 12, id="self"),
    ],
)
def test_requirement_parent_cycle_names_every_id(
    cat: Path, first: str, cycle: str, line: int
) -> None:
    write(cat, DIR, dir_file(first, *_DIR_REQS[1:]))
    err = raised(cat)
    assert type(err) is CatalogError
    p = only(err.problems, DIR)
    assert p.entry == "dir:1"
    assert p.message == f"cycle in transposes/specified_by/parent: {cycle}"
    assert p.line == line


def test_control_parent_cycle_is_reported(cat: Path) -> None:
    controls = list(_CONTROLS)
    controls[0] = (
        "{id: iso27001:A.5, ref: A.5, parent: iso27001:A.5.1, title: {en: O}, theme: clause}"
    )
    write(cat, ISO, controls_file(*controls))
    p = only(problems_of(cat), ISO)
    assert "iso27001:A.5 " in p.message
    assert "iso27001:A.5.1" in p.message


# --- edges and mapping sets -------------------------------------------------------------------


def test_unknown_requirement_in_edge_from_names_file_line_and_edge(cat: Path) -> None:
    write(
        cat,
        EDGES,
        edges_file(
            "{from: dir:1.a, to: iso27001:A.5.1, type: maps_to}",
            "{from: dir:1.d, to: iso27001:A.5.1, type: maps_to}",
        ),
    )
    err = raised(cat)
    assert type(err) is MappingError
    [p] = err.problems
    assert p.file.endswith(EDGES)
    assert (p.line, p.entry) == (8, "dir:1.d -> iso27001:A.5.1")
    assert p.message == "unknown requirement 'dir:1.d'"
    assert "'from'" in p.hint


def test_unknown_control_in_maps_to_edge_names_file_line_and_control(cat: Path) -> None:
    write(
        cat,
        EDGES,
        edges_file(
            "{from: dir:1.a, to: iso27001:A.5.1, type: maps_to}",
            "{from: dir:1.b, to: iso27001:A.5.25, type: maps_to}",
        ),
    )
    err = raised(cat)
    assert type(err) is MappingError
    [p] = err.problems
    assert (p.line, p.entry) == (8, "dir:1.b -> iso27001:A.5.25")
    assert p.message == "unknown control 'iso27001:A.5.25'"
    assert "controls/" in p.hint


def test_transposes_edge_to_a_control_is_an_unknown_requirement(cat: Path) -> None:
    write(cat, EDGES, edges_file("{from: nat:2.1, to: iso27001:A.5.1, type: transposes}"))
    [p] = raised(cat).problems
    assert (p.line, p.entry) == (7, "nat:2.1 -> iso27001:A.5.1")
    assert p.message == "unknown requirement 'iso27001:A.5.1'"
    assert p.hint.startswith("transposes edges")


def test_transposes_cycle_names_every_id_in_the_cycle(cat: Path) -> None:
    write(
        cat,
        EDGES,
        edges_file(
            "{from: nat:2.1, to: dir:1.a, type: transposes}",
            "{from: dir:1.a, to: nat:2.2, type: specified_by}",
            "{from: nat:2.2, to: nat:2.1, type: transposes}",
            "{from: nat:2.3, to: dir:1.c, type: transposes}",
        ),
    )
    err = raised(cat)
    assert type(err) is MappingError
    [p] = err.problems
    assert p.file.endswith(EDGES)
    assert (p.line, p.entry) == (8, "dir:1.a")
    assert p.message == (
        "cycle in transposes/specified_by/parent: dir:1.a -> nat:2.2 -> nat:2.1 -> dir:1.a"
    )
    assert "remove one" in p.hint


def test_cycle_through_a_parent_and_an_edge_is_reported(cat: Path) -> None:
    write(cat, EDGES, edges_file("{from: dir:1.a, to: dir:1, type: specified_by}"))
    [p] = raised(cat).problems
    assert p.message == "cycle in transposes/specified_by/parent: dir:1 -> dir:1.a -> dir:1"


def test_duplicate_edge_names_both_lines(cat: Path) -> None:
    edge = "{from: dir:1.a, to: iso27001:A.5.1, type: maps_to}"
    write(cat, EDGES, edges_file(edge, "{from: dir:1.b, to: iso27001:A.5.24, type: maps_to}", edge))
    [p] = raised(cat).problems
    assert (p.line, p.entry) == (9, "dir:1.a -maps_to-> iso27001:A.5.1")
    assert p.message.startswith("duplicate edge id (first in ")
    assert p.message.endswith(f"{EDGES}:7)")


def test_mapping_set_for_unknown_requirement_and_repeated_set(cat: Path) -> None:
    sets = (
        "{requirement: nat:3, sufficient: false, rationale: Direct duty}",
        "{requirement: nat:4, sufficient: false, rationale: Direct duty}",
        "{requirement: nat:3, sufficient: false, rationale: Again}",
    )
    write(cat, EDGES, edges_file(sets=sets))
    err = raised(cat)
    assert type(err) is MappingError
    unknown, repeated = err.problems
    # 6 header lines, "edges: []" on line 6, "sets:" on line 7.
    assert (unknown.line, unknown.entry, unknown.message) == (
        9,
        "nat:4",
        "unknown requirement 'nat:4'",
    )
    assert (repeated.line, repeated.entry) == (10, "nat:3")
    assert repeated.message.startswith("duplicate mapping set id")


# --- versions and sources ---------------------------------------------------------------------


def test_supersedes_unknown_version_lists_known_versions(cat: Path) -> None:
    write(cat, DIR, dir_file())
    text = dir_file().replace("  id: v1\n", "  id: v2\n  supersedes: v0\n")
    write(cat, "mappings/sources/dir/v2.yaml", text)
    p = only(problems_of(cat), "dir/v2.yaml")
    assert (p.line, p.entry) == (9, "v2")
    assert p.message == "supersedes unknown version 'v0'"
    assert p.hint == "known versions of dir: v1, v2"


def test_source_metadata_must_match_across_versions(cat: Path) -> None:
    text = (cat / DIR).read_text(encoding="utf-8")
    text = text.replace("  id: v1\n", "  id: v2\n").replace("short: DIR", "short: DIR2")
    write(cat, "mappings/sources/dir/v2.yaml", text)
    p = only(problems_of(cat), "dir/v2.yaml")
    assert (p.line, p.entry) == (2, "dir")
    assert p.message.startswith("source metadata differs from ")


def test_missing_controls_and_mappings_folders_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path)
    [p] = info.value.problems
    assert p.message == "no controls/ and mappings/ folders here"
    assert "GAPCHECK_CATALOG_DIR" in p.hint


# --- error classes, paths and batching --------------------------------------------------------


def test_error_classes_form_the_documented_tree() -> None:
    for cls in (CatalogError, MappingError, OrganisationError):
        assert issubclass(cls, InputError)
        assert issubclass(cls, GapcheckError)
    assert not issubclass(MappingError, CatalogError)


def test_source_file_problems_raise_catalog_error(cat: Path) -> None:
    write(cat, DIR, dir_file(*_DIR_REQS, '{id: nat:9, ref: "Art. 9"}'))
    err = raised(cat)
    assert type(err) is CatalogError


def test_problems_in_sources_and_edges_together_raise_catalog_error(cat: Path) -> None:
    write(cat, DIR, dir_file(*_DIR_REQS, '{id: nat:9, ref: "Art. 9"}'))
    write(cat, EDGES, edges_file("{from: dir:1.d, to: iso27001:A.5.1, type: maps_to}"))
    err = raised(cat)
    assert type(err) is CatalogError
    assert {Path(p.file).name for p in err.problems} == {"v1.yaml", "edges.yaml"}


def test_problem_paths_are_relative_to_the_working_directory(
    cat: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(cat, EDGES, edges_file("{from: dir:1.d, to: iso27001:A.5.1, type: maps_to}"))
    monkeypatch.chdir(cat.parent)
    [p] = problems_of(Path(cat.name))
    assert p.file == f"{cat.name}/{EDGES}"
    assert str(p) == (
        f"{cat.name}/{EDGES}:7 [dir:1.d -> iso27001:A.5.1]: unknown requirement 'dir:1.d'"
        " — the 'from' end must be a requirement id of a source file"
    )


def _line(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [i for i, text in enumerate(lines, 1) if needle in text]
    assert len(found) == 1, needle
    return found[0]


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_one_run_reports_every_problem_in_every_file(cat: Path) -> None:
    # Five problems in five files; none of them hides or causes another (the broken file is
    # an edge file, so no control or requirement id can be missing because of it).
    write(cat, "mappings/edges/extra.yaml", "mapping:\n  id: extra\n   title: bad indent\n")
    _append(
        cat / ISO,
        "  - {id: iso27001:A.9.9, ref: A.9.9, parent: iso27001:A.9, title: {en: X},"
        " theme: technological}\n",
    )
    _append(cat / DIR, '  - {id: nat:9, ref: "Art. 9"}\n')
    _append(cat / NAT, '  - {id: nat:3, ref: "3 kap. 1 § again"}\n')
    edges = cat / EDGES
    edges.write_text(
        edges.read_text(encoding="utf-8").replace(
            "sets:\n", "  - {from: dir:1.a, to: iso27001:A.99.1, type: maps_to}\nsets:\n"
        ),
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as info:
        load_catalog(cat)
    err = info.value
    got = {(p.file.removeprefix(str(cat) + "/"), p.line, p.entry) for p in err.problems}
    assert got == {
        ("mappings/edges/extra.yaml", 3, None),
        (ISO, _line(cat / ISO, "iso27001:A.9.9"), "iso27001:A.9.9"),
        (DIR, _line(cat / DIR, "nat:9"), "nat:9"),
        (NAT, _line(cat / NAT, "again"), "nat:3"),
        (EDGES, _line(edges, "A.99.1"), "dir:1.a -> iso27001:A.99.1"),
    }
    text = str(err)
    assert text.startswith("5 problems in the input:\n")
    for p in err.problems:
        assert f"  {p}" in text.splitlines()


# --- known weaknesses (bugs to fix) -----------------------------------------------------------


def test_stray_yaml_file_directly_in_sources_is_reported(cat: Path) -> None:
    (cat / NAT).rename(cat / "mappings/sources/nat.yaml")
    problems = problems_of(cat)
    assert in_file(problems, "mappings/sources/nat.yaml")


def test_schema_error_in_a_source_file_is_not_echoed_as_unknown_requirements(cat: Path) -> None:
    text = (cat / NAT).read_text(encoding="utf-8").replace("  short: NAT", "  shrot: NAT")
    write(cat, NAT, text)
    problems = problems_of(cat)
    assert in_file(problems, EDGES) == [], "\n".join(map(str, problems))
