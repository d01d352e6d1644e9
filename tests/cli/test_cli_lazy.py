"""The `gapcheck` group builds a command only when it is looked up (issue 12, cold start).

Typer inspects a command's signature to build it; building all of them cost a twentieth of
`gapcheck analyze`. These tests pin that a command builds only itself, and that everything a
user sees from the group (help panels, usage errors with their did-you-mean, completion) is
what Typer's own eager group shows: the eager group is made by handing the registrations
back to Typer, as before the change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from gapcheck.cli import app
from gapcheck.cli._common import _Group

DATA = Path(__file__).parents[1] / "data"
TINY = ["--catalog", str(DATA / "catalog_tiny")]


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the commands built while the test runs, in order."""
    names: list[str] = []
    build = app.build

    def recording(name: str) -> object:
        names.append(name)
        return build(name)

    monkeypatch.setattr(app, "build", recording)
    return names


def test_analyze_builds_only_the_analyze_command(built: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    args = ["analyze", str(DATA / "org_tiny"), *TINY, "--as-of", "2026-05-01", "--json", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert built == ["analyze"]


def test_a_sub_app_builds_only_itself(built: list[str]) -> None:
    result = CliRunner().invoke(app, ["db", "--help"])
    assert result.exit_code == 0, result.output
    assert built == ["db"]


def test_the_group_lists_every_command_without_building_one(built: list[str]) -> None:
    names = list(get_command(app).commands)  # type: ignore[attr-defined]
    assert {"analyze", "validate", "portfolio", "runs", "db", "serve"} <= set(names)
    assert len(names) == len(set(names))
    assert built == []


def _eager(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer builds every command up front, as it did before `_Root`."""
    monkeypatch.setattr(app, "registered_commands", list(app.deferred_commands.values()))
    monkeypatch.setattr(app, "registered_groups", list(app.deferred_groups.values()))
    monkeypatch.setattr(app.info, "cls", _Group)


CASES = [
    [],
    ["--help"],
    ["analyze", "--help"],
    ["runs", "--help"],
    ["anlyze", "x"],
    ["anlyze", "x", "--lang", "en"],
    ["portfolo", "--lang", "sv"],
    ["nonsense"],
    ["--bogus", "--lang", "en"],
    ["analyze", "--bogus"],
]


@pytest.mark.parametrize("width", ["60", "80", "200"])
def test_help_and_usage_errors_are_those_of_typers_eager_group(
    monkeypatch: pytest.MonkeyPatch, width: str
) -> None:
    runner = CliRunner(env={"COLUMNS": width, "NO_COLOR": "1", "FORCE_COLOR": None})

    def outputs() -> list[tuple[int, str, str]]:
        results = [runner.invoke(app, args, prog_name="gapcheck") for args in CASES]
        return [(r.exit_code, r.stdout, r.stderr) for r in results]

    lazy = outputs()
    with monkeypatch.context() as eager:
        _eager(eager)
        assert type(get_command(app).commands) is dict  # type: ignore[attr-defined]
        expected = outputs()
    assert lazy == expected
    assert "Did you mean 'analyze'?" in lazy[5][2]
    assert "Menade du 'analyze'?" in lazy[4][2]
    assert "Analysis" in lazy[1][1]
    assert "Follow-up" in lazy[1][1]


@pytest.mark.parametrize("incomplete", ["", "a", "r", "--"])
def test_completion_offers_what_typers_eager_group_offers(
    monkeypatch: pytest.MonkeyPatch, incomplete: str
) -> None:
    def offered() -> list[tuple[str, str | None]]:
        group = get_command(app)
        ctx = group.make_context("gapcheck", [], resilient_parsing=True)
        return [(c.value, c.help) for c in group.shell_complete(ctx, incomplete)]

    lazy = offered()
    with monkeypatch.context() as eager:
        _eager(eager)
        assert offered() == lazy
    assert lazy
