"""Issue 10, item 7: mapping rationales in Swedish and English, Swedish references of EU
provisions, and who made each edge."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from gapcheck.catalog import collect_catalog, default_catalog_root, load_catalog
from gapcheck.model import Catalog

EDGES = "mappings/edges/edges.yaml"
EU_SOURCES = ("cer", "gdpr", "nis2", "ir2690")


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog(default_catalog_root())


@pytest.fixture
def cat(copy_tree: Callable[..., Path], tiny_catalog_root: Path) -> Path:
    return copy_tree(tiny_catalog_root)


def _replace(root: Path, old: str, new: str) -> None:
    path = root / EDGES
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_plain_string_rationale_reads_as_english(tiny_catalog_root: Path) -> None:
    catalog = load_catalog(tiny_catalog_root)
    [edge] = [e for e in catalog.edges if e.source == "nat:3"]
    assert edge.rationale is not None
    assert (edge.rationale.en, edge.rationale.sv) == ("Reported through management review", None)
    [mset] = catalog.sets
    assert mset.rationale.sv is not None
    assert mset.rationale.sv.startswith("Registreringen är en direkt skyldighet")
    assert mset.rationale.get("sv") == mset.rationale.sv
    assert mset.rationale.get("en").startswith("Registration is a direct duty")


@pytest.mark.parametrize(
    ("rationale", "words"),
    [
        ("{}", "the text is empty"),
        ('{sv: "", en: " "}', "the text is empty"),
        ("{sv: Skäl, de: Grund}", "de"),
    ],
)
def test_an_empty_or_unknown_language_rationale_is_a_problem_on_its_line(
    cat: Path, rationale: str, words: str
) -> None:
    _replace(
        cat,
        'rationale: "Reported through management review"',
        f"rationale: {rationale}",
    )
    catalog, problems = collect_catalog(cat)
    assert catalog is None
    [problem] = problems
    assert problem.file.endswith(EDGES)
    assert problem.line == 15
    assert words in problem.message


def test_each_edge_says_who_made_it(shipped: Catalog) -> None:
    by = {e.mapped_by for e in shipped.edges}
    assert by == {"ENISA", "gapcheck"}
    enisa = [e for e in shipped.edges if e.mapped_by == "ENISA"]
    assert enisa
    assert all(e.source.startswith("ir2690:") for e in enisa)


def test_every_eu_provision_has_a_swedish_ref_with_the_same_numbers(shipped: Catalog) -> None:
    for loaded in shipped.versions:
        for req in loaded.requirements:
            if loaded.source.id not in EU_SOURCES:
                assert req.ref_sv is None, req.id
                continue
            assert req.ref_sv is not None, req.id
            assert req.ref_sv.startswith(("Artikel ", "Bilaga ")), req.id
            # 'Art. 28(3)(a)' and 'Artikel 28.3 a' name the same article, paragraph and point.
            assert re.findall(r"\d+", req.ref) == re.findall(r"\d+", req.ref_sv), req.id
            assert req.ref_in("sv") == req.ref_sv
            assert req.ref_in("en") == req.ref
