"""Per-source counts are pinned, and docs/content.md shows exactly these numbers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from gapcheck.model import Catalog, EdgeType

ROOT = Path(__file__).parents[2]

# source id -> (version, status, verified, requirements, assessable, maps_to, transposes,
# specified_by): edges counted at their `from` end, mapping sets not counted.
PINNED: dict[str, tuple[str, str, bool, int, int, int, int, int]] = {
    "cer": ("oj-2022-12-27", "final", True, 33, 14, 42, 0, 0),
    "csf": ("sfs-2025-1507", "final", True, 93, 0, 0, 0, 0),
    "csl": ("sfs-2025-1506", "final", True, 178, 25, 35, 23, 13),
    "gdpr": ("oj-2016-05-04", "final", False, 95, 17, 42, 0, 0),
    "ir2690": ("oj-2024-10-18", "final", True, 438, 351, 993, 0, 0),
    "mcffs-2026-1": ("unverified-2026-11-28", "draft", False, 2, 1, 2, 0, 0),
    "mcffs-2026-11": ("unverified-2026-11-28", "draft", False, 2, 2, 6, 0, 0),
    "mcffs-2026-12": ("unverified-2026-11-28", "draft", False, 2, 0, 0, 0, 0),
    "mcffs-2026-8": ("unverified-2026-11-28", "draft", False, 3, 2, 5, 0, 0),
    "nis2": ("oj-2022-12-27", "final", False, 44, 22, 3, 0, 21),
}


def counts(catalog: Catalog) -> dict[str, tuple[str, str, bool, int, int, int, int, int]]:
    """The numbers of the newest version of each source (the one shipped as current)."""
    edges = Counter((e.source.split(":", 1)[0], e.type) for e in catalog.edges)
    out = {}
    for source_id in sorted(catalog.sources()):
        loaded = catalog.versions_of(source_id)[-1]
        reqs = loaded.requirements
        out[source_id] = (
            loaded.version.id,
            loaded.version.status.value,
            loaded.version.verified,
            len(reqs),
            sum(1 for r in reqs if r.assessable),
            edges[(source_id, EdgeType.MAPS_TO)],
            edges[(source_id, EdgeType.TRANSPOSES)],
            edges[(source_id, EdgeType.SPECIFIED_BY)],
        )
    return out


def table(numbers: dict[str, tuple[str, str, bool, int, int, int, int, int]]) -> str:
    lines = [
        "| source | version | status | verified | requirements | assessable | maps_to | "
        "transposes | specified_by |",
        "|---|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for source_id, (version, status, verified, *nums) in numbers.items():
        cells = [f"`{source_id}`", f"`{version}`", status, "yes" if verified else "**no**"]
        lines.append("| " + " | ".join(cells + [str(n) for n in nums]) + " |")
    return "\n".join(lines)


def test_counts_are_pinned(shipped: Catalog) -> None:
    assert counts(shipped) == PINNED


def test_docs_content_md_has_the_counts_table(shipped: Catalog) -> None:
    text = (ROOT / "docs" / "content.md").read_text(encoding="utf-8")
    assert table(counts(shipped)) in text, (
        "regenerate the table: see tests/facts/test_facts_content.py"
    )


def test_every_source_has_a_section_in_docs_content_md(shipped: Catalog) -> None:
    text = (ROOT / "docs" / "content.md").read_text(encoding="utf-8")
    for source_id in shipped.sources():
        assert f"### `{source_id}`" in text, source_id
