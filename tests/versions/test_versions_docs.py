"""docs/versions.md is tested against the code: every result field and threshold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from gapcheck.versions import diff as diff_module
from gapcheck.versions import models
from gapcheck.versions import text as text_module

DOC = (Path(__file__).parents[2] / "docs" / "versions.md").read_text(encoding="utf-8")

MODELS: list[type[BaseModel]] = [
    models.DiffReport,
    models.VersionDiff,
    models.RequirementChange,
    models.WordOp,
    models.GapDelta,
    models.DeltaRow,
    models.RowState,
    models.Attachment,
    models.ReviewReport,
    models.ReviewItem,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_is_documented(model: type[BaseModel]) -> None:
    match = re.search(rf"^## `{model.__name__}`$(.*?)(?=^## |\Z)", DOC, re.S | re.M)
    assert match, f"docs/versions.md has no section for {model.__name__}"
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", match.group(1), re.M))
    assert documented == set(model.model_fields)


def test_documented_thresholds_match_the_code() -> None:
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| ([0-9.]+)", DOC, re.M))
    code = {name: getattr(text_module, name, None) or getattr(diff_module, name) for name in rows}
    assert {k: float(v) for k, v in rows.items()} == {k: float(v) for k, v in code.items()}
    assert set(rows) == {
        "RENUMBER_THRESHOLD",
        "STRUCTURAL_THRESHOLD",
        "EDITORIAL_MAX_WORDS",
        "EDITORIAL_MIN_RATIO",
        "CONTAINMENT_THRESHOLD",
        "MIN_HINT_WORDS",
    }


def test_documented_significant_words_match_the_code() -> None:
    section = DOC[DOC.index("Significant words flip a duty") :]
    section = section[: section.index("and every word with a")]
    assert set(re.findall(r"`([^`]+)`", section)) == text_module.SIGNIFICANT_WORDS
