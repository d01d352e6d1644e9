"""A snapshot load fingerprints exactly the bytes it parsed, and never raises."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import gapcheck.catalog.org_loader as org_loader
from gapcheck.catalog import collect_catalog
from gapcheck.service.snapshot import fingerprint_bytes, snapshot_catalog, snapshot_org

DATA = Path(__file__).parents[1] / "data"


def test_the_fingerprint_is_of_the_bytes_read(tmp_path: Path) -> None:
    org = tmp_path / "tiny"
    shutil.copytree(DATA / "org_tiny", org)
    catalog, _ = collect_catalog(DATA / "catalog_tiny")
    snap = snapshot_org(org, catalog)
    assert snap.value is not None
    assert not snap.problems
    files = sorted(org.glob("*.yaml"))
    assert snap.files == tuple(str(p) for p in files)
    assert snap.fingerprint == fingerprint_bytes((str(p), p.read_bytes()) for p in files)
    (org / "measures.yaml").write_text("measures: []\n", encoding="utf-8")
    assert snapshot_org(org, catalog).fingerprint != snap.fingerprint


def test_the_catalog_snapshot_covers_every_catalog_file() -> None:
    snap = snapshot_catalog(DATA / "catalog_tiny")
    assert snap.value is not None
    assert {Path(f).name for f in snap.files} >= {Path(f).name for f in snap.value.files}


def test_an_unexpected_loader_failure_is_a_problem_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = tmp_path / "tiny"
    shutil.copytree(DATA / "org_tiny", org)

    def broken(*args: object) -> object:
        raise ValueError("secret value from the file")

    monkeypatch.setattr(org_loader, "salvage_entries", broken)
    (org / "measures.yaml").write_text("measures: [{id: 1, status: nonsense}]\n")
    snap = snapshot_org(org, None)
    assert snap.value is None
    [problem] = [p for p in snap.problems if "unexpected" in p.message]
    assert problem.file.endswith("measures.yaml")
    assert "secret" not in problem.message
