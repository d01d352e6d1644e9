"""Excel round trip of measures: export, edit in a spreadsheet, import into measures.yaml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from gapcheck.catalog import load_catalog, load_org
from gapcheck.errors import OrganisationError
from gapcheck.model import Catalog, Lang
from gapcheck.report import xlsxread
from tests.support.report_helpers import DATA, Sheet, export, import_into

HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_export_then_import_changes_nothing(
    catalog: Catalog, org_dir: Path, tmp_path: Path, lang: Lang
) -> None:
    before = (org_dir / "measures.yaml").read_bytes()
    xlsx = tmp_path / "plan.xlsx"
    export(catalog, org_dir, xlsx, lang)
    outcome = import_into(catalog, org_dir, xlsx)
    assert outcome.changes == ()
    assert outcome.written is False
    assert (org_dir / "measures.yaml").read_bytes() == before


def test_edits_are_shown_and_written(catalog: Catalog, org_dir: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "plan.xlsx"
    org = export(catalog, org_dir, xlsx)
    sheet = Sheet(xlsx)
    sheet.set("M-02", "Status", "Genomförd")
    sheet.set("M-02", "Ansvarig", "IT-chef")
    sheet.set("M-02", "Klar senast", dt.datetime(2026, 5, 31))
    sheet.delete("M-03")
    sheet.append(
        {
            "ID": "M-04",
            "Rubrik": "MFA för alla konton",
            "Status": "planned",  # codes work as well as labels
            "Planår": 2027,
            "Kontroller": "iso27001:A.8.5 (partial)",
            "Belägg": "Beslut 2026-05\nProjektplan",
        }
    )
    outcome = import_into(catalog, org_dir, sheet.save(), allow_delete=True)
    kinds = {c.id: c.kind for c in outcome.changes}
    assert kinds == {"M-02": "changed", "M-03": "removed", "M-04": "added"}
    changed = next(c for c in outcome.changes if c.id == "M-02")
    assert {(f.field, f.old, f.new) for f in changed.fields} == {
        ("status", "in_progress", "implemented"),
        ("owner", "", "IT-chef"),
        ("due", "2026-12-31", "2026-05-31"),
    }
    assert outcome.written is True
    reloaded = load_org(org_dir, catalog)
    by_id = {m.id: m for m in reloaded.measures}
    assert [m.id for m in reloaded.measures] == ["M-01", "M-02", "M-04"]
    assert by_id["M-02"].status.value == "implemented"
    assert by_id["M-02"].due == dt.date(2026, 5, 31)
    assert by_id["M-04"].controls[0].extent.value == "partial"
    assert by_id["M-04"].evidence == ["Beslut 2026-05", "Projektplan"]
    assert by_id["M-01"] == next(m for m in org.measures if m.id == "M-01")
    # Export → import of the new state is again a no-op.
    again = tmp_path / "again.xlsx"
    export(catalog, org_dir, again, "en")
    assert import_into(catalog, org_dir, again).changes == ()


def test_dry_run_writes_nothing(catalog: Catalog, org_dir: Path, sheet: Sheet) -> None:
    sheet.set("M-01", "Ansvarig", "CISO")
    before = (org_dir / "measures.yaml").read_bytes()
    outcome = import_into(catalog, org_dir, sheet.save(), dry_run=True)
    assert [c.kind for c in outcome.changes] == ["changed"]
    assert outcome.written is False
    assert (org_dir / "measures.yaml").read_bytes() == before


def test_comments_and_hidden_fields_survive(
    catalog: Catalog, org_dir: Path, tmp_path: Path
) -> None:
    path = org_dir / "measures.yaml"
    text = path.read_text(encoding="utf-8")
    text = "# Åtgärder för Tiny kommun.\n" + text.replace(
        "  - id: M-03", "  # Direkt plikt enligt lagen.\n  - id: M-03"
    ).replace(
        "{requirement: nat:3, extent: full}",
        "{requirement: nat:3, extent: full, reviewed_against: v1}",
    )
    path.write_text(text, encoding="utf-8")
    xlsx = tmp_path / "plan.xlsx"
    export(catalog, org_dir, xlsx)
    sheet = Sheet(xlsx)
    sheet.set("M-03", "Ansvarig", "Kanslichef")
    import_into(catalog, org_dir, sheet.save())
    written = path.read_text(encoding="utf-8")
    assert written.startswith("# Åtgärder för Tiny kommun.\nmeasures:\n")
    assert "  # Direkt plikt enligt lagen.\n  - id: M-03\n" in written
    assert "reviewed_against: v1" in written
    m3 = next(m for m in load_org(org_dir, catalog).measures if m.id == "M-03")
    assert m3.owner == "Kanslichef"
    assert m3.requirements[0].reviewed_against == "v1"


def test_formula_like_title_round_trips(catalog: Catalog, org_dir: Path, tmp_path: Path) -> None:
    path = org_dir / "measures.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: Informationssäkerhetspolicy", 'title: \'=HYPERLINK("http://x","y")\''
        ),
        encoding="utf-8",
    )
    xlsx = tmp_path / "plan.xlsx"
    export(catalog, org_dir, xlsx)
    assert import_into(catalog, org_dir, xlsx).changes == ()
    sheet = Sheet(xlsx)
    sheet.set("M-02", "Ansvarig", "IT")
    import_into(catalog, org_dir, sheet.save())
    m1 = next(m for m in load_org(org_dir, catalog).measures if m.id == "M-01")
    assert m1.title == HYPERLINK


def _problems(catalog: Catalog, org_dir: Path, xlsx: Path, **kw: Any) -> list[Any]:
    with pytest.raises(OrganisationError) as info:
        import_into(catalog, org_dir, xlsx, file="plan.xlsx", **kw)
    return info.value.problems


def test_errors_name_sheet_row_and_column(catalog: Catalog, org_dir: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "plan.xlsx"
    export(catalog, org_dir, xlsx)
    before = (org_dir / "measures.yaml").read_bytes()
    sheet = Sheet(xlsx)
    sheet.set("M-02", "Status", "Klar")
    sheet.set("M-03", "Klar senast", "31/12/2026")
    sheet.set("M-01", "Kontroller", "iso27001:A.5.1 [full]")
    row = sheet.append({"ID": "M-05", "Status": "Planerad", "Kontroller": "iso27001:A.5.1"})
    problems = _problems(catalog, org_dir, sheet.save())
    text = [str(p) for p in problems]
    assert all(p.file == "plan.xlsx" for p in problems)
    by_entry = {p.entry: p for p in problems}
    assert set(by_entry) == {"M-01", "M-02", "M-03", "M-05"}
    assert (
        "sheet 'Åtgärdsplan', row 2, column D (Status): unknown status 'Klar'; "
        "use one of 'Genomförd'"
    ) in by_entry["M-02"].message
    assert "row 3, column F: Klar senast: '31/12/2026' is not a valid date" in (
        by_entry["M-03"].message
    )
    assert by_entry["M-03"].hint == "write the date as YYYY-MM-DD"
    assert "row 4, column G (Kontroller): cannot read 'iso27001:A.5.1 [full]'" in (
        by_entry["M-01"].message
    )
    assert f"row {row}, column C: Rubrik: field missing" in by_entry["M-05"].message
    assert len(text) == 4
    assert (org_dir / "measures.yaml").read_bytes() == before


def test_unknown_ids_and_duplicates(
    catalog: Catalog, org_dir: Path, tmp_path: Path, sheet: Sheet
) -> None:
    xlsx = sheet.path
    sheet.set("M-01", "Kontroller", "iso27001:A.9.99 (full)")
    sheet.set("M-03", "Krav (direkt)", "nat:99 (full)")
    sheet.append(
        {"ID": "M-02", "Rubrik": "Igen", "Status": "Planerad", "Kontroller": "iso27001:A.5.1"}
    )
    messages = [p.message for p in _problems(catalog, org_dir, sheet.save())]
    assert any("duplicate measure id (first in row 2)" in m for m in messages)
    export(catalog, org_dir, xlsx)
    sheet = Sheet(xlsx)
    sheet.set("M-01", "Kontroller", "iso27001:A.9.99 (full)")
    sheet.set("M-03", "Krav (direkt)", "nat:99 (full)")
    messages = [p.message for p in _problems(catalog, org_dir, sheet.save())]
    assert "unknown control 'iso27001:A.9.99'" in messages
    assert "unknown requirement 'nat:99'" in messages


def test_measure_without_links_is_refused(catalog: Catalog, org_dir: Path, sheet: Sheet) -> None:
    sheet.set("M-01", "Kontroller", None)
    (problem,) = _problems(catalog, org_dir, sheet.save())
    assert problem.entry == "M-01"
    assert "row 4, column G (Kontroller): a measure must link at least one control" in (
        problem.message
    )


def test_removing_a_measure_a_risk_names_is_refused(
    catalog: Catalog, org_dir: Path, sheet: Sheet
) -> None:
    sheet.delete("M-02")
    (problem,) = _problems(catalog, org_dir, sheet.save(), allow_delete=True)
    assert problem.entry == "M-02"
    assert "risk R-01" in problem.message


def test_a_workbook_without_the_sheet(catalog: Catalog, org_dir: Path, sheet: Sheet) -> None:
    sheet.ws.title = "Plan"
    (problem,) = _problems(catalog, org_dir, sheet.save())
    assert "no sheet named Åtgärdsplan / Action plan" in problem.message


def test_a_sheet_without_its_header(catalog: Catalog, org_dir: Path, sheet: Sheet) -> None:
    sheet.ws.delete_rows(1)
    (problem,) = _problems(catalog, org_dir, sheet.save())
    assert "sheet 'Åtgärdsplan': header row" in problem.message


def test_not_a_workbook_and_too_large(
    catalog: Catalog, org_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "plan.xlsx"
    fake.write_text("id;title\n", encoding="utf-8")
    (problem,) = _problems(catalog, org_dir, fake)
    assert problem.message == "not an .xlsx workbook"
    export(catalog, org_dir, fake)
    monkeypatch.setattr(xlsxread, "MAX_UPLOAD_BYTES", 1000)
    (problem,) = _problems(catalog, org_dir, fake)
    assert "the limit is" in problem.message


def test_columns_may_be_moved_and_extra_columns_added(
    catalog: Catalog, org_dir: Path, tmp_path: Path
) -> None:
    xlsx = tmp_path / "plan.xlsx"
    export(catalog, org_dir, xlsx, "en")
    sheet = Sheet(xlsx)
    sheet.ws.insert_cols(1)
    sheet.ws.cell(1, 1).value = "My notes"
    sheet.ws.cell(2, 1).value = "ask the board"
    assert import_into(catalog, org_dir, sheet.save()).changes == ()


def test_openpyxl_parses_with_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_load_catalog_is_the_tiny_one(catalog: Catalog) -> None:
    assert catalog == load_catalog(DATA / "catalog_tiny")
