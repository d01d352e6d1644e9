"""Strict requests: dates, pins, unknown parameters, HEAD and capped bodies (issue 14 item 13,
issue 10 item 9)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.test_api_auth import ENDPOINTS
from tests.support.api_support import READ, WRITE, MakeClient, TestClient, bearer

R, W = bearer(READ), bearer(WRITE)
ORG = "/api/v1/orgs/tiny"


@pytest.mark.parametrize(
    "as_of",
    [
        "0",
        "2026-11-28T09:00",
        "2026-11-28T09:00:00Z",
        "2026-11-28 09:00",
        "20261128",
        "2026-02-30",
        "1999-12-31",
        "2100-01-01",
        "9999-12-31",
        "0001-01-01",
        "2026-1-5",
        "+2026-11-28",
    ],
)
@pytest.mark.parametrize("path", ["/analysis", "/gaps", "/report.xlsx"])
def test_as_of_is_a_real_day_in_2000_to_2099(
    tiny_module_client: TestClient, as_of: str, path: str
) -> None:
    r = tiny_module_client.get(f"{ORG}{path}", params={"as_of": as_of}, headers=R)
    assert r.status_code == 422, r.text
    [error] = r.json()["errors"]
    assert error["loc"] == "query.as_of"
    assert "2000–2099" in error["msg"]


def test_diff_as_of_is_strict_too(tiny_module_client: TestClient) -> None:
    url = "/api/v1/diff?source=nat&from=v1&to=v1&org=tiny&as_of=0"
    assert tiny_module_client.get(url, headers=R).status_code == 422


@pytest.mark.parametrize("as_of", ["2000-01-01", "2028-02-29", "2099-12-31"])
def test_the_range_ends_are_accepted(tiny_module_client: TestClient, as_of: str) -> None:
    r = tiny_module_client.get(f"{ORG}/gaps", params={"as_of": as_of}, headers=R)
    assert r.status_code == 200
    assert r.json()["as_of"] == as_of


@pytest.mark.parametrize(
    "url",
    [
        f"{ORG}/analysis?pin=nat=v1&pin=nat=v2",
        f"{ORG}/gaps?pin=dir=v1&pin=dir=v9",
        f"{ORG}/deadlines?aware=2026-11-28T09:00&pin=nat=v1&pin=nat=v2",
    ],
)
def test_two_versions_of_one_source_are_422(tiny_module_client: TestClient, url: str) -> None:
    r = tiny_module_client.get(url, headers=R)
    assert r.status_code == 422
    assert "pinned twice" in r.json()["errors"][0]["msg"]


def test_the_same_pin_twice_is_one_pin(tiny_module_client: TestClient) -> None:
    r = tiny_module_client.get(f"{ORG}/gaps?pin=nat=v1&pin=nat=v1&as_of=2026-11-28", headers=R)
    assert r.status_code == 200


def test_an_unknown_query_parameter_is_422_naming_it_and_the_allowed_ones(
    tiny_module_client: TestClient,
) -> None:
    r = tiny_module_client.get(f"{ORG}/gaps?categroy=overdue", headers=R)
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert error["loc"] == "query.categroy"
    for name in ("category", "source", "min_priority", "limit", "offset", "as_of", "pin"):
        assert name in error["msg"]


@pytest.mark.parametrize(("method", "path", "scope"), ENDPOINTS)
def test_every_route_refuses_unknown_query_parameters(
    tiny_module_client: TestClient, method: str, path: str, scope: str | None
) -> None:
    url = path + ("&" if "?" in path else "?") + "surprise=1"
    r = tiny_module_client.request(method, url, headers=W)
    assert r.status_code == 422, (path, r.status_code)
    assert r.json()["errors"][0]["loc"] == "query.surprise"


@pytest.mark.parametrize(("method", "path", "scope"), [e for e in ENDPOINTS if e[0] == "GET"])
def test_head_is_answered_wherever_get_is(
    tiny_module_client: TestClient, method: str, path: str, scope: str | None
) -> None:
    get = tiny_module_client.get(path, headers=R)
    head = tiny_module_client.head(path, headers=R)
    assert head.status_code == get.status_code
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers.get("etag") == get.headers.get("etag")


def test_head_on_a_post_route_is_405_with_allow(tiny_module_client: TestClient) -> None:
    r = tiny_module_client.head(f"{ORG}/reload", headers=W)
    assert r.status_code == 405
    assert r.headers["allow"] == "POST"


def test_a_chunked_body_over_the_cap_to_reload_is_413(make_client: MakeClient) -> None:
    client = make_client(max_body_bytes=10)

    def chunks() -> Iterator[bytes]:
        yield b"12345"
        yield b"67890"
        yield b"x"

    r = client.post(f"{ORG}/reload", headers=W, content=chunks())
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"

    def small() -> Iterator[bytes]:
        yield b"12345"

    assert client.post(f"{ORG}/reload", headers=W, content=small()).status_code == 200
