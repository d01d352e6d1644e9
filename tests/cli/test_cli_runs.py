"""`analyze --save`, `runs`, `compare`, `db` and `report --compare-to` through the CLI (issue 11):
what a person sees in Swedish and English, and the JSON of `--json -`."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from gapcheck import service
from gapcheck.cli import app
from gapcheck.service import runs
from tests.support.databases import ENGINES, fresh_database

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(params=ENGINES)
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str | None]]:
    with fresh_database(request.param, tmp_path) as url:
        yield {
            "COLUMNS": "200",
            "NO_COLOR": "1",
            "GAPCHECK_DATABASE_URL": url,
            "GAPCHECK_CATALOG_DIR": str(DATA / "catalog_tiny"),
        }


@pytest.fixture
def org(copy_tree) -> Path:
    return copy_tree(DATA / "org_tiny", "org")


def cli(env: dict[str, str | None], *args: str | Path) -> Result:
    result = CliRunner(env=env).invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def test_saving_listing_and_comparing_after_one_status_change(env, org: Path) -> None:
    saved = ok(cli(env, "analyze", org, "--as-of", "2026-06-01", "--save", "--label", "Vår 2026"))
    assert "Sparade körning " in saved.stderr
    again = ok(cli(env, "analyze", org, "--as-of", "2026-06-01", "--save"))
    assert "redan sparade som körning" in again.stderr
    measures = org / "measures.yaml"
    measures.write_text(measures.read_text().replace("status: planned", "status: implemented"))
    ok(cli(env, "analyze", org, "--as-of", "2026-06-01", "--save", "--by", "Anna"))

    listing = json.loads(ok(cli(env, "runs", org, "--json", "-")).stdout)
    assert listing["total"] == 2
    assert listing["items"][0]["saved_by"] == "Anna"
    assert [r["label"] for r in listing["items"]] == [None, "Vår 2026"]
    table = ok(cli(env, "runs", org, "--lang", "en")).stdout
    assert "Saved runs of tiny (2, newest first)" in table
    assert "Vår 2026" in table

    cmp = json.loads(ok(cli(env, "compare", org, "--json", "-")).stdout)
    assert [c["kind"] for c in cmp["causes"]] == ["inputs"]
    assert [(m["id"], m["status_from"], m["status_to"]) for m in cmp["measures"]] == [
        ("M-03", "planned", "implemented")
    ]
    text = ok(cli(env, "compare", org)).stdout
    assert "Organisationens indata (ändrade filer): measures.yaml" in text
    assert "M-03 Registrering hos tillsynsmyndigheten" in text
    assert "Planerad → Genomförd" in text
    english = ok(cli(env, "compare", org, "--lang", "en")).stdout
    assert "Planned → Implemented" in english


def test_runs_show_prune_and_db_status(env, org: Path) -> None:
    for day in ("2026-03-01", "2026-04-01", "2026-05-01"):
        ok(cli(env, "analyze", org, "--as-of", day, "--save"))
    first = json.loads(ok(cli(env, "runs", org, "--json", "-")).stdout)["items"][-1]["id"]
    shown = ok(cli(env, "runs", "show", org, first[:6], "--lang", "en")).stdout
    assert f"Id {first}" in shown
    assert "Coverage per binding source" in shown
    detail = json.loads(ok(cli(env, "runs", "show", org, first, "--json", "-")).stdout)
    assert detail["run"]["as_of"] == "2026-03-01"
    pruned = json.loads(ok(cli(env, "runs", "prune", org, "--keep", "1", "--json", "-")).stdout)
    assert len(pruned["deleted"]) == 2
    status = ok(cli(env, "db", "status", "--lang", "en")).stdout
    assert "Runs: 1 of 1 organisations" in status
    assert "Revision: 0001" in status


def test_unknown_run_and_meaningless_option_mixes_fail_cleanly(env, org: Path) -> None:
    missing = cli(env, "runs", "show", org, "abcdef")
    assert missing.exit_code == 1
    assert "unknown run 'abcdef'" in missing.stderr
    assert cli(env, "analyze", org, "--label", "x").exit_code == 2  # --label needs --save
    both = cli(env, "analyze", org, "--from-run", "abcd", "--as-of", "2026-01-01")
    assert both.exit_code == 2
    assert "--from-run" in both.stderr


def test_a_past_date_names_the_saved_run_that_reflects_it_and_from_run_reproduces_it(
    env, org: Path
) -> None:
    nothing = ok(cli(env, "analyze", org, "--as-of", "2026-01-01", "--lang", "en"))
    assert "the measures' statuses are today's" in nothing.stderr
    assert "no saved runs" in nothing.stderr
    saved = _save_back_then(env, org, dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC))
    note = ok(cli(env, "analyze", org, "--as-of", "2026-03-02", "--lang", "en")).stderr
    assert "Run " + saved[:8] in note
    assert f"--from-run {saved[:8]}" in note.replace("\n", "")
    run_id = saved
    (org / "measures.yaml").write_text("measures: []\n")
    replay = ok(cli(env, "analyze", org, "--from-run", run_id[:8], "--json", "-"))
    assert "the result is identical to the one saved" in replay.stderr.replace("\n", " ") or (
        "resultatet är identiskt" in replay.stderr.replace("\n", " ")
    )
    assert json.loads(replay.stdout)["as_of"] == "2026-03-01"


def _save_back_then(env: dict[str, str | None], org: Path, moment: dt.datetime) -> str:
    """Save a run as if on `moment` (the CLI saves now): the run id."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GAPCHECK_DATABASE_URL", str(env["GAPCHECK_DATABASE_URL"]))
        captured = runs.load_captured(org, DATA / "catalog_tiny")
        result = service.analyze_loaded(captured.catalog, captured.org, moment.date())
        return runs.save_run(captured, result, now=moment).run.id


def test_the_workbook_has_the_followup_sheet_with_a_chart_when_runs_exist(
    env, org: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.xlsx"
    ok(cli(env, "report", org, "-o", plain, "--as-of", "2026-06-01"))
    assert "Uppföljning" not in load_workbook(plain).sheetnames
    ok(cli(env, "analyze", org, "--as-of", "2026-03-01", "--save", "--label", "=HYPERLINK(1)"))
    measures = org / "measures.yaml"
    measures.write_text(measures.read_text().replace("status: planned", "status: implemented"))
    book = tmp_path / "followup.xlsx"
    ok(cli(env, "report", org, "-o", book, "--as-of", "2026-06-01"))
    wb = load_workbook(book)
    assert wb.sheetnames[1] == "Uppföljning"
    ws = wb["Uppföljning"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Täckning över tid" in cells
    assert any(c.startswith("Jämfört med körning") for c in cells)
    assert any(c.startswith("M-03 Registrering") for c in cells)
    label = next(c for row in ws.iter_rows() for c in row if c.value == "=HYPERLINK(1)")
    assert label.data_type == "s"  # text, never a formula
    with zipfile.ZipFile(book) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        assert any(b"<lineChart>" in zf.read(n) for n in charts)
    english = tmp_path / "en.xlsx"
    ok(cli(env, "analyze", org, "--xlsx", english, "--lang", "en", "--as-of", "2026-06-01"))
    assert "Follow-up" in load_workbook(english).sheetnames
