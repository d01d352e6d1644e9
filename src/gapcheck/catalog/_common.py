"""Small helpers shared by the catalog and organisation loaders."""

from __future__ import annotations

import difflib
import os
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from gapcheck.catalog.fsread import Probe, probe
from gapcheck.catalog.validate import validate_doc
from gapcheck.catalog.yamlio import YamlDoc, read_yaml
from gapcheck.errors import Msg, Problem, ProblemCode
from gapcheck.gcpause import gc_paused

__all__ = [
    "closest",
    "display_path",
    "duplicates",
    "gc_paused",
    "load_file",
    "real_root",
    "subfolders",
    "suggest",
    "unexpected_files",
    "yaml_files",
]

M = TypeVar("M", bound=BaseModel)


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when below it.

    Links are not resolved: a message names the path the user gave, never where a link leads.
    """
    try:
        return str(Path(os.path.abspath(path)).relative_to(os.getcwd()))
    except (OSError, ValueError):
        return str(path)


def yaml_files(folder: Path) -> list[Path]:
    """Everything named *.yaml or *.yml directly in `folder`, sorted by name (so results never
    depend on the disk). Not only regular files: reading a folder, FIFO or broken link named
    like a YAML file is a problem, never a silent skip."""
    try:
        names = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except (OSError, ValueError):
        return []
    return names


def subfolders(folder: Path) -> list[Path]:
    """The folders directly in `folder` (links to folders included: reading their files
    checks where they lead), sorted by name."""
    try:
        return sorted(p for p in folder.iterdir() if probe(p, "")[0] is Probe.FOLDER)
    except (OSError, ValueError):
        return []


def real_root(path: Path) -> Path:
    """`path` with every link resolved: the boundary no input file may lead out of."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):
        return path


def load_file(
    path: Path, model: type[M], root: Path | None = None
) -> tuple[M | None, YamlDoc | None, list[Problem]]:
    """Read and validate one file; with `root` (see `real_root`), a file whose path leads out of
    `root` through a link is refused unread."""
    doc, problems = read_yaml(path, display_path(path), root, keep_going=True)
    if doc is None:
        return None, None, problems
    parsed, found = validate_doc(doc, model)
    return (None if problems else parsed), doc, problems + found


def duplicates(
    items: Iterable[tuple[str, str, int | None]], what: str, fix: str = "fix.duplicate_id"
) -> list[Problem]:
    """Problems for ids that occur more than once; items are (id, file, line). `what` names
    the kind of entry (`what.<what>` in messages.toml), `fix` the fix's key."""
    first: dict[str, tuple[str, int | None]] = {}
    problems = []
    for ident, file, line in items:
        if ident in first:
            f0, l0 = first[ident]
            problems.append(
                Problem.of(
                    ProblemCode.DUPLICATE_ID,
                    file,
                    line,
                    ident,
                    fix,
                    what=Msg.of(f"what.{what}"),
                    first=f"{f0}:{l0}",
                )
            )
        else:
            first[ident] = (file, line)
    return problems


def closest(wanted: str, candidates: Collection[str], n: int = 3) -> list[str]:
    """Candidates that look like `wanted` (case-insensitive), best first: for 'did you mean'."""
    by_lower: dict[str, str] = {}
    for c in sorted(candidates):
        by_lower.setdefault(c.lower(), c)
    found = difflib.get_close_matches(wanted.lower(), list(by_lower), n=n, cutoff=0.75)
    return [by_lower[f] for f in found]


def suggest(wanted: str, candidates: Collection[str], otherwise: str) -> Msg:
    """'did you mean …?' before the general fix `otherwise` (a key), when something is close."""
    near = closest(wanted, candidates)
    if not near:
        return Msg.of(otherwise)
    # "a or b or c" joined in the reader's language, not in English inside a Swedish sentence.
    joined: str | Msg = near[0]
    for then in near[1:]:
        joined = Msg.of("fix.did_you_mean.or", first=joined, then=then)
    return Msg.of("fix.did_you_mean", near=joined, otherwise=Msg.of(otherwise))


def unexpected_files(folder: Path, known: Collection[str], holds: str) -> list[Problem]:
    """A problem for each YAML file in `folder` not named in `known`, so a typo such as
    `measure.yaml` is never silently ignored; `holds` names the folder in the hint
    (`holds.<holds>` in messages.toml)."""
    return [
        Problem.of(
            ProblemCode.UNEXPECTED_FILE,
            display_path(path),
            None,
            None,
            holds=Msg.of(f"holds.{holds}"),
            known=", ".join(known),
        )
        for path in yaml_files(folder)
        if path.name not in known
    ]
