"""The output formats of an analysis, in one table: name → media type, file suffix, writer.

The CLI picks a format with `--format` or the suffix of `-o FILE`; the API with `?format=` or
the `Accept` header. Both look it up here, so a new format is one entry.

The workbook is written by `gapcheck.report`, a layer above this one: the adapters pass its
writer in (`Output.workbook`), and without it (no Excel extra) the xlsx format says how to
install it instead of failing on an import.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from gapcheck.atomic import write_bytes_atomic
from gapcheck.errors import NotFoundError, OutputError
from gapcheck.lang import Lang
from gapcheck.model import Catalog, OrgData
from gapcheck.model.result import AnalysisResult
from gapcheck.service._core import result_json_bytes

__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "FormatName",
    "Output",
    "OutputFormat",
    "WorkbookWriter",
    "format_for_path",
    "negotiate",
    "output_format",
]

FormatName = Literal["json", "xlsx"]
FORMAT_NAMES: tuple[FormatName, ...] = get_args(FormatName)

# `gapcheck.report.write_workbook(result, catalog, org, path, lang, changes=…)`
WorkbookWriter = Callable[..., None]


@dataclass(frozen=True)
class Output:
    """What a format renders: an analysis and the inputs it came from."""

    result: AnalysisResult
    catalog: Catalog
    data: OrgData
    lang: Lang
    changes: Sequence[Any] | None = None  # DiffReports for the workbook's Changes sheet
    workbook: WorkbookWriter | None = None  # gapcheck.report.write_workbook, where installed
    followup: Any = None  # gapcheck.model.runs.FollowUp: the workbook's Uppföljning sheet


@dataclass(frozen=True)
class OutputFormat:
    """One output format: how it is named, served and written."""

    name: FormatName
    media_type: str
    suffix: str
    description: str
    _write: Callable[[Output, Path], None]
    _render: Callable[[Output], bytes] | None = None

    def write(self, out: Output, path: Path) -> None:
        """Write `out` to `path` (atomically)."""
        self._write(out, path)

    def render(self, out: Output) -> bytes:
        """`out` as the bytes of a file of this format."""
        if self._render is not None:
            return self._render(out)
        with tempfile.TemporaryDirectory(prefix="gapcheck-output-") as tmp:
            path = Path(tmp) / f"output{self.suffix}"
            self._write(out, path)
            return path.read_bytes()


def _write_json(out: Output, path: Path) -> None:
    write_bytes_atomic(path, result_json_bytes(out.result) + b"\n")


def _write_xlsx(out: Output, path: Path) -> None:
    if out.workbook is None:
        raise OutputError(
            "the Excel workbook is not part of this installation: pip install 'gapcheck[excel]'"
        )
    extra = {"followup": out.followup} if out.followup is not None else {}
    out.workbook(out.result, out.catalog, out.data, path, out.lang, changes=out.changes, **extra)


FORMATS: dict[FormatName, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat(
            "json",
            "application/json",
            ".json",
            "the analysis as JSON (docs/json-result.md)",
            _write_json,
            lambda out: result_json_bytes(out.result) + b"\n",
        ),
        OutputFormat(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
            "the management workbook (Excel)",
            _write_xlsx,
        ),
    )
}


def output_format(name: str) -> OutputFormat:
    """The format called `name`; NotFoundError listing the known ones."""
    for key, fmt in FORMATS.items():
        if key == name:
            return fmt
    raise NotFoundError("output format", name, f"known: {', '.join(FORMATS)}")


def format_for_path(path: Path) -> OutputFormat | None:
    """The format a file name's suffix asks for (`report.xlsx` → xlsx), if any."""
    suffix = path.suffix.lower()
    return next((f for f in FORMATS.values() if f.suffix == suffix), None)


def negotiate(accept: str | None, default: FormatName = "json") -> OutputFormat | None:
    """The format an `Accept` header prefers (RFC 9110 §12.5.1); `default` for none or `*/*`;
    None when it accepts none of them (a 406)."""
    if not accept or not accept.strip():
        return FORMATS[default]
    best: tuple[float, int, OutputFormat] | None = None
    for rank, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        media = media.lower()
        for fmt in _matching(media, default):
            candidate = (q, -rank, fmt)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    return best[2] if best is not None else None


def _matching(media: str, default: FormatName) -> list[OutputFormat]:
    if media in ("*/*", "application/*"):
        return [FORMATS[default]] if media == "*/*" else list(FORMATS.values())
    return [f for f in FORMATS.values() if f.media_type == media]
