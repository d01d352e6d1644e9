"""Source versions: diff two versions, flag mappings to review, compare gap pictures.

- `diff_versions(old, new)` classifies every requirement (docs/versions.md).
- `needs_review(catalog, selected_versions, org)` is what the engine fills
  `RequirementResult.needs_review` from; `review_report` backs `gapcheck review-mappings`.
- `rerun(...)` / `carry_over` / `gap_delta` compare the organisation under FROM and TO.
"""

from __future__ import annotations

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
from gapcheck.versions.rerun import carry_over, gap_delta, rerun
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
