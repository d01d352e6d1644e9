"""Fixtures of the hostile-input suite: a fresh copy of the tiny organisation to corrupt, and a
CLI runner whose output is plain (no colour), so any escape byte in it came from the data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from gapcheck.cli import app

DATA = Path(__file__).parents[1] / "data"
CASES = Path(__file__).parent / "yaml"


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """A copy of tests/data/org_tiny named `tiny` (a valid folder name for the API)."""
    dest = tmp_path / "orgs" / "tiny"
    shutil.copytree(DATA / "org_tiny", dest)
    return dest


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner(
        env={"COLUMNS": "200", "NO_COLOR": "1", "FORCE_COLOR": None, "TTY_COMPATIBLE": None}
    )


def cli(runner: CliRunner, *args: str | Path, catalog: bool = True) -> Result:
    """Run gapcheck (against the tiny catalog unless `catalog` is False, for commands without
    --catalog); a crash (not a clean exit) fails the test."""
    tiny = ["--catalog", str(DATA / "catalog_tiny")] if catalog else []
    result = runner.invoke(app, [*map(str, args), *tiny])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    return result
