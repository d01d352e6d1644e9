"""Diff two versions of one source: added, removed, renumbered, changed, unchanged.

The algorithm (documented with examples in docs/versions.md):

1. Requirements with the same id in both versions are paired.
2. Every requirement left unpaired, plus both halves of any same-id pair whose texts are less
   similar than RENUMBER_THRESHOLD (an id reused for another provision), goes into a pool.
   All FROM × TO pairs of the pool with similarity ≥ RENUMBER_THRESHOLD are matched greedily,
   best similarity first (ties: natural id order), one to one: these are `renumbered`.
   A weak same-id pair whose two halves found no better partner is restored.
   Then, within two paired parents, children left over with the same last id segment (point
   `p3` ↔ `p3`, stycke `st2` ↔ `st2`) are paired when their similarity is at least
   STRUCTURAL_THRESHOLD: a point keeps its number inside a renumbered paragraph even when its
   short text was reworded.
3. What is still unpaired is `removed` (FROM) or `added` (TO). A provision split in two keeps
   its best match (renumbered or changed) and the rest is `added` with `related` = the FROM id
   whose text contains it; a merge is the mirror image (`removed`, `related` = the TO id).
4. Each pair is `unchanged` when nothing differs, otherwise `changed` (same id) or `renumbered`,
   with level `editorial` or `substantive` (see `gapcheck.versions.text`); a changed deadline,
   applicability, in-force date or assessability is always substantive
   (`gapcheck.versions.classify`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gapcheck.model import LoadedVersion, Requirement
from gapcheck.versions.classify import change_counts, classify_pair, own_text
from gapcheck.versions.models import ChangeKind, RequirementChange, VersionDiff
from gapcheck.versions.text import (
    CONTAINMENT_THRESHOLD,
    EDITORIAL_MAX_WORDS,
    EDITORIAL_MIN_RATIO,
    RENUMBER_THRESHOLD,
    STRUCTURAL_THRESHOLD,
    Tokens,
    comparable_text,
    containment,
    natural_key,
    similarity,
    tokenize,
)

__all__ = ["MIN_HINT_WORDS", "classify_pair", "diff_versions", "in_scope", "thresholds"]

# Split/merge hints need a text of some length; a two-word heading is found almost anywhere.
MIN_HINT_WORDS = 4

_KIND_ORDER = {k: i for i, k in enumerate(ChangeKind)}


def thresholds() -> dict[str, float]:
    """The thresholds in force, as reported in every diff."""
    return {
        "containment": CONTAINMENT_THRESHOLD,
        "editorial_max_words": float(EDITORIAL_MAX_WORDS),
        "editorial_min_ratio": EDITORIAL_MIN_RATIO,
        "min_hint_words": float(MIN_HINT_WORDS),
        "renumber": RENUMBER_THRESHOLD,
        "structural": STRUCTURAL_THRESHOLD,
    }


def in_scope(requirement_id: str, scope: Sequence[str] | None) -> bool:
    """True when `scope` is empty/None or an entry is the id or an ancestor by id prefix
    (`csl:2` covers `csl:2`, `csl:2.3.p1`, not `csl:20`)."""
    if not scope:
        return True
    return any(requirement_id == p or requirement_id.startswith(p + ".") for p in scope)


def diff_versions(
    old: LoadedVersion, new: LoadedVersion, scope: Sequence[str] | None = None
) -> VersionDiff:
    """Classify every requirement of `old` (FROM) and `new` (TO); deterministic order.

    `scope` (id prefixes, see `in_scope`) limits the diff to part of the source on both sides,
    e.g. to the provisions an incomplete earlier version covers.
    """
    if old.source.id != new.source.id:
        raise ValueError(
            f"cannot diff versions of different sources: {old.source.id}, {new.source.id}"
        )
    olds = {r.id: r for r in old.requirements if in_scope(r.id, scope)}
    news = {r.id: r for r in new.requirements if in_scope(r.id, scope)}
    old_tok = {i: tokenize(comparable_text(r)) for i, r in olds.items()}
    new_tok = {i: tokenize(comparable_text(r)) for i, r in news.items()}

    pairs = _match(olds, news, old_tok, new_tok)
    paired_old = {o for o, _ in pairs}
    paired_new = {n for _, n in pairs}

    changes: list[RequirementChange] = []
    for o, n in pairs:
        changes.append(classify_pair(olds[o], news[n], renumbered=o != n))
    for o in olds.keys() - paired_old:
        req = olds[o]
        related = _best_container(old_tok[o], new_tok, natural_sorted(news))
        changes.append(
            RequirementChange(
                kind=ChangeKind.REMOVED,
                old_id=o,
                old_ref=req.ref,
                title=req.title,
                similarity=0.0,
                text=own_text(req),
                related=related,
            )
        )
    for n in news.keys() - paired_new:
        req = news[n]
        related = _best_container(new_tok[n], old_tok, natural_sorted(olds))
        changes.append(
            RequirementChange(
                kind=ChangeKind.ADDED,
                new_id=n,
                new_ref=req.ref,
                title=req.title,
                similarity=0.0,
                text=own_text(req),
                related=related,
            )
        )
    changes.sort(key=lambda c: (natural_key(c.key), _KIND_ORDER[c.kind]))
    return VersionDiff(
        source=new.source.id,
        source_short=new.source.short,
        from_version=old.version.id,
        to_version=new.version.id,
        from_status=old.version.status.value,
        to_status=new.version.status.value,
        from_verified=old.version.verified,
        to_verified=new.version.verified,
        from_notes=old.version.notes,
        to_notes=new.version.notes,
        thresholds=thresholds(),
        scope=sorted(scope or [], key=natural_key),
        counts=change_counts(changes),
        changes=changes,
    )


def natural_sorted(ids: Iterable[str]) -> list[str]:
    return sorted(ids, key=natural_key)


def _match(
    olds: dict[str, Requirement],
    news: dict[str, Requirement],
    old_tok: dict[str, Tokens],
    new_tok: dict[str, Tokens],
) -> list[tuple[str, str]]:
    """Same-id pairs plus greedy one-to-one similarity matches (steps 1–2 of the module doc)."""
    same = natural_sorted(olds.keys() & news.keys())
    weak = {i for i in same if similarity(old_tok[i], new_tok[i]) < RENUMBER_THRESHOLD}
    pairs = [(i, i) for i in same if i not in weak]
    pool_old = natural_sorted((olds.keys() - news.keys()) | weak)
    pool_new = natural_sorted((news.keys() - olds.keys()) | weak)

    candidates: list[tuple[float, str, str]] = []
    for o in pool_old:
        for n in pool_new:
            if o == n:
                continue  # a weak same-id pair is below the threshold by definition
            score = similarity(old_tok[o], new_tok[n], floor=RENUMBER_THRESHOLD)
            if score >= RENUMBER_THRESHOLD:
                candidates.append((score, o, n))
    candidates.sort(key=lambda c: (-c[0], natural_key(c[1]), natural_key(c[2])))

    used_old: set[str] = set()
    used_new: set[str] = set()
    for _, o, n in candidates:
        if o in used_old or n in used_new:
            continue
        pairs.append((o, n))
        used_old.add(o)
        used_new.add(n)
    # A reused id whose halves found no better partner is one provision, rewritten.
    restored = [i for i in natural_sorted(weak) if i not in used_old and i not in used_new]
    pairs += [(i, i) for i in restored]
    used_old.update(restored)
    used_new.update(restored)
    pairs += _structural(olds, news, old_tok, new_tok, pairs, used_old, used_new)
    return pairs


def _last_segment(requirement_id: str) -> str:
    return requirement_id.rsplit(".", 1)[-1] if "." in requirement_id else ""


def _structural(
    olds: dict[str, Requirement],
    news: dict[str, Requirement],
    old_tok: dict[str, Tokens],
    new_tok: dict[str, Tokens],
    pairs: list[tuple[str, str]],
    used_old: set[str],
    used_new: set[str],
) -> list[tuple[str, str]]:
    """Leftover children of paired parents with the same last id segment (step 2, end)."""
    parent_pair = dict(pairs)
    out: list[tuple[str, str]] = []
    left_new = [n for n in natural_sorted(news) if n not in used_new and n not in olds]
    for o in natural_sorted(olds):
        if o in used_old or o in news:
            continue
        new_parent = parent_pair.get(olds[o].parent or "")
        if new_parent is None:
            continue
        for n in left_new:
            if (
                n not in used_new
                and news[n].parent == new_parent
                and _last_segment(n) == _last_segment(o)
                and similarity(old_tok[o], new_tok[n]) >= STRUCTURAL_THRESHOLD
            ):
                out.append((o, n))
                used_old.add(o)
                used_new.add(n)
                break
    return out


def _best_container(part: Tokens, wholes: dict[str, Tokens], order: list[str]) -> str | None:
    if len(part.norm) < MIN_HINT_WORDS:
        return None
    best: tuple[float, str] | None = None
    for ident in order:
        score = containment(part, wholes[ident], floor=CONTAINMENT_THRESHOLD)
        if score >= CONTAINMENT_THRESHOLD and (best is None or score > best[0]):
            best = (score, ident)
    return best[1] if best else None
