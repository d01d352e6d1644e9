"""`gapcheck portfolio`: the JSON is the service's, the summary names what matters, a city of
broken organisations only is exit 1, and the heavy libraries stay unloaded."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gapcheck import service
from gapcheck.cli import app
from gapcheck.service import PortfolioRun
from tests.portfolio.conftest import EXAMPLE

ARGS = ["--as-of", "2026-11-28", "--workers", "1"]


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"}).invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_is_the_service_portfolio(run: PortfolioRun, city: Path) -> None:
    code, out, _ = _invoke("portfolio", str(city), str(EXAMPLE), *ARGS, "--json", "-")
    assert code == 0
    assert out.strip() == service.portfolio_json(service.build_portfolio(run))
    assert json.loads(out)["totals"]["with_problems"] == 3


def test_summary_shows_coverage_groups_shared_gaps_overdue_and_problems(city: Path) -> None:
    code, out, _ = _invoke("portfolio", str(city), str(EXAMPLE), *ARGS, "--lang", "en")
    assert code == 0
    out = " ".join(out.split())  # titles wrap over the width of their table
    for title in (
        "Coverage per organisation and binding source",
        "Per group",
        "Gaps per category, all organisations",
        "Shared gaps: the 10 most organisations have",
        "Organisations with overdue measures",
        "Organisations with input problems (3)",
    ):
        assert title in out
    assert "synt-broken-02" in out
    assert "almost_done" in out


def test_filters_reach_the_json(city: Path) -> None:
    code, out, _ = _invoke(
        "portfolio", str(city), *ARGS, "--group", "bolag", "--category", "overdue", "--json", "-"
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["filters"]["group"] == "bolag"
    assert {r["group"] for r in doc["organisations"]} == {"bolag"}
    assert doc["totals"]["gaps"] == doc["totals"]["gap_counts"]["overdue"]


def test_nothing_to_analyse_is_exit_1_with_the_problems_listed(city: Path) -> None:
    broken = sorted(str(p) for p in city.glob("synt-broken-*"))
    code, out, err = _invoke("portfolio", *broken, *ARGS, "--lang", "en")
    assert code == 1
    assert "Organisations with input problems (3)" in out
    assert "No organisation could be analysed." in err


def test_an_unknown_source_names_the_known_ones(city: Path) -> None:
    code, _, err = _invoke("portfolio", str(EXAMPLE), *ARGS, "--source", "nosuchlaw")
    assert code == 1
    assert "nosuchlaw" in err
    assert "csl" in err
