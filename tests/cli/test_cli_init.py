"""`gapcheck init` as a new user meets it (issue 10 item 4): what the skeleton lacks is said at
once with its fix, a folder name the API skips or that differs from the id is flagged by `init`
and by `validate`, and the next-step commands can be pasted into a shell as printed."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from gapcheck.cli import app

REPO = Path(__file__).parents[2]
TINY = REPO / "tests" / "data" / "catalog_tiny"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "250", "NO_COLOR": "1", "GAPCHECK_CATALOG_DIR": None})


def _run(runner: CliRunner, *args: str | Path) -> Result:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_init_without_a_county_warns_with_the_fix_and_validate_keeps_warning(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "nykommun"
    made = _flat(_run(runner, "init", folder).stderr)
    assert "län (county) saknas, så tillsynsmyndigheten kan inte avgöras" in made
    assert "county: AB för Stockholms län" in made  # the fix
    checked = _run(runner, "validate", folder)  # the shipped catalogs: a municipality's board
    assert "län (county) saknas" in _flat(checked.stderr)
    assert "Inga fel hittades." in checked.stdout  # a warning does not fail validate


def test_init_with_a_county_writes_it_and_gives_no_county_warning(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "nykommun"
    made = _run(runner, "init", folder, "--county", "ab")
    assert "county: AB" in (folder / "organisation.yaml").read_text(encoding="utf-8")
    assert "county" not in made.stderr
    assert "county" not in _run(runner, "validate", folder).stderr


@pytest.mark.parametrize("name", ["Min förvaltning", "Ängby"])
def test_init_flags_a_folder_name_the_api_skips_and_suggests_one(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    folder = tmp_path / name
    made = _flat(_run(runner, "init", folder, "--county", "AB").stderr)
    assert f"API:t hoppar över mappen '{name}'" in made
    suggestion = {"Min förvaltning": "min-forvaltning", "Ängby": "angby"}[name]
    assert f"t.ex. till {suggestion}" in made
    checked = _flat(_run(runner, "validate", folder, "--catalog", TINY, "--lang", "en").stderr)
    assert f"'{name}'" in checked
    assert suggestion in checked


def test_init_prints_next_steps_a_shell_reads_back_as_the_folder(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "Min förvaltning's"
    out = _run(runner, "init", folder, "--id", "min").stdout
    steps = [line.strip() for line in out.splitlines() if line.strip().startswith("gapcheck ")]
    assert [shlex.split(step) for step in steps] == [
        ["gapcheck", "validate", str(folder)],
        ["gapcheck", "analyze", str(folder)],
    ]


def test_a_folder_name_other_than_the_organisation_id_is_flagged_by_init_and_validate(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "minorg"
    made = _flat(_run(runner, "init", folder, "--id", "annan", "--county", "AB").stderr)
    assert "mappen heter 'minorg' men organisationens id är 'annan'" in made
    checked = _flat(_run(runner, "validate", folder, "--catalog", TINY, "--lang", "en").stderr)
    assert "minorg" in checked
    assert "annan" in checked
    assert "1 warning" in checked


def test_a_folder_named_as_its_id_gives_no_folder_warning(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "minorg"
    made = _run(runner, "init", folder, "--county", "AB")
    assert made.stderr == ""
    assert _run(runner, "validate", folder, "--catalog", TINY).stderr == ""


def test_validate_speaks_the_organisations_language_or_lang(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "minorg"
    _run(runner, "init", folder, "--county", "AB", "--name", "Min org")
    sv = _run(runner, "validate", folder, "--catalog", TINY).stdout
    assert sv.startswith("kataloger: ")
    assert "Min org — 1 åtgärd, 0 risker, 0 bedömningar, 0 leverantörer" in sv
    en = _run(runner, "validate", folder, "--catalog", TINY, "--lang", "en").stdout
    assert en.startswith("catalogs: ")
    assert "Min org — 1 measure, 0 risks, 0 assessments, 0 suppliers" in en
