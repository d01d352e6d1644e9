"""What a workbook carries about where its Action plan came from, so an import is safe.

Every management workbook gets a very hidden sheet (`gapcheck`; Excel's sheet list does not
show it, and a user cannot unhide it by accident) holding:

- the id of the organisation it was exported from: importing it into another one is refused;
- the measures it was exported from, as canonical JSON, and their SHA-256 fingerprint: when
  measures.yaml no longer has that fingerprint, someone changed the file since the export, and
  the import can show — and merge — the three-way difference (export, file now, workbook).

The sheet survives editing in Excel and LibreOffice. The JSON is ASCII (every other character
escaped), cut into cells below Excel's 32,767-character limit, each cell prefixed so that no
piece can ever be read as a formula.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from gapcheck.errors import Msg
from gapcheck.model.org import Measure

__all__ = [
    "META_SHEET",
    "WorkbookMeta",
    "fingerprint",
    "measures_json",
    "parse_meta",
    "write_meta",
]

META_SHEET = "gapcheck"
FORMAT = 1
_CHUNK = 30_000
_PREFIX = "j:"
_KEYS = ("format", "organisation", "measures_sha256", "measures_json")
MAX_META_ROWS = 10_000
"""Rows of the hidden sheet read at most: 300 MB of JSON, far above any upload limit."""


def measures_json(measures: Sequence[Measure]) -> str:
    """The measures as canonical JSON: the same measures always give the same text."""
    data = [m.model_dump(mode="json") for m in measures]
    return json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def fingerprint(measures: Sequence[Measure]) -> str:
    """SHA-256 of `measures_json`: what the measures were, whatever the file's layout."""
    return hashlib.sha256(measures_json(measures).encode("ascii")).hexdigest()


@dataclass(frozen=True)
class WorkbookMeta:
    """Read back from the hidden sheet: the organisation and the measures at export."""

    organisation: str
    fingerprint: str
    base: tuple[Measure, ...]


def write_meta(wb: Any, organisation: str, measures: Sequence[Measure], note: str) -> None:
    """Add the very hidden `gapcheck` sheet to the openpyxl workbook `wb`."""
    text = measures_json(measures)
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"
    ws.append([META_SHEET, note])
    ws.append(["format", FORMAT])
    ws.append(["organisation", _PREFIX + organisation])
    ws.append(["measures_sha256", hashlib.sha256(text.encode("ascii")).hexdigest()])
    chunks = [text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK)] or [""]
    for i, chunk in enumerate(chunks):
        ws.append(["measures_json" if i == 0 else None, _PREFIX + chunk])
    for row in ws.iter_rows(min_col=2, max_col=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text, whatever it starts with


class MetaError(ValueError):
    """The hidden sheet is there but damaged; `msg` says what is wrong, in any language."""

    def __init__(self, msg: Msg) -> None:
        self.msg = msg
        super().__init__(msg.render("en"))


def parse_meta(rows: Sequence[tuple[object, ...]]) -> WorkbookMeta:
    """The metadata from the hidden sheet's rows (values only); MetaError when damaged."""
    values: dict[str, list[str]] = {}
    key = ""
    for row in rows[1:]:
        if not row:
            continue
        first = row[0] if len(row) > 0 else None
        second = row[1] if len(row) > 1 else None
        if isinstance(first, str) and first in _KEYS:
            key = first
        if key:
            values.setdefault(key, []).append("" if second is None else str(second))
    if values.get("format") != [str(FORMAT)]:
        raise MetaError(Msg.of("import.meta.format"))
    try:
        (organisation,) = values["organisation"]
        (digest,) = values["measures_sha256"]
        chunks = values["measures_json"]
    except (KeyError, ValueError):
        raise MetaError(Msg.of("import.meta.incomplete")) from None
    if not all(c.startswith(_PREFIX) for c in [organisation, *chunks]):
        raise MetaError(Msg.of("import.meta.edited"))
    text = "".join(c[len(_PREFIX) :] for c in chunks)
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
        raise MetaError(Msg.of("import.meta.fingerprint"))
    try:
        base = tuple(Measure.model_validate(item) for item in json.loads(text))
    except (ValueError, TypeError, ValidationError):
        raise MetaError(Msg.of("import.meta.measures")) from None
    return WorkbookMeta(organisation[len(_PREFIX) :], digest, base)
