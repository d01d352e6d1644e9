"""Swedish statutes and regulations (SFS, MCFFS …) in plain text → a document tree.

Recognised, block by block (see `gapcheck.lawtext.blocks`): SFST's header lines, `N kap.`
chapter headings, headings (a short line without final punctuation before a § or another
heading), `N §` (also `3 a §`), stycken, numbered points `1.` / `1)`, lettered points `a)`,
dash lists, tab-separated tables, `Allmänna råd` (non-binding advice), `Övergångsbestämmelser`
with the SFS number of the act they belong to, `/Träder i kraft I:…/` and `/Upphör att gälla
U:…/` markers, `Lag (2025:456).` amendment notes (dropped) and repealed provisions (`4 § Har
upphävts genom lag (…)`). Anything else after the first provision is an error with its line.
The tree is turned into provisions by `gapcheck.lawtext.sfs_layout`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from gapcheck.errors import LawTextError, Problem
from gapcheck.lawtext.blocks import Block, read_blocks, split_lines
from gapcheck.lawtext.model import Header

__all__ = ["Chapter", "Document", "Item", "Section", "Stycke", "parse_sfs_tree"]

_HEADER_SFS = re.compile(r"^SFS (\d{4}:\d+)\s*-\s*(.+)$")
_HEADER_DATES = re.compile(r"Utfärdad:\s*(\d{4}-\d{2}-\d{2})(?:.*?Ikraft:\s*(\d{4}-\d{2}-\d{2}))?")
_MARKER = re.compile(r"^/(Träder i kraft|Upphör att gälla) ([IU]):(\d{4}-\d{2}-\d{2})/\s*(.*)$")
_NUM = r"\d+(?: ?[a-z])?"
_CHAPTER = re.compile(rf"^({_NUM}) kap\.(?:\s+(?!{_NUM} §)(.*))?$")
_SECTION = re.compile(rf"^({_NUM}) §\s*(.*)$", re.S)
_REPEALED = re.compile(
    rf"^(?:({_NUM})\s*[-–]\s*)?({_NUM}) §§?\s+[Hh]ar upphävts genom (?:lag|förordning|föreskrift)"
)
_POINT = re.compile(r"^(\d+)[.)]\s+(.*)$", re.S)
_LETTER = re.compile(r"^([a-zåäö])\)\s+(.*)$", re.S)
_DASH = re.compile(r"^[-–•]\s+(.*)$", re.S)
_ACT = re.compile(r"^(\d{4}:\d+)$")
_AMENDED = re.compile(
    r"(?:^|(?<=[.:;]) )(?:Lag|Förordning|Föreskrifter|Kungörelse) \(\d{4}:\d+\)\.$"
)
_TRANSITIONAL = re.compile(r"^Övergångsbestämmelser$", re.I)
_ADVICE = re.compile(r"^Allmänna råd$", re.I)


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


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _header(lines: list[str]) -> tuple[Header, int]:
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


def _key(number: str) -> tuple[int, str]:
    digits = re.match(r"\d+", number)
    return (
        int(digits.group(0)) if digits else 0,
        number[len(digits.group(0)) :].strip() if digits else number,
    )


class _Parser:
    def __init__(self, display: str, as_of: dt.date | None) -> None:
        self.display = display
        self.as_of = as_of
        self.problems: list[Problem] = []
        self.chapters: list[Chapter] = []
        self.transitional: list[Transitional] = []
        self.repealed: list[str] = []
        self.headings: list[str] = []
        self.marker: tuple[str, dt.date] | None = None
        self.act_in_force: dt.date | None = None
        self.section: Section | None = None
        self.trans: Transitional | None = None
        self.in_advice = False
        self.in_table = False
        self.started = False

    # --- helpers ----------------------------------------------------------------------------

    def fail(self, block: Block, message: str, expected: str) -> None:
        self.problems.append(Problem(self.display, block.line, None, message, expected))

    def chapter(self) -> Chapter:
        if not self.chapters:
            self.chapters.append(Chapter(None, None, 0))
        return self.chapters[-1]

    def stycke(self) -> Stycke | None:
        holder = self.trans if self.trans is not None else self.section
        if holder is None or not holder.stycken:
            return None
        return holder.stycken[-1]

    def ref(self, number: str) -> str:
        chapter = self.chapters[-1].number if self.chapters else None
        return f"{chapter} kap. {number} §" if chapter else f"{number} §"

    # --- block kinds ------------------------------------------------------------------------

    def take_marker(self, block: Block) -> Block | None:
        m = _MARKER.match(block.lines[0])
        if not m:
            return block
        kind, when = m.group(2), dt.date.fromisoformat(m.group(3))
        if not self.started and kind == "I":
            self.act_in_force = when
        else:
            self.marker = (kind, when)
        rest = [m.group(4)] if m.group(4) else []
        rest += list(block.lines[1:])
        if not rest:
            return None
        return read_blocks("\n".join(rest), block.line + (0 if m.group(4) else 1))[0]

    def open_chapter(self, block: Block, number: str, heading: str | None) -> None:
        self.close_section()
        if self.chapters and self.chapters[-1].number is None and self.chapters[-1].sections:
            self.fail(
                block,
                f"chapter {number} kap. after paragraphs outside any chapter",
                "an act either has chapters from its first paragraph on or none",
            )
        elif self.chapters and _key(number) <= _key(self.chapters[-1].number or "0"):
            self.fail(
                block,
                f"{number} kap. after {self.chapters[-1].number} kap.",
                "chapter numbers must increase; check for a duplicated or misplaced heading",
            )
        in_force = self.marker[1] if self.marker and self.marker[0] == "I" else None
        self.marker = None
        self.chapters.append(Chapter(number, heading or None, block.line, in_force=in_force))
        self.headings = []
        self.started = True

    def open_section(self, block: Block, number: str, first: str) -> None:
        self.close_section()
        chapter = self.chapter()
        marker, self.marker = self.marker, None
        previous = chapter.sections[-1] if chapter.sections else None
        title = self.headings[-1] if self.headings else None
        self.headings = []
        section = Section(number, block.line, title)
        if marker is not None:
            if marker[0] == "I":
                section.in_force = marker[1]
            else:
                section.expires = marker[1]
        if previous is not None and _key(number) <= _key(previous.number):
            variant = _key(number) == _key(previous.number) and bool(
                previous.expires or section.in_force
            )
            if not variant:
                self.fail(
                    block,
                    f"{self.ref(number)} after {self.ref(previous.number)}",
                    "paragraph numbers must increase within a chapter (two wordings of one "
                    "paragraph need /Upphör att gälla/ and /Träder i kraft/ markers)",
                )
        chapter.sections.append(section)
        self.section = section
        self.started = True
        self.add_stycke(block, first)

    def close_section(self) -> None:
        self.section = None
        self.trans = None
        self.in_advice = False
        self.in_table = False

    def add_stycke(self, block: Block, text: str) -> None:
        holder = self.trans if self.trans is not None else self.section
        if holder is None:
            self.fail(
                block,
                "text outside any paragraph",
                "expected a paragraph ('N §'), a chapter ('N kap.') or a heading before it",
            )
            return
        self.in_table = False
        text = _AMENDED.sub("", text).strip()
        if text:
            holder.stycken.append(Stycke(text, block.line))

    def add_item(self, block: Block, marker: str, text: str, lettered: bool) -> None:
        stycke = self.stycke()
        if stycke is None and self.trans is not None:
            stycke = Stycke("", block.line)  # transitional points need no lead-in
            self.trans.stycken.append(stycke)
        if stycke is None:
            self.fail(
                block,
                f"list point '{marker}' outside any paragraph",
                "a point belongs to a paragraph ('N §') or to Övergångsbestämmelser",
            )
            return
        text = _AMENDED.sub("", text).strip()
        items = stycke.items
        if lettered and items and items[-1].marker.isdigit():
            items = items[-1].sub  # a) b) inside point 2
        expected = _next_marker(items[-1].marker) if items else ("a" if lettered else "1")
        if marker != expected:
            where = f"after point {items[-1].marker}" if items else "to start a list"
            self.fail(
                block,
                f"point '{marker}' {where}",
                f"expected point '{expected}': check for a missing or misnumbered point",
            )
        items.append(Item(marker, text, block.line))

    def add_dash(self, block: Block, text: str) -> None:
        stycke = self.stycke()
        if stycke is None:
            self.fail(block, "dash list item outside any paragraph", "it belongs to a paragraph")
            return
        stycke.items.append(Item("-", text, block.line))

    def add_row(self, block: Block) -> None:
        stycke = self.stycke()
        if stycke is None:
            self.fail(block, "table row outside any paragraph", "a table belongs to a paragraph")
            return
        cells = block.text.split("\t")
        if "\t" in block.text:
            stycke.table.append(cells)
        elif stycke.table:
            stycke.table[-1][-1] += "; " + block.text
        self.in_table = True

    # --- the loop ---------------------------------------------------------------------------

    def run(self, blocks: list[Block]) -> None:
        for i, raw in enumerate(blocks):
            block = self.take_marker(raw)
            if block is None:
                continue
            text = block.text
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            if m := _REPEALED.match(text):
                self.close_section()
                first, last = m.group(1), m.group(2)
                self.repealed.append(self.ref(f"{first}-{last}" if first else last))
                self.marker = None
                self.started = True
            elif _TRANSITIONAL.match(text):
                self.close_section()
                self.trans = Transitional(None, block.line)
                self.transitional.append(self.trans)
                self.started = True
            elif self.trans is not None and _ACT.match(text):
                if self.trans.act is not None or self.trans.stycken:
                    self.trans = Transitional(text, block.line)
                    self.transitional.append(self.trans)
                else:
                    self.trans.act = text
            elif (m := _CHAPTER.match(text)) and len(block.lines) <= 2:
                self.open_chapter(block, m.group(1).replace(" ", ""), m.group(2))
            elif m := _SECTION.match(text):
                self.open_section(block, m.group(1).replace(" ", ""), m.group(2))
            elif "\t" in text or self.in_table:
                self.add_row(block)
            elif m := _POINT.match(text):
                self.add_item(block, m.group(1), m.group(2), lettered=False)
            elif m := _LETTER.match(text):
                self.add_item(block, m.group(1), m.group(2), lettered=True)
            elif m := _DASH.match(text):
                self.add_dash(block, m.group(1))
            elif _ADVICE.match(text) and self.section is not None:
                self.in_advice = True
                self.section.advice_line = block.line
            elif _is_heading(block, following):
                if self.trans is not None or self.in_advice:
                    self.close_section()
                self.section = None
                self.headings.append(text)
            elif self.in_advice and self.section is not None:
                self.section.advice.append(text)
            elif not self.started:
                continue  # the preamble: title, "utfärdad den …", "Regeringen föreskriver …"
            else:
                self.add_stycke(block, text)


def _next_marker(marker: str) -> str:
    if marker.isdigit():
        return str(int(marker) + 1)
    return chr(ord(marker) + 1) if marker not in ("-",) else "-"


def _is_heading(block: Block, following: Block | None) -> bool:
    """A short line without final punctuation, followed by a §, a chapter or a heading."""
    text = block.text
    if len(block.lines) > 2 or len(text) > 150 or text[-1] in ".,;:" or "\t" in text:
        return False
    if following is None:
        return False
    nxt = _MARKER.sub(r"\4", following.lines[0]).strip() or (
        following.lines[1] if len(following.lines) > 1 else ""
    )
    return bool(
        _SECTION.match(nxt)
        or _CHAPTER.match(nxt)
        or _REPEALED.match(nxt)
        or _TRANSITIONAL.match(nxt)
        or _MARKER.match(following.lines[0])
        or (
            len(following.lines) <= 2
            and following.text[-1] not in ".,;:"
            and len(following.text) <= 150
            and "\t" not in following.text
            and not _POINT.match(following.text)
            and not _LETTER.match(following.text)
            and not _DASH.match(following.text)
        )
    )


def parse_sfs_tree(text: str, display: str, as_of: dt.date | None = None) -> Document:
    """Parse a Swedish statute or regulation; raise LawTextError listing every problem."""
    lines = split_lines(text)
    header, used = _header(lines)
    blocks = read_blocks("\n".join(lines[used:]), used + 1)
    parser = _Parser(display, as_of)
    parser.run(blocks)
    chapters = [c for c in parser.chapters if c.sections or c.number is not None]
    wordings: list[tuple[str, dt.date | None]] = []
    for chapter in chapters:
        chapter.sections = _one_wording(chapter, as_of, wordings)
    if not any(c.sections for c in chapters) and not parser.problems:
        first = blocks[0].line if blocks else 1
        parser.problems.append(
            Problem(
                display,
                first,
                None,
                "no paragraph ('N §') found",
                "is this a Swedish statute or regulation in plain text? An EU act is read with "
                "the EU parser (Article N)",
            )
        )
    if parser.problems:
        raise LawTextError(parser.problems)
    if parser.act_in_force and header.in_force is None:
        header = Header(header.designation, header.title, header.published, parser.act_in_force)
    return Document(header, chapters, parser.transitional, parser.repealed, wordings)


def _one_wording(
    chapter: Chapter, as_of: dt.date | None, wordings: list[tuple[str, dt.date | None]]
) -> list[Section]:
    """Of two wordings of one § (`/Upphör att gälla U:d/` then `/Träder i kraft I:d/`), keep
    the one in force at `as_of`; without a date, the newer one."""
    kept: list[Section] = []
    for section in chapter.sections:
        if kept and _key(kept[-1].number) == _key(section.number):
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
