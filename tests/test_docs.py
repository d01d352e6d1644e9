"""Docs are tested against the code: every result field is documented."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from gapcheck.model import LocalizedText
from gapcheck.model import result as r

ROOT = Path(__file__).parents[1]


def _documented_fields(text: str, section: str) -> set[str]:
    match = re.search(rf"^## .*`{section}`.*?$(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"docs/json-result.md has no section for {section}"
    return set(re.findall(r"^\| `([a-z_]+)` \|", match.group(1), re.M))


def test_every_result_model_field_is_documented_in_json_result_md() -> None:
    text = (ROOT / "docs" / "json-result.md").read_text(encoding="utf-8")
    models: list[type[BaseModel]] = [
        r.AnalysisResult,
        r.SourceSummary,
        r.Totals,
        r.ClosingMeasure,
        r.NextStep,
        r.JointSetRef,
        r.ToMeet,
        r.RequirementResult,
        r.Explanation,
        r.ControlPath,
        r.MeasureRef,
        r.InheritedPath,
        r.AssessmentRef,
        r.PriorityReason,
        LocalizedText,
    ]
    for model in models:
        assert _documented_fields(text, model.__name__) == set(model.model_fields), model.__name__


def test_documented_schema_version_matches_the_code() -> None:
    text = (ROOT / "docs" / "json-result.md").read_text(encoding="utf-8")
    assert f"`schema_version` {r.SCHEMA_VERSION}" in text


def test_every_command_in_the_readme_exists_and_every_command_is_in_the_readme() -> None:
    from typer.main import get_command

    from gapcheck.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `gapcheck ([a-z-]+)", readme, re.M)
    table += re.findall(r"^\| `gapcheck [a-z-]+` / `gapcheck ([a-z-]+)`", readme, re.M)
    registered = set(get_command(app).commands)  # type: ignore[attr-defined]
    assert set(table) == registered


def test_readme_gives_the_two_set_up_commands_and_ci_runs_make_test() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme
    assert "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
