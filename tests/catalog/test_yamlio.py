"""gapcheck.catalog.yamlio: safe YAML reading with line numbers; bad input is a Problem."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gapcheck.catalog import yamlio
from gapcheck.catalog.files import MeasuresFile
from gapcheck.catalog.validate import validate_doc
from gapcheck.catalog.yamlio import YamlDoc, read_yaml
from gapcheck.errors import Problem


def _read(tmp_path: Path, text: str) -> tuple[YamlDoc | None, list[Problem]]:
    path = tmp_path / "doc.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return read_yaml(path, "shown/doc.yaml")


def _ok(tmp_path: Path, text: str) -> YamlDoc:
    doc, problems = _read(tmp_path, text)
    assert problems == []
    assert doc is not None
    return doc


def _only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


# --- values -------------------------------------------------------------------------------


def test_dates_reach_the_validator_as_text(tmp_path: Path) -> None:
    doc = _ok(tmp_path, "due: 2026-12-31\nbad: 2026-02-30\nstamp: 2026-12-31 10:00:00\n")
    assert doc.data == {"due": "2026-12-31", "bad": "2026-02-30", "stamp": "2026-12-31 10:00:00"}


def test_norway_problem_country_no_and_yaml11_booleans_stay_strings(tmp_path: Path) -> None:
    doc = _ok(tmp_path, "country: NO\na: yes\nb: no\nc: on\nd: off\ne: y\nf: n\n")
    assert doc.data == {"country": "NO", "a": "yes", "b": "no", "c": "on", "d": "off"} | {
        "e": "y",
        "f": "n",
    }


def test_true_and_false_are_still_booleans_and_numbers_still_numbers(tmp_path: Path) -> None:
    doc = _ok(tmp_path, "a: true\nb: False\nc: TRUE\nn: 3\nw: 0.5\nz: null\n")
    assert doc.data == {"a": True, "b": False, "c": True, "n": 3, "w": 0.5, "z": None}
    assert type(doc.data["n"]) is int


def test_a_number_prefix_without_digits_is_text_not_a_crash(tmp_path: Path) -> None:
    doc = _ok(tmp_path, "a: 0b_\nb: -0x__\nc: 0x_F\nd: 0b1_0\ne: 0x\n")
    assert doc.data == {"a": "0b_", "b": "-0x__", "c": 15, "d": 2, "e": "0x"}


def test_utf8_text_and_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufefftitle: Åtgärd för äldreförvaltningen\n".encode())
    doc, problems = read_yaml(path, "bom.yaml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"title": "Åtgärd för äldreförvaltningen"}


def test_empty_file_is_read_as_no_data(tmp_path: Path) -> None:
    doc = _ok(tmp_path, "# only a comment\n")
    assert doc.data is None
    assert doc.root is None


# --- line numbers ---------------------------------------------------------------------------


_MEASURES = """\
measures:
  - id: M-01
    title: Policy
    status: planned
    controls:
      - {control: iso27001:A.5.1}
      - control: iso27001:A.5.24
        extent: partial
"""


def test_line_of_a_present_key_is_the_key_line(tmp_path: Path) -> None:
    doc = _ok(tmp_path, _MEASURES)
    assert doc.line_of(()) == 1
    assert doc.line_of(("measures",)) == 1
    assert doc.line_of(("measures", 0)) == 2
    assert doc.line_of(("measures", 0, "status")) == 4
    assert doc.line_of(("measures", 0, "controls", 0)) == 6
    assert doc.line_of(("measures", 0, "controls", 1, "extent")) == 8


def test_line_of_a_missing_key_or_index_is_the_nearest_parent(tmp_path: Path) -> None:
    doc = _ok(tmp_path, _MEASURES)
    assert doc.line_of(("measures", 0, "owner")) == 2
    assert doc.line_of(("measures", 7, "id")) == 1
    assert doc.line_of(("measures", 0, "controls", 1, "control", "deeper")) == 7


# --- syntax and structure -------------------------------------------------------------------


def test_syntax_error_names_file_and_line_of_the_bad_indentation(tmp_path: Path) -> None:
    doc, problems = _read(
        tmp_path,
        """\
        measures:
          - id: M-01
           title: Policy
        """,
    )
    assert doc is None
    p = _only(problems)
    assert (p.file, p.line) == ("shown/doc.yaml", 3)
    assert p.message.startswith("YAML syntax error:")
    assert "indentation" in p.hint


def test_tab_indentation_is_a_syntax_error_with_its_line(tmp_path: Path) -> None:
    _, problems = _read(tmp_path, "measures:\n  - id: M-01\n\ttitle: x\n")
    p = _only(problems)
    assert p.line == 3
    assert "YAML syntax error" in p.message
    assert "tab" in p.message.lower() or "'\\t'" in p.message


def test_duplicate_key_names_its_line_and_the_first_line(tmp_path: Path) -> None:
    doc, problems = _read(
        tmp_path,
        """\
        measures:
          - id: M-01
            title: Policy
            status: planned
            title: Policy again
        """,
    )
    assert doc is None
    p = _only(problems)
    assert (p.file, p.line) == ("shown/doc.yaml", 5)
    assert p.message == "duplicate key 'title' (first on line 3)"


def test_duplicate_top_level_key_is_an_error(tmp_path: Path) -> None:
    _, problems = _read(tmp_path, "measures: []\nrisks: []\nmeasures: []\n")
    p = _only(problems)
    assert p.line == 3
    assert "duplicate key 'measures' (first on line 1)" in p.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("a: &x foo\nb: *x\n", 2, id="scalar"),
        pytest.param("a: &x {k: v}\nb: *x\n", 2, id="mapping"),
        pytest.param("base: &b\n  k: v\nother:\n  <<: *b\n  j: w\n", 4, id="merge-key"),
    ],
)
def test_anchors_and_aliases_are_rejected_at_the_first_alias(
    tmp_path: Path, text: str, line: int
) -> None:
    doc, problems = _read(tmp_path, text)
    assert doc is None
    p = _only(problems)
    assert p.line == line
    assert "anchors and aliases are not supported" in p.message


def test_alias_bomb_is_rejected_without_expanding_it(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    _, problems = _read(tmp_path, "\n".join(lines) + "\n")
    assert problems
    assert all("anchors and aliases" in p.message for p in problems)


def test_several_documents_in_one_file_are_rejected(tmp_path: Path) -> None:
    _, problems = _read(tmp_path, "measures: []\n---\nmeasures: []\n")
    p = _only(problems)
    assert p.line == 2
    assert "expected a single document" in p.message


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    _, problems = _read(tmp_path, "measures: !!python/object/apply:os.system ['true']\n")
    p = _only(problems)
    assert p.line == 1
    assert p.message == "the YAML tag !!python/object/apply:os.system is not allowed"


def test_unhashable_key_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    _, problems = _read(tmp_path, "measures: []\n? [a, b]\n: c\n")
    p = _only(problems)
    assert p.line == 2
    assert "unhashable key" in p.message


def test_deeply_nested_input_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    # The RecursionError is turned into a plain assertion: its deep traceback is slow
    # for pytest to render.
    crashed = False
    try:
        _, problems = _read(tmp_path, "measures: " + "[" * 600 + "]" * 600 + "\n")
    except RecursionError:
        crashed = True
    assert not crashed, "RecursionError escaped read_yaml"
    p = _only(problems)
    assert p.file == "shown/doc.yaml"


# --- file level ------------------------------------------------------------------------------


def test_non_utf8_file_is_a_problem_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Åtgärd\n".encode("latin-1"))
    doc, problems = read_yaml(path, "shown/latin1.yaml")
    assert doc is None
    p = _only(problems)
    assert (p.file, p.line) == ("shown/latin1.yaml", 1)
    assert "not UTF-8" in p.message
    assert "UTF-8" in p.hint


def test_unreadable_path_is_a_problem(tmp_path: Path) -> None:
    doc, problems = read_yaml(tmp_path / "absent.yaml", "absent.yaml")
    assert doc is None
    p = _only(problems)
    assert p.file == "absent.yaml"
    assert p.message.startswith("cannot read")


def test_oversized_file_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 10)
    doc, problems = _read(tmp_path, "measures: []\nrisks: []\n")
    assert doc is None
    p = _only(problems)
    assert "over the 10 byte limit" in p.message


# --- validate_doc --------------------------------------------------------------------------


def test_top_level_list_is_one_problem_naming_the_expected_keys(tmp_path: Path) -> None:
    doc = _ok(tmp_path, "- id: M-01\n  title: Policy\n")
    parsed, problems = validate_doc(doc, MeasuresFile)
    assert parsed is None
    p = _only(problems)
    assert (p.file, p.line) == ("shown/doc.yaml", 1)
    assert "must be a YAML mapping at the top level" in p.message
    assert "measures" in p.hint


def test_validation_problem_names_field_path_line_and_entry(tmp_path: Path) -> None:
    doc = _ok(tmp_path, _MEASURES.replace("status: planned", "status: planed"))
    _, problems = validate_doc(doc, MeasuresFile)
    p = _only(problems)
    assert (p.line, p.entry) == (4, "M-01")
    assert p.message.startswith("status: 'planed' is not one of ")
    assert p.field == "measures.0.status"
    assert p.hint == "did you mean 'planned'?"
