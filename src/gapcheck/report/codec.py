"""The Action plan sheet's editable columns: how a measure becomes cells and back.

Export (`measure_cells`) and import (`importer`) share this one definition, so a workbook
written by gapcheck reads back to the same measures. Headers are recognised in every language
of the translation table, and status cells accept the label in either language or the code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gapcheck.i18n import LANGS, t
from gapcheck.model import Lang
from gapcheck.model.common import Extent
from gapcheck.model.org import ControlLink, Measure, MeasureStatus, RequirementLink
from gapcheck.report.cells import Kind

__all__ = [
    "FIELDS",
    "LinkError",
    "PlanField",
    "format_controls",
    "format_requirements",
    "header_fields",
    "measure_cells",
    "parse_links",
    "parse_status",
    "split_evidence",
    "status_label",
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

_LINK = re.compile(r"^(?P<id>[A-Za-z0-9][A-Za-z0-9._:\-]*)\s*(?:\(\s*(?P<extent>[a-z]+)\s*\))?$")
_SEPARATORS = re.compile(r"[;\n]+")


class LinkError(ValueError):
    """A link list cell that cannot be parsed; the message says what to write."""


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


def _link_text(ident: str, extent: Extent) -> str:
    return f"{ident} ({extent.value})"


def format_controls(links: list[ControlLink]) -> str:
    """`iso27001:A.5.24 (full); iso27001:A.5.25 (partial)`."""
    return "; ".join(_link_text(link.control, link.extent) for link in links)


def format_requirements(links: list[RequirementLink]) -> str:
    return "; ".join(_link_text(link.requirement, link.extent) for link in links)


def parse_links(text: str) -> list[tuple[str, str]]:
    """`id (extent); id` → [(id, extent)], extent defaulting to full; LinkError on bad items."""
    out: list[tuple[str, str]] = []
    for raw in _SEPARATORS.split(text):
        item = raw.strip().rstrip(",").strip()
        if not item:
            continue
        match = _LINK.match(item)
        if match is None:
            raise LinkError(
                f"cannot read '{item}' as a link; write 'id (full)' or 'id (partial)', "
                "separated by ';'"
            )
        extent = match.group("extent") or Extent.FULL.value
        if extent not in {e.value for e in Extent}:
            raise LinkError(f"unknown extent '{extent}' in '{item}'; use full or partial")
        out.append((match.group("id"), extent))
    return out


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
        "controls": format_controls(m.controls) or None,
        "requirements": format_requirements(m.requirements) or None,
        "evidence": "\n".join(m.evidence) or None,
        "description": m.description,
    }
    return [values[f.name] for f in FIELDS]
