"""`/orgs/{org}/gaps`: filters, pagination edges and the total."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.api_support import READ, TestClient, bearer

R = bearer(READ)
URL = "/api/v1/orgs/tiny/gaps?as_of=2026-11-28"


def _page(client: TestClient, query: str = "") -> dict[str, Any]:
    r = client.get(URL + query, headers=R)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def _ids(body: dict[str, Any]) -> list[str]:
    return [item["id"] for item in body["items"]]


@pytest.fixture(scope="module")
def all_gaps(tiny_module_client: TestClient) -> list[dict[str, Any]]:
    body = _page(tiny_module_client, "&limit=500")
    assert body["total"] == len(body["items"]) >= 3
    items: list[dict[str, Any]] = body["items"]
    return items


def test_default_page(tiny_module_client: TestClient, all_gaps: list[dict[str, Any]]) -> None:
    body = _page(tiny_module_client)
    assert (body["limit"], body["offset"]) == (100, 0)
    assert body["items"] == all_gaps


def test_pages_concatenate_to_the_whole(
    tiny_module_client: TestClient, all_gaps: list[dict[str, Any]]
) -> None:
    ids = []
    for offset in range(0, len(all_gaps) + 2, 2):
        body = _page(tiny_module_client, f"&limit=2&offset={offset}")
        assert body["total"] == len(all_gaps)
        assert len(body["items"]) <= 2
        ids += _ids(body)
    assert ids == [g["id"] for g in all_gaps]


@pytest.mark.parametrize("limit", [1, 500])
def test_limit_bounds_are_inclusive(tiny_module_client: TestClient, limit: int) -> None:
    body = _page(tiny_module_client, f"&limit={limit}")
    assert body["limit"] == limit
    assert len(body["items"]) == min(limit, body["total"])


def test_offset_at_and_past_the_end(
    tiny_module_client: TestClient, all_gaps: list[dict[str, Any]]
) -> None:
    n = len(all_gaps)
    last = _page(tiny_module_client, f"&offset={n - 1}")
    assert _ids(last) == [all_gaps[-1]["id"]]
    for offset in (n, n + 10, 1_000_000):
        body = _page(tiny_module_client, f"&offset={offset}")
        assert body["items"] == []
        assert body["total"] == n


def test_offset_over_the_bound_is_422(tiny_module_client: TestClient) -> None:
    assert tiny_module_client.get(URL + "&offset=1000001", headers=R).status_code == 422


def test_priority_order(all_gaps: list[dict[str, Any]]) -> None:
    priorities = [g["priority"] or 0 for g in all_gaps]
    assert priorities == sorted(priorities, reverse=True)


def test_filter_by_category(tiny_module_client: TestClient, all_gaps: list[dict[str, Any]]) -> None:
    for category in {g["category"] for g in all_gaps}:
        body = _page(tiny_module_client, f"&category={category}")
        assert _ids(body) == [g["id"] for g in all_gaps if g["category"] == category]
    empty = _page(tiny_module_client, "&category=unmapped")
    assert (empty["total"], empty["items"]) == (0, [])


def test_filter_by_source(tiny_module_client: TestClient, all_gaps: list[dict[str, Any]]) -> None:
    for source in ("dir", "nat"):
        body = _page(tiny_module_client, f"&source={source}")
        assert _ids(body) == [g["id"] for g in all_gaps if g["source"] == source]


def test_filter_by_min_priority(
    tiny_module_client: TestClient, all_gaps: list[dict[str, Any]]
) -> None:
    threshold = sorted(g["priority"] for g in all_gaps)[len(all_gaps) // 2]
    body = _page(tiny_module_client, f"&min_priority={threshold}")
    expected = [g["id"] for g in all_gaps if g["priority"] >= threshold]
    assert _ids(body) == expected
    assert body["total"] == len(expected)
    assert _page(tiny_module_client, "&min_priority=0")["total"] == len(all_gaps)
    assert _page(tiny_module_client, "&min_priority=100")["total"] == sum(
        g["priority"] >= 100 for g in all_gaps
    )


def test_filters_combine_with_pages(
    tiny_module_client: TestClient, all_gaps: list[dict[str, Any]]
) -> None:
    nat = [g["id"] for g in all_gaps if g["source"] == "nat"]
    body = _page(tiny_module_client, "&source=nat&limit=1&offset=1")
    assert body["total"] == len(nat)
    assert _ids(body) == nat[1:2]
