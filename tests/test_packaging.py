"""What the wheel ships: an installed gapcheck must find its data files, migrations and
translations without the source tree (an editable install would hide a missing one)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hatchling.builders.wheel import WheelBuilder

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    built = list(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    assert len(built) == 1
    with zipfile.ZipFile(built[0]) as wheel:
        return set(wheel.namelist())


@pytest.mark.parametrize(
    "name",
    [
        "gapcheck/py.typed",  # PEP 561: type checkers use gapcheck's own annotations
        "gapcheck/messages.toml",  # every user-facing text, Swedish and English
        "gapcheck/store/migrations/env.py",  # saved runs: Alembic applies these on first use
        "gapcheck/store/migrations/script.py.mako",
        "gapcheck/_data/controls/iso27001-2022.yaml",
        "gapcheck/_data/mappings/sources/csl/sfs-2025-1506.yaml",
    ],
)
def test_the_wheel_ships_the_files_an_installed_gapcheck_reads(
    wheel_names: set[str], name: str
) -> None:
    assert name in wheel_names


def test_the_wheel_ships_every_migration_and_every_catalog_file(wheel_names: set[str]) -> None:
    src = ROOT / "src"
    migrations = {
        p.relative_to(src).as_posix()
        for p in (src / "gapcheck/store/migrations/versions").glob("*.py")
    }
    assert migrations
    assert migrations <= wheel_names
    catalog = {
        "gapcheck/_data/" + p.relative_to(ROOT).as_posix()
        for folder in ("controls", "mappings")
        for p in (ROOT / folder).rglob("*.yaml")
    }
    assert catalog
    assert catalog <= wheel_names


def test_the_wheel_ships_no_tests_or_caches(wheel_names: set[str]) -> None:
    assert not [n for n in wheel_names if n.startswith("tests/") or "__pycache__" in n]
