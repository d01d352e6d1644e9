"""An import never loses a plan (issue 10 item 8, issue 14 items 2 and 3): the workbook says
which organisation and which measures it came from; another organisation's workbook, a stale
workbook and a conflicting edit are refused with the three-way difference; deleting needs
--allow-delete; the previous file is kept; comments survive; limits are enforced before
writing; two imports at once lose nothing."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gapcheck.catalog import load_org, yamlio
from gapcheck.errors import OrganisationError
from gapcheck.model import Catalog
from gapcheck.model.org import Measure
from gapcheck.report import importer
from gapcheck.report.meta import META_SHEET
from tests.support.report_helpers import (
    DATA,
    Sheet,
    export,
    exported,
    import_into,
    rewrite_part,
    sheet_part,
)

COMMENTED = """\
# Åtgärder för Tiny kommun (huvudkommentar).
measures:

  # ---- införda åtgärder
  - id: M-01  # policyn
    title: Informationssäkerhetspolicy
    owner: Informationssäkerhetssamordnare
    status: implemented  # beslutad av nämnden
    evidence: ["Policy (dnr 1)"]
    controls:
      - {control: iso27001:A.5.1, extent: full}  # hela kontrollen

  # ---- pågående
  - id: M-02
    title: Incidentrutin och utbildning
    # ingen ansvarig utsedd än
    status: in_progress
    due: 2026-12-31
    controls:
      - {control: iso27001:A.5.24, extent: partial}
      # utbildningen räknas till 6.3
      - {control: iso27001:A.6.3}

  - id: M-03
    title: Registrering hos tillsynsmyndigheten
    status: planned
    plan_year: 2027
    requirements:
      - {requirement: nat:3, extent: full}
# slutkommentar
"""


def _problems(catalog: Catalog, org_dir: Path, xlsx: Path, **kw: Any) -> list[str]:
    before = (org_dir / "measures.yaml").read_bytes()
    with pytest.raises(OrganisationError) as info:
        import_into(catalog, org_dir, xlsx, file="plan.xlsx", **kw)
    assert (org_dir / "measures.yaml").read_bytes() == before, "nothing is written"
    return [str(p) for p in info.value.problems]


def _edit_file(org_dir: Path, old: str, new: str) -> None:
    path = org_dir / "measures.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _measure(org_dir: Path, catalog: Catalog, ident: str) -> Measure:
    return next(m for m in load_org(org_dir, catalog).measures if m.id == ident)


# --- where the workbook came from ------------------------------------------------------------


def test_the_workbook_carries_its_organisation_and_measures_in_a_very_hidden_sheet(
    catalog: Catalog, org_dir: Path, tmp_path: Path
) -> None:
    xlsx = tmp_path / "plan.xlsx"
    export(catalog, org_dir, xlsx)
    ws = openpyxl.load_workbook(xlsx)[META_SHEET]
    assert ws.sheet_state == "veryHidden"
    rows = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert rows["organisation"] == "j:tiny"
    assert len(rows["measures_sha256"]) == 64


def test_a_workbook_of_another_organisation_is_refused(
    catalog: Catalog, org_dir: Path, copy_tree: Any, tmp_path: Path
) -> None:
    other = copy_tree(DATA / "org_tiny", "other")
    profile = other / "organisation.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("id: tiny", "id: other-org"), encoding="utf-8"
    )
    xlsx = tmp_path / "other.xlsx"
    export(catalog, other, xlsx)
    sheet = Sheet(xlsx)
    sheet.append(
        {"ID": "M-09", "Rubrik": "Ny", "Status": "Planerad", "Kontroller": "iso27001:A.5.1"}
    )
    (message,) = _problems(catalog, org_dir, sheet.save())
    assert "exported from organisation 'other-org', not from 'tiny'" in message


def test_a_workbook_without_the_hidden_sheet_is_refused(
    catalog: Catalog, org_dir: Path, sheet: Sheet
) -> None:
    sheet.wb.remove(sheet.wb[META_SHEET])
    (message,) = _problems(catalog, org_dir, sheet.save())
    assert "no hidden gapcheck sheet" in message
    assert "gapcheck report" in message


def test_an_edited_hidden_sheet_is_refused(catalog: Catalog, org_dir: Path, sheet: Sheet) -> None:
    meta = sheet.wb[META_SHEET]
    meta["B5"] = str(meta["B5"].value).replace("M-01", "M-99")
    (message,) = _problems(catalog, org_dir, sheet.save())
    assert "hidden gapcheck sheet was edited" in message


# --- deleting, backups ----------------------------------------------------------------------


def test_a_deleted_row_is_kept_and_reported_unless_deleting_is_allowed(
    catalog: Catalog, org_dir: Path, tmp_path: Path, sheet: Sheet
) -> None:
    xlsx = sheet.path
    sheet.delete("M-03")
    sheet.set("M-01", "Ansvarig", "CISO")
    kept = import_into(catalog, org_dir, sheet.save())
    assert kept.kept == ("M-03",)
    assert {c.id: c.kind for c in kept.changes} == {"M-01": "changed"}
    assert [m.id for m in load_org(org_dir, catalog).measures] == ["M-01", "M-02", "M-03"]
    removed = import_into(catalog, org_dir, xlsx, allow_delete=True)
    assert {c.id: c.kind for c in removed.changes} == {"M-03": "removed"}
    assert [m.id for m in load_org(org_dir, catalog).measures] == ["M-01", "M-02"]


def test_the_previous_file_is_kept_as_a_timestamped_backup(
    catalog: Catalog, org_dir: Path, tmp_path: Path
) -> None:
    xlsx = tmp_path / "plan.xlsx"
    export(catalog, org_dir, xlsx)
    original = (org_dir / "measures.yaml").read_bytes()
    sheet = Sheet(xlsx)
    sheet.set("M-01", "Ansvarig", "CISO")
    now = dt.datetime(2026, 6, 1, 9, 30, 5)
    first = import_into(catalog, org_dir, sheet.save(), now=now)
    assert first.backup == org_dir / "backups" / "measures-2026-06-01T093005.yaml"
    assert first.backup.read_bytes() == original
    after_first = (org_dir / "measures.yaml").read_bytes()
    sheet.set("M-03", "Ansvarig", "Kanslichef")
    second = import_into(catalog, org_dir, sheet.save(), now=now)
    assert second.backup == org_dir / "backups" / "measures-2026-06-01T093005-2.yaml"
    assert second.backup.read_bytes() == after_first
    assert first.backup.read_bytes() == original, "a backup is never overwritten"
    load_org(org_dir, catalog)  # the backups folder does not disturb the organisation


# --- the file changed since the export ---------------------------------------------------------


def test_a_stale_workbook_is_refused_with_the_three_way_difference(
    catalog: Catalog, org_dir: Path, tmp_path: Path
) -> None:
    xlsx = exported(catalog, org_dir, tmp_path / "plan.xlsx", {("M-02", "Ansvarig"): "IT-chef"})
    _edit_file(org_dir, "status: planned", "status: in_progress")  # a colleague's edit of M-03
    messages = _problems(catalog, org_dir, xlsx)
    assert "has changed since this workbook was exported; nothing was written" in messages[0]
    assert "--merge" in messages[0]
    by_id = {m.split("[", 1)[1].split("]", 1)[0]: m for m in messages[1:]}
    assert "in measures.yaml since the export: Status: Planerad → Pågår" in by_id["M-03"]
    assert "in the workbook: Ansvarig: (tom) → IT-chef" in by_id["M-02"]


def test_merge_applies_the_workbook_on_top_of_the_changed_file(
    catalog: Catalog, org_dir: Path, tmp_path: Path
) -> None:
    xlsx = exported(catalog, org_dir, tmp_path / "plan.xlsx", {("M-02", "Ansvarig"): "IT-chef"})
    _edit_file(org_dir, "status: planned", "status: in_progress")
    outcome = import_into(catalog, org_dir, xlsx, merge=True)
    assert outcome.written
    assert any("changed since the export" in str(w) for w in outcome.warnings)
    assert _measure(org_dir, catalog, "M-02").owner == "IT-chef"
    assert _measure(org_dir, catalog, "M-03").status.value == "in_progress"


def test_the_same_field_changed_on_both_sides_is_a_conflict_even_with_merge(
    catalog: Catalog, org_dir: Path, tmp_path: Path
) -> None:
    xlsx = exported(catalog, org_dir, tmp_path / "plan.xlsx", {("M-02", "Status"): "Genomförd"})
    _edit_file(org_dir, "status: in_progress", "status: partially_implemented")
    messages = _problems(catalog, org_dir, xlsx, merge=True)
    conflict = next(m for m in messages if "[M-02]" in m)
    assert (
        "conflict in Status: exported 'Pågår', now 'Delvis genomförd' in measures.yaml, "
        "'Genomförd' in the workbook"
    ) in conflict


def test_importing_the_same_workbook_again_after_more_edits_needs_no_merge(
    catalog: Catalog, org_dir: Path, sheet: Sheet
) -> None:
    sheet.set("M-02", "Ansvarig", "IT-chef")
    import_into(catalog, org_dir, sheet.save())
    sheet.set("M-03", "Ansvarig", "Kanslichef")
    again = import_into(catalog, org_dir, sheet.save())  # the file's change is the sheet's own
    assert {c.id for c in again.changes} == {"M-03"}
    assert _measure(org_dir, catalog, "M-02").owner == "IT-chef"


def test_a_measure_added_to_the_file_after_the_export_is_never_deleted(
    catalog: Catalog, org_dir: Path, tmp_path: Path
) -> None:
    xlsx = tmp_path / "plan.xlsx"
    export(catalog, org_dir, xlsx)
    path = org_dir / "measures.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - id: M-09\n    title: Ny\n    status: planned\n"
        "    controls:\n      - {control: iso27001:A.5.1, extent: full}\n",
        encoding="utf-8",
    )
    sheet = Sheet(xlsx)
    sheet.set("M-02", "Ansvarig", "IT-chef")
    outcome = import_into(catalog, org_dir, sheet.save(), merge=True, allow_delete=True)
    assert "M-09" in [m.id for m in outcome.measures]
    assert "M-09" in [m.id for m in load_org(org_dir, catalog).measures]


# --- comments, validation, limits --------------------------------------------------------------


def test_every_comment_survives_an_import(catalog: Catalog, org_dir: Path, tmp_path: Path) -> None:
    (org_dir / "measures.yaml").write_text(COMMENTED, encoding="utf-8")
    xlsx = tmp_path / "plan.xlsx"
    export(catalog, org_dir, xlsx)
    sheet = Sheet(xlsx)
    sheet.set("M-01", "Status", "Delvis genomförd")
    sheet.set("M-02", "Ansvarig", "IT-chef")
    sheet.set("M-02", "Kontroller", "iso27001:A.5.24 (hel); iso27001:A.6.3 (hel)")
    sheet.set("M-03", "Planår", 2028)
    sheet.append(
        {"ID": "M-04", "Rubrik": "MFA", "Status": "Planerad", "Kontroller": "iso27001:A.8.5"}
    )
    outcome = import_into(catalog, org_dir, sheet.save())
    assert outcome.warnings == ()
    written = (org_dir / "measures.yaml").read_text(encoding="utf-8")
    comments = [line.strip() for line in COMMENTED.splitlines() if "#" in line]
    for comment in comments:
        fragment = comment[comment.index("#") :]
        assert fragment in written, fragment
    assert "    owner: IT-chef\n    # ingen ansvarig utsedd än\n" not in written
    assert "  - id: M-01  # policyn\n" in written
    by_id = {m.id: m for m in load_org(org_dir, catalog).measures}
    assert by_id["M-01"].status.value == "partially_implemented"
    assert by_id["M-03"].plan_year == 2028
    assert [m.id for m in by_id.values()] == ["M-01", "M-02", "M-03", "M-04"]
    assert written.startswith("# Åtgärder för Tiny kommun (huvudkommentar).\nmeasures:\n")


def test_plan_year_and_due_in_different_years_is_a_problem(
    catalog: Catalog, org_dir: Path, sheet: Sheet
) -> None:
    sheet.set("M-02", "Planår", 2027)  # due 2026-12-31
    (message,) = _problems(catalog, org_dir, sheet.save())
    assert "[M-02]" in message
    assert "plan_year 2027 and due 2026-12-31 disagree" in message
    assert "column F (Klar senast)" in message or "column A (Planår)" in message
    _edit_file(org_dir, "due: 2026-12-31", "due: 2026-12-31\n    plan_year: 2027")
    with pytest.raises(OrganisationError) as info:
        load_org(org_dir, catalog)
    assert any("disagree" in p.message and p.entry == "M-02" for p in info.value.problems)


def test_the_import_refuses_what_the_loader_would_refuse_before_writing(
    catalog: Catalog, org_dir: Path, sheet: Sheet, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet.set("M-02", "Beskrivning", "ord " * 5000)  # 20 kB: over the (lowered) file limit
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 10_000)
    (message,) = _problems(catalog, org_dir, sheet.save())
    assert "measures.yaml" in message
    assert "10000" in message or "10,000" in message or "limit" in message
    assert len(message) < 400, "the huge value is not echoed"
    load_org(org_dir, catalog)


def test_a_cell_over_excels_limit_is_refused_without_echoing_it(
    catalog: Catalog, org_dir: Path, tmp_path: Path
) -> None:
    xlsx = tmp_path / "plan.xlsx"
    export(catalog, org_dir, xlsx)
    # Excel (and openpyxl) never write more than 32,767 characters to a cell: a hostile file.
    rewrite_part(
        xlsx,
        sheet_part(xlsx, "Åtgärdsplan"),
        lambda xml: xml.replace(b">Incidentrutin och utbildning<", b">" + b"x" * 40_000 + b"<"),
    )
    (message,) = _problems(catalog, org_dir, xlsx)
    assert "column C (Rubrik): the cell holds 40,000 characters" in message
    assert "x" * 100 not in message


def test_long_values_are_cut_in_the_listed_changes(
    catalog: Catalog, org_dir: Path, tmp_path: Path
) -> None:
    from gapcheck.report.importer import change_lines

    xlsx = tmp_path / "plan.xlsx"
    export(catalog, org_dir, xlsx)
    sheet = Sheet(xlsx)
    sheet.set("M-02", "Beskrivning", "lång " * 6000)
    outcome = import_into(catalog, org_dir, sheet.save(), dry_run=True)
    (change,) = outcome.changes
    lines = change_lines(change, "sv")
    assert max(len(line) for line in lines) < 250
    assert "(29,999 characters)" in lines[1]


# --- two imports at once -----------------------------------------------------------------------


def test_an_import_waits_for_the_lock_then_sees_the_other_imports_change(
    catalog: Catalog, org_dir: Path, tmp_path: Path
) -> None:
    from filelock import FileLock

    xlsx = exported(catalog, org_dir, tmp_path / "plan.xlsx", {("M-02", "Ansvarig"): "IT-chef"})
    org = load_org(org_dir, catalog)
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(importer.import_measures(xlsx, org_dir, catalog, org))
        except OrganisationError as exc:
            outcome.append(exc)

    lock = FileLock(str(org_dir / importer.LOCK_NAME))
    with lock:
        thread = threading.Thread(target=run)
        thread.start()
        time.sleep(0.5)
        assert outcome == [], "the import waits while another one holds the lock"
        # The other import writes while holding the lock.
        _edit_file(org_dir, "status: planned", "status: in_progress")
    thread.join(timeout=60)
    (refused,) = outcome
    assert isinstance(refused, OrganisationError)
    assert "changed since this workbook was exported" in str(refused)
    assert _measure(org_dir, catalog, "M-03").status.value == "in_progress"


def test_an_import_gives_up_on_a_lock_held_too_long(
    catalog: Catalog, org_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    xlsx = exported(catalog, org_dir, tmp_path / "plan.xlsx", {("M-02", "Ansvarig"): "IT-chef"})
    monkeypatch.setattr(importer, "LOCK_TIMEOUT", 0.2)
    with FileLock(str(org_dir / importer.LOCK_NAME)):
        (message,) = _problems(catalog, org_dir, xlsx)
    assert "another import into this organisation has held its lock" in message


def test_two_imports_at_once_lose_nothing(catalog: Catalog, org_dir: Path, tmp_path: Path) -> None:
    edits = {"a": ("M-01", "CISO"), "b": ("M-02", "IT-chef")}
    books = {}
    for name, (ident, owner) in edits.items():
        books[name] = tmp_path / f"{name}.xlsx"
        export(catalog, org_dir, books[name])
        sheet = Sheet(books[name])
        sheet.set(ident, "Ansvarig", owner)
        sheet.save()
    code = "from gapcheck.cli import main; main()"
    runs = {
        name: subprocess.Popen(
            [
                sys.executable,
                "-c",
                code,
                "import-measures",
                str(book),
                str(org_dir),
                "--catalog",
                str(DATA / "catalog_tiny"),
                "--lang",
                "en",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, book in books.items()
    }
    done = {name: (p.wait(timeout=120), p.communicate()) for name, p in runs.items()}
    codes = sorted(code for code, _ in done.values())
    assert codes == [0, 1], done
    owners = {m.id: m.owner for m in load_org(org_dir, catalog).measures}
    for name, (status, (_, err)) in done.items():
        ident, owner = edits[name]
        if status == 0:
            assert owners[ident] == owner
        else:
            assert "changed since this workbook was exported" in err
            assert owners[ident] != owner  # refused, and said so: nothing silently lost
