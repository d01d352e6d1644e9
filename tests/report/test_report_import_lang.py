"""`gapcheck import-measures` reports in the import's language (issue 10 item 7): --lang, else
the organisation's language. Each problem and notice still names the row, the column (with the
header as the sheet writes it) and the value typed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from gapcheck.cli.app import app
from tests.support.report_helpers import DATA, Sheet, rewrite_part, sheet_part

CATALOG = ["--catalog", str(DATA / "catalog_tiny")]


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, [*args, *CATALOG])


def _workbook(org_dir: Path, tmp_path: Path, edits: dict[str, str]) -> Path:
    """The organisation's Swedish workbook with `edits` ({cell ref: inner XML of the cell}) in
    its Action plan sheet."""
    path = tmp_path / "plan.xlsx"
    result = _run("report", str(org_dir), "-o", str(path), "--as-of", "2026-06-01", "--lang", "sv")
    assert result.exit_code == 0, result.output

    def change(xml: bytes) -> bytes:
        for ref, inner in edits.items():
            pattern = rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)'
            cell = f'<c r="{ref}" t="inlineStr">{inner}</c>'.encode()
            if inner.startswith("<f>"):
                cell = f'<c r="{ref}" t="str">{inner}</c>'.encode()
            xml, n = re.subn(pattern, cell, xml, count=1, flags=re.S)
            assert n == 1, ref
        return xml

    return rewrite_part(path, sheet_part(path, "Åtgärdsplan"), change)


def _text(value: str) -> str:
    return f"<is><t>{value}</t></is>"


# How the run is told its language: --lang, or the organisation's own (organisation.yaml).
WAYS = {
    "sv": ((), "sv"),
    "en": (("--lang", "en"), "sv"),
    "en-org": ((), "en"),
}


@pytest.fixture(params=sorted(WAYS))
def way(request: pytest.FixtureRequest, org_dir: Path) -> tuple[str, tuple[str, ...]]:
    """(the language the messages must be in, the extra CLI arguments)."""
    args, org_lang = WAYS[request.param]
    profile = org_dir / "organisation.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("language: sv", f"language: {org_lang}"),
        encoding="utf-8",
    )
    return request.param[:2], args


def _import(xlsx: Path, org_dir: Path, args: tuple[str, ...]) -> Any:
    return _run("import-measures", str(xlsx), str(org_dir), "--dry-run", *args)


# Words of the other language that must not appear in a message.
FOREIGN = {
    "sv": ("sheet", "row ", "column", "unknown", "did you mean", "not a valid", "formula"),
    "en": ("bladet", "rad ", "kolumn", "okänd", "menade du", "giltigt", "formel"),
}


def test_bad_status_and_bad_date_are_told_in_the_imports_language(
    org_dir: Path, tmp_path: Path, way: tuple[str, tuple[str, ...]]
) -> None:
    lang, args = way
    xlsx = _workbook(org_dir, tmp_path, {"D2": _text("Genomfört"), "F3": _text("31/12/2026")})
    result = _import(xlsx, org_dir, args)
    assert result.exit_code == 1
    out = " ".join(result.output.split())  # the console may wrap long lines
    if lang == "sv":
        assert (
            "[M-02]: bladet 'Åtgärdsplan', rad 2, kolumn D (Status): okänd status 'Genomfört'; "
            "använd en av 'Genomförd'"
        ) in out
        assert "— menade du 'Genomförd'?" in out
        assert "rad 3, kolumn F: Klar senast: '31/12/2026' är inget giltigt datum" in out
    else:
        assert (
            "[M-02]: sheet 'Åtgärdsplan', row 2, column D (Status): unknown status 'Genomfört'; "
            "use one of 'Genomförd'"
        ) in out
        assert "— did you mean 'Genomförd'?" in out
        assert "row 3, column F: Klar senast: '31/12/2026' is not a valid date" in out
    for word in FOREIGN[lang]:
        assert word not in out.replace(str(tmp_path), ""), word


def test_an_unknown_control_id_is_told_with_the_nearest_one(
    org_dir: Path, tmp_path: Path, way: tuple[str, tuple[str, ...]]
) -> None:
    lang, args = way
    xlsx = _workbook(org_dir, tmp_path, {"G2": _text("iso27001:A.5.244 (delvis)")})
    result = _import(xlsx, org_dir, args)
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    if lang == "sv":
        assert "[M-02]: okänd kontroll 'iso27001:A.5.244' — menade du 'iso27001:A.5.24'?" in out
    else:
        assert "[M-02]: unknown control 'iso27001:A.5.244' — did you mean 'iso27001:A.5.24'?" in (
            out
        )
    for word in FOREIGN[lang]:
        assert word not in out.replace(str(tmp_path), ""), word


def test_a_formula_cell_notice_is_told_in_the_imports_language(
    org_dir: Path, tmp_path: Path, way: tuple[str, tuple[str, ...]]
) -> None:
    lang, args = way
    formula = '<f>"IT-"&amp;"chef"</f><v>IT-chef</v>'
    xlsx = _workbook(org_dir, tmp_path, {"E2": formula})
    result = _import(xlsx, org_dir, args)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    if lang == "sv":
        assert (
            "varning: plan.xlsx: bladet 'Åtgärdsplan', rad 2, kolumn E (Ansvarig): cellen "
            "innehåller en formel; värdet den hade när arbetsboken senast sparades importerades "
            "— skriv in själva värdet"
        ) in out.replace(str(tmp_path) + "/", "")
        assert "Ansvarig: (tom) → IT-chef" in out
    else:
        assert (
            "warning: plan.xlsx: sheet 'Åtgärdsplan', row 2, column E (Ansvarig): the cell "
            "holds a formula; the value it had when the workbook was last saved was imported "
            "— type the value itself"
        ) in out.replace(str(tmp_path) + "/", "")
        assert "Owner: (empty) → IT-chef" in out


def test_a_damaged_workbook_and_a_missing_hidden_sheet_are_told_in_both_languages(
    org_dir: Path, tmp_path: Path
) -> None:
    from gapcheck.report.xlsxread import read_workbook

    xlsx = _workbook(org_dir, tmp_path, {})
    part = sheet_part(xlsx, "Åtgärdsplan")
    rewrite_part(xlsx, part, lambda xml: xml[: len(xml) // 2])
    (damaged,) = read_workbook(xlsx, "plan.xlsx").problems
    assert damaged.render("sv").startswith(
        "plan.xlsx: bladet 'Åtgärdsplan': bladets XML är skadad (XML-rad "
    )
    assert damaged.render("en").startswith(
        "plan.xlsx: sheet 'Åtgärdsplan': the sheet's XML is damaged (XML line "
    )
    bare = tmp_path / "bare.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Åtgärdsplan"
    wb.active.append(["ID", "Rubrik", "Status"])
    wb.save(bare)
    read = read_workbook(bare, "bare.xlsx")
    assert read.meta is None
    assert read.meta_problem is not None
    assert read.meta_problem.render("sv") == (
        "arbetsboken har inget dolt gapcheck-blad (den skrevs inte av gapcheck)"
    )
    assert read.meta_problem.render("en") == (
        "the workbook has no hidden gapcheck sheet (it was not written by gapcheck)"
    )


def _edited_on_both_sides(org_dir: Path, tmp_path: Path, owner: str) -> Path:
    """The workbook with M-02 implemented, M-03's row deleted and M-01's owner set to
    `owner`, after measures.yaml changed M-01's owner to CISO."""
    xlsx = _workbook(org_dir, tmp_path, {})
    sheet = Sheet(xlsx)
    sheet.set("M-01", "Ansvarig", owner)
    sheet.set("M-02", "Status", "Genomförd")
    sheet.delete("M-03")
    sheet.save()
    measures = org_dir / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    measures.write_text(text.replace("Informationssäkerhetssamordnare", "CISO"), encoding="utf-8")
    return xlsx


def test_a_conflict_with_the_changed_file_is_told_in_the_imports_language(
    org_dir: Path, tmp_path: Path, way: tuple[str, tuple[str, ...]]
) -> None:
    lang, args = way
    xlsx = _edited_on_both_sides(org_dir, tmp_path, "IT-chef")
    result = _import(xlsx, org_dir, args)
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    if lang == "sv":
        assert "har ändrats sedan arbetsboken exporterades; inget skrevs" in out
        assert (
            "[M-01]: konflikt i Ansvarig: exporterat 'Informationssäkerhetssamordnare', nu "
            "'CISO' i measures.yaml, 'IT-chef' i arbetsboken"
        ) in out
        assert "[M-02]: i arbetsboken: Status: Pågår → Genomförd" in out
    else:
        assert "has changed since this workbook was exported; nothing was written" in out
        assert (
            "[M-01]: conflict in Owner: exported 'Informationssäkerhetssamordnare', now "
            "'CISO' in measures.yaml, 'IT-chef' in the workbook"
        ) in out
        assert "[M-02]: in the workbook: Status: In progress → Implemented" in out


def test_a_merge_over_the_changed_file_and_a_kept_row_are_told_in_the_imports_language(
    org_dir: Path, tmp_path: Path, way: tuple[str, tuple[str, ...]]
) -> None:
    lang, args = way
    xlsx = _edited_on_both_sides(org_dir, tmp_path, "Informationssäkerhetssamordnare")
    result = _import(xlsx, org_dir, (*args, "--merge"))
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    if lang == "sv":
        assert "measures.yaml hade ändrats sedan exporten; dess ändringar behölls" in out
        assert "kvar: M-03 finns inte i bladet men togs inte bort" in out
    else:
        assert "measures.yaml had changed since the export; its changes were kept" in out
        assert "kept: M-03 is not in the sheet but was not removed" in out
