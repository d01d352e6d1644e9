"""Terminal output of saved runs: lists, one run, a comparison, pruning, the database."""

from __future__ import annotations

import datetime as dt

from rich.console import Console

from gapcheck.cli._table import WrapTable
from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.model.runs import (
    CauseKind,
    Comparison,
    DatabaseStatus,
    GapChange,
    MeasureChange,
    PruneOutcome,
    RunDetail,
    RunPage,
    RunSummary,
    SourceDelta,
)

__all__ = [
    "comparison",
    "database",
    "pct",
    "prune",
    "run_detail",
    "run_line",
    "run_list",
    "saved_at",
    "short_id",
]

SHOWN = 20  # rows of a long list before "… N more"


def pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100):d} %"


def _delta(value: float) -> str:
    points = round(value * 100, 1)
    return f"{points:+.1f}" if points else "±0"


def short_id(run_id: str) -> str:
    return run_id[:8]


def saved_at(moment: dt.datetime) -> str:
    """Local time, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def run_line(run: RunSummary, lang: Lang) -> str:
    """'9fd56053 (2026-12-06 12:00, per 2026-12-06, "Ledningens genomgång")'."""
    label = f', "{run.label}"' if run.label else ""
    return t(
        "runs.line",
        lang,
        id=short_id(run.id),
        saved=saved_at(run.saved_at),
        as_of=run.as_of.isoformat(),
        label=label,
    )


def run_list(console: Console, page: RunPage, lang: Lang) -> None:
    if not page.items:
        console.print(t("runs.none", lang, org=page.organisation), markup=False)
        return
    table = WrapTable(title=t("runs.list.title", lang, org=page.organisation, n=page.total))
    for key in ("run", "saved", "by", "as_of", "label"):
        table.add_column(t(f"runs.col.{key}", lang))
    for key in ("coverage", "gaps"):
        table.add_column(t(f"runs.col.{key}", lang), justify="right")
    for run in page.items:
        table.add_row(
            short_id(run.id),
            saved_at(run.saved_at),
            run.saved_by,
            run.as_of.isoformat(),
            run.label or "",
            pct(run.coverage),
            str(run.gaps),
        )
    console.print(table)
    if page.offset + len(page.items) < page.total:
        rest = page.total - page.offset - len(page.items)
        console.print(t("runs.more", lang, n=rest), markup=False)


def run_detail(console: Console, detail: RunDetail, lang: Lang) -> None:
    run = detail.run
    console.print(t("runs.show.title", lang, run=run_line(run, lang)), markup=False)
    console.print(
        t("runs.show.who", lang, id=run.id, by=run.saved_by, version=run.gapcheck_version),
        markup=False,
    )
    table = WrapTable(title=t("runs.show.sources", lang))
    for key in ("source", "version", "coverage", "gaps"):
        table.add_column(t(f"runs.col.{key}", lang))
    for s in detail.sources:
        if s.role.value == "binding":
            table.add_row(s.short, s.version, pct(s.coverage), str(s.gaps))
    table.add_row(t("runs.total", lang), "", pct(run.coverage), str(run.gaps))
    console.print(table)
    gaps = [g for g in detail.requirements if g.category.value != "covered"]
    if gaps:
        gap_table = WrapTable(title=t("runs.show.gaps", lang, n=len(gaps)))
        for key in ("requirement", "category", "priority"):
            gap_table.add_column(t(f"runs.col.{key}", lang))
        for g in gaps[:SHOWN]:
            gap_table.add_row(
                f"{g.id} {g.title.get(lang) if g.title else ''}".strip(),
                t(f"category.{g.category.value}", lang),
                str(g.priority or ""),
            )
        console.print(gap_table)
        _more(console, len(gaps), lang)
    counts: dict[str, int] = {}
    for m in detail.measures:
        counts[m.status.value] = counts.get(m.status.value, 0) + 1
    statuses = ", ".join(f"{t(f'status.{k}', lang)} {n}" for k, n in sorted(counts.items()))
    console.print(t("runs.show.measures", lang, n=len(detail.measures), statuses=statuses))
    files = ", ".join(f"{f.path} ({f.sha256[:12]})" for f in detail.inputs)
    console.print(t("runs.show.files", lang, files=files, n=detail.catalog_files), markup=False)


def _more(console: Console, total: int, lang: Lang) -> None:
    if total > SHOWN:
        console.print(t("runs.more_json", lang, n=total - SHOWN), markup=False)


def _because(kinds: list[CauseKind], lang: Lang) -> str:
    return ", ".join(t(f"runs.cause.{k.value}", lang) for k in kinds)


def _source_table(cmp: Comparison, lang: Lang) -> WrapTable:
    kinds = [k for k in CauseKind if any(k in d.by_cause for d in [cmp.totals, *cmp.sources])]
    table = WrapTable(title=t("runs.compare.coverage", lang))
    table.add_column(t("runs.col.source", lang))
    for key in ("then", "now", "change"):
        table.add_column(t(f"runs.col.{key}", lang), justify="right")
    for kind in kinds:
        table.add_column(t(f"runs.cause.{kind.value}", lang), justify="right")

    def row(name: str, d: SourceDelta) -> None:
        change = (
            _delta(d.coverage_to - d.coverage_from)
            if d.coverage_to is not None and d.coverage_from is not None
            else ""
        )
        split = [_delta(d.by_cause[k]) if k in d.by_cause else "" for k in kinds]
        table.add_row(name, pct(d.coverage_from), pct(d.coverage_to), change, *split)

    for d in cmp.sources:
        row(d.short or d.source, d)
    row(t("runs.total", lang), cmp.totals)
    return table


def _gap_table(title: str, gaps: list[GapChange], lang: Lang) -> WrapTable:
    table = WrapTable(title=title)
    for key in ("requirement", "then", "now", "because"):
        table.add_column(t(f"runs.col.{key}", lang))
    for g in gaps[:SHOWN]:
        table.add_row(
            f"{g.id} {g.title.get(lang) if g.title else ''}".strip(),
            t(f"category.{g.category_from.value}", lang) if g.category_from else "–",
            t(f"category.{g.category_to.value}", lang) if g.category_to else "–",
            _because(g.because, lang),
        )
    return table


def _measure_text(m: MeasureChange, lang: Lang) -> str:
    def status(value: object) -> str:
        return t(f"status.{value}", lang) if value is not None else "–"

    parts = []
    if m.status_from != m.status_to:
        parts.append(
            f"{status(getattr(m.status_from, 'value', None))} → "
            f"{status(getattr(m.status_to, 'value', None))}"
        )
    if m.due_from != m.due_to:
        parts.append(t("runs.due_moved", lang, old=m.due_from or "–", new=m.due_to or "–"))
    if m.slipped:
        parts.append(t("runs.slipped", lang, due=m.due_to))
    return "; ".join(parts)


def comparison(console: Console, cmp: Comparison, lang: Lang) -> None:
    to = run_line(cmp.to_run, lang) if cmp.to_run else t("runs.current", lang, as_of=cmp.to_as_of)
    console.print(t("runs.compare.title", lang, a=run_line(cmp.from_run, lang), b=to), markup=False)
    if not cmp.causes:
        console.print(t("runs.compare.same", lang), markup=False)
    for cause in cmp.causes:
        details = ", ".join(cause.details[:8]) + (" …" if len(cause.details) > 8 else "")
        console.print(
            f"  {t(f'runs.cause_line.{cause.kind.value}', lang)}: {details}", markup=False
        )
    if not cmp.attributed:
        console.print(t("runs.compare.joint", lang), markup=False)
    console.print(_source_table(cmp, lang))
    for key, gaps in (("closed", cmp.gaps_closed), ("new", cmp.new_gaps)):
        if gaps:
            console.print(_gap_table(t(f"runs.compare.{key}", lang, n=len(gaps)), gaps, lang))
            _more(console, len(gaps), lang)
        else:
            console.print(t(f"runs.compare.no_{key}", lang), markup=False)
    if cmp.measures:
        table = WrapTable(title=t("runs.compare.measures", lang, n=len(cmp.measures)))
        for key in ("measure", "change"):
            table.add_column(t(f"runs.col.{key}", lang))
        for m in cmp.measures[:SHOWN]:
            table.add_row(f"{m.id} {m.title}", _measure_text(m, lang))
        console.print(table)
        _more(console, len(cmp.measures), lang)
    if cmp.priorities:
        table = WrapTable(title=t("runs.compare.priorities", lang, n=len(cmp.priorities)))
        for key in ("requirement", "then", "now", "because"):
            table.add_column(t(f"runs.col.{key}", lang))
        for p in cmp.priorities[:SHOWN]:
            title = p.title.get(lang) if p.title else ""
            table.add_row(
                f"{p.id} {title}".strip(),
                str(p.priority_from),
                str(p.priority_to),
                _because(p.because, lang),
            )
        console.print(table)
        _more(console, len(cmp.priorities), lang)


def prune(console: Console, outcome: PruneOutcome, lang: Lang) -> None:
    key = "runs.prune.would" if outcome.dry_run else "runs.prune.done"
    console.print(t(key, lang, n=len(outcome.deleted), kept=outcome.kept), markup=False)
    for run in outcome.deleted:
        console.print(f"  {run_line(run, lang)}", markup=False)
    if outcome.kept_labelled:
        console.print(t("runs.prune.labelled", lang, n=outcome.kept_labelled), markup=False)


def database(console: Console, status: DatabaseStatus, lang: Lang) -> None:
    if not status.exists:
        console.print(t("db.missing", lang, url=status.url), markup=False)
        return
    if status.upgraded_from != status.head and status.upgraded_from is not None:
        console.print(
            t("db.upgraded", lang, before=status.upgraded_from, after=status.head), markup=False
        )
    console.print(
        t(
            "db.status",
            lang,
            url=status.url,
            revision=status.revision or "–",
            head=status.head,
            runs=status.runs,
            orgs=status.organisations,
        ),
        markup=False,
    )
