"""ETag / If-None-Match, and never serving an analysis of files that changed."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from gapcheck.api.cache import AnalysisCache, AnalysisKey, etag_matches
from tests.support.api_support import READ, WRITE, MakeClient, TestClient, bearer

R, W = bearer(READ), bearer(WRITE)
GAPS = "/api/v1/orgs/tiny/gaps?as_of=2026-11-28"
CONDITIONAL = [
    GAPS,
    "/api/v1/orgs/tiny/analysis?as_of=2026-11-28",
    "/api/v1/orgs/tiny/requirements/nat:3/explain?as_of=2026-11-28",
]


def _measures(dirs: tuple[Path, Path]) -> Path:
    return dirs[1] / "tiny" / "measures.yaml"


def _implement_m03(dirs: tuple[Path, Path]) -> None:
    """Change the organisation: the planned registration (M-03) is done."""
    path = _measures(dirs)
    text = path.read_text(encoding="utf-8")
    assert "    status: planned\n    plan_year: 2027" in text
    path.write_text(
        text.replace("    status: planned\n    plan_year: 2027", "    status: implemented")
    )


@pytest.mark.parametrize("url", CONDITIONAL)
def test_etag_and_304(tiny_module_client: TestClient, url: str) -> None:
    first = tiny_module_client.get(url, headers=R)
    etag = first.headers["etag"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    assert first.headers["cache-control"] == "private, no-cache"
    again = tiny_module_client.get(url, headers={**R, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    for header in (f'"other", {etag}', f"W/{etag}", "*"):
        r = tiny_module_client.get(url, headers={**R, "If-None-Match": header})
        assert r.status_code == 304, header
    other = tiny_module_client.get(url, headers={**R, "If-None-Match": '"nope"'})
    assert other.status_code == 200
    assert other.content == first.content


def test_etag_depends_on_date_not_on_page(tiny_module_client: TestClient) -> None:
    a = tiny_module_client.get(GAPS, headers=R).headers["etag"]
    b = tiny_module_client.get(GAPS + "&limit=1", headers=R).headers["etag"]
    c = tiny_module_client.get("/api/v1/orgs/tiny/gaps?as_of=2026-01-01", headers=R)
    assert a == b
    assert c.headers["etag"] != a


def test_304_needs_a_token(tiny_module_client: TestClient) -> None:
    etag = tiny_module_client.get(GAPS, headers=R).headers["etag"]
    assert tiny_module_client.get(GAPS, headers={"If-None-Match": etag}).status_code == 401


def test_repeated_requests_are_served_from_the_cache(client: TestClient) -> None:
    state = client.app.state.gapcheck  # type: ignore[attr-defined]
    client.get(GAPS, headers=R)
    misses = state.cache.misses
    for url in (GAPS, GAPS + "&limit=2", CONDITIONAL[1], CONDITIONAL[2]):
        assert client.get(url, headers=R).status_code == 200
    assert state.cache.misses == misses


def test_reload_after_a_change_gives_new_content_and_etag(
    client: TestClient, tiny_dirs: tuple[Path, Path]
) -> None:
    before = client.get(GAPS, headers=R)
    old_etag = before.headers["etag"]
    assert "nat:3" in [i["id"] for i in before.json()["items"]]
    explain_before = client.get(CONDITIONAL[2], headers=R).json()
    _implement_m03(tiny_dirs)
    reloaded = client.post("/api/v1/orgs/tiny/reload", headers=W).json()
    assert reloaded["changed"] is True
    after = client.get(GAPS, headers={**R, "If-None-Match": old_etag})
    assert after.status_code == 200  # never 304 for the old files
    assert after.headers["etag"] != old_etag
    explain_after = client.get(CONDITIONAL[2], headers=R).json()
    assert explain_after["explanation"] != explain_before["explanation"]
    assert client.get(GAPS, headers={**R, "If-None-Match": old_etag}).status_code == 200


def test_a_change_is_noticed_without_reload(
    client: TestClient, tiny_dirs: tuple[Path, Path]
) -> None:
    """Several workers each hold a cache; none may answer from old files after they change."""
    old = client.get(CONDITIONAL[2], headers=R)
    path = _measures(tiny_dirs)
    _implement_m03(tiny_dirs)
    stat = path.stat()  # same size and mtime would hide it; make sure the clock moved
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    new = client.get(CONDITIONAL[2], headers={**R, "If-None-Match": old.headers["etag"]})
    assert new.status_code == 200
    assert new.headers["etag"] != old.headers["etag"]
    assert new.json() != old.json()


def test_with_a_check_interval_reload_is_what_makes_it_fresh(
    make_client: MakeClient, tiny_dirs: tuple[Path, Path]
) -> None:
    """Between checks the loaded state is served; a reload is never followed by old answers."""
    client = make_client(check_interval=3600)
    old = client.get(CONDITIONAL[2], headers=R)
    _implement_m03(tiny_dirs)
    assert client.get(CONDITIONAL[2], headers=R).headers["etag"] == old.headers["etag"]
    client.post("/api/v1/orgs/tiny/reload", headers=W)
    new = client.get(CONDITIONAL[2], headers={**R, "If-None-Match": old.headers["etag"]})
    assert new.status_code == 200
    assert new.json() != old.json()


def test_a_catalog_change_is_noticed_too(client: TestClient, tiny_dirs: tuple[Path, Path]) -> None:
    old = client.get(GAPS, headers=R).headers["etag"]
    edges = tiny_dirs[0] / "mappings" / "edges" / "edges.yaml"
    edges.write_text(edges.read_text().replace("weight: 0.5", "weight: 0.25"))
    assert client.get(GAPS, headers=R).headers["etag"] != old


def test_reverting_the_files_brings_back_the_old_etag(
    client: TestClient, tiny_dirs: tuple[Path, Path]
) -> None:
    """The key is the content, not the time: same bytes, same ETag (and a cache hit)."""
    path = _measures(tiny_dirs)
    original = path.read_bytes()
    first = client.get(GAPS, headers=R).headers["etag"]
    _implement_m03(tiny_dirs)
    assert client.post("/api/v1/orgs/tiny/reload", headers=W).json()["changed"] is True
    assert client.get(GAPS, headers=R).headers["etag"] != first
    path.write_bytes(original)
    client.post("/api/v1/orgs/tiny/reload", headers=W)
    assert client.get(GAPS, headers=R).headers["etag"] == first


def test_reload_finds_a_new_organisation(client: TestClient, tiny_dirs: tuple[Path, Path]) -> None:
    import shutil

    assert client.get("/api/v1/orgs/second/gaps", headers=R).status_code == 404
    shutil.copytree(tiny_dirs[1] / "tiny", tiny_dirs[1] / "second")
    assert client.post("/api/v1/orgs/second/reload", headers=W).status_code == 200
    assert client.get("/api/v1/orgs/second/gaps", headers=R).status_code == 200
    shutil.rmtree(tiny_dirs[1] / "second")
    assert client.post("/api/v1/orgs/second/reload", headers=W).status_code == 404
    assert client.get("/api/v1/orgs/second/gaps", headers=R).status_code == 404


def test_lru_keeps_at_most_maxsize() -> None:
    cache = AnalysisCache(2)
    keys = [AnalysisKey.of("o", dt.date(2026, 1, d), {}, "f") for d in (1, 2, 3)]
    for key in keys:
        cache.get_or_compute(key, lambda: object())  # type: ignore[arg-type, return-value]
    assert len(cache) == 2
    assert cache.get(keys[0]) is None
    assert cache.get(keys[2]) is not None
    cache.drop_org("o")
    assert len(cache) == 0


def test_etag_matching_rules() -> None:
    assert etag_matches('"a"', '"a"')
    assert etag_matches('W/"a"', '"a"')
    assert etag_matches('"b" , "a"', '"a"')
    assert etag_matches("*", '"a"')
    assert not etag_matches(None, '"a"')
    assert not etag_matches('"ab"', '"a"')


@pytest.mark.parametrize(
    ("accept", "coded"),
    [
        ("gzip", True),
        ("br, gzip;q=0.5", True),
        ("identity", False),
        ("gzip;q=0", False),
        ("", False),
    ],
)
def test_gzip_variant(tiny_module_client: TestClient, accept: str, coded: bool) -> None:
    r = tiny_module_client.get(GAPS, headers={**R, "Accept-Encoding": accept})
    assert r.status_code == 200
    assert r.headers["vary"] == "Accept-Encoding"
    assert (r.headers.get("content-encoding") == "gzip") is coded
    assert r.headers["etag"].endswith('-gzip"') is coded
    plain = tiny_module_client.get(GAPS, headers={**R, "Accept-Encoding": "identity"})
    assert r.json() == plain.json()  # httpx decodes the gzip body


def test_either_variant_etag_revalidates(tiny_module_client: TestClient) -> None:
    plain = tiny_module_client.get(GAPS, headers={**R, "Accept-Encoding": "identity"})
    coded = tiny_module_client.get(GAPS, headers={**R, "Accept-Encoding": "gzip"})
    for etag in (plain.headers["etag"], coded.headers["etag"]):
        r = tiny_module_client.get(
            GAPS, headers={**R, "Accept-Encoding": "gzip", "If-None-Match": etag}
        )
        assert r.status_code == 304
        assert r.headers["etag"] == coded.headers["etag"]


def test_an_unknown_id_is_404_even_with_a_matching_etag(tiny_module_client: TestClient) -> None:
    etag = tiny_module_client.get(CONDITIONAL[2], headers=R).headers["etag"]
    url = "/api/v1/orgs/tiny/requirements/nat:9/explain?as_of=2026-11-28"
    assert tiny_module_client.get(url, headers={**R, "If-None-Match": etag}).status_code == 404
