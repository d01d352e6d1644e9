"""`gapcheck analyze`: the summary's section on mappings to review (issue 6).

The mapping edges of a small law were reviewed against its final text. Analysed in that
version nothing needs review and the section is absent; with `--version law=draft` pinned,
the draft renumbers one provision and words another differently in substance, and the section
names both with what to review and the `gapcheck review-mappings` command for the full list.
The shipped example shows the same with `--version csl=sou-2024-18` over the SOU test fixture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from gapcheck.cli import app
from gapcheck.cli.render import REVIEW_SHOWN, review_label
from gapcheck.i18n import t

REPO = Path(__file__).parents[2]
EXAMPLE = REPO / "examples" / "aldreforvaltningen"

SOURCE = """\
source:
  id: law
  short: LAW
  title: {sv: "Testlag"}
  kind: national_law
  jurisdiction: SE
"""
DRAFT = (
    SOURCE
    + """\
version: {id: draft, status: proposal, published: 2024-03-05, citation: "Förslag"}
requirements:
  - id: law:3.1
    ref: "3 kap. 1 §"
    title: {sv: "Riskhanteringsåtgärder"}
    text: {sv: "Verksamhetsutövare ska vidta lämpliga åtgärder mot incidenter i sina system."}
  - id: law:4.1
    ref: "4 kap. 1 §"
    title: {sv: "Incidentanmälan"}
    text: {sv: "Verksamhetsutövare ska göra en incidentanmälan inom 24 timmar efter kännedom."}
"""
)
FINAL = (
    SOURCE
    + """\
version:
  {id: final, status: final, published: 2025-12-11, in_force: 2026-01-15, citation: SFS,
   verified: true}
requirements:
  - id: law:2.3
    ref: "2 kap. 3 §"
    title: {sv: "Säkerhetsåtgärder"}
    text: {sv: "Verksamhetsutövare ska vidta lämpliga åtgärder mot incidenter i sina system."}
  - id: law:4.1
    ref: "4 kap. 1 §"
    title: {sv: "Incidentanmälan"}
    text: {sv: "Verksamhetsutövare ska göra en incidentanmälan inom 72 timmar efter kännedom."}
"""
)
CONTROLS = """\
catalog: {id: ctl, title: Test controls, version: "1", citation: test}
controls:
  - {id: "ctl:A.1", ref: "A.1", title: {en: One}, theme: organizational}
"""
EDGES = """\
mapping: {id: test, title: test, source: gapcheck, citation: test, reviewed_against: {law: final}}
edges:
  - {from: "law:2.3", to: "ctl:A.1", type: maps_to}
  - {from: "law:4.1", to: "ctl:A.1", type: maps_to}
"""
ORGANISATION = (
    "organisation: {id: kommun, name: Testkommun, entity_type: municipality, "
    "nis2_class: essential, plan_years: [2026], language: en}\n"
)
MEASURES = (
    "measures:\n  - {id: M-1, title: Policy, status: implemented, "
    "controls: [{control: 'ctl:A.1'}]}\n"
)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("review")
    cat = root / "cat"
    (cat / "controls").mkdir(parents=True)
    (cat / "controls" / "ctl.yaml").write_text(CONTROLS, encoding="utf-8")
    src = cat / "mappings" / "sources" / "law"
    src.mkdir(parents=True)
    (src / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    (src / "final.yaml").write_text(FINAL, encoding="utf-8")
    (cat / "mappings" / "edges").mkdir()
    (cat / "mappings" / "edges" / "test.yaml").write_text(EDGES, encoding="utf-8")
    org = root / "kommun"
    org.mkdir()
    (org / "organisation.yaml").write_text(ORGANISATION, encoding="utf-8")
    (org / "measures.yaml").write_text(MEASURES, encoding="utf-8")
    return cat, org


runner = CliRunner(
    env={"COLUMNS": "250", "NO_COLOR": "1", "FORCE_COLOR": None, "GAPCHECK_CATALOG_DIR": None}
)


def analyze(*args: str | Path) -> Result:
    res = runner.invoke(app, ["analyze", *(str(a) for a in args), "--as-of", "2026-06-01"])
    assert res.exception is None, repr(res.exception)
    assert res.exit_code == 0, res.output
    return res


def test_no_section_when_the_version_reviewed_against_is_analysed(
    folders: tuple[Path, Path],
) -> None:
    cat, org = folders
    for lang in ("sv", "en"):
        out = analyze(org, "--catalog", cat, "--lang", lang).stdout
        assert t("cli.review.title", lang, n=0, items=0).split(":")[0] not in out
        assert "review-mappings" not in out


def test_pinned_draft_lists_what_to_review_and_the_command(folders: tuple[Path, Path]) -> None:
    cat, org = folders
    out = analyze(org, "--catalog", cat, "--version", "law=draft", "--lang", "en").stdout
    assert t("cli.review.title", "en", n=2, items=2) in out  # "Mappings to review: 2 …"
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  law:")}
    assert "maps to ctl:A.1 (final: renumbered)" in lines["law:3.1"]
    assert "maps to ctl:A.1 (final: changed in substance)" in lines["law:4.1"]
    assert f"gapcheck review-mappings law --version draft --org {org}" in out


def test_section_in_swedish(folders: tuple[Path, Path]) -> None:
    cat, org = folders
    out = analyze(org, "--catalog", cat, "--version", "law=draft", "--lang", "sv").stdout
    assert "Mappningar att granska: 2 krav, 2 poster" in out
    assert "mappas till ctl:A.1 (final: omnumrerad)" in out
    assert "ändrad i sak" in out


def test_section_shows_with_json_to_a_file_but_not_with_json_to_stdout(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    cat, org = folders
    pinned = (org, "--catalog", cat, "--version", "law=draft", "--lang", "en")
    assert "Mappings to review" in analyze(*pinned, "--json", tmp_path / "r.json").stdout
    assert "Mappings to review" not in analyze(*pinned, "--json", "-").stdout


def test_review_label_in_words_and_unknown_labels_as_they_are() -> None:
    label = "maps_to:iso27001:A.5.24 (sou-2024-18: substantive)"
    assert (
        review_label(label, "en") == "maps to iso27001:A.5.24 (sou-2024-18: changed in substance)"
    )
    assert review_label("assessment:LIS 2026-03-01 (draft: renumbered)", "sv") == (
        "bedömning av LIS 2026-03-01 (draft: omnumrerad)"
    )
    assert review_label("something else", "sv") == "something else"


def test_the_example_pinned_to_the_inquiry_proposal(sou_catalog: Path) -> None:
    """`gapcheck analyze examples/aldreforvaltningen --version csl=sou-2024-18` (with the SOU
    test fixture beside the shipped catalog): the mappings were reviewed against SFS 2025:1506,
    whose 2 kap. 3 § the proposal numbered 3 kap. 1 §."""
    pin = ("--catalog", sou_catalog, "--version", "csl=sou-2024-18")
    out = analyze(EXAMPLE, *pin, "--lang", "sv", "--top", "0").stdout
    assert "Mappningar att granska: " in out
    assert "  csl:sou.3.1  genomför nis2:21.1 (sfs-2025-1506: omnumrerad)" in out
    assert t("cli.review.more", "sv", n=0).split("0")[0] in out  # more than REVIEW_SHOWN
    shown = [line for line in out.splitlines() if line.startswith("  csl:")]
    assert len(shown) == REVIEW_SHOWN
    assert "gapcheck review-mappings csl --version sou-2024-18 --org" in out
