"""docs/hardening.md is tested against the code: every test it names exists, and every numbered
case of issue 14 has a row naming at least one test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "hardening.md"
_REF = re.compile(r"`((?:tests/[\w/]+\.py)?)(?:::(\w+))?`")


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


def _rows() -> dict[int, list[tuple[str, str]]]:
    """Case number -> the (file, test) pairs its row names (`::name` reads the last file)."""
    rows: dict[int, list[tuple[str, str]]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        case = re.match(r"^\| (\d+) \|", line)
        if not case:
            continue
        refs, current = [], ""
        for file, name in _REF.findall(line.rsplit(" | ", 1)[-1]):
            current = file or current
            if current:
                refs.append((current, name))
        rows[int(case[1])] = refs
    return rows


def test_every_case_of_issue_14_names_its_tests() -> None:
    rows = _rows()
    assert sorted(rows) == list(range(1, 18))
    assert all(rows.values()), [n for n, refs in rows.items() if not refs]


def test_every_test_the_page_names_exists() -> None:
    missing = []
    for refs in _rows().values():
        for file, name in refs:
            path = ROOT / file
            if not path.is_file() or (name and name not in _tests_in(path)):
                missing.append(f"{file}::{name}")
    assert not missing
