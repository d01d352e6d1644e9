"""Analysis results cached per (organisation, as_of, pins, input fingerprint).

The fingerprint is the sha256 of the catalog's and the organisation's file bytes, so an entry
can never answer for files that changed: new bytes make a new key. The ETag is a hash of the
key (plus the gapcheck and result schema versions, so an upgrade never revalidates old bodies).

Each entry also keeps the rendered bytes of the views asked for (the analysis JSON, gap pages,
explanations, workbooks), so a repeated request is a dictionary lookup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property

from gapcheck import __version__
from gapcheck.model.result import SCHEMA_VERSION, AnalysisResult

__all__ = ["AnalysisCache", "AnalysisKey", "CachedAnalysis", "etag_matches", "gzip_etag"]

_VIEWS_PER_ENTRY = 256


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
        material = json.dumps(
            [
                __version__,
                SCHEMA_VERSION,
                self.org,
                self.as_of.isoformat(),
                self.pins,
                self.fingerprint,
            ]
        )
        return '"' + hashlib.sha256(material.encode()).hexdigest()[:40] + '"'


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


@dataclass
class CachedAnalysis:
    """One analysis and the rendered views of it."""

    key: AnalysisKey
    result: AnalysisResult
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

    def render(self, name: Hashable, render: Callable[[AnalysisResult], bytes]) -> bytes:
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


class AnalysisCache:
    """A bounded LRU of analyses; concurrent misses of one key compute it once."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[AnalysisKey, CachedAnalysis] = OrderedDict()
        self._lock = threading.Lock()
        self._inflight: dict[AnalysisKey, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: AnalysisKey) -> CachedAnalysis | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            return entry

    def get_or_compute(
        self, key: AnalysisKey, compute: Callable[[], AnalysisResult]
    ) -> CachedAnalysis:
        """The cached analysis for `key`, computing it (once, even if asked concurrently)."""
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
                entry = CachedAnalysis(key, compute())
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
        """Forget every analysis of one organisation (its files were re-read)."""
        with self._lock:
            for key in [k for k in self._entries if k.org == org]:
                del self._entries[key]

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
