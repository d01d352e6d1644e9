"""`gapcheck report` picks its output format from the shared registry (issue 10 item 15)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gapcheck.cli import app

DATA = Path(__file__).parents[1] / "data"
ARGS = ["--catalog", str(DATA / "catalog_tiny"), "--as-of", "2026-11-28"]


def test_report_writes_json_by_suffix_or_format(tmp_path: Path) -> None:
    org = str(DATA / "org_tiny")
    by_suffix = CliRunner().invoke(app, ["report", org, "-o", str(tmp_path / "a.json"), *ARGS])
    assert by_suffix.exit_code == 0, by_suffix.output
    named = tmp_path / "b.out"
    by_name = CliRunner().invoke(app, ["report", org, "-o", str(named), "--format", "json", *ARGS])
    assert by_name.exit_code == 0, by_name.output
    assert json.loads(named.read_text())["organisation"] == "tiny"
    assert named.read_bytes() == (tmp_path / "a.json").read_bytes()
    bad = CliRunner().invoke(app, ["report", org, "-o", str(named), "--format", "csv", *ARGS])
    assert bad.exit_code == 1
    assert "known: json, xlsx" in bad.output
