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

The rows are built in `gapcheck.report.change_rows` (diff, review) and
`gapcheck.report.change_delta` (delta, attachment); this module lays them out and colours them.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.i18n import t
from gapcheck.model import Catalog, Lang, LoadedVersion, OrgData
from gapcheck.model.result import AnalysisResult
from gapcheck.report.cells import CATEGORY_FILLS, Column, Value, write_table
from gapcheck.report.change_delta import delta_rows
from gapcheck.report.change_rows import (
    EQUAL_KEEP,
    SECTIONS,
    ChangeRow,
    RowLookup,
    diff_rows,
    review_rows,
    word_diff_text,
)
from gapcheck.versions import DiffReport, ReviewItem, review_items

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
    lookup = RowLookup(catalog)
    rows: list[ChangeRow] = []
    for report in reports:
        rows.extend(diff_rows(report, lang))
    rows.extend(review_rows(review, lookup, lang))
    for report in reports:
        rows.extend(delta_rows(report, lookup, lang))
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
