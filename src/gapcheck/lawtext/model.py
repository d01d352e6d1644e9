"""What a parsed law text is: provisions with structural ids, and what the parser noticed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from gapcheck.lang import Lang

__all__ = ["Header", "ParsedLaw", "Provision", "ProvisionKind", "TextFormat"]

TextFormat = Literal["sfs", "eu"]

ProvisionKind = Literal[
    "chapter",  # N kap. (heading only)
    "section",  # N § / Article N paragraph level unit
    "stycke",  # a later stycke of a § split off as .stN
    "point",  # numbered or lettered point (.pN, .a)
    "transitional",  # övergångsbestämmelser (group or point)
    "advice",  # allmänna råd (MCFFS), non-binding
    "article",  # Article N (heading only when it has numbered paragraphs)
    "paragraph",  # Article N(P)
    "subparagraph",  # .spN
    "annex",  # annex or annex section
]


@dataclass(frozen=True, slots=True)
class Provision:
    """One requirement-to-be. `id` is structural and has no source prefix (`2.3.p1`)."""

    id: str
    ref: str
    kind: ProvisionKind
    line: int
    parent: str | None = None
    text: str | None = None
    # Only a title the text itself gives (a heading, a defined term); never invented.
    title: str | None = None
    in_force: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Header:
    """What the text says about itself (SFST's header lines, an EU act's title)."""

    designation: str | None = None  # "SFS 2025:1506", "(EU) 2022/2555"
    title: str | None = None  # "Cybersäkerhetslag (2025:1506)"
    published: dt.date | None = None
    in_force: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ParsedLaw:
    """The provisions in document order and the notes the import reports."""

    format: TextFormat
    lang: Lang
    header: Header
    provisions: tuple[Provision, ...]
    # "2 kap. 4 §" of each provision the text says was repealed (har upphävts).
    repealed: tuple[str, ...] = ()
    # Provisions that exist in two wordings (/Upphör att gälla/ and /Träder i kraft/): the ref
    # and the in-force date of the wording that was kept.
    wordings: tuple[tuple[str, dt.date | None], ...] = ()
    notes: tuple[str, ...] = field(default=())
