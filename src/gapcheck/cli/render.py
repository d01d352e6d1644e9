"""Rich terminal output for the CLI: summary tables and explanation trees."""

from __future__ import annotations

import re
import shlex

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from gapcheck import i18n
from gapcheck.cli import render_facts
from gapcheck.i18n import t
from gapcheck.model import Catalog, Lang, OrgData
from gapcheck.model.result import (
    AnalysisResult,
    Explanation,
    GapCategory,
    MeasureRef,
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


def catalog_line(catalog: Catalog) -> str:
    reqs = sum(len(v.requirements) for v in catalog.versions)
    return (
        f"catalogs: {len(catalog.sources())} sources, {len(catalog.versions)} versions, "
        f"{reqs} requirements, {len(catalog.controls)} controls, {len(catalog.edges)} edges"
    )


def org_line(org: OrgData) -> str:
    o = org
    return (
        f"{o.path}: {o.organisation.name} — {len(o.measures)} measures, {len(o.risks)} risks, "
        f"{len(o.assessments)} assessments, {len(o.suppliers)} suppliers"
    )


def reason_text(row: RequirementResult, lang: Lang) -> str:
    return ", ".join(i18n.reason_text(r.code, r.detail, r.points, lang) for r in row.reasons)


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
    for s in result.sources:
        name = s.short if s.binding else f"{s.short} ({t('cli.guidance', lang)})"
        # A source with no applicable assessable requirement has no coverage to show.
        shown = s.binding and s.requirements > 0
        cells = [name, s.version, str(s.requirements), pct(s.coverage) if shown else "–"]
        cells += [pct(s.projected.get(str(y), 0.0)) if shown else "–" for y in result.plan_years]
        sources.add_row(*cells, str(s.gaps))
    console.print(sources)
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


def _top_gaps(console: Console, result: AnalysisResult, lang: Lang, top: int) -> None:
    rows = {r.id: r for r in result.requirements}
    gaps = Table(title=t("cli.top_gaps", lang, n=min(top, len(result.gaps))), title_justify="left")
    gaps.add_column(t("cli.priority", lang), justify="right")
    gaps.add_column(t("cli.requirement", lang), ratio=3)
    gaps.add_column(t("cli.category", lang), ratio=1)
    gaps.add_column(t("cli.coverage", lang), justify="right")
    gaps.add_column(t("cli.reasons", lang), ratio=2)
    for rid in result.gaps[:top]:
        row = rows[rid]
        due = f"\n{t('cli.next_due', lang, date=row.next_due)}" if row.next_due else ""
        gaps.add_row(
            str(row.priority),
            f"{escape(row.ref)} {escape(_title(row, lang))}\n[dim]{escape(row.id)}[/]",
            f"[{CATEGORY_STYLE[row.category.value]}]{t(f'category.{row.category.value}', lang)}[/]",
            pct(row.coverage),
            escape(reason_text(row, lang) + due),
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


def _measure(m: MeasureRef, lang: Lang) -> str:
    # Everything from input data is escaped: a title like "Plan [utkast]" is text, not markup.
    parts = [f"{t('explain.measure', lang)} {m.id} {m.title}", t(f"status.{m.status.value}", lang)]
    if m.extent.value == "partial":
        parts.append(m.extent.value)
    if m.due:
        parts.append(f"{t('explain.due', lang)} {m.due}")
    if m.owner:
        parts.append(f"{t('explain.owner', lang)}: {m.owner}")
    if m.evidence:
        parts.append(f"{t('explain.evidence', lang)}: {', '.join(m.evidence)}")
    return escape(" · ".join(parts) + f" → {m.factor:g}")


def _node(
    tree: Tree, ex: Explanation, rows: dict[str, RequirementResult], lang: Lang, depth: int
) -> None:
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
        branch = tree.add(
            escape(
                f"{t('explain.control', lang)} {c.control} {c.title.get(lang)} "
                f"[{c.relationship.value}, w={c.weight:g}] → {pct(c.level)}"
            )
        )
        for m in c.measures:
            branch.add(_measure(m, lang))
        if not c.measures:
            branch.add(f"[red]{t('explain.no_measure', lang)}[/]")
    if ex.direct_measures:
        branch = tree.add(t("explain.direct", lang))
        for m in ex.direct_measures:
            branch.add(_measure(m, lang))
    for inh in ex.inherited:
        via = t(f"via.{inh.via.value}" if inh.via else "via.child", lang)
        child = rows.get(inh.requirement)
        label = escape(f"{via} {inh.requirement}")
        if child is not None:
            label += escape(f" {child.ref} {_title(child, lang)}")
        branch = tree.add(
            f"{label} → {pct(inh.coverage)} "
            f"[{CATEGORY_STYLE[inh.category.value]}]{t(f'category.{inh.category.value}', lang)}[/]"
        )
        if child is not None and depth > 1:
            _node(branch, child.explanation, rows, lang, depth - 1)


def explanation(
    console: Console, result: AnalysisResult, row: RequirementResult, lang: Lang, depth: int
) -> None:
    """The requirement's path to controls and measures as a tree."""
    rows = {r.id: r for r in result.requirements}
    cov = t(
        "explain.coverage",
        lang,
        cov=pct(row.coverage),
        basis=t(f"basis.{row.explanation.basis.value}", lang),
    )
    cat = t(f"category.{row.category.value}", lang)
    tree = Tree(
        f"[bold]{escape(row.ref)} {escape(_title(row, lang))}[/] ({escape(row.id)}) — {cov} — "
        f"[{CATEGORY_STYLE[row.category.value]}]{cat}[/]"
    )
    _node(tree, row.explanation, rows, lang, depth)
    console.print(tree)
    if row.projected:
        proj = ", ".join(f"{y}: {pct(v)}" for y, v in sorted(row.projected.items()))
        console.print(f"{t('explain.projected', lang)}: {proj}")
    if row.reasons:
        console.print(
            f"{t('cli.priority', lang)} {row.priority}: {reason_text(row, lang)}", markup=False
        )
    if row.risks:
        console.print(f"{t('explain.risks', lang)}: {', '.join(row.risks)}", markup=False)
