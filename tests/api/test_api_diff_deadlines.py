"""`GET /diff` and `GET /orgs/{org}/deadlines` answer what `gapcheck diff … --json -` and
`gapcheck deadlines … --json -` print; diffs are cached and revalidated like analyses."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gapcheck import service
from gapcheck.api.app import create_app
from gapcheck.api.config import Settings
from gapcheck.cli import app as cli
from tests.support.api_support import (
    AS_OF,
    DATA,
    EXAMPLE,
    READ,
    TOKENS,
    WRITE,
    TestClient,
    bearer,
)

V1 = "/api/v1"
R = bearer(READ)
# The SOU 2024:18 version is a test fixture beside the shipped catalog (`sou_client`).
CSL = {"source": "csl", "from": "sou-2024-18", "to": "sfs-2025-1506"}
NAT = {"source": "nat", "from": "v1", "to": "v1"}
AWARE = "2026-11-28T09:00"
DEADLINES = f"{V1}/orgs/aldreforvaltningen/deadlines"


@pytest.fixture(scope="module")
def sou_client(sou_catalog: Path) -> Iterator[TestClient]:
    """The shipped catalogs with the SOU 2024:18 fixture beside them, and examples/."""
    if not (EXAMPLE / "organisation.yaml").is_file():
        pytest.skip("the example organisation is not written yet")
    settings = Settings(catalog_dir=sou_catalog, orgs_dirs=[EXAMPLE.parent], tokens=TOKENS)
    with TestClient(create_app(settings)) as client:
        yield client


def _cli(*args: object, catalog: Path | None = None) -> Any:
    """What the CLI prints with `--json -`, parsed."""
    extra = ["--catalog", str(catalog)] if catalog is not None else []
    result = CliRunner().invoke(cli, [str(a) for a in args] + extra, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _get(client: TestClient, url: str, **params: Any) -> Any:
    r = client.get(url, params=params, headers=R)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    return r.json()


# ------------------------------------------------------------------ diff, real catalogs


def test_real_diff_with_org_equals_the_service_and_the_cli(
    sou_client: TestClient, sou_catalog: Path
) -> None:
    """Issue 6: `csl sou-2024-18 → sfs-2025-1506` for the example, over HTTP."""
    body = _get(sou_client, f"{V1}/diff", **CSL, org="aldreforvaltningen", as_of=str(AS_OF))
    catalog, org = service.load_workspace(EXAMPLE, sou_catalog)
    report = service.diff_loaded(catalog, "csl", "sou-2024-18", "sfs-2025-1506", org, AS_OF)
    assert body == json.loads(service.diff_json(report))
    cli_args = ["diff", "csl", "sou-2024-18", "sfs-2025-1506", "--org", EXAMPLE]
    assert body == _cli(*cli_args, "--as-of", AS_OF, "--json", "-", catalog=sou_catalog)
    delta = body["delta"]
    assert (delta["organisation"], delta["as_of"]) == ("aldreforvaltningen", AS_OF.isoformat())


def test_real_diff_without_org_equals_the_cli(sou_client: TestClient, sou_catalog: Path) -> None:
    body = _get(sou_client, f"{V1}/diff", **CSL)
    assert body["delta"] is None
    args = ("diff", "csl", "sou-2024-18", "sfs-2025-1506", "--json", "-")
    assert body == _cli(*args, catalog=sou_catalog)


def test_real_diff_only_is_the_cli_only(sou_client: TestClient, sou_catalog: Path) -> None:
    body = _get(sou_client, f"{V1}/diff", **CSL, only="csl:2.3, csl:2.4")
    cli_json = _cli(
        *["diff", *CSL.values()],
        *("--only", "csl:2.3", "--only", "csl:2.4", "--json", "-"),
        catalog=sou_catalog,
    )
    assert body == cli_json
    assert body["diff"]["scope"] == ["csl:2.3", "csl:2.4"]
    ids = [c["new_id"] or c["old_id"] for c in body["diff"]["changes"]]
    assert ids
    assert all(any(i == p or i.startswith(p + ".") for p in ("csl:2.3", "csl:2.4")) for i in ids)
    repeated = sou_client.get(
        f"{V1}/diff", params={**CSL, "only": ["csl:2.4", "csl:2.3"]}, headers=R
    )
    assert repeated.json() == body  # repeated or comma-separated, in any order


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({**CSL, "source": "csx"}, "'csx'"),
        ({**CSL, "from": "sou-2024-99"}, "'sou-2024-99'"),
        ({**CSL, "to": "sfs-2099-1"}, "'sfs-2099-1'"),
        ({**CSL, "from": "oj-2022-12-27"}, "'oj-2022-12-27'"),  # a version of another source
        ({**CSL, "org": "nobody"}, "'nobody'"),
    ],
)
def test_real_diff_unknown_ids_are_404(
    sou_client: TestClient, params: dict[str, str], named: str
) -> None:
    r = sou_client.get(f"{V1}/diff", params=params, headers=R)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert named in r.json()["detail"]


# ------------------------------------------------------------------ deadlines, real catalogs


def test_real_deadlines_equal_the_cli(real_client: TestClient) -> None:
    """Issue 3's calculator over HTTP: the same JSON as `gapcheck deadlines --json -`."""
    body = _get(real_client, DEADLINES, aware=AWARE)
    assert body == _cli("deadlines", EXAMPLE, "--aware", AWARE, "--json", "-")
    catalog, org = service.load_workspace(EXAMPLE)
    report = service.deadlines_loaded(catalog, org, dt.datetime(2026, 11, 28, 9, 0))
    assert body == json.loads(service.deadlines_json(report))
    assert body["aware"] == "2026-11-28T09:00:00+01:00"  # naive = Swedish time
    assert body["deadlines"]


def test_real_deadlines_flags_events_and_pins_equal_the_cli(real_client: TestClient) -> None:
    event = "incident_notification=2026-11-30T10:00"
    body = _get(
        real_client,
        DEADLINES,
        aware=AWARE,
        personal_data="true",
        trust_service="true",
        event=event,
        pin="csl=sfs-2025-1506",
    )
    flags = ["--personal-data", "--trust-service", "--event", event]
    cli_json = _cli(
        "deadlines",
        EXAMPLE,
        "--aware",
        AWARE,
        *flags,
        "--version",
        "csl=sfs-2025-1506",
        "--json",
        "-",
    )
    assert body == cli_json
    assert (body["personal_data"], body["trust_service"]) == (True, True)
    assert "gdpr:33.1" in [d["requirement"] for d in body["deadlines"]]
    plain = _get(real_client, DEADLINES, aware=AWARE)
    assert body != plain


@pytest.mark.parametrize(
    "aware",
    ["2026-11-28 09:00", "2026-11-28T09:00:00", "2026-11-28T08:00Z", "2026-11-28T10:00+02:00"],
)
def test_real_deadlines_same_instant_same_answer(real_client: TestClient, aware: str) -> None:
    """Other spellings of 09:00 Swedish time (an offset converts, no offset is local)."""
    assert _get(real_client, DEADLINES, aware=aware) == _get(real_client, DEADLINES, aware=AWARE)


def test_real_deadlines_count_elapsed_hours_across_dst(real_client: TestClient) -> None:
    """24 hours from 2026-03-28 09:00 CET end at 10:00 CEST (clocks go forward on the 29th)."""
    body = _get(real_client, DEADLINES, aware="2026-03-28T09:00")
    due = {d["requirement"]: d["due"] for d in body["deadlines"]}
    assert due["csl:2.5"] == "2026-03-29T10:00:00+02:00"


# ------------------------------------------------------------------ tiny data: caching


def test_tiny_diff_equals_the_service(tiny_module_client: TestClient) -> None:
    body = _get(tiny_module_client, f"{V1}/diff", **NAT, org="tiny", as_of=str(AS_OF), only="nat:2")
    catalog, org = service.load_workspace(DATA / "org_tiny", DATA / "catalog_tiny")
    report = service.diff_loaded(catalog, "nat", "v1", "v1", org, AS_OF, ["nat:2"])
    assert body == json.loads(service.diff_json(report))


def test_diff_etag_and_304(tiny_module_client: TestClient) -> None:
    url = f"{V1}/diff"
    first = tiny_module_client.get(url, params=NAT, headers=R)
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    again = tiny_module_client.get(url, params=NAT, headers={**R, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    gz = tiny_module_client.get(
        url, params=NAT, headers={**R, "Accept-Encoding": "gzip", "If-None-Match": etag}
    )
    assert gz.status_code == 304  # either coding revalidates
    # an unknown id is 404 even with a matching If-None-Match
    other = {**NAT, "to": "v9"}
    assert (
        tiny_module_client.get(url, params=other, headers={**R, "If-None-Match": "*"}).status_code
        == 404
    )


def test_diff_etag_follows_the_query(tiny_module_client: TestClient) -> None:
    def etag(**params: Any) -> str:
        r = tiny_module_client.get(f"{V1}/diff", params=params, headers=R)
        assert r.status_code == 200, r.text
        return str(r.headers["etag"])

    plain = etag(**NAT)
    assert etag(**NAT, as_of="2026-01-01") == plain  # no organisation, no date in the answer
    assert etag(**{**NAT, "source": "dir"}) != plain
    with_org = etag(**NAT, org="tiny", as_of=str(AS_OF))
    assert with_org != plain
    assert etag(**NAT, org="tiny", as_of="2026-01-01") != with_org
    assert etag(**NAT, only="nat:2,nat:3") == etag(**NAT, only=["nat:3", "nat:2"]) != plain


def test_repeated_diffs_are_served_from_the_cache(client: TestClient) -> None:
    state = client.app.state.gapcheck  # type: ignore[attr-defined]
    params = {**NAT, "org": "tiny", "as_of": str(AS_OF)}
    first = client.get(f"{V1}/diff", params=params, headers=R)
    misses = state.diff_cache.misses
    for _ in range(3):
        assert client.get(f"{V1}/diff", params=params, headers=R).content == first.content
    assert state.diff_cache.misses == misses
    assert state.diff_cache.hits >= 3


def test_changed_files_change_the_diff(client: TestClient, tiny_dirs: tuple[Path, Path]) -> None:
    """An organisation's change moves the ETag of its diffs only; the catalog's moves all."""
    with_org = {**NAT, "org": "tiny", "as_of": str(AS_OF)}
    before = {
        k: client.get(f"{V1}/diff", params=p, headers=R) for k, p in [("o", with_org), ("c", NAT)]
    }
    measures = tiny_dirs[1] / "tiny" / "measures.yaml"
    measures.write_text(measures.read_text() + "# edited\n")
    r = client.get(
        f"{V1}/diff", params=with_org, headers={**R, "If-None-Match": before["o"].headers["etag"]}
    )
    assert r.status_code == 200
    assert r.headers["etag"] != before["o"].headers["etag"]
    same = client.get(f"{V1}/diff", params=NAT, headers=R)
    assert same.headers["etag"] == before["c"].headers["etag"]
    edges = tiny_dirs[0] / "mappings" / "edges" / "edges.yaml"
    edges.write_text(edges.read_text() + "# edited\n")
    moved = client.get(f"{V1}/diff", params=NAT, headers=R)
    assert moved.headers["etag"] != before["c"].headers["etag"]


def test_reload_drops_the_organisations_diffs(
    client: TestClient, tiny_dirs: tuple[Path, Path]
) -> None:
    state = client.app.state.gapcheck  # type: ignore[attr-defined]
    client.get(f"{V1}/diff", params={**NAT, "org": "tiny"}, headers=R)
    client.get(f"{V1}/diff", params=NAT, headers=R)
    assert len(state.diff_cache) == 2
    measures = tiny_dirs[1] / "tiny" / "measures.yaml"
    measures.write_text(measures.read_text() + "# edited\n")
    assert client.post(f"{V1}/orgs/tiny/reload", headers=bearer(WRITE)).json()["changed"]
    assert len(state.diff_cache) == 1  # the catalog-only diff stays


def test_tiny_deadlines_answer_without_a_validator(tiny_module_client: TestClient) -> None:
    r = tiny_module_client.get(f"{V1}/orgs/tiny/deadlines", params={"aware": AWARE}, headers=R)
    assert r.status_code == 200
    assert r.headers["cache-control"] == "private, no-cache"
    assert "etag" not in r.headers
    body = r.json()
    assert (body["organisation"], body["timezone"]) == ("tiny", "Europe/Stockholm")
