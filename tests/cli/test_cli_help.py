"""What a new user reads first: `--help` at 80 columns, `-h`, `--version`, date errors, and the
one-line message for an optional part that is not installed (issue 10 items 1 and 3)."""

from __future__ import annotations

import datetime as dt
import sys
from importlib.metadata import version

import pytest
from typer.main import get_command
from typer.testing import CliRunner, Result

from gapcheck.cli import app

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    """A normal terminal: 80 columns, no colour."""
    return CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1", "FORCE_COLOR": None})


def _help(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_at_80_columns_shows_no_type_placeholder_pattern_or_cut_text(
    runner: CliRunner, command: str | None
) -> None:
    text = _help(runner, *([command] if command else []), "--help")
    assert "<bool>" not in text
    assert "%Y" not in text
    assert "%H" not in text
    assert "…" not in text  # nothing cut off: every example can be copied whole
    assert all(len(line) <= 80 for line in text.splitlines())


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_dash_h_is_the_same_as_help(runner: CliRunner, command: str | None) -> None:
    prefix = [command] if command else []
    assert _help(runner, *prefix, "-h") == _help(runner, *prefix, "--help")


def test_deadlines_help_shows_human_formats_and_the_whole_event_example(
    runner: CliRunner,
) -> None:
    text = _help(runner, "deadlines", "--help")
    assert "YYYY-MM-DDTHH:MM" in text
    assert "incident_notification=2026-11-30T10:00" in text


def test_version_prints_the_installed_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"gapcheck {version('gapcheck')}"


def _usage_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    return " ".join(result.stderr.replace("│", " ").split())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-30", "the day does not exist (February 2026 has 28 days)"),
        ("2028-02-30", "the day does not exist (February 2028 has 29 days)"),
        ("2026-13-01", "there is no month 13"),
        ("28/11/2026", "is not a date: use YYYY-MM-DD"),
        ("0000-01-01", "the year is out of range"),
    ],
)
def test_as_of_names_what_is_wrong_with_the_date(
    runner: CliRunner, value: str, expected: str
) -> None:
    result = runner.invoke(app, ["analyze", "no-such-org", "--as-of", value, "--lang", "en"])
    assert expected in _usage_error(result)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-04-31T09:00", "the day does not exist (April 2026 has 30 days)"),
        ("2026-04-01T25:00", "the time 25:00 does not exist"),
        ("2026-04-01", "is not a date and time: use YYYY-MM-DDTHH:MM"),
    ],
)
def test_aware_names_what_is_wrong_with_the_time(
    runner: CliRunner, value: str, expected: str
) -> None:
    result = runner.invoke(app, ["deadlines", "no-such-org", "--aware", value, "--lang", "en"])
    assert expected in _usage_error(result)


def test_aware_accepts_a_space_or_a_t_and_seconds() -> None:
    from gapcheck.cli._common import parse_datetime

    assert parse_datetime("2026-11-28 09:00") == parse_datetime("2026-11-28T09:00:00")
    aware = parse_datetime("2026-10-25T02:30+01:00")  # an offset settles a DST-change time
    assert aware.utcoffset() == dt.timedelta(hours=1)
    assert parse_datetime("2026-10-25T02:30:00+0100") == aware


@pytest.mark.parametrize("module", ["fastapi", "uvicorn", "pydantic_settings"])
def test_serve_without_the_api_extra_says_how_to_install_it_in_one_line(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # what an install without the extra looks like
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a handled error, not a crash
    assert result.stderr.splitlines() == [
        f"error: gapcheck serve needs {module}, which is not installed: pip install 'gapcheck[api]'"
    ]


def test_excel_and_safe_xml_parsing_are_part_of_the_base_install() -> None:
    from importlib.metadata import requires

    base = [r for r in requires("gapcheck") or [] if "extra ==" not in r]
    names = {r.split(">")[0].split("=")[0].split("<")[0].split("[")[0].strip() for r in base}
    assert {"openpyxl", "defusedxml"} <= names
