"""Rich terminal output for the CLI: summary tables (explain trees: render_explain.py; the
summary's review section: render_review.py, whose names are re-exported here)."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from gapcheck import i18n
from gapcheck.cli import render_facts
from gapcheck.cli._table import WrapTable
from gapcheck.cli.render_review import REVIEW_ITEMS, REVIEW_SHOWN, review_label, review_summary
from gapcheck.engine.order import natural_key
from gapcheck.i18n import t
from gapcheck.model import Catalog, Lang, OrgData
from gapcheck.model.categories import CATEGORIES, Signal
from gapcheck.model.result import (
    AnalysisResult,
    GapCategory,
    PriorityReason,
    RequirementResult,
    SourceRole,
)

__all__ = [
    "CATEGORY_STYLE",
    "REVIEW_ITEMS",
    "REVIEW_SHOWN",
    "catalog_line",
    "next_due_text",
    "next_step_text",
    "org_line",
    "pct",
    "reason_text",
    "review_label",
    "review_summary",
    "summary",
    "title_of",
]

_SIGNAL_STYLE = {
    Signal.DARK_RED: "bold red",
    Signal.RED: "red",
    Signal.AMBER: "yellow",
    Signal.GREEN: "green",
    Signal.VIOLET: "magenta",
    Signal.GREY: "dim",
}
CATEGORY_STYLE = {c.value: _SIGNAL_STYLE[info.signal] for c, info in CATEGORIES.items()}
"""Category value → Rich style, from the one category table."""


def pct(value: float) -> str:
    """0.4567 → '46 %'."""
    return f"{round(value * 100):d} %"


def catalog_line(catalog: Catalog, lang: Lang = "en") -> str:
    return t(
        "cli.catalog_line",
        lang,
        sources=len(catalog.sources()),
        versions=len(catalog.versions),
        reqs=sum(len(v.requirements) for v in catalog.versions),
        controls=len(catalog.controls),
        edges=len(catalog.edges),
    )


def _count(kind: str, n: int, lang: Lang) -> str:
    """'1 measure', '3 measures' ('1 åtgärd', '3 åtgärder')."""
    return t(f"count.{kind}.{'one' if n == 1 else 'other'}", lang, n=n)


def org_line(org: OrgData, lang: Lang = "en") -> str:
    o = org
    counts = [
        _count("measure", len(o.measures), lang),
        _count("risk", len(o.risks), lang),
        _count("assessment", len(o.assessments), lang),
        _count("supplier", len(o.suppliers), lang),
    ]
    return f"{o.path}: {o.organisation.name} — {', '.join(counts)}"


def _reason(r: PriorityReason, lang: Lang, as_of: dt.date | None) -> str:
    if r.code == "priority.in_force" and as_of is not None and r.detail > as_of.isoformat():
        # The ISO date compares as text: a provision not yet in force is "träder i kraft".
        return f"{t('priority.in_force_future', lang, detail=r.detail)} +{r.points}"
    return i18n.reason_text(r.code, r.detail, r.points, lang)


def reason_text(row: RequirementResult, lang: Lang, as_of: dt.date | None = None) -> str:
    """The priority's reasons as one phrase; a component with nothing behind it ('risk -',
    no points) is left out, so the listed points still add up to the priority."""
    shown = [r for r in row.reasons if not (r.points == 0 and r.detail in ("-", ""))]
    return ", ".join(_reason(r, lang, as_of) for r in shown)


def next_due_text(row: RequirementResult, as_of: dt.date, lang: Lang) -> str:
    if row.next_due is None:
        return ""
    key = "cli.next_overdue" if row.next_due < as_of else "cli.next_due"
    return t(key, lang, date=row.next_due)


def title_of(row: RequirementResult, lang: Lang) -> str:
    return row.title.get(lang) if row.title else ""


def summary(
    console: Console, result: AnalysisResult, lang: Lang, top: int, org_dir: str | None = None
) -> None:
    """Coverage per source now and per plan year — binding sources with their total first,
    then the lenses and the watch list —, what overdue measures cost, duties waiting for an
    event, gap counts, the top gaps with their next step, and the mappings to review
    (`org_dir` goes into the review-mappings hint)."""
    title = t("cli.title", lang, org=result.organisation_name, as_of=result.as_of)
    console.print(f"[bold]{escape(title)}[/]")
    _sources(console, result, lang)
    _overdue_cost(console, result, lang)
    _pending(console, result, lang)
    counts = WrapTable(title=t("cli.gap_counts", lang))
    counts.add_column(t("cli.category", lang))
    counts.add_column(t("cli.count", lang), justify="right")
    for cat in GapCategory:
        label = t(f"category.{cat.value}", lang)
        counts.add_row(
            f"[{CATEGORY_STYLE[cat.value]}]{label}[/]", str(result.gap_counts.get(cat.value, 0))
        )
    console.print(counts)
    render_facts.facts_summary(console, result, lang)  # supervision, reporting, transfers
    if top > 0 and result.gaps:
        _top_gaps(console, result, lang, top)
    review_summary(console, result, lang, org_dir=org_dir)


def _sources(console: Console, result: AnalysisResult, lang: Lang) -> None:
    table = WrapTable(title=t("cli.sources", lang))
    table.add_column(t("cli.source", lang), ratio=3)  # "MCFFS 2026:11" on one line
    table.add_column(t("cli.version", lang), no_wrap=True)
    for header in ("cli.requirements", "cli.now"):
        table.add_column(t(header, lang), justify="right", no_wrap=True)
    for year in result.plan_years:
        # The header may wrap ("Slut" above "2026"), a figure never does.
        table.add_column(t("cli.end_of", lang, year=year), justify="right", min_width=4)
    table.add_column(t("cli.gaps", lang), justify="right", no_wrap=True)
    in_force = _in_force_by_source(result)
    empty = False
    for role in SourceRole:
        rows = [s for s in result.sources if s.role is role]
        if not rows:
            continue
        table.add_row(f"[bold]{escape(t(f'cli.role.{role.value}', lang))}[/]")
        for s in rows:
            name = escape(s.short)
            if s.source in in_force and in_force[s.source] is not True:
                date = in_force[s.source]
                label = (
                    t("cli.in_force_from", lang, date=date) if date else t("cli.not_in_force", lang)
                )
                name += f"\n[yellow]{label}[/]"
            version = escape(s.version)
            if s.version_status in ("draft", "proposal"):  # the numbers rest on an unfinished text
                version += f"\n[yellow]({t(f'report.version_status.{s.version_status}', lang)})[/]"
            shown = s.requirements > 0
            empty = empty or not shown
            cells = [name, version, str(s.requirements), pct(s.coverage) if shown else "–"]
            cells += [
                pct(s.projected.get(str(y), 0.0)) if shown else "–" for y in result.plan_years
            ]
            gaps = str(s.gaps) if role is SourceRole.BINDING else "–"
            table.add_row(*cells, gaps)
        if role is SourceRole.BINDING:
            tot = result.totals
            cells = [
                f"[bold]{t('cli.total', lang)}[/]",
                "",
                str(tot.requirements),
                pct(tot.coverage),
            ]
            cells += [pct(tot.projected.get(str(y), 0.0)) for y in result.plan_years]
            table.add_row(*cells, str(tot.gaps), end_section=True)
    console.print(table)
    console.print(Text(t("cli.roles_note", lang), style="dim"))
    if empty:
        console.print(Text(t("cli.no_requirements", lang), style="dim"))


def _overdue_cost(console: Console, result: AnalysisResult, lang: Lang) -> None:
    """What the projections lack because overdue measures count in none until re-planned."""
    cost = result.totals.overdue_cost
    if not result.plan_years or not any(v > 0 for v in cost.values()):
        return
    year = str(result.plan_years[0])
    points = round(cost.get(year, 0.0) * 100)
    late = sorted(
        {c.measure for r in result.requirements if r.counted for c in r.closing if c.overdue},
        key=natural_key,
    )
    console.print(
        Text(t("cli.overdue_cost", lang, year=year, points=points, measures=", ".join(late)))
    )


def _pending(console: Console, result: AnalysisResult, lang: Lang) -> None:
    """Duties that apply only once an event happens (CER: identification)."""
    for source in result.sources:
        if source.pending:
            events = sorted(
                {
                    r.pending.value
                    for r in result.requirements
                    if r.pending and r.source == source.source
                }
            )
            for event in events:
                console.print(
                    Text(
                        t(
                            "cli.pending",
                            lang,
                            source=source.short,
                            n=source.pending,
                            event=t(f"event.{event}", lang),
                        ),
                        style="yellow",
                    )
                )


def next_step_text(row: RequirementResult, lang: Lang) -> str:
    """The gap's next step in words: 'Följ upp M-2026-03 (försenad, klar senast 2026-06-30,
    +89 %-enheter)'."""
    step = row.next_step
    if step is None:
        return ""
    gain = next((c.gain for c in row.closing if c.measure == step.measure), 0.0)
    return t(
        f"next_step.{step.kind.value}",
        lang,
        measure=step.measure or "",
        due=step.due.isoformat() if step.due else "–",
        points=round(gain * 100),
    )


def _in_force_by_source(result: AnalysisResult) -> dict[str, bool | str | None]:
    """Per source with counted requirements: True if any is in force at as_of,
    else the earliest in-force date its priority reasons name (None if none does)."""
    out: dict[str, bool | str | None] = {}
    for r in result.requirements:
        if not r.counted:
            continue
        if r.in_force:
            out[r.source] = True
            continue
        dates = [x.detail for x in r.reasons if x.code == "priority.in_force" and x.detail != "-"]
        known = out.get(r.source)
        if known is True:
            continue
        candidates = [d for d in [*dates, known] if isinstance(d, str)]
        out[r.source] = min(candidates, default=None)
    return out


def _top_gaps(console: Console, result: AnalysisResult, lang: Lang, top: int) -> None:
    rows = {r.id: r for r in result.requirements}
    n = min(top, len(result.gaps))
    title = t("cli.top_gaps", lang, n=n) if n != 1 else t("cli.top_gap", lang)
    gaps = WrapTable(title=title, show_lines=True)
    gaps.add_column(t("cli.priority", lang), justify="right", no_wrap=True)
    # On a narrow terminal the reasons, the longest text, get the most room.
    gaps.add_column(t("cli.requirement", lang), ratio=3)
    gaps.add_column(t("cli.category", lang), ratio=2)
    gaps.add_column(t("cli.coverage", lang), justify="right", no_wrap=True)
    gaps.add_column(t("cli.reasons", lang), ratio=4)
    for rid in result.gaps[:top]:
        row = rows[rid]
        step = next_step_text(row, lang)
        gaps.add_row(
            str(row.priority),
            f"{escape(row.ref_in(lang))} {escape(title_of(row, lang))}\n[dim]{escape(row.id)}[/]",
            f"[{CATEGORY_STYLE[row.category.value]}]{t(f'category.{row.category.value}', lang)}[/]",
            pct(row.coverage),
            escape(reason_text(row, lang, result.as_of))
            + (f"\n[bold]→ {escape(step)}[/]" if step else ""),
        )
    console.print(gaps)
