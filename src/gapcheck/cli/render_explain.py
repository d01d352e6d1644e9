"""Rich terminal output of `gapcheck explain`: the path behind one number, as a tree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from rich.console import Console
from rich.markup import escape
from rich.text import Text
from rich.tree import Tree

from gapcheck.cli.render import CATEGORY_STYLE, next_step_text, pct, reason_text, title_of
from gapcheck.engine.coverage import OPEN_STATUSES
from gapcheck.engine.order import natural_sorted
from gapcheck.i18n import t
from gapcheck.model import Lang, SourceKind
from gapcheck.model.result import (
    AnalysisResult,
    ControlPath,
    Explanation,
    MeasureEntry,
    MeasureRef,
    RequirementResult,
    SourceRole,
)

__all__ = ["explanation"]

# The `mapping.source` of gapcheck's own edges: only edges made by others are labelled.
_OWN_MAPPINGS = "gapcheck"


class _Ctx(NamedTuple):
    rows: dict[str, RequirementResult]
    measures: dict[str, MeasureEntry]
    """The result's table of measures: a path names each by id (schema 3.0)."""
    lang: Lang
    as_of: dt.date
    guidance: frozenset[str]
    """Sources that are guidance (not binding): their requirements are 'not applicable' as
    the organisation's own duties, yet pass coverage on to the provisions they specify."""
    cut: list[bool]
    """Set when --depth stopped the tree before a path ended (one hint below the tree)."""


def _measure(ref: MeasureRef, ctx: _Ctx) -> str:
    # Everything from input data is escaped: a title like "Plan [utkast]" is text, not markup.
    lang = ctx.lang
    m = ctx.measures[ref.id]
    parts = [
        escape(f"{t('explain.measure', lang)} {m.id} {m.title}"),
        t(f"status.{m.status.value}", lang),
    ]
    if ref.extent.value == "partial":
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
    return " · ".join(parts) + f" → {ref.factor:g}"


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
    if ex.capped and ex.cap_rationale is not None:
        tree.add(escape(t("explain.capped", lang, why=ex.cap_rationale.get(lang))))
    if ex.joint_set is not None:
        js = ex.joint_set
        tree.add(
            escape(
                t(
                    "explain.joint_set",
                    lang,
                    controls=", ".join(js.controls),
                    reviewer=js.reviewer,
                    date=js.reviewed.isoformat(),
                    why=js.rationale.get(lang),
                )
            )
        )
    for c in ex.controls:
        labels = [
            t(f"relationship.{c.relationship.value}", lang),
            t("explain.weight", lang, w=f"{c.weight:g}"),
            *_mapped_by([c.mapped_by], lang),
        ]
        branch = tree.add(
            escape(
                f"{t('explain.control', lang)} {c.control} {c.title.get(lang)} "
                f"[{', '.join(labels)}] → {pct(c.level)}"
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
            words += [child.ref_in(lang), title_of(child, lang)]
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


def _mapped_by(authors: Iterable[str | None], lang: Lang) -> list[str]:
    """'mappad av ENISA' for edges someone else made; gapcheck's own go unlabelled."""
    others = sorted({a for a in authors if a and a != _OWN_MAPPINGS})
    return [t("explain.mapped_by", lang, who=", ".join(others))] if others else []


def _guidance_controls(tree: Tree, row: RequirementResult, ctx: _Ctx) -> None:
    """The distinct controls below a guidance section, each with its measures."""
    found: dict[str, ControlPath] = {}
    authors: dict[str, set[str | None]] = {}
    points = 0
    stack = [row]
    while stack:
        current = stack.pop()
        if current.explanation.controls:
            points += 1
        for c in current.explanation.controls:
            found.setdefault(c.control, c)
            authors.setdefault(c.control, set()).add(c.mapped_by)
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
        by = "".join(f" [{label}]" for label in _mapped_by(authors[cid], lang))
        branch = tree.add(
            escape(
                f"{t('explain.control', lang)} {c.control} {c.title.get(lang)}{by} → {pct(c.level)}"
            )
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
        measures=result.measures,
        lang=lang,
        as_of=result.as_of,
        guidance=frozenset(
            s.source
            for s in result.sources
            if s.role is SourceRole.LENS and s.kind is not SourceKind.EU_DIRECTIVE
        ),
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
        f"[bold]{escape(row.ref_in(lang))} {escape(title_of(row, lang))}[/] ({escape(row.id)}) — "
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
    _v2_lines(console, row, lang)
    if row.reasons:
        console.print(
            f"{t('cli.priority', lang)} {row.priority}: {reason_text(row, lang, result.as_of)}",
            markup=False,
        )
    if row.risks:
        console.print(f"{t('explain.risks', lang)}: {', '.join(row.risks)}", markup=False)


def _v2_lines(console: Console, row: RequirementResult, lang: Lang) -> None:
    """What decided the number, what is missing for "met", and the measures that close the gap."""
    ex = row.explanation
    if row.role is not SourceRole.BINDING:
        console.print(Text(t(f"explain.role.{row.role.value}", lang), style="dim"))
    if row.category.value == "not_applicable":
        return
    rule = t(f"rule.{ex.rule.value}", lang)
    if ex.rule.value == "partial" and ex.partial_mean is not None:
        rule += " " + t("explain.partial_mean", lang, mean=pct(ex.partial_mean))
    if ex.facts:
        rule = t("explain.facts", lang, suppliers=", ".join(ex.facts))
    console.print(f"{t('explain.rule', lang)}: {rule}", markup=False)
    if ex.to_meet:
        ways = [
            t(f"meet.{m.kind.value}", lang) + (f" ({', '.join(m.ids)})" if m.ids else "")
            for m in ex.to_meet
        ]
        console.print(f"{t('explain.to_meet', lang)}: {'; '.join(ways)}", markup=False)
    if row.closing:
        items = [
            f"{c.measure} +{round(c.gain * 100)}"
            + (f" ({t('explain.overdue', lang)})" if c.overdue else "")
            + ("" if c.material else f" ({t('explain.immaterial', lang)})")
            for c in row.closing
        ]
        console.print(f"{t('explain.closing', lang)}: {', '.join(items)}", markup=False)
    step = next_step_text(row, lang)
    if step:
        console.print(f"{t('explain.next_step', lang)}: {step}", markup=False)
