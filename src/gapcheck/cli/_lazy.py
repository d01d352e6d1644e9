"""A Typer app whose click group builds each command when it is looked up (issue 12).

Typer builds a click command by inspecting its function's signature; for all 41 commands of
`gapcheck` that was a twentieth of a `gapcheck analyze`. `LazyTyper` keeps the commands and
sub-apps out of Typer's own lists, so Typer makes the group without them, and the group's
`commands` is a `LazyCommands` that builds each on first lookup (click's documented "lazy
group" pattern): `analyze` builds one command, `--help` and completion all of them, in
Typer's order and exactly as Typer would (tests/cli/test_cli_lazy.py compares the two).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer
from typer import _click
from typer.main import get_command_from_info, get_command_name, get_group_from_info
from typer.models import CommandInfo, TyperInfo

__all__ = ["LazyCommands", "LazyTyper"]


class LazyTyper(typer.Typer):
    """Commands and sub-apps are registered here and built by `build`, one at a time."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.deferred_commands: dict[str, CommandInfo] = {}
        self.deferred_groups: dict[str, TyperInfo] = {}

    def command(  # type: ignore[override]
        self, name: str | None = None, **kwargs: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        register = super().command(name, **kwargs)

        def defer(f: Callable[..., Any]) -> Callable[..., Any]:
            register(f)
            info = self.registered_commands.pop()
            assert info.callback is not None
            self.deferred_commands[info.name or get_command_name(info.callback.__name__)] = info
            return f

        return defer

    def add_typer(
        self, typer_instance: typer.Typer, *, name: str | None = None, **kwargs: Any
    ) -> None:
        if name is None:  # Typer merges a nameless sub-app's commands into the group
            raise TypeError("a lazily built sub-app needs its name")
        super().add_typer(typer_instance, name=name, **kwargs)
        self.deferred_groups[name] = self.registered_groups.pop()

    def build(self, name: str) -> _click.Command:
        """The click command `name`, as Typer would have built it with the others."""
        info = self.deferred_commands.get(name)
        if info is not None:
            return get_command_from_info(
                info,
                pretty_exceptions_short=self.pretty_exceptions_short,
                rich_markup_mode=self.rich_markup_mode,
            )
        return get_group_from_info(
            self.deferred_groups[name],
            pretty_exceptions_short=self.pretty_exceptions_short,
            rich_markup_mode=self.rich_markup_mode,
            suggest_commands=self.suggest_commands,
        )


class LazyCommands(MutableMapping[str, "_click.Command"]):
    """The app's commands by name, each built on first lookup; in Typer's order (commands in
    the order registered, then the sub-apps), which is the order of the help panels."""

    def __init__(self, source: LazyTyper) -> None:
        self._source = source
        names = [*source.deferred_commands, *source.deferred_groups]
        self._built: dict[str, _click.Command | None] = dict.fromkeys(names)

    def __getitem__(self, name: str) -> _click.Command:
        command = self._built[name]
        if command is None:
            command = self._built[name] = self._source.build(name)
        return command

    def __setitem__(self, name: str, command: _click.Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built)

    def __len__(self) -> int:
        return len(self._built)
