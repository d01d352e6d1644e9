"""The portfolio with saved runs: `--save` stores every organisation's run (the same runs
`gapcheck runs` lists), `--compare` sets each organisation now against its latest saved run
before this one, and names the organisations whose coverage fell. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from gapcheck import service
from gapcheck.api.app import create_app
from gapcheck.api.config import Settings
from gapcheck.cli import app
from gapcheck.model.portfolio import HEADLINE, PORTFOLIO_SCHEMA_VERSION, PortfolioFilters
from gapcheck.service import runs
from gapcheck.store import close_database
from tests.support.api_support import READ, TOKENS, WRITE, TestClient, bearer
from tests.support.databases import ENGINES, fresh_database

DATA = Path(__file__).parents[1] / "data"
AS_OF = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
API_Q = f"as_of={AS_OF.isoformat()}"


@pytest.fixture(params=ENGINES)
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        monkeypatch.setenv("GAPCHECK_DATABASE_URL", url)
        yield url


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """Two organisations on the tiny catalog (ids tiny-a, tiny-b) and one broken folder."""
    root = tmp_path / "city"
    for name in ("tiny-a", "tiny-b"):
        shutil.copytree(DATA / "org_tiny", root / name)
        profile = root / name / "organisation.yaml"
        profile.write_text(
            profile.read_text(encoding="utf-8").replace("id: tiny", f"id: {name}"),
            encoding="utf-8",
        )
    (root / "broken").mkdir()
    (root / "broken" / "measures.yaml").write_text("measures: []\n", encoding="utf-8")
    return root


def _portfolio(
    city: Path, workers: int = 1, **kw: object
) -> tuple[service.PortfolioRun, runs.PortfolioSaves]:
    return runs.portfolio_with_runs(
        [city],
        AS_OF,
        catalog_root=DATA / "catalog_tiny",
        workers=workers,
        **kw,  # type: ignore[arg-type]
    )


def _drop_measure(city: Path, org: str) -> None:
    """Set tiny's implemented policy measure back to planned: its coverage falls."""
    path = city / org / "measures.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: implemented", "status: planned", 1), encoding="utf-8")


def test_save_stores_one_run_per_analysed_organisation_with_the_label(
    db_url: str, city: Path
) -> None:
    run, saves = _portfolio(city, save=True, label="Stadens uppföljning", by="samordnare")
    assert sorted(saves.created) == ["tiny-a", "tiny-b"]
    assert saves.existing == []
    for org in ("tiny-a", "tiny-b"):
        page = runs.list_runs(org)
        assert page.total == 1
        saved = page.items[0]
        assert (saved.label, saved.saved_by, saved.as_of) == (
            "Stadens uppföljning",
            "samordnare",
            AS_OF,
        )
        row = next(a for a in run.analyses if a.organisation == org)
        assert saved.coverage == row.totals.coverage
        # The same run `gapcheck analyze --save` would store: same content, same id.
        captured = runs.load_captured(city / org, DATA / "catalog_tiny")
        result = service.analyze_loaded(captured.catalog, captured.org, AS_OF, {})
        assert runs.save_run(captured, result).run.id == saved.id
    assert [p.folder.rsplit("/", 1)[-1] for p in run.problems] == ["broken"]
    again, saves = _portfolio(city, save=True)
    assert saves.created == []
    assert sorted(saves.existing) == ["tiny-a", "tiny-b"]
    assert again.previous is None  # not compared


def test_worker_processes_save_the_same_runs_as_one_process(db_url: str, city: Path) -> None:
    _, saves = _portfolio(city, workers=2, save=True)
    assert sorted(saves.created) == ["tiny-a", "tiny-b"]
    _, saves = _portfolio(city, workers=1, save=True)  # same inputs read: same content, same id
    assert saves.created == []
    assert sorted(saves.existing) == ["tiny-a", "tiny-b"]


def test_compare_shows_then_and_now_per_source_and_who_fell(db_url: str, city: Path) -> None:
    first, _ = _portfolio(city, save=True, label="Före", now=NOW)
    _drop_measure(city, "tiny-a")
    run, _ = _portfolio(city, compare=True)
    result = service.build_portfolio(run)
    cmp = result.comparison
    assert cmp is not None
    assert cmp.fell == ["tiny-a"]
    assert cmp.without_previous == []
    rows = {r.organisation: r for r in cmp.organisations}
    before = {a.organisation: a for a in first.analyses}
    now = {a.organisation: a for a in run.analyses}
    a = rows["tiny-a"]
    assert a.previous is not None
    assert a.previous.label == "Före"
    assert a.coverage.before == before["tiny-a"].totals.coverage
    assert a.coverage.now == now["tiny-a"].totals.coverage
    assert a.coverage.change is not None
    assert a.coverage.change < 0
    assert a.fell[0] == HEADLINE
    for source, change in a.sources.items():
        then = next(s for s in before["tiny-a"].sources if s.source == source)
        assert change.before == then.coverage
        assert (source in a.fell) == ((change.change or 0) < 0)
    b = rows["tiny-b"]
    assert b.fell == []
    assert b.coverage.change == 0.0


def test_compare_without_saved_runs_lists_every_organisation_as_without_previous(
    db_url: str, city: Path
) -> None:
    run, _ = _portfolio(city, compare=True)
    cmp = service.build_portfolio(run).comparison
    assert cmp is not None
    assert cmp.without_previous == ["tiny-a", "tiny-b"]
    assert cmp.fell == []
    assert all(r.previous is None and r.coverage.before is None for r in cmp.organisations)


def test_save_and_compare_together_compare_with_the_run_before_this_one(
    db_url: str, city: Path
) -> None:
    _portfolio(city, save=True, now=NOW)
    _drop_measure(city, "tiny-b")
    run, saves = _portfolio(city, save=True, compare=True)
    assert saves.created == ["tiny-b"]
    assert saves.existing == ["tiny-a"]
    cmp = service.build_portfolio(run).comparison
    assert cmp is not None
    assert cmp.fell == ["tiny-b"]
    assert runs.list_runs("tiny-b").total == 2


def test_the_group_and_source_filters_narrow_the_comparison(db_url: str, city: Path) -> None:
    _portfolio(city, save=True)
    run, _ = _portfolio(city, compare=True)
    source = next(iter(run.analyses[0].sources)).source
    narrowed = service.build_portfolio(run, PortfolioFilters(source=source))
    assert narrowed.comparison is not None
    assert all(set(r.sources) <= {source} for r in narrowed.comparison.organisations)


def test_cli_save_then_compare_prints_the_fall_and_writes_json_and_the_sheet(
    db_url: str, city: Path, tmp_path: Path
) -> None:
    cli = CliRunner()
    base = ["portfolio", str(city), "--as-of", AS_OF.isoformat(), "--workers", "1"]
    base += ["--catalog", str(DATA / "catalog_tiny")]
    saved = cli.invoke(app, [*base, "--save", "--label", "Före", "--lang", "en"])
    assert saved.exit_code == 0, saved.output
    assert "Saved runs: 2 new, 0 with the same content" in saved.output
    _drop_measure(city, "tiny-a")
    shown = cli.invoke(app, [*base, "--compare", "--lang", "en"])
    assert shown.exit_code == 0, shown.output
    assert "Compared with the previous saved run (2 organisations)" in shown.output
    assert "Coverage fell for 1 organisations:" in shown.output
    out = tmp_path / "city.json"
    book = tmp_path / "city.xlsx"
    written = cli.invoke(app, [*base, "--compare", "--json", str(out), "--xlsx", str(book)])
    assert written.exit_code == 0, written.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema_version"] == PORTFOLIO_SCHEMA_VERSION
    assert doc["comparison"]["fell"] == ["tiny-a"]
    ws = load_workbook(book)["Jämförelse"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    fell = [r for r in rows if r[8] == "Ja"]
    assert fell
    assert all(r[7] < 0 for r in fell)
    assert {r[4] for r in fell} >= {"Totalt (bindande källor)"}
    plain = cli.invoke(app, base)
    assert plain.exit_code == 0
    assert "Jämfört" not in plain.output


def test_cli_label_without_save_is_refused(db_url: str, city: Path) -> None:
    result = CliRunner().invoke(app, ["portfolio", str(city), "--label", "x"])
    assert result.exit_code != 0
    assert "--save" in result.output


# ------------------------------------------------------------------ the API: ?compare=previous


def _api(city: Path) -> TestClient:
    settings = Settings(
        catalog_dir=DATA / "catalog_tiny", orgs_dirs=[city], tokens=TOKENS, check_interval=0
    )
    return TestClient(create_app(settings))


def _cli_json(city: Path) -> dict[str, object]:
    """`gapcheck portfolio CITY --compare --json` as a document."""
    run, _ = _portfolio(city, compare=True)
    doc: dict[str, object] = json.loads(service.portfolio_json(service.build_portfolio(run)))
    return doc


def test_api_compare_previous_is_the_clis_comparison(db_url: str, city: Path) -> None:
    _portfolio(city, save=True, label="Före", now=NOW)
    _drop_measure(city, "tiny-a")
    with _api(city) as client:
        answer = client.get(f"/api/v1/portfolio?{API_Q}&compare=previous", headers=bearer(READ))
        assert answer.status_code == 200, answer.text
        body = answer.json()
        plain = client.get(f"/api/v1/portfolio?{API_Q}", headers=bearer(READ)).json()
    cli = _cli_json(city)
    assert body["comparison"] == cli["comparison"]
    assert body["comparison"]["fell"] == ["tiny-a"]
    assert body["schema_version"] == cli["schema_version"]
    assert plain["comparison"] is None


def test_api_compare_without_saved_runs_lists_every_organisation(db_url: str, city: Path) -> None:
    with _api(city) as client:
        body = client.get(
            f"/api/v1/portfolio?{API_Q}&compare=previous", headers=bearer(READ)
        ).json()
    assert body["comparison"]["without_previous"] == ["tiny-a", "tiny-b"]
    assert body["comparison"]["fell"] == []


def test_api_compare_etag_changes_when_a_run_is_saved(db_url: str, city: Path) -> None:
    url = f"/api/v1/portfolio?{API_Q}&compare=previous"
    with _api(city) as client:
        first = client.get(url, headers=bearer(READ))
        etag = first.headers["ETag"]
        plain = client.get(f"/api/v1/portfolio?{API_Q}", headers=bearer(READ))
        assert plain.headers["ETag"] != etag  # the comparison is another representation
        again = client.get(url, headers={**bearer(READ), "If-None-Match": etag})
        assert again.status_code == 304
        saved = client.post("/api/v1/orgs/tiny-b/runs", json={}, headers=bearer(WRITE))
        assert saved.status_code == 201, saved.text
        after = client.get(url, headers={**bearer(READ), "If-None-Match": etag})
        assert after.status_code == 200
        assert after.headers["ETag"] != etag
        rows = {r["organisation"]: r for r in after.json()["comparison"]["organisations"]}
        assert rows["tiny-b"]["previous"]["run"] == saved.json()["run"]["id"]
        assert rows["tiny-a"]["previous"] is None


def test_api_compare_takes_only_previous(db_url: str, city: Path) -> None:
    with _api(city) as client:
        bad = client.get(f"/api/v1/portfolio?{API_Q}&compare=last", headers=bearer(READ))
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"


def test_api_compare_with_an_unreachable_database_is_503_and_plain_still_answers(
    city: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    monkeypatch.setenv("GAPCHECK_DATABASE_URL", url)
    with _api(city) as client:
        r = client.get(f"/api/v1/portfolio?{API_Q}&compare=previous", headers=bearer(READ))
        assert r.status_code == 503
        assert r.json()["type"] == "urn:gapcheck:problem:storage"
        plain = client.get(f"/api/v1/portfolio?{API_Q}", headers=bearer(READ))
        assert plain.status_code == 200
    close_database(url)
