"""validate reports every problem in one run (issue 10 item 5): schema and reference problems
together, also when organisation.yaml itself is broken or a file has a duplicate key (each of
those used to hide the other problems until it was fixed)."""

from __future__ import annotations

from pathlib import Path

from gapcheck.catalog import collect_org
from gapcheck.errors import ProblemCode
from gapcheck.model import Catalog
from tests.conftest import CopyTree

C = ProblemCode


def _codes(org: Path, catalog: Catalog) -> set[tuple[str, int | None, ProblemCode]]:
    data, problems = collect_org(org, catalog)
    assert data is None
    return {(Path(p.file).name, p.line, p.code) for p in problems}


def test_a_broken_profile_does_not_hide_an_unknown_control(
    tiny_org_dir: Path, copy_tree: CopyTree, tiny_catalog: Catalog
) -> None:
    org = copy_tree(tiny_org_dir)
    profile = (org / "organisation.yaml").read_text(encoding="utf-8")
    (org / "organisation.yaml").write_text(
        profile.replace("entity_type: municipality", "entity_type: kommun"), encoding="utf-8"
    )
    measures = (org / "measures.yaml").read_text(encoding="utf-8")
    (org / "measures.yaml").write_text(
        measures.replace("iso27001:A.6.3", "iso27001:A.6.33"), encoding="utf-8"
    )
    assert _codes(org, tiny_catalog) == {
        ("organisation.yaml", 5, C.VALUE_NOT_ALLOWED),
        ("measures.yaml", 15, C.UNKNOWN_CONTROL),
    }


def test_a_duplicate_key_does_not_hide_a_bad_value_or_an_unknown_control(
    tiny_org_dir: Path, copy_tree: CopyTree, tiny_catalog: Catalog
) -> None:
    org = copy_tree(tiny_org_dir)
    measures = (org / "measures.yaml").read_text(encoding="utf-8")
    measures = measures.replace(
        "    status: implemented\n", "    status: implemented\n    status: implemented\n", 1
    )
    measures = measures.replace("status: in_progress", "status: pågår")
    measures = measures.replace("{requirement: nat:3, extent: full}", "{requirement: nat:33}")
    (org / "measures.yaml").write_text(measures, encoding="utf-8")
    assert _codes(org, tiny_catalog) == {
        ("measures.yaml", 6, C.YAML_DUPLICATE_KEY),
        ("measures.yaml", 12, C.VALUE_NOT_ALLOWED),
        ("measures.yaml", 22, C.UNKNOWN_REQUIREMENT),
    }
