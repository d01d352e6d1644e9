"""The city workbook's Comparison sheet: each organisation's coverage in its previous saved run
and now, per binding source (`gapcheck portfolio --compare`)."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.model.portfolio import HEADLINE, PortfolioResult
from gapcheck.report.cells import CATEGORY_FILLS, Column, Value, write_table
from gapcheck.report.city_sheets import link

__all__ = ["write_comparison"]


def write_comparison(ws: Worksheet, p: PortfolioResult, lang: Lang, titles: dict[str, str]) -> None:
    """One row per organisation × binding source (the headline first): the previous run,
    then, now, the change, and whether it fell (red). Organisations without an earlier saved
    run have one row that says so."""
    assert p.comparison is not None
    names = {r.organisation: r.name for r in p.organisations}
    shorts = {s.source: s.short for s in p.sources}
    columns = [
        Column(t("portfolio.organisation", lang), 34, "wrap"),
        Column(t("report.city.compare.run", lang), 10),
        Column(t("report.city.compare.saved", lang), 12, "date"),
        Column(t("report.city.compare.label", lang), 24, "wrap"),
        Column(t("runs.col.source", lang), 22, "wrap"),
        Column(t("report.city.compare.before", lang), 9, "pct"),
        Column(t("report.city.compare.now", lang), 9, "pct"),
        Column(t("report.city.compare.change", lang), 11, "pct"),
        Column(t("report.city.compare.fell", lang), 8),
    ]
    rows: list[list[Value]] = []
    owners: list[str] = []
    yes = t("report.city.compare.yes", lang)
    for c in p.comparison.organisations:
        name = names.get(c.organisation, c.organisation)
        prev = c.previous
        if prev is None:
            rows.append(
                [name, "", None, t("report.city.compare.none", lang), "", None, None, None, ""]
            )
            owners.append(c.organisation)
            continue
        lines = [(HEADLINE, t("report.city.compare.headline", lang), c.coverage)]
        lines += [(s, shorts.get(s, s), change) for s, change in c.sources.items()]
        for key, label, change in lines:
            rows.append(
                [
                    name,
                    prev.run[:8],
                    prev.saved_at.date(),
                    prev.label or "",
                    label,
                    change.before,
                    change.now,
                    change.change,
                    yes if key in c.fell else "",
                ]
            )
            owners.append(c.organisation)

    def styler(_: int, vals: Sequence[Value]) -> dict[int, tuple[PatternFill, Font]]:
        return {7: CATEGORY_FILLS["no_measure"]} if vals[8] else {}

    write_table(ws, columns, rows, styler=styler, freeze_cols=1)
    for i, org in enumerate(owners):
        if org in titles:
            link(ws, 2 + i, 1, names[org], titles[org])
