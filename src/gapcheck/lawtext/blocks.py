"""Plain text → blocks: runs of non-blank lines, wrapped lines joined, with line numbers.

The official plain text of a Swedish statute (SFST) separates every stycke, list point and
heading by a blank line and wraps lines at about 65 characters. A line that ends in a hyphen
with no space before the line break is a real hyphen ("IKT-" + "produkter" = "IKT-produkter");
one that ends in "- " elides a compound ("nätverks- " + "och"). PDF text is brought into the
same shape by `gapcheck.lawtext.pdf` before it gets here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Block", "normalise", "read_blocks", "split_lines"]

_SPACES = re.compile(r"[ \u00a0\u2009\u202f\f\v]+")


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the input: its text (wrapping undone) and the line it starts on.

    `lines` keeps the raw lines, stripped, for parsers that need the layout (tables, EU acts).
    """

    text: str
    line: int
    lines: tuple[str, ...]


def normalise(text: str) -> str:
    """Collapse runs of spaces (not tabs: they separate table cells) and trim each cell."""
    cells = [_SPACES.sub(" ", cell).strip() for cell in text.split("\t")]
    return "\t".join(cells)


def split_lines(text: str) -> list[str]:
    """Lines without their line ends (CRLF, LF or CR), a BOM removed."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_blocks(text: str, first_line: int = 1) -> list[Block]:
    """Split `text` into blocks at blank lines; `first_line` is the number of its first line."""
    blocks: list[Block] = []
    current: list[str] = []
    start = first_line
    for number, line in enumerate(split_lines(text), start=first_line):
        if line.strip():
            if not current:
                start = number
            # Keep the trailing space that tells "nätverks- " + "och" from "IKT-" + "produkter".
            current.append(line)
        elif current:
            blocks.append(_block(current, start))
            current = []
    if current:
        blocks.append(_block(current, start))
    return blocks


def _block(lines: list[str], start: int) -> Block:
    joined = ""
    previous = ""
    for raw in lines:
        piece = raw.strip()
        if not joined:
            joined = piece
        elif _ends_in_hyphen(previous):
            joined += piece
        else:
            joined += " " + piece
        previous = raw
    return Block(normalise(joined), start, tuple(line.strip() for line in lines))


def _ends_in_hyphen(raw: str) -> bool:
    """A line that ends "IKT-" (no space before the break) continues without a space."""
    return raw.endswith("-") and len(raw) > 1 and not raw[-2].isspace()
