"""Every endpoint answers what the service layer computes, in the CLI's JSON schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gapcheck import __version__, service
from gapcheck.model.result import SCHEMA_VERSION
from tests.support.api_support import AS_OF, DATA, EXAMPLE, READ, WRITE, TestClient, bearer

V1 = "/api/v1"
R = bearer(READ)


def _cli_json(org_dir: Path, catalog: Path | None = None) -> dict[str, object]:
    result = service.analyze_org(org_dir, AS_OF, catalog_root=catalog)
    data: dict[str, object] = json.loads(service.result_json(result))
    return data


def test_health_is_open_and_names_the_version(tiny_module_client: TestClient) -> None:
    r = tiny_module_client.get(f"{V1}/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "version": __version__}


def test_ready_counts_the_loaded_catalog(tiny_module_client: TestClient) -> None:
    body = tiny_module_client.get(f"{V1}/ready", headers=R).json()
    assert body["status"] == "ready"
    assert (body["sources"], body["versions"], body["requirements"]) == (2, 2, 9)
    assert body["organisations"] == 1


def test_sources_list_each_source_with_versions(tiny_module_client: TestClient) -> None:
    body = tiny_module_client.get(f"{V1}/sources", headers=R).json()
    assert [(s["id"], s["versions"], s["kind"]) for s in body] == [
        ("dir", ["v1"], "eu_directive"),
        ("nat", ["v1"], "national_law"),
    ]


def test_versions_and_their_requirements(tiny_module_client: TestClient) -> None:
    versions = tiny_module_client.get(f"{V1}/sources/nat/versions", headers=R).json()
    assert versions[0]["id"] == "v1"
    assert versions[0]["source"] == "nat"
    assert versions[0]["requirements"] == 5
    reqs = tiny_module_client.get(f"{V1}/sources/nat/versions/v1/requirements", headers=R).json()
    assert [r["id"] for r in reqs] == ["nat:2", "nat:2.1", "nat:2.2", "nat:2.3", "nat:3"]
    assert reqs[4]["deadline"]["months"] == 1


def test_requirement_shows_versions_and_mappings(tiny_module_client: TestClient) -> None:
    body = tiny_module_client.get(f"{V1}/requirements/nat:3", headers=R).json()
    assert body["id"] == "nat:3"
    assert [(v["source"], v["version"]) for v in body["versions"]] == [("nat", "v1")]
    assert body["versions"][0]["requirement"]["ref"] == "3 kap. 1 §"
    [edge] = body["mappings"]
    assert (edge["from"], edge["to"], edge["type"]) == ("nat:3", "iso27001:9.3", "maps_to")
    assert edge["rationale"] == {"en": "Reported through management review", "sv": None}
    assert body["sets"][0]["sufficient"] is False


def test_controls_list_and_detail(tiny_module_client: TestClient) -> None:
    controls = tiny_module_client.get(f"{V1}/controls", headers=R).json()
    assert "iso27001:A.5.24" in [c["id"] for c in controls]
    detail = tiny_module_client.get(f"{V1}/controls/iso27001:A.6.3", headers=R).json()
    assert detail["control"]["theme"] == "people"
    assert [e["from"] for e in detail["mappings"]] == ["dir:1.b"]


def test_orgs_lists_the_discovered_folder(tiny_module_client: TestClient) -> None:
    body = tiny_module_client.get(f"{V1}/orgs", headers=R).json()
    assert body == [
        {
            "id": "tiny",
            "name": "Tiny kommun (testdata)",
            "valid": True,
            "problems": [],
            "problems_total": 0,
        }
    ]


def test_analysis_is_the_cli_json(tiny_module_client: TestClient) -> None:
    r = tiny_module_client.get(f"{V1}/orgs/tiny/analysis?as_of={AS_OF}", headers=R)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.json() == _cli_json(DATA / "org_tiny", DATA / "catalog_tiny")


def test_gaps_are_the_cli_gaps_in_priority_order(tiny_module_client: TestClient) -> None:
    cli = _cli_json(DATA / "org_tiny", DATA / "catalog_tiny")
    url = f"{V1}/orgs/tiny/gaps?as_of={AS_OF}&explain=true"
    body = tiny_module_client.get(url, headers=R).json()
    assert [item["id"] for item in body["items"]] == cli["gaps"]
    assert body["total"] == len(cli["gaps"])  # type: ignore[arg-type]
    rows = {row["id"]: row for row in cli["requirements"]}  # type: ignore[attr-defined]
    assert all(item == rows[item["id"]] for item in body["items"])
    # The measures the page references, as in the result's table (schema 3.0).
    referenced = {
        ref["id"]
        for item in body["items"]
        for ref in [m for c in item["explanation"]["controls"] for m in c["measures"]]
        + item["explanation"]["direct_measures"]
    } | {c["measure"] for item in body["items"] for c in item["closing"]}
    assert referenced
    assert body["measures"] == {m: cli["measures"][m] for m in referenced}  # type: ignore[index]
    assert (body["organisation"], body["as_of"], body["schema_version"]) == (
        "tiny",
        AS_OF.isoformat(),
        SCHEMA_VERSION,
    )


@pytest.mark.parametrize("query", ["", "&explain=false"])
def test_gaps_leave_out_the_explanation_by_default(
    tiny_module_client: TestClient, query: str
) -> None:
    cli = _cli_json(DATA / "org_tiny", DATA / "catalog_tiny")
    rows = {row["id"]: row for row in cli["requirements"]}  # type: ignore[attr-defined]
    url = f"{V1}/orgs/tiny/gaps?as_of={AS_OF}{query}"
    body = tiny_module_client.get(url, headers=R).json()
    assert "measures" not in body  # the table of what the explanations name goes with them
    items = body["items"]
    assert [item["id"] for item in items] == cli["gaps"]
    for item in items:
        full = dict(rows[item["id"]])
        assert full.pop("explanation")  # the CLI row has one; the default gap row has not
        assert item == full


def test_explain_is_the_requirement_row(tiny_module_client: TestClient) -> None:
    cli = _cli_json(DATA / "org_tiny", DATA / "catalog_tiny")
    row = next(r for r in cli["requirements"] if r["id"] == "nat:2.2")  # type: ignore[attr-defined]
    url = f"{V1}/orgs/tiny/requirements/nat:2.2/explain?as_of={AS_OF}"
    body = tiny_module_client.get(url, headers=R).json()
    measures = body.pop("measures")
    assert body == row
    # With the entries of the measures it references (schema 3.0): here the one that closes
    # it, reached through the directive provision it transposes.
    assert [c["measure"] for c in row["closing"]] == ["M-02"]  # type: ignore[index]
    assert measures == {"M-02": cli["measures"]["M-02"]}  # type: ignore[index]


def test_pins_select_the_version_and_change_the_key(tiny_module_client: TestClient) -> None:
    base = f"{V1}/orgs/tiny/analysis?as_of={AS_OF}"
    plain = tiny_module_client.get(base, headers=R)
    pinned = tiny_module_client.get(base + "&pin=dir=v1", headers=R)
    assert pinned.status_code == 200
    assert pinned.json()["source_versions"]["dir"] == "v1"
    assert pinned.headers["etag"] != plain.headers["etag"]
    unknown = tiny_module_client.get(base + "&pin=dir=v9", headers=R)
    assert unknown.status_code == 404
    assert "'v9'" in unknown.json()["detail"]


def test_reload_answers_what_it_found(client: TestClient) -> None:
    r = client.post(f"{V1}/orgs/tiny/reload", headers=bearer(WRITE))
    assert r.status_code == 200
    body = r.json()
    assert (body["id"], body["changed"]) == ("tiny", False)
    assert len(body["fingerprint"]) == 64


def test_real_gaps_equal_the_cli(real_client: TestClient) -> None:
    """The issue's definition of done: the API's gaps are `gapcheck analyze --json`'s."""
    cli = _cli_json(EXAMPLE)
    url = f"{V1}/orgs/aldreforvaltningen/gaps?as_of={AS_OF}&limit=500"
    body = real_client.get(url, headers=R).json()
    assert [item["id"] for item in body["items"]] == cli["gaps"]
    assert body["total"] == len(cli["gaps"])  # type: ignore[arg-type]
    analysis = real_client.get(f"{V1}/orgs/aldreforvaltningen/analysis?as_of={AS_OF}", headers=R)
    assert analysis.json() == cli


def test_real_catalog_endpoints(real_client: TestClient) -> None:
    sources = {s["id"] for s in real_client.get(f"{V1}/sources", headers=R).json()}
    assert {"nis2", "csl", "gdpr", "cer"} <= sources
    csl = real_client.get(f"{V1}/sources/csl/versions", headers=R).json()
    version = csl[-1]["id"]
    reqs = real_client.get(f"{V1}/sources/csl/versions/{version}/requirements", headers=R).json()
    first = reqs[0]["id"]
    assert real_client.get(f"{V1}/requirements/{first}", headers=R).status_code == 200
    assert real_client.get(f"{V1}/controls/iso27001:A.5.1", headers=R).status_code == 200
    orgs = real_client.get(f"{V1}/orgs", headers=R).json()
    assert {"id": "aldreforvaltningen", "valid": True}.items() <= orgs[0].items()
