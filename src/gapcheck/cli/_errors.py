"""The CLI's one error handler and its safe console.

A GapcheckError becomes a message in the user's language and exit code 1. Every console the
CLI prints through is a `SafeConsole`: text from data (titles, ids, arguments, messages) never
carries a control character or escape sequence to the terminal, so a YAML title holding an
OSC sequence cannot retitle the window or hide text (`printable` is the one helper).
"""

from __future__ import annotations

import errno
import functools
import importlib.util
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

import typer
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.containers import Lines
from rich.markup import escape
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import DEFAULT_JUSTIFY, DEFAULT_OVERFLOW, Text

from gapcheck.errors import GapcheckError, InputError, Problem, ProblemCode, render_problems
from gapcheck.i18n import t
from gapcheck.lang import Lang

__all__ = [
    "SafeConsole",
    "err_console",
    "handle_errors",
    "print_problems",
    "printable",
]

P = ParamSpec("P")
R = TypeVar("R")

# Escape sequences (CSI, OSC, DCS/SOS/PM/APC, two-byte ESC x, 8-bit CSI), then any other
# C0/C1 control character but tab and newline, and the bidi overrides that reorder text.
_CONTROL = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|[ -~]?)"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str) -> str:
    """`text` without escape sequences and control characters (tab and newline stay)."""
    # isprintable() is false for every character _CONTROL removes (categories Cc and Cf), so
    # the common case needs no regular expression.
    return text if text.isprintable() else _CONTROL.sub("", text)


class SafeConsole(Console):
    """A rich Console whose output of data never holds control characters; rich's own
    styling and cursor control (a spinner) are added after the data is cleaned.

    Nor does it turn `:name:` in data into an emoji (rich's default): a supplier or measure
    named "Backup:ok:" is printed as written. gapcheck's own texts use no emoji codes, and
    rich's table of them is not loaded (issue 12, cold start)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("emoji", False)
        super().__init__(*args, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        # Before markup and highlighting split a sequence over several segments.
        return super().render_str(printable(text), **kwargs)

    def render_lines(
        self,
        renderable: RenderableType,
        options: ConsoleOptions | None = None,
        *,
        style: Style | None = None,
        pad: bool = True,
        new_lines: bool = False,
    ) -> list[list[Segment]]:
        # A table renders each cell as a Padding around its text, and rich splits the padded
        # cell into lines and crops them to the column's width a second time, though they
        # already have it: about a fifth of `gapcheck analyze`'s summary. A padding of a
        # cell's kind (no rows above or below, the full width, no height) is done here from
        # its content's lines, segment for segment what Padding and the second split give.
        if (
            type(renderable) is Padding
            and options is not None
            and pad
            and not new_lines
            and options.height is None
            and renderable.expand
            and not (renderable.top or renderable.bottom)
            and options.max_width - renderable.left - renderable.right >= 1
        ):
            return self._padded_lines(renderable, options, style)
        return super().render_lines(renderable, options, style=style, pad=pad, new_lines=new_lines)

    def _padded_lines(
        self, padding: Padding, options: ConsoleOptions, style: Style | None
    ) -> list[list[Segment]]:
        """`render_lines(padding, options, style=style)` (see above): each line of the
        content at the inner width, between the left and right padding, in `style`."""
        pad_style = self.get_style(padding.style)
        width = options.max_width - padding.left - padding.right
        inner = self._one_line(padding.renderable, options.update_width(width), pad_style)
        if inner is None:
            inner = super().render_lines(
                padding.renderable, options.update_width(width), style=pad_style, pad=True
            )
        left = [Segment(" " * padding.left, pad_style)] if padding.left else []
        right = [Segment(" " * padding.right, pad_style)] if padding.right else []
        lines = [[*left, *line, *right] for line in inner]
        if style:
            lines = [list(Segment.apply_style(line, style)) for line in lines]
        return lines

    def _one_line(
        self, content: RenderableType, options: ConsoleOptions, style: Style
    ) -> list[list[Segment]] | None:
        """`render_lines(content, options, style=style)` for a text that is one line and fits
        (most cells: a figure, a label), or None for any other content: rich's word wrap then
        finds no break, and what is left of it is the justification, done here as there."""
        if type(content) is not Text:
            return None
        plain = content.plain
        width = options.max_width
        if (
            "\n" in plain
            or "\t" in plain
            or content.end != "\n"
            or len(plain) > width
            or cell_len(plain) > width
        ):
            return None
        justify = content.justify or options.justify or DEFAULT_JUSTIFY
        overflow = content.overflow or options.overflow or DEFAULT_OVERFLOW
        lines = Lines([content.copy()])
        lines.justify(self, width, justify=justify, overflow=overflow)
        for line in lines:
            line.truncate(width, overflow=overflow)
        segments: Iterable[Segment] = Text("\n").join(lines).render(self)
        if style:
            segments = Segment.apply_style(segments, style)
        return [Segment.adjust_line_length(list(segments), width, style=style, pad=True)]

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        # The net under Text objects built by renderers (they skip render_str).
        return super()._render_buffer(
            seg
            if seg.control or seg.text.isprintable()
            else Segment(printable(seg.text), seg.style, seg.control)
            for seg in buffer
        )


def _safe_typer_console(make: Callable[..., Console]) -> Callable[..., Console]:
    """Typer's own messages (a bad option value echoes the argument) through a SafeConsole."""

    @functools.wraps(make)
    def wrapper(*args: Any, **kwargs: Any) -> Console:
        console = make(*args, **kwargs)
        console.__class__ = SafeConsole  # same state; only the rendering of data differs
        return console

    return wrapper


def _patch_rich_utils(module: Any) -> None:
    # typer's private helper; without it typer's messages are merely not cleaned
    make = getattr(module, "_get_rich_console", None)
    if make is not None:
        module._get_rich_console = _safe_typer_console(make)


class _PatchOnImport:
    """Patches typer.rich_utils when typer first imports it (for help or its own error
    messages): importing it up front (rich's Markdown, markdown_it) would cost every command
    some 40 ms of start-up."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != _RICH_UTILS:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        loader = spec.loader if spec is not None else None
        if loader is None or not hasattr(loader, "exec_module"):  # pragma: no cover
            return spec
        run = loader.exec_module

        def exec_module(module: Any) -> None:
            run(module)
            _patch_rich_utils(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


_RICH_UTILS = "typer.rich_utils"
if _RICH_UTILS in sys.modules:
    _patch_rich_utils(sys.modules[_RICH_UTILS])
else:
    sys.meta_path.insert(0, _PatchOnImport())


err_console = SafeConsole(stderr=True, highlight=False, soft_wrap=True)


def print_problems(problems: list[Problem], lang: Lang, console: Console = err_console) -> None:
    """Problems, one per line (the first 50 and a count of the rest), in `lang`."""
    for line in render_problems(problems, lang):
        console.print(f"  {line}", markup=False)


def _lang(kwargs: dict[str, Any], exc: Exception) -> Lang:
    """--lang when given, else the organisation's language when it was read, else Swedish."""
    given = kwargs.get("lang")
    if given in ("sv", "en"):
        return "en" if given == "en" else "sv"
    if isinstance(exc, InputError) and exc.lang is not None:
        return exc.lang
    return "sv"


# The longest name of one path component most file systems allow (as catalog.fsread says).
_MAX_NAME_CHARS = 255


def _os_message(exc: OSError, lang: Lang) -> str:
    """A path the file system refused, said like an input problem: which path, why, the fix."""
    path = str(exc.filename) if exc.filename is not None else "?"
    if exc.errno == errno.ENAMETOOLONG:
        problem = Problem.of(ProblemCode.NAME_TOO_LONG, path, None, None, limit=_MAX_NAME_CHARS)
        return problem.render(lang)
    # Neither "cannot read" nor "cannot write": the call may have been either.
    return t("cli.os_error", lang, path=path, reason=exc.strerror or type(exc).__name__)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so user errors print cleanly (no traceback) and exit with 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            lang = _lang(kwargs, exc)
            n = len(exc.problems)
            head = t("input.problems" if n != 1 else "input.problem", lang, n=n).rstrip(":")
            err_console.print(f"[bold red]{t('cli.error', lang)}[/] {escape(head)}")
            print_problems(exc.problems, lang)
            raise typer.Exit(1) from None
        except GapcheckError as exc:
            lang = _lang(kwargs, exc)
            err_console.print(f"[bold red]{t('cli.error', lang)}[/] {escape(exc.render(lang))}")
            raise typer.Exit(1) from None
        except OSError as exc:
            # The net under every path a command touches before gapcheck's own checks (Path.
            # exists() raises for a name over 255 characters): a clean message, no traceback.
            lang = _lang(kwargs, exc)
            err_console.print(
                f"[bold red]{t('cli.error', lang)}[/] {escape(_os_message(exc, lang))}"
            )
            raise typer.Exit(1) from None

    return wrapper
