"""The validated-catalog cache: a clean catalog load kept on disk and reused while the catalog
files are byte-for-byte the same.

Loading and cross-checking the shipped catalogs (some thirty YAML files, parsed with line
tracking and size limits, then the cross-file and cycle checks) is most of a cold `gapcheck
analyze`. The result is a pure function of:

- the bytes, names and kinds of everything under the catalog folder's `controls/` and
  `mappings/` (every file is read and hashed on each run: no modification time is trusted);
- the folder as given and the working directory (problems and `Catalog.files` name paths
  relative to it);
- the code that loads and validates them: gapcheck's version and its modules (name, size and
  modification time of every .py file, so an edited checkout never reuses an old entry), the
  Python and pydantic versions and `CACHE_FORMAT`.

Beside the catalog an entry keeps what the engine derives from it alone: its shared catalog
part (`engine.parts.shared_parts`: the requirement, control and edge tables per selection of
versions, and the dependency order per set of settled requirements), added after an analysis
by `keep_derived`. A later process adopts them and builds no graph, so it does not even import
networkx, unless an analysis needs an order that is not kept yet.

All of these make the key. One entry is kept per catalog folder and working directory, in the
cache folder (`gapcheck.cachedir`: `$GAPCHECK_CACHE_DIR`, `off` switches it off, else
`$XDG_CACHE_HOME/gapcheck`, else `~/.cache/gapcheck`).

The cache only ever accelerates: a missing, corrupt, truncated, foreign or unreadable entry,
a folder that cannot be written, a full disk, a catalog folder holding a link or a special
file — each means a normal load, logged at debug level (`gapcheck.cache`) and never shown. An
entry is written only after a load without problems, so a broken catalog is reported exactly
as without the cache. Entries are pickles, and unpickling runs code: one is read only from a
folder owned by the current user that no one else may write to (mode 0700 when gapcheck
creates it), and only when the file itself is the user's and writable by no one else. Writes
are atomic (a temporary file renamed over the entry), so a reader never sees half an entry.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import gapcheck
from gapcheck.cachedir import CACHE_ENV, cache_dir, debug, read_private, write_private
from gapcheck.catalog import load_catalog
from gapcheck.catalog.fsread import READ_OBSERVER
from gapcheck.engine.parts import CatalogPart, adopt_parts, shared_parts
from gapcheck.gcpause import gc_paused
from gapcheck.model import Catalog

__all__ = ["CACHE_ENV", "CACHE_FORMAT", "cache_dir", "keep_derived", "load_catalog_cached"]


# Raise when what an entry holds changes shape in a way the key does not see.
CACHE_FORMAT = 3  # 3: catalog parts keep engine.plan shapes
_MAGIC = b"gapcheck-catalog-cache\n"
# A catalog folder larger than this is loaded, not hashed (the shipped one is about 1.5 MB).
_MAX_BYTES = 64 * 1024 * 1024


def load_catalog_cached(root: Path) -> Catalog:
    """`load_catalog(root)`, from the cache when the catalog files are unchanged.

    Errors are raised exactly as `load_catalog` raises them; every file the load would parse
    is still reported to `READ_OBSERVER` (a saved run stores those bytes)."""
    folder = cache_dir()
    snapshot = _snapshot(root) if folder is not None else None
    if folder is None or snapshot is None:
        return load_catalog(root)
    key, files = snapshot
    entry = folder / f"catalog-{_slot(root)}.pickle"
    cached = _read_entry(entry, key)
    if cached is not None:
        kept = cached
        if (observe := READ_OBSERVER.get()) is not None:
            for rel in kept.reads:
                observe(root / rel, files[rel])
        adopt_parts(kept.parts)
        debug("catalog cache hit: %s", entry)
    else:
        catalog, parsed = _observed(root)
        kept = _Entry(entry, key, catalog, list(parsed), [])
        if any(files.get(rel) != data for rel, data in parsed.items()):
            return catalog  # changed while loading: not this key's catalog
        _write_entry(kept)
    with _LOCK:
        _KEPT[id(kept.catalog)] = kept
        while len(_KEPT) > _KEPT_MAX:  # a server may load many times: the latest few
            _KEPT.popitem(last=False)
    return kept.catalog


def keep_derived(catalog: Catalog) -> None:
    """After an analysis: keep what it derived from a cached `catalog` that the entry lacks
    (the engine's shared catalog part and its dependency orders: `engine.parts.shared_parts`),
    so the next process neither builds them again nor imports networkx for them."""
    with _LOCK:
        kept = _KEPT.get(id(catalog))
    if kept is None or kept.catalog is not catalog:
        return
    parts = shared_parts(catalog)
    if _signature(parts) == _signature(kept.parts):
        return
    kept.parts = parts
    _write_entry(kept)


@dataclass
class _Entry:
    """One cache entry: where it lives, its key, and what it holds."""

    path: Path
    key: str
    catalog: Catalog
    reads: list[str]  # the files the load parsed, relative to the catalog folder
    parts: list[CatalogPart]


# Catalogs of this process that came from or went into the cache, by identity (each entry
# holds its catalog, so an id is not reused while it is here).
_KEPT: OrderedDict[int, _Entry] = OrderedDict()
_KEPT_MAX = 4
_LOCK = threading.Lock()


def _signature(parts: list[CatalogPart]) -> frozenset[tuple[object, ...]]:
    return frozenset(
        (tuple(sorted((s, v.version.id) for s, v in p.versions.items())), frozenset(p.orders))
        for p in parts
    )


def _observed(root: Path) -> tuple[Catalog, dict[str, bytes]]:
    """A normal load, with the bytes of each file it parsed (by path relative to `root`),
    passed on to an outer observer too."""
    outer = READ_OBSERVER.get()
    reads: dict[str, bytes] = {}

    def observe(path: Path, data: bytes) -> None:
        reads[os.path.relpath(path, root)] = data
        if outer is not None:
            outer(path, data)

    token = READ_OBSERVER.set(observe)
    try:
        catalog = load_catalog(root)
    finally:
        READ_OBSERVER.reset(token)
    return catalog, reads


def _slot(root: Path) -> str:
    """One entry per catalog folder and working directory: a new key replaces the old entry."""
    try:
        where = f"{os.getcwd()}\0{os.path.abspath(root)}"
    except OSError:
        where = str(root)
    return hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def _snapshot(root: Path) -> tuple[str, dict[str, bytes]] | None:
    """The key and the bytes of every file under `root`'s controls/ and mappings/ (by path
    relative to `root`); None when the folder must be loaded uncached."""
    digest = hashlib.sha256()
    files: dict[str, bytes] = {}
    total = 0
    try:
        digest.update(_code_stamp().encode() + b"\0" + os.fsencode(os.getcwd()) + b"\0")
        digest.update(os.fsencode(root) + b"\0")
        for part in ("controls", "mappings"):
            top = os.path.join(root, part)
            if not stat.S_ISDIR(os.lstat(top).st_mode):
                return None
            for here, dirs, names in os.walk(top):
                dirs.sort()
                for name in sorted(dirs) + sorted(names):
                    path = os.path.join(here, name)
                    info = os.lstat(path)
                    rel = os.path.relpath(path, root)
                    digest.update(os.fsencode(rel) + b"\0" + f"{info.st_mode:o}\0".encode())
                    if stat.S_ISDIR(info.st_mode):
                        continue
                    if not stat.S_ISREG(info.st_mode):
                        return None  # a link or special file: the loader's checks decide
                    total += info.st_size
                    if total > _MAX_BYTES:
                        return None
                    with open(path, "rb") as handle:
                        data = handle.read()
                    files[rel] = data
                    digest.update(hashlib.sha256(data).digest())
    except (OSError, ValueError) as exc:
        debug("catalog cache not used for %s: %s", root, exc)
        return None
    return digest.hexdigest(), files


_STAMP: list[str] = []


def _code_stamp() -> str:
    """What the loaded catalog depends on besides its files: format, versions and the code."""
    if _STAMP:
        return _STAMP[0]
    import pydantic

    digest = hashlib.sha256()
    digest.update(
        f"{CACHE_FORMAT}\0{gapcheck.__version__}\0{sys.version}\0{pydantic.VERSION}\0".encode()
    )
    package = os.path.dirname(gapcheck.__file__)
    # Each path below starts with `package` and a separator, as os.walk joins them: slicing
    # names it relative to the package (os.path.relpath did the same at ten times the cost,
    # for some two hundred files on every run).
    skip = len(os.path.join(package, ""))
    for here, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                path = os.path.join(here, name)
                info = os.stat(path)
                digest.update(f"{path[skip:]}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    _STAMP.append(digest.hexdigest())
    return _STAMP[0]


def _read_entry(entry: Path, key: str) -> _Entry | None:
    """The entry at `entry` when it is for `key`; None (logged) when it is missing, not
    private (see `cachedir.read_private`), stale or damaged."""
    data = read_private(entry)
    if data is None:
        return None
    header = _MAGIC + key.encode() + b"\n"
    if not data.startswith(header):
        debug("catalog cache entry %s is for other files or code", entry)
        return None
    try:
        # Tens of thousands of new objects, none of them garbage: nothing for the GC to scan.
        with gc_paused():
            value = pickle.loads(data[len(header) :])  # our own entry, in a private folder
    except Exception as exc:  # anything at all: the cache only accelerates
        debug("catalog cache entry %s not used: %r", entry, exc)
        return None
    if (
        isinstance(value, tuple)
        and len(value) == 3
        and isinstance(value[0], Catalog)
        and isinstance(value[1], list)
        and isinstance(value[2], list)
        and all(isinstance(p, CatalogPart) and p.catalog is value[0] for p in value[2])
    ):
        return _Entry(entry, key, value[0], [str(r) for r in value[1]], value[2])
    debug("catalog cache entry %s holds something else", entry)
    return None


def _write_entry(kept: _Entry) -> None:
    try:
        data = pickle.dumps(
            (kept.catalog, kept.reads, kept.parts), protocol=pickle.HIGHEST_PROTOCOL
        )
    except Exception as exc:  # pragma: no cover - a catalog is plain data
        debug("catalog not cached: %r", exc)
        return
    write_private(kept.path, _MAGIC + kept.key.encode() + b"\n" + data)
