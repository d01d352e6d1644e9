"""Result models of the version diff, the mapping review and the gap delta (JSON contract).

Serialised with sorted keys; field-by-field documentation in docs/versions.md.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import Field

from gapcheck.model import LocalizedText
from gapcheck.model.common import OutputModel
from gapcheck.model.result import Category

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
]

DIFF_SCHEMA_VERSION = "1.0"


class ChangeKind(StrEnum):
    """How one requirement fared between two versions of a source."""

    ADDED = "added"
    REMOVED = "removed"
    RENUMBERED = "renumbered"  # ids differ, texts similar (>= RENUMBER_THRESHOLD)
    CHANGED = "changed"  # same id, text or structured fields differ
    UNCHANGED = "unchanged"


class ChangeLevel(StrEnum):
    """Whether a text change can alter what the organisation must do."""

    EDITORIAL = "editorial"
    SUBSTANTIVE = "substantive"


class WordOp(OutputModel):
    """One step of a word-level diff (words as written; compared case- and punctuation-blind)."""

    op: Literal["equal", "insert", "delete", "replace"]
    old: str = ""
    new: str = ""


class RequirementChange(OutputModel):
    kind: ChangeKind
    old_id: str | None = Field(default=None, description="id in the FROM version")
    new_id: str | None = Field(default=None, description="id in the TO version")
    old_ref: str | None = None
    new_ref: str | None = None
    title: LocalizedText | None = Field(default=None, description="TO title, else FROM title")
    level: ChangeLevel | None = Field(
        default=None, description="for changed and renumbered: editorial or substantive"
    )
    similarity: float = Field(ge=0, le=1, description="text similarity, 4 decimals")
    changed_words: int = Field(default=0, ge=0)
    reasons: list[str] = Field(
        default_factory=list,
        description="what differs: text, title, deadline, applies_if, assessable, in_force, "
        "parent, significant_word",
    )
    words: list[WordOp] = Field(default_factory=list, description="word-level diff of the text")
    text: str | None = Field(
        default=None, description="added: the TO text; removed: the FROM text (else null)"
    )
    related: str | None = Field(
        default=None,
        description="added: the FROM id it was split from; removed: the TO id it was merged "
        "into (its words lie inside that provision's text)",
    )

    @property
    def key(self) -> str:
        return self.new_id or self.old_id or ""


class VersionDiff(OutputModel):
    schema_version: str = DIFF_SCHEMA_VERSION
    source: str
    source_short: str
    from_version: str
    to_version: str
    from_status: str
    to_status: str
    from_verified: bool
    to_verified: bool
    from_notes: str | None = None
    to_notes: str | None = None
    thresholds: dict[str, float]
    scope: list[str] = Field(
        default_factory=list, description="id prefixes the diff was limited to (empty: all)"
    )
    counts: dict[str, int] = Field(
        description="added, removed, renumbered, editorial, substantive, unchanged (these sum "
        "to the number of changes; editorial/substantive count `changed`), and "
        "renumbered_substantive"
    )
    changes: list[RequirementChange] = Field(description="natural order of TO id, else FROM id")

    def id_map(self) -> dict[str, str]:
        """FROM id → TO id for every requirement that continues (unchanged, changed, renumbered)."""
        return {
            c.old_id: c.new_id
            for c in self.changes
            if c.old_id is not None and c.new_id is not None
        }

    def by_old(self) -> dict[str, RequirementChange]:
        return {c.old_id: c for c in self.changes if c.old_id is not None}

    def by_new(self) -> dict[str, RequirementChange]:
        return {c.new_id: c for c in self.changes if c.new_id is not None}


class ReviewItem(OutputModel):
    """An edge, direct measure link or assessment whose requirement text moved since review."""

    kind: Literal["maps_to", "transposes", "specified_by", "addresses", "assessment"]
    requirement: str = Field(description="the requirement id the item names")
    current_id: str | None = Field(
        description="the id in the selected version (differs when renumbered; null if removed)"
    )
    target: str = Field(description="control, requirement, measure id, or assessor for assessments")
    reviewed_against: str
    selected_version: str
    reason: str = Field(
        description="substantive, renumbered, removed, added (not in the reviewed version), "
        "unknown_version, or not_in_version (id in neither the reviewed nor the selected version)"
    )
    related: str | None = None

    def label(self) -> str:
        """The compact string used in `RequirementResult.needs_review`."""
        return f"{self.kind}:{self.target} ({self.reviewed_against}: {self.reason})"


class ReviewReport(OutputModel):
    schema_version: str = DIFF_SCHEMA_VERSION
    source: str
    selected_version: str
    items: list[ReviewItem]
    unreviewed: int = Field(description="edges and links of this source with no reviewed_against")


class RowState(OutputModel):
    coverage: float = Field(ge=0, le=1)
    category: Category
    applicable: bool
    assessable: bool = True


class DeltaRow(OutputModel):
    old_id: str | None
    new_id: str | None
    change: ChangeKind
    level: ChangeLevel | None = None
    before: RowState | None = Field(description="null when the id is not in the FROM analysis")
    after: RowState | None = Field(description="null when the id is not in the TO analysis")


class AttachmentStatus(StrEnum):
    KEPT = "kept"  # target id is in both versions
    CARRIED_OVER = "carried_over"  # target renumbered; applied to the new id in the TO run
    ORPHANED = "orphaned"  # target removed; kept in the file, listed, not applied
    NEW_TARGET = "new_target"  # target only exists in the TO version
    SUPERSEDED = "superseded"  # renumbered, but the new id already has its own assessment


class Attachment(OutputModel):
    """An assessment or direct measure link on a requirement of the diffed source."""

    kind: Literal["assessment", "link"]
    owner: str = Field(description="measure id for links; 'assessor date' for assessments")
    target: str = Field(description="requirement id as written in the organisation's files")
    status: AttachmentStatus
    new_target: str | None = Field(default=None, description="where it applies in TO")
    level: ChangeLevel | None = None
    related: str | None = Field(default=None, description="merge/split hint for orphans")
    detail: str = Field(default="", description="assessment result or link extent")


class GapDelta(OutputModel):
    organisation: str
    as_of: dt.date
    from_coverage: float = Field(ge=0, le=1, description="the source's coverage under FROM")
    to_coverage: float = Field(ge=0, le=1, description="the source's coverage under TO")
    from_gaps: int
    to_gaps: int
    rows: list[DeltaRow] = Field(
        description="requirements whose coverage, category or applicability changed (headings "
        "and definitions with nothing behind them on both sides are left out)"
    )
    new_unmapped: list[str] = Field(
        description="assessable, applicable TO requirements, added or renumbered, with no "
        "mapping (category unmapped)"
    )
    attachments: list[Attachment]


class DiffReport(OutputModel):
    schema_version: str = DIFF_SCHEMA_VERSION
    diff: VersionDiff
    delta: GapDelta | None = None
