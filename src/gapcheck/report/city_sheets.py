"""The city workbook's tables: groups, shared gaps, top gaps per organisation, overdue
measures, input problems, and one sheet per organisation."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.i18n import t
from gapcheck.model import Lang, OrgGroup
from gapcheck.model.portfolio import OrgGap, OrgRow, PortfolioResult
from gapcheck.model.result import GapCategory
from gapcheck.report.cells import CATEGORY_FILLS, Column, Value, font, put_text, write_table

__all__ = [
    "AMBER_FROM",
    "GREEN_FROM",
    "fills",
    "gap_text",
    "group_label",
    "heat_fill",
    "link",
    "write_groups",
    "write_org_sheet",
    "write_overdue",
    "write_problems",
    "write_shared",
    "write_top_gaps",
]

_LINK = font(color="0563C1")
_TITLE = font(bold=True, size=14, color="1F3864")

GREEN_FROM = 0.75
"""Coverage from which a heat-map cell is green; amber from `AMBER_FROM`, red below."""
AMBER_FROM = 0.4


def heat_fill(value: float | None) -> tuple[PatternFill, Font] | None:
    """Traffic light for a coverage: green from 75 %, amber from 40 %, red below; None (no
    fill) for no value, a source that counts no requirement."""
    if value is None:
        return None
    if value >= GREEN_FROM:
        return CATEGORY_FILLS["covered"]
    return CATEGORY_FILLS["partial"] if value >= AMBER_FROM else CATEGORY_FILLS["no_measure"]


def fills(vals: Sequence[Value], columns: range) -> dict[int, tuple[PatternFill, Font]]:
    """`heat_fill` for the coverage values in `columns` (0-based) of one table row."""
    out = {}
    for c in columns:
        v = vals[c]
        fill = heat_fill(float(v) if isinstance(v, float | int) else None)
        if fill is not None:
            out[c] = fill
    return out


def group_label(group: OrgGroup | None, lang: Lang) -> str:
    return t(f"group.{group.value}", lang) if group else t("portfolio.no_group", lang)


def link(ws: Worksheet, row: int, col: int, text: str, sheet: str) -> None:
    """A text cell that opens `sheet` (an internal hyperlink)."""
    cell = put_text(ws, row, col, text)
    # `location` (not a target address): an internal link, which every viewer follows.
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!A1", display=text)
    cell.font = _LINK


def gap_text(g: OrgGap, lang: Lang) -> str:
    """One gap on one line: priority, reference, title, category and the next step."""
    title = g.title.get(lang) if g.title else ""
    step = ""
    if g.next_step is not None:
        step = " → " + t(f"next_step.{g.next_step.value}", lang)
        if g.measure:
            step += f" {g.measure}"
    category = t(f"category.{g.category.value}", lang)
    return f"{g.priority} {g.ref} {title} ({g.requirement}, {category}){step}"


def write_groups(ws: Worksheet, p: PortfolioResult, lang: Lang) -> None:
    """One row per group: means of its organisations (the chart on the summary reads the
    group, now and plan-year columns of this table)."""
    columns = [
        Column(t("portfolio.group", lang), 26, "wrap"),
        Column(t("portfolio.orgs", lang), 8, "int"),
        Column(t("cli.now", lang), 9, "pct"),
        *(Column(t("cli.end_of", lang, year=y), 9, "pct") for y in p.plan_years),
        *(Column(s.short, 9, "pct") for s in p.sources),
        Column(t("cli.gaps", lang), 8, "int"),
        Column(t("portfolio.overdue_measures", lang), 11, "int"),
    ]
    rows: list[list[Value]] = [
        [
            group_label(g.group, lang),
            len(g.organisations),
            g.coverage,
            *(g.projected.get(str(y)) for y in p.plan_years),
            *(g.sources.get(s.source) for s in p.sources),
            g.gaps,
            g.overdue,
        ]
        for g in p.groups
    ]
    write_table(ws, columns, rows, freeze_cols=1)


def write_shared(ws: Worksheet, p: PortfolioResult, lang: Lang) -> None:
    """Every shared gap, most organisations first, with the measures that close it."""
    names = {r.organisation: r.name for r in p.organisations}
    columns = [
        Column(t("cli.requirement", lang), 16),
        Column(t("report.city.ref", lang), 40, "wrap"),
        Column(t("portfolio.orgs", lang), 8, "int"),
        Column(t("portfolio.priority_sum", lang), 9, "int"),
        Column(t("report.city.priority_max", lang), 9, "int"),
        Column(t("report.city.categories", lang), 26, "wrap"),
        Column(t("portfolio.closing", lang), 60, "wrap"),
        Column(t("report.city.organisations", lang), 60, "wrap", fit=False),
    ]
    rows: list[list[Value]] = []
    for s in p.shared_gaps:
        title = s.title.get(lang) if s.title else ""
        cats = ", ".join(
            f"{t(f'category.{c.value}', lang)} {s.categories[c.value]}"
            for c in GapCategory
            if s.categories.get(c.value)
        )
        lines = [
            f"{c.measure} {c.title} ({len(c.organisations)})"
            + (f" – {t('report.city.overdue_in', lang, n=len(c.overdue))}" if c.overdue else "")
            for c in s.closing
        ]
        if s.unplanned:
            lines.append(t("portfolio.unplanned", lang, n=len(s.unplanned)))
        rows.append(
            [
                s.requirement,
                f"{s.ref} {title}",
                s.count,
                s.priority_sum,
                s.priority_max,
                cats,
                "\n".join(lines),
                ", ".join(names.get(o, o) for o in s.organisations),
            ]
        )
    write_table(ws, columns, rows, freeze_cols=1)


def write_top_gaps(
    ws: Worksheet, p: PortfolioResult, lang: Lang, titles: dict[str, str], n: int = 5
) -> None:
    """One row per organisation: its headline and its top gaps, each in a cell."""
    columns = [
        Column(t("portfolio.organisation", lang), 34, "wrap"),
        Column(t("portfolio.group", lang), 18, "wrap"),
        Column(t("cli.now", lang), 8, "pct"),
        Column(t("cli.gaps", lang), 7, "int"),
        *(Column(t("report.city.gap_n", lang, n=i + 1), 40, "wrap") for i in range(n)),
    ]
    rows: list[list[Value]] = []
    for r in p.organisations:
        gaps: list[Value] = [gap_text(g, lang) for g in r.top_gaps[:n]]
        gaps += [None] * (n - len(gaps))
        rows.append([r.name, group_label(r.group, lang), r.coverage, r.gaps, *gaps])
    write_table(ws, columns, rows, freeze_cols=1)
    for i, r in enumerate(p.organisations):
        link(ws, 2 + i, 1, r.name, titles[r.organisation])


def write_overdue(ws: Worksheet, p: PortfolioResult, lang: Lang, titles: dict[str, str]) -> None:
    """Every overdue measure, by organisation (most overdue measures first)."""
    rows_by_id = {r.organisation: r for r in p.organisations}
    columns = [
        Column(t("portfolio.organisation", lang), 34, "wrap"),
        Column(t("report.city.measure", lang), 14),
        Column(t("report.city.title_col", lang), 50, "wrap"),
        Column(t("report.city.due", lang), 12, "date"),
        Column(t("report.city.owner", lang), 26, "wrap"),
    ]
    rows: list[list[Value]] = []
    owners: list[str] = []
    for org in p.overdue:
        r = rows_by_id[org]
        for m in r.overdue:
            rows.append([r.name, m.id, m.title, m.due, m.owner or ""])
            owners.append(org)
    write_table(ws, columns, rows, freeze_cols=1)
    for i, org in enumerate(owners):
        link(ws, 2 + i, 1, rows_by_id[org].name, titles[org])


def write_problems(ws: Worksheet, p: PortfolioResult, lang: Lang) -> None:
    """The organisations that could not be analysed, one row per problem."""
    columns = [
        Column(t("report.city.folder", lang), 30, "wrap"),
        Column(t("report.city.file", lang), 40, "wrap"),
        Column(t("report.city.line", lang), 7, "int"),
        Column(t("report.city.entry", lang), 16, "wrap"),
        Column(t("report.city.problem", lang), 60, "wrap"),
        Column(t("report.city.fix", lang), 50, "wrap"),
    ]
    rows: list[list[Value]] = []
    for e in p.problems:
        rows += [[e.folder, i.file, i.line, i.entry or "", i.message, i.hint] for i in e.problems]
        if e.problems_total > len(e.problems):
            more = t("problems.more", lang, n=e.problems_total - len(e.problems))
            rows.append([e.folder, "", None, "", more, ""])
    write_table(ws, columns, rows, freeze_cols=1)


def write_org_sheet(ws: Worksheet, r: OrgRow, p: PortfolioResult, lang: Lang, back: str) -> None:
    """One organisation: its coverage per binding source now and per plan year, its gaps per
    category, its top gaps and its overdue measures; a link back to the summary."""
    put_text(ws, 1, 1, r.name).font = _TITLE
    group = group_label(r.group, lang)
    put_text(ws, 2, 1, f"{group} · {r.folder}")
    link(ws, 3, 1, t("report.city.back", lang), back)
    years = p.plan_years
    header = 5
    columns = [
        Column(t("cli.source", lang), 30, "wrap"),
        Column(t("cli.requirements", lang), 8, "int"),
        Column(t("cli.now", lang), 9, "pct"),
        *(Column(t("cli.end_of", lang, year=y), 9, "pct") for y in years),
        Column(t("cli.gaps", lang), 8, "int"),
    ]
    rows: list[list[Value]] = []
    for s in p.sources:
        cell = r.sources.get(s.source)
        if cell is None:
            continue
        rows.append(
            [
                s.short,
                cell.requirements,
                cell.coverage,
                *(cell.projected.get(str(y)) for y in years),
                cell.gaps,
            ]
        )
    total: list[Value] = [t("cli.total", lang), r.requirements, r.coverage]
    total += [r.projected.get(str(y)) for y in years]
    rows.append([*total, r.gaps])

    def styler(_: int, vals: Sequence[Value]) -> dict[int, tuple[PatternFill, Font]]:
        return fills(vals, range(2, 3 + len(years)))

    last = write_table(ws, columns, rows, styler=styler, header_row=header, freeze_cols=1)
    row = last + 2
    put_text(ws, row, 1, t("cli.gap_counts", lang)).font = font(bold=True)
    for cat in GapCategory:
        row += 1
        cell = put_text(ws, row, 1, t(f"category.{cat.value}", lang))
        cell.fill, cell.font = CATEGORY_FILLS[cat.value]
        ws.cell(row=row, column=2, value=r.gap_counts.get(cat.value, 0))
    row += 2
    put_text(ws, row, 1, t("report.city.top", lang)).font = font(bold=True)
    for g in r.top_gaps:
        row += 1
        put_text(ws, row, 1, gap_text(g, lang))
    if r.overdue:
        row += 2
        put_text(ws, row, 1, t("portfolio.overdue_measures", lang)).font = font(bold=True)
        for m in r.overdue:
            row += 1
            put_text(ws, row, 1, f"{m.id} {m.title} ({m.due.isoformat()})")
