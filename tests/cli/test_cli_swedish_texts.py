"""Issue 10, item 7: `gapcheck explain` gives mapping rationales and EU references in the
user's language, and labels the edges ENISA made (the shipped catalogs and the example)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapcheck.cli import app

EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"
AS_OF = "2026-11-28"

CAP_SV = "skyldigheten uppfylls först när MCF:s CSIRT-enhet"
CAP_EN = "the duty is met only by reporting each significant incident to MCF's CSIRT"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "250", "NO_COLOR": "1", "GAPCHECK_CATALOG_DIR": None})


def explain(runner: CliRunner, requirement: str, lang: str) -> str:
    args = ["explain", str(EXAMPLE), requirement, "--as-of", AS_OF, "--lang", lang]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"), [("sv", CAP_SV, CAP_EN), ("en", CAP_EN, CAP_SV)]
)
def test_explain_gives_the_cap_rationale_in_the_users_language(
    runner: CliRunner, lang: str, shown: str, hidden: str
) -> None:
    out = explain(runner, "csl:2.5", lang)
    assert shown in out
    assert hidden not in out


@pytest.mark.parametrize(
    ("lang", "head", "inherited"),
    [
        ("sv", "Artikel 21.2 b Incidenthantering", "Bilaga 3 "),
        ("en", "Art. 21(2)(b) Incident handling", "Annex 3 "),
    ],
)
def test_explain_cites_eu_provisions_as_the_language_version_does(
    runner: CliRunner, lang: str, head: str, inherited: str
) -> None:
    out = explain(runner, "nis2:21.2.b", lang)
    assert out.startswith(head)
    assert f"ir2690:3 {inherited}" in out


@pytest.mark.parametrize(("lang", "label"), [("sv", "mappad av ENISA"), ("en", "mapped by ENISA")])
def test_explain_labels_the_edges_enisa_made_and_not_gapchecks_own(
    runner: CliRunner, lang: str, label: str
) -> None:
    out = explain(runner, "ir2690:6.2.1", lang)
    # A.8.25 and A.8.31 are ENISA's rows; A.8.30 is gapcheck's addition (gapcheck-ir2690-gaps).
    lines = {c: out.split(f"iso27001:{c} ", 1)[1].split("→", 1)[0] for c in ("A.8.25", "A.8.30")}
    assert label in lines["A.8.25"]
    assert label not in lines["A.8.30"]
