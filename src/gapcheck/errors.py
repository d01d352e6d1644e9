"""gapcheck's exception tree. Every error a user can cause is one of these.

    GapcheckError                 base; `str(err)` is a complete, user-facing message
    ├── InputError                one or more problems in input files (carries `problems`)
    │   ├── CatalogError          controls/ and mappings/sources/ (sources, versions, controls)
    │   ├── MappingError          mappings/edges/ (edges and mapping sets)
    │   ├── OrganisationError     an organisation folder (profile, measures, risks, ...)
    │   └── LawTextError          a law text (SFS, MCFFS, EU act) that cannot be structured
    ├── NotFoundError             an id asked for (requirement, source, version, organisation)
    │                             that the loaded data does not have
    ├── OutputError               a result could not be written (path, permissions)
    └── StorageError              the runs database cannot be opened, reached or used

Each `Problem` names the file, the line (when known), the entry id (when known), what is wrong
and how to fix it. Its `code` says what kind of problem it is (a closed vocabulary, so code
never parses the English text); its text is rendered from the code through the translation
table (`problem.<code>` and `fix.<code>` in messages.toml), in English for `message`/`hint` and
in any language with `Problem.render(lang)`. Loaders collect *all* problems of a run and raise
once. The CLI turns any GapcheckError into a message and exit code 1; the API turns it into
RFC 9457 problem+json.

Where things live: the exceptions below are defined here; `Problem`, `ProblemCode`,
`Severity`, `Msg`, `render_problems` and `MAX_SHOWN` (what is wrong with an input, and its
text) are defined in `gapcheck._problems` and re-exported here, the place to import them from.
"""

from __future__ import annotations

from collections.abc import Iterable

from gapcheck._problems import MAX_SHOWN, Msg, Problem, ProblemCode, Severity, render_problems
from gapcheck.i18n import t
from gapcheck.lang import Lang

__all__ = [
    "MAX_SHOWN",
    "CatalogError",
    "GapcheckError",
    "InputError",
    "LawTextError",
    "MappingError",
    "Msg",
    "NotFoundError",
    "OrganisationError",
    "OutputError",
    "Problem",
    "ProblemCode",
    "Severity",
    "StorageError",
    "render_problems",
]


class GapcheckError(Exception):
    """Base of every error gapcheck raises on purpose."""

    def render(self, lang: Lang) -> str:
        """The message in `lang` (English where no translation exists)."""
        return str(self)


class InputError(GapcheckError):
    """Input files have problems; `problems` lists every one found in this run.

    `lang` is the language of the input's organisation when it could be read (so a message
    about a Swedish organisation is in Swedish without a --lang)."""

    def __init__(self, problems: Iterable[Problem], lang: Lang | None = None) -> None:
        self.problems: list[Problem] = sorted(set(problems), key=_problem_key)
        self.lang: Lang | None = lang
        super().__init__(self.render("en"))

    def render(self, lang: Lang) -> str:
        count = len(self.problems)
        head = t("input.problems" if count != 1 else "input.problem", lang, n=count)
        return "\n".join([head, *(f"  {line}" for line in render_problems(self.problems, lang))])


def _problem_key(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, p.line or 0, p.entry or "", p.message)


class CatalogError(InputError):
    """Problems in the source, version or control catalogs."""


class MappingError(InputError):
    """Problems in mapping edges or mapping sets."""


class OrganisationError(InputError):
    """Problems in an organisation folder."""


class LawTextError(InputError):
    """A law text that `gapcheck import-law` cannot structure (line, what was expected)."""


# NotFoundError's kind ("version" for "version of <source>") -> its text.
_NOT_FOUND = {
    "requirement": "notfound.requirement",
    "control": "notfound.control",
    "source": "notfound.source",
    "version": "notfound.version",
    "version pin": "notfound.version_pin",
    "organisation": "notfound.organisation",
    "reporting event": "notfound.reporting_event",
    "output format": "notfound.output_format",
    "diff": "notfound.diff",
}


class NotFoundError(GapcheckError):
    """An id that was asked for does not exist in the loaded data."""

    def __init__(self, kind: str, ident: str, hint: str | Msg = "") -> None:
        self.kind = kind
        self.ident = ident
        # `hint` is the English text; `fix` renders it in any language when given as a Msg.
        self.fix: Msg | None = hint if isinstance(hint, Msg) else None
        self.hint: str = hint.render("en") if isinstance(hint, Msg) else hint
        text = f"unknown {kind} '{ident}'"
        super().__init__(text + (f" — {self.hint}" if self.hint else ""))

    def render(self, lang: Lang) -> str:
        """'unknown <kind> …' in `lang` (`notfound.<kind>`)."""
        kind, _, source = self.kind.partition(" of ")
        key = _NOT_FOUND.get(kind)
        if key is None:
            return str(self)
        head = t(key, lang, ident=self.ident, source=source)
        hint = self.fix.render(lang) if self.fix is not None else self.hint
        return head + (f" — {hint}" if hint else "")


class OutputError(GapcheckError):
    """A result could not be written. Given as a `Msg`, it renders in the user's language."""

    def __init__(self, message: str | Msg) -> None:
        self.msg: Msg | None = message if isinstance(message, Msg) else None
        super().__init__(message.render("en") if isinstance(message, Msg) else message)

    def render(self, lang: Lang) -> str:
        return self.msg.render(lang) if self.msg is not None else str(self)


class StorageError(GapcheckError):
    """The runs database (saved runs, issue 11) cannot be opened, reached or used."""
