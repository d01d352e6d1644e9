"""Source versions: diff two versions, flag mappings to review, compare gap pictures.

- `diff_versions(old, new)` classifies every requirement (docs/versions.md).
- `needs_review(catalog, selected_versions, org)` is what the engine fills
  `RequirementResult.needs_review` from; `review_report` backs `gapcheck review-mappings`.
- `rerun(...)` / `carry_over` / `gap_delta` compare the organisation under FROM and TO.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gapcheck.versions._rerun import carry_over, gap_delta, rerun
    from gapcheck.versions.diff import diff_versions
    from gapcheck.versions.models import (
        DIFF_SCHEMA_VERSION,
        Attachment,
        AttachmentStatus,
        ChangeKind,
        ChangeLevel,
        DeltaRow,
        DiffReport,
        GapDelta,
        RequirementChange,
        ReviewItem,
        ReviewReport,
        RowState,
        VersionDiff,
        WordOp,
    )
    from gapcheck.versions.review import needs_review, review_items, review_report

__all__ = [
    "DIFF_SCHEMA_VERSION",
    "Attachment",
    "AttachmentStatus",
    "ChangeKind",
    "ChangeLevel",
    "DeltaRow",
    "DiffReport",
    "GapDelta",
    "RequirementChange",
    "ReviewItem",
    "ReviewReport",
    "RowState",
    "VersionDiff",
    "WordOp",
    "carry_over",
    "diff_versions",
    "gap_delta",
    "needs_review",
    "rerun",
    "review_items",
    "review_report",
]

# Each name is imported from its module on first use (PEP 562): the engine needs only
# `needs_review`, and `gapcheck analyze` need not load rerun (nor, see review.py, the diff
# and its pydantic models) for it.
_WHERE: dict[str, str] = {
    "DIFF_SCHEMA_VERSION": "gapcheck.versions.models",
    "Attachment": "gapcheck.versions.models",
    "AttachmentStatus": "gapcheck.versions.models",
    "ChangeKind": "gapcheck.versions.models",
    "ChangeLevel": "gapcheck.versions.models",
    "DeltaRow": "gapcheck.versions.models",
    "DiffReport": "gapcheck.versions.models",
    "GapDelta": "gapcheck.versions.models",
    "RequirementChange": "gapcheck.versions.models",
    "ReviewItem": "gapcheck.versions.models",
    "ReviewReport": "gapcheck.versions.models",
    "RowState": "gapcheck.versions.models",
    "VersionDiff": "gapcheck.versions.models",
    "WordOp": "gapcheck.versions.models",
    "carry_over": "gapcheck.versions._rerun",
    "diff_versions": "gapcheck.versions.diff",
    "gap_delta": "gapcheck.versions._rerun",
    "needs_review": "gapcheck.versions.review",
    "rerun": "gapcheck.versions._rerun",
    "review_items": "gapcheck.versions.review",
    "review_report": "gapcheck.versions.review",
}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(where)
    # Bind every name of that module here, as the eager imports did. (The module of `rerun`
    # is `_rerun`: a submodule named like a name it exports would replace that name here as
    # soon as anything imported the submodule itself.)
    for other, place in _WHERE.items():
        if place == where:
            globals()[other] = getattr(module, other)
    return globals()[name]


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
