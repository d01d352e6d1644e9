"""gapcheck.catalog.org_loader: every bad organisation input is a Problem naming file, line, entry.

Each test corrupts a copy of tests/data/org_tiny (checked against tests/data/catalog_tiny).
Replaced files are written out in full, so the expected line numbers can be read off the test.
"""

from __future__ import annotations

import gc
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from gapcheck.catalog import ORG_FILES, collect_org, load_org, org_loader
from gapcheck.catalog._common import gc_paused
from gapcheck.errors import GapcheckError, InputError, OrganisationError, Problem
from gapcheck.model import Catalog, MeasureStatus


@pytest.fixture
def org(copy_tree: Callable[..., Path], tiny_org_dir: Path) -> Path:
    """A writable copy of the tiny organisation."""
    return copy_tree(tiny_org_dir)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(folder: Path, catalog: Catalog | None) -> list[Problem]:
    data, problems = collect_org(folder, catalog)
    assert problems, "expected problems"
    assert data is None
    return problems


def only(problems: list[Problem], name: str) -> Problem:
    """The one problem, which must be in the file `name`."""
    assert len(problems) == 1, "\n".join(map(str, problems))
    p = problems[0]
    assert Path(p.file).name == name, p.file
    return p


# --- the valid fixture ------------------------------------------------------------------------


def test_tiny_org_loads_without_problems(tiny_org_dir: Path, tiny_catalog: Catalog) -> None:
    data, problems = collect_org(tiny_org_dir, tiny_catalog)
    assert problems == []
    assert data is not None
    assert data.organisation.id == "tiny"
    assert data.organisation.source_versions == {"nat": "v1"}
    assert [m.id for m in data.measures] == ["M-01", "M-02", "M-03"]
    assert [m.status for m in data.measures] == [
        MeasureStatus.IMPLEMENTED,
        MeasureStatus.IN_PROGRESS,
        MeasureStatus.PLANNED,
    ]
    assert str(data.measures[1].due) == "2026-12-31"
    assert str(data.measures[2].effective_due) == "2027-12-31"
    assert [r.id for r in data.risks] == ["R-01"]
    assert [a.target for a in data.assessments] == ["nat:3", "iso27001:A.8.5"]
    assert data.suppliers == ()
    assert [Path(f).name for f in data.files] == [
        "assessments.yaml",
        "measures.yaml",
        "organisation.yaml",
        "risks.yaml",
    ]


def test_without_a_catalog_references_are_not_checked(org: Path) -> None:
    write(
        org,
        "risks.yaml",
        "risks:\n  - {id: R-01, title: {sv: R}, likelihood: 1, impact: 1, concerns: [nowhere:1]}\n",
    )
    data, problems = collect_org(org, None)
    assert problems == []
    assert data is not None


# --- YAML-level problems ----------------------------------------------------------------------


def test_yaml_syntax_error_names_file_and_line(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "measures.yaml",
        """\
        measures:
          - id: M-01
            title: Policy
           status: planned
        """,
    )
    p = only(problems_of(org, tiny_catalog), "measures.yaml")
    assert p.line == 4
    assert p.message.startswith("YAML syntax error:")


def test_duplicate_yaml_key_names_both_lines(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "organisation.yaml",
        """\
        organisation:
          id: tiny
          name: Tiny
          entity_type: municipality
          nis2_class: essential
          name: Tiny again
        """,
    )
    p = only(problems_of(org, tiny_catalog), "organisation.yaml")
    assert p.line == 6
    assert p.message == "duplicate key 'name' (first on line 3)"


def test_yaml_anchors_and_aliases_are_rejected(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "measures.yaml",
        """\
        measures:
          - id: M-01
            title: Policy
            status: planned
            controls: &links
              - {control: iso27001:A.5.1}
          - id: M-02
            title: Policy review
            status: planned
            controls: *links
        """,
    )
    p = only(problems_of(org, tiny_catalog), "measures.yaml")
    assert p.line == 10  # the alias, once (the anchor is on line 5)
    assert p.message == "YAML anchors and aliases are not supported (1 aliases)"


def test_non_utf8_file_names_the_file(org: Path, tiny_catalog: Catalog) -> None:
    (org / "risks.yaml").write_bytes("risks: []  # Risker för äldreomsorgen\n".encode("latin-1"))
    p = only(problems_of(org, tiny_catalog), "risks.yaml")
    assert p.line == 1
    assert "not UTF-8" in p.message
    assert p.hint == "save as UTF-8"


def test_top_level_list_instead_of_a_mapping(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "measures.yaml",
        """\
        - id: M-01
          title: Policy
          status: planned
          controls: [{control: iso27001:A.5.1}]
        """,
    )
    problems = [p for p in problems_of(org, tiny_catalog) if p.file.endswith("measures.yaml")]
    p = only(problems, "measures.yaml")
    assert p.line == 1
    assert p.message == "the file must be a YAML mapping at the top level"
    assert p.hint == "start it with the key(s) measures"


def test_norway_problem_country_no_stays_the_string_no(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "suppliers.yaml",
        """\
        suppliers:
          - id: S-01
            name: Fjord Cloud AS
            country: NO
            personal_data: true
            mechanism: no
        """,
    )
    # `no` reaches the mechanism check as the string "no" (an unknown mechanism id, since
    # mechanisms are ids from mappings/facts/), not as the YAML 1.1 boolean False.
    _, problems = collect_org(org, tiny_catalog)
    [problem] = problems
    assert problem.message == "unknown transfer mechanism 'no'"
    assert (problem.line, problem.entry) == (6, "S-01")
    (org / "suppliers.yaml").write_text(
        (org / "suppliers.yaml").read_text(encoding="utf-8").replace("mechanism: no\n", ""),
        encoding="utf-8",
    )
    data, problems = collect_org(org, tiny_catalog)
    assert problems == []
    assert data is not None
    [supplier] = data.suppliers
    assert supplier.country == "NO"
    assert supplier.personal_data is True


# --- schema problems --------------------------------------------------------------------------


def test_unknown_field_names_file_line_and_key(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "measures.yaml",
        """\
        measures:
          - id: M-01
            title: Policy
            status: planned
            evidnce: [Policy document]
            controls:
              - {control: iso27001:A.5.1}
        """,
    )
    p = only(problems_of(org, tiny_catalog), "measures.yaml")
    assert (p.line, p.entry) == (5, "M-01")
    assert p.message == "evidnce: unknown field"
    assert p.field == "measures.0.evidnce"
    assert "spelling" in p.hint


def test_wrong_measure_status_lists_the_allowed_values(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "measures.yaml",
        """\
        measures:
          - id: M-01
            title: Policy
            status: implemented
            controls: [{control: iso27001:A.5.1}]
          - id: M-02
            title: Incident routine
            status: done
            controls: [{control: iso27001:A.5.24}]
        """,
    )
    p = only(problems_of(org, tiny_catalog), "measures.yaml")
    assert (p.line, p.entry) == (8, "M-02")
    assert p.message.startswith("status: 'done' is not one of implemented, ")
    for status in MeasureStatus:
        assert status.value in p.message
    assert p.hint == "use one of the listed values"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        pytest.param("2026-02-30", "that day does not exist", id="feb-30"),
        pytest.param("next year", "write the date as YYYY-MM-DD", id="words"),
        pytest.param("31/12/2026", "write the date as YYYY-MM-DD", id="dd/mm/yyyy"),
    ],
)
def test_due_that_is_not_a_date_names_line_and_asks_for_iso_format(
    org: Path, tiny_catalog: Catalog, value: str, reason: str
) -> None:
    write(
        org,
        "measures.yaml",
        f"""\
        measures:
          - id: M-02
            title: Incident routine
            status: planned
            due: {value}
            controls: [{{control: iso27001:A.5.24}}]
        """,
    )
    p = only(problems_of(org, tiny_catalog), "measures.yaml")
    assert (p.line, p.entry) == (5, "M-02")
    assert p.message == f"due: '{value}' is not a valid date"
    assert reason in p.hint


@pytest.mark.parametrize("value", ["2027", "86400"])
def test_due_given_as_a_number_is_rejected_with_the_iso_format_hint(
    org: Path, tiny_catalog: Catalog, value: str
) -> None:
    write(
        org,
        "measures.yaml",
        f"""\
        measures:
          - id: M-02
            title: Incident routine
            status: planned
            due: {value}
            controls: [{{control: iso27001:A.5.24}}]
        """,
    )
    data, problems = collect_org(org, tiny_catalog)
    assert data is None
    p = only(problems, "measures.yaml")
    assert p.line == 5
    assert p.hint == "write the date as YYYY-MM-DD"


def test_measure_linking_nothing_names_the_measure(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "measures.yaml",
        """\
        measures:
          - id: M-01
            title: Policy
            status: planned
            controls: [{control: iso27001:A.5.1}]
          - id: M-02
            title: Something
            status: planned
            controls: []
        """,
    )
    p = only(problems_of(org, tiny_catalog), "measures.yaml")
    assert (p.line, p.entry) == (6, "M-02")
    assert p.message.startswith("a measure must link at least one control")


def test_risk_likelihood_out_of_range_names_line(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "risks.yaml",
        """\
        risks:
          - id: R-01
            title: {sv: Risk}
            likelihood: 6
            impact: 2
        """,
    )
    p = only(problems_of(org, tiny_catalog), "risks.yaml")
    assert (p.line, p.entry) == (4, "R-01")
    assert p.message == "likelihood: 6 is too large (the limit is 5)"


def test_missing_required_field_names_the_entry(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "assessments.yaml",
        """\
        assessments:
          - target: nat:3
            result: compliant
            justification: Registered.
            date: 2026-03-01
        """,
    )
    p = only(problems_of(org, tiny_catalog), "assessments.yaml")
    assert (p.line, p.entry) == (2, "nat:3")
    assert p.message == "assessor: field missing"
    assert p.hint == "add this field"


# --- duplicates and references ----------------------------------------------------------------


def test_duplicate_measure_id_names_both_locations(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "measures.yaml",
        """\
        measures:
          - id: M-01
            title: Policy
            status: planned
            controls: [{control: iso27001:A.5.1}]
          - id: M-02
            title: Incident routine
            status: planned
            controls: [{control: iso27001:A.5.24}]
          - id: M-01
            title: Training
            status: planned
            controls: [{control: iso27001:A.6.3}]
        """,
    )
    p = only(problems_of(org, tiny_catalog), "measures.yaml")
    assert (p.line, p.entry) == (10, "M-01")
    assert p.message.startswith("duplicate measure id (first in ")
    assert p.message.endswith("measures.yaml:2)")
    assert p.hint == "give each entry its own id"


def test_duplicate_risk_id_names_both_locations(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "risks.yaml",
        """\
        risks:
          - {id: R-01, title: {sv: A}, likelihood: 1, impact: 1}
          - {id: R-01, title: {sv: B}, likelihood: 2, impact: 2}
        """,
    )
    p = only(problems_of(org, tiny_catalog), "risks.yaml")
    assert (p.line, p.entry) == (3, "R-01")
    assert p.message.endswith("risks.yaml:2)")


def test_measure_with_unknown_control_names_line_and_control(
    org: Path, tiny_catalog: Catalog
) -> None:
    write(
        org,
        "measures.yaml",
        """\
        measures:
          - id: M-02
            title: Incident routine
            status: planned
            controls:
              - {control: iso27001:A.5.24}
              - {control: iso27001:A.5.99, extent: partial}
        """,
    )
    p = only(problems_of(org, tiny_catalog), "measures.yaml")
    assert (p.line, p.entry) == (7, "M-02")
    assert p.message == "unknown control 'iso27001:A.5.99'"
    assert "controls/" in p.hint


def test_measure_with_unknown_requirement_names_line_and_requirement(
    org: Path, tiny_catalog: Catalog
) -> None:
    write(
        org,
        "measures.yaml",
        """\
        measures:
          - id: M-02
            title: Registration
            status: planned
            requirements:
              - {requirement: nat:9}
        """,
    )
    p = only(problems_of(org, tiny_catalog), "measures.yaml")
    assert (p.line, p.entry) == (6, "M-02")
    assert p.message == "unknown requirement 'nat:9'"


def test_risk_concerning_unknown_id_names_line_and_id(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "risks.yaml",
        """\
        risks:
          - id: R-01
            title: {sv: Risk}
            likelihood: 2
            impact: 3
            concerns:
              - nat:2.2
              - M-02
              - iso27001:A.5.24
              - nat:9.9
        """,
    )
    p = only(problems_of(org, tiny_catalog), "risks.yaml")
    assert (p.line, p.entry) == (10, "R-01")
    assert p.message == "unknown requirement, control or measure 'nat:9.9'"


def test_assessment_of_unknown_target_names_line_and_target(
    org: Path, tiny_catalog: Catalog
) -> None:
    write(
        org,
        "assessments.yaml",
        """\
        assessments:
          - target: nat:3
            result: compliant
            justification: Registered.
            assessor: CISO
            date: 2026-03-01
          - target: M-01
            result: compliant
            justification: A measure is not a requirement or control.
            assessor: CISO
            date: 2026-03-01
        """,
    )
    p = only(problems_of(org, tiny_catalog), "assessments.yaml")
    assert (p.line, p.entry) == (7, "M-01")
    assert p.message == "unknown requirement or control 'M-01'"


def test_two_assessments_of_one_target_on_one_date_name_both_lines(
    org: Path, tiny_catalog: Catalog
) -> None:
    write(
        org,
        "assessments.yaml",
        """\
        assessments:
          - target: nat:3
            result: compliant
            justification: Registered.
            assessor: CISO
            date: 2026-03-01
          - target: nat:3
            result: non_compliant
            justification: Not registered.
            assessor: CISO
            date: 2026-03-01
          - target: nat:3
            result: compliant
            justification: Registered later.
            assessor: CISO
            date: 2026-04-01
        """,
    )
    p = only(problems_of(org, tiny_catalog), "assessments.yaml")
    assert (p.line, p.entry) == (7, "nat:3 2026-03-01")
    assert p.message.endswith("assessments.yaml:2)")
    assert p.hint == "keep one assessment per target and date, or date the newer one"


def test_duplicate_supplier_id_names_both_locations(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "suppliers.yaml",
        """\
        suppliers:
          - {id: S-01, name: A, country: SE, personal_data: false}
          - {id: S-02, name: B, country: SE, personal_data: false}
          - {id: S-01, name: C, country: SE, personal_data: false}
        """,
    )
    p = only(problems_of(org, tiny_catalog), "suppliers.yaml")
    assert (p.line, p.entry) == (4, "S-01")
    assert p.message.endswith("suppliers.yaml:2)")


def test_references_are_checked_against_the_catalog_given_each_time(
    org: Path, tiny_catalog: Catalog
) -> None:
    # The catalog's ids are kept for the catalog last used: another catalog must not see them.
    assert collect_org(org, tiny_catalog)[1] == []
    without = tiny_catalog.model_copy(
        update={"controls": tuple(c for c in tiny_catalog.controls if c.id != "iso27001:A.8.5")}
    )
    problems = problems_of(org, without)
    assert {(Path(p.file).name, p.message) for p in problems} >= {
        ("assessments.yaml", "unknown requirement or control 'iso27001:A.8.5'")
    }
    assert collect_org(org, tiny_catalog)[1] == []


def test_unknown_version_pin_names_line_and_known_versions(
    org: Path, tiny_catalog: Catalog
) -> None:
    write(
        org,
        "organisation.yaml",
        """\
        organisation:
          id: tiny
          name: Tiny
          entity_type: municipality
          nis2_class: essential
          source_versions:
            dir: v1
            nat: v9
        """,
    )
    p = only(problems_of(org, tiny_catalog), "organisation.yaml")
    assert (p.line, p.entry) == (8, "nat")
    assert p.message == "unknown version 'v9' of source 'nat'"
    assert p.hint == "known: v1"


def test_version_pin_of_unknown_source_says_none_known(org: Path, tiny_catalog: Catalog) -> None:
    write(
        org,
        "organisation.yaml",
        """\
        organisation:
          id: tiny
          name: Tiny
          entity_type: municipality
          nis2_class: essential
          source_versions: {gdpr: oj-2016}
        """,
    )
    p = only(problems_of(org, tiny_catalog), "organisation.yaml")
    assert (p.line, p.entry) == (6, "gdpr")
    assert p.hint == "known: none"


# --- the folder -------------------------------------------------------------------------------


def test_unexpected_file_measure_yaml_is_reported(org: Path, tiny_catalog: Catalog) -> None:
    write(org, "measure.yaml", "measures: []\n")
    p = only(problems_of(org, tiny_catalog), "measure.yaml")
    assert p.line is None
    assert p.message == "unexpected file"
    assert "measures.yaml" in p.hint


def test_missing_organisation_yaml_is_reported(org: Path, tiny_catalog: Catalog) -> None:
    (org / "organisation.yaml").unlink()
    with pytest.raises(OrganisationError) as info:
        load_org(org, tiny_catalog)
    [p] = info.value.problems
    assert p.file.endswith("org_tiny/organisation.yaml")
    assert p.message == "file missing"
    assert "gapcheck init" in p.hint


def test_optional_files_may_be_missing(org: Path, tiny_catalog: Catalog) -> None:
    for name, (_, required) in ORG_FILES.items():
        if not required:
            (org / name).unlink(missing_ok=True)
    data = load_org(org, tiny_catalog)
    assert (data.measures, data.risks, data.assessments) == ((), (), ())


def test_path_that_is_not_a_folder_is_reported(tmp_path: Path, tiny_catalog: Catalog) -> None:
    with pytest.raises(OrganisationError) as info:
        load_org(tmp_path / "nowhere", tiny_catalog)
    [p] = info.value.problems
    assert p.file.endswith("nowhere")
    assert p.message == "does not exist"


def test_problem_paths_are_relative_to_the_working_directory(
    org: Path, tiny_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(org, "measure.yaml", "measures: []\n")
    monkeypatch.chdir(org.parent)
    [p] = problems_of(Path("org_tiny"), tiny_catalog)
    assert p.file == "org_tiny/measure.yaml"
    assert str(p).startswith("org_tiny/measure.yaml: unexpected file — ")


# --- error class and batching -----------------------------------------------------------------


def test_org_problems_raise_organisation_error(org: Path, tiny_catalog: Catalog) -> None:
    write(org, "measure.yaml", "measures: []\n")
    with pytest.raises(OrganisationError) as info:
        load_org(org, tiny_catalog)
    assert isinstance(info.value, InputError)
    assert isinstance(info.value, GapcheckError)
    assert str(info.value).startswith("1 problem in the input:\n")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [i for i, text in enumerate(lines, 1) if needle in text]
    assert len(found) == 1, needle
    return found[0]


def test_one_run_reports_every_problem_in_every_file(org: Path, tiny_catalog: Catalog) -> None:
    # Five problems in five files; none of them hides or causes another.
    _replace(org / "organisation.yaml", "{nat: v1}", "{nat: v2}")
    _replace(org / "measures.yaml", "id: M-03", "id: M-01  # duplicate")
    _replace(org / "risks.yaml", "iso27001:A.5.24", "iso27001:A.5.42")
    _replace(org / "assessments.yaml", "target: iso27001:A.8.5", "target: iso27001:A.8.55")
    write(org, "measure.yaml", "measures: []\n")
    with pytest.raises(OrganisationError) as info:
        load_org(org, tiny_catalog)
    err = info.value
    got = {(Path(p.file).name, p.line, p.entry) for p in err.problems}
    assert got == {
        ("organisation.yaml", _line(org / "organisation.yaml", "nat: v2"), "nat"),
        ("measures.yaml", _line(org / "measures.yaml", "duplicate"), "M-01"),
        ("risks.yaml", _line(org / "risks.yaml", "A.5.42"), "R-01"),
        ("assessments.yaml", _line(org / "assessments.yaml", "A.8.55"), "iso27001:A.8.55"),
        ("measure.yaml", None, None),
    }
    text = str(err)
    assert text.startswith("5 problems in the input:\n")
    for p in err.problems:
        assert f"  {p}" in text.splitlines()


# --- known weaknesses (bugs to fix) -----------------------------------------------------------


def test_invalid_profile_does_not_hide_a_duplicate_measure_id(
    org: Path, tiny_catalog: Catalog
) -> None:
    _replace(org / "organisation.yaml", "nis2_class: essential", "nis2_class: huge")
    _replace(org / "measures.yaml", "id: M-03", "id: M-01")
    problems = problems_of(org, tiny_catalog)
    assert {Path(p.file).name for p in problems} == {"organisation.yaml", "measures.yaml"}


def test_invalid_measure_is_not_echoed_as_unknown_measure_in_risks(
    org: Path, tiny_catalog: Catalog
) -> None:
    # risks.yaml concerns M-02; measures.yaml is dropped for an error in M-01.
    _replace(org / "measures.yaml", "status: implemented", "status: done")
    problems = problems_of(org, tiny_catalog)
    assert [Path(p.file).name for p in problems] == ["measures.yaml"]


def test_invalid_assessments_file_does_not_hide_unrelated_reference_problems(
    org: Path, tiny_catalog: Catalog
) -> None:
    _replace(org / "assessments.yaml", "result: non_compliant", "result: failed")
    _replace(org / "measures.yaml", "iso27001:A.6.3", "iso27001:A.6.33")
    _replace(org / "organisation.yaml", "{nat: v1}", "{nat: v2}")
    problems = problems_of(org, tiny_catalog)
    assert {Path(p.file).name for p in problems} == {
        "assessments.yaml",
        "measures.yaml",
        "organisation.yaml",
    }


# --- garbage collection -----------------------------------------------------------------------


def test_loading_pauses_garbage_collection_and_leaves_it_as_it_was(
    org: Path, tiny_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    original = org_loader._collect

    def spy(*args: object) -> object:
        seen.append(gc.isenabled())
        return original(*args)

    monkeypatch.setattr(org_loader, "_collect", spy)
    assert gc.isenabled()
    collect_org(org, tiny_catalog)
    load_org(org, tiny_catalog)
    assert seen == [False, False]
    assert gc.isenabled()
    gc.disable()
    try:
        collect_org(org, tiny_catalog)
        assert not gc.isenabled()  # off before (as in the CLI's start-up): stays off
    finally:
        gc.enable()
    with pytest.raises(ZeroDivisionError), gc_paused():
        _ = 1 / 0
    assert gc.isenabled()
