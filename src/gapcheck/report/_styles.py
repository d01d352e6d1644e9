"""The workbook's font and traffic-light fills: one body font family, and the fill and font
of each gap category, transfer status and implementation level.

`gapcheck.report.cells` (the cell and table building blocks) re-exports every name here:
import them from there.
"""

from __future__ import annotations

from openpyxl.styles import Font, PatternFill

from gapcheck.model.categories import CATEGORIES

__all__ = [
    "BAND_FILL",
    "CATEGORY_FILLS",
    "FONT_NAME",
    "HEADER_FILL",
    "TRANSFER_FILLS",
    "font",
    "level_fill",
]

_FILL = {
    "red": ("FFC7CE", "9C0006"),
    "dark_red": ("FF9F9F", "7A0000"),
    "amber": ("FFEB9C", "7F5A00"),
    "green": ("C6EFCE", "006100"),
    "violet": ("E4DFEC", "5B3B8C"),
    "grey": ("EDEDED", "595959"),
}
_CATEGORY_COLOUR = {c.value: info.signal.value for c, info in CATEGORIES.items()}


FONT_NAME = "Calibri"
"""The workbook's body font (LibreOffice substitutes the metric-compatible Carlito)."""


def font(*, bold: bool = False, size: float = 11, color: str | None = None) -> Font:
    """A font of the body family: every font of the workbook is made here, since a Font
    without a name renders in the viewer's default (often a serif) face."""
    return Font(name=FONT_NAME, bold=bold, size=size, color=color)


def _fill(colour: str) -> tuple[PatternFill, Font]:
    bg, fg = _FILL[colour]
    return PatternFill("solid", start_color=bg, end_color=bg), font(color=fg)


CATEGORY_FILLS: dict[str, tuple[PatternFill, Font]] = {
    cat: _fill(colour) for cat, colour in _CATEGORY_COLOUR.items()
}
"""Category value → (fill, font): red for gaps needing action, amber for partial or planned
coverage, green for covered, violet for catalog work, grey for not applicable."""

_TRANSFER_COLOUR = {
    "expired": "dark_red",
    "no_mechanism": "dark_red",
    "expiring": "red",
    "at_risk": "amber",
    "ok": "green",
    "no_transfer": "grey",
}
TRANSFER_FILLS: dict[str, tuple[PatternFill, Font]] = {
    status: _fill(colour) for status, colour in _TRANSFER_COLOUR.items()
}
"""Transfer status value → (fill, font), the same traffic light: dark red without a valid
mechanism, red when it expires soon, amber at risk, green ok, grey for no transfer."""

HEADER_FILL = PatternFill("solid", start_color="1F3864", end_color="1F3864")
BAND_FILL = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")


def level_fill(level: float) -> tuple[PatternFill, Font]:
    """Traffic light for an implementation level or coverage: green 100 %, amber > 0, red 0."""
    if level >= 1.0:
        return CATEGORY_FILLS["covered"]
    return CATEGORY_FILLS["partial"] if level > 0 else CATEGORY_FILLS["no_measure"]
