"""A small city for the portfolio tests: synthetic organisations from scripts/synth_orgs.py
(seeded), three broken ones, and the example; generated and analysed once per session."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from gapcheck import service
from gapcheck.service import PortfolioRun

REPO = Path(__file__).parents[2]
EXAMPLE = REPO / "examples" / "aldreforvaltningen"
AS_OF = dt.date(2026, 11, 28)
COUNT = 6
BROKEN = 3


def synth_module() -> ModuleType:
    """scripts/synth_orgs.py as a module (scripts are not a package)."""
    name = "gapcheck_synth_orgs"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / "synth_orgs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of COUNT generated organisations and BROKEN faulty ones."""
    root = tmp_path_factory.mktemp("city")
    synth_module().generate(root, count=COUNT, seed=7, broken=BROKEN)
    return root


@pytest.fixture(scope="session")
def run(city: Path) -> PortfolioRun:
    """The city and the example, analysed in one process."""
    return service.analyse_portfolio([city, EXAMPLE], AS_OF, workers=1)
