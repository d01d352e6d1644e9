"""gapcheck's exception tree. Every error a user can cause is one of these.

    GapcheckError                 base; `str(err)` is a complete, user-facing message
    ├── InputError                one or more problems in input files (carries `problems`)
    │   ├── CatalogError          controls/ and mappings/sources/ (sources, versions, controls)
    │   ├── MappingError          mappings/edges/ (edges and mapping sets)
    │   └── OrganisationError     an organisation folder (profile, measures, risks, ...)
    ├── NotFoundError             an id asked for (requirement, source, version, organisation)
    │                             that the loaded data does not have
    └── OutputError               a result could not be written (path, permissions)

Each `Problem` names the file, the line (when known), the entry id (when known), what is wrong
and how to fix it. Loaders collect *all* problems of a run and raise once. The CLI turns any
GapcheckError into a message and exit code 1; the API turns it into RFC 9457 problem+json.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "CatalogError",
    "GapcheckError",
    "InputError",
    "MappingError",
    "NotFoundError",
    "OrganisationError",
    "OutputError",
    "Problem",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one input file."""

    file: str
    line: int | None
    entry: str | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        entry = f" [{self.entry}]" if self.entry else ""
        hint = f" — {self.hint}" if self.hint else ""
        return f"{where}{entry}: {self.message}{hint}"


class GapcheckError(Exception):
    """Base of every error gapcheck raises on purpose."""


class InputError(GapcheckError):
    """Input files have problems; `problems` lists every one found in this run."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(set(problems), key=_problem_key)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the input:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


def _problem_key(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, p.line or 0, p.entry or "", p.message)


class CatalogError(InputError):
    """Problems in the source, version or control catalogs."""


class MappingError(InputError):
    """Problems in mapping edges or mapping sets."""


class OrganisationError(InputError):
    """Problems in an organisation folder."""


class NotFoundError(GapcheckError):
    """An id that was asked for does not exist in the loaded data."""

    def __init__(self, kind: str, ident: str, hint: str = "") -> None:
        self.kind = kind
        self.ident = ident
        self.hint = hint
        super().__init__(f"unknown {kind} '{ident}'" + (f" — {hint}" if hint else ""))


class OutputError(GapcheckError):
    """A result could not be written."""
