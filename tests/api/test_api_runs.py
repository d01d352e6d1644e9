"""Saved runs over HTTP: list, one run, compare, trend and POST (write scope), on SQLite and
PostgreSQL, with the API's problem+json, ETag, pagination and per-organisation tokens."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from gapcheck.store import close_database
from tests.support.api_support import READ, TINY_ONLY, WRITE, MakeClient, TestClient, bearer

PREFIX = "/api/v1/orgs"


@pytest.fixture
def client(db_url: str, make_client: MakeClient, tiny_dirs: tuple[Path, Path]) -> TestClient:
    _, orgs = tiny_dirs
    other = orgs / "other"  # a second organisation the tiny-only token may not read
    shutil.copytree(orgs / "tiny", other)
    text = (other / "organisation.yaml").read_text()
    (other / "organisation.yaml").write_text(text.replace("id: tiny", "id: other"))
    return make_client()


def _save(client: TestClient, org: str = "tiny", **body: str) -> dict[str, Any]:
    r = client.post(f"{PREFIX}/{org}/runs", json=body, headers=bearer(WRITE))
    assert r.status_code in (200, 201), r.text
    return r.json()


def test_post_saves_the_current_analysis_and_a_second_post_finds_it(client: TestClient) -> None:
    r = client.post(
        f"{PREFIX}/tiny/runs",
        json={"label": "Ledningens genomgång 2026", "as_of": "2026-06-01"},
        headers=bearer(WRITE),
    )
    assert r.status_code == 201
    saved = r.json()
    run = saved["run"]
    assert saved["created"] is True
    assert (run["organisation"], run["as_of"], run["saved_by"]) == ("tiny", "2026-06-01", "admin")
    assert r.headers["location"] == f"{PREFIX}/tiny/runs/{run['id']}"
    again = client.post(f"{PREFIX}/tiny/runs", json={"as_of": "2026-06-01"}, headers=bearer(WRITE))
    assert again.status_code == 200
    assert again.json() == {"created": False, "run": run}


def test_saving_needs_the_write_scope_and_a_valid_body(client: TestClient) -> None:
    assert client.post(f"{PREFIX}/tiny/runs", json={}, headers=bearer(READ)).status_code == 403
    bad = client.post(f"{PREFIX}/tiny/runs", json={"as_of": "2026-02-30"}, headers=bearer(WRITE))
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    extra = client.post(f"{PREFIX}/tiny/runs", json={"labl": "x"}, headers=bearer(WRITE))
    assert extra.status_code == 422


def test_runs_list_is_paginated_newest_first_with_an_etag(client: TestClient) -> None:
    ids = [_save(client, as_of=f"2026-0{m}-01")["run"]["id"] for m in (3, 4, 5)]
    page = client.get(f"{PREFIX}/tiny/runs?limit=2", headers=bearer(READ))
    assert page.status_code == 200
    body = page.json()
    assert (body["total"], body["limit"], body["offset"]) == (3, 2, 0)
    assert [r["id"] for r in body["items"]] == ids[::-1][:2]
    rest = client.get(f"{PREFIX}/tiny/runs?limit=2&offset=2", headers=bearer(READ)).json()
    assert [r["id"] for r in rest["items"]] == [ids[0]]
    etag = page.headers["etag"]
    same = client.get(
        f"{PREFIX}/tiny/runs?limit=2", headers={**bearer(READ), "If-None-Match": etag}
    )
    assert same.status_code == 304
    _save(client, as_of="2026-06-01")
    changed = client.get(
        f"{PREFIX}/tiny/runs?limit=2", headers={**bearer(READ), "If-None-Match": etag}
    )
    assert changed.status_code == 200


def test_one_run_by_id_prefix_or_label_and_unknown_ones_are_404(client: TestClient) -> None:
    run = _save(client, label="Vår 2026", as_of="2026-03-01")["run"]
    for ref in (run["id"], run["id"][:6], "Vår 2026"):
        r = client.get(f"{PREFIX}/tiny/runs/{ref}", headers=bearer(READ))
        assert r.status_code == 200, r.text
        assert r.json()["run"]["id"] == run["id"]
        assert r.headers["etag"] == f'"run-{run["id"]}"'
    missing = client.get(f"{PREFIX}/tiny/runs/ffffffff", headers=bearer(READ))
    assert missing.status_code == 404
    assert missing.json()["type"] == "urn:gapcheck:problem:not-found"


def test_compare_and_trend_follow_a_change_of_the_files(
    client: TestClient, tiny_dirs: tuple[Path, Path]
) -> None:
    _, orgs = tiny_dirs
    first = _save(client, as_of="2026-06-01")["run"]
    measures = orgs / "tiny" / "measures.yaml"
    measures.write_text(measures.read_text().replace("status: planned", "status: implemented"))
    second = _save(client, as_of="2026-06-01")["run"]
    r = client.get(f"{PREFIX}/tiny/compare", headers=bearer(READ))
    assert r.status_code == 200, r.text
    cmp = r.json()
    assert (cmp["from_run"]["id"], cmp["to_run"]["id"]) == (first["id"], second["id"])
    assert [c["kind"] for c in cmp["causes"]] == ["inputs"]
    assert [m["id"] for m in cmp["measures"]] == ["M-03"]
    named = client.get(
        f"{PREFIX}/tiny/compare?from={first['id'][:8]}&to={second['id'][:8]}",
        headers={**bearer(READ), "If-None-Match": r.headers["etag"]},
    )
    assert named.status_code == 304
    trend = client.get(f"{PREFIX}/tiny/trend", headers=bearer(READ)).json()
    assert [p["run"] for p in trend["points"]] == [first["id"], second["id"]]
    assert trend["sources"] == {"dir": "DIR", "nat": "NAT"}
    assert set(trend["points"][0]["sources"]) == {"nat"}  # binding sources only


def test_compare_without_two_runs_and_unknown_query_names_are_problems(client: TestClient) -> None:
    none = client.get(f"{PREFIX}/tiny/compare", headers=bearer(READ))
    assert none.status_code == 404
    assert "analyze ORG --save" in none.json()["detail"]
    typo = client.get(f"{PREFIX}/tiny/compare?form=x", headers=bearer(READ))
    assert typo.status_code == 422


def test_a_token_reads_only_the_runs_of_its_own_organisations(client: TestClient) -> None:
    _save(client, "other", as_of="2026-06-01")
    for path in ("runs", "compare", "trend", "runs/abcd"):
        r = client.get(f"{PREFIX}/other/{path}", headers=bearer(TINY_ONLY))
        assert r.status_code == 404, path
        assert "other" in r.json()["detail"]
    assert client.get(f"{PREFIX}/tiny/runs", headers=bearer(TINY_ONLY)).json()["total"] == 0
    assert client.get(f"{PREFIX}/other/runs", headers=bearer(READ)).json()["total"] == 1


def test_an_unreachable_database_is_503_problem_json(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    monkeypatch.setenv("GAPCHECK_DATABASE_URL", url)
    r = client.get(f"{PREFIX}/tiny/runs", headers=bearer(READ))
    assert r.status_code == 503
    assert r.json()["type"] == "urn:gapcheck:problem:storage"
    assert "nobody" in r.json()["detail"]
    close_database(url)
