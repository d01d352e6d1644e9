"""Where the shipped catalogs live."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["MAX_ORG_ID_CHARS", "ORG_ID_PATTERN", "default_catalog_root"]

# An organisation folder's name is its id in the API's URLs: lower-case ASCII letters, digits,
# - and _ (a folder named otherwise is skipped by the server, and `validate` warns about it).
# The server keeps its own copy (gapcheck.api.tokens, which must stay light to import); a test
# pins that the two are the same.
ORG_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
MAX_ORG_ID_CHARS = 64


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
