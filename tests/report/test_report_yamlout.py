"""measures.yaml as the importer writes it: stable layout, exact read-back, comments kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.catalog.files import MeasuresFile
from gapcheck.catalog.validate import validate_doc
from gapcheck.catalog.yamlio import read_yaml
from gapcheck.model.org import Measure
from gapcheck.report.yamlout import comment_blocks, measures_yaml

TRICKY = [
    "no",
    "2026",
    "2026-12-31",
    "1:20",
    "null",
    "~",
    "- list?",
    "a: b",
    "a #b",
    "ends with colon:",
    '"quoted"',
    "'single'",
    "tab\there",
    "line\nbreak",
    "Åtgärd – 24 h (MCF)",
    '=HYPERLINK("http://x","y")',
    "@SUM(1)",
    "%percent",
    "*alias",
    "&anchor",
    "!tag",
    "|pipe",
    ">fold",
    "[list]",
    "{map}",
    "back\\slash",
    "x\u2028y",
    "emoji \U0001f600",
    "ord " * 40 + "slut",
]


def _measure(title: str, **extra: object) -> Measure:
    return Measure.model_validate(
        {
            "id": "M-1",
            "title": title,
            "status": "planned",
            "controls": [{"control": "iso27001:A.5.1", "extent": "partial"}],
            **extra,
        }
    )


def _read_back(tmp_path: Path, text: str) -> list[Measure]:
    path = tmp_path / "measures.yaml"
    path.write_text(text, encoding="utf-8")
    doc, problems = read_yaml(path, "measures.yaml")
    assert not problems
    assert doc is not None
    parsed, problems = validate_doc(doc, MeasuresFile)
    assert not problems
    assert parsed is not None
    return list(parsed.measures)


@pytest.mark.parametrize("title", TRICKY)
def test_tricky_text_reads_back_with_the_project_loader(tmp_path: Path, title: str) -> None:
    m = _measure(title, description=title, owner=title, evidence=[title])
    assert _read_back(tmp_path, measures_yaml([m])) == [m]


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=120).map(str.strip).filter(bool))
def test_any_text_reads_back(title: str) -> None:
    m = _measure(title)
    # measures_yaml verifies its own output and raises rather than write something else.
    assert measures_yaml([m]).startswith("measures:\n")


def test_layout_is_stable_and_readable() -> None:
    m = _measure(
        "Incidentrutin",
        owner="IT-chef",
        due="2026-12-31",
        plan_year=2026,
        evidence=["Rutin v1"],
        requirements=[{"requirement": "csl:2.5", "reviewed_against": "sfs-2025-1506"}],
    )
    assert measures_yaml([m], ["# Åtgärder"]) == (
        "# Åtgärder\n"
        "measures:\n"
        "\n"
        "  - id: M-1\n"
        "    title: Incidentrutin\n"
        "    owner: IT-chef\n"
        "    status: planned\n"
        "    due: 2026-12-31\n"
        "    plan_year: 2026\n"
        "    evidence:\n"
        "      - Rutin v1\n"
        "    controls:\n"
        "      - {control: iso27001:A.5.1, extent: partial}\n"
        "    requirements:\n"
        "      - {requirement: csl:2.5, extent: full, reviewed_against: sfs-2025-1506}\n"
    )


def test_long_descriptions_are_folded() -> None:
    text = measures_yaml([_measure("T", description="ord " * 60 + "slut")])
    assert "    description: >-\n      ord ord" in text
    assert max(len(line) for line in text.splitlines()) <= 100


def test_empty_list() -> None:
    assert measures_yaml([]) == "measures: []\n"


def test_comment_blocks_are_found() -> None:
    header, above = comment_blocks(
        "# top\n# more\nmeasures:\n\n  # about M-1\n  - id: M-1\n    title: x\n"
        "  # about M-2\n\n  - id: 'M-2'\n"
    )
    assert header == ["# top", "# more"]
    assert above == {"M-1": ["  # about M-1"], "M-2": ["  # about M-2"]}


def test_the_example_measures_round_trip(tmp_path: Path) -> None:
    example = Path(__file__).parents[2] / "examples" / "aldreforvaltningen" / "measures.yaml"
    if not example.is_file():
        pytest.skip("no example organisation")
    original = _read_back(tmp_path, example.read_text(encoding="utf-8"))
    header, above = comment_blocks(example.read_text(encoding="utf-8"))
    text = measures_yaml(original, header, above)
    assert _read_back(tmp_path, text) == original
    assert text.count("#") >= 4
    assert dt.date(2026, 6, 30) in {m.due for m in original}
