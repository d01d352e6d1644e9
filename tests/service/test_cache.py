"""The validated-catalog cache (service._cache): reused only for the same bytes, code and
folder; never trusted when damaged or exposed; never changes a result or an error."""

from __future__ import annotations

import datetime as dt
import logging
import os
import pickle
import stat
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import pytest

from gapcheck.catalog import load_catalog, load_org
from gapcheck.catalog._common import display_path
from gapcheck.catalog.fsread import READ_OBSERVER
from gapcheck.engine import analyze
from gapcheck.engine import parts as index
from gapcheck.errors import CatalogError
from gapcheck.model import Catalog
from gapcheck.service import _cache, result_json
from tests.conftest import REPO, CopyTree

Loads = list[Path]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(_cache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Loads:
    """The folders the real loader was called for (a cache hit does not call it)."""
    calls: Loads = []
    real: Callable[[Path], Catalog] = load_catalog

    def counting(root: Path) -> Catalog:
        calls.append(root)
        return real(root)

    monkeypatch.setattr("gapcheck.service._cache.load_catalog", counting)
    return calls


@pytest.fixture
def root(copy_tree: CopyTree, tiny_catalog_root: Path) -> Path:
    return copy_tree(tiny_catalog_root, "catalog")


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("catalog-*.pickle"))


def test_a_second_load_of_unchanged_files_comes_from_the_cache(
    cache: Path, loads: Loads, root: Path
) -> None:
    first = _cache.load_catalog_cached(root)
    assert len(loads) == 1
    assert len(_entries(cache)) == 1
    second = _cache.load_catalog_cached(root)
    assert len(loads) == 1
    assert second == first == load_catalog(root)


def test_the_cache_folder_and_entries_are_private(cache: Path, root: Path) -> None:
    _cache.load_catalog_cached(root)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert [stat.S_IMODE(e.stat().st_mode) for e in _entries(cache)] == [0o600]


def _catalog_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("index", range(4))
def test_one_changed_byte_in_any_catalog_file_means_a_fresh_load(
    cache: Path, loads: Loads, root: Path, index: int
) -> None:
    files = _catalog_files(root)
    assert len(files) == 4  # controls, two source versions, one edge file
    _cache.load_catalog_cached(root)
    path = files[index]
    data = path.read_bytes()
    assert data.endswith(b"\n")
    path.write_bytes(data[:-1] + b" ")  # one byte, the same YAML
    _cache.load_catalog_cached(root)
    assert len(loads) == 2
    _cache.load_catalog_cached(root)
    assert len(loads) == 2  # the new bytes are cached in turn


def test_a_changed_value_is_seen_not_the_cached_one(cache: Path, root: Path) -> None:
    before = _cache.load_catalog_cached(root)
    path = root / "controls" / "iso.yaml"
    title = before.controls[0].title.en
    assert title
    assert title.encode() in path.read_bytes()
    path.write_bytes(path.read_bytes().replace(title.encode(), b"Renamed", 1))
    after = _cache.load_catalog_cached(root)
    assert after.controls[0].title.en == "Renamed"
    assert after == load_catalog(root)


def test_a_new_file_in_the_catalog_folders_means_a_fresh_load(
    cache: Path, loads: Loads, root: Path
) -> None:
    _cache.load_catalog_cached(root)
    (root / "mappings" / "notes.txt").write_text("not a catalog file\n")
    _cache.load_catalog_cached(root)
    assert len(loads) == 2


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b[: b.index(b"\n", 30) + 1] + b"not a pickle", id="corrupt"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b.replace(b"gapcheck-catalog", b"something-else", 1), id="foreign"),
    ],
)
def test_a_damaged_entry_means_a_normal_load(
    cache: Path, loads: Loads, root: Path, damage: Callable[[bytes], bytes]
) -> None:
    expected = _cache.load_catalog_cached(root)
    [entry] = _entries(cache)
    entry.write_bytes(damage(entry.read_bytes()))
    assert _cache.load_catalog_cached(root) == expected
    assert len(loads) == 2
    _cache.load_catalog_cached(root)
    assert len(loads) == 2  # rewritten by the normal load


def test_why_an_entry_is_not_used_is_logged_at_debug_level(
    cache: Path, root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The message is built only once logging is imported (cachedir.debug): here it is.
    _cache.load_catalog_cached(root)
    [entry] = _entries(cache)
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    with caplog.at_level(logging.DEBUG, logger="gapcheck.cache"):
        _cache.load_catalog_cached(root)
    assert [r.name for r in caplog.records if "not used" in r.getMessage()] == ["gapcheck.cache"]


def test_an_entry_for_other_code_is_not_used(
    cache: Path, loads: Loads, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _cache.load_catalog_cached(root)
    monkeypatch.setattr(_cache, "_STAMP", ["another gapcheck, Python or pydantic"])
    _cache.load_catalog_cached(root)
    assert len(loads) == 2


@pytest.mark.parametrize("what", ["folder", "entry"])
def test_an_entry_others_could_have_written_is_not_unpickled(
    cache: Path, loads: Loads, root: Path, what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _cache.load_catalog_cached(root)
    [entry] = _entries(cache)
    target = cache if what == "folder" else entry
    target.chmod(0o777 if what == "folder" else 0o666)
    unpickled: list[object] = []
    monkeypatch.setattr(pickle, "loads", lambda b: unpickled.append(b))
    assert _cache.load_catalog_cached(root) == load_catalog(root)
    assert len(loads) == 2
    assert unpickled == []


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners")
def test_an_entry_owned_by_someone_else_is_not_unpickled(
    cache: Path, loads: Loads, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _cache.load_catalog_cached(root)
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(cache).st_uid + 1)
    _cache.load_catalog_cached(root)
    assert len(loads) == 2


def test_the_cache_is_off_with_the_variable_off(
    tmp_path: Path, loads: Loads, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(_cache.CACHE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _cache.cache_dir() is None
    _cache.load_catalog_cached(root)
    _cache.load_catalog_cached(root)
    assert len(loads) == 2
    assert not (tmp_path / "xdg").exists()


def test_the_default_folder_follows_xdg_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(_cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _cache.cache_dir() == tmp_path / "gapcheck"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _cache.cache_dir() == tmp_path / "home" / ".cache" / "gapcheck"


def test_a_cache_that_cannot_be_written_is_a_normal_load(
    tmp_path: Path, loads: Loads, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    monkeypatch.setenv(_cache.CACHE_ENV, str(blocker / "cache"))
    assert _cache.load_catalog_cached(root) == load_catalog(root)
    assert _cache.load_catalog_cached(root) == load_catalog(root)
    assert len(loads) == 2


def test_a_link_in_the_catalog_folders_is_never_cached(
    cache: Path, loads: Loads, root: Path
) -> None:
    (root / "controls" / "link.txt").symlink_to(root / "controls" / "iso.yaml")
    _cache.load_catalog_cached(root)
    _cache.load_catalog_cached(root)
    assert len(loads) == 2
    assert _entries(cache) == []


def test_a_broken_catalog_is_reported_as_without_the_cache_and_not_cached(
    cache: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _cache.load_catalog_cached(root)  # a clean entry for this folder exists
    path = root / "controls" / "iso.yaml"
    path.write_bytes(path.read_bytes() + b"bogus: [\n")
    with pytest.raises(CatalogError) as cached:
        _cache.load_catalog_cached(root)
    monkeypatch.setenv(_cache.CACHE_ENV, "off")
    with pytest.raises(CatalogError) as plain:
        _cache.load_catalog_cached(root)
    assert str(cached.value) == str(plain.value)
    assert cached.value.problems == plain.value.problems
    assert {p.file for p in plain.value.problems} == {display_path(path)}
    assert len(_entries(cache)) == 1  # the clean entry, not replaced by the broken load


def test_a_hit_reports_the_same_files_and_bytes_as_a_load(cache: Path, root: Path) -> None:
    def observed() -> dict[Path, bytes]:
        seen: dict[Path, bytes] = {}
        token = READ_OBSERVER.set(lambda p, b: seen.__setitem__(p, b))
        try:
            _cache.load_catalog_cached(root)
        finally:
            READ_OBSERVER.reset(token)
        return seen

    on_load = observed()
    assert len(_entries(cache)) == 1
    on_hit = observed()
    assert on_hit == on_load
    assert len(on_load) == 4


def _next_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget what this process built, as a new process would not have it."""
    monkeypatch.setattr(index, "_PARTS", OrderedDict())
    monkeypatch.setattr(_cache, "_KEPT", OrderedDict())


def test_the_engines_catalog_part_is_kept_and_reused_without_a_graph(
    cache: Path, root: Path, tiny_org_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_of = dt.date(2026, 5, 1)
    _next_process(monkeypatch)
    catalog = _cache.load_catalog_cached(root)
    before = result_json(analyze(catalog, load_org(tiny_org_dir, catalog), as_of))
    [entry] = _entries(cache)
    size = entry.stat().st_size
    _cache.keep_derived(catalog)  # what service.analyze_loaded does after each analysis
    assert entry.stat().st_size > size  # the part and its dependency order were added
    written = entry.stat().st_mtime_ns
    _cache.keep_derived(catalog)
    assert entry.stat().st_mtime_ns == written  # nothing new: not written again

    _next_process(monkeypatch)
    again = _cache.load_catalog_cached(root)
    [part] = index.shared_parts(again)
    assert part.orders
    assert result_json(analyze(again, load_org(tiny_org_dir, again), as_of)) == before
    [used] = [p for p in index._PARTS.values() if p.catalog is again]
    assert used.graph is None  # the order was kept: no graph (and no networkx) needed


def test_a_kept_part_without_the_needed_order_builds_its_graph(
    cache: Path, root: Path, tiny_org_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_of = dt.date(2026, 5, 1)
    _next_process(monkeypatch)
    catalog = _cache.load_catalog_cached(root)
    plain = result_json(analyze(catalog, load_org(tiny_org_dir, catalog), as_of))
    for part in index._PARTS.values():
        part.orders.clear()
    _cache.keep_derived(catalog)  # a part kept without any order
    _next_process(monkeypatch)
    again = _cache.load_catalog_cached(root)
    assert result_json(analyze(again, load_org(tiny_org_dir, again), as_of)) == plain
    [used] = [p for p in index._PARTS.values() if p.catalog is again]
    assert used.graph is not None


def test_an_analysis_is_byte_identical_with_and_without_the_cache(
    cache: Path, loads: Loads, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = REPO / "examples" / "aldreforvaltningen"
    as_of = dt.date(2026, 12, 1)

    def analysed() -> str:
        catalog = _cache.load_catalog_cached(REPO)
        result = result_json(analyze(catalog, load_org(example, catalog), as_of))
        _cache.keep_derived(catalog)  # as service.analyze_loaded: keeps the engine's part
        return result

    monkeypatch.setenv(_cache.CACHE_ENV, "off")
    plain = analysed()
    monkeypatch.setenv(_cache.CACHE_ENV, str(cache))
    _next_process(monkeypatch)
    first = analysed()  # writes the entry, then adds the engine's catalog part
    _next_process(monkeypatch)
    second = analysed()  # reads both
    assert [p.graph for p in index._PARTS.values()] == [None]  # the part was reused
    assert len(loads) == 2
    assert len(_entries(cache)) == 1
    assert first == plain
    assert second == plain


def test_the_process_keeps_only_the_latest_few_cached_catalogs(
    cache: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _next_process(monkeypatch)
    loaded = [_cache.load_catalog_cached(root) for _ in range(_cache._KEPT_MAX + 3)]
    assert len({id(c) for c in loaded}) == len(loaded)  # each a new object from the entry
    kept = [id(k.catalog) for k in _cache._KEPT.values()]
    assert kept == [id(c) for c in loaded[-_cache._KEPT_MAX :]]
