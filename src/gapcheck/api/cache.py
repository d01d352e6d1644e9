"""Results cached per what they depend on: analyses, and version diffs.

An analysis is keyed by (organisation, as_of, pins, input fingerprint); a diff by (source, FROM,
TO, id prefixes, organisation, as_of, input fingerprint). The fingerprint is the sha256 of the
catalog's (and the organisation's) file bytes, so an entry can never answer for files that
changed: new bytes make a new key. The ETag is a hash of the key (plus the gapcheck and result
schema versions, so an upgrade never revalidates old bodies).

Each entry also keeps the rendered bytes of the views asked for (the analysis JSON, gap pages,
explanations, workbooks, the diff JSON), so a repeated request is a dictionary lookup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Generic, Protocol, TypeVar

from gapcheck import __version__
from gapcheck.model.result import SCHEMA_VERSION, AnalysisResult
from gapcheck.versions import DIFF_SCHEMA_VERSION, DiffReport

__all__ = [
    "AnalysisCache",
    "AnalysisKey",
    "CacheKey",
    "Cached",
    "CachedAnalysis",
    "CachedDiff",
    "DiffCache",
    "DiffKey",
    "ResultCache",
    "etag_matches",
    "gzip_etag",
    "revalidates",
]

_VIEWS_PER_ENTRY = 256


def _etag(material: list[object]) -> str:
    """A strong entity tag: quoted hex of the hash of `material` (JSON-encodable)."""
    return '"' + hashlib.sha256(json.dumps(material).encode()).hexdigest()[:40] + '"'


class CacheKey(Protocol):
    """What a cached result depends on: hashable, naming its organisation (if any) and ETag."""

    def __hash__(self) -> int: ...

    @property
    def org(self) -> str | None: ...

    @property
    def etag(self) -> str: ...


@dataclass(frozen=True)
class AnalysisKey:
    """What an analysis depends on."""

    org: str
    as_of: dt.date
    pins: tuple[tuple[str, str], ...]
    fingerprint: str

    @staticmethod
    def of(org: str, as_of: dt.date, pins: dict[str, str], fingerprint: str) -> AnalysisKey:
        return AnalysisKey(org, as_of, tuple(sorted(pins.items())), fingerprint)

    @cached_property
    def etag(self) -> str:
        """A strong entity tag: quoted hex of the key's hash."""
        return _analysis_etag(self)


@lru_cache(maxsize=4096)
def _analysis_etag(key: AnalysisKey) -> str:
    # Each request builds its key anew; the same key's tag is computed once (a cached answer
    # is otherwise little more than this hash).
    return _etag(
        [__version__, SCHEMA_VERSION, key.org, key.as_of.isoformat(), key.pins, key.fingerprint]
    )


@dataclass(frozen=True)
class DiffKey:
    """What a version diff depends on (`gapcheck diff SOURCE FROM TO [--org] [--only]`)."""

    source: str
    from_version: str
    to_version: str
    scope: tuple[str, ...]  # the id prefixes, sorted (the report lists them sorted)
    org: str | None  # with an organisation, the diff carries its gap delta
    as_of: dt.date | None  # the gap delta's date; None without an organisation
    fingerprint: str  # the catalog's, or the catalog's and the organisation's

    @cached_property
    def etag(self) -> str:
        """A strong entity tag: quoted hex of the key's hash."""
        return _etag(
            [
                "diff",
                __version__,
                DIFF_SCHEMA_VERSION,
                self.source,
                self.from_version,
                self.to_version,
                self.scope,
                self.org,
                self.as_of.isoformat() if self.as_of else None,
                self.fingerprint,
            ]
        )


def gzip_etag(etag: str) -> str:
    """The entity tag of the gzip-coded variant of a representation."""
    return etag[:-1] + '-gzip"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 §13.1.2: weak comparison of `etag` with an If-None-Match list (or `*`)."""
    if not if_none_match:
        return False
    opaque = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == opaque:
            return True
    return False


def revalidates(if_none_match: str | None, etag: str) -> bool:
    """Whether If-None-Match names the representation `etag`, in either coding."""
    return etag_matches(if_none_match, etag) or etag_matches(if_none_match, gzip_etag(etag))


K = TypeVar("K", bound=CacheKey)
R = TypeVar("R")


@dataclass
class Cached(Generic[K, R]):
    """One result and the rendered views of it."""

    key: K
    result: R
    _views: OrderedDict[Hashable, bytes] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def etag(self) -> str:
        return self.key.etag

    def view(self, name: Hashable) -> bytes | None:
        """The rendered bytes of a view, if already rendered."""
        with self._lock:
            body = self._views.get(name)
            if body is not None:
                self._views.move_to_end(name)
            return body

    def render(self, name: Hashable, render: Callable[[R], bytes]) -> bytes:
        """The view's bytes, rendering (outside the lock) and keeping them if new."""
        body = self.view(name)
        if body is not None:
            return body
        body = render(self.result)
        with self._lock:
            self._views[name] = body
            while len(self._views) > _VIEWS_PER_ENTRY:
                self._views.popitem(last=False)
        return body


class ResultCache(Generic[K, R]):
    """A bounded LRU of results; concurrent misses of one key compute it once."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[K, Cached[K, R]] = OrderedDict()
        self._lock = threading.Lock()
        self._inflight: dict[K, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: K) -> Cached[K, R] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            return entry

    def get_or_compute(self, key: K, compute: Callable[[], R]) -> Cached[K, R]:
        """The cached result for `key`, computing it (once, even if asked concurrently)."""
        entry = self.get(key)
        if entry is not None:
            return entry
        with self._lock:
            gate = self._inflight.setdefault(key, threading.Lock())
        try:
            with gate:
                entry = self.get(key)
                if entry is not None:
                    return entry
                entry = Cached(key, compute())
                with self._lock:
                    self.misses += 1
                    self._entries[key] = entry
                    while len(self._entries) > self.maxsize:
                        self._entries.popitem(last=False)
                return entry
        finally:
            with self._lock:
                if self._inflight.get(key) is gate:
                    del self._inflight[key]

    def drop_org(self, org: str) -> None:
        """Forget every result about one organisation (its files were re-read)."""
        with self._lock:
            for key in [k for k in self._entries if k.org == org]:
                del self._entries[key]

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


CachedAnalysis = Cached[AnalysisKey, AnalysisResult]
AnalysisCache = ResultCache[AnalysisKey, AnalysisResult]
CachedDiff = Cached[DiffKey, DiffReport]
DiffCache = ResultCache[DiffKey, DiffReport]
