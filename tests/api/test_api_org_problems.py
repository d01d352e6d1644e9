"""A broken organisation never hides the others, and its problems show no server paths and
nothing read from outside its folder (issue 14 items 5 and 10, issue 10 item 10)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gapcheck.api.app import create_app
from gapcheck.api.config import Settings
from tests.support.api_support import DATA, READ, TOKENS, TestClient, bearer

R = bearer(READ)
HOSTILE = [
    "measures: [{id: M-1, title: !!int abc, status: planned}]\n",
    "measures: [{id: M-1, title: x, status: !!bool maybe}]\n",
    "measures: [{id: M-1, title: x, status: planned, plan_year: !!timestamp nope}]\n",
    "measures: [{id: M-1, title: x, status: planned, plan_year: " + "9" * 5000 + "}]\n",
    "measures: [{id: M-1, title: x, status: planned, db_password: hunter2-secret}]\n",
]


def _orgs(tmp_path: Path, measures: str) -> Path:
    orgs = tmp_path / "orgs"
    shutil.copytree(DATA / "org_tiny", orgs / "good")
    shutil.copytree(DATA / "org_tiny", orgs / "bad")
    (orgs / "bad" / "measures.yaml").write_text(measures, encoding="utf-8")
    return orgs


def _client(orgs: Path) -> TestClient:
    settings = Settings(catalog_dir=DATA / "catalog_tiny", orgs_dirs=[orgs], tokens=TOKENS)
    return TestClient(create_app(settings), raise_server_exceptions=False)


@pytest.mark.parametrize("measures", HOSTILE)
def test_one_bad_organisation_never_breaks_the_others(tmp_path: Path, measures: str) -> None:
    orgs = _orgs(tmp_path, measures)
    with _client(orgs) as client:  # the server starts although one folder is broken
        listed = client.get("/api/v1/orgs", headers=R)
        assert listed.status_code == 200
        by_id = {o["id"]: o for o in listed.json()}
        assert by_id["good"]["valid"] is True
        assert by_id["bad"]["valid"] is False
        assert by_id["bad"]["problems"]
        assert client.get("/api/v1/orgs/good/gaps", headers=R).status_code == 200
        bad = client.get("/api/v1/orgs/bad/gaps", headers=R)
        assert bad.status_code == 422
        text = listed.text + bad.text
        assert str(tmp_path) not in text
        assert "hunter2" not in text
        for problem in bad.json()["problems"]:
            assert problem["file"] == "measures.yaml"


def test_problem_paths_are_relative_to_the_organisation_folder(tmp_path: Path) -> None:
    orgs = _orgs(tmp_path, "measures: [{id: M-1, status: planned}, {id: M-1, status: x}]\n")
    with _client(orgs) as client:
        body = client.get("/api/v1/orgs/bad/analysis", headers=R).json()
    files = {p["file"] for p in body["problems"]}
    assert files == {"measures.yaml"}
    assert str(orgs) not in json.dumps(body)


def test_a_link_out_of_the_folder_shows_nothing_of_its_target(tmp_path: Path) -> None:
    orgs = _orgs(tmp_path, "measures: []\n")
    secret = tmp_path / "elsewhere" / "credentials.yaml"
    secret.parent.mkdir()
    secret.write_text("db_password: hunter2-secret\naws_key: AKIAEXAMPLEEXAMPLE\n")
    (orgs / "bad" / "measures.yaml").unlink()
    (orgs / "bad" / "measures.yaml").symlink_to(secret)
    with _client(orgs) as client:
        body = client.get("/api/v1/orgs", headers=R).text
    assert "hunter2" not in body
    assert "AKIA" not in body
    assert "db_password" not in body
    assert "elsewhere" not in body
    assert str(tmp_path) not in body


def test_catalog_problems_are_relative_to_the_catalog(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog_tiny", catalog)
    broken = next((catalog / "controls").glob("*.yaml"))
    broken.write_text("catalog: [\n", encoding="utf-8")
    shutil.copytree(DATA / "org_tiny", tmp_path / "orgs" / "tiny")
    settings = Settings(catalog_dir=catalog, orgs_dirs=[tmp_path / "orgs"], tokens=TOKENS)
    with TestClient(create_app(settings)) as client:
        ready = client.get("/api/v1/ready", headers=R)
    assert ready.status_code == 503
    assert f"controls/{broken.name}" in {p["file"] for p in ready.json()["problems"]}
    assert str(tmp_path) not in ready.text
