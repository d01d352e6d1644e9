"""Hostile YAML (issue 14 items 5, 6, 7 and 14): each file under tests/hostile/yaml/ replaces an
organisation's measures.yaml and must give one clean problem at its line — never a traceback,
never a value constructed from a tag. Its first lines say what it is and what is expected:

    # case: <what it is and what went wrong before>
    # expect: <problem code> line <n> "<text the message quotes>"
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapcheck.catalog import collect_org
from gapcheck.catalog.yamlio import MAX_DEPTH, MAX_NUMBER_CHARS, MAX_TEXT_CHARS
from gapcheck.errors import MAX_SHOWN, Problem, ProblemCode
from gapcheck.model import Catalog
from tests.hostile.conftest import CASES, cli

_EXPECT = re.compile(r'^# expect: (\w+) line (\d+) "(.*)"$', re.M)
_FILES = sorted(CASES.glob("*.yaml"))


def _expected(case: Path) -> tuple[ProblemCode, int, str]:
    found = _EXPECT.search(case.read_text(encoding="utf-8"))
    assert found, f"{case.name} has no '# expect:' line"
    return ProblemCode(found[1]), int(found[2]), found[3]


def _measures_problems(org: Path, catalog: Catalog) -> list[Problem]:
    data, problems = collect_org(org, catalog)
    assert data is None
    return [p for p in problems if p.file.endswith("measures.yaml")]


@pytest.mark.parametrize("case", _FILES, ids=lambda p: p.stem)
def test_a_hostile_file_is_one_problem_at_its_line(
    case: Path, org: Path, tiny_catalog: Catalog
) -> None:
    code, line, quoted = _expected(case)
    (org / "measures.yaml").write_bytes(case.read_bytes())
    problems = _measures_problems(org, tiny_catalog)
    of_code = [p for p in problems if p.code is code]
    assert [(p.code, p.line) for p in of_code] == [(code, line)], problems
    assert quoted in of_code[0].message
    if code.value.startswith("yaml_"):  # refused before anything is validated
        assert len(problems) == 1, problems


@pytest.mark.parametrize("case", _FILES, ids=lambda p: p.stem)
def test_validate_reports_a_hostile_file_cleanly(case: Path, org: Path, runner: CliRunner) -> None:
    _, line, quoted = _expected(case)
    (org / "measures.yaml").write_bytes(case.read_bytes())
    result = cli(runner, "validate", org, "--lang", "en")
    assert result.exit_code == 1
    assert f"measures.yaml:{line}" in result.stderr
    assert result.stderr.count(quoted) == 1


def _write_measure(org: Path, field: str) -> None:
    (org / "risks.yaml").write_text("risks: []\n", encoding="utf-8")  # they name M-02
    (org / "measures.yaml").write_text(
        "measures:\n  - id: M-01\n    title: Policy\n    status: planned\n"
        f"    {field}\n    controls: [{{control: iso27001:A.5.1}}]\n",
        encoding="utf-8",
    )


def test_a_5000_digit_integer_is_a_problem_not_a_traceback(
    org: Path, tiny_catalog: Catalog, runner: CliRunner
) -> None:
    _write_measure(org, "plan_year: " + "9" * 5000)
    [p] = _measures_problems(org, tiny_catalog)
    assert (p.code, p.line) == (ProblemCode.YAML_NUMBER, 5)
    assert f"5000 digits, more than {MAX_NUMBER_CHARS}" in p.message
    result = cli(runner, "validate", org, "--lang", "en")
    assert result.exit_code == 1
    assert "9" * 100 not in result.output  # the value is not echoed


def test_a_yaml11_sexagesimal_integer_is_text_and_cheap(org: Path, tiny_catalog: Catalog) -> None:
    # 1:1:1:… was a base-60 integer (49 s of CPU for 824 KB); now it is text.
    value = ":".join(["1"] * 5000)
    _write_measure(org, f"owner: {value}")
    data, problems = collect_org(org, tiny_catalog)
    assert problems == []
    assert data is not None
    assert data.measures[0].owner == value


def test_a_sexagesimal_value_in_a_number_field_is_quoted_back(
    org: Path, tiny_catalog: Catalog
) -> None:
    _write_measure(org, "plan_year: 1:1:1:1")
    [p] = _measures_problems(org, tiny_catalog)
    assert p.code is ProblemCode.VALUE_NOT_INT
    assert p.message == "plan_year: '1:1:1:1' is not a whole number"
    assert p.entry == "M-01"


def test_a_value_over_the_text_limit_is_refused_without_echoing_it(
    org: Path, tiny_catalog: Catalog
) -> None:
    _write_measure(org, "description: " + "x" * (MAX_TEXT_CHARS + 1))
    [p] = _measures_problems(org, tiny_catalog)
    assert (p.code, p.line) == (ProblemCode.TEXT_TOO_LONG, 5)
    assert "xxxx" not in p.render("en")


def test_deep_nesting_is_one_problem(org: Path, tiny_catalog: Catalog) -> None:
    depth = MAX_DEPTH * 4
    (org / "measures.yaml").write_text("measures: " + "[" * depth + "]" * depth + "\n")
    [p] = _measures_problems(org, tiny_catalog)
    assert p.code is ProblemCode.YAML_DEPTH


def test_non_utf8_bytes_are_named_by_line(org: Path, tiny_catalog: Catalog) -> None:
    text = (org / "measures.yaml").read_text(encoding="utf-8")
    (org / "measures.yaml").write_bytes(text.encode("latin-1"))  # 'ä' on line 3
    [p] = _measures_problems(org, tiny_catalog)
    assert (p.code, p.line) == (ProblemCode.NOT_UTF8, 3)


def test_thousands_of_bad_rows_print_the_first_problems_and_a_count(
    org: Path, runner: CliRunner
) -> None:
    rows = "".join(
        f"  - id: M-{i:05}\n    title: T\n    status: klar\n    controls: [{{control: c:{i}}}]\n"
        for i in range(3000)
    )
    (org / "measures.yaml").write_text("measures:\n" + rows, encoding="utf-8")
    result = cli(runner, "validate", org, "--lang", "en")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "3000 problems found:"
    assert len(lines) == 1 + MAX_SHOWN + 1
    assert lines[-1] == f"  … and {3000 - MAX_SHOWN} more (fix the first ones and run again)"
