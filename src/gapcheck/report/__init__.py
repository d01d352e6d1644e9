"""The management workbook (Excel) and the Excel round trip of measures.

`write_workbook` renders an `AnalysisResult` into the sheets management reads (Summary,
Requirements, Gaps, Action plan, Controls, Risks, Transfers, Traceability, and Changes when law
versions were diffed or mappings need review) in Swedish or English;
`write_changes_workbook` writes the Changes sheet alone (a diff without an organisation);
`import_measures` reads the Action plan sheet back into `measures.yaml`. Importing this package
loads openpyxl: import it only in the code paths that need it.
"""

from __future__ import annotations

from gapcheck.report.importer import (
    MAX_UPLOAD_BYTES,
    FieldChange,
    ImportResult,
    MeasureChange,
    import_measures,
    read_plan,
)
from gapcheck.report.workbook import (
    CHANGES_TITLE,
    SHEET_KEYS,
    build_changes_workbook,
    build_workbook,
    sheet_title,
    write_changes_workbook,
    write_workbook,
)
from gapcheck.report.xlsxread import PlanRead, read_workbook

__all__ = [
    "CHANGES_TITLE",
    "MAX_UPLOAD_BYTES",
    "SHEET_KEYS",
    "FieldChange",
    "ImportResult",
    "MeasureChange",
    "PlanRead",
    "build_changes_workbook",
    "build_workbook",
    "import_measures",
    "read_plan",
    "read_workbook",
    "sheet_title",
    "write_changes_workbook",
    "write_workbook",
]
