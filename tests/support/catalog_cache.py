"""Catalogs loaded once per test process for the same files (issue 10 item 19).

Most CLI, API and report tests run a command on the shipped catalogs, and each command loads
them again: parsing and checking some thirty YAML files is most of a command's time. The
loader is a function of the bytes, modes and names of what lies under the folder's controls/
and mappings/, of the folder and of the working directory (problems show paths relative to
it); `cached` memoises it on exactly those, so a test that edits, adds, removes or renames a
catalog file gets a fresh load. A folder holding anything but plain files and folders (a
link, a FIFO, a socket: the hostile-input tests) is never cached, nor is a load whose reads
are observed (`READ_OBSERVER`: a saved run stores the bytes it parsed). The models are
frozen, so a shared Catalog cannot be changed by the test that got it.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from gapcheck.catalog.fsread import READ_OBSERVER
from gapcheck.errors import Problem
from gapcheck.model import Catalog

__all__ = ["cached"]

Collect = Callable[[Path], tuple[Catalog | None, list[Problem]]]

# Past this many bytes a folder is not worth hashing (and is not a catalog a test shares).
_MAX_BYTES = 8 * 1024 * 1024
# Catalogs kept: the shipped one, the tiny one, the SOU fixture catalog and a few copies.
_KEEP = 8


def _fingerprint(root: Path) -> str | None:
    """A hash of everything the loader reads under `root` (its controls/ and mappings/); None
    when the load must not be cached."""
    digest = hashlib.sha256()
    digest.update(os.getcwd().encode() + b"\0" + os.fsencode(root) + b"\0")
    total = 0
    try:
        if not stat.S_ISDIR(os.lstat(root).st_mode):
            return None
        for part in ("controls", "mappings"):
            top = os.path.join(root, part)
            if not stat.S_ISDIR(os.lstat(top).st_mode):
                return None
            for folder, dirs, files in os.walk(top):
                dirs.sort()
                for name in sorted(dirs) + sorted(files):
                    path = os.path.join(folder, name)
                    info = os.lstat(path)
                    digest.update(os.fsencode(os.path.relpath(path, root)) + b"\0")
                    digest.update(f"{info.st_mode:o}\0".encode())
                    if stat.S_ISDIR(info.st_mode):
                        continue
                    if not stat.S_ISREG(info.st_mode):
                        return None  # a link, FIFO or socket: the case under test is the load
                    total += info.st_size
                    if total > _MAX_BYTES:
                        return None
                    with open(path, "rb") as handle:
                        digest.update(hashlib.sha256(handle.read()).digest())
    except OSError:
        return None
    return digest.hexdigest()


def cached(collect: Collect) -> Collect:
    """`collect` (the loader's `collect_catalog`) memoised on the fingerprint of its folder."""
    memo: OrderedDict[str, tuple[Catalog | None, list[Problem]]] = OrderedDict()

    def collect_cached(root: Path) -> tuple[Catalog | None, list[Problem]]:
        # A load with a read observer (a saved run keeps the bytes it parsed) must read.
        key = _fingerprint(Path(root)) if READ_OBSERVER.get() is None else None
        if key is None:
            return collect(root)
        if key in memo:
            memo.move_to_end(key)
        else:
            memo[key] = collect(root)
            while len(memo) > _KEEP:
                memo.popitem(last=False)
        catalog, problems = memo[key]
        return catalog, list(problems)

    return collect_cached
