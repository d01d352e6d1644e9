"""Loading with the bytes kept: the catalogs and an organisation, plus the very files parsed.

A saved run stores its inputs so it can be reproduced and audited later. The loaders report
every file they read (`gapcheck.catalog.yamlio.READ_OBSERVER`, as `service.snapshot` uses it),
so what is stored and hashed is exactly what was parsed — never a second read that could see
a newer file. Paths are relative to the organisation folder or the catalog root, so the same
files give the same hashes wherever they lie.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from gapcheck.catalog import default_catalog_root, load_org
from gapcheck.catalog.yamlio import READ_OBSERVER
from gapcheck.model import Catalog, OrgData
from gapcheck.service._cache import load_catalog_cached
from gapcheck.service.snapshot import fingerprint_bytes
from gapcheck.store.repo import FileSet

__all__ = [
    "Captured",
    "captured_from",
    "file_set",
    "load_captured",
    "materialized",
    "read_capturing",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Captured:
    """A loaded workspace and the files it came from."""

    catalog: Catalog
    org: OrgData
    inputs: FileSet
    catalog_files: FileSet


def file_set(kind: str, files: Mapping[str, bytes]) -> FileSet:
    """The files as a `FileSet`: per-file sha256 and the fingerprint of the whole set."""
    digests = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    return FileSet(kind, fingerprint_bytes(files.items()), dict(files), digests)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # a file outside the root (a link): keep its name
        return path.name


def read_capturing(load: Callable[[], T], root: Path) -> tuple[T, dict[str, bytes]]:
    """`load()`'s value and the bytes of every file it parsed, by path relative to `root`."""
    files: dict[str, bytes] = {}

    def observe(path: Path, data: bytes) -> None:
        files[_relative(path, root)] = data

    token = READ_OBSERVER.set(observe)
    try:
        value = load()
    finally:
        READ_OBSERVER.reset(token)
    return value, files


def load_captured(org_dir: Path, catalog_root: Path | None = None) -> Captured:
    """`load_workspace`, with the bytes of every file the catalogs and the organisation were
    parsed from."""
    root = catalog_root or default_catalog_root()
    catalog, catalog_files = read_capturing(lambda: load_catalog_cached(root), root)
    org, org_files = read_capturing(lambda: load_org(org_dir, catalog), org_dir)
    return Captured(catalog, org, file_set("inputs", org_files), file_set("catalog", catalog_files))


def captured_from(
    catalog: Catalog,
    catalog_root: Path,
    catalog_reads: Iterable[tuple[str, bytes]],
    org: OrgData,
    org_dir: Path,
    org_reads: Iterable[tuple[str, bytes]],
) -> Captured:
    """A `Captured` of loads already made, from the (path, bytes) they parsed
    (`service.snapshot.Snapshot.reads`): the same file sets `load_captured` would give for
    those bytes, without reading anything again (the API keeps the bytes it analysed)."""
    cat_files = {_relative(Path(name), catalog_root): data for name, data in catalog_reads}
    org_files = {_relative(Path(name), org_dir): data for name, data in org_reads}
    return Captured(catalog, org, file_set("inputs", org_files), file_set("catalog", cat_files))


@contextmanager
def materialized(files: Mapping[str, bytes]) -> Iterator[Path]:
    """The files written into a fresh temporary folder (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="gapcheck-run-") as tmp:
        base = Path(tmp)
        for rel, data in files.items():
            target = (base / rel).resolve()
            if not target.is_relative_to(base.resolve()):  # a stored path never leaves the folder
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        yield base
