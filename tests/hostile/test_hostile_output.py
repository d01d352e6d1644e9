"""Terminal escapes in data (issue 14 item 14): an OSC sequence in a YAML title reached the
terminal through `explain` (it can retitle the window or hide text). Every console of the CLI
drops escape sequences and control characters from data; JSON output escapes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapcheck.cli._errors import printable
from tests.hostile.conftest import cli

OSC = "\\e]0;pwned\\a"  # as written in YAML (double-quoted escapes): ESC ] 0 ; pwned BEL
CSI = "\\e[2J\\e[31m"  # clear screen, red
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def _evil(org: Path) -> None:
    text = (org / "measures.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Incidentrutin och utbildning", f'title: "Incident{OSC}rutin"')
    (org / "measures.yaml").write_text(text, encoding="utf-8")
    profile = (org / "organisation.yaml").read_text(encoding="utf-8")
    profile = profile.replace("name: Tiny kommun (testdata)", f'name: "Tiny{CSI} kommun\\u202e"')
    (org / "organisation.yaml").write_text(profile, encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "{org}"),
        ("analyze", "{org}", "--as-of", "2026-05-01"),
        ("explain", "{org}", "nat:2.2", "--as-of", "2026-05-01"),
    ],
    ids=["validate", "analyze", "explain"],
)
def test_no_escape_sequence_from_yaml_reaches_the_terminal(
    org: Path, runner: CliRunner, args: tuple[str, ...]
) -> None:
    _evil(org)
    result = cli(runner, *(str(org) if a == "{org}" else a for a in args))
    assert result.exit_code == 0, result.output
    for raw in RAW:
        assert raw not in result.output
    assert "Tiny kommun" in result.output or "Incidentrutin" in result.output


def test_json_output_keeps_the_data_exact_and_escaped(org: Path, runner: CliRunner) -> None:
    _evil(org)
    result = cli(runner, "analyze", org, "--as-of", "2026-05-01", "--json", "-")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout  # JSON escapes it as \u001b
    assert "\x1b[2J" in json.loads(result.stdout)["organisation_name"]


def test_an_argument_with_escapes_is_echoed_harmlessly(org: Path, runner: CliRunner) -> None:
    result = cli(runner, "explain", org, "nat:\x1b]0;pwned\x07", "--lang", "en")
    assert result.exit_code == 1
    assert "unknown requirement 'nat:" in result.stderr
    for raw in RAW:
        assert raw not in result.output


def test_a_bad_option_value_with_escapes_is_echoed_harmlessly(org: Path, runner: CliRunner) -> None:
    result = cli(runner, "analyze", org, "--as-of", "\x1b]0;pwned\x07")
    assert result.exit_code == 2  # typer's usage error, through the safe console too
    for raw in RAW:
        assert raw not in result.output


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain åäö text\twith tab\nand newline", "plain åäö text\twith tab\nand newline"),
        ("a\x1b]0;title\x07b", "ab"),
        ("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),
        ("a\x1b[31;1mred\x1b[0mb", "aredb"),
        ("a\x9b2Jb", "ab"),
        ("a\rb\x08c\x00d\x7fe", "abcde"),
        ("abc\u202edcba", "abcdcba"),
        ("trailing escape\x1b", "trailing escape"),
    ],
)
def test_printable_drops_escape_sequences_and_control_characters(text: str, shown: str) -> None:
    assert printable(text) == shown
