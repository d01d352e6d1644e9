"""Swedish statutes and regulations (SFS, MCFFS …) in plain text → a document tree.

Recognised, block by block (see `gapcheck.lawtext.blocks`): SFST's header lines, `N kap.`
chapter headings, headings (a short line without final punctuation before a § or another
heading), `N §` (also `3 a §`), stycken, numbered points `1.` / `1)`, lettered points `a)`,
dash lists, tab-separated tables, `Allmänna råd` (non-binding advice), `Övergångsbestämmelser`
with the SFS number of the act they belong to, `/Träder i kraft I:…/` and `/Upphör att gälla
U:…/` markers, `Lag (2025:456).` amendment notes (dropped) and repealed provisions (`4 § Har
upphävts genom lag (…)`). Anything else after the first provision is an error with its line.
The line patterns are in `gapcheck.lawtext.sfs_lines`, the tree's types in
`gapcheck.lawtext.sfs_tree`; the tree is turned into provisions by `gapcheck.lawtext.sfs_layout`.
"""

from __future__ import annotations

import datetime as dt

from gapcheck.errors import LawTextError, Problem
from gapcheck.errors import ProblemCode as Code
from gapcheck.lawtext.blocks import Block, read_blocks, split_lines
from gapcheck.lawtext.model import Header
from gapcheck.lawtext.sfs_lines import (
    ACT,
    ADVICE,
    AMENDED,
    CHAPTER,
    DASH,
    LETTER,
    MARKER,
    POINT,
    REPEALED,
    SECTION,
    TRANSITIONAL,
    is_heading,
    next_marker,
    read_header,
)
from gapcheck.lawtext.sfs_tree import (
    Chapter,
    Document,
    Item,
    Section,
    Stycke,
    Transitional,
    number_key,
    one_wording,
)

__all__ = ["parse_sfs_tree"]


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

    def fail(self, block: Block, code: Code, fix: str | None = None, **params: str) -> None:
        """A problem at `block`: its text `problem.<code>`, its fix `fix.<code>` or `fix`."""
        self.problems.append(Problem.make(code, self.display, block.line, None, fix, params))

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
        m = MARKER.match(block.lines[0])
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
            self.fail(block, Code.LAW_CHAPTER_AFTER_SECTIONS, number=number)
        elif self.chapters and number_key(number) <= number_key(self.chapters[-1].number or "0"):
            previous = self.chapters[-1].number or ""
            self.fail(block, Code.LAW_CHAPTER_ORDER, number=number, previous=previous)
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
        if previous is not None and number_key(number) <= number_key(previous.number):
            variant = number_key(number) == number_key(previous.number) and bool(
                previous.expires or section.in_force
            )
            if not variant:
                self.fail(
                    block,
                    Code.LAW_SECTION_ORDER,
                    ref=self.ref(number),
                    previous=self.ref(previous.number),
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
            self.fail(block, Code.LAW_TEXT_OUTSIDE_SECTION)
            return
        self.in_table = False
        text = AMENDED.sub("", text).strip()
        if text:
            holder.stycken.append(Stycke(text, block.line))

    def add_item(self, block: Block, marker: str, text: str, lettered: bool) -> None:
        stycke = self.stycke()
        if stycke is None and self.trans is not None:
            stycke = Stycke("", block.line)  # transitional points need no lead-in
            self.trans.stycken.append(stycke)
        if stycke is None:
            self.fail(block, Code.LAW_POINT_OUTSIDE_SECTION, marker=marker)
            return
        text = AMENDED.sub("", text).strip()
        items = stycke.items
        if lettered and items and items[-1].marker.isdigit():
            items = items[-1].sub  # a) b) inside point 2
        expected = next_marker(items[-1].marker) if items else ("a" if lettered else "1")
        if marker != expected:
            code, more = (
                (Code.LAW_POINT_AFTER, {"previous": items[-1].marker})
                if items
                else (Code.LAW_POINT_FIRST, {})
            )
            self.fail(block, code, "fix.law_point_order", marker=marker, expected=expected, **more)
        items.append(Item(marker, text, block.line))

    def add_dash(self, block: Block, text: str) -> None:
        stycke = self.stycke()
        if stycke is None:
            self.fail(block, Code.LAW_DASH_OUTSIDE)
            return
        stycke.items.append(Item("-", text, block.line))

    def add_row(self, block: Block) -> None:
        stycke = self.stycke()
        if stycke is None:
            self.fail(block, Code.LAW_ROW_OUTSIDE)
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
            if m := REPEALED.match(text):
                self.close_section()
                first, last = m.group(1), m.group(2)
                self.repealed.append(self.ref(f"{first}-{last}" if first else last))
                self.marker = None
                self.started = True
            elif TRANSITIONAL.match(text):
                self.close_section()
                self.trans = Transitional(None, block.line)
                self.transitional.append(self.trans)
                self.started = True
            elif self.trans is not None and ACT.match(text):
                if self.trans.act is not None or self.trans.stycken:
                    self.trans = Transitional(text, block.line)
                    self.transitional.append(self.trans)
                else:
                    self.trans.act = text
            elif (m := CHAPTER.match(text)) and len(block.lines) <= 2:
                self.open_chapter(block, m.group(1).replace(" ", ""), m.group(2))
            elif m := SECTION.match(text):
                self.open_section(block, m.group(1).replace(" ", ""), m.group(2))
            elif "\t" in text or self.in_table:
                self.add_row(block)
            elif m := POINT.match(text):
                self.add_item(block, m.group(1), m.group(2), lettered=False)
            elif m := LETTER.match(text):
                self.add_item(block, m.group(1), m.group(2), lettered=True)
            elif m := DASH.match(text):
                self.add_dash(block, m.group(1))
            elif ADVICE.match(text) and self.section is not None:
                self.in_advice = True
                self.section.advice_line = block.line
            elif is_heading(block, following):
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


def parse_sfs_tree(text: str, display: str, as_of: dt.date | None = None) -> Document:
    """Parse a Swedish statute or regulation; raise LawTextError listing every problem."""
    lines = split_lines(text)
    header, used = read_header(lines)
    blocks = read_blocks("\n".join(lines[used:]), used + 1)
    parser = _Parser(display, as_of)
    parser.run(blocks)
    chapters = [c for c in parser.chapters if c.sections or c.number is not None]
    wordings: list[tuple[str, dt.date | None]] = []
    for chapter in chapters:
        chapter.sections = one_wording(chapter, as_of, wordings)
    if not any(c.sections for c in chapters) and not parser.problems:
        first = blocks[0].line if blocks else 1
        parser.problems.append(Problem.of(Code.LAW_NO_SECTION, display, first, None))
    if parser.problems:
        raise LawTextError(parser.problems)
    if parser.act_in_force and header.in_force is None:
        header = Header(header.designation, header.title, header.published, parser.act_in_force)
    return Document(header, chapters, parser.transitional, parser.repealed, wordings)
