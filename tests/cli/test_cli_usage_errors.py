"""Usage errors (exit code 2) speak Swedish by default and English with --lang en.

Each kind click/Typer raises while parsing, and each of our own checks of an option value, is
run from the command line in both languages: exit 2, nothing on stdout, no traceback, the usage
line and the help hint in the same language as the error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer._click import exceptions as click
from typer.testing import CliRunner, Result

from gapcheck.cli import app
from gapcheck.cli._usage import lang_in, message
from gapcheck.i18n import MESSAGES


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    """A wide terminal without colour: an error's sentence stays on one line."""
    return CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "FORCE_COLOR": None})


def _usage_error(result: Result) -> str:
    """The stderr of a usage error as one line (the panel's frame and wrapping removed)."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return " ".join(result.stderr.replace("│", " ").replace("╭─", " ").split())


def _run(runner: CliRunner, *args: str | Path, lang: str | None = None) -> str:
    extra = ["--lang", lang] if lang else []
    return _usage_error(runner.invoke(app, [str(a) for a in args] + extra))


# (arguments, Swedish text, English text): click's and Typer's own errors.
PARSE_ERRORS = [
    (("validate", "--bogus"), "Okänd flagga: --bogus", "No such option: --bogus"),
    (
        ("analyze", "org", "--vers"),
        "Okänd flagga: --vers (Möjliga flaggor: --save, --version)",
        "No such option: --vers (Possible options: --save, --version)",
    ),
    (("analyze",), "Argumentet 'ORG' saknas.", "Missing argument 'ORG'."),
    (
        ("analyze", "org", "--top", "101"),
        "Ogiltigt värde för '--top': värdet får vara högst 100",
        "Invalid value for '--top': the value must be at most 100",
    ),
    (
        ("analyze", "org", "--top", "-1"),
        "Ogiltigt värde för '--top': värdet måste vara minst 0",
        "Invalid value for '--top': the value must be at least 0",
    ),
    (
        ("analyze", "org", "--top", "many"),
        "Ogiltigt värde för '--top': skriv ett heltal",
        "Invalid value for '--top': use a whole number",
    ),
    (
        ("portfolio", "orgs", "--category", "bogus"),
        "Ogiltigt värde för '--category': 'bogus' är inget av 'non_compliant',",
        "Invalid value for '--category': 'bogus' is not one of 'non_compliant',",
    ),
    (
        ("analyze", "org", "--save=yes"),
        "Flaggan '--save' tar inget värde.",
        "Option '--save' does not take a value.",
    ),
    (
        ("analyze", "a", "b", "c"),
        "Oväntade extra argument (b c)",
        "unexpected extra argument(s) (b c)",
    ),
    (
        ("anlyze", "org"),
        "Okänt kommando 'anlyze'. Menade du 'analyze'?",
        "No such command 'anlyze'. Did you mean 'analyze'?",
    ),
]


@pytest.mark.parametrize(("args", "sv", "en"), PARSE_ERRORS, ids=lambda v: str(v)[:30])
def test_click_usage_errors_are_in_swedish_by_default_and_english_with_lang_en(
    runner: CliRunner, args: tuple[str, ...], sv: str, en: str
) -> None:
    swedish = _run(runner, *args)
    assert sv in swedish
    assert swedish.startswith("Användning: gapcheck")
    assert "för hjälp." in swedish
    assert " Fel " in swedish
    english = _run(runner, *args, lang="en")
    assert en in english
    assert english.startswith("Usage: gapcheck")
    assert "for help." in english
    assert " Error " in english


def test_an_option_without_its_value_is_named_in_the_chosen_language(runner: CliRunner) -> None:
    # The value is missing, so --lang must come first: it is read from the raw arguments.
    assert "Flaggan '--as-of' behöver ett värde." in _run(runner, "analyze", "org", "--as-of")
    english = _run(runner, "analyze", "org", "--lang", "en", "--as-of")
    assert "Option '--as-of' requires an argument." in english


def test_the_help_hint_names_the_failing_command(runner: CliRunner) -> None:
    assert "Skriv 'gapcheck analyze --help' för hjälp." in _run(runner, "analyze")
    assert "Skriv 'gapcheck --help' för hjälp." in _run(runner, "--bogus")


# (arguments, Swedish text, English text): our own checks of option values.
OWN_CHECKS = [
    (
        ("analyze", "org", "--as-of", "28/11/2026"),
        "'28/11/2026' är inget datum: skriv ÅÅÅÅ-MM-DD",
        "'28/11/2026' is not a date: use YYYY-MM-DD",
    ),
    (
        ("analyze", "org", "--as-of", "2026-13-01"),
        "'2026-13-01': det finns ingen månad 13",
        "'2026-13-01': there is no month 13",
    ),
    (
        ("analyze", "org", "--as-of", "0000-01-01"),
        "'0000-01-01': året ligger utanför",
        "'0000-01-01': the year is out of range",
    ),
    (
        ("analyze", "org", "--as-of", "2026-02-30"),
        "'2026-02-30': dagen finns inte (februari 2026 har 28 dagar)",
        "'2026-02-30': the day does not exist (February 2026 has 28 days)",
    ),
    (
        ("deadlines", "org", "--aware", "2026-04-01"),
        "'2026-04-01' är inget datum med tid: skriv ÅÅÅÅ-MM-DDTHH:MM",
        "'2026-04-01' is not a date and time: use YYYY-MM-DDTHH:MM",
    ),
    (
        ("deadlines", "org", "--aware", "2026-04-01T25:00"),
        "klockslaget 25:00 finns inte",
        "the time 25:00 does not exist",
    ),
    (
        ("deadlines", "org", "--aware", "2026-04-01T09:00+25:00"),
        "tidszonsförskjutningen +25:00 finns inte",
        "the offset +25:00 does not exist",
    ),
    (
        ("analyze", "org", "--label", "x"),
        "--label och --by beskriver en sparad körning: lägg till --save",
        "--label and --by describe a saved run: add --save",
    ),
    (
        ("analyze", "org", "--from-run", "abcd", "--save"),
        "Ogiltigt värde för '--from-run': --from-run använder körningens eget datum",
        "Invalid value for '--from-run': --from-run takes the run's own date",
    ),
    (
        ("portfolio", "orgs", "--by", "me"),
        "--label och --by beskriver sparade körningar: lägg till --save",
        "--label and --by describe saved runs: add --save",
    ),
]


@pytest.mark.parametrize(("args", "sv", "en"), OWN_CHECKS, ids=lambda v: str(v)[:40])
def test_our_own_bad_values_are_in_swedish_by_default_and_english_with_lang_en(
    runner: CliRunner, args: tuple[str, ...], sv: str, en: str
) -> None:
    assert sv in _run(runner, *args)
    assert en in _run(runner, *args, lang="en")


def test_a_bad_lang_is_refused_in_swedish(runner: CliRunner) -> None:
    assert "Ogiltigt värde för '--lang': använd sv eller en" in _run(
        runner, "validate", "--lang", "fr"
    )


@pytest.mark.parametrize(
    ("option", "sv", "en"),
    [
        (("--id", "!!"), "'!!' är inget giltigt id", "'!!' is not a valid id"),
        (("--county", "XX"), "använd länets bokstavskod: AB", "use a county letter code: AB"),
    ],
)
def test_init_refuses_a_bad_id_or_county_in_the_chosen_language(
    runner: CliRunner, tmp_path: Path, option: tuple[str, str], sv: str, en: str
) -> None:
    folder = tmp_path / "new-org"
    assert sv in _run(runner, "init", folder, *option)
    assert en in _run(runner, "init", folder, *option, lang="en")
    assert not folder.exists(), "a refused init creates nothing"


@pytest.mark.parametrize(
    ("args", "sv"),
    [
        (("--scope", "admin", "--org", "a"), "Ogiltigt värde för '--scope': använd read eller"),
        ((), "Ogiltigt värde för '--org': ange de organisationer"),
        (("--org", "../etc"), "'../etc' är inget mappnamn för en organisation"),
        (("--org", "*", "--org", "a"), "'*' betyder redan alla organisationer"),
    ],
)
def test_token_refuses_bad_options_in_swedish(
    runner: CliRunner, args: tuple[str, ...], sv: str
) -> None:
    # Swedish by default, as every command (`--lang en` gives English).
    assert sv in _run(runner, "token", *args)


@pytest.mark.parametrize(
    ("exc", "sv", "en"),
    [
        (
            click.BadArgumentUsage("Argument 'paths' takes 2 values."),
            "Argumentet 'paths' tar 2 värden.",
            "Argument 'paths' takes 2 values.",
        ),
        (click.UsageError("Missing command."), "Kommando saknas.", "Missing command."),
        (
            click.BadOptionUsage("--pair", "Option '--pair' requires 2 arguments."),
            "Flaggan '--pair' behöver 2 värden.",
            "Option '--pair' requires 2 arguments.",
        ),
        (
            click.MissingParameter(param_hint="'--org'", param_type="option"),
            "Flaggan '--org' saknas.",
            "Missing option '--org'.",
        ),
        (
            click.BadParameter("x", param_hint=None),
            "Ogiltigt värde: x",
            "Invalid value: x",
        ),
    ],
)
def test_usage_errors_no_gapcheck_command_raises_are_translated_too(
    exc: click.UsageError, sv: str, en: str
) -> None:
    assert (message(exc, "sv"), message(exc, "en")) == (sv, en)


def test_an_unknown_wording_is_shown_as_click_says_it() -> None:
    assert message(click.UsageError("Something new."), "sv") == "Something new."


@pytest.mark.parametrize(
    ("args", "lang"),
    [
        (["analyze", "x", "--lang", "en"], "en"),
        (["analyze", "--lang=en", "x"], "en"),
        (["analyze", "x", "--lang", "sv"], "sv"),
        (["analyze", "x", "--lang", "de"], "sv"),
        (["analyze", "x", "--lang"], "sv"),
        (["analyze", "--", "--lang", "en"], "sv"),
        ([], "sv"),
    ],
)
def test_the_language_of_a_usage_error_is_read_from_the_raw_arguments(
    args: list[str], lang: str
) -> None:
    assert lang_in(args) == lang


def test_every_usage_label_has_both_languages() -> None:
    usage = {k: v for k, v in MESSAGES.items() if k.startswith("usage.")}
    assert len(usage) > 40
    same = [k for k, v in usage.items() if not v["sv"] or v["sv"] == v["en"]]
    assert same == [], "a Swedish usage label is missing or left in English"


def test_the_readme_shows_the_usage_error_the_cli_prints(runner: CliRunner) -> None:
    command = "$ gapcheck analyze example --as-of 2026-02-30\n"
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    printed = runner.invoke(app, ["analyze", "example", "--as-of", "2026-02-30"]).stderr

    def words(text: str) -> list[str]:
        return text.replace("│", " ").replace("─", " ").split()

    assert words(shown) == words(printed)
