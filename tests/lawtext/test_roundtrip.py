"""The proof of issue 13: importing the official texts of SFS 2025:1506 and 2025:1507 gives
exactly the shipped catalog versions — every provision, its id, text, reference and parent —
with nothing left over on either side. The one deliberate difference is a documented repair
(mappings/sources/csl/repairs.toml), applied by the importer itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gapcheck.catalog import default_catalog_root, load_catalog
from gapcheck.lawtext import apply_repairs, load_repairs, parse_law, requirements_of
from gapcheck.model import Catalog, LoadedVersion

REPO = Path(__file__).parents[2]
REFERENCE = REPO.parent / "shared/reference"
CASES = [("csl", "sfs-2025-1506"), ("csf", "sfs-2025-1507")]


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog(default_catalog_root())


def _version(catalog: Catalog, source: str, version: str) -> LoadedVersion:
    return next(v for v in catalog.versions_of(source) if v.version.id == version)


def _imported(source: str, version: str) -> list[tuple[str, str, str | None, str | None]]:
    path = REFERENCE / f"{version}.txt"
    if not path.is_file():
        pytest.skip(f"the official text {path} is not available")
    law = parse_law(path.read_text(encoding="utf-8"), str(path))
    repairs = load_repairs(
        default_catalog_root() / "mappings" / "sources" / source / "repairs.toml", "repairs"
    )
    provisions, _, stale = apply_repairs(list(law.provisions), repairs, f"{source}:")
    assert not stale
    reqs = requirements_of(provisions, f"{source}:", "sv")
    return [(r.id, r.ref, r.parent, r.text.sv if r.text else None) for r in reqs]


@pytest.mark.parametrize(("source", "version"), CASES)
def test_importing_the_official_text_reproduces_every_shipped_provision(
    shipped: Catalog, source: str, version: str
) -> None:
    got = _imported(source, version)
    want = [
        (r.id, r.ref, r.parent, r.text.sv if r.text else None)
        for r in _version(shipped, source, version).requirements
    ]
    assert [g[0] for g in got] == [w[0] for w in want]  # the same ids, in document order
    differing = [(w, g) for w, g in zip(want, got, strict=True) if w != g]
    assert not differing, differing[:3]


def test_the_only_documented_repair_is_the_trust_service_sentence() -> None:
    repairs = load_repairs(
        default_catalog_root() / "mappings" / "sources" / "csl" / "repairs.toml", "repairs"
    )
    assert [(r.id, r.source_of, r.first) for r in repairs] == [("csl:2.6.st2", "csl:2.6", 2)]
    assert "second sentence" in repairs[0].reason
    assert not (default_catalog_root() / "mappings" / "sources" / "csf" / "repairs.toml").exists()


def test_the_shipped_act_is_complete_and_its_new_provisions_are_not_duties(
    shipped: Catalog,
) -> None:
    csl = {r.id: r for r in _version(shipped, "csl", "sfs-2025-1506").requirements}
    # The parts the issue names as missing before: definitions, 3 kap. 2 and 9–11 §§,
    # sanctions (with the 10 MSEK cap for public operators) and 5 kap.
    for ident in ("csl:1.2", "csl:1.2.p17", "csl:3.2", "csl:3.9", "csl:3.10", "csl:3.11"):
        assert ident in csl, ident
    cap = csl["csl:4.10.p3"]
    assert cap.text is not None
    assert cap.text.sv == "10 000 000 kronor för en offentlig verksamhetsutövare."
    assert {"csl:4", "csl:5", "csl:5.1", "csl:ob.2025-1506.p1"} <= set(csl)
    chapters_3_to_5 = [
        r for i, r in csl.items() if i.split(":")[1].split(".")[0] in ("4", "5", "ob")
    ]
    assert chapters_3_to_5
    assert not [r.id for r in chapters_3_to_5 if r.assessable]
    assessable = sorted(i for i, r in csl.items() if r.assessable)
    # Every duty of the organisation, nothing more (2 kap. 3 § is the heading of its points).
    assert len(assessable) == 25


def test_the_ids_the_rest_of_the_catalog_names_are_all_still_there(shipped: Catalog) -> None:
    named = {e.source for e in shipped.edges} | {e.target for e in shipped.edges}
    ids = {r.id for v in shipped.versions for r in v.requirements}
    missing = sorted(i for i in named if i.startswith(("csl:", "csf:")) and i not in ids)
    assert not missing
