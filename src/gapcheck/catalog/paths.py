"""Where the shipped catalogs live."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_catalog_root"]


def default_catalog_root() -> Path:
    """The folder holding `controls/` and `mappings/`.

    `GAPCHECK_CATALOG_DIR` wins; else the source checkout (editable installs); else the copy
    packaged into the wheel under `gapcheck/_data`.
    """
    env = os.environ.get("GAPCHECK_CATALOG_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    checkout = here.parents[3]
    if (checkout / "controls").is_dir() and (checkout / "mappings").is_dir():
        return checkout
    return here.parents[1] / "_data"
