"""Usage errors (exit code 2) in the user's language.

click words its own usage errors in English (an unknown option, a missing argument, a bad
value, extra arguments). `show` says each kind again from messages.toml, with the usage line
and the help hint, in the language of `--lang` on the command line (Swedish without it: the
command line failed to parse, so no organisation is read for its language). Our own bad
values are `UsageText`: a click BadParameter carrying a `Msg`, rendered when shown (the
--as-of and --aware parsers below raise them).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from typing import NoReturn

import typer

# Typer 0.2x parses with its own copy of click: its exceptions, not the click package's.
from typer._click import exceptions as click

from gapcheck.cli._errors import err_console
from gapcheck.errors import Msg
from gapcheck.i18n import t
from gapcheck.lang import Lang

__all__ = ["UsageText", "fail", "lang_in", "message", "parse_date", "parse_datetime", "show"]


class UsageText(click.BadParameter):
    """A bad command-line value, said from a messages.toml key in the user's language."""

    def __init__(
        self, key: str, /, *, param_hint: str | None = None, **fields: str | int | Msg
    ) -> None:
        self.msg = Msg.of(key, **fields)
        super().__init__(self.msg.render("en"), param_hint=param_hint)


def lang_in(args: Sequence[str]) -> Lang:
    """The value of `--lang` among raw arguments when it is sv or en, else Swedish."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value == "en":
            return "en"
    return "sv"


def _quoted(names: Sequence[str] | str | None) -> str:
    if names is None:
        return ""
    if isinstance(names, str):
        return f"'{names}'" if names.startswith("-") else names
    return " / ".join(f"'{n}'" for n in names)


def _hint(exc: click.BadParameter) -> str:
    if exc.param_hint is not None:
        return _quoted(exc.param_hint)
    if exc.param is not None:
        return exc.param.get_error_hint()
    return ""


def _possibilities(names: Sequence[str] | None, lang: Lang) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return " " + t("usage.did_you_mean", lang, name=names[0])
    return " " + t("usage.possible", lang, names=", ".join(sorted(names)))


# click's own wording of the errors that are plain UsageErrors or carry only a message.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", re.S), "usage.extra"),
    (re.compile(r"No such command (?P<name>'.*')\."), "usage.no_such_command"),
    (
        re.compile(r"No such command (?P<name>'.*')\. Did you mean (?P<names>.*)\?"),
        "usage.no_such_command_hint",
    ),
    (re.compile(r"Option (?P<name>'.*') requires an argument\."), "usage.needs_value"),
    (re.compile(r"Option (?P<name>'.*') requires (?P<n>\d+) arguments\."), "usage.needs_values"),
    (re.compile(r"Option (?P<name>'.*') does not take a value\."), "usage.takes_no_value"),
    (re.compile(r"Argument (?P<name>'.*') takes (?P<n>\d+) values\."), "usage.argument_values"),
    (re.compile(r"Missing command\."), "usage.missing_command"),
)


# Typer's own wording of a value it could not convert (a number, a range, a choice).
_VALUE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Input should be a valid integer.*", re.S), "usage.value.integer"),
    (re.compile(r"Input should be greater than or equal to (?P<n>\S+)"), "usage.value.min"),
    (re.compile(r"Input should be less than or equal to (?P<n>\S+)"), "usage.value.max"),
    (
        re.compile(r"(?:Value error, )?(?P<value>'.*') is not one of (?P<choices>.*)\.", re.S),
        "usage.value.choice",
    ),
)


def _by_pattern(
    text: str, lang: Lang, patterns: tuple[tuple[re.Pattern[str], str], ...] = _PATTERNS
) -> str:
    for pattern, key in patterns:
        m = pattern.fullmatch(text)
        if m:
            return t(key, lang, **m.groupdict())
    return text  # a wording we do not know stays as click says it


def message(exc: click.UsageError, lang: Lang) -> str:
    """The error's own sentence (without usage line and hint) in `lang`."""
    if isinstance(exc, click.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        key = {"argument": "usage.missing_argument", "option": "usage.missing_option"}
        return t(key.get(kind, "usage.missing_parameter"), lang, name=_hint(exc))
    if isinstance(exc, click.BadParameter):
        if isinstance(exc, UsageText):
            text = exc.msg.render(lang)
        else:
            text = _by_pattern(exc.message, lang, _VALUE_PATTERNS)
        hint = _hint(exc)
        if not hint:
            return t("usage.invalid_value", lang, message=text)
        return t("usage.invalid_value_for", lang, name=hint, message=text)
    if isinstance(exc, click.NoSuchOption):
        return t("usage.no_such_option", lang, name=exc.option_name) + _possibilities(
            exc.possibilities, lang
        )
    return _by_pattern(exc.message, lang)


def show(exc: click.UsageError, lang: Lang) -> None:
    """Print the usage line, the help hint and the error in a panel, on stderr."""
    from rich.panel import Panel  # only when there is an error to show
    from rich.text import Text

    ctx = exc.ctx
    if ctx is not None:
        formatter = ctx.make_formatter()
        pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, prefix=f"{t('usage.usage', lang)} ")
        err_console.print(formatter.getvalue().rstrip("\n"), markup=False)
        help_names = ctx.command.get_help_option_names(ctx)
        if ctx.command.get_help_option(ctx) is not None and help_names:
            command = f"{ctx.command_path} {max(help_names, key=len)}"
            err_console.print(t("usage.try_help", lang, command=command), markup=False)
    err_console.print(
        Panel(
            Text(message(exc, lang)),
            border_style="red",
            title=t("usage.title", lang),
            title_align="left",
        ),
        soft_wrap=False,
    )


def fail(exc: click.UsageError, args: Sequence[str]) -> NoReturn:
    """Show a usage error in the language of `args` and exit with its code (2)."""
    # No arguments at all: Typer has printed the help already and exits 2 by itself.
    if isinstance(exc, click.NoArgsIsHelpError):
        raise exc
    show(exc, lang_in(args))
    raise typer.Exit(exc.exit_code) from None


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date_problem(text: str, year: int, month: int) -> UsageText:
    if not 1 <= month <= 12:
        return UsageText("usage.no_month", text=text, month=f"{month:02d}")
    if not 1 <= year <= 9999:
        return UsageText("usage.year_range", text=text)
    days = calendar.monthrange(year, month)[1]
    name = Msg.of(f"usage.month.{month}")
    return UsageText("usage.no_day", text=text, month=name, year=year, days=days)


def parse_date(text: str) -> dt.date:
    """'2026-11-28' → date; a day that does not exist is named as such, not as a bad format."""
    m = _ISO_DATE.fullmatch(text.strip())
    if m is None:
        raise UsageText("usage.date_format", text=text)
    year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _date_problem(text, year, month) from None


_ISO_TIME = re.compile(r"(\d{2}):(\d{2})(?::(\d{2}))?(?P<offset>Z|[+-]\d{2}:?\d{2})?")


def parse_datetime(text: str) -> dt.datetime:
    """'2026-11-28T09:00' or '2026-11-28 09:00[:ss]' → a naive datetime (local time); with an
    offset ('+01:00', 'Z') an aware one."""
    date_part, sep, time_part = text.strip().replace(" ", "T", 1).partition("T")
    m = _ISO_TIME.fullmatch(time_part)
    if not sep or m is None or _ISO_DATE.fullmatch(date_part) is None:
        raise UsageText("usage.datetime_format", text=text)
    day = parse_date(date_part)
    hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
    try:
        value = dt.datetime.combine(day, dt.time(hour, minute, second))
    except ValueError:
        raise UsageText("usage.no_time", text=text, time=time_part) from None
    if m["offset"] is None:
        return value
    try:
        return value.replace(
            tzinfo=dt.datetime.fromisoformat(f"2000-01-01T00:00{m['offset']}").tzinfo
        )
    except ValueError:
        raise UsageText("usage.no_offset", text=text, offset=m["offset"]) from None
