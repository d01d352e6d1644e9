"""Hostile YAML through the API (issue 14 item 5): one organisation with a hostile file used to
make the server refuse to start or answer 500, and broke `/orgs` for every organisation. Now
the server starts, lists it as invalid with its problems, answers 422 for it and serves the
others."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gapcheck.api.app import create_app
from gapcheck.api.config import Settings
from gapcheck.errors import MAX_SHOWN
from tests.hostile.conftest import CASES, DATA
from tests.support.api_support import AS_OF, READ, TOKENS, TestClient, bearer

R = bearer(READ)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    orgs = tmp_path / "orgs"
    shutil.copytree(DATA / "org_tiny", orgs / "tiny")
    for case in ("tag-int", "tag-timestamp", "alias-bomb"):
        shutil.copytree(DATA / "org_tiny", orgs / case)
        shutil.copy(CASES / f"{case}.yaml", orgs / case / "measures.yaml")
    settings = Settings(
        catalog_dir=DATA / "catalog_tiny", orgs_dirs=[orgs], tokens=TOKENS, check_interval=0
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def test_a_hostile_organisation_is_listed_as_invalid_and_the_others_still_load(
    client: TestClient,
) -> None:
    r = client.get("/api/v1/orgs", headers=R)
    assert r.status_code == 200, r.text
    by_id = {o["id"]: o for o in r.json()}
    assert by_id["tiny"]["valid"] is True
    for case in ("tag-int", "tag-timestamp", "alias-bomb"):
        assert by_id[case]["valid"] is False
        [problem] = by_id[case]["problems"]
        assert problem["file"].endswith("measures.yaml")
        assert problem["line"] is not None


@pytest.mark.parametrize("case", ["tag-int", "tag-timestamp", "alias-bomb"])
def test_a_hostile_organisation_answers_422_never_500(client: TestClient, case: str) -> None:
    r = client.get(f"/api/v1/orgs/{case}/analysis?as_of={AS_OF}", headers=R)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    ok = client.get(f"/api/v1/orgs/tiny/analysis?as_of={AS_OF}", headers=R)
    assert ok.status_code == 200


def test_thousands_of_problems_answer_the_first_ones_and_a_count(tmp_path: Path) -> None:
    # issue 14 item 7: 3,000 bad rows gave a 640 KB 422 body and /orgs entry; now 50 and a count
    orgs = tmp_path / "orgs"
    shutil.copytree(DATA / "org_tiny", orgs / "many")
    rows = "".join(f"  - id: M-{i:05}\n    title: T\n    status: klar\n" for i in range(3000))
    (orgs / "many" / "measures.yaml").write_text("measures:\n" + rows, encoding="utf-8")
    settings = Settings(catalog_dir=DATA / "catalog_tiny", orgs_dirs=[orgs], tokens=TOKENS)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        r = client.get(f"/api/v1/orgs/many/analysis?as_of={AS_OF}", headers=R)
        listed = client.get("/api/v1/orgs", headers=R).json()
    assert r.status_code == 422
    body = r.json()
    assert len(body["problems"]) == MAX_SHOWN
    assert body["problems"][0]["entry"] == "M-00000"
    assert body["problems_total"] == 3000
    assert body["detail"].startswith(f"{body['problems_total']} problems")
    assert f"the first {MAX_SHOWN} listed" in body["detail"]
    assert len(r.content) < 20_000
    [many] = listed
    assert (len(many["problems"]), many["problems_total"]) == (MAX_SHOWN, body["problems_total"])


def test_the_server_starts_with_a_symlink_loop_or_a_fifo_at_an_input_path(tmp_path: Path) -> None:
    # A loop at measures.yaml made Path.resolve raise RuntimeError (Python 3.11) while the
    # problem paths were made relative: the server did not start at all.
    orgs = tmp_path / "orgs"
    shutil.copytree(DATA / "org_tiny", orgs / "tiny")
    for name in ("loop", "fifo"):
        shutil.copytree(DATA / "org_tiny", orgs / name)
        (orgs / name / "measures.yaml").unlink()
    (orgs / "loop" / "measures.yaml").symlink_to("measures.yaml")
    os.mkfifo(orgs / "fifo" / "measures.yaml")
    settings = Settings(catalog_dir=DATA / "catalog_tiny", orgs_dirs=[orgs], tokens=TOKENS)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        listed = {o["id"]: o for o in client.get("/api/v1/orgs", headers=R).json()}
        assert listed["tiny"]["valid"] is True
        for name, says in (("loop", "symbolic link"), ("fifo", "named pipe")):
            assert listed[name]["valid"] is False
            [problem] = listed[name]["problems"]
            assert (problem["file"], says in problem["message"]) == ("measures.yaml", True)
            r = client.get(f"/api/v1/orgs/{name}/analysis?as_of={AS_OF}", headers=R)
            assert r.status_code == 422
