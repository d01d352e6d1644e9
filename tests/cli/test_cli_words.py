"""The terminal output says things in words: no raw codes where a label belongs, no empty
reasons, and the date-dependent wording an officer reads (overdue, not yet in force).

Run against the shipped example, wide and colourless, as the officer's terminal would print it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapcheck.cli import app

EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"

runner = CliRunner(
    env={"COLUMNS": "250", "NO_COLOR": "1", "FORCE_COLOR": None, "GAPCHECK_CATALOG_DIR": None}
)


def out(*args: str | Path) -> str:
    res = runner.invoke(app, [str(a) for a in args])
    assert res.exception is None, repr(res.exception)
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.fixture(scope="module")
def before_csl() -> str:
    """The summary a year before Cybersäkerhetslagen entered into force."""
    return out("analyze", EXAMPLE, "--as-of", "2025-10-01", "--top", "20")


def test_reasons_without_points_or_detail_are_left_out(before_csl: str) -> None:
    assert "risk - +0" not in before_csl  # csl:2.10 has no linked risk
    assert "Saknar åtgärd +30, brist 100 % +20, träder i kraft 2026-01-15 +10" in before_csl


def test_a_source_not_yet_in_force_says_from_when(before_csl: str) -> None:
    explained = out("explain", EXAMPLE, "csl:2.5", "--as-of", "2025-10-01")
    assert "träder i kraft 2026-01-15 +10" in explained  # the in-force reason of csl:2.5
    assert "i kraft först 2026-01-15" in before_csl  # the CSL row of the source table
    assert "(utkast)" in before_csl  # the MCFFS regulations rest on unverified drafts


def test_a_past_due_date_is_called_overdue_not_next() -> None:
    text = out("analyze", EXAMPLE, "--as-of", "2026-11-28", "--top", "1")
    assert "Följ upp M-2026-03: försenad, skulle vara klar 2026-06-30" in text
    assert "nästa åtgärd senast 2026-06-30" not in text


def test_explain_names_extent_relationship_and_the_late_measure() -> None:
    text = out("explain", EXAMPLE, "csl:2.5", "--as-of", "2026-11-28")
    assert "[delmängd, vikt 1]" in text
    assert "· delvis omfattning ·" in text
    assert "· partial ·" not in text
    assert "klar senast 2026-06-30 (försenad)" in text
    assert "manuell bedömning ”Uppfyller inte” av Informationssäkerhetssamordnare" in text


def test_explain_marks_guidance_and_reaches_the_measures_through_it() -> None:
    text = out("explain", EXAMPLE, "csl:2.3.p2", "--as-of", "2026-11-28")
    assert "vägledning" in text
    assert "Ej tillämplig" not in text  # IR 2024/2690 is guidance, not a duty that lapses
    # The guidance section is summarised by the controls its points reach, down to measures.
    assert "kontroller som vägledningens 28 punkter pekar på" in text
    assert "åtgärd M-2026-03" in text
    assert "--depth" not in text


def test_explain_says_when_depth_cut_the_path() -> None:
    text = out("explain", EXAMPLE, "csl:2.3.p2", "--as-of", "2026-11-28", "--depth", "1")
    assert "--depth 2" in text


def test_explain_of_what_does_not_apply_shows_no_coverage_or_projection() -> None:
    text = out("explain", EXAMPLE, "csl:2.1", "--as-of", "2026-11-28")
    assert "täckning" not in text.splitlines()[0]
    assert "Prognos" not in text


def test_deadline_periods_in_words() -> None:
    text = out("deadlines", EXAMPLE, "--aware", "2026-11-28T09:00")
    assert "24 timmar efter" in text
    assert "1 månad efter" in text
    assert "24h" not in text
    assert "– efter begäran" not in text


def test_review_items_and_version_status_in_words(sou_catalog: Path) -> None:
    cat = ("--catalog", sou_catalog)
    review = out("review-mappings", "csl", "--version", "sou-2024-18", *cat)
    assert "mappas till iso27001:A.5.5" in review
    assert "maps_to" not in review
    diff = out(
        "diff", "csl", "sou-2024-18", "sfs-2025-1506", "--org", EXAMPLE, "--only", "csl:2.4", *cat
    )
    assert "(förslag)" in diff
    assert "(proposal)" not in diff
    assert "M-2026-01 (hel omfattning)" in diff
