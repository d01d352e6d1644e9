"""The rows of the Changes sheet: provisions changed between versions and items to review.

A `ChangeRow` keeps codes, not labels, so the sheet builder (`gapcheck.report.changes`) can
choose the fills; `diff_rows` and `review_rows` produce the **diff** and **review** sections,
`gapcheck.report.change_delta` the **delta** and **attachment** sections.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gapcheck.i18n import t
from gapcheck.model import Catalog, Lang, Requirement
from gapcheck.report.cells import Value
from gapcheck.versions import ChangeKind, DiffReport, RequirementChange, ReviewItem, WordOp
from gapcheck.versions.review import UNRECORDED

__all__ = [
    "EQUAL_KEEP",
    "SECTIONS",
    "ChangeRow",
    "RowLookup",
    "diff_rows",
    "review_rows",
    "word_diff_text",
]

SECTIONS = ("diff", "review", "delta", "attachment")
"""Row sections in sheet order; labels are `report.changes.section.<key>`."""

EQUAL_KEEP = 6
"""An unchanged run longer than twice this many words keeps its first and last EQUAL_KEEP."""


@dataclass(frozen=True)
class ChangeRow:
    """One row before translation: codes, not labels, so the fills can be chosen."""

    section: str
    source: str
    change: str  # diff kind, review reason, delta kind, attachment status, or "total"
    change_label: str
    level: str | None = None
    from_id: str | None = None
    from_ref: str | None = None
    to_id: str | None = None
    to_ref: str | None = None
    title: str | None = None
    detail: str | None = None
    before: float | None = None
    after: float | None = None
    before_category: str | None = None
    after_category: str | None = None
    similarity: float | None = None
    words: str | None = None
    versions: str | None = None

    def values(self, lang: Lang) -> list[Value]:
        level = t(f"diff.level.{self.level}", lang) if self.level else None
        return [
            t(f"report.changes.section.{self.section}", lang),
            self.source,
            self.change_label,
            level,
            self.from_id,
            self.from_ref,
            self.to_id,
            self.to_ref,
            self.title,
            self.detail,
            self.before,
            self.after,
            self.similarity,
            self.words,
            self.versions,
        ]


def word_diff_text(words: Sequence[WordOp], lang: Lang) -> str:
    """A word diff as plain text with git's word-diff markers: `[-old-] {+new+}`.

    Unchanged runs longer than 2 × EQUAL_KEEP words keep their first and last EQUAL_KEEP
    words (only the last before the first change, only the first after the last change).
    """
    parts: list[str] = []
    for i, op in enumerate(words):
        if op.op != "equal":
            if op.old:
                parts.append(f"[-{op.old}-]")
            if op.new:
                parts.append(f"{{+{op.new}+}}")
            continue
        run = op.old.split()
        if len(run) <= 2 * EQUAL_KEEP:
            parts.extend(run)
            continue
        head = run[:EQUAL_KEEP] if i > 0 else []
        tail = run[-EQUAL_KEEP:] if i < len(words) - 1 else []
        parts.extend(head)
        parts.append(t("diff.words_elided", lang, n=len(run) - len(head) - len(tail)))
        parts.extend(tail)
    return " ".join(parts)


class RowLookup:
    """Requirement refs and titles by (source, version, id), from the catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self._versions = {(v.source.id, v.version.id): v for v in catalog.versions}
        self._reqs: dict[tuple[str, str], dict[str, Requirement]] = {}

    def get(self, source: str, version: str, ident: str | None) -> Requirement | None:
        if ident is None:
            return None
        key = (source, version)
        if key not in self._reqs:
            loaded = self._versions.get(key)
            self._reqs[key] = {r.id: r for r in loaded.requirements} if loaded else {}
        return self._reqs[key].get(ident)

    def short(self, source: str) -> str:
        for (sid, _), loaded in self._versions.items():
            if sid == source:
                return loaded.source.short
        return source


def diff_rows(report: DiffReport, lang: Lang) -> Iterable[ChangeRow]:
    d = report.diff
    versions = f"{d.from_version} → {d.to_version}"
    for c in d.changes:
        if c.kind is ChangeKind.UNCHANGED:
            continue
        yield ChangeRow(
            section="diff",
            source=d.source_short,
            change=c.kind.value,
            change_label=t(f"diff.kind.{c.kind.value}", lang),
            level=c.level.value if c.level else None,
            from_id=c.old_id,
            from_ref=c.old_ref,
            to_id=c.new_id,
            to_ref=c.new_ref,
            title=c.title.get(lang) if c.title else None,
            detail=_related(c, lang),
            similarity=c.similarity if c.kind in _SIMILAR else None,
            words=_words(c, lang),
            versions=versions,
        )


_SIMILAR = (ChangeKind.CHANGED, ChangeKind.RENUMBERED)


def _related(c: RequirementChange, lang: Lang) -> str | None:
    if c.related is None:
        return None
    key = "diff.split_from" if c.kind is ChangeKind.ADDED else "diff.merged_into"
    return t(key, lang, id=c.related)


def _words(c: RequirementChange, lang: Lang) -> str | None:
    if c.kind in (ChangeKind.ADDED, ChangeKind.REMOVED):
        return c.text
    if any(op.op != "equal" for op in c.words):
        return word_diff_text(c.words, lang)
    return None


def review_rows(items: Iterable[ReviewItem], lookup: RowLookup, lang: Lang) -> Iterable[ChangeRow]:
    for item in items:
        source = item.requirement.split(":", 1)[0]
        old = lookup.get(source, item.reviewed_against, item.requirement)
        new = lookup.get(source, item.selected_version, item.current_id)
        shown = new or old
        detail = t(f"report.changes.item.{item.kind}", lang, target=item.target)
        if item.related:
            detail += f"; {t('diff.merged_into', lang, id=item.related)}"
        yield ChangeRow(
            section="review",
            source=lookup.short(source),
            change=item.reason,
            change_label=t(f"diff.reason.{item.reason}", lang),
            from_id=item.requirement,
            from_ref=old.ref_in(lang) if old else None,
            to_id=item.current_id,
            to_ref=new.ref_in(lang) if new else None,
            title=shown.title.get(lang) if shown and shown.title else None,
            detail=detail,
            versions=t(
                "report.changes.reviewed",
                lang,
                reviewed=t("diff.review.unrecorded", lang)
                if item.reviewed_against == UNRECORDED
                else item.reviewed_against,
                selected=item.selected_version,
            ),
        )
