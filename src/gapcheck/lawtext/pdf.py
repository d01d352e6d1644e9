"""PDF → the paragraph layout the parsers read (one paragraph a line, blank lines between).

pypdf (pure Python) gives every run of text with its position and font size. From those:

- lines are runs on one baseline; the body font size is the most common size;
- **footnote numbers** are short digit runs in a smaller font within a line of body text, and
  **footnotes** are the small-font lines below a page's last line of body text: both dropped;
- **page headers and footers** are the first or last lines of a page that recur (digits
  ignored) on at least half of the pages, and lone page numbers ("3", "- 3 -", "Sida 3 av 9",
  "3 (9)"): dropped;
- a **paragraph** ends at a vertical gap clearly wider than the usual line spacing, before a
  line that opens a structure ("3 §", "2 kap.", "1." / "a)" after a lead-in, a line after one
  that ends a sentence or clause), and at a page end followed by a capital letter;
- **hyphenation at a line end** is undone ("säker-" + "hetsåtgärder"), a compound that the
  next word completes keeps its hyphen and a space ("nätverks- och"), and a hyphen after a
  capital or digit is a real one ("IKT-produkter", "NIS 2-direktivet").
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from gapcheck.errors import LawTextError, Problem
from gapcheck.errors import ProblemCode as Code

__all__ = ["extract"]

_PAGE_NUMBER = re.compile(
    r"^(?:[-–]\s*)?(?:sida\s+|page\s+)?\d+(?:\s*(?:av|of|/)\s*\d+)?(?:\s*[-–])?$|^\d+\s*\(\d+\)$",
    re.I,
)
_OPENS = re.compile(r"^(?:\d+(?: ?[a-z])? §|\d+ kap\.|Article \d|Artikel \d|ANNEX|BILAGA)")
_LIST_START = re.compile(r"^(?:1[.)]|a\)|\(a\)|\(1\)|1\.)\s")
_MARKER = re.compile(r"^(?:\d+[.)]|[a-zåäö]\)|\([a-z0-9ivx]+\)|[-–•])\s")
_COMPLETES = frozenset({"och", "eller", "samt", "respektive", "resp.", "som", "and", "or", "to"})
_SMALL = 0.85


@dataclass
class _Run:
    x: float
    y: float
    size: float
    text: str


@dataclass
class _Line:
    y: float
    runs: list[_Run] = field(default_factory=list)

    @property
    def size(self) -> float:
        weights: Counter[float] = Counter()
        for run in self.runs:
            weights[round(run.size, 1)] += len(run.text.strip())
        return weights.most_common(1)[0][0] if weights else 0.0

    def text(self, body: float) -> str:
        parts: list[str] = []
        for run in sorted(self.runs, key=lambda r: r.x):
            piece = run.text
            if run.size < _SMALL * body and piece.strip().isdigit() and len(piece.strip()) <= 3:
                continue  # a footnote number
            parts.append(piece)
        return re.sub(r"\s+", " ", "".join(parts)).strip()


def _runs(page: object) -> list[_Run]:
    runs: list[_Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text or not text.strip():
            return
        scale = abs(tm[3] * cm[3]) or 1.0
        x = cm[4] + tm[4] * cm[0]
        y = cm[5] + tm[5] * cm[3]
        runs.append(_Run(x, y, size * scale, text.replace("\n", " ")))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return runs


def _lines(runs: list[_Run]) -> list[_Line]:
    lines: list[_Line] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x)):
        for line in lines:
            if abs(line.y - run.y) <= max(run.size, 1.0) * 0.6:
                line.runs.append(run)
                break
        else:
            lines.append(_Line(run.y, [run]))
    lines.sort(key=lambda ln: -max(r.y for r in ln.runs if r.size >= ln.size * _SMALL))
    return lines


def _normal(text: str) -> str:
    return re.sub(r"\d+", "#", text).strip().casefold()


def _drop_headers(pages: list[list[tuple[str, _Line]]]) -> list[list[tuple[str, _Line]]]:
    counts: Counter[str] = Counter()
    for page in pages:
        edge = {_normal(t) for t, _ in page[:2] + page[-2:]}
        counts.update(edge)
    need = max(2, (len(pages) + 1) // 2)
    recurring = {k for k, n in counts.items() if n >= need} if len(pages) > 1 else set()
    out = []
    for page in pages:
        edges = set(range(min(2, len(page)))) | set(range(max(0, len(page) - 2), len(page)))
        out.append(
            [
                (t, ln)
                for i, (t, ln) in enumerate(page)
                if not (i in edges and (_normal(t) in recurring or _PAGE_NUMBER.match(t)))
            ]
        )
    return out


def _join(previous: str, line: str) -> str:
    if previous.endswith("-") and len(previous) > 1 and not previous[-2].isspace():
        before = previous[-2]
        word = line.split(" ", 1)[0]
        if before.isalpha() and before.islower() and line[:1].islower():
            if word.casefold() in _COMPLETES:
                return f"{previous} {line}"  # "nätverks- och"
            return previous[:-1] + line  # "säker-" + "hetsåtgärder"
        return previous + line  # "IKT-" + "produkter"
    return f"{previous} {line}"


def _opens(previous: str, line: str) -> bool:
    """Does `line` start a new paragraph after `previous` (same spacing)?"""
    if _OPENS.match(line):
        return previous.endswith((".", ":", ";")) or not previous[-1:].isalnum()
    if _LIST_START.match(line):
        return True
    if _MARKER.match(line):
        return previous.endswith((".", ",", ":", ";", "och", "eller", "samt", "and", "or"))
    return False


def extract(data: bytes, display: str) -> str:
    """The text of the PDF `data`, cleaned and laid out for `parse_law`."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LawTextError([Problem.of(Code.PDF_ENCRYPTED, display, None, None)])
        page_runs = [_runs(page) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise LawTextError(
            [Problem.of(Code.PDF_UNREADABLE, display, None, None, reason=str(exc))]
        ) from exc
    sizes: Counter[float] = Counter()
    for runs in page_runs:
        for run in runs:
            sizes[round(run.size, 1)] += len(run.text.strip())
    if not sizes:
        raise LawTextError([Problem.of(Code.PDF_NO_TEXT, display, None, None)])
    body = sizes.most_common(1)[0][0]
    pages: list[list[tuple[str, _Line]]] = []
    for runs in page_runs:
        lines = _lines(runs)
        body_lines = [ln for ln in lines if ln.size >= _SMALL * body]
        floor = min((ln.y for ln in body_lines), default=0.0)
        kept = [
            (ln.text(body), ln)
            for ln in lines
            if ln.size >= _SMALL * body or ln.y > floor  # small lines below the body: footnotes
        ]
        pages.append([(t, ln) for t, ln in kept if t])
    pages = _drop_headers(pages)
    gaps = [
        a[1].y - b[1].y for page in pages for a, b in itertools.pairwise(page) if a[1].y > b[1].y
    ]
    spacing = statistics.median(gaps) if gaps else body * 1.2
    paragraphs: list[str] = []
    for index, page in enumerate(pages):
        previous_y: float | None = None
        for text, line in page:
            wide = previous_y is not None and previous_y - line.y > spacing * 1.4
            page_break = previous_y is None and index > 0 and text[:1].isupper()
            if not paragraphs or wide or page_break or _opens(paragraphs[-1], text):
                paragraphs.append(text)
            else:
                paragraphs[-1] = _join(paragraphs[-1], text)
            previous_y = line.y
    return "\n\n".join(paragraphs) + "\n"
