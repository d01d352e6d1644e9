"""The synthetic organisations: deterministic, valid, of the example's size, all groups."""

from __future__ import annotations

import re
from pathlib import Path

from gapcheck import service
from gapcheck.catalog import collect_org
from gapcheck.model import OrgGroup
from tests.portfolio.conftest import synth_module


def _bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_the_same_seed_writes_byte_identical_organisations(tmp_path: Path) -> None:
    synth = synth_module()
    synth.generate(tmp_path / "a", count=4, seed=11, broken=1)
    synth.generate(tmp_path / "b", count=4, seed=11, broken=1)
    synth.generate(tmp_path / "c", count=4, seed=12, broken=1)
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")
    assert _bytes(tmp_path / "a") != _bytes(tmp_path / "c")


def test_generated_organisations_validate_and_cover_every_group(city: Path) -> None:
    catalog = service.load_catalogs()
    groups = set()
    for folder in sorted(city.glob("synt-[0-9]*")):
        org, problems = collect_org(folder, catalog)
        assert problems == [], folder
        assert org is not None
        assert 25 <= len(org.measures) <= 60  # the example has 39
        groups.add(org.organisation.group)
    assert groups == set(OrgGroup)


def test_fifty_organisations_use_each_name_once(tmp_path: Path) -> None:
    folders = synth_module().generate(tmp_path, count=50, seed=1)
    assert len({f.name for f in folders}) == 50
    assert not [f.name for f in folders if re.search(r"-\d+$", f.name)]  # no "Bromma 2"
