"""Issue 10, item 7: the Swedish workbook shows mapping rationales and EU references in Swedish
(the Krav, Gap and Spårbarhet sheets), the English one in English."""

from __future__ import annotations

from typing import Any

import pytest

from gapcheck.i18n import t
from gapcheck.model import Lang
from tests.support.report_helpers import rows_of

SV_WHY = "Registreringen är en direkt skyldighet"
EN_WHY = "Registration is a direct duty"


def _rows(wb: Any, sheet: str, lang: Lang) -> dict[str, dict[str, Any]]:
    return {row[t("report.col.id", lang)]: row for row in rows_of(wb[t(sheet, lang)])}


@pytest.mark.parametrize(("lang", "why", "other"), [("sv", SV_WHY, EN_WHY), ("en", EN_WHY, SV_WHY)])
def test_requirements_sheet_gives_the_cap_rationale_in_the_workbooks_language(
    workbook: Any, lang: Lang, why: str, other: str
) -> None:
    row = _rows(workbook(lang), "report.sheet.requirements", lang)["nat:3"]
    explanation = row[t("report.col.explanation", lang)]
    assert why in explanation
    assert other not in explanation


@pytest.mark.parametrize(("lang", "ref"), [("sv", "Artikel 1 a"), ("en", "Art. 1(a)")])
def test_requirements_sheet_cites_eu_provisions_as_the_language_version_does(
    workbook: Any, lang: Lang, ref: str
) -> None:
    rows = _rows(workbook(lang), "report.sheet.requirements", lang)
    assert rows["dir:1.a"][t("report.col.ref", lang)] == ref
    # A Swedish act has one citation in both languages.
    assert rows["nat:2.1"][t("report.col.ref", lang)] == "2 kap. 1 §"


@pytest.mark.parametrize(("lang", "why", "other"), [("sv", SV_WHY, EN_WHY), ("en", EN_WHY, SV_WHY)])
def test_gap_sheet_next_step_gives_the_cap_rationale_in_the_workbooks_language(
    workbook: Any, tiny: Any, lang: Lang, why: str, other: str
) -> None:
    _, org, _ = tiny
    # Without its assessment and its planned measure, nat:3's next step is the capped mapping.
    bare = org.model_copy(
        update={
            "assessments": tuple(a for a in org.assessments if a.target != "nat:3"),
            "measures": tuple(m for m in org.measures if m.id != "M-03"),
        }
    )
    gaps = _rows(workbook(lang, org=bare), "report.sheet.gaps", lang)
    step = gaps["nat:3"][t("report.col.next_step", lang)]
    assert why in step
    assert other not in step


@pytest.mark.parametrize(("lang", "ref"), [("sv", "Artikel 1 b "), ("en", "Art. 1(b) ")])
def test_trace_sheet_cites_eu_provisions_as_the_language_version_does(
    workbook: Any, lang: Lang, ref: str
) -> None:
    rows = _rows(workbook(lang), "report.sheet.trace", lang)
    assert str(rows["dir:1.b"][t("report.col.requirement", lang)]).startswith(ref)
