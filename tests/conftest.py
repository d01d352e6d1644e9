"""Shared fixtures: the tiny valid catalog and organisation, and copies of them to corrupt."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# No test may read or write the developer's own cache folder (~/.cache/gapcheck). Importing
# gapcheck parses the translation table (gapcheck.i18n), which a cache folder would keep, so
# the cache is off until `_catalog_cache_in_tmp` gives each test process a folder of its own.
os.environ["GAPCHECK_CACHE_DIR"] = "off"

from gapcheck.catalog import load_catalog
from gapcheck.model import Catalog

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parents[1]
# Cybersäkerhetslagen as proposed in SOU 2024:18, PARTLY RECONSTRUCTED (its notes say which
# words): a test fixture for diffs across two CSL versions. It never ships (issue 13).
SOU_FIXTURE = DATA / "versions" / "csl-sou-2024-18.yaml"

CopyTree = Callable[..., Path]


@pytest.fixture(autouse=True, scope="session")
def _runs_database_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test reads or writes the developer's own runs database (issue 11): by default every
    test process gets an empty SQLite file of its own; storage tests set their own URL."""
    name = "GAPCHECK_DATABASE_URL"
    old = os.environ.get(name)
    os.environ[name] = f"sqlite:///{tmp_path_factory.mktemp('runs-db') / 'runs.sqlite3'}"
    yield
    if old is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = old


@pytest.fixture(autouse=True, scope="session")
def _catalog_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test reads or writes the developer's own catalog cache (~/.cache/gapcheck): every
    test process gets an empty cache folder of its own; cache tests set their own."""
    name = "GAPCHECK_CACHE_DIR"
    old = os.environ.get(name)
    os.environ[name] = str(tmp_path_factory.mktemp("catalog-cache") / "gapcheck")
    yield
    if old is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = old


@pytest.fixture(autouse=True, scope="session")
def _catalogs_and_analyses_once_per_process() -> Iterator[None]:
    """The loader memoised on the catalog files' bytes (tests/support/catalog_cache.py) and
    the service's analysis on its inputs (tests/support/analysis_cache.py): a command run by a
    test does not parse the same unchanged catalogs, or analyse the same inputs, again."""
    from gapcheck import service
    from gapcheck.catalog import loader
    from gapcheck.service import _core
    from tests.support import analysis_cache, catalog_cache

    analyze = analysis_cache.cached(_core.analyze_loaded)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "collect_catalog", catalog_cache.cached(loader.collect_catalog))
        patch.setattr(_core, "analyze_loaded", analyze)
        patch.setattr(service, "analyze_loaded", analyze)
        yield


@pytest.fixture
def tiny_catalog_root() -> Path:
    """`tests/data/catalog_tiny`: controls/ and mappings/ that load without problems."""
    return DATA / "catalog_tiny"


@pytest.fixture
def tiny_org_dir() -> Path:
    """`tests/data/org_tiny`: an organisation folder valid against the tiny catalog."""
    return DATA / "org_tiny"


@pytest.fixture(scope="session")
def tiny_catalog() -> Catalog:
    """The tiny catalog, loaded once (the model is frozen, so sharing it is safe)."""
    return load_catalog(DATA / "catalog_tiny")


@pytest.fixture
def copy_tree(tmp_path: Path) -> CopyTree:
    """`copy_tree(src, name=None)` copies the folder `src` to `tmp_path/<name or src.name>`.

    Tests corrupt the copy, never the fixture data itself.
    """

    def copy(src: Path, name: str | None = None) -> Path:
        dest = tmp_path / (name or src.name)
        shutil.copytree(src, dest)
        return dest

    return copy


@pytest.fixture(scope="session")
def sou_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped catalog plus the reconstructed SOU 2024:18 version of CSL (`SOU_FIXTURE`),
    as a catalog folder for `--catalog`: diff and review tests across two CSL versions."""
    root = tmp_path_factory.mktemp("sou-catalog")
    for part in ("controls", "mappings"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(SOU_FIXTURE, root / "mappings" / "sources" / "csl" / "sou-2024-18.yaml")
    return root
