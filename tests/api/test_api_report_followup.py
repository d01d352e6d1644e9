"""GET /orgs/{org}/report.xlsx has the Uppföljning sheet when the organisation has saved runs:
the same sheet `gapcheck report` writes, an ETag that changes when a run is saved; on SQLite
and PostgreSQL."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from gapcheck.cli import app
from tests.support.api_support import READ, WRITE, MakeClient, TestClient, bearer

URL = "/api/v1/orgs/tiny/report.xlsx?as_of=2026-06-01"


@pytest.fixture
def client(db_url: str, make_client: MakeClient) -> TestClient:
    return make_client()


def _cells(book: Any, sheet: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in book[sheet].iter_rows(values_only=True)]


def _improve(orgs: Path) -> None:
    measures = orgs / "tiny" / "measures.yaml"
    measures.write_text(measures.read_text().replace("status: planned", "status: implemented"))


def test_no_saved_runs_no_followup_sheet(client: TestClient) -> None:
    r = client.get(URL, headers=bearer(READ))
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert "Uppföljning" not in book.sheetnames


def test_the_followup_sheet_is_the_clis(
    client: TestClient, db_url: str, tiny_dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    catalog, orgs = tiny_dirs
    saved = client.post(
        "/api/v1/orgs/tiny/runs",
        json={"as_of": "2026-03-01", "label": "Före"},
        headers=bearer(WRITE),
    )
    assert saved.status_code == 201, saved.text
    _improve(orgs)
    # This very analysis saved too: the sheet compares with the run before it, as the CLI's.
    now = client.post("/api/v1/orgs/tiny/runs", json={"as_of": "2026-06-01"}, headers=bearer(WRITE))
    assert now.status_code == 201, now.text
    r = client.get(URL, headers=bearer(READ))
    assert r.status_code == 200, r.text
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames[1] == "Uppföljning"
    cells = [str(v) for row in _cells(book, "Uppföljning") for v in row if v is not None]
    assert "Täckning över tid" in cells
    against = next(c for c in cells if c.startswith("Jämfört med körning"))
    assert saved.json()["run"]["id"][:8] in against
    assert now.json()["run"]["id"][:8] not in against
    assert "Före" in cells
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        assert any(b"<lineChart>" in zf.read(n) for n in charts)
    cli_book = tmp_path / "cli.xlsx"
    env = {"GAPCHECK_DATABASE_URL": db_url, "GAPCHECK_CATALOG_DIR": str(catalog)}
    args = ["report", str(orgs / "tiny"), "-o", str(cli_book), "--as-of", "2026-06-01"]
    done = CliRunner(env=env).invoke(app, args)
    assert done.exit_code == 0, done.output
    assert _cells(book, "Uppföljning") == _cells(load_workbook(cli_book), "Uppföljning")
    english = client.get(URL + "&lang=en", headers=bearer(READ))
    assert "Follow-up" in load_workbook(io.BytesIO(english.content)).sheetnames


def test_saving_a_run_gives_a_new_etag_and_workbook(
    client: TestClient, tiny_dirs: tuple[Path, Path]
) -> None:
    before = client.get(URL, headers=bearer(READ))
    etag = before.headers["etag"]
    assert client.get(URL, headers={**bearer(READ), "If-None-Match": etag}).status_code == 304
    saved = client.post("/api/v1/orgs/tiny/runs", json={}, headers=bearer(WRITE))
    assert saved.status_code == 201, saved.text
    after = client.get(URL, headers={**bearer(READ), "If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["etag"] != etag
    assert "Uppföljning" in load_workbook(io.BytesIO(after.content)).sheetnames
    again = client.get(URL, headers={**bearer(READ), "If-None-Match": after.headers["etag"]})
    assert again.status_code == 304


def test_an_unreachable_runs_database_is_503_storage(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gapcheck.store import close_database

    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    monkeypatch.setenv("GAPCHECK_DATABASE_URL", url)
    r = client.get(URL, headers=bearer(READ))
    assert r.status_code == 503
    assert r.json()["type"] == "urn:gapcheck:problem:storage"
    close_database(url)
