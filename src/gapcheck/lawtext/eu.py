"""EU acts (EUR-Lex plain text, or a PDF brought into paragraph layout) → provisions.

One paragraph a line (EUR-Lex text) or a blank-line-separated block (PDF text). Recognised:
the act's title line (`DIRECTIVE (EU) 2022/2555 …`), recitals before `Article 1` (skipped),
`Article N` / `Artikel N` with its title line, numbered paragraphs `1.`, points `(a)` / `a)`,
roman sub-points `(i)` / `i)`, unnumbered subparagraphs, `ANNEX` / `ANNEX II` / `BILAGA` with
numbered sections (`1.`, `1.1.`, `1.1.1.`, as in Implementing Regulation (EU) 2024/2690) and
their points, and the closing `Done at …` / `Utfärdad i …` (the end).

Ids (the shipped nis2, gdpr, ir2690 files): article `21` (heading only when it has numbered
paragraphs), paragraph `21.2`, point `21.2.a`, sub-point `21.2.a.i`, subparagraph `21.1.sp2`;
annex sections `annex.1.1.1` (`annex2.…` for ANNEX II) — or plain `1.1.1` when the text is an
annex on its own, as ir2690 is shipped.

The parser is here; the patterns of the lines it recognises (markers, the title line, roman
numerals, ordinal words) are in `gapcheck.lawtext._eu_lines`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gapcheck.errors import LawTextError, Problem
from gapcheck.errors import ProblemCode as Code
from gapcheck.lang import Lang
from gapcheck.lawtext._eu_lines import (
    ANNEX,
    ARTICLE,
    END,
    ORDINALS,
    PARA,
    POINT,
    ROMAN,
    SECTION,
    act_header,
    arabic,
    roman_next,
)
from gapcheck.lawtext.blocks import normalise, split_lines
from gapcheck.lawtext.model import ParsedLaw, Provision

__all__ = ["parse_eu"]


@dataclass
class _Unit:
    """An article, paragraph, annex section or point being filled."""

    id: str
    ref: str
    kind: str
    line: int
    parent: str | None
    title: str | None = None
    texts: list[str] = field(default_factory=list)
    points: list[str] = field(default_factory=list)  # markers of its points, in order


class _Parser:
    def __init__(self, display: str, lang: Lang, annex_only: bool) -> None:
        self.display = display
        self.lang = lang
        self.annex_only = annex_only
        self.units: list[_Unit] = []
        self.problems: list[Problem] = []
        self.article: _Unit | None = None
        self.paragraph: _Unit | None = None  # paragraph or annex section holding points
        self.point: _Unit | None = None
        self.annex: str | None = None  # id prefix of the current annex ("annex.", "" …)
        self.expect_title = False
        self.last: _Unit | None = None  # the point just opened, waiting for its text

    def fail(self, line: int, code: Code, **params: str) -> None:
        """A problem at `line`: `problem.<code>` with its fix `fix.<code>`."""
        self.problems.append(Problem.make(code, self.display, line, None, None, params))

    def add(self, unit: _Unit) -> _Unit:
        self.units.append(unit)
        return unit

    def art_ref(self, number: str) -> str:
        return f"Art. {number}" if self.lang == "en" else f"Artikel {number}"

    def para_ref(self, art: str, para: str) -> str:
        return f"Art. {art}({para})" if self.lang == "en" else f"Artikel {art}.{para}"

    def point_ref(self, holder: _Unit, marker: str) -> str:
        if self.lang == "en":
            return f"{holder.ref}({marker})"
        return f"{holder.ref} {marker}"

    def sub_ref(self, holder: _Unit, n: int) -> str:
        word = ORDINALS[self.lang][n - 1] if n <= 8 else f"{n}th"
        return (
            f"{holder.ref}, {word} subparagraph"
            if self.lang == "en"
            else f"{holder.ref} {word} stycket"
        )

    # -- structure -------------------------------------------------------------------------

    def open_article(self, number: str, line: int) -> None:
        self.annex = None
        self.article = self.add(_Unit(number, self.art_ref(number), "article", line, None))
        self.paragraph = self.point = self.last = None
        self.expect_title = True

    def open_annex(self, number: str | None, line: int) -> None:
        if self.annex_only and number is None:
            self.annex = ""
        else:
            suffix = "" if number is None else str(arabic(number))
            ident = f"annex{suffix}"
            ref = "Annex" if number is None else f"Annex {number}"
            if self.lang == "sv":
                ref = ref.replace("Annex", "Bilaga")
            self.add(_Unit(ident, ref, "annex", line, None))
            self.annex = ident + "."
        self.article = self.paragraph = self.point = self.last = None
        self.expect_title = True

    def open_paragraph(self, number: str, text: str, line: int) -> None:
        assert self.article is not None
        ident = f"{self.article.id}.{number}"
        unit = self.add(
            _Unit(ident, self.para_ref(self.article.id, number), "paragraph", line, self.article.id)
        )
        if text:
            unit.texts.append(text)
        self.paragraph, self.point, self.last = unit, None, None

    def open_section(self, number: str, text: str, line: int) -> None:
        prefix = self.annex or ""
        parts = number.split(".")
        parent = (
            f"{prefix}{'.'.join(parts[:-1])}"
            if len(parts) > 1
            else (prefix[:-1] if prefix else None)
        )
        ref_base = "Annex" if self.lang == "en" else "Bilaga"
        annex_unit = next((u for u in self.units if u.id == (prefix[:-1] if prefix else "")), None)
        ref = (
            f"{annex_unit.ref} {number}"
            if annex_unit and annex_unit.ref != ref_base
            else (f"{ref_base} {number}")
        )
        unit = self.add(_Unit(f"{prefix}{number}", ref, "annex", line, parent))
        if len(text) <= 160 and not text.endswith((".", ":", ";", ",")):
            unit.title = text
        else:
            unit.texts.append(text)
        self.paragraph, self.point, self.last = unit, None, None

    def open_point(self, marker: str, text: str, line: int) -> None:
        holder = self.paragraph or self.article
        if holder is None:
            self.fail(line, Code.LAW_POINT_OUTSIDE_ARTICLE, marker=marker)
            return
        letter = chr(ord(holder.points[-1]) + 1) if holder.points else "a"
        if marker in ROMAN and marker != letter and self.point is not None:
            owner = self.point  # (i), (ii) inside point (a)
            expected = roman_next(owner.points[-1]) if owner.points else "i"
            if marker != expected:
                self.fail(line, Code.LAW_POINT_EXPECTED, marker=marker, expected=expected)
            owner.points.append(marker)
            self.last = self.add(
                _Unit(
                    f"{owner.id}.{marker}",
                    self.point_ref(owner, marker),
                    "point",
                    line,
                    owner.id,
                    texts=[text] if text else [],
                )
            )
            return
        if marker != letter:
            self.fail(line, Code.LAW_POINT_EXPECTED, marker=marker, expected=letter)
        holder.points.append(marker)
        self.point = self.last = self.add(
            _Unit(
                f"{holder.id}.{marker}",
                self.point_ref(holder, marker),
                "point",
                line,
                holder.id,
                texts=[text] if text else [],
            )
        )

    def add_text(self, text: str, line: int) -> None:
        if self.expect_title and (self.article is not None or self.annex is not None):
            self.expect_title = False
            target = self.article or (self.units[-1] if self.annex and self.units else None)
            if target is not None and target.kind in ("article", "annex") and not target.texts:
                target.title = text
                return
        holder = self.paragraph or self.article
        if holder is None:
            if self.annex == "":
                return  # the annex's own heading, before its first section
            self.fail(line, Code.LAW_TEXT_OUTSIDE_ARTICLE)
            return
        if self.last is not None and not self.last.texts:
            self.last.texts.append(text)  # a marker on a line of its own, the text on the next
            return
        if not holder.texts and not holder.points:
            holder.texts.append(text)
            return
        n = len([u for u in self.units if u.parent == holder.id and u.kind == "subparagraph"]) + 2
        self.add(
            _Unit(
                f"{holder.id}.sp{n}",
                self.sub_ref(holder, n),
                "subparagraph",
                line,
                holder.id,
                texts=[text],
            )
        )
        self.point = self.last = None

    def run(self, lines: list[tuple[int, str]]) -> None:
        started = False
        for number, text in lines:
            if END.match(text):
                break
            if m := ARTICLE.match(text):
                started = True
                self.open_article(m.group(2), number)
                continue
            if m := ANNEX.match(text):
                started = True
                self.open_annex(m.group(2), number)
                continue
            if not started:
                continue  # title, citations, recitals
            if self.annex is not None and (m := SECTION.match(text)) and "." in text[:6]:
                self.expect_title = False
                self.open_section(m.group(1), m.group(2).strip(), number)
            elif self.annex is None and (m := PARA.match(text)) and self.article is not None:
                self.expect_title = False
                self.open_paragraph(m.group(1), (m.group(2) or "").strip(), number)
            elif m := POINT.match(text):
                self.expect_title = False
                self.open_point(m.group(1) or m.group(2), (m.group(3) or "").strip(), number)
            else:
                self.add_text(text, number)


def parse_eu(text: str, display: str) -> ParsedLaw:
    """Parse an EU act; LawTextError with the line of everything it cannot place."""
    lines = [(i, normalise(line)) for i, line in enumerate(split_lines(text), start=1)]
    lines = [(i, t) for i, t in lines if t]
    lang: Lang = (
        "sv"
        if any(ARTICLE.match(t) and t.startswith("Artikel") for _, t in lines)
        or (any(t.startswith("BILAGA") for _, t in lines))
        else "en"
    )
    annex_only = not any(ARTICLE.match(t) for _, t in lines)
    parser = _Parser(display, lang, annex_only)
    parser.run(lines)
    if not parser.units and not parser.problems:
        parser.fail(lines[0][0] if lines else 1, Code.LAW_NO_ARTICLE)
    if parser.problems:
        raise LawTextError(parser.problems)
    provisions: list[Provision] = []
    has_paragraphs = {u.parent for u in parser.units if u.kind == "paragraph"}
    for u in parser.units:
        text_value = "\n".join(u.texts) or None
        provisions.append(
            Provision(
                id=u.id,
                ref=u.ref,
                kind=u.kind,  # type: ignore[arg-type]
                line=u.line,
                parent=u.parent,
                text=None if u.kind == "article" and u.id in has_paragraphs else text_value,
                title=u.title,
            )
        )
    return ParsedLaw(format="eu", lang=lang, header=act_header(lines), provisions=tuple(provisions))
