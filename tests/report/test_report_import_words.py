"""`gapcheck import-measures` speaks the sheet's language: changes listed with the column
headers and status labels, errors naming the sheet's own headers and labels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from gapcheck.cli.app import app
from gapcheck.model import Lang
from tests.support.report_helpers import DATA

CATALOG = ["--catalog", str(DATA / "catalog_tiny")]
SHEET = {"sv": "Åtgärdsplan", "en": "Action plan"}


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, [*args, *CATALOG])


def _export(org_dir: Path, path: Path, lang: Lang) -> Path:
    result = _run("report", str(org_dir), "-o", str(path), "--as-of", "2026-06-01", "--lang", lang)
    assert result.exit_code == 0, result.output
    return path


def _edit(path: Path, lang: Lang, edits: dict[tuple[str, str], object]) -> Path:
    """Set cells by (measure id, header text) in the Action plan sheet, as in Excel."""
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET[lang]]
    cols = {c.value: c.column for c in ws[1]}
    rows = {ws.cell(r, cols["ID"]).value: r for r in range(2, ws.max_row + 1)}
    for (ident, header), value in edits.items():
        ws.cell(rows[ident], cols[header]).value = value
    wb.save(path)
    return path


def _dry_run(path: Path, org_dir: Path, *lang: str) -> str:
    result = _run("import-measures", str(path), str(org_dir), "--dry-run", *lang)
    assert result.exit_code == 0, result.output
    return str(result.output)


RAW = ("in_progress", "implemented", "status:", "owner:", "due:")


def test_swedish_sheet_changes_are_listed_in_swedish(org_dir: Path, tmp_path: Path) -> None:
    xlsx = _export(org_dir, tmp_path / "plan.xlsx", "sv")
    _edit(
        xlsx,
        "sv",
        {
            ("M-02", "Status"): "Genomförd",
            ("M-02", "Ansvarig"): "IT-chef",
            ("M-02", "Klar senast"): dt.datetime(2026, 5, 31),
        },
    )
    before = (org_dir / "measures.yaml").read_bytes()
    out = _dry_run(xlsx, org_dir)  # the organisation's language: sv
    assert "ändrad åtgärd M-02" in out
    assert "Status: Pågår → Genomförd" in out
    assert "Ansvarig: (tom) → IT-chef" in out
    assert "Klar senast: 2026-12-31 → 2026-05-31" in out
    assert "Torrkörning" in out
    for raw in RAW:
        assert raw not in out, raw
    lines = out.splitlines()
    assert lines.index("  Status: Pågår → Genomförd") < lines.index("  Ansvarig: (tom) → IT-chef")
    assert (org_dir / "measures.yaml").read_bytes() == before


def test_added_and_removed_measures_in_swedish(org_dir: Path, tmp_path: Path) -> None:
    xlsx = _export(org_dir, tmp_path / "plan.xlsx", "sv")
    wb = openpyxl.load_workbook(xlsx)
    ws = wb[SHEET["sv"]]
    cols = {c.value: c.column for c in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, cols["ID"]).value == "M-03")
    ws.delete_rows(row)
    new = ws.max_row + 1
    for header, value in {
        "ID": "M-04",
        "Rubrik": "MFA",
        "Status": "Planerad",
        "Kontroller": "iso27001:A.8.5",
    }.items():
        ws.cell(new, cols[header]).value = value
    wb.save(xlsx)
    kept = _dry_run(xlsx, org_dir)
    assert "ny åtgärd M-04" in kept
    assert "kvar: M-03 finns inte i bladet men togs inte bort" in kept
    assert "borttagen" not in kept
    out = _dry_run(xlsx, org_dir, "--allow-delete")
    assert "ny åtgärd M-04" in out
    assert "borttagen åtgärd M-03" in out


def test_lang_option_lists_the_changes_in_english(org_dir: Path, tmp_path: Path) -> None:
    xlsx = _export(org_dir, tmp_path / "plan.xlsx", "sv")
    _edit(xlsx, "sv", {("M-02", "Status"): "Genomförd", ("M-02", "Ansvarig"): "IT-chef"})
    out = _dry_run(xlsx, org_dir, "--lang", "en")
    assert "changed measure M-02" in out
    assert "Status: In progress → Implemented" in out
    assert "Owner: (empty) → IT-chef" in out
    assert "in_progress" not in out
    assert "owner:" not in out


def test_english_sheet_gives_english_labels(org_dir: Path, tmp_path: Path) -> None:
    xlsx = _export(org_dir, tmp_path / "plan.xlsx", "en")
    _edit(
        xlsx,
        "en",
        {("M-02", "Status"): "Implemented", ("M-02", "Due"): dt.datetime(2026, 5, 31)},
    )
    out = _dry_run(xlsx, org_dir, "--lang", "en")
    assert "Status: In progress → Implemented" in out
    assert "Due: 2026-12-31 → 2026-05-31" in out
    for raw in RAW:
        assert raw not in out, raw


def test_invalid_status_in_a_swedish_sheet_is_answered_in_swedish(
    org_dir: Path, tmp_path: Path
) -> None:
    xlsx = _export(org_dir, tmp_path / "plan.xlsx", "sv")
    _edit(
        xlsx,
        "sv",
        {
            ("M-02", "Status"): "Klart",
            ("M-03", "Status"): "Genomfört",
            ("M-01", "Klar senast"): "31/12/2026",
        },
    )
    before = (org_dir / "measures.yaml").read_bytes()
    result = _run("import-measures", str(xlsx), str(org_dir), "--dry-run")
    assert result.exit_code == 1
    out = result.output
    assert "[M-02]: bladet 'Åtgärdsplan', rad 2, kolumn D (Status): okänd status 'Klart'" in out
    assert (
        "använd en av 'Genomförd', 'Delvis genomförd', 'Pågår', 'Planerad', 'Ej påbörjad', "
        "'Avbruten'"
    ) in out
    assert "menade du 'Genomförd'?" in out  # for M-03's "Genomfört"
    assert (
        "[M-01]: bladet 'Åtgärdsplan', rad 4, kolumn F: Klar senast: '31/12/2026' är inget "
        "giltigt datum — skriv"
    ) in out
    for english in ("(Due)", "implemented", "in_progress", "'planned'", "Input should be '"):
        assert english not in out, english
    for english in ("sheet", "row", "column", "unknown", "did you mean"):
        assert english not in out, english
    assert out.count("okänd status") == 2  # once each; the model does not echo it
    (klart,) = [line for line in out.splitlines() if "'Klart'" in line]
    assert klart.endswith("'Avbruten'")  # nothing is close to "Klart": no hint
    assert (org_dir / "measures.yaml").read_bytes() == before


def test_invalid_status_in_an_english_sheet_is_answered_in_english(
    org_dir: Path, tmp_path: Path
) -> None:
    xlsx = _export(org_dir, tmp_path / "plan.xlsx", "en")
    _edit(xlsx, "en", {("M-02", "Status"): "Implemnted", ("M-01", "Due"): "31/12/2026"})
    result = _run("import-measures", str(xlsx), str(org_dir), "--dry-run", "--lang", "en")
    assert result.exit_code == 1
    out = result.output
    assert "sheet 'Action plan', row 2, column D (Status): unknown status 'Implemnted'" in out
    assert "'Implemented', 'Partially implemented', 'In progress'" in out
    assert "did you mean 'Implemented'?" in out
    assert (
        "[M-01]: sheet 'Action plan', row 4, column F: Due: '31/12/2026' is not a valid date "
        "— write the date as YYYY-MM-DD"
    ) in out
    assert "Genomförd" not in out
    assert "Klar senast" not in out
