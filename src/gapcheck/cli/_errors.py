"""The CLI's one error handler: a GapcheckError becomes a message and exit code 1."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from gapcheck.errors import GapcheckError, InputError

__all__ = ["err_console", "handle_errors"]

P = ParamSpec("P")
R = TypeVar("R")

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so user errors print cleanly (no traceback) and exit with 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            n = len(exc.problems)
            err_console.print(
                f"[bold red]error:[/] {n} problem{'s' if n != 1 else ''} in the input"
            )
            for problem in exc.problems:
                err_console.print(f"  {problem}", markup=False)
            raise typer.Exit(1) from None
        except GapcheckError as exc:
            err_console.print(f"[bold red]error:[/] {escape(str(exc))}")
            raise typer.Exit(1) from None

    return wrapper
