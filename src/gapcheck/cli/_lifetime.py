"""Objects a command keeps to the end of a one-command process, out of the collector's way.

`gapcheck.cli.main` (the console script) runs one command and ends the process; what the
command has loaded (the catalog and the organisation: some sixty thousand objects) lives until
then. The cyclic garbage collector would scan it in each collection that follows: in a warm
`gapcheck analyze`, the young-generation collection after the analysis took 7-10 ms to free
about 170 objects. `gc.freeze()` moves it out of the way for good. Only in that process: an
app run in a longer-lived one (a test's CliRunner, a program embedding the CLI; the API never
comes here) must keep what each command loads collectable.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from gapcheck.model import Catalog, OrgData

__all__ = ["keep_to_the_end", "load_catalogs", "load_workspace", "one_command_process"]

_one_command = False


def one_command_process() -> None:
    """Say that the process ends with the command it runs (called by `gapcheck.cli.main`)."""
    global _one_command
    _one_command = True


def keep_to_the_end() -> None:
    """Freeze every object made so far, in a one-command process (see the module docstring)."""
    if _one_command:
        gc.freeze()


def load_workspace(org: Path, catalog: Path | None) -> tuple[Catalog, OrgData]:
    """`service.load_workspace`, what it loaded kept to the end."""
    from gapcheck import service

    cat, data = service.load_workspace(org, catalog)
    keep_to_the_end()
    return cat, data


def load_catalogs(catalog: Path | None) -> Catalog:
    """`service.load_catalogs`, what it loaded kept to the end."""
    from gapcheck import service

    cat = service.load_catalogs(catalog)
    keep_to_the_end()
    return cat
