"""The Risks sheet (risks with their linked requirements and gaps) and the Traceability sheet
(a requirement × control matrix of implementation levels)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.engine.order import natural_key
from gapcheck.i18n import t
from gapcheck.model import Catalog, Lang, OrgData
from gapcheck.model.org import Risk
from gapcheck.model.result import AnalysisResult, GapCategory, RequirementResult
from gapcheck.report.cells import (
    CATEGORY_FILLS,
    Column,
    Value,
    level_fill,
    write_table,
)
from gapcheck.report.texts import category_label, ref_title

__all__ = ["risk_links", "risk_order", "trace_matrix", "write_risks", "write_trace"]

_MAX_LISTED = 12
_TOP_GAPS = 5
_ROTATED = Alignment(text_rotation=90, horizontal="center", vertical="bottom")
_CENTER = Alignment(horizontal="center", vertical="center")


def risk_order(org: OrgData) -> list[Risk]:
    """Highest score first, then by id."""
    return sorted(org.risks, key=lambda r: (-r.score, natural_key(r.id)))


def _score_fill(score: int) -> tuple[PatternFill, Font]:
    if score >= 15:
        return CATEGORY_FILLS["overdue"]
    return CATEGORY_FILLS["partial"] if score >= 8 else CATEGORY_FILLS["covered"]


def risk_links(
    result: AnalysisResult,
) -> dict[str, tuple[list[RequirementResult], list[RequirementResult]]]:
    """Risk id → (applicable requirements linked to it, in id order; those of them with a gap,
    highest priority first), as the engine linked them (`RequirementResult.risks`)."""
    rank = {rid: i for i, rid in enumerate(result.gaps)}
    linked: dict[str, list[RequirementResult]] = {}
    for r in result.requirements:
        if r.applicable:
            for risk_id in r.risks:
                linked.setdefault(risk_id, []).append(r)
    out = {}
    for risk_id, reqs in linked.items():
        reqs.sort(key=lambda r: natural_key(r.id))
        gaps = sorted((r for r in reqs if r.id in rank), key=lambda r: rank[r.id])
        out[risk_id] = (reqs, gaps)
    return out


def _listed(ids: Sequence[str], limit: int) -> str:
    more = len(ids) - limit
    return ", ".join(ids[:limit]) + (f" (+{more})" if more > 0 else "")


def _by_category(gaps: Sequence[RequirementResult], lang: Lang) -> str:
    counts: dict[str, int] = {}
    for r in gaps:
        counts[r.category.value] = counts.get(r.category.value, 0) + 1
    order = [c.value for c in GapCategory]
    return "\n".join(f"{category_label(c, lang)}: {counts[c]}" for c in order if c in counts)


def write_risks(ws: Worksheet, result: AnalysisResult, org: OrgData, lang: Lang) -> None:
    links = risk_links(result)
    columns = [
        Column(t("report.col.id", lang), 8),
        Column(t("report.col.title", lang), 44, "wrap"),
        Column(t("report.col.origin", lang), 16, "wrap"),
        Column(t("report.col.likelihood", lang), 9, "int"),
        Column(t("report.col.impact", lang), 9, "int"),
        Column(t("report.col.score", lang), 9, "int"),
        Column(t("report.col.concerns", lang), 26, "wrap"),
        Column(t("report.col.linked_n", lang), 9, "int"),
        Column(t("report.col.linked_reqs", lang), 30, "wrap"),
        Column(t("report.col.gaps_n", lang), 7, "int"),
        Column(t("report.col.gaps_by_category", lang), 24, "wrap"),
        Column(t("report.col.top_gaps", lang), 30, "wrap"),
    ]
    risks = risk_order(org)
    worst: list[str | None] = []
    data: list[list[Value]] = []
    for risk in risks:
        reqs, gaps = links.get(risk.id, ([], []))
        worst.append(gaps[0].category.value if gaps else None)
        data.append(
            [
                risk.id,
                risk.title.get(lang),
                risk.origin,
                risk.likelihood,
                risk.impact,
                risk.score,
                ", ".join(risk.concerns),
                len(reqs),
                _listed([r.id for r in reqs], _MAX_LISTED),
                len(gaps),
                _by_category(gaps, lang) or None,
                _listed([r.id for r in gaps], _TOP_GAPS) or None,
            ]
        )

    def style(i: int, _: Sequence[Value]) -> dict[int, tuple[PatternFill, Font]]:
        out = {5: _score_fill(risks[i].score)}
        category = worst[i]
        if category is not None:
            out[10] = out[11] = CATEGORY_FILLS[category]
        return out

    write_table(ws, columns, data, styler=style, freeze_cols=1)


def trace_matrix(result: AnalysisResult) -> tuple[list[RequirementResult], list[str]]:
    """Rows (applicable requirements with own control edges) and columns (their controls)."""
    rows = [r for r in result.requirements if r.applicable and r.explanation.controls]
    controls = sorted({c.control for r in rows for c in r.explanation.controls}, key=natural_key)
    return rows, controls


def write_trace(
    ws: Worksheet,
    result: AnalysisResult,
    catalog: Catalog,
    control_refs: Mapping[str, str],
    lang: Lang,
) -> None:
    rows, controls = trace_matrix(result)
    columns = [
        Column(t("report.col.id", lang), 16),
        Column(t("report.col.requirement", lang), 40, "wrap"),
        Column(t("report.col.coverage", lang), 10, "pct"),
        *(Column(control_refs.get(c, c), 5.5, "pct") for c in controls),
    ]
    data: list[list[Value]] = []
    levels: list[dict[int, float]] = []
    for r in rows:
        by_control = {c.control: c.level for c in r.explanation.controls}
        cells: dict[int, float] = {
            3 + j: by_control[c] for j, c in enumerate(controls) if c in by_control
        }
        levels.append(cells)
        data.append(
            [
                r.id,
                ref_title(r, lang),
                r.coverage,
                *(cells.get(3 + j) for j in range(len(controls))),
            ]
        )

    def style(i: int, _: Sequence[Value]) -> dict[int, tuple[PatternFill, Font]]:
        return {c: level_fill(level) for c, level in levels[i].items()}

    last = write_table(ws, columns, data, styler=style, freeze_cols=3)
    titles = {c.id: c.title.get(lang) for c in catalog.controls}
    for j, control in enumerate(controls):
        header = ws.cell(row=1, column=4 + j)
        header.alignment = _ROTATED
        if titles.get(control):
            header.comment = Comment(titles[control], "gapcheck", width=220, height=60)
        for row in range(2, last + 1):
            ws.cell(row=row, column=4 + j).alignment = _CENTER
    ws.row_dimensions[1].height = 48
