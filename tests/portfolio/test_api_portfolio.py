"""GET /api/v1/portfolio and /portfolio/shared-gaps: the CLI's figures, pages, filters,
ETag/304, and a token for every organisation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gapcheck import service
from gapcheck.api.app import create_app
from gapcheck.api.config import Settings
from gapcheck.service import PortfolioRun
from tests.portfolio.conftest import AS_OF, BROKEN, COUNT
from tests.support.api_support import READ, REPO, TINY_ONLY, TOKENS, TestClient, bearer

Q = f"as_of={AS_OF.isoformat()}"


@pytest.fixture(scope="module")
def client(city: Path) -> Iterator[TestClient]:
    settings = Settings(orgs_dirs=[city, REPO / "examples"], tokens=TOKENS, check_interval=0)
    with TestClient(create_app(settings)) as c:
        yield c


def _get(client: TestClient, path: str, token: str = READ, **headers: str):
    return client.get(f"/api/v1/{path}", headers={**bearer(token), **headers})


def test_portfolio_has_the_clis_figures(client: TestClient, run: PortfolioRun) -> None:
    answer = _get(client, f"portfolio?{Q}")
    assert answer.status_code == 200
    body = answer.json()
    cli = service.build_portfolio(run)
    assert body["total"] == COUNT + 1 == len(body["organisations"])
    assert [(o["organisation"], o["coverage"], o["gaps"]) for o in body["organisations"]] == [
        (o.organisation, o.coverage, o.gaps) for o in cli.organisations
    ]
    assert body["shared_gaps"] == [s.model_dump(mode="json") for s in cli.shared_gaps]
    assert body["groups"] == [g.model_dump(mode="json") for g in cli.groups]
    # The server only discovers folders with organisation.yaml (synt-broken-03 has none).
    assert [p["folder"] for p in body["problems"]] == ["synt-broken-01", "synt-broken-02"]
    assert BROKEN == 3
    assert answer.headers["ETag"]


def test_pages_and_filters(client: TestClient) -> None:
    page = _get(client, f"portfolio?{Q}&limit=2&offset=3").json()
    everything = _get(client, f"portfolio?{Q}").json()
    assert page["organisations"] == everything["organisations"][3:5]
    assert (page["total"], page["limit"], page["offset"]) == (COUNT + 1, 2, 3)
    bolag = _get(client, f"portfolio?{Q}&group=bolag").json()
    assert {o["group"] for o in bolag["organisations"]} == {"bolag"}
    shared = _get(client, f"portfolio/shared-gaps?{Q}&min_orgs=3&limit=5").json()
    assert shared["total"] == sum(1 for s in everything["shared_gaps"] if s["count"] >= 3)
    assert shared["items"] == [s for s in everything["shared_gaps"] if s["count"] >= 3][:5]
    csl = _get(client, f"portfolio/shared-gaps?{Q}&source=csl&category=overdue").json()
    assert all(s["source"] == "csl" and s["categories"]["overdue"] for s in csl["items"])


def test_etag_answers_304_until_an_input_changes(client: TestClient) -> None:
    first = _get(client, f"portfolio/shared-gaps?{Q}")
    again = _get(client, f"portfolio/shared-gaps?{Q}", **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    other_day = _get(client, "portfolio/shared-gaps?as_of=2026-12-01")
    assert other_day.headers["ETag"] != first.headers["ETag"]


def test_a_token_for_some_organisations_is_refused(client: TestClient) -> None:
    answer = _get(client, f"portfolio?{Q}", token=TINY_ONLY)
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("query", "status"),
    [("source=nosuchlaw", 404), ("category=bad", 422), ("group=kommun", 422), ("limit=0", 422)],
)
def test_bad_filters_are_problems(client: TestClient, query: str, status: int) -> None:
    answer = _get(client, f"portfolio?{Q}&{query}")
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("application/problem+json")
