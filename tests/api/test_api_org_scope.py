"""Tokens read only the organisations they name (issue 14 item 16): checked on every route,
404 (not 403) for the others, so a token learns nothing about them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI

from gapcheck.api.auth import require_all_orgs
from gapcheck.api.config import TokenSpec
from gapcheck.api.tokens import hash_token
from tests.api.test_api_auth import ENDPOINTS
from tests.support.api_support import READ, TINY_ONLY, TOKENS, MakeClient, TestClient, bearer

SECOND_ONLY = "gck_read-token-for-second-only"
SECOND_WRITER = "gck_write-token-for-second-only"
SCOPED = [
    *TOKENS,
    TokenSpec(hash=hash_token(SECOND_ONLY), name="second-register", orgs={"second"}),
    TokenSpec(
        hash=hash_token(SECOND_WRITER), scopes=frozenset({"write"}), name="w2", orgs={"second"}
    ),
]
# Every route that reads an organisation (the path or the `org=` query names tiny).
ORG_ROUTES = [(m, p) for m, p, _ in ENDPOINTS if "/orgs/tiny" in p or "org=tiny" in p]


@pytest.fixture
def two_orgs(make_client: MakeClient, tiny_dirs: tuple[Path, Path]) -> TestClient:
    shutil.copytree(tiny_dirs[1] / "tiny", tiny_dirs[1] / "second")
    return make_client(tokens=SCOPED)


def test_the_org_routes_are_all_listed() -> None:
    """Analysis, gaps, explain, workbook, deadlines, diff with org, reload, and the saved runs:
    list, one run, compare, trend, save."""
    assert len(ORG_ROUTES) == 12


@pytest.mark.parametrize(("method", "path"), ORG_ROUTES)
def test_another_organisations_token_gets_404_as_for_one_that_does_not_exist(
    two_orgs: TestClient, method: str, path: str
) -> None:
    token = SECOND_WRITER if method == "POST" else SECOND_ONLY
    hidden = two_orgs.request(method, path, headers=bearer(token))
    missing = two_orgs.request(method, path.replace("tiny", "nobody"), headers=bearer(token))
    assert hidden.status_code == 404, hidden.text
    assert missing.status_code == 404
    assert hidden.json()["detail"] == missing.json()["detail"].replace("nobody", "tiny")
    assert "second" not in hidden.text
    own = two_orgs.request(method, path.replace("tiny", "second"), headers=bearer(token))
    if own.status_code == 404:
        # The organisation is visible (runs routes): what is missing is a run, and it says so.
        assert own.json()["detail"] != hidden.json()["detail"].replace("tiny", "second")
        assert "run" in own.json()["detail"]
    else:
        assert own.status_code in (200, 201, 501), own.text


def test_the_list_shows_only_the_tokens_organisations(two_orgs: TestClient) -> None:
    def ids(token: str) -> list[str]:
        return [o["id"] for o in two_orgs.get("/api/v1/orgs", headers=bearer(token)).json()]

    assert ids(TINY_ONLY) == ["tiny"]
    assert ids(SECOND_ONLY) == ["second"]
    assert ids(READ) == ["second", "tiny"]  # READ holds '*'


def test_catalog_routes_need_no_organisation(two_orgs: TestClient) -> None:
    for path in ("/api/v1/sources", "/api/v1/controls", "/api/v1/ready"):
        assert two_orgs.get(path, headers=bearer(SECOND_ONLY)).status_code == 200


def test_an_unknown_org_404_lists_no_ids(two_orgs: TestClient) -> None:
    body = two_orgs.get("/api/v1/orgs/nobody/gaps", headers=bearer(SECOND_ONLY)).json()
    assert "tiny" not in body["detail"]
    assert "second" not in body["detail"]


def test_city_wide_answers_need_a_star_token(two_orgs: TestClient) -> None:
    app = two_orgs.app
    assert isinstance(app, FastAPI)

    @app.get("/citywide")
    async def citywide(token: Annotated[TokenSpec, Depends(require_all_orgs)]) -> dict[str, str]:
        return {"name": token.name}

    assert two_orgs.get("/citywide", headers=bearer(READ)).json() == {"name": "reader"}
    r = two_orgs.get("/citywide", headers=bearer(TINY_ONLY))
    assert r.status_code == 403
    assert "--org '*'" in r.json()["detail"]


def test_a_token_spec_must_name_its_organisations() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="orgs"):
        TokenSpec(hash=hash_token("x"))  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="alone"):
        TokenSpec(hash=hash_token("x"), orgs={"*", "tiny"})
    with pytest.raises(ValidationError, match="folder name"):
        TokenSpec(hash=hash_token("x"), orgs={"../etc"})
    spec = TokenSpec(hash=hash_token("x"), orgs={"tiny"})
    assert spec.may_read("tiny")
    assert not spec.may_read("second")
    assert not spec.reads_all
