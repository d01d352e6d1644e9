"""`GET /orgs/{org}/report.xlsx`: the workbook from `gapcheck.report`, once that exists."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.support.api_support import READ, TestClient, bearer

report = pytest.importorskip("gapcheck.report", reason="the Excel report is not written yet")
if not callable(getattr(report, "write_workbook", None)):
    pytest.skip("gapcheck.report has no write_workbook yet", allow_module_level=True)

R = bearer(READ)
URL = "/api/v1/orgs/tiny/report.xlsx?as_of=2026-11-28"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_workbook_download(tiny_module_client: TestClient, lang: str) -> None:
    r = tiny_module_client.get(f"{URL}&lang={lang}", headers=R)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == XLSX
    assert r.headers["content-disposition"] == (
        f'attachment; filename="tiny-2026-11-28-{lang}.xlsx"'
    )
    with zipfile.ZipFile(io.BytesIO(r.content)) as book:
        assert "xl/workbook.xml" in book.namelist()


def test_workbook_defaults_to_the_organisations_language(tiny_module_client: TestClient) -> None:
    r = tiny_module_client.get(URL, headers=R)
    assert r.headers["content-disposition"].endswith('-sv.xlsx"')


def test_workbook_is_cached_with_a_weak_etag(tiny_module_client: TestClient) -> None:
    first = tiny_module_client.get(URL, headers=R)
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    again = tiny_module_client.get(URL, headers=R)
    assert again.content == first.content
    assert tiny_module_client.get(URL, headers={**R, "If-None-Match": etag}).status_code == 304


def test_analysis_in_another_format_by_query_or_accept(tiny_module_client: TestClient) -> None:
    base = "/api/v1/orgs/tiny/analysis?as_of=2026-11-28"
    by_query = tiny_module_client.get(f"{base}&format=xlsx", headers=R)
    assert by_query.status_code == 200
    assert by_query.headers["content-type"] == XLSX
    by_accept = tiny_module_client.get(base, headers={**R, "Accept": XLSX})
    assert by_accept.content == by_query.content
    as_json = tiny_module_client.get(base, headers={**R, "Accept": "application/json"})
    assert as_json.headers["content-type"] == "application/json"
    assert as_json.headers["etag"] != by_query.headers["etag"]
    assert "Accept" in as_json.headers["vary"]
    wins = tiny_module_client.get(f"{base}&format=json", headers={**R, "Accept": XLSX})
    assert wins.headers["content-type"] == "application/json"
    refused = tiny_module_client.get(base, headers={**R, "Accept": "text/csv"})
    assert refused.status_code == 406
    assert refused.headers["content-type"] == "application/problem+json"
