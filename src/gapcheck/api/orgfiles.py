"""What the server reads from disk: organisation discovery and file signatures.

Organisations are discovered by listing the configured folders; an organisation's id in URLs is
its folder name, which must match `ORG_ID_PATTERN`. A `Signature` is a cheap fingerprint of the
files and folders a load read (modification time, size, inode), compared with the disk to tell
whether a load is stale (see `gapcheck.api.state`).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

from gapcheck.api.tokens import ORG_ID_PATTERN
from gapcheck.catalog import ORG_FILES

__all__ = [
    "ORG_ID_PATTERN",
    "Signature",
    "catalog_paths",
    "discover_orgs",
    "file_signature",
    "org_paths",
]

log = logging.getLogger("gapcheck.api")

_ORG_ID = re.compile(ORG_ID_PATTERN)

Signature = tuple[tuple[str, int, int, int] | None, ...]


def file_signature(paths: Iterable[Path]) -> Signature:
    """(name, mtime_ns, size, inode) per path, None for a missing one."""
    out: list[tuple[str, int, int, int] | None] = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            out.append(None)
            continue
        out.append((str(path), st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(out)


def _yaml_in(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    except OSError:
        return []


def catalog_paths(root: Path) -> list[Path]:
    """The folders and files a catalog load reads (mirrors the loader's layout)."""
    sources = root / "mappings" / "sources"
    try:
        source_dirs = sorted(d for d in sources.iterdir() if d.is_dir())
    except OSError:
        source_dirs = []
    controls, edges = root / "controls", root / "mappings" / "edges"
    folders = [controls, root / "mappings", sources, edges, *source_dirs]
    files = [f for d in (controls, edges, *source_dirs) for f in _yaml_in(d)]
    return [*folders, *files]


def org_paths(folder: Path) -> list[Path]:
    return [folder, *(folder / name for name in ORG_FILES)]


def discover_orgs(orgs_dirs: Iterable[Path]) -> dict[str, Path]:
    """Organisation folders by id: each configured folder that holds `organisation.yaml`
    itself, or its subfolders that do. Names not matching `ORG_ID_PATTERN` (or longer than 64)
    and repeated names are skipped with a warning."""
    found: dict[str, Path] = {}
    for configured in orgs_dirs:
        base = configured.expanduser()
        try:
            if (base / "organisation.yaml").is_file():
                candidates = [base.resolve()]  # its name, also when given as "."
            else:
                candidates = sorted(
                    d for d in base.iterdir() if d.is_dir() and (d / "organisation.yaml").is_file()
                )
        except OSError as exc:
            log.warning("cannot list organisation folder %s: %s", base, exc.strerror)
            continue
        for folder in candidates:
            name = folder.name
            if not _ORG_ID.fullmatch(name) or len(name) > 64:
                log.warning(
                    "skipping %s: an organisation folder name must match %s",
                    folder,
                    ORG_ID_PATTERN,
                )
            elif name in found:
                log.warning("skipping %s: organisation %s is already %s", folder, name, found[name])
            else:
                found[name] = folder
    return found
