"""Problems as a client may see them: paths relative to the organisation folder (or catalog).

The loaders name files as the CLI user typed them, which on a server means absolute paths
that tell a client how the server is laid out. Before a problem is stored for the API, every
path below the folder loses the folder's prefix (in `file`, and where a message quotes
another file); any other absolute path keeps only its file name. A file that resolves outside
the folder (a symbolic link out of it) is named, but nothing read from it is repeated.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterable
from pathlib import Path

from gapcheck.catalog._common import display_path
from gapcheck.errors import Problem

__all__ = ["relative_problems"]

_OUTSIDE = "links to a file outside the folder; nothing of it is shown here"


def _prefixes(root: Path) -> list[str]:
    forms = {str(root), str(root.absolute()), display_path(root)}
    with contextlib.suppress(OSError):
        forms.add(str(root.resolve()))
    # Longest first, so /srv/orgs/x is stripped before a shorter relative form inside it.
    return sorted((f.rstrip(os.sep) + os.sep for f in forms if f not in ("", ".")), key=len)[::-1]


def _outside(root: Path, file: Path) -> bool:
    # os.path.realpath, not Path.resolve: on Python 3.11 a symlink loop at the path (a
    # problem the loader reports) made resolve raise RuntimeError and the server not start.
    try:
        real_root = Path(os.path.realpath(root))
        target = Path(os.path.realpath(file if file.is_absolute() else Path.cwd() / file))
    except (OSError, ValueError):
        return False
    return target != real_root and real_root not in target.parents


def _strip(text: str, prefixes: list[str]) -> str:
    for prefix in prefixes:
        text = text.replace(prefix, "")
    return text


def _file(name: str, prefixes: list[str], root_forms: set[str]) -> str:
    if name.rstrip(os.sep) in root_forms:
        return "."
    for prefix in prefixes:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return Path(name).name if os.path.isabs(name) else name


def relative_problems(problems: Iterable[Problem], root: Path) -> tuple[Problem, ...]:
    """`problems` with paths relative to `root` and nothing from files outside it."""
    prefixes = _prefixes(root)
    root_forms = {p.rstrip(os.sep) for p in prefixes}
    out = []
    for p in problems:
        file = _file(p.file, prefixes, root_forms)
        if file != "." and _outside(root, Path(p.file)):
            out.append(
                dataclasses.replace(
                    p,
                    file=file,
                    line=None,
                    entry=None,
                    message=_OUTSIDE,
                    hint="put the file itself in the folder",
                )
            )
            continue
        out.append(
            dataclasses.replace(
                p, file=file, message=_strip(p.message, prefixes), hint=_strip(p.hint, prefixes)
            )
        )
    return tuple(dict.fromkeys(out))
