"""Loads that know exactly which bytes they parsed: the catalogs or one organisation, with the
fingerprint of the very bytes the parser saw.

Hashing the files again after a load (a second read) can see a newer file than the parser did:
an edit landing between the two would pair the analysis of the old bytes with the fingerprint of
the new ones, and a server would serve (and revalidate) the wrong analysis under a valid ETag.
Here every file is read once; the bytes go to the hash and to the parser alike
(`gapcheck.catalog.yamlio.READ_OBSERVER`).

A loader that fails in an unforeseen way (a bug, an input nobody thought of) does not raise:
the failure becomes a problem naming the file being read, so one bad folder never takes down
a server that serves many (the traceback goes to the log).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from gapcheck.catalog import collect_catalog, collect_org
from gapcheck.catalog.yamlio import READ_OBSERVER
from gapcheck.errors import Problem
from gapcheck.model import Catalog, OrgData

__all__ = ["Snapshot", "fingerprint_bytes", "snapshot_catalog", "snapshot_org"]

log = logging.getLogger("gapcheck.service")

T = TypeVar("T")


@dataclass(frozen=True)
class Snapshot(Generic[T]):
    """One load: the value (None when it has problems), its problems, and the fingerprint of
    the bytes it was parsed from (sha256 over file names and contents, in name order)."""

    value: T | None
    problems: tuple[Problem, ...]
    fingerprint: str
    files: tuple[str, ...]
    # (path, bytes) of every read, as parsed: a saved run or a follow-up of this very load
    # needs exactly these bytes (`gapcheck.service.runs.captured_from`), never a second read.
    reads: tuple[tuple[str, bytes], ...] = field(default=(), repr=False)


def fingerprint_bytes(reads: Iterable[tuple[str, bytes]]) -> str:
    """sha256 over (name, bytes) pairs in sorted order: the identity of what was parsed."""
    digest = hashlib.sha256()
    for name, data in sorted(reads):
        digest.update(name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()


@contextmanager
def _recording() -> Iterator[list[tuple[str, bytes]]]:
    reads: list[tuple[str, bytes]] = []

    def observe(path: Path, data: bytes) -> None:
        reads.append((str(path), data))

    token = READ_OBSERVER.set(observe)
    try:
        yield reads
    finally:
        READ_OBSERVER.reset(token)


def _snapshot(
    load: Callable[[], tuple[T | None, list[Problem]]], where: Path, what: str
) -> Snapshot[T]:
    with _recording() as reads:
        try:
            value, problems = load()
        except Exception as exc:  # see the module docstring
            culprit = reads[-1][0] if reads else str(where)
            log.exception("loading %s %s failed unexpectedly at %s", what, where, culprit)
            value, problems = (
                None,
                [
                    Problem(
                        culprit,
                        None,
                        None,
                        f"could not be loaded: unexpected {type(exc).__name__}",
                        "run `gapcheck validate` on it; the server log has the details",
                    )
                ],
            )
    if problems:
        value = None
    return Snapshot(
        value,
        tuple(problems),
        fingerprint_bytes(reads),
        tuple(sorted({n for n, _ in reads})),
        tuple(reads),
    )


def snapshot_catalog(root: Path) -> Snapshot[Catalog]:
    """The catalogs under `root`, with the fingerprint of the bytes parsed."""
    return _snapshot(lambda: collect_catalog(root), root, "the catalogs")


def snapshot_org(folder: Path, catalog: Catalog | None) -> Snapshot[OrgData]:
    """One organisation folder checked against `catalog`, with the fingerprint of the bytes
    parsed (the organisation's files only; combine it with the catalog's)."""
    return _snapshot(lambda: collect_org(folder, catalog), folder, "organisation")
