"""`gapcheck report`, `gapcheck analyze --xlsx` and `gapcheck import-measures`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from gapcheck.cli.app import app
from tests.support.report_helpers import DATA

CATALOG = ["--catalog", str(DATA / "catalog_tiny")]


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, [*args, *CATALOG])


def test_report_writes_the_workbook(org_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "tiny.xlsx"
    result = _run("report", str(org_dir), "-o", str(out), "--as-of", "2026-06-01", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Workbook written to" in result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Summary"
    assert not list(out.parent.glob(".*.tmp")), "no temporary file is left behind"


def test_report_defaults_to_the_organisations_language(org_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tiny.xlsx"
    assert _run("report", str(org_dir), "-o", str(out)).exit_code == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == "Sammanfattning"


def test_report_rejects_a_bad_language(org_dir: Path, tmp_path: Path) -> None:
    result = _run("report", str(org_dir), "-o", str(tmp_path / "x.xlsx"), "--lang", "de")
    assert result.exit_code == 2


def test_analyze_also_writes_the_workbook(org_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tiny.xlsx"
    result = _run("analyze", str(org_dir), "--xlsx", str(out), "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_import_round_trip_through_the_cli(org_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tiny.xlsx"
    assert _run("report", str(org_dir), "-o", str(out), "--as-of", "2026-06-01").exit_code == 0
    result = _run("import-measures", str(out), str(org_dir))
    assert result.exit_code == 0, result.output
    assert "Inga ändringar" in result.output
    wb = openpyxl.load_workbook(out)
    ws = wb["Åtgärdsplan"]
    ws["E4"] = "CISO"  # owner of M-01 (third row: grouped by year, no year last)
    wb.save(out)
    before = (org_dir / "measures.yaml").read_text(encoding="utf-8")
    dry = _run("import-measures", str(out), str(org_dir), "--dry-run", "--lang", "en")
    assert dry.exit_code == 0, dry.output
    assert "changed measure M-01" in dry.output
    assert "Owner: Informationssäkerhetssamordnare → CISO" in dry.output
    assert "Dry run" in dry.output
    assert (org_dir / "measures.yaml").read_text(encoding="utf-8") == before
    done = _run("import-measures", str(out), str(org_dir))
    assert done.exit_code == 0, done.output
    assert "owner: CISO" in (org_dir / "measures.yaml").read_text(encoding="utf-8")


def test_import_errors_exit_1_with_sheet_row_and_column(org_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tiny.xlsx"
    assert _run("report", str(org_dir), "-o", str(out)).exit_code == 0
    wb = openpyxl.load_workbook(out)
    wb["Åtgärdsplan"]["D2"] = "Klar"
    wb.save(out)
    result = _run("import-measures", str(out), str(org_dir))
    assert result.exit_code == 1
    assert "[M-02]: bladet 'Åtgärdsplan', rad 2, kolumn D (Status)" in result.output
    assert "Traceback" not in result.output


def test_help_does_not_load_openpyxl_or_pandas() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from gapcheck.cli.app import app\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "CliRunner().invoke(app, ['report', '--help'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'pandas')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
