"""Docs are tested against the code: every result field is documented."""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel

from gapcheck.model import LocalizedText
from gapcheck.model import result as r

ROOT = Path(__file__).parents[1]


def _documented_fields(text: str, section: str) -> set[str]:
    # The heading is one line: a model named in prose further down must not match.
    match = re.search(rf"^## [^\n]*`{section}`[^\n]*$(.*?)(?=^## |\Z)", text, re.S | re.M)
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
        r.MeasureEntry,
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


def _docs_examples() -> ModuleType:
    path = ROOT / "scripts" / "docs_examples.py"
    spec = importlib.util.spec_from_file_location("gapcheck_docs_examples", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


def test_every_documented_example_is_what_its_command_prints_today() -> None:
    examples = _docs_examples()
    stale = examples.stale()
    for path, (now, generated) in stale.items():
        diff = difflib.unified_diff(
            now.splitlines(), generated.splitlines(), "as written", "as generated", lineterm=""
        )
        print(f"--- {path.relative_to(ROOT)}\n" + "\n".join(diff))
    assert not stale, "documented examples are out of date: run `make docs` and read the diff"


def test_every_example_the_script_knows_is_used_in_a_doc() -> None:
    examples = _docs_examples()
    assert examples.used_names() == set(examples.EXAMPLES)


def test_api_analysis_is_the_cli_json_byte_for_byte_as_json_result_md_says() -> None:
    # docs/json-result.md: the API's /analysis and `--json` are the same document, keys sorted.
    examples = _docs_examples()
    from typer.testing import CliRunner

    from gapcheck.cli import app

    path = f"orgs/aldreforvaltningen/analysis?as_of={examples.AS_OF}"
    examples._api(path)  # builds the client
    api_body = examples._api_client.get(f"/api/v1/{path}").text
    cli = CliRunner().invoke(
        app, ["analyze", examples.ORG, "--as-of", examples.AS_OF, "--json", "-"]
    )
    assert api_body.strip() == cli.stdout.strip()
    doc = json.loads(api_body)
    assert api_body.strip() == json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False)
