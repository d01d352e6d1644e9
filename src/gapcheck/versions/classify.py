"""Classify one FROM → TO pair of requirements (step 4 of `gapcheck.versions.diff`).

A pair is `unchanged` when nothing differs, otherwise `changed` (same id) or `renumbered`, with
level `editorial` or `substantive` (see `gapcheck.versions.text`); a changed deadline,
applicability, in-force date or assessability is always substantive.
"""

from __future__ import annotations

from gapcheck.model import Requirement
from gapcheck.versions.models import ChangeKind, ChangeLevel, RequirementChange, WordOp
from gapcheck.versions.text import (
    EDITORIAL_MAX_WORDS,
    EDITORIAL_MIN_RATIO,
    comparable_text,
    similarity,
    tokenize,
    word_ops,
)

__all__ = ["change_counts", "classify_pair", "own_text"]

_STRUCTURED = ("deadline", "applies_if", "assessable", "in_force")
_COUNT_KEYS = ("added", "removed", "renumbered", "editorial", "substantive", "unchanged")


def classify_pair(old: Requirement, new: Requirement, *, renumbered: bool) -> RequirementChange:
    """Compare one FROM requirement with the TO requirement it continues as."""
    old_text = comparable_text(old, new)
    new_text = comparable_text(new, old)
    a, b = tokenize(old_text), tokenize(new_text)
    ops, changed_words, significant = word_ops(a, b)
    score = similarity(a, b)

    reasons: list[str] = []
    if old_text != new_text:
        reasons.append("text")
    if old.title != new.title:
        reasons.append("title")
    if old.ref != new.ref:
        reasons.append("ref")
    if old.parent != new.parent and not renumbered:
        reasons.append("parent")
    structured = [f for f in _STRUCTURED if getattr(old, f) != getattr(new, f)]
    reasons += structured

    text_substantive = a.norm != b.norm and (
        changed_words > EDITORIAL_MAX_WORDS or score < EDITORIAL_MIN_RATIO or significant
    )
    if significant:
        reasons.append("significant_word")
    if not reasons and not renumbered:
        kind, level = ChangeKind.UNCHANGED, None
    else:
        kind = ChangeKind.RENUMBERED if renumbered else ChangeKind.CHANGED
        level = ChangeLevel.SUBSTANTIVE if text_substantive or structured else ChangeLevel.EDITORIAL
    return RequirementChange(
        kind=kind,
        old_id=old.id,
        new_id=new.id,
        old_ref=old.ref,
        new_ref=new.ref,
        title=new.title or old.title,
        level=level,
        similarity=round(score, 4),
        changed_words=changed_words,
        reasons=reasons,
        words=[_op(op, o, n) for op, o, n in ops] if "text" in reasons else [],
    )


def own_text(req: Requirement) -> str | None:
    """The requirement's own text (Swedish first), not a title standing in for it."""
    return (req.text.sv or req.text.en) if req.text is not None else None


def _op(op: str, old: str, new: str) -> WordOp:
    return WordOp.model_validate({"op": op, "old": old, "new": new})


def change_counts(changes: list[RequirementChange]) -> dict[str, int]:
    """One count per change (`editorial`/`substantive` are the changed ones), plus
    `renumbered_substantive`, the renumbered ones whose text changed in substance."""
    counts = dict.fromkeys(_COUNT_KEYS, 0)
    for c in changes:
        if c.kind is ChangeKind.CHANGED:
            assert c.level is not None
            counts[c.level.value] += 1
        else:
            counts[c.kind.value] += 1
    counts["renumbered_substantive"] = sum(
        1 for c in changes if c.kind is ChangeKind.RENUMBERED and c.level is ChangeLevel.SUBSTANTIVE
    )
    return counts
