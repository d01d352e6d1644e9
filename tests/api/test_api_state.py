"""Which organisation folders the server finds, and what it refuses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gapcheck.api.app import create_app
from gapcheck.api.config import Settings
from tests.support.api_support import DATA, READ, TOKENS, TestClient, bearer

R = bearer(READ)


def _client(orgs_dirs: list[Path], catalog: Path = DATA / "catalog_tiny") -> TestClient:
    settings = Settings(catalog_dir=catalog, orgs_dirs=orgs_dirs, tokens=TOKENS, check_interval=0)
    return TestClient(create_app(settings))


def _ids(client: TestClient) -> list[str]:
    return [o["id"] for o in client.get("/api/v1/orgs", headers=R).json()]


def test_folder_names_are_ids_and_bad_names_are_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("good", "also_good-2", "Bad", ".hidden", "spa ce"):
        shutil.copytree(DATA / "org_tiny", tmp_path / name)
    (tmp_path / "not-an-org").mkdir()
    (tmp_path / "file.yaml").write_text("x: 1\n")
    with _client([tmp_path]) as client:
        assert _ids(client) == ["also_good-2", "good"]
    assert "skipping" in caplog.text


def test_an_organisation_folder_itself_and_first_one_wins(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(DATA / "org_tiny", a / "tiny")
    shutil.copytree(DATA / "org_tiny", b / "tiny")
    with _client([a / "tiny", b, tmp_path / "missing"]) as client:
        assert _ids(client) == ["tiny"]
        state = client.app.state.gapcheck  # type: ignore[attr-defined]
        assert state.entries()[0].folder == (a / "tiny").resolve()


def test_a_broken_organisation_is_listed_with_its_problems(tmp_path: Path) -> None:
    shutil.copytree(DATA / "org_tiny", tmp_path / "broken")
    (tmp_path / "broken" / "organisation.yaml").write_text("organisation: {id: broken}\n")
    with _client([tmp_path]) as client:
        [entry] = client.get("/api/v1/orgs", headers=R).json()
        assert entry["valid"] is False
        assert entry["name"] is None
        assert entry["problems"][0]["file"].endswith("organisation.yaml")


def test_no_catalog_marks_every_organisation_invalid(tmp_path: Path) -> None:
    shutil.copytree(DATA / "org_tiny", tmp_path / "orgs" / "tiny")
    with _client([tmp_path / "orgs"], catalog=tmp_path / "nothing") as client:
        [entry] = client.get("/api/v1/orgs", headers=R).json()
        assert entry["valid"] is False
        assert "catalogs do not load" in entry["problems"][-1]["message"]
