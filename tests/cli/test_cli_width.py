"""At 80 columns (a normal terminal, `make demo`) tables wrap and never truncate (issue 10 item 2).

The check is general: the output at 80 columns holds exactly the words of the output at 250
columns, only on more lines. A cut id ("MCFFS 2026:…"), a reason cut mid-word or a word folded
in two would each change the words.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapcheck.cli import app
from gapcheck.cli._table import WrapTable, column_widths

EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"
AS_OF = "2026-11-28"
RULE = re.compile(r"^[─━]+$")
LONG_TOKEN = re.compile(r"(?=\S*[/=])\S{24,}")  # a path, address or NAME=VALUE

COMMANDS = {
    "analyze": ["analyze", str(EXAMPLE), "--as-of", AS_OF],
    "analyze-en": ["analyze", str(EXAMPLE), "--as-of", AS_OF, "--lang", "en"],
    "deadlines": [
        *("deadlines", str(EXAMPLE), "--aware", "2026-11-28T09:00"),
        *("--personal-data", "--trust-service"),
    ],
    "diff": [  # SOU 2024:18 is a test fixture beside the shipped catalog (`sou_catalog`)
        *("diff", "csl", "sou-2024-18", "sfs-2025-1506"),
        *("--org", str(EXAMPLE), "--as-of", AS_OF),
    ],
    "explain": ["explain", str(EXAMPLE), "nis2:23.4.a", "--as-of", AS_OF],
}


@functools.cache
def _run(columns: int, args: tuple[str, ...]) -> str:
    runner = CliRunner(env={"COLUMNS": str(columns), "NO_COLOR": "1", "FORCE_COLOR": None})
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _stdout(columns: int, args: list[str]) -> str:
    """The command's standard output at `columns` (each run once per test process)."""
    return _run(columns, tuple(args))


def _words(text: str) -> Counter[str]:
    return Counter(w for w in text.split() if not RULE.match(w) and w != "│")


@pytest.fixture(scope="module", params=sorted(COMMANDS))
def outputs(request: pytest.FixtureRequest) -> tuple[str, str]:
    args = COMMANDS[request.param]
    if request.param == "diff":
        args = [*args, "--catalog", str(request.getfixturevalue("sou_catalog"))]
    return _stdout(250, args), _stdout(80, args)


def test_output_at_80_columns_has_the_same_words_as_wide_output(
    outputs: tuple[str, str],
) -> None:
    wide, narrow = outputs
    missing, extra = _words(wide) - _words(narrow), _words(narrow) - _words(wide)
    # Only a token no column can hold (a web address, a long path or command) may fold, and
    # only into its own pieces: no word is ever cut short.
    assert all(LONG_TOKEN.fullmatch(word) for word in missing), missing
    assert all(any(piece in word for word in missing) for piece in extra), extra


def test_output_at_80_columns_has_no_line_longer_than_80(outputs: tuple[str, str]) -> None:
    _, narrow = outputs
    assert [line for line in narrow.splitlines() if len(line) > 80] == []


def test_sources_at_80_columns_tell_every_mcffs_regulation_apart() -> None:
    out = _stdout(80, COMMANDS["analyze"])
    for number in (1, 8, 11, 12):
        assert re.search(rf"^MCFFS 2026:{number} ", out, re.M), number
    assert "…" not in out


def test_a_column_gets_at_least_its_longest_word_and_the_spare_width_evenly() -> None:
    from rich.console import Console

    table = WrapTable()
    for header in ("a", "b", "c"):
        table.add_column(header)
    table.add_row("x" * 10, "word " * 30, "other " * 30)
    widths = column_widths(table, Console(width=60), 60)
    assert widths is not None
    assert widths[0] == 10  # all it wants
    assert sum(widths) == 60 - 6  # between columns: a space, the (blank) rule, a space
    assert abs(widths[1] - widths[2]) <= 1


def test_a_word_longer_than_the_terminal_folds_and_nothing_is_lost() -> None:
    from rich.console import Console

    console = Console(width=12, record=True, no_color=True)
    table = WrapTable()
    table.add_column("id", no_wrap=True)
    table.add_row("mcffs-2026-12:information")
    console.print(table)
    text = console.export_text()
    assert all(len(line) <= 12 for line in text.splitlines())
    assert "…" not in text
    assert "mcffs-2026-12:information" in "".join(text.split())
