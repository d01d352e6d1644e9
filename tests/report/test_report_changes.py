"""The Changes sheet (Ändringar): read back with openpyxl and compared with the DiffReport and
the review items it was written from, row by row (not a snapshot of itself).

A small two-version law is written to tmp_path: `draft` (proposal) → `final` renumbers 3 kap.
1 § to 2 kap. 3 §, removes 3 kap. 2 §, adds 2 kap. 4 §, changes 4 kap. 1 § in substance (24 →
72 hours) and 4 kap. 2 § editorially (punctuation only), and leaves 1 kap. 1 § unchanged. The
mapping edges were reviewed against the draft, so analysing the final text flags them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from gapcheck import service
from gapcheck.catalog import load_catalog, load_org
from gapcheck.cli import app
from gapcheck.i18n import t
from gapcheck.model import Catalog, Lang, OrgData
from gapcheck.model.result import AnalysisResult
from gapcheck.report import SHEET_KEYS, write_changes_workbook, write_workbook
from gapcheck.report.cells import CATEGORY_FILLS
from gapcheck.report.changes import review_of
from gapcheck.versions import ChangeKind, DiffReport, ReviewItem
from tests.support.report_helpers import fill_of, rows_of, visible

AS_OF = dt.date(2026, 6, 1)
LANGS: list[Lang] = ["sv", "en"]
HOSTILE = '=HYPERLINK("http://x","y") Ledningen ska genomgå utbildning.'

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
version:
  {id: draft, status: proposal, published: 2024-03-05, citation: "Förslag", notes: "Delvis."}
requirements:
  - id: law:1.1
    ref: "1 kap. 1 §"
    title: {sv: "Tillämpning"}
    text: {sv: "Lagen gäller för verksamhetsutövare som tillhandahåller samhällsviktiga tjänster."}
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
  - id: law:4.1
    ref: "4 kap. 1 §"
    title: {sv: "Incidentanmälan"}
    text: {sv: "Verksamhetsutövare ska göra en incidentanmälan inom 24 timmar efter kännedom."}
  - id: law:4.2
    ref: "4 kap. 2 §"
    title: {sv: "Slutrapport"}
    text: {sv: "Verksamhetsutövare ska lämna en slutrapport, senast en månad efter anmälan."}
"""
)
FINAL = (
    SOURCE
    + """\
version:
  {id: final, status: final, published: 2025-12-11, in_force: 2026-01-15, citation: SFS,
   verified: true}
requirements:
  - id: law:1.1
    ref: "1 kap. 1 §"
    title: {sv: "Tillämpning"}
    text: {sv: "Lagen gäller för verksamhetsutövare som tillhandahåller samhällsviktiga tjänster."}
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
    text: {sv: '=HYPERLINK("http://x","y") Ledningen ska genomgå utbildning.'}
  - id: law:4.1
    ref: "4 kap. 1 §"
    title: {sv: "Incidentanmälan"}
    text: {sv: "Verksamhetsutövare ska göra en incidentanmälan inom 72 timmar efter kännedom."}
  - id: law:4.2
    ref: "4 kap. 2 §"
    title: {sv: "Slutrapport"}
    text: {sv: "Verksamhetsutövare ska lämna en slutrapport senast en månad efter anmälan."}
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
  - {from: "law:4.1", to: "ctl:A.1", type: maps_to}
  - {from: "law:4.2", to: "ctl:A.1", type: maps_to}
"""
ORG = {
    "organisation.yaml": (
        "organisation: {id: kommun, name: Testkommun, entity_type: municipality, "
        "nis2_class: essential, plan_years: [2026], language: en}\n"
    ),
    "measures.yaml": (
        "measures:\n  - {id: M-1, title: Policy, status: partially_implemented, "
        "controls: [{control: 'ctl:A.1'}], requirements: [{requirement: 'law:3.2'}]}\n"
    ),
    "assessments.yaml": (
        "assessments:\n  - {target: 'law:3.1', result: partially_compliant, justification: ok, "
        "assessor: LIS, date: 2026-03-01, version: draft}\n"
    ),
}

Setup = tuple[Catalog, OrgData, Path, Path]


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    root = tmp_path_factory.mktemp("changes")
    cat = root / "cat"
    (cat / "controls").mkdir(parents=True)
    (cat / "controls" / "ctl.yaml").write_text(CONTROLS, encoding="utf-8")
    src = cat / "mappings" / "sources" / "law"
    src.mkdir(parents=True)
    (src / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    (src / "final.yaml").write_text(FINAL, encoding="utf-8")
    (cat / "mappings" / "edges").mkdir()
    (cat / "mappings" / "edges" / "test.yaml").write_text(EDGES, encoding="utf-8")
    org_dir = root / "kommun"
    org_dir.mkdir()
    for name, text in ORG.items():
        (org_dir / name).write_text(text, encoding="utf-8")
    catalog = load_catalog(cat)
    return catalog, load_org(org_dir, catalog), cat, org_dir


@pytest.fixture(scope="module")
def analysed(setup: Setup) -> tuple[AnalysisResult, DiffReport]:
    catalog, org, _, _ = setup
    report = service.diff_loaded(catalog, "law", "draft", "final", org, AS_OF)
    return service.diff_result(catalog, org, report), report


def _sheet(path: Path, lang: Lang) -> Any:
    wb = openpyxl.load_workbook(path)
    return wb[t("report.changes.sheet", lang)]


def _section(rows: list[dict[str, Any]], key: str, lang: Lang) -> list[dict[str, Any]]:
    label = t(f"report.changes.section.{key}", lang)
    return [r for r in rows if r[t("report.changes.col.section", lang)] == label]


def _h(key: str, lang: Lang) -> str:
    return t(f"report.changes.col.{key}", lang)


@pytest.fixture(scope="module")
def written(
    setup: Setup,
    analysed: tuple[AnalysisResult, DiffReport],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Path]:
    catalog, org, _, _ = setup
    result, report = analysed
    out = tmp_path_factory.mktemp("books")
    paths = {}
    for lang in LANGS:
        paths[lang] = out / f"changes-{lang}.xlsx"
        write_workbook(result, catalog, org, paths[lang], lang, changes=report)
    return paths  # type: ignore[return-value]


@pytest.mark.parametrize("lang", LANGS)
def test_diff_rows_equal_the_diff_report(
    written: dict[str, Path], analysed: tuple[AnalysisResult, DiffReport], lang: Lang
) -> None:
    _, report = analysed
    rows = _section(rows_of(_sheet(written[lang], lang)), "diff", lang)
    expected = [c for c in report.diff.changes if c.kind is not ChangeKind.UNCHANGED]
    assert {c.kind for c in expected} == set(ChangeKind) - {ChangeKind.UNCHANGED}
    assert len(rows) == len(expected)
    for row, c in zip(rows, expected, strict=True):
        assert row[_h("change", lang)] == t(f"diff.kind.{c.kind.value}", lang)
        level = t(f"diff.level.{c.level.value}", lang) if c.level else None
        assert row[_h("level", lang)] == level
        assert (row[_h("from_id", lang)], row[_h("from_ref", lang)]) == (c.old_id, c.old_ref)
        assert (row[_h("to_id", lang)], row[_h("to_ref", lang)]) == (c.new_id, c.new_ref)
        assert row[t("report.col.title", lang)] == (c.title.get(lang) if c.title else None)
        assert row[t("report.col.source", lang)] == report.diff.source_short
        assert row[_h("versions", lang)] == "draft → final"
        words = row[_h("words", lang)]
        if c.kind in (ChangeKind.ADDED, ChangeKind.REMOVED):
            assert row[_h("similarity", lang)] is None
            assert words == c.text
            continue
        assert row[_h("similarity", lang)] == pytest.approx(c.similarity)
        for op in c.words:
            if op.op != "equal" and op.old:
                assert f"[-{op.old}-]" in words
            if op.op != "equal" and op.new:
                assert f"{{+{op.new}+}}" in words


def test_diff_rows_cover_the_hand_checked_cases(
    analysed: tuple[AnalysisResult, DiffReport],
) -> None:
    _, report = analysed
    got = {(c.old_id, c.new_id): (c.kind.value, c.level) for c in report.diff.changes}
    assert got[("law:4.1", "law:4.1")] == ("changed", "substantive")  # 24 → 72 timmar
    assert got[("law:4.2", "law:4.2")] == ("changed", "editorial")  # a comma
    assert got[("law:3.1", "law:2.3")][0] == "renumbered"
    assert got[("law:3.2", None)] == ("removed", None)
    assert got[(None, "law:2.4")] == ("added", None)


def _review_key(item: ReviewItem, lang: Lang) -> tuple[Any, ...]:
    return (
        t(f"diff.reason.{item.reason}", lang),
        item.requirement,
        item.current_id,
        t(f"report.changes.item.{item.kind}", lang, target=item.target),
    )


@pytest.mark.parametrize("lang", LANGS)
def test_review_rows_are_the_analysis_needs_review(
    setup: Setup,
    written: dict[str, Path],
    analysed: tuple[AnalysisResult, DiffReport],
    lang: Lang,
) -> None:
    catalog, org, _, _ = setup
    result, _ = analysed
    rows = _section(rows_of(_sheet(written[lang], lang)), "review", lang)
    got = [
        (r[_h("change", lang)], r[_h("from_id", lang)], r[_h("to_id", lang)], r[_h("detail", lang)])
        for r in rows
    ]
    assert got == [_review_key(i, lang) for i in review_of(catalog, result, org)]
    # Independently of review_of: one row per needs_review label of the analysis, on its id.
    flagged = {r.id: len(r.needs_review) for r in result.requirements if r.needs_review}
    per_id: dict[str, int] = {}
    for _, _, current, _ in got:
        if current is not None:
            per_id[current] = per_id.get(current, 0) + 1
    assert per_id == flagged
    # The renumbered and added 2 kap. 3 §, the substantive 4 kap. 1 §; not the editorial
    # 4 kap. 2 §.
    assert set(flagged) == {"law:2.3", "law:4.1"}
    reasons = {(r[_h("from_id", lang)], r[_h("change", lang)]) for r in rows}
    assert ("law:4.1", t("diff.reason.substantive", lang)) in reasons
    assert ("law:3.1", t("diff.reason.renumbered", lang)) in reasons
    assert ("law:2.3", t("diff.reason.added", lang)) in reasons


@pytest.mark.parametrize("lang", LANGS)
def test_gap_delta_and_attachments_equal_the_report(
    written: dict[str, Path], analysed: tuple[AnalysisResult, DiffReport], lang: Lang
) -> None:
    _, report = analysed
    delta = report.delta
    assert delta is not None
    rows = _section(rows_of(_sheet(written[lang], lang)), "delta", lang)
    total, changed = rows[0], rows[1:]
    assert total[_h("change", lang)] == t("report.changes.total", lang)
    assert total[_h("before", lang)] == pytest.approx(delta.from_coverage)
    assert total[_h("after", lang)] == pytest.approx(delta.to_coverage)
    assert total[_h("detail", lang)] == t(
        "report.changes.gaps", lang, before=delta.from_gaps, after=delta.to_gaps
    )
    listed = [(r[_h("from_id", lang)], r[_h("to_id", lang)]) for r in changed]
    assert listed[: len(delta.rows)] == [(d.old_id, d.new_id) for d in delta.rows]
    for r, d in zip(changed, delta.rows, strict=False):
        assert r[_h("change", lang)] == t(f"diff.kind.{d.change.value}", lang)
        assert r[_h("before", lang)] == (pytest.approx(d.before.coverage) if d.before else None)
        assert r[_h("after", lang)] == (pytest.approx(d.after.coverage) if d.after else None)
    # New requirements without a mapping are all named, in a delta row or a row of their own.
    unmapped = t("report.changes.new_unmapped", lang)
    named = {r[_h("to_id", lang)] for r in changed if unmapped in (r[_h("detail", lang)] or "")}
    assert named == set(delta.new_unmapped)

    attached = _section(rows_of(_sheet(written[lang], lang)), "attachment", lang)
    assert [
        (r[_h("from_id", lang)], r[_h("to_id", lang)], r[_h("change", lang)]) for r in attached
    ] == [
        (a.target, a.new_target, t(f"diff.status.{a.status.value}", lang))
        for a in delta.attachments
    ]
    statuses = {a.target: a.status.value for a in delta.attachments}
    assert statuses == {"law:3.1": "carried_over", "law:3.2": "orphaned"}  # nothing lost


def test_headers_titles_and_sections_per_language(written: dict[str, Path]) -> None:
    sv, en = _sheet(written["sv"], "sv"), _sheet(written["en"], "en")
    assert sv.title == "Ändringar"
    assert en.title == "Changes"
    sv_head = [c.value for c in sv[1]]
    en_head = [c.value for c in en[1]]
    assert sv_head[:4] == ["Avsnitt", "Källa", "Ändring", "Redaktionell / i sak"]
    assert en_head[:4] == ["Section", "Source", "Change", "Editorial / substantive"]
    assert "Ordändringar eller text" in sv_head
    assert "Word changes or text" in en_head
    assert {c.value for c in sv["A"][1:]} == {
        "Ändrad bestämmelse",
        "Mappning att granska",
        "Gapbild",
        "Bedömning eller åtgärdskoppling",
    }


def test_sheet_is_styled_like_the_others(written: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(written["sv"])
    ws = wb["Ändringar"]
    assert visible(wb)[: len(SHEET_KEYS)] == [t(f"report.sheet.{k}", "sv") for k in SHEET_KEYS]
    assert visible(wb)[-1] == "Ändringar"
    assert wb.active.title == "Ändringar"  # a diff was asked for: open on it
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:O{ws.max_row}"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.oddFooter.center.text == t("report.page", "sv")
    assert all(ws.column_dimensions[c].width for c in "ABCDEFGHIJKLMNO")
    assert ws.cell(row=2, column=14).alignment.wrap_text
    red, green = (str(CATEGORY_FILLS[k][0].start_color.rgb)[-6:] for k in ("no_measure", "covered"))
    level_fills = {c.value: fill_of(c) for c in ws["D"][1:] if c.value in ("i sak", "redaktionell")}
    assert level_fills == {"i sak": red, "redaktionell": green}
    similarity = next(c for c in ws["M"][1:] if c.value is not None)
    assert similarity.number_format == "0%"


def test_provision_text_is_never_a_formula(written: dict[str, Path]) -> None:
    ws = _sheet(written["en"], "en")
    cell = next(c for row in ws.iter_rows() for c in row if c.value == HOSTILE)
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_needs_review_alone_adds_the_sheet_with_only_review_rows(
    setup: Setup, analysed: tuple[AnalysisResult, DiffReport], tmp_path: Path
) -> None:
    catalog, org, _, _ = setup
    result, _ = analysed
    assert any(r.needs_review for r in result.requirements)
    path = tmp_path / "no-diff.xlsx"
    write_workbook(result, catalog, org, path, "en")
    wb = openpyxl.load_workbook(path)
    assert visible(wb)[-1] == "Changes"
    assert wb.active.title == "Summary"
    sections = {r["Section"] for r in rows_of(wb["Changes"])}
    assert sections == {"Mapping to review"}


def test_no_sheet_without_diff_or_review(workbook: Any, tiny: Any) -> None:
    _, _, result = tiny
    assert not any(r.needs_review for r in result.requirements)
    for lang in LANGS:
        wb = workbook(lang)
        assert visible(wb) == [t(f"report.sheet.{k}", lang) for k in SHEET_KEYS]


def test_changes_workbook_without_organisation(setup: Setup, tmp_path: Path) -> None:
    catalog, _, _, _ = setup
    report = service.diff_loaded(catalog, "law", "draft", "final")
    assert report.delta is None
    path = tmp_path / "diff.xlsx"
    write_changes_workbook(report, catalog, path, "sv", AS_OF)
    wb = openpyxl.load_workbook(path)
    assert visible(wb) == ["Ändringar"]
    rows = rows_of(wb["Ändringar"])
    sections = [r["Avsnitt"] for r in rows]
    assert sections.count("Ändrad bestämmelse") == sum(
        c.kind is not ChangeKind.UNCHANGED for c in report.diff.changes
    )
    review = [
        (r["Från (ID)"], r["Ändring"]) for r in rows if r["Avsnitt"] == "Mappning att granska"
    ]
    # The catalog's edges against the TO version; no organisation, so no links or assessments.
    assert sorted(review) == [
        ("law:2.3", t("diff.reason.added", "sv")),
        ("law:3.1", t("diff.reason.renumbered", "sv")),
        ("law:4.1", t("diff.reason.substantive", "sv")),
    ]


# --- the commands ---------------------------------------------------------------------------

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "GAPCHECK_CATALOG_DIR": None})


def test_report_command_with_diff(setup: Setup, tmp_path: Path) -> None:
    _, _, cat, org_dir = setup
    out = tmp_path / "r.xlsx"
    res = runner.invoke(
        app,
        [
            "report",
            str(org_dir),
            "-o",
            str(out),
            "--catalog",
            str(cat),
            "--as-of",
            "2026-06-01",
            "--diff",
            "law:draft:final",
        ],
    )
    assert res.exit_code == 0, res.output
    rows = rows_of(openpyxl.load_workbook(out)["Changes"])
    assert {r["Section"] for r in rows} == {
        "Changed provision",
        "Mapping to review",
        "Gap picture",
        "Assessment or measure link",
    }


def test_report_command_rejects_a_bad_diff_spec(setup: Setup, tmp_path: Path) -> None:
    _, _, cat, org_dir = setup
    res = runner.invoke(
        app,
        [
            "report",
            str(org_dir),
            "-o",
            str(tmp_path / "x.xlsx"),
            "--catalog",
            str(cat),
            "--diff",
            "law:draft",
        ],
    )
    assert res.exit_code == 1
    assert "SOURCE:FROM:TO" in res.output
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("with_org", [True, False])
def test_diff_command_writes_the_changes_sheet(
    setup: Setup, tmp_path: Path, with_org: bool
) -> None:
    _, _, cat, org_dir = setup
    out = tmp_path / "d.xlsx"
    args = [
        "diff",
        "law",
        "draft",
        "final",
        "--catalog",
        str(cat),
        "--xlsx",
        str(out),
        "--as-of",
        "2026-06-01",
        "--lang",
        "en",
        "--json",
        "-",
    ]
    if with_org:
        args += ["--org", str(org_dir)]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert res.stdout.lstrip().startswith("{")  # the JSON stays clean on stdout
    wb = openpyxl.load_workbook(out)
    sections = {r["Section"] for r in rows_of(wb["Changes"])}
    assert ("Gap picture" in sections) is with_org
    assert "Changed provision" in sections
    assert len(visible(wb)) == (len(SHEET_KEYS) + 1 if with_org else 1)
