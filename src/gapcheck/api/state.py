"""What the server has loaded: the catalogs and the organisations found in the configured folders.

Organisations are discovered by listing the configured folders; an organisation's id in URLs is
its folder name, which must match `ORG_ID_PATTERN`. A request's org id is only ever looked up in
the discovered set, never joined onto a path (discovery and file signatures:
`gapcheck.api.orgfiles`).

Freshness: each load records a cheap signature of the files and folders it read (modification
time, size, inode). Requests compare it with the disk (at most every `check_interval`
seconds; 0 = every request) and re-read what changed before answering, so every worker picks
up changed files on its own. `reload` forces a full re-read (and re-discovery) at once, so
after it the worker never answers from the old files.

Every read of state returns an immutable snapshot (`OrgContext`), so one request always sees a
catalog and an organisation that belong together. The snapshot types (`CatalogSnapshot`,
`OrgEntry`, `OrgContext`) are defined in `gapcheck.api._snapshots` and re-exported here; this
module is the state that loads, refreshes and hands them out.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections.abc import Callable
from pathlib import Path

from gapcheck.api._snapshots import CatalogSnapshot, OrgContext, OrgEntry
from gapcheck.api.cache import AnalysisCache, DiffCache
from gapcheck.api.config import Settings
from gapcheck.api.orgfiles import (
    ORG_ID_PATTERN,
    catalog_paths,
    discover_orgs,
    file_signature,
    org_paths,
)
from gapcheck.api.relpaths import relative_problems
from gapcheck.api.tokens import ORG_HINT
from gapcheck.catalog import default_catalog_root
from gapcheck.errors import NotFoundError, OrganisationError, Problem
from gapcheck.model import Catalog
from gapcheck.service.snapshot import snapshot_catalog, snapshot_org

__all__ = ["ORG_ID_PATTERN", "AppState", "CatalogSnapshot", "OrgContext", "OrgEntry"]

log = logging.getLogger("gapcheck.api")


class AppState:
    """The server's loaded data and its caches of analyses and diffs. Thread-safe."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.catalog_root = settings.catalog_dir or default_catalog_root()
        self.cache = AnalysisCache(settings.cache_size)
        self.diff_cache = DiffCache(settings.cache_size)
        self._interval = settings.check_interval
        self._checked: dict[str, float] = {}  # "" for the catalog, else org id -> monotonic
        self._lock = threading.RLock()
        self._catalog = self._load_catalog()
        self._folders: dict[str, Path] = {}
        self._orgs: dict[str, OrgEntry] = {}
        self._discover()
        for org_id in list(self._folders):
            self._orgs[org_id] = self._load_org(org_id, self._folders[org_id], self._catalog)

    # ----------------------------------------------------------------- loading

    def _load_catalog(self) -> CatalogSnapshot:
        paths = tuple(catalog_paths(self.catalog_root))
        signature = file_signature(paths)  # before reading: a later edit makes it stale
        snap = snapshot_catalog(self.catalog_root)
        catalog = snap.value
        problems = list(relative_problems(snap.problems, self.catalog_root))
        fingerprint = snap.fingerprint  # of exactly the bytes parsed, valid or not
        if problems:
            log.warning("catalog at %s has %d problem(s)", self.catalog_root, len(problems))
        else:
            log.info("catalog loaded from %s", self.catalog_root)
        return CatalogSnapshot(catalog, tuple(problems), fingerprint, paths, signature, snap.reads)

    def _discover(self) -> None:
        self._folders = discover_orgs(self.settings.orgs_dirs)

    def _load_org(self, org_id: str, folder: Path, snapshot: CatalogSnapshot) -> OrgEntry:
        signature = file_signature(org_paths(folder))  # before reading: a later edit makes it stale
        snap = snapshot_org(folder, snapshot.catalog)
        data, problems = snap.value, list(relative_problems(snap.problems, folder))
        if snapshot.catalog is None:  # an organisation cannot be checked without its catalog
            data = None
            problems.append(
                Problem(
                    "(catalogs)",
                    None,
                    None,
                    "the catalogs do not load, so this organisation cannot be checked",
                    "GET /api/v1/ready lists the catalog's problems",
                )
            )
        if data is not None and problems:
            data = None
        if data is not None and data.organisation.id != org_id:
            log.debug("organisation %s has id %s in its file", org_id, data.organisation.id)
        elif problems:
            log.warning("organisation %s has %d problem(s)", org_id, len(problems))
        # The fingerprint is of exactly the bytes `data` (or the problems) came from.
        return OrgEntry(
            org_id,
            folder,
            data,
            tuple(problems),
            snap.fingerprint,
            snapshot.fingerprint,
            signature,
            snap.reads,
        )

    # ----------------------------------------------------------------- freshness

    def _recently_checked(self, name: str) -> bool:
        """Whether `name` was compared with the disk less than `check_interval` ago."""
        last = self._checked.get(name, -math.inf)
        return bool(self._interval) and time.monotonic() - last < self._interval

    def _mark_checked(self, name: str) -> None:
        if self._interval:
            self._checked[name] = time.monotonic()

    def _fresh_catalog(self, load: bool = True) -> CatalogSnapshot | None:
        snap = self._catalog
        if self._recently_checked(""):
            return snap
        if file_signature(snap.paths) == snap.signature:
            self._mark_checked("")
            return snap
        if not load:
            return None
        with self._lock:
            if self._catalog is snap:
                log.info("catalog files changed; re-reading")
                self._catalog = self._load_catalog()
            return self._catalog

    def _fresh_org(self, org_id: str, snap: CatalogSnapshot, load: bool = True) -> OrgEntry | None:
        entry = self._orgs.get(org_id)
        if entry is None:
            raise NotFoundError("organisation", org_id, self._known_hint())
        if entry.catalog_fingerprint == snap.fingerprint:
            if self._recently_checked(org_id):
                return entry
            if file_signature(org_paths(entry.folder)) == entry.signature:
                self._mark_checked(org_id)
                return entry
        if not load:
            return None
        with self._lock:
            current = self._orgs[org_id]
            if current is entry:
                log.info("organisation %s changed; re-reading", org_id)
                current = self._load_org(org_id, entry.folder, snap)
                self._orgs[org_id] = current
            return current

    # ----------------------------------------------------------------- reading

    def catalog_snapshot(self) -> CatalogSnapshot:
        """The current catalog load (re-read first if its files changed), problems included."""
        snap = self._fresh_catalog()
        assert snap is not None
        return snap

    def catalog(self) -> Catalog:
        """The current catalog; CatalogError when it does not load."""
        return self.catalog_snapshot().require()

    def peek_catalog(self) -> Catalog | None:
        """The catalog if no file changed (cheap: stats only), else None: call `catalog()`."""
        snap = self._fresh_catalog(load=False)
        return None if snap is None else snap.require()

    def peek_catalog_snapshot(self) -> CatalogSnapshot | None:
        """The catalog load if no file changed (cheap: stats only), else None: call
        `catalog_snapshot()`."""
        return self._fresh_catalog(load=False)

    def org(self, org_id: str) -> OrgContext:
        """A fresh, consistent view of one organisation; NotFoundError / InputError if not."""
        ctx = self._org(org_id, load=True)
        assert ctx is not None
        return ctx

    def peek_org(self, org_id: str) -> OrgContext | None:
        """`org(org_id)` if nothing needs re-reading (cheap: stats only), else None."""
        return self._org(org_id, load=False)

    def _org(self, org_id: str, load: bool) -> OrgContext | None:
        if org_id not in self._orgs:
            raise NotFoundError("organisation", org_id, self._known_hint())
        snap = self._fresh_catalog(load)
        if snap is None:
            return None
        catalog = snap.require()
        entry = self._fresh_org(org_id, snap, load)
        if entry is None:
            return None
        if entry.data is None:
            raise OrganisationError(entry.problems)
        combined = hashlib.sha256(f"{snap.fingerprint}:{entry.fingerprint}".encode()).hexdigest()
        return OrgContext(
            org_id,
            catalog,
            entry.data,
            combined,
            entry.folder,
            self.catalog_root,
            entry.reads,
            snap.reads,
        )

    def org_ids(self) -> list[str]:
        """The discovered organisations' ids, sorted."""
        return sorted(self._orgs)

    def entries(self, visible: Callable[[str], bool] = lambda _: True) -> list[OrgEntry]:
        """Every discovered organisation that `visible` admits, fresh, valid or not."""
        snap = self.catalog_snapshot()
        out = []
        for org_id in filter(visible, self.org_ids()):
            entry = self._fresh_org(org_id, snap)
            assert entry is not None
            out.append(entry)
        return out

    def reload(self, org_id: str) -> tuple[OrgEntry, bool]:
        """Re-read the catalog and one organisation from disk; (entry, whether it changed).

        The configured folders are listed again first, so a folder added since start-up can be
        loaded and one removed is forgotten. Cached analyses and diffs of the old files are
        dropped.
        """
        with self._lock:
            self._discover()
            if org_id not in self._folders:
                if self._orgs.pop(org_id, None) is not None:
                    self._drop_cached(org_id)
                    log.info("organisation %s is gone from the configured folders", org_id)
                raise NotFoundError("organisation", org_id, self._known_hint())
            self._catalog = self._load_catalog()
            old = self._orgs.get(org_id)
            entry = self._load_org(org_id, self._folders[org_id], self._catalog)
            self._orgs[org_id] = entry
            changed = old is None or (old.fingerprint, old.catalog_fingerprint) != (
                entry.fingerprint,
                entry.catalog_fingerprint,
            )
            if changed or entry.data is None:
                self._drop_cached(org_id)
            log.info("organisation %s reloaded (changed: %s)", org_id, changed)
            return entry, changed

    def _drop_cached(self, org_id: str) -> None:
        """Forget the analyses and diffs of one organisation (keys of old files never match
        again; this frees their memory)."""
        self.cache.drop_org(org_id)
        self.diff_cache.drop_org(org_id)

    def _known_hint(self) -> str:
        # No list of ids: a token may see only some organisations, and a 404 must not tell
        # it which others exist (`gapcheck.api.auth`).
        return ORG_HINT
