"""Law texts → provisions with structural ids: the parsers behind `gapcheck import-law`.

- `parse_law(text, display, fmt=None, as_of=None)`: a Swedish statute or regulation (SFS,
  MCFFS; `gapcheck.lawtext.sfs`) or an EU act (`gapcheck.lawtext.eu`), sniffed when `fmt`
  is None. Raises `LawTextError` (an InputError) naming the line and what was expected.
- `pdf_text(data, display)`: the text of a PDF with page headers and footers, hyphenation at
  line ends and footnote numbers removed, in the blank-line layout the parsers read.
- `requirements_of`, `continue_versions`: provisions → requirements of a new version, keeping
  decisions and ids continuous with the previous version (docs/versions.md).
- `render_version`: the version file as YAML.

Pure functions on text and bytes; the service layer reads and writes files.
"""

from __future__ import annotations

import datetime as dt
import re

from gapcheck.lawtext.continuity import Continued, continue_versions, requirements_of
from gapcheck.lawtext.model import Header, ParsedLaw, Provision, TextFormat
from gapcheck.lawtext.repairs import REPAIRS_FILE, Repair, apply_repairs, load_repairs
from gapcheck.lawtext.yamlout import render_version

__all__ = [
    "REPAIRS_FILE",
    "Continued",
    "Header",
    "ParsedLaw",
    "Provision",
    "Repair",
    "TextFormat",
    "apply_repairs",
    "continue_versions",
    "load_repairs",
    "parse_law",
    "pdf_text",
    "render_version",
    "requirements_of",
    "sniff_format",
]

_EU_MARK = re.compile(r"^\s*(Article|Artikel|ANNEX|BILAGA)(?:\s+[0-9IVX]+[a-z]?)?\s*$", re.M)
_SFS_MARK = re.compile(r"^\s*\d+(?: ?[a-z])? §", re.M)


def sniff_format(text: str) -> TextFormat:
    """`eu` when the text has more `Article N` / `ANNEX` lines than `N §` ones, else `sfs`."""
    return "eu" if len(_EU_MARK.findall(text)) > len(_SFS_MARK.findall(text)) else "sfs"


def parse_law(
    text: str, display: str, fmt: TextFormat | None = None, as_of: dt.date | None = None
) -> ParsedLaw:
    """Parse a law text into provisions (document order); LawTextError when it cannot."""
    chosen = fmt or sniff_format(text)
    if chosen == "eu":
        from gapcheck.lawtext.eu import parse_eu

        return parse_eu(text, display)
    from gapcheck.lawtext.sfs_layout import parse_sfs

    return parse_sfs(text, display, as_of)


def pdf_text(data: bytes, display: str) -> str:
    """Text of a PDF, cleaned for the parsers (imports pypdf only when called)."""
    from gapcheck.lawtext.pdf import extract

    return extract(data, display)
