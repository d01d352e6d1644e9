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

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from gapcheck.catalog.fsread import READ_OBSERVER
from gapcheck.errors import Problem
from gapcheck.model import Catalog
from gapcheck.service._cache import _snapshot

__all__ = ["cached"]

Collect = Callable[[Path], tuple[Catalog | None, list[Problem]]]

# Catalogs kept: the shipped one, the tiny one, the SOU fixture catalog and a few copies.
_KEEP = 8


def _fingerprint(root: Path) -> str | None:
    """A hash of everything the loader reads under `root` (its controls/ and mappings/); None
    when the load must not be cached. The on-disk catalog cache's own key (switched off in the
    tests), so both treat the same folders alike."""
    snapshot = _snapshot(root)
    return None if snapshot is None else snapshot[0]


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
