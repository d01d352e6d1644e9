"""Rich terminal output for `gapcheck diff` and `gapcheck review-mappings`.

Law texts and ids are printed as `rich.text.Text`, never as markup, so a "[" in a provision
cannot be taken for a style tag.
"""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from gapcheck.cli._table import WrapTable
from gapcheck.cli.render import CATEGORY_STYLE, pct
from gapcheck.i18n import MESSAGES, t
from gapcheck.model import Lang
from gapcheck.versions import (
    ChangeKind,
    DiffReport,
    GapDelta,
    RequirementChange,
    ReviewReport,
    RowState,
    VersionDiff,
    WordOp,
)
from gapcheck.versions.review import UNRECORDED

__all__ = ["delta", "diff", "report", "review", "word_diff"]

# Unchanged runs longer than this are shortened to their first and last words.
_EQUAL_KEEP = 6

_KIND_STYLE = {
    ChangeKind.ADDED: "green",
    ChangeKind.REMOVED: "red",
    ChangeKind.RENUMBERED: "cyan",
    ChangeKind.CHANGED: "yellow",
    ChangeKind.UNCHANGED: "dim",
}


def report(console: Console, rep: DiffReport, lang: Lang) -> None:
    """The diff, then the gap delta when an organisation was given."""
    diff(console, rep.diff, lang)
    if rep.delta is not None:
        delta(console, rep.diff, rep.delta, lang)


def _change_label(c: RequirementChange, lang: Lang, sep: str = "\n") -> Text:
    label = Text(t(f"diff.kind.{c.kind.value}", lang), style=_KIND_STYLE[c.kind])
    if c.level is not None:
        label.append(f"{sep}{t(f'diff.level.{c.level.value}', lang)}")
    return label


def _side(ident: str | None, ref: str | None) -> Text:
    if ident is None:
        return Text("–", style="dim")
    return Text(f"{ident}\n{ref}" if ref else ident)


def _sides(c: RequirementChange) -> Text:
    """The old id and reference above the new: one column, so the table fits 80 characters."""
    cell = _side(c.old_id, c.old_ref)
    cell.append("\n→ ")
    cell.append_text(_side(c.new_id, c.new_ref))
    return cell


def _note(c: RequirementChange, lang: Lang) -> str:
    if c.related is None:
        return ""
    key = "diff.split_from" if c.kind is ChangeKind.ADDED else "diff.merged_into"
    return t(key, lang, id=c.related)


def diff(console: Console, d: VersionDiff, lang: Lang) -> None:
    """Counts, a table of every requirement that is not unchanged, and the word-level diffs."""
    console.print(
        Text(t("diff.title", lang, source=d.source_short, old=d.from_version, new=d.to_version)),
        style="bold",
    )
    for version, status, verified, notes in (
        (d.from_version, d.from_status, d.from_verified, d.from_notes),
        (d.to_version, d.to_status, d.to_verified, d.to_notes),
    ):
        if not verified:
            key = f"report.version_status.{status}"
            word = t(key, lang) if key in MESSAGES else status  # "proposal" → "förslag"
            console.print(
                Text(t("diff.unverified", lang, version=version, status=word)), style="yellow"
            )
            if notes:
                console.print(Text(notes), style="dim")
    if d.scope:
        console.print(Text(t("diff.scope", lang, scope=", ".join(d.scope))))
    console.print(Text(t("diff.counts", lang, **d.counts)))

    shown = [c for c in d.changes if c.kind is not ChangeKind.UNCHANGED]
    if not shown:
        console.print(Text(t("diff.no_changes", lang)), style="green")
        return
    table = WrapTable(title=t("diff.changes", lang), show_lines=True)
    table.add_column(t("diff.col.change", lang))
    table.add_column(f"{t('diff.col.from', lang)} → {t('diff.col.to', lang).lower()}")
    table.add_column(t("diff.col.similarity", lang), justify="right", no_wrap=True)
    table.add_column(t("diff.col.title", lang))
    for c in shown:
        similarity = (
            pct(c.similarity) if c.kind in (ChangeKind.CHANGED, ChangeKind.RENUMBERED) else ""
        )
        title = Text(c.title.get(lang) if c.title else "")
        note = _note(c, lang)
        if note:
            title.append(f"\n{note}", style="italic")
        table.add_row(
            _change_label(c, lang),
            _sides(c),
            similarity,
            title,
        )
    console.print(table)

    worded = [c for c in shown if any(op.op != "equal" for op in c.words)]
    if worded:
        console.print(Text(t("diff.words", lang), style="bold"))
    for c in worded:
        head = Text(f"{c.old_id} → {c.new_id}" if c.old_id != c.new_id else f"{c.new_id}")
        head.append("  ")
        head.append_text(_change_label(c, lang, sep=", "))
        console.print(head)
        console.print(Padding(word_diff(c.words, lang), (0, 0, 0, 2)))  # wrapped lines indented


def word_diff(words: list[WordOp], lang: Lang) -> Text:
    """Deleted words as [-red-], inserted words as {+green+}, long equal runs elided."""
    out = Text()
    for i, op in enumerate(words):
        if op.op == "equal":
            parts = op.old.split()
            if len(parts) > 2 * _EQUAL_KEEP:
                head = parts[:_EQUAL_KEEP] if i > 0 else []
                tail = parts[-_EQUAL_KEEP:] if i < len(words) - 1 else []
                elided = len(parts) - len(head) - len(tail)
                if head:
                    out.append(" ".join(head) + " ")
                out.append(t("diff.words_elided", lang, n=elided) + " ", style="dim")
                if tail:
                    out.append(" ".join(tail) + " ")
            else:
                out.append(op.old + " ")
            continue
        # git's plain word-diff markers, so the diff reads without colour too (NO_COLOR, logs).
        if op.old:
            out.append(f"[-{op.old}-]", style="red strike")
            out.append(" ")
        if op.new:
            out.append(f"{{+{op.new}+}}", style="green")
            out.append(" ")
    return out


def _state(state: RowState | None, lang: Lang) -> Text:
    if state is None:
        return Text(t("diff.delta.absent", lang), style="dim")
    category = state.category.value
    label = t(f"category.{category}", lang)
    if category != "not_applicable":  # a coverage of what does not apply means nothing
        label += f" {pct(state.coverage)}"
    return Text(label, style=CATEGORY_STYLE.get(category, ""))


def _detail(kind: str, detail: str, lang: Lang) -> str:
    """An assessment's result or a link's extent in words ('Uppfyller delvis', 'hel omfattning')."""
    key = f"assessment.{detail}" if kind == "assessment" else f"extent.{detail}"
    return t(key, lang) if key in MESSAGES else detail


def delta(console: Console, d: VersionDiff, gd: GapDelta, lang: Lang) -> None:
    """The organisation's gap picture under FROM and TO, and what became of its attachments."""
    console.print()
    console.print(
        Text(
            t(
                "diff.delta.title",
                lang,
                org=gd.organisation,
                as_of=gd.as_of,
                old=d.from_version,
                new=d.to_version,
            )
        ),
        style="bold",
    )
    console.print(
        Text(
            t(
                "diff.delta.coverage",
                lang,
                source=d.source_short,
                before=pct(gd.from_coverage),
                after=pct(gd.to_coverage),
                gaps_before=gd.from_gaps,
                gaps_after=gd.to_gaps,
            )
        )
    )
    if gd.rows:
        table = WrapTable(title=t("diff.delta.rows", lang))
        table.add_column(t("diff.delta.requirement", lang), no_wrap=True)
        table.add_column(t("diff.col.change", lang))
        table.add_column(t("diff.delta.before", lang))
        table.add_column(t("diff.delta.after", lang))
        for row in gd.rows:
            ident = row.new_id or row.old_id or ""
            if row.old_id and row.new_id and row.old_id != row.new_id:
                ident = f"{row.old_id} → {row.new_id}"
            change = Text(t(f"diff.kind.{row.change.value}", lang), style=_KIND_STYLE[row.change])
            table.add_row(Text(ident), change, _state(row.before, lang), _state(row.after, lang))
        console.print(table)
    else:
        console.print(Text(t("diff.delta.no_rows", lang)))
    unmapped = sum(
        1 for r in gd.rows if r.before is not None and r.before.category.value == "unmapped"
    )
    if unmapped:  # a 0 % before that is the catalog's, not the organisation's
        console.print(
            Text(t("diff.delta.unmapped_before", lang, n=unmapped, version=d.from_version)),
            style="yellow",
        )
    if gd.new_unmapped:
        console.print(
            Text(t("diff.delta.new_unmapped", lang, ids=", ".join(gd.new_unmapped))),
            style="magenta",
        )
    if not gd.attachments:
        console.print(Text(t("diff.attach.none", lang)))
        return
    table = WrapTable(title=t("diff.attach.title", lang), show_lines=True)
    # The requirement it applies to now goes under the one it was attached to.
    for key in ("diff.attach.kind", "diff.attach.owner", "diff.attach.target"):
        table.add_column(t(key, lang))
    table.add_column(t("diff.attach.status", lang))
    styles = {"orphaned": "bold red", "carried_over": "cyan", "superseded": "yellow"}
    for a in gd.attachments:
        note = a.new_target or (t("diff.merged_into", lang, id=a.related) if a.related else "–")
        target = a.target if note == a.target else f"{a.target}\n→ {note}"
        table.add_row(
            Text(t(f"diff.attach.{a.kind}", lang)),
            Text(f"{a.owner} ({_detail(a.kind, a.detail, lang)})" if a.detail else a.owner),
            Text(target),
            Text(t(f"diff.status.{a.status.value}", lang), style=styles.get(a.status.value, "")),
        )
    console.print(table)


def review(console: Console, rep: ReviewReport, lang: Lang) -> None:
    """`gapcheck review-mappings`: one row per edge, link or assessment to look at again."""
    console.print(
        Text(t("diff.review.title", lang, source=rep.source, version=rep.selected_version)),
        style="bold",
    )
    if not rep.items:
        console.print(Text(t("diff.review.none", lang)), style="green")
    else:
        table = WrapTable()
        for key in (
            "diff.review.requirement",
            "diff.review.item",
            "diff.review.reviewed",
            "diff.review.reason",
            "diff.col.note",
        ):
            table.add_column(t(key, lang))
        for item in rep.items:
            ident = item.requirement
            if item.current_id and item.current_id != item.requirement:
                ident = f"{item.requirement} → {item.current_id}"
            note = t("diff.merged_into", lang, id=item.related) if item.related else ""
            item_key = f"report.changes.item.{item.kind}"
            what = (
                t(item_key, lang, target=item.target)
                if item_key in MESSAGES
                else f"{item.kind} {item.target}"
            )
            table.add_row(
                Text(ident),
                Text(what),
                Text(
                    t("diff.review.unrecorded", lang)
                    if item.reviewed_against == UNRECORDED
                    else item.reviewed_against
                ),
                Text(t(f"diff.reason.{item.reason}", lang)),
                Text(note),
            )
        console.print(table)
    if rep.unreviewed:
        console.print(Text(t("diff.review.unreviewed", lang, n=rep.unreviewed)), style="dim")
