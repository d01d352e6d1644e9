"""Each table sheet read back with openpyxl equals the engine's result (not a snapshot)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gapcheck.engine import measure_factor, measure_impacts, natural_sorted
from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.model.org import MeasureStatus
from gapcheck.model.result import Category
from gapcheck.report.cells import CATEGORY_FILLS
from gapcheck.report.codec import format_controls, format_requirements
from gapcheck.report.controls import control_rows
from tests.support.report_helpers import fill_of, rows_of, run

LANGS: list[Lang] = ["sv", "en"]


def _col(key: str, lang: Lang, **fields: object) -> str:
    return t(key, lang, **fields)


def _fill(category: str) -> str:
    return str(CATEGORY_FILLS[category][0].start_color.rgb)[-6:]


def _date(value: Any) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


@pytest.mark.parametrize("lang", LANGS)
def test_requirements_sheet_equals_the_result(workbook: Any, tiny: Any, lang: Lang) -> None:
    _, _, result = tiny
    wb = workbook(lang)
    ws = wb[t("report.sheet.requirements", lang)]
    rows = rows_of(ws)
    applicable = [r for r in result.requirements if r.applicable]
    assert [row[_col("report.col.id", lang)] for row in rows] == [r.id for r in applicable]
    cat_col = next(
        i for i, c in enumerate(ws[1], start=1) if c.value == t("report.col.category", lang)
    )
    for i, (row, r) in enumerate(zip(rows, applicable, strict=True), start=2):
        assert row[_col("report.col.coverage", lang)] == pytest.approx(r.coverage)
        for year in result.plan_years:
            assert row[_col("cli.end_of", lang, year=year)] == pytest.approx(r.projected[str(year)])
        assert row[_col("report.col.category", lang)] == t(f"category.{r.category.value}", lang)
        assert row[_col("report.col.priority", lang)] == r.priority
        assert _date(row[_col("report.col.next_due", lang)]) == r.next_due
        assert (row[_col("report.col.risks", lang)] or "") == ", ".join(r.risks)
        assert fill_of(ws.cell(row=i, column=cat_col)) == _fill(r.category.value)
        assert ws.cell(row=i, column=5).number_format == "0%"


@pytest.mark.parametrize("lang", LANGS)
def test_gaps_sheet_in_priority_order_with_next_steps(workbook: Any, tiny: Any, lang: Lang) -> None:
    _, _, result = tiny
    rows = rows_of(workbook(lang)[t("report.sheet.gaps", lang)])
    by_id = {r.id: r for r in result.requirements}
    assert [row[_col("report.col.id", lang)] for row in rows] == result.gaps
    for row in rows:
        r = by_id[row[_col("report.col.id", lang)]]
        assert row[_col("report.col.priority", lang)] == r.priority
        assert row[_col("report.col.category", lang)] == t(f"category.{r.category.value}", lang)
        step = row[_col("report.col.next_step", lang)]
        assert step
        if r.category is Category.PLANNED_ONLY:
            # The planned measure, its owner and due date are named.
            assert row[_col("report.col.measure", lang)].startswith("M-02 ")
            assert _date(row[_col("report.col.due", lang)]) == r.next_due == dt.date(2026, 12, 31)
            assert "M-02" in step
            gain = next(c.gain for c in r.closing if c.measure == "M-02")
            assert step == t(
                "report.step.planned_only",
                lang,
                id="M-02",
                owner=t("report.owner_unknown", lang),
                due="2026-12-31",
            ) + " " + t("report.step.gain", lang, points=round(gain * 100))
        if r.category is Category.NON_COMPLIANT:
            assert "Not registered yet." in step


def test_overdue_gap_names_the_late_measure_and_its_owner(workbook: Any, tiny: Any) -> None:
    _, org, _ = tiny
    late = org.model_copy(
        update={
            "measures": tuple(
                m.model_copy(update={"due": dt.date(2026, 3, 1), "owner": "IT-chef"})
                if m.id == "M-02"
                else m
                for m in org.measures
            )
        }
    )
    rows = rows_of(workbook("sv", late)["Gap"])
    overdue = [r for r in rows if r["Kategori"] == t("category.overdue", "sv")]
    assert overdue
    assert overdue[0]["Rekommenderat nästa steg"].startswith(
        "Följ upp försenad åtgärd M-02 (ansvarig: IT-chef, skulle vara klar 2026-03-01) (+"
    )
    assert overdue[0]["Ansvarig"] == "IT-chef"


@pytest.mark.parametrize("lang", LANGS)
def test_action_plan_lists_every_measure_with_its_impact(
    workbook: Any, tiny: Any, lang: Lang
) -> None:
    catalog, org, result = tiny
    ws = workbook(lang)[t("report.sheet.plan", lang)]
    rows = rows_of(ws)
    impacts = measure_impacts(catalog, org, result, method="reanalyse")
    by_id = {m.id: m for m in org.measures}
    assert sorted(row[_col("report.col.id", lang)] for row in rows) == sorted(by_id)
    for row in rows:
        m = by_id[row[_col("report.col.id", lang)]]
        assert row[_col("report.col.title", lang)] == m.title
        assert row[_col("report.col.status", lang)] == t(f"status.{m.status.value}", lang)
        assert row[_col("report.col.owner", lang)] == m.owner
        assert _date(row[_col("report.col.due", lang)]) == m.due
        assert row[_col("report.col.plan_year", lang)] == m.plan_year
        assert (row[_col("report.col.control_links", lang)] or "") == format_controls(
            m.controls, lang
        )
        assert (row[_col("report.col.requirement_links", lang)] or "") == format_requirements(
            m.requirements, lang
        )
        assert row[_col("report.col.impact_now", lang)] == pytest.approx(impacts[m.id].now)
        for year in result.plan_years:
            assert row[_col("report.col.impact_end", lang, year=year)] == pytest.approx(
                impacts[m.id].projected[year]
            )
    # Grouped by plan year: M-02 (due 2026) before M-03 (plan year 2027); no year last.
    ids = [row[_col("report.col.id", lang)] for row in rows]
    assert ids == ["M-02", "M-03", "M-01"]


def test_action_plan_status_has_a_drop_down_in_the_language(workbook: Any) -> None:
    ws = workbook("sv")["Åtgärdsplan"]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    assert t("status.in_progress", "sv") in lists[0].formula1
    assert str(lists[0].sqref).startswith("D2:D")


def test_implemented_measure_adds_coverage_today(workbook: Any, tiny: Any) -> None:
    rows = {r["ID"]: r for r in rows_of(workbook("sv")["Åtgärdsplan"])}
    assert rows["M-01"]["Tillför i dag"] > 0  # the only measure behind dir:1.a
    assert rows["M-02"]["Tillför i dag"] == 0  # in progress: nothing yet
    assert rows["M-02"]["Tillför slut 2026"] > 0  # due 2026-12-31


@pytest.mark.parametrize("lang", LANGS)
def test_controls_sheet_is_a_statement_of_applicability(
    workbook: Any, tiny: Any, lang: Lang
) -> None:
    catalog, _, result = tiny
    rows = rows_of(workbook(lang)[t("report.sheet.controls", lang)])
    assert [row[_col("report.col.id", lang)] for row in rows] == natural_sorted(
        c.id for c in catalog.controls
    )
    yes, no = t("report.yes", lang), t("report.no", lang)
    paths = {c.control: c.level for r in result.requirements for c in r.explanation.controls}
    by_id = {row[_col("report.col.id", lang)]: row for row in rows}
    for control in catalog.controls:
        row = by_id[control.id]
        if not control.assessable:
            assert row[_col("report.col.applicable", lang)] is None
            continue
        assert row[_col("report.col.applicable", lang)] == yes, control.id  # all used here
        assert row[_col("report.col.level", lang)] == pytest.approx(paths[control.id])
    # A.8.5 is set by the manual assessment (partially compliant), not by a measure.
    assert by_id["iso27001:A.8.5"][_col("report.col.level", lang)] == 0.5
    assert "IT-chef" in by_id["iso27001:A.8.5"][_col("report.col.assessment", lang)]
    assert no not in {row[_col("report.col.applicable", lang)] for row in rows}


def test_control_not_required_and_not_implemented_is_not_applicable(
    workbook: Any, tiny: Any
) -> None:
    catalog, org, _ = tiny
    unused = catalog.controls[1].model_copy(update={"id": "iso27001:A.8.99", "ref": "A.8.99"})
    bigger = catalog.model_copy(update={"controls": (*catalog.controls, unused)})
    rows = {r.id: r for r in control_rows(run(bigger, org), bigger, org, "sv")}
    assert rows["iso27001:A.8.99"].applicable is False
    assert rows["iso27001:A.8.99"].level is None


def test_control_level_off_the_paths_uses_the_engine_factor(tiny: Any) -> None:
    catalog, org, result = tiny
    extra = org.measures[0].model_copy(
        update={"id": "M-09", "status": MeasureStatus.PARTIALLY_IMPLEMENTED}
    )
    bigger = org.model_copy(update={"measures": (*org.measures, extra)})
    rows = {r.id: r for r in control_rows(result, catalog, bigger, "sv")}
    link = extra.controls[0]
    assert rows[link.control].level == 1.0  # M-01 is implemented in full
    assert measure_factor(extra, link.extent) == 0.5


@pytest.mark.parametrize("lang", LANGS)
def test_risks_sheet_lists_linked_requirements_and_gaps(
    workbook: Any, tiny: Any, lang: Lang
) -> None:
    _, org, result = tiny
    rows = rows_of(workbook(lang)[t("report.sheet.risks", lang)])
    assert [row[_col("report.col.id", lang)] for row in rows] == [r.id for r in org.risks]
    row = rows[0]
    linked = [r.id for r in result.requirements if r.applicable and "R-01" in r.risks]
    gaps = [g for g in result.gaps if g in linked]
    assert row[_col("report.col.score", lang)] == 12
    assert row[_col("report.col.linked_n", lang)] == len(linked)
    assert row[_col("report.col.linked_reqs", lang)] == ", ".join(linked)
    assert row[_col("report.col.gaps_n", lang)] == len(gaps)
    assert row[_col("report.col.top_gaps", lang)] == ", ".join(gaps)


def test_traceability_matrix_holds_the_control_levels(workbook: Any, tiny: Any) -> None:
    catalog, _, result = tiny
    ws = workbook("en")[t("report.sheet.trace", "en")]
    refs = {c.id: c.ref for c in catalog.controls}
    header = [c.value for c in ws[1]]
    rows = rows_of(ws)
    expected = [r for r in result.requirements if r.applicable and r.explanation.controls]
    assert [row["ID"] for row in rows] == [r.id for r in expected]
    for row, r in zip(rows, expected, strict=True):
        levels = {refs[c.control]: c.level for c in r.explanation.controls}
        for ref in header[3:]:
            assert row[ref] == levels.get(ref), (r.id, ref)
