"""The **delta** and **attachment** rows of the Changes sheet (a diff run with an organisation).

The source's coverage and gap count under each version, each requirement whose coverage or
category changed, new requirements without a mapping; then every assessment and direct link on
the source and what became of it (kept, carried over, orphaned, …).
"""

from __future__ import annotations

from collections.abc import Iterable

from gapcheck.i18n import MESSAGES, t
from gapcheck.model import Lang
from gapcheck.report.change_rows import ChangeRow, RowLookup
from gapcheck.versions import ChangeKind, DiffReport

__all__ = ["delta_rows"]


def _category(code: str | None, lang: Lang) -> str:
    return t(f"category.{code}", lang) if code else t("diff.delta.absent", lang)


_Sides = tuple[str | None, str | None, str | None]


def delta_rows(report: DiffReport, lookup: RowLookup, lang: Lang) -> Iterable[ChangeRow]:
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
        return (old.ref_in(lang) if old else None, new.ref_in(lang) if new else None, title)

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
