"""docs/portfolio.md documents every field of the portfolio result, and its schema version."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from gapcheck.model import portfolio as p

DOC = Path(__file__).parents[2] / "docs" / "portfolio.md"


def _documented(text: str, section: str) -> set[str]:
    match = re.search(rf"^## .*`{section}`.*?$(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"docs/portfolio.md has no section for {section}"
    return set(re.findall(r"^\| `([a-z_]+)` \|", match.group(1), re.M))


def test_every_portfolio_field_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    models = [getattr(p, name) for name in p.__all__ if isinstance(getattr(p, name), type)]
    for model in models:
        assert issubclass(model, BaseModel)
        assert _documented(text, model.__name__) == set(model.model_fields), model.__name__


def test_documented_schema_version_is_the_codes() -> None:
    assert f"`schema_version` {p.PORTFOLIO_SCHEMA_VERSION}" in DOC.read_text(encoding="utf-8")
