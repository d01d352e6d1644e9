"""Assembling the management workbook and writing it atomically."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook

from gapcheck.atomic import write_bytes_atomic
from gapcheck.engine.impact import MeasureImpact, measure_impacts
from gapcheck.errors import Msg, OutputError
from gapcheck.i18n import t
from gapcheck.model import Catalog, Lang, OrgData
from gapcheck.model.result import AnalysisResult
from gapcheck.model.runs import FollowUp
from gapcheck.report.cells import setup_print
from gapcheck.report.changes import as_reports, has_changes, review_of, write_changes
from gapcheck.report.controls import write_controls
from gapcheck.report.followup import FOLLOWUP_TITLE, write_followup
from gapcheck.report.meta import write_meta
from gapcheck.report.plan import write_plan
from gapcheck.report.risks import write_risks, write_trace
from gapcheck.report.sheets import write_gaps, write_requirements
from gapcheck.report.summary import write_summary
from gapcheck.report.transfers import write_transfers
from gapcheck.versions import DiffReport

__all__ = [
    "CHANGES_TITLE",
    "SHEET_KEYS",
    "build_changes_workbook",
    "build_workbook",
    "sheet_title",
    "write_changes_workbook",
    "write_workbook",
]

SHEET_KEYS = (
    "summary",
    "requirements",
    "gaps",
    "plan",
    "controls",
    "risks",
    "transfers",
    "trace",
)
"""The sheets in workbook order; titles are `report.sheet.<key>` in the translation table."""

CHANGES_TITLE = "report.changes.sheet"
"""Key of the Changes sheet's title; the sheet comes last, and only when there is something
to show (a diff, or a mapping to review): see `gapcheck.report.changes`."""

Changes = DiffReport | Sequence[DiffReport] | None


def sheet_title(key: str, lang: Lang) -> str:
    return t(f"report.sheet.{key}", lang)


def build_workbook(
    result: AnalysisResult,
    catalog: Catalog,
    org: OrgData,
    lang: Lang,
    impacts: Mapping[str, MeasureImpact] | None = None,
    changes: Changes = None,
    followup: FollowUp | None = None,
) -> Workbook:
    """The workbook in memory; `impacts` defaults to `measure_impacts(catalog, org, result)`.

    `changes` (diff reports, e.g. from `service.diff_loaded`) and any mapping to review in
    `result` add the Changes sheet, which is then opened first when diffs were given.
    """
    if impacts is None:
        impacts = measure_impacts(catalog, org, result)
    refs = {c.id: c.ref for c in catalog.controls}
    wb = Workbook()
    sheets = {key: wb.create_sheet(sheet_title(key, lang)) for key in SHEET_KEYS}
    wb.remove(wb.worksheets[0])  # the default empty sheet
    write_summary(sheets["summary"], result, catalog, refs, lang)
    write_requirements(sheets["requirements"], result, refs, lang)
    write_gaps(sheets["gaps"], result, refs, lang)
    write_plan(sheets["plan"], org, impacts, result.as_of, result.plan_years, lang)
    write_controls(sheets["controls"], result, catalog, org, lang)
    write_risks(sheets["risks"], result, org, lang)
    write_transfers(sheets["transfers"], result, catalog, org, lang)
    write_trace(sheets["trace"], result, catalog, refs, lang)
    if followup is not None:  # saved runs exist: Uppföljning right after the Summary
        sheets["followup"] = wb.create_sheet(t(FOLLOWUP_TITLE, lang), 1)
        write_followup(sheets["followup"], followup, result.organisation_name, lang)
    reports = as_reports(changes)
    review = review_of(catalog, result, org)
    if has_changes(reports, review):
        sheets["changes"] = wb.create_sheet(t(CHANGES_TITLE, lang))
        write_changes(sheets["changes"], reports, review, catalog, lang)
    for ws in sheets.values():
        setup_print(ws, result.organisation_name, result.as_of, lang)
    wb.active = len(wb.worksheets) - 1 if reports else 0
    # Last, and very hidden: where the Action plan came from, for a safe import.
    write_meta(wb, org.organisation.id, org.measures, t("report.meta.note", lang))
    _properties(wb, result, lang)
    return wb


def _properties(wb: Workbook, result: AnalysisResult, lang: Lang) -> None:
    props = wb.properties
    props.title = t("report.doc_title", lang, org=result.organisation_name)
    props.subject = t("report.doc_subject", lang)
    props.creator = "gapcheck"
    props.lastModifiedBy = "gapcheck"
    props.description = t("report.as_of", lang, date=result.as_of.isoformat())
    props.keywords = "NIS2, CSL, CER, GDPR, ISO/IEC 27001:2022"
    props.language = "sv-SE" if lang == "sv" else "en-GB"
    # The analysis date, not the wall clock, so the same input gives the same properties.
    props.created = dt.datetime.combine(result.as_of, dt.time())


def write_workbook(
    result: AnalysisResult,
    catalog: Catalog,
    org: OrgData,
    path: Path,
    lang: Lang,
    impacts: Mapping[str, MeasureImpact] | None = None,
    changes: Changes = None,
    followup: FollowUp | None = None,
) -> None:
    """Write the management workbook to `path` via a temporary file and an atomic rename;
    `followup` (saved runs) adds the Uppföljning sheet."""
    wb = build_workbook(result, catalog, org, lang, impacts, changes, followup)
    save_atomic(wb, path)


def build_changes_workbook(
    changes: Changes, catalog: Catalog, lang: Lang, as_of: dt.date
) -> Workbook:
    """A workbook with the Changes sheet alone: a diff without an organisation (mappings to
    review are the catalog's edges, against each report's TO version)."""
    reports = as_reports(changes)
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = t(CHANGES_TITLE, lang)
    write_changes(ws, reports, review_of(catalog, None, None, reports), catalog, lang)
    title = ", ".join(
        f"{r.diff.source_short} {r.diff.from_version} → {r.diff.to_version}" for r in reports
    )
    setup_print(ws, title, as_of, lang)
    props = wb.properties
    props.title = f"{t(CHANGES_TITLE, lang)} – {title}"
    props.creator = props.lastModifiedBy = "gapcheck"
    props.language = "sv-SE" if lang == "sv" else "en-GB"
    props.created = dt.datetime.combine(as_of, dt.time())
    return wb


def write_changes_workbook(
    changes: Changes, catalog: Catalog, path: Path, lang: Lang, as_of: dt.date
) -> None:
    """`build_changes_workbook`, saved atomically to `path`."""
    save_atomic(build_changes_workbook(changes, catalog, lang, as_of), path)


def save_atomic(wb: Workbook, path: Path) -> None:
    """Save `wb` to `path` with `write_bytes_atomic`; no partial file is ever left.

    The workbook is zipped in memory first: a zip file that fails half-written (a full disk)
    would complain again when garbage-collected ("Exception ignored in ZipFile.__del__")."""
    buffer = io.BytesIO()
    try:
        wb.save(buffer)  # openpyxl writes each sheet to a temporary file first
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(
            Msg.of("write.failed_tmp", path=str(path), reason=reason, tmp=tempfile.gettempdir())
        ) from exc
    write_bytes_atomic(path, buffer.getvalue())
