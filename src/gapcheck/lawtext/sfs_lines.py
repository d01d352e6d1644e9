"""The line patterns of a Swedish statute's plain text (SFST's layout), and the judgements
made from them alone: the header, whether a block is a heading, the next list marker."""

from __future__ import annotations

import datetime as dt
import re

from gapcheck.lawtext.blocks import Block
from gapcheck.lawtext.model import Header

__all__ = [
    "ACT",
    "ADVICE",
    "AMENDED",
    "CHAPTER",
    "DASH",
    "LETTER",
    "MARKER",
    "POINT",
    "REPEALED",
    "SECTION",
    "TRANSITIONAL",
    "is_heading",
    "next_marker",
    "read_header",
]

_HEADER_SFS = re.compile(r"^SFS (\d{4}:\d+)\s*-\s*(.+)$")
_HEADER_DATES = re.compile(r"Utfärdad:\s*(\d{4}-\d{2}-\d{2})(?:.*?Ikraft:\s*(\d{4}-\d{2}-\d{2}))?")
MARKER = re.compile(r"^/(Träder i kraft|Upphör att gälla) ([IU]):(\d{4}-\d{2}-\d{2})/\s*(.*)$")
_NUM = r"\d+(?: ?[a-z])?"
CHAPTER = re.compile(rf"^({_NUM}) kap\.(?:\s+(?!{_NUM} §)(.*))?$")
SECTION = re.compile(rf"^({_NUM}) §\s*(.*)$", re.S)
REPEALED = re.compile(
    rf"^(?:({_NUM})\s*[-–]\s*)?({_NUM}) §§?\s+[Hh]ar upphävts genom (?:lag|förordning|föreskrift)"
)
POINT = re.compile(r"^(\d+)[.)]\s+(.*)$", re.S)
LETTER = re.compile(r"^([a-zåäö])\)\s+(.*)$", re.S)
DASH = re.compile(r"^[-–•]\s+(.*)$", re.S)
ACT = re.compile(r"^(\d{4}:\d+)$")
AMENDED = re.compile(
    r"(?:^|(?<=[.:;]) )(?:Lag|Förordning|Föreskrifter|Kungörelse) \(\d{4}:\d+\)\.$"
)
TRANSITIONAL = re.compile(r"^Övergångsbestämmelser$", re.I)
ADVICE = re.compile(r"^Allmänna råd$", re.I)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def read_header(lines: list[str]) -> tuple[Header, int]:
    """SFST's header (`SFS 2025:1506 - Titel`, `Utfärdad: … Ikraft: …`); lines it used."""
    if not lines or not (m := _HEADER_SFS.match(lines[0].strip())):
        return Header(), 0
    designation, title = f"SFS {m.group(1)}", m.group(2).strip()
    published = in_force = None
    used = 1
    while used < len(lines) and lines[used].strip():
        if d := _HEADER_DATES.search(lines[used]):
            published, in_force = _date(d.group(1)), _date(d.group(2))
        used += 1
    return Header(designation, title, published, in_force), used


def next_marker(marker: str) -> str:
    """The marker a list goes on with after `marker` (`3` → `4`, `b` → `c`)."""
    if marker.isdigit():
        return str(int(marker) + 1)
    return chr(ord(marker) + 1) if marker not in ("-",) else "-"


def is_heading(block: Block, following: Block | None) -> bool:
    """A short line without final punctuation, followed by a §, a chapter or a heading."""
    text = block.text
    if len(block.lines) > 2 or len(text) > 150 or text[-1] in ".,;:" or "\t" in text:
        return False
    if following is None:
        return False
    nxt = MARKER.sub(r"\4", following.lines[0]).strip() or (
        following.lines[1] if len(following.lines) > 1 else ""
    )
    return bool(
        SECTION.match(nxt)
        or CHAPTER.match(nxt)
        or REPEALED.match(nxt)
        or TRANSITIONAL.match(nxt)
        or MARKER.match(following.lines[0])
        or (
            len(following.lines) <= 2
            and following.text[-1] not in ".,;:"
            and len(following.text) <= 150
            and "\t" not in following.text
            and not POINT.match(following.text)
            and not LETTER.match(following.text)
            and not DASH.match(following.text)
        )
    )
