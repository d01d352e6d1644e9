"""Rich terminal output for the CLI: summary tables and explanation trees."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from typing import NamedTuple

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from gapcheck import i18n
from gapcheck.cli import render_facts
from gapcheck.engine.categorize import OPEN_STATUSES
from gapcheck.engine.order import natural_sorted
from gapcheck.i18n import t
from gapcheck.model import Catalog, Lang, OrgData
from gapcheck.model.result import (
    AnalysisResult,
    ControlPath,
    Explanation,
    GapCategory,
    MeasureRef,
    PriorityReason,
    RequirementResult,
)

__all__ = [
    "CATEGORY_STYLE",
    "REVIEW_ITEMS",
    "REVIEW_SHOWN",
    "catalog_line",
    "explanation",
    "org_line",
    "pct",
    "reason_text",
    "review_label",
    "review_summary",
    "summary",
]

CATEGORY_STYLE = {
    "non_compliant": "bold red",
    "overdue": "red",
    "no_measure": "red",
    "unmapped": "magenta",
    "planned_only": "yellow",
    "partial": "yellow",
    "covered": "green",
    "not_applicable": "dim",
}


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


def _next_due(row: RequirementResult, as_of: dt.date, lang: Lang) -> str:
    if row.next_due is None:
        return ""
    key = "cli.next_overdue" if row.next_due < as_of else "cli.next_due"
    return t(key, lang, date=row.next_due)


def _title(row: RequirementResult, lang: Lang) -> str:
    return row.title.get(lang) if row.title else ""


def summary(
    console: Console, result: AnalysisResult, lang: Lang, top: int, org_dir: str | None = None
) -> None:
    """Coverage per source now and per plan year, gap counts, the top gaps, and the mappings
    to review (`org_dir` goes into the review-mappings hint)."""
    title = t("cli.title", lang, org=result.organisation_name, as_of=result.as_of)
    console.print(f"[bold]{escape(title)}[/]")
    sources = Table(title=t("cli.sources", lang), title_justify="left")
    sources.add_column(t("cli.source", lang))
    sources.add_column(t("cli.version", lang), no_wrap=True)
    for header in ("cli.requirements", "cli.now"):
        sources.add_column(t(header, lang), justify="right")
    for year in result.plan_years:
        sources.add_column(t("cli.end_of", lang, year=year), justify="right")
    sources.add_column(t("cli.gaps", lang), justify="right")
    in_force = _in_force_by_source(result)
    for s in result.sources:
        name = escape(s.short if s.binding else f"{s.short} ({t('cli.guidance', lang)})")
        if s.source in in_force and in_force[s.source] is not True:
            # None of its requirements is in force at as_of: say so, with the date if known.
            date = in_force[s.source]
            label = t("cli.in_force_from", lang, date=date) if date else t("cli.not_in_force", lang)
            name += f"\n[yellow]{label}[/]"
        version = escape(s.version)
        if s.version_status in ("draft", "proposal"):  # the numbers rest on an unfinished text
            version += f"\n[yellow]({t(f'report.version_status.{s.version_status}', lang)})[/]"
        # A source with no applicable assessable requirement has no coverage to show.
        shown = s.binding and s.requirements > 0
        cells = [name, version, str(s.requirements), pct(s.coverage) if shown else "–"]
        cells += [pct(s.projected.get(str(y), 0.0)) if shown else "–" for y in result.plan_years]
        sources.add_row(*cells, str(s.gaps))
    console.print(sources)
    if any(not (s.binding and s.requirements > 0) for s in result.sources):
        console.print(Text(t("cli.no_requirements", lang), style="dim"))
    counts = Table(title=t("cli.gap_counts", lang), title_justify="left")
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


def _in_force_by_source(result: AnalysisResult) -> dict[str, bool | str | None]:
    """Per source with applicable assessable requirements: True if any is in force at as_of,
    else the earliest in-force date its priority reasons name (None if none does)."""
    out: dict[str, bool | str | None] = {}
    for r in result.requirements:
        if not (r.applicable and r.assessable):
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
    gaps = Table(title=title, title_justify="left")
    gaps.add_column(t("cli.priority", lang), justify="right")
    gaps.add_column(t("cli.requirement", lang), ratio=3)
    gaps.add_column(t("cli.category", lang), ratio=1)
    gaps.add_column(t("cli.coverage", lang), justify="right")
    gaps.add_column(t("cli.reasons", lang), ratio=2)
    for rid in result.gaps[:top]:
        row = rows[rid]
        due = _next_due(row, result.as_of, lang)
        gaps.add_row(
            str(row.priority),
            f"{escape(row.ref)} {escape(_title(row, lang))}\n[dim]{escape(row.id)}[/]",
            f"[{CATEGORY_STYLE[row.category.value]}]{t(f'category.{row.category.value}', lang)}[/]",
            pct(row.coverage),
            escape(reason_text(row, lang, result.as_of) + (f"\n{due}" if due else "")),
        )
    console.print(gaps)


REVIEW_SHOWN = 5
"""How many requirements the summary's review section names; the rest are counted."""
REVIEW_ITEMS = 3
"""How many items to review the summary shows per requirement; the rest are counted."""

# `ReviewItem.label()`: "<kind>:<target> (<reviewed version>: <reason>)" (docs/versions.md).
_LABEL = re.compile(
    r"(?P<kind>[a-z_]+):(?P<target>.+) \((?P<version>[^():]+): (?P<reason>[a-z_]+)\)"
)


def review_label(label: str, lang: Lang) -> str:
    """One `needs_review` label in words: 'maps to iso27001:A.5.24 (sou-2024-18: renumbered)'."""
    m = _LABEL.fullmatch(label)
    kind_key = f"report.changes.item.{m['kind']}" if m else ""
    reason_key = f"diff.reason.{m['reason']}" if m else ""
    if m is None or kind_key not in i18n.MESSAGES or reason_key not in i18n.MESSAGES:
        return label
    what = t(kind_key, lang, target=m["target"])
    return f"{what} ({m['version']}: {t(reason_key, lang)})"


def review_summary(
    console: Console, result: AnalysisResult, lang: Lang, org_dir: str | None = None
) -> None:
    """'Mappningar att granska': how many requirements have mappings, direct links or
    assessments to review, the first few with what to review, and the command for the rest."""
    rows = [r for r in result.requirements if r.needs_review]
    if not rows:
        return
    items = sum(len(r.needs_review) for r in rows)
    console.print()
    console.print(Text(t("cli.review.title", lang, n=len(rows), items=items), style="bold yellow"))
    for row in rows[:REVIEW_SHOWN]:
        line = Text(f"  {row.id}", style="bold")
        shown = [review_label(x, lang) for x in row.needs_review[:REVIEW_ITEMS]]
        rest = len(row.needs_review) - len(shown)
        line.append(f"  {'; '.join(shown)}" + (f" (+{rest})" if rest > 0 else ""))
        console.print(line)
    if len(rows) > REVIEW_SHOWN:
        console.print(Text(f"  {t('cli.review.more', lang, n=len(rows) - REVIEW_SHOWN)}"))
    versions = {s.source: s.version for s in result.sources}
    for source in sorted({r.source for r in rows}):
        command = f"gapcheck review-mappings {source} --version {versions.get(source, '')}"
        if org_dir is not None:
            command += f" --org {shlex.quote(org_dir)}"
        console.print(Text(t("cli.review.hint", lang, command=command.strip()), style="dim"))


class _Ctx(NamedTuple):
    rows: dict[str, RequirementResult]
    lang: Lang
    as_of: dt.date
    guidance: frozenset[str]
    """Sources that are guidance (not binding): their requirements are 'not applicable' as
    the organisation's own duties, yet pass coverage on to the provisions they specify."""
    cut: list[bool]
    """Set when --depth stopped the tree before a path ended (one hint below the tree)."""


def _measure(m: MeasureRef, ctx: _Ctx) -> str:
    # Everything from input data is escaped: a title like "Plan [utkast]" is text, not markup.
    lang = ctx.lang
    parts = [
        escape(f"{t('explain.measure', lang)} {m.id} {m.title}"),
        t(f"status.{m.status.value}", lang),
    ]
    if m.extent.value == "partial":
        parts.append(t("extent.partial", lang))
    if m.due:
        due = escape(f"{t('explain.due', lang)} {m.due}")
        if m.due < ctx.as_of and m.status in OPEN_STATUSES:
            due += f" [bold red]({t('explain.overdue', lang)})[/]"
        parts.append(due)
    if m.owner:
        parts.append(escape(f"{t('explain.owner', lang)}: {m.owner}"))
    if m.evidence:
        parts.append(escape(f"{t('explain.evidence', lang)}: {', '.join(m.evidence)}"))
    return " · ".join(parts) + f" → {m.factor:g}"


def _category(row: RequirementResult | None, category: str, ctx: _Ctx) -> str:
    """The category in colour; a guidance provision says 'vägledning', not 'Ej tillämplig'."""
    if row is not None and category == "not_applicable" and row.source in ctx.guidance:
        return f"[dim]{t('cli.guidance', ctx.lang)}[/]"
    return f"[{CATEGORY_STYLE[category]}]{t(f'category.{category}', ctx.lang)}[/]"


def _has_more(ex: Explanation) -> bool:
    return bool(ex.controls or ex.direct_measures or ex.inherited or ex.assessment)


def _node(tree: Tree, ex: Explanation, ctx: _Ctx, depth: int) -> None:
    lang = ctx.lang
    if ex.assessment is not None:
        a = ex.assessment
        tree.add(
            escape(
                t(
                    "explain.manual",
                    lang,
                    result=t(f"assessment.{a.result.value}", lang),
                    assessor=a.assessor,
                    date=a.date,
                    why=a.justification,
                    computed=pct(ex.computed_coverage or 0.0),
                )
            )
        )
    if ex.capped:
        tree.add(escape(t("explain.capped", lang, why=ex.cap_rationale or "")))
    for c in ex.controls:
        relation = t(f"relationship.{c.relationship.value}", lang)
        weight = t("explain.weight", lang, w=f"{c.weight:g}")
        branch = tree.add(
            escape(
                f"{t('explain.control', lang)} {c.control} {c.title.get(lang)} "
                f"[{relation}, {weight}] → {pct(c.level)}"
            )
        )
        for m in c.measures:
            branch.add(_measure(m, ctx))
        if not c.measures:
            branch.add(f"[red]{t('explain.no_measure', lang)}[/]")
    if ex.direct_measures:
        branch = tree.add(t("explain.direct", lang))
        for m in ex.direct_measures:
            branch.add(_measure(m, ctx))
    for inh in ex.inherited:
        via = t(f"via.{inh.via.value}" if inh.via else "via.child", lang)
        child = ctx.rows.get(inh.requirement)
        words = [via, inh.requirement]
        if child is not None:
            words += [child.ref, _title(child, lang)]
        label = escape(" ".join(w for w in words if w))
        branch = tree.add(
            f"{label} → {pct(inh.coverage)} {_category(child, inh.category.value, ctx)}"
        )
        if child is None:
            continue
        if child.source in ctx.guidance and not child.explanation.controls:
            # A guidance section (IR 2024/2690) has dozens of points: show the controls they
            # reach, once each, rather than a tree of hundreds of lines.
            _guidance_controls(branch, child, ctx)
        elif depth > 1:
            _node(branch, child.explanation, ctx, depth - 1)
        elif _has_more(child.explanation):
            # Say that the path goes on: without it the tree seems to end without a measure.
            branch.add("[dim]…[/]")
            ctx.cut.append(True)


def _guidance_controls(tree: Tree, row: RequirementResult, ctx: _Ctx) -> None:
    """The distinct controls below a guidance section, each with its measures."""
    found: dict[str, ControlPath] = {}
    points = 0
    stack = [row]
    while stack:
        current = stack.pop()
        if current.explanation.controls:
            points += 1
        for c in current.explanation.controls:
            found.setdefault(c.control, c)
        stack += [
            ctx.rows[i.requirement]
            for i in current.explanation.inherited
            if i.requirement in ctx.rows
        ]
    if not found:
        return
    lang = ctx.lang
    tree.add(f"[dim]{escape(t('explain.guidance_controls', lang, n=points, id=row.id))}[/]")
    for cid in natural_sorted(found):
        c = found[cid]
        branch = tree.add(
            escape(f"{t('explain.control', lang)} {c.control} {c.title.get(lang)} → {pct(c.level)}")
        )
        for m in c.measures:
            branch.add(_measure(m, ctx))
        if not c.measures:
            branch.add(f"[red]{t('explain.no_measure', lang)}[/]")


def explanation(
    console: Console, result: AnalysisResult, row: RequirementResult, lang: Lang, depth: int
) -> None:
    """The requirement's path to controls and measures as a tree."""
    ctx = _Ctx(
        rows={r.id: r for r in result.requirements},
        lang=lang,
        as_of=result.as_of,
        guidance=frozenset(s.source for s in result.sources if not s.binding),
        cut=[],
    )
    cov = t(
        "explain.coverage",
        lang,
        cov=pct(row.coverage),
        basis=t(f"basis.{row.explanation.basis.value}", lang),
    )
    # What does not apply to the organisation has no coverage to speak of (guidance does).
    counts = row.category.value != "not_applicable" or row.source in ctx.guidance
    tree = Tree(
        f"[bold]{escape(row.ref)} {escape(_title(row, lang))}[/] ({escape(row.id)}) — "
        + (f"{escape(cov)} — " if counts else "")
        + _category(row, row.category.value, ctx)
    )
    _node(tree, row.explanation, ctx, depth)
    console.print(tree)
    if ctx.cut:
        console.print(Text(t("explain.more", lang, n=depth + 1), style="dim"))
    if not row.assessable:
        console.print(Text(t("explain.not_assessable", lang), style="dim"))
    # A projection says something only where there is a path and the provision counts.
    has_path = row.explanation.basis.value != "unmapped"
    if row.projected and has_path and counts:
        proj = ", ".join(f"{y}: {pct(v)}" for y, v in sorted(row.projected.items()))
        console.print(f"{t('explain.projected', lang)}: {proj}")
    if row.reasons:
        console.print(
            f"{t('cli.priority', lang)} {row.priority}: {reason_text(row, lang, result.as_of)}",
            markup=False,
        )
    if row.risks:
        console.print(f"{t('explain.risks', lang)}: {', '.join(row.risks)}", markup=False)
