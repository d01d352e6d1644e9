"""The Transfers sheet: the supplier/transfer register as the engine evaluated it at `as_of`."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.i18n import t
from gapcheck.model import Catalog, Lang, OrgData
from gapcheck.model.facts_result import TransferResult, TransferStatus
from gapcheck.model.result import AnalysisResult
from gapcheck.report.cells import CATEGORY_FILLS, TRANSFER_FILLS, Column, Value, write_table

__all__ = [
    "STATUS_COLUMN",
    "reasons_of",
    "status_label",
    "valid_until_value",
    "write_transfers",
    "yes_no",
]

STATUS_COLUMN = 7
"""0-based index of the status column (the one filled by status)."""
_EXIT_PLAN_COLUMN = 10
_TIA_COLUMN = 11
_PRINTED = 13  # columns on paper; the notes after them are for the screen
# Short values (country, yes/no, date, priority), centred so they do not run into the text
# of the next column.
_CENTRED = (2, 3, 6, 8, 10, 11)
_CENTRE_HEADER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_CENTRE = Alignment(horizontal="center", vertical="top")
_VALID = (TransferStatus.OK, TransferStatus.EXPIRING, TransferStatus.AT_RISK)
_EXIT_PLAN_CODES = frozenset({"transfer.no_exit_plan", "transfer.exit_plan_advised"})


def status_label(status: TransferStatus, lang: Lang) -> str:
    return t(f"transfer.status.{status.value}", lang)


def reasons_of(row: TransferResult, lang: Lang) -> str:
    """The findings behind the status, translated, one phrase each."""
    return "; ".join(t(r.code, lang, detail=r.detail) for r in row.reasons)


def valid_until_value(row: TransferResult, lang: Lang) -> Value:
    """The known end of validity; 'open-ended' for a valid mechanism without one; else empty
    (no transfer, no mechanism, or an expired one whose end is unknown)."""
    if row.valid_until is not None:
        return row.valid_until
    return t("facts.open_ended", lang) if row.status in _VALID else None


def yes_no(value: bool, lang: Lang) -> str:
    return t("report.yes" if value else "report.no", lang)


def write_transfers(
    ws: Worksheet, result: AnalysisResult, catalog: Catalog, org: OrgData, lang: Lang
) -> None:
    """One row per supplier of the register, in the result's order (by supplier id)."""
    notes = {s.id: s.notes for s in org.suppliers}
    columns = [
        Column(t("report.col.id", lang), 7),
        Column(t("facts.supplier", lang), 32, "wrap"),
        Column(t("facts.country", lang), 7),
        Column(t("report.col.personal_data", lang), 10),
        Column(t("facts.mechanism", lang), 18, "wrap"),
        Column(t("report.col.mechanism_name", lang), 36, "wrap"),
        Column(t("facts.valid_until", lang), 12, "date"),
        Column(t("facts.status", lang), 16, "wrap"),
        Column(t("report.col.priority", lang), 10, "int"),
        Column(t("report.col.findings", lang), 38, "wrap"),
        Column(t("report.col.exit_plan", lang), 10),
        Column(t("report.col.tia", lang), 16),
        Column(t("report.col.reqs_concerned", lang), 19, "wrap"),
        # Detail for the screen, after the print area:
        Column(t("report.col.notes", lang), 70, "wrap", fit=False),
    ]
    data: list[list[Value]] = []
    for row in result.transfers:
        mechanism = catalog.facts.mechanism(row.mechanism) if row.mechanism else None
        data.append(
            [
                row.supplier,
                row.name,
                row.country,
                yes_no(row.personal_data, lang),
                row.mechanism,
                mechanism.title.get(lang) if mechanism else None,
                valid_until_value(row, lang),
                status_label(row.status, lang),
                row.priority,
                reasons_of(row, lang) or None,
                yes_no(row.exit_plan, lang),
                yes_no(row.transfer_impact_assessment, lang),
                ", ".join(row.requirements) or None,
                notes.get(row.supplier),
            ]
        )

    def style(i: int, _: Sequence[Value]) -> dict[int, tuple[PatternFill, Font]]:
        row = result.transfers[i]
        out = {STATUS_COLUMN: TRANSFER_FILLS[row.status.value]}
        codes = {r.code for r in row.reasons}
        if codes & _EXIT_PLAN_CODES:
            out[_EXIT_PLAN_COLUMN] = CATEGORY_FILLS["no_measure"]
        if "transfer.tia_missing" in codes:
            out[_TIA_COLUMN] = CATEGORY_FILLS["partial"]
        return out

    last = write_table(ws, columns, data, styler=style, freeze_cols=2)
    for c in _CENTRED:
        ws.cell(row=1, column=c + 1).alignment = _CENTRE_HEADER
        for r in range(2, last + 1):
            ws.cell(row=r, column=c + 1).alignment = _CENTRE
    ws.print_area = f"A1:{get_column_letter(_PRINTED)}{max(last, 2)}"
