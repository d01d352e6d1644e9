"""Engine test fixtures. The builders live in `engine_builders.py` (importable by name, since
pytest puts this rootless test directory on sys.path); fixtures here hand out shared objects."""

from __future__ import annotations

import pytest

from gapcheck.model.bundle import Catalog
from tests.support.engine_builders import base_catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The base catalog of `engine_builders` (immutable, so shared)."""
    return base_catalog()
