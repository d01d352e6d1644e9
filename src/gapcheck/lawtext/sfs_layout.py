"""A Swedish statute's tree → provisions with structural ids (the `csl:2.3.p2` convention).

The rules (mappings/sources/csl/README.md and docs/formats.md, "Importing a law's text"):

- `N kap.` → id `N` (heading only). A § → `K.P` (`P` in an act without chapters).
- A § without a numbered list: its first stycke is `K.P`; every later stycke is `K.P.stN`
  (ref "… första stycket" / "… andra stycket").
- A § with a numbered (or lettered) list: `K.P` holds everything up to and including the list's
  lead-in, its points are `K.P.pN` (ref "… p. N" when the § has one stycke, else
  "… andra stycket N"), and the stycken after the list are `K.P.stN`; a list in such a later
  stycke gives `K.P.stN.pM`.
- Lettered sub-points (`a)`) stay inside their point, dash items and tables inside their
  stycke, one per line (a table row as "cell | cell", continuation cells joined with "; ").
- Allmänna råd after a § → `K.P.ar` (non-binding). Övergångsbestämmelser of act 2025:1506 →
  `ob.2025-1506`, their points `ob.2025-1506.pN`.
"""

from __future__ import annotations

import datetime as dt
import re

from gapcheck.lawtext.model import ParsedLaw, Provision
from gapcheck.lawtext.sfs import parse_sfs_tree
from gapcheck.lawtext.sfs_tree import (
    Chapter,
    Document,
    Item,
    Section,
    Stycke,
    Transitional,
)

__all__ = ["ORDINALS", "parse_sfs"]

ORDINALS = (
    "första",
    "andra",
    "tredje",
    "fjärde",
    "femte",
    "sjätte",
    "sjunde",
    "åttonde",
    "nionde",
    "tionde",
    "elfte",
    "tolfte",
    "trettonde",
    "fjortonde",
    "femtonde",
)

_DEFINES = re.compile(r"\b(betyder|avses med|I (denna|dessa) \w+ (betyder|avses))\b")
_TERM = re.compile(r"^([^:\n]{1,80}):(?:\s|$)")


def shown(number: str) -> str:
    """`3a` (the id) → `3 a` (the reference)."""
    return re.sub(r"(\d)([a-z])$", r"\1 \2", number)


def _ordinal(index: int) -> str:
    return ORDINALS[index] if index < len(ORDINALS) else f"{index + 1}:e"


def _listed(stycke: Stycke) -> bool:
    return any(item.marker != "-" for item in stycke.items)


def _item_text(item: Item) -> str:
    lines = [item.text]
    lines += [f"{sub.marker}) {_item_text(sub)}" for sub in item.sub]
    return "\n".join(lines)


def _inline(stycke: Stycke, with_items: bool) -> str:
    """A stycke as text: its lead, dash (or all) items one per line, then its table."""
    lines = [stycke.lead] if stycke.lead else []
    for item in stycke.items:
        if item.marker == "-":
            lines.append(f"- {item.text}")
        elif with_items:
            mark = f"{item.marker}." if item.marker.isdigit() else f"{item.marker})"
            lines.append(f"{mark} {_item_text(item)}")
    text = "\n".join(lines)
    if stycke.table:
        rows = "\n".join(" | ".join(cells) for cells in stycke.table)
        text = f"{text}\n\n{rows}" if text else rows
    return text


class _Section:
    def __init__(self, chapter: Chapter, section: Section) -> None:
        self.chapter = chapter
        self.section = section
        number = section.number
        self.id = f"{chapter.number}.{number}" if chapter.number else number
        self.ref = (
            f"{shown(chapter.number)} kap. {shown(number)} §"
            if chapter.number
            else f"{shown(number)} §"
        )
        self.out: list[Provision] = []

    def add(
        self,
        ident: str,
        ref: str,
        kind: str,
        line: int,
        parent: str | None,
        text: str | None,
        title: str | None = None,
    ) -> None:
        self.out.append(
            Provision(
                id=ident,
                ref=ref,
                kind=kind,  # type: ignore[arg-type]
                line=line,
                parent=parent,
                text=text or None,
                title=title,
                in_force=self.section.in_force,
            )
        )

    def points(self, stycke: Stycke, owner: str, ref: str, defines: bool) -> None:
        for item in stycke.items:
            if item.marker == "-":
                continue
            term = _TERM.match(item.text) if defines else None
            self.add(
                f"{owner}.p{item.marker}",
                f"{ref} {item.marker}" if " stycket" in ref else f"{ref} p. {item.marker}",
                "point",
                item.line,
                owner,
                _item_text(item),
                term.group(1).strip() if term else None,
            )

    def build(self, parent: str | None) -> list[Provision]:
        stycken = self.section.stycken
        first_list = next((i for i, s in enumerate(stycken) if _listed(s)), None)
        many = len(stycken) > 1
        if first_list is None:
            head = [_inline(stycken[0], False)] if stycken else []
            ref = f"{self.ref} första stycket" if many else self.ref
            rest = range(1, len(stycken))
        else:
            head = [_inline(s, False) for s in stycken[: first_list + 1]]
            ref = self.ref
            rest = range(first_list + 1, len(stycken))
        self.add(
            self.id,
            ref,
            "section",
            self.section.line,
            parent,
            "\n\n".join(h for h in head if h),
            self.section.title,
        )
        if first_list is not None:
            lead = stycken[first_list]
            point_ref = f"{self.ref} {_ordinal(first_list)} stycket" if many else self.ref
            self.points(lead, self.id, point_ref, bool(_DEFINES.search(lead.lead)))
        for index in rest:
            stycke = stycken[index]
            ident = f"{self.id}.st{index + 1}"
            st_ref = f"{self.ref} {_ordinal(index)} stycket"
            self.add(ident, st_ref, "stycke", stycke.line, self.id, _inline(stycke, False))
            if _listed(stycke):
                self.points(stycke, ident, st_ref, bool(_DEFINES.search(stycke.lead)))
        if self.section.advice:
            self.add(
                f"{self.id}.ar",
                f"{self.ref} allmänna råd",
                "advice",
                self.section.advice_line,
                self.id,
                "\n\n".join(self.section.advice),
            )
        return self.out


def _transitional(tr: Transitional, act: str | None) -> list[Provision]:
    number = tr.act or act
    ident = f"ob.{number.replace(':', '-')}" if number else "ob"
    ref = f"Övergångsbestämmelser ({number})" if number else "Övergångsbestämmelser"
    leads = "\n\n".join(s.lead for s in tr.stycken if s.lead)
    out = [Provision(ident, ref, "transitional", tr.line, None, leads or None)]
    for stycke in tr.stycken:
        for item in stycke.items:
            if item.marker == "-":
                continue
            out.append(
                Provision(
                    f"{ident}.p{item.marker}",
                    f"{ref} p. {item.marker}",
                    "transitional",
                    item.line,
                    ident,
                    _item_text(item),
                )
            )
    return out


def layout(doc: Document) -> list[Provision]:
    """Provisions in document order."""
    out: list[Provision] = []
    for chapter in doc.chapters:
        parent = chapter.number
        if chapter.number is not None:
            out.append(
                Provision(
                    chapter.number,
                    f"{shown(chapter.number)} kap.",
                    "chapter",
                    chapter.line,
                    None,
                    None,
                    chapter.heading,
                    chapter.in_force,
                )
            )
        for section in chapter.sections:
            out += _Section(chapter, section).build(parent)
    act = doc.header.designation.split(" ", 1)[1] if doc.header.designation else None
    for tr in doc.transitional:
        out += _transitional(tr, act)
    return out


def parse_sfs(text: str, display: str, as_of: dt.date | None = None) -> ParsedLaw:
    """Parse a Swedish statute or regulation in plain text (raises LawTextError)."""
    doc = parse_sfs_tree(text, display, as_of)
    return ParsedLaw(
        format="sfs",
        lang="sv",
        header=doc.header,
        provisions=tuple(layout(doc)),
        repealed=tuple(doc.repealed),
        wordings=tuple(doc.wordings),
    )
