"""The document tree of a Swedish statute or regulation, as `gapcheck.lawtext.sfs` reads it.

Chapters hold paragraphs (§), paragraphs hold stycken, stycken hold list points (with lettered
sub-points) and table rows; Övergångsbestämmelser are kept apart. `gapcheck.lawtext.sfs_layout`
turns the tree into provisions with structural ids.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from gapcheck.lawtext.model import Header

__all__ = [
    "Chapter",
    "Document",
    "Item",
    "Section",
    "Stycke",
    "Transitional",
    "number_key",
    "one_wording",
]


@dataclass
class Item:
    """A list point: its marker (`3`, `b`, `-`) and text, with any lettered sub-points."""

    marker: str
    text: str
    line: int
    sub: list[Item] = field(default_factory=list)


@dataclass
class Stycke:
    lead: str
    line: int
    items: list[Item] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    number: str
    line: int
    title: str | None
    stycken: list[Stycke] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    advice_line: int = 0
    in_force: dt.date | None = None
    expires: dt.date | None = None


@dataclass
class Chapter:
    number: str | None  # None: the act has no chapters
    heading: str | None
    line: int
    sections: list[Section] = field(default_factory=list)
    in_force: dt.date | None = None


@dataclass
class Transitional:
    act: str | None
    line: int
    stycken: list[Stycke] = field(default_factory=list)


@dataclass
class Document:
    header: Header
    chapters: list[Chapter]
    transitional: list[Transitional]
    repealed: list[str]
    wordings: list[tuple[str, dt.date | None]]


def number_key(number: str) -> tuple[int, str]:
    """`3 a` sorts after `3` and before `4`."""
    digits = re.match(r"\d+", number)
    return (
        int(digits.group(0)) if digits else 0,
        number[len(digits.group(0)) :].strip() if digits else number,
    )


def one_wording(
    chapter: Chapter, as_of: dt.date | None, wordings: list[tuple[str, dt.date | None]]
) -> list[Section]:
    """Of two wordings of one § (`/Upphör att gälla U:d/` then `/Träder i kraft I:d/`), keep
    the one in force at `as_of`; without a date, the newer one."""
    kept: list[Section] = []
    for section in chapter.sections:
        if kept and number_key(kept[-1].number) == number_key(section.number):
            old = kept[-1]
            switch = section.in_force or old.expires
            if as_of is None or switch is None or as_of >= switch:
                kept[-1] = section
            ref = (
                f"{chapter.number} kap. {section.number} §"
                if chapter.number
                else f"{section.number} §"
            )
            wordings.append((ref, kept[-1].in_force))
            continue
        kept.append(section)
    return kept
