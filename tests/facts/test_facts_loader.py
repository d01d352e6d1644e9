"""The facts files load with located problems; suppliers name mechanisms by id."""

from __future__ import annotations

import textwrap
from pathlib import Path

from gapcheck.catalog import collect_catalog, collect_org, default_catalog_root
from gapcheck.model import Catalog

ROOT = Path(__file__).parents[2]


def _write(path: Path, text: str) -> None:
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_unknown_mechanism_id_names_file_line_supplier_and_known_ids(
    shipped: Catalog, tmp_path: Path
) -> None:
    org = tmp_path / "org"
    org.mkdir()
    _write(
        org / "organisation.yaml",
        """\
        organisation: {id: o, name: O, entity_type: municipality, nis2_class: essential}
        """,
    )
    _write(
        org / "suppliers.yaml",
        """\
        suppliers:
          - id: S-01
            name: Cloud Inc.
            country: US
            personal_data: true
            mechanism: EU-US Data Privacy Framework
        """,
    )
    data, problems = collect_org(org, shipped)
    assert data is None
    [p] = problems
    assert p.file.endswith("suppliers.yaml")
    assert p.line == 6
    assert p.entry == "S-01"
    assert "unknown transfer mechanism 'EU-US Data Privacy Framework'" in p.message
    assert "eu-us-dpf" in p.hint
    assert "uk-gdpr-adequacy" in p.hint


def _catalog_copy(tmp_path: Path) -> Path:
    import shutil

    src = default_catalog_root()
    dest = tmp_path / "cat"
    shutil.copytree(src / "controls", dest / "controls")
    shutil.copytree(src / "mappings", dest / "mappings")
    return dest


def test_facts_problems_are_located(tmp_path: Path) -> None:
    root = _catalog_copy(tmp_path)
    facts = root / "mappings" / "facts"
    text = (facts / "authorities.yaml").read_text(encoding="utf-8")
    text = text.replace("authority: ivo", "authority: ivoo").replace("[csf:7, csf:16]", "[csf:77]")
    text = text.replace("  - code: competent_authority\n", "  - code: competent_authorityy\n")
    (facts / "authorities.yaml").write_text(text, encoding="utf-8")
    (facts / "extra.yaml").write_text("x: 1\n", encoding="utf-8")
    _, problems = collect_catalog(root)
    messages = {(Path(p.file).name, p.entry, p.message) for p in problems}
    assert ("extra.yaml", None, "unexpected file") in messages
    assert ("authorities.yaml", "supervision-ivo", "unknown authority 'ivoo'") in messages
    assert ("authorities.yaml", "supervision-ivo", "unknown requirement 'csf:77'") in messages
    missing = [p for p in problems if p.entry == "competent_authority"]
    assert missing
    assert "cer:15.1" in missing[0].message
    assert missing[0].line is not None
    assert all(p.line is not None for p in problems if p.file.endswith("authorities.yaml"))


def test_mechanism_periods_are_checked(tmp_path: Path) -> None:
    root = _catalog_copy(tmp_path)
    path = root / "mappings" / "facts" / "transfer-mechanisms.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "valid_until: 2025-06-27\n        adopted: 2021-06-28",
        "valid_until: 2025-05-27\n        adopted: 2021-06-28",
        1,
    )
    text = text.replace("requirements: [gdpr:44, gdpr:45.1]", "requirements: [gdpr:4455]", 1)
    path.write_text(text, encoding="utf-8")
    _, problems = collect_catalog(root)
    assert any(
        p.message == "unknown requirement 'gdpr:4455'" and p.entry == "eu-us-dpf" for p in problems
    )


def test_the_tiny_catalog_has_no_facts(tiny_catalog: Catalog) -> None:
    assert tiny_catalog.facts.transfers is None
    assert tiny_catalog.facts.authorities is None
    assert tiny_catalog.facts.mechanism_ids() == []
