"""`gapcheck diff` and `gapcheck review-mappings` on a small catalog written to tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapcheck.cli import app

runner = CliRunner()

SOURCE = """\
source:
  id: law
  short: LAW
  title: {sv: "Testlag"}
  kind: national_law
  jurisdiction: SE
"""
OLD = (
    SOURCE
    + """\
version:
  {id: draft, status: proposal, published: 2024-03-05, citation: "Förslag", notes: "Delvis."}
requirements:
  - id: law:3.1
    ref: "3 kap. 1 §"
    title: {sv: "Riskhanteringsåtgärder"}
    text:
      sv: >-
        Verksamhetsutövare ska vidta lämpliga och proportionella åtgärder
        (riskhanteringsåtgärder) mot incidenter i sina system.
  - id: law:3.2
    ref: "3 kap. 2 §"
    title: {sv: "Ledningens godkännande"}
    text: {sv: "Ledningen ska godkänna riskhanteringsåtgärderna och övervaka genomförandet av dem."}
"""
)
NEW = (
    SOURCE
    + """\
version:
  {id: final, status: final, published: 2025-12-11, in_force: 2026-01-15, citation: SFS,
   verified: true}
requirements:
  - id: law:2.3
    ref: "2 kap. 3 §"
    title: {sv: "Säkerhetsåtgärder"}
    text:
      sv: >-
        Verksamhetsutövare ska vidta lämpliga och proportionella åtgärder
        (säkerhetsåtgärder) mot incidenter i sina system.
  - id: law:2.4
    ref: "2 kap. 4 §"
    title: {sv: "Utbildning"}
    text: {sv: "Ledningen ska genomgå utbildning om säkerhetsåtgärder."}
"""
)
CONTROLS = """\
catalog: {id: ctl, title: Test controls, version: "1", citation: test}
controls:
  - {id: "ctl:A.1", ref: "A.1", title: {en: One}, theme: organizational}
"""
EDGES = """\
mapping: {id: test, title: test, source: gapcheck, citation: test, reviewed_against: {law: draft}}
edges:
  - {from: "law:3.1", to: "ctl:A.1", type: maps_to}
  - {from: "law:2.3", to: "ctl:A.1", type: maps_to}
"""
ORG = {
    "organisation.yaml": (
        "organisation: {id: kommun, name: Testkommun, entity_type: municipality, "
        "nis2_class: essential, plan_years: [2026], language: en}\n"
    ),
    "measures.yaml": (
        "measures:\n  - {id: M-1, title: Policy, status: implemented, "
        "controls: [{control: 'ctl:A.1'}], requirements: [{requirement: 'law:3.2'}]}\n"
    ),
    "assessments.yaml": (
        "assessments:\n  - {target: 'law:3.1', result: compliant, justification: ok, "
        "assessor: LIS, date: 2026-03-01, version: draft}\n"
    ),
}


@pytest.fixture
def cat(tmp_path: Path) -> Path:
    root = tmp_path / "cat"
    (root / "controls").mkdir(parents=True)
    (root / "controls" / "ctl.yaml").write_text(CONTROLS, encoding="utf-8")
    src = root / "mappings" / "sources" / "law"
    src.mkdir(parents=True)
    (src / "draft.yaml").write_text(OLD, encoding="utf-8")
    (src / "final.yaml").write_text(NEW, encoding="utf-8")
    (root / "mappings" / "edges").mkdir()
    (root / "mappings" / "edges" / "test.yaml").write_text(EDGES, encoding="utf-8")
    return root


@pytest.fixture
def org_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "kommun"
    folder.mkdir()
    for name, text in ORG.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_diff_prints_changes_and_word_diff(cat: Path) -> None:
    res = runner.invoke(
        app, ["diff", "law", "draft", "final", "--catalog", str(cat), "--lang", "en"]
    )
    assert res.exit_code == 0, res.output
    out = " ".join(res.output.split())
    assert "Changes in LAW: draft → final" in out
    assert "not verified against the official text" in out  # the draft is unverified
    assert "1 added, 1 removed, 1 renumbered" in out
    assert "[-(riskhanteringsåtgärder)-] {+(säkerhetsåtgärder)+}" in out


def test_diff_json_to_stdout_has_sorted_keys(cat: Path) -> None:
    res = runner.invoke(
        app, ["diff", "law", "draft", "final", "--catalog", str(cat), "--json", "-"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert list(data) == sorted(data)
    assert list(data["diff"]) == sorted(data["diff"])
    assert data["delta"] is None
    kinds = {(c["old_id"], c["new_id"]): c["kind"] for c in data["diff"]["changes"]}
    assert kinds == {
        ("law:3.1", "law:2.3"): "renumbered",
        ("law:3.2", None): "removed",
        (None, "law:2.4"): "added",
    }


def test_diff_with_org_shows_gap_delta_and_orphans(
    cat: Path, org_dir: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "out" / "diff.json"
    res = runner.invoke(
        app,
        [
            "diff",
            "law",
            "draft",
            "final",
            "--catalog",
            str(cat),
            "--org",
            str(org_dir),
            "--as-of",
            "2026-06-01",
            "--json",
            str(out_file),
        ],
    )
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())
    assert "Gap picture for kommun as of 2026-06-01" in text  # the org's language: en
    assert "carried over" in text
    assert "orphaned" in text
    delta = json.loads(out_file.read_text(encoding="utf-8"))["delta"]
    statuses = {(a["kind"], a["target"]): a["status"] for a in delta["attachments"]}
    assert statuses == {
        ("assessment", "law:3.1"): "carried_over",
        ("link", "law:3.2"): "orphaned",
    }


def test_unknown_version_is_a_clean_error(cat: Path) -> None:
    res = runner.invoke(app, ["diff", "law", "draft", "nope", "--catalog", str(cat)])
    assert res.exit_code == 1
    assert "okänd version 'nope' av law" in res.output  # Swedish: no organisation, no --lang
    assert "Traceback" not in res.output


def test_review_mappings_lists_edges_links_and_assessments(cat: Path, org_dir: Path) -> None:
    res = runner.invoke(
        app, ["review-mappings", "law", "--catalog", str(cat), "--org", str(org_dir), "--json", "-"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["selected_version"] == "final"
    got = {(i["kind"], i["requirement"], i["reason"]) for i in data["items"]}
    assert got == {
        ("maps_to", "law:3.1", "renumbered"),
        ("maps_to", "law:2.3", "added"),
        ("assessment", "law:3.1", "renumbered"),
        # M-1's direct link records no version and law:3.2 is not in the final text: it cannot
        # apply, so it is listed (it used to be only counted as unreviewed).
        ("addresses", "law:3.2", "not_in_version"),
    }
    assert data["unreviewed"] == 0


def test_review_mappings_renders(cat: Path) -> None:
    res = runner.invoke(app, ["review-mappings", "law", "--catalog", str(cat), "--lang", "sv"])
    assert res.exit_code == 0, res.output
    assert "Att granska i law mot version final" in " ".join(res.output.split())


@pytest.mark.parametrize(
    ("lang", "label", "other"),
    [("sv", "ingen version angiven", "no version recorded"), ("en", "no version recorded", "")],
)
def test_review_mappings_labels_an_item_without_a_recorded_version_in_the_users_language(
    cat: Path, org_dir: Path, lang: str, label: str, other: str
) -> None:
    args = ["review-mappings", "law", "--catalog", str(cat), "--org", str(org_dir), "--lang", lang]
    res = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    # M-1's link to law:3.2 records no version (JSON: reviewed_against "unrecorded").
    line = next(line for line in res.output.splitlines() if "law:3.2" in line)
    assert label in line
    assert "unrecorded" not in res.output
    assert not other or other not in res.output
