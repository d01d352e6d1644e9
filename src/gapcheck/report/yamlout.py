"""Writing `measures.yaml` in a stable, readable layout that reads back to the same measures.

The layout follows the shipped examples: one block per measure with the fields in model order,
links as one-line flow mappings, long texts folded (`>-`), every string quoted unless even YAML
1.1 reads it as that string. The comment lines above the `measures:` key and above each
existing measure are kept. An import changes an existing file in place instead, keeping every
comment (`yamledit`); new values there get this layout. `read_back` reads bytes the way the
loader does, so what it refuses is known before anything is written.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from gapcheck.catalog.files import MeasuresFile
from gapcheck.catalog.validate import validate_doc
from gapcheck.catalog.yamlio import read_yaml
from gapcheck.errors import Problem
from gapcheck.model.org import Measure

__all__ = ["comment_blocks", "measure_lines", "measures_yaml", "read_back", "render"]

_STR_TAG = "tag:yaml.org,2002:str"
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_FOLD_AT = 92
_PLAIN_MAX = 88
_ITEM = re.compile(r"^  - id:")
_RESOLVER = yaml.SafeLoader("")


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or len(text) > _PLAIN_MAX:
        return False
    if not (text[0].isalnum() or text[0] in "(§/"):
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if any(not _PRINTABLE.match(ch) or ch in "\x85\u2028\u2029\ufeff" for ch in text):
        return False
    # Plain only when even YAML 1.1 (timestamps, yes/no, sexagesimal) reads it as a string.
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _STR_TAG)


def _quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _PRINTABLE.match(ch) and ch not in "\x85\u2028\u2029\ufeff":
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def _foldable(text: str) -> bool:
    """Folded style reproduces the text exactly when it is one line of single-spaced words."""
    return (
        len(text) > _PLAIN_MAX
        and "  " not in text
        and text == text.strip()
        and all(_PRINTABLE.match(ch) and ch not in "\x85\u2028\u2029\ufeff" for ch in text)
    )


def _fold(text: str, indent: str) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > _FOLD_AT:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(indent + line)
    return lines


def _scalar(text: str) -> str:
    return text if _plain_ok(text) else _quoted(text)


def _field(key: str, text: str, indent: str) -> list[str]:
    if _foldable(text):
        return [f"{indent}{key}: >-", *_fold(text, indent + "  ")]
    return [f"{indent}{key}: {_scalar(text)}"]


def measure_lines(m: Measure) -> list[str]:
    pad = "    "
    lines = [f"  - id: {_scalar(m.id)}"]
    lines += _field("title", m.title, pad)
    if m.description:
        lines += _field("description", m.description, pad)
    if m.owner:
        lines += _field("owner", m.owner, pad)
    lines.append(f"{pad}status: {m.status.value}")
    if m.due is not None:
        lines.append(f"{pad}due: {m.due.isoformat()}")
    if m.plan_year is not None:
        lines.append(f"{pad}plan_year: {m.plan_year}")
    if m.evidence:
        lines.append(f"{pad}evidence:")
        lines += [f"{pad}  - {_scalar(e)}" for e in m.evidence]
    if m.controls:
        lines.append(f"{pad}controls:")
        lines += [
            f"{pad}  - {{control: {c.control}, extent: {c.extent.value}}}" for c in m.controls
        ]
    if m.requirements:
        lines.append(f"{pad}requirements:")
        for r in m.requirements:
            review = f", reviewed_against: {r.reviewed_against}" if r.reviewed_against else ""
            lines.append(
                f"{pad}  - {{requirement: {r.requirement}, extent: {r.extent.value}{review}}}"
            )
    return lines


def comment_blocks(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """From an existing measures.yaml: the comment lines before `measures:`, and the comment
    lines directly above each measure (by id)."""
    lines = text.splitlines()
    header: list[str] = []
    for line in lines:
        if line.startswith("measures:"):
            break
        if line.startswith("#"):
            header.append(line)
    above: dict[str, list[str]] = {}
    for i, line in enumerate(lines):
        if _ITEM.match(line):
            ident = line.split(":", 1)[1].strip().strip("'\"")
            block: list[str] = []
            j = i - 1
            while j >= 0 and (lines[j].strip().startswith("#") or not lines[j].strip()):
                if lines[j].strip():
                    block.insert(0, lines[j])
                j -= 1
            above[ident] = block
    return header, above


def measures_yaml(
    measures: Sequence[Measure],
    header: Sequence[str] = (),
    above: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """The text of `measures.yaml`; raises ValueError if it would not read back identically."""
    text = render(measures, header, above)
    _verify(text, measures)
    return text


def render(
    measures: Sequence[Measure],
    header: Sequence[str] = (),
    above: Mapping[str, Sequence[str]] | None = None,
) -> str:
    out = [*header, "measures:"] if measures else [*header, "measures: []"]
    for m in measures:
        out.append("")
        out += list((above or {}).get(m.id, ()))
        out += measure_lines(m)
    return "\n".join(out) + "\n"


def read_back(data: bytes, display: str) -> tuple[list[Measure] | None, list[Problem]]:
    """`data` read as measures.yaml by gapcheck's own loader — its size limit, its YAML rules
    (YAML 1.1 scalars, no timestamps, duplicate keys) and its model — so what the loader would
    refuse is refused before anything is written."""
    with tempfile.TemporaryDirectory(prefix="gapcheck-") as folder:
        path = Path(folder) / "measures.yaml"
        path.write_bytes(data)
        doc, problems = read_yaml(path, display)
        if doc is None:
            return None, problems
        parsed, problems = validate_doc(doc, MeasuresFile)
    return (list(parsed.measures) if parsed is not None else None), problems


def _verify(text: str, measures: Sequence[Measure]) -> None:
    parsed, _ = read_back(text.encode("utf-8"), "measures.yaml")
    if parsed != list(measures):
        raise ValueError("measures.yaml would not read back to the same measures")
