"""The city-wide portfolio in the terminal: coverage per organisation and binding source,
groups, gap counts, the shared gaps, overdue measures and the organisations with problems."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from gapcheck.cli._table import WrapTable
from gapcheck.i18n import t
from gapcheck.lang import Lang
from gapcheck.model.portfolio import (
    OrgInput,
    OrgRow,
    PortfolioResult,
    SharedGap,
    SourceChange,
)
from gapcheck.model.result import GapCategory

__all__ = ["portfolio_summary"]

_SHOWN_PROBLEMS = 5


def _pct(value: float | None) -> str:
    # A no-break space: a narrow column never splits "23 %".
    return "–" if value is None else f"{round(value * 100)}\u00a0%"


def _style(value: float | None) -> str:
    if value is None:
        return "dim"
    return "green" if value >= 0.75 else "yellow" if value >= 0.4 else "red"


def _cell(value: float | None) -> str:
    return f"[{_style(value)}]{_pct(value)}[/]"


def portfolio_summary(console: Console, p: PortfolioResult, lang: Lang, top: int) -> None:
    """Everything the coordinating office reads first, in `lang`."""
    t_ = p.totals
    console.print(
        "[bold]"
        + escape(
            t(
                "portfolio.title",
                lang,
                n=t_.analysed,
                folders=t_.folders,
                problems=t_.with_problems,
                as_of=p.as_of,
            )
        )
        + "[/]"
    )
    if p.organisations:
        _coverage(console, p, lang)
        _groups(console, p, lang)
        _counts(console, p, lang)
        if top > 0 and p.shared_gaps:
            _shared(console, p, lang, top)
        _overdue(console, p, lang)
        _comparison(console, p, lang)
    _problems(console, p, lang)


def _coverage(console: Console, p: PortfolioResult, lang: Lang) -> None:
    table = WrapTable(title=t("portfolio.coverage", lang))
    table.add_column(t("portfolio.organisation", lang), ratio=3)
    # A source that counts no requirement anywhere would be a column of dashes.
    sources = [s for s in p.sources if any(_counts_in(r, s.source) for r in p.organisations)]
    for s in sources:
        table.add_column(s.short, justify="right")
    table.add_column(t("cli.now", lang), justify="right")
    for y in p.plan_years:
        table.add_column(t("cli.end_of", lang, year=y), justify="right")
    table.add_column(t("cli.gaps", lang), justify="right")
    for row in p.organisations:
        cells = [_source_cell(row, s.source) for s in sources]
        years = [_cell(row.projected.get(str(y))) for y in p.plan_years]
        table.add_row(escape(row.name), *cells, _cell(row.coverage), *years, str(row.gaps))
    table.add_section()
    years = [_cell(p.totals.projected.get(str(y))) for y in p.plan_years]
    table.add_row(
        t("portfolio.mean", lang),
        *["" for _ in sources],
        _cell(p.totals.coverage),
        *years,
        str(p.totals.gaps),
    )
    console.print(table)


def _counts_in(row: OrgRow, source: str) -> bool:
    cell = row.sources.get(source)
    return cell is not None and cell.coverage is not None


def _source_cell(row: OrgRow, source: str) -> str:
    cell = row.sources.get(source)
    return _cell(cell.coverage if cell is not None else None)


def _groups(console: Console, p: PortfolioResult, lang: Lang) -> None:
    table = WrapTable(title=t("portfolio.groups", lang))
    table.add_column(t("portfolio.group", lang), ratio=2)
    table.add_column(t("portfolio.orgs", lang), justify="right")
    table.add_column(t("cli.now", lang), justify="right")
    for y in p.plan_years:
        table.add_column(t("cli.end_of", lang, year=y), justify="right")
    table.add_column(t("cli.gaps", lang), justify="right")
    table.add_column(t("portfolio.overdue_measures", lang), justify="right")
    for g in p.groups:
        name = t(f"group.{g.group.value}", lang) if g.group else t("portfolio.no_group", lang)
        years = [_cell(g.projected.get(str(y))) for y in p.plan_years]
        table.add_row(
            escape(name),
            str(len(g.organisations)),
            _cell(g.coverage),
            *years,
            str(g.gaps),
            str(g.overdue),
        )
    console.print(table)


def _counts(console: Console, p: PortfolioResult, lang: Lang) -> None:
    table = WrapTable(title=t("portfolio.gap_counts", lang))
    table.add_column(t("cli.category", lang))
    table.add_column(t("cli.count", lang), justify="right")
    table.add_column(t("portfolio.orgs", lang), justify="right")
    for cat in GapCategory:
        orgs = sum(1 for r in p.organisations if r.gap_counts.get(cat.value))
        table.add_row(
            t(f"category.{cat.value}", lang), str(p.totals.gap_counts[cat.value]), str(orgs)
        )
    console.print(table)


def _shared(console: Console, p: PortfolioResult, lang: Lang, top: int) -> None:
    n = len(p.organisations)
    table = WrapTable(title=t("portfolio.shared", lang, n=min(top, len(p.shared_gaps))))
    table.add_column(t("cli.requirement", lang), ratio=3)
    table.add_column(t("portfolio.orgs", lang), justify="right")
    table.add_column(t("portfolio.priority_sum", lang), justify="right")
    table.add_column(t("portfolio.closing", lang), ratio=4)
    for s in p.shared_gaps[:top]:
        title = s.title.get(lang) if s.title else ""
        label = f"{escape(s.ref)} {escape(title)}\n[dim]{escape(s.requirement)}[/]"
        table.add_row(label, f"{s.count}/{n}", str(s.priority_sum), _closing_text(s, lang))
    console.print(table)


def _closing_text(s: SharedGap, lang: Lang) -> str:
    if s.same_measure:
        c = s.closing[0]
        return escape(t("portfolio.same_measure", lang, measure=c.measure, title=c.title))
    lines = [
        escape(f"{c.measure} {c.title}") + f" [dim]({len(c.organisations)})[/]"
        for c in s.closing[:3]
    ]
    if len(s.closing) > 3:
        lines.append(t("portfolio.more_measures", lang, n=len(s.closing) - 3))
    if s.unplanned:
        lines.append(f"[red]{t('portfolio.unplanned', lang, n=len(s.unplanned))}[/]")
    return "\n".join(lines)


def _overdue(console: Console, p: PortfolioResult, lang: Lang) -> None:
    if not p.overdue:
        return
    rows = {r.organisation: r for r in p.organisations}
    table = WrapTable(title=t("portfolio.overdue", lang, n=len(p.overdue)))
    table.add_column(t("portfolio.organisation", lang), ratio=3)
    table.add_column(t("cli.count", lang), justify="right")
    table.add_column(t("portfolio.oldest", lang), ratio=3)
    for org in p.overdue:
        row = rows[org]
        first = row.overdue[0]
        table.add_row(
            escape(row.name),
            str(len(row.overdue)),
            escape(f"{first.id} {first.title} ({first.due.isoformat()})"),
        )
    console.print(table)


def _problems(console: Console, p: PortfolioResult, lang: Lang) -> None:
    if not p.problems:
        return
    console.print(f"[bold red]{escape(t('portfolio.problems', lang, n=len(p.problems)))}[/]")
    for entry in p.problems:
        console.print(f"  [bold]{escape(entry.folder)}[/]")
        for line in _problem_lines(entry, lang):
            console.print(f"    {escape(line)}")


def _problem_lines(org: OrgInput, lang: Lang) -> list[str]:
    lines = []
    for item in org.problems[:_SHOWN_PROBLEMS]:
        where = item.file + (f":{item.line}" if item.line else "")
        entry = f" [{item.entry}]" if item.entry else ""
        hint = f" — {item.hint}" if item.hint else ""
        lines.append(f"{where}{entry}: {item.message}{hint}")
    shown = min(len(org.problems), _SHOWN_PROBLEMS)
    if org.problems_total > shown:
        lines.append(t("problems.more", lang, n=org.problems_total - shown))
    return lines


def _then_now(c: SourceChange) -> str:
    """'34 → 19' (percent, as the table's title says), the new value red when it fell."""
    if c.before is None or c.now is None:
        return _cell(c.now)
    style = "red" if (c.change or 0) < 0 else "green" if (c.change or 0) > 0 else "dim"
    # No-break spaces: the cell never splits between then and now.
    return f"{round(c.before * 100)}\u00a0→\u00a0[{style}]{round(c.now * 100)}[/]"


def _comparison(console: Console, p: PortfolioResult, lang: Lang) -> None:
    """Each organisation's coverage in its previous saved run and now (--compare)."""
    cmp = p.comparison
    if cmp is None:
        return
    names = {r.organisation: r.name for r in p.organisations}
    shorts = {s.source: s.short for s in p.sources}
    rows = [r for r in cmp.organisations if r.previous is not None]
    if rows:
        seen = {s for r in rows for s in r.sources}
        sources = [s for s in shorts if s in seen] + sorted(seen - set(shorts))
        table = WrapTable(title=t("portfolio.compare.title", lang, n=len(rows)))
        table.add_column(t("portfolio.organisation", lang), ratio=3)
        table.add_column(t("portfolio.compare.previous", lang), ratio=2)
        for s in sources:
            table.add_column(escape(shorts.get(s, s)), justify="right")
        table.add_column(t("cli.total", lang), justify="right")
        for r in rows:
            assert r.previous is not None
            label = f" {r.previous.label}" if r.previous.label else ""
            table.add_row(
                escape(names.get(r.organisation, r.organisation)),
                escape(f"{r.previous.saved_at:%Y-%m-%d}{label}"),
                *(_then_now(r.sources[s]) if s in r.sources else "–" for s in sources),
                _then_now(r.coverage),
            )
        console.print(table)
    if cmp.fell:
        fell = ", ".join(names.get(o, o) for o in cmp.fell)
        console.print(
            f"[bold red]{escape(t('portfolio.compare.fell', lang, n=len(cmp.fell)))}[/] "
            + escape(fell)
        )
    elif rows:
        console.print(t("portfolio.compare.none_fell", lang), markup=False)
    if cmp.without_previous:
        console.print(
            t("portfolio.compare.without", lang, n=len(cmp.without_previous)), markup=False
        )
