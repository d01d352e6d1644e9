"""The Changes sheet (Ändringar): what changed between law versions and what to review.

One table, so that one filter and one frozen header serve it all; the first column names the
section a row belongs to, in this order:

1. **diff**: per diffed source, every provision added, removed, renumbered or changed, with
   both ids and references, the text similarity, editorial or substantive, and the word diff
   (`[-deleted-] {+inserted+}`, long unchanged runs shortened) or, for an added or removed
   provision, its text;
2. **review**: every mapping edge, direct measure link and assessment to review against the
   version analysed (`gapcheck.versions.review_items`, the function the engine fills
   `RequirementResult.needs_review` from; items on removed requirements, which have no row in
   the analysis, are listed too);
3. **delta** (a diff run with an organisation): the source's coverage and gap count under each
   version, each requirement whose coverage or category changed, new requirements without a
   mapping; then **attachment**: every assessment and direct link on the source and what
   became of it (kept, carried over, orphaned, …).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.i18n import MESSAGES, t
from gapcheck.model import Catalog, Lang, LoadedVersion, OrgData, Requirement
from gapcheck.model.result import AnalysisResult
from gapcheck.report.cells import CATEGORY_FILLS, Column, Value, write_table
from gapcheck.versions import (
    ChangeKind,
    DiffReport,
    RequirementChange,
    ReviewItem,
    WordOp,
    review_items,
)

__all__ = [
    "EQUAL_KEEP",
    "SECTIONS",
    "ChangeRow",
    "as_reports",
    "changes_columns",
    "changes_rows",
    "has_changes",
    "review_of",
    "word_diff_text",
    "write_changes",
]

SECTIONS = ("diff", "review", "delta", "attachment")
"""Row sections in sheet order; labels are `report.changes.section.<key>`."""

EQUAL_KEEP = 6
"""An unchanged run longer than twice this many words keeps its first and last EQUAL_KEEP."""

_RED = CATEGORY_FILLS["no_measure"]
_DARK_RED = CATEGORY_FILLS["non_compliant"]
_AMBER = CATEGORY_FILLS["partial"]
_GREEN = CATEGORY_FILLS["covered"]
_VIOLET = CATEGORY_FILLS["unmapped"]
# Fill of the Change column by section and code: red needs action, amber a look, green nothing.
_CHANGE_FILLS: dict[tuple[str, str], tuple[PatternFill, Font]] = {
    ("diff", "removed"): _RED,
    ("diff", "added"): _AMBER,
    ("review", "substantive"): _RED,
    ("review", "removed"): _RED,
    ("review", "not_in_version"): _RED,
    ("review", "renumbered"): _AMBER,
    ("review", "added"): _AMBER,
    ("review", "unknown_version"): _VIOLET,
    ("attachment", "orphaned"): _DARK_RED,
    ("attachment", "carried_over"): _AMBER,
    ("attachment", "superseded"): _AMBER,
    ("attachment", "kept"): _GREEN,
    ("attachment", "new_target"): _GREEN,
}
_LEVEL_FILLS = {"substantive": _RED, "editorial": _GREEN}


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


def changes_columns(lang: Lang) -> list[Column]:
    """The sheet's columns (headers translated)."""
    return [
        Column(t("report.changes.col.section", lang), 13, "wrap"),
        Column(t("report.col.source", lang), 8, "wrap"),
        Column(t("report.changes.col.change", lang), 13, "wrap"),
        Column(t("report.changes.col.level", lang), 12, "wrap"),
        Column(t("report.changes.col.from_id", lang), 14, "wrap"),
        Column(t("report.changes.col.from_ref", lang), 12, "wrap"),
        Column(t("report.changes.col.to_id", lang), 14, "wrap"),
        Column(t("report.changes.col.to_ref", lang), 12, "wrap"),
        Column(t("report.col.title", lang), 24, "wrap"),
        Column(t("report.changes.col.detail", lang), 26, "wrap"),
        Column(t("report.changes.col.before", lang), 9, "pct"),
        Column(t("report.changes.col.after", lang), 9, "pct"),
        Column(t("report.changes.col.similarity", lang), 9, "pct"),
        Column(t("report.changes.col.words", lang), 56, "wrap"),
        Column(t("report.changes.col.versions", lang), 14, "wrap"),
    ]


# Column indexes (0-based) the styler fills.
_CHANGE_COL, _LEVEL_COL, _BEFORE_COL, _AFTER_COL = 2, 3, 10, 11


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


class _Lookup:
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


def _diff_rows(report: DiffReport, lang: Lang) -> Iterable[ChangeRow]:
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


def _review_rows(items: Iterable[ReviewItem], lookup: _Lookup, lang: Lang) -> Iterable[ChangeRow]:
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
            from_ref=old.ref if old else None,
            to_id=item.current_id,
            to_ref=new.ref if new else None,
            title=shown.title.get(lang) if shown and shown.title else None,
            detail=detail,
            versions=t(
                "report.changes.reviewed",
                lang,
                reviewed=item.reviewed_against,
                selected=item.selected_version,
            ),
        )


def _category(code: str | None, lang: Lang) -> str:
    return t(f"category.{code}", lang) if code else t("diff.delta.absent", lang)


_Sides = tuple[str | None, str | None, str | None]


def _delta_rows(report: DiffReport, lookup: _Lookup, lang: Lang) -> Iterable[ChangeRow]:
    d, gd = report.diff, report.delta
    if gd is None:
        return
    versions = f"{d.from_version} → {d.to_version}"

    def sides(old_id: str | None, new_id: str | None) -> _Sides:
        """(FROM ref, TO ref, title) of a requirement, from the catalog."""
        old = lookup.get(d.source, d.from_version, old_id)
        new = lookup.get(d.source, d.to_version, new_id)
        shown = new or old
        title = shown.title.get(lang) if shown and shown.title else None
        return (old.ref if old else None, new.ref if new else None, title)

    yield ChangeRow(
        section="delta",
        source=d.source_short,
        change="total",
        change_label=t("report.changes.total", lang),
        detail=t("report.changes.gaps", lang, before=gd.from_gaps, after=gd.to_gaps),
        before=gd.from_coverage,
        after=gd.to_coverage,
        versions=versions,
    )
    unmapped = set(gd.new_unmapped)
    by_new = d.by_new()
    listed: set[str] = set()
    for row in gd.rows:
        before = row.before.category.value if row.before else None
        after = row.after.category.value if row.after else None
        detail = t(
            "report.changes.category",
            lang,
            before=_category(before, lang),
            after=_category(after, lang),
        )
        from_ref, to_ref, title = sides(row.old_id, row.new_id)
        if row.new_id in unmapped:
            detail += f"; {t('report.changes.new_unmapped', lang)}"
            listed.add(row.new_id)
        yield ChangeRow(
            section="delta",
            source=d.source_short,
            change=row.change.value,
            change_label=t(f"diff.kind.{row.change.value}", lang),
            level=row.level.value if row.level else None,
            from_id=row.old_id,
            to_id=row.new_id,
            from_ref=from_ref,
            to_ref=to_ref,
            title=title,
            detail=detail,
            before=row.before.coverage if row.before else None,
            after=row.after.coverage if row.after else None,
            before_category=before,
            after_category=after,
            versions=versions,
        )
    for ident in gd.new_unmapped:  # renumbered and unmapped on both sides: not in `rows`
        if ident in listed:
            continue
        c = by_new.get(ident)
        kind = c.kind.value if c else ChangeKind.ADDED.value
        from_ref, to_ref, title = sides(c.old_id if c else None, ident)
        yield ChangeRow(
            section="delta",
            source=d.source_short,
            change=kind,
            change_label=t(f"diff.kind.{kind}", lang),
            level=c.level.value if c and c.level else None,
            from_id=c.old_id if c else None,
            to_id=ident,
            from_ref=from_ref,
            to_ref=to_ref,
            title=title,
            detail=t("report.changes.new_unmapped", lang),
            after_category="unmapped",
            versions=versions,
        )
    for a in gd.attachments:
        what = a.owner
        if a.detail:
            key = f"assessment.{a.detail}"
            shown = t(key, lang) if a.kind == "assessment" and key in MESSAGES else a.detail
            what = f"{a.owner} ({shown})"
        detail = f"{t(f'diff.attach.{a.kind}', lang)}: {what}"
        from_ref, to_ref, title = sides(a.target, a.new_target)
        if a.related:
            detail += f"; {t('diff.merged_into', lang, id=a.related)}"
        yield ChangeRow(
            section="attachment",
            source=d.source_short,
            change=a.status.value,
            change_label=t(f"diff.status.{a.status.value}", lang),
            level=a.level.value if a.level else None,
            from_id=a.target,
            to_id=a.new_target,
            from_ref=from_ref,
            to_ref=to_ref,
            title=title,
            detail=detail,
            versions=versions,
        )


def review_of(
    catalog: Catalog,
    result: AnalysisResult | None,
    org: OrgData | None,
    reports: Sequence[DiffReport] = (),
) -> list[ReviewItem]:
    """The items to review: against the versions `result` analysed (the same items the engine
    put into `needs_review`, plus those on removed requirements); without a result, against
    each report's TO version (catalog edges only, unless `org` is given)."""
    by_id = {(v.source.id, v.version.id): v for v in catalog.versions}
    selected: dict[str, LoadedVersion] = {}
    if result is not None:
        for s in result.sources:
            if (s.source, s.version) in by_id:
                selected[s.source] = by_id[(s.source, s.version)]
    else:
        for report in reports:
            key = (report.diff.source, report.diff.to_version)
            if key in by_id:
                selected[report.diff.source] = by_id[key]
    items, _ = review_items(catalog, selected, org)
    return items


def changes_rows(
    reports: Sequence[DiffReport], review: Sequence[ReviewItem], catalog: Catalog, lang: Lang
) -> list[ChangeRow]:
    """Every row of the sheet, in order: diffs, items to review, gap deltas and attachments."""
    lookup = _Lookup(catalog)
    rows: list[ChangeRow] = []
    for report in reports:
        rows.extend(_diff_rows(report, lang))
    rows.extend(_review_rows(review, lookup, lang))
    for report in reports:
        rows.extend(_delta_rows(report, lookup, lang))
    return rows


def has_changes(reports: Sequence[DiffReport], review: Sequence[ReviewItem]) -> bool:
    """Whether the workbook gets a Changes sheet: a diff was asked for, or something needs
    review."""
    return bool(reports) or bool(review)


def write_changes(
    ws: Worksheet,
    reports: Sequence[DiffReport],
    review: Sequence[ReviewItem],
    catalog: Catalog,
    lang: Lang,
) -> None:
    """Fill `ws` with the Changes table (see the module docstring)."""
    rows = changes_rows(reports, review, catalog, lang)
    fills = _fills(rows)

    def style(i: int, values: Sequence[Value]) -> dict[int, tuple[PatternFill, Font]]:
        return fills[i]

    write_table(
        ws,
        changes_columns(lang),
        [r.values(lang) for r in rows],
        styler=style,
        group_of=lambda values: (values[0], values[1]),
    )


def _fills(rows: Sequence[ChangeRow]) -> list[dict[int, tuple[PatternFill, Font]]]:
    out: list[dict[int, tuple[PatternFill, Font]]] = []
    for r in rows:
        fill: dict[int, tuple[PatternFill, Font]] = {}
        if (r.section, r.change) in _CHANGE_FILLS:
            fill[_CHANGE_COL] = _CHANGE_FILLS[(r.section, r.change)]
        if r.level in _LEVEL_FILLS:
            fill[_LEVEL_COL] = _LEVEL_FILLS[r.level]
        if r.before_category in CATEGORY_FILLS:
            fill[_BEFORE_COL] = CATEGORY_FILLS[r.before_category]
        if r.after_category in CATEGORY_FILLS:
            fill[_AFTER_COL] = CATEGORY_FILLS[r.after_category]
        out.append(fill)
    return out


def as_reports(changes: DiffReport | Sequence[DiffReport] | None) -> list[DiffReport]:
    """`changes` as a list: None → [], one report → [report]."""
    if changes is None:
        return []
    if isinstance(changes, DiffReport):
        return [changes]
    return list(changes)
