"""Every error path answers RFC 9457 application/problem+json."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapcheck.api.routes import report
from tests.support.api_support import READ, WRITE, MakeClient, TestClient, bearer

R, W = bearer(READ), bearer(WRITE)


def assert_problem(r: object, status: int) -> dict[str, object]:
    """The answer is problem+json with the RFC's members, consistent with the status line."""
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    assert r.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    body: dict[str, object] = r.json()  # type: ignore[attr-defined]
    assert body["status"] == status
    assert isinstance(body["title"], str)
    assert body["title"]
    assert isinstance(body["type"], str)
    assert body["type"] == "about:blank" or str(body["type"]).startswith("urn:gapcheck:problem:")
    assert body["instance"] == r.request.url.path  # type: ignore[attr-defined]
    assert set(body) <= {
        "type",
        "title",
        "status",
        "detail",
        "instance",
        "problems",
        "problems_total",
        "errors",
    }
    return body


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/api/v1/orgs/nobody/gaps", "'nobody'"),
        ("/api/v1/orgs/nobody/analysis", "'nobody'"),
        ("/api/v1/orgs/tiny/requirements/nat:9/explain", "'nat:9'"),
        ("/api/v1/requirements/nat:2.7", "'nat:2.7'"),
        ("/api/v1/controls/iso27001:A.9.9", "'iso27001:A.9.9'"),
        ("/api/v1/sources/nis9/versions", "'nis9'"),
        ("/api/v1/sources/nat/versions/v7/requirements", "'v7'"),
        ("/api/v1/orgs/tiny/gaps?source=nis9", "'nis9'"),
        ("/api/v1/orgs/tiny/analysis?pin=nat=v7", "'v7'"),
        ("/api/v1/orgs/tiny/analysis?pin=zzz=v1", "'zzz'"),
        ("/api/v1/diff?source=nis9&from=v1&to=v1", "'nis9'"),
        ("/api/v1/diff?source=nat&from=v7&to=v1", "'v7'"),
        ("/api/v1/diff?source=nat&from=v1&to=v8", "'v8'"),
        ("/api/v1/diff?source=nat&from=v1&to=v1&org=nobody", "'nobody'"),
        ("/api/v1/orgs/nobody/deadlines?aware=2026-11-28T09:00", "'nobody'"),
        ("/api/v1/orgs/tiny/deadlines?aware=2026-11-28T09:00&pin=nat=v7", "'v7'"),
        (
            "/api/v1/orgs/tiny/deadlines?aware=2026-11-28T09:00&event=nope=2026-11-29T10:00",
            "'nope'",
        ),
    ],
)
def test_unknown_ids_are_404_naming_the_id(
    tiny_module_client: TestClient, path: str, named: str
) -> None:
    body = assert_problem(tiny_module_client.get(path, headers=R), 404)
    assert body["type"] == "urn:gapcheck:problem:not-found"
    assert named in str(body["detail"])


def test_a_bad_time_is_explained_not_patterned(tiny_module_client: TestClient) -> None:
    url = "/api/v1/orgs/tiny/deadlines?aware=2026-02-30T09:00"
    body = assert_problem(tiny_module_client.get(url, headers=R), 422)
    detail = str(body["detail"])
    assert "YYYY-MM-DDTHH:MM" in detail
    assert "pattern" not in detail


def test_near_ids_are_suggested(tiny_module_client: TestClient) -> None:
    body = assert_problem(tiny_module_client.get("/api/v1/requirements/nat:2.7", headers=R), 404)
    assert "nat:2.1" in str(body["detail"])


@pytest.mark.parametrize(
    ("path", "loc"),
    [
        ("/api/v1/orgs/tiny/gaps?limit=0", "query.limit"),
        ("/api/v1/orgs/tiny/gaps?limit=501", "query.limit"),
        ("/api/v1/orgs/tiny/gaps?offset=-1", "query.offset"),
        ("/api/v1/orgs/tiny/gaps?min_priority=101", "query.min_priority"),
        ("/api/v1/orgs/tiny/gaps?category=fine", "query.category"),
        ("/api/v1/orgs/tiny/gaps?source=..%2F..", "query.source"),
        ("/api/v1/orgs/tiny/analysis?as_of=yesterday", "query.as_of"),
        ("/api/v1/orgs/tiny/analysis?as_of=2026-02-30", "query.as_of"),
        ("/api/v1/orgs/tiny/analysis?pin=nat", "query.pin.0"),
        ("/api/v1/orgs/Tiny/analysis", "path.org"),
        ("/api/v1/orgs/..tiny/analysis", "path.org"),
        ("/api/v1/requirements/%20bad", "path.requirement_id"),
        ("/api/v1/orgs/tiny/report.xlsx?lang=de", "query.lang"),
        ("/api/v1/diff?from=v1&to=v1", "query.source"),
        ("/api/v1/diff?source=nat&to=v1", "query.from"),
        ("/api/v1/diff?source=nat&from=v1", "query.to"),
        ("/api/v1/diff?source=nat&from=..%2Fv1&to=v1", "query.from"),
        ("/api/v1/diff?source=nat&from=v1&to=v1&org=..%2Ftiny", "query.org"),
        ("/api/v1/diff?source=nat&from=v1&to=v1&org=tiny&as_of=2026-02-30", "query.as_of"),
        ("/api/v1/diff?source=nat&from=v1&to=v1&only=nat:2,,nat:3", "query.only.0"),
        ("/api/v1/diff?source=nat&from=v1&to=v1&only=nat:2&only=", "query.only.1"),
        ("/api/v1/orgs/tiny/deadlines", "query.aware"),
        ("/api/v1/orgs/tiny/deadlines?aware=yesterday", "query.aware"),
        ("/api/v1/orgs/tiny/deadlines?aware=2026-11-28", "query.aware"),
        ("/api/v1/orgs/tiny/deadlines?aware=2026-02-30T09:00", "query.aware"),
        ("/api/v1/orgs/tiny/deadlines?aware=2026-11-28T25:00", "query.aware"),
        ("/api/v1/orgs/tiny/deadlines?aware=1999-11-28T09:00", "query.aware"),
        (
            "/api/v1/orgs/tiny/deadlines?aware=2026-11-28T09:00&personal_data=maybe",
            "query.personal_data",
        ),
        (
            "/api/v1/orgs/tiny/deadlines?aware=2026-11-28T09:00&event=incident_notification",
            "query.event.0",
        ),
        ("/api/v1/orgs/tiny/deadlines?aware=2026-11-28T09:00&pin=nat", "query.pin.0"),
    ],
)
def test_invalid_requests_are_422_listing_the_part(
    tiny_module_client: TestClient, path: str, loc: str
) -> None:
    body = assert_problem(tiny_module_client.get(path, headers=R), 422)
    assert body["type"] == "urn:gapcheck:problem:invalid-request"
    assert loc in [e["loc"] for e in body["errors"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/orgs/..%2F..%2Fetc/analysis",
        "/api/v1/orgs/%2Fetc%2Fpasswd/gaps",
        "/api/v1/orgs/tiny%00/gaps",
        "/api/v1/orgs/.tiny/gaps",
    ],
)
def test_path_tricks_never_reach_the_disk(tiny_module_client: TestClient, path: str) -> None:
    r = tiny_module_client.get(path, headers=R)
    assert r.status_code in (404, 422)
    assert_problem(r, r.status_code)


def test_unknown_route_and_wrong_method(tiny_module_client: TestClient) -> None:
    assert_problem(tiny_module_client.get("/api/v1/nothing", headers=R), 404)
    assert_problem(tiny_module_client.get("/", headers=R), 404)
    r = tiny_module_client.delete("/api/v1/orgs", headers=R)
    assert_problem(r, 405)
    assert "GET" in r.headers["allow"]


def test_auth_errors_are_problems(tiny_module_client: TestClient) -> None:
    assert_problem(tiny_module_client.get("/api/v1/orgs"), 401)
    assert_problem(tiny_module_client.post("/api/v1/orgs/tiny/reload", headers=R), 403)


def test_invalid_input_files_are_422_with_every_problem(
    client: TestClient, tiny_dirs: tuple[Path, Path]
) -> None:
    measures = tiny_dirs[1] / "tiny" / "measures.yaml"
    measures.write_text(measures.read_text() + "  - id: M-99\n    title: x\n    status: maybe\n")
    body = assert_problem(client.post("/api/v1/orgs/tiny/reload", headers=W), 422)
    assert body["type"] == "urn:gapcheck:problem:invalid-input-files"
    problems = body["problems"]
    assert isinstance(problems, list)
    assert problems
    assert all({"file", "message"} <= set(p) for p in problems)
    assert any(p["file"].endswith("measures.yaml") for p in problems)
    # ... and the old analysis is not served instead
    assert_problem(client.get("/api/v1/orgs/tiny/gaps", headers=R), 422)
    orgs = client.get("/api/v1/orgs", headers=R).json()
    assert orgs[0]["valid"] is False
    assert orgs[0]["problems"]


def test_broken_catalog_is_503_on_ready_and_422_elsewhere(
    make_client: MakeClient, tmp_path: Path
) -> None:
    client = make_client(catalog_dir=tmp_path / "no-catalog-here")
    body = assert_problem(client.get("/api/v1/ready", headers=R), 503)
    assert body["problems"]
    assert_problem(client.get("/api/v1/sources", headers=R), 422)
    assert_problem(client.get("/api/v1/orgs/tiny/gaps", headers=R), 422)
    assert client.get("/api/v1/health").status_code == 200


def test_unexpected_errors_are_500_without_internals(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals /srv/x")

    monkeypatch.setattr("gapcheck.service.filter_gaps", explode)
    client = make_client(raise_server_exceptions=False)
    body = assert_problem(client.get("/api/v1/orgs/tiny/gaps", headers=R), 500)
    assert "secret" not in str(body)


def test_missing_workbook_is_501(
    tiny_module_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report, "_writer", lambda: None)
    body = assert_problem(tiny_module_client.get("/api/v1/orgs/tiny/report.xlsx", headers=R), 501)
    assert body["type"] == "urn:gapcheck:problem:report-unavailable"


def test_body_over_the_cap_is_413(make_client: MakeClient) -> None:
    client = make_client(max_body_bytes=100)
    r = client.post("/api/v1/orgs/tiny/reload", headers=W, content=b"x" * 101)
    assert_problem(r, 413)
    ok = client.post("/api/v1/orgs/tiny/reload", headers=W, content=b"x" * 100)
    assert ok.status_code == 200


def test_streamed_body_over_the_cap_is_413(make_client: MakeClient) -> None:
    """A chunked body (no Content-Length) is counted as it arrives."""
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse

    client = make_client(max_body_bytes=10)
    app = client.app

    async def echo(request: Request) -> PlainTextResponse:
        return PlainTextResponse(str(len(await request.body())))

    app.add_route("/echo", echo, methods=["POST"])  # type: ignore[attr-defined]

    def chunks() -> object:
        yield b"12345"
        yield b"67890"
        yield b"x"

    r = client.post("/echo", content=chunks())  # type: ignore[arg-type]
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"
