"""What the lines of an EU act look like: the patterns `gapcheck.lawtext.eu` recognises.

The article, annex, paragraph, annex-section and point markers, the closing line, the act's
title line (its designation, read by `act_header`), the roman sub-point markers and the
ordinal words of subparagraph references. The parser that builds provisions from them is
`gapcheck.lawtext.eu` (`parse_eu`).
"""

from __future__ import annotations

import re

from gapcheck.lawtext.model import Header

__all__ = [
    "ANNEX",
    "ARTICLE",
    "END",
    "ORDINALS",
    "PARA",
    "POINT",
    "ROMAN",
    "SECTION",
    "TITLE",
    "act_header",
    "arabic",
    "roman_next",
]

ARTICLE = re.compile(r"^(Article|Artikel)\s+(\d+[a-z]?)\s*$")
ANNEX = re.compile(r"^(ANNEX|BILAGA)(?:\s+([IVXL]+|\d+))?\s*$")
PARA = re.compile(r"^(\d+)\.(?:\s+(.*))?$")
SECTION = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.*)$")
POINT = re.compile(r"^(?:\(([a-z]{1,2}|[ivxl]+)\)|([a-z]{1,2}|[ivxl]+)\))(?:\s+(.*))?$")
END = re.compile(r"^(Done at|Utfärdad i) ", re.I)
TITLE = re.compile(
    r"((?:COMMISSION |COUNCIL )?(?:IMPLEMENTING |DELEGATED )?(?:DIRECTIVE|REGULATION|DECISION)"
    r"|(?:KOMMISSIONENS )?(?:GENOMFÖRANDE)?(?:DIREKTIV|FÖRORDNING|BESLUT))[^(]*\((EU|EG|EC)\)"
    r"\s*(?:No |nr )?(\d{4}/\d+)",
)
ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"}
ORDINALS = {
    "en": ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"),
    "sv": ("första", "andra", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde"),
}


def roman_next(marker: str) -> str:
    """The roman sub-point marker after `marker` ('' after the last known one)."""
    order = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
    return order[order.index(marker) + 1] if marker in order[:-1] else ""


def arabic(roman: str) -> int:
    """An annex number ('II', or already '2') as an int."""
    if roman.isdigit():
        return int(roman)
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, ch in enumerate(roman):
        v = values[ch]
        total += -v if i + 1 < len(roman) and values[roman[i + 1]] > v else v
    return total


def act_header(lines: list[tuple[int, str]]) -> Header:
    """The act's designation and title from its title line within the first 40 lines."""
    for _, text in lines[:40]:
        if m := TITLE.search(text):
            return Header(designation=f"({m.group(2)}) {m.group(3)}", title=text.strip())
    return Header()
