"""The Action plan sheet's editable columns: how a measure becomes cells and back.

Export (`measure_cells`) and import (`importer`) share this one definition, so a workbook
written by gapcheck reads back to the same measures. Headers are recognised in every language
of the translation table; status and extent cells accept the word in either language or the
code, so a Swedish sheet reads and takes `Genomförd` and `hel`/`delvis` throughout.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gapcheck.errors import Msg
from gapcheck.i18n import LANGS, t
from gapcheck.model import Lang
from gapcheck.model.common import Extent
from gapcheck.model.org import ControlLink, Measure, MeasureStatus, RequirementLink
from gapcheck.report.cells import Kind

__all__ = [
    "FIELDS",
    "LinkError",
    "PlanField",
    "escape_cell",
    "extent_label",
    "format_controls",
    "format_requirements",
    "header_fields",
    "measure_cells",
    "parse_extent",
    "parse_links",
    "parse_status",
    "shorten",
    "split_evidence",
    "status_label",
    "unescape_cell",
]


@dataclass(frozen=True)
class PlanField:
    """A measure field with its column: translation key of the header, width and kind."""

    name: str
    header_key: str
    width: float
    kind: Kind


# Column order of the editable part of the Action plan sheet.
FIELDS: tuple[PlanField, ...] = (
    PlanField("plan_year", "report.col.plan_year", 9, "int"),
    PlanField("id", "report.col.id", 13, "text"),
    PlanField("title", "report.col.title", 36, "wrap"),
    PlanField("status", "report.col.status", 17, "text"),
    PlanField("owner", "report.col.owner", 31, "wrap"),
    PlanField("due", "report.col.due", 12, "date"),
    PlanField("controls", "report.col.control_links", 28, "wrap"),
    PlanField("requirements", "report.col.requirement_links", 22, "wrap"),
    PlanField("evidence", "report.col.evidence", 28, "wrap"),
    PlanField("description", "report.col.description", 50, "wrap"),
)

_LINK = re.compile(r"^(?P<id>[A-Za-z0-9][A-Za-z0-9._:\-]*)\s*(?:\(\s*(?P<extent>[^()]*?)\s*\))?$")
_SEPARATORS = re.compile(r"[;\n]+")


class LinkError(ValueError):
    """A link list cell that cannot be parsed; `msg` says what to write, in any language."""

    def __init__(self, msg: Msg) -> None:
        self.msg = msg
        super().__init__(msg.render("en"))


def header_fields() -> dict[str, str]:
    """Normalised header text in any language → field name."""
    out: dict[str, str] = {}
    for f in FIELDS:
        for lang in LANGS:
            out[t(f.header_key, lang).strip().casefold()] = f.name
    return out


def status_label(status: MeasureStatus, lang: Lang) -> str:
    return t(f"status.{status.value}", lang)


def parse_status(text: str) -> str:
    """A status label in any language, or a status code → the code; unknown text unchanged
    (so the model's validation reports it with the list of valid values)."""
    wanted = text.strip().casefold()
    for status in MeasureStatus:
        names = {status.value, status.value.replace("_", " ")}
        names |= {status_label(status, lang).casefold() for lang in LANGS}
        if wanted in names:
            return status.value
    return text.strip()


def extent_label(extent: Extent, lang: Lang) -> str:
    """The word the sheet shows for an extent: `hel`/`delvis` in Swedish, `full`/`partial`."""
    return t(f"report.extent.{extent.value}", lang)


def parse_extent(text: str) -> Extent | None:
    """An extent written in either language or as its code (any case); None when unknown."""
    wanted = text.strip().casefold()
    for extent in Extent:
        if wanted in {extent.value, *(extent_label(extent, lang).casefold() for lang in LANGS)}:
            return extent
    return None


def _link_text(ident: str, extent: Extent, lang: Lang) -> str:
    return f"{ident} ({extent_label(extent, lang)})"


def format_controls(links: list[ControlLink], lang: Lang) -> str:
    """`iso27001:A.5.24 (hel); iso27001:A.5.25 (delvis)` in Swedish, `(full)`/`(partial)`."""
    return "; ".join(_link_text(link.control, link.extent, lang) for link in links)


def format_requirements(links: list[RequirementLink], lang: Lang) -> str:
    return "; ".join(_link_text(link.requirement, link.extent, lang) for link in links)


def _extent_words(lang: Lang) -> Msg:
    """The sheet's own extent words (`'hel' eller 'delvis'`), joined in the message's language."""
    return Msg.of(
        "import.either",
        a=extent_label(Extent.FULL, lang),
        b=extent_label(Extent.PARTIAL, lang),
    )


def parse_links(text: str, lang: Lang = "en") -> list[tuple[str, str]]:
    """`id (extent); id` → [(id, extent code)], the extent in either language, defaulting to
    full; LinkError on bad items, naming the extents in `lang` (the sheet's language)."""
    out: list[tuple[str, str]] = []
    for raw in _SEPARATORS.split(text):
        item = raw.strip().rstrip(",").strip()
        if not item:
            continue
        match = _LINK.match(item)
        if match is None:
            example = _link_text("iso27001:A.5.24", Extent.PARTIAL, lang)
            raise LinkError(
                Msg.of(
                    "import.link_unreadable",
                    item=shorten(item),
                    extents=_extent_words(lang),
                    example=example,
                )
            )
        word = match.group("extent")
        extent = parse_extent(word) if word else Extent.FULL
        if extent is None:
            raise LinkError(
                Msg.of(
                    "import.link_extent",
                    word=shorten(word or ""),
                    item=shorten(item),
                    extents=_extent_words(lang),
                )
            )
        out.append((match.group("id"), extent.value))
    return out


def shorten(text: str, limit: int = 80) -> str:
    """`text` cut to `limit` characters with the length said, for messages that quote what a
    user wrote: a 30 MB cell must never be printed."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


# Characters a cell's XML cannot hold as they are (C0 controls but tab and line feed; carriage
# return, which XML turns into a line feed; U+FFFE/U+FFFF), and an underscore that would start
# an escape. Excel itself writes and reads these as `_xHHHH_` (ECMA-376 ST_Xstring).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


def escape_cell(text: str) -> str:
    """`text` with what a cell cannot hold written as `_xHHHH_`, as Excel does: Excel shows the
    character itself, and `unescape_cell` gives back exactly `text`."""
    return _UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def unescape_cell(text: str) -> str:
    """The inverse of `escape_cell` (also of what Excel writes)."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def split_evidence(text: str) -> list[str]:
    """One evidence item per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def measure_cells(m: Measure, lang: Lang) -> list[str | int | dt.date | None]:
    """The measure's editable cells, in `FIELDS` order."""
    values: dict[str, str | int | dt.date | None] = {
        "plan_year": m.plan_year,
        "id": m.id,
        "title": m.title,
        "status": status_label(m.status, lang),
        "owner": m.owner,
        "due": m.due,
        "controls": format_controls(m.controls, lang) or None,
        "requirements": format_requirements(m.requirements, lang) or None,
        "evidence": "\n".join(m.evidence) or None,
        "description": m.description,
    }
    return [escape_cell(v) if isinstance(v, str) else v for v in (values[f.name] for f in FIELDS)]
